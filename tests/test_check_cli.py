"""`reply-i18n check` on the shipped reply: the gate, its exit codes, and peer agreement."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.files import read_catalog, write_catalog
from reply_i18n.qa.coverage import count_words

DOC = "fsc-emi-122-25"


@pytest.fixture()
def project(shipped_project: Path) -> Path:
    return shipped_project


def invoke(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(project), *args])
    return result.exit_code, result.output


def po(project: Path, lang: str) -> Path:
    return project / "locale" / lang / "LC_MESSAGES" / f"{DOC}.po"


def edit(project: Path, lang: str, segment: str, **changes: object) -> None:
    path = po(project, lang)
    cat = read_catalog(path)
    [msg] = [m for m in cat.messages if m.msgctxt == segment]
    for key, value in changes.items():
        if key == "fuzzy":
            msg.fuzzy = bool(value)
        else:
            setattr(msg, key, value)
    write_catalog(path, cat)


def test_shipped_translations_pass_the_strict_gate(project: Path) -> None:
    code, out = invoke(project, "check", "--min", "100", "--strict")
    assert code == 0, out
    assert "check passed: 0 error(s), 0 warning(s)" in out


SEG = "apm.part2.q10.answer.the-mine-action-agency"


@pytest.mark.parametrize(
    ("lang", "change", "check"),
    [
        ("az", {"msgstr": ""}, "coverage"),
        ("ru", {"fuzzy": True}, "coverage"),
        ("ru", {"msgstr": "393 → 394"}, "numbers"),
    ],
)
def test_gate_fails_and_names_the_segment(
    project: Path, lang: str, change: dict[str, object], check: str
) -> None:
    path = po(project, lang)
    cat = read_catalog(path)
    [msg] = [m for m in cat.messages if m.msgctxt == SEG]
    if change.get("msgstr") == "393 → 394":
        change = {"msgstr": msg.msgstr.replace("393", "394")}
    edit(project, lang, SEG, **change)
    code, out = invoke(project, "check", "--min", "100", "--strict", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["passed"] is False
    if check == "coverage":
        assert report["summary"]["below_threshold"] == [f"{lang}/{DOC}"]
        code2, out2 = invoke(project, "build", "--format", "md")
        assert code2 == 1 and SEG in out2
    else:
        assert any(
            f["check"] == check and f["segment"] == SEG and f["severity"] == "error"
            for f in report["findings"]
        )


def test_cyrillic_letter_in_azerbaijani_fails(project: Path) -> None:
    segment = "front.note.opening"
    cat = read_catalog(po(project, "az"))
    [msg] = [m for m in cat.messages if m.msgctxt == segment]
    edit(project, "az", segment, msgstr=msg.msgstr.replace("ə", "\u04d9", 1))
    code, out = invoke(project, "check", "-l", "az")
    assert code == 1
    assert re.search(rf"az {re.escape(segment)}: .*U\+04D9", out)


def test_threshold_and_strict_exit_codes(project: Path) -> None:
    edit(project, "az", "front.language", msgstr="")
    assert invoke(project, "check", "--min", "100")[0] == 1
    assert invoke(project, "check", "--min", "98")[0] == 0  # 70/71 = 98.6 %
    # a warning alone passes, unless --strict
    cat = read_catalog(po(project, "ru"))
    [msg] = [m for m in cat.messages if m.msgctxt == "front.enclosure"]
    edit(project, "ru", "front.enclosure", msgstr=msg.msgstr + " ")
    assert invoke(project, "check", "--min", "98", "-l", "ru")[0] == 0
    assert invoke(project, "check", "--min", "98", "-l", "ru", "--strict")[0] == 1


def test_usage_errors_exit_2(project: Path) -> None:
    assert invoke(project, "check", "--by", "chapter")[0] == 2
    assert invoke(project, "check", "--min", "120")[0] == 2
    assert invoke(project, "check", "--bogus")[0] == 2


def test_unknown_check_and_bad_locale_are_usage_errors(project: Path) -> None:
    code, out = invoke(project, "check", "--disable", "spelling")
    assert code == 2 and "unknown check 'spelling'" in out
    code, out = invoke(project, "check", "-l", "../x")
    assert code == 2 and "invalid locale code" in out


def test_disable_from_command_line_and_config(project: Path) -> None:
    segment = "apm.part2.q10.answer.the-mine-action-agency"
    cat = read_catalog(po(project, "ru"))
    [msg] = [m for m in cat.messages if m.msgctxt == segment]
    edit(project, "ru", segment, msgstr=msg.msgstr.replace("393", "394"))
    assert invoke(project, "check", "-l", "ru")[0] == 1
    assert invoke(project, "check", "-l", "ru", "--disable", "numbers")[0] == 0
    config = project / "reply-i18n.toml"
    config.write_text(config.read_text().replace("disable = []", 'disable = ["numbers"]'))
    assert invoke(project, "check", "-l", "ru")[0] == 0


def test_by_question_groups(project: Path) -> None:
    code, out = invoke(project, "check", "--by", "question", "--format", "json")
    assert code == 0
    groups = {g["group"]: g for g in json.loads(out)["coverage"][0]["groups"]}
    assert {"front", "apm.part1.q3", "apm.part2.q8", "erw.q1"} <= set(groups)
    assert groups["apm.part1.q3"]["segments"]["total"] == 11  # heading, question, 9 paragraphs


def test_json_schema(project: Path) -> None:
    _code, out = invoke(project, "check", "--format", "json")
    report = json.loads(out)
    assert set(report) == {
        "schema",
        "threshold",
        "strict",
        "passed",
        "coverage",
        "findings",
        "missing",
        "summary",
    }
    row = report["coverage"][0]
    assert set(row) >= {
        "locale",
        "document",
        "file",
        "segments",
        "words",
        "obsolete",
        "percent_segments",
        "percent_words",
        "groups",
    }


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
def test_segment_figures_agree_with_msgfmt(project: Path) -> None:
    edit(project, "az", "front.language", msgstr="")
    edit(project, "az", "front.enclosure", fuzzy=True)
    _code, out = invoke(project, "check", "-l", "az", "--format", "json")
    row = json.loads(out)["coverage"][0]
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po(project, "az"))],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    numbers = dict(
        (kind, int(n)) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", stats)
    )
    assert numbers == {"translated": 69, "fuzzy": 1, "untranslated": 1}
    assert {k: row["segments"][k] for k in numbers} == numbers


def test_word_figures_agree_with_pocount(project: Path) -> None:
    pocount = pytest.importorskip("translate.tools.pocount", reason="translate-toolkit absent")
    cat = read_catalog(po(project, "ru"))
    for msg in cat.messages:
        assert count_words(msg.msgid) == pocount.wordcount(msg.msgid), msg.msgctxt
        assert count_words(msg.msgstr) == pocount.wordcount(msg.msgstr), msg.msgctxt
    stats = pocount.calcstats(str(po(project, "ru")))
    _code, out = invoke(project, "check", "-l", "ru", "--format", "json")
    assert json.loads(out)["coverage"][0]["words"]["total"] == stats["totalsourcewords"]


def test_shipped_catalogs_are_in_step_with_the_source(project: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "locale").rglob("*.po*")}
    code, out = invoke(project, "update", "--check")
    assert code == 0, out
    assert out == "up to date: no catalog or template changes\n"
    assert {p: p.read_bytes() for p in (project / "locale").rglob("*.po*")} == before


def test_a_source_never_extracted_fails_the_gate(project: Path) -> None:
    shutil.copy(project / "source" / "fsc-emi-122-25.txt", project / "source" / "new-doc.txt")
    code, out = invoke(project, "check")
    assert code == 1
    assert "az/new-doc" in out and "ru/new-doc" in out


def test_two_sources_of_one_document_fail_the_gate(project: Path) -> None:
    shutil.copy(project / "source" / "fsc-emi-122-25.txt", project / "source" / "fsc-emi-122-25.md")
    code, out = invoke(project, "check")
    assert code == 1
    assert "two sources of the document" in out


def test_a_document_that_does_not_exist_is_an_error(project: Path) -> None:
    code, out = invoke(project, "check", "nosuchdoc")
    assert code == 1
    assert "no document 'nosuchdoc'" in out
    assert "init" not in out


def test_without_a_source_the_entries_to_do_are_listed_from_the_catalog(project: Path) -> None:
    edit(project, "az", "erw.q1.question", msgstr="")
    shutil.rmtree(project / "source")
    code, out = invoke(project, "check", "-l", "az")
    assert code == 1
    assert re.search(r"locale/az/LC_MESSAGES/fsc-emi-122-25\.po:\d+: erw\.q1\.question: ", out)
    code, out = invoke(project, "check", "-l", "az", "--format", "json")
    missing = json.loads(out)["missing"]
    assert [(m["segment"], m["state"]) for m in missing] == [("erw.q1.question", "untranslated")]


def test_check_with_standard_output_closed(project: Path) -> None:
    import os
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "reply_i18n", "-C", str(project), "check"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),  # `reply-i18n check >&-`
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 0


def test_a_source_that_is_a_dangling_link_fails_the_gate(project: Path) -> None:
    source = project / "source" / f"{DOC}.txt"
    source.unlink()
    source.symlink_to(project / "gone.txt")
    code, out = invoke(project, "check")
    assert code == 1 and f"source/{DOC}.txt: no such file" in out
    source.unlink()
    shutil.rmtree(project / "source")
    (project / "source").write_text("not a folder")
    code, out = invoke(project, "check")
    assert code == 1 and "source: not a directory" in out


def test_a_missing_catalog_is_0_percent_in_words_too_and_says_what_to_run(
    project: Path,
) -> None:
    shutil.copy(project / "source" / f"{DOC}.txt", project / "source" / "newdoc.txt")
    code, out = invoke(project, "check", "-l", "az", "--min", "0")
    assert code == 1
    [row] = [ln for ln in out.splitlines() if ln.startswith("az ") and " newdoc " in f"{ln} "]
    assert row.split()[-2:] == ["0.0", "0.0"]
    assert "run `reply-i18n extract newdoc`, then `reply-i18n init -l az newdoc`" in out
    assert "no catalog: az/newdoc" in out and "below 0%" not in out


def test_a_document_or_locale_named_twice_is_checked_once(project: Path) -> None:
    once = invoke(project, "check", "-l", "az", DOC)
    twice = invoke(project, "check", "-l", "az", "-l", "az", DOC, DOC)
    assert twice == once


def test_a_project_of_catalogs_alone_is_checked_without_naming_its_documents(
    project: Path,
) -> None:
    shutil.rmtree(project / "source")
    (project / "locale" / f"{DOC}.pot").unlink()
    code, out = invoke(project, "check")
    assert code == 0, out
    assert f"az     {DOC}" in out


def test_check_names_every_bad_source_and_warns_about_unconverted_ones(project: Path) -> None:
    (project / "source" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (project / "source" / "empty.txt").write_text(" \n", encoding="utf-8")
    (project / "source" / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, out = invoke(project, "check")
    assert code == 1
    errors = [ln for ln in out.splitlines() if ": error: " in ln]
    assert len(errors) == 2 and "broken.docx" in errors[0] and "empty.txt" in errors[1]
    assert "source/legacy.doc: skipped: a legacy Word 97-2003 document" in out
