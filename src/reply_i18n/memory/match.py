"""Looking an English segment up in the memory, in the order a translator trusts matches.

1. **context** match: a unit with the same segment ID and the same English (another year's
   reply of the same questionnaire) — the only kind proposed as final;
2. **exact** (100 %) match: the same English text under any ID;
3. **figure-adapted** match: English that differs only in figures, with the stored
   translation's figures replaced (:mod:`reply_i18n.memory.adapt`);
4. **fuzzy** match at or above the minimum score.

Among equal matches the one from the same document wins, then the one whose segment ID
shares the longest prefix with the query's (the same questionnaire, part, question), then
the first in the memory's order, so the choice is deterministic.  The bands are those
agencies bill by: context, 100 %, figure-adapted, 95–99, 85–94, 75–84, no match.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from reply_i18n.memory.adapt import adapt, plural_shifts
from reply_i18n.memory.index import Index, normalise
from reply_i18n.memory.units import Unit

CONTEXT, EXACT, ADAPTED, FUZZY = "context", "exact", "adapted", "fuzzy"
#: Match bands in the order reports print them.
BANDS = ("context", "100%", "adapted", "95-99", "85-94", "75-84", "0-74", "none")


@dataclass(frozen=True, slots=True)
class Match:
    """A proposal for one segment."""

    kind: str
    """``context``, ``exact``, ``adapted`` or ``fuzzy``."""
    score: float
    """Similarity of the English texts in percent (100 for context and exact matches)."""
    unit: Unit
    """The unit the proposal comes from."""
    text: str
    """The proposed translation (figures already adapted for an ``adapted`` match)."""
    shifts: tuple[tuple[str, str], ...] = ()
    """For an ``adapted`` match: figures whose plural category changed, so that the words
    agreeing with them may need another form (:func:`reply_i18n.memory.adapt.plural_shifts`)."""

    @property
    def band(self) -> str:
        """The billing band of the match (one of :data:`BANDS`)."""
        if self.kind == CONTEXT:
            return "context"
        if self.kind == EXACT:
            return "100%"
        if self.kind == ADAPTED:
            return "adapted"
        return band_of(self.score)


def band_of(score: float | None) -> str:
    """The fuzzy band of a score: ``95-99``, ``85-94``, ``75-84``, ``0-74`` (proposed only
    when ``[tm] min_score`` is set below 75), or ``none`` for no match."""
    if score is None:
        return "none"
    for floor, band in ((95, "95-99"), (85, "85-94"), (75, "75-84"), (0, "0-74")):
        if score >= floor:
            return band
    return "none"


def _shared_parts(a: str, b: str) -> int:
    """How many leading dot-separated parts two segment IDs share (``apm.part1.q3`` …)."""
    n = 0
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x != y:
            break
        n += 1
    return n


def _rank(unit: Unit, *, document: str, segment: str) -> tuple[int, int]:
    same_doc = 0 if document and unit.document == document else 1
    return same_doc, -_shared_parts(unit.segment, segment)


def lookup(
    index: Index,
    source: str,
    *,
    locale: str,
    segment: str = "",
    document: str = "",
    min_score: float = 75.0,
    exclude: frozenset[tuple[str, str]] = frozenset(),
) -> Match | None:
    """The best match for ``source`` in ``locale``, or None.

    ``exclude`` holds ``(origin, segment)`` pairs that must not be proposed (the entry's
    own catalog and ID, when a report asks what the memory would offer for it).
    """

    def allowed(unit: Unit) -> bool:
        return (unit.origin, unit.segment) not in exclude

    norm = normalise(source)
    if segment:
        same = [
            u
            for u in index.by_segment(segment, locale)
            if normalise(u.source) == norm and allowed(u)
        ]
        if same:
            best = min(same, key=lambda u: _rank(u, document=document, segment=segment))
            return Match(CONTEXT, 100.0, best, best.target)
    exact = [u for u in index.exact(source, locale) if allowed(u)]
    if exact:
        best = min(exact, key=lambda u: _rank(u, document=document, segment=segment))
        return Match(EXACT, 100.0, best, best.target)
    variants = [u for u in index.same_words(source, locale) if allowed(u)]
    variants.sort(key=lambda u: _rank(u, document=document, segment=segment))
    for unit in variants:
        adapted = adapt(source, unit.source, unit.target, target_lang=locale)
        if adapted is not None:
            shifts = plural_shifts(source, unit.source, target_lang=locale)
            score = fuzz.ratio(norm, normalise(unit.source))
            return Match(ADAPTED, score, unit, adapted, tuple(shifts))
    candidates = [c for c in index.similar(source, locale, min_score=min_score) if allowed(c.unit)]
    candidates.sort(key=lambda c: (-c.score, *_rank(c.unit, document=document, segment=segment)))
    if not candidates:
        return None
    top = candidates[0]
    return Match(FUZZY, top.score, top.unit, top.unit.target)
