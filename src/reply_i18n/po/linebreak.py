"""Line breaking as GNU gettext does it when it wraps PO strings.

gettext wraps with libunistring's ``ulc_width_linebreaks``: Unicode line breaking
(UAX #14) to find where a line may end, then a greedy fill.  This module implements the
part of UAX #14 that text in PO files reaches, with libunistring's own departures from the
current standard (it has no rule LB29, so a break may follow a full stop before a letter),
and the greedy fill.  The test-suite compares the result with ``msgcat`` on generated text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Set

# Line breaking classes of UAX #14, reduced to those that matter for wrapping.
_CLASS_OF = {
    " ": "SP",
    "\u00a0": "GL",
    "\u202f": "GL",
    "\u2007": "GL",
    "\u2060": "WJ",
    "\ufeff": "WJ",
    "\u200b": "ZW",
    "\u00ad": "BA",
    "\u2010": "BA",
    "\u2012": "BA",
    "\u2013": "BA",
    "\u2014": "B2",
    "\u2026": "IN",
    "-": "HY",
    "/": "SY",
    ".": "IS",
    ",": "IS",
    ":": "IS",
    ";": "IS",
    "!": "EX",
    "?": "EX",
    "(": "OP",
    "[": "OP",
    "{": "OP",
    ")": "CP",
    "]": "CP",
    "}": "CL",
    '"': "QU",
    "'": "QU",
    "\u00ab": "QU",
    "\u00bb": "QU",
    "\u2018": "QU",
    "\u2019": "QU",
    "\u201c": "QU",
    "\u201d": "QU",
    "\u201e": "OP",
    "\u201a": "OP",
    "%": "PO",
    "\u2030": "PO",
    "\u00b0": "PO",
    "\u2032": "PO",
    "\u2033": "PO",
    "\u00a2": "PO",
    "$": "PR",
    "+": "PR",
    "\\": "PR",
    "\u00a3": "PR",
    "\u00a5": "PR",
    "\u20ac": "PR",
    "\u2116": "PR",
    "\u20bc": "PR",
    "\u20bd": "PR",
    "|": "BA",
    "\t": "BA",
    "\u00b4": "BB",
    "#": "AL",
    "&": "AL",
    "*": "AL",
    "<": "AL",
    "=": "AL",
    ">": "AL",
    "@": "AL",
    "^": "AL",
    "_": "AL",
    "`": "AL",
    "~": "AL",
    "\u2022": "AL",
    "\u00a7": "AI",
    "\u00b7": "AI",
    "\u2024": "IN",
    "\u2025": "IN",
    "\u3000": "BA",
}


class _ClassTable(dict[int, str]):
    """Maps code points to one-letter class codes for ``str.translate``; filled lazily."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        cls = _CLASS_OF.get(ch)
        if cls is None:
            cat = unicodedata.category(ch)
            if cat in ("Mn", "Me", "Cc"):
                cls = "CM"
            elif cat == "Nd":
                cls = "NU"
            elif unicodedata.east_asian_width(ch) in ("W", "F"):
                cls = "ID"
            else:
                cls = "AL"
        code = _CODES[cls]
        self[cp] = code
        return code


_CLASSES = [
    "AL",
    "SP",
    "GL",
    "WJ",
    "ZW",
    "BA",
    "B2",
    "IN",
    "HY",
    "SY",
    "IS",
    "EX",
    "OP",
    "CP",
    "CL",
    "QU",
    "PO",
    "PR",
    "BB",
    "AI",
    "CM",
    "NU",
    "ID",
]
_CODES = {name: chr(ord("a") + i) for i, name in enumerate(_CLASSES)}
_NAMES = {code: name for name, code in _CODES.items()}
_TABLE = _ClassTable()

_DIRECT, _INDIRECT, _PROHIBITED = 0, 1, 2


def _pair(a: str, b: str) -> int:
    """Action of the UAX #14 pair table for classes ``a`` (before) and ``b`` (after)."""
    if b == "ZW":
        return _PROHIBITED  # LB7: × ZW
    if a == "ZW":
        return _DIRECT  # LB8: ZW SP* ÷
    if b in ("CL", "CP", "EX", "IS", "SY") or a == "OP" or b == "WJ" or a == "WJ":
        return _PROHIBITED
    if a == "PR" and b == "ID":
        return _INDIRECT  # LB24: PR × ID
    if a == "QU" and b == "OP":
        return _PROHIBITED  # LB15: QU SP* × OP
    if a == "ID" and b == "PO":
        return _INDIRECT
    if b in ("BA", "HY", "IN", "GL", "QU", "CM") or a in ("QU", "GL", "BB"):
        if b == "GL" and a in ("BA", "HY"):
            return _DIRECT
        return _INDIRECT
    if a in ("HY", "BA", "B2", "IN", "SY", "EX", "CL", "CP", "SP", "ID", "ZW"):
        if b == "NU" and a in ("HY", "SY"):
            return _INDIRECT
        if a == "B2" and b == "B2":
            return _PROHIBITED
        if a in ("CL", "CP") and b in ("PO", "PR"):
            return _INDIRECT
        if a == "CP" and b in ("AL", "AI", "NU"):
            return _INDIRECT
        return _DIRECT
    if b == "ID" or b == "B2":
        return _DIRECT
    # a is AL, AI, NU, IS, PO, PR (letters, numbers and their affixes)
    if a == "IS" and b != "NU":
        return _DIRECT  # libunistring, like gettext, has no LB29 (IS × AL)
    if a in ("PO", "PR") and b not in ("AL", "AI", "NU", "OP"):
        return _DIRECT
    return _INDIRECT


