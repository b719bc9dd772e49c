"""The quality checks and the numbers reader, case by case, in both target languages."""

from __future__ import annotations

import pytest

from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.checks import (
    CHECKS,
    Context,
    Term,
    check_catalog,
    check_document,
    read_glossary,
    silenced,
)
from reply_i18n.qa.numbers import compare, quantities
from reply_i18n.source.structure import parse_document

NBSP = "\u00a0"


def run(check: str, src: str, tgt: str, locale: str, **ctx: object) -> list[str]:
    func = CHECKS[check][0]
    assert func is not None
    context = Context(locale=locale, file="x.po", **ctx)  # type: ignore[arg-type]
    return [m for _sev, m in func(Message(msgid=src, msgstr=tgt), context)]


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("src", "tgt", "locale"),
    [
        ("More than 2,700 mines", "2.700-dən çox mina", "az"),
        ("More than 2,700 mines", "2 700-dən çox mina", "az"),
        ("More than 2,700 mines", f"более 2{NBSP}700 мин", "ru"),
        ("More than 2,700 mines", "более 2 700 мин", "ru"),
        ("around 23.5 million USD", "təxminən 23,5 milyon ABŞ dolları", "az"),
        ("around 23.5 million USD", "около 23,5 млн долл. США", "ru"),
        ("only 1.25% of all", "cəmi 1,25%-ni", "az"),
        ("only 1.25% of all", f"лишь 1,25{NBSP}% всех", "ru"),
        ("789 million manats", "789 milyon manat", "az"),
        ("789 million manats", "789 млн манатов", "ru"),
        ("on 10 November 2020", "10 noyabr 2020-ci il tarixində", "az"),
        ("on 10 November 2020", "10 ноября 2020 года", "ru"),
        ("statement of November 10, 2020", "10 noyabr 2020-ci il bəyanatı", "az"),
        ("in September 2023", "2023-cü ilin sentyabrında", "az"),
        ("in September 2023", "в сентябре 2023 года", "ru"),
        ("by April 2025", "aprel 2025-ci il", "az"),
        ("236 incidents", "236 mina partlayışı", "az"),
    ],
)
def test_numbers_accepts_locale_forms(src: str, tgt: str, locale: str) -> None:
    assert run("numbers", src, tgt, locale) == []


@pytest.mark.parametrize(
    ("tgt", "locale", "local"),
    [
        ("Протокол вступил в силу 3 June 2004.", "ru", f"3 июня 2004{NBSP}г."),
        ("Protokol 3 June 2004 qüvvəyə minmişdir.", "az", "3 iyun 2004"),
        ("Протокол вступил в силу в June 2004.", "ru", f"июнь 2004{NBSP}г."),
    ],
)
def test_a_date_left_in_the_source_form_is_one_finding(tgt: str, locale: str, local: str) -> None:
    src = (
        "The Protocol entered into force on 3 June 2004."
        if "3" in tgt
        else ("The Protocol entered into force in June 2004.")
    )
    [finding] = run("numbers", src, tgt, locale)
    assert "is written as in the source" in finding and f"'{local}" in finding


@pytest.mark.parametrize(
    ("src", "tgt", "locale", "bad"),
    [
        ("More than 2,700 mines", "2.600-dən çox mina", "az", "2700"),
        ("More than 2,700 mines", f"более 2{NBSP}600 мин", "ru", "2700"),
        ("around 23.5 million USD", "təxminən 235 milyon ABŞ dolları", "az", "23500000"),
        ("around 23.5 million USD", "около 23,5 млрд долл. США", "ru", "23500000"),
        ("only 1.25% of all", "cəmi 12,5%-ni", "az", "1.25"),
        ("on 10 November 2020", "10 ноября 2021 года", "ru", "2020-11-10"),
        ("on 10 November 2020", "10 oktyabr 2020-ci il", "az", "2020-11-10"),
        ("393 victims", "339 qurban", "az", "393"),
    ],
)
def test_numbers_rejects_other_values(src: str, tgt: str, locale: str, bad: str) -> None:
    found = run("numbers", src, tgt, locale)
    assert any(bad in m for m in found), found


def test_numbers_scale_word_must_be_whole_when_short() -> None:
    # "mina" (mine) must not read as "min" (thousand)
    assert [q.value for q in quantities("236 mina", "az")] == ["236"]
    assert [q.value for q in quantities("5 min manat", "az")] == ["5000"]


