"""Aligning a legacy translation with its English original, paragraph by paragraph.

Missions hold years of translations published before they used this tool, as files with
no alignment at all.  :func:`align` pairs the paragraphs of the two documents:

1. **Anchors.**  Paragraphs that carry the same question or list number (``3.``, ``(b)``)
   and share their figures are paired first; they cut the documents into stretches.
2. **Gale–Church** within each stretch: dynamic programming over beads of one English and
   one translated paragraph (1–1), a merge (2–1), a split (1–2), two paragraphs cut
   differently (2–2), or a paragraph without a counterpart (1–0, 0–1).  A bead's cost is
   Gale and Church's length model (the translation's length is normal around ``c`` times
   the English length, variance ``s²`` per character; W. A. Gale and K. W. Church, *A
   Program for Aligning Sentences in Bilingual Corpora*, 1993), less a bonus for shared
   figures (read in each language's conventions by
   :func:`reply_i18n.qa.numbers.quantities`) and shared acronyms and names in Latin
   letters, plus a penalty for figures that disagree.
3. **Moved paragraphs.**  Two neighbouring pairs are crossed over when the crossed pairing
   costs clearly less, and paragraphs left without a counterpart are paired with each other
   when their figures and names agree, wherever they stand: a translator who reordered
   paragraphs is followed.

Each pair gets a confidence from 0 to 1.  Nothing here reads files: it takes the
paragraphs of two :class:`~reply_i18n.model.Document` objects.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reply_i18n.model import Document
from reply_i18n.qa.numbers import quantities

#: Prior probabilities of the bead kinds, after Gale and Church.
PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
}
#: Variance of the length difference per character (Gale and Church's s²).
VARIANCE = 6.8
_LATIN_NAME = re.compile(r"\b[A-Z][A-Z0-9]{1,}\b")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a document to align."""

    text: str
    label: str = ""
    """The question or list number printed before it ("3.", "(b)"), or ""."""
    segment: str = ""
    """For the English side: the segment ID the paragraph has in the catalogs."""


@dataclass(frozen=True, slots=True)
class Pair:
    """English paragraphs aligned with translated ones (one of each, or a merge or split)."""

    source: tuple[int, ...]
    """Indexes of the English paragraphs (empty when the translation has no counterpart)."""
    target: tuple[int, ...]
    """Indexes of the translated paragraphs (empty when the English has none)."""
    confidence: float
    """From 0 (a guess) to 1 (certain)."""


def paragraphs(document: Document) -> list[Paragraph]:
    """The paragraphs of a document to align: every segment with text, in order."""
    return [
        Paragraph(seg.text, seg.label, seg.id if seg.translatable else "")
        for seg in document.segments
        if seg.text.strip()
    ]


class _Scorer:
    def __init__(
        self,
        source: Sequence[Paragraph],
        target: Sequence[Paragraph],
        source_lang: str,
        target_lang: str,
    ) -> None:
        self.source, self.target = source, target
        total_s = sum(len(p.text) for p in source) or 1
        self.ratio = (sum(len(p.text) for p in target) or 1) / total_s
        self.s_figs = [frozenset(q.value for q in quantities(p.text, source_lang)) for p in source]
        self.t_figs = [frozenset(q.value for q in quantities(p.text, target_lang)) for p in target]
        self.s_names = [frozenset(_LATIN_NAME.findall(p.text)) for p in source]
        self.t_names = [frozenset(_LATIN_NAME.findall(p.text)) for p in target]

    def length_cost(self, ls: int, lt: int) -> float:
        if ls == 0 and lt == 0:
            return 0.0
        mean = (ls + lt / self.ratio) / 2
        delta = (lt - ls * self.ratio) / math.sqrt(max(mean, 1.0) * VARIANCE)
        # two-sided tail of the standard normal distribution
        tail = math.erfc(abs(delta) / math.sqrt(2))
        return -math.log(max(tail, 1e-12))

    def content(self, s: Sequence[int], t: Sequence[int]) -> float:
        """A bonus (negative) for shared figures and names, a penalty for figures that differ."""
        sf = frozenset().union(*(self.s_figs[i] for i in s))
        tf = frozenset().union(*(self.t_figs[j] for j in t))
        sn = frozenset().union(*(self.s_names[i] for i in s))
        tn = frozenset().union(*(self.t_names[j] for j in t))
        score = 0.0
        if sf or tf:
            shared = len(sf & tf)
            score -= 4.0 * shared
            score += 3.0 * len(sf ^ tf)
        if sn and tn:
            score -= 2.0 * len(sn & tn)
        labels_s = {_digits(self.source[i].label) for i in s} - {""}
        labels_t = {_digits(self.target[j].label) for j in t} - {""}
        if labels_s and labels_t:
            score += -6.0 if labels_s == labels_t else 6.0
        return score

    def cost(self, s: Sequence[int], t: Sequence[int]) -> float:
        prior = -math.log(PRIORS[(len(s), len(t))])
        if not s or not t:
            return prior + 4.0
        ls = sum(len(self.source[i].text) for i in s)
        lt = sum(len(self.target[j].text) for j in t)
        return prior + self.length_cost(ls, lt) + self.content(s, t)

    def confidence(self, s: Sequence[int], t: Sequence[int]) -> float:
        if not s or not t:
            return 0.0
        cost = self.cost(s, t)
        return round(1.0 / (1.0 + math.exp(cost - 2.0)), 3)


