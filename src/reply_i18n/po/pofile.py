"""The one module that knows the PO file format: its data, its reader and its writer.

The writer produces exactly what GNU ``msgcat`` prints for the same messages: same order
of comment lines, same escapes, and the same line wrapping.  GNU gettext wraps strings with
the Unicode line breaking algorithm (UAX #14) at 79 columns, which
:mod:`reply_i18n.po.linebreak` reproduces; the test-suite checks the result against ``msgcat``
on generated text.

The reader accepts what translators' tools send back (CRLF, a BOM, ``#~|`` lines, octal and
hex escapes, plural entries) and refuses malformed input with ``file:line`` errors.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from reply_i18n.errors import CatalogError
from reply_i18n.po.linebreak import wrap

PAGE_WIDTH = 79


@dataclass(slots=True)
class Message:
    """One PO entry."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    """Translator comments (``# …``)."""
    auto_comments: list[str] = field(default_factory=list)
    """Extracted comments (``#. …``)."""
    references: list[str] = field(default_factory=list)
    """Source references (``#: file:line``)."""
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0
    """Line of the entry in the file it was read from (0 when not read from a file)."""

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")

    @property
    def translated(self) -> bool:
        """Translated and not fuzzy: what ``msgfmt --statistics`` counts as translated."""
        if self.fuzzy or self.obsolete:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    @property
    def has_translation(self) -> bool:
        if self.msgid_plural is not None:
            return any(self.msgstr_plural.values())
        return bool(self.msgstr)


@dataclass(slots=True)
class Catalog:
    """A PO or POT file: a header and its messages, obsolete ones last."""

    header: Message
    messages: list[Message] = field(default_factory=list)

    def header_fields(self) -> dict[str, str]:
        return parse_header(self.header.msgstr)

    def active(self) -> list[Message]:
        return [m for m in self.messages if not m.obsolete]

    def obsolete(self) -> list[Message]:
        return [m for m in self.messages if m.obsolete]

    def index(self) -> dict[tuple[str | None, str], Message]:
        return {m.key: m for m in self.messages if not m.obsolete}


def parse_header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields[name.strip()] = value.strip()
    return fields


def format_header(fields: Iterable[tuple[str, str]]) -> str:
    return "".join(f"{k}: {v}\n" for k, v in fields)


# --------------------------------------------------------------------------- writing

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


def escape(text: str) -> str:
    """Escape a string the way GNU gettext writes it."""
    if '"' not in text and "\\" not in text and not any(ch in text for ch in _ESCAPES):
        return text
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append("\\" + _ESCAPES[ch])
        elif ch in '"\\':
            out.append("\\" + ch)
        else:  # other control characters are written as they are, as msgcat does
            out.append(ch)
    return "".join(out)


_ESCAPE_PAIR = re.compile(r"\\(?:[0-7]{3}|.)")


def _wrap_portion(portion: str, first_width: int, width: int) -> list[str]:
    """Cut one escaped portion into lines; never inside an escape sequence, nor right
    before a final ``\\n``."""
    blocked: set[int] = set()
    if "\\" in portion:
        blocked = {
            m.start() + k
            for m in _ESCAPE_PAIR.finditer(portion)
            for k in range(1, m.end() - m.start())
        }
        if portion.endswith("\\n"):
            blocked.add(len(portion) - 2)  # gettext never breaks right before a final "\n"
    return wrap(portion, first_width, width, blocked)


def format_string(keyword: str, text: str, prefix: str = "", wrap: bool = True) -> list[str]:
    """Lines for ``keyword "text"``, wrapped as GNU gettext wraps them."""
    escaped = escape(text)
    # split after each "\n" escape, not after an escaped backslash followed by "n"
    if "\\n" in escaped:
        portions = re.findall(r"(?:[^\\]|\\.)*?\\n|(?:[^\\]|\\.)+", escaped)
    else:
        portions = [escaped]
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if wrap else 10**9) - 1 - after_break
    first = len(prefix) + len(keyword) + 1 + 1 - after_break
    out: list[str] = []
    for idx, portion in enumerate(portions):
        more = idx < len(portions) - 1
        if not out:
            lines = _wrap_portion(portion, width - first, width)
            if portion and (more or first > width or len(lines) > 1):
                out.append(f'{prefix}{keyword} ""')
                lines = _wrap_portion(portion, width, width)
                out.extend(f'{prefix}"{ln}"' for ln in lines)
            else:
                out.append(f'{prefix}{keyword} "{lines[0]}"')
        else:
            out.extend(f'{prefix}"{ln}"' for ln in _wrap_portion(portion, width, width))
    return out


