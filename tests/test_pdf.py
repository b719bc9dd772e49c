"""The PDF edition judged by peers: pikepdf (structure, outline, fonts), qpdf and poppler's
pdffonts/pdftotext/pdftoppm where installed, and fontTools for type that covers every letter.

Page 1 of the trilingual PDF is kept as a PNG under ``tests/artifacts/`` for a human to look at.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import docx.enum.style
import docx.oxml.ns
import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.files import read_catalog, read_document
from reply_i18n.model import Edition
from reply_i18n.publish import chrome
from reply_i18n.publish.edition import build_edition
from reply_i18n.publish.render import renderer

pikepdf = pytest.importorskip("pikepdf")
ttLib = pytest.importorskip("fontTools.ttLib")

TESTS = Path(__file__).resolve().parent
CASE = TESTS / "golden" / "render" / "fsc-emi-122-25"
ARTIFACTS = TESTS / "artifacts"
STAMP = datetime.datetime(2025, 5, 6, tzinfo=datetime.UTC)
DOC = "fsc-emi-122-25"

#: The families the stacks name first; no letter may be set in anything else.
FAMILIES = {"DejaVu Serif", "DejaVu Sans"}


@functools.cache
def edition(langs: str) -> Edition:
    doc = read_document(CASE / "input" / f"{DOC}.txt", f"{DOC}.txt")
    catalogs = {lang: read_catalog(CASE / "input" / f"{lang}.po") for lang in ("az", "ru")}
    return build_edition(doc, catalogs, langs.split("-"), stamp=STAMP)


@functools.cache
def pdf(langs: str) -> bytes:
    return renderer("pdf")(edition(langs))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils qpdf)")
    return path


def edition_text(ed: Edition) -> str:
    """Every text an edition shows: its cells and the chrome it adds."""
    parts = [c.text for r in ed.shown for c in r.cells]
    parts += [c.name for c in ed.coverage]
    for lang in ed.languages:
        parts += [chrome.text(lang, ident) for ident in chrome.MSGIDS]
    return "".join(parts)


def letters(text: str) -> set[str]:
    """The characters that need a glyph: all but white space and emphasis markers."""
    return {ch for ch in text if not ch.isspace() and ch != "*"}


# --- structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("langs", ["en-az-ru", "az"])
def test_pdf_opens_with_pages_outline_and_language(langs: str) -> None:
    ed = edition(langs)
    with pikepdf.open(io.BytesIO(pdf(langs))) as document:
        assert len(document.pages) > 3
        width, height = (float(v) for v in document.pages[0].mediabox[2:])
        if ed.landscape:
            assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
        else:
            assert (round(width), round(height)) == (595, 842)
        assert str(document.Root.Lang) == ed.languages[0]
        assert str(document.docinfo["/CreationDate"]).startswith("D:20250506000000")
        with document.open_outline() as outline:
            titles = [item.title for item in outline.root]
            children = {item.title: [c.title for c in item.children] for item in outline.root}
    title_rows = [r for r in ed.shown if r.segment.kind == "title"]
    assert titles == [r.cells[0].text for r in title_rows]
    apm = children[titles[0]]
    parts = [r.cells[0].text for r in ed.shown if r.segment.kind == "part"]
    assert apm[:1] == parts[:1]
    erw = children[titles[1]]  # questions straight under the title when there are no parts
    questions = [r for r in ed.shown if r.segment.kind == "question" and r.segment.id[:3] == "erw"]
    assert [t.split(" ")[0] for t in erw] == [r.segment.label for r in questions]


def _struct_elements(node: Any) -> Any:
    """Every structure element under ``node`` (ISO 32000-1, 14.7.2), depth first."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield kid
            yield from _struct_elements(kid)


def test_tagged_pdf_gives_each_cell_its_language() -> None:
    ed = edition("en-az-ru")
    with pikepdf.open(io.BytesIO(pdf("en-az-ru"))) as document:
        assert document.Root.MarkInfo.Marked
        elements = list(_struct_elements(document.Root.StructTreeRoot))
        kinds = {str(e.S) for e in elements}
        assert {"/Table", "/TR", "/TD", "/TH", "/H1", "/H2", "/H3", "/P"} <= kinds
        cells = [e for e in elements if str(e.S) in ("/TD", "/TH")]
        languages = [str(e.Lang) for e in cells if "/Lang" in e]
    # every cell is tagged, and each row's cells run through the edition's languages in order
    assert len(languages) == len(cells)
    assert set(languages) == set(ed.languages)
    heads = languages[: len(ed.languages)]
    assert heads == list(ed.languages)
    assert {languages.count(lang) for lang in ("az", "ru")} == {languages.count("az")}


