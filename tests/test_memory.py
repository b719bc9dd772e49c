"""The translation memory: figure adaptation, TMX reading, the index, lookups, and
pre-translation through ``update --tm`` on the shipped reply."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.errors import TranslationMemoryError
from reply_i18n.files import read_catalog, read_document
from reply_i18n.memory.adapt import adapt, az_last_word, skeleton
from reply_i18n.memory.index import Index
from reply_i18n.memory.match import lookup
from reply_i18n.memory.pretranslate import pretranslate
from reply_i18n.memory.tmx import read_tmx
from reply_i18n.memory.units import Unit, catalog_units, language_code
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.numbers import compare

ROOT = Path(__file__).resolve().parent.parent
DOC = "fsc-emi-122-25"
NBSP = "\u00a0"


def index_of(*units: Unit) -> Index:
    return Index.create(sqlite3.connect(":memory:"), units, fingerprint="test")


# --- figure adaptation ------------------------------------------------------------------


def test_adapt_writes_numbers_in_the_target_locale() -> None:
    old_en, new_en = "More than 2,700 mines were found.", "More than 3,150 mines were found."
    assert (
        adapt(new_en, old_en, f"Более 2{NBSP}700 мин.", target_lang="ru")
        == f"Более 3{NBSP}150 мин."
    )
    assert adapt(new_en, old_en, "2.700-dən çox mina.", target_lang="az") == "3.150-dən çox mina."


def test_adapt_scaled_amounts_decimals_and_percentages() -> None:
    old_en = "789 million manats and 23.5 million USD, 1.25% of the areas"
    new_en = "812 million manats and 25.1 million USD, 1.4% of the areas"
    old_ru = f"789{NBSP}млн манатов и 23,5{NBSP}млн долл. США, 1,25 % территорий"
    assert adapt(new_en, old_en, old_ru, target_lang="ru") == (
        f"812{NBSP}млн манатов и 25,1{NBSP}млн долл. США, 1,4 % территорий"
    )


def test_adapt_full_dates_and_a_year_inside_a_month_date() -> None:
    assert (
        adapt("on 12 March 2024", "on 10 November 2020", "10 ноября 2020 года", target_lang="ru")
        == "12 марта 2024 года"
    )
    az = adapt(
        "above 3600 (by April 2026)",
        "above 3400 (by April 2025)",
        "3.400-dən çoxdur (2025-ci ilin aprel ayına olan məlumata görə)",
        target_lang="az",
    )
    # the year's suffix follows the new year by vowel harmony: 2025-ci, 2026-cı
    assert az == "3.600-dən çoxdur (2026-cı ilin aprel ayına olan məlumata görə)"


@pytest.mark.parametrize(
    ("year", "suffix"),
    [
        (2020, "ci"),
        (2021, "ci"),
        (2023, "cü"),
        (2024, "cü"),
        (2026, "cı"),
        (2029, "cu"),
        (2030, "cu"),
        (2040, "cı"),
        (2000, "ci"),
        (1990, "cı"),
        (2100, "cü"),
    ],
)
def test_adapt_reharmonises_the_azerbaijani_ordinal(year: int, suffix: str) -> None:
    assert (
        adapt(f"in {year}", "in 2019", "2019-cu ildə", target_lang="az") == f"{year}-{suffix} ildə"
    )


def test_az_last_word_reads_the_number_aloud() -> None:
    assert [az_last_word(n) for n in (2023, 2030, 2000, 1990, 60, 0, 3_000_000)] == [
        "üç",
        "otuz",
        "min",
        "doxsan",
        "altmış",
        "sıfır",
        "milyon",
    ]


@pytest.mark.parametrize(
    ("new_en", "old_ru"),
    [
        ("More than 3,150 bombs were found.", f"Более 2{NBSP}700 мин."),  # a word changed too
        ("More than 3,150 mines were found.", "Более двух тысяч семисот мин."),  # figure in words
        ("More than 2,700 mines were found.", f"Более 2{NBSP}700 мин."),  # nothing changed
    ],
)
def test_adapt_refuses_what_it_cannot_do_safely(new_en: str, old_ru: str) -> None:
    assert adapt(new_en, "More than 2,700 mines were found.", old_ru, target_lang="ru") is None


def test_skeleton_takes_out_every_figure() -> None:
    assert skeleton("In 2021, 2,700 mines; 1.25%") == skeleton("In 2024, 3,150 mines; 1.4%")
    assert skeleton("In 2021, 2,700 mines") != skeleton("In 2021, 2,700 bombs")


# --- TMX ----------------------------------------------------------------------------------

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="paragraph"
 adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/>
<body>
 <tu tuid="apm.title"><tuv xml:lang="en-US">
   <seg>Mines <bpt i="1">&lt;b&gt;</bpt>today<ept i="1">&lt;/b&gt;</ept></seg></tuv>
  <tuv xml:lang="ru-RU">
   <seg>Мины <bpt i="1">&lt;b&gt;</bpt>сегодня<ept i="1">&lt;/b&gt;</ept></seg></tuv>
  <tuv lang="AZ"><seg>Minalar bu gün</seg></tuv></tu>
 <tu><tuv xml:lang="ru"><seg>Только перевод</seg></tuv></tu>
</body></tmx>""".encode()


