"""The bilingual review document: a catalog out to a reviser in Word, and back.

Export writes one table: segment ID (small, grey), English (with the previous English
struck through where a fuzzy entry's source changed, word by word), the translation, its
state, and an empty comment column.  Rows shaded across the table give the document's
structure (questionnaire, part, question).  A manifest in a custom XML part
(``/customXml/reply-i18n-review.xml``) records the document, the locale and, per entry, the
fingerprint that the conflict rules of :mod:`reply_i18n.exchange.apply` need.

Import reads what the reviser did: the translation column (Word's tracked changes read as
accepted — insertions count, deletions do not), the comment column and Word comments
anchored in a row, and the state column (``approved`` or ``revised``).  A DOCX without our
manifest, for another document or locale, with rows deleted, added or swapped, is refused
with a message that says which.
"""

from __future__ import annotations

import datetime
import difflib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from reply_i18n.exchange.apply import ExchangeError, Returned, fingerprint, text_digest
from reply_i18n.exchange.trail import state_of
from reply_i18n.model import Document
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.publish.render.word import normalise_zip
from reply_i18n.safexml import parse

MANIFEST = "/customXml/reply-i18n-review.xml"
_NS = "urn:reply-i18n:review:1"
COLUMNS = ("ID", "English", "Translation", "Status", "Comment")
STATES = ("untranslated", "fuzzy", "translated", "revised", "approved")
#: Uncompressed size a returned review file may have, at the most (a zip bomb guard).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True, slots=True)
class ReviewFile:
    """What a returned review document holds."""

    document: str
    locale: str
    units: tuple[Returned, ...]
    exported_states: dict[str, str]
    last_modified_by: str
    pending_changes: int
    """Rows whose translation had tracked changes not yet accepted or rejected."""


# --- export ---------------------------------------------------------------------------


def _manifest(document: str, locale: str, messages: Sequence[Message]) -> bytes:
    root = etree.Element(f"{{{_NS}}}review", nsmap={None: _NS}, document=document, locale=locale)
    for msg in messages:
        etree.SubElement(
            root,
            f"{{{_NS}}}entry",
            id=msg.msgctxt or "",
            state=state_of(msg),
            fingerprint=fingerprint(msg),
            exported=text_digest(msg.msgstr),
        )
    body: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def _headings(doc: Document) -> dict[str, str]:
    """Segment ID → the structure heading to show before it, where one starts."""
    out: dict[str, str] = {}
    last = ""
    for seg in doc.segments:
        if not seg.translatable:
            continue
        where = seg.where.split(":", 1)[0].strip() if seg.where else ""
        if where and where != last:
            out[seg.id] = where
            last = where
    return out


def _cell_text(cell: object, text: str, *, size: float | None = None, grey: bool = False) -> None:
    para = cell.paragraphs[0]  # type: ignore[attr-defined]
    run = para.add_run(text)
    if size:
        run.font.size = Pt(size)
    if grey:
        run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def _english(cell: object, msg: Message) -> None:
    para = cell.paragraphs[0]  # type: ignore[attr-defined]
    if not (msg.fuzzy and msg.previous_msgid and msg.previous_msgid != msg.msgid):
        para.add_run(msg.msgid)
        return
    old, new = msg.previous_msgid.split(" "), msg.msgid.split(" ")
    first = True
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        pieces: list[tuple[str, str]] = []
        if op in ("replace", "delete"):
            pieces.append(("old", " ".join(old[a1:a2])))
        if op in ("replace", "insert", "equal"):
            pieces.append(("new" if op != "equal" else "same", " ".join(new[b1:b2])))
        for kind, text in pieces:
            run = para.add_run(("" if first else " ") + text)
            first = False
            if kind == "old":
                run.font.strike = True
                run.font.color.rgb = RGBColor(0xA0, 0x20, 0x20)
            elif kind == "new":
                run.font.underline = True


