"""How well the parser reads the corpus of replies in ``tests/corpus/``, by shape.

For each case, ``expected.json`` lists the question segments a reader of the reply sees and
the segments that may be carried verbatim.  The script parses every case and prints, per
shape: questions expected and recognised, false questions (recognised, not expected),
hidden headings (segments carried verbatim that should be translated), and words of the
source lost (in no segment) or added (in a segment, not in the source); then how long
parsing takes.

Usage::

    python benchmarks/corpus.py
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_support import cases, segment_words, source_words


def main() -> None:
    rows: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    started = time.perf_counter()
    for case in cases():
        doc = case.parse()
        got = [s.id for s in doc.segments if s.kind == "question"]
        want = case.expected["questions"]
        verbatim = [s.id for s in doc.segments if not s.translatable and s.date is None]
        source, segments = source_words(case.text), segment_words(doc)
        row = rows[case.expected["shape"]]
        row[0] += 1
        row[1] += len(want)
        row[2] += len(set(got) & set(want))
        row[3] += len(set(got) - set(want))
        row[4] += len(set(verbatim) - set(case.expected["verbatim"]))
        row[5] += sum((source - segments).values())
        row[6] += sum((segments - source).values())
    elapsed = time.perf_counter() - started
    head = ("shape", "cases", "questions", "recognised", "false", "hidden", "lost", "added")
    print(f"{head[0]:34} " + " ".join(f"{h:>10}" for h in head[1:]))
    total = [0] * 7
    for shape in sorted(rows):
        print(f"{shape:34} " + " ".join(f"{n:>10}" for n in rows[shape]))
        total = [a + b for a, b in zip(total, rows[shape], strict=True)]
    print(f"{'all':34} " + " ".join(f"{n:>10}" for n in total))
    share = 100.0 * total[2] / total[1] if total[1] else 100.0
    print(f"\nquestions recognised: {share:.1f} %; parsing all cases took {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
