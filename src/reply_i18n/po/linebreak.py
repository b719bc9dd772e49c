"""Line breaking as GNU gettext does it when it wraps PO strings.

gettext wraps with libunistring's ``ulc_width_linebreaks``: the Unicode line breaking
algorithm (UAX #14) finds where a line may end, then a greedy fill takes the last break
that keeps a line within the width.  This module reproduces both.

The line breaking class of each character is the Unicode ``Line_Break`` property, read
through the ``regex`` library's Unicode data (``\\p{Line_Break=…}``), and its display width
comes from ``unicodedata`` (general category and East Asian width), as libunistring's
``uc_width`` derives it.  No class is kept by hand here; what is kept is the pair rules of
UAX #14 as libunistring 1.0 applies them, which depart from the current standard in a few
places (noted at each rule).  The test-suite compares the result with ``msgcat`` on
random strings drawn from every class that PO text reaches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Set

import regex

#: UAX #14 classes that the rules below distinguish.  Others are resolved as libunistring
#: resolves them: AI, SA, SG, XX and the mandatory breaks (which PO strings escape) to AL,
#: CJ to NS, CB to ID.  ``regex`` follows a newer Unicode than libunistring 1.0 (Unicode
#: 14): the classes added since go back to what their characters were then (HH, the
#: hyphen U+2010, was BA; the Brahmic AK, AP, AS were AL, and VF, VI, being marks, CM).
_CLASSES = (
    "AL", "SP", "OP", "CL", "CP", "QU", "GL", "NS", "EX", "SY", "IS", "PR", "PO", "NU",
    "HL", "ID", "IN", "HY", "BA", "BB", "B2", "ZW", "CM", "WJ", "H2", "H3", "JL", "JV",
    "JT", "RI", "EB", "EM", "ZWJ", "OPW", "CPW",
)  # fmt: skip
_RESOLVED = {
    "CJ": "NS", "CB": "ID", "HH": "BA", "AK": "AL", "AP": "AL", "AS": "AL", "VF": "CM", "VI": "CM",
}  # fmt: skip
_PROPERTY = regex.compile(
    "|".join(
        f"(?P<{name}>\\p{{Line_Break={name}}})"
        for name in (*_CLASSES[1:-2], *_RESOLVED)  # AL is what matches none of these
    )
)
_CODES = {name: chr(ord("A") + i) for i, name in enumerate(_CLASSES)}
_NAMES = {code: name for name, code in _CODES.items()}


def line_break_class(ch: str) -> str:
    """The UAX #14 class of a character, resolved as libunistring resolves it."""
    m = _PROPERTY.match(ch)
    if m is None or m.lastgroup is None:
        return "AL"
    return _RESOLVED.get(m.lastgroup, m.lastgroup)


def _class_code(ch: str) -> str:
    name = line_break_class(ch)
    if name in ("OP", "CP") and unicodedata.east_asian_width(ch) in ("F", "W", "H"):
        name += "W"  # LB30 leaves out the East Asian brackets
    return _CODES[name]


class _ClassTable(dict[str, str]):
    """Maps characters to one-letter class codes; filled lazily."""

    def __missing__(self, ch: str) -> str:
        code = _class_code(ch)
        self[ch] = code
        return code


_CODE = _ClassTable()

_DIRECT, _INDIRECT, _PROHIBITED = 0, 1, 2

_LB25 = {
    ("CL", "PO"), ("CP", "PO"), ("CL", "PR"), ("CP", "PR"), ("NU", "PO"), ("PO", "NU"),
    ("NU", "PR"), ("PR", "NU"), ("PO", "OP"), ("PR", "OP"), ("HY", "NU"), ("IS", "NU"),
    ("NU", "NU"), ("SY", "NU"),
}  # fmt: skip
_HANGUL = ("JL", "JV", "JT", "H2", "H3")
_NARROW = {"OPW": "OP", "CPW": "CP"}


