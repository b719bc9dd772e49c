"""Golden tests over the shipped reply: its outline (text and JSON) and its POT template.

The ``golden`` fixture comes from ``conftest.py``.

``pytest --update-golden`` rewrites the files under ``tests/golden/fsc-emi-122-25/``; the
diff is then reviewed like code.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app

REPO = Path(__file__).resolve().parent.parent
DOC = "fsc-emi-122-25"
EPOCH = "1746489600"  # 2025-05-06 00:00 UTC, the date of the document


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(REPO / "source" / f"{DOC}.txt", root / "source" / f"{DOC}.txt")
    return root


def invoke(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(("fmt", "name"), [("text", "outline.txt"), ("json", "outline.json")])
def test_outline(project: Path, golden: Any, fmt: str, name: str) -> None:
    out = invoke(project, "outline", DOC, "--format", fmt)
    golden.check(f"{DOC}/{name}", out)


def test_pot(project: Path, golden: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    invoke(project, "extract")
    pot = (project / "locale" / f"{DOC}.pot").read_text(encoding="utf-8")
    golden.check(f"{DOC}/{DOC}.pot", pot)
