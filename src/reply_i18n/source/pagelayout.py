"""Page layout: the characters of PDF pages → blocks, in pure functions.

The PDF reader (:mod:`~reply_i18n.source.pdf`) gives every character of a page with its
box, baseline, size and font, and the page's ruled lines; the rest is done here:

1. **lines**: characters are grouped by baseline, sorted left to right, cut into words at
   spaces and gaps, and into *fragments* where a gap is wider than 1.5 em, so that text
   printed side by side (the distribution notice beside the symbol and date at the top
   of page 1) falls apart into columns; a narrower gap (over half an em, wider than the
   line's other spaces) cuts too where words start at the same place after such gaps on
   three lines running and the line falls into three pieces or more (the cells of a
   table without rules, set tight: :func:`_aligned_cuts`);
2. **tables**: thin ruled paths (table borders) make a grid; the characters inside a cell
   become one block with its :class:`~reply_i18n.source.blocks.CellRef`, in row order.
   A rule may be drawn as a line, a thin filled rectangle, a side of a stroked rectangle
   or a side of a frame cut out of a filled rectangle (:func:`path_rules`).  Text without
   rules is never taken for a table.  A table that a page break split goes on as one
   table, a row broken across the pages as one row (:func:`_continue_tables`); column
   rules that run on past the last horizontal rule (or start above the first) bound an
   open row (a row broken by a page, no border drawn at the break);
3. **page furniture**: a fragment in the top or bottom band of a page (7.5 % of its
   height) is a running header or footer when the same text (digits ignored) stands at
   the same height on another page, or when it is a page number (``3``, ``- 3 -``,
   ``Page 3 of 9``) there.  Position and repetition decide, not the wording alone;
4. **paragraphs**: fragments are stacked into blocks column by column; a block ends where
   the line spacing opens wider than the document's own line spacing or clearly wider
   than the paragraph's own (:data:`OPENING`), the font size or boldness changes, the
   indentation breaks (first-line indents and hanging list labels are understood), a
   list label starts a line after a finished sentence, or a short line ends a sentence.
   A line that runs on below pieces printed side by side goes on none of them.  A
   paragraph that runs over a page break is joined again.  Where the document sets no
   space between paragraphs and a paragraph goes on after a line that ends short (or,
   without first-line indents, that ends a sentence at the margin), the block carries a
   warning: only the wording could tell; so does a line of three pieces or more side by
   side without rules (a table without borders?), and the first line read on a page set
   in two columns of text, which is read across the columns (:func:`_two_columns`);
5. **hyphenation** at line ends is undone only where the word is not really hyphenated,
   judged by the document's own vocabulary: the hyphenated form elsewhere in the text, or
   two parts that are both words of the document, keep the hyphen ("anti-personnel");
   otherwise the parts are joined ("demi-" + "ning" → "demining"); so are the printed
   lines of a table cell;
6. **notes**: reference marks (digits or ``*†‡§`` set smaller and raised, or raised
   right after a word in nearly the text's size) are left out of the text, and a line
   opened to make room for one keeps its paragraph; a block low on a page that starts
   with such a mark, or below the footnote rule, or (without a rule) that opens with
   the number of a note the page calls, set apart at the foot of the page
   (:func:`_numbered_notes`), is a footnote: it goes after the body with
   ``role="footnote"`` and the mark as label, as the Word reader gives footnotes;
7. **emphasis**, as the reader took it from the font name, is written as Markdown
   (:mod:`~reply_i18n.source.inline`); a block set wholly in bold has
   :attr:`~reply_i18n.source.blocks.Block.bold`; a block in a font clearly larger than
   the body's gets a heading level.

Line numbers count the kept lines through the whole file.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reply_i18n.model import Diagnostic
from reply_i18n.source.blocks import Block, CellRef, Line
from reply_i18n.source.hyphens import keep_hyphen, vocabulary
from reply_i18n.source.inline import Run, emphasis
from reply_i18n.source.patterns import SYMBOL_RE

BAND = 0.075
"""Height of the header and footer bands, as a fraction of the page height."""
COLUMN_GAP = 1.5
"""A gap wider than this many em between words on one line separates columns."""
OPENING = 1.25
"""A step between two lines wider than this many times the paragraph's own line pitch
(and by more than a quarter em) starts a new paragraph."""

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
        "lift",
        "note",
        "page",
        "size",
        "text_left",
        "top",
        "words",
        "wraps",
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
        self.lift = 0.0
        """How far a note mark in the line is raised above its baseline, in points (a
        producer may open the line's pitch by as much to make room for it)."""
        self.wraps: list[int] = []
        """For a table cell (its printed lines in one fragment): the index of each word
        that starts a printed line, the first aside."""

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class Table:
    """A table drawn by rules on one page."""

    top: float
    bottom: float
    columns: list[float]
    """The column boundaries, left to right, in points."""
    rows: int
    """How many rows the rules make."""
    cells: list[Fragment]
    """One fragment per cell that has text, words in reading order, in row order."""


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    fragments: list[Fragment] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
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
    # a mark set in (nearly) the text's size but raised, right after a word (WeasyPrint's
    # footnote call): a line of its own by its baseline, it joins the line it stands on
    for lone in [ln for ln in lines if len(ln) <= 3 and all(c.text in _MARKS for c in ln)]:
        first = min(lone, key=lambda c: c.x0)
        home = next(
            (
                line
                for line in lines
                if line is not lone
                and 0.3 * line[-1].size
                <= statistics.median(c.base for c in line) - first.base
                <= line[-1].size
                and any(
                    c.text.strip() and abs(c.x1 - first.x0) <= 0.15 * c.size
                    for c in line
                    if c.text not in _MARKS
                )
            ),
            None,
        )
        if home is not None:
            for ch in lone:
                ch.mark = True
            home.extend(lone)
            lines.remove(lone)
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


def _unglue(words: list[Word]) -> list[Word]:
    """A label drawn with no room before its text ("10.Training") as two words."""
    if words and (m := _GLUED_LABEL.match(words[0].text)):
        cut = len(m[1])
        label, rest = words[0].chars[:cut], words[0].chars[cut:]
        rest[0].spaced = True
        return [Word(label), Word(rest), *words[1:]]
    return words


def _fragments(words: list[Word], page: int, cuts: frozenset[int] = frozenset()) -> list[Fragment]:
    """The fragments of a printed line: cut where a gap is wider than
    :data:`COLUMN_GAP` em, and before the words whose indexes are in ``cuts``; a list
    label and its text stay together."""
    out: list[Fragment] = []
    current: list[Word] = []
    for k, w in enumerate(words):
        if current:
            size = max(current[-1].chars[-1].size, w.chars[0].size)
            wide = w.x0 - current[-1].x1 > COLUMN_GAP * size or k in cuts
            if wide and not (len(current) == 1 and _LABEL_RE.match(current[0].text)):
                out.append(Fragment(current, page))
                current = []
        current.append(w)
    if current:
        out.append(Fragment(current, page))
    return out


ALIGNED_GAP = 0.5
"""A gap wider than this many em (twice a usual word space) before a word is a column's
edge when words start there after such gaps on three printed lines running."""


def _aligned_cuts(lines: Sequence[list[Word]]) -> list[frozenset[int]]:
    """For each printed line (top down), the words that start a column of text set side by
    side with narrow gaps (the cells of a table without rules, set tight): each starts
    after a gap wider than :data:`ALIGNED_GAP` em and clearly wider than the line's other
    spaces (a justified line widens all alike), within a point of where such a word
    starts on the lines above and below, over three lines running or more (lines at most
    four em apart)."""
    starts: list[dict[int, float]] = []
    for words in lines:
        gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
        here = {}
        for k, gap in enumerate(gaps, start=1):
            if gap <= ALIGNED_GAP * max(words[k - 1].chars[-1].size, words[k].chars[0].size):
                continue
            others = gaps[: k - 1] + gaps[k:]
            # a justified line stretches all its spaces alike: none stands out
            if len(others) >= 2 and gap <= 1.3 * statistics.median(others):
                continue
            here[k] = words[k].x0
        starts.append(here)

    def near(i: int, j: int) -> bool:
        a, b = lines[i][0].chars[0], lines[j][0].chars[0]
        return abs(b.base - a.base) <= 4 * max(a.size, b.size)

    def at(i: int, x: float) -> bool:
        return any(abs(x - y) <= 1 for y in starts[i].values())

    out = []
    for i, here in enumerate(starts):
        cut = set()
        for k, x in here.items():
            run, j = 1, i
            while j > 0 and near(j - 1, j) and at(j - 1, x):
                run, j = run + 1, j - 1
            j = i
            while j + 1 < len(lines) and near(j, j + 1) and at(j + 1, x):
                run, j = run + 1, j + 1
            if run >= 3:
                cut.add(k)
        out.append(frozenset(cut))
    return out


Rule = tuple[float, float, float, float]
"""A ruled line as ``(x0, top, x1, bottom)``, in points from the page's top left corner."""
Point = tuple[float, float]
THIN = 2.5
"""A shape at most this many points thick (and at least 4 long) is a rule."""


@dataclass(frozen=True, slots=True)
class Subpath:
    """One subpath of a PDF path, its points in page coordinates (top-down)."""

    points: tuple[Point, ...]
    closed: bool = False
    curved: bool = False
    """It has Bézier segments (their control points are among :attr:`points`)."""


def _box(points: Sequence[Point]) -> Rule:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _is_rule(box: Rule) -> bool:
    w, h = box[2] - box[0], box[3] - box[1]
    return (w <= THIN and h >= 4) or (h <= THIN and w >= 4)


def _rectangle(sub: Subpath) -> bool:
    """Four corners joined by horizontal and vertical sides (as ``re`` draws)."""
    pts = list(sub.points)
    if len(pts) == 5 and abs(pts[0][0] - pts[4][0]) < 0.01 and abs(pts[0][1] - pts[4][1]) < 0.01:
        pts = pts[:4]
    if sub.curved or len(pts) != 4:
        return False
    return all(
        abs(a[0] - b[0]) < 0.01 or abs(a[1] - b[1]) < 0.01
        for a, b in zip(pts, pts[1:] + pts[:1], strict=True)
    )


def _area(points: Sequence[Point]) -> float:
    """Signed area (shoelace): its sign tells the direction the outline turns."""
    return sum(
        a[0] * b[1] - b[0] * a[1] for a, b in zip(points, [*points[1:], points[0]], strict=True)
    )


def path_rules(
    subpaths: Sequence[Subpath], *, fill: bool, evenodd: bool = False, stroke: float | None = None
) -> list[Rule]:
    """The ruled lines a PDF path draws: the shapes a table's borders are made of.

    ``fill``: the path is filled (``evenodd``: by the even-odd rule); ``stroke``: it is
    stroked with a line this many points wide (``None``: not stroked).  Three ways of
    drawing a rule are understood:

    * a filled shape at most :data:`THIN` points thick (a thin rectangle, ``re f``);
    * a straight horizontal or vertical segment stroked with a thin line (``m l S``, or
      the sides of a stroked rectangle, ``re S``);
    * a frame: a filled rectangle with a rectangle at most :data:`THIN` points inside it
      cut out (the outer and inner edge of a box's border, ``re re f*``, as WeasyPrint
      draws the borders of separate table cells); each side of the frame is a rule.

    Returns ``(x0, top, x1, bottom)`` boxes; a filled area or a curve is no rule.
    """
    out: list[Rule] = []
    boxes: list[tuple[Rule, float]] = []
    for sub in subpaths:
        if len(sub.points) < 2:
            continue
        box = _box(sub.points)
        if fill:
            if _is_rule(box):
                out.append(box)
            elif _rectangle(sub):
                boxes.append((box, _area(sub.points[:4])))
        if stroke is not None and stroke <= THIN and not sub.curved:
            half = max(stroke, 0.1) / 2
            ends = list(sub.points) + ([sub.points[0]] if sub.closed else [])
            for (ax, ay), (bx, by) in itertools.pairwise(ends):
                if abs(ay - by) < 0.01 and abs(ax - bx) >= 4:
                    out.append((min(ax, bx), ay - half, max(ax, bx), ay + half))
                elif abs(ax - bx) < 0.01 and abs(ay - by) >= 4:
                    out.append((ax - half, min(ay, by), ax + half, max(ay, by)))
    # frames: an outer and an inner rectangle, the inner one cut out of the fill
    for (outer, turn), (inner, inner_turn) in itertools.permutations(boxes, 2):
        insets = (
            inner[0] - outer[0],
            inner[1] - outer[1],
            outer[2] - inner[2],
            outer[3] - inner[3],
        )
        if not all(-0.01 <= d <= THIN for d in insets) or max(insets) < 0.05:
            continue
        if not evenodd and turn * inner_turn > 0:  # nonzero winding, same direction: no hole
            continue
        x0, top, x1, bottom = outer
        sides = (
            (x0, top, inner[0], bottom),
            (x0, top, x1, inner[1]),
            (inner[2], top, x1, bottom),
            (x0, inner[3], x1, bottom),
        )
        out.extend(side for side, d in zip(sides, insets, strict=True) if d >= 0.05)
    return [r for r in out if _is_rule(r)]


OPEN_ROW = 6.0
"""Column rules running this many points or more past the first or last horizontal rule
bound a row of their own."""


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
        if rows and vs:
            # a row open at the top or the bottom: the column rules run on past the last
            # horizontal one (a row broken by a page, its border not drawn at the break)
            top, bottom = min(r[1] for r in vs), max(r[3] for r in vs)
            if rows[0] - top > OPEN_ROW:
                rows.insert(0, top)
            if bottom - rows[-1] > OPEN_ROW:
                rows.append(bottom)
        if len(rows) >= 2 and len(cols) >= 2:
            out.append((rows, cols, vs))
    return out


def _touch(a: tuple[float, ...], b: tuple[float, ...], slack: float = 2.0) -> bool:
    return not (
        a[2] + slack < b[0] or b[2] + slack < a[0] or a[3] + slack < b[1] or b[3] + slack < a[1]
    )


def layout_page(
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
            shown = [ws for ws in (_words(line) for line in _lines(cell_chars)) if ws]
            if shown:
                cell = Fragment(
                    [w for ws in shown for w in ws], number, CellRef(index, row, column)
                )
                starts = {id(ws[0]) for ws in shown[1:]}
                cell.wraps = [k for k, w in enumerate(cell.words) if k and id(w) in starts]
                cells.append(cell)
        page.tables.append(Table(rows[0], rows[-1], cols, len(rows) - 1, cells))
    foot = _footnote_rule(rules, width, height)
    printed: list[list[Word]] = []
    lifts: list[float] = []
    calls: set[str] = set()
    for line in _lines(rest):
        words = _unglue(_words(line))
        if words:
            lift, marks = _calls(line)
            printed.append(words)
            lifts.append(lift)
            calls.update(marks)
    for words, cuts, lift in zip(printed, _aligned_cuts(printed), lifts, strict=True):
        frags = _fragments(words, number)
        if cuts:
            # a line cut into three pieces or more at columns seen on the lines around it
            aligned = _fragments(words, number, cuts)
            frags = aligned if len(aligned) >= 3 else frags
        for frag in frags:
            frag.lift = lift
            if foot is not None and frag.top > foot:
                frag.foot = True
                first = frag.words[0].text
                if not frag.note and len(frag.words) > 1 and _NOTE_MARK.match(first):
                    frag.note = first
                    del frag.words[0]
                    frag.x0 = frag.words[0].x0
            page.fragments.append(frag)
    if foot is None and calls:
        _numbered_notes(page, calls)
    return page


def _calls(line: list[Char]) -> tuple[float, list[str]]:
    """The note marks that a line's text calls (marks after its first letter), and how far
    the highest is raised above the line's baseline, in points."""
    text = [c for c in line if not c.mark]
    if not text:
        return 0.0, []
    base = statistics.median(c.base for c in text)
    marks: list[str] = []
    lift = 0.0
    run = ""
    for ch in line:
        if ch.mark and ch.x0 > text[0].x0:
            run += ch.text
            lift = max(lift, base - ch.base)
            continue
        if run:
            marks.append(run)
            run = ""
    if run:
        marks.append(run)
    return lift, marks


def _numbered_notes(page: Page, calls: set[str]) -> None:
    """Footnotes set below the text without a rule, each opened by its number in the
    text's own size ("1. The depositary is …", as WeasyPrint sets ``float: footnote``):
    the lowest line of the lower half of the page that opens with the number of a note
    the page's text calls, below a gap of two em or more, is a note's first
    line, provided every line below the first such note is one too or goes on one; the
    number becomes the note's mark (:attr:`Fragment.note`)."""
    frags = sorted(page.fragments, key=lambda f: f.base)
    starts: dict[str, Fragment] = {}
    for frag in frags:
        m = _NUMBERED_NOTE.match(frag.words[0].text)
        if m and m[1] in calls and len(frag.words) > 1 and frag.top > page.height / 2:
            starts[m[1]] = frag  # the lowest one of each number
    if not starts:
        return
    first = min(frags.index(f) for f in starts.values())
    opening = {id(f) for f in starts.values()}
    lefts = [f.words[1].x0 for f in starts.values()] + [f.x0 for f in starts.values()]
    footer = page.height * (1 - BAND)  # a running footer, dropped later, may stand there
    if first == 0 or any(
        id(f) not in opening and f.top < footer and not any(abs(f.x0 - x) <= 3 for x in lefts)
        for f in frags[first:]
    ):
        return
    if frags[first].top - frags[first - 1].base < 2 * frags[first].size:
        return
    for frag in starts.values():
        frag.note = _NUMBERED_NOTE.match(frag.words[0].text)[1]  # type: ignore[index]
        del frag.words[0]
        frag.x0 = frag.text_left = frag.words[0].x0
        frag.label = False


_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3}|[ivx]{1,5})$")
_NUMBERED_NOTE = re.compile(r"^(\d{1,3}|[*†‡§]{1,3})[.)]?$")


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
    body = _body_size(pages)
    pitch = _pitch_ratio(pages) * body
    for page, frag, key in candidates:
        repeated = any(
            number != page.number and abs(base - frag.base) <= 3 for number, base in by_text[key]
        )
        if (
            repeated
            or _PAGE_NUMBER_RE.match(frag.text.strip())
            or _lone_furniture(page, frag, body, pitch)
        ):
            page.fragments.remove(frag)
            where = "header" if frag.top < page.height / 2 else "footer"
            notes.append(
                Diagnostic(0, f"page {page.number}: dropped running {where} {frag.text!r}")
            )
    return notes