def export_review(
    document: Document,
    catalog: Catalog,
    *,
    locale: str,
    only: frozenset[str] | None,
    stamp: datetime.datetime,
) -> bytes:
    """The review document (DOCX bytes) of the catalog's entries in ``only`` states (all
    when None), in the document's order, the same bytes for the same inputs."""
    messages = [
        m
        for m in catalog.active()
        if m.msgid and m.msgid_plural is None and (only is None or state_of(m) in only)
    ]
    order = {seg.id: n for n, seg in enumerate(document.segments)}
    messages.sort(key=lambda m: order.get(m.msgctxt or "", len(order)))
    headings = _headings(document)
    docx = open_docx()
    section = docx.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    docx.add_heading(f"Review: {document.symbol or document.name} ({locale})", level=1)
    docx.add_paragraph(
        "Edit the Translation column (tracked changes are welcome), write to the Comment "
        "column, and set Status to 'approved' or 'revised'. Do not delete, add or move rows."
    )
    table = docx.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, COLUMNS, strict=True):
        _cell_text(cell, title)
        cell.paragraphs[0].runs[0].font.bold = True
    for msg in messages:
        heading = headings.get(msg.msgctxt or "")
        if heading:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[-1])
            _cell_text(merged, heading)
            merged.paragraphs[0].runs[0].font.bold = True
            shading = etree.SubElement(merged._tc.get_or_add_tcPr(), qn("w:shd"))
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), "E7E6E6")
        row = table.add_row()
        _cell_text(row.cells[0], msg.msgctxt or "", size=7, grey=True)
        _english(row.cells[1], msg)
        _cell_text(row.cells[2], msg.msgstr)
        _cell_text(row.cells[3], state_of(msg))
    part = Part(
        PackURI(MANIFEST),
        "application/xml",
        _manifest(document.name, locale, messages),
        docx.part.package,
    )
    docx.part.relate_to(part, RT.CUSTOM_XML)
    props = docx.core_properties
    props.author = props.last_modified_by = "reply-i18n"
    props.created = props.modified = stamp.replace(tzinfo=None)
    props.revision = 1
    props.title = f"Review: {document.name} ({locale})"
    buf = io.BytesIO()
    docx.save(buf)
    return normalise_zip(buf.getvalue(), stamp)


# --- import ---------------------------------------------------------------------------


