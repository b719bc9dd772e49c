"""Typography checks: no-break spaces, quotation marks, Azerbaijani ordinal suffixes, and
capitals copied from English, each with cases that must be reported and cases that must not."""

from __future__ import annotations

import pytest

from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.checks import CHECKS, Context, Term, check_catalog, validate_disabled
from reply_i18n.qa.typography import AZ_ORDINALS, TYPOGRAPHY, Typography

NBSP = "\u00a0"


def run(check: str, tgt: str, locale: str, src: str = "", **ctx: object) -> list[str]:
    func = CHECKS[check][0]
    assert func is not None
    context = Context(locale=locale, file="x.po", **ctx)  # type: ignore[arg-type]
    return [m for _sev, m in func(Message(msgid=src, msgstr=tgt), context)]


# --------------------------------------------------------------------------- nbsp


@pytest.mark.parametrize(
    "text",
    [
        "выделило 789 млн азербайджанских манатов",
        f"(464 млн{NBSP}долл.{NBSP}США)",  # ordinary space after the figure
        f"около 23,5{NBSP}млн долл.{NBSP}США",  # ordinary space between units
        "охватывают лишь 1,25% всех территорий",  # no space at all
        "более 3 тыс. человек",
        "на 12 км",
        "в 2025 г. было",
    ],
)
def test_nbsp_reports_a_number_and_unit_apart(text: str) -> None:
    found = run("nbsp", text, "ru")
    assert len(found) == 1 and "no-break space" in found[0]


@pytest.mark.parametrize(
    "text",
    [
        f"выделило 789{NBSP}млн азербайджанских манатов (464{NBSP}млн{NBSP}долл.{NBSP}США)",
        f"охватывают лишь 1,25{NBSP}% всех территорий",
        "охватывают лишь 1,25\u202f% всех территорий",  # narrow no-break space
        f"более 3{NBSP}400 человек",  # no unit: nothing to join
        "в 2021 году и 10 ноября",
        "Протокол V и 70 мин",
    ],
)
def test_nbsp_accepts_joined_units(text: str) -> None:
    assert run("nbsp", text, "ru") == []


def test_nbsp_inside_dollars_and_before_a_spaced_dash() -> None:
    assert run("nbsp", f"сумма в долларах: долл.{NBSP}США", "ru") == []
    assert len(run("nbsp", "сумма: 5 долл. США", "ru")) == 2  # after 5 and inside
    assert run("nbsp", "оплата в долл. США", "ru")
    assert run("nbsp", "государства – участники ОБСЕ", "ru")
    assert run("nbsp", "государства — участники ОБСЕ", "ru")
    assert run("nbsp", f"государства{NBSP}– участники ОБСЕ", "ru") == []
    assert run("nbsp", "мин-ловушек и 1990–2020 годы", "ru") == []  # unspaced dash


def test_nbsp_has_no_rules_for_azerbaijani() -> None:
    assert run("nbsp", "789 milyon manat - ATƏT-in iştirakçı dövlətləri", "az") == []


# --------------------------------------------------------------------------- quotes


@pytest.mark.parametrize("locale", ["az", "ru"])
@pytest.mark.parametrize(
    "text",
    [
        'the "Ottawa" name',
        "the “Ottawa” name",
        "the 'Ottawa' name",
        "the «Ottawa name",
        "the Ottawa» name",
    ],
)
def test_quotes_reports_foreign_or_unbalanced_marks(locale: str, text: str) -> None:
    assert run("quotes", text, locale)


@pytest.mark.parametrize("locale", ["az", "ru"])
def test_quotes_accepts_guillemets_and_apostrophes(locale: str) -> None:
    assert run("quotes", "«Kaset Sursatlar haqqında konvensiya»", locale) == []
    assert run("quotes", "Кот-д’Ивуар и ATƏT-in", locale) == []