def _digits(label: str) -> str:
    return re.sub(r"[^0-9a-z]", "", label.lower())


def _anchors(sc: _Scorer) -> list[tuple[int, int]]:
    """Pairs certain enough to cut the documents: the same number label and the same
    figures, in order."""
    found: list[tuple[int, int]] = []
    j0 = 0
    for i, p in enumerate(sc.source):
        key = _digits(p.label)
        if not key:
            continue
        for j in range(j0, len(sc.target)):
            if _digits(sc.target[j].label) == key and sc.s_figs[i] == sc.t_figs[j]:
                found.append((i, j))
                j0 = j + 1
                break
    return found


def _dp(sc: _Scorer, s_lo: int, s_hi: int, t_lo: int, t_hi: int) -> list[Pair]:
    """Gale–Church over source[s_lo:s_hi] and target[t_lo:t_hi]."""
    n, m = s_hi - s_lo, t_hi - t_lo
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            for di, dj in PRIORS:
                if di > i or dj > j or best[i - di][j - dj] == inf:
                    continue
                c = best[i - di][j - dj] + sc.cost(
                    range(s_lo + i - di, s_lo + i), range(t_lo + j - dj, t_lo + j)
                )
                if c < best[i][j]:
                    best[i][j], back[i][j] = c, (di, dj)
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        s = tuple(range(s_lo + i - di, s_lo + i))
        t = tuple(range(t_lo + j - dj, t_lo + j))
        pairs.append(Pair(s, t, sc.confidence(s, t)))
        i, j = i - di, j - dj
    pairs.reverse()
    return pairs


#: How much cheaper a crossed pairing of two neighbours must be to be taken.
CROSS_MARGIN = 2.0


def _crossed(sc: _Scorer, pairs: list[Pair]) -> list[Pair]:
    """Cross two neighbouring 1–1 pairs over when the translator swapped the paragraphs."""
    out: list[Pair] = []
    for p in pairs:
        if len(p.source) == len(p.target) == 2:
            # a 2-2 bead may be two swapped paragraphs rather than two cut differently
            (s0, s1), (t0, t1) = p.source, p.target
            crossed = sc.cost((s0,), (t1,)) + sc.cost((s1,), (t0,))
            if crossed < sc.cost(p.source, p.target):
                out.append(Pair((s0,), (t1,), sc.confidence((s0,), (t1,))))
                out.append(Pair((s1,), (t0,), sc.confidence((s1,), (t0,))))
                continue
        out.append(p)
    k = 0
    while k < len(out) - 1:
        a, b = out[k], out[k + 1]
        if len(a.source) == len(a.target) == len(b.source) == len(b.target) == 1:
            straight = sc.cost(a.source, a.target) + sc.cost(b.source, b.target)
            crossed = sc.cost(a.source, b.target) + sc.cost(b.source, a.target)
            if crossed < straight - CROSS_MARGIN:
                out[k] = Pair(a.source, b.target, sc.confidence(a.source, b.target))
                out[k + 1] = Pair(b.source, a.target, sc.confidence(b.source, a.target))
                k += 2
                continue
        k += 1
    return out


def _moved(sc: _Scorer, pairs: list[Pair]) -> list[Pair]:
    """Pair paragraphs left alone when their content says they belong together."""
    lone_s = [p.source[0] for p in pairs if p.source and not p.target]
    lone_t = [p.target[0] for p in pairs if p.target and not p.source]
    matched: dict[int, int] = {}
    used: set[int] = set()
    for i in lone_s:
        options = [(sc.cost((i,), (j,)), j) for j in lone_t if j not in used]
        if not options:
            continue
        cost, j = min(options)
        if sc.content((i,), (j,)) < 0 and cost < -math.log(PRIORS[(1, 0)]) * 2 + 8.0:
            matched[i], used = j, used | {j}
    if not matched:
        return pairs
    out: list[Pair] = []
    for p in pairs:
        if p.source and not p.target and p.source[0] in matched:
            j = matched[p.source[0]]
            out.append(Pair(p.source, (j,), sc.confidence(p.source, (j,))))
        elif p.target and not p.source and p.target[0] in used:
            continue
        else:
            out.append(p)
    return out


def align(
    source: Sequence[Paragraph],
    target: Sequence[Paragraph],
    *,
    source_lang: str = "en",
    target_lang: str,
) -> list[Pair]:
    """Align the paragraphs of an English document with those of its translation.

    Returns pairs in the English document's order; every paragraph of either side appears in
    exactly one pair.  Runs in O(n·m) within each stretch between anchors.
    """
    sc = _Scorer(source, target, source_lang, target_lang)
    pairs: list[Pair] = []
    s_lo = t_lo = 0
    for i, j in [*_anchors(sc), (len(source), len(target))]:
        pairs.extend(_dp(sc, s_lo, i, t_lo, j))
        if i < len(source) and j < len(target):
            pairs.append(Pair((i,), (j,), max(sc.confidence((i,), (j,)), 0.9)))
        s_lo, t_lo = i + 1, j + 1
    return _moved(sc, _crossed(sc, pairs))
