"""The Word reader: ``.docx`` and ``.docm`` (Office Open XML, ECMA-376) → blocks.

python-docx opens the package and gives the parts as lxml trees; this module walks the
body in document order and reads what python-docx does not interpret:

* **paragraphs** become blocks; manual line breaks (``w:br``, ``w:cr``) split a block into
  lines; bold and italic runs (direct, character style, paragraph style, document
  defaults) become ``**bold**`` and ``*italic*``; a block whose text is all bold also sets
  :attr:`~reply_i18n.source.blocks.Block.bold`; hidden text (``w:vanish``) and deleted
  revisions are left out, inserted revisions kept, all-caps text is upper-cased as Word
  draws it;
* **headings**: the outline level of the paragraph or its style (Word's built-in
  "Heading N" styles carry one), else a style named "Heading N" or "Title", gives
  :attr:`~reply_i18n.source.blocks.Block.level`;
* **list numbers** that Word draws are computed from ``numbering.xml`` by
  :mod:`~reply_i18n.source.numbering` and kept in
  :attr:`~reply_i18n.source.blocks.Block.label`, the level in ``list_level``;
* **tables** with borders become one block per non-empty cell, in row order, with
  :attr:`~reply_i18n.source.blocks.Block.cell`; a table without any border is page
  layout (a stamp beside the symbol, a letterhead) and its paragraphs are read as
  ordinary blocks, cell after cell, as a reader of the printed page would;
* **text boxes** are read after the paragraph that anchors them;
* **headers and footers** are page furniture and are not read;
* **footnotes and endnotes** are kept: after the body, in the order of their first
  reference, as blocks with ``role="footnote"`` and the mark Word draws as label
  (1, 2, 3 … for footnotes, i, ii, iii … for endnotes).  The mark in the body text is
  left out, so that a paragraph reads the same as in a text source.

Nothing in a package is ever run: macros in a ``.docm`` are never loaded.  Before the
package is parsed, :func:`check_package` refuses what is not a readable package: an
encrypted (password-protected) document, which Word stores as an OLE compound file, a
legacy ``.doc``, a corrupt zip, and a zip bomb (the sum of the members' declared sizes is
capped at :data:`MAX_UNPACKED`, their compression ratio at :data:`MAX_RATIO`; Python's
zipfile never inflates a member beyond its declared size).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reply_i18n.errors import SourceError
from reply_i18n.model import Diagnostic
from reply_i18n.source.blocks import Block, CellRef, Line
from reply_i18n.source.glyphs import SYMBOL_GLYPHS
from reply_i18n.source.inline import Run, emphasis
from reply_i18n.source.numbering import Numberer, Numbering, format_number, parse_numbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
STRICT_RELS = b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MAX_UNPACKED = 256 * 1024 * 1024
"""Largest total of the members' uncompressed sizes, in bytes."""
MAX_RATIO = 100
"""Largest compression ratio of a member of more than 1 MiB."""
MAX_MEMBERS = 10_000
"""Largest number of members in a package."""

CONVERT_HINT = "convert it to .docx first, e.g. `libreoffice --headless --convert-to docx FILE`"

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_TEMPLATE_MAINS = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_MACRO_PARTS = re.compile(
    r"(?i)^word/(?:vbaProject\.bin|vbaData\.xml|_rels/vbaProject\.bin\.rels)$"
)
_RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_HEADING_NAME = re.compile(r"(?i)^heading\s*([1-9])$")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: Any, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(_w(tag))
    if child is None:
        return None
    value = child.get(_w("val"))
    return None if value is None else str(value)


def _on(el: Any, tag: str) -> bool | None:
    """A toggle property (``w:b``, ``w:i``…): True, False, or None when not set."""
    if el is None:
        return None
    child = el.find(_w(tag))
    if child is None:
        return None
    return child.get(_w("val"), "true").lower() not in ("0", "false", "off", "none")


