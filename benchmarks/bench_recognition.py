"""How well the parser recognises replies it was not written against.

Reads every reply in ``tests/evaluation/`` (``<name>.txt``, ``.docx`` or ``.pdf`` with an
answer key ``<name>.key.json``), parses it as ``reply-i18n`` would, and compares the result
with the key:

- **questions recognised**: a key question ``[number, first words]`` is found when a segment
  of kind ``question`` starts with those words and carries that number (in its label, or in
  its question number and sub-question letter);
- **false questions**: question segments that match no key question;
- **hidden headings**: key headings that end up only in a verbatim segment (kept out of the
  catalogs, so hidden from translators) or in no segment at all;
- **words lost**: words of the source that are in no segment's text or label, less the
  page furniture: the lines the key lists, and the page numbers after the dotted leaders of
  a table of contents (an edition paginates anew, as with running page numbers).

Run ``python benchmarks/bench_recognition.py``; it prints one row per reply and the totals.
The replies in ``tests/evaluation/`` are kept apart from the parser's own test corpus, so
that the figures say how it does on shapes it was not tuned to.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reply_i18n.files import read_document
from reply_i18n.model import Document

ROOT = Path(__file__).resolve().parent.parent
EVALUATION = ROOT / "tests" / "evaluation"
_WORD = re.compile(r"\w+")


@dataclass
class Score:
    name: str
    expected: int = 0
    recognised: int = 0
    false_questions: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    return " ".join(text.replace("**", "").replace("*", "").split()).casefold()


def _number(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text.replace("**", "")))


def score(doc: Document, source_text: str, key: dict[str, list[object]], name: str) -> Score:
    """Compare a parsed document with its answer key."""
    result = Score(name)
    questions = [s for s in doc.segments if s.kind == "question"]
    used: set[int] = set()
    for number, opening in key.get("questions", []):  # type: ignore[misc]
        result.expected += 1
        want = _clean(str(opening))
        found = None
        for i, seg in enumerate(questions):
            if i in used or not _clean(seg.text).startswith(want):
                continue
            numbers = {_number(seg.label), _number(seg.question + seg.sub)}
            if _number(str(number)) in numbers or _number(seg.label).endswith(_number(str(number))):
                found = i
                break
        if found is None:
            result.missed.append(f"{number} {opening}")
        else:
            used.add(found)
            result.recognised += 1
    result.false_questions = [
        f"{s.label} {s.text[:50]}" for i, s in enumerate(questions) if i not in used
    ]
    for heading in key.get("headings", []):
        want = _clean(str(heading))
        holders = [s for s in doc.segments if want in _clean(s.text)]
        if not holders or not any(s.translatable for s in holders):
            result.hidden.append(str(heading))
    text = source_text
    for word in key.get("dehyphenated", []):
        w = str(word)
        for cut in range(2, len(w) - 1):
            text = re.sub(rf"\b{w[:cut]}-\s*\n\s*{w[cut:]}\b", w, text)
    furniture = {str(f) for f in key.get("furniture", [])}
    lines = [
        re.sub(r"(\.\s?){3,}\s*\d{1,3}\s*$", "", ln)
        for ln in text.splitlines()
        if ln.strip() not in furniture
    ]
    source_words = _words("\n".join(lines))
    seg_words: Counter[str] = Counter()
    for s in doc.segments:
        seg_words += _words(s.text) + _words(s.label)
    lost = source_words - seg_words
    result.lost = sorted(lost.elements())
    return result


def evaluate(folder: Path = EVALUATION) -> list[Score]:
    """Score every reply of the folder that has an answer key."""
    scores = []
    for key_path in sorted(folder.glob("*.key.json")):
        stem = key_path.name[: -len(".key.json")]
        key = json.loads(key_path.read_text(encoding="utf-8"))
        text_path = folder / f"{stem}.txt"
        for source in sorted(folder.glob(f"{stem}.*")):
            if source.name.endswith(".key.json"):
                continue
            doc = read_document(source, str(source.relative_to(ROOT)))
            scores.append(score(doc, text_path.read_text(encoding="utf-8"), key, source.name))
    return scores


def main() -> int:
    scores = evaluate()
    print(f"{'reply':40} {'questions':>10} {'false':>6} {'hidden':>7} {'lost':>5}")
    for s in scores:
        print(
            f"{s.name:40} {s.recognised:>4}/{s.expected:<5} {len(s.false_questions):>6} "
            f"{len(s.hidden):>7} {len(s.lost):>5}"
        )
        for label, items in (
            ("missed", s.missed),
            ("false", s.false_questions),
            ("hidden", s.hidden),
            ("lost", s.lost[:12]),
        ):
            for item in items:
                print(f"    {label}: {item}")
    expected = sum(s.expected for s in scores)
    recognised = sum(s.recognised for s in scores)
    pct = 100.0 * recognised / expected if expected else 100.0
    print(
        f"total: {recognised}/{expected} questions recognised ({pct:.1f} %), "
        f"{sum(len(s.false_questions) for s in scores)} false questions, "
        f"{sum(len(s.hidden) for s in scores)} hidden headings, "
        f"{sum(len(s.lost) for s in scores)} words lost"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
