"""The structures of the questionnaires that missions answer, each on a small input: sections
and decimal numbering, four-digit numbers, sub-questions, page-split questions, lists inside
answers, tables, upper-case headings, UN symbols and headers, the front matter of real notes,
tables of contents, conditional flows; and blocks as the Word and PDF readers give them
(labels, heading levels, bold, table cells)."""

from __future__ import annotations

import datetime
import textwrap

import pytest

from reply_i18n.model import Document, Segment
from reply_i18n.qa.checks import check_document
from reply_i18n.source.blocks import Block, CellRef, Line
from reply_i18n.source.outline import document_json, outline_text
from reply_i18n.source.structure import parse_blocks, parse_document


def parse(text: str) -> Document:
    return parse_document(textwrap.dedent(text).lstrip("\n"), name="doc", source="doc.txt")


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(s.kind, s.id) for s in doc.segments]


def seg(doc: Document, ident: str) -> Segment:
    return doc.by_id()[ident]


def questions(doc: Document) -> list[str]:
    return [s.id for s in doc.segments if s.kind == "question"]


def blocks(*specs: str | Block) -> list[Block]:
    out, n = [], 1
    for spec in specs:
        blk = spec if isinstance(spec, Block) else Block([Line(0, spec)])
        lines = [Line(n + k, ln.text) for k, ln in enumerate(blk.lines)]
        fields = ("label", "level", "list_level", "bold", "cell", "role")
        out.append(Block(lines, **{f: getattr(blk, f) for f in fields}))
        n += len(lines) + 1
    return out


# --------------------------------------------------------------------------- sections, decimals

COC = """
QUESTIONNAIRE ON THE CODE OF CONDUCT ON POLITICO-MILITARY ASPECTS OF SECURITY

Section I: Inter-State elements

1. Account of measures to prevent and combat terrorism

1.1 To which agreements is your State a party?

All of them.

1.2: What national legislation has been adopted?

The Criminal Code.

2. Stationing of armed forces on foreign territory

2.1 Details:

None.

SECTION 2: POINTS OF CONTACT

3. Is there a point of contact?

Yes.
"""


def test_sections_and_decimal_numbers_a_number_with_children_is_a_heading() -> None:
    doc = parse(COC)
    assert kinds(doc)[1:] == [
        ("part", "ccpmas.section1.heading"),
        ("heading", "ccpmas.section1.q1.heading"),
        ("question", "ccpmas.section1.q1.1.question"),
        ("answer", "ccpmas.section1.q1.1.answer.all-of-them"),
        ("question", "ccpmas.section1.q1.2.question"),
        ("answer", "ccpmas.section1.q1.2.answer.the-criminal-code"),
        ("heading", "ccpmas.section1.q2.heading"),
        ("question", "ccpmas.section1.q2.1.question"),
        ("answer", "ccpmas.section1.q2.1.answer.none"),
        ("part", "ccpmas.section2.heading"),
        ("question", "ccpmas.section2.q3.question"),
        ("answer", "ccpmas.section2.q3.answer.yes"),
    ]
    h = seg(doc, "ccpmas.section1.q1.heading")
    assert (h.label, h.text, h.translatable) == (
        "1.",
        "Account of measures to prevent and combat terrorism",
        True,
    )
    q = seg(doc, "ccpmas.section1.q1.2.question")
    assert (q.label, q.question, q.part, q.text) == (
        "1.2",
        "1.2",
        "I",
        "What national legislation has been adopted?",
    )
    assert seg(doc, "ccpmas.section1.q2.1.question").text == "Details:"
    assert seg(doc, "ccpmas.section2.heading").text == "SECTION 2: POINTS OF CONTACT"
    assert "Section I, question 1.1" in seg(doc, "ccpmas.section1.q1.1.question").where
    assert doc.warnings == ()
    assert check_document(doc, set()) == []


