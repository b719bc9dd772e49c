"""Golden tests over the corpus of replies in ``tests/corpus/`` (one folder per case).

For each case: the outline is the golden ``outline.txt`` (``pytest --update-golden`` rewrites
it), the questions are exactly those ``expected.json`` lists (none missed, none invented),
only the segments it lists are carried verbatim (no heading hidden from translators), every
word of the source is in exactly one segment, and the quality checks find no prose in a
verbatim segment and no numbering problem.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from corpus_support import Case, cases, segment_words, source_words
from reply_i18n.cli import app
from reply_i18n.qa.checks import check_document
from reply_i18n.source.outline import outline_text

CASES = cases()


def _params(*, xfail: bool = True) -> list[Any]:
    """The cases; with ``xfail``, a case that a reader cannot read yet is expected to fail."""
    out = []
    for case in CASES:
        reason = case.expected.get("xfail")
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason and xfail else []
        out.append(pytest.param(case, id=case.name, marks=marks))
    return out


def test_corpus_has_enough_cases_and_shapes() -> None:
    assert len(CASES) >= 12
    assert len({c.expected["shape"] for c in CASES}) >= 6


@pytest.mark.parametrize("case", _params())
def test_outline(case: Case, golden: Any) -> None:
    doc = case.parse()
    assert [s.id for s in doc.segments if s.kind == "question"] == case.expected["questions"]
    golden.check(f"../corpus/{case.name}/outline.txt", outline_text(doc))


@pytest.mark.parametrize("case", _params())
def test_nothing_hidden_from_translators(case: Case) -> None:
    doc = case.parse()
    verbatim = [s.id for s in doc.segments if not s.translatable and s.date is None]
    assert verbatim == case.expected["verbatim"]
    assert [f for f in check_document(doc, set()) if f.check == "verbatim"] == []


@pytest.mark.parametrize("case", _params(xfail=False))
def test_every_word_in_exactly_one_segment(case: Case) -> None:
    doc = case.parse()
    expected, got = source_words(case.text), segment_words(doc)
    assert got - expected == Counter(), "words in segments that are not in the source"
    assert expected - got == Counter(), "words of the source in no segment"


@pytest.mark.parametrize("case", _params(xfail=False))
def test_no_warning_and_no_numbering_finding(case: Case) -> None:
    doc = case.parse()
    assert doc.warnings == () or all("no questionnaire" in w.message for w in doc.warnings)
    numbering = [f for f in check_document(doc, set()) if f.check == "completeness"]
    assert numbering == []


@pytest.mark.parametrize("case", _params())
def test_extract_and_strict_check_end_to_end(case: Case, tmp_path: Path) -> None:
    """`extract` writes a POT that GNU gettext accepts, and `check --strict` passes: the
    conditional flows of the corpus (1-2, then 7) are no numbering gap."""
    (tmp_path / "source").mkdir()
    shutil.copy(case.source, tmp_path / "source" / case.source.name)

    def run(*args: str) -> Result:
        return CliRunner().invoke(
            app, ["-C", str(tmp_path), *args], env={"SOURCE_DATE_EPOCH": "1500000000"}
        )

    assert run("extract").exit_code == 0
    assert run("init", "-l", "ru").exit_code == 0
    result = run("check", "--min", "0", "--strict", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []
    pot = tmp_path / "locale" / f"{case.name}.pot"
    text = pot.read_text(encoding="utf-8")
    assert all(f'msgctxt "{q}"' in text for q in case.expected["questions"])
    if shutil.which("msgfmt"):
        subprocess.run(
            ["msgfmt", "--check", "-o", os.devnull, str(pot)], check=True, capture_output=True
        )
