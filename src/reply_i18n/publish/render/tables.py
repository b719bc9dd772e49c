"""Tables of an edition: consecutive cell rows of one source table, laid out as a grid.

The parser makes one segment per table cell (kind ``cell``, with ``Segment.cell`` =
(table, row, column)); an edition keeps one row per segment, so that every cell is aligned
and counted like any other segment.  A renderer that shows tables as tables takes the rows
through :func:`grouped`, which gathers the consecutive rows of one table into a
:class:`TableRows`; :meth:`TableRows.grid` gives, for one language, the table as rows of
cells (``None`` where the source cell was empty).  Pure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reply_i18n.model import Cell, Row


@dataclass(frozen=True, slots=True)
class TableRows:
    """The edition rows of one table, in source order."""

    rows: tuple[Row, ...]

    @property
    def first(self) -> Row:
        return self.rows[0]

    def grid(self, language: int) -> list[list[tuple[Row, Cell] | None]]:
        """The table in the edition's ``language``-th language: rows × columns."""
        refs = [r.segment.cell for r in self.rows if r.segment.cell is not None]
        height = max(ref[1] for ref in refs) + 1
        width = max(ref[2] for ref in refs) + 1
        out: list[list[tuple[Row, Cell] | None]] = [[None] * width for _ in range(height)]
        for row in self.rows:
            ref = row.segment.cell
            if ref is not None:
                out[ref[1]][ref[2]] = (row, row.cells[language])
        return out


def grouped(rows: Sequence[Row]) -> Iterator[Row | TableRows]:
    """``rows`` in order, with the consecutive cells of each table gathered together."""
    current: list[Row] = []
    table = -1
    for row in rows:
        ref = row.segment.cell
        if current and (ref is None or ref[0] != table):
            yield TableRows(tuple(current))
            current = []
        if ref is None:
            yield row
        else:
            current.append(row)
            table = ref[0]
    if current:
        yield TableRows(tuple(current))