def test_a_sentence_about_a_section_is_not_a_section() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        1. Is there a law?

        Section 3 of the Law on Weapons prohibits mines.
        """
    )
    assert [s.kind for s in doc.segments] == ["title", "question", "answer"]


def test_four_digit_question_numbers() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON SMALL ARMS

        1001. Does your legislation require marking?

        Yes.

        1002. Describe the marking of imported weapons.

        Letters and the year.
        """
    )
    assert questions(doc) == ["sa.q1001.question", "sa.q1002.question"]
    assert seg(doc, "sa.q1002.question").label == "1002."
    assert doc.warnings == ()


# --------------------------------------------------------------------------- sub-questions


@pytest.mark.parametrize(
    "first",
    [
        "8. (a) If yes, please attach the report.",
        "8 (a) If yes, please attach the report.",
        "8 (a)If yes, please attach the report.",
        "8. a) If yes, please attach the report.",
        "Question 8 (a): If yes, please attach the report.",
    ],
)
def test_sub_questions_in_every_form(first: str) -> None:
    doc = parse_document(
        "OSCE QUESTIONNAIRE ON MINES\n\n7. Is it so?\n\nYes.\n\n"
        f"{first}\n\nN/A\n\n(b) If no, is it planned?\n\nNo.\n\nb) not a sub-question again\n",
        name="doc",
        source="doc.txt",
    )
    assert questions(doc) == ["m.q7.question", "m.q8.a.question", "m.q8.b.question"]
    a = seg(doc, "m.q8.a.question")
    assert (a.text, a.label, a.question, a.sub) == (
        "If yes, please attach the report.",
        "8. (a)",
        "8",
        "a",
    )
    # a letter that goes back is text of the answer, with its label
    assert doc.segments[-1].kind == "answer"
    assert doc.segments[-1].text == "b) not a sub-question again"


def test_lettered_list_inside_an_answer_is_a_list() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        1. Which bodies take part?

        Three bodies:
        (a) the Ministry of Defence;
        (b) the Ministry of the Interior;
        (c) the Mine Action Centre.
        """
    )
    assert questions(doc) == ["m.q1.question"]
    assert [(s.text, s.item) for s in doc.segments[2:]] == [
        ("Three bodies:", False),
        ("(a) the Ministry of Defence;", True),
        ("(b) the Ministry of the Interior;", True),
        ("(c) the Mine Action Centre.", True),
    ]


# --------------------------------------------------------------------------- page breaks


def test_question_split_by_a_page_break_is_joined() -> None:
    doc = parse(
        """
        FSC.EMI/9/17

        OSCE QUESTIONNAIRE ON MINES

        2. Please attach the most recent annual report submitted by your country in

        - 2 -

        FSC.EMI/9/17

        accordance with Article 13 of the Amended Protocol.

        The report was submitted in March.
        """
    )
    q = seg(doc, "m.q2.question")
    assert q.text == (
        "Please attach the most recent annual report submitted by your country in "
        "accordance with Article 13 of the Amended Protocol."
    )
    assert seg(doc, "m.q2.answer.the-report-was-submitted").line == 13


# --------------------------------------------------------------------------- lists in answers


def test_treaty_list_under_a_decimal_question_keeps_the_questions_numbers() -> None:
    doc = parse(
        """
        QUESTIONNAIRE ON THE CODE OF CONDUCT

        1. Terrorism

        1.1 To which agreements is your State a party?

        Among others:

        1. Convention on Offences Committed on Board Aircraft (Tokyo, 1963)

        2. Convention for the Suppression of Unlawful Seizure of Aircraft (The Hague, 1970)

        3. International Convention for the Suppression of Terrorist Bombings (1997)

        1.2 What legislation has been adopted?

        The Criminal Code.

        2. Stationing of forces

        2.1 Provide information on stationing.

        None.
        """
    )
    assert questions(doc) == ["cc.q1.1.question", "cc.q1.2.question", "cc.q2.1.question"]
    items = [s for s in doc.segments if s.item]
    assert [s.text[:15] for s in items] == [
        "1. Convention o",
        "2. Convention f",
        "3. International"[:15],
    ]
    assert all(s.question == "1.1" and s.kind == "answer" for s in items)
    assert doc.warnings == ()


def test_list_of_states_restarting_at_one_is_a_list() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        4. Which States of the region are party to the Convention?

        The following:

        1. Albania

        2. Croatia

        5. Does your country need assistance?

        No.
        """
    )
    assert questions(doc) == ["m.q4.question", "m.q5.question"]
    assert [s.text for s in doc.segments if s.item] == ["1. Albania", "2. Croatia"]


