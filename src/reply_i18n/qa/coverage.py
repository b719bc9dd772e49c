"""Coverage figures of a catalog: segments and source words, translated, fuzzy, untranslated.

Segment figures are those of ``msgfmt --statistics``: an entry is translated when it has a
translation and is not fuzzy, fuzzy when it is flagged fuzzy and has a translation, and
untranslated otherwise; obsolete entries and the header are not counted.

Word figures are those of translate-toolkit's ``pocount``: words are found with the
Unicode word boundary rules (UAX #29), so ``Armenia's``, ``2,700`` and ``1.25`` are one word
each, ``anti-personnel`` and ``mine/ERW`` are two, and punctuation and Markdown emphasis
markers are not words.  Like ``pocount``, a period between two non-digits is dropped
together with its neighbours before counting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reply_i18n.parallel import fork_map
from reply_i18n.po.pofile import Catalog, Message

#: the joiner is matched before the look-behind at it, so that a word followed by a space
#: (most words) is rejected at once
_WORD_RE = re.compile(r"\w+(?:(?:[.:·'’](?<=[^\W\d_].)(?=[^\W\d_])|[.,;'’](?<=\d.)(?=\d))\w+)*")
_POCOUNT_DOT = re.compile(r"\D\.\D")
_TAG = re.compile(r"<br\s*?/?>|<[^>]+>")


def count_words(text: str) -> int:
    """Words in a text, counted as ``pocount`` counts them."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "." in text:
        text = _POCOUNT_DOT.sub(" ", text)
    return len(_WORD_RE.findall(text))


def state(msg: Message) -> str:
    """``translated``, ``fuzzy`` or ``untranslated``, as msgfmt counts them."""
    if msg.translated:
        return "translated"
    if msg.fuzzy and msg.has_translation:
        return "fuzzy"
    return "untranslated"


#: the states of a segment: ``stale`` is a segment of the source that its catalog lacks or
#: holds under another English text (see :mod:`reply_i18n.qa.stale`)
STATES = ("translated", "fuzzy", "untranslated", "stale")


@dataclass(slots=True)
class Counts:
    """Segments and source words by state."""

    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    obsolete: int = 0

    def add(self, msg: Message, words: int | None = None) -> None:
        """Count one entry; ``words``: its msgid's :func:`count_words`, if known."""
        self.count(state(msg), msg.msgid, words)

    def count(self, st: str, text: str, words: int | None = None) -> None:
        """Count one segment of English ``text`` in state ``st`` (one of :data:`STATES`);
        ``words``: ``count_words(text)``, if known."""
        self.segments[st] += 1
        self.words[st] += count_words(text) if words is None else words

    @property
    def total_segments(self) -> int:
        return sum(self.segments.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def percent_segments(self) -> float:
        total = self.total_segments
        return 100.0 if not total else 100.0 * self.segments["translated"] / total

    @property
    def percent_words(self) -> float:
        total = self.total_words
        return 100.0 if not total else 100.0 * self.words["translated"] / total

    def as_dict(self) -> dict[str, object]:
        return {
            "segments": {"total": self.total_segments, **self.segments},
            "words": {"total": self.total_words, **self.words},
            "obsolete": self.obsolete,
            "percent_segments": round(self.percent_segments, 2),
            "percent_words": round(self.percent_words, 2),
        }


def group_key(by: str) -> Callable[[str], str]:
    """A function from segment ID to its group for ``--by part`` or ``--by question``."""

    def part(ctxt: str) -> str:
        bits = ctxt.split(".")
        if bits[0] == "front":
            return "front"
        out = [bits[0]]
        if len(bits) > 1 and bits[1].startswith("part"):
            out.append(bits[1])
        return ".".join(out)

    def question(ctxt: str) -> str:
        bits = ctxt.split(".")
        if bits[0] == "front":
            return "front"
        out = []
        for b in bits:
            out.append(b)
            if re.fullmatch(r"q\d+", b):
                break
        else:
            return part(ctxt)
        return ".".join(out)

    if by == "part":
        return part
    if by == "question":
        return question
    return lambda ctxt: ""


def coverage(catalog: Catalog, *, by: str = "document") -> dict[str, Counts]:
    """Counts for the whole catalog (key ``""``) or per part / question."""
    key = group_key(by)
    groups: dict[str, Counts] = {}
    total = Counts()
    live = [msg for msg in catalog.messages if not msg.obsolete]
    total.obsolete = len(catalog.messages) - len(live)
    words = fork_map(count_words, [msg.msgid for msg in live], min_items=PARALLEL_MIN)
    for msg, n in zip(live, words, strict=True):
        total.add(msg, n)
        if by != "document":
            groups.setdefault(key(msg.msgctxt or ""), Counts()).add(msg, n)
    return {"": total, **groups}


#: Catalogs with at least this many entries have their words counted by several processes.
PARALLEL_MIN = 5000
