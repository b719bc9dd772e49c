"""The one module that knows the PO file format: its data, its reader and its writer.

The writer produces exactly what GNU ``msgcat`` prints for the same messages: same order
of comment lines, same escapes, and the same line wrapping.  GNU gettext wraps strings with
the Unicode line breaking algorithm (UAX #14) at 79 columns, which
:mod:`reply_i18n.po.linebreak` reproduces; the test-suite checks the result against ``msgcat``
on generated text.

The reader works on the file's bytes: the charset is the one the header entry's
``Content-Type`` declares, wherever that entry sits, and octal and hex escapes are bytes of
that charset, as in GNU gettext.  It accepts what translators' tools send back (CRLF, a
BOM, ``#~|`` lines, plural entries) and refuses malformed input with ``file:line`` errors
where GNU gettext would silently lose text: a keyword repeated in one entry, plural forms
with a gap or beyond ``nplurals``, a NUL escape, an escape of more than one byte, UTF-8 text
under a header that declares another charset.  Entries in the form msgcat writes are read
by one regular expression each; everything else goes through a general tokenizer.  The
writer streams: :func:`iter_catalog` yields text in chunks, :func:`encode_catalog` bytes
in the declared charset.
"""

from __future__ import annotations

import codecs
import functools
import gc
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from reply_i18n.errors import CatalogError

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
    def source(self) -> tuple[str, str | None]:
        """``(msgid, msgid_plural)``: the source text a translation is made for; when either
        changes, the translation needs review (fuzzy, with ``#| msgid``/``#| msgid_plural``)."""
        return (self.msgid, self.msgid_plural)

    @property
    def previous_source(self) -> tuple[str, str | None]:
        """The source text the translation was made for: the ``#|`` strings of a fuzzy
        entry that has them, else :attr:`source`."""
        if self.fuzzy and self.previous_msgid:
            plural = self.previous_msgid_plural
            return (self.previous_msgid, plural if plural is not None else self.msgid_plural)
        return self.source

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
    has_header: bool = True
    """False for a file read without a header entry; it is then written without one, as
    ``msgcat`` does."""

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
    return _wrapper()(portion, first_width, width, blocked)


@functools.cache
def _wrapper() -> Callable[[str, int, int, set[int]], list[str]]:
    """The line breaker, loaded on the first write: reading a catalog does not need it."""
    from reply_i18n.po.linebreak import wrap

    return wrap


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


def _comment(prefix: str, text: str) -> str:
    line = f"{prefix} {text}" if text else prefix
    if line.endswith("\\"):
        # GNU's lexer joins a line ending in a backslash with the next line, even in a
        # comment, so msgcat's own "# text\\" swallows the line after it.  A second backslash
        # and an empty line read back, in GNU gettext and here, as the one backslash.
        line += "\\\n"
    return line


def format_message(msg: Message) -> list[str]:
    """The lines of one entry, without the blank line that separates entries."""
    out = [_comment("#", c) for c in msg.comments]
    wrap = "no-wrap" not in msg.flags
    out += [_comment("#.", c) for c in msg.auto_comments]
    out += _reference_lines(msg.references)
    flags = _ordered_flags(msg.flags)
    if flags:
        out.append("#, " + ", ".join(flags))
    prev_prefix = "#~| " if msg.obsolete else "#| "
    previous_msgid = msg.previous_msgid
    if msg.previous_msgctxt is not None:
        out += format_string("msgctxt", msg.previous_msgctxt, prev_prefix, wrap)
        if previous_msgid is None:  # GNU's grammar: a previous msgctxt needs a msgid
            previous_msgid = msg.msgid
    if previous_msgid is not None:
        out += format_string("msgid", previous_msgid, prev_prefix, wrap)
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


def iter_catalog(catalog: Catalog, *, batch: int = 256) -> Iterator[str]:
    """The text of a catalog as ``msgcat`` would print it, in chunks of about ``batch``
    entries: the header, the active messages in order, then the obsolete ones."""
    entries: list[Message] = [catalog.header] if catalog.has_header else []
    active = (m for m in catalog.messages if not m.obsolete)
    obsolete = (m for m in catalog.messages if m.obsolete)
    pending: list[str] = []
    first = True
    for m in (*entries, *active, *obsolete):
        if not first:
            pending.append("\n")
        first = False
        pending.append("\n".join(format_message(m)))
        pending.append("\n")
        if len(pending) >= 3 * batch:
            yield "".join(pending)
            pending = []
    if pending:
        yield "".join(pending)


def format_catalog(catalog: Catalog) -> str:
    """Serialise a catalog exactly as ``msgcat`` would print it."""
    return "".join(iter_catalog(catalog))


