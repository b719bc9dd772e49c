"""The command line: help, version, exit codes, bad input, determinism of extract, and
GNU gettext's judgement of what we write."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from reply_i18n import __version__
from reply_i18n.cli import app
from reply_i18n.files import read_catalog, write_catalog
from reply_i18n.model import DATE_KINDS, VERBATIM_KINDS
from snapshots import contents_and_times as snapshot

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "source" / "fsc-emi-122-25.txt"
EPOCH = "1746489600"  # 2025-05-06 00:00 UTC

DOC = """\
OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

1. Is your country a party to the Protocol?

Alpha paragraph says the country is not a party to it.

2. Does your country need assistance?

Bravo paragraph asks for assistance with mine clearance.
"""


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def run(root: Path | None, *args: str) -> Result:
    argv = ["-C", str(root), *args] if root is not None else list(args)
    result = CliRunner().invoke(app, argv)
    assert "Traceback" not in result.output
    # errors are reported, never raised: any exception is the SystemExit of an exit code
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def ok(root: Path, *args: str) -> Result:
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "source").mkdir(parents=True)
    (root / "source" / "doc.txt").write_text(DOC, encoding="utf-8")
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(REPO / "source", root / "source")
    return root


# --------------------------------------------------------------------------- help and version

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_documented_commands_exist() -> None:
    assert {"extract", "outline", "init", "update", "compile"} <= set(COMMANDS)


@pytest.mark.parametrize("flag", ["--help", "-h"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help(command: str | None, flag: str) -> None:
    result = run(None, *([command] if command else []), flag)
    assert result.exit_code == 0, result.output
    assert "Usage: reply-i18n" in result.output
    if command:
        assert command in result.output.split("\n", 3)[1]
    else:
        assert all(c in result.output for c in COMMANDS)


def test_version() -> None:
    result = run(None, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"reply-i18n {__version__}"


def test_python_m_reply_i18n() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reply_i18n", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Usage: reply-i18n" in proc.stdout or "Usage: python -m reply_i18n" in proc.stdout
    assert "extract" in proc.stdout


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    "args",
    [
        ["bogus-command"],
        ["extract", "--bogus"],
        ["outline"],  # missing argument
        ["init"],  # missing --locale
        ["update", "--locale"],  # option without its value
        ["compile", "--bogus"],
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    before = snapshot(project)
    result = run(project, *args)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output or "requires an argument" in result.output
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--format", "xml"],
        ["update", "--locale", "az", "--dry-run", "--format", "xml"],
        ["outline", "doc", "--format", "xml"],
    ],
)
def test_invalid_format_value_is_a_usage_error(project: Path, args: list[str]) -> None:
    ok(project, "extract")
    ok(project, "init", "-l", "az")
    before = snapshot(project)
    result = run(project, *args)
    assert result.exit_code == 2, result.output
    assert "xml" in result.output
    assert snapshot(project) == before


# --------------------------------------------------------------------------- extract: bad input


def error_line(result: Result) -> str:
    lines = [ln for ln in result.output.splitlines() if "error" in ln]
    assert len(lines) == 1, result.output
    return lines[0]


def assert_fails_cleanly(root: Path, *args: str) -> str:
    before = snapshot(root)
    result = run(root, *args)
    assert result.exit_code == 1, result.output
    assert snapshot(root) == before, "an error must write nothing"
    assert not (root / "locale").exists() or not any((root / "locale").glob("*.pot"))
    return error_line(result)


def test_extract_missing_file(project: Path) -> None:
    msg = assert_fails_cleanly(project, "extract", "nosuch.txt")
    assert "nosuch.txt: no such file" in msg
    msg = assert_fails_cleanly(project, "extract", "nosuch")
    assert re.search(r"source/nosuch\.txt: no such file", msg)


def test_extract_names_every_bad_source_and_writes_nothing(project: Path) -> None:
    (project / "source" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (project / "source" / "empty.txt").write_text(" \n\u00a0\n", encoding="utf-8")
    before = snapshot(project)
    result = run(project, "extract")
    assert result.exit_code == 1, result.output
    errors = [ln for ln in result.output.splitlines() if ": error: " in ln]
    assert len(errors) == 2, result.output
    assert any("source/broken.docx" in ln for ln in errors)
    assert any("source/empty.txt" in ln for ln in errors)
    assert "Traceback" not in result.output
    assert snapshot(project) == before  # doc.txt is fine, but nothing is written


def test_extract_relative_paths_are_relative_to_the_project(project: Path) -> None:
    # the tests run from any directory; -C makes the project directory the base
    ok(project, "extract", "source/doc.txt")
    assert (project / "locale" / "doc.pot").is_file()


def test_extract_directory_without_sources(project: Path) -> None:
    (project / "notes").mkdir()
    (project / "notes" / "readme.rst").write_text("not a source\n", encoding="utf-8")
    msg = assert_fails_cleanly(project, "extract", "notes")
    assert "notes: directory has no source documents" in msg
    (project / "source" / "doc.txt").unlink()
    msg = assert_fails_cleanly(project, "extract")
    assert "source: directory has no source documents" in msg


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf\r\n"])
def test_extract_empty_file(project: Path, content: bytes) -> None:
    (project / "source" / "doc.txt").write_bytes(content)
    msg = assert_fails_cleanly(project, "extract")
    assert "source/doc.txt: the file is empty" in msg


def test_extract_binary_file(project: Path) -> None:
    (project / "source" / "doc.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00data" * 20)
    msg = assert_fails_cleanly(project, "extract")
    assert "source/doc.txt: this is a binary file" in msg


def test_extract_non_utf8_file_names_the_line_and_an_encoding(project: Path) -> None:
    text = DOC.replace("Alpha paragraph", "Alpha café paragraph")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "café" in ln)
    (project / "source" / "doc.txt").write_bytes(text.encode("cp1252"))
    msg = assert_fails_cleanly(project, "extract")
    assert f"source/doc.txt:{line}: not valid UTF-8" in msg
    assert "windows-1252" in msg and "iconv" in msg


def test_extract_cyrillic_legacy_file_suggests_windows_1251(project: Path) -> None:
    text = "Ответ Азербайджанской Республики на вопросник ОБСЕ.\n\nВторой абзац.\n"
    (project / "source" / "doc.txt").write_bytes(text.encode("cp1251"))
    msg = assert_fails_cleanly(project, "extract")
    assert "source/doc.txt:1: not valid UTF-8" in msg
    assert "windows-1251" in msg


def test_extract_unwritable_output_directory(project: Path) -> None:
    locale = project / "locale"
    locale.mkdir()
    locale.chmod(0o555)
    try:
        if os.access(locale, os.W_OK):
            pytest.skip("running as a user (root) whom chmod does not stop from writing")
        before = snapshot(project)
        result = run(project, "extract")
        assert result.exit_code == 1
        msg = error_line(result)
        assert "locale" in msg and "cannot write" in msg
        assert snapshot(project) == before
    finally:
        locale.chmod(0o755)


def test_extract_output_directory_that_is_a_file(project: Path) -> None:
    # the same failure without chmod, so that it is tested as root too
    (project / "locale").write_text("", encoding="utf-8")
    before = snapshot(project)
    result = run(project, "extract")
    assert result.exit_code == 1
    msg = error_line(result)
    assert "locale" in msg and "cannot write" in msg
    assert snapshot(project) == before


# --------------------------------------------------------------------------- extract: determinism


def pot_date(path: Path) -> str:
    return read_catalog(path).header_fields()["POT-Creation-Date"]


def test_extract_twice_leaves_the_pot_untouched(project: Path) -> None:
    first = ok(project, "extract")
    assert "(written)" in first.output
    pot = project / "locale" / "doc.pot"
    before = (pot.read_bytes(), pot.stat().st_mtime_ns)
    time.sleep(0.01)
    second = ok(project, "extract")
    assert "(unchanged)" in second.output
    assert (pot.read_bytes(), pot.stat().st_mtime_ns) == before


def test_source_date_epoch_is_honoured(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    ok(project, "extract")
    pot = project / "locale" / "doc.pot"
    assert pot_date(pot) == "2025-05-06 00:00+0000"
    data = pot.read_bytes()
    ok(project, "extract")
    assert pot.read_bytes() == data


def test_pot_creation_date_changes_only_with_the_content(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pot = project / "locale" / "doc.pot"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    ok(project, "extract")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    # unchanged source, no epoch: the old date stays and the file is not rewritten
    before = (pot.read_bytes(), pot.stat().st_mtime_ns)
    ok(project, "extract")
    assert (pot.read_bytes(), pot.stat().st_mtime_ns) == before
    assert pot_date(pot) == "2025-05-06 00:00+0000"
    # a changed source: the date moves on with the content
    src = project / "source" / "doc.txt"
    src.write_text(DOC.replace("Bravo paragraph", "Bravo changed paragraph"), encoding="utf-8")
    ok(project, "extract")
    assert pot_date(pot) != "2025-05-06 00:00+0000"
    assert "Bravo changed paragraph" in pot.read_text(encoding="utf-8")


def test_bad_source_date_epoch_is_a_clear_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    msg = assert_fails_cleanly(project, "extract")
    assert "SOURCE_DATE_EPOCH" in msg


def test_repeated_question_number_is_a_warning_and_extraction_goes_on(project: Path) -> None:
    text = DOC + "\n2. Is this question number repeated?\n\nCharlie answers it.\n"
    (project / "source" / "doc.txt").write_text(text, encoding="utf-8")
    result = ok(project, "extract")
    assert "source/doc.txt:11: warning: question 2 repeats" in result.output
    assert "Is this question number repeated?" in (project / "locale" / "doc.pot").read_text(
        encoding="utf-8"
    )
    assert (project / "locale" / "doc.pot").is_file()


# --------------------------------------------------------------------------- outline


def test_outline_json_has_the_documented_fields(example: Path) -> None:
    result = ok(example, "outline", "fsc-emi-122-25", "--format", "json")
    data = json.loads(result.stdout)
    assert data["document"] == "fsc-emi-122-25"
    assert data["source"] == "source/fsc-emi-122-25.txt"
    segments = data["segments"]
    assert len(segments) == 78
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for seg in segments:
        assert {"id", "kind", "text", "line", "translatable"} <= set(seg), seg
        assert isinstance(seg["id"], str) and seg["id"]
        assert isinstance(seg["text"], str) and seg["text"]
        assert isinstance(seg["line"], int)
        assert seg["translatable"] is (
            seg["kind"] not in VERBATIM_KINDS and seg["kind"] not in DATE_KINDS
        )
        # the line is where the segment starts in the source
        first_word = seg["text"].replace("*", "").split()[0]
        assert first_word in lines[seg["line"] - 1], seg
    assert len({s["id"] for s in segments}) == len(segments)
    kinds = {s["kind"] for s in segments}
    assert {"symbol", "date", "letterhead", "address", "note-number", "question", "answer"} <= kinds
    dates = {s["id"]: s["date"] for s in segments if s["kind"] in DATE_KINDS}
    assert dates == {"front.date": "2025-05-06", "front.signed": "2025-05-05"}
    assert [q["key"] for q in data["questionnaires"]] == ["apm", "erw"]


def test_outline_text_shows_ids_and_kinds(project: Path) -> None:
    result = ok(project, "outline", "doc")
    out = result.stdout
    assert out.startswith("doc (source/doc.txt): 5 segments, 5 to translate\n")
    assert "apm.q1.question  question  3: 1. Is your country a party to the Protocol?" in out


# ------------------------------------------------------------------------- GNU gettext's judgement

needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("msgcat") is None,
    reason="GNU gettext (msgfmt, msgcat) is not installed",
)


def gettext_judges(path: Path) -> None:
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    check = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, env=env
    )
    assert check.returncode == 0, check.stderr.decode()
    cat = subprocess.run(["msgcat", str(path)], capture_output=True, env=env)
    assert cat.returncode == 0, cat.stderr.decode()
    assert cat.stdout == path.read_bytes(), f"msgcat changes {path.name}"


@needs_gettext
def test_gnu_gettext_accepts_our_pot_and_po(example: Path) -> None:
    ok(example, "extract")
    gettext_judges(example / "locale" / "fsc-emi-122-25.pot")
    for code in ("az", "ru"):
        ok(example, "init", "-l", code)
        po = example / "locale" / code / "LC_MESSAGES" / "fsc-emi-122-25.po"
        shipped = REPO / "locale" / code / "LC_MESSAGES" / "fsc-emi-122-25.po"
        translations = {m.msgctxt: m.msgstr for m in read_catalog(shipped).messages}
        cat = read_catalog(po)
        for m in cat.messages:
            m.msgstr = translations.get(m.msgctxt, "")
        cat.messages[5].comments = ['translator: "quoted" and a back\\slash']
        write_catalog(po, cat)
        gettext_judges(po)
    # an update with edits: fuzzy entries with previous msgids, obsolete entries
    src = example / "source" / "fsc-emi-122-25.txt"
    text = src.read_text(encoding="utf-8")
    text = text.replace("practical utility of which remains low", "practical use remains low")
    text = text.replace("Please see the response to Question 10.\n\n", "")
    src.write_text(text, encoding="utf-8")
    ok(example, "update")
    for code in ("az", "ru"):
        po = example / "locale" / code / "LC_MESSAGES" / "fsc-emi-122-25.po"
        written = po.read_text(encoding="utf-8")
        assert "#| msgid" in written and "#~ msgid" in written
        gettext_judges(po)


def test_a_source_saved_in_nfd_changes_nothing(example: Path) -> None:
    """The same reply re-saved with decomposed letters (``ə`` kept, ``é`` as ``e`` and a
    combining accent): the same template, and every translation stays as it was."""
    import unicodedata

    shutil.copytree(REPO / "locale", example / "locale")
    shutil.copy(REPO / "reply-i18n.toml", example / "reply-i18n.toml")
    ok(example, "update")
    before = snapshot(example)
    source = example / "source" / "fsc-emi-122-25.txt"
    text = source.read_text(encoding="utf-8") + "\nThe café in Bakı is naïve.\n"
    source.write_text(text, encoding="utf-8")
    ok(example, "update")
    nfc = snapshot(example)
    assert nfc != before
    source.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    assert unicodedata.normalize("NFD", text) != text
    result = ok(example, "update")
    assert "up to date" in result.output
    after = snapshot(example)
    assert {k: v for k, v in after.items() if "source" not in k} == {
        k: v for k, v in nfc.items() if "source" not in k
    }
