"""Every command's --help reads as written: no line break in the middle of a sentence, no
word lost to Rich markup (``[project]`` is a style tag to Rich), no double space."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import typer
from rich.text import Text
from typer.testing import CliRunner

from reply_i18n.cli import app


def commands() -> list[tuple[list[str], Any, Any]]:
    """(path, command, parent) of every command and group, the program itself first."""
    out: list[tuple[list[str], Any, Any]] = []

    def walk(command: Any, path: list[str], parent: Any) -> None:
        out.append((path, command, parent))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name], command)

    walk(typer.main.get_command(app), [], None)
    return out


COMMANDS = commands()
IDS = [" ".join(path) or "reply-i18n" for path, _, _ in COMMANDS]


def paragraphs(command: Any) -> list[str]:
    return inspect.cleandoc(command.help or "").split("\n\n")


def help_output(path: list[str]) -> str:
    # wide enough that Rich wraps no description: a line break seen is one written
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("path", "command", "parent"), COMMANDS, ids=IDS)
def test_each_paragraph_of_a_description_shows_on_one_line(
    path: list[str], command: Any, parent: Any
) -> None:
    out = help_output(path)
    for paragraph in paragraphs(command):
        assert "\n" not in paragraph, f"a line break Typer would show: {paragraph!r}"
        assert paragraph in out
    if parent is not None:  # the summary in the parent's list of commands
        rows = help_output(path[:-1]).splitlines()
        [row] = [ln for ln in rows if ln.lstrip("│ ").startswith(f"{path[-1]} ")]
        assert paragraphs(command)[0] in row


@pytest.mark.parametrize(("path", "command", "parent"), COMMANDS, ids=IDS)
def test_help_strings_have_no_markup_and_no_double_space(
    path: list[str], command: Any, parent: Any
) -> None:
    texts = [*paragraphs(command), *(getattr(p, "help", None) or "" for p in command.params)]
    for text in texts:
        assert Text.from_markup(text).plain == text, f"Rich would eat part of {text!r}"
        assert "  " not in text, f"a double space in {text!r}"
        assert "\n" not in text, f"a line break in {text!r}"
