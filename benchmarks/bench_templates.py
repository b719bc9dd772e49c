"""Benchmark of recognising a reply against questionnaire templates.

Generates a questionnaire of ``--questions`` questions and a reply to it with ``--answers``
answer paragraphs per question, loses the number of every fifth question (so that the
parser takes it for an answer paragraph and only the template finds it again), and times
the parse alone, then the parse followed by :func:`reply_i18n.source.recognise.recognise`
against the template and two unrelated ones.

Usage::

    python benchmarks/bench_templates.py                       # 60 questions × 5 paragraphs
    python benchmarks/bench_templates.py --questions 200 --answers 8
"""

from __future__ import annotations

import argparse
import random
import time

from reply_i18n.source.recognise import TemplateSet, recognise
from reply_i18n.source.structure import parse_document
from reply_i18n.source.templates import Template, learn

WORDS = [
    "mine",
    "action",
    "clearance",
    "victims",
    "assistance",
    "territory",
    "convention",
    "protocol",
    "report",
    "government",
    "agency",
    "training",
    "stockpile",
    "destruction",
    "survey",
    "risk",
    "education",
    "funding",
    "cooperation",
    "national",
    "authority",
    "programme",
    "equipment",
    "standards",
    "land",
    "release",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def make(questions: int, answers: int, seed: int) -> tuple[str, str]:
    """The clean reply and the same reply with every fifth question number lost."""
    rng = random.Random(seed)
    clean, broken = (
        ["OSCE QUESTIONNAIRE ON BENCHMARK MATTERS"],
        ["OSCE QUESTIONNAIRE ON BENCHMARK MATTERS"],
    )
    for q in range(1, questions + 1):
        text = f"Does your country {sentence(rng, 12).lower()}?"
        clean.append(f"{q}. {text}")
        broken.append(text if q % 5 == 0 else f"{q}. {text}")
        for _ in range(answers):
            para = ". ".join(sentence(rng, 15) for _ in range(3)) + "."
            clean.append(para)
            broken.append(para)
    return "\n\n".join(clean) + "\n", "\n\n".join(broken) + "\n"


def unrelated(seed: int, key: str) -> Template:
    text, _ = make(40, 1, seed)
    doc = parse_document(text.replace("BENCHMARK", key.upper()), name="u", source="u.txt")
    return learn(doc, doc.questionnaires[0].key, key=key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    clean, broken = make(args.questions, args.answers, args.seed)
    reference = parse_document(clean, name="b", source="b.txt")
    templates = TemplateSet(
        (
            learn(reference, reference.questionnaires[0].key),
            unrelated(1, "aaa"),
            unrelated(2, "bbb"),
        )
    )
    start = time.perf_counter()
    parsed = parse_document(broken, name="b", source="b.txt")
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    fixed = recognise(parsed, templates)
    recognise_s = time.perf_counter() - start
    want = [s.id for s in reference.segments if s.kind == "question"]
    got = [s.id for s in fixed.segments if s.kind == "question"]
    parser_found = sum(1 for s in parsed.segments if s.kind == "question")
    print(
        f"{args.questions} questions, {len(parsed.segments)} segments: parse {parse_s:.3f} s, "
        f"recognise {recognise_s:.3f} s; questions found: parser {parser_found}/{len(want)}, "
        f"with the template {sum(1 for g in got if g in want)}/{len(want)}"
    )


if __name__ == "__main__":
    main()
