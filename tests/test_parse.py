"""Unit tests of the parser: one test per structure and per kind of conversion debris."""

from __future__ import annotations

import datetime
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from reply_i18n.model import Document, Segment
from reply_i18n.source.structure import parse_document
from reply_i18n.source.text import decode

EXAMPLE = Path(__file__).resolve().parent.parent / "source" / "fsc-emi-122-25.txt"


def parse(text: str) -> Document:
    return parse_document(textwrap.dedent(text).lstrip("\n"), name="doc", source="doc.txt")


def ids(doc: Document) -> list[str]:
    return [s.id for s in doc.segments]


def by_id(doc: Document) -> dict[str, Segment]:
    return doc.by_id()


def texts(doc: Document) -> list[str]:
    return [s.text for s in doc.segments]


FRONT = """\
The OSCE Secretariat bears no responsibility for the content of this document.

FSC.EMI/9/25
6 May 2025

ENGLISH only

AZƏRBAYCAN RESPUBLİKASININ
ATƏT YANINDA

PERMANENT MISSION
TO THE OSCE

Hügelgasse 2, A-1130, Wien | Tel.: +43 1 403 | E-mail: vienna@mission.example.az

No. AZ/0301/25

The Permanent Mission presents its compliments and has the honour to transmit the reply.

The Permanent Mission avails itself of this opportunity to renew its assurances.

Enclosure: as stated

Vienna, 5 May 2025

**Permanent Missions and Delegations
The Conflict Prevention Centre
Vienna**

"""

QUESTIONNAIRE = """\
OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

Part I

1. Is your country a party to the Protocol?

Alpha paragraph says the country is not a party.

Bravo paragraph explains the reasons at length.

2. Does your country need assistance?

Charlie paragraph asks for assistance.

Part II

3. Has your country acceded to the Convention?

Delta paragraph says it has not.
"""


# --------------------------------------------------------------------------- front matter


def test_front_matter_kinds_in_order() -> None:
    doc = parse(FRONT + QUESTIONNAIRE)
    front = [(s.id, s.kind) for s in doc.segments if not s.questionnaire]
    assert front == [
        ("front.distribution", "distribution"),
        ("front.symbol", "symbol"),
        ("front.date", "date"),
        ("front.language", "language"),
        ("front.letterhead.1", "letterhead"),
        ("front.letterhead.2", "letterhead"),
        ("front.address", "address"),
        ("front.note-number", "note-number"),
        ("front.note.opening", "note"),
        ("front.note.closing", "note"),
        ("front.enclosure", "enclosure"),
        ("front.place", "place"),
        ("front.signed", "signed"),
        ("front.addressee.permanent-missions-and-delegations", "addressee"),
        ("front.addressee.the-conflict-prevention-centre", "addressee"),
        ("front.addressee.vienna", "addressee"),
    ]


def test_front_matter_verbatim_and_translatable_split() -> None:
    doc = parse(FRONT + QUESTIONNAIRE)
    segs = by_id(doc)
    verbatim = {s.id for s in doc.segments if not s.translatable}
    assert verbatim == {
        "front.symbol",
        "front.date",
        "front.letterhead.1",
        "front.letterhead.2",
        "front.address",
        "front.note-number",
        "front.signed",
    }
    assert segs["front.symbol"].text == "FSC.EMI/9/25"
    assert doc.symbol == "FSC.EMI/9/25"
    assert segs["front.letterhead.1"].text == "AZƏRBAYCAN RESPUBLİKASININ\nATƏT YANINDA"
    assert "vienna@mission.example.az" in segs["front.address"].text
    assert segs["front.note-number"].text == "No. AZ/0301/25"
    # the translators' catalog gets none of the verbatim text
    assert not verbatim & {s.id for s in doc.translatable()}


def test_front_matter_dates_are_dates() -> None:
    doc = parse(FRONT + QUESTIONNAIRE)
    segs = by_id(doc)
    assert segs["front.date"].date == datetime.date(2025, 5, 6)
    assert segs["front.signed"].date == datetime.date(2025, 5, 5)
    assert segs["front.place"].text == "Vienna"
    assert segs["front.place"].date is None


