"""Completeness with a questionnaire's conditional flow: a question the flow skips is not
a gap; a required question missing is reported with its number and text."""

from __future__ import annotations

import pytest

from reply_i18n.model import Document
from reply_i18n.qa.checks import check_document
from reply_i18n.qa.flow import polarity, route
from reply_i18n.source.recognise import TemplateSet, recognise
from reply_i18n.source.structure import parse_document
from reply_i18n.source.templates import Template, parse_template

QUESTIONS = {
    1: "Is your country a State Party to the Test Convention?",
    2: "Please attach the most recent report submitted under the Test Convention.",
    3: "Is your country considering accession to the Test Convention?",
    4: "What obstacles stand in the way of accession?",
    5: "Has your country adopted a moratorium on transfers of the weapons concerned?",
    6: "Would your country welcome assistance in preparing its accession?",
    7: "Does your country need assistance in destroying surplus weapons?",
}
TITLE = "OSCE QUESTIONNAIRE ON TEST MATTERS"


def template(flow: str) -> Template:
    """The test questionnaire, its flow printed as headings ("If yes:" before 2, "If no:"
    before 3 to 6) or as a jump ("If not, go to question 7" on question 1)."""
    lines = ['key = "tm"', f'title = "{TITLE}"']
    for n, text in QUESTIONS.items():
        lines += ["", "[[questions]]", f'id = "q{n}"', f'number = "{n}"']
        if flow == "headings" and n == 2:
            lines.append('asked_if = { question = "q1", answer = "yes" }')
        if flow == "headings" and 3 <= n <= 6:
            lines.append('asked_if = { question = "q1", answer = "no" }')
        if flow == "jump" and n == 1:
            lines.append('go_to = [{ answer = "no", question = "q7" }]')
        lines.append(f'text = "{text}"')
    return parse_template("\n".join(lines) + "\n", path="questionnaires/tm.toml")


def reply(answers: dict[int, str]) -> str:
    parts = [TITLE]
    for n, answer in answers.items():
        parts.append(f"{n}. {QUESTIONS[n]}")
        if answer:
            parts.append(answer)
    return "\n\n".join(parts) + "\n"


def findings(text: str, tpl: Template | None) -> list[tuple[str, int, str]]:
    doc: Document = parse_document(text, name="d", source="d.txt")
    templates = (tpl,) if tpl else ()
    doc = recognise(doc, TemplateSet(templates))
    return [
        (f.severity, f.line, f.message)
        for f in check_document(doc, {"crossref"}, templates)
        if f.check == "completeness"
    ]


@pytest.mark.parametrize("flow", ["headings", "jump"])
def test_a_state_party_answers_1_2_then_7(flow: str) -> None:
    text = reply({1: "Yes.", 2: "It is attached.", 7: "No."})
    if flow == "headings":
        assert findings(text, template(flow)) == []
    else:  # a jump on "no" does not spare a State Party questions 2 to 6
        assert [m for _, _, m in findings(text, template(flow))] == [
            f"question {n} is not answered (questionnaires/tm.toml): {QUESTIONS[n]}"
            for n in (3, 4, 5, 6)
        ]


@pytest.mark.parametrize("flow", ["headings", "jump"])
def test_a_state_not_party_skips_what_the_flow_skips(flow: str) -> None:
    text = reply({1: "No.", 3: "Not at present.", 4: "Cost.", 5: "Yes.", 6: "Yes.", 7: "No."})
    assert findings(text, template(flow)) == []
    text = reply({1: "No, it is not a party.", 7: "Yes."})
    missing = [n for n in (3, 4, 5, 6) if flow == "headings"]  # a jump skips 2 to 6
    assert [m for _, _, m in findings(text, template(flow))] == [
        f"question {n} is not answered (questionnaires/tm.toml): {QUESTIONS[n]}" for n in missing
    ]


def test_a_skipped_question_printed_without_an_answer_is_not_a_gap() -> None:
    text = reply({1: "No.", 2: "", 3: "Yes.", 4: "None.", 5: "No.", 6: "Yes.", 7: "No."})
    assert findings(text, template("headings")) == []
    # without the template, the same reply's unanswered question 2 is an error
    assert ("error", 7, "question 2 has no answer") in findings(text, None)


def test_a_required_question_missing_is_reported_with_number_and_text() -> None:
    text = reply({1: "Our country is not a party to the Test Convention.", 3: "Yes.", 7: "No."})
    result = findings(text, template("headings"))
    assert [m for _, _, m in result] == [
        f"question {n} is not answered (questionnaires/tm.toml): {QUESTIONS[n]}" for n in (4, 5, 6)
    ]
    assert {sev for sev, _, _ in result} == {"error"}
    assert [line for _, line, _ in result] == [11, 11, 11]  # the next question the reply has


def test_the_branch_the_reply_took_decides_an_unclear_answer() -> None:
    # "deposited its instrument" says neither yes nor no; the reply answered question 2
    text = reply({1: "Examplestan deposited its instrument in 2004.", 2: "Attached.", 7: "No."})
    assert findings(text, template("headings")) == []
    # unclear, and no branch answered: nothing is reported on a guess
    text = reply({1: "Examplestan deposited its instrument in 2004.", 7: "No."})
    assert findings(text, template("headings")) == []


def test_without_a_template_the_reply_own_flow_explains_a_gap() -> None:
    text = (
        f"{TITLE}\n\n1. {QUESTIONS[1]} If not, go to question 7.\n\nNo.\n\n"
        f"2. {QUESTIONS[2]}\n\nN/A\n\n7. {QUESTIONS[7]}\n\nNo.\n"
    )
    assert findings(text, None) == []
    gap = text.replace("\n\nNo.\n\n2.", "\n\nYes.\n\n2.")
    assert findings(gap, None) == [("warning", 11, "numbering gap: question 7 follows question 2")]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Yes.", "yes"),
        ("**Yes**, since 2004.", "yes"),
        ("Answer: No.", "no"),
        ("No, it has not.", "no"),
        ("Azerbaijan is not a party to the 1996 Amended Protocol II.", "no"),
        ("Examplestan hasn't ratified it. It will.", "no"),
        ("N/A", None),
        ("", None),
        ("Examplestan acceded in 2004. It is not considering withdrawal.", None),
        ("Yesterday's report is attached.", None),
        ("Nobody objected.", None),
    ],
)
def test_polarity(answer: str, expected: str | None) -> None:
    assert polarity([answer]) == expected


def test_route_skips_the_children_of_a_skipped_question() -> None:
    tpl = parse_template(
        'key = "t"\n'
        '[[questions]]\nid = "q1"\nnumber = "1"\ntext = "Is it so?"\n'
        '[[questions]]\nid = "q2"\nnumber = "2"\ntext = "Why?"\n'
        'asked_if = { question = "q1", answer = "yes" }\n'
        '[[questions]]\nid = "q2.a"\nnumber = "2"\nsub = "a"\nparent = "q2"\ntext = "When?"\n'
        '[[questions]]\nid = "q3"\nnumber = "3"\ntext = "Is that so?"\n'
        'asked_if = { question = "q2", answer = "no" }\n',
        path="t.toml",
    )
    rt = route(tpl, {"q1": ["No."]})
    assert rt.skipped == {"q2", "q2.a", "q3"}
    assert rt.undecided == set()
    rt = route(tpl, {"q1": ["It depends."]})
    assert rt.skipped == set() and rt.undecided == {"q2", "q3"}
