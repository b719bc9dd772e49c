"""Questionnaire templates: learning, reading and writing them, and recognising replies
against them however their formatting is broken."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reply_i18n.errors import TemplateError
from reply_i18n.model import Document
from reply_i18n.source.recognise import Pin, TemplateSet, recognise
from reply_i18n.source.structure import parse_document
from reply_i18n.source.templates import (
    Condition,
    Jump,
    format_template,
    learn,
    parse_template,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "source" / "fsc-emi-122-25.txt").read_text(encoding="utf-8")


def parse(text: str) -> Document:
    return parse_document(text, name="doc", source="doc.txt")


def shipped() -> TemplateSet:
    found = []
    for path in sorted((ROOT / "questionnaires").glob("*.toml")):
        found.append(parse_template(path.read_text(encoding="utf-8"), path=path.name))
    return TemplateSet(tuple(found))


def ids(doc: Document) -> list[str]:
    return [s.id for s in doc.segments]


def questions(doc: Document) -> list[tuple[str, str, str]]:
    return [(s.id, s.label, s.text) for s in doc.segments if s.kind == "question"]


# --------------------------------------------------------------------------- learn


@pytest.mark.parametrize("key", ["apm", "erw"])
def test_learn_from_the_shipped_reply(golden: object, key: str) -> None:
    doc = parse(SOURCE)
    text = format_template(learn(doc, key), source="source/fsc-emi-122-25.txt")
    golden.check(f"templates/{key}.toml", text)  # type: ignore[attr-defined]


def test_learnt_flow_of_the_shipped_reply() -> None:
    apm = learn(parse(SOURCE), "apm")
    flow = {q.id: q.asked_if for q in apm.questions if q.asked_if}
    assert flow == {
        "part1.q2": Condition("part1.q1", "yes"),  # "If yes:" heading
        "part1.q3": Condition("part1.q1", "no"),  # "If no:" heading, up to Part II
        "part1.q4": Condition("part1.q1", "no"),
        "part1.q5": Condition("part1.q1", "no"),
        "part1.q6": Condition("part1.q1", "no"),
        "part2.q8.a": Condition("part2.q7", "yes"),  # "8. (a) If yes, …"
        "part2.q8.b": Condition("part2.q7", "no"),  # "(b) If no, …"
    }
    group = apm.question("part2.q8")
    assert group is not None and group.text == "" and group.parent == "part2"
    assert apm.question("part2.q8.c").parent == "part2.q8"  # type: ignore[union-attr]
    assert apm.part_number("part2.q8.c") == "II"
    assert [q.label for q in apm.asked()][6:10] == ["7", "8 (a)", "8 (b)", "8 (c)"]
    assert [q.condition for q in apm.questions[1:4]] == ["If yes:", "If no:", ""]


def test_a_printed_go_to_line_belongs_to_the_deciding_question() -> None:
    doc = parse(
        "OSCE QUESTIONNAIRE ON TEST MATTERS\n\nPart I\n\n"
        "1. Is your country a State Party to the Convention?\n\nNo.\n\n"
        "If yes:\n\n2. Please attach the report.\n\nN/A\n\n"
        "If not, go to question 3.\n\n"
        "If no:\n\n3. Is your country considering accession?\n\nYes.\n\n"
        "Part II\n\n4. Does your country need assistance?\n\nNo.\n"
    )
    tpl = learn(doc, doc.questionnaires[0].key)
    assert tpl.question("part1.q1").go_to == (Jump("no", "part1.q3"),)  # type: ignore[union-attr]
    assert tpl.question("part2.q4").asked_if is None  # type: ignore[union-attr]


def test_learn_reads_go_to_instructions() -> None:
    doc = parse(
        "OSCE QUESTIONNAIRE ON TEST MATTERS\n\n"
        "1. Is your country a State Party to the Convention? If not, go to question 4.\n\n"
        "Yes.\n\n"
        "2. Please attach the report.\n\nAttached.\n\n"
        "3. When was it submitted?\n\nIn May.\n\n"
        "4. Does your country need assistance?\n\nNo.\n"
    )
    [tpl] = [learn(doc, q.key) for q in doc.questionnaires]
    assert tpl.questions[0].go_to == (Jump("no", "q4"),)
    assert [q.asked_if for q in tpl.questions] == [None] * 4


def test_written_template_reads_back_the_same() -> None:
    doc = parse(SOURCE)
    for qn in doc.questionnaires:
        tpl = learn(doc, qn.key)
        again = parse_template(format_template(tpl), path="x.toml")
        assert (again.key, again.title, again.parts, again.questions) == (
            tpl.key,
            tpl.title,
            tpl.parts,
            tpl.questions,
        )


def test_learn_errors() -> None:
    doc = parse(SOURCE)
    with pytest.raises(TemplateError, match=r"no questionnaire 'xyz'.*apm, erw"):
        learn(doc, "xyz")
    with pytest.raises(TemplateError, match="key 'Bad Key'"):
        learn(doc, "apm", key="Bad Key")


# --------------------------------------------------------------------------- read errors

GOOD = """\
key = "t"
title = "T"