def catalog_charset(catalog: Catalog) -> tuple[str, str]:
    """(Python codec, name) of the charset a catalog is written in: the one its header
    declares, UTF-8 when it declares none."""
    m = re.search(r"\bcharset=([^\s;]+)", catalog.header_fields().get("Content-Type", ""))
    name = m.group(1) if m else "UTF-8"
    if name.upper() in ("CHARSET", "ASCII", "US-ASCII"):
        return "utf-8", "UTF-8"
    try:
        return codecs.lookup(name).name, name
    except LookupError:
        raise CatalogError(f"unknown charset {name!r} in the header's Content-Type") from None


def encode_catalog(catalog: Catalog) -> Iterator[bytes]:
    """The bytes of a catalog, in chunks, in the charset its header declares (as msgcat
    keeps a file's charset).  Raises :class:`CatalogError` for a character that the
    charset cannot hold, before anything is yielded for the chunk that holds it."""
    codec, name = catalog_charset(catalog)
    if codec == "utf-8":
        for chunk in iter_catalog(catalog):
            yield chunk.encode("utf-8")
        return
    for chunk in iter_catalog(catalog):
        try:
            yield chunk.encode(codec)
        except UnicodeEncodeError as exc:
            raise CatalogError(
                f"{exc.object[exc.start]!r} cannot be written in {name}, the charset the "
                "header declares; declare charset=UTF-8"
            ) from None


def catalog_bytes(catalog: Catalog) -> bytes:
    """The whole file of a catalog, as :func:`encode_catalog` writes it, for outputs that are
    staged with others before they are moved into place."""
    return b"".join(encode_catalog(catalog))


def unescape(body: str, *, path: str, line: int, charset: str = "utf-8") -> str:
    """Undo PO escapes in the text of one string.  Octal and hex escapes stand for bytes
    of the file's charset, as in GNU gettext, so in UTF-8 ``\\303\\251`` is ``é``."""
    if "\\" not in body:
        return body
    raw = _unescape_bytes(body.encode(charset), path=path, line=line)
    try:
        return raw.decode(charset)
    except UnicodeDecodeError:
        raise CatalogError(
            f"escaped bytes that are not valid {'UTF-8' if charset == 'utf-8' else charset}",
            path=path,
            line=line,
        ) from None


# --------------------------------------------------------------------------- reading

# The reader works on the file's bytes.  Every charset GNU gettext accepts for PO files is
# ASCII-compatible, so the syntax (keywords, quotes, backslashes, newlines) can be found in
# the bytes before the charset is known; the strings are decoded once the header entry,
# wherever it sits, has said which charset they are in.  The few charsets whose multibyte
# characters may contain the byte of a backslash (GNU's "weird" charsets: Shift_JIS, BIG5,
# GBK…) are converted to UTF-8 first.