def test_tmx_multilingual_units_give_one_unit_per_target_language() -> None:
    units = list(read_tmx(TMX, origin="tm/old.tmx"))
    assert [(u.locale, u.source, u.target, u.segment) for u in units] == [
        ("ru", "Mines today", "Мины сегодня", "apm.title"),
        ("az", "Mines today", "Minalar bu gün", "apm.title"),
    ]


def test_tmx_malformed_xml_names_file_and_line() -> None:
    with pytest.raises(TranslationMemoryError) as err:
        list(read_tmx(b"<tmx>\n<body>\n<tu></body></tmx>", origin="tm/bad.tmx"))
    assert str(err.value).startswith("tm/bad.tmx:3: not well-formed XML")


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<tmx><body><tu><tuv xml:lang='en'><seg>&xxe;</seg></tuv></tu></body></tmx>",
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<tmx><body><tu><tuv xml:lang='en'><seg>&b;</seg></tuv></tu></body></tmx>",
    ],
    ids=["external-entity", "entity-expansion"],
)
def test_tmx_entities_are_refused(payload: bytes) -> None:
    with pytest.raises(TranslationMemoryError, match="entities"):
        list(read_tmx(payload, origin="tm/evil.tmx"))


def test_language_codes_drop_region_and_script() -> None:
    assert [language_code(t) for t in ("ru-RU", "az_Latn_AZ", "EN-us", "de")] == [
        "ru",
        "az",
        "en",
        "de",
    ]


# --- lookups ------------------------------------------------------------------------------


def test_lookup_prefers_context_then_exact_then_adapted_then_fuzzy() -> None:
    same_id = Unit("Text A.", "Текст А (контекст).", "ru", "old.po", "apm.q1.answer.text-a", "old")
    other_id = Unit("Text A.", "Текст А.", "ru", "other.po", "apm.q9.answer.text-a", "other")
    figures = Unit(
        "In 2021, 2,700 mines were found.", f"В 2021 году найдено 2{NBSP}700 мин.", "ru", "o.po"
    )
    index = index_of(other_id, same_id, figures)
    context = lookup(index, "Text A.", locale="ru", segment="apm.q1.answer.text-a")
    assert context is not None and (context.kind, context.text) == (
        "context",
        "Текст А (контекст).",
    )
    exact = lookup(index, "Text A.", locale="ru", segment="erw.q1.answer.text-a")
    assert exact is not None and exact.kind == "exact" and exact.band == "100%"
    adapted = lookup(index, "In 2024, 3,150 mines were found.", locale="ru")
    assert adapted is not None and adapted.kind == "adapted"
    assert adapted.text == f"В 2024 году найдено 3{NBSP}150 мин."
    fuzzy = lookup(index, "In 2021, 2,700 mines were found and destroyed.", locale="ru")
    assert fuzzy is not None and fuzzy.kind == "fuzzy" and 75 <= fuzzy.score < 100
    assert lookup(index, "Something else entirely, with other words.", locale="ru") is None
    assert lookup(index, "Text A.", locale="az") is None


