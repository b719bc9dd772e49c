"""The command line as people use it: where the project is, what is skipped and why, help,
summaries, colour and table widths."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from reply_i18n import cli
from reply_i18n.cli import app
from reply_i18n.files import read_catalog, write_catalog
from reply_i18n.qa.coverage import Counts
from reply_i18n.qa.report import Report, Row

DOC = "fsc-emi-122-25"


@pytest.fixture()
def project(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return shipped_project


def run(args: list[str], env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(app, args, env=env)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def po(project: Path, lang: str) -> Path:
    return project / "locale" / lang / "LC_MESSAGES" / f"{DOC}.po"


# --------------------------------------------------------------------------- the project root


def test_project_root_is_found_upward_like_git(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "locale" / "az" / "LC_MESSAGES")
    result = run(["check", "-l", "az"])
    assert result.exit_code == 0, result.output
    assert f"{DOC}" in result.output


def test_project_root_found_upward_from_a_directory_given_with_C(project: Path) -> None:
    result = run(["-C", str(project / "source"), "check", "-l", "ru"])
    assert result.exit_code == 0, result.output


def test_project_root_without_configuration_is_found_by_its_source_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "reply-i18n.toml").unlink()
    monkeypatch.chdir(project / "source")
    result = run(["extract"])
    assert result.exit_code == 0, result.output
    assert "locale/fsc-emi-122-25.pot" in result.output


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_C_to_a_missing_directory_says_so(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "nowhere"
    if kind == "file":
        target.write_text("x")
    result = run(["-C", str(target), "check"])
    assert result.exit_code == 2
    what = "no such directory" if kind == "missing" else "not a directory"
    text = re.sub(r"[│\s]+", " ", result.output)  # the message may wrap in its box
    assert "Invalid value for -C" in text and what in text and "nowhere" in text


# --------------------------------------------------------------------------- init and locales

CONFIG = """\
# Project settings; keep this comment.
[project]
source_dir = "source"   # where the English is
locales = ["az", "ru"]  # target languages