_STR = rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_KEYWORDS = rb"msgctxt|msgid_plural|msgid|msgstr(?:\[(?P<idx>[0-9]+)\])?"
_TOKEN = re.compile(
    rb"[ \t\r\n\f\v]*(?:"
    rb"(?P<kw>" + _KEYWORDS + rb")[ \t]*"
    rb"(?P<str>" + _STR + rb"(?:[ \t\r]*\n[ \t\r\f\v]*" + _STR + rb")*)[ \t\r]*(?=\n|\Z)"
    rb"|(?P<com>#[^\n]*)"
    rb"|(?P<bad>[^\n]+))"
)
_STR_IN = re.compile(rb'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
_LINE_KW = re.compile(rb"[ \t]*(?P<kw>" + _KEYWORDS + rb")[ \t]*(?P<str>" + _STR + rb")[ \t\r]*\Z")
_LINE_STR = re.compile(rb"[ \t]*(?P<str>" + _STR + rb")[ \t\r]*\Z")
_LOOKS_LIKE_KW = re.compile(rb"[ \t]*(?:msgctxt|msgid|msgstr)\b")
_ESC = re.compile(rb"\\(x[0-9A-Fa-f]*|[0-7]{1,3}|.)", re.S)
_BYTE_ESCAPES = {
    b"n": b"\n", b"t": b"\t", b"r": b"\r", b"a": b"\a", b"b": b"\b", b"f": b"\f",
    b"v": b"\v", b"\\": b"\\", b'"': b'"', b"'": b"'", b"?": b"?",
}  # fmt: skip

#: charsets in which a multibyte character may contain 0x5C (backslash): read via UTF-8
_WEIRD = {"big5", "big5hkscs", "gbk", "gb18030", "shift_jis", "johab", "cp932", "cp949", "cp950"}


def _unescape_bytes(body: bytes, *, path: str, line: int) -> bytes:
    """Undo the escapes of one PO string; octal and hex escapes give bytes, which are
    decoded afterwards in the file's declared charset, as GNU gettext does."""

    def repl(m: re.Match[bytes]) -> bytes:
        tok = m.group(1)
        simple = _BYTE_ESCAPES.get(tok)
        if simple is not None:
            return simple
        if tok[:1] == b"x":
            if len(tok) == 1:
                raise CatalogError(
                    "invalid escape sequence '\\x': no hexadecimal digit follows",
                    path=path,
                    line=line,
                )
            value = int(tok[1:], 16)
            if value > 0xFF:
                # GNU takes every hex digit and keeps the low byte ("\x4142" is "B"):
                # text silently lost, so this is an error here
                raise CatalogError(
                    f"hexadecimal escape '\\{tok.decode()}' is more than one byte",
                    path=path,
                    line=line,
                )
        elif tok[:1].isdigit() and tok[:1] not in b"89":
            value = int(tok, 8)
            if value > 0xFF:
                raise CatalogError(
                    f"octal escape '\\{tok.decode()}' is more than one byte", path=path, line=line
                )
        else:
            shown = tok.decode("utf-8", "replace")
            raise CatalogError(f"invalid escape sequence '\\{shown}'", path=path, line=line)
        if value == 0:
            # GNU cuts the string at a NUL without a word; a NUL cannot be in a message
            raise CatalogError(
                f"escape '\\{tok.decode()}' is a NUL character, which a message cannot hold",
                path=path,
                line=line,
            )
        return bytes((value,))

    return _ESC.sub(repl, body)


def _strings(block: bytes, *, path: str, line: int) -> bytes:
    """The content of a keyword's string and its continuation strings (one a line, the
    first on ``line``), unescaped."""
    if b"\n" not in block:
        raw = block[1:-1]
        return _unescape_bytes(raw, path=path, line=line) if b"\\" in raw else raw
    parts = _STR_IN.findall(block)
    raw = b"".join(parts)
    if b"\\" not in raw:
        return raw
    return b"".join(
        _unescape_bytes(part, path=path, line=line + k) if b"\\" in part else part
        for k, part in enumerate(parts)
    )


class _Raw:
    """An entry as read, strings still bytes in the file's charset."""

    __slots__ = (
        "autos",
        "comments",
        "flags",
        "last",
        "line",
        "lines",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "obsolete",
        "plural",
        "prev",
        "refs",
    )

    def __init__(self, line: int) -> None:
        self.line = line
        self.msgctxt: bytes | None = None
        self.msgid: bytes | None = None
        self.msgid_plural: bytes | None = None
        self.msgstr: bytes | None = None
        self.plural: list[bytes] | None = None
        self.comments: list[bytes] | None = None
        self.autos: list[bytes] | None = None
        self.refs: list[bytes] | None = None
        self.flags: list[bytes] | None = None
        self.prev: dict[str, bytes] | None = None
        self.obsolete: bool | None = None  # None until a line says
        self.last = ""  # which field a continuation string extends
        self.lines: dict[str, int] = {}  # line of each keyword, for messages


def _iter_raw(
    data: bytes, *, path: str, pos: int = 0, line: int = 1, resume: list[int] | None = None
) -> Iterator[_Raw]:
    """The entries of a PO file's bytes from ``pos`` (on ``line``), in file order, with
    ``file:line`` syntax errors.

    With ``resume``, stops after the first entry and sets ``resume`` to the position and
    line where the next one starts.
    """
    cur: _Raw | None = None
    counted = pos

    def error(message: str, at: int) -> CatalogError:
        return CatalogError(message, path=path, line=at)

    def finish() -> _Raw | None:
        nonlocal cur
        done, cur = cur, None
        if done is None:
            return None
        if done.msgid is None:
            if done.msgctxt is not None or done.msgstr is not None or done.plural is not None:
                raise error("entry has no msgid", done.line)
            return None  # comments at the end of the file, without an entry
        if done.msgstr is None and done.plural is None:
            raise error("missing msgstr after msgid", done.line)
        if done.msgid_plural is not None and done.plural is None:
            raise error("plural entry needs msgstr[0], msgstr[1]…", done.line)
        return done

    def keyword(kw: bytes, idx: bytes | None, value: bytes, at: int, obsolete: bool) -> _Raw | None:
        """Apply one keyword line; returns an entry that it completed, if any."""
        nonlocal cur
        out = None
        starts = kw in (b"msgctxt", b"msgid")
        if cur is not None and starts and (cur.msgstr is not None or cur.plural is not None):
            out = finish()
        if cur is None:
            cur = _Raw(at)
        e = cur
        if e.obsolete is None:
            e.obsolete = obsolete
        elif e.obsolete != obsolete:
            raise error("an entry mixes obsolete (#~) and active lines", at)
        name = kw.decode("ascii")
        if starts and e.msgid is not None:
            raise error("missing msgstr after msgid", e.line)
        if name in e.lines and idx is None:
            raise error(f"{name} repeated in one entry; the first is at line {e.lines[name]}", at)
        if kw == b"msgctxt":
            e.msgctxt = value
            e.line = at
        elif kw == b"msgid":
            if e.msgctxt is None:
                e.line = at
            e.msgid = value
        elif kw == b"msgid_plural":
            if e.msgid is None:
                raise error("msgid_plural without msgid", at)
            if e.msgstr is not None or e.plural is not None:
                raise error("msgid_plural after msgstr", at)
            e.msgid_plural = value
        elif idx is None:
            if e.msgid is None:
                raise error("msgstr without msgid", at)
            if e.msgid_plural is not None or e.plural is not None:
                raise error("plural entry needs msgstr[N], not msgstr", at)
            e.msgstr = value
        else:
            n = int(idx)
            if e.msgid_plural is None:
                raise error(f"{name} in an entry without msgid_plural", at)
            if e.msgstr is not None:
                raise error(f"{name} after msgstr in one entry", at)
            forms = e.plural if e.plural is not None else []
            if n < len(forms):
                first = e.lines.get(name)
                raise error(f"{name} repeated in one entry; the first is at line {first}", at)
            if n > len(forms):
                raise error(
                    f"{name} without msgstr[{len(forms)}]: plural forms are numbered "
                    "from 0 without a gap",
                    at,
                )
            forms.append(value)
            e.plural = forms
        e.lines[name] = at
        e.last = name
        return out

    def extend(value: bytes, at: int, previous: bool) -> None:
        e = cur
        if e is None or not e.last or e.last.startswith("#|") != previous:
            raise error("string continuation without a keyword", at)
        name = e.last
        if previous:
            assert e.prev is not None
            e.prev[name[2:]] += value
        elif name == "msgctxt":
            e.msgctxt = (e.msgctxt or b"") + value
        elif name == "msgid":
            e.msgid = (e.msgid or b"") + value
        elif name == "msgid_plural":
            e.msgid_plural = (e.msgid_plural or b"") + value
        elif name == "msgstr":
            e.msgstr = (e.msgstr or b"") + value
        else:
            assert e.plural is not None
            e.plural[-1] += value

    def previous(body: bytes, at: int, obsolete: bool) -> None:
        nonlocal cur
        if cur is None:
            cur = _Raw(at)
        m = _LINE_KW.match(body)
        if m:
            name = m.group("kw").decode("ascii")
            if name not in ("msgctxt", "msgid", "msgid_plural"):
                raise error(f"'#| {name}' is not a previous msgctxt, msgid or msgid_plural", at)
            if cur.prev is None:
                cur.prev = {}
            if name in cur.prev:
                raise error(f"#| {name} repeated in one entry", at)
            cur.prev[name] = _strings(m.group("str"), path=path, line=at)
            cur.last = "#|" + name
            return
        m = _LINE_STR.match(body)
        if m:
            extend(_strings(m.group("str"), path=path, line=at), at, True)
            return
        raise error("malformed '#|' line", at)

    def comment(text: bytes, at: int) -> _Raw | None:
        nonlocal cur
        out = None
        if text.endswith(b"\r"):
            text = text[:-1]
        if text.startswith(b"#~"):
            rest = text[2:]
            if rest.startswith(b"|"):
                if cur is not None and (cur.msgstr is not None or cur.plural is not None):
                    out = finish()
                previous(rest[1:], at, True)
                return out
            m = _LINE_KW.match(rest)
            if m:
                value = _strings(m.group("str"), path=path, line=at)
                return keyword(m.group("kw"), m.group("idx"), value, at, True)
            m = _LINE_STR.match(rest)
            if m:
                extend(_strings(m.group("str"), path=path, line=at), at, False)
                return None
            if not rest.strip():
                return None
            raise error(f"syntax error in an obsolete entry: {_shown(rest)}", at)
        if cur is not None and (cur.msgstr is not None or cur.plural is not None):
            out = finish()
        if cur is None:
            cur = _Raw(at)
        kind = text[1:2]
        if kind == b"|":
            previous(text[2:], at, False)
            return out
        body = text[2:] if kind in (b".", b":", b",") else text[1:]
        if kind == b",":
            if cur.flags is None:
                cur.flags = []
            cur.flags.extend(f.strip() for f in body.split(b",") if f.strip())
        elif kind == b":":
            if cur.refs is None:
                cur.refs = []
            cur.refs.extend(body.split())
        else:
            if body.startswith(b" "):
                body = body[1:]
            if kind == b".":
                if cur.autos is None:
                    cur.autos = []
                cur.autos.append(body)
            else:
                if cur.comments is None:
                    cur.comments = []
                cur.comments.append(body)
        return out

    for m in _TOKEN.finditer(data, pos):
        kw, com = m.group("kw", "com")
        start = m.start("kw" if kw is not None else "com" if com is not None else "bad")
        line += data.count(b"\n", counted, start)
        counted = start
        done: _Raw | None
        if kw is not None:
            value = _strings(m.group("str"), path=path, line=line)
            done = keyword(kw, m.group("idx"), value, line, False)
        elif com is not None:
            done = comment(com, line)
        else:
            bad = m.group("bad")
            if bad.startswith(b'"'):
                sm = _LINE_STR.match(bad)
                if sm is None:
                    raise error("unterminated or malformed string", line)
                extend(_strings(sm.group("str"), path=path, line=line), line, False)
                continue
            if _LOOKS_LIKE_KW.match(bad):
                if b'"' in bad:
                    raise error("unterminated or malformed string", line)
                raise error(f"keyword without a string: {_shown(bad)}", line)
            try:
                bad.decode("utf-8")
            except UnicodeDecodeError as exc:  # likelier a wrong encoding than a typo
                raise error(
                    f"syntax error: unexpected bytes that are not UTF-8 "
                    f"(0x{bad[exc.start]:02x}): was the file saved in another encoding?",
                    line,
                ) from None
            raise error(f"syntax error: unexpected {_shown(bad)}", line)
        if done is not None:
            yield done
            if resume is not None:
                resume[:] = [start, line]  # this token starts the next entry
                return
    done = finish()
    if resume is not None:
        resume[:] = [len(data), line + data.count(b"\n", counted)]
    if done is not None:
        yield done


def _shown(raw: bytes) -> str:
    return repr(raw.strip()[:30].decode("utf-8", "replace"))


def _is_header(e: _Raw) -> bool:
    return e.msgid == b"" and e.msgctxt is None and not e.obsolete


_CHARSET_RE = re.compile(rb"^Content-Type:[^\n]*?\bcharset=([^\s;]+)", re.M | re.I)


def _declared_charset(header: _Raw | None, *, path: str) -> tuple[str, str]:
    """(Python codec, name as written) of the charset that the header entry's
    Content-Type declares; only the header entry counts, never a comment."""
    if header is None or header.msgstr is None:
        return "utf-8", "UTF-8"
    m = _CHARSET_RE.search(header.msgstr)
    if m is None:
        return "utf-8", "UTF-8"
    name = m.group(1).decode("ascii", "replace")
    if name.upper() in ("CHARSET", "ASCII", "US-ASCII", "ANSI_X3.4-1968"):
        return "utf-8", "UTF-8"  # the template's placeholder; ASCII is a subset of UTF-8
    where = header.lines.get("msgstr", header.line)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise CatalogError(
            f"unknown charset {name!r} in the header's Content-Type", path=path, line=where
        ) from None
    if 'msgid "\\#\n'.encode(codec, "replace") != b'msgid "\\#\n':
        raise CatalogError(
            f"charset {name!r} cannot be used for a PO file: it is not ASCII-compatible",
            path=path,
            line=where,
        )
    return codec, name


def _check_not_utf8(data: bytes, name: str, charset: str, *, path: str) -> None:
    """Refuse a file that declares a legacy charset but is UTF-8 text: decoding it as
    declared would turn every letter into mojibake, which GNU gettext does silently.

    Legacy-charset text almost never forms valid UTF-8 sequences, so a file whose non-ASCII
    bytes mostly do (a damaged byte or two aside) is taken for UTF-8."""
    if charset == "utf-8" or data.isascii():
        return
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    letters = [i for i, ch in enumerate(text) if ord(ch) > 127 and ch.isalpha()]
    if letters and len(letters) > 2 * bad:
        first = letters[0]
        raise CatalogError(
            f"the header declares charset {name}, but the file is UTF-8 "
            f"({text[first]!r} here); correct the charset in the header's Content-Type",
            path=path,
            line=text.count("\n", 0, first) + 1,
        )


def _intern_all(items: list[bytes], charset: str) -> list[str]:
    return [sys.intern(x.decode(charset)) for x in items]


def _message(e: _Raw, charset: str, name: str, *, path: str, data: bytes = b"") -> Message:
    try:
        msg = Message(
            msgid=(e.msgid or b"").decode(charset),
            msgstr=e.msgstr.decode(charset) if e.msgstr is not None else "",
            msgctxt=e.msgctxt.decode(charset) if e.msgctxt is not None else None,
            obsolete=bool(e.obsolete),
            line=e.line,
        )
        if e.msgid_plural is not None:
            msg.msgid_plural = e.msgid_plural.decode(charset)
            msg.msgstr_plural = {i: s.decode(charset) for i, s in enumerate(e.plural or ())}
        if e.comments:
            msg.comments = [c.decode(charset) for c in e.comments]
        if e.autos:
            msg.auto_comments = [c.decode(charset) for c in e.autos]
        if e.refs:
            msg.references = _intern_all(e.refs, charset)
        if e.flags:
            msg.flags = _intern_all(e.flags, charset)
        if e.prev:
            for name, value in e.prev.items():
                text = value.decode(charset)
                if name == "msgctxt":
                    msg.previous_msgctxt = text
                elif name == "msgid":
                    msg.previous_msgid = text
                else:
                    msg.previous_msgid_plural = text
    except UnicodeDecodeError:
        raise _field_error(e, charset, name, path, data) from None
    return msg


# The entries that tools write, in the form msgcat prints them, are read by one regular
# expression each; anything else (obsolete entries, previous msgids, plural forms, CRLF,
# odd spacing, errors) goes through the general tokenizer above, one entry at a time.
_BODY = rb'[^\n]*(?:"\n"[^\n]*)*'  # lines of a string, checked by _text
_ENTRY = re.compile(
    rb"[ \t\n]*"
    rb"(?P<tc>(?:#(?:[ \t][^\n]*)?\n)*)"
    rb"(?P<ac>(?:#\.[^\n]*\n)*)"
    rb"(?P<rf>(?:#:[^\n]*\n)*)"
    rb"(?P<fl>#,[^\n]*\n)?"
    rb"(?P<pv>(?:#\| [^\n]*\n)+)?"
    rb'(?P<key>msgctxt "(?P<ctx>' + _BODY + rb')"\n)?'
    rb'(?P<idk>msgid "(?P<id>' + _BODY + rb')"\n)'
    rb'msgstr "(?P<str>' + _BODY + rb')"'
    # and what follows starts another entry
    rb'(?=[ \t\n]*(?:#(?!~[ \t]*(?:msgstr|msgid_plural|"))|msgctxt[ \t]|msgid[ \t]|\Z))'
)
_STRICT = re.compile(rb'[^"\\\n]*(?:\\.[^"\\\n]*)*(?:"\n"[^"\\\n]*(?:\\.[^"\\\n]*)*)*')


_PREVIOUS = re.compile(rb'(msgctxt|msgid_plural|msgid) "(' + _BODY + rb')"\n')


class _NotFast(Exception):
    """An entry that the one-expression reader leaves to the tokenizer."""


def _text(raw: bytes, charset: str) -> str:
    """The text of a string's lines (``…"\\n"…`` between them) as matched by _ENTRY."""
    return _text_lines(raw, charset)[0]


def _text_lines(raw: bytes, charset: str) -> tuple[str, int]:
    """:func:`_text`, and the newlines of ``raw`` (the string's lines less one)."""
    lines = raw.count(b"\n")
    if b"\\" not in raw:
        # _ENTRY lets a newline in only as a '"\n"' between two lines: deleting quotes and
        # newlines joins the lines, and deletes exactly three bytes a newline unless a
        # quote stands elsewhere (which ends a string early: for the tokenizer to judge)
        joined = raw.translate(None, b'"\n')
        if len(raw) - len(joined) != 3 * lines:
            raise _NotFast
        return joined.decode(charset), lines
    if _STRICT.fullmatch(raw) is None:
        raise _NotFast  # a quote that ends a string early, or a bad escape
    return _unescape_bytes(raw.replace(b'"\n"', b""), path="", line=0).decode(charset), lines


_NO_PREVIOUS: tuple[None, None, None] = (None, None, None)


def _previous(block: bytes, charset: str) -> tuple[str | None, str | None, str | None]:
    """The previous msgctxt, msgid, msgid_plural of the ``#| …`` lines of ``block``."""
    lines = block.split(b"\n")
    lines.pop()
    text = b"\n".join([ln[3:] for ln in lines]) + b"\n"
    pos = 0
    found: dict[bytes, str] = {}
    for m in _PREVIOUS.finditer(text):
        kw = m.group(1)
        if m.start() != pos or kw in found:
            raise _NotFast
        pos = m.end()
        found[kw] = _text(m.group(2), charset)
    if pos != len(text):
        raise _NotFast
    return found.get(b"msgctxt"), found.get(b"msgid"), found.get(b"msgid_plural")


def _comments(block: bytes, skip: int, charset: str) -> list[str]:
    out = []
    for ln in block.split(b"\n")[:-1]:
        body = ln[skip:]
        out.append((body[1:] if body[:1] == b" " else body).decode(charset))
    return out


def _read_messages(data: bytes, charset: str, name: str, *, path: str) -> list[Message]:
    """The messages of a file's bytes (BOM removed, charset known), in file order."""
    out: list[Message] = []
    add = out.append
    pos, line, counted = 0, 1, 0
    end = len(data)
    match = _ENTRY.match
    intern = sys.intern
    resume = [0, 0]
    while pos < end:
        m = match(data, pos)
        if m is not None:
            tc, ac, rf, fl, pv, key, ctx, _, mid, mstr = m.groups()
            start = m.start(6 if key is not None else 8)
            at = line + data.count(b"\n", counted, start)
            try:
                previous = _previous(pv, charset) if pv else _NO_PREVIOUS
                if not ac:
                    autos = []
                elif ac.startswith(b"#. ") and ac.find(b"\n") == len(ac) - 1:
                    autos = [ac[3:-1].decode(charset)]
                else:
                    autos = _comments(ac, 2, charset)
                msgid, below = _text_lines(mid, charset)
                msgstr, more = _text_lines(mstr, charset)
                below += more + 1  # the newlines from the first keyword to msgstr's end
                if ctx is None:
                    msgctxt = None
                else:
                    msgctxt, more = _text_lines(ctx, charset)
                    below += more + 1
                msg = Message(
                    msgid,
                    msgstr,
                    msgctxt,
                    None,
                    {},
                    _comments(tc, 1, charset) if tc else [],
                    autos,
                    [rf[3:-1].decode(charset)]
                    if rf.count(b" ") == 1 and rf.startswith(b"#: ")
                    else [r.decode(charset) for r in rf.split() if r != b"#:"]
                    if rf
                    else [],
                    [intern(f.strip().decode(charset)) for f in fl[2:].split(b",") if f.strip()]
                    if fl
                    else [],
                    *previous,
                    False,
                    at,
                )
            except (_NotFast, CatalogError, UnicodeDecodeError):
                pass  # read again below, for the error with its exact line
            else:
                add(msg)
                # the entry's own newlines are known: only the gap to the next is counted
                line, counted, pos = at + below, m.end(), m.end()
                continue
        line += data.count(b"\n", counted, pos)
        for raw in _iter_raw(data, path=path, pos=pos, line=line, resume=resume):
            add(_message(raw, charset, name, path=path, data=data))
        pos, line = resume
        counted = pos
    return out


def _find_header(data: bytes, *, path: str) -> _Raw | None:
    # lazy: stops at the header entry, which is nearly always the first one
    return next((e for e in _iter_raw(data, path=path) if _is_header(e)), None)


def _field_error(e: _Raw, charset: str, name: str, path: str, data: bytes = b"") -> CatalogError:
    """The error for an entry with a string that is not valid in its charset."""
    fields: list[tuple[str, bytes | None]] = [
        ("msgctxt", e.msgctxt),
        ("msgid", e.msgid),
        ("msgid_plural", e.msgid_plural),
        ("msgstr", e.msgstr),
    ]
    fields += [(f"msgstr[{i}]", v) for i, v in enumerate(e.plural or ())]
    for key, value in fields:
        if value is None:
            continue
        try:
            value.decode(charset)
        except UnicodeDecodeError as exc:
            return CatalogError(
                f"text that is not valid {name} (0x{value[exc.start]:02x}); "
                "the header declares this charset",
                path=path,
                line=e.lines.get(key, e.line),
            )
    comments = [*(e.comments or ()), *(e.autos or ()), *(e.refs or ()), *(e.flags or ())]
    for value in comments:
        try:
            value.decode(charset)
        except UnicodeDecodeError as exc:
            # the comment's bytes are in the file as they are: its own line, not the entry's
            at = data.find(value)
            return CatalogError(
                f"a comment or flag that is not valid {name} (0x{value[exc.start]:02x}); "
                "the header declares this charset",
                path=path,
                line=data.count(b"\n", 0, at + exc.start) + 1 if at >= 0 else e.line,
            )
    return CatalogError(
        f"a previous msgid (#|) that is not valid {name}; the header declares this charset",
        path=path,
        line=e.line,
    )


_CONTINUED = re.compile(rb"\\\n")  # faster than ``in`` for a two-byte needle


def _prepare(data: bytes, *, path: str) -> tuple[bytes, str, str]:
    """(bytes to tokenize, the codec of their strings, the charset's name as declared)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if _CONTINUED.search(data):
        # GNU's lexer joins a line ending in a backslash with the next one, anywhere in the
        # file (po-lex.c); the writer relies on this for comments that end in a backslash
        data = data.replace(b"\\\n", b"")
    nul = data.find(b"\0")
    if nul >= 0:
        # text files hold no NUL; GNU would cut the string there and lose the rest
        raise CatalogError(
            "a NUL byte: this is not a PO file, or it is damaged (UTF-16 text?)",
            path=path,
            line=data.count(b"\n", 0, nul) + 1,
        )
    header = _find_header(data, path=path)
    charset, name = _declared_charset(header, path=path)
    _check_not_utf8(data, name, charset, path=path)
    if charset.replace("-", "_") in _WEIRD:
        # A multibyte character of these charsets may hold the byte of a backslash or a
        # quote: convert to UTF-8 before looking for the syntax.  (Octal escapes of bytes
        # >= 0x80 are then read as UTF-8 bytes, not as bytes of the declared charset.)
        try:
            data = data.decode(charset).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise _undecodable(data, exc.start, name, path) from None
        return data, "utf-8", name
    return data, charset, name


def _undecodable(data: bytes, at: int, name: str, path: str) -> CatalogError:
    return CatalogError(
        f"bytes that are not valid {name} (0x{data[at]:02x}); the header declares this charset",
        path=path,
        line=data.count(b"\n", 0, at) + 1,
    )


def read_po(data: bytes, *, path: str) -> tuple[Catalog, list[str]]:
    """Read a PO or POT file from its bytes.

    The charset comes from the ``Content-Type`` of the header entry (``msgid ""`` without
    msgctxt), wherever it sits; octal and hex escapes are bytes in that charset.  A UTF-8
    BOM, CRLF line ends, ``#~|`` lines and plural entries are accepted.

    Returns ``(catalog, warnings)``.  Raises :class:`CatalogError` with ``file:line`` for
    anything malformed: a repeated keyword in one entry, plural forms with a gap or beyond
    the header's ``nplurals``, an invalid or NUL escape, bytes not in the charset, a file
    whose bytes are UTF-8 while the header declares another charset.
    """
    data, charset, name = _prepare(data, path=path)
    # the collector would walk the growing catalog again and again while nothing in it
    # can be garbage yet; one read of 100,000 entries is a fifth faster without it
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _assemble(_read_messages(data, charset, name, path=path), path=path)
    finally:
        if enabled:
            gc.enable()


def decode_po(data: bytes, *, path: str) -> str:
    """Decode a PO file's bytes in the charset its header entry declares."""
    data, charset, name = _prepare(data, path=path)
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc.start, name, path) from None


