"""The publication gate: `check` judges catalogs against the current sources, lists what is
still to do, agrees with `build`, and exchanges review files with translators."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.files import read_catalog, write_catalog
from reply_i18n.qa.checks import CHECKS
from reply_i18n.qa.names import CHECK_NAMES
from reply_i18n.qa.visible import first_words, visible

DOC = "fsc-emi-122-25"
SEG = "apm.part2.q10.answer.the-mine-action-agency"
NEW = "A paragraph added to the English source without running update."


@pytest.fixture()
def project(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return shipped_project


def invoke(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(project), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def po(project: Path, lang: str) -> Path:
    return project / "locale" / lang / "LC_MESSAGES" / f"{DOC}.po"


def source(project: Path) -> Path:
    return project / "source" / f"{DOC}.txt"


def add_paragraph(project: Path, text: str = NEW) -> None:
    """Insert an answer paragraph after the answer of question 7."""
    src = source(project)
    body = src.read_text(encoding="utf-8")
    anchor = "7. Has your country"
    i = body.index(anchor)
    i = body.index("\n\n", body.index("\n\n", i) + 2)  # after the first answer paragraph
    src.write_text(body[:i] + "\n\n" + text + body[i:], encoding="utf-8")


def edit_entry(project: Path, lang: str, segment: str, **changes: object) -> None:
    cat = read_catalog(po(project, lang))
    [msg] = [m for m in cat.messages if m.msgctxt == segment and not m.obsolete]
    for key, value in changes.items():
        if key == "fuzzy":
            msg.fuzzy = bool(value)
        else:
            setattr(msg, key, value)
    write_catalog(po(project, lang), cat)


def test_stale_catalog_fails_check_naming_the_segment(project: Path) -> None:
    add_paragraph(project)
    code, out = invoke(project, "check", "--min", "100", "--strict")
    assert code == 1
    assert "[stale]" in out and "run `reply-i18n update`" in out
    assert "apm.part2.q7.answer.a-paragraph-added-to (not in the catalog)" in out
    code, out = invoke(project, "check", "--format", "json")
    report = json.loads(out)
    assert report["passed"] is False
    stale = [f for f in report["findings"] if f["check"] == "stale"]
    assert {f["locale"] for f in stale} == {"az", "ru"}
    assert all(f["severity"] == "error" for f in stale)
    missing = {(m["locale"], m["segment"], m["state"]) for m in report["missing"]}
    assert missing == {
        ("az", "apm.part2.q7.answer.a-paragraph-added-to", "stale"),
        ("ru", "apm.part2.q7.answer.a-paragraph-added-to", "stale"),
    }
    assert report["coverage"][0]["segments"]["stale"] == 1
    assert report["coverage"][0]["percent_segments"] < 100


def test_check_reads_the_sources_in_memory_and_writes_nothing(project: Path) -> None:
    add_paragraph(project)
    files = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    invoke(project, "check", "--format", "json")
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == files


def test_stale_msgid_differs_from_the_source(project: Path) -> None:
    src = source(project)
    body = src.read_text(encoding="utf-8")
    src.write_text(body.replace("mine action", "mine-action", 1), encoding="utf-8")
    code, out = invoke(project, "check", "-l", "az", "--format", "json")
    assert code == 1
    [gap] = json.loads(out)["missing"]
    assert (gap["state"], gap["reason"]) == ("stale", "the English text changed")
    assert gap["file"] == f"source/{DOC}.txt" and gap["line"] > 0


def _listed(out: str) -> set[str]:
    return set(re.findall(r"^  \S+:\d+: ([\w.-]+): ", out, re.M))


def test_check_and_build_agree_on_what_is_complete(project: Path) -> None:
    """A series of edits; after each, check and build give the same verdict and list the
    same segments."""

    def untranslate(p: Path) -> None:
        edit_entry(p, "az", "front.language", msgstr="")

    def fuzzy(p: Path) -> None:
        edit_entry(p, "ru", SEG, fuzzy=True)

    def update(p: Path) -> None:
        assert invoke(p, "update")[0] == 0

    def change_source(p: Path) -> None:
        src = source(p)
        src.write_text(
            src.read_text(encoding="utf-8").replace("mine action", "demining", 1),
            encoding="utf-8",
        )

    def translate_all(p: Path) -> None:
        for lang in ("az", "ru"):
            cat = read_catalog(po(p, lang))
            for m in cat.messages:
                if not m.obsolete and not m.translated:
                    m.msgstr = m.msgstr or f"{lang} {m.msgid}"
                    m.fuzzy = False
                    m.previous_msgid = m.previous_msgctxt = None
            write_catalog(po(p, lang), cat)

    steps = [
        ("as shipped", lambda p: None),
        ("paragraph added", add_paragraph),
        ("update run", update),
        ("untranslated entry", untranslate),
        ("fuzzy entry", fuzzy),
        ("source changed again", change_source),
        ("everything translated, update not run", translate_all),
        ("update run again", update),
        ("everything translated", translate_all),
    ]
    verdicts = []
    for name, step in steps:
        step(project)
        check_code, check_out = invoke(project, "check", "--min", "100", "--all")
        build_code, build_out = invoke(project, "build", "--format", "md", "--min", "100")
        assert check_code == build_code, (name, check_out, build_out)
        assert _listed(check_out) == _listed(build_out), name
        verdicts.append(check_code)
    assert verdicts[0] == 0 and verdicts[-1] == 0
    assert set(verdicts[1:-1]) == {1}


def test_missing_segments_are_listed_by_file_line_id_and_first_words(project: Path) -> None:
    edit_entry(project, "az", SEG, msgstr="")
    edit_entry(project, "ru", "front.enclosure", fuzzy=True)
    code, out = invoke(project, "check")
    assert code == 1
    assert f"to do in az/{DOC}: 1 segment(s) (1 untranslated)" in out
    assert f"to do in ru/{DOC}: 1 segment(s) (1 fuzzy)" in out
    line = read_catalog(po(project, "az")).index()
    entry = next(m for m in line.values() if m.msgctxt == SEG)
    words = " ".join(entry.msgid.split(" ")[:8])
    assert f"  locale/az/LC_MESSAGES/{DOC}.po:{entry.line}: {SEG}: {words}… [untranslated]" in out


def test_text_output_caps_the_list_and_json_lists_all(project: Path) -> None:
    cat = read_catalog(po(project, "az"))
    for m in cat.messages[:25]:
        m.msgstr = ""
    write_catalog(po(project, "az"), cat)
    _code, out = invoke(project, "check", "-l", "az")
    assert len(_listed(out)) == 10
    assert "  and 15 more (use --all)" in out
    _code, out = invoke(project, "check", "-l", "az", "--all")
    assert len(_listed(out)) == 25 and "more (use --all)" not in out
    _code, out = invoke(project, "check", "-l", "az", "--format", "json")
    assert len(json.loads(out)["missing"]) == 25


def test_missing_catalog_never_shows_100_percent(project: Path) -> None:
    po(project, "ru").unlink()
    code, out = invoke(project, "check", "--format", "json")
    assert code == 1
    row = next(r for r in json.loads(out)["coverage"] if r["locale"] == "ru")
    assert row["exists"] is False
    assert row["percent_segments"] == 0.0 and row["percent_words"] == 0.0
    _code, out = invoke(project, "check")
    [line] = [ln for ln in out.splitlines() if ln.startswith("ru ")]
    assert "100.0" not in line and line.split()[-2:] == ["0.0", "0.0"]


def test_missing_catalog_without_source_never_shows_100_percent(project: Path) -> None:
    po(project, "ru").unlink()
    source(project).unlink()
    _code, out = invoke(project, "check", "--format", "json")
    row = next(r for r in json.loads(out)["coverage"] if r["locale"] == "ru")
    assert row["percent_segments"] == 0.0


def test_invisible_characters_are_shown_visibly() -> None:
    assert visible("2\u00a0700") == "2⟨NBSP⟩700"
    assert visible("2 700") == "2 700"
    assert visible("a\u200bb\u2060c\u202fd") == "a⟨ZWSP⟩b⟨WJ⟩c⟨NNBSP⟩d"
    assert visible("x\u2028y") == "x⟨U+2028⟩y"
    assert first_words("one\u00a0two three", words=2) == "one⟨NBSP⟩two three"


def test_a_number_with_a_no_break_space_is_told_from_a_plain_space(project: Path) -> None:
    cat = read_catalog(po(project, "ru"))
    [msg] = [m for m in cat.messages if m.msgctxt == SEG]
    assert "393" in msg.msgid
    msg.msgstr = msg.msgstr.replace("393", "3\u00a0930", 1)
    write_catalog(po(project, "ru"), cat)
    _code, out = invoke(project, "check", "-l", "ru")
    [finding] = [ln for ln in out.splitlines() if "[numbers]" in ln and "930" in ln]
    assert "\u00a0" not in finding
    assert "⟨NBSP⟩" in finding or "\\xa0" in finding


def test_nfd_text_is_compared_as_nfc(project: Path) -> None:
    """Canonically equal text gives no finding: a source in NFD, a catalog in NFC."""
    src = source(project)
    body = src.read_text(encoding="utf-8")
    assert "Mine Action" in body
    # an accented word in the source, in decomposed form
    body = body.replace("Mine Action Agency", "Mine Action Agency (ANAMA, née ANAMA)", 1)
    src.write_text(unicodedata.normalize("NFD", body), encoding="utf-8")
    assert invoke(project, "update")[0] == 0
    for lang in ("az", "ru"):
        cat = read_catalog(po(project, lang))
        for m in cat.messages:
            m.msgid = unicodedata.normalize("NFC", m.msgid)
            if m.fuzzy:
                m.fuzzy = False
                m.previous_msgid = None
        write_catalog(po(project, lang), cat)
    assert "e\u0301" in source(project).read_text(encoding="utf-8")
    _code, out = invoke(project, "check", "--format", "json")
    report = json.loads(out)
    assert report["missing"] == [], report["missing"]
    assert not [f for f in report["findings"] if f["check"] in ("stale", "outdated")]
    code, out = invoke(project, "build", "--format", "html")
    assert code == 0, out
    html = (project / "build" / DOC / f"{DOC}.en-az.html").read_text(encoding="utf-8")
    assert 'class="fuzzy"' not in html and 'class="missing"' not in html


def test_check_names_for_the_command_line_match_the_checks() -> None:
    assert set(CHECK_NAMES) == set(CHECKS)


# --------------------------------------------------------------------------- review files


def test_export_review_writes_only_the_entries_that_need_work(
    project: Path, tmp_path: Path
) -> None:
    edit_entry(project, "az", SEG, msgstr="")
    edit_entry(project, "az", "front.enclosure", fuzzy=True, previous_msgid="Old text")
    edit_entry(project, "az", "front.enclosure", comments=["keep the capitals"])
    out_dir = tmp_path / "review"
    code, _out = invoke(project, "check", "--export-review", str(out_dir))
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == [f"{DOC}.az.po"]
    review = read_catalog(out_dir / f"{DOC}.az.po")
    assert [m.msgctxt for m in review.messages] == ["front.enclosure", SEG]
    enclosure = review.messages[0]
    assert enclosure.fuzzy and enclosure.previous_msgid == "Old text"
    assert enclosure.comments == ["keep the capitals"]
    assert enclosure.references and enclosure.auto_comments
    if shutil.which("msgattrib"):
        picked = subprocess.run(
            ["msgattrib", "--only-fuzzy", str(po(project, "az"))],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert 'msgctxt "front.enclosure"' in picked
    if shutil.which("msgfmt"):
        subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(out_dir / f"{DOC}.az.po")], check=True
        )


def test_merge_review_brings_the_work_back(project: Path, tmp_path: Path) -> None:
    edit_entry(project, "az", SEG, msgstr="")
    edit_entry(project, "az", "front.enclosure", fuzzy=True)
    out_dir = tmp_path / "review"
    invoke(project, "check", "--export-review", str(out_dir))
    path = out_dir / f"{DOC}.az.po"
    review = read_catalog(path)
    for m in review.messages:
        m.msgstr = m.msgstr or "Yeni tərcümə 393."
        m.fuzzy = False
    write_catalog(path, review)
    code, out = invoke(project, "update", "--merge-review", str(path))
    assert code == 0, out
    assert "applied 2, unchanged 0, conflicts 0" in out
    code, out = invoke(project, "check", "-l", "az", "--disable", "numbers")
    assert code == 0, out
    entries = read_catalog(po(project, "az")).index()
    assert not any(BASE in c for m in entries.values() for c in m.auto_comments)
    code, out = invoke(project, "update", "--merge-review", str(path))
    assert "applied 0, unchanged 2" in out


BASE = "review base"


def test_merge_review_conflict_is_reported_and_never_overwritten(
    project: Path, tmp_path: Path
) -> None:
    edit_entry(project, "ru", SEG, msgstr="")
    out_dir = tmp_path / "review"
    invoke(project, "check", "--export-review", str(out_dir))
    path = out_dir / f"{DOC}.ru.po"
    review = read_catalog(path)
    review.messages[0].msgstr = "Перевод из файла рецензии."
    write_catalog(path, review)
    edit_entry(project, "ru", SEG, msgstr="Перевод, сделанный тем временем.")
    before = po(project, "ru").read_bytes()
    code, out = invoke(project, "update", "--merge-review", str(path))
    assert code == 1
    assert "conflict" in out and SEG in out and f"{path}:" in out
    assert po(project, "ru").read_bytes() == before


def test_merge_review_of_a_file_that_is_not_a_review(project: Path) -> None:
    code, out = invoke(project, "update", "--merge-review", str(po(project, "az")))
    assert code == 1 and "not a review file" in out
