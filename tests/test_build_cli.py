"""`reply-i18n build` end to end on a copy of the shipped project."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.files import read_catalog, write_catalog

DOC = "fsc-emi-122-25"
EDITIONS = ["en-az", "en-ru", "en-az-ru", "az", "ru"]


@pytest.fixture()
def project(shipped_project: Path) -> Path:
    return shipped_project


def invoke(project: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(project), *args], env=env)
    return result.exit_code, result.output


def outputs(project: Path) -> dict[str, bytes]:
    folder = project / "build" / DOC
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_build_writes_every_edition_and_rewrites_nothing_on_a_rerun(project: Path) -> None:
    code, out = invoke(project, "build")
    assert code == 0, out
    expected = {f"{DOC}.{e}.{ext}" for e in EDITIONS for ext in ("html", "md", "docx", "pdf")}
    assert set(outputs(project)) == expected | {f"{DOC}.tmx", "coverage.svg"}
    first = outputs(project)
    mtimes = {p.name: p.stat().st_mtime_ns for p in (project / "build" / DOC).iterdir()}
    code, out = invoke(project, "build")
    assert code == 0 and "22 file(s), 0 written, 22 unchanged" in out
    assert outputs(project) == first
    assert mtimes == {p.name: p.stat().st_mtime_ns for p in (project / "build" / DOC).iterdir()}


def test_build_is_reproducible_in_another_directory(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(project, other)
    assert invoke(project, "build")[0] == 0
    assert invoke(other, "build")[0] == 0
    assert outputs(project) == outputs(other)


def test_source_date_epoch_sets_the_stamp(project: Path) -> None:
    code, _ = invoke(project, "build", "--format", "tmx", env={"SOURCE_DATE_EPOCH": "1746489600"})
    assert code == 0
    header = ET.fromstring(outputs(project)[f"{DOC}.tmx"]).find("header")
    assert header is not None and header.get("creationdate") == "20250506T000000Z"


def _blank(project: Path, lang: str, segment: str) -> None:
    path = project / "locale" / lang / "LC_MESSAGES" / f"{DOC}.po"
    cat = read_catalog(path)
    for m in cat.messages:
        if m.msgctxt == segment:
            m.msgstr = ""
    write_catalog(path, cat)


def test_gate_lists_missing_segments_and_writes_nothing(project: Path) -> None:
    _blank(project, "ru", "front.enclosure")
    code, out = invoke(project, "build")
    assert code == 1
    assert "ru is incomplete (98.6% translated" in out and ": front.enclosure: " in out
    assert "nothing built" in out
    assert outputs(project) == {}


def test_allow_incomplete_marks_the_english_stand_in(project: Path) -> None:
    _blank(project, "ru", "front.enclosure")
    code, _ = invoke(project, "build", "--allow-incomplete", "--format", "html,md")
    assert code == 0
    html = outputs(project)[f"{DOC}.en-ru.html"].decode()
    assert "[не переведено]" in html and "Enclosure: as stated" in html
    assert "98%" in html and "98\xa0%" in html  # banner and header, in each language
    md = outputs(project)[f"{DOC}.ru.md"].decode()
    assert "[не переведено]" in md


def test_format_option(project: Path) -> None:
    assert invoke(project, "build", "--format", "md")[0] == 0
    assert {n.rsplit(".", 1)[1] for n in outputs(project)} == {"md", "svg"}
    code, out = invoke(project, "build", "--format", "rtf")
    assert code == 2 and "unknown format rtf" in out


def test_any_locale_works_without_configuration(project: Path) -> None:
    (project / "reply-i18n.toml").unlink()
    assert invoke(project, "extract")[0] == 0
    assert invoke(project, "init", "-l", "de")[0] == 0
    code, out = invoke(project, "build", "--allow-incomplete", "--format", "html")
    assert code == 0, out
    names = set(outputs(project))
    assert {f"{DOC}.en-de.html", f"{DOC}.en-az-de-ru.html", f"{DOC}.de.html"} <= names
    html = outputs(project)[f"{DOC}.en-az-de-ru.html"].decode()
    assert 'lang="de"' in html and "Deutsch" in html


def test_a_locale_in_no_edition_does_not_hold_the_build_back(shipped_project: Path) -> None:
    """`init --locale de` adds de to [project] locales, not to [build] editions: the build
    goes on, says so, and builds what the editions name."""
    runner = CliRunner()
    assert runner.invoke(app, ["-C", str(shipped_project), "init", "--locale", "de"]).exit_code == 0
    result = runner.invoke(app, ["-C", str(shipped_project), "build", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "de: in no edition of [build] editions" in result.output
    built = sorted(p.name for p in (shipped_project / "build" / "fsc-emi-122-25").glob("*.md"))
    assert built == [f"fsc-emi-122-25.{e}.md" for e in ("az", "en-az-ru", "en-az", "en-ru", "ru")]
