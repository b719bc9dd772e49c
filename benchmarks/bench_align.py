"""Benchmark of legacy alignment: how many paragraphs ``align`` pairs right.

Builds a "legacy" Russian edition of the shipped reply from its catalog, the way a
translator's Word file differs from the English: paragraphs merged (two English paragraphs
rendered as one), split (one rendered as two) and reordered (two paragraphs swapped), each
at seeded random places.  Aligns it with the English source and counts an English paragraph
as right when it is paired with exactly the translated paragraphs that render it.

Usage::

    python benchmarks/bench_align.py            # seeds 1-20, prints each and the total
    python benchmarks/bench_align.py --seeds 5
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from reply_i18n.files import read_catalog, read_document
from reply_i18n.memory.align import Paragraph, align, paragraphs

ROOT = Path(__file__).resolve().parent.parent
DOC = "fsc-emi-122-25"


def legacy_pair(
    seed: int, *, locale: str = "ru", merges: int = 3, splits: int = 3, swaps: int = 2
) -> tuple[list[Paragraph], list[Paragraph], list[set[int]]]:
    """English paragraphs, a legacy translation's paragraphs, and for each English paragraph
    the indexes of the translated paragraphs that render it."""
    rng = random.Random(seed)
    doc = read_document(ROOT / "source" / f"{DOC}.txt", f"source/{DOC}.txt")
    catalog = read_catalog(ROOT / "locale" / locale / "LC_MESSAGES" / f"{DOC}.po")
    by_id = {m.msgctxt: m.msgstr for m in catalog.active()}
    english = paragraphs(doc)
    # each translated unit: (text, label, English indexes it renders)
    units: list[tuple[str, str, list[int]]] = [
        (by_id.get(p.segment, p.text) if p.segment else p.text, p.label, [i])
        for i, p in enumerate(english)
    ]
    answers = [i for i, seg in enumerate(doc.segments) if seg.kind == "answer"]
    answer_texts = {english[i].text for i in answers if i < len(english)}

    def answer_at(k: int) -> bool:
        return (
            0 <= k < len(units)
            and not units[k][1]
            and all(english[e].text in answer_texts for e in units[k][2])
        )

    for _ in range(merges):
        k = rng.choice([k for k in range(len(units) - 1) if answer_at(k) and answer_at(k + 1)])
        a, b = units[k], units[k + 1]
        units[k : k + 2] = [(f"{a[0]} {b[0]}", "", a[2] + b[2])]
    for _ in range(splits):
        options = [k for k in range(len(units)) if answer_at(k) and units[k][0].count(". ") >= 2]
        k = rng.choice(options)
        text = units[k][0]
        cuts = [n for n in range(len(text)) if text.startswith(". ", n)]
        cut = cuts[len(cuts) // 2] + 1
        units[k : k + 1] = [(text[:cut], "", units[k][2]), (text[cut:].strip(), "", units[k][2])]
    for _ in range(swaps):
        k = rng.choice([k for k in range(len(units) - 1) if answer_at(k) and answer_at(k + 1)])
        units[k], units[k + 1] = units[k + 1], units[k]
    truth: list[set[int]] = [set() for _ in english]
    for j, (_text, _label, renders) in enumerate(units):
        for e in renders:
            truth[e].add(j)
    target = [Paragraph(text, label) for text, label, _ in units]
    return english, target, truth


def accuracy(seed: int, locale: str = "ru") -> tuple[int, int]:
    """(right, total) English paragraphs for one seeded legacy edition."""
    english, target, truth = legacy_pair(seed, locale=locale)
    got: list[set[int]] = [set() for _ in english]
    for pair in align(english, target, target_lang=locale):
        for i in pair.source:
            got[i] |= set(pair.target)
    right = sum(1 for g, t in zip(got, truth, strict=True) if g == t)
    return right, len(english)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    total_right = total = 0
    for locale in ("ru", "az"):
        for seed in range(1, args.seeds + 1):
            right, n = accuracy(seed, locale)
            total_right += right
            total += n
            share = 100 * right / n
            print(f"{locale} seed {seed:2}: {right}/{n} paragraphs aligned right ({share:.1f} %)")
    pct = 100 * total_right / total
    verdict = "met" if pct >= 95 else "NOT met"
    print(f"total: {total_right}/{total} ({pct:.1f} %); target >= 95 %: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