def test_lookup_honours_the_minimum_score() -> None:
    index = index_of(Unit("The agency publishes reports on demining.", "X", "ru", "o.po"))
    query = "The agency publishes yearly reports on demining and victims."
    found = lookup(index, query, locale="ru", min_score=60)
    assert found is not None and found.score < 90
    assert lookup(index, query, locale="ru", min_score=90) is None


def test_pretranslate_fills_only_untranslated_entries() -> None:
    index = index_of(
        Unit("Hello world.", "Привет, мир.", "ru", "locale/ru/LC_MESSAGES/a.po", "a.x", "a")
    )
    catalog = Catalog(
        header=Message(msgid="", msgstr="Language: ru\\n"),
        messages=[
            Message(msgid="Hello world.", msgctxt="b.untranslated"),
            Message(msgid="Hello world.", msgstr="Мой перевод.", msgctxt="b.done"),
            Message(msgid="Hello world.", msgstr="Черновик.", msgctxt="b.fuzzy", flags=["fuzzy"]),
        ],
    )
    result = pretranslate(catalog, index, locale="ru", document="b")
    untranslated, done, fuzzy = result.catalog.messages
    assert untranslated.msgstr == "Привет, мир." and untranslated.fuzzy
    assert untranslated.comments == ["tm: 100% match, locale/ru/LC_MESSAGES/a.po, a.x"]
    assert (done.msgstr, done.fuzzy, fuzzy.msgstr) == ("Мой перевод.", False, "Черновик.")
    assert catalog.messages[0].msgstr == ""  # the input is left as it was
    assert result.bands.segments["100%"] == 1 and result.bands.words["100%"] == 2


def test_catalog_units_skip_fuzzy_and_empty_entries() -> None:
    catalog = Catalog(
        header=Message(msgid=""),
        messages=[
            Message(msgid="a", msgstr="А"),
            Message(msgid="b", msgstr="Б", flags=["fuzzy"]),
            Message(msgid="c"),
            Message(msgid="d", msgstr="Д", obsolete=True),
        ],
    )
    assert [u.source for u in catalog_units(catalog, locale="ru", origin="x.po")] == ["a", "d"]


# --- update --tm on the shipped reply -----------------------------------------------------

#: Figures of the 2025 reply and what a "2026" reply says instead.
FIGURES_2026 = [
    ("More than 2,700 mines", "More than 3,150 mines"),
    ("236 incidents", "251 incidents"),
    ("393 people", "418 people"),
    ("with 70 being killed and 323 severely", "with 74 being killed and 344 severely"),
    ("above 3400 (by April 2025)", "above 3600 (by April 2026)"),
    ("789 million", "812 million"),
    ("464 million USD", "478 million USD"),
    ("23.5 million", "25.1 million"),
    ("only 1.25%", "only 1.4%"),
]
REWORDED = (
    "The government provides inclusive vocational education",
    "The Government now provides inclusive and accessible vocational education",
)
NEW_PARAGRAPH = "Azerbaijan hosted an international conference on mine action in Baku in 2026."


def _project(tmp_path: Path) -> Path:
    for name in ("source", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "reply-i18n.toml", tmp_path)
    return tmp_path