def test_every_font_is_embedded_and_from_the_stack() -> None:
    for langs in ("en-az-ru", "az", "ru"):
        with pikepdf.open(io.BytesIO(pdf(langs))) as document:
            for font in _fonts(document):
                descriptor = font.DescendantFonts[0].FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                family, _style = _embedded_name(font)
                assert family in FAMILIES, family


def test_qpdf_check(tmp_path: Path) -> None:
    qpdf = _tool("qpdf")
    for langs in ("en-az-ru", "az"):
        path = tmp_path / f"{langs}.pdf"
        path.write_bytes(pdf(langs))
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_pdffonts_shows_every_font_embedded(tmp_path: Path) -> None:
    pdffonts = _tool("pdffonts")
    path = tmp_path / "edition.pdf"
    path.write_bytes(pdf("en-az-ru"))
    out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_running_header_and_page_numbers(tmp_path: Path) -> None:
    pdftotext = _tool("pdftotext")
    for langs, first in (("en-az-ru", "1 / "), ("az", "Səhifə 1 / "), ("ru", "Страница 1 из ")):
        path = tmp_path / f"{langs}.pdf"
        path.write_bytes(pdf(langs))
        with pikepdf.open(path) as document:
            count = len(document.pages)
        text = subprocess.run(
            [pdftotext, "-layout", "-f", "2", "-l", "2", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "FSC.EMI/122/25" in text.splitlines()[0]
        assert first.replace("1", "2") + str(count) in text
        if langs != "en-az-ru":
            assert "Page" not in text


def test_text_comes_out_as_written(tmp_path: Path) -> None:
    """No hyphen the typesetter added: copied, searched or read aloud, the text of the PDF
    is the text of the edition (U+2010 is what automatic hyphenation inserts)."""
    pdftotext = _tool("pdftotext")
    for langs in ("en-az-ru", "ru"):
        path = tmp_path / f"{langs}.pdf"
        path.write_bytes(pdf(langs))
        text = subprocess.run(
            [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "\u2010" not in text
        assert "\u2010" not in edition_text(edition(langs))


def test_page_one_as_png() -> None:
    """Page 1 of the trilingual PDF, for a person to look at (tests/artifacts/)."""
    pdftoppm = _tool("pdftoppm")
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{DOC}.en-az-ru.pdf"
    source.write_bytes(pdf("en-az-ru"))
    stem = ARTIFACTS / f"{DOC}.en-az-ru-page1"
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(stem)],
        check=True,
        timeout=60,
    )
    png = Path(f"{stem}.png").read_bytes()
    assert png.startswith(b"\x89PNG")


def test_two_builds_give_the_same_bytes(shipped_project: Path, tmp_path: Path) -> None:
    """Under SOURCE_DATE_EPOCH, two builds in two directories write identical PDFs."""
    other = tmp_path / "other"
    shutil.copytree(shipped_project, other)
    env = {"SOURCE_DATE_EPOCH": "1746489600"}
    for root in (shipped_project, other):
        result = CliRunner().invoke(
            app, ["-C", str(root), "build", "--format", "pdf", "--locale", "az"], env=env
        )
        assert result.exit_code == 0, result.output
    names = ["fsc-emi-122-25.en-az.pdf", "fsc-emi-122-25.az.pdf"]
    for name in names:
        a = (shipped_project / "build" / DOC / name).read_bytes()
        b = (other / "build" / DOC / name).read_bytes()
        assert a == b and a.startswith(b"%PDF-")


# --- fonts that cover every letter ----------------------------------------------------------


def _fonts(document: Any) -> list[Any]:
    seen: dict[str, Any] = {}
    for page in document.pages:
        for font in page.Resources.get("/Font", {}).values():
            seen[str(font.BaseFont)] = font
    return list(seen.values())


def _embedded_name(font: Any) -> tuple[str, str]:
    """(family, style) from the name table of an embedded font program."""
    program = font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
    names = ttLib.TTFont(io.BytesIO(program))["name"]
    return str(names.getDebugName(1)), str(names.getDebugName(2))


def _to_unicode(font: Any) -> set[str]:
    """The characters a font draws, from its ToUnicode CMap."""
    data = font.ToUnicode.read_bytes().decode("latin-1")
    out: set[str] = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for _gid, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out.add(bytes.fromhex(uni).decode("utf-16-be"))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, uni in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(uni, 16)
            out.update(chr(start + i) for i in range(int(hi, 16) - int(lo, 16) + 1))
    return out


@functools.cache
def system_fonts() -> dict[tuple[str, str], Path]:
    """(family, style) → file, for the TrueType fonts installed on this machine."""
    out: dict[tuple[str, str], Path] = {}
    for path in sorted(Path("/usr/share/fonts").rglob("*.ttf")):
        names = ttLib.TTFont(path, lazy=True)["name"]
        out.setdefault((str(names.getDebugName(1)), str(names.getDebugName(2))), path)
    return out


@functools.cache
def cmap(path: Path) -> frozenset[str]:
    return frozenset(chr(c) for c in ttLib.TTFont(path, lazy=True).getBestCmap())


def _installed(family: str, style: str) -> Path:
    fonts = system_fonts()
    if (family, style) not in fonts:
        pytest.skip(f"{family} {style} is not installed (apt-get install fonts-dejavu-core)")
    return fonts[family, style]


@pytest.mark.parametrize("langs", ["en-az-ru", "az", "ru"])
def test_pdf_fonts_cover_every_letter_of_the_edition(langs: str) -> None:
    """Every font embedded is one the stack names first, has every letter of the edition,
    and together they draw every letter: nothing fell back to another font."""
    needed = letters(edition_text(edition(langs)))
    assert {"ə", "Ə", "№", "ы"} & needed
    drawn: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf(langs))) as document:
        for font in _fonts(document):
            family, style = _embedded_name(font)
            assert family in FAMILIES
            missing = needed - cmap(_installed(family, style))
            assert not missing, f"{family} {style} lacks {sorted(missing)}"
            drawn |= _to_unicode(font)
    shown = letters("".join(c.text for r in edition(langs).shown for c in r.cells))
    assert shown - {"-"} <= drawn | {"\u00ad"}