[check]
min = 100
"""


def test_init_adds_the_locale_to_the_configuration_keeping_comments(project: Path) -> None:
    (project / "reply-i18n.toml").write_text(CONFIG, encoding="utf-8")
    result = run(["-C", str(project), "init", "--locale", "fr"])
    assert result.exit_code == 0, result.output
    assert "reply-i18n.toml: added 'fr' to [project] locales" in result.output
    text = (project / "reply-i18n.toml").read_text(encoding="utf-8")
    assert text == CONFIG.replace('["az", "ru"]', '["az", "ru", "fr"]')
    assert po(project, "fr").exists()
    result = run(["-C", str(project), "check", "-l", "fr", "--format", "json"])
    assert '"locale": "fr"' in result.output


def test_init_says_exactly_what_to_add_without_tomlkit(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "reply-i18n.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "tomlkit", None)
    result = run(["-C", str(project), "init", "--locale", "fr"])
    assert result.exit_code == 0, result.output
    assert 'add \'fr\' to [project] locales: locales = ["az", "ru", "fr"]' in result.output
    assert (project / "reply-i18n.toml").read_text(encoding="utf-8") == CONFIG


def test_init_leaves_a_configuration_without_locales_alone(project: Path) -> None:
    (project / "reply-i18n.toml").write_text("[check]\nmin = 90\n", encoding="utf-8")
    assert run(["-C", str(project), "init", "-l", "fr"]).exit_code == 0
    assert (project / "reply-i18n.toml").read_text(encoding="utf-8") == "[check]\nmin = 90\n"


@pytest.mark.parametrize("command", [["update"], ["check"], ["build", "--format", "md"]])
def test_commands_warn_about_every_catalog_they_skip(project: Path, command: list[str]) -> None:
    config = (project / "reply-i18n.toml").read_text(encoding="utf-8")
    config = config.replace('locales = ["az", "ru"]', 'locales = ["az"]')
    config = config.replace(
        'editions = [["en", "az"], ["en", "ru"], ["en", "az", "ru"], ["az"], ["ru"]]',
        'editions = [["en", "az"], ["az"]]',
    )
    (project / "reply-i18n.toml").write_text(config, encoding="utf-8")
    stray = project / "locale" / "az" / "LC_MESSAGES" / "old-reply.po"
    stray.write_bytes(po(project, "az").read_bytes())
    result = run(["-C", str(project), *command])
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        f"warning: locale/ru/LC_MESSAGES/{DOC}.po: skipped: 'ru' is not in [project] locales" in out
    )
    assert "warning: locale/az/LC_MESSAGES/old-reply.po: skipped: no source or template" in out


def test_a_locale_folder_that_is_not_a_locale_is_skipped_with_a_warning(project: Path) -> None:
    (project / "reply-i18n.toml").unlink()
    stray = project / "locale" / "not a locale" / "LC_MESSAGES"
    stray.mkdir(parents=True)
    (stray / f"{DOC}.po").write_bytes(po(project, "az").read_bytes())
    result = run(["-C", str(project), "check"])
    assert result.exit_code == 0, result.output
    assert "warning: locale/not a locale: skipped: invalid locale code" in result.output


def test_update_warns_about_a_missing_catalog(project: Path) -> None:
    po(project, "ru").unlink()
    result = run(["-C", str(project), "update"])
    assert f"warning: locale/ru/LC_MESSAGES/{DOC}.po: skipped: no catalog" in result.output


def test_edition_naming_an_unconfigured_locale_is_a_configuration_error(project: Path) -> None:
    (project / "reply-i18n.toml").write_text(
        '[build]\neditions = [["en", "az"], ["en", "fr"]]\n', encoding="utf-8"
    )
    result = run(["-C", str(project), "build", "--format", "md"])
    assert result.exit_code == 1
    assert 'reply-i18n.toml:2: build.editions names "fr"' in result.output
    assert not (project / "build").exists()


def test_build_skip_incomplete_builds_the_complete_locales(project: Path) -> None:
    cat = read_catalog(po(project, "ru"))
    cat.messages[3].msgstr = ""
    write_catalog(po(project, "ru"), cat)
    result = run(["-C", str(project), "build", "--format", "md", "--skip-incomplete"])
    assert result.exit_code == 0, result.output
    assert f"{DOC}: ru is incomplete" in result.output and "skipped" in result.output
    built = sorted(p.name for p in (project / "build" / DOC).iterdir())
    assert built == ["coverage.svg", f"{DOC}.az.md", f"{DOC}.en-az.md"]


def test_build_names_a_locale_without_a_catalog(project: Path) -> None:
    po(project, "ru").unlink()
    result = run(["-C", str(project), "build", "--format", "md"])
    assert result.exit_code == 1
    assert f"{DOC}: ru is incomplete (no catalog;" in result.output


def test_build_skip_incomplete_with_nothing_complete_fails(project: Path) -> None:
    for lang in ("az", "ru"):
        cat = read_catalog(po(project, lang))
        cat.messages[3].msgstr = ""
        write_catalog(po(project, lang), cat)
    result = run(["-C", str(project), "build", "--format", "md", "--skip-incomplete"])
    assert result.exit_code == 1 and "nothing built" in result.output


# --------------------------------------------------------------------------- usage and help


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--disable", "spelling"],
        ["check", "--by", "chapter"],
        ["build", "--allow-incomplete", "--skip-incomplete"],
        ["build", "--format", "pdfx"],
        ["update", "--bogus"],
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    result = run(["-C", str(project), *args])
    assert result.exit_code == 2, result.output


COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_plain_words_never_python_types(command: str | None) -> None:
    result = run([command, "--help"] if command else ["--help"])
    assert result.exit_code == 0
    assert not re.search(r"<(list|bool|str|int|float|path|text)\b", result.output, re.I), (
        result.output
    )


def test_help_shows_the_choices() -> None:
    out = run(["check", "-h"]).output
    assert "document|part|question" in out and "text|json" in out
    assert "crossref" in out and "glossary" in out


# --------------------------------------------------------------------------- update summary


def test_update_says_what_it_changed_and_up_to_date_when_nothing(project: Path) -> None:
    src = project / "source" / f"{DOC}.txt"
    src.write_text(
        src.read_text(encoding="utf-8").replace("mine action", "demining", 1), encoding="utf-8"
    )
    first = run(["-C", str(project), "update"])
    assert first.exit_code == 0
    assert f"locale/az/LC_MESSAGES/{DOC}.po: 1 made fuzzy (updated)" in first.output
    assert f"locale/{DOC}.pot: 1 with a new English text (updated)" in first.output
    second = run(["-C", str(project), "update"])
    assert second.output == "up to date: no catalog or template changes\n"


# --------------------------------------------------------------------------- locations


@pytest.mark.parametrize(
    ("mode", "reference"),
    [("full", f"#: source/{DOC}.txt:3\n"), ("file", f"#: source/{DOC}.txt\n"), ("never", None)],
)
def test_catalog_locations_control_the_references(
    project: Path, mode: str, reference: str | None
) -> None:
    config = project / "reply-i18n.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + f'\n[catalog]\nlocations = "{mode}"\n',
        encoding="utf-8",
    )
    before = {lang: read_catalog(po(project, lang)) for lang in ("az", "ru")}
    assert run(["-C", str(project), "update"]).exit_code == 0
    for path in (project / "locale" / f"{DOC}.pot", po(project, "az")):
        text = path.read_text(encoding="utf-8")
        if reference is None:
            assert "\n#: " not in text
        else:
            assert reference in text
            assert all(ln.count(":") <= 1 for ln in text.splitlines() if ln.startswith("#: ")) == (
                mode == "file"
            )
    for lang, old in before.items():
        new = read_catalog(po(project, lang))
        assert [(m.msgctxt, m.msgstr) for m in new.messages] == [
            (m.msgctxt, m.msgstr) for m in old.messages
        ]


def test_inserted_paragraph_shifts_no_extracted_comment(project: Path) -> None:
    """`#.` comments carry no positional paragraph numbers."""
    pot = project / "locale" / f"{DOC}.pot"
    before = {m.msgctxt: m.auto_comments for m in read_catalog(pot).messages}
    src = project / "source" / f"{DOC}.txt"
    body = src.read_text(encoding="utf-8")
    i = body.index("\n\n", body.index("\n\n", body.index("3. Is your country")) + 2)
    src.write_text(body[:i] + "\n\nAn inserted first paragraph." + body[i:], encoding="utf-8")
    assert run(["-C", str(project), "update"]).exit_code == 0
    after = {m.msgctxt: m.auto_comments for m in read_catalog(pot).messages}
    assert len(after) == len(before) + 1
    assert {k: v for k, v in after.items() if k in before} == before


# --------------------------------------------------------------------------- colour and width


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_and_none_with_no_color_or_a_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli.color(Tty()) is True
    assert cli.color(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.color(Tty()) is False


def test_piped_check_output_has_no_escape_codes(project: Path) -> None:
    cat = read_catalog(po(project, "az"))
    cat.messages[3].msgstr = ""
    write_catalog(po(project, "az"), cat)
    out = run(["-C", str(project), "check"]).output
    assert "\x1b[" not in out and "error" in out


def test_check_colours_severities_on_a_terminal(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = read_catalog(po(project, "az"))
    cat.messages[3].msgstr = ""
    write_catalog(po(project, "az"), cat)
    monkeypatch.setattr(cli, "color", lambda stream=None: True)
    out = run(["-C", str(project), "check"]).output
    assert "\x1b[1;31merror\x1b[0m" in out and "\x1b[1;31mFAILED\x1b[0m" in out


def test_tables_fit_80_columns_on_a_terminal(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "table_width", lambda: 80)
    out = run(["-C", str(project), "check", "--by", "question"]).output
    table = [ln for ln in out.splitlines() if ln.startswith(("locale", "---", "az ", "ru ", " "))]
    table = [ln for ln in table if not ln.startswith("  ") or re.search(r"\d+\.\d$", ln)]
    assert len(table) > 10
    assert max(len(ln) for ln in table) <= 80


def test_report_table_fits_the_width_with_long_names() -> None:
    report = Report(threshold=100, strict=False)
    report.rows.append(
        Row("az_Latn", "a-very-long-document-name-that-would-not-fit", "x.po", Counts())
    )
    report.rows[0].groups["apm.part1.q10.with-a-long-group-name"] = Counts()
    lines = report.as_text(width=80).splitlines()
    assert all(len(ln) <= 80 for ln in lines[:4]), lines[:4]
    assert "…" in lines[2]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "-l", "xx"], "unknown language 'xx'"),
        (["xliff", "export", "-l", "az", "--xliff-version", "3.0"], "'3.0' is not one of"),
        (["check", "--disable", "stale"], "'stale' cannot be disabled"),
        (["check", "--disable", "quotes,nosuch"], "unknown check 'nosuch'"),
    ],
)
def test_bad_values_typed_on_the_command_line_are_usage_errors(
    shipped_project: Path, args: list[str], said: str
) -> None:
    result = CliRunner().invoke(app, ["-C", str(shipped_project), *args])
    assert result.exit_code == 2, result.output
    assert said in " ".join(result.output.replace("│", " ").split())


def test_strict_from_the_configuration_can_be_turned_off(shipped_project: Path) -> None:
    config = shipped_project / "reply-i18n.toml"
    config.write_text(config.read_text().replace("strict = false", "strict = true"))
    po = shipped_project / "locale" / "az" / "LC_MESSAGES" / "fsc-emi-122-25.po"
    po.write_text(po.read_text().replace("Tətbiq edilmir", "Tətbiq edilmir  "), encoding="utf-8")
    runner = CliRunner()
    strict = runner.invoke(
        app, ["-C", str(shipped_project), "check", "--disable", "quotes,capitals"]
    )
    assert strict.exit_code == 1, strict.output
    assert "warning" in strict.output
    lenient = runner.invoke(app, ["-C", str(shipped_project), "check", "--no-strict"])
    assert lenient.exit_code == 0, lenient.output


def test_update_no_extract_reads_the_template_and_never_rewrites_it(project: Path) -> None:
    pot = project / "locale" / f"{DOC}.pot"
    run(["-C", str(project), "update"])
    # a template as another tool wrote it: one line per string, however long
    lines, joined = pot.read_text(encoding="utf-8").split("\n"), []
    for line in lines:
        if line.startswith('"') and joined and joined[-1].endswith('"') and " " in joined[-1]:
            joined[-1] = joined[-1][:-1] + line[1:]
        else:
            joined.append(line)
    pot.write_text("\n".join(joined), encoding="utf-8")
    before = pot.read_bytes()
    result = run(["-C", str(project), "update", "--no-extract"])
    assert result.exit_code == 0, result.output
    assert pot.read_bytes() == before
    assert "pot" not in result.output


def test_init_with_a_code_that_is_no_locale_is_a_usage_error(shipped_project: Path) -> None:
    for code in ("xx", "a b", ""):
        result = CliRunner().invoke(app, ["-C", str(shipped_project), "init", "-l", code])
        assert result.exit_code == 2, (code, result.output)


def test_disable_takes_names_in_any_case(shipped_project: Path) -> None:
    result = CliRunner().invoke(app, ["-C", str(shipped_project), "check", "--disable", "QUOTES"])
    assert result.exit_code == 0, result.output
