"""PDFs made by WeasyPrint, read back: a producer that draws in CSS pixels (a ``0.75``
scale in the page's matrix), sets paragraphs apart by margins without a first-line
indent, and draws the borders of separate table cells as filled frames.

The PDFs are made inside the tests from a few lines of HTML, so that what is asserted is
what the HTML says: each ``<p>`` one block, each ``<td>`` one cell.  A few one-line PDFs
written by hand check the type size against the ways a producer may scale it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reply_i18n.model import Document
from reply_i18n.source.blocks import Block, CellRef
from reply_i18n.source.pagelayout import SIDE_BY_SIDE, TWO_COLUMNS, Subpath, path_rules
from reply_i18n.source.pdf import read_pdf
from reply_i18n.source.read import read_blocks
from reply_i18n.source.structure import parse_blocks


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango or its libraries missing
        pytest.skip(f"WeasyPrint cannot be imported: {exc}")
    return weasyprint


def make_pdf(body: str, *, css: str = "", hints: bool = False) -> bytes:
    """A PDF of ``body`` (HTML) set in DejaVu Serif by WeasyPrint; ``hints``: honour HTML
    presentational attributes (``<table border=1>``)."""
    weasyprint = _weasyprint()
    page = f"<style>body {{ font-family: DejaVu Serif }} {css}</style><body>{body}</body>"
    data: bytes = weasyprint.HTML(string=page).write_pdf(presentational_hints=hints)
    return data


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


REPLY = [
    "FSC.EMI/45/26",
    "12 March 2026",
    "ENGLISH only",
    "PERMANENT MISSION<br>OF THE REPUBLIC OF EXAMPLIA<br>TO THE OSCE",
    "No. EX/0012/26",
    "The Permanent Mission of the Republic of Examplia to the OSCE presents its compliments "
    "to the Permanent Missions and Delegations of the OSCE participating States and has the "
    "honour to transmit herewith the reply of the Republic of Examplia to the Questionnaire "
    "on Anti-Personnel Landmines.",
    "The Permanent Mission of the Republic of Examplia to the OSCE avails itself of this "
    "opportunity to renew the assurances of its highest consideration.",
    "Vienna, 11 March 2026",
    "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES",
    "Part I",
    "<b>1. Is your country a State Party to the 1996 Amended Protocol II?</b>",
    "Yes. Examplia ratified the Amended Protocol II on 3 June 2004.",
    "<b>2. Please attach the most recent annual report submitted by your country.</b>",
    "The report was submitted on 15 January 2026 and is available online.",
    "<b>3. What measures have been taken to prevent the indiscriminate use of mines?</b>",
    "Examplia trains its armed forces in international humanitarian law every year.",
    "Specific regulations prohibit the use of mines near civilian objects.",
    "The national mine action centre cleared 1,250 hectares in 2025.",
    "Part II",
    "<b>4. Does your country have the capacity to assist others in mine action?</b>",
    "Examplia has assisted two neighbouring countries with technical surveys.",
]


def parse(data: bytes) -> Document:
    blocks, _ = read_blocks(data, suffix=".pdf", source="reply.pdf")
    return parse_blocks(blocks, name="reply", source="reply.pdf")


@pytest.fixture(scope="module")
def reply() -> Document:
    return parse(make_pdf(paragraphs(*REPLY)))


@pytest.mark.parametrize(
    "css",
    ["", "p { margin: 0 0 0.5em; text-indent: 2em }"],
    ids=["margins", "margins-and-indents"],
)
def test_each_paragraph_is_a_block_of_its_own(css: str) -> None:
    """Paragraphs set apart by margins stay apart, however short; the lines of one
    paragraph (and the lines of a <br>) stay together, a numbered question whose first
    line is indented too."""
    blocks, notes = read_pdf(make_pdf(paragraphs(*REPLY), css=css), source="reply.pdf")
    assert [b.text for b in blocks] == [
        " ".join(p.replace("<br>", " ").replace("<b>", "**").replace("</b>", "**").split())
        for p in REPLY
    ]
    assert notes == []


def test_the_size_printed_is_read_through_the_page_matrix() -> None:
    """WeasyPrint sets 16 (CSS pixels) in ``Tf`` and scales the page by 0.75: 12 points."""
    blocks, _ = read_pdf(make_pdf(paragraphs("Twelve points.")), source="x.pdf")
    assert blocks[0].meta["size"] == "12"


def _one_line_pdf(content: bytes) -> bytes:
    """A one-page PDF drawing ``content`` (a content stream) with Helvetica as /F1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize(
    "content",
    [
        b"BT /F1 12 Tf 72 700 Td (Hello world.) Tj ET",
        b"BT /F1 1 Tf 12 0 0 12 72 700 Tm (Hello world.) Tj ET",
        b"q 2 0 0 2 0 0 cm BT /F1 6 Tf 36 350 Td (Hello world.) Tj ET Q",
        b"BT /F1 24 Tf 0.5 0 0 0.5 72 700 Tm (Hello world.) Tj ET",
    ],
    ids=["Tf", "Tm", "cm", "Tf-and-Tm"],
)
def test_the_size_is_the_one_printed_however_the_producer_scales_it(content: bytes) -> None:
    blocks, _ = read_pdf(_one_line_pdf(content), source="x.pdf")
    assert [(b.text, b.meta["size"]) for b in blocks] == [("Hello world.", "12")]


