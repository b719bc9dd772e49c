"""What an alignment of a legacy translation gives: TMX pairs, and proposals for a catalog.

Pure functions over the pairs :func:`reply_i18n.memory.align.align` returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from reply_i18n.memory.align import Pair, Paragraph
from reply_i18n.memory.pretranslate import ORIGIN_PREFIX, needs_translation
from reply_i18n.po.pofile import Catalog, Message


def _joined(items: Sequence[Paragraph], indexes: Sequence[int]) -> str:
    return " ".join(items[i].text for i in indexes)


def pairs_for_tmx(
    pairs: Sequence[Pair], source: Sequence[Paragraph], target: Sequence[Paragraph]
) -> Iterator[tuple[str, str, str]]:
    """``(English, translation, note)`` for every pair with text on both sides; the note
    gives the segment ID(s) and the confidence, so a reviser can weigh the unit."""
    for pair in pairs:
        if not pair.source or not pair.target:
            continue
        ids = ", ".join(source[i].segment for i in pair.source if source[i].segment)
        note = f"aligned, confidence {pair.confidence:.0%}" + (f"; {ids}" if ids else "")
        yield _joined(source, pair.source), _joined(target, pair.target), note


def fill_catalog(
    catalog: Catalog,
    pairs: Sequence[Pair],
    source: Sequence[Paragraph],
    target: Sequence[Paragraph],
    *,
    origin: str,
) -> tuple[Catalog, int]:
    """The catalog with its untranslated entries filled from one-to-one and split pairs
    (an English paragraph rendered by one or more translated ones), each fuzzy, with an
    origin comment; entries with any translation are left alone.  Returns the new catalog
    and how many entries were filled."""
    proposals: dict[str, tuple[str, float]] = {}
    for pair in pairs:
        if len(pair.source) == 1 and pair.target and source[pair.source[0]].segment:
            proposals[source[pair.source[0]].segment] = (
                _joined(target, pair.target),
                pair.confidence,
            )
    messages: list[Message] = []
    filled = 0
    for msg in catalog.messages:
        proposal = proposals.get(msg.msgctxt or "")
        if proposal is None or not needs_translation(msg):
            messages.append(msg)
            continue
        text, confidence = proposal
        comments = [c for c in msg.comments if not c.startswith(ORIGIN_PREFIX)]
        comments.append(f"{ORIGIN_PREFIX} aligned from {origin}, confidence {confidence:.0%}")
        new = dataclasses.replace(msg, msgstr=text, comments=comments, flags=list(msg.flags))
        new.fuzzy = True
        messages.append(new)
        filled += 1
    return dataclasses.replace(catalog, messages=messages), filled