def parse_po(text: str, *, path: str) -> tuple[Catalog, list[str]]:
    """Parse the decoded text of a PO file (see :func:`read_po`, which reads bytes).

    Octal and hex escapes are bytes in the charset the header declares."""
    data = text.encode("utf-8", "surrogatepass")
    charset, _ = _declared_charset(_find_header(data, path=path), path=path)
    if charset != "utf-8":
        try:
            data = text.encode(charset)
        except UnicodeEncodeError as exc:
            line = text.count("\n", 0, exc.start) + 1
            raise CatalogError(
                f"{text[exc.start]!r} cannot be written in {charset}, the charset the header "
                "declares",
                path=path,
                line=line,
            ) from None
    return read_po(data, path=path)


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def _assemble(messages: list[Message], *, path: str) -> tuple[Catalog, list[str]]:
    header: Message | None = None
    where = next(
        (
            i
            for i, m in enumerate(messages)
            if m.msgid == "" and m.msgctxt is None and not m.obsolete
        ),
        -1,
    )
    body = messages
    if where >= 0:
        header = messages[where]
        body = messages[:where] + messages[where + 1 :]
    # duplicates: one set of keys; the rare file that has some is searched again for them
    contexts = [m.msgctxt for m in body if not m.obsolete]
    if None in contexts or len(set(contexts)) != len(contexts):
        # without a distinct msgctxt each (segment IDs are), compare whole keys
        active = [(m.msgctxt, m.msgid) for m in body if not m.obsolete]
        keys = set(active)
        if len(keys) != len(active) or (None, "") in keys:
            _duplicates(body, header, path=path)
    if header is None:
        return Catalog(header=Message(msgid=""), messages=body, has_header=False), []
    m = _NPLURALS.search(parse_header(header.msgstr).get("Plural-Forms", ""))
    if m:
        nplurals = int(m.group(1))
        for msg in body:
            forms = len(msg.msgstr_plural) if msg.msgid_plural is not None else 0
            if forms > nplurals:
                raise CatalogError(
                    f"plural entry has {forms} forms, the language has {nplurals} (nplurals "
                    f"in the header's Plural-Forms): msgstr[{nplurals}] and above have no use",
                    path=path,
                    line=msg.line,
                )
    return Catalog(header=header, messages=body), []


def _duplicates(body: list[Message], header: Message | None, *, path: str) -> None:
    """Raise the error for the first repeated header or message."""
    seen: dict[tuple[str | None, str], int] = {}
    for msg in body:
        if msg.obsolete:
            continue
        if msg.msgid == "" and msg.msgctxt is None:
            assert header is not None
            raise CatalogError(
                f"a second header entry (empty msgid); the first is at line {header.line}",
                path=path,
                line=msg.line,
            )
        key = (msg.msgctxt, msg.msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (msgctxt {msg.msgctxt!r}); the first is "
                f"at line {seen[key]}",
                path=path,
                line=msg.line,
            )
        seen[key] = msg.line