def _body_size(pages: Sequence[Page]) -> float:
    """The size of the body text: the one most characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for frag in page.fragments:
            sizes[frag.size] += sum(len(w.chars) for w in frag.words)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _lone_furniture(page: Page, frag: Fragment, body: float, pitch: float) -> bool:
    """A running header or footer that no other page shows to repeat (a one-page
    document, a first page of its own): a single short line in the band, set apart from
    the body by more than two lines' pitch, that is set smaller than the body, or that
    repeats the document symbol printed in the body (the header of an OSCE document), or,
    in the bottom band, that is no sentence.  Text run on over several lines (the
    distribution notice at the top of page 1) is never taken."""
    if frag.foot or frag.note:  # a footnote
        return False
    band = BAND * page.height
    top = frag.top < band
    others = [f for f in page.fragments if f is not frag]
    near = [f for f in others if abs(f.base - frag.base) < 2.2 * pitch]
    if not others or near:
        return False
    text = frag.text.strip()
    if len(text.split()) > 8:
        return False
    if frag.size <= body - 1:
        return True
    if top:
        return bool(SYMBOL_RE.match(text)) and any(f.text.strip() == text for f in others)
    return not text.endswith(_TERMINAL)


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
    # a line opened to make room for a raised note mark is measured without it
    pitch = frag.base - last.base - frag.lift
    if pitch <= 0.3 * size or pitch > (ratio + 0.3) * size:
        return False
    if len(para.lines) > 1:
        # the paragraph's own line pitch: a step clearly wider than it is a paragraph
        # break, whatever the document's usual pitch was measured to be
        own = min(b.base - a.base - b.lift for a, b in itertools.pairwise(para.lines))
        if pitch > OPENING * own and pitch - own > 0.25 * size:
            return False
    if last.bold != frag.bold:
        return False
    ends_sentence = last.text.rstrip("*").endswith(_TERMINAL)
    # the line ended early if the next line's first word would have fitted on it
    word = frag.words[0]
    early = last.x1 + 0.3 * size + (word.x1 - word.x0) < right - 0.5 * size
    if frag.label and (ends_sentence or early):
        return False
    if ends_sentence and early:
        return False
    first = para.lines[0]
    if len(para.lines) == 1:
        if abs(frag.x0 - first.text_left) <= 3 or abs(frag.x0 - first.x0) <= 3:
            return True
        if first.label and first.x0 < frag.x0 < first.text_left:  # a wide label ("100.")
            return True
        if frag.x0 < first.x0 and not first.label:  # a first-line indent
            return True
        if frag.x0 < first.x0 <= frag.x0 + 6 * size and not (early or ends_sentence):
            # a numbered paragraph with a first-line indent, its full first line going on
            return True
    elif abs(frag.x0 - para.lines[1].x0) <= 3:
        return True
    # centred lines
    return abs((frag.x0 + frag.x1) - (last.x0 + last.x1)) <= 6 and frag.x0 > first.x0 - 200


def _notes_top(page: Page) -> float:
    """The top of the page's first footnote (below the rule, or opened by its mark), or
    infinity."""
    return min((f.top for f in page.fragments if f.foot or f.note), default=float("inf"))


def _continue_tables(pages: Sequence[Page]) -> None:
    """Join a table that a page break split: the last table of a page, below which the
    page has no text but its footnotes, goes on in the first table of the next page, above which
    there is none, when both have the same columns.  The cells below the break take the
    table's number and rows after its own; later tables are numbered one less.

    A row split by the break (Word and Writer let a row break across pages) is one row:
    where each cell of the first row below the break goes on text left unfinished above
    it (set in small letters, or after a hyphen, the cell above ending no sentence), and
    some cell of it is empty below a cell above that has text (its text finished above
    the break), its words go on that cell's, as its next printed lines.
    """
    joined = 0
    for before, page in itertools.pairwise(pages):
        lower = min(page.tables, key=lambda t: t.top) if page.tables else None
        upper = max(before.tables, key=lambda t: t.top) if before.tables else None
        index, shift, split = -1, 0, False
        if (
            upper is not None
            and lower is not None
            and upper.cells
            and upper.cells[0].cell is not None
            and not any(upper.bottom < f.top < _notes_top(before) for f in before.fragments)
            and not any(f.base < lower.top for f in page.fragments)
            and len(upper.columns) == len(lower.columns)
            and all(abs(a - b) <= 3 for a, b in zip(upper.columns, lower.columns, strict=True))
        ):
            index = upper.cells[0].cell.table
            last = {
                c.cell.column: c for c in upper.cells if c.cell and c.cell.row == upper.rows - 1
            }
            first = [c for c in lower.cells if c.cell and c.cell.row == 0]
            # a cell above that finished its text leaves its part below the break empty:
            # without one, a row of cells that all start in small letters is a row
            finished = set(last) - {c.cell.column for c in first if c.cell is not None}
            split = (
                bool(first)
                and bool(finished)
                and all(
                    c.cell is not None
                    and (above := last.get(c.cell.column)) is not None
                    and not above.text.rstrip("*").endswith(_TERMINAL)
                    and (c.text[:1].islower() or above.text.endswith(("-", "\u2010")))
                    for c in first
                )
            )
            if split:
                for cell in first:
                    assert cell.cell is not None
                    above = last[cell.cell.column]
                    above.wraps += [len(above.words) + k for k in (0, *cell.wraps)]
                    above.words += cell.words
                gone = {id(c) for c in first}
                lower.cells = [c for c in lower.cells if id(c) not in gone]
            shift = upper.rows - (1 if split else 0)
            joined += 1
        for table in page.tables:
            for cell in table.cells:
                assert cell.cell is not None
                ref = cell.cell
                if table is lower and index >= 0:
                    cell.cell = CellRef(index, ref.row + shift, ref.column)
                else:
                    cell.cell = CellRef(ref.table - joined, ref.row, ref.column)
            if table is lower and index >= 0:
                table.rows += shift


def _paragraphs(page: Page, ratio: float) -> list[_Para]:
    right = max((f.x1 for f in page.fragments), default=page.width)
    open_paras: list[_Para] = []
    rows = _printed_lines(page.fragments)
    # the fragments printed side by side on each line
    beside = {id(f): row for row in rows for f in row}
    for frag in (f for row in rows for f in row):
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
        if best is not None and any(
            f is not best.lines[-1] and min(f.x1, frag.x1) > max(f.x0, frag.x0)
            for f in beside[id(best.lines[-1])]
        ):
            # the line runs on below two pieces printed side by side (cells of a table
            # without rules, columns): it goes on neither
            best = None
        if best is not None and _continues(best, frag, ratio, right):
            best.lines.append(frag)
        else:
            open_paras.append(_Para([frag], page.number))
    for table in page.tables:
        for cell in table.cells:
            open_paras.append(_Para([cell], page.number, cell.cell))
    return _reading_order(open_paras)


def _printed_lines(fragments: Iterable[Fragment]) -> list[list[Fragment]]:
    """Fragments grouped by the printed line they stand on (baselines within 0.3 em of
    the line's first one), top down, each line left to right."""
    out: list[list[Fragment]] = []
    for f in sorted(fragments, key=lambda f: (f.base, f.x0)):
        if out and f.base - out[-1][0].base <= 0.3 * max(f.size, out[-1][0].size):
            out[-1].append(f)
        else:
            out.append([f])
    return out


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


def _join_pages(paras: list[_Para], pages: Sequence[Page], ratio: float) -> list[_Para]:
    """Join a paragraph that a page break split: the last one of a page ends on a full line
    (the first word of the next page would not have fitted on it) and the first one of the
    next page goes on at the same indentation, in the same font, without a list label.

    Only the last paragraph of a page and the first of the next are ever joined.  In a
    document whose paragraphs are set apart by spacing (see :func:`_spacing`), a page that
    had room for one more line of the paragraph below its last line did not break it: the
    paragraph ended there.
    """
    right = _right_margin(pages)
    widths = {p.number: p.width for p in pages}
    spaced = _spacing(paras, ratio)
    # the lowest line of the body on any page: a lower bound of the bottom margin
    floor = max((f.base for p in pages for f in p.fragments if not f.foot), default=0.0)
    last_of = {p.page: i for i, p in enumerate(paras) if p.cell is None}
    first_of: dict[int, int] = {}
    for i, p in enumerate(paras):
        if p.cell is None:
            first_of.setdefault(p.page, i)

    sentence_ends = _full_sentence_ends_paragraph(paras, right)

    def full(prev: _Para, para: _Para) -> bool | None:
        if not spaced:
            return None
        ended = _ended_at_page_foot(prev, para, ratio, floor)
        return None if ended is False and not sentence_ends else ended

    out: list[_Para] = []
    for i, para in enumerate(paras):
        prev = out[-1] if out else None
        if (
            prev is not None
            and first_of.get(para.page) == i
            and i > 0
            and paras[i - 1] is prev
            and last_of.get(prev.page) == i - 1
            and prev.page + 1 == para.page
            and prev.lines[-1].x1 > 0.7 * widths[prev.page]  # a line across the page
            and _page_break_continues(prev, para, right, full=full(prev, para))
        ):
            prev.lines.extend(para.lines)
            continue
        out.append(para)
    return out


def _spacing(paras: Sequence[_Para], ratio: float) -> bool:
    """Whether the document sets its paragraphs apart by spacing: the distance between
    one paragraph's last baseline and the next one's first is usually wider than the line
    pitch (by more than a third of an em)."""
    gaps = []
    for a, b in itertools.pairwise(paras):
        if a.cell is None and b.cell is None and a.page == b.page:
            last, first = a.lines[-1], b.lines[0]
            if first.base > last.base and abs(first.size - last.size) < 0.5:
                gaps.append((first.base - last.base) / last.size)
    if len(gaps) < 3:
        return False
    return statistics.median(gaps) > ratio + 0.33


def _full_sentence_ends_paragraph(paras: Sequence[_Para], right: float) -> bool:
    """Whether, in this document, a full line that ends a sentence more often ends its
    paragraph than goes on: counted over the paragraphs within pages (a line is full where
    a word of three em would not have fitted after it)."""
    ends = goes_on = 0
    for para, nxt in itertools.pairwise(paras):
        # the last paragraph of a page may go on on the next: not counted
        if para.cell is not None or nxt.page != para.page:
            continue
        for k, line in enumerate(para.lines):
            full = line.x1 + 3.3 * line.size > right
            if full and line.text.rstrip("*").endswith(_TERMINAL):
                if k + 1 < len(para.lines):
                    goes_on += 1
                elif len(para.lines) > 1:
                    ends += 1
    return ends > goes_on


def _room_below(para: _Para, ratio: float, floor: float) -> int:
    """How many more lines of the paragraph the page had room for below its last line:
    baselines one pitch apart, allowing for the half of the leading set below a line,
    that do not go below the lowest line of the body printed on any page."""
    last = para.lines[-1]
    pitch = ratio * last.size
    return max(0, int((floor + (pitch - last.size) / 2 + 0.5 - last.base) / pitch))


def _ended_at_page_foot(para: _Para, nxt: _Para, ratio: float, floor: float) -> bool | None:
    """In a document with paragraph spacing, whether the page's room tells that the
    paragraph ended at its foot: True with room for two more lines, or for one unless the
    next page goes on with exactly two lines (widow control moves a line over so that none
    stands alone at the top of a page); False when the page was full, where only a
    finished sentence tells; None where the room does not tell (widow control)."""
    room = _room_below(para, ratio, floor)
    if room >= 2 or (room == 1 and len(nxt.lines) != 2):
        return True
    return False if room == 0 else None


def _right_margin(pages: Sequence[Page]) -> float:
    """Where the document's longest lines end (the right margin of ragged text)."""
    ends = sorted(round(f.x1) for p in pages for f in p.fragments)
    return ends[int(len(ends) * 0.98)] if ends else 0.0


def _page_break_continues(prev: _Para, nxt: _Para, right: float, *, full: bool | None) -> bool:
    """``full``: see :func:`_ended_at_page_foot` (True: the paragraph ended; False: the page
    was full and paragraphs are spaced; None: not known)."""
    if full:
        return False
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
    # a full line goes on, even after a full stop: in a document without paragraph
    # spacing, the page broke a paragraph in the middle far more often than a paragraph
    # ended exactly at the margin.  Where paragraphs are spaced and the page is full, a
    # break between two of them leaves a full last line as often, and the spacing is not
    # seen across the break: a finished sentence ends the paragraph.  A question or a
    # heading never goes on
    ends = ("?", ":", *_TERMINAL) if full is False else ("?", ":")
    return not last.text.rstrip("*").endswith(ends)


# ---------------------------------------------------------------------------- words


def _mended(last: Word, first: Word, vocab: set[str]) -> Word | None:
    """The word split at a line end as ``last`` / ``first`` made whole (its hyphen kept or
    dropped by :func:`~reply_i18n.source.hyphens.keep_hyphen`), or None when ``last``
    does not end in a hyphen that splits a word."""
    text = last.text
    if len(text) < 3 or text[-1] not in "-‐" or not text[-2].isalpha():
        return None
    if not first.text[:1].isalpha():
        return None
    head = re.split(r"[-‐]", text[:-1])[-1]
    tail = re.match(r"[^\W\d_]+", first.text)
    keep = keep_hyphen(head, tail[0] if tail else "", vocab)
    return Word((last.chars if keep else last.chars[:-1]) + first.chars)


def _dehyphenate(paras: list[_Para], vocab: set[str]) -> None:
    """Words split at line ends made whole: between the lines of a paragraph, and between
    the printed lines of a table cell (:attr:`Fragment.wraps`)."""
    for para in paras:
        lines = para.lines
        for i in range(len(lines) - 1):
            a, b = lines[i], lines[i + 1]
            if not a.words or not b.words:
                continue
            word = _mended(a.words[-1], b.words[0], vocab)
            if word is not None:
                a.words[-1] = word
                del b.words[0]
        for frag in lines:
            for k in reversed(frag.wraps):
                word = _mended(frag.words[k - 1], frag.words[k], vocab)
                if word is not None:
                    frag.words[k - 1 : k + 1] = [word]
                    frag.wraps = [w - 1 if w > k else w for w in frag.wraps if w != k]
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


GUESSED = (
    "paragraph break guessed: the PDF sets its lines evenly, with no space or indent "
    "between paragraphs, and the line before {}; the text is read on as one paragraph: "
    "check that a new one does not start here"
)


SIDE_BY_SIDE = (
    "{} pieces of text printed side by side without rules (a table without borders?): "
    "each is read as a paragraph of its own, left to right; check them, or give the "
    "table borders"
)


def _indented(paras: Sequence[_Para]) -> bool:
    """Whether the document marks its paragraphs by a first-line indent: most paragraphs
    of several lines (without a list label) start further right than they go on."""
    plain = [p for p in paras if p.cell is None and len(p.lines) > 1 and not p.lines[0].label]
    indented = sum(p.lines[0].x0 > p.lines[1].x0 + 3 for p in plain)
    return bool(plain) and indented > len(plain) / 2


def _guessed_joins(para: _Para, right: float, *, sentences: bool) -> list[tuple[Fragment, str]]:
    """The lines of a paragraph joined to the line above where, in a document without
    paragraph spacing, only the wording could tell whether a paragraph ended: the line
    above ends short (the next line's first word would have fitted on it; a hyphen at
    the end aside) or, with ``sentences``, ends a sentence at the margin; and both lines
    start at the same indentation.  Each with what the line above does."""
    out = []
    for a, b in itertools.pairwise(para.lines):
        if abs(a.x0 - b.x0) > 3:
            continue
        word = b.words[0]
        size = max(a.size, b.size)
        text = a.words[-1].text
        if text.endswith(("-", "\u2010")):
            continue
        if a.x1 + 0.3 * size + (word.x1 - word.x0) < right - 0.5 * size:
            out.append((b, "ends short"))
        elif sentences and text.rstrip("*").endswith((".", "!", "?")):
            out.append((b, "ends a sentence at the margin"))
    return out


TWO_COLUMNS = (
    "page {} seems set in two columns: the reading order may be wrong; convert the reply "
    "to one column or use the Word file"
)
"""The warning at the first line read on a page that :func:`_two_columns` finds set in two
columns of text (the reader reads such a page across the columns)."""


def _cluster_share(values: Sequence[float], tolerance: float = 2.0) -> float:
    """The largest share of ``values`` within ``tolerance`` points of one of them."""
    ordered = sorted(values)
    best = 0
    low = high = 0
    for u in ordered:  # the values in [u - tolerance, u + tolerance], a sliding window
        while ordered[low] < u - tolerance:
            low += 1
        while high < len(ordered) and ordered[high] <= u + tolerance:
            high += 1
        best = max(best, high - low)
    return best / len(values)


def _openings(band: Sequence[Fragment]) -> list[float]:
    """The tops of the lines of a band (top down) that stand clearly below the line
    above (by over half an em: a paragraph or a row opens)."""
    lines = sorted(band, key=lambda f: f.base)
    return [g.top for f, g in itertools.pairwise(lines) if g.top - f.base > 0.5 * g.size]


def _two_columns(page: Page) -> bool:
    """Whether a page is set in two columns of text.

    A page is taken as set in two columns when its body lines (table cells and
    footnotes aside) fall into two bands, left and right of a gutter at least 6 pt wide
    near the middle of the text width (the only such gap between the lines narrower
    than 60 % of the text width) that no line crosses where the bands run side by
    side, nor does a table or one of its cells; each band has 6 lines or more, their
    left edges mostly (60 %) at one place, at least half of them filling most (60 %) of
    the band's width (running text, not the short cells of a table without rules), and
    the bands run side by side over a quarter of the page's height or more, and their
    paragraphs open at heights of their own (where three in four or more open at the
    same heights on both sides, they are the rows of a table without rules).  So the
    notice beside the document symbol (a few lines) and tables (their cells are not
    body lines; a table without rules has short pieces, a third column, or rows that
    open on both sides at once) are not taken for columns.
    """
    body = [f for f in page.fragments if f.cell is None and not f.foot]
    if len(body) < 12:
        return False
    left = min(f.x0 for f in body)
    right = max(f.x1 for f in body)
    width = right - left
    # the gaps between the x spans of the lines narrower than 60 % of the text width
    spans = sorted((f.x0, f.x1) for f in body if f.x1 - f.x0 < 0.6 * width)
    if not spans:
        return False
    gaps = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= 6:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    # one gutter, near the middle (three columns, a parallel edition: not two)
    if len(gaps) != 1 or not 0.3 * width <= sum(gaps[0]) / 2 - left <= 0.7 * width:
        return False
    gutter = gaps[0]
    bands = [
        [f for f in body if f.x1 <= gutter[0]],
        [f for f in body if f.x0 >= gutter[1]],
    ]
    for band in bands:
        if len(band) < 6 or _cluster_share([f.x0 for f in band]) < 0.6:
            return False
        band_width = max(f.x1 for f in band) - min(f.x0 for f in band)
        if sum(1 for f in band if f.x1 - f.x0 >= 0.6 * band_width) < len(band) / 2:
            return False
    top = max(min(f.top for f in band) for band in bands)
    bottom = min(max(f.base for f in band) for band in bands)
    if bottom - top < page.height / 4:
        return False
    # the cells of a table without rules: its rows open at the same heights on both sides
    opens = [_openings(band) for band in bands]
    if min(len(o) for o in opens) >= 2:
        level = sum(1 for y in opens[0] if any(abs(y - z) <= 2 for z in opens[1]))
        if level >= 0.75 * max(len(o) for o in opens):
            return False
    # no line, table cell or table crosses the gutter where the bands run side by side
    if any(
        f.x0 < gutter[1] and f.x1 > gutter[0] and top <= f.base <= bottom for f in page.fragments
    ):
        return False
    return not any(
        t.columns[0] < gutter[1] and t.columns[-1] > gutter[0] and t.top < bottom and t.bottom > top
        for t in page.tables
        if t.columns
    )


def blocks_of(pages: Sequence[Page]) -> list[Block]:
    """The blocks of pages whose furniture is already dropped, in reading order.

    Where the document sets no space between paragraphs and a paragraph goes on after a
    line that ends short (or, in a document without first-line indents, after a sentence
    that ends at the margin), the block carries a warning (:data:`GUESSED`) at the first
    such line; the first of lines of three pieces or more printed side by side without
    rules carries one too (:data:`SIDE_BY_SIDE`), and so does the first line read on a
    page set in two columns (:data:`TWO_COLUMNS`): the page is read across the columns.
    """
    _continue_tables(pages)
    # pages set in two columns, read across them: a warning at the first line of each
    columns = {page.number for page in pages if _two_columns(page)}
    ratio = _pitch_ratio(pages)
    paras: list[_Para] = []
    for page in pages:
        paras.extend(_paragraphs(page, ratio))
    paras = [p for p in _join_pages(paras, pages, ratio) if p.lines]
    right = _right_margin(pages)
    spaced = _spacing(paras, ratio)
    sentences = not _indented(paras)
    guesses = {
        id(p): _guessed_joins(p, right, sentences=sentences)
        for p in paras
        if not (spaced or p.cell is not None or len(p.lines) < 2)
    }
    # the first of consecutive lines of three pieces or more side by side (two: a notice
    # beside the symbol)
    side_by_side = {}
    for page in pages:
        rows = _printed_lines(page.fragments)
        for above, row in zip([[], *rows], rows, strict=False):
            if len(row) >= 3 and len(above) < 3:
                side_by_side[id(row[0])] = len(row)
    vocab = vocabulary(" ".join(f.text for f in p.lines) for p in paras)
    _dehyphenate(paras, vocab)
    levels = _heading_levels(paras)
    heights = {p.number: p.height for p in pages}
    out: list[Block] = []
    notes: list[Block] = []
    number = 0
    for para in paras:
        size = para.lines[0].size
        level = levels.get(size, 0) if len(para.lines) <= 5 else 0
        runs = _runs(para)
        if level:
            # a heading wrapped onto several lines (same size and weight, set tight: one
            # paragraph) is one line of text, as a word processor holds it
            runs = [(t.replace("\n", " "), b, i) for t, b, i in runs]
        texts = emphasis(runs)
        lines = []
        first = number + 1
        for text in texts:
            number += 1
            if text:
                lines.append(Line(first if level else number, text))
        number = max(number, first + len(para.lines) - 1)
        if not lines:
            continue
        mark = para.lines[0].note
        # below the footnote rule, or a raised note number low on the page: a footnote
        footnote = para.cell is None and (
            para.lines[0].foot or (bool(mark) and para.top > heights[para.page] / 2)
        )
        guessed = [
            (first + para.lines.index(f), why)
            for f, why in ([] if level else guesses.get(id(para), []))
            if f in para.lines
        ]
        warnings = []
        if guessed:
            more = f" ({len(guessed) - 1} more in this paragraph)" if len(guessed) > 1 else ""
            warnings.append(Diagnostic(guessed[0][0], GUESSED.format(guessed[0][1]) + more))
        warnings += [
            Diagnostic(first + k, SIDE_BY_SIDE.format(side_by_side[id(f)]))
            for k, f in enumerate(para.lines)
            if id(f) in side_by_side
        ]
        for k, f in enumerate(para.lines):
            if f.page in columns:  # the first line read on such a page
                columns.discard(f.page)
                warnings.append(
                    Diagnostic(first if level else first + k, TWO_COLUMNS.format(f.page))
                )
        (notes if footnote else out).append(
            Block(
                lines,
                page=para.page,
                level=0 if footnote else level,
                label=mark if footnote else "",
                bold=all(f.bold for f in para.lines),
                cell=para.cell,
                role="footnote" if footnote else "body",
                x=round(para.x0, 1),
                meta={"size": f"{size:g}"},
                warnings=warnings,
            )
        )
    # footnotes after the body, as the Word reader gives them
    return out + notes
