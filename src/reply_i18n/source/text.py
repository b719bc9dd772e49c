"""The plain text reader: UTF-8 text (``.txt``, ``.md``) → blocks.

Lines are normalised (BOM, line endings, odd spaces and invisible characters), page
furniture left by a PDF-to-text conversion is dropped (page numbers, the document symbol
repeated as a running header), and the remaining lines are grouped into blocks separated by
blank lines.  A Markdown pipe table (``| a | b |`` rows, with or without a ``|---|`` rule)
becomes one block per cell with its :class:`~reply_i18n.source.blocks.CellRef`.

Text converted from a PDF line by line (``pdftotext``: one line per printed line, no blank
line between paragraphs, form feeds between pages) is recognised by its long runs of
lines without a blank one.  Its lines are then joined into paragraphs by what ends one:
a list or question label at a line start, a short line that ends a sentence, a line much
shorter than the text's usual width, a first-line indent, a change between capitals and
lower case; rows whose cells are set apart by runs of spaces (``pdftotext -layout``)
become table cells, and two columns printed side by side (a distribution notice beside
the symbol and date) are taken apart; words split at line ends are mended as the
document's own vocabulary says (:mod:`~reply_i18n.source.hyphens`).  Nothing here knows
about questions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from reply_i18n.errors import SourceError
from reply_i18n.model import Diagnostic
from reply_i18n.source.blocks import Block, CellRef, Line
from reply_i18n.source.glyphs import SYMBOL_GLYPHS
from reply_i18n.source.hyphens import split_word, vocabulary
from reply_i18n.source.patterns import JOB_NUMBER_RE, PAGE_NUMBER_RE, SYMBOL_HEAD_RE, SYMBOL_RE

_SPACES = str.maketrans(
    {**SYMBOL_GLYPHS, "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " ", "\f": ""}
)
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


def _symbol_of(text: str) -> str | None:
    """The document symbol a line opens with, or prints in a column at its end."""
    head = SYMBOL_HEAD_RE.match(text)
    if head:
        return head[1]
    tail = re.split(r" {5,}", text)[-1]
    return tail if SYMBOL_RE.match(tail) else None


def clean_lines(text: str) -> tuple[list[Line], list[Diagnostic]]:
    """Split text into numbered lines, normalise spaces and drop conversion debris."""
    if text.startswith("\ufeff"):
        text = text[1:]
    raw = re.split(r"\r\n|\r|\n", text)
    lines = [
        Line(i, ln.translate(_SPACES).translate(_INVISIBLE).rstrip())
        for i, ln in enumerate(raw, start=1)
    ]
    # the symbol: the first one printed, alone, with the date on its line, or in a column
    # beside other text
    symbol = next((sym for ln in lines if (sym := _symbol_of(ln.text.strip()))), None)
    seen_symbol = False
    kept: list[Line] = []
    notes: list[Diagnostic] = []
    running = _running_lines(raw)
    for ln in lines:
        stripped = ln.text.strip()
        if ln.number in running:
            where = running[ln.number]
            notes.append(Diagnostic(ln.number, f"dropped running {where} {stripped!r}"))
            continue
        if symbol and not seen_symbol and re.search(rf" {{5,}}{re.escape(symbol)}$", stripped):
            seen_symbol = True  # printed beside the notice: its first occurrence
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


def _running_lines(raw: Sequence[str]) -> dict[int, str]:
    """Running headers and footers of a text with form feeds between pages (``pdftotext``):
    the line numbers of short lines (eight words at most) at the top or foot of pages, set
    apart from the body by a blank line, whose text, digits aside, stands at that end of at
    least two pages and of half of them, each with "header" or "footer".  A second line
    from the edge is looked at only where the edge line is furniture."""
    pages: list[list[int]] = [[]]
    for i, line in enumerate(raw, start=1):
        parts = line.split("\f")
        for k, part in enumerate(parts):
            if k:
                pages.append([])
            if part.strip():
                pages[-1].append(i)
    pages = [p for p in pages if p]
    if len(pages) < 2:
        return {}

    def key(number: int) -> str:
        return re.sub(r"\d+", "#", " ".join(raw[number - 1].replace("\f", " ").split()))

    out: dict[int, str] = {}
    # from each page's edge inwards: the outermost line, then the next one on the pages
    # whose outermost line was furniture (a footer above a page number)
    edges = [(p[:2], p[-1:-3:-1]) for p in pages]
    for depth in (0, 1):
        ends: dict[tuple[str, str], list[tuple[int, bool]]] = {}
        for head, foot in edges:
            for where, numbers in (("header", head), ("footer", foot)):
                if len(numbers) <= depth or (depth and numbers[0] not in out):
                    continue
                number = numbers[depth]
                if len(raw[number - 1].split()) > 8:
                    continue
                # set apart from the body by a blank line on its inner side
                inner = number + 1 if where == "header" else number - 1
                apart = not 1 <= inner <= len(raw) or not raw[inner - 1].replace("\f", "").strip()
                ends.setdefault((where, key(number)), []).append((number, apart))
        for (where, _text), found in ends.items():
            # pdftotext may leave out the blank line on some pages: the edge line is
            # furniture there too once enough pages show it set apart
            if sum(apart for _n, apart in found) >= max(2, len(pages) / 2):
                out.update({n: where for n, apart in found if apart or not depth})
    return out


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


_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")


def _cells(row: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", row.strip()[1:-1])
    return [p.strip().replace("\\|", "|") for p in parts]


def tables(blks: Sequence[Block]) -> list[Block]:
    """Cut the Markdown pipe tables out of blocks: two or more ``| … |`` rows in a row
    become one block per non-empty cell, in row order; other lines stay as they were."""
    out: list[Block] = []
    count = 0
    for blk in blks:
        rows = [bool(_PIPE_ROW.match(ln.text.strip())) for ln in blk.lines]
        if sum(rows) < 2:
            out.append(blk)
            continue
        i = 0
        while i < len(blk.lines):
            j = i
            while j < len(blk.lines) and rows[j]:
                j += 1
            if j - i >= 2:
                row = 0
                for ln in blk.lines[i:j]:
                    if _PIPE_RULE.match(ln.text.replace(" ", "")):
                        continue
                    for column, cell in enumerate(_cells(ln.text)):
                        if cell:
                            where = CellRef(count, row, column)
                            out.append(Block([Line(ln.number, cell)], cell=where))
                    row += 1
                count += 1
                i = j
                continue
            k = i + 1
            while k < len(blk.lines) and not (rows[k] and k + 1 < len(rows) and rows[k + 1]):
                k += 1
            out.append(Block(list(blk.lines[i:k])))
            i = k
    return out


# ---------------------------------------------------------------------------- unwrapped


_LABEL_START = re.compile(
    r"^(?:\*\*)?(?:[-–•▪◦·]\s|\d{1,4}(?:\.\d{1,3})*[.):]?\s|\(?[a-z]\)\s|\(?[ivx]{1,5}\)\s"
    r"|Question\s+\d|Part\s+[IVXLC\d]+\b|Section\s+[IVXLC\d]+\b|SECTION\s|PART\s"
    r"|If\s+(?:yes|no|not|so)\b)",
)
_HANGING = re.compile(
    r"^ *(?:[-–•▪◦·]|\d{1,4}(?:\.\d{1,3})*[.)]?|\(?[a-z]\)) +(?=\S)|^ *\d{1,3}\.(?=[A-Z][a-z])"
)
_LONE_LABEL = re.compile(r"^(?:[-–•▪◦·]|\d{1,3}[.)]|\(?[a-z]\))$")
_CELL_GAP = re.compile(r"\S(\s{3,})\S")
_TERMINAL = (".", "?", "!", ":", ";")
_GLUED_LABEL = re.compile(r"^(\d{1,3}\.)(?=[A-Z][a-z])")
_FIGURE_CELL = re.compile(r"^\d{1,4}\s{3,}\S")
"""A row that starts with a bare figure set apart by a wide gap ("2023      1,200"): a
table row, not a numbered line."""


def looks_unwrapped(lines: Sequence[Line], *, paged: bool = False) -> bool:
    """True for text laid out one printed line per line, as ``pdftotext`` writes it: lines
    wrapped at a page's width (90 % of them at most 130 characters, none much longer) and
    blocks of several lines between blank lines.  ``paged``: the text has form feeds
    between pages, as ``pdftotext`` writes them; then blank lines between most paragraphs
    (``pdftotext -layout`` keeps the spacing) do not tell it apart from typed text."""
    filled = [len(ln.text) for ln in lines if ln.text]
    if len(filled) < (3 if paged else 12):
        return False
    width = _width(lines)
    long_lines = sum(1 for n in filled if n > max(130, 1.3 * width))
    blank_runs = sum(1 for a, b in itertools.pairwise(lines) if a.text and not b.text)
    if not (30 <= width <= 130 and long_lines == 0):
        return False
    return paged or len(filled) / (blank_runs + 1) >= 2.5


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _width(lines: Sequence[Line]) -> int:
    lengths = sorted(len(ln.text) for ln in lines if ln.text)
    if not lengths:
        return 0
    return lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]


def _groups(lines: Sequence[Line]) -> list[list[Line]]:
    groups: list[list[Line]] = [[]]
    for ln in lines:
        if ln.text:
            groups[-1].append(ln)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _breaks(
    prev: Line,
    ln: Line,
    text: str,
    wmax: int,
    indents: dict[int, int],
    hangs: dict[int, int],
) -> bool:
    """Whether ``text`` (the line ``ln``) starts a new paragraph after the line ``prev``."""
    before = prev.text.rstrip("*")
    word = text.split()[0]
    # the typesetter would have put the next word on the previous line: it ended early
    early = len(before) + 1 + len(word) <= wmax
    capitals = _is_upper(before) and _is_upper(text)  # a letterhead or a title
    return (
        _LABEL_START.match(text) is not None
        or before.endswith("?")
        or (
            before.endswith(_TERMINAL)
            and (early or (text[:1].isupper() and len(before) < 0.8 * wmax))
        )
        or (early and len(before) < 0.6 * wmax and not capitals)
        or (
            indents.get(ln.number, 0) > indents.get(prev.number, 0) + 1
            and not capitals
            # the lines of a list item go on under its text, right of its label
            and abs(indents.get(ln.number, 0) - hangs.get(prev.number, -9)) > 1
        )
        or (_is_upper(before) != _is_upper(text) and not _abbreviation(text))
    )


def _abbreviation(text: str) -> bool:
    """A line that is one word in capitals ending a sentence or in brackets ("(CCW)?",
    "NATO."): the end of a wrapped sentence, not a title."""
    return len(text.split()) == 1 and (text.endswith(_TERMINAL) or text.startswith("("))


_COLUMN_GAP = re.compile(r"\S( {5,})\S")


def split_columns(group: Sequence[Line]) -> list[tuple[list[Line], bool]]:
    """Take apart text printed in two columns side by side (``pdftotext -layout`` of a
    distribution notice beside the symbol and date): the left column's lines, then the
    right column's, cut where a row of the left column has nothing beside it.  Each part
    comes with True for the left column.  A group is in two columns when at least two of
    its lines have one wide gap at the same place and a line without a gap runs on alone
    in the left column; a group of rows with gaps and nothing else is a table, left as it
    is."""
    gaps = []
    for ln in group:
        found = list(_COLUMN_GAP.finditer(ln.text))
        gaps.append(found[0].end(1) if len(found) == 1 else (-1 if found else 0))
    at = [g for g in gaps if g > 0]
    if len(at) < 2 or -1 in gaps or max(at) - min(at) > 3:
        return [(list(group), False)]
    cut = min(at)
    alone = [ln for ln, g in zip(group, gaps, strict=True) if g == 0]
    if not any(len(ln.text) > 0.5 * cut for ln in alone):
        return [(list(group), False)]
    if any(len(ln.text.rstrip()) > cut + 1 for ln in alone):
        # a line runs across where the right column would be: a table and the text after
        # it, not two columns
        return [(list(group), False)]
    left = [Line(ln.number, ln.text[:cut].strip()) for ln in group]
    parts: list[tuple[list[Line], bool]] = [([ln for ln in left if ln.text], True)]
    run: list[Line] = []
    for ln, g in zip(group, gaps, strict=True):
        if g:
            run.append(Line(ln.number, ln.text[cut:].strip()))
        elif run:
            parts.append((run, False))
            run = []
    if run:
        parts.append((run, False))
    return parts


def unwrap(
    lines: Sequence[Line], indents: dict[int, int], hangs: dict[int, int] | None = None
) -> list[Block]:
    """Join the lines of a line-per-line text into paragraph blocks and table cells.

    ``indents`` gives each line's leading spaces by line number, ``hangs`` where the text
    of a line that starts with a list label begins (its label's indent).  A line's width is
    judged against the longest lines of its group (lines between blank lines) when the
    group is long enough to tell, else against the whole text's.
    """
    doc_width = max((len(ln.text) for ln in lines), default=0)
    vocab = vocabulary(["\n".join(ln.text for ln in lines)])
    out: list[Block] = []
    table: list[Line] = []
    count = 0
    label = ""  # a list label printed on a line of its own

    def close_table() -> None:
        nonlocal table, count
        if len(table) >= 2:
            for row, ln in enumerate(table):
                for column, cell in enumerate(re.split(r"\s{3,}", ln.text.strip())):
                    out.append(Block([Line(ln.number, cell)], cell=CellRef(count, row, column)))
            count += 1
        elif table:
            out.append(Block([Line(table[0].number, " ".join(table[0].text.split()))]))
        table = []

    groups = [(part, left) for g in _groups(lines) for part, left in split_columns(g) if part]
    for group, column in groups:
        # a column printed beside another is as wide as its own longest line
        local = len(group) >= 5 or column
        wmax = max(len(ln.text) for ln in group) if local else doc_width
        current: list[Line] = []
        for ln in group:
            # a label drawn with no room before its text ("10.Question"): pdftotext
            # gives no space
            text = _GLUED_LABEL.sub(r"\1 ", " ".join(ln.text.split()))
            if _LONE_LABEL.match(text):
                label = f"{label} {text}".strip()
                continue
            if _CELL_GAP.search(ln.text.strip()) and (
                not _LABEL_START.match(text) or _FIGURE_CELL.match(ln.text.strip())
            ):
                if current:
                    out.append(Block(current))
                    current = []
                table.append(ln)
                continue
            close_table()
            if label:
                text, label = f"{label} {text}", ""
                if current:
                    out.append(Block(current))
                    current = []
            elif current and _breaks(current[-1], ln, text, wmax, indents, hangs or {}):
                out.append(Block(current))
                current = []
            elif current and current[-1].text.endswith(("-", "‐")) and text[:1].isalpha():
                mended = split_word(current[-1].text, text, vocab)
                if mended is not None:
                    current[-1] = Line(current[-1].number, mended[0])
                    text = mended[1]
                    if not text:
                        continue
            current.append(Line(ln.number, text))
        if current:
            out.append(Block(current))
        close_table()
    if label:
        out.append(Block([Line(lines[-1].number, label)]))
    return out


def read_text(text: str) -> tuple[list[Block], list[Diagnostic]]:
    """Blocks of a decoded text, and notes on the furniture that was dropped."""
    lines, notes = clean_lines(text)
    if looks_unwrapped(lines, paged="\f" in text):
        raw = re.split(r"\r\n|\r|\n", text)
        indents = {
            i: len(r.translate(_SPACES)) - len(r.translate(_SPACES).lstrip())
            for i, r in enumerate(raw, start=1)
        }
        hangs = {
            i: m.end()
            for i, r in enumerate(raw, start=1)
            if (m := _HANGING.match(r.translate(_SPACES)))
        }
        return tables(unwrap(lines, indents, hangs)), notes
    return tables(blocks(lines)), notes