def test_compare_reports_both_directions() -> None:
    missing, extra = compare(
        "in 2021 and 2023", "в 2021 и 2024 годах", source_lang="en", target_lang="ru"
    )
    assert [q.value for q in missing] == ["2023"]
    assert [q.value for q in extra] == ["2024"]


# --------------------------------------------------------------------------- script


def test_script_flags_cyrillic_schwa_in_azerbaijani() -> None:
    found = run("script", "Azerbaijan", "Az\u04d9rbaycan", "az")
    assert found and "U+04D9" in found[0] and "U+0259" in found[0]


def test_script_accepts_correct_azerbaijani() -> None:
    assert run("script", "Azerbaijan", "Azərbaycan İqtisadi Rayonu ğ ş ç ö ü ı", "az") == []


def test_script_flags_turkish_lookalikes_in_azerbaijani() -> None:
    assert run("script", "x", "Azärbaycan", "az")
    assert run("script", "x", "\u018ermək", "az")


def test_script_flags_latin_lookalike_in_russian_word() -> None:
    found = run("script", "mines", "мины и нaземные", "ru")  # Latin "a"
    assert found and "U+0061" in found[0]


def test_script_accepts_russian_with_latin_acronym() -> None:
    assert run("script", "ANAMA and EORE", "ANAMA и EORE, Протокол II", "ru") == []


# --------------------------------------------------------------------------- the others


@pytest.mark.parametrize("locale", ["az", "ru"])
def test_untranslated(locale: str) -> None:
    assert run("untranslated", "Please see the answer.", "Please see the answer.", locale)
    assert run("untranslated", "N/A", "N/A", locale) == []
    assert run("untranslated", "ANAMA", "ANAMA", locale) == []


@pytest.mark.parametrize("ch", ["\u202e", "\u200b", "\u2066", "\x07"])
@pytest.mark.parametrize("locale", ["az", "ru"])
def test_invisible(ch: str, locale: str) -> None:
    assert run("invisible", "Mine action.", f"Mina{ch} fəaliyyəti.", locale)
    assert run("invisible", "Mine action.", "Противоминная деятельность.", locale) == []


@pytest.mark.parametrize("locale", ["az", "ru"])
def test_markup(locale: str) -> None:
    src = "This law, *inter alia*, envisages (social) support."
    assert (
        run("markup", src, "Bu qanun, *inter alia*, (sosial) dəstəyi nəzərdə tutur.", locale) == []
    )
    assert run(
        "markup", src, "Этот закон, inter alia, предусматривает (социальную) поддержку.", locale
    )
    assert run("markup", src, "Bu qanun, *inter alia*, sosial dəstəyi nəzərdə tutur.", locale)
    assert run("markup", 'the "x" word', "слово «x»", locale) == []
    assert run("markup", 'the "x" word', "слово x", locale)


@pytest.mark.parametrize("locale", ["az", "ru"])
def test_punctuation(locale: str) -> None:
    assert run("punctuation", "Is it?", "Belədirmi?", locale) == []
    assert run("punctuation", "Is it?", "Belədir.", locale)
    assert run("punctuation", "It is.", "Это  так.", locale)
    assert run("punctuation", "It is.", " Это так.", locale)
    assert run("punctuation", "If yes:", "Если да:", locale) == []


GLOSSARY = [
    Term(
        "Amended Protocol II",
        {"az": "Düzəlişlər edilmiş II Protokol", "ru": "Протокол II с поправками"},
        2,
    ),
    Term("OSCE", {"az": "ATƏT", "ru": "ОБСЕ"}, 3),
]


@pytest.mark.parametrize(
    ("locale", "good", "bad"),
    [
        (
            "ru",
            "государств – участников ОБСЕ и Протокола II с поправками",
            "государств – участников Организации и Протокола II с изменениями",
        ),
        (
            "az",
            "ATƏT-in iştirakçı dövlətləri və Düzəlişlər edilmiş II Protokola",
            "Təşkilatın iştirakçı dövlətləri və Dəyişdirilmiş II Protokola",
        ),
    ],
)
def test_glossary_allows_inflection(locale: str, good: str, bad: str) -> None:
    src = "OSCE participating States and the Amended Protocol II"
    assert run("glossary", src, good, locale, glossary=GLOSSARY) == []
    found = run("glossary", src, bad, locale, glossary=GLOSSARY)
    assert len(found) == 2


def test_glossary_alternatives_and_csv() -> None:
    terms = read_glossary(
        "en,az,ru,source_ru\nlandmine,mina,наземная мина; мина,UN\n", path="g.csv"
    )
    assert terms[0].translations == {"az": "mina", "ru": "наземная мина; мина"}
    assert run("glossary", "a landmine", "мины", "ru", glossary=terms) == []


