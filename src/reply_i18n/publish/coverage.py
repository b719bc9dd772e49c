"""Coverage of a document by locale, as plain data for the coverage picture.

:func:`coverage_grid` counts, for the whole document, the front matter, each questionnaire,
each of its parts and each question, how many segments of each locale are translated, fuzzy,
stale (a translation made for another English text, not flagged) or untranslated.  Pure: it
takes the parsed document and the catalogs already read; :mod:`.render.coverage` draws it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reply_i18n.model import Document, Segment
from reply_i18n.po.pofile import Catalog
from reply_i18n.publish.edition import STATES, segment_states


@dataclass(frozen=True, slots=True)
class GridRow:
    """One line of the picture: a document, a part or a question."""

    label: str
    level: int
    """0 for the document, 1 for the front matter or a questionnaire, 2 for a part, 3 for a
    question of a part (2 for a question of a questionnaire without parts)."""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """``locale → state → segments``, states as in :data:`~.edition.STATES`."""


@dataclass(frozen=True, slots=True)
class Grid:
    """Documents, parts and questions × locales."""

    locales: tuple[str, ...]
    rows: tuple[GridRow, ...]


def _groups(seg: Segment, titles: Mapping[str, str]) -> list[tuple[tuple[str, ...], str]]:
    """The rows a segment counts in, below its document: ``(key, label)`` from the widest
    (front matter, or the questionnaire) to the narrowest (its question)."""
    if not seg.questionnaire:
        return [(("front",), "Front matter")]
    key: tuple[str, ...] = (seg.questionnaire,)
    out = [(key, titles.get(seg.questionnaire, seg.questionnaire))]
    if seg.part:
        key = (*key, seg.part)
        out.append((key, f"Part {seg.part}"))
    if seg.question:
        out.append(((*key, "q" + seg.question), f"Question {seg.question}"))
    return out


def _counts(
    segs: Sequence[Segment], states: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, int]]:
    """``locale → state → segments`` among ``segs``; ``states`` maps locale → ID → state."""
    out = {}
    for lang, by_id in states.items():
        tally = dict.fromkeys(STATES, 0)
        for seg in segs:
            tally[by_id[seg.id]] += 1
        out[lang] = tally
    return out


def coverage_grid(
    documents: Sequence[tuple[Document, Mapping[str, Catalog | None]]], locales: Sequence[str]
) -> Grid:
    """The grid of ``documents``, each with its catalogs by locale (None: no catalog)."""
    rows: list[GridRow] = []
    for doc, catalogs in documents:
        states = {lang: segment_states(doc, catalogs.get(lang)) for lang in locales}
        titles = {q.key: q.title for q in doc.questionnaires}
        groups: dict[tuple[str, ...], tuple[str, list[Segment]]] = {}
        for seg in doc.translatable():
            for key, label in _groups(seg, titles):
                groups.setdefault(key, (label, []))[1].append(seg)

        rows.append(GridRow(doc.name, 0, _counts(doc.translatable(), states)))
        for key, (label, segs) in groups.items():
            rows.append(GridRow(label, len(key), _counts(segs, states)))
    return Grid(locales=tuple(locales), rows=tuple(rows))
