"""reply-i18n.toml: every error names the file and the line of the key at fault, and
``[build] editions`` refuses editions that make no sense."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.config import load_config
from reply_i18n.errors import ConfigError
from reply_i18n.tomllines import item_line, key_line

SHIPPED = Path(__file__).resolve().parent.parent / "reply-i18n.toml"
DOC = "fsc-emi-122-25"

TEXT = """\
# a comment naming [check] and strict = 1
[project]
locales = [
  "az",   # the first, with a comma, in a comment
  "ru",
]
notes = \"\"\"
strict = "not a key"
[check]
\"\"\"

[check]
"min" = 90
strict = true
a.b.c = 1
[build]
editions = [["en", "az"],
  ["az"]]
conventions = { az = { note_number = "x" }, ru = { dateline = "y" } }
[build.x]
"""


@pytest.mark.parametrize(
    ("key", "line"),
    [
        (("project",), 2),
        (("project", "locales"), 3),
        (("project", "notes"), 7),
        (("check",), 12),
        (("check", "min"), 13),
        (("check", "strict"), 14),
        (("check", "a", "b", "c"), 15),
        (("check", "a", "b", "nothing"), 15),
        (("build", "editions"), 17),
        (("build", "conventions", "ru", "dateline"), 19),
        (("build", "x"), 20),
        (("tm", "auto"), None),
    ],
)
def test_key_line_finds_a_key_under_its_table(key: tuple[str, ...], line: int | None) -> None:
    assert key_line(TEXT, key) == line


def test_item_line_finds_an_element_of_an_array_over_several_lines() -> None:
    lines = [item_line(TEXT, ("project", "locales"), n) for n in range(3)]
    assert lines == [4, 5, 3]  # past the end: the key's line
    assert [item_line(TEXT, ("build", "editions"), n) for n in range(2)] == [17, 18]
    assert item_line(TEXT, ("check", "strict"), 0) == 14  # no array


# --------------------------------------------------------------------------- load_config


def write(root: Path, text: str) -> None:
    (root / "reply-i18n.toml").write_text(text, encoding="utf-8")


def shipped_with(old: str, new: str) -> str:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def config_error(root: Path, text: str) -> ConfigError:
    write(root, text)
    with pytest.raises(ConfigError) as info:
        load_config(root)
    assert info.value.path == "reply-i18n.toml"
    return info.value


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("strict = false", 'strict = "no"', 'check.strict must be true or false, not "no"'),
        ("min = 100", "min = 101", "check.min must be a number from 0 to 100, not 101"),
        ('glossary = "locale', 'glossary = "../locale', "leads out of the project directory"),
        ('build_dir = "build"', "build_dir = 3", "project.build_dir must be a non-empty string"),
        ('"tmx"]', '"tmx", "rtf"]', 'build.formats: unknown format "rtf"'),
        ("disable = []", 'disable = ["spell"]', 'check.disable: unknown check "spell"'),
        ("disable = []", "disables = []", "unknown key(s) in [check]: disables"),
        ("[check]", "[checks]", "unknown table [checks]"),
    ],
)
def test_a_configuration_error_names_the_line_of_its_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = shipped_with(old, new)
    error = config_error(tmp_path, text)
    assert message in error.message
    assert error.line == line_of(text, new)


def test_a_toml_syntax_error_has_its_line_and_no_position_in_the_message(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8") + '\n[project]\nlocales = ["az"]\n'
    error = config_error(tmp_path, text)
    assert str(error) == (
        f"reply-i18n.toml:{text.count(chr(10)) - 1}: invalid TOML: "
        "Cannot declare ('project',) twice"
    )


@pytest.mark.parametrize(
    ("editions", "message"),
    [
        ("[[]]", "build.editions: edition 1 is empty"),
        ('[["en", "az"], []]', "build.editions: edition 2 is empty"),
        ('[["az", "az"]]', 'build.editions: edition ["az", "az"] names "az" twice'),
        ('[["en", "ru", "az", "ru"]]', 'names "ru" twice'),
        ('[["en", "az"], ["en", "az"]]', 'build.editions: edition ["en", "az"] is listed twice'),
    ],
)
def test_an_edition_that_is_empty_or_names_a_language_twice_is_refused(
    tmp_path: Path, editions: str, message: str
) -> None:
    text = (
        f'[project]\nlocales = ["az", "ru"]\n\n[build]\nformats = ["md"]\neditions = {editions}\n'
    )
    error = config_error(tmp_path, text)
    assert message in error.message
    assert error.line == 6


def test_an_edition_over_several_lines_is_named_at_its_own_line(tmp_path: Path) -> None:
    text = '[build]\neditions = [\n  ["en", "az"],\n  ["ru", "ru"],\n]\n'
    assert config_error(tmp_path, text).line == 4


def test_a_good_configuration_still_loads(tmp_path: Path) -> None:
    write(tmp_path, SHIPPED.read_text(encoding="utf-8"))
    config = load_config(tmp_path)
    assert config.editions[0] == ("en", "az") and config.locales == ("az", "ru")


# --------------------------------------------------------------------------- the commands


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_configured_locale_that_is_no_locale_is_named_at_its_line(
    shipped_project: Path,
) -> None:
    text = shipped_with('locales = ["az", "ru"]', 'locales = [\n  "az",\n  "ru",\n  "xx-bogus",\n]')
    write(shipped_project, text)
    code, out = invoke(shipped_project, "check")
    assert code == 1
    line = line_of(text, "xx-bogus")
    assert f"reply-i18n: error: reply-i18n.toml:{line}: invalid locale code 'xx-bogus'" in out


@pytest.mark.parametrize("editions", ["[[]]", '[["az", "az"]]'])
def test_build_refuses_a_nonsense_edition_and_writes_nothing(
    shipped_project: Path, editions: str
) -> None:
    shipped = SHIPPED.read_text(encoding="utf-8")
    text = "\n".join(
        f"editions = {editions}" if line.startswith("editions =") else line
        for line in shipped.splitlines()
    )
    assert text != shipped
    write(shipped_project, text)
    code, out = invoke(shipped_project, "build", "--format", "html")
    assert code == 1
    assert f"reply-i18n: error: reply-i18n.toml:{line_of(text, 'editions =')}: " in out
    assert "nothing built" not in out
    assert not (shipped_project / "build").exists()


def test_an_unknown_convention_key_is_named_at_its_line(shipped_project: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8") + '\n[build.conventions.az]\ncolour = "red"\n'
    write(shipped_project, text)
    code, out = invoke(shipped_project, "build", "--format", "md")
    assert code == 1
    assert (
        f"reply-i18n.toml:{line_of(text, 'colour')}: unknown key(s) in [build.conventions.az]"
    ) in out


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('note_number = "No {num}"', "unknown placeholder {num}: use {number}"),
        ('note_number = "No {number"', "expected '}' before end of string"),
        ('dateline = "{date} {}"', "unknown placeholder {}: use {date}, {year_suffix}"),
        ('dateline = "{date} {bogus}"', "unknown placeholder {bogus}"),
        ("date_pattern = 5", "build.conventions.ru.date_pattern must be a string, not 5"),
        ('colour = "red"', "unknown key(s) in [build.conventions.ru]: colour"),
    ],
)
@pytest.mark.parametrize("command", [["check"], ["update", "--check"], ["build"]])
def test_every_command_refuses_a_bad_convention_at_its_line(
    shipped_project: Path, entry: str, message: str, command: list[str]
) -> None:
    """A convention is checked when the configuration is read, not when an edition is
    being written (where a wrong placeholder was a traceback)."""
    text = SHIPPED.read_text(encoding="utf-8") + f"\n[build.conventions.ru]\n{entry}\n"
    write(shipped_project, text)
    code, out = invoke(shipped_project, *command)
    assert code == 1 and "Traceback" not in out
    key = entry.split(" =", 1)[0]
    assert f"reply-i18n.toml:{line_of(text, key + ' =')}: " in out and message in out
    assert not (shipped_project / "build").exists()


def test_a_convention_template_may_print_braces(tmp_path: Path) -> None:
    (tmp_path / "reply-i18n.toml").write_text(
        '[build.conventions.ru]\nnote_number = "{{{number}}}"\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    from reply_i18n.publish.conventions import conventions, note_number

    assert note_number("No. 5", "ru", conventions(config.conventions)) == "{5}"


def test_the_convention_keys_are_the_fields_of_a_convention() -> None:
    from dataclasses import fields

    from reply_i18n.config import CONVENTION_KEYS
    from reply_i18n.publish.conventions import Convention

    assert set(CONVENTION_KEYS) == {f.name for f in fields(Convention)}


@pytest.mark.parametrize("value", ["", " , ", ","])
def test_build_with_an_empty_format_list_is_a_usage_error(
    shipped_project: Path, value: str
) -> None:
    code, out = invoke(shipped_project, "build", "--format", value)
    assert code == 2
    assert "no format given" in out
    assert not (shipped_project / "build").exists()


def test_rules_given_without_the_configuration_fail_as_a_config_error() -> None:
    from reply_i18n.publish.conventions import conventions, note_number

    rules = conventions({"ru": {"note_number": "No {num}"}})
    with pytest.raises(ConfigError, match="cannot be filled"):
        note_number("No. 5", "ru", rules)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[[check]]\nmin = 5\n", 1, "[[check]] is an array of tables: write [check], once"),
        ('[build.conventions]\nru = "x"\n', 2, "build.conventions must hold one table per"),
        ('[project]\nlocales = [\n  "az",\n  5,\n]\n', 4, "element 2 is 5"),
        ('[project]\nlocales = [\n  "az",\n  "ru",\n  "az",\n]\n', 5, 'names "az" twice'),
    ],
)
def test_a_wrong_shape_is_named_at_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    error = config_error(tmp_path, text)
    assert error.line == line and message in error.message
