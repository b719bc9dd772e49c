"""The PDF reader: a PDF's text layer → blocks.

PDFium (through pypdfium2) gives every character with its box, baseline, size and font,
and the page's paths; this module asks it for them, page by page, and leaves the layout
to :mod:`~reply_i18n.source.pagelayout` (lines, columns, tables, page furniture,
paragraphs, hyphens, notes, emphasis), which is pure.

Characters are taken with their loose box (advance width and font height), the font's
name and flags (bold and italic come from the name: ``…-Bold``, ``…,BoldItalic``,
``…-Oblique``) and size as printed (the ``Tf`` size scaled by the character's matrix),
asked once per text object; rotated text (a watermark, a note up
the margin) is left out with a note, and so is the count of characters in fonts without
a Unicode map.  Thin paths are kept as rules, for tables and the footnote separator,
and so are the thin shapes inside other paths (the sides of a stroked rectangle, a frame
cut out of a filled one).

Errors (:class:`~reply_i18n.errors.SourceError`): a file that is no PDF or that PDFium
cannot open, an encrypted PDF, a PDF with no text layer or one whose fonts have no
Unicode map ("run OCR first").
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Callable
from typing import Any

from reply_i18n.errors import SourceError
from reply_i18n.model import Diagnostic
from reply_i18n.source.blocks import Block
from reply_i18n.source.glyphs import SYMBOL_GLYPHS
from reply_i18n.source.pagelayout import (
    Char,
    Page,
    Rule,
    Subpath,
    blocks_of,
    drop_furniture,
    layout_page,
    path_rules,
)

Progress = Callable[[int, int], None]
"""Called as ``progress(pages_done, pages_total)`` after each page."""

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold", re.I)
_ITALIC_RE = re.compile(r"italic|oblique|[-,]It(?:MT)?$|Ital", re.I)
_CHAR_MAP = {
    **SYMBOL_GLYPHS,
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb00": "ff",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
}


# ---------------------------------------------------------------------------- extraction


def _font_style(name: str, flags: int) -> tuple[bool, bool]:
    base = name.split("+", 1)[-1]
    bold = bool(_BOLD_RE.search(base)) or bool(flags & (1 << 18))
    italic = bool(_ITALIC_RE.search(base)) or bool(flags & (1 << 6))
    return bold, italic


def _scale(textpage: Any, index: int, matrix: Any) -> float:
    """How much the character's matrix (text matrix and CTM) scales its font's height:
    the font size PDFium gives is the one set by ``Tf``, which a producer that draws in
    another unit (WeasyPrint: ``0.75 0 0 0.75 cm``, CSS pixels to points) or that sets
    ``1 Tf`` and scales the text matrix does not print at."""
    import pypdfium2.raw as raw

    if not raw.FPDFText_GetMatrix(textpage, index, matrix):
        return 1.0
    scale = math.hypot(matrix.c, matrix.d)
    return scale if scale > 0.01 else 1.0


_TEXT_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


def _page_chars(textpage: Any, height: float, counts: list[int]) -> list[Char]:
    """The characters of a page, top-down coordinates; rotated ones are counted in
    ``counts[0]`` and left out, those of fonts without a Unicode map in ``counts[1]``."""
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    units = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(textpage, 0, count, units)
    surrogates = any(0xD800 <= u <= 0xDFFF for u in units[:count])
    box = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    fonts: dict[int | None, tuple[float, bool, bool, bool, bool]] = {}
    last_object: int | None = -1
    style = (10.0, False, False, True, False)
    # FPDFText_GetTextObject with a plain address as result: comparing objects is then
    # comparing integers, without a ctypes cast per character
    text_object = _TEXT_OBJECT(ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value or 0)
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    loose_box = raw.FPDFText_GetLooseCharBox
    out: list[Char] = []
    append = out.append
    spaced = False
    for i in range(count):
        code = raw.FPDFText_GetUnicode(textpage, i) if surrogates else units[i]
        if code in (32, 13, 10, 9):  # spaces and the line ends PDFium adds separate words
            spaced = True
            continue
        if code in (2, 0xFFFE):  # PDFium's mark of a hyphen at a line end
            code = 0x2D
        if code < 32 or 0xFFFE <= code <= 0xFFFF or code == 0xAD:
            continue
        ch = _CHAR_MAP.get(chr(code), chr(code))
        # the font of a character is its text object's: asked once per object
        obj = text_object(handle, i)
        if obj != last_object:
            last_object = obj
            found = fonts.get(obj)
            if found is None:
                raw.FPDFText_GetFontInfo(textpage, i, buf, 256, flags)
                bold, italic = _font_style(buf.value.decode("latin-1"), flags.value)
                angle = raw.FPDFText_GetCharAngle(textpage, i)  # radians; -1: unknown
                upright = angle < 0.02 or angle > 2 * math.pi - 0.02
                # a font without a Unicode map gives codes, not letters
                unmapped = raw.FPDFText_HasUnicodeMapError(textpage, i) == 1
                size = (raw.FPDFText_GetFontSize(textpage, i) or 10.0) * _scale(textpage, i, matrix)
                found = (size, bold, italic, upright, unmapped)
                if obj is not None:
                    fonts[obj] = found
            style = found
        if not style[3]:  # rotated text: a watermark or a note up the margin
            counts[0] += 1
            continue
        if style[4]:
            counts[1] += 1
        # the loose box spans the advance width and the font's ascent and descent, so
        # that narrow glyphs ("1", "i") open no gaps between letters
        loose_box(textpage, i, box)
        size, bold, italic, _, _ = style
        bottom = height - box.bottom
        append(
            Char(
                ch,
                box.left,
                max(box.right, box.left),
                height - box.top,
                bottom,
                bottom,
                size,
                bold,
                italic,
                spaced,
            )
        )
        spaced = False
    return out


_MAX_SEGMENTS = 5000
"""A path of more segments (a drawing, a chart) is not looked into for rules."""
Matrix = tuple[float, float, float, float, float, float]


def _matrix(obj: Any) -> Matrix:
    m = obj.get_matrix()
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector order: a point is multiplied by ``m × n``)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _bounds(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Rule:
    """The bounds of a box after the matrix ``m``."""
    a, b, c, d, e, f = m
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def _subpaths(obj: Any, matrix: Matrix, height: float) -> list[Subpath] | None:
    """The subpaths of a path object in page coordinates (top-down), or None for a path
    too long to look into."""
    import pypdfium2.raw as raw

    count = raw.FPDFPath_CountSegments(obj.raw)
    if count <= 0 or count > _MAX_SEGMENTS:
        return None
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[Subpath] = []
    points: list[tuple[float, float]] = []
    closed = curved = False
    for i in range(count):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, i)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO and points:
            out.append(Subpath(tuple(points), closed, curved))
            points, closed, curved = [], False, False
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = x.value, y.value
        points.append((a * px + c * py + e, height - (b * px + d * py + f)))
        curved = curved or kind == raw.FPDF_SEGMENT_BEZIERTO
        closed = closed or bool(raw.FPDFPathSegment_GetClose(segment))
    if points:
        out.append(Subpath(tuple(points), closed, curved))
    return out


def _rules(page: Any, height: float) -> list[Rule]:
    """Thin ruled paths of a page as ``(x0, top, x1, bottom)``: paths whose bounds are
    thin, and the thin shapes :func:`~reply_i18n.source.pagelayout.path_rules` finds in
    the others (the sides of a stroked rectangle, a frame cut out of a filled one)."""
    import pypdfium2.raw as raw

    out = []
    forms: list[Matrix] = []  # the matrix of the form XObject at each level
    mode, stroked = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM]):
        del forms[obj.level :]
        matrix = _matrix(obj)
        if forms:
            matrix = _times(matrix, forms[-1])
        if obj.type == raw.FPDF_PAGEOBJ_FORM:
            forms.append(matrix)
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        if forms:  # the bounds are in the form's space
            x0, y0, x1, y1 = _bounds(forms[-1], x0, y0, x1, y1)
        if (x1 - x0 <= 2.5 and y1 - y0 >= 4) or (y1 - y0 <= 2.5 and x1 - x0 >= 4):
            out.append((x0, height - y1, x1, height - y0))
            continue
        if not raw.FPDFPath_GetDrawMode(obj.raw, mode, stroked):
            continue
        if mode.value == raw.FPDF_FILLMODE_NONE and not stroked.value:
            continue
        subpaths = _subpaths(obj, matrix, height)
        if not subpaths:
            continue
        width = ctypes.c_float()
        stroke = None
        if stroked.value and raw.FPDFPageObj_GetStrokeWidth(obj.raw, width):
            stroke = width.value * math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
        out.extend(
            path_rules(
                subpaths,
                fill=mode.value != raw.FPDF_FILLMODE_NONE,
                evenodd=mode.value == raw.FPDF_FILLMODE_ALTERNATE,
                stroke=stroke,
            )
        )
    return out


def _open(data: bytes, source: str) -> Any:
    import pypdfium2 as pdfium

    if not data.lstrip()[:5] == b"%PDF-":
        raise SourceError("not a PDF file (it does not start with %PDF-)", path=source)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text or "security" in text:
            raise SourceError(
                "the PDF is encrypted (password-protected): save an unprotected copy first, "
                "e.g. `qpdf --password=PASSWORD --decrypt FILE OUT.pdf`",
                path=source,
            ) from None
        raise SourceError(f"corrupt or unreadable PDF ({exc})", path=source) from None


def read_pages(data: bytes, *, source: str, progress: Progress | None = None) -> list[Page]:
    """Characters and rules of every page, grouped into fragments and table cells."""
    import pypdfium2 as pdfium

    pdf = _open(data, source)
    pages: list[Page] = []
    try:
        total = len(pdf)
        tables = 0
        for index in range(total):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise SourceError(f"page {index + 1} cannot be read ({exc})", path=source) from None
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                counts = [0, 0]
                try:
                    chars = _page_chars(textpage, height, counts)
                finally:
                    textpage.close()
                rules = _rules(page, height)
            except pdfium.PdfiumError as exc:
                raise SourceError(f"page {index + 1} cannot be read ({exc})", path=source) from None
            finally:
                page.close()
            pages.append(layout_page(index + 1, width, height, chars, rules, tables))
            pages[-1].rotated, pages[-1].unmapped = counts
            tables += len(pages[-1].tables)
            if progress is not None:
                progress(index + 1, total)
    finally:
        pdf.close()
    return pages


def read_pdf(
    data: bytes, *, source: str, progress: Progress | None = None
) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of a PDF's text layer, and notes on the page furniture dropped.

    ``progress`` is called after each page.  Raises
    :class:`~reply_i18n.errors.SourceError` for an encrypted PDF, a PDF without a text
    layer and one PDFium cannot open.
    """
    pages = read_pages(data, source=source, progress=progress)
    if not any(p.fragments or p.tables for p in pages):
        if any(p.rotated for p in pages):
            raise SourceError("the PDF holds only rotated text (a watermark?)", path=source)
        raise SourceError(
            f"no text layer: run OCR first ({len(pages)} page(s) of images only, "
            "e.g. `ocrmypdf FILE OUT.pdf`)",
            path=source,
        )
    chars = sum(len(w.chars) for p in pages for f in p.fragments for w in f.words)
    unmapped = sum(p.unmapped for p in pages)
    if unmapped > chars / 2:
        raise SourceError(
            "the text layer cannot be read: its fonts have no Unicode map, so the letters "
            "shown are unknown; run OCR first (e.g. `ocrmypdf --force-ocr FILE OUT.pdf`)",
            path=source,
        )
    notes = drop_furniture(pages)
    notes += [
        Diagnostic(0, f"page {p.number}: {p.unmapped} characters in fonts without a Unicode map")
        for p in pages
        if p.unmapped
    ]
    return blocks_of(pages), notes