@pytest.mark.parametrize("locale", ["az", "ru"])
def test_crossref_keeps_numbers(locale: str) -> None:
    src = "For the reasons mentioned in response to Question 3, Part I."
    assert run("crossref", src, "I hissənin 3-cü sualına cavabda", locale) == []
    assert run("crossref", src, "I hissənin 5-ci sualına cavabda", locale)
    assert run("crossref", src, "3-cü sualına cavabda", locale)


def _catalog(*pairs: tuple[str, str, str]) -> Catalog:
    return Catalog(
        header=Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"),
        messages=[
            Message(msgid=s, msgstr=t, msgctxt=c, line=10 * i)
            for i, (c, s, t) in enumerate(pairs, start=1)
        ],
    )


def test_consistency_and_silencing() -> None:
    cat = _catalog(("a", "N/A", "Tətbiq edilmir"), ("b", "N/A", "Yoxdur"))
    findings = check_catalog(cat, Context(locale="az", file="az.po"), set())
    assert [(f.check, f.segment, f.line) for f in findings] == [("consistency", "b", 20)]
    cat.messages[1].comments = ["reply-i18n: ignore consistency"]
    assert silenced(cat.messages[1]) == {"consistency"}
    assert check_catalog(cat, Context(locale="az", file="az.po"), set()) == []


def test_disabled_check_reports_nothing() -> None:
    cat = _catalog(("a", "In 2021.", "2022-ci ildə."))
    ctx = Context(locale="az", file="az.po")
    assert [f.check for f in check_catalog(cat, ctx, set())] == ["numbers", "numbers"]
    assert check_catalog(cat, ctx, {"numbers"}) == []


def test_fuzzy_entries_are_not_checked() -> None:
    cat = _catalog(("a", "In 2021.", "2022-ci ildə."))
    cat.messages[0].fuzzy = True
    assert check_catalog(cat, Context(locale="az", file="az.po"), set()) == []


def test_document_completeness_and_crossrefs() -> None:
    text = (
        "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES\n\n"
        "1. Is it so?\n\nYes, it is.\n\n"
        "2. Is it not?\n\n"
        "4. What else?\n\nPlease see the response to Question 9.\n"
    )
    doc = parse_document(text, name="d", source="d.txt")
    findings = check_document(doc, set())
    messages = sorted((f.check, f.severity, f.line, f.message) for f in findings)
    assert ("completeness", "error", 7, "question 2 has no answer") in messages
    # 2 → 4 is no finding: a conditional flow may skip questions on purpose
    assert not any("numbering" in m[3] for m in messages)
    assert any(f[0] == "crossref" and "Question 9" in f[3] for f in messages)
    assert check_document(doc, {"completeness", "crossref"}) == []


def test_crossref_to_the_wrong_part_and_across_questionnaires() -> None:
    text = (
        "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES\n\nPart I\n\n"
        "3. Is it so?\n\nYes.\n\nPart II\n\n"
        "7. And this?\n\nSee the response to Question 3, Part II.\n\n"
        "OSCE QUESTIONNAIRE ON EXPLOSIVE REMNANTS OF WAR\n\n"
        "1. Again?\n\nAs in the response to Question 3, Part I.\n"
    )
    doc = parse_document(text, name="d", source="d.txt")
    findings = [(f.segment, f.message) for f in check_document(doc, {"completeness"})]
    assert findings == [
        (
            "apm.part2.q7.answer.see-the-response-to",
            "'Question 3, Part II': question 3 is in part I, not part II",
        ),
    ]


# --------------------------------------------------------------------------- speed, not results


def _varied_catalog(n: int) -> Catalog:
    """``n`` entries that between them trip most checks, silenced and fuzzy ones included."""
    cases = [
        ("In 2021 we cleared 2,700 mines.", "2022-ci ildə 2.700 mina təmizlədik."),
        ("So the Mine Action Agency reported.", "Bunu Mina Fəaliyyəti Agentliyi bildirdi."),
        ('He said "yes".', 'O "bəli" dedi'),
        ("Total: 15 km.", "Cəmi: 15 km."),
        ("N/A", "Tətbiq edilmir"),
        ("N/A", "Yoxdur"),
        ("A *marked* word (see above).", "Qeyd olunmuş söz (yuxarıya baxın."),
        ("Plain text.", "Sadə mətn  burada."),
        ("Russian here.", "Здесь русский текст, довольно длинный."),
    ]
    cat = _catalog(*((f"s{i}", *cases[i % len(cases)]) for i in range(n)))
    for i, msg in enumerate(cat.messages):
        if i % 7 == 3:
            msg.comments = ["reply-i18n: ignore numbers, markup"]
        if i % 11 == 5:
            msg.fuzzy = True
    return cat


