"""DOCX (Word) of an edition, through python-docx.

Aligned editions are one table, a column per language under a repeated header row of language
names (a segment carried verbatim and the same everywhere spans the columns once); a
monolingual edition is the reply as a document.  Titles, parts and conditional
headings use Word's heading styles (so they show in the navigation pane), question texts are
bold on a shaded cell, bulleted items use "List Bullet", and a cell that shows the English
fallback is shaded amber behind an "[untranslated]"/"[fuzzy]" tag in the column's language; a
fuzzy cell highlights the English words that changed (new ones yellow, old ones struck out)
and ends with the translation being revised.  Every word the edition adds is in the reader's
language, and a final edition shows no coverage figures.  Every run carries its language, and
the fonts (DejaVu Serif and DejaVu Sans, which have every letter of the configured languages,
Azerbaijani ``ə``/``Ə`` included) are set for all four script slots (ASCII, high ANSI, East
Asian, complex), so no letter falls back to a theme font.

The bytes are reproducible: the core properties are fixed (dates from ``edition.stamp``) and
the package is rewritten with fixed entry order, timestamps and compression.

(The module is not called ``docx`` so that it cannot shadow python-docx.)
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reply_i18n.model import Cell, Edition, Row
from reply_i18n.publish.render.inline import (
    STRONG_KINDS,
    Run,
    banners,
    coverage_summary,
    draft,
    heading_level,
    language_names,
    lines,
    parse_inline,
    plain,
    previous_label,
    printable,
    shared,
    status_tag,
    title,
)
from reply_i18n.publish.render.tables import TableRows, grouped
from reply_i18n.publish.render.wordiff import word_diff

SERIF = "DejaVu Serif"
SANS = "DejaVu Sans"
AUTHOR = "reply-i18n"
ACCENT = RGBColor(0x1D, 0x35, 0x57)
MUTED = RGBColor(0x5D, 0x66, 0x71)
WARN_INK = RGBColor(0x6B, 0x45, 0x00)
SHADE = "F2F4F7"
WARN = "FFF1C2"
HEADER_SHADE = "E8ECF1"

#: Paragraph style per heading level.
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}

#: Front matter aligned as in the original, in monolingual editions (the rest is ragged right:
#: without hyphenation for Azerbaijani, justified text would open wide gaps).
ALIGNMENT = {
    "symbol": WD_ALIGN_PARAGRAPH.RIGHT,
    "date": WD_ALIGN_PARAGRAPH.RIGHT,
    "language": WD_ALIGN_PARAGRAPH.RIGHT,
    "letterhead": WD_ALIGN_PARAGRAPH.CENTER,
    "address": WD_ALIGN_PARAGRAPH.CENTER,
}

#: Kinds centred in aligned editions too (they span the columns there).
CENTRED = frozenset({"letterhead", "address"})

#: Zip entries written first, in this order; the rest follow sorted by name.
FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")

# Elements that follow w:shd in a paragraph's and in a table cell's properties (the schema's
# sequence order, which Word enforces).
_PPR_AFTER_SHD = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_TCPR_AFTER_SHD = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")

# python-docx has no type information: its objects are Any here.
Doc = Any
Paragraph = Any


def render(edition: Edition) -> bytes:
    """The edition as a DOCX package."""
    doc = Document()
    _styles(doc, edition)
    _page(doc, edition)
    _masthead(doc, edition)
    if len(edition.languages) > 1:
        _table(doc, edition)
    else:
        _document(doc, edition.shown, edition.languages[0])
    _properties(doc, edition)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue(), edition.stamp)


# --- styles and page -----------------------------------------------------------------------


def _fonts(rpr: Any, name: str) -> None:
    """Set ``name`` for all four font slots of a run-properties element, dropping theme fonts."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _styles(doc: Doc, edition: Edition) -> None:
    size = Pt(10) if edition.landscape else Pt(11)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), SERIF)
    normal = doc.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), SERIF)
    normal.font.size = size
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.08
    for level, style_name in HEADING_STYLES.items():
        style = doc.styles[style_name]
        _fonts(style.element.get_or_add_rPr(), SANS)
        style.font.size = Pt({1: 13, 2: 12, 3: 11}[level])
        style.font.bold = level < 3
        style.font.italic = level == 3
        style.font.color.rgb = ACCENT if level < 3 else RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt({1: 18, 2: 12, 3: 6}[level])
        style.paragraph_format.space_after = Pt(6)
    bullet = doc.styles["List Bullet"]
    _fonts(bullet.element.get_or_add_rPr(), SERIF)