def test_addressee_block_drops_stray_bold_markers() -> None:
    doc = parse(FRONT + QUESTIONNAIRE)
    addressees = [s.text for s in doc.segments if s.kind == "addressee"]
    assert addressees == [
        "Permanent Missions and Delegations",
        "The Conflict Prevention Centre",
        "Vienna",
    ]


# --------------------------------------------------------------------------- questionnaires


def test_questionnaires_by_title_and_numbering_restart() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party to the Protocol?

        Answer one.

        2. Does your country need assistance?

        Answer two.

        OSCE QUESTIONNAIRE ON EXPLOSIVE REMNANTS OF WAR

        1. Has your country notified the Depositary?

        Answer three.
        """
    )
    assert [(q.key, q.title, q.line) for q in doc.questionnaires] == [
        ("apm", "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES", 1),
        ("erw", "OSCE QUESTIONNAIRE ON EXPLOSIVE REMNANTS OF WAR", 11),
    ]
    assert ids(doc) == [
        "apm.title",
        "apm.q1.question",
        "apm.q1.answer.answer-one",
        "apm.q2.question",
        "apm.q2.answer.answer-two",
        "erw.title",
        "erw.q1.question",
        "erw.q1.answer.answer-three",
    ]
    assert by_id(doc)["erw.q1.question"].questionnaire == "erw"
    # a restart after a new title is expected, not a numbering problem
    assert doc.warnings == ()


def test_numbering_restart_without_title_starts_a_new_questionnaire_with_warning() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party to the Protocol?

        Answer one.

        1. Has your country notified the Depositary?

        Answer two.
        """
    )
    keys = [q.key for q in doc.questionnaires]
    assert len(keys) == 2 and len(set(keys)) == 2
    second = [s for s in doc.segments if s.text == "Has your country notified the Depositary?"]
    assert second[0].questionnaire == keys[1]
    assert [w.line for w in doc.warnings] == [7]
    assert "restarts" in doc.warnings[0].message


def test_parts() -> None:
    doc = parse(QUESTIONNAIRE)
    segs = by_id(doc)
    assert segs["apm.part1.heading"].kind == "part"
    assert segs["apm.part1.heading"].text == "Part I"
    assert segs["apm.part2.heading"].text == "Part II"
    assert segs["apm.part2.q3.question"].part == "II"
    assert segs["apm.part1.q2.question"].part == "I"
    assert doc.warnings == ()


def test_numbering_restart_in_a_new_part_is_not_a_warning() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        Part I

        1. Is your country a party to the Protocol?

        Answer one.

        Part II

        1. Has your country acceded to the Convention?

        Answer two.
        """
    )
    assert "apm.part1.q1.question" in ids(doc)
    assert "apm.part2.q1.question" in ids(doc)
    assert doc.warnings == ()


# --------------------------------------------------------------------------- questions

TITLE = "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES\n\n"


@pytest.mark.parametrize(
    "line",
    [
        "3. Is your country a party to the Protocol?",
        "3) Is your country a party to the Protocol?",
        "Question 3: Is your country a party to the Protocol?",
        "Question 3. Is your country a party to the Protocol?",
        "**3. Is your country a party to the Protocol?**",
        "- 3. Is your country a party to the Protocol?**",
        "- **3. Is your country a party to the Protocol?**",
        "**3. Is your country a party to the Protocol?",
        "3. Is your country a party to the Protocol?**",
        "• 3) Is your country a party to the Protocol?",
    ],
)
def test_question_forms(line: str) -> None:
    doc = parse_document(TITLE + line + "\n\nThe answer paragraph.\n", name="doc", source="doc.txt")
    assert ids(doc) == ["apm.title", "apm.q3.question", "apm.q3.answer.the-answer-paragraph"]
    q = by_id(doc)["apm.q3.question"]
    assert q.kind == "question"
    assert q.text == "Is your country a party to the Protocol?"
    assert q.label == "3."
    assert q.question == "3"
    assert q.line == 3
    assert by_id(doc)["apm.q3.answer.the-answer-paragraph"].kind == "answer"


def test_question_number_on_its_own_line() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        Question 4

        Is your country a party to the Protocol?

        The answer paragraph.
        """
    )
    assert ids(doc) == ["apm.title", "apm.q4.question", "apm.q4.answer.the-answer-paragraph"]
    assert by_id(doc)["apm.q4.question"].text == "Is your country a party to the Protocol?"