_FLAG_ORDER = ("fuzzy",)

#: The format languages in the order GNU gettext prints their flags (``format_language``).
# fmt: off
_FORMATS = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)
# fmt: on
_FORMAT_ORDER = {lang: i for i, lang in enumerate(_FORMATS)}


def _format_rank(flag: str) -> int:
    lang = flag.removeprefix("no-").removesuffix("-format")
    return _FORMAT_ORDER.get(lang, len(_FORMAT_ORDER)) if flag.endswith("-format") else -1


def _ordered_flags(flags: list[str]) -> list[str]:
    seen: list[str] = []
    for f in flags:
        if f not in seen:
            seen.append(f)
    first = [f for f in _FLAG_ORDER if f in seen]
    wraps = [f for f in seen if f in ("wrap", "no-wrap")]
    ranges = [f for f in seen if f.startswith("range:")]
    others = [f for f in seen if f not in first and f not in wraps and f not in ranges]
    formats = sorted((f for f in others if _format_rank(f) >= 0), key=_format_rank)
    others = formats + [f for f in others if _format_rank(f) < 0]
    return first + others + ranges + wraps


def _reference_lines(refs: list[str]) -> list[str]:
    lines: list[str] = []
    current = "#:"
    column = 2
    for ref in refs:
        length = len(ref) + 1
        if column > 2 and column + length > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + ref
        column += length
    if column > 2:
        lines.append(current)
    return lines


def format_message(msg: Message) -> list[str]:
    """The lines of one entry, without the blank line that separates entries."""
    out = [f"# {c}" if c else "#" for c in msg.comments]
    wrap = "no-wrap" not in msg.flags
    if not msg.obsolete:
        out += [f"#. {c}" if c else "#." for c in msg.auto_comments]
        out += _reference_lines(msg.references)
    flags = _ordered_flags(msg.flags)
    if flags:
        out.append("#, " + ", ".join(flags))
    prev_prefix = "#~| " if msg.obsolete else "#| "
    if msg.previous_msgctxt is not None:
        out += format_string("msgctxt", msg.previous_msgctxt, prev_prefix, wrap)
    if msg.previous_msgid is not None:
        out += format_string("msgid", msg.previous_msgid, prev_prefix, wrap)
    if msg.previous_msgid_plural is not None:
        out += format_string("msgid_plural", msg.previous_msgid_plural, prev_prefix, wrap)
    prefix = "#~ " if msg.obsolete else ""
    if msg.msgctxt is not None:
        out += format_string("msgctxt", msg.msgctxt, prefix, wrap)
    out += format_string("msgid", msg.msgid, prefix, wrap)
    if msg.msgid_plural is not None:
        out += format_string("msgid_plural", msg.msgid_plural, prefix, wrap)
        forms = msg.msgstr_plural or {0: ""}
        for n in sorted(forms):
            out += format_string(f"msgstr[{n}]", forms[n], prefix, wrap)
    else:
        out += format_string("msgstr", msg.msgstr, prefix, wrap)
    return out


def format_catalog(catalog: Catalog) -> str:
    """Serialise a catalog exactly as ``msgcat`` would print it."""
    chunks = ["\n".join(format_message(catalog.header))]
    active = [m for m in catalog.messages if not m.obsolete]
    obsolete = [m for m in catalog.messages if m.obsolete]
    chunks.extend("\n".join(format_message(m)) for m in active + obsolete)
    return "\n\n".join(chunks) + "\n"


# --------------------------------------------------------------------------- reading

_KEYWORD_RE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(\".*)$")
_UNESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}
_STRING_RE = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')
_ESC_RE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)")