# --------------------------------------------------------------------------- tables


TABLE = """
OSCE QUESTIONNAIRE ON SMALL ARMS

1. Is your country a party to these instruments?

| Instrument | Signature | Ratification |
|---|---|---|
| Arms Trade Treaty | 3 June 2013 | 2 April 2014 |
| Firearms Protocol | | 15 May 2005 |

2. Which measures apply? Mark with X.

| Measure | YES | NO |
| End-user certificates | X | |
"""


def test_pipe_tables_become_cells_with_rows_and_columns() -> None:
    doc = parse(TABLE)
    cells = [s for s in doc.segments if s.kind == "cell"]
    assert [(s.id, s.text, s.cell) for s in cells[:4]] == [
        ("sa.q1.table1.instrument.c1", "Instrument", (0, 0, 0)),
        ("sa.q1.table1.instrument.c2", "Signature", (0, 0, 1)),
        ("sa.q1.table1.instrument.c3", "Ratification", (0, 0, 2)),
        ("sa.q1.table1.arms-trade-treaty.c1", "Arms Trade Treaty", (0, 1, 0)),
    ]
    # an empty cell is no segment; the row keeps its place
    assert [s.cell for s in cells if s.text == "15 May 2005"] == [(0, 2, 2)]
    assert all(s.translatable and s.question for s in cells)
    assert [s.cell for s in cells if s.text == "X"] == [(1, 1, 1)]
    assert "column 3 (Ratification)" in cells[5].where
    assert document_json(doc)["segments"][2]["cell"] == [0, 0, 0]
    assert "[table 1 row 1 col 1] Instrument" in outline_text(doc)
    assert check_document(doc, set()) == []  # a table answers its question


def test_inserting_a_row_renames_no_other_cell() -> None:
    before = {s.id for s in parse(TABLE).segments}
    after = {
        s.id
        for s in parse(
            TABLE.replace("| Firearms", "| Wassenaar Arrangement | — | 1996 |\n| Firearms")
        ).segments
    }
    assert before < after
    assert {i for i in after - before} == {
        f"sa.q1.table1.wassenaar-arrangement.c{n}" for n in (1, 2, 3)
    }


def test_inserting_a_row_changes_no_other_cell_s_comment() -> None:
    """The #. comment names a cell's row by its first cell, as the ID does, not by its
    position, and its column by the header."""
    where = {s.id: s.where for s in parse(TABLE).segments}
    inserted = TABLE.replace("| Firearms", "| Wassenaar Arrangement | — | 1996 |\n| Firearms")
    again = {s.id: s.where for s in parse(inserted).segments}
    assert all(again[k] == v for k, v in where.items())
    assert where["sa.q1.table1.firearms-protocol.c3"].endswith(
        "table 1, row “Firearms Protocol”, column 3 (Ratification)"
    )
    assert where["sa.q1.table1.instrument.c2"].endswith("table 1, header row, column 2")