def test_the_front_matter_and_the_questionnaire_are_recognised(reply: Document) -> None:
    kinds = {s.id: s.kind for s in reply.segments}
    assert list(kinds.items())[:10] == [
        ("front.symbol", "symbol"),
        ("front.date", "date"),
        ("front.language", "language"),
        ("front.letterhead.1", "letterhead"),
        ("front.note-number", "note-number"),
        ("front.note.opening", "note"),
        ("front.note.closing", "note"),
        ("front.place", "place"),
        ("front.signed", "signed"),
        ("apm.title", "title"),
    ]
    assert [q.key for q in reply.questionnaires] == ["apm"]
    assert [i for i in kinds if i.endswith(".question")] == [
        "apm.part1.q1.question",
        "apm.part1.q2.question",
        "apm.part1.q3.question",
        "apm.part2.q4.question",
    ]
    answers = [s.text for s in reply.segments if s.question == "3" and s.kind == "answer"]
    assert answers == REPLY[15:18]
    assert reply.warnings == ()


def test_the_reply_reads_as_its_text(reply: Document, tmp_path: Path) -> None:
    """The same reply as plain text (a paragraph a block, blank lines between) gives the
    same segments."""
    text = "\n\n".join(
        p.replace("<br>", "\n").replace("<b>", "**").replace("</b>", "**") for p in REPLY
    )
    blocks, _ = read_blocks(text.encode(), suffix=".txt", source="reply.txt")
    plain = parse_blocks(blocks, name="reply", source="reply.txt")
    assert [(s.id, s.kind, s.text) for s in reply.segments] == [
        (s.id, s.kind, s.text) for s in plain.segments
    ]


@pytest.mark.parametrize("width", ["300pt", "360pt"], ids=["at-a-space", "at-the-hyphen"])
def test_a_title_in_the_body_type_wrapped_over_two_lines_opens_the_questionnaire(
    width: str,
) -> None:
    """A large type (18 pt) for the whole reply: the bold title, no larger than the body,
    wraps; it is still the questionnaire's title, whether the line broke at a space or
    after the hyphen of "ANTI-PERSONNEL"."""
    body = paragraphs(
        "<b>OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES</b>",
        "<b>Part I</b>",
        "<b>1. Is your country a State Party to the Convention?</b>",
        "Yes. The Convention entered into force for our country on 1 March 2004.",
    )
    css = "body { font-size: 18pt } p { margin: 0 0 10pt }"
    doc = parse(make_pdf(f'<div style="width: {width}">{body}</div>', css=css))
    assert [(s.id, s.kind) for s in doc.segments] == [
        ("apm.title", "title"),
        ("apm.part1.heading", "part"),
        ("apm.part1.q1.question", "question"),
        ("apm.part1.q1.answer.yes-the-convention-entered", "answer"),
    ]
    assert doc.segments[0].text == "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES"


