"""Lines in TOML text, for ``file:line`` messages: :mod:`tomllib` gives values, not positions.

:func:`key_line` finds where a key is defined, under its ``[table]`` header, as a dotted
key (``build.editions = …``) or inside an inline table; :func:`item_line` where an element
of an array value starts, for arrays written over several lines.  Both read the text as
TOML 1.0 writes it (tables, dotted and quoted keys, basic and literal strings, multi-line
strings and comments); text :mod:`tomllib` refused is never given to them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_PART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"
_HEADER = re.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]\]?")
_KEY = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_PARTS = re.compile(_PART)
_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")


def syntax_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int | None]:
    """The message of a TOML syntax error without its ``(at line N, column M)``, and N."""
    text = str(exc)
    m = _AT.search(text)
    return _AT.sub("", text), int(m[1]) if m else None


def _parts(dotted: str) -> tuple[str, ...]:
    out = []
    for part in _PARTS.findall(dotted):
        if part[0] in "\"'":  # a quoted key means what the same TOML string means
            part = tomllib.loads(f"k = {part}")["k"]
        out.append(part)
    return tuple(out)


def _scan(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Every key and table of the text → (line, offset of its value or header end); the
    first definition wins, and a dotted key also defines the tables it passes through."""
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    pos, line, n = 0, 1, len(text)

    def define(path: tuple[str, ...], at: tuple[int, int]) -> None:
        for i in range(1, len(path) + 1):
            found.setdefault(path[:i], at)

    while pos < n:
        end = text.find("\n", pos)
        end = n if end < 0 else end
        row = text[pos:end]
        header = _HEADER.match(row)
        key = None if header else _KEY.match(row)
        if header:
            table = _parts(header[1])
            define(table, (line, pos + header.end()))
        elif key:
            start = pos + key.end()
            define(table + _parts(key[1]), (line, start))
            stop = _value_end(text, start)
            # keys of an inline table are keys too: { a = 1, b = [2] }
            brace = text.find("{", start, stop)
            if brace >= 0 and not text[start:brace].strip():
                _inline(text, brace, stop, table + _parts(key[1]), found, line)
            line += text.count("\n", pos, stop)
            pos = stop
            end = text.find("\n", pos)
            end = n if end < 0 else end
        line += 1
        pos = end + 1
    return found


def _inline(
    text: str,
    start: int,
    stop: int,
    table: tuple[str, ...],
    found: dict[tuple[str, ...], tuple[int, int]],
    line: int,
) -> None:
    """The keys of the inline table ``text[start:stop]`` (from its ``{``)."""
    pos = start + 1
    while pos < stop:
        key = _KEY.match(text, pos)
        if key is None:
            break
        value = key.end()
        at = line + text.count("\n", start, key.start(1))
        path = table + _parts(key[1])
        for i in range(len(table) + 1, len(path) + 1):
            found.setdefault(path[:i], (at, value))
        pos = _value_end(text, value)
        brace = text.find("{", value, pos)
        if brace >= 0 and not text[value:brace].strip():
            _inline(text, brace, pos, path, found, at)
        while pos < stop and text[pos] in " \t\r\n,":
            pos += 1


def _value_end(text: str, pos: int) -> int:
    """Where the value starting at ``pos`` ends: after its closing bracket or string, or
    at the end of its line or the next ``,`` / ``}`` of an enclosing inline table."""
    depth = 0
    n = len(text)
    while pos < n:
        ch = text[pos]
        if text.startswith(('"""', "'''"), pos):
            close = text.find(text[pos : pos + 3], pos + 3)
            pos = n if close < 0 else close + 3
            while pos < n and text[pos] == text[pos - 1]:  # up to two more quotes
                pos += 1
            continue
        if ch in "\"'":
            pos = _string_end(text, pos)
            continue
        if ch == "#":
            eol = text.find("\n", pos)
            pos = n if eol < 0 else eol
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            if depth == 0:
                return pos
            depth -= 1
            if depth == 0:
                return pos + 1
        elif depth == 0 and ch in ",\n":
            return pos
        pos += 1
    return pos


def _string_end(text: str, pos: int) -> int:
    quote = text[pos]
    pos += 1
    while pos < len(text) and text[pos] not in (quote, "\n"):
        pos += 2 if quote == '"' and text[pos] == "\\" else 1
    return pos + 1


def key_line(text: str, key: Sequence[str]) -> int | None:
    """The line where ``key`` (``("build", "editions")``) is defined in the TOML ``text``;
    when it is not, the line of the nearest table or key that holds it; None when not even
    its first part is found."""
    found = _scan(text)
    for i in range(len(key), 0, -1):
        at = found.get(tuple(key[:i]))
        if at is not None:
            return at[0]
    return None


def item_line(text: str, key: Sequence[str], index: int) -> int | None:
    """The line where element ``index`` (from 0) of the array value of ``key`` starts;
    the key's line (see :func:`key_line`) when the value is no array or so short."""
    found = _scan(text)
    at = found.get(tuple(key))
    if at is None:
        return key_line(text, key)
    line, pos = at
    n = len(text)
    while pos < n and text[pos] in " \t":
        pos += 1
    if pos >= n or text[pos] != "[":
        return line
    pos += 1
    count = 0
    while pos < n:
        ch = text[pos]
        if ch in " \t\r\n,":
            if ch == ",":
                count += 1
            pos += 1
            continue
        if ch == "#":
            eol = text.find("\n", pos)
            pos = n if eol < 0 else eol
            continue
        if ch == "]":
            break
        if count == index:
            return line + text.count("\n", at[1], pos)
        pos = _value_end(text, pos)
    return line
