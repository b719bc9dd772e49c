"""The glossary: kinds, forbidden forms, inflected uses of the corrected forms, and the
shipped glossary against the shipped catalogs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.errors import ConfigError
from reply_i18n.files import read_catalog, write_catalog
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


def test_a_term_inside_a_longer_term_is_not_checked_alone() -> None:
    terms = read_glossary(
        "en,ru,kind\n"
        "mine action,противоминная деятельность,term\n"
        "Mine Action Agency of the Republic of Azerbaijan (ANAMA),"
        "Агентство по разминированию Азербайджанской Республики (ANAMA),name\n",
        path="g.csv",
    )
    src = "The Mine Action Agency of the Republic of Azerbaijan (ANAMA) publishes reports."
    tgt = "Агентство по разминированию Азербайджанской Республики (ANAMA) публикует отчеты."
    assert run(src, tgt, "ru", terms) == []
    # the same term on its own, elsewhere in the segment, is checked
    found = run(src + " It shares its mine action experience.", tgt, "ru", terms)
    assert len(found) == 1 and "'mine action'" in found[0]


# --------------------------------------------------------------------------- end to end


def _invoke(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(project), *args])
    return result.exit_code, result.output


def _edit(project: Path, lang: str, segment: str, old: str, new: str) -> None:
    path = project / "locale" / lang / "LC_MESSAGES" / "fsc-emi-122-25.po"
    cat = read_catalog(path)
    [msg] = [m for m in cat.messages if m.msgctxt == segment]
    assert old in msg.msgstr
    msg.msgstr = msg.msgstr.replace(old, new)
    write_catalog(path, cat)


def test_old_forms_coming_back_fail_the_strict_gate(shipped_project: Path) -> None:
    seg = "apm.part1.q3.answer.armenias-military-aggression-and"
    _edit(
        shipped_project,
        "ru",
        seg,
        "КОО и дополненного Протокола\u00a0II",
        # the no-break space of Russian typesetting does not hide the old form
        "КНО и Протокола\u00a0II с поправками",
    )
    code, out = _invoke(shipped_project, "check", "--min", "100", "--strict", "-l", "ru")
    assert code == 1
    # three findings: КНО, the protocol's old name, and its new name missing
    assert out.count(f"[glossary] ru {seg}") == 3
    assert (
        _invoke(shipped_project, "check", "--strict", "-l", "ru", "--disable", "glossary")[0] == 0
    )


def test_typography_findings_fail_strict_and_can_be_disabled(shipped_project: Path) -> None:
    seg = "apm.part2.q10.answer.since-the-liberation-of"
    _edit(shipped_project, "ru", seg, "789\u00a0млн", "789 млн")
    code, out = _invoke(shipped_project, "check", "--strict", "-l", "ru")
    assert code == 1 and f"[nbsp] ru {seg}: '789 млн'" in out
    assert _invoke(shipped_project, "check", "-l", "ru")[0] == 0  # a warning, not an error
    assert _invoke(shipped_project, "check", "--strict", "-l", "ru", "--disable", "nbsp")[0] == 0
    config = shipped_project / "reply-i18n.toml"
    config.write_text(config.read_text().replace("disable = []", 'disable = ["nbsp"]'))
    assert _invoke(shipped_project, "check", "--strict", "-l", "ru")[0] == 0


def test_ordinal_in_the_shipped_catalog(shipped_project: Path) -> None:
    seg = "apm.part1.q3.answer.although-the-conflict-came"
    _edit(shipped_project, "az", seg, "2023-cü ilin", "2023-ci ilin")
    code, out = _invoke(shipped_project, "check", "--strict", "-l", "az")
    assert code == 1 and f"[ordinal] az {seg}: '2023-ci'" in out
