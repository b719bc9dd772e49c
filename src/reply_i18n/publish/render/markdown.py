"""Markdown (CommonMark, with GitHub's extensions in mind) of an edition.

Aligned editions are written as a sequence of per-row blocks rather than as a GFM table: a
table puts each whole answer paragraph on one source line, unreadable in a plain editor and
cramped once rendered.  Each row is one paragraph per language, in edition order, each opened
by the language code as a code span (`` `az` ``); titles, parts and conditional headings
become headings in every language; question texts are bold, with their number kept in every
language.  Rows carried verbatim and the same everywhere (symbol, letterhead, address) are
written once.  A monolingual edition is the reply itself: front matter, titles as headings, numbered
questions, answers as paragraphs, bulleted items as a list.

Every text is escaped (backslash escapes only, so a text reads as itself in a plain editor
and in any renderer): inline specials everywhere, block markers (``#``, ``-``, ``1.``, ``>``…)
at the start of each line, so that no text can turn into a heading, list, quote, table, link,
raw HTML or code.  Our own ``*emphasis*`` is re-emitted around the escaped runs, checked by
re-reading it, and written as ``<em>``/``<strong>`` in the rare cases where delimiters could
not express it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from reply_i18n.model import Cell, Edition, Row
from reply_i18n.publish.render.inline import (
    STRONG_KINDS,
    Run,
    banners,
    coverage_summary,
    draft,
    heading_level,
    lines,
    merge,
    nest,
    parse_inline,
    previous_label,
    printable,
    shared,
    status_tag,
    title,
)
from reply_i18n.publish.render.tables import TableRows, grouped

_INLINE_SPECIALS = re.compile(r"([\\`*_\[<|~$])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BLOCK_START = re.compile(r"^(#|>|-|\+|=|\d{1,9}(?=[.)]))")
_MARKERS = {"bold": "**", "italic": "*"}
_HTML_TAGS = {"bold": "strong", "italic": "em"}


def render(edition: Edition) -> bytes:
    """The edition as UTF-8 Markdown."""
    blocks = [*_front(edition)]
    if len(edition.languages) > 1:
        blocks.extend(_aligned(edition))
    else:
        blocks.extend(_document(edition))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _front(edition: Edition) -> Iterator[str]:
    """The symbol, the edition's title; in a draft, the coverage and the banner."""
    yield f"# {_escape(edition.symbol, line_start=True)}"
    heading = _escape(" · ".join(text for _lang, text in title(edition)))
    if draft(edition):
        heading += f"\\\n{_escape(coverage_summary(edition, edition.languages[0]))}"
    yield heading
    for _lang, banner in banners(edition):
        yield f"> **{_escape(banner)}**"
    yield "---"


# --- aligned editions ----------------------------------------------------------------------


def _aligned(edition: Edition) -> Iterator[str]:
    for row in grouped(edition.shown):
        if isinstance(row, TableRows):
            for n, lang in enumerate(edition.languages):
                yield f"`{lang}`"
                yield _grid(row, n, lang)
            continue
        if shared(row):
            yield _block(row, row.cells[0], row.cells[0].lang)
            continue
        for lang, cell in zip(edition.languages, row.cells, strict=True):
            lead = f"`{lang}`" + (" •" if row.segment.item else "")
            yield _block(row, cell, lang, lead=lead)


# --- monolingual editions ------------------------------------------------------------------


def _document(edition: Edition) -> Iterator[str]:
    """Blocks of a monolingual edition; consecutive bulleted items make one tight list."""
    items: list[str] = []
    lang = edition.languages[0]
    for row in grouped(edition.shown):
        if isinstance(row, TableRows):
            if items:
                yield "\n".join(items)
                items = []
            yield _grid(row, 0, lang)
            continue
        if row.segment.item and not heading_level(row.segment.kind):
            items.append(_block(row, row.cells[0], lang, lead="-", indent="  "))
            continue
        if items:
            yield "\n".join(items)
            items = []
        yield _block(row, row.cells[0], lang)
    if items:
        yield "\n".join(items)


# --- tables ---------------------------------------------------------------------------------


