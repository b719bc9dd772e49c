"""Pre-translation of a catalog from the memory, and the match statistics agencies bill by.

Only untranslated entries are filled: an entry with any translation (final or fuzzy) is a
translator's work and is never touched.  Every proposal but a context match is marked fuzzy,
so a translator confirms it; each filled entry gets a translator comment naming where the
proposal came from, and ``#| msgid`` holds the memory's English where it differs from the
entry's, so PO editors show what changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from reply_i18n.memory.index import Index
from reply_i18n.memory.match import BANDS, CONTEXT, Match, lookup
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.coverage import count_words

#: Prefix of the translator comment that records a proposal's origin.
ORIGIN_PREFIX = "tm:"


@dataclass(slots=True)
class BandCounts:
    """Segments and source words per match band, for one catalog."""

    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))

    def add(self, band: str, words: int) -> None:
        self.segments[band] += 1
        self.words[band] += words

    def as_json(self) -> dict[str, dict[str, int]]:
        return {"segments": dict(self.segments), "words": dict(self.words)}


@dataclass(frozen=True, slots=True)
class Pretranslation:
    """What pre-translating one catalog did."""

    catalog: Catalog
    """The catalog with the proposals filled in (the input is not changed)."""
    filled: tuple[tuple[str, Match], ...]
    """(segment ID, match) of every entry filled, in catalog order."""
    bands: BandCounts
    """Match statistics of the entries that needed a translation."""


def describe(match: Match) -> str:
    """The origin comment of a proposal: ``tm: fuzzy match 87%, locale/az/…/x.po, apm.part1.q3``."""
    what = {
        "context": "context match",
        "exact": "100% match",
        "adapted": f"figures adapted from a {match.score:.0f}% match",
        "fuzzy": f"fuzzy match {match.score:.0f}%",
    }[match.kind]
    where = match.unit.origin + (f", {match.unit.segment}" if match.unit.segment else "")
    check = ""
    if match.shifts:
        changed = ", ".join(f"{old} → {new}" for old, new in match.shifts)
        check = f"; check the agreement of the words after {changed}"
    return f"{ORIGIN_PREFIX} {what}, {where}{check}"


def _fill(msg: Message, match: Match) -> Message:
    comments = [c for c in msg.comments if not c.startswith(ORIGIN_PREFIX)]
    comments.append(describe(match))
    filled = dataclasses.replace(
        msg,
        msgstr=match.text,
        comments=comments,
        flags=list(msg.flags),
        previous_msgid=None,
    )
    if match.kind != CONTEXT:
        filled.fuzzy = True
        if match.unit.source != msg.msgid:
            filled.previous_msgid = match.unit.source
    return filled


def needs_translation(msg: Message) -> bool:
    """An active, singular entry without any translation."""
    return (
        not msg.obsolete and msg.msgid_plural is None and not msg.msgstr.strip() and bool(msg.msgid)
    )


def pretranslate(
    catalog: Catalog,
    index: Index,
    *,
    locale: str,
    document: str,
    min_score: float = 75.0,
    progress: Callable[[], None] | None = None,
) -> Pretranslation:
    """Fill the untranslated entries of ``catalog`` with the memory's best matches.

    ``locale`` is the catalog's language code, ``document`` its document name (to prefer
    matches from the same document).  Returns the new catalog, what was filled, and the match
    statistics; the input catalog is left as it was.
    """
    bands = BandCounts()
    filled: list[tuple[str, Match]] = []
    messages: list[Message] = []
    for msg in catalog.messages:
        if not needs_translation(msg):
            messages.append(msg)
            continue
        match = lookup(
            index,
            msg.msgid,
            locale=locale,
            segment=msg.msgctxt or "",
            document=document,
            min_score=min_score,
        )
        bands.add(match.band if match else "none", count_words(msg.msgid))
        if match is None:
            messages.append(msg)
        else:
            messages.append(_fill(msg, match))
            filled.append((msg.msgctxt or "", match))
        if progress is not None:
            progress()
    return Pretranslation(
        catalog=dataclasses.replace(catalog, messages=messages), filled=tuple(filled), bands=bands
    )


def match_statistics(
    catalog: Catalog,
    index: Index,
    *,
    locale: str,
    document: str,
    origin: str,
    min_score: float = 75.0,
) -> BandCounts:
    """What the memory offers for the entries of ``catalog`` that still need work
    (untranslated or fuzzy), in segments and source words per match band.  The entry's own
    unit (``origin``, its segment ID) is never counted as its match."""
    bands = BandCounts()
    for msg in catalog.messages:
        if msg.obsolete or not msg.msgid or msg.msgid_plural is not None:
            continue
        if msg.msgstr.strip() and not msg.fuzzy:
            continue
        match = lookup(
            index,
            msg.msgid,
            locale=locale,
            segment=msg.msgctxt or "",
            document=document,
            min_score=min_score,
            exclude=frozenset({(origin, msg.msgctxt or "")}),
        )
        bands.add(match.band if match else "none", count_words(msg.msgid))
    return bands
