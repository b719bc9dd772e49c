"""HTML: one self-contained page per edition.

Aligned editions (two languages or more) are a table with one column per language and one row
per segment, so that a paragraph and its translations start side by side; a segment carried
verbatim and the same in every language (symbol, letterhead, address) spans the columns once.
On a narrow screen the table falls apart into blocks, segment by segment, each cell labelled
with its language.
A monolingual edition is the reply as a document: front matter, titles as headings, numbered
questions, answers as paragraphs.

The stylesheet is inline and asks for nothing from the network (system fonts only); the print
rules set A4, landscape for trilingual editions, with the document symbol at the head of each
page and page numbers at its foot.  The fonts named first, DejaVu Serif and DejaVu Sans, have
every letter of the configured languages, Azerbaijani ``ə``/``Ə`` included, which Liberation
and some versions of Times New Roman lack.  The same page, with WeasyPrint's paged media, is
the PDF edition (:mod:`.pdf`).

Every word the edition adds is in the reader's language (:mod:`reply_i18n.publish.chrome`); a
final edition shows no coverage figures and no tool name, a draft a banner in each language of
the edition.  A fuzzy cell shows the new English with the words that changed since the old
translation marked (``<ins>``/``<del>``), and the old translation below it.  Every text is
escaped before markup is added, so a translation can never inject markup.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from html import escape

from reply_i18n import __version__
from reply_i18n.model import Cell, Edition, Row
from reply_i18n.publish import chrome
from reply_i18n.publish.render.inline import (
    Run,
    banners,
    draft,
    heading_level,
    language_names,
    lines,
    nest,
    parse_inline,
    percent,
    plain,
    previous_label,
    printable,
    shared,
    status_tag,
    title,
)
from reply_i18n.publish.render.tables import TableRows, grouped
from reply_i18n.publish.render.wordiff import word_diff

_TAGS = {"bold": "strong", "italic": "em"}

_CSS = """
:root {
  --ink: #1b1f24; --muted: #5d6671; --rule: #cfd5dc; --hair: #e6e9ed;
  --accent: #1d3557; --shade: #f2f4f7; --paper: #ffffff; --desk: #e9ecf0;
  --warn: #fff1c2; --warn-ink: #6b4500; --warn-tag: #f5c542;
  --serif: "DejaVu Serif", "Noto Serif", "Cambria", "Times New Roman", serif;
  --sans: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--desk); color: var(--ink);
  font: 16px/1.5 var(--serif); font-kerning: normal;
}
.page {
  max-width: 46rem; margin: 2.5rem auto; padding: 3.5rem 4rem 4rem;
  background: var(--paper); box-shadow: 0 1px 3px rgba(0, 0, 0, .12), 0 8px 24px rgba(0, 0, 0, .06);
}
.aligned .page { max-width: 84rem; padding: 3rem 3rem 3.5rem; }
.masthead {
  display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between;
  gap: .5rem 2rem; padding-bottom: .9rem; margin-bottom: 1.6rem;
  border-bottom: 2px solid var(--accent);
}
.masthead h1 {
  margin: 0; font: 700 1.45rem/1.2 var(--sans); letter-spacing: .04em; color: var(--accent);
}
.masthead .edition-of {
  margin: .25rem 0 0; font: .8rem/1.3 var(--sans); letter-spacing: .04em; color: var(--muted);
}
.coverage { display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; margin: 0; font: .8rem var(--sans); }
.coverage div { display: flex; gap: .4rem; }
.coverage dt { color: var(--muted); white-space: nowrap; }
.coverage dd { margin: 0; font-weight: 700; font-variant-numeric: tabular-nums; }
.coverage .gap dd { color: var(--warn-ink); }
.banner {
  margin: 0 0 1.6rem; padding: .7rem 1rem; border-left: 4px solid var(--warn-tag);
  background: var(--warn); color: var(--warn-ink); font: .9rem/1.45 var(--sans);
}
.banner p { margin: 0; }
.banner p + p { margin-top: .35rem; }
p, ul { margin: 0 0 .75rem; }
ul { padding-left: 1.4rem; }
h2, h3, h4 { margin: 0 0 .6rem; line-height: 1.3; }
h2 {
  margin-top: 2.2rem; font: 700 1.05rem/1.35 var(--sans); letter-spacing: .05em;
  text-align: center; color: var(--accent);
}
h3 { margin-top: 1.6rem; font: 700 1rem/1.35 var(--sans); letter-spacing: .03em; }
h4 { margin-top: 1rem; font-size: 1rem; font-style: italic; font-weight: 400; }
.k-question { font-weight: 700; }
.label {
  font-weight: 700; color: var(--accent); margin-right: .3em; font-variant-numeric: tabular-nums;
}
.k-answer, .k-note, .k-paragraph { hyphens: auto; }
.k-distribution { font-size: .8rem; color: var(--muted); }
.k-symbol, .k-date, .k-language { text-align: right; margin-bottom: 0; }
.k-symbol { font-weight: 700; }
.k-language { margin-top: .75rem; font-weight: 700; }
.k-letterhead {
  margin: 1.4rem 0 .3rem; text-align: center; font: 700 .85rem/1.4 var(--sans);
  letter-spacing: .08em; color: var(--accent);
}
.k-address {
  text-align: center; font-size: .75rem; color: var(--muted);
  padding-bottom: .6rem; border-bottom: 1px solid var(--rule);
}
.k-note-number { margin-top: 1.2rem; }
.k-signed { margin-top: 1.2rem; }
.k-addressee { margin-bottom: 0; font-weight: 700; }
.tag {
  display: inline-block; margin-right: .4em; padding: 0 .35em; border-radius: 3px;
  background: var(--warn-tag); color: #3d2800; font: 700 .7rem/1.5 var(--sans);
  letter-spacing: .03em; vertical-align: .1em;
}
.single .missing, .single .fuzzy { background: var(--warn); padding: .2rem .4rem; }
ins { background: #c8f0d0; color: #0b3d17; text-decoration: none; }
del { background: #f7d4d4; color: #5c1010; }
.previous {
  display: block; margin-top: .4rem; padding-left: .6rem; border-left: 3px solid var(--warn-tag);
  font-weight: 400; font-style: normal; color: var(--muted);
}
.previous-label { font: 700 .75em var(--sans); letter-spacing: .03em; }
table.edition { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.edition th {
  padding: 0 1rem .55rem; text-align: left; vertical-align: bottom;
  font: 700 .8rem/1.2 var(--sans); letter-spacing: .04em;
  color: var(--accent); border-bottom: 2px solid var(--accent);
}
table.edition td {
  padding: .6rem 1rem; vertical-align: top; overflow-wrap: break-word;
  border-bottom: 1px solid var(--hair);
}
table.edition td > :last-child { margin-bottom: 0; }
table.edition th + th, table.edition td + td { border-left: 1px solid var(--rule); }
table.edition h2, table.edition h3, table.edition h4 { margin-top: .2rem; }
table.edition h2 { text-align: left; }
table.edition .k-symbol, table.edition .k-date, table.edition .k-language { text-align: left; }
table.edition .k-language, table.edition .k-note-number, table.edition .k-signed,
table.edition .k-letterhead { margin-top: 0; }
table.edition .k-address { border-bottom: 0; }
tr.row-title td { padding-top: 1.6rem; border-bottom: 1px solid var(--rule); }
tr.row-part td { padding-top: 1.2rem; }
tr.row-question td { background: var(--shade); }
table.edition td.missing, table.edition td.fuzzy { background: var(--warn); }
.colophon {
  margin-top: 2.5rem; padding-top: .6rem; border-top: 1px solid var(--rule);
  font: .72rem var(--sans); color: var(--muted);
}
@media (max-width: 700px) {
  body { font-size: 15px; }
  .page, .aligned .page { margin: 0; padding: 1.25rem 1rem 2rem; box-shadow: none; }
  table.edition, table.edition tbody, table.edition tr, table.edition td {
    display: block; width: auto;
  }
  table.edition thead { display: none; }
  table.edition tr { padding: .4rem 0; border-bottom: 2px solid var(--rule); }
  table.edition td, table.edition td + td { border: 0; padding: .35rem 0; }
  table.edition tr.row-title td { padding-top: .35rem; }
  table.edition td[data-column]::before {
    content: attr(data-column); display: block; margin-bottom: .15rem;
    font: 700 .65rem/1.2 var(--sans); letter-spacing: .04em; color: var(--muted);
  }
}
@media print {
  body { background: none; font-size: 10pt; line-height: 1.4; }
  .page, .aligned .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  body.aligned { font-size: 9pt; }
  body.landscape { font-size: 8.5pt; }
  table.edition thead { display: table-header-group; }
  table.edition td { padding: .45rem .7rem; }
  p { orphans: 3; widows: 3; }
  tr { break-inside: avoid; }
  tr.row-title, tr.row-part, tr.row-condition, tr.row-question, h2, h3, h4 { break-after: avoid; }
  .tag, .banner, td.missing, td.fuzzy, tr.row-question td, ins, del {
    -webkit-print-color-adjust: exact;
  }
}
"""


def render(edition: Edition) -> bytes:
    """The edition as a UTF-8 HTML5 page."""
    return "\n".join(_page(edition)).encode("utf-8") + b"\n"


def _page(edition: Edition) -> Iterator[str]:
    aligned = len(edition.languages) > 1
    names = language_names(edition)
    body_class = ("aligned" if aligned else "single") + (" landscape" if edition.landscape else "")
    yield "<!DOCTYPE html>"
    yield f'<html lang="{_attr(edition.languages[0])}">'
    yield "<head>"
    yield '<meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    if draft(edition):
        yield f'<meta name="generator" content="reply-i18n {_attr(__version__)}">'
    yield f'<meta name="dcterms.created" content="{_attr(_w3c(edition))}">'
    yield f"<title>{_text(edition.symbol)} — {_text(' · '.join(names.values()))}</title>"
    yield f"<style>{_stylesheet(edition)}</style>"
    yield "</head>"
    yield f'<body class="{body_class}">'
    yield '<div class="page">'
    yield from _masthead(edition)
    yield f'<main lang="{_attr(edition.languages[0])}">'
    yield from (_table(edition) if aligned else _document(edition))
    yield "</main>"
    if draft(edition):
        yield (
            f'<footer class="colophon" translate="no">{_text(edition.symbol)} · '
            f"{_text(edition.stem)} · reply-i18n {_text(__version__)}</footer>"
        )
    yield "</div>"
    yield "</body>"
    yield "</html>"


def _w3c(edition: Edition) -> str:
    """The build stamp in the W3C date form of ``dcterms.created`` (UTC)."""
    stamp = edition.stamp
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(datetime.UTC).replace(tzinfo=None)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: quotes, backslashes and line breaks escaped."""
    out = []
    for ch in printable(text):
        if ch in '"\\' or ch == "\n" or ord(ch) < 0x20 or ch == "<":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def page_number(edition: Edition) -> str:
    """CSS ``content`` of the page number: ``2 / 20`` in an aligned edition, the page's
    words in the reader's language in a monolingual one ("Səhifə 2 / 20")."""
    if len(edition.languages) > 1:
        return 'counter(page) " / " counter(pages)'
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(
        counters.get(part, css_string(part)) for part in chrome.page_parts(edition.languages[0])
    )


#: Rules for the tables of a reply, added only to editions that have one.
_TABLE_CSS = """table.k-table { width: 100%; margin: 0 0 .9rem; border-collapse: collapse; }
table.k-table td {
  padding: .25rem .45rem; border: 1px solid var(--rule); vertical-align: top;
  overflow-wrap: anywhere; font-size: .92em;
}
table.k-table tr:first-child td { background: var(--shade); font-weight: 700; }
table.k-table td.missing, table.k-table td.fuzzy { background: var(--warn); }
"""


def _stylesheet(edition: Edition) -> str:
    size = "A4 landscape" if edition.landscape else "A4"
    box = "font: 8pt var(--sans); color: var(--muted);"
    tables = _TABLE_CSS if any(r.segment.cell is not None for r in edition.rows) else ""
    return (
        f"{_CSS}{tables}@page {{ size: {size}; margin: 18mm 16mm 20mm;\n"
        f"  @top-right {{ content: {css_string(edition.symbol)}; {box} }}\n"
        f"  @bottom-center {{ content: {page_number(edition)}; {box} }}\n}}\n"
    )


def _masthead(edition: Edition) -> Iterator[str]:
    yield '<header class="masthead">'
    yield "<div>"
    yield f"<h1>{_text(edition.symbol)}</h1>"
    yield (
        '<p class="edition-of">'
        + " · ".join(f'<span lang="{_attr(k)}">{_text(v)}</span>' for k, v in title(edition))
        + "</p>"
    )
    yield "</div>"
    if draft(edition):
        reader = edition.languages[0]
        yield '<dl class="coverage">'
        for cov in edition.coverage:
            cls = ' class="gap"' if cov.missing else ""
            yield (
                f'<div{cls}><dt lang="{_attr(cov.lang)}">{_text(cov.name)}</dt>'
                f'<dd lang="{_attr(reader)}">{_text(percent(cov, reader))}</dd></div>'
            )
        yield "</dl>"
    yield "</header>"
    lines_ = banners(edition)
    if lines_:
        yield '<div class="banner" role="note">'
        for lang, text in lines_:
            yield f'<p lang="{_attr(lang)}">{_text(text)}</p>'
        yield "</div>"


# --- aligned editions ----------------------------------------------------------------------


def _table(edition: Edition) -> Iterator[str]:
    names = language_names(edition)
    yield '<table class="edition">'
    yield "<thead><tr>"
    for lang, name in names.items():
        yield f'<th scope="col" lang="{_attr(lang)}">{_text(name)}</th>'
    yield "</tr></thead>"
    yield "<tbody>"
    for row in grouped(edition.shown):
        if isinstance(row, TableRows):
            yield f'<tr id="{_attr(row.first.segment.id)}" class="row-table">'
            for n, lang in enumerate(edition.languages):
                yield f'<td lang="{_attr(lang)}" data-column="{_attr(names[lang])}">'
                yield from _grid(row, n, lang, standalone=False)
                yield "</td>"
            yield "</tr>"
            continue
        yield f'<tr id="{_attr(row.segment.id)}" class="row-{_attr(row.segment.kind)}">'
        if shared(row):
            cell = row.cells[0]
            yield (
                f'<td lang="{_attr(cell.lang)}" class="shared" colspan="{len(row.cells)}">'
                f"{_block(row, cell, cell.lang)}</td>"
            )
            yield "</tr>"
            continue
        for n, (lang, cell) in enumerate(zip(edition.languages, row.cells, strict=True)):
            status = f' class="{cell.status}"' if status_tag(cell, lang) else ""
            yield (
                f'<td lang="{_attr(cell.lang)}"{status} data-column="{_attr(names[lang])}">'
                f"{_block(row, cell, lang, bookmark=not n)}</td>"
            )
        yield "</tr>"
    yield "</tbody>"
    yield "</table>"


# --- monolingual editions ------------------------------------------------------------------


def _document(edition: Edition) -> Iterator[str]:
    """Blocks of a monolingual edition; consecutive list items share one list."""
    in_list = False
    lang = edition.languages[0]
    for row in grouped(edition.shown):
        if isinstance(row, TableRows):
            if in_list:
                yield "</ul>"
                in_list = False
            yield from _grid(row, 0, lang, standalone=True)
            continue
        cell = row.cells[0]
        item = row.segment.item and not heading_level(row.segment.kind)
        if in_list and not item:
            yield "</ul>"
        elif item and not in_list:
            yield f'<ul class="k-{_attr(row.segment.kind)}">'
        in_list = item
        yield _block(row, cell, lang, standalone=True, bookmark=True)
    if in_list:
        yield "</ul>"


# --- tables ---------------------------------------------------------------------------------


def _grid(table: TableRows, language: int, column: str, *, standalone: bool) -> Iterator[str]:
    """A source table in one language (the ``language``-th, shown in ``column``), as an HTML
    table."""
    yield '<table class="k-table">'
    for cells in table.grid(language):
        yield "<tr>" + "".join(_grid_cell(c, column, standalone) for c in cells) + "</tr>"
    yield "</table>"


def _grid_cell(item: tuple[Row, Cell] | None, column: str, standalone: bool) -> str:
    if item is None:
        return "<td></td>"
    row, cell = item
    attrs = f' id="{_attr(row.segment.id)}" lang="{_attr(cell.lang)}"' if standalone else ""
    status = f' class="{cell.status}"' if status_tag(cell, column) else ""
    return f"<td{attrs}{status}>{_content(row, cell, column)}</td>"


# --- one segment in one language -----------------------------------------------------------

#: Longest bookmark label of a question, in characters.
BOOKMARK_LENGTH = 72


def _block(
    row: Row, cell: Cell, column: str, *, standalone: bool = False, bookmark: bool = False
) -> str:
    """The element showing ``cell`` in the column of language ``column``: a heading, a list
    item or a paragraph."""
    seg = row.segment
    level = heading_level(seg.kind)
    attrs = f' class="{_classes(row, cell, column, standalone)}"'
    if standalone:
        attrs = f' id="{_attr(seg.id)}" lang="{_attr(cell.lang)}"' + attrs
    if bookmark and seg.kind == "question":
        attrs += f' data-bookmark="{_attr(_bookmark(seg.label, cell.text))}"'
    content = _content(row, cell, column)
    if level:
        tag = f"h{level + 1}"
        return f"<{tag}{attrs}>{content}</{tag}>"
    if seg.item:
        return f"<li{attrs}>{content}</li>" if standalone else f"<ul><li{attrs}>{content}</li></ul>"
    return f"<p{attrs}>{content}</p>"


def _bookmark(label: str, text: str) -> str:
    """A short outline entry for a question: its number and first words."""
    words = " ".join(plain(parse_inline(printable(text))).split())
    if len(words) > BOOKMARK_LENGTH:
        words = words[: BOOKMARK_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return f"{label} {words}" if label else words


def _classes(row: Row, cell: Cell, column: str, standalone: bool) -> str:
    classes = [f"k-{row.segment.kind}"]
    if standalone and status_tag(cell, column):
        classes.append(cell.status)
    return " ".join(_attr(c) for c in classes)


def _content(row: Row, cell: Cell, column: str) -> str:
    parts = []
    tag = status_tag(cell, column)
    if tag:
        parts.append(f'<span class="tag" lang="{_attr(column)}">{_text(tag)}</span>')
    if row.segment.label:
        parts.append(f'<span class="label">{_text(row.segment.label)}</span> ')
    if cell.status == "fuzzy" and cell.previous_source and cell.previous_source != cell.text:
        parts.append(_changes(cell.previous_source, cell.text))
    else:
        parts.append(_inline(parse_inline(printable(cell.text))))
    if cell.status == "fuzzy" and cell.previous:
        parts.append(
            f'<span class="previous" lang="{_attr(column)}">'
            f'<span class="previous-label">{_text(previous_label(column))}:</span> '
            f"{_inline(parse_inline(printable(cell.previous)))}</span>"
        )
    return "".join(parts)


def _changes(old: str, new: str) -> str:
    """The plain text of ``new`` with the words not in ``old`` in ``<ins>`` and the words
    gone from it in ``<del>``."""
    before = plain(parse_inline(printable(old)))
    after = plain(parse_inline(printable(new)))
    out = []
    for piece in word_diff(before, after):
        text = _text(piece.text).replace("\n", "<br>")
        if piece.kind == "same":
            out.append(text)
        else:
            tag = "ins" if piece.kind == "new" else "del"
            out.append(f"<{tag}>{text}</{tag}>")
    return "".join(out)


def _inline(runs: Sequence[Run]) -> str:
    """Escaped text of ``runs`` with ``<strong>``/``<em>`` and ``<br>`` for line breaks."""
    out: list[str] = []
    for n, line in enumerate(lines(runs)):
        if n:
            out.append("<br>")
        for event in nest(line):
            if event.kind == "text":
                out.append(_text(event.value))
            else:
                slash = "/" if event.kind == "close" else ""
                out.append(f"<{slash}{_TAGS[event.value]}>")
    return "".join(out)


def _text(text: str) -> str:
    return escape(printable(text), quote=False)


def _attr(text: str) -> str:
    return escape(printable(text), quote=True)
