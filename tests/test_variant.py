"""A reply formatted unlike the shipped one: Windows line endings and a BOM, "Question 1"
headings in bold, "2)" numbering, "Reply:"/"Answer:" labels, a bulleted list, an upper-case
part heading, an inline sub-question, and a running header with page numbers that split a
paragraph.  Its outline and POT are golden files; GNU gettext must accept the POT as is."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app

HERE = Path(__file__).resolve().parent / "golden" / "variant"
DOC = "pc-del-456-24"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    shutil.copy(HERE / f"{DOC}.txt", tmp_path / "source" / f"{DOC}.txt")
    return tmp_path


def run(project: Path, *args: str) -> str:
    result = CliRunner().invoke(
        app, ["-C", str(project), *args], env={"SOURCE_DATE_EPOCH": "1710115200"}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_source_really_is_formatted_differently() -> None:
    raw = (HERE / f"{DOC}.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and "\u00a0".encode() in raw


def test_outline(project: Path, golden: Any) -> None:
    golden.check(f"variant/{DOC}.outline.txt", run(project, "outline", DOC))


def test_pot(project: Path, golden: Any) -> None:
    run(project, "extract")
    pot = (project / "locale" / f"{DOC}.pot").read_text(encoding="utf-8")
    golden.check(f"variant/{DOC}.pot", pot)
    # the structure the parser must have seen
    for ident in (
        "apm.part1.heading",
        "apm.part1.q1.question",
        "apm.part1.q1.answer.yes-ruritania-deposited-its",
        "apm.part1.q2.answer.2022-report-submitted-in",
        "apm.part1.q3.a.question",
        "apm.part1.q3.b.answer.n-a",
        "erw.q1.answer.yes-in-2005-see",
    ):
        assert f'msgctxt "{ident}"' in pot
    for debris in ("Reply:", "Answer:", "PC.DEL/456/24\\n", "- 2 -", "**"):
        assert debris not in pot.split("msgctxt", 1)[1]
    assert "clearance of contaminated land" in pot.replace('"\n"', "")


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext (msgcat) not installed")
def test_gettext_accepts_the_pot(project: Path) -> None:
    run(project, "extract")
    pot = project / "locale" / f"{DOC}.pot"
    subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(pot)], check=True, capture_output=True
    )
    out = subprocess.run(["msgcat", str(pot)], check=True, capture_output=True).stdout
    assert out == pot.read_bytes()


def test_check_finds_nothing_wrong_with_the_reply(project: Path) -> None:
    run(project, "extract")
    run(project, "init", "-l", "ru")
    result = CliRunner().invoke(
        app, ["-C", str(project), "check", "--min", "0", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert '"findings": []' in result.output
