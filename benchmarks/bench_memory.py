"""Benchmark of the translation memory: building the index, lookups, pre-translation.

Generates a deterministic memory shaped like a ministry's years of replies: paragraphs of
40 to 90 words drawn from a Zipf-distributed vocabulary of 20,000 words, with figures in
them, each with a translation.  Then it measures, on this machine:

- building the SQLite index of 100,000 units (target < 20 s);
- answering 1,000 lookups: a third exact, a fifth differing only in figures, a third edited
  in a few words, the rest new (target < 2 s);
- pre-translating a catalog of 10,000 untranslated entries (target < 10 s, under 600 MB of
  peak memory for the whole process).

Usage::

    python benchmarks/bench_memory.py                    # the targets above
    python benchmarks/bench_memory.py --units 20000 --catalog 2000   # a quick run
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from reply_i18n.memory.index import Index
from reply_i18n.memory.match import lookup
from reply_i18n.memory.pretranslate import pretranslate
from reply_i18n.memory.units import Unit
from reply_i18n.po.pofile import Catalog, Message

SYLLABLES = [
    a + b for a in "bdfgklmnprstvz" for b in ("a", "e", "i", "o", "u", "ar", "en", "is", "on")
]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


class Corpus:
    def __init__(self, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng, 20_000)
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words)))
        )

    def paragraph(self) -> str:
        n = self.rng.randint(40, 90)
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=n)
        for _ in range(self.rng.randint(0, 3)):
            words.insert(
                self.rng.randrange(n), f"{self.rng.randint(2, 9)},{self.rng.randint(100, 999)}"
            )
        return " ".join(words).capitalize() + "."

    def edited(self, text: str) -> str:
        words = text.split()
        for _ in range(self.rng.randint(1, 4)):
            words[self.rng.randrange(len(words))] = self.rng.choice(self.words)
        return " ".join(words)

    def refigured(self, text: str) -> str:
        words = text.split()
        for i, w in enumerate(words):
            if "," in w and w.replace(",", "").isdigit():
                words[i] = f"{self.rng.randint(2, 9)},{self.rng.randint(100, 999)}"
                return " ".join(words)
        return text + f" In {self.rng.randint(2000, 2030)}."


def translate(text: str) -> str:
    """A stand-in translation that keeps the figures, written the Russian way."""
    out = []
    for w in text.split():
        if "," in w and w.replace(",", "").isdigit():
            out.append(w.replace(",", "\u00a0"))
        else:
            out.append(w[::-1])
    return " ".join(out)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=1_000)
    parser.add_argument("--catalog", type=int, default=10_000)
    args = parser.parse_args()

    corpus = Corpus()
    sources = [corpus.paragraph() for _ in range(args.units)]
    units = [
        Unit(
            s,
            translate(s),
            "ru",
            f"locale/ru/LC_MESSAGES/doc{i // 40}.po",
            f"q{i}.answer",
            f"doc{i // 40}",
        )
        for i, s in enumerate(sources)
    ]
    results: list[tuple[str, float, str, bool]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "memory.sqlite")
        start = time.perf_counter()
        index = Index.create(db, units, fingerprint="bench")
        build = time.perf_counter() - start
        results.append((f"build the index of {args.units:,} units", build, "< 20 s", build < 20))

        rng = random.Random(7)
        queries: list[str] = []
        for i in range(args.lookups):
            base = rng.choice(sources)
            kind = i % 6
            if kind in (0, 1):
                queries.append(base)
            elif kind == 2:
                queries.append(corpus.refigured(base))
            elif kind in (3, 4):
                queries.append(corpus.edited(base))
            else:
                queries.append(corpus.paragraph())
        start = time.perf_counter()
        found = [lookup(index, q, locale="ru") for q in queries]
        took = time.perf_counter() - start
        hits = sum(1 for f in found if f is not None)
        results.append((f"{args.lookups:,} lookups ({hits} matched)", took, "< 2 s", took < 2))

        messages = []
        for i in range(args.catalog):
            base = rng.choice(sources)
            text = (base, corpus.refigured(base), corpus.edited(base), corpus.paragraph())[i % 4]
            messages.append(Message(msgid=text, msgctxt=f"new.q{i}.answer"))
        catalog = Catalog(header=Message(msgid="", msgstr="Language: ru\\n"), messages=messages)
        start = time.perf_counter()
        done = pretranslate(catalog, index, locale="ru", document="new")
        took = time.perf_counter() - start
        results.append(
            (
                f"pre-translate {args.catalog:,} entries ({len(done.filled):,} filled)",
                took,
                "< 10 s",
                took < 10,
            )
        )
        db.close()
    peak = peak_mb()
    print(f"{'step':55} {'seconds':>9}  target    met")
    for label, seconds, target, met in results:
        print(f"{label:55} {seconds:9.2f}  {target:8}  {'yes' if met else 'NO'}")
    met = "yes" if peak < 600 else "NO"
    print(f"{'peak memory of the process (MB)':55} {peak:9.0f}  < 600 MB  {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