def test_question_spanning_two_lines_is_one_segment() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party to the 1996 Amended Protocol II
        annexed to the Convention?

        The answer paragraph.
        """
    )
    q = by_id(doc)["apm.q1.question"]
    assert (
        q.text
        == "Is your country a party to the 1996 Amended Protocol II annexed to the Convention?"
    )


# --------------------------------------------------------------------------- sub-questions


def test_inline_and_own_line_sub_questions() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        8. (a) If yes, please attach the most recent report.

        N/A

        (b) If no, is your country considering accession?

        Answer to b.

        c) Has your country adopted legislation?

        Answer to c.
        """
    )
    assert ids(doc) == [
        "apm.title",
        "apm.q8.a.question",
        "apm.q8.a.answer.n-a",
        "apm.q8.b.question",
        "apm.q8.b.answer.answer-to-b",
        "apm.q8.c.question",
        "apm.q8.c.answer.answer-to-c",
    ]
    segs = by_id(doc)
    assert segs["apm.q8.a.question"].text == "If yes, please attach the most recent report."
    assert segs["apm.q8.a.question"].label == "8. (a)"
    assert segs["apm.q8.b.question"].label == "(b)"
    assert segs["apm.q8.c.question"].label == "(c)"
    assert [segs[f"apm.q8.{x}.question"].sub for x in "abc"] == ["a", "b", "c"]
    assert all(segs[f"apm.q8.{x}.question"].kind == "question" for x in "abc")
    assert segs["apm.q8.b.answer.answer-to-b"].sub == "b"


def test_sub_question_letters_outside_a_question_are_plain_text() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        (a) A lettered line before any question.
        """
    )
    assert "(a) A lettered line before any question." in texts(doc)


# --------------------------------------------------------------------------- conditions


def test_if_yes_if_no_headings() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party to the Protocol?

        No, it is not.

        If yes:

        2. Please attach the most recent annual report.

        N/A

        **If no:**

        3. Is your country considering ratification?

        It is considering it.
        """
    )
    segs = by_id(doc)
    assert ids(doc)[3:6] == ["apm.q2.condition", "apm.q2.question", "apm.q2.answer.n-a"]
    assert segs["apm.q2.condition"].kind == "condition"
    assert segs["apm.q2.condition"].text == "If yes:"
    assert segs["apm.q3.condition"].text == "If no:"
    assert segs["apm.q3.condition"].line == 13


def test_condition_heading_followed_by_text_is_kept() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party to the Protocol?

        If no:

        The country explains why not.
        """
    )
    kinds = [(s.kind, s.text) for s in doc.segments]
    assert kinds[2:] == [("condition", "If no:"), ("answer", "The country explains why not.")]


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize(
    "label", ["Reply: ", "Answer: ", "**Reply:** ", "**Answer:** ", "Reply:", "ANSWER: "]
)
def test_answer_labels_are_dropped(label: str) -> None:
    doc = parse_document(
        TITLE + "1. Is your country a party?\n\n" + label + "No, it is not a party.\n",
        name="doc",
        source="doc.txt",
    )
    answers = [s for s in doc.segments if s.kind == "answer"]
    assert [a.text for a in answers] == ["No, it is not a party."]
    assert answers[0].id == "apm.q1.answer.no-it-is-not"


def test_word_answer_without_colon_is_not_a_label() -> None:
    doc = parse_document(
        TITLE + "1. Is your country a party?\n\nAnswers to this question vary.\n",
        name="doc",
        source="doc.txt",
    )
    assert texts(doc)[-1] == "Answers to this question vary."


def test_answer_of_several_paragraphs_keeps_emphasis() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party?

        This law, *inter alia*, envisages social reintegration.

        The **second** paragraph
        wraps over two lines.
        """
    )
    answers = [s for s in doc.segments if s.kind == "answer"]
    assert [a.text for a in answers] == [
        "This law, *inter alia*, envisages social reintegration.",
        "The **second** paragraph wraps over two lines.",
    ]
    assert [a.line for a in answers] == [5, 7]
    assert answers[1].where == (
        "OSCE questionnaire on anti-personnel mines, question 1: answer paragraph\n"
        "Question: Is your country a party?"
    )


