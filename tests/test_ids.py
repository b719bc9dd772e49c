"""Segment IDs: slugs in any script, and collisions resolved from each segment's own text."""

from __future__ import annotations

import itertools
import random
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.files import read_catalog
from reply_i18n.source.ids import assign, digest, slug
from reply_i18n.source.structure import parse_document

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Armenia's military aggression against Azerbaijan",
            "armenias-military-aggression-against",
        ),
        ("Азербайджан остаётся приверженным миру.", "azerbaydzhan-ostaetsya-priverzhennym"),
        (
            "Azərbaycan Respublikası beynəlxalq öhdəliklərinə sadiqdir.",
            "azerbaycan-respublikasi-beynelxalq",
        ),
        ("Η Ελλάδα παραμένει προσηλωμένη.", "i-ellada-paramenei-prosilomeni"),
        ("أذربيجان ملتزمة", "dhrbyjn-mltzmh"),
    ],
)
def test_slug_transliterates_every_script(text: str, expected: str) -> None:
    got = slug(text)
    assert got == expected
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", got)
    assert len(got) <= 40


def test_slug_is_empty_only_without_letters_or_digits() -> None:
    assert slug("— … —") == ""
    assert slug("中华人民共和国") != ""


def test_an_id_wanted_once_is_kept() -> None:
    wanted = [("q1.answer.alpha-bravo", "Alpha bravo."), ("q1.answer.charlie", "Charlie.")]
    assert assign(wanted) == ["q1.answer.alpha-bravo", "q1.answer.charlie"]


def test_colliding_ids_are_all_named_by_more_of_their_own_words() -> None:
    a = "Azerbaijan remains committed to its international obligations."
    b = "Azerbaijan remains committed to peace."
    ident = "apm.part1.q4.answer." + slug(a)
    assert assign([(ident, a), (ident, b)]) == [
        ident + "-its",
        ident + "-peace",
    ]


def test_words_that_cannot_tell_texts_apart_give_a_digest() -> None:
    a, b = "Alpha bravo charlie delta.", "Alpha bravo charlie delta echo."
    ident = "q.answer." + slug(a)
    # a's words are a prefix of b's: a is named by a digest of its text, b by one more word
    assert assign([(ident, a), (ident, b)]) == [f"{ident}-{digest(a)}", f"{ident}-echo"]
    c = "Alpha bravo charlie delta!"
    assert assign([(ident, a), (ident, c)]) == [f"{ident}-{digest(a)}", f"{ident}-{digest(c)}"]
    # an ID that is not named by the text's words takes a digest too
    assert assign([("front.date", "1 May"), ("front.date", "2 May")]) == [
        f"front.date-{digest('1 May')}",
        f"front.date-{digest('2 May')}",
    ]


def test_identical_texts_in_one_place_are_numbered() -> None:
    ident = "q.answer.yes"
    assert assign([(ident, "Yes."), (ident, "Yes.")]) == [ident, ident + "-2"]


def test_assignment_does_not_depend_on_order() -> None:
    rng = random.Random(3)
    vocab = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    for _ in range(200):
        texts = {
            " ".join(
                ["Alpha", "bravo", "charlie", "delta", *rng.choices(vocab, k=rng.randint(0, 4))]
            )
            + rng.choice([".", "!"])
            for _ in range(rng.randint(2, 5))
        }
        wanted = [("q.answer." + slug(t), t) for t in sorted(texts)] + [
            ("q.answer.other", "Other.")
        ]
        names = dict(zip((t for _, t in wanted), assign(wanted), strict=True))
        assert len(set(names.values())) == len(wanted)
        for perm in itertools.islice(itertools.permutations(wanted), 30):
            assert dict(zip((t for _, t in perm), assign(list(perm)), strict=True)) == names


def test_longer_name_never_takes_an_id_wanted_by_another_segment() -> None:
    a, b = "Alpha bravo charlie delta echo.", "Alpha bravo charlie delta foxtrot."
    ident = "q.answer." + slug(a)
    wanted = [(ident, a), (ident, b), (ident + "-echo", "Something else.")]
    got = assign(wanted)
    assert len(set(got)) == 3
    assert got[2] == ident + "-echo"
    assert got[0] == f"{ident}-echo-{digest(a)}"


def test_parser_renames_both_paragraphs_of_a_collision() -> None:
    doc = parse_document(
        "1. Question one?\n\nAlpha bravo charlie delta first.\n\n"
        "Alpha bravo charlie delta second.\n",
        name="d",
        source="d.txt",
    )
    ids = [s.id.split(".answer.")[1] for s in doc.segments if s.kind == "answer"]
    assert ids == ["alpha-bravo-charlie-delta-first", "alpha-bravo-charlie-delta-second"]


def test_shipped_reply_has_no_colliding_ids() -> None:
    """Its IDs are the incipits themselves: no suffix was needed (the golden POT holds them)."""
    path = REPO / "source" / "fsc-emi-122-25.txt"
    doc = parse_document(path.read_text(encoding="utf-8"), name="x", source="x")
    incipit = [s for s in doc.segments if ".answer." in s.id or ".intro." in s.id]
    assert incipit
    assert all(s.id.rsplit(".", 1)[1] == slug(s.text) for s in incipit)


# --------------------------------------------------------------------------- the insertion case

KEPT = "Azerbaijan remains committed to its international obligations"
INSERTED = "Azerbaijan remains committed to peace."


def test_inserting_a_paragraph_with_the_same_opening_keeps_the_neighbours_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Part I, question 4 of the shipped reply: a new paragraph inserted just before one
    with the same first words gets no translation, and the unchanged paragraph keeps its
    own, not fuzzy."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "p"
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locale", root / "locale")
    if (REPO / "questionnaires").is_dir():  # the reply is then read against its templates
        shutil.copytree(REPO / "questionnaires", root / "questionnaires")
    src = root / "source" / "fsc-emi-122-25.txt"
    text = src.read_text(encoding="utf-8")
    assert text.count(KEPT) == 1
    po_files = {
        code: root / "locale" / code / "LC_MESSAGES" / "fsc-emi-122-25.po" for code in ("az", "ru")
    }
    before = {
        code: next(m for m in read_catalog(p).messages if m.msgid.startswith(KEPT))
        for code, p in po_files.items()
    }
    assert all(m.msgstr and not m.fuzzy for m in before.values())
    src.write_text(text.replace(KEPT, INSERTED + "\n\n" + KEPT), encoding="utf-8")

    result = CliRunner().invoke(app, ["-C", str(root), "update"])
    assert result.exit_code == 0, result.output
    for code, path in po_files.items():
        cat = read_catalog(path)
        kept = next(m for m in cat.messages if m.msgid.startswith(KEPT))
        new = next(m for m in cat.messages if m.msgid == INSERTED)
        assert (kept.msgstr, kept.fuzzy, kept.obsolete) == (before[code].msgstr, False, False)
        assert (new.msgstr, new.fuzzy) == ("", False)
        assert kept.msgctxt != new.msgctxt
        assert before[code].msgctxt in (
            kept.msgctxt.rsplit("-", 1)[0],
            new.msgctxt.rsplit("-", 1)[0],
        )
        assert cat.obsolete() == []
