"""The plain text reader: UTF-8 text (``.txt``, ``.md``) → blocks.

Lines are normalised (BOM, line endings, odd spaces and invisible characters), page
furniture left by a PDF-to-text conversion is dropped (page numbers, the document symbol
repeated as a running header), and the remaining lines are grouped into blocks separated by
blank lines.  Nothing here knows about questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reply_i18n.errors import SourceError
from reply_i18n.model import Diagnostic
from reply_i18n.source.blocks import Block, Line
from reply_i18n.source.patterns import JOB_NUMBER_RE, PAGE_NUMBER_RE, SYMBOL_HEAD_RE

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " ", "\f": ""})
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\ufeff"), None)


def decode(data: bytes, *, source: str) -> str:
    """Decode a source file's bytes, with errors that say what is wrong and where."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise SourceError("the file is empty", path=source)
    if b"\x00" in data[:8192]:
        raise SourceError("this is a binary file, not a text document", path=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); the file looks like "
            f"{_guess_encoding(data)}: convert it first, e.g. "
            f"`iconv -f {_guess_encoding(data)} -t UTF-8`",
            path=source,
            line=line,
        ) from None


def _guess_encoding(data: bytes) -> str:
    high = [b for b in data if b >= 0x80]
    # Windows-1251 puts Cyrillic letters at 0xC0-0xFF; Latin text uses them rarely.
    if high and sum(b >= 0xC0 for b in high) / len(high) > 0.7 and len(high) > 20:
        return "windows-1251"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"
    return "windows-1252"


def clean_lines(text: str) -> tuple[list[Line], list[Diagnostic]]:
    """Split text into numbered lines, normalise spaces and drop conversion debris."""
    if text.startswith("\ufeff"):
        text = text[1:]
    raw = re.split(r"\r\n|\r|\n", text)
    lines = [
        Line(i, ln.translate(_SPACES).translate(_INVISIBLE).rstrip())
        for i, ln in enumerate(raw, start=1)
    ]
    # the symbol is the first one printed, alone or with the date on its line
    heads = (SYMBOL_HEAD_RE.match(ln.text.strip()) for ln in lines)
    symbol = next((m[1] for m in heads if m), None)
    seen_symbol = False
    kept: list[Line] = []
    notes: list[Diagnostic] = []
    for ln in lines:
        stripped = ln.text.strip()
        if symbol and stripped.startswith(symbol):
            rest = stripped[len(symbol) :].strip()
            if not seen_symbol and not (rest and PAGE_NUMBER_RE.match(rest)):
                seen_symbol = True
            elif not rest or PAGE_NUMBER_RE.match(rest) or rest.isdigit():
                notes.append(Diagnostic(ln.number, f"dropped running header {stripped!r}"))
                continue
        if JOB_NUMBER_RE.match(stripped):
            notes.append(Diagnostic(ln.number, f"dropped job number {stripped!r}"))
            continue
        if PAGE_NUMBER_RE.match(stripped):
            notes.append(Diagnostic(ln.number, f"dropped page number {stripped!r}"))
            continue
        kept.append(Line(ln.number, stripped if not stripped else ln.text.strip()))
    return kept, notes


def blocks(lines: Sequence[Line]) -> list[Block]:
    """Group lines into blocks separated by blank lines."""
    out: list[Block] = []
    current: list[Line] = []
    for ln in lines:
        if ln.text:
            current.append(ln)
        elif current:
            out.append(Block(current))
            current = []
    if current:
        out.append(Block(current))
    return out


def read_text(text: str) -> tuple[list[Block], list[Diagnostic]]:
    """Blocks of a decoded text, and notes on the furniture that was dropped."""
    lines, notes = clean_lines(text)
    return blocks(lines), notes