def test_bulleted_list_one_segment_per_item() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. What measures have been taken?

        The measures include:
        - training of the armed forces;
        - marking of the minefields,
          which continues on a second line;
        • destruction of stockpiles.

        * a starred item
        """
    )
    answers = [s for s in doc.segments if s.kind == "answer"]
    assert [(a.text, a.item, a.line) for a in answers] == [
        ("The measures include:", False, 5),
        ("training of the armed forces;", True, 6),
        ("marking of the minefields, which continues on a second line;", True, 7),
        ("destruction of stockpiles.", True, 9),
        ("a starred item", True, 11),
    ]
    assert len({a.id for a in answers}) == len(answers)


# --------------------------------------------------------------------------- debris


def test_paragraph_split_by_page_break_is_rejoined() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party?

        International efforts to get more and accurate minefield

        records has not yielded positive results so far.

        A new paragraph.
        """
    )
    answers = [s.text for s in doc.segments if s.kind == "answer"]
    assert answers == [
        "International efforts to get more and accurate minefield "
        "records has not yielded positive results so far.",
        "A new paragraph.",
    ]


def test_finished_paragraph_is_not_joined_to_a_lowercase_one() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party?

        The first paragraph ends with a full stop.

        lowercase start of another paragraph.
        """
    )
    answers = [s.text for s in doc.segments if s.kind == "answer"]
    assert answers == [
        "The first paragraph ends with a full stop.",
        "lowercase start of another paragraph.",
    ]


def test_page_number_and_running_header_between_paragraphs_are_dropped() -> None:
    doc = parse(
        FRONT
        + """
OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

1. Is your country a party?

International efforts to get more and accurate minefield

- 2 -

FSC.EMI/9/25

records has not yielded positive results so far.

Page 3 of 7

FSC.EMI/9/25 - 3 -

A second paragraph.
"""
    )
    answers = [s.text for s in doc.segments if s.kind == "answer"]
    assert answers == [
        "International efforts to get more and accurate minefield "
        "records has not yielded positive results so far.",
        "A second paragraph.",
    ]
    assert [s.id for s in doc.segments if s.kind == "symbol"] == ["front.symbol"]
    assert not any("FSC.EMI" in s.text for s in doc.segments if s.kind != "symbol")


def test_page_number_and_running_header_inside_a_paragraph_are_dropped() -> None:
    doc = parse(
        FRONT
        + """
OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

1. Is your country a party?