def test_quotes_inside_quotes_in_russian() -> None:
    assert run("quotes", "в статье «о конвенции „Оттава“ и другом»", "ru") == []
    found = run("quotes", "в статье «о конвенции «Оттава» и другом»", "ru")
    assert found and "„…“" in found[0]
    assert run("quotes", "в статье “Оттава”", "ru")  # ” is English, not Russian


# --------------------------------------------------------------------------- ordinal

#: the suffix of every year 1990-2040, read from how each year is said in Azerbaijani:
#: 1990 "min doqquz yüz doxsan", 2000 "iki min", 2010 "iki min on", 2020 "iki min iyirmi",
#: 2030 "iki min otuz", 2040 "iki min qırx"; a year ending in 1-9 ends in its unit word:
#: bir, iki, üç, dörd, beş, altı, yeddi, səkkiz, doqquz.
_UNITS = ["ci", "ci", "cü", "cü", "ci", "cı", "ci", "ci", "cu"]
_DECADES = {1990: "cı", 2000: "ci", 2010: "cu", 2020: "ci", 2030: "cu", 2040: "cı"}
YEARS = {
    decade + unit: (_DECADES[decade] if unit == 0 else _UNITS[unit - 1])
    for decade in _DECADES
    for unit in range(10)
    if decade + unit <= 2040
}
SUFFIXES = ("ci", "cı", "cu", "cü")


def test_year_table_covers_1990_to_2040() -> None:
    assert sorted(YEARS) == list(range(1990, 2041))
    assert (YEARS[2020], YEARS[2023], YEARS[2026], YEARS[2030]) == ("ci", "cü", "cı", "cu")


@pytest.mark.parametrize(("year", "suffix"), sorted(YEARS.items()))
def test_ordinal_suffix_of_every_year(year: int, suffix: str) -> None:
    assert run("ordinal", f"{year}-{suffix} ildə", "az") == []
    for wrong in SUFFIXES:
        if wrong != suffix:
            found = run("ordinal", f"{year}-{wrong} ildə", "az")
            assert len(found) == 1 and f"-{suffix}" in found[0]


@pytest.mark.parametrize(
    ("word", "suffix"),
    [
        ("bir", "ci"), ("iki", "ci"), ("üç", "cü"), ("dörd", "cü"), ("beş", "ci"),
        ("altı", "cı"), ("yeddi", "ci"), ("səkkiz", "ci"), ("doqquz", "cu"), ("on", "cu"),
        ("iyirmi", "ci"), ("otuz", "cu"), ("qırx", "cı"), ("əlli", "ci"), ("altmış", "cı"),
        ("yetmiş", "ci"), ("səksən", "ci"), ("doxsan", "cı"), ("yüz", "cü"), ("min", "ci"),
        ("milyon", "cu"), ("milyard", "cı"),
    ],
)  # fmt: skip
def test_each_numeral_word_gives_its_suffix(word: str, suffix: str) -> None:
    numbers = [n for n, w in AZ_ORDINALS.words.items() if w == word]
    assert numbers, word
    assert AZ_ORDINALS.suffix(numbers[0]) == suffix


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("13-cü maddəsinə", True),  # on üç
        ("6-cı sualına", True),
        ("10-cu suala", True),
        ("100-cü il", True),
        ("1000-ci il", True),
        ("1900-cü il", True),  # min doqquz yüz
        ("2.700-cü mina", True),  # iki min yeddi yüz
        ("1000000-cu", True),
        ("1100000-ci", True),  # bir milyon yüz min
        ("0-cı", True),
        ("2023-CÜ İL", True),  # capitals in a heading
        ("2023-CU İL", False),
        ("13-cu maddəsinə", False),
        ("6-ci sualına", False),
        ("2.700-dən çox", True),  # another suffix: not an ordinal
    ],
)
def test_ordinal_other_numbers(text: str, ok: bool) -> None:
    assert (run("ordinal", text, "az") == []) is ok