def test_large_catalogs_are_checked_in_parallel_with_the_same_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reply_i18n import parallel
    from reply_i18n.qa import checks

    cat = _varied_catalog(120)
    ctx = Context(locale="az", file="az.po")
    monkeypatch.setattr(checks, "PARALLEL_MIN", 20)
    monkeypatch.setattr(parallel, "cpus", lambda: 1)
    alone = check_catalog(cat, ctx, set())
    forks: list[str] = []
    real = parallel.multiprocessing.get_context

    def spy(method: str) -> object:
        forks.append(method)
        return real(method)

    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    monkeypatch.setattr(parallel.multiprocessing, "get_context", spy)
    together = check_catalog(cat, ctx, set())
    assert forks == ["fork"]
    assert together == alone
    assert {f.check for f in alone} >= {"numbers", "capitals", "markup", "script", "consistency"}


def test_capitals_prefilter_sees_every_capital_and_every_space() -> None:
    """The quick test in front of the capitals check must pass every text the check would
    flag: every letter ``str.isupper`` calls upper case, every character ``str.isspace``
    calls a space."""
    import re
    import sys

    from reply_i18n.qa.typography import _MAYBE_RUN

    word_start = re.compile(r"[^\W\d_]")
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if ch.isupper() and word_start.match(ch):
            assert _MAYBE_RUN.search(f"see {ch}a {ch}b"), f"U+{cp:04X}"
        if ch.isspace():
            assert _MAYBE_RUN.search(f"see Ab{ch}of{ch}{ch}Cd"), f"U+{cp:04X}"


def test_wrong_script_counts_letters_outside_the_english_words() -> None:
    """Latin words copied from the English do not make a Russian text Latin, however many."""
    from reply_i18n.qa.checks import check_wrong_script

    src = "The Azerbaijan National Agency for Mine Action (ANAMA) reported."
    ru = "ANAMA (Azerbaijan National Agency for Mine Action) сообщило."
    assert not list(check_wrong_script(Message(msgid=src, msgstr=ru), Context("ru", "x.po")))
    az = "Azərbaycan Milli Mina Təmizləmə Agentliyi (ANAMA) məlumat verib."
    found = list(check_wrong_script(Message(msgid=src, msgstr=az), Context("ru", "x.po")))
    assert found and "Latin letters" in found[0][1]


def test_silencing_takes_sentence_punctuation_and_reports_unknown_names() -> None:
    cat = _catalog(("a", "In 2021.", "2022-ci ildə."))
    ctx = Context(locale="az", file="az.po")
    cat.messages[0].comments = ["reply-i18n: ignore Numbers."]
    assert check_catalog(cat, ctx, set()) == []
    cat.messages[0].comments = ["reply-i18n: ignore numbrs"]
    found = [(f.check, f.severity) for f in check_catalog(cat, ctx, set())]
    assert found == [("silencing", "warning"), ("numbers", "error"), ("numbers", "error")]
    assert check_catalog(cat, ctx, {"silencing", "numbers"}) == []


@pytest.mark.parametrize(
    ("comment", "silenced_", "said"),
    [
        ("reply-i18n: ignore numbers — the figures are rounded on purpose", {"numbers"}, []),
        ("reply-i18n: ignore numbers (rounded)", {"numbers"}, []),
        ("reply-i18n: ignore", set(), ["names no check: write the checks"]),
        ("reply-i18n: ignore ,,, ,", set(), ["names no check: write the checks"]),
        ("reply-i18n: ignore stale", set(), ["cannot silence 'stale' for one entry"]),
        ("reply-i18n: ignore coverage", set(), ["cannot silence 'coverage' for one entry"]),
    ],
)
def test_silencing_comment_forms(comment: str, silenced_: set[str], said: list[str]) -> None:
    cat = _catalog(("a", "In 2021.", "2022-ci ildə."))
    cat.messages[0].comments = [comment]
    found = check_catalog(cat, Context(locale="az", file="az.po"), set())
    warnings = [f.message for f in found if f.check == "silencing"]
    assert len(warnings) == len(said)
    assert all(s in w for s, w in zip(said, warnings, strict=True))
    numbers = [f for f in found if f.check == "numbers"]
    assert bool(numbers) == ("numbers" not in silenced_)
