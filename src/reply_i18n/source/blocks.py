"""The layout model that every reader produces and the structure parser consumes.

A reader (:mod:`~reply_i18n.source.text`, and the Word and PDF readers) turns a file into a
list of :class:`Block` in reading order.  A block is what a reader sees as one unit of
layout: a paragraph, a heading, a list item, a table cell.  It keeps its lines, and with
them where it stood in the file, so that messages can point at it.  The structure parser
(:mod:`~reply_i18n.source.structure`) never knows which format a block came from; it
reads only the fields below.

Inline emphasis is carried in the text as Markdown (``**bold**``, ``*italic*``), the form
used by text sources and by the catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reply_i18n.model import Diagnostic


@dataclass(slots=True)
class Line:
    """One line of a block."""

    number: int
    """Where the line is, 1-based: the line of a text file, the paragraph of a Word
    document (body order), or the line of a PDF counted through the whole file."""
    text: str
    """The line's text, white space normalised, inline emphasis as Markdown."""


@dataclass(frozen=True, slots=True)
class CellRef:
    """Where a table cell stands: table, row and column, each counted from 0."""

    table: int
    row: int
    column: int


@dataclass(slots=True)
class Block:
    """One unit of layout: a paragraph, heading, list item or table cell.

    A plain text reader fills only :attr:`lines`; Word and PDF readers fill what their
    format tells them.  Every field but :attr:`lines` has a neutral default.
    """

    lines: list[Line]
    """The block's lines, in order (a text paragraph's lines, a Word paragraph split at its
    manual line breaks, a PDF paragraph's lines)."""
    page: int = 0
    """1-based page the block starts on; 0 when the format has no pages."""
    level: int = 0
    """Heading level, 1 for the top (Word's Heading 1, the largest PDF font); 0 for body."""
    label: str = ""
    """The list label the reader sees drawn before the text ("1.", "1.1", "(a)", "•"), as
    computed from Word's numbering or read from the page; "" when the text carries its
    own label or has none.  Never part of :attr:`lines`."""
    list_level: int = 0
    """Nesting level of a list item, 0 for the outermost list."""
    bold: bool = False
    """The whole block is set in bold (a Word run property or a bold PDF font)."""
    cell: CellRef | None = None
    """For a table cell: where it stands.  Cells of one row follow each other."""
    role: str = "body"
    """``body``, or ``footnote`` for the text of a footnote (kept, after the body)."""
    x: float = 0.0
    """Left edge of the block on its page, in PDF points (1/72 inch); 0 when unknown."""
    meta: dict[str, str] = field(default_factory=dict)
    """Reader-specific facts that may help the parser (``style``: a Word style name)."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """What the reader had to guess about this block (where the layout did not tell a
    paragraph break), with the line concerned; the parser reports them with the
    document's warnings."""

    @property
    def line(self) -> int:
        """The number of the block's first line."""
        return self.lines[0].number

    @property
    def text(self) -> str:
        """The block's lines joined by spaces (without the label)."""
        return " ".join(ln.text for ln in self.lines)
