"""The merge behind ``update``: which old translation each new entry gets."""

from __future__ import annotations

from reply_i18n.catalog import merge
from reply_i18n.po.pofile import Catalog, Message

HEADER = Message(msgid="", msgstr="Language: az\nContent-Type: text/plain; charset=UTF-8\n")

LONG = (
    "The national agency cleared 2,700 hectares of land in the districts of the region "
    "during the reporting period, with the support of international partners."
)


def _po(*entries: tuple[str, str, str]) -> Catalog:
    return Catalog(HEADER, [Message(msgid=t, msgstr=s, msgctxt=c) for c, t, s in entries])


def _pot(*entries: tuple[str, str]) -> Catalog:
    return Catalog(HEADER, [Message(msgid=t, msgctxt=c) for c, t in entries])


def _by_id(cat: Catalog) -> dict[str | None, Message]:
    return {m.msgctxt: m for m in cat.messages if not m.obsolete}


def test_the_best_pair_wins_not_the_first_entry_to_ask() -> None:
    edited = LONG.replace("2,700", "2,750")  # its own old text, one figure changed
    weak = LONG[:70] + " and nothing else was reported about the rest of it at all."
    po = _po(("a.q1.answer.old", LONG, "AZ long"))
    pot = _pot(("a.q1.answer.weak", weak), ("a.q1.answer.edited", edited))
    merged, stats = merge(po, pot)
    got = _by_id(merged)
    assert (got["a.q1.answer.edited"].msgstr, got["a.q1.answer.edited"].fuzzy) == ("AZ long", True)
    assert got["a.q1.answer.edited"].previous_msgid == LONG
    assert got["a.q1.answer.weak"].msgstr == ""
    assert (stats.fuzzy, stats.new) == (1, 1)


def test_a_tie_goes_to_the_same_question() -> None:
    edited = LONG.replace("2,700", "2,750")
    po = _po(("a.q2.answer.old", LONG, "AZ long"))
    pot = _pot(("a.q1.answer.x", edited), ("a.q2.answer.y", edited))
    got = _by_id(merge(po, pot)[0])
    assert got["a.q2.answer.y"].msgstr == "AZ long"
    assert got["a.q1.answer.x"].msgstr == ""


def test_an_old_entry_without_translation_is_never_a_suggestion() -> None:
    po = _po(("a.q1.answer.old", LONG, ""))
    pot = _pot(("a.q1.answer.new", LONG.replace("2,700", "2,750")))
    merged, stats = merge(po, pot)
    assert _by_id(merged)["a.q1.answer.new"].msgstr == ""
    assert stats.new == 1


def test_an_old_translation_whose_text_is_still_there_is_not_offered_to_another() -> None:
    po = _po(("a.q1.answer.old", LONG, "AZ long"))
    pot = _pot(("a.q1.answer.near", LONG.replace("2,700", "2,750")), ("a.q3.answer.old", LONG))
    got = _by_id(merge(po, pot)[0])
    assert (got["a.q3.answer.old"].msgstr, got["a.q3.answer.old"].fuzzy) == ("AZ long", False)
    assert got["a.q1.answer.near"].msgstr == ""


def test_identical_text_wins_over_an_id_whose_text_changed() -> None:
    po = _po(("a.q1.answer.x", LONG, "AZ long"))
    other = "A different paragraph that now has the old ID of the long one."
    pot = _pot(("a.q1.answer.x", other), ("a.q1.answer.x-2", LONG))
    got = _by_id(merge(po, pot)[0])
    assert (got["a.q1.answer.x-2"].msgstr, got["a.q1.answer.x-2"].fuzzy) == ("AZ long", False)
    assert got["a.q1.answer.x"].msgstr == ""


def test_one_translation_for_two_entries_of_one_text_is_fuzzy_in_the_other() -> None:
    po = _po(("a.q1.answer.na", "N/A", "Tətbiq edilmir"))
    pot = _pot(("a.q1.answer.na", "N/A"), ("a.q5.answer.na", "N/A"))
    merged, stats = merge(po, pot)
    got = _by_id(merged)
    assert (got["a.q1.answer.na"].fuzzy, got["a.q1.answer.na"].previous_msgctxt) == (False, None)
    other = got["a.q5.answer.na"]
    assert (other.msgstr, other.fuzzy, other.previous_msgctxt) == (
        "Tətbiq edilmir",
        True,
        "a.q1.answer.na",
    )
    # a previous msgctxt goes with a previous msgid, as GNU msgfmt requires
    assert (other.previous_msgid, other.previous_msgid_plural) == ("N/A", None)
    assert (stats.kept, stats.fuzzy) == (1, 1)


def test_an_entry_left_empty_is_not_filled_from_another_of_the_same_text() -> None:
    po = _po(("a.q1.answer.na", "N/A", "Tətbiq edilmir"), ("a.q5.answer.na", "N/A", ""))
    pot = _pot(("a.q1.answer.na", "N/A"), ("a.q5.answer.na", "N/A"))
    assert _by_id(merge(po, pot)[0])["a.q5.answer.na"].msgstr == ""


def test_a_moved_paragraph_keeps_its_translation_not_fuzzy() -> None:
    po = _po(("a.q1.answer.x", LONG, "AZ long"))
    pot = _pot(("a.q4.answer.x", LONG))
    merged, stats = merge(po, pot)
    got = _by_id(merged)["a.q4.answer.x"]
    assert (got.msgstr, got.fuzzy, got.previous_msgctxt) == ("AZ long", False, None)
    assert (stats.kept, stats.obsolete) == (1, 0)


def test_a_text_in_another_normalisation_form_is_the_same_text() -> None:
    """``ə`` as U+0259 or as nothing else: NFC and NFD of one paragraph keep its
    translation as it was, translated or fuzzy, with no fuzzy flag added or lost."""
    import unicodedata

    nfc = "The Agency (ANAMA) in Bakı cleared 2,700 mines; café."
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    po = _po(("q1.a", nfd, "Agentlik (ANAMA) Bakıda 2.700 mina təmizləyib; kafe."))
    fuzzy = Message(
        msgctxt="q2.a",
        msgid=unicodedata.normalize("NFD", "Naïve text, now edited."),
        msgstr="Sadəlövh mətn.",
        previous_msgid=unicodedata.normalize("NFD", "Naïve text."),
    )
    fuzzy.fuzzy = True
    po.messages.append(fuzzy)
    merged, stats = merge(po, _pot(("q1.a", nfc), ("q2.a", "Naïve text, now edited.")))
    got = _by_id(merged)
    assert got["q1.a"].msgid == nfc and not got["q1.a"].fuzzy
    assert got["q1.a"].msgstr.startswith("Agentlik")
    assert got["q2.a"].fuzzy and got["q2.a"].msgstr == "Sadəlövh mətn."
    assert got["q2.a"].previous_msgid == fuzzy.previous_msgid
    assert (stats.kept, stats.fuzzy, stats.new, stats.obsolete) == (2, 0, 0, 0)