def _page(doc: Doc, edition: Edition) -> None:
    """A4, landscape for trilingual editions; the symbol in the header, page numbers below."""
    section = doc.sections[0]
    landscape = edition.landscape
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(18 if landscape else 22)
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _styled_run(head, edition.symbol, font=SANS, size=Pt(9), color=MUTED, bold=True)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(foot)


def _page_number(para: Paragraph) -> None:
    """A PAGE field (Word and LibreOffice fill in the number; "1" until they do)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def _text_width(doc: Doc) -> int:
    section = doc.sections[0]
    return int(section.page_width - section.left_margin - section.right_margin)


def _masthead(doc: Doc, edition: Edition) -> None:
    """Symbol and title; in a draft, the coverage and a shaded warning in each language."""
    head = doc.add_paragraph()
    _styled_run(head, edition.symbol, font=SANS, size=Pt(16), color=ACCENT, bold=True)
    head.paragraph_format.space_after = Pt(2)
    about = doc.add_paragraph()
    for n, (lang, text) in enumerate(title(edition)):
        if n:
            _styled_run(about, " · ", font=SANS, size=Pt(9), color=MUTED)
        _styled_run(about, text, font=SANS, size=Pt(9), color=MUTED, lang=lang)
    if draft(edition):
        reader = edition.languages[0]
        about.add_run().add_break()
        figures = coverage_summary(edition, reader)
        _styled_run(about, figures, font=SANS, size=Pt(9), color=MUTED, lang=reader)
    _border(about, "bottom", "12", "1D3557")
    about.paragraph_format.space_after = Pt(12)
    for lang, banner in banners(edition):
        warn = doc.add_paragraph()
        _styled_run(warn, banner, font=SANS, size=Pt(9), color=WARN_INK, bold=True, lang=lang)
        _shade(warn._p.get_or_add_pPr(), WARN, _PPR_AFTER_SHD)
        warn.paragraph_format.space_after = Pt(6)


def _properties(doc: Doc, edition: Edition) -> None:
    """Fixed core properties, so that two renders of one edition are byte-identical."""
    stamp = _utc(edition.stamp)
    props = doc.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    props.title = edition.symbol
    props.subject = " · ".join(language_names(edition).values())
    props.comments = ""
    props.language = edition.languages[0]
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the template's picture of an empty page
            package.rels.pop(rid)


# --- aligned editions ----------------------------------------------------------------------


def _table(doc: Doc, edition: Edition) -> None:
    names = language_names(edition)
    table = doc.add_table(rows=1, cols=len(edition.languages))
    table.style = doc.styles["Table Grid"]
    table.autofit = False  # a fixed layout: equal columns, whatever the text
    _rules(table._tbl.tblPr)
    width = _text_width(doc) // len(edition.languages)
    for column in table.columns:
        column.width = width
    header = table.rows[0]
    header_pr = header._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))
    for tc, (lang, name) in zip(header.cells, names.items(), strict=True):
        tc.width = width
        _shade(tc._tc.get_or_add_tcPr(), HEADER_SHADE, _TCPR_AFTER_SHD)
        para = tc.paragraphs[0]
        para.paragraph_format.space_after = Pt(2)
        _styled_run(para, name, font=SANS, size=Pt(9), color=ACCENT, bold=True, lang=lang)
    for row in grouped(edition.shown):
        cells = table.add_row().cells
        for tc in cells:
            tc.width = width
        if isinstance(row, TableRows):
            for n, (tc, lang) in enumerate(zip(cells, edition.languages, strict=True)):
                _grid(tc, row, n, lang, aligned=True)
            continue
        if shared(row):
            merged = cells[0].merge(cells[-1])
            _fill(merged.paragraphs[0], row, row.cells[0], row.cells[0].lang, aligned=True)
            continue
        for tc, lang, cell in zip(cells, edition.languages, row.cells, strict=True):
            tagged = status_tag(cell, lang)
            shade = WARN if tagged else SHADE if row.segment.kind == "question" else ""
            if shade:
                _shade(tc._tc.get_or_add_tcPr(), shade, _TCPR_AFTER_SHD)
            _fill(tc.paragraphs[0], row, cell, lang, aligned=True)
            if cell.status == "fuzzy" and cell.previous:
                _previous(tc.add_paragraph(), cell, lang)


# --- monolingual editions ------------------------------------------------------------------


def _document(doc: Doc, rows: Sequence[Row], lang: str) -> None:
    for row in grouped(rows):
        if isinstance(row, TableRows):
            _grid(doc, row, 0, lang, aligned=False)
            doc.add_paragraph()
            continue
        para = doc.add_paragraph()
        cell = row.cells[0]
        _fill(para, row, cell, lang, aligned=False)
        if status_tag(cell, lang):
            _shade(para._p.get_or_add_pPr(), WARN, _PPR_AFTER_SHD)
        if cell.status == "fuzzy" and cell.previous:
            old = doc.add_paragraph()
            _previous(old, cell, lang)
            _shade(old._p.get_or_add_pPr(), WARN, _PPR_AFTER_SHD)


# --- tables ---------------------------------------------------------------------------------


def _grid(parent: Any, table: TableRows, language: int, lang: str, *, aligned: bool) -> None:
    """A source table in one language, as a Word table in ``parent`` (the document, or a
    cell of the aligned edition's table)."""
    grid = table.grid(language)
    out = parent.add_table(rows=len(grid), cols=len(grid[0]))
    out.style = "Table Grid"
    for cells, tr in zip(grid, out.rows, strict=True):
        for item, tc in zip(cells, tr.cells, strict=True):
            if item is None:
                continue
            row, cell = item
            if status_tag(cell, lang):
                _shade(tc._tc.get_or_add_tcPr(), WARN, _TCPR_AFTER_SHD)
            _fill(tc.paragraphs[0], row, cell, lang, aligned=aligned)


# --- one segment in one language -----------------------------------------------------------


def _fill(para: Paragraph, row: Row, cell: Cell, column: str, *, aligned: bool) -> None:
    """Style ``para`` for the segment's kind and write the cell's text into it; ``column`` is
    the language of the column, in which a status tag is written."""
    seg = row.segment
    level = heading_level(seg.kind)
    if level:
        para.style = HEADING_STYLES[level]
    elif seg.item:
        para.style = "List Bullet"
    if seg.kind in ALIGNMENT and (not aligned or seg.kind in CENTRED):
        para.alignment = ALIGNMENT[seg.kind]
    small = seg.kind in ("distribution", "address")
    tag = status_tag(cell, column)
    if tag:
        _styled_run(para, f"{tag} ", font=SANS, size=Pt(8), color=WARN_INK, bold=True, lang=column)
    strong = seg.kind in STRONG_KINDS
    if seg.label:
        _text_run(para, Run(f"{seg.label} ", bold=True), cell.lang, small)
    if cell.status == "fuzzy" and cell.previous_source and cell.previous_source != cell.text:
        _changes(para, cell, strong)
        return
    for n, line in enumerate(lines(parse_inline(printable(cell.text)))):
        if n:
            para.add_run().add_break()
        for run in line:
            _text_run(para, run._replace(bold=run.bold or strong), cell.lang, small)


def _changes(para: Paragraph, cell: Cell, strong: bool) -> None:
    """The cell's English with the words new since the old translation highlighted and the
    words gone from it struck out (plain text: emphasis is not shown in a changed cell)."""
    before = plain(parse_inline(printable(cell.previous_source)))
    after = plain(parse_inline(printable(cell.text)))
    for piece in word_diff(before, after):
        for n, text in enumerate(piece.text.split("\n")):
            if n:
                para.add_run().add_break()
            if not text:
                continue
            out = para.add_run(text)
            out.bold = strong or None
            if piece.kind == "new":
                out.font.highlight_color = WD_COLOR_INDEX.YELLOW
            elif piece.kind == "old":
                out.font.strike = True
            _lang(out, cell.lang)


def _previous(para: Paragraph, cell: Cell, lang: str) -> None:
    """ "Previous translation: …" in ``lang``, the translation being revised."""
    label = f"{previous_label(lang)}: "
    _styled_run(para, label, font=SANS, size=Pt(8), color=WARN_INK, bold=True, lang=lang)
    for n, line in enumerate(lines(parse_inline(printable(cell.previous)))):
        if n:
            para.add_run().add_break()
        for run in line:
            _text_run(para, run, lang, False)


def _text_run(para: Paragraph, run: Run, lang: str, small: bool) -> None:
    out = para.add_run(run.text)
    out.bold = run.bold or None
    out.italic = run.italic or None
    if small:
        out.font.size = Pt(8.5)
    _lang(out, lang)


def _styled_run(
    para: Paragraph,
    text: str,
    *,
    font: str,
    size: Pt,
    color: RGBColor,
    bold: bool = False,
    lang: str = "en",
) -> None:
    run = para.add_run(printable(text))
    run.bold = bold or None
    run.font.size = size
    run.font.color.rgb = color
    _fonts(run._r.get_or_add_rPr(), font)
    _lang(run, lang)


def _lang(run: Any, lang: str) -> None:
    """Tag a run with its language, for spelling, hyphenation and font choice."""
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), lang)
    run._r.get_or_add_rPr().insert_element_before(tag, *_RPR_AFTER_LANG)


