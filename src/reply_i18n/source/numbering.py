"""The list numbers that Word draws, computed from ``numbering.xml`` as Word computes them.

Word does not store the numbers of automatically numbered paragraphs: it draws them from
the numbering definitions (ECMA-376 Part 1, §17.9).  A paragraph names a numbering
instance (``w:numId``) and a level (``w:ilvl``); the instance points to an abstract
numbering (``w:abstractNumId``) whose levels give the start value, the number format
(``w:numFmt``), the label template (``w:lvlText``, e.g. ``%1.%2``) and when the level
restarts (``w:lvlRestart``); the instance may override the start of a level
(``w:lvlOverride/w:startOverride``) or a whole level.

Counting follows Word: instances of one abstract numbering continue one list, an instance
with overrides is a list of its own (so a new ``w:num`` with a ``w:startOverride`` restarts
the numbering), and using a level restarts the deeper levels (unless ``w:lvlRestart`` says
otherwise).  Everything here is
pure: :func:`parse_numbering` reads the XML element, :class:`Numberer` counts paragraphs
in document order, :func:`format_number` and :func:`format_label` draw one label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reply_i18n.source.glyphs import SYMBOL_GLYPHS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True, slots=True)
class Level:
    """One level of an abstract numbering (``w:lvl``)."""

    start: int = 1
    fmt: str = "decimal"
    """``w:numFmt``: decimal, lowerLetter, upperRoman, bullet, none, …"""
    text: str = "%1."
    """``w:lvlText``: ``%N`` stands for the current number of level N (1-based)."""
    restart: int | None = None
    """``w:lvlRestart``: the 1-based level whose use restarts this one (0: never);
    None: the default, any shallower level."""
    legal: bool = False
    """``w:isLgl``: every number in the label is drawn in decimal."""
    style: str = ""
    """``w:pStyle``: the paragraph style linked to this level."""


@dataclass(frozen=True, slots=True)
class Instance:
    """A numbering instance (``w:num``): an abstract numbering and its overrides."""

    abstract: int
    starts: dict[int, int] = field(default_factory=dict)
    """Level → ``w:startOverride``."""
    levels: dict[int, Level] = field(default_factory=dict)
    """Level → a whole level given in a ``w:lvlOverride``."""


@dataclass(frozen=True, slots=True)
class Numbering:
    """The numbering definitions of a document."""

    abstracts: dict[int, dict[int, Level]] = field(default_factory=dict)
    instances: dict[int, Instance] = field(default_factory=dict)
    links: dict[int, str] = field(default_factory=dict)
    """Abstract numbering → the numbering style it defers to (``w:numStyleLink``)."""
    style_nums: dict[str, int] = field(default_factory=dict)
    """Numbering style ID → its numbering instance (filled from styles.xml)."""


def _val(el: Any, tag: str) -> str | None:
    child = el.find(_w(tag))
    if child is None:
        return None
    value = child.get(_w("val"))
    return None if value is None else str(value)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(el: Any) -> Level:
    restart = _val(el, "lvlRestart")
    legal = el.find(_w("isLgl"))
    return Level(
        start=_int(_val(el, "start"), 1),
        fmt=_val(el, "numFmt") or "decimal",
        text=_val(el, "lvlText") or "",
        restart=None if restart is None else _int(restart, 0),
        legal=legal is not None and legal.get(_w("val"), "1") not in ("0", "false", "off"),
        style=_val(el, "pStyle") or "",
    )


def parse_numbering(root: Any) -> Numbering:
    """The definitions of a ``w:numbering`` element (lxml), or none for ``None``."""
    if root is None:
        return Numbering()
    abstracts: dict[int, dict[int, Level]] = {}
    links: dict[int, str] = {}
    for an in root.iter(_w("abstractNum")):
        aid = _int(an.get(_w("abstractNumId")), -1)
        abstracts[aid] = {_int(lv.get(_w("ilvl")), 0): _level(lv) for lv in an.iter(_w("lvl"))}
        link = _val(an, "numStyleLink")
        if link:
            links[aid] = link
    instances: dict[int, Instance] = {}
    for num in root.iter(_w("num")):
        nid = _int(num.get(_w("numId")), -1)
        starts: dict[int, int] = {}
        levels: dict[int, Level] = {}
        for ov in num.iter(_w("lvlOverride")):
            ilvl = _int(ov.get(_w("ilvl")), 0)
            start = _val(ov, "startOverride")
            if start is not None:
                starts[ilvl] = _int(start, 1)
            lvl = ov.find(_w("lvl"))
            if lvl is not None:
                levels[ilvl] = _level(lvl)
        instances[nid] = Instance(_int(_val(num, "abstractNumId"), -1), starts, levels)
    return Numbering(abstracts, instances, links)


_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)

_BULLETS = {
    **SYMBOL_GLYPHS,
    "o": "◦",  # Courier New "o", Word's second-level bullet
    "-": "–",
}


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """Draw the number ``n`` in a ``w:numFmt`` format.

    ``lowerLetter`` counts a … z, aa … zz, aaa …, as Word does; roman numerals for
    1 … 3999; formats Word draws from language data (``cardinalText``, ``chicago``, …)
    fall back to decimal.
    """
    if fmt == "none":
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        if n < 1:
            return str(n)
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        if not 0 < n < 4000:
            return str(n)
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)


def format_label(level: Level, counts: list[int], formats: list[str]) -> str:
    """The label of a paragraph at level ``len(counts) - 1``: ``level.text`` with each
    ``%N`` replaced by level N's count drawn in its format (``formats[N-1]``; decimal
    for every level when the level is legal).  A bullet draws its character."""
    if level.fmt == "bullet":
        return "".join(_BULLETS.get(c, c) for c in level.text).strip()
    out = []
    text = level.text
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
            k = int(text[i + 1]) - 1
            if 0 <= k < len(counts):
                fmt = "decimal" if level.legal and formats[k] != "none" else formats[k]
                out.append(format_number(counts[k], fmt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out).strip()


@dataclass(slots=True)
class Numberer:
    """Counts numbered paragraphs in document order and draws their labels."""

    numbering: Numbering
    counters: dict[int, dict[int, int]] = field(default_factory=dict)
    """List → level → the last number used.  A list is an abstract numbering (its ID), or
    an instance with overrides (``-1 - numId``)."""

    def _abstract(self, num_id: int) -> tuple[int, Instance] | None:
        inst = self.numbering.instances.get(num_id)
        if inst is None:
            return None
        aid = inst.abstract
        link = self.numbering.links.get(aid)
        if link is not None and link in self.numbering.style_nums:
            target = self.numbering.instances.get(self.numbering.style_nums[link])
            if target is not None:
                aid = target.abstract
        if aid not in self.numbering.abstracts:
            return None
        return aid, inst

    def level(self, num_id: int, ilvl: int) -> Level | None:
        """The level definition a paragraph with this numbering uses, or None."""
        found = self._abstract(num_id)
        if found is None:
            return None
        aid, inst = found
        return inst.levels.get(ilvl) or self.numbering.abstracts[aid].get(ilvl)

    def level_of_style(self, num_id: int, style: str) -> int | None:
        """The level linked to a paragraph style by ``w:pStyle``, if any."""
        found = self._abstract(num_id)
        if found is None:
            return None
        for ilvl, lvl in sorted(self.numbering.abstracts[found[0]].items()):
            if lvl.style == style:
                return ilvl
        return None

    def label(self, num_id: int, ilvl: int) -> str:
        """Count one paragraph numbered ``(num_id, ilvl)`` and return its label ("" for
        ``numId`` 0, an unknown instance or a level with no text)."""
        found = self._abstract(num_id)
        if found is None:
            return ""
        aid, inst = found
        levels = self.numbering.abstracts[aid]
        ilvl = max(0, min(ilvl, 8))

        def lvl(k: int) -> Level:
            return inst.levels.get(k) or levels.get(k) or Level()

        # an instance with overrides is a list of its own; the others continue the list of
        # their abstract numbering
        key = -1 - num_id if inst.starts or inst.levels else aid
        counts = self.counters.setdefault(key, {})

        def start(k: int) -> int:
            return inst.starts.get(k, lvl(k).start)

        here = lvl(ilvl)
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start(ilvl)
        for d in [d for d in counts if d > ilvl]:
            restart = lvl(d).restart
            if restart is None or (restart > 0 and ilvl < restart):
                del counts[d]
        shown = [counts.get(k, start(k)) for k in range(ilvl + 1)]
        formats = [lvl(k).fmt for k in range(ilvl + 1)]
        return format_label(here, shown, formats)