# --- ruled tables --------------------------------------------------------------------------

TABLE = (
    "<p>Examplia has joined these treaties.</p><table{attr}>"
    "<tr><td>Treaty</td><td>Signature</td><td>Ratification</td></tr>"
    "<tr><td>Ottawa Convention</td><td>3 December 1997</td><td>12 May 1999</td></tr></table>"
    "<p>No other treaty applies.</p>"
)
CELLS = [
    "Treaty",
    "Signature",
    "Ratification",
    "Ottawa Convention",
    "3 December 1997",
    "12 May 1999",
]


def _cells(blocks: list[Block]) -> list[tuple[CellRef | None, str]]:
    return [(b.cell, b.text) for b in blocks]


@pytest.mark.parametrize(
    ("attr", "css", "hints"),
    [
        # separate borders of one colour: each cell's frame one filled path (re re f*)
        ("", "td { border: 1px solid black }", False),
        # the HTML attribute: outset borders, each side a path of its own colour
        (" border=1", "", True),
        # the same drawn in a transparency group (a form XObject), moved by a transform
        (
            "",
            "td { border: 1px solid black } table { opacity: 0.9; transform: translate(30px) }",
            False,
        ),
        # collapsed borders: stroked lines; the same in a form XObject
        ("", "table { border-collapse: collapse } td { border: 0.5pt solid black }", False),
        (
            "",
            "table { border-collapse: collapse; opacity: 0.9; transform: translate(30px) } "
            "td { border: 0.5pt solid black }",
            False,
        ),
    ],
    ids=["separate", "html-border", "in-a-form", "collapsed", "collapsed-in-a-form"],
)
def test_a_bordered_table_gives_its_cells_in_row_order(attr: str, css: str, hints: bool) -> None:
    blocks, _ = read_pdf(make_pdf(TABLE.format(attr=attr), css=css, hints=hints), source="t.pdf")
    assert _cells(blocks) == [
        (None, "Examplia has joined these treaties."),
        *[(CellRef(0, i // 3, i % 3), text) for i, text in enumerate(CELLS)],
        (None, "No other treaty applies."),
    ]
    assert [b.warnings for b in blocks] == [[]] * 8


def test_a_table_without_borders_is_no_table_but_keeps_its_order_and_is_warned_about() -> None:
    """Without rules, text set in columns is not taken for a table (see pagelayout): the
    second row, printed as one line below the three headings, goes on none of them, and
    the reader says that it saw three pieces side by side."""
    blocks, _ = read_pdf(make_pdf(TABLE.format(attr="")), source="t.pdf")
    assert _cells(blocks) == [
        (None, "Examplia has joined these treaties."),
        (None, "Treaty"),
        (None, "Signature"),
        (None, "Ratification"),
        (None, "Ottawa Convention 3 December 1997 12 May 1999"),
        (None, "No other treaty applies."),
    ]
    assert [(w.line, w.message) for b in blocks for w in b.warnings] == [
        (
            2,
            "3 pieces of text printed side by side without rules (a table without borders?): "
            "each is read as a paragraph of its own, left to right; check them, or give the "
            "table borders",
        )
    ]


def test_a_table_broken_between_rows_by_a_page_goes_on_on_the_next_page() -> None:
    """The table's second row is put on the next page: the same columns, nothing between
    the two parts, so one table whose rows go on; a table after a paragraph on the next
    page is a table of its own."""
    broken = TABLE.format(attr="").replace(
        "<tr><td>Ottawa", '<tr style="break-before: page"><td>Ottawa'
    )
    css = "table { border-collapse: collapse } td { border: 0.5pt solid black }"
    blocks, _ = read_pdf(make_pdf(broken + TABLE.format(attr=""), css=css), source="t.pdf")
    cells = [(b.cell, b.page) for b in blocks if b.cell is not None]
    assert cells[:6] == [(CellRef(0, i // 3, i % 3), 1 + i // 3) for i in range(6)]
    assert cells[6:] == [(CellRef(1, i // 3, i % 3), 2) for i in range(6)]
    assert _cells(blocks)[:7] == [
        (None, "Examplia has joined these treaties."),
        *[(CellRef(0, i // 3, i % 3), text) for i, text in enumerate(CELLS)],
    ]


def test_rows_in_small_letters_broken_between_by_a_page_stay_rows() -> None:
    """Every cell of the row below the break starts in small letters, but none is empty
    where the cell above has text: a new row, not the rest of the one above."""
    rows = [("ministry cooperation", "demining", "adopted"), ("national survey", "war", "in force")]
    table = (
        "<table>"
        + "".join(
            ('<tr style="break-before: page">' if n else "<tr>")
            + "".join(f"<td>{c}</td>" for c in row)
            + "</tr>"
            for n, row in enumerate(rows)
        )
        + "</table>"
    )
    css = "table { border-collapse: collapse } td { border: 0.5pt solid black }"
    blocks, _ = read_pdf(make_pdf(table, css=css), source="t.pdf")
    assert [(b.cell, b.text) for b in blocks] == [
        (CellRef(0, i // 3, i % 3), text) for i, text in enumerate(c for r in rows for c in r)
    ]


def test_a_table_broken_by_a_page_goes_on_below_the_footnotes_of_the_page() -> None:
    """A footnote of two lines stands at the foot of the first page, below the table: the
    table still goes on on the next page."""
    note = (
        '<span class="fn">Each treaty is listed with the dates on which Examplia signed it '
        "and on which the parliament ratified it, as the depositary records them.</span>"
    )
    broken = (
        TABLE.format(attr="")
        .replace("treaties.", f"treaties.{note}")
        .replace("<tr><td>Ottawa", '<tr style="break-before: page"><td>Ottawa')
    )
    css = (
        "table { border-collapse: collapse } td { border: 0.5pt solid black } "
        ".fn { float: footnote }"
    )
    blocks, _ = read_pdf(make_pdf(broken, css=css), source="t.pdf")
    assert [(b.cell, b.page) for b in blocks if b.cell is not None] == [
        (CellRef(0, i // 3, i % 3), 1 + i // 3) for i in range(6)
    ]
    assert [(b.role, b.label, b.page) for b in blocks][-1] == ("footnote", "1", 1)


@pytest.mark.parametrize(
    "css",
    [
        "table { border-collapse: collapse } td { border: 0.5pt solid black }",
        "td { border: 1px solid black }",
    ],
    ids=["collapsed", "separate"],
)
def test_a_row_broken_across_pages_without_a_rule_at_the_break_is_one_row(css: str) -> None:
    """A cell too long for the page's room: WeasyPrint breaks the row and draws no border
    at the break, so the column rules run on past the last horizontal one (and start
    above the first on the next page).  Those open rows are rows; the cell is one cell."""
    long = (
        "The law on anti-personnel mines prohibits their use, stockpiling, production and "
        "transfer, and orders the destruction of all stocks within four years"
    )
    table = (
        "<table><tr><td>Measure</td><td>Year</td></tr>"
        f"<tr><td>{long}</td><td>2004</td></tr>"
        "<tr><td>Decree on stockpile destruction</td><td>2006</td></tr></table>"
    )
    before = paragraphs(
        "Examplia has adopted these measures.", "They are listed below with the year of each."
    )
    page = "@page { size: 240pt 220pt; margin: 20pt } td:first-child { width: 120pt }"
    data = make_pdf(before + table + paragraphs("No other law applies."), css=f"{css} {page}")
    blocks, _ = read_pdf(data, source="t.pdf")
    assert [(b.cell, b.text) for b in blocks if b.cell is not None] == [
        (CellRef(0, 0, 0), "Measure"),
        (CellRef(0, 0, 1), "Year"),
        (CellRef(0, 1, 0), long),
        (CellRef(0, 1, 1), "2004"),
        (CellRef(0, 2, 0), "Decree on stockpile destruction"),
        (CellRef(0, 2, 1), "2006"),
    ]
    assert sorted({b.page for b in blocks}) == [1, 2]


def test_a_word_split_at_a_hyphen_in_a_cell_keeps_it_without_a_space() -> None:
    """A narrow column wraps "anti-personnel" after its hyphen: the cell reads as the body
    does, the hyphen kept (the word is hyphenated elsewhere in the document) and no space
    put after it; a word broken in a cell by the typesetter is made whole."""
    table = (
        "<p>Examplia bans anti-personnel mines and cleared them from its territory.</p>"
        '<table><tr><td style="width: 100px">Law on anti-personnel mines</td>'
        '<td style="width: 62px">Clearing programme</td></tr></table>'
    )
    css = "td { border: 1px solid black } td + td { hyphens: manual }"
    blocks, _ = read_pdf(
        make_pdf(table.replace("Clearing", "Clear&shy;ing"), css=css), source="t.pdf"
    )
    assert _cells(blocks)[1:] == [
        (CellRef(0, 0, 0), "Law on anti-personnel mines"),
        (CellRef(0, 0, 1), "Clearing programme"),
    ]


def test_a_table_without_borders_set_tight_is_taken_apart_at_its_columns() -> None:
    """Cells padded by 3 pt only: "Year" and "Status" stand about two word spaces apart,
    too close to be columns by the gap alone; the same gap before words that start at the
    same place on three lines running is a column's edge.  Each cell is a block, and the
    reader warns as for a table set wide."""
    rows = [
        ("Measure", "Year", "Status"),
        ("Law on anti-personnel mines", "2004", "adopted"),
        ("Decree on stockpile destruction", "2006", "in force"),
    ]
    table = (
        "<table>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        + "</table>"
    )
    body = paragraphs("2. What measures have been taken?") + table + paragraphs("That is all.")
    blocks, _ = read_pdf(make_pdf(body, css="td { padding: 3pt }"), source="t.pdf")
    assert [b.text for b in blocks] == [
        "2. What measures have been taken?",
        *[c for row in rows for c in row],
        "That is all.",
    ]
    assert [(w.line, w.message) for b in blocks for w in b.warnings] == [
        (2, SIDE_BY_SIDE.format(3))
    ]


def test_the_widened_spaces_of_justified_lines_are_no_column_edges() -> None:
    """One word repeated, justified: every line has its words at the same places, after
    spaces widened past half an em, but all the spaces of a line alike; a numbered list
    whose text starts at one place after each label stays a list."""
    words = " ".join(["mission"] * 60) + "."
    items = "".join(
        f'<p style="margin: 0; padding-left: 3em; text-indent: -3em">({n})&emsp;{t}</p>'
        for n, t in [("a", "Training."), ("b", "Clearance."), ("c", "Victim assistance.")]
    )
    body = f'<div style="width: 330pt">{paragraphs(words)}</div>{items}'
    blocks, _ = read_pdf(make_pdf(body, css="p { text-align: justify }"), source="t.pdf")
    assert [b.text for b in blocks] == [
        words,
        "(a) Training.",
        "(b) Clearance.",
        "(c) Victim assistance.",
    ]
    assert [b.warnings for b in blocks] == [[], [], [], []]


def test_a_css_footnote_goes_after_the_body_and_its_call_leaves_the_text() -> None:
    """WeasyPrint's ``float: footnote``: the call is set raised in nearly the text's size
    (the line opened to make room for it), the note at the foot of the page after its
    number in the text's size, with no rule above.  The paragraph stays one, without the
    call; the note is a footnote with its number as the mark, as in other PDFs."""
    note = '<span class="fn">The depositary is the Secretary-General of the United Nations.</span>'
    texts = [
        "<b>3. Has your country destroyed its stockpiles of anti-personnel mines?</b>",
        "Stockpile destruction was completed in 2008. A total of 12,500 anti-personnel mines "
        f"were destroyed, and the final report was submitted to the depositary.{note}",
        "<b>4. Does your country provide assistance to mine victims?</b>",
        "1. Victim assistance is provided through the national health system.",
    ]
    css = "p { margin: 0 0 10pt } .fn { float: footnote }"
    blocks, _ = read_pdf(make_pdf(paragraphs(*texts), css=css), source="t.pdf")
    assert [(b.role, b.label, b.text) for b in blocks] == [
        ("body", "", texts[0].replace("<b>", "**").replace("</b>", "**")),
        ("body", "", texts[1].replace(note, "")),
        ("body", "", texts[2].replace("<b>", "**").replace("</b>", "**")),
        ("body", "", texts[3]),
        ("footnote", "1", "The depositary is the Secretary-General of the United Nations."),
    ]


# --- rules from path shapes (pure) ---------------------------------------------------------


def _rect(x0: float, top: float, x1: float, bottom: float, *, clockwise: bool = True) -> Subpath:
    corners = ((x0, top), (x1, top), (x1, bottom), (x0, bottom))
    return Subpath(corners if clockwise else corners[::-1], closed=True)


def test_a_frame_cut_out_of_a_filled_rectangle_gives_its_four_sides() -> None:
    frame = [_rect(10, 10, 110, 40), _rect(11, 11, 109, 39)]
    rules = path_rules(frame, fill=True, evenodd=True)
    assert sorted(rules) == sorted(
        [(10, 10, 11, 40), (10, 10, 110, 11), (109, 10, 110, 40), (10, 39, 110, 40)]
    )
    # nonzero winding: the inner rectangle drawn the other way round is a hole
    opposite = [_rect(10, 10, 110, 40), _rect(11, 11, 109, 39, clockwise=False)]
    assert len(path_rules(opposite, fill=True)) == 4
    # ... drawn the same way round it is filled: a solid box, no rules
    assert path_rules(frame, fill=True) == []
    # a frame with a side left out (a border on three sides) gives three rules
    open_frame = [_rect(10, 10, 110, 40), _rect(11, 10, 109, 39)]
    assert len(path_rules(open_frame, fill=True, evenodd=True)) == 3


def test_thin_filled_shapes_and_stroked_sides_are_rules_a_filled_area_is_not() -> None:
    assert path_rules([_rect(10, 10, 200, 10.7)], fill=True) == [(10, 10, 200, 10.7)]
    assert path_rules([_rect(10, 10, 200, 60)], fill=True) == []  # a shaded box
    sides = path_rules([_rect(10, 10, 200, 60)], fill=False, stroke=1.0)
    assert sorted(sides) == sorted(
        [(10, 9.5, 200, 10.5), (199.5, 10, 200.5, 60), (10, 59.5, 200, 60.5), (9.5, 10, 10.5, 60)]
    )
    assert path_rules([_rect(10, 10, 200, 60)], fill=False, stroke=4.0) == []  # a thick line
    curve = Subpath(((10, 10), (60, 10), (110, 10), (160, 10)), curved=True)
    assert path_rules([curve], fill=False, stroke=1.0) == []


# --- paragraph breaks ----------------------------------------------------------------------

LONG = (
    "The national mine action centre surveyed the districts along the former front line "
    "and cleared the areas that the survey had marked as dangerous in {}."
)


def test_a_step_wider_than_the_paragraphs_own_line_pitch_breaks_it() -> None:
    """Most of the document is set with double line spacing; a passage set tight, its
    paragraphs a little apart, is not read as one paragraph because its paragraph spacing
    is narrower than the document's usual line pitch."""
    body = paragraphs(*[LONG.format(2010 + i) + " " + LONG.format(2020 + i) for i in range(6)])
    tight = paragraphs(*[LONG.format(1990 + i) for i in range(4)])
    css = "p { line-height: 2; margin: 0 0 1em } div p { line-height: 1.1; margin: 0 0 0.6em }"
    blocks, _ = read_pdf(make_pdf(f"{body}<div>{tight}</div>", css=css), source="x.pdf")
    assert [b.text[-5:] for b in blocks] == [
        f"{y}." for y in [*range(2020, 2026), *range(1990, 1994)]
    ]


def test_a_one_line_paragraph_that_ends_a_sentence_short_ends_without_spacing() -> None:
    texts = [  # the first paragraph's first line shows where the margin is
        "The national mine action centre surveyed the districts along the former front "
        "line, and it cleared the areas marked as dangerous.",
        "Examplia trains its armed forces every year.",
        "Specific regulations apply.",
        "The centre cleared 1,250 hectares.",
    ]
    blocks, _ = read_pdf(make_pdf(paragraphs(*texts), css="p { margin: 0 }"), source="x.pdf")
    assert [b.text for b in blocks] == texts
    assert [b.warnings for b in blocks] == [[], [], [], []]


def test_a_sentence_ending_at_the_margin_without_spacing_is_a_guess_said_as_such() -> None:
    """The second line of the first paragraph reaches the margin and ends a sentence: the
    next paragraph, set without space or indent, cannot be told from a new sentence."""
    texts = [LONG.format(2020), "Specific regulations apply."]
    css = "p { margin: 0 }"
    blocks, _ = read_pdf(make_pdf(paragraphs(*texts), css=css), source="x.pdf")
    assert [b.text for b in blocks] == [" ".join(texts)]
    assert [(w.line, w.message) for w in blocks[0].warnings] == [
        (
            3,
            "paragraph break guessed: the PDF sets its lines evenly, with no space or indent "
            "between paragraphs, and the line before ends a sentence at the margin; the text "
            "is read on as one paragraph: check that a new one does not start here",
        )
    ]
    # the same with paragraph spacing: two paragraphs, nothing guessed
    blocks, _ = read_pdf(make_pdf(paragraphs(*texts)), source="x.pdf")
    assert [b.text for b in blocks] == texts
    assert [b.warnings for b in blocks] == [[], []]


def test_a_paragraph_read_on_after_a_short_line_without_spacing_is_warned_about() -> None:
    """Evenly set lines, no space between paragraphs, no indent: "12 March 2026" and
    "ENGLISH only" may be one paragraph or two; the reader keeps them together and says so,
    at the line where it had to guess."""
    doc = parse(make_pdf(paragraphs(*REPLY), css="p { margin: 0 }"))
    guessed = [w for w in doc.warnings if w.message.startswith("paragraph break guessed")]
    assert [w.line for w in guessed] == [3]
    assert guessed[0].message.endswith(
        "ends short; the text is read on as one paragraph: "
        "check that a new one does not start here (9 more in this paragraph)"
    )


# a page set in two columns is read across them, line by line: the reader says so

_ANSWER = (
    "The national mine action centre coordinates clearance, stockpile destruction and "
    "victim assistance, and reports every year to the parliament on the progress made "
    "in each of the regions concerned."
)
_QUESTIONS = "".join(
    f"<p><b>{n}. What measures has your country taken under article {n}?</b></p>"
    f"<p>{_ANSWER}</p><p>{_ANSWER}</p>"
    for n in range(1, 9)
)


def _messages(blocks: list[Block]) -> list[tuple[int, str]]:
    return [(w.line, w.message) for b in blocks for w in b.warnings]


@pytest.mark.parametrize("copies", [1, 2])
def test_a_page_set_in_two_columns_is_warned_about(copies: int) -> None:
    css = "body { columns: 2; column-gap: 1cm } p { margin: 0 0 8pt 0 }"
    data = make_pdf(_QUESTIONS * copies, css=css)
    blocks, _ = read_pdf(data, source="reply.pdf")
    found = [(line, m) for line, m in _messages(blocks) if "columns" in m]
    # one warning for each full page (1 copy: two pages, the second a few balanced lines)
    assert [m for _, m in found] == [TWO_COLUMNS.format(n) for n in range(1, len(found) + 1)]
    assert len(found) >= copies
    # at the first line read on the page, the first of the document for page 1
    assert found[0][0] == blocks[0].lines[0].number == 1
    assert [line for line, _ in found] == sorted({line for line, _ in found})
    # the reading is left as it was: the text of every question is kept
    assert sum("What measures" in b.text for b in blocks) == 8 * copies
    # the parser reports it with the document's warnings
    assert (1, TWO_COLUMNS.format(1)) in [(w.line, w.message) for w in parse(data).warnings]


def test_the_same_page_in_one_column_is_not_warned_about() -> None:
    data = make_pdf(_QUESTIONS, css="p { margin: 0 0 8pt 0 }")
    blocks, _ = read_pdf(data, source="reply.pdf")
    assert _messages(blocks) == []


_NOTICE = (
    '<div style="display: flex; justify-content: space-between">'
    '<div style="width: 45%; font-size: 9pt">The OSCE Secretariat bears no responsibility '
    "for the content of this document and circulates it without altering its content. The "
    "distribution by OSCE Conference Services of this document is without prejudice to OSCE "
    "decisions, as set out in documents agreed by OSCE participating States.</div>"
    '<div style="width: 30%">FSC.EMI/45/26<br>12 March 2026<br>ENGLISH only</div></div>'
)


def _table(border: str, rows: int, columns: int) -> str:
    cell = "Clearance of the areas along the former front line, by the armed forces"
    return (
        f"<table {border}>" + ("<tr>" + f"<td>{cell}</td>" * columns + "</tr>") * rows + "</table>"
    )


_PROSE_ROWS = _table('style="border-spacing: 12pt 6pt"', 10, 1).replace(
    "</td>", f"</td><td>{_ANSWER}</td>"
)


@pytest.mark.parametrize(
    ("body", "hints"),
    [
        (_NOTICE + paragraphs(*[_ANSWER] * 12), False),
        (_table("border=1", 8, 3) + paragraphs(*[_ANSWER] * 4), True),
        (_table("", 8, 3) + paragraphs(*[_ANSWER] * 4), False),
        (_table("", 12, 2) + paragraphs(*[_ANSWER] * 4), False),
        (_PROSE_ROWS, False),
        (_NOTICE + _table("border=1", 10, 2) + paragraphs(*[_ANSWER] * 4), True),
    ],
    ids=[
        "notice",
        "ruled-3",
        "unruled-3",
        "unruled-2",
        "unruled-2-rows-of-prose",
        "notice-and-ruled-2",
    ],
)
def test_a_table_or_the_notice_beside_the_symbol_is_no_second_column(
    body: str, hints: bool
) -> None:
    """The notice is a few lines; a ruled table's cells are no body lines; a table
    without rules has three pieces (two gutters), or short pieces, or rows that open at
    the same heights on both sides (cells set at the top, as a word processor sets them)."""
    data = make_pdf(body, css="td { vertical-align: top }", hints=hints)
    blocks, _ = read_pdf(data, source="reply.pdf")
    assert not [m for _, m in _messages(blocks) if "columns" in m]