A paragraph that runs on
– 4 –
FSC.EMI/9/25
across the page break.
"""
    )
    answers = [s.text for s in doc.segments if s.kind == "answer"]
    assert answers == ["A paragraph that runs on across the page break."]


def _crlf_variant(text: str) -> str:
    return "\ufeff" + text.replace("\n", "\r\n")


def test_crlf_bom_and_nbsp() -> None:
    text = FRONT + QUESTIONNAIRE
    plain = parse_document(text, name="doc", source="doc.txt")
    noisy_text = _crlf_variant(text).replace(
        "1. Is your country a party to", "1.\u00a0Is your\u00a0country a party\u202fto"
    )
    noisy = parse_document(noisy_text, name="doc", source="doc.txt")
    assert [(s.id, s.kind, s.text, s.line) for s in noisy.segments] == [
        (s.id, s.kind, s.text, s.line) for s in plain.segments
    ]
    assert not any(
        "\r" in s.text or "\u00a0" in s.text or "\ufeff" in s.text for s in noisy.segments
    )


def test_lone_cr_line_endings() -> None:
    text = QUESTIONNAIRE
    a = parse_document(text, name="doc", source="doc.txt")
    b = parse_document(text.replace("\n", "\r"), name="doc", source="doc.txt")
    assert [(s.id, s.text, s.line) for s in a.segments] == [
        (s.id, s.text, s.line) for s in b.segments
    ]


def test_decode_strips_bom() -> None:
    assert decode("\ufeffHello".encode(), source="x.txt") == "Hello"


# --------------------------------------------------------------------------- degraded input


def test_document_without_questionnaire_extracts_paragraph_by_paragraph() -> None:
    doc = parse(
        """
        Statement by the Delegation of Azerbaijan at the Forum.

        Mr. Chairperson, the delegation thanks the speakers.

        Mines remain a threat to
        civilians in the liberated territories.

        Thank you for your attention.
        """
    )
    assert texts(doc) == [
        "Statement by the Delegation of Azerbaijan at the Forum.",
        "Mr. Chairperson, the delegation thanks the speakers.",
        "Mines remain a threat to civilians in the liberated territories.",
        "Thank you for your attention.",
    ]
    assert all(s.translatable for s in doc.segments)
    # a first paragraph is a distribution notice only if it reads like one
    assert [s.kind for s in doc.segments] == ["paragraph"] * 4
    assert [s.line for s in doc.segments] == [1, 3, 5, 8]
    assert len(doc.warnings) == 1
    assert doc.warnings[0].line == 1
    assert "no questionnaire" in doc.warnings[0].message
    assert doc.questionnaires == ()


def test_repeated_and_out_of_order_numbers_warn_with_line() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is the first question here?

        A.

        3. Is the third question here?

        B.

        2. Is the second question late?

        C.

        2. Is the second question repeated?

        D.
        """
    )
    # skipping ahead (1 → 3) is no warning: a conditional flow skips questions on purpose
    assert [(w.line, w.message) for w in doc.warnings] == [
        (11, "question 2 repeats: it follows question 3"),
        (15, "question 2 repeats: it follows question 3"),
    ]
    # extraction goes on: every question and answer is there, IDs unique
    assert [s.text for s in doc.segments if s.kind == "question"] == [
        "Is the first question here?",
        "Is the third question here?",
        "Is the second question late?",
        "Is the second question repeated?",
    ]
    assert [s.text for s in doc.segments if s.kind == "answer"] == ["A.", "B.", "C.", "D."]
    assert len(set(ids(doc))) == len(ids(doc))


def test_unrecognised_text_is_kept_as_paragraphs() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        An introductory paragraph before any question.

        1. Is your country a party?

        The answer.
        """
    )
    intro = doc.segments[1]
    assert (intro.kind, intro.text) == (
        "paragraph",
        "An introductory paragraph before any question.",
    )
    assert intro.translatable


# --------------------------------------------------------------------------- stable IDs


def _example() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def _common_ids_unchanged(before: Document, after: Document) -> set[str]:
    old, new = ids(before), ids(after)
    added = set(new) - set(old)
    assert set(old) <= set(new), f"IDs lost: {set(old) - set(new)}"
    # the old IDs keep their order and their text
    assert [i for i in new if i not in added] == old
    olds, news = by_id(before), by_id(after)
    assert all(olds[i].text == news[i].text for i in old)
    return added


def test_inserting_a_paragraph_keeps_other_ids() -> None:
    text = _example()
    anchor = "Armenia's military aggression and belligerent occupation"
    assert anchor in text
    edited = text.replace(anchor, "A brand new paragraph is inserted here.\n\n" + anchor, 1)
    before = parse_document(text, name="d", source="d.txt")
    after = parse_document(edited, name="d", source="d.txt")
    added = _common_ids_unchanged(before, after)
    assert added == {"apm.part1.q3.answer.a-brand-new-paragraph"}


def test_inserting_a_question_keeps_other_ids() -> None:
    text = _example()
    anchor = "OSCE QUESTIONNAIRE ON EXPLOSIVE REMNANTS OF WAR"
    new_question = "12. Is this a newly added question?\n\nYes, it is new.\n\n"
    edited = text.replace(anchor, new_question + anchor, 1)
    before = parse_document(text, name="d", source="d.txt")
    after = parse_document(edited, name="d", source="d.txt")
    added = _common_ids_unchanged(before, after)
    assert added == {"apm.part2.q12.question", "apm.part2.q12.answer.yes-it-is-new"}
    assert after.warnings == before.warnings or all("q12" not in w.message for w in after.warnings)


def test_inserting_a_sub_question_and_front_matter_paragraph_keeps_other_ids() -> None:
    text = _example()
    sub = "(d) Is this a new sub-question?\n\nA new answer to it.\n\n9. Does your country"
    edited = text.replace("9. Does your country", sub, 1)
    note = "Enclosure: as stated"
    edited = edited.replace(note, "The Mission adds a new sentence to its note.\n\n" + note, 1)
    before = parse_document(text, name="d", source="d.txt")
    after = parse_document(edited, name="d", source="d.txt")
    added = _common_ids_unchanged(before, after)
    assert added == {
        "apm.part2.q8.d.question",
        "apm.part2.q8.d.answer.a-new-answer-to",
        "front.note.the-mission-adds-a",
    }


def test_ids_unique_on_the_example() -> None:
    doc = parse_document(_example(), name="d", source="d.txt")
    counts = Counter(ids(doc))
    assert [i for i, n in counts.items() if n > 1] == []
    assert len(doc.segments) == 78


def test_identical_paragraphs_in_different_places_stay_two_segments() -> None:
    doc = parse_document(_example(), name="d", source="d.txt")
    na = [s for s in doc.segments if s.text == "N/A"]
    assert [s.id for s in na] == [
        "apm.part1.q2.answer.n-a",
        "apm.part2.q8.a.answer.n-a",
        "erw.q2.answer.n-a",
    ]


def test_identical_paragraphs_in_one_answer_stay_two_segments() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

        1. Is your country a party?

        See above.

        Something else.

        See above.
        """
    )
    answers = [s for s in doc.segments if s.kind == "answer"]
    assert [a.text for a in answers] == ["See above.", "Something else.", "See above."]
    assert len({a.id for a in answers}) == 3
    assert [a.line for a in answers] == [5, 7, 9]