[[parts]]
id = "part1"
number = "I"
heading = "Part I"

[[questions]]
id = "part1.q1"
number = "1"
parent = "part1"
text = "Is it so?"

[[questions]]
id = "part1.q2"
number = "2"
parent = "part1"
asked_if = { question = "part1.q1", answer = "yes" }
text = "Why?"
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "T"', 'title = "T', r"t\.toml:2: invalid TOML"),
        ('key = "t"', 'key = "T T"', r"t\.toml:1: key 'T T' must be lowercase"),
        ('key = "t"', 'kee = "t"', r"t\.toml:1: unknown key 'kee'"),
        ('key = "t"', 'key = "front"', r"t\.toml:1: key 'front' must be"),
        ('number = "2"', "number = 2.5", r"t\.toml:17: number must be a string"),
        ('number = "2"\n', "", r"t\.toml:15: missing 'number'"),
        ('text = "Why?"', 'txt = "Why?"', r"t\.toml:20: unknown key 'txt'"),
        ('"part1.q1", answer = "yes"', '"part1.q9", answer = "yes"', r"t\.toml:19: .*'part1\.q9'"),
        ('answer = "yes"', 'answer = "maybe"', r"t\.toml:19: answer must be 'yes' or 'no'"),
        ('id = "part1.q2"', 'id = "part1.q1"', r"t\.toml:16: id 'part1\.q1' is used twice"),
        ('parent = "part1"\ntext = "Is', 'parent = "part9"\ntext = "Is', r"t\.toml:12: parent"),
        ('id = "part1.q2"', 'id = "Part 1"', r"t\.toml:16: id 'Part 1' must be dotted"),
    ],
)
def test_template_errors_point_at_the_line(old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises(TemplateError) as err:
        parse_template(GOOD.replace(old, new, 1), path="t.toml")
    assert re.match(message, str(err.value)), str(err.value)


def test_go_to_must_point_forward() -> None:
    text = GOOD.replace(
        'text = "Why?"', 'go_to = [{ answer = "no", question = "part1.q1" }]\ntext = "Why?"'
    )
    with pytest.raises(TemplateError, match=r"t\.toml:20: go_to 'part1\.q1' is not a later"):
        parse_template(text, path="t.toml")


def test_good_template_reads() -> None:
    assert parse_template(GOOD.replace('number = "2"', "number = 2"), path="t.toml") == (
        parse_template(GOOD, path="t.toml")
    )
    tpl = parse_template(GOOD, path="t.toml")
    assert tpl.question("part1.q2").asked_if == Condition("part1.q1", "yes")  # type: ignore[union-attr]
    assert tpl.path == "t.toml"


# --------------------------------------------------------------------------- recognise


def test_the_shipped_reply_is_left_exactly_as_parsed() -> None:
    doc = parse(SOURCE)
    assert recognise(doc, shipped()) is doc


def broken_reply() -> str:
    """The shipped reply as a careless conversion might leave it, and under next year's
    title."""
    text = SOURCE
    edits = [
        # next year's wording of the title
        (
            "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES\n",
            "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL LANDMINES AND THEIR DESTRUCTION\n",
        ),
        # a question whose number was lost: the parser takes it for an answer paragraph
        ("4. What measures", "What measures"),
        # the same after a conditional heading, which the parser then files under question 1
        ("- 2. Please attach the most recent annual", "Please attach the most recent annual"),
        # a question printed as a bold line without its number
        (
            "5. Would your country be interested in receiving assistance related to the "
            "implementation of this Protocol? If so, please describe.",
            "**Would your country be interested in receiving assistance related to the "
            "implementation of this Protocol? If so, please describe.**",
        ),
        # a question merged with its answer on one line
        (
            "assistance to victims?\n\nThe Government of Azerbaijan",
            "assistance to victims? The Government of Azerbaijan",
        ),
        # a lost number in the second questionnaire, the question now a plain paragraph
        ("- 2. If yes, at what stage", "If yes, at what stage"),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_broken_formatting_gives_the_templates_ids() -> None:
    good = parse(SOURCE)
    broken = parse(broken_reply())
    assert ids(broken) != ids(good)  # the parser alone gets it wrong
    assert "apm" not in [q.key for q in broken.questionnaires]
    fixed = recognise(broken, shipped())
    assert ids(fixed) == ids(good)
    assert [q.key for q in fixed.questionnaires] == ["apm", "erw"]
    assert [(i, label) for i, label, _ in questions(fixed)] == [
        (i, label) for i, label, _ in questions(good)
    ]
    by_id = fixed.by_id()
    assert by_id["apm.part1.q4.question"].text.startswith("What measures have been taken")
    assert by_id["apm.part1.q5.question"].text.endswith("If so, please describe.")
    assert "**" not in by_id["apm.part1.q5.question"].text
    assert by_id["apm.part2.q9.question"].text.endswith("assistance to victims?")
    assert by_id["apm.part2.q9.answer.the-government-of-azerbaijan"].text.startswith(
        "The Government of Azerbaijan conducts"
    )
    q4 = by_id["apm.part1.q4.answer.azerbaijan-remains-committed-to"]
    assert (q4.kind, q4.question, q4.part) == ("answer", "4", "I")
    assert "question 4: answer, paragraph 1" in q4.where
    # no numbering warnings left over from the parser's reading
    assert not [w for w in fixed.warnings if "skips ahead" in w.message]


def test_no_word_is_lost_or_doubled() -> None:
    def words(doc: Document) -> Counter[str]:
        text = " ".join(f"{s.label} {s.text}" for s in doc.segments)
        return Counter(text.replace("**", "").split())  # stray bold markers are not words

    broken = parse(broken_reply())
    fixed = recognise(broken, shipped())
    assert words(broken) - words(fixed) == Counter()
    # the only words added are the question numbers the conversion lost, from the template
    assert words(fixed) - words(broken) == Counter(["2.", "2.", "4.", "5."])


# the mines questionnaire as another State answers it: its own words, its own formatting
ANOTHER_STATE = (ROOT / "tests" / "golden" / "templates" / "another-state.txt").read_text(
    encoding="utf-8"
)


def test_another_state_gets_the_same_question_ids() -> None:
    doc = recognise(parse(ANOTHER_STATE), shipped())
    assert [q.key for q in doc.questionnaires] == ["apm"]
    assert [s.id for s in doc.segments if s.kind == "question"] == [
        "apm.part1.q1.question",
        "apm.part1.q2.question",
        "apm.part1.q4.question",
        "apm.part1.q5.question",
        "apm.part1.q6.question",
        "apm.part2.q7.question",
        "apm.part2.q8.a.question",
        "apm.part2.q8.c.question",
        "apm.part2.q9.question",
        "apm.part2.q10.question",
        "apm.part2.q11.question",
    ]
    by_id = doc.by_id()
    assert by_id["apm.part1.q2.condition"].text == "If yes:"
    assert by_id["apm.part1.q4.answer.examplestans-armed-forces-follow"].question == "4"
    assert by_id["apm.part1.q5.answer.no"].question == "5"


def test_a_numbered_line_claimed_by_the_template_is_an_answer_item() -> None:
    text = SOURCE.replace(
        "Please see the response to Question 10.",
        "Please see the response to Question 10.\n\n9. Treaty on the Non-Proliferation.",
    )
    parsed = parse(text)
    fixed = recognise(parsed, shipped())
    item = next(s for s in fixed.segments if "Non-Proliferation" in s.text)
    assert (item.kind, item.question, item.text) == (
        "answer",
        "5",
        "9. Treaty on the Non-Proliferation.",
    )
    assert item.id.startswith("apm.part1.q5.answer.")
    assert sum(1 for s in fixed.segments if s.id == "apm.part2.q9.question") == 1


def test_pinned_key_for_a_questionnaire_without_template() -> None:
    doc = parse(SOURCE.replace("ANTI-PERSONNEL MINES\n", "ANTI-PERSONNEL MINES, 2026 EDITION\n"))
    assert doc.questionnaires[0].key != "apm"
    pinned = recognise(doc, TemplateSet(pins=(Pin(r"anti-personnel mines", "apm"),)))
    assert pinned.questionnaires[0].key == "apm"
    assert ids(pinned) == ids(parse(SOURCE))


def test_a_template_key_wins_over_the_title_initials() -> None:
    tpl = parse_template(
        (ROOT / "questionnaires" / "apm.toml")
        .read_text(encoding="utf-8")
        .replace('key = "apm"', 'key = "mines"'),
        path="mines.toml",
    )
    doc = recognise(parse(SOURCE), TemplateSet((tpl,)))
    assert [q.key for q in doc.questionnaires] == ["mines", "erw"]
    assert "mines.part1.q3.answer.azerbaijan-acknowledges-the-humanitarian" in ids(doc)
    assert not [i for i in ids(doc) if i.startswith("apm.")]


def test_a_reply_with_every_number_lost_and_no_title_the_parser_knows() -> None:
    """Word's automatic numbering lost in a copy, titles typed in lower case: the parser
    finds the questionnaires by their titles but no question; the templates find the
    questions, with the shipped IDs."""
    text = re.sub(r"^(?:- )?\d+\. ", "", SOURCE, flags=re.M)
    for title in ("ANTI-PERSONNEL MINES", "EXPLOSIVE REMNANTS OF WAR"):
        text = text.replace(
            f"OSCE QUESTIONNAIRE ON {title}", f"OSCE Questionnaire on {title.title()}"
        )
    parsed = parse(text)
    assert not questions(parsed)
    fixed = recognise(parsed, shipped())
    good = parse(SOURCE)
    assert ids(fixed) == ids(good)
    assert [q.title for q in fixed.questionnaires] == [
        "OSCE Questionnaire on Anti-Personnel Mines",
        "OSCE Questionnaire on Explosive Remnants Of War",
    ]
    # lost numbers come back from the template; a printed "(a)" stays as printed
    assert [label for _, label, _ in questions(fixed)] == [
        "(a)" if label == "8. (a)" else label for _, label, _ in questions(good)
    ]
    assert not fixed.warnings


def test_a_question_the_template_does_not_have_keeps_its_id_with_a_warning() -> None:
    text = SOURCE.replace(
        "11. Does your country have the capacity",
        "12. Has your country destroyed its stockpiles?\n\nYes, in 2010.\n\n"
        "11. Does your country have the capacity",
    )
    doc = recognise(parse(text), shipped())
    assert "apm.part2.q12.question" in ids(doc)
    assert "apm.part2.q11.question" in ids(doc)
    [note] = [w.message for w in doc.warnings if "template" in w.message]
    assert note.startswith("question 12 is not a question of that number in the template")


_QUESTION_LINE = re.compile(r"^(?:- )?(\d+)\. (.+?)(?:\*\*)?$", re.M)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_mix_of_broken_question_lines_gives_the_shipped_ids(data: st.DataObject) -> None:
    """Each question line of the shipped reply kept, stripped of its number, set in bold
    without its number, or run into the first line of its answer: the IDs stay those of
    the clean reply."""
    lines = list(_QUESTION_LINE.finditer(SOURCE))
    ways = data.draw(
        st.lists(
            st.sampled_from(["keep", "unnumbered", "bold", "merged"]),
            min_size=len(lines),
            max_size=len(lines),
        )
    )
    text, shift = SOURCE, 0
    for m, way in zip(lines, ways, strict=True):
        start, end = m.start() + shift, m.end() + shift
        question = m[2]
        if way == "unnumbered":
            new = question
        elif way == "bold":
            new = f"**{question}**"
        elif way == "merged":  # the blank line after the question is lost
            new = m[0].rstrip("*")
            if text[end : end + 2] == "\n\n":
                end += 1
        else:
            continue
        text = text[:start] + new + text[end:]
        shift += len(new) - (end - start)
    fixed = recognise(parse(text), shipped())
    assert ids(fixed) == ids(parse(SOURCE))


def test_an_untitled_questionnaire_takes_its_title_and_part_heading_back() -> None:
    """A title typed in lower case and ended like a sentence is no title to the parser, and
    the part heading before the first question is left outside the questionnaire; the
    template takes both in."""
    text = SOURCE.replace(
        "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES", "OSCE Questionnaire on Anti-Personnel Mines."
    )
    parsed = parse(text)
    assert [q.title for q in parsed.questionnaires] == [
        "",
        "OSCE QUESTIONNAIRE ON EXPLOSIVE REMNANTS OF WAR",
    ]
    fixed = recognise(parsed, shipped())
    assert ids(fixed) == ids(parse(SOURCE))
    assert fixed.questionnaires[0].title == "OSCE Questionnaire on Anti-Personnel Mines."
    assert fixed.by_id()["apm.part1.heading"].questionnaire == "apm"
