"""The PDF reader: a PDF's text layer → blocks.

PDFium (through pypdfium2) gives every character with its box, baseline, size and font;
everything else is done here, in pure functions over those characters:

1. **lines**: characters are grouped by baseline, sorted left to right, cut into words at
   spaces and gaps, and into *fragments* where a gap is wider than 1.5 em, so that text
   printed side by side (the distribution notice beside the symbol and date at the top
   of page 1) falls apart into columns;
2. **tables**: thin ruled paths (table borders) make a grid; the characters inside a cell
   become one block with its :class:`~reply_i18n.source.blocks.CellRef`, in row order.
   Text without rules is never taken for a table;
3. **page furniture**: rotated text (a watermark, a note up the margin) is left out, with
   a note; a fragment in the top or bottom band of a page (7.5 % of its
   height) is a running header or footer when the same text (digits ignored) stands at
   the same height on another page, or when it is a page number (``3``, ``- 3 -``,
   ``Page 3 of 9``) there.  Position and repetition decide, not the wording alone;
4. **paragraphs**: fragments are stacked into blocks column by column; a block ends where
   the line spacing opens wider than the document's own line spacing, the font size or
   boldness changes, the indentation breaks (first-line indents and hanging list labels
   are understood), a list label starts a line after a finished sentence, or a short
   line ends a sentence.  A paragraph that runs over a page break is joined again;
5. **hyphenation** at line ends is undone only where the word is not really hyphenated,
   judged by the document's own vocabulary: the hyphenated form elsewhere in the text, or
   two parts that are both words of the document, keep the hyphen ("anti-personnel");
   otherwise the parts are joined ("demi-" + "ning" → "demining");
6. **notes**: reference marks (digits or ``*†‡§`` set smaller and raised) are left out
   of the text; a block low on a page that starts with such a mark is a footnote: it
   goes after the body with ``role="footnote"`` and the mark as label, as the Word
   reader gives footnotes;
7. **emphasis** comes from the font name (``…-Bold``, ``…,BoldItalic``, ``…-Oblique``) and
   is written as Markdown (:mod:`~reply_i18n.source.inline`); a block set wholly in bold
   has :attr:`~reply_i18n.source.blocks.Block.bold`; a block in a font clearly larger
   than the body's gets a heading level.

Line numbers count the kept lines through the whole file.  Errors: an encrypted PDF, a
PDF with no text layer ("run OCR first") and a file PDFium cannot open raise
:class:`~reply_i18n.errors.SourceError`.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reply_i18n.errors import SourceError
from reply_i18n.model import Diagnostic
from reply_i18n.source.blocks import Block, CellRef, Line
from reply_i18n.source.glyphs import SYMBOL_GLYPHS
from reply_i18n.source.hyphens import keep_hyphen, vocabulary
from reply_i18n.source.inline import Run, emphasis

Progress = Callable[[int, int], None]
"""Called as ``progress(pages_done, pages_total)`` after each page."""

BAND = 0.075
"""Height of the header and footer bands, as a fraction of the page height."""
COLUMN_GAP = 1.5
"""A gap wider than this many em between words on one line separates columns."""

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold", re.I)
_ITALIC_RE = re.compile(r"italic|oblique|[-,]It(?:MT)?$|Ital", re.I)
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|(?:Page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4})$",
    re.I,
)
_LABEL_RE = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|\(?[a-zA-Z]\)|\(?[ivxlcdm]{1,6}[.)]"
    r"|[IVXLCDM]{1,6}(?:\.\d{1,3})*\.?|[A-Z]\.|[•▪◦·●○■□➢✓–-])$"
)
_TERMINAL = tuple(".?!:;")
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


# ---------------------------------------------------------------------------- model


@dataclass(slots=True)
class Char:
    """One character of the text layer, in points from the page's top left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    """The baseline (the bottom of the font's descent: the same for a line's letters)."""
    size: float
    bold: bool = False
    italic: bool = False
    spaced: bool = False
    """A space (printed, or put by PDFium where the text jumps ahead) comes before it."""
    mark: bool = False
    """A raised, smaller note mark (a footnote reference, or a footnote's own number)."""