def _grid(table: TableRows, language: int, column: str) -> str:
    """A source table in one language, as a GFM table (its first row as the header)."""
    lines = []
    for n, cells in enumerate(table.grid(language)):
        texts = []
        for item in cells:
            if item is None:
                texts.append("")
                continue
            _row, cell = item
            tag = status_tag(cell, column)
            runs = _strip(parse_inline(printable(cell.text).replace("\n", " ")))
            text = _line(runs, line_start=False)
            texts.append(f"**{tag}** {text}" if tag else text)
        lines.append("| " + " | ".join(texts) + " |")
        if n == 0:
            lines.append("|" + "---|" * len(cells))
    return "\n".join(lines)


# --- one segment in one language -----------------------------------------------------------


def _block(row: Row, cell: Cell, column: str, *, lead: str = "", indent: str = "") -> str:
    """One segment in one language (the column's, ``column``): a heading, or a paragraph
    opened by ``lead``.

    Lines of a paragraph end in a backslash (a hard line break); ``indent`` goes before the
    lines after the first (two spaces keep them inside a list item).  A fuzzy cell ends with
    the translation being revised, on a line of its own.
    """
    runs = _runs(row, cell)
    if cell.status == "fuzzy" and cell.previous:
        old = [r for r in parse_inline(printable(cell.previous)) if r.text]
        runs = [*runs, Run("\n"), Run(f"{previous_label(column)}:", italic=True), Run(" "), *old]
        runs = _strip(merge(runs))
    tag = status_tag(cell, column)
    level = heading_level(row.segment.kind)
    if level:
        flat = merge([r._replace(text=r.text.replace("\n", " ")) for r in runs])
        text = _line(_strip(flat), line_start=False).replace("#", "\\#")
        return " ".join(p for p in ("#" * (level + 1), f"**{tag}**" if tag else "", text) if p)
    opening = " ".join(p for p in (lead, f"**{tag}**" if tag else "") if p)
    first, *rest = _lines(runs, prefixed=bool(opening))
    head = f"{opening} {first}" if opening else first
    return "\\\n".join([head, *(indent + line for line in rest)])


def _runs(row: Row, cell: Cell) -> list[Run]:
    """Runs of a cell's text, bold for strong kinds, behind the segment's label."""
    strong = row.segment.kind in STRONG_KINDS
    runs = parse_inline(printable(cell.text))
    if strong:
        runs = [r._replace(bold=True) for r in runs]
    if row.segment.label:
        runs.insert(0, Run(f"{row.segment.label} ", bold=strong))
    return _strip(runs)  # a blank line at either end would be read as syntax


def _lines(runs: Sequence[Run], *, prefixed: bool = False) -> list[str]:
    """Markdown of ``runs``, one string per line; the first line follows a prefix if asked."""
    return [
        _line(_strip(line), line_start=n > 0 or not prefixed) for n, line in enumerate(lines(runs))
    ]


def _strip(line: list[Run]) -> list[Run]:
    """A line without leading and trailing blanks (which Markdown would read as syntax)."""
    if line:
        line[0] = line[0]._replace(text=line[0].text.lstrip())
        line[-1] = line[-1]._replace(text=line[-1].text.rstrip())
    return merge(line)


def _line(runs: Sequence[Run], *, line_start: bool) -> str:
    """One line of runs with emphasis delimiters, or HTML tags when delimiters would misread."""
    escaped = [
        r._replace(
            text=_escape(r.text, line_start=line_start and not i and not (r.bold or r.italic))
        )
        for i, r in enumerate(runs)
    ]
    text = _markup(escaped, _MARKERS, "{}", "{}")
    if parse_inline(text) == list(runs):
        return text
    return _markup(escaped, _HTML_TAGS, "<{}>", "</{}>")


def _markup(runs: Sequence[Run], names: dict[str, str], opening: str, closing: str) -> str:
    out = []
    for event in nest(runs):
        if event.kind == "text":
            out.append(event.value)
        else:
            out.append((opening if event.kind == "open" else closing).format(names[event.value]))
    return "".join(out)


def _escape(text: str, *, line_start: bool = False) -> str:
    """``text`` with every character Markdown could read as syntax backslash-escaped."""
    text = _ENTITY.sub(r"\\&", _INLINE_SPECIALS.sub(r"\\\1", text))
    if line_start:
        text = _BLOCK_START.sub(_escape_block_marker, text, count=1)
    return text


def _escape_block_marker(match: re.Match[str]) -> str:
    marker = match.group(1)
    return f"{marker}\\" if marker[0].isdigit() else f"\\{marker}"