def test_reader_cells_are_read_as_a_table() -> None:
    doc = parse_blocks(
        blocks(
            "OSCE QUESTIONNAIRE ON SMALL ARMS",
            "1. Is your country a party?",
            Block([Line(0, "Treaty")], cell=CellRef(0, 0, 0)),
            Block([Line(0, "Status")], cell=CellRef(0, 0, 1)),
            Block([Line(0, "Arms Trade Treaty")], cell=CellRef(0, 1, 0)),
            Block([Line(0, "ratified in")], cell=CellRef(0, 1, 1)),
            Block([Line(0, "2014 (second paragraph of the cell)")], cell=CellRef(0, 1, 1)),
            Block([Line(0, "lowercase text after a table is not joined to it")]),
        ),
        name="doc",
        source="doc.docx",
    )
    assert [(s.kind, s.text) for s in doc.segments[2:]] == [
        ("cell", "Treaty"),
        ("cell", "Status"),
        ("cell", "Arms Trade Treaty"),
        ("cell", "ratified in\n2014 (second paragraph of the cell)"),
        ("answer", "lowercase text after a table is not joined to it"),
    ]


# --------------------------------------------------------------------------- headings


def test_upper_case_lines_of_the_body_are_headings_and_only_the_letterhead_is_verbatim() -> None:
    doc = parse(
        """
        PERMANENT MISSION OF RURITANIA
        TO THE OSCE

        NOTE NO 07/17

        The Mission presents its compliments and transmits the reply.

        NATIONAL REPLIES OF THE REPUBLIC OF RURITANIA

        OSCE QUESTIONNAIRE ON MINES

        REPLY OF THE GOVERNMENT

        1. Is it so?

        N/A

        ANNEX 1

        NOT APPLICABLE TO RURITANIA
        """
    )
    assert [(s.kind, s.translatable) for s in doc.segments] == [
        ("letterhead", False),
        ("note-number", False),
        ("note", True),
        ("heading", True),
        ("title", True),
        ("heading", True),
        ("question", True),
        ("answer", True),  # an upper-case answer stays an answer
        ("heading", True),  # ANNEX closes the question
        ("heading", True),
    ]
    assert seg(doc, "front.heading.national-replies-of-the").text.startswith("NATIONAL")


def test_without_a_note_an_upper_case_title_is_no_letterhead() -> None:
    doc = parse(
        """
        CCW/AP.II/CONF.6/NAR.1

        FIFTH ANNUAL CONFERENCE OF THE HIGH CONTRACTING PARTIES

        NATIONAL ANNUAL REPORT
        """
    )
    assert [(s.kind, s.translatable) for s in doc.segments] == [
        ("symbol", False),
        ("heading", True),
        ("heading", True),
    ]


def test_title_followed_by_a_date_on_its_line() -> None:
    doc = parse("OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES May 2017\n\n1. Is it so?\n\nYes.\n")
    assert kinds(doc)[:2] == [("title", "apm.title"), ("title", "apm.title.date")]
    assert [s.text for s in doc.segments[:2]] == [
        "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES",
        "May 2017",
    ]
    assert doc.questionnaires[0].key == "apm"
    full = parse("OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES 12 May 2017\n\n1. Is it?\n\nYes.\n")
    assert (full.segments[1].kind, full.segments[1].date) == ("date", datetime.date(2017, 5, 12))


@pytest.mark.parametrize(
    "lines",
    [
        ["OSCE QUESTIONNAIRE ON ANTI-", "PERSONNEL MINES"],
        ["OSCE QUESTIONNAIRE ON ANTI-PERSONNEL", "MINES"],
        ["**OSCE QUESTIONNAIRE ON ANTI-PERSONNEL", "MINES**"],
    ],
)
def test_a_title_wrapped_over_two_lines_is_the_title(lines: list[str]) -> None:
    """A title set in a large type, or on a narrow page, wraps: its lines are one title,
    and a word split at the line end keeps its hyphen without a space."""
    doc = parse_blocks(
        blocks(
            Block([Line(0, ln) for ln in lines], bold=lines[0].startswith("**")),
            "**Part I**",
            "**1. Is your country a party to the Convention?**",
            "Yes.",
        ),
        name="doc",
        source="doc.pdf",
    )
    assert kinds(doc)[:3] == [
        ("title", "apm.title"),
        ("part", "apm.part1.heading"),
        ("question", "apm.part1.q1.question"),
    ]
    assert doc.segments[0].text == "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES"
    assert doc.questionnaires[0].key == "apm"


