"""Tables of a reply in the editions: the cells of one source table are shown as a table, in
every format, monolingual and aligned, with each language's translations in their cells."""

from __future__ import annotations

import datetime
import io
import re

import docx

from reply_i18n.model import Document
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.publish.edition import build_edition
from reply_i18n.publish.render import renderer
from reply_i18n.publish.render.tables import TableRows, grouped
from reply_i18n.source.structure import parse_document

STAMP = datetime.datetime(2020, 6, 30, tzinfo=datetime.UTC)
SOURCE = """OSCE QUESTIONNAIRE ON SMALL ARMS

1. Which measures apply? Mark with X.

| Measure | YES | NO |
|---|---|---|
| End-user certificates | X | |
| Brokering registration | | X |

An answer after the table.

| Second table | A |
| Row | B |
"""


def _doc() -> Document:
    return parse_document(SOURCE, name="t", source="t.txt")


def _catalog(doc: Document) -> Catalog:
    out = {"Measure": "Tədbir", "End-user certificates": "Son istifadəçi sertifikatları"}
    header = Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")
    messages = [
        Message(msgid=s.text, msgctxt=s.id, msgstr=out.get(s.text, s.text))
        for s in doc.translatable()
        if s.text != "Brokering registration"  # left untranslated
    ]
    return Catalog(header=header, messages=messages)


def test_grouped_gathers_the_cells_of_each_table() -> None:
    doc = _doc()
    ed = build_edition(doc, {"az": _catalog(doc)}, ["en", "az"], stamp=STAMP)
    parts = list(grouped(ed.shown))
    tables = [p for p in parts if isinstance(p, TableRows)]
    assert [len(t.rows) for t in tables] == [7, 4]
    grid = tables[0].grid(1)
    assert [[c[1].text if c else None for c in row] for row in grid] == [
        ["Tədbir", "YES", "NO"],
        ["Son istifadəçi sertifikatları", "X", None],
        ["Brokering registration", None, "X"],
    ]
    assert grid[2][0] is not None and grid[2][0][1].status == "missing"


def _cells(html: str) -> list[list[str]]:
    table = html.split('<table class="k-table">')[1].split("</table>")[0]
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        for tr in re.findall(r"<tr>(.*?)</tr>", table)
    ]


def test_html_monolingual_and_aligned() -> None:
    doc = _doc()
    cats = {"az": _catalog(doc)}
    single = renderer("html")(build_edition(doc, cats, ["az"], stamp=STAMP)).decode()
    assert _cells(single)[1] == ["Son istifadəçi sertifikatları", "X", ""]
    # the tag in the reader's language
    assert "[tərcümə edilməmişdir]Brokering registration" in "".join(_cells(single)[2])
    assert single.count('<table class="k-table">') == 2 and "table.k-table" in single
    aligned = renderer("html")(build_edition(doc, cats, ["en", "az"], stamp=STAMP)).decode()
    row = aligned.split('class="row-table">')[1].split('class="row-')[0]
    assert row.count('<table class="k-table">') == 2  # the table in each language
    assert "End-user certificates" in row and "Son istifadəçi sertifikatları" in row


def test_markdown_tables() -> None:
    doc = _doc()
    cats = {"az": _catalog(doc)}
    single = renderer("md")(build_edition(doc, cats, ["az"], stamp=STAMP)).decode()
    assert (
        "| Tədbir | YES | NO |\n|---|---|---|\n| Son istifadəçi sertifikatları | X |  |" in single
    )
    assert "| **[tərcümə edilməmişdir]** Brokering registration |  | X |" in single
    aligned = renderer("md")(build_edition(doc, cats, ["en", "az"], stamp=STAMP)).decode()
    assert "`en`\n\n| Measure | YES | NO |" in aligned
    assert "`az`\n\n| Tədbir | YES | NO |" in aligned


def _texts(table: object) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]  # type: ignore[attr-defined]


def test_word_tables() -> None:
    doc = _doc()
    cats = {"az": _catalog(doc)}
    single = docx.Document(
        io.BytesIO(renderer("docx")(build_edition(doc, cats, ["az"], stamp=STAMP)))
    )
    assert _texts(single.tables[0])[1] == ["Son istifadəçi sertifikatları", "X", ""]
    assert len(single.tables) == 2
    aligned = renderer("docx")(build_edition(doc, cats, ["en", "az"], stamp=STAMP))
    outer = docx.Document(io.BytesIO(aligned)).tables[0]
    nested = [(tc.tables, tc.text) for r in outer.rows for tc in r.cells if tc.tables]
    assert len(nested) == 4  # two tables, each in both languages
    assert _texts(nested[0][0][0])[1] == ["End-user certificates", "X", ""]
    assert _texts(nested[1][0][0])[1] == ["Son istifadəçi sertifikatları", "X", ""]
