"""The coverage picture: documents, parts and questions × locales, coloured by state.

:func:`svg` draws a :class:`~reply_i18n.publish.coverage.Grid` as plain SVG 1.1 (no script,
no external reference, no font file): one line per document, part and question, one column per
locale, each cell a bar split in proportion to the segments translated, fuzzy, stale and
untranslated, with the share translated written beside it.  The text equivalent is part of
the picture: a ``<title>`` and ``<desc>`` for the whole, and a ``<title>`` with the figures on
every cell, which screen readers and browsers' tooltips read.  :func:`html_page` wraps the
picture and a table of the same figures in a page, for ``check --format html``.  Pure.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from html import escape

from reply_i18n.publish.coverage import Grid, GridRow
from reply_i18n.publish.edition import STATES

#: Colour of each state (ColorBrewer's colour-blind-safe PuOr scheme, and grey).
COLOURS = {
    "translated": "#1b7837",
    "fuzzy": "#f1a340",
    "stale": "#998ec3",
    "untranslated": "#d9d9d9",
}
LABEL_WIDTH = 340
CELL_WIDTH = 170
BAR_WIDTH = 120
ROW_HEIGHT = 22
HEAD_HEIGHT = 64
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


def _x(text: str) -> str:
    return escape(text, quote=True)


def _share(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    return f"{math.floor(100 * counts['translated'] / total) if total else 100}%"


def describe(row: GridRow, lang: str) -> str:
    """``az · Part I: 12 translated, 1 fuzzy, 0 stale, 0 untranslated (92%)``."""
    counts = row.counts[lang]
    figures = ", ".join(f"{counts[s]} {s}" for s in STATES)
    return f"{lang} · {row.label}: {figures} ({_share(counts)})"


def svg(grid: Grid, *, title: str = "Translation coverage") -> str:
    """The grid as an SVG document (UTF-8 text)."""
    width = LABEL_WIDTH + CELL_WIDTH * len(grid.locales) + 10
    height = HEAD_HEIGHT + ROW_HEIGHT * len(grid.rows) + 10
    summary = "; ".join(
        describe(row, lang) for row in grid.rows if row.level == 0 for lang in grid.locales
    )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="coverage-title coverage-desc">',
        f'<title id="coverage-title">{_x(title)}</title>',
        f'<desc id="coverage-desc">Segments by state per locale for each document, part and '
        f"question. {_x(summary)}.</desc>",
        f'<g font-family="{FONT}" font-size="12" fill="#1b1f24">',
    ]
    out.extend(_legend())
    for n, lang in enumerate(grid.locales):
        x = LABEL_WIDTH + n * CELL_WIDTH
        out.append(f'<text x="{x}" y="{HEAD_HEIGHT - 8}" font-weight="bold">{_x(lang)}</text>')
    for i, row in enumerate(grid.rows):
        out.extend(_row(grid, row, HEAD_HEIGHT + i * ROW_HEIGHT))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend() -> Iterator[str]:
    x = 4
    for state in STATES:
        yield f'<rect x="{x}" y="8" width="12" height="12" fill="{COLOURS[state]}"/>'
        yield f'<text x="{x + 16}" y="18">{state}</text>'
        x += 24 + 8 * len(state)


def _row(grid: Grid, row: GridRow, y: int) -> Iterator[str]:
    indent = 4 + 14 * row.level
    weight = ' font-weight="bold"' if row.level < 2 else ""
    room = 40 - 2 * row.level  # characters that fit before the bars
    label = row.label if len(row.label) <= room else row.label[: room - 1] + "…"
    if row.level == 0:
        right = LABEL_WIDTH + CELL_WIDTH * len(grid.locales)
        yield f'<line x1="0" x2="{right}" y1="{y}" y2="{y}" stroke="#1d3557"/>'
    yield (
        f'<text x="{indent}" y="{y + 15}"{weight}><title>{_x(row.label)}</title>{_x(label)}</text>'
    )
    for n, lang in enumerate(grid.locales):
        counts = row.counts[lang]
        total = sum(counts.values())
        x0 = LABEL_WIDTH + n * CELL_WIDTH
        yield f"<g><title>{_x(describe(row, lang))}</title>"
        x = float(x0)
        for state in STATES:
            if not counts[state]:
                continue
            w = BAR_WIDTH * counts[state] / total
            yield (
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW_HEIGHT - 8}" '
                f'fill="{COLOURS[state]}"/>'
            )
            x += w
        if not total:
            yield (
                f'<rect x="{x0}" y="{y + 4}" width="{BAR_WIDTH}" height="{ROW_HEIGHT - 8}" '
                'fill="none" stroke="#d9d9d9"/>'
            )
        yield f'<text x="{x0 + BAR_WIDTH + 6}" y="{y + 15}">{_share(counts)}</text>'
        yield "</g>"


def html_page(grid: Grid, *, title: str, report: str = "", passed: bool = True) -> str:
    """An HTML page with the picture, the same figures as a table, and ``report`` (the text
    report of ``check``) below."""
    picture = svg(grid, title=title).split("\n", 1)[1]  # no XML declaration inside HTML
    head = "".join(
        f'<th scope="col" colspan="{len(STATES)}">{_x(lang)}</th>' for lang in grid.locales
    )
    sub = "".join(f'<th scope="col">{s}</th>' for _ in grid.locales for s in STATES)
    body = []
    for row in grid.rows:
        cells = "".join(f"<td>{row.counts[lang][s]}</td>" for lang in grid.locales for s in STATES)
        body.append(
            f'<tr class="level{row.level}"><th scope="row">{_x(row.label)}</th>{cells}</tr>'
        )
    verdict = "passed" if passed else "failed"
    return (
        "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en">',
                "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<title>{_x(title)}</title>",
                "<style>body { font: 14px/1.4 " + FONT + "; margin: 1.5rem; color: #1b1f24; }"
                " table { border-collapse: collapse; margin: 1rem 0; font-size: 12px; }"
                " th, td { border: 1px solid #cfd5dc; padding: .15rem .4rem; text-align: right; }"
                " th[scope=row] { text-align: left; } tr.level0 th { font-weight: bold; }"
                " tr.level2 th[scope=row] { padding-left: 1.5rem; }"
                " tr.level3 th[scope=row] { padding-left: 2.5rem; }"
                " .figure { overflow-x: auto; } pre { font-size: 12px; }</style>",
                "</head>",
                "<body>",
                f"<h1>{_x(title)}: {verdict}</h1>",
                f'<div class="figure">{picture}</div>',
                "<h2>Figures</h2>",
                "<table>",
                f'<thead><tr><th scope="col" rowspan="2">Document, part, question</th>{head}</tr>',
                f"<tr>{sub}</tr></thead>",
                "<tbody>",
                *body,
                "</tbody>",
                "</table>",
                *(["<h2>Report</h2>", f"<pre>{_x(report)}</pre>"] if report else []),
                "</body>",
                "</html>",
            ]
        )
        + "\n"
    )