def test_a_wrapped_mixed_case_title_needs_the_look_of_a_heading() -> None:
    """Lines of plain body text that happen to read like a title in small letters stay a
    paragraph; set in bold they are the title."""
    lines = ["The Questionnaire on Anti-Personnel", "Mines"]
    plain = parse_blocks(blocks(Block([Line(0, ln) for ln in lines])), name="d", source="d")
    assert [s.kind for s in plain.segments] != ["title"]
    bold = parse_blocks(
        blocks(Block([Line(0, ln) for ln in lines], bold=True)), name="d", source="d"
    )
    assert [s.kind for s in bold.segments] == ["title"]
    assert bold.segments[0].text == "The Questionnaire on Anti-Personnel Mines"


# --------------------------------------------------------------------------- UN documents


@pytest.mark.parametrize(
    "symbol", ["CCW/AP.II/CONF.6/INF.1", "A/RES/71/67", "S/2004/329", "CCW/P.V/CONF/2010/5"]
)
def test_un_symbols_and_running_headers(symbol: str) -> None:
    doc = parse(
        f"""
        {symbol}

        Distr.: General
        12 May 2004

        Original: English

        1. Is your State in possession of information?

        Yes. A survey was completed in

        GE.04-63995 (E) 150904

        GE.04-63995 {symbol} Page 2

        {symbol}
        Page 2

        the spring of 2003 and covers the whole territory.

        {symbol} Page 3

        Further surveys are planned.
        """
    )
    assert [(s.kind, s.text) for s in doc.segments[:4]] == [
        ("symbol", symbol),
        ("distribution", "Distr.: General"),
        ("date", "12 May 2004"),
        ("language", "Original: English"),
    ]
    assert [s.text for s in doc.segments if s.kind == "answer"] == [
        "Yes. A survey was completed in the spring of 2003 and covers the whole territory.",
        "Further surveys are planned.",
    ]


def test_symbol_and_date_on_one_line() -> None:
    doc = parse("CCW/P.V/CONF/2012/NAR.7 2 November 2012\n\nENGLISH only\n")
    assert [(s.kind, s.text, s.line) for s in doc.segments] == [
        ("symbol", "CCW/P.V/CONF/2012/NAR.7", 1),
        ("date", "2 November 2012", 1),
        ("language", "ENGLISH only", 3),
    ]


def test_not_symbols() -> None:
    doc = parse("OSCE QUESTIONNAIRE ON MINES\n\n1. Is it so?\n\nN/A\n")
    assert doc.segments[-1].kind == "answer"


# --------------------------------------------------------------------------- front matter


def test_front_matter_of_real_notes() -> None:
    doc = parse(
        """
        EMBASSY OF THE REPUBLIC OF BORDURIA

        Rennweg 9/4
        1030 Vienna
        Austria
        Tel: +43 1 712 34 56
        Fax: +43 1 712 34 57
        www.borduria.example

        Note Verbale

        NOTE NO 07/17

        The Embassy presents its compliments to the Conflict Prevention Centre.

        1. The air base will be open to visitors in June.
        """
    )
    assert [(s.kind, s.translatable) for s in doc.segments] == [
        ("letterhead", False),
        ("address", False),
        ("heading", True),
        ("note-number", False),
        ("note", True),
        ("note", True),  # a numbered paragraph of a note is no question
    ]
    assert seg(doc, "front.address").text.split("\n")[2] == "Austria"
    assert doc.warnings == ()