def _pair(a: str, b: str) -> int:
    """Action of the UAX #14 pair table for classes ``a`` (before) and ``b`` (after):
    a direct break, an indirect one (only after spaces) or none, even after spaces.

    ``OPW`` and ``CPW`` are the East Asian wide brackets, which act as OP and CP except
    in LB30."""
    if (a in ("AL", "HL", "NU") and b == "OPW") or (a == "CPW" and b in ("AL", "HL", "NU")):
        return _DIRECT  # LB30 is not for East Asian brackets
    a, b = _NARROW.get(a, a), _NARROW.get(b, b)
    if b == "ZW":
        return _PROHIBITED  # LB7 × ZW
    if a == "ZW":
        return _DIRECT  # LB8 ZW SP* ÷
    if b == "WJ":
        return _PROHIBITED  # LB11 × WJ
    if b in ("CL", "CP", "EX", "IS", "SY"):
        return _PROHIBITED  # LB13
    if a == "OP":
        return _PROHIBITED  # LB14 OP SP* ×
    if a == "QU" and b == "OP":
        return _PROHIBITED  # LB15 QU SP* × OP
    if a in ("CL", "CP") and b == "NS":
        return _PROHIBITED  # LB16 (CL | CP) SP* × NS
    if a == "B2" and b == "B2":
        return _PROHIBITED  # LB17 B2 SP* × B2
    if a in ("WJ", "GL"):
        return _INDIRECT  # LB11 WJ ×, LB12 GL ×
    if b == "GL":
        return _DIRECT if a in ("BA", "HY") else _INDIRECT  # LB12a
    if a == "QU" or b == "QU":
        return _INDIRECT  # LB19
    if b in ("BA", "HY", "NS") or a == "BB":
        return _INDIRECT  # LB21
    if a == "SY" and b == "HL":
        return _INDIRECT  # LB21b
    if b == "IN":
        return _INDIRECT  # LB22
    if (a in ("AL", "HL") and b == "NU") or (a == "NU" and b in ("AL", "HL")):
        return _INDIRECT  # LB23
    if (a == "PR" and b in ("ID", "EB", "EM")) or (a in ("ID", "EB", "EM") and b == "PO"):
        return _INDIRECT  # LB23a
    if (a in ("PR", "PO") and b in ("AL", "HL")) or (a in ("AL", "HL") and b in ("PR", "PO")):
        return _INDIRECT  # LB24
    if (a, b) in _LB25:
        return _INDIRECT  # LB25, in the pair-table form that libunistring uses
    if a == "JL" and b in ("JL", "JV", "H2", "H3"):
        return _INDIRECT  # LB26
    if a in ("JV", "H2") and b in ("JV", "JT"):
        return _INDIRECT
    if a in ("JT", "H3") and b == "JT":
        return _INDIRECT
    if (a in _HANGUL and b == "PO") or (a == "PR" and b in _HANGUL):
        return _INDIRECT  # LB27
    if a in ("AL", "HL") and b in ("AL", "HL"):
        return _INDIRECT  # LB28
    # LB29 (IS × AL) is missing from libunistring 1.0: a break may follow a full stop
    # before a letter, and gettext breaks there
    if (a in ("AL", "HL", "NU") and b == "OP") or (a == "CP" and b in ("AL", "HL", "NU")):
        return _INDIRECT  # LB30
    if a == "RI" and b == "RI":
        return _INDIRECT  # LB30a, without the counting of pairs
    if a == "EB" and b == "EM":
        return _INDIRECT  # LB30b
    return _DIRECT  # LB31


_PAIR_CACHE: dict[tuple[str, str], int] = {}
_SP, _CM, _ZWJ, _ZW, _AL = _CODES["SP"], _CODES["CM"], _CODES["ZWJ"], _CODES["ZW"], _CODES["AL"]
_MARKS = (_CM, _ZWJ)
_RI, _HL = _CODES["RI"], _CODES["HL"]
_HY_BA = (_CODES["HY"], _CODES["BA"])


def _allowed(text: str, i: int) -> bool:
    """Whether UAX #14, as libunistring applies it, allows a break before ``text[i]``.

    Only the characters before ``i`` back to the last non-space one matter, so the greedy
    line filler can ask about the few positions near a line's end instead of classifying
    the whole string.
    """
    codes = _CODE
    code = codes[text[i]]
    if code == _SP or i == 0:
        return False  # LB7 × SP, LB2 sot ×
    j = i - 1
    spaces = False
    while j >= 0 and codes[text[j]] == _SP:
        j -= 1
        spaces = True
    if j < 0:
        return False
    prev = codes[text[j]]
    if prev == _ZWJ and not spaces:
        return False  # LB8a ZWJ ×
    k = j
    if prev in _MARKS:  # a mark takes its base's class (LB9), or is a letter (LB10)
        while k >= 0 and codes[text[k]] in _MARKS:
            k -= 1
        prev = _AL if k < 0 or codes[text[k]] in (_SP, _ZW) else codes[text[k]]
    if prev in _HY_BA and not spaces and k > 0 and codes[text[k - 1]] == _HL:
        return False  # LB21a HL (HY | BA) ×
    if code in _MARKS:
        # LB10 makes a mark after a space a letter; libunistring 1.0 then breaks before
        # it whatever came before the space (even OP, unlike LB14)
        return spaces or prev == _ZW  # else LB9: a mark stays with its base
    if prev == code == _RI and not spaces:
        k = j  # LB30a: regional indicators pair up; break between two pairs
        while k >= 0 and codes[text[k]] == _RI:
            k -= 1
        return (j - k) % 2 == 0
    key = (prev, code)
    action = _PAIR_CACHE.get(key)
    if action is None:
        action = _PAIR_CACHE[key] = _pair(_NAMES[prev], _NAMES[code])
    return action == _DIRECT or (action == _INDIRECT and spaces)