def _count(value: str | None, default: int) -> int:
    """A whole-number attribute, or ``default`` when it is missing or malformed."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB"


def check_package(data: bytes, *, source: str) -> zipfile.ZipFile:
    """Open the zip package of a Word document, refusing what cannot or must not be read.

    Raises :class:`~reply_i18n.errors.SourceError` for an encrypted or legacy Word file,
    an RTF file, a file that is no zip or a corrupt one, and a zip bomb.
    """
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SourceError(
                "the document is encrypted (password-protected): open it in Word, remove "
                "the password (File > Info > Protect Document) and save it again",
                path=source,
            )
        raise SourceError(
            "this is a legacy Word 97-2003 (.doc) file, not a .docx: " + CONVERT_HINT,
            path=source,
        )
    if data.lstrip()[:5] == b"{\\rtf":
        raise SourceError("this is an RTF file, not a .docx: " + CONVERT_HINT, path=source)
    if not data.startswith(b"PK"):
        raise SourceError("not a Word document: the file is not a zip package", path=source)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise SourceError(f"corrupt Word document (bad zip: {exc})", path=source) from None
    if len(infos) > MAX_MEMBERS:
        raise SourceError(
            f"refusing a package of {len(infos)} members (at most {MAX_MEMBERS}): "
            "possibly a zip bomb",
            path=source,
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise SourceError(
            f"refusing to unpack {_mib(total)} (at most {_mib(MAX_UNPACKED)}): possibly a zip bomb",
            path=source,
        )
    for info in infos:
        big = info.file_size > 1024 * 1024
        if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise SourceError(
                f"member {info.filename} inflates {ratio}:1 (at most {MAX_RATIO}:1): "
                "possibly a zip bomb",
                path=source,
            )
    return zf


def _without_macros(zf: zipfile.ZipFile, source: str) -> bytes:
    """The package as a plain ``.docx``: the macro parts are dropped unread and the main
    part is declared as a document, so that python-docx opens a ``.docm`` or a template."""
    names = set(zf.namelist())
    if "[Content_Types].xml" not in names:
        if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
            raise SourceError(
                "this is an OpenDocument file, not a .docx: " + CONVERT_HINT, path=source
            )
        raise SourceError(
            "not a Word document: the zip package has no [Content_Types].xml", path=source
        )
    try:
        types = zf.read("[Content_Types].xml").decode("utf-8")
    except (UnicodeDecodeError, zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise SourceError(f"corrupt Word document ({exc})", path=source) from None
    if "_rels/.rels" in names and STRICT_RELS in zf.read("_rels/.rels"):
        raise SourceError(
            "a Strict Open XML document, which python-docx cannot read: save it in Word as "
            "'Word Document (.docx)', or convert it with " + CONVERT_HINT.split(", e.g. ")[1],
            path=source,
        )
    if not any(t in types for t in (_DOCX_MAIN, _DOCM_MAIN, *_TEMPLATE_MAINS)):
        raise SourceError(
            "not a Word document: the package holds no word-processing document "
            "(a spreadsheet or a presentation?)",
            path=source,
        )
    if _DOCX_MAIN in types:
        return b""
    for main in (_DOCM_MAIN, *_TEMPLATE_MAINS):
        types = types.replace(main, _DOCX_MAIN)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in zf.infolist():
            if _MACRO_PARTS.match(info.filename):
                continue
            if info.filename == "[Content_Types].xml":
                new.writestr(info.filename, types)
            else:
                new.writestr(info, zf.read(info))
    return out.getvalue()


def _open(data: bytes, source: str) -> Any:
    import docx  # python-docx

    zf = check_package(data, source=source)
    try:
        plain = _without_macros(zf, source)
        document = docx.Document(io.BytesIO(plain or data))
    except SourceError:
        raise
    except Exception as exc:  # python-docx, zipfile, zlib and lxml each raise their own
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourceError(f"corrupt or unreadable Word document ({reason})", path=source) from None
    if document.element.body is None:
        raise SourceError("not a Word document: it has no body", path=source)
    return document


@dataclass(slots=True)
class _Style:
    element: Any
    based_on: str | None
    name: str


@dataclass(slots=True)
class _Reader:
    """Walks one document's body; holds the numbering counters and the notes referenced."""

    styles: dict[str, _Style]
    defaults: Any
    numberer: Numberer
    default_paragraph: str | None
    paragraph: int = 0
    table: int = 0
    blocks: list[Block] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    """Notes in the order of their first reference: ``("footnote" | "endnote", id)``."""

    # ------------------------------------------------------------------ styles

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on

    def _style_prop(self, style_id: str | None, group: str, tag: str) -> bool | None:
        for style in self._chain(style_id):
            value = _on(style.element.find(_w(group)), tag)
            if value is not None:
                return value
        return None

    def run_prop(self, rpr: Any, pstyle: str | None, tag: str) -> bool:
        value = _on(rpr, tag)
        if value is None:
            value = self._style_prop(_val(rpr, "rStyle"), "rPr", tag)
        if value is None:
            value = self._style_prop(pstyle, "rPr", tag)
        if value is None:
            value = _on(self.defaults, tag)
        return bool(value)

    def paragraph_style(self, p: Any) -> str | None:
        return _val(p.find(_w("pPr")), "pStyle") or self.default_paragraph

    def level(self, p: Any, pstyle: str | None) -> int:
        outline = _val(p.find(_w("pPr")), "outlineLvl")
        if outline is None:
            for style in self._chain(pstyle):
                outline = _val(style.element.find(_w("pPr")), "outlineLvl")
                if outline is not None:
                    break
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1
        for style in self._chain(pstyle):
            m = _HEADING_NAME.match(style.name)
            if m:
                return int(m[1])
            if style.name.lower() == "title":
                return 1
        return 0

    def numbering(self, p: Any, pstyle: str | None) -> tuple[str, int]:
        """Count the paragraph if it is numbered; its label and list level."""
        num_pr = p.find(_w("pPr") + "/" + _w("numPr"))
        num_id = _val(num_pr, "numId")
        ilvl = _val(num_pr, "ilvl")
        if num_id is None:
            for style in self._chain(pstyle):
                style_num = style.element.find(_w("pPr") + "/" + _w("numPr"))
                if style_num is not None:
                    num_id = _val(style_num, "numId")
                    ilvl = ilvl if ilvl is not None else _val(style_num, "ilvl")
                    break
        if num_id is None or not num_id.lstrip("-").isdigit() or int(num_id) == 0:
            return "", 0
        level = int(ilvl) if ilvl is not None and ilvl.isdigit() else None
        if level is None and pstyle is not None:
            level = self.numberer.level_of_style(int(num_id), pstyle)
        level = level or 0
        return self.numberer.label(int(num_id), level), level

    # ------------------------------------------------------------------ runs

    def runs(self, p: Any, pstyle: str | None, boxes: list[Any]) -> list[Run]:
        out: list[Run] = []
        self._collect(p, pstyle, out, boxes)
        return out

    def _collect(self, el: Any, pstyle: str | None, out: list[Run], boxes: list[Any]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == _w("r"):
                self._run(child, pstyle, out, boxes)
            elif tag in (
                _w("hyperlink"),
                _w("ins"),
                _w("moveTo"),
                _w("smartTag"),
                _w("fldSimple"),
                _w("customXml"),
                _w("sdt"),
                _w("sdtContent"),
                _w("bdo"),
                _w("dir"),
            ):
                self._collect(child, pstyle, out, boxes)

    def _run(self, r: Any, pstyle: str | None, out: list[Run], boxes: list[Any]) -> None:
        rpr = r.find(_w("rPr"))
        if self.run_prop(rpr, pstyle, "vanish"):
            return
        bold = self.run_prop(rpr, pstyle, "b")
        italic = self.run_prop(rpr, pstyle, "i")
        caps = self.run_prop(rpr, pstyle, "caps")
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag in (_w("tab"), _w("ptab")):
                parts.append(" ")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("sym"):
                code = child.get(_w("char")) or ""
                try:
                    glyph = chr(int(code, 16))
                except (ValueError, OverflowError):
                    glyph = ""
                # a symbol font's glyph as the character it draws; another one as it is
                parts.append(SYMBOL_GLYPHS.get(glyph, glyph if glyph.isprintable() else ""))
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                kind = "footnote" if tag == _w("footnoteReference") else "endnote"
                ref = (kind, child.get(_w("id"), ""))
                if ref not in self.notes:
                    self.notes.append(ref)
            else:
                for box in child.iter(_w("txbxContent")):
                    if not any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
                        boxes.append(box)
        text = "".join(parts)
        if caps:
            text = text.upper()
        if text:
            out.append((text, bold, italic))

    # ------------------------------------------------------------------ blocks

    def body(self, container: Any) -> None:
        """Read the block-level content of a body, cell or text box."""
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                self._paragraph(child)
            elif tag == _w("tbl"):
                self._table(child)
            elif tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
                self.body(child)

    def _paragraph(self, p: Any, *, cell: CellRef | None = None, role: str = "body") -> None:
        self.paragraph += 1
        pstyle = self.paragraph_style(p)
        boxes: list[Any] = []
        runs = self.runs(p, pstyle, boxes)
        label, list_level = self.numbering(p, pstyle)
        lines = [Line(self.paragraph, t) for t in emphasis(runs) if t]
        if lines:
            bold = all(b for text, b, _ in runs if text.strip())
            style = self.styles[pstyle].name if pstyle in self.styles else ""
            self.blocks.append(
                Block(
                    lines,
                    level=self.level(p, pstyle),
                    label=label,
                    list_level=list_level,
                    bold=bold,
                    cell=cell,
                    role=role,
                    meta={"style": style} if style else {},
                )
            )
        for box in boxes:
            self.body(box)

    def _table(self, tbl: Any) -> None:
        if not self._has_borders(tbl):
            for tr in tbl.findall(_w("tr")):
                for tc in tr.findall(_w("tc")):
                    self.body(tc)
            return
        index = self.table
        self.table += 1
        for row, tr in enumerate(tbl.findall(_w("tr"))):
            column = _count(_val(tr.find(_w("trPr")), "gridBefore"), 0)
            for tc in tr.findall(_w("tc")):
                tcpr = tc.find(_w("tcPr"))
                span = max(1, _count(_val(tcpr, "gridSpan"), 1))
                merge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if merge is None or merge.get(_w("val")) == "restart":
                    self._cell(tc, CellRef(index, row, column))
                column += span

    def _cell(self, tc: Any, where: CellRef) -> None:
        start = len(self.blocks)
        self.body(tc)
        inner = self.blocks[start:]
        del self.blocks[start:]
        lines: list[Line] = []
        for blk in inner:
            if blk.label:
                blk.lines[0] = Line(blk.lines[0].number, f"{blk.label} {blk.lines[0].text}")
            lines.extend(blk.lines)
        if lines:
            self.blocks.append(
                Block(lines, bold=all(b.bold for b in inner), cell=where, meta={"style": "cell"})
            )

    def _has_borders(self, tbl: Any) -> bool:
        tblpr = tbl.find(_w("tblPr"))
        groups = [tblpr.find(_w("tblBorders")) if tblpr is not None else None]
        for style in self._chain(_val(tblpr, "tblStyle")):
            spr = style.element.find(_w("tblPr"))
            if spr is not None:
                groups.append(spr.find(_w("tblBorders")))
        groups.extend(tc.find(_w("tcPr") + "/" + _w("tcBorders")) for tc in tbl.iter(_w("tc")))
        for group in groups:
            if group is None:
                continue
            for side in group:
                if (side.get(_w("val")) or "nil") not in ("nil", "none"):
                    return True
        return False

    def note_blocks(self, parts: dict[str, Any], formats: dict[str, tuple[str, int]]) -> None:
        """Blocks of the notes referenced in the body, in order of first reference."""
        counters = {"footnote": 0, "endnote": 0}
        for kind, note_id in self.notes:
            root = parts.get(kind)
            if root is None:
                continue
            note = next(
                (
                    n
                    for n in root.iter(_w(kind))
                    if n.get(_w("id")) == note_id and not n.get(_w("type"))
                ),
                None,
            )
            fmt, start = formats[kind]
            mark = format_number(start + counters[kind], fmt)
            counters[kind] += 1
            if note is None:
                continue
            first = len(self.blocks)
            self.body(note)
            for blk in self.blocks[first:]:
                blk.role = "footnote"
                blk.meta["note"] = kind
            if len(self.blocks) > first:
                self.blocks[first].label = mark


def _styles(document: Any) -> tuple[dict[str, _Style], Any, str | None]:
    root = document.styles.element
    styles: dict[str, _Style] = {}
    default_paragraph = None
    for st in root.iter(_w("style")):
        sid = st.get(_w("styleId"))
        if not sid:
            continue
        styles[sid] = _Style(st, _val(st, "basedOn"), _val(st, "name") or sid)
        if st.get(_w("type")) == "paragraph" and (st.get(_w("default")) or "0") in ("1", "true"):
            default_paragraph = sid
    defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    return styles, defaults, default_paragraph


def _part(document: Any, reltype: str) -> Any:
    from docx.oxml.parser import parse_xml

    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return parse_xml(rel.target_part.blob)
    return None


def _note_format(document: Any, kind: str, default: str) -> tuple[str, int]:
    fmt, start = default, 1
    sect = document.element.body.find(_w("sectPr"))
    pr = sect.find(_w(f"{kind}Pr")) if sect is not None else None
    if pr is not None:
        fmt = _val(pr, "numFmt") or fmt
        start = _count(_val(pr, "numStart"), start)
    return fmt, start


def read_docx(data: bytes, *, source: str) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of a Word document (``.docx``, ``.docm``, ``.dotx``) in reading order.

    ``source`` names the file in messages.  Raises
    :class:`~reply_i18n.errors.SourceError` for what :func:`check_package` refuses and
    for a package python-docx cannot read.  Returns no diagnostics today; the second
    item keeps the signature of every reader.
    """
    document = _open(data, source)
    styles, defaults, default_paragraph = _styles(document)
    try:
        numbering = parse_numbering(_part(document, _RT_NUMBERING))
        style_nums = {}
        for sid, st in styles.items():
            num_id = _val(st.element.find(f"{_w('pPr')}/{_w('numPr')}"), "numId")
            if num_id and num_id.isdigit():
                style_nums[sid] = int(num_id)
        numbering = Numbering(numbering.abstracts, numbering.instances, numbering.links, style_nums)
        notes = {
            "footnote": _part(document, _RT_FOOTNOTES),
            "endnote": _part(document, _RT_ENDNOTES),
        }
    except Exception as exc:  # a malformed part: lxml's and python-docx's own errors
        raise SourceError(f"corrupt Word document ({exc})", path=source) from None
    reader = _Reader(styles, defaults, Numberer(numbering), default_paragraph)
    try:
        reader.body(document.element.body)
        reader.note_blocks(
            notes,
            {
                "footnote": _note_format(document, "footnote", "decimal"),
                "endnote": _note_format(document, "endnote", "lowerRoman"),
            },
        )
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # malformed markup
        raise SourceError(f"corrupt Word document ({exc})", path=source) from None
    return reader.blocks, []