def _make_2026(project: Path) -> str:
    text = (project / "source" / f"{DOC}.txt").read_text(encoding="utf-8")
    for old, new in FIGURES_2026:
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace(*REWORDED)
    # a new paragraph, and two paragraphs of Part I question 4 swapped
    paragraphs = text.split("\n\n")
    i = next(n for n, p in enumerate(paragraphs) if p.startswith("Azerbaijan remains committed"))
    paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    paragraphs.insert(i + 2, NEW_PARAGRAPH)
    (project / "source" / "fsc-emi-45-26.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return "fsc-emi-45-26"


def _run(project: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["-C", str(project), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_next_years_reply_is_pretranslated_from_last_years(tmp_path: Path) -> None:
    project = _project(tmp_path)
    doc = _make_2026(project)
    old_doc = read_document(project / "source" / f"{DOC}.txt", "old")
    new_doc = read_document(project / "source" / f"{doc}.txt", "new")
    old_texts = [s.text for s in old_doc.translatable()]
    reusable = [
        s
        for s in new_doc.translatable()
        if s.text in old_texts or any(skeleton(s.text) == skeleton(t) for t in old_texts)
    ]
    _run(project, "extract", doc)
    _run(project, "init", "--locale", "az", doc)
    _run(project, "init", "--locale", "ru", doc)
    for code in ("az", "ru"):
        path = project / "locale" / code / "LC_MESSAGES" / f"{doc}.po"
        translated = read_catalog(path)
        by_id = {m.msgctxt: m for m in translated.active()}
        assert not any(m.msgstr for m in by_id.values())
        # a translator has already done one entry by hand: the memory must not touch it
        mine = next(iter(by_id))
        by_id[mine].msgstr = "Tərcüməçinin işi" if code == "az" else "Работа переводчика"
        from reply_i18n.files import write_catalog

        write_catalog(path, translated)
    output = _run(project, "update", "--tm", doc)
    assert "translation memory: filled" in output
    for code in ("az", "ru"):
        catalog = read_catalog(project / "locale" / code / "LC_MESSAGES" / f"{doc}.po")
        by_id = {m.msgctxt: m for m in catalog.active()}
        filled = [s for s in reusable if by_id[s.id].msgstr]
        assert len(filled) >= 0.9 * len(reusable), (code, len(filled), len(reusable))
        assert by_id[mine].msgstr in ("Tərcüməçinin işi", "Работа переводчика")
        assert not by_id[mine].fuzzy
        adapted = [m for m in catalog.active() if any("figures adapted" in c for c in m.comments)]
        assert len(adapted) >= 3, code
        for msg in adapted:
            missing, extra = compare(msg.msgid, msg.msgstr, source_lang="en", target_lang=code)
            assert (missing, extra) == ([], []), msg.msgctxt
            assert msg.fuzzy
        figures = " ".join(m.msgstr for m in adapted)
        if code == "ru":
            assert f"3{NBSP}150" in figures and "25,1" in figures
        else:
            assert "3.150" in figures and "25,1" in figures
        unchanged = [m for m in catalog.active() if any("context match" in c for c in m.comments)]
        assert unchanged and not any(m.fuzzy for m in unchanged)
        new = next(m for m in catalog.active() if m.msgid == NEW_PARAGRAPH)
        assert not new.msgstr


def test_blanked_erw_part_is_refilled_from_the_mines_part(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = project / "locale" / "az" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = read_catalog(path)
    erw = [m for m in catalog.messages if (m.msgctxt or "").startswith("erw.")]
    for msg in erw:
        msg.msgstr = ""
    from reply_i18n.files import write_catalog

    write_catalog(path, catalog)
    _run(project, "update", "--tm", "--locale", "az")
    after = {m.msgctxt: m for m in read_catalog(path).active()}
    refilled = [after[m.msgctxt] for m in erw if after[m.msgctxt].msgstr]
    assert len(refilled) >= len(erw) * 0.6
    for msg in refilled:
        assert msg.fuzzy
        origin = [c for c in msg.comments if c.startswith("tm: ")]
        assert origin and f"locale/az/LC_MESSAGES/{DOC}.po, apm." in origin[0]


def test_update_without_tm_leaves_untranslated_entries_alone(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = project / "locale" / "az" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = read_catalog(path)
    catalog.messages[-1].msgstr = ""
    from reply_i18n.files import write_catalog

    write_catalog(path, catalog)
    before = path.read_bytes()
    _run(project, "update", "--locale", "az")
    assert path.read_bytes() == before


def test_memory_index_is_rebuilt_only_when_inputs_change(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _run(project, "update", "--tm", "--dry-run")
    index = project / ".reply-i18n-cache" / "memory.sqlite"
    stamp = index.stat().st_mtime_ns
    # the cache folder tells git to ignore it, in any project
    assert (index.parent / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    _run(project, "update", "--tm", "--dry-run")
    assert index.stat().st_mtime_ns == stamp
    (project / "tm").mkdir()
    (project / "tm" / "old.tmx").write_bytes(TMX)
    _run(project, "update", "--tm", "--dry-run")
    assert index.stat().st_mtime_ns != stamp
    db = sqlite3.connect(index)
    assert db.execute("SELECT count(*) FROM units WHERE origin = 'tm/old.tmx'").fetchone()[0] == 2


def test_compendium_without_language_is_a_clear_error(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "tm").mkdir()
    (project / "tm" / "compendium.po").write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n')
    result = CliRunner().invoke(app, ["-C", str(project), "update", "--tm"])
    assert result.exit_code == 1
    assert "tm/compendium.po: a compendium needs a 'Language' header" in result.output
    assert not re.search(r"Traceback", result.output)


def test_a_damaged_index_is_rebuilt(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _run(project, "update", "--tm", "--dry-run")
    index = project / ".reply-i18n-cache" / "memory.sqlite"
    index.write_bytes(b"garbage, not a database" * 200)
    _run(project, "update", "--tm", "--dry-run")
    assert sqlite3.connect(index).execute("SELECT count(*) FROM units").fetchone()[0] > 0


def test_adapt_reharmonises_the_year_of_a_full_date() -> None:
    old = "10 noyabr 2020-ci il tarixindən bəri"
    assert adapt("Since 10 November 2026", "Since 10 November 2020", old, target_lang="az") == (
        "10 noyabr 2026-cı il tarixindən bəri"
    )
    assert adapt(
        "on December 10, 2030", "on November 10, 2020", "10 noyabr 2020-ci il", target_lang="az"
    ) == ("10 dekabr 2030-cu il")


def test_adapt_groups_digits_where_the_english_does() -> None:
    assert (
        adapt("1,236 incidents", "236 incidents", "236 случаев", target_lang="ru")
        == f"1{NBSP}236 случаев"
    )
    assert (
        adapt("1,236 incidents", "236 incidents", "236 hadisə", target_lang="az") == "1.236 hadisə"
    )


def test_a_plural_category_change_is_flagged_for_review() -> None:
    index = index_of(Unit("There were 236 incidents.", "Произошло 236 случаев.", "ru", "o.po"))
    found = lookup(index, "There were 251 incidents.", locale="ru")
    assert found is not None and found.kind == "adapted" and found.shifts == (("236", "251"),)
    catalog = Catalog(
        header=Message(msgid=""), messages=[Message(msgid="There were 251 incidents.")]
    )
    filled = pretranslate(catalog, index, locale="ru", document="x").catalog.messages[0]
    assert filled.comments[-1].endswith("check the agreement of the words after 236 → 251")


def test_matches_below_75_have_a_band_of_their_own() -> None:
    index = index_of(Unit("The agency publishes reports on demining.", "X", "ru", "o.po"))
    catalog = Catalog(
        header=Message(msgid=""),
        messages=[
            Message(
                msgid="The national agency publishes yearly reports on demining "
                "and on the victims of mines."
            )
        ],
    )
    result = pretranslate(catalog, index, locale="ru", document="x", min_score=50)
    assert len(result.filled) == 1 and result.bands.segments["0-74"] == 1
    assert result.bands.segments["none"] == 0


def test_a_read_only_checkout_builds_the_memory_index_in_memory(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check --by tm` and `update --check --tm` judge a checkout whose cache folder cannot
    be written, with the same figures as one that can."""
    import errno

    from reply_i18n.memory import store

    runner = CliRunner()
    args = ["-C", str(shipped_project), "check", "--by", "tm", "--format", "json"]
    writable = runner.invoke(app, args)
    assert writable.exit_code == 0, writable.output
    shutil.rmtree(shipped_project / store.CACHE_DIR)

    def read_only(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store.tempfile, "mkstemp", read_only)
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert again.output == writable.output
    assert not (shipped_project / store.CACHE_DIR / store.INDEX_FILE).exists()
    check = runner.invoke(app, ["-C", str(shipped_project), "update", "--check", "--tm"])
    assert check.exit_code == 0, check.output