def char_width(ch: str) -> int:
    """Display columns of a character, as libunistring's ``uc_width`` counts them in a
    UTF-8 locale: 0 for marks and format characters, 2 for East Asian wide ones."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc") or "\u1160" <= ch <= "\u11ff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _ranges(keep: Callable[[str], bool]) -> str:
    """A regex character class of the characters below U+3000 that ``keep`` accepts."""
    ranges = []
    start = None
    for cp in range(0x20, 0x3001):
        one = cp < 0x3000 and keep(chr(cp)) and chr(cp) not in "\\]^-["
        if one and start is None:
            start = cp
        elif not one and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


_ONE_COLUMN = re.compile(f"[{_ranges(lambda ch: char_width(ch) == 1)}]*")


def _plain(ch: str) -> bool:
    return unicodedata.category(ch) in ("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Mn") and (
        line_break_class(ch) in ("AL", "NU", "CM")
    )


#: a word made of these has no break inside it: letters and digits of classes AL and NU,
#: and marks, which stay with their letter (LB9); AL and NU pairs never break directly
_PLAIN = re.compile(f"[{_ranges(_plain)}]*")


def _columns(text: str) -> list[int] | None:
    """Cumulative display columns (``cols[i]`` = width of ``text[:i]``), or None when every
    character is one column wide, as in most text."""
    if text.isascii() or _ONE_COLUMN.fullmatch(text):
        return None
    cols = [0]
    for ch in text:
        cols.append(cols[-1] + char_width(ch))
    return cols


def _may_break(pair: str) -> bool:
    """Whether a break can fall between two adjacent characters in some context; when
    not, the exact test is skipped."""
    a, b = _CODE[pair[0]], _CODE[pair[1]]
    if a in (_SP, _CM, _ZWJ, _RI, _ZW):
        return True  # decided by what comes before
    if b == _SP or b in _MARKS:
        return False
    return _pair(_NAMES[a], _NAMES[b]) == _DIRECT


class _MayTable(dict[str, bool]):
    def __missing__(self, pair: str) -> bool:
        value = self[pair] = _may_break(pair)
        return value


_MAY = _MayTable()


def _last_break(text: str, lo: int, hi: int, blocked: Set[int]) -> int:
    """The last position in ``(lo, hi]`` where a line may end, or -1."""
    while hi > lo:
        space = text.rfind(" ", lo, hi)  # the word after it runs up to hi
        first = max(space + 1, lo + 1)
        if first < hi and _PLAIN.fullmatch(text, first, hi + 1):
            scan = range(first, first - 1, -1)  # no break inside the word
        else:
            scan = range(hi, first - 1, -1)
        for i in scan:
            if _MAY[text[i - 1 : i + 1]] and i not in blocked and _allowed(text, i):
                return i
        if space <= lo:
            return -1
        hi = space
    return -1


def wrap(text: str, first_width: int, width: int, blocked: Set[int] = frozenset()) -> list[str]:
    """Cut a text into lines the way ``ulc_width_linebreaks`` does: each line
    ends at the last break opportunity that keeps it within the width, or, when there is
    none, at the first opportunity after it.  No line ends before a position in ``blocked``."""
    n = len(text)
    cols = _columns(text)
    if (cols[n] if cols else n) <= first_width:
        return [text]

    def ok(i: int) -> bool:
        return _MAY[text[i - 1 : i + 1]] and i not in blocked and _allowed(text, i)

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
        best = _last_break(text, start, min(limit, n - 1), blocked)
        if best < 0:
            best = next((i for i in range(limit + 1, n) if ok(i)), -1)
            if best < 0:
                break
        lines.append(text[start:best])
        start, avail = best, width
    lines.append(text[start:])
    return lines