@pytest.mark.parametrize(
    "line", ["NOTE NO 07/17", "Note No. 123/2017", "No. AZ/0301/25", "Ref: 2017/OSCE/45", "Nr. 45"]
)
def test_note_numbers(line: str) -> None:
    doc = parse(f"{line}\n\nThe Mission presents its compliments.\n")
    assert doc.segments[0].kind == "note-number"


def test_table_of_contents_is_contents_not_questions() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        CONTENTS

        Part I: Amended Protocol II ................ 2
        1. Points of contact . . . . . . . . . . 3
        2. Assistance ……… 4

        Part I

        1. Is there a point of contact?

        Yes.
        """
    )
    contents = [(s.kind, s.label, s.text) for s in doc.segments if s.kind == "contents"]
    assert contents == [
        ("contents", "", "Part I: Amended Protocol II"),
        ("contents", "1.", "Points of contact"),
        ("contents", "2.", "Assistance"),
    ]
    assert questions(doc) == ["m.part1.q1.question"]
    assert seg(doc, "m.heading.contents").kind == "heading"


# --------------------------------------------------------------------------- conditional flow


def test_a_conditional_flow_that_skips_questions_is_no_gap() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        1. Is your country a State Party?

        Yes.

        2. Please attach the report.

        Attached.

        7. Has your country ratified the Convention?

        Yes.
        """
    )
    assert doc.warnings == ()
    assert check_document(doc, set()) == []


def test_a_number_that_goes_back_is_still_reported() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        3. Is it so?

        Yes.

        2. Is it not so?

        No.
        """
    )
    assert [w.message for w in doc.warnings] == ["question 2 repeats: it follows question 3"]
    findings = [f.message for f in check_document(doc, set()) if f.check == "completeness"]
    assert findings == ["numbering: question 2 follows question 3"]


# --------------------------------------------------------------------------- nothing hidden


def test_verbatim_prose_is_reported() -> None:
    doc = Document(
        name="d",
        source="d.txt",
        segments=(
            Segment("front.letterhead.1", "letterhead", "PERMANENT MISSION", 1),
            Segment("front.address", "address", "Tel: +43 1 | www.mission.example", 2),
            Segment("front.address-2", "address", "the reply is attached to this note", 3),
        ),
    )
    findings = check_document(doc, set())
    assert [(f.check, f.severity, f.segment, f.line) for f in findings] == [
        ("verbatim", "warning", "front.address-2", 3)
    ]
    assert check_document(doc, {"verbatim"}) == []


def test_outline_marks_verbatim_segments() -> None:
    doc = parse(
        "FSC.EMI/9/17\n\nPERMANENT MISSION\n\nNo. 12/17\n\nThe Mission presents its compliments.\n"
    )
    marked = [ln for ln in outline_text(doc).splitlines() if ln.endswith("[verbatim]")]
    assert len(marked) == 3


# --------------------------------------------------------------------------- blocks from readers


def test_word_labels_are_read_as_printed() -> None:
    doc = parse_blocks(
        blocks(
            "OSCE QUESTIONNAIRE ON MINES",
            Block([Line(0, "Is your country a party?")], label="1."),
            "Yes, since 1999:",
            Block([Line(0, "ratified in 1999;")], label="•"),
            Block([Line(0, "If yes, attach the report.")], label="(a)"),
            "Attached.",
        ),
        name="doc",
        source="doc.docx",
    )
    same = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        1. Is your country a party?

        Yes, since 1999:

        • ratified in 1999;

        (a) If yes, attach the report.

        Attached.
        """
    )
    assert [(s.id, s.text, s.label) for s in doc.segments] == [
        (s.id, s.text, s.label) for s in same.segments
    ]