def _docx_fonts(document: Any) -> set[str]:
    """The fonts a DOCX names where it is used: document defaults, the styles of its
    paragraphs (and the styles they are based on), and its runs."""
    qn = docx.oxml.ns.qn
    styles = document.styles.element
    elements = [styles.find(qn("w:docDefaults"))]
    paragraphs = list(document.element.iter(qn("w:p")))
    for section in document.sections:
        paragraphs += list(section.header._element.iter(qn("w:p")))
    used = {document.styles.default(docx.enum.style.WD_STYLE_TYPE.PARAGRAPH).style_id}
    for p in paragraphs:
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None:
            used.add(style.get(qn("w:val")))
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    while used:
        style = by_id[used.pop()]
        elements.append(style)
        based = style.find(qn("w:basedOn"))
        if based is not None:
            used.add(based.get(qn("w:val")))
    elements += paragraphs
    named: set[str] = set()
    for element in elements:
        for rfonts in element.iter(qn("w:rFonts")):
            named |= {v for k, v in rfonts.attrib.items() if not k.lower().endswith("theme")}
    return named


@pytest.mark.parametrize("langs", ["en-az-ru", "az"])
def test_docx_fonts_cover_every_letter_of_the_edition(langs: str) -> None:
    data = renderer("docx")(edition(langs))
    document = docx.Document(io.BytesIO(data))
    named = _docx_fonts(document)
    assert named == FAMILIES
    text = [p.text for p in document.paragraphs]
    text += [
        p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    needed = letters("".join(text))
    assert "ə" in needed
    for family in named:
        for style in ("Book", "Bold") + (("Italic",) if family == "DejaVu Serif" else ()):
            missing = needed - cmap(_installed(family, style))
            assert not missing, f"{family} {style} lacks {sorted(missing)}"


def test_the_quick_import_loads_what_weasyprint_would_and_restores_ctypes() -> None:
    """WeasyPrint is imported with ctypes' find_library skipped (a process started for
    each library name tried); it must still load every C library it would find, and leave
    find_library as it was."""
    import ctypes.util
    import subprocess
    import sys

    from reply_i18n.publish.render import pdf

    assert pdf.weasyprint is not None
    assert ctypes.util.find_library.__module__ == "ctypes.util"
    # the libraries a plain import finds, in a fresh process, are the ones found here
    probe = (
        "import weasyprint.text.ffi as f;"
        "print([n for n in ('harfbuzz_subset', 'harfbuzz_vector') if getattr(f, n) is None])"
    )
    plain = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    from weasyprint.text import ffi

    missing = [n for n in ("harfbuzz_subset", "harfbuzz_vector") if getattr(ffi, n) is None]
    assert plain.stdout.strip() == str(missing)
