"""The text reader: pipe tables, and text laid out one printed line per line."""

from __future__ import annotations

from reply_i18n.source.blocks import CellRef
from reply_i18n.source.text import read_text


def test_a_markdown_pipe_table_becomes_cells() -> None:
    blocks, _ = read_text(
        "Before the table.\n\n"
        "| Instrument | Signed |\n"
        "|---|:---:|\n"
        "| Protocol V | 2004 |\n"
        "| Ottawa \\| Convention |  |\n\n"
        "After it.\n"
    )
    assert [(b.cell, b.text) for b in blocks] == [
        (None, "Before the table."),
        (CellRef(0, 0, 0), "Instrument"),
        (CellRef(0, 0, 1), "Signed"),
        (CellRef(0, 1, 0), "Protocol V"),
        (CellRef(0, 1, 1), "2004"),
        (CellRef(0, 2, 0), "Ottawa | Convention"),
        (None, "After it."),
    ]


def test_an_address_line_with_bars_is_no_table() -> None:
    blocks, _ = read_text("Street 2, Wien | Tel.: +43 1 | Fax: +43 2\n\nNext.\n")
    assert [b.cell for b in blocks] == [None, None]
    assert blocks[0].text == "Street 2, Wien | Tel.: +43 1 | Fax: +43 2"


PDFTOTEXT = """\
OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES
Part I
1. Is your country a State Party to the Amended Protocol II on the use of
mines, booby-traps and other devices?
Examplia is not a party to the Protocol. The Government keeps the question
under review and reports to the parliament on the progress of humanitarian demi-
ning and of the survey every year.
The survey of the remaining districts will be complete in two years; the cost of
clearance will then be known.
2. What measures have been taken?
\x0cThe following measures apply:
\uf0b7
instruction of every recruit in the law of armed conflict;
\uf0b7
marking of all known hazardous areas.
Instrument          Signed       Ratified
Protocol V          2004         2005
Ottawa Convention   no           no
3. Does your country need assistance?
(a) If yes, please describe it briefly.
Assistance with survey is needed in the border districts, where most of the
minefields lie.
"""


def test_pdftotext_lines_are_joined_into_paragraphs_and_table_rows() -> None:
    blocks, _ = read_text(PDFTOTEXT)
    got = [(b.cell, b.text) for b in blocks]
    assert got == [
        (None, "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES"),
        (None, "Part I"),
        (
            None,
            "1. Is your country a State Party to the Amended Protocol II on the use of "
            "mines, booby-traps and other devices?",
        ),
        (
            None,
            "Examplia is not a party to the Protocol. The Government keeps the question "
            "under review and reports to the parliament on the progress of humanitarian "
            "demining and of the survey every year.",
        ),
        (
            None,
            "The survey of the remaining districts will be complete in two years; the cost "
            "of clearance will then be known.",
        ),
        (None, "2. What measures have been taken?"),
        (None, "The following measures apply:"),
        (None, "• instruction of every recruit in the law of armed conflict;"),
        (None, "• marking of all known hazardous areas."),
        (CellRef(0, 0, 0), "Instrument"),
        (CellRef(0, 0, 1), "Signed"),
        (CellRef(0, 0, 2), "Ratified"),
        (CellRef(0, 1, 0), "Protocol V"),
        (CellRef(0, 1, 1), "2004"),
        (CellRef(0, 1, 2), "2005"),
        (CellRef(0, 2, 0), "Ottawa Convention"),
        (CellRef(0, 2, 1), "no"),
        (CellRef(0, 2, 2), "no"),
        (None, "3. Does your country need assistance?"),
        (None, "(a) If yes, please describe it briefly."),
        (
            None,
            "Assistance with survey is needed in the border districts, where most of the "
            "minefields lie.",
        ),
    ]


def test_text_with_blank_lines_between_paragraphs_is_read_as_before() -> None:
    text = "\n\n".join(f"Paragraph {n} is short.\nIts second line." for n in range(1, 20))
    blocks, _ = read_text(text)
    assert len(blocks) == 19
    assert blocks[0].text == "Paragraph 1 is short. Its second line."


LAYOUT = """\
The OSCE Secretariat bears no                     FSC.EMI/45/26
responsibility for the content of this            12 March 2026
document and circulates it without altering
its content.                                      ENGLISH only

   1. Is your country a State Party to the Amended Protocol II on the use of
      mines, booby-traps and other devices?
Examplia is not a party to the Protocol. The Government keeps the question
under review and reports to the parliament every year on the survey.
   2. Does your country need assistance?
Assistance with survey is needed in the border districts, where most of the
minefields lie.
\x0cFSC.EMI/45/26
   3. Does your country have the capacity to assist others?
No, not at present.
"""


def test_pdftotext_layout_columns_and_hanging_indents() -> None:
    blocks, notes = read_text(LAYOUT)
    assert [b.text for b in blocks] == [
        "The OSCE Secretariat bears no responsibility for the content of this document and "
        "circulates it without altering its content.",
        "FSC.EMI/45/26",
        "12 March 2026",
        "ENGLISH only",
        "1. Is your country a State Party to the Amended Protocol II on the use of "
        "mines, booby-traps and other devices?",
        "Examplia is not a party to the Protocol. The Government keeps the question "
        "under review and reports to the parliament every year on the survey.",
        "2. Does your country need assistance?",
        "Assistance with survey is needed in the border districts, where most of the "
        "minefields lie.",
        "3. Does your country have the capacity to assist others?",
        "No, not at present.",
    ]
    # the symbol printed beside the notice makes its repetition a running header
    assert [n.message for n in notes] == ["dropped running header 'FSC.EMI/45/26'"]
