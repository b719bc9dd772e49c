"""The glossary: kinds, forbidden forms, inflected uses of the corrected forms, and the
shipped glossary against the shipped catalogs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from reply_i18n.errors import ConfigError
from reply_i18n.po.pofile import Message, parse_po
from reply_i18n.qa.checks import CHECKS, Context, Term, read_glossary

ROOT = Path(__file__).resolve().parent.parent

CSV = (
    "en,az,ru,kind,az_forbidden,ru_forbidden,source_ru\n"
    'Convention on Certain Conventional Weapons (CCW),CCW,"Конвенция о запрещении (КОО); КОО",'
    "name,,КНО,UN CCW documents\n"
    "Amended Protocol II,Düzəlişlər edilmiş II Protokol,дополненный Протокол II,name,,"
    '"Протокол II с поправками; Протокол с поправками",UN CCW documents\n'
    "explosive remnants of war (ERW),müharibənin partlayıcı qalıqları,"
    "взрывоопасные пережитки войны (ВПВ),,ERW,,\n"
    "Depositary,depozitari,депозитарий,term,Depozitari,,\n"
    "Garabagh Economic Zone,Qarabağ iqtisadi rayonu,Карабахский экономический район,name,"
    "Qarabağ İqtisadi Rayonu,,\n"
)
TERMS = read_glossary(CSV, path="g.csv")


def run(src: str, tgt: str, locale: str, terms: list[Term] = TERMS) -> list[str]:
    func = CHECKS["glossary"][0]
    assert func is not None
    ctx = Context(locale=locale, file="x.po", glossary=terms)
    return [m for _sev, m in func(Message(msgid=src, msgstr=tgt), ctx)]


def test_read_kind_and_forbidden_columns() -> None:
    ccw, ap2, erw, dep, gez = TERMS
    assert ccw.proper and ap2.proper and not erw.proper and not dep.proper
    assert ap2.forbidden == {"ru": ("Протокол II с поправками", "Протокол с поправками")}
    assert erw.forbidden == {"az": ("ERW",)}
    # the forbidden columns are not languages
    assert set(ccw.translations) == {"az", "ru"}
    assert gez.forbidden == {"az": ("Qarabağ İqtisadi Rayonu",)}


def test_unknown_kind_is_an_error_with_its_line() -> None:
    with pytest.raises(ConfigError) as err:
        read_glossary("en,az,kind\nmine,mina,term\nOSCE,ATƏT,acronym\n", path="g.csv")
    assert "acronym" in str(err.value) and ":3:" in str(err.value)


@pytest.mark.parametrize(
    "tgt",
    [
        "участником КОО и дополненного Протокола II.",
        "присоединиться к КОО и дополненному Протоколу II",
        "цели КОО и дополненного Протокола II",
    ],
)
def test_corrected_russian_forms_are_accepted_inflected(tgt: str) -> None:
    src = "a party to the CCW and the Amended Protocol II"
    assert run(src, tgt, "ru") == []


@pytest.mark.parametrize(
    ("tgt", "form"),
    [
        ("участником КОО и Протокола II с поправками.", "Протокол II с поправками"),
        ("присоединиться к КОО и Протоколу II с поправками", "Протокол II с поправками"),
        ("участником КНО и дополненного Протокола II.", "КНО"),
        ("статьей 13 Протокола с поправками", "Протокол с поправками"),
    ],
)
def test_old_russian_forms_are_flagged(tgt: str, form: str) -> None:
    found = run("a party to the CCW and the Amended Protocol II", tgt, "ru")
    assert any(f"{form!r} is a forbidden form" in f for f in found)


def test_forbidden_forms_are_flagged_without_the_english_term() -> None:
    # "Protocol V to the CCW" does not name the CCW's glossary phrase, but КНО is still wrong
    assert run("Protocol V", "Протокол V к КНО", "ru")
    assert run("Protocol V", "Протокол V к КОО", "ru") == []


def test_forbidden_capitalisation_and_its_exceptions() -> None:
    src = "the Garabagh Economic Zone"
    assert run(src, "Qarabağ İqtisadi Rayonunda 2.700 mina", "az")  # at the start too
    assert run(src, "həmçinin Qarabağ iqtisadi rayonunda", "az") == []
    # a capital only at the start of a sentence is not the forbidden capitalisation
    assert run("the Depositary", "Depozitari bildiriş alıb.", "az") == []
    assert run("the Depositary", "Bu barədə Depozitariyə bildiriş", "az")
    assert run("the Depositary", "Bu barədə depozitariyə bildiriş", "az") == []


def test_abbreviation_in_parentheses_is_not_a_forbidden_use() -> None:
    src = "Protocol V on Explosive Remnants of War (ERW) and ERW"
    ok = "müharibənin partlayıcı qalıqları (ERW) haqqında V Protokol və müharibənin qalıqları"
    assert run(src, ok, "az") == []
    assert run(src, "müharibənin partlayıcı qalıqları (ERW) və ERW əleyhinə", "az")


def test_english_plurals_match_the_term() -> None:
    terms = read_glossary("en,az\ncombatant,kombatant\n", path="g.csv")
    assert run("civilians and combatants", "mülki şəxslər ilə döyüşçülər", "az", terms)
    assert run("civilians and combatants", "mülki şəxslər ilə kombatantlar", "az", terms) == []


def test_shipped_glossary_reads_and_names_a_source_for_every_row() -> None:
    text = (ROOT / "locale" / "glossary.csv").read_text(encoding="utf-8")
    terms = read_glossary(text, path="locale/glossary.csv")
    assert len(terms) > 50
    for row in csv.DictReader(io.StringIO(text)):
        assert row["source_az"].strip() and row["source_ru"].strip(), row["en"]
        assert row["kind"] in ("name", "term"), row["en"]


@pytest.mark.parametrize("locale", ["az", "ru"])
def test_shipped_catalogs_have_none_of_the_old_forms(locale: str) -> None:
    path = ROOT / "locale" / locale / "LC_MESSAGES" / "fsc-emi-122-25.po"
    catalog, _ = parse_po(path.read_text("utf-8"), path=str(path))
    translated = "\n".join(m.msgstr for m in catalog.messages)
    assert "дополненн" in translated or locale == "az"
    for old in ("КНО", "с поправками", "İqtisadi Rayon", "Depozitari", "döyüşçü"):
        assert old not in translated