def unescape(body: str, *, path: str, line: int) -> str:
    """Undo PO escapes.  Octal and hex escapes stand for bytes of the (UTF-8) file, as in
    GNU gettext, so ``\\303\\251`` is ``é``."""
    if "\\" not in body:
        return body
    raw = False

    def repl(m: re.Match[str]) -> str:
        nonlocal raw
        tok = m.group(1)
        if tok in _UNESCAPES:
            return _UNESCAPES[tok]
        if tok[0] == "x" or tok[0] in "01234567":
            value = int(tok[1:], 16) if tok[0] == "x" else int(tok, 8)
            if value < 0x80:
                return chr(value)
            raw = True
            return chr(0xDC00 + (value & 0xFF))  # a byte, kept as a lone surrogate
        raise CatalogError(f"invalid escape sequence '\\{tok}'", path=path, line=line)

    text = _ESC_RE.sub(repl, body)
    if raw:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError:
            raise CatalogError(
                "escaped bytes that are not valid UTF-8", path=path, line=line
            ) from None
    return text


def decode_po(data: bytes, *, path: str) -> str:
    """Decode a PO file's bytes in the charset its header declares."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    m = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4096])
    charset = m.group(1).decode("ascii") if m else "UTF-8"
    if charset.upper() in ("CHARSET", "ASCII", "US-ASCII"):
        charset = "UTF-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        line = data.count(b"\n", 0, m.start()) + 1 if m else None
        raise CatalogError(
            f"unknown charset {charset!r} in the header", path=path, line=line
        ) from None
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(
            f"bytes that are not valid {charset} (0x{data[exc.start]:02x}); "
            "the header declares this charset",
            path=path,
            line=line,
        ) from None


@dataclass(slots=True)
class _Pending:
    msg: Message
    last: str = ""  # which field the next continuation string extends
    has_msgid: bool = False
    has_msgstr: bool = False


def _lines(text: str) -> Iterator[tuple[int, str]]:
    yield from enumerate(re.split(r"\r\n|\r|\n", text), start=1)


def parse_po(text: str, *, path: str) -> tuple[Catalog, list[str]]:
    """Parse the text of a PO file.  Returns the catalog and a list of warnings."""
    messages: list[Message] = []
    cur: _Pending | None = None

    def finish() -> None:
        nonlocal cur
        if cur is None:
            return
        if not cur.has_msgid:
            if cur.msg.msgctxt is not None or cur.msg.msgstr or cur.has_msgstr:
                raise CatalogError("entry has no msgid", path=path, line=cur.msg.line)
            cur = None  # trailing comments without an entry
            return
        if not cur.has_msgstr:
            raise CatalogError("missing msgstr after msgid", path=path, line=cur.msg.line)
        messages.append(cur.msg)
        cur = None

    def pending(number: int) -> _Pending:
        nonlocal cur
        if cur is None:
            cur = _Pending(Message(msgid="", line=number))
        return cur

    for number, raw in _lines(text):
        # trailing white space is kept: it belongs to a comment's text, as in GNU gettext
        line = raw.lstrip()
        if not line.strip():
            continue
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            rest = line[2:]
            if rest.startswith("|"):
                line = "#|" + rest[1:]
            else:
                line = rest.lstrip()
                if not line.strip():
                    continue
        if line.startswith("#"):
            if cur is not None and cur.has_msgstr:
                finish()
            p = pending(number)
            if obsolete:
                p.msg.obsolete = True
            kind, body = line[:2], line[2:]
            if kind == "#.":
                p.msg.auto_comments.append(body[1:] if body.startswith(" ") else body)
            elif kind == "#:":
                p.msg.references.extend(body.split())
            elif kind == "#,":
                p.msg.flags.extend(f.strip() for f in body.split(",") if f.strip())
            elif kind == "#|":
                _previous(p, body.strip(), path=path, line=number)
            else:
                body = line[1:]
                p.msg.comments.append(body[1:] if body.startswith(" ") else body)
            continue
        if line.startswith('"'):
            if cur is None or not cur.last:
                raise CatalogError("string continuation without a keyword", path=path, line=number)
            _extend(cur, _string(line, path=path, line=number))
            continue
        m = _KEYWORD_RE.match(line)
        if m:
            keyword, index, rest = m.group(1), m.group(2), m.group(3)
            if keyword in ("msgctxt", "msgid") and cur is not None and cur.has_msgstr:
                finish()
            p = pending(number)
            if obsolete:
                p.msg.obsolete = True
            value = _string(rest, path=path, line=number)
            if keyword == "msgctxt":
                if p.has_msgid:  # the entry before this one has no msgstr
                    raise CatalogError("missing msgstr after msgid", path=path, line=p.msg.line)
                p.msg.msgctxt = value
            elif keyword == "msgid":
                if p.has_msgid:
                    raise CatalogError("missing msgstr after msgid", path=path, line=p.msg.line)
                p.msg.msgid, p.has_msgid = value, True
                if p.msg.msgctxt is None:
                    p.msg.line = number
            elif keyword == "msgid_plural":
                if not p.has_msgid:
                    raise CatalogError("msgid_plural without msgid", path=path, line=number)
                p.msg.msgid_plural = value
            elif index is not None:
                if p.msg.msgid_plural is None:
                    raise CatalogError(
                        f"{keyword} in an entry without msgid_plural", path=path, line=number
                    )
                p.msg.msgstr_plural[int(index)] = value
                p.has_msgstr = True
            else:
                if not p.has_msgid:
                    raise CatalogError("msgstr without msgid", path=path, line=number)
                if p.msg.msgid_plural is not None:
                    raise CatalogError(
                        "plural entry needs msgstr[N], not msgstr", path=path, line=number
                    )
                p.msg.msgstr, p.has_msgstr = value, True
            p.last = keyword if index is None else f"msgstr[{index}]"
            continue
        raise CatalogError(f"syntax error: unexpected {raw.strip()[:30]!r}", path=path, line=number)
    finish()
    return _assemble(messages, path=path)


def _previous(p: _Pending, body: str, *, path: str, line: int) -> None:
    m = _KEYWORD_RE.match(body)
    if m:
        value = _string(m.group(3), path=path, line=line)
        if m.group(1) == "msgctxt":
            p.msg.previous_msgctxt = value
        elif m.group(1) == "msgid":
            p.msg.previous_msgid = value
        elif m.group(1) == "msgid_plural":
            p.msg.previous_msgid_plural = value
        p.last = "prev:" + m.group(1)
    elif body.startswith('"') and p.last.startswith("prev:"):
        value = _string(body, path=path, line=line)
        field_name = p.last[5:]
        if field_name == "msgctxt":
            p.msg.previous_msgctxt = (p.msg.previous_msgctxt or "") + value
        elif field_name == "msgid":
            p.msg.previous_msgid = (p.msg.previous_msgid or "") + value
        else:
            p.msg.previous_msgid_plural = (p.msg.previous_msgid_plural or "") + value
    else:
        raise CatalogError("malformed '#|' line", path=path, line=line)


def _extend(p: _Pending, value: str) -> None:
    msg = p.msg
    if p.last == "msgctxt":
        msg.msgctxt = (msg.msgctxt or "") + value
    elif p.last == "msgid":
        msg.msgid += value
    elif p.last == "msgid_plural":
        msg.msgid_plural = (msg.msgid_plural or "") + value
    elif p.last == "msgstr":
        msg.msgstr += value
    else:
        n = int(p.last[7:-1])
        msg.msgstr_plural[n] = msg.msgstr_plural.get(n, "") + value


def _string(token: str, *, path: str, line: int) -> str:
    token = token.strip()
    body = token[1:-1]
    if len(token) >= 2 and token[0] == token[-1] == '"' and '"' not in body and "\\" not in body:
        return body  # the common case: nothing to unescape
    m = _STRING_RE.match(token)
    if not m:
        raise CatalogError("unterminated or malformed string", path=path, line=line)
    return unescape(m.group(1), path=path, line=line)


def _assemble(messages: list[Message], *, path: str) -> tuple[Catalog, list[str]]:
    header = Message(msgid="")
    body: list[Message] = []
    seen: dict[tuple[str | None, str], int] = {}
    for msg in messages:
        if msg.msgid == "" and msg.msgctxt is None and not msg.obsolete:
            if body or header.line:
                raise CatalogError("a second header entry (empty msgid)", path=path, line=msg.line)
            header = msg
            continue
        if not msg.obsolete:
            if msg.key in seen:
                raise CatalogError(
                    f"duplicate message definition (msgctxt {msg.msgctxt!r}); the first is "
                    f"at line {seen[msg.key]}",
                    path=path,
                    line=msg.line,
                )
            seen[msg.key] = msg.line
        body.append(msg)
    return Catalog(header=header, messages=body), []
