"""Recognition on replies kept apart from the parser's own corpus (``tests/evaluation/``):
at least 90 % of their questions, no false question, no hidden heading, no word lost."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_recognition.py"
_spec = importlib.util.spec_from_file_location("bench_recognition", BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # its dataclasses look their module up
_spec.loader.exec_module(bench)
SCORES = bench.evaluate()


@pytest.mark.parametrize("score", SCORES, ids=[s.name for s in SCORES])
def test_each_reply_has_no_false_question_hidden_heading_or_lost_word(score: object) -> None:
    assert score.false_questions == []  # type: ignore[attr-defined]
    assert score.hidden == []  # type: ignore[attr-defined]
    assert score.lost == []  # type: ignore[attr-defined]


def test_at_least_nine_questions_in_ten_are_recognised() -> None:
    expected = sum(s.expected for s in SCORES)
    recognised = sum(s.recognised for s in SCORES)
    assert expected >= 25
    assert recognised >= 0.9 * expected, [m for s in SCORES for m in s.missed]