def test_ordinal_is_azerbaijani_only() -> None:
    assert run("ordinal", "2020-cu", "ru") == []


# --------------------------------------------------------------------------- capitals

SRC = "ANAMA publishes a report on Explosive Risk Ordnance Education (EORE) and victims."
NAMES = [
    Term("Mine Action Agency", {"az": "Minatəmizləmə Agentliyi"}, 2, proper=True),
    Term("Explosive Risk Ordnance Education", {"az": "partlayıcı sursat"}, 3, proper=False),
]


def test_capitals_copied_from_an_english_phrase_are_reported() -> None:
    tgt = "ANAMA Partlayıcı sursat riskləri barədə maarifləndirmə (EORE) üzrə hesabat dərc edir."
    found = run("capitals", tgt, "az", src=SRC, glossary=NAMES)
    assert len(found) == 1 and "'Partlayıcı'" in found[0]
    lower = tgt.replace("Partlayıcı", "partlayıcı")
    assert run("capitals", lower, "az", src=SRC, glossary=NAMES) == []


def test_capitals_of_a_glossary_name_are_not_reported() -> None:
    src = "Reports of the Mine Action Agency are published."
    tgt = "Hesabatlar Minatəmizləmə Agentliyi tərəfindən dərc edilir."
    assert run("capitals", tgt, "az", src=src, glossary=NAMES) == []
    # without the glossary the English phrase is not known as a name: reported for review
    assert run("capitals", tgt, "az", src=src, glossary=[])


def test_capitals_at_the_start_of_a_sentence_or_without_an_english_phrase() -> None:
    src = "Explosive Risk Ordnance Education helps. It is given."
    tgt = "Partlayıcı sursat riskləri barədə maarifləndirmə kömək edir. Bu verilir."
    assert run("capitals", tgt, "az", src=src, glossary=NAMES) == []
    assert run("capitals", "Bu, Vyana şəhərində olub.", "az", src="It was in Vienna.") == []


def test_capitals_in_russian() -> None:
    tgt = "ANAMA публикует отчет о Просвещении по вопросам опасности взрывоопасных предметов."
    assert run("capitals", tgt, "ru", src=SRC, glossary=NAMES)


# --------------------------------------------------------------------------- rules as data


def test_rules_are_data_and_can_be_replaced() -> None:
    assert set(TYPOGRAPHY) >= {"az", "ru"}
    custom = {"az": Typography(quotes=("“", "”"), foreign_quotes=("«", "»"))}
    assert run("quotes", "“Vyana”", "az", typography=custom) == []
    assert run("quotes", "«Vyana»", "az", typography=custom)
    assert run("quotes", "«Vyana»", "az_AZ") == []  # a regional locale uses its language


@pytest.mark.parametrize("name", ["nbsp", "quotes", "ordinal", "capitals"])
def test_typography_checks_are_registered_and_can_be_disabled(name: str) -> None:
    assert validate_disabled([name]) == {name}
    text = {
        "nbsp": "выделило 789 млн манатов",
        "quotes": 'это "цитата"',
        "ordinal": "2023-ci ildə",
        "capitals": "ANAMA Partlayıcı sursat riskləri barədə maarifləndirmə (EORE) dərc edir.",
    }[name]
    locale = "ru" if name in ("nbsp", "quotes") else "az"
    src = SRC if name == "capitals" else "x"
    cat = Catalog(
        header=Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"),
        messages=[Message(msgid=src, msgstr=text, msgctxt="a", line=5)],
    )
    ctx = Context(locale=locale, file="x.po", glossary=NAMES)
    others = set(CHECKS) - {name}
    found = check_catalog(cat, ctx, others)
    assert [f.check for f in found] == [name]
    assert all(f.severity == "warning" for f in found)
    assert check_catalog(cat, ctx, set(CHECKS)) == []
    cat.messages[0].comments = [f"reply-i18n: ignore {name}"]
    assert check_catalog(cat, ctx, others) == []