def _check_zip(data: bytes, path: str) -> None:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ExchangeError(
            "an encrypted or legacy Word file; save it as .docx without a password", path=path
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        raise ExchangeError("not a DOCX file (not a zip archive)", path=path) from None
    if total > MAX_UNCOMPRESSED:
        raise ExchangeError(
            f"the archive unpacks to {total} bytes, more than {MAX_UNCOMPRESSED}; refused",
            path=path,
        )


def _paragraph_text(p: etree._Element) -> str:
    """A paragraph's text with tracked changes accepted: inserted runs count, deleted do not."""
    out: list[str] = []
    for el in p.iter(_W + "t", _W + "br", _W + "tab", _W + "delText"):
        if el.tag == _W + "delText" or any(a.tag == _W + "del" for a in el.iterancestors()):
            continue
        if el.tag == _W + "t":
            out.append(el.text or "")
        elif el.tag == _W + "br":
            out.append("\n")
        else:
            out.append("\t")
    return "".join(out)


def _cell_value(tc: etree._Element) -> tuple[str, bool]:
    """A cell's text, its paragraphs joined by a space (a segment is one paragraph), and
    whether it holds tracked changes not yet accepted or rejected."""
    paragraphs = [_paragraph_text(p) for p in tc.findall(_W + "p")]
    text = (
        " ".join(p.strip() for p in paragraphs if p.strip())
        if len(paragraphs) > 1
        else (paragraphs[0] if paragraphs else "")
    )
    pending = any(True for _ in tc.iter(_W + "ins", _W + "del"))
    return text, pending


def _comments(docx: object) -> dict[str, str]:
    """Word comments by ID."""
    for rel in docx.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype == RT.COMMENTS:
            root = parse(rel.target_part.blob, path="comments.xml", error=ExchangeError)
            return {
                c.get(_W + "id", ""): " ".join(_paragraph_text(p) for p in c.iter(_W + "p")).strip()
                for c in root.iter(_W + "comment")
            }
    return {}


def read_review(data: bytes, *, path: str) -> ReviewFile:
    """A returned review document.

    Raises :class:`~reply_i18n.exchange.apply.ExchangeError` naming the file (and the row)
    when it is not a DOCX, is not a review document of ours, or its rows were deleted,
    added or moved, or a state is not one of :data:`STATES`.
    """
    _check_zip(data, path)
    try:
        docx = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ExchangeError(f"cannot read the Word document: {exc}", path=path) from None
    manifest = next(
        (
            rel.target_part.blob
            for rel in docx.part.rels.values()
            if rel.reltype == RT.CUSTOM_XML and str(rel.target_part.partname) == MANIFEST
        ),
        None,
    )
    if manifest is None:
        raise ExchangeError(
            "not a reply-i18n review document (no manifest); export one with "
            "`reply-i18n review export`",
            path=path,
        )
    root = parse(manifest, path=f"{path}:{MANIFEST}", error=ExchangeError)
    entries = [dict(e.attrib) for e in root.iter(f"{{{_NS}}}entry")]
    comments = _comments(docx)
    if not docx.tables:
        raise ExchangeError("the review table is missing", path=path)
    rows = []
    for n, tr in enumerate(docx.tables[0]._tbl.findall(_W + "tr")[1:], start=2):
        cells = tr.findall(_W + "tc")
        if len(cells) < len(COLUMNS):
            continue  # a structure heading, merged across the table
        ident = _cell_value(cells[0])[0].strip()
        rows.append((n, ident, cells))
    found = [ident for _n, ident, _c in rows]
    expected = [e["id"] for e in entries]
    if found != expected:
        raise ExchangeError(_row_problem(expected, found), path=path)
    units: list[Returned] = []
    pending = 0
    for (n, ident, cells), entry in zip(rows, entries, strict=True):
        target, changed = _cell_value(cells[2])
        pending += changed
        state = _cell_value(cells[3])[0].strip().lower()
        if state not in STATES:
            known = ", ".join(STATES)
            raise ExchangeError(
                f"row {n} ({ident}): status {state!r} is not one of {known}", path=path
            )
        notes = [_cell_value(cells[4])[0].strip()]
        anchors = _elements(cells, "commentRangeStart", "commentReference")
        ids = {el.get(_W + "id", "") for el in anchors}
        notes += [comments[i] for i in sorted(ids) if comments.get(i)]
        units.append(
            Returned(
                id=ident,
                fingerprint=entry["fingerprint"],
                exported=entry["exported"],
                target=target,
                state=state,
                comment=" ".join(t for t in notes if t),
                line=n,
            )
        )
    return ReviewFile(
        document=root.get("document", ""),
        locale=root.get("locale", ""),
        units=tuple(units),
        exported_states={e["id"]: e["state"] for e in entries},
        last_modified_by=docx.core_properties.last_modified_by or "",
        pending_changes=pending,
    )


def _elements(cells: Sequence[etree._Element], *names: str) -> list[etree._Element]:
    """Elements of those names anywhere in the cells."""
    return [el for tc in cells for el in tc.iter(*(_W + name for name in names))]


def _row_problem(expected: list[str], found: list[str]) -> str:
    """Say what the reviser did to the rows: deleted, duplicated, added, renamed or moved."""
    twice = sorted({i for i in found if found.count(i) > 1})
    if twice:
        return f"rows were duplicated: {', '.join(twice[:5])}; delete the copies or export again"
    missing = [i for i in expected if i not in found]
    extra = [i for i in found if i not in expected]
    if missing and len(missing) == len(extra) and len(found) == len(expected):
        renamed = [f"{a} → {b}" for a, b in zip(expected, found, strict=True) if a != b]
        return f"the ID cells of rows were edited: {', '.join(renamed[:5])}; put the IDs back"
    if missing:
        return f"rows were deleted: {', '.join(missing[:5])}; restore them or export again"
    if extra:
        return f"rows were added: {', '.join(extra[:5])}; delete them or export again"
    moved = next(a for a, b in zip(expected, found, strict=True) if a != b)
    return f"rows were moved (first: {moved}); put them back in their order or export again"