def test_ids_are_structural_not_positional() -> None:
    doc = parse(QUESTIONNAIRE)
    assert ids(doc) == [
        "apm.title",
        "apm.part1.heading",
        "apm.part1.q1.question",
        "apm.part1.q1.answer.alpha-paragraph-says-the",
        "apm.part1.q1.answer.bravo-paragraph-explains-the",
        "apm.part1.q2.question",
        "apm.part1.q2.answer.charlie-paragraph-asks-for",
        "apm.part2.heading",
        "apm.part2.q3.question",
        "apm.part2.q3.answer.delta-paragraph-says-it",
    ]
    # deleting the first answer paragraph does not rename the second
    shorter = parse(
        QUESTIONNAIRE.replace("Alpha paragraph says the country is not a party.\n\n", "")
    )
    assert ids(shorter) == [i for i in ids(doc) if "alpha" not in i]


def test_bold_before_the_list_dash_is_debris_too() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        **- 4. What is it?**

        An answer.
        """
    )
    assert [(s.kind, s.id, s.text) for s in doc.segments[1:]] == [
        ("question", "m.q4.question", "What is it?"),
        ("answer", "m.q4.answer.an-answer", "An answer."),
    ]


def test_untitled_restart_gets_the_next_questionnaire_number() -> None:
    doc = parse(
        """
        1. First?

        Yes.

        1. Again?

        No.
        """
    )
    assert [q.key for q in doc.questionnaires] == ["questionnaire", "questionnaire2"]
    assert "questionnaire2.q1.question" in ids(doc)


def test_numbered_list_in_an_answer_is_not_a_question() -> None:
    doc = parse(
        """
        OSCE QUESTIONNAIRE ON MINES

        1. What measures have been taken?

        The following measures:
        1. training of deminers;
        2. new equipment.

        Further measures are planned:

        1. a survey in 2025.

        2. Please attach the report.

        N/A
        """
    )
    assert [(s.kind, s.item, s.text) for s in doc.segments if s.questionnaire] == [
        ("title", False, "OSCE QUESTIONNAIRE ON MINES"),
        ("question", False, "What measures have been taken?"),
        ("answer", False, "The following measures:"),
        ("answer", True, "1. training of deminers;"),
        ("answer", True, "2. new equipment."),
        ("answer", False, "Further measures are planned:"),
        ("answer", True, "1. a survey in 2025."),
        ("question", False, "Please attach the report."),
        ("answer", False, "N/A"),
    ]
    assert doc.warnings == ()
