"""The trilingual HTML edition in a real browser: headless Chromium lays it out.

A copy of the page gets a small script that measures the layout and writes the result into
the DOM as JSON; ``chromium --dump-dom`` hands the DOM back.  Screenshots (wide and narrow) go
to ``tests/artifacts/`` for a human to look at; printing to PDF checks the print stylesheet.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reply_i18n.files import read_catalog, read_document
from reply_i18n.model import Edition
from reply_i18n.publish.edition import build_edition
from reply_i18n.publish.render import renderer
from reply_i18n.publish.render.inline import shared

TESTS = Path(__file__).resolve().parent
CASE = TESTS / "golden" / "render" / "fsc-emi-122-25"
ARTIFACTS = TESTS / "artifacts"
STAMP = datetime.datetime(2025, 5, 6, tzinfo=datetime.UTC)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

MEASURE = """
<script>
(function () {
  function box(el) {
    var r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  }
  var rows = Array.prototype.map.call(
    document.querySelectorAll("table.edition tbody tr"),
    function (tr) {
      return {id: tr.id, cells: Array.prototype.map.call(tr.cells, function (td) {
        var first = td.firstElementChild || td;
        return {cell: box(td), content: box(first), lang: td.lang};
      })};
    });
  var out = {
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    headers: Array.prototype.map.call(document.querySelectorAll("thead th"), function (th) {
      return {text: th.textContent, visible: th.getBoundingClientRect().height > 0};
    }),
    rows: rows
  };
  var pre = document.createElement("pre");
  pre.id = "layout-measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def _chromium() -> str:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("headless Chromium is not installed (/usr/bin/chromium): layout not checked")


@pytest.fixture(scope="module")
def edition() -> Edition:
    doc = read_document(CASE / "input" / "fsc-emi-122-25.txt", "fsc-emi-122-25.txt")
    catalogs = {lang: read_catalog(CASE / "input" / f"{lang}.po") for lang in ("az", "ru")}
    return build_edition(doc, catalogs, ["en", "az", "ru"], stamp=STAMP)


@pytest.fixture
def page(tmp_path: Path, edition: Edition) -> Path:
    """The trilingual page, as rendered, in a temporary directory."""
    path = tmp_path / f"{edition.stem}.html"
    path.write_bytes(renderer("html")(edition))
    return path


def _run(args: list[str], tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{name}"
    command = [_chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def _measure(page: Path, tmp_path: Path, width: int) -> dict[str, Any]:
    probe = page.with_name(f"probe-{width}.html")
    text = page.read_text(encoding="utf-8")
    probe.write_text(text.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    result = _run(
        [f"--window-size={width},1000", "--dump-dom", probe.as_uri()], tmp_path, f"dom-{width}"
    )
    found = re.search(r'<pre id="layout-measure">(.*?)</pre>', result.stdout, re.S)
    assert found, "the measuring script did not run"
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return data


def test_cells_of_a_row_start_together(page: Path, tmp_path: Path, edition: Edition) -> None:
    layout = _measure(page, tmp_path, 1400)
    assert layout["innerWidth"] >= 1300
    assert layout["scrollWidth"] <= layout["innerWidth"], "the page overflows horizontally"
    assert [h["text"] for h in layout["headers"]] == [c.name for c in edition.coverage]
    assert len(layout["rows"]) == len(edition.shown)
    for row, source in zip(layout["rows"], edition.shown, strict=True):
        cells = row["cells"]
        if shared(source):  # verbatim and the same everywhere: one cell across the columns
            (cell,) = cells
            assert cell["cell"]["right"] - cell["cell"]["left"] > 0.9 * layout["innerWidth"] - 200
            continue
        assert [c["lang"] for c in cells] == list(edition.languages)
        for key in ("cell", "content"):
            tops = [c[key]["top"] for c in cells]
            assert max(tops) - min(tops) <= 1, f"{row['id']}: {key} tops {tops}"
        lefts = [c["cell"]["left"] for c in cells]
        assert lefts == sorted(lefts), f"{row['id']}: columns out of order"
        assert all(c["cell"]["right"] <= layout["innerWidth"] for c in cells)


def test_narrow_screen_stacks_segment_by_segment(page: Path, tmp_path: Path) -> None:
    layout = _measure(page, tmp_path, 480)
    assert layout["scrollWidth"] <= layout["innerWidth"], "the page overflows horizontally"
    assert not any(h["visible"] for h in layout["headers"])
    previous_bottom = float("-inf")
    for row in layout["rows"]:
        cells = [c["cell"] for c in row["cells"]]
        assert len({round(c["left"]) for c in cells}) == 1, f"{row['id']}: not stacked"
        tops = [c["top"] for c in cells]
        assert tops == sorted(tops) and tops[0] >= previous_bottom - 1, row["id"]
        previous_bottom = cells[-1]["bottom"]


def test_screenshots(page: Path, tmp_path: Path, edition: Edition) -> None:
    """Wide and narrow screenshots under tests/artifacts/, for a human to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, size in (("wide", "1400,2400"), ("narrow", "480,1600")):
        shot = ARTIFACTS / f"{edition.stem}.{name}.png"
        shot.unlink(missing_ok=True)
        _run(
            [f"--window-size={size}", f"--screenshot={shot}", page.as_uri()],
            tmp_path,
            f"shot-{name}",
        )
        assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_prints_on_a4_landscape(page: Path, tmp_path: Path, edition: Edition) -> None:
    pdf = ARTIFACTS / f"{edition.stem}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf.unlink(missing_ok=True)
    _run(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()], tmp_path, "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes, "no page size found in the PDF"
    for width, height in boxes:  # A4 landscape is 842 x 595 points
        assert (round(float(width)), round(float(height))) == (842, 595)
    assert len(boxes) > 3