def _rules(tbl_pr: Any) -> None:
    """Thin grey rules between rows and columns, none on the outer sides."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        visible = side not in ("left", "right")
        line.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            line.set(qn("w:sz"), "8" if side in ("top", "bottom") else "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "1D3557" if side in ("top", "bottom") else "C9CED6")
        borders.append(line)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def _shade(props: Any, fill: str, after: tuple[str, ...]) -> None:
    """Solid background ``fill`` on a paragraph's or a table cell's properties.

    ``after`` lists the elements the schema puts after ``w:shd`` in ``props``.
    """
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.insert_element_before(shd, *after)


def _border(para: Paragraph, side: str, size: str, color: str) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", size), ("space", "4"), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)
    para._p.get_or_add_pPr().insert_element_before(borders, "w:shd", *_PPR_AFTER_SHD)


# --- reproducible package ------------------------------------------------------------------


def _utc(stamp: datetime.datetime) -> datetime.datetime:
    """``stamp`` as a naive UTC time (python-docx writes core dates as UTC)."""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(datetime.UTC).replace(tzinfo=None)
    return stamp


def zip_time(stamp: datetime.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date_time for ``stamp``, clamped to the range zip can store."""
    utc = _utc(stamp)
    low, high = datetime.datetime(1980, 1, 1), datetime.datetime(2107, 12, 31, 23, 59, 58)
    utc = min(max(utc, low), high)
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)


def _entry_order(name: str) -> tuple[int, str]:
    return (FIRST_ENTRIES.index(name) if name in FIRST_ENTRIES else len(FIRST_ENTRIES), name)


def normalise_zip(data: bytes, stamp: datetime.datetime) -> bytes:
    """``data`` rewritten with fixed entry order, timestamps, permissions and compression."""
    date_time = zip_time(stamp)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in sorted(src.namelist(), key=_entry_order):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()