def test_heading_levels_and_bold_from_a_reader() -> None:
    doc = parse_blocks(
        blocks(
            "OSCE QUESTIONNAIRE ON MINES",
            Block([Line(0, "General information")], level=2),
            Block([Line(0, "Points of contact")], label="1.", level=2),
            Block([Line(0, "Name the national point of contact")], label="2.", bold=True),
            "The Ministry of Defence.",
            Block([Line(0, "Assistance")], level=2),
            "We need none.",
        ),
        name="doc",
        source="doc.docx",
    )
    assert [(s.kind, s.text) for s in doc.segments] == [
        ("title", "OSCE QUESTIONNAIRE ON MINES"),
        ("heading", "General information"),
        ("heading", "Points of contact"),
        ("question", "Name the national point of contact"),
        ("answer", "The Ministry of Defence."),
        ("heading", "Assistance"),  # a heading closes the question
        ("paragraph", "We need none."),
    ]


def test_footnotes_are_kept() -> None:
    doc = parse_blocks(
        blocks(
            "OSCE QUESTIONNAIRE ON MINES",
            "1. Is it so?",
            "Yes.",
            Block([Line(0, "As reported in 2016.")], role="footnote"),
        ),
        name="doc",
        source="doc.docx",
    )
    assert (doc.segments[-1].kind, doc.segments[-1].id) == (
        "footnote",
        "footnote.as-reported-in-2016",
    )


def test_answer_on_the_line_of_a_bold_question() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        **1. Is your country a State Party?** Yes, since 2003.

        **2. Please attach the report.**

        Attached.
        """
    )
    assert [(s.kind, s.text, s.line) for s in doc.segments[1:3]] == [
        ("question", "Is your country a State Party?", 3),
        ("answer", "Yes, since 2003.", 3),
    ]
    assert check_document(doc, set()) == []


def test_lettered_sections() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON SMALL ARMS

        Section A. Manufacture and marking

        1.1 Is manufacture licensed?

        Yes. Section B of the Law on Weapons says so.

        Section B: Transfers

        2.1 Is export licensed?

        Yes.

        Section C. Stockpiles

        3.1 Are stockpiles inspected?

        Twice a year.
        """
    )
    assert [s.id for s in doc.segments if s.kind in ("part", "question")] == [
        "sa.section1.heading",
        "sa.section1.q1.1.question",
        "sa.section2.heading",
        "sa.section2.q2.1.question",
        "sa.section3.heading",
        "sa.section3.q3.1.question",
    ]


def test_nested_word_list_items_are_never_questions() -> None:
    doc = parse_blocks(
        blocks(
            "OSCE QUESTIONNAIRE ON MINES",
            Block([Line(0, "Which treaties apply?")], label="1."),
            Block([Line(0, "Ottawa Convention")], label="2.", list_level=1),
            Block([Line(0, "Does your country need assistance?")], label="2."),
            "No.",
        ),
        name="doc",
        source="doc.docx",
    )
    assert questions(doc) == ["m.q1.question", "m.q2.question"]
    assert [(s.kind, s.text, s.item) for s in doc.segments[2:3]] == [
        ("answer", "2. Ottawa Convention", True)
    ]


def test_answer_on_the_lines_after_the_question_without_a_blank_line() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        1) Would your country be interested in receiving assistance?
        If so, please describe.
        Yes. Mine risk education in schools.

        2) a) If yes, please attach the report.
        See the website.
        """
    )
    assert [(s.kind, s.text) for s in doc.segments[1:]] == [
        (
            "question",
            "Would your country be interested in receiving assistance? If so, please describe.",
        ),
        ("answer", "Yes. Mine risk education in schools."),
        ("question", "If yes, please attach the report."),
        ("answer", "See the website."),
    ]


def test_a_question_number_with_nothing_to_ask_is_never_an_empty_question() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        Question 8.

        Question 9. Is it so?

        Yes.

        Question 10
        """
    )
    assert all(s.text for s in doc.segments)
    assert [(s.kind, s.text) for s in doc.segments if s.kind != "answer"][1:] == [
        ("heading", "Question 8."),
        ("question", "Is it so?"),
        ("heading", "Question 10"),
    ]