_PAIR_CACHE: dict[tuple[str, str], int] = {}
_SP, _CM, _ZW, _AL = _CODES["SP"], _CODES["CM"], _CODES["ZW"], _CODES["AL"]


def _allowed(codes: str, i: int) -> bool:
    """Whether UAX #14, as libunistring applies it, allows a break before ``codes[i]``.

    Only the characters before ``i`` back to the last non-space one matter, so the greedy
    line filler can ask about the few positions near a line's end instead of classifying
    the whole string.
    """
    code = codes[i]
    if code == _SP or i == 0:
        return False
    j = i - 1
    spaces = False
    while j >= 0 and codes[j] == _SP:
        j -= 1
        spaces = True
    if j < 0:
        return False
    prev = codes[j]
    if prev == _CM:  # a combining mark takes its base's class (LB9), or AL (LB10)
        k = j
        while k >= 0 and codes[k] == _CM:
            k -= 1
        prev = _AL if k < 0 or codes[k] in (_SP, _ZW) else codes[k]
    if code == _CM:
        if spaces:
            return True  # LB10: a mark after a space starts a new letter
        if prev != _ZW:
            return False  # LB9: a mark stays with its base
        code = _AL
    key = (prev, code)
    action = _PAIR_CACHE.get(key)
    if action is None:
        action = _PAIR_CACHE[key] = _pair(_NAMES[prev], _NAMES[code])
    return action == _DIRECT or (action == _INDIRECT and spaces)


class _WidthTable(dict[int, str]):
    """Maps code points whose display width is not 1 to a marker, others to nothing."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        mark = "" if _char_width(ch) == 1 else "x"
        self[cp] = mark
        return mark


def _char_width(ch: str) -> int:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


_WIDTHS = _WidthTable()


def _columns(text: str) -> list[int] | None:
    """Cumulative display columns (``cols[i]`` = width of ``text[:i]``), or None when every
    character is one column wide, as in most text."""
    if text.isascii() or not text.translate(_WIDTHS):
        return None
    cols = [0]
    for ch in text:
        cols.append(cols[-1] + _char_width(ch))
    return cols


#: a break can only come after one of these classes, or before one of _BEFORE
_AFTER = frozenset(
    _CODES[c]
    for c in (
        "SP",
        "HY",
        "BA",
        "B2",
        "IN",
        "SY",
        "EX",
        "CL",
        "CP",
        "ID",
        "ZW",
        "IS",
        "PO",
        "PR",
        "CM",
    )
)
_BEFORE = frozenset((_CODES["ID"], _CODES["B2"]))


def wrap(text: str, first_width: int, width: int, blocked: Set[int] = frozenset()) -> list[str]:
    """Cut a text into lines the way ``ulc_width_linebreaks`` does: each line
    ends at the last break opportunity that keeps it within the width, or, when there is
    none, at the first opportunity after it.  No line ends before a position in ``blocked``."""
    n = len(text)
    cols = _columns(text)
    if (cols[n] if cols else n) <= first_width:
        return [text]
    codes = text.translate(_TABLE)

    def ok(i: int) -> bool:
        return (
            (codes[i - 1] in _AFTER or codes[i] in _BEFORE)
            and i not in blocked
            and _allowed(codes, i)
        )

    lines: list[str] = []
    start, avail = 0, first_width
    while True:
        used = (cols[n] - cols[start]) if cols else n - start
        if used <= avail:
            break
        if cols:
            limit = start
            while limit < n and cols[limit + 1] - cols[start] <= avail:
                limit += 1
        else:
            limit = start + avail
        best = next((i for i in range(min(limit, n - 1), start, -1) if ok(i)), -1)
        if best < 0:
            best = next((i for i in range(limit + 1, n) if ok(i)), -1)
            if best < 0:
                break
        lines.append(text[start:best])
        start, avail = best, width
    lines.append(text[start:])
    return lines