class Word:
    """Characters printed together; its text is taken when it is made."""

    __slots__ = ("chars", "text")

    def __init__(self, chars: list[Char]) -> None:
        self.chars = chars
        self.text = "".join(c.text for c in chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1


class Fragment:
    """A piece of one printed line: its words, left to right.  Its position, size and
    boldness are taken when it is made."""

    __slots__ = (
        "base",
        "bold",
        "cell",
        "foot",
        "label",
        "note",
        "page",
        "size",
        "text_left",
        "top",
        "words",
        "x0",
        "x1",
    )

    def __init__(self, words: list[Word], page: int, cell: CellRef | None = None) -> None:
        self.note = ""
        """The mark of a note that starts here (the footnote's own number)."""
        self.foot = False
        """Set below the rule that separates footnotes from the text."""
        if len(words) > 1 and all(c.mark for c in words[0].chars):
            self.note = words[0].text
            words = words[1:]
        self.words = words
        self.page = page
        self.cell = cell
        chars = [c for w in words for c in w.chars]
        self.x0 = words[0].x0
        self.x1 = words[-1].x1
        self.top = min(c.top for c in chars)
        self.base = statistics.median(c.base for c in chars)
        self.size: float = round(Counter(c.size for c in chars).most_common(1)[0][0], 1)
        self.label = len(words) > 1 and bool(_LABEL_RE.match(words[0].text))
        styled = words[1:] if self.label else words
        # set in bold, its list label aside
        self.bold = all(c.bold for w in styled for c in w.chars if c.text.isalnum())
        self.text_left = words[1].x0 if self.label else self.x0
        """Where the text starts after a list label."""

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    fragments: list[Fragment] = field(default_factory=list)
    tables: list[tuple[float, list[Fragment]]] = field(default_factory=list)
    """Each table's top, and its cells (one fragment per cell, words in reading order)."""
    rotated: int = 0
    """Characters of rotated text left out (a watermark, a note up the margin)."""
    unmapped: int = 0
    """Characters of fonts without a Unicode map: codes, perhaps not the letters shown."""


@dataclass(slots=True)
class _Para:
    lines: list[Fragment]
    page: int
    cell: CellRef | None = None

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def x0(self) -> float:
        return min(f.x0 for f in self.lines)


# ---------------------------------------------------------------------------- extraction


def _font_style(name: str, flags: int) -> tuple[bool, bool]:
    base = name.split("+", 1)[-1]
    bold = bool(_BOLD_RE.search(base)) or bool(flags & (1 << 18))
    italic = bool(_ITALIC_RE.search(base)) or bool(flags & (1 << 6))
    return bold, italic


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
                size = raw.FPDFText_GetFontSize(textpage, i) or 10.0
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


def _rules(page: Any, height: float) -> list[tuple[float, float, float, float]]:
    """Thin ruled paths of a page as ``(x0, top, x1, bottom)``."""
    import pypdfium2.raw as raw

    out = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        x0, y0, x1, y1 = obj.get_bounds()
        if (x1 - x0 <= 2.5 and y1 - y0 >= 4) or (y1 - y0 <= 2.5 and x1 - x0 >= 4):
            out.append((x0, height - y1, x1, height - y0))
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
    pdf = _open(data, source)
    pages: list[Page] = []
    try:
        total = len(pdf)
        tables = 0
        for index in range(total):
            page = pdf[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                counts = [0, 0]
                try:
                    chars = _page_chars(textpage, height, counts)
                finally:
                    textpage.close()
                rules = _rules(page, height)
            finally:
                page.close()
            pages.append(_layout(index + 1, width, height, chars, rules, tables))
            pages[-1].rotated, pages[-1].unmapped = counts
            tables += len(pages[-1].tables)
            if progress is not None:
                progress(index + 1, total)
    finally:
        pdf.close()
    return pages


# ---------------------------------------------------------------------------- layout


_MARKS = frozenset("0123456789*†‡§")


def _lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Characters grouped by baseline, each line sorted left to right.

    Note marks (digits and ``*†‡§`` set smaller than the line's text and raised above its
    baseline) join the line they stand on, flagged :attr:`Char.mark`.
    """
    chars = list(chars)
    sizes = Counter(c.size for c in chars)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    small = [c for c in chars if c.text in _MARKS and c.size <= 0.75 * body]
    normal = [c for c in chars if not (c.text in _MARKS and c.size <= 0.75 * body)]
    lines: list[list[Char]] = []
    for ch in sorted(normal, key=lambda c: (c.base, c.x0)):
        if lines:
            line = lines[-1]
            ref = line[0]
            if abs(ch.base - ref.base) <= 0.45 * max(ref.size, ch.size):
                line.append(ch)
                continue
        lines.append([ch])
    alone: list[Char] = []
    for ch in small:
        # the line whose letters the mark stands among: raised, but within their height
        home = next(
            (
                line
                for line in lines
                if ch.base < line[0].base - 0.15 * line[0].size
                and ch.base > line[0].base - line[0].size
                and line[0].size > ch.size
            ),
            None,
        )
        if home is None:
            alone.append(ch)
        else:
            ch.mark = True
            home.append(ch)
    if alone:
        return _lines_plain(lines, alone)
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _lines_plain(lines: list[list[Char]], extra: list[Char]) -> list[list[Char]]:
    """Add characters that are no note marks to the lines, as ordinary text."""
    out = [sorted(line, key=lambda c: c.x0) for line in lines]
    for ch in sorted(extra, key=lambda c: (c.base, c.x0)):
        same = next((ln for ln in out if abs(ch.base - ln[0].base) <= 0.45 * ch.size), None)
        if same is None:
            out.append([ch])
        else:
            same.append(ch)
            same.sort(key=lambda c: c.x0)
    return sorted(out, key=lambda ln: ln[0].base)


def _words(line: list[Char]) -> list[Word]:
    """The words of a line.  Note marks are left out of the words: a reference mark in
    the text ("Convention¹") is dropped, a note's own number before its text is kept as a
    word of its own made of marks (see :attr:`Fragment.note`)."""
    words: list[Word] = []
    current: list[Char] = []
    leading: list[Char] = []
    after_mark: Char | None = None
    for ch in line:
        if ch.mark:
            if not words and not current:
                leading.append(ch)
            after_mark = ch
            continue
        if ch.text.isspace():
            if current:
                words.append(Word(current))
                current = []
            continue
        if current and after_mark is not None:
            # what follows a dropped mark is measured from the mark (PDFium may put a
            # space around a raised mark that is not in the text)
            if ch.x0 - after_mark.x1 > 0.2 * ch.size:
                words.append(Word(current))
                current = []
        elif current:
            prev = current[-1]
            if ch.spaced or ch.x0 - prev.x1 > 0.2 * ch.size or ch.x1 < prev.x0:
                words.append(Word(current))
                current = []
        current.append(ch)
        after_mark = None
    if current:
        words.append(Word(current))
    if leading and words:
        words.insert(0, Word(leading))
    return words


_GLUED_LABEL = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*[.)])[A-Z(\"“]")


def _fragments(words: list[Word], page: int) -> list[Fragment]:
    if words and (m := _GLUED_LABEL.match(words[0].text)):
        # a label drawn with no room before its text ("10.Training"): two words
        cut = len(m[1])
        label, rest = words[0].chars[:cut], words[0].chars[cut:]
        rest[0].spaced = True
        words = [Word(label), Word(rest), *words[1:]]
    out: list[Fragment] = []
    current: list[Word] = []
    for w in words:
        if current:
            size = max(current[-1].chars[-1].size, w.chars[0].size)
            # a list label and its text stay together
            if w.x0 - current[-1].x1 > COLUMN_GAP * size and not (
                len(current) == 1 and _LABEL_RE.match(current[0].text)
            ):
                out.append(Fragment(current, page))
                current = []
        current.append(w)
    if current:
        out.append(Fragment(current, page))
    return out


def _cluster(values: list[float], tolerance: float = 3.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _grids(
    rules: list[tuple[float, float, float, float]],
) -> list[tuple[list[float], list[float], list[tuple[float, float, float, float]]]]:
    """Tables drawn by rules: for each, the row boundaries (tops), the column boundaries
    (lefts) and the vertical rules."""
    horizontal = [r for r in rules if r[3] - r[1] <= 2.5]
    vertical = [r for r in rules if r[2] - r[0] <= 2.5]
    # connected groups of rules
    groups: list[list[tuple[float, float, float, float]]] = []
    for rule in horizontal + vertical:
        hits = [g for g in groups if any(_touch(rule, r) for r in g)]
        merged = [rule]
        for g in hits:
            merged.extend(g)
            groups.remove(g)
        groups.append(merged)
    out = []
    for g in groups:
        hs = [r for r in g if r[3] - r[1] <= 2.5]
        vs = [r for r in g if r[2] - r[0] <= 2.5]
        rows = _cluster([(r[1] + r[3]) / 2 for r in hs])
        cols = _cluster([(r[0] + r[2]) / 2 for r in vs])
        if len(rows) >= 2 and len(cols) >= 2:
            out.append((rows, cols, vs))
    return out


def _touch(a: tuple[float, ...], b: tuple[float, ...], slack: float = 2.0) -> bool:
    return not (
        a[2] + slack < b[0] or b[2] + slack < a[0] or a[3] + slack < b[1] or b[3] + slack < a[1]
    )


def _layout(
    number: int,
    width: float,
    height: float,
    chars: list[Char],
    rules: list[tuple[float, float, float, float]],
    first_table: int,
) -> Page:
    page = Page(number, width, height)
    rest = chars
    for rows, cols, verticals in sorted(_grids(rules), key=lambda g: g[0][0]):
        inside: dict[tuple[int, int], list[Char]] = {}
        outside = []
        for ch in rest:
            cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
            if not (rows[0] <= cy <= rows[-1] and cols[0] <= cx <= cols[-1]):
                outside.append(ch)
                continue
            row = max(i for i, y in enumerate(rows[:-1]) if y <= cy)
            # columns of this row: the boundaries a vertical rule crosses at this height
            mid = (rows[row] + rows[row + 1]) / 2
            bounds = [
                x
                for x in cols
                if any(
                    abs((v[0] + v[2]) / 2 - x) <= 3 and v[1] - 2 <= mid <= v[3] + 2
                    for v in verticals
                )
            ]
            column = max((i for i, x in enumerate(bounds[:-1]) if x <= cx), default=0)
            column = cols.index(bounds[column]) if bounds else 0
            inside.setdefault((row, column), []).append(ch)
        rest = outside
        if not inside:
            continue
        index = first_table + len(page.tables)
        cells = []
        for (row, column), cell_chars in sorted(inside.items()):
            words = [w for line in _lines(cell_chars) for w in _words(line)]
            if words:
                cells.append(Fragment(words, number, CellRef(index, row, column)))
        page.tables.append((rows[0], cells))
    foot = _footnote_rule(rules, width, height)
    for line in _lines(rest):
        for frag in _fragments(_words(line), number):
            if foot is not None and frag.top > foot:
                frag.foot = True
                first = frag.words[0].text
                if not frag.note and len(frag.words) > 1 and _NOTE_MARK.match(first):
                    frag.note = first
                    del frag.words[0]
                    frag.x0 = frag.words[0].x0
            page.fragments.append(frag)
    return page


_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3}|[ivx]{1,5})$")


def _footnote_rule(
    rules: list[tuple[float, float, float, float]], width: float, height: float
) -> float | None:
    """The height of the short rule that separates footnotes from the text, if any: a lone
    horizontal line in the lower half of the page, narrower than half the page."""
    lone = [
        r
        for r in rules
        if r[3] - r[1] <= 2.5
        and r[2] - r[0] < 0.5 * width
        and r[1] > height / 2
        and not any(o is not r and _touch(r, o) for o in rules)
    ]
    return min(r[1] for r in lone) if lone else None


# ---------------------------------------------------------------------------- furniture


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


def drop_furniture(pages: Sequence[Page]) -> list[Diagnostic]:
    """Remove running headers, footers and page numbers; one note per line removed."""
    candidates: list[tuple[Page, Fragment, str]] = []
    for page in pages:
        band = BAND * page.height
        for frag in page.fragments:
            if frag.top < band or frag.top > page.height - band:
                candidates.append((page, frag, _norm(frag.text)))
    by_text: dict[str, list[tuple[int, float]]] = {}
    for page, frag, key in candidates:
        by_text.setdefault(key, []).append((page.number, frag.base))
    notes: list[Diagnostic] = [
        Diagnostic(0, f"page {p.number}: left out {p.rotated} characters of rotated text")
        for p in pages
        if p.rotated
    ]
    for page, frag, key in candidates:
        repeated = any(
            number != page.number and abs(base - frag.base) <= 3 for number, base in by_text[key]
        )
        if repeated or _PAGE_NUMBER_RE.match(frag.text.strip()):
            page.fragments.remove(frag)
            where = "header" if frag.top < page.height / 2 else "footer"
            notes.append(
                Diagnostic(0, f"page {page.number}: dropped running {where} {frag.text!r}")
            )
    return notes


# ---------------------------------------------------------------------------- paragraphs


def _pitch_ratio(pages: Sequence[Page]) -> float:
    """The document's usual distance between the baselines of a paragraph's lines, in em.

    It is measured below full lines (lines that reach the right margin), which a
    paragraph's next line follows; with too few of them, single spacing is assumed.
    """
    right = _right_margin(pages)
    ratios = []
    for page in pages:
        frags = sorted(page.fragments, key=lambda f: f.base)
        for a, b in itertools.pairwise(frags):
            full = a.x1 >= right - 3 * a.size and a.x1 > 0.7 * page.width
            if full and b.x0 < a.x1 and a.x0 < b.x1 and abs(a.size - b.size) < 0.5:
                r = (b.base - a.base) / a.size
                if 0.9 < r < 3:
                    ratios.append(round(r, 2))
    if len(ratios) < 3:  # too few lines to tell: single spacing
        return 1.2
    ratios.sort()
    return ratios[len(ratios) // 4]


def _continues(para: _Para, frag: Fragment, ratio: float, right: float) -> bool:
    last = para.lines[-1]
    size = max(last.size, frag.size)
    if abs(last.size - frag.size) > 0.6:
        return False
    pitch = frag.base - last.base
    if pitch <= 0.3 * size or pitch > (ratio + 0.3) * size:
        return False
    if last.bold != frag.bold:
        return False
    ends_sentence = last.text.rstrip("*").endswith(_TERMINAL)
    # the line ended early if the next line's first word would have fitted on it
    word = frag.words[0]
    early = last.x1 + 0.3 * size + (word.x1 - word.x0) < right - 0.5 * size
    if frag.label and (ends_sentence or early):
        return False
    if ends_sentence and early and len(para.lines) > 1:
        return False
    first = para.lines[0]
    if len(para.lines) == 1:
        if abs(frag.x0 - first.text_left) <= 3 or abs(frag.x0 - first.x0) <= 3:
            return True
        if first.label and first.x0 < frag.x0 < first.text_left:  # a wide label ("100.")
            return True
        if frag.x0 < first.x0 and not first.label:  # a first-line indent
            return True
    elif abs(frag.x0 - para.lines[1].x0) <= 3:
        return True
    # centred lines
    return abs((frag.x0 + frag.x1) - (last.x0 + last.x1)) <= 6 and frag.x0 > first.x0 - 200


def _paragraphs(page: Page, ratio: float) -> list[_Para]:
    right = max((f.x1 for f in page.fragments), default=page.width)
    open_paras: list[_Para] = []
    for frag in sorted(page.fragments, key=lambda f: (f.base, f.x0)):
        best = None
        for para in reversed(open_paras):
            last = para.lines[-1]
            if last.base >= frag.base - 0.3 * frag.size:
                continue
            if frag.base - last.base > 4 * frag.size:
                continue
            overlap = min(last.x1, frag.x1) - max(last.x0, frag.x0)
            if overlap <= 0:
                continue
            # a paragraph only goes on below its own last line: nothing may stand between
            between = any(
                p is not para
                and p.lines[-1].base > last.base
                and p.lines[-1].base < frag.base
                and min(p.lines[-1].x1, frag.x1) > max(p.lines[-1].x0, frag.x0)
                for p in open_paras
            )
            if between:
                continue
            best = para
            break
        if best is not None and _continues(best, frag, ratio, right):
            best.lines.append(frag)
        else:
            open_paras.append(_Para([frag], page.number))
    for _top, cells in page.tables:
        for cell in cells:
            open_paras.append(_Para([cell], page.number, cell.cell))
    return _reading_order(open_paras)


def _reading_order(paras: list[_Para]) -> list[_Para]:
    def key(p: _Para) -> tuple[float, float]:
        if p.cell is not None:
            return (p.top, p.cell.row * 1000 + p.cell.column)
        return (p.top, p.x0)

    ordered = sorted(paras, key=key)
    # blocks side by side that start at about the same height: left one first; table
    # cells in row order
    changed = True
    while changed:
        changed = False
        for i in range(len(ordered) - 1):
            a, b = ordered[i], ordered[i + 1]
            if a.cell is not None and b.cell is not None and a.cell.table == b.cell.table:
                if (b.cell.row, b.cell.column) < (a.cell.row, a.cell.column):
                    ordered[i], ordered[i + 1] = b, a
                    changed = True
            elif abs(a.top - b.top) < 0.6 * a.lines[0].size and b.x0 < a.x0 - 10:
                ordered[i], ordered[i + 1] = b, a
                changed = True
    return ordered


def _join_pages(paras: list[_Para], pages: Sequence[Page]) -> list[_Para]:
    """Join a paragraph that a page break split: the last one of a page ends on a full line
    (the first word of the next page would not have fitted on it) and the first one of the
    next page goes on at the same indentation, in the same font, without a list label."""
    right = _right_margin(pages)
    widths = {p.number: p.width for p in pages}
    out: list[_Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.page + 1 == para.page
            and prev.cell is None
            and para.cell is None
            and prev.lines[-1].x1 > 0.7 * widths[prev.page]  # a line across the page
            and _page_break_continues(prev, para, right)
        ):
            prev.lines.extend(para.lines)
            continue
        out.append(para)
    return out


def _right_margin(pages: Sequence[Page]) -> float:
    """Where the document's longest lines end (the right margin of ragged text)."""
    ends = sorted(round(f.x1) for p in pages for f in p.fragments)
    return ends[int(len(ends) * 0.98)] if ends else 0.0


def _page_break_continues(prev: _Para, nxt: _Para, right: float) -> bool:
    last, first = prev.lines[-1], nxt.lines[0]
    if first.label or abs(last.size - first.size) > 0.6 or last.bold != first.bold:
        return False
    if len(last.words) < 5:  # a short line ends its paragraph
        return False
    # the line ended early if the next word would have fitted on it
    word = first.words[0]
    if last.x1 + 0.3 * last.size + (word.x1 - word.x0) <= right:
        return False
    head = prev.lines[0]
    if len(prev.lines) > 1:
        if abs(first.x0 - prev.lines[1].x0) > 3:
            return False
    elif not (abs(first.x0 - head.text_left) <= 3 or head.x0 < first.x0 < head.text_left):
        return False
    # a full line goes on, even after a full stop: the page broke a paragraph in the middle
    # far more often than a paragraph ended exactly at the margin; a question or a heading
    # does not go on
    return not last.text.rstrip("*").endswith(("?", ":"))


# ---------------------------------------------------------------------------- words


def _dehyphenate(paras: list[_Para], vocab: set[str]) -> None:
    for para in paras:
        lines = para.lines
        for i in range(len(lines) - 1):
            a, b = lines[i], lines[i + 1]
            if not a.words or not b.words:
                continue
            last, first = a.words[-1], b.words[0]
            text = last.text
            if len(text) < 3 or text[-1] not in "-‐" or not text[-2].isalpha():
                continue
            if not first.text[:1].isalpha():
                continue
            head = re.split(r"[-‐]", text[:-1])[-1]
            tail = re.match(r"[^\W\d_]+", first.text)
            chars = (
                last.chars if keep_hyphen(head, tail[0] if tail else "", vocab) else last.chars[:-1]
            )
            a.words[-1] = Word(chars + first.chars)
            del b.words[0]
        para.lines = [f for f in lines if f.words]


# ---------------------------------------------------------------------------- blocks


def _runs(para: _Para) -> list[Run]:
    runs: list[Run] = []
    for n, frag in enumerate(para.lines):
        if n:
            runs.append(("\n", False, False))
        for k, word in enumerate(frag.words):
            if k:
                runs.append((" ", False, False))
            for ch in word.chars:
                if runs and runs[-1][1] == ch.bold and runs[-1][2] == ch.italic:
                    runs[-1] = (runs[-1][0] + ch.text, ch.bold, ch.italic)
                else:
                    runs.append((ch.text, ch.bold, ch.italic))
    return runs


def _heading_levels(paras: Sequence[_Para]) -> dict[float, int]:
    weights: Counter[float] = Counter()
    for para in paras:
        for frag in para.lines:
            weights[frag.size] += sum(len(w.chars) for w in frag.words)
    if not weights:
        return {}
    body = weights.most_common(1)[0][0]
    larger = sorted({s for s in weights if s >= body + 0.75}, reverse=True)
    return {size: i + 1 for i, size in enumerate(larger[:6])}


def blocks_of(pages: Sequence[Page]) -> list[Block]:
    """The blocks of pages whose furniture is already dropped, in reading order."""
    ratio = _pitch_ratio(pages)
    paras: list[_Para] = []
    for page in pages:
        paras.extend(_paragraphs(page, ratio))
    paras = [p for p in _join_pages(paras, pages) if p.lines]
    vocab = vocabulary(" ".join(f.text for f in p.lines) for p in paras)
    _dehyphenate(paras, vocab)
    levels = _heading_levels(paras)
    heights = {p.number: p.height for p in pages}
    out: list[Block] = []
    notes: list[Block] = []
    number = 0
    for para in paras:
        texts = emphasis(_runs(para))
        lines = []
        for text in texts:
            number += 1
            if text:
                lines.append(Line(number, text))
        if not lines:
            continue
        size = para.lines[0].size
        mark = para.lines[0].note
        # below the footnote rule, or a raised note number low on the page: a footnote
        footnote = para.cell is None and (
            para.lines[0].foot or (bool(mark) and para.top > heights[para.page] / 2)
        )
        (notes if footnote else out).append(
            Block(
                lines,
                page=para.page,
                level=levels.get(size, 0) if len(para.lines) <= 3 and not footnote else 0,
                label=mark if footnote else "",
                bold=all(f.bold for f in para.lines),
                cell=para.cell,
                role="footnote" if footnote else "body",
                x=round(para.x0, 1),
                meta={"size": f"{size:g}"},
            )
        )
    # footnotes after the body, as the Word reader gives them
    return out + notes


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
