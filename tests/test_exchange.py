"""Review round trip: the bilingual Word table and XLIFF out and back, with the revision
trail, conflicts and bad returned files."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.exchange.trail import revision_of, state_of, with_revision
from reply_i18n.files import read_catalog, write_catalog
from reply_i18n.po.pofile import Message

ROOT = Path(__file__).resolve().parent.parent
DOC = "fsc-emi-122-25"
PO = Path("locale") / "ru" / "LC_MESSAGES" / f"{DOC}.po"
DOCX = Path("build") / "review" / f"{DOC}.ru.docx"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("source", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "reply-i18n.toml", tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")  # 2025-11-29
    return tmp_path


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(project), *args])
    return result.exit_code, result.output


def rows_by_id(document: object) -> dict[str, object]:
    table = document.tables[0]  # type: ignore[attr-defined]
    return {
        row.cells[0].text: row for row in table.rows[1:] if row.cells[0].text != row.cells[1].text
    }


def set_cell(cell: object, text: str) -> None:
    para = cell.paragraphs[0]  # type: ignore[attr-defined]
    for run in list(para.runs):
        run._r.getparent().remove(run._r)
    para.add_run(text)


def entries(project: Path) -> dict[str, Message]:
    return {m.msgctxt or "": m for m in read_catalog(project / PO).active()}


def test_review_round_trip_changes_exactly_what_the_reviser_changed(project: Path) -> None:
    code, out = run(project, "review", "export", "--locale", "ru")
    assert code == 0, out
    before = entries(project)
    doc = open_docx(str(project / DOCX))
    rows = rows_by_id(doc)
    assert len(rows) == len(before)
    edited = ["front.enclosure", "apm.part1.q2.answer.n-a", "erw.q2.answer.n-a"]
    for ident in edited:
        set_cell(rows[ident].cells[2], f"Правка рецензента {ident}")
    set_cell(rows["apm.title"].cells[4], "Проверить официальное название.")
    set_cell(rows["apm.part1.heading"].cells[3], "approved")
    doc.core_properties.last_modified_by = "A. Reviser"
    doc.save(str(project / DOCX))
    code, out = run(project, "review", "import", str(DOCX))
    assert code == 0, out
    assert "3 translation(s) changed, 1 commented, 4 revised or approved, 0 confirmed" in out
    after = entries(project)
    changed = {
        k
        for k in before
        if (before[k].msgstr, before[k].comments) != (after[k].msgstr, after[k].comments)
    }
    assert changed == {*edited, "apm.title", "apm.part1.heading"}
    for ident in edited:
        assert after[ident].msgstr == f"Правка рецензента {ident}"
        assert state_of(after[ident]) == "revised"
        step = revision_of(after[ident])
        assert (
            step is not None
            and step.who == "A. Reviser"
            and step.date == datetime.date(2025, 11, 29)
        )
    assert "review: Проверить официальное название." in after["apm.title"].comments
    assert state_of(after["apm.part1.heading"]) == "approved"


def test_unchanged_review_round_trip_leaves_the_po_byte_identical(project: Path) -> None:
    before = (project / PO).read_bytes()
    assert run(project, "review", "export", "-l", "ru")[0] == 0
    code, out = run(project, "review", "import", str(DOCX), "--who", "A. Reviser")
    assert code == 0, out
    assert (project / PO).read_bytes() == before


def test_review_conflict_keeps_both_versions(project: Path) -> None:
    run(project, "review", "export", "-l", "ru")
    doc = open_docx(str(project / DOCX))
    set_cell(rows_by_id(doc)["front.enclosure"].cells[2], "Версия рецензента")
    doc.save(str(project / DOCX))
    catalog = read_catalog(project / PO)
    mine = next(m for m in catalog.messages if m.msgctxt == "front.enclosure")
    mine.msgstr = "Версия переводчика"
    write_catalog(project / PO, catalog)
    code, out = run(project, "review", "import", str(DOCX), "--who", "A. Reviser")
    assert code == 1  # applied, but a conflict fails the run, as in update --merge-review
    assert "1 conflict(s)" in out and "front.enclosure: conflict" in out
    assert "1 conflict(s) to settle in locale/ru/LC_MESSAGES" in out
    entry = entries(project)["front.enclosure"]
    assert entry.msgstr == "Версия переводчика" and entry.fuzzy
    assert any(
        c.startswith("review conflict: A. Reviser") and "Версия рецензента" in c
        for c in entry.comments
    )


def test_tracked_changes_and_word_comments_are_read(project: Path) -> None:
    run(project, "review", "export", "-l", "ru")
    doc = open_docx(str(project / DOCX))
    row = rows_by_id(doc)["front.enclosure"]
    cell = row.cells[2]
    para = cell.paragraphs[0]
    for run_ in list(para.runs):
        run_._r.getparent().remove(run_._r)
    para._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="R" w:date="2025-11-29T00:00:00Z">'
            "<w:r><w:delText>Приложение</w:delText></w:r></w:del>"
        )
    )
    para._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="R" w:date="2025-11-29T00:00:00Z">'
            "<w:r><w:t>Приложения: упомянутое</w:t></w:r></w:ins>"
        )
    )
    doc.add_comment(row.cells[0].paragraphs[0].runs, text="Уточнить формулу.", author="R")
    doc.save(str(project / DOCX))
    code, out = run(project, "review", "import", str(DOCX), "--who", "R")
    assert code == 0, out
    assert "read as accepted" in out
    entry = entries(project)["front.enclosure"]
    assert entry.msgstr == "Приложения: упомянутое"
    assert "review: Уточнить формулу." in entry.comments


@pytest.mark.parametrize("damage", ["delete", "swap"])
def test_deleted_or_swapped_rows_are_refused(project: Path, damage: str) -> None:
    run(project, "review", "export", "-l", "ru")
    before = (project / PO).read_bytes()
    doc = open_docx(str(project / DOCX))
    table = doc.tables[0]._tbl
    rows = [tr for tr in table.tr_lst[1:] if len(tr.tc_lst) == 5]
    if damage == "delete":
        table.remove(rows[3])
    else:
        rows[3].addnext(rows[2])
    doc.save(str(project / DOCX))
    code, out = run(project, "review", "import", str(DOCX), "--who", "R")
    assert code == 1
    assert ("rows were deleted" if damage == "delete" else "rows were moved") in out
    assert (project / PO).read_bytes() == before


def test_a_docx_that_is_not_ours_or_for_another_locale_is_refused(project: Path) -> None:
    other = open_docx()
    other.add_paragraph("Some letter")
    other.save(str(project / "letter.docx"))
    code, out = run(project, "review", "import", "letter.docx", "--who", "R")
    assert code == 1 and "letter.docx: not a reply-i18n review document" in out
    run(project, "review", "export", "-l", "ru")
    code, out = run(project, "review", "import", str(DOCX), "--who", "R", "--locale", "az")
    assert code == 1 and "is for locale 'ru', not 'az'" in out
    (project / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    code, out = run(project, "review", "import", "broken.docx", "--who", "R")
    assert code == 1 and "broken.docx: not a DOCX file" in out


def test_review_export_is_deterministic(project: Path) -> None:
    run(project, "review", "export", "-l", "ru")
    first = (project / DOCX).read_bytes()
    (project / DOCX).unlink()
    run(project, "review", "export", "-l", "ru")
    assert (project / DOCX).read_bytes() == first


# --- XLIFF ------------------------------------------------------------------------------

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLF = Path("build") / "xliff" / f"{DOC}.ru.xlf"


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_xliff_unchanged_round_trip_is_byte_identical(project: Path, version: str) -> None:
    before = (project / PO).read_bytes()
    code, out = run(project, "xliff", "export", "-l", "ru", "--xliff-version", version)
    assert code == 0, out
    code, out = run(project, "xliff", "import", str(XLF))
    assert code == 0, out
    assert (project / PO).read_bytes() == before


def test_xliff_2_is_read_by_translate_toolkit(project: Path) -> None:
    xliff2 = pytest.importorskip(
        "translate.storage.xliff2", reason="translate-toolkit 3.17+ needed"
    )
    run(project, "xliff", "export", "-l", "ru")
    store = xliff2.Xliff2File.parsestring((project / XLF).read_bytes())
    units = list(store.units)
    by_id = entries(project)
    assert [u.getid() for u in units] == list(by_id)
    assert all(u.source == by_id[u.getid()].msgid for u in units)
    assert all(u.target == by_id[u.getid()].msgstr for u in units)


def test_xliff_import_applies_translations_states_and_conflicts(project: Path) -> None:
    catalog = read_catalog(project / PO)
    target = next(m for m in catalog.messages if m.msgctxt == "front.enclosure")
    target.msgstr = ""
    write_catalog(project / PO, catalog)
    run(project, "xliff", "export", "-l", "ru", "--only", "untranslated,translated")
    text = (project / XLF).read_text(encoding="utf-8")
    unit = text.index('<unit id="front.enclosure">')
    end = text.index("</segment>", unit)
    segment = text[unit:end]
    new_segment = segment.replace('state="initial"', 'state="final"').replace(
        "</source>", "</source>\n        <target>Приложение: упомянутое</target>"
    )
    text = text[:unit] + new_segment + text[end:]
    (project / XLF).write_text(text, encoding="utf-8")
    code, out = run(project, "xliff", "import", str(XLF), "--who", "CAT translator")
    assert code == 0, out
    entry = entries(project)["front.enclosure"]
    assert entry.msgstr == "Приложение: упомянутое" and not entry.fuzzy
    assert state_of(entry) == "approved"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            f'<xliff xmlns="{XLIFF2}" version="2.1"><file id="f">&e;</file></xliff>',
            "declares entities",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            f'<xliff xmlns="{XLIFF2}" version="2.1"><file id="f">&b;</file></xliff>',
            "declares entities",
        ),
        ("<xliff><file>", "not well-formed XML"),
        ("<tmx/>", "not an XLIFF"),
    ],
    ids=["xxe", "entity-expansion", "malformed", "not-xliff"],
)
def test_bad_xliff_is_refused(project: Path, payload: str, message: str) -> None:
    before = (project / PO).read_bytes()
    (project / "in.xlf").write_text(payload, encoding="utf-8")
    code, out = run(project, "xliff", "import", "in.xlf")
    assert code == 1 and message in out and "Traceback" not in out
    assert (project / PO).read_bytes() == before


def test_xliff_with_an_unknown_unit_id_is_refused(project: Path) -> None:
    run(project, "xliff", "export", "-l", "ru")
    text = (
        (project / XLF)
        .read_text(encoding="utf-8")
        .replace('unit id="front.enclosure"', 'unit id="front.nonexistent"')
    )
    (project / XLF).write_text(text, encoding="utf-8")
    before = (project / PO).read_bytes()
    code, out = run(project, "xliff", "import", str(XLF))
    assert code == 1 and "unknown segment ID 'front.nonexistent'" in out
    assert (project / PO).read_bytes() == before


# --- the trail ----------------------------------------------------------------------------


def test_trail_drops_when_the_text_changes() -> None:
    msg = Message(msgid="a", msgstr="б", msgctxt="x")
    revised = with_revision(msg, "approved", "A, B", datetime.date(2025, 1, 2))
    assert revised.comments == [
        "revision: approved by A  B, 2025-01-02 [" + revised.comments[0][-9:]
    ]
    assert state_of(revised) == "approved"
    revised.msgstr = "в"
    assert state_of(revised) == "translated"


def test_importing_the_same_review_twice_changes_nothing_the_second_time(project: Path) -> None:
    run(project, "review", "export", "-l", "ru")
    doc = open_docx(str(project / DOCX))
    rows = rows_by_id(doc)
    set_cell(rows["front.language"].cells[2], "Только на английском языке")
    set_cell(rows["front.language"].cells[3], "revised")
    set_cell(rows["front.note.opening"].cells[3], "approved")
    set_cell(rows["front.note.opening"].cells[4], "Хорошо")
    doc.save(str(project / DOCX))
    assert run(project, "review", "import", str(DOCX), "--who", "R")[0] == 0
    once = (project / PO).read_bytes()
    code, out = run(project, "review", "import", str(DOCX), "--who", "R")
    assert code == 0 and "0 conflict(s)" in out
    assert (project / PO).read_bytes() == once


def test_a_second_paragraph_in_a_cell_joins_the_first(project: Path) -> None:
    run(project, "review", "export", "-l", "ru")
    doc = open_docx(str(project / DOCX))
    cell = rows_by_id(doc)["front.place"].cells[2]
    set_cell(cell, "Вена,")
    cell.add_paragraph("Австрия")
    doc.save(str(project / DOCX))
    assert run(project, "review", "import", str(DOCX), "--who", "R")[0] == 0
    assert entries(project)["front.place"].msgstr == "Вена, Австрия"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("duplicate", "rows were duplicated: front.note.opening"),
        ("rename", "front.place → front.placex"),
    ],
)
def test_row_damage_is_named(project: Path, damage: str, message: str) -> None:
    import copy

    run(project, "review", "export", "-l", "ru")
    doc = open_docx(str(project / DOCX))
    row = rows_by_id(doc)["front.note.opening" if damage == "duplicate" else "front.place"]
    if damage == "duplicate":
        row._tr.addnext(copy.deepcopy(row._tr))
    else:
        set_cell(row.cells[0], "front.placex")
    doc.save(str(project / DOCX))
    code, out = run(project, "review", "import", str(DOCX), "--who", "R")
    assert code == 1 and message in out


def _edit_unit(project: Path, ident: str, old: str, new: str) -> None:
    text = (project / XLF).read_text(encoding="utf-8")
    start = text.index(f'<unit id="{ident}">')
    end = text.index("</unit>", start)
    (project / XLF).write_text(
        text[:start] + text[start:end].replace(old, new) + text[end:], encoding="utf-8"
    )


def test_xliff_confirming_a_fuzzy_unit_clears_fuzzy(project: Path) -> None:
    catalog = read_catalog(project / PO)
    entry = next(m for m in catalog.messages if m.msgctxt == "front.enclosure")
    entry.fuzzy = True
    write_catalog(project / PO, catalog)
    run(project, "xliff", "export", "-l", "ru")
    _edit_unit(
        project,
        "front.enclosure",
        'state="initial" subState="reply-i18n:fuzzy"',
        'state="translated"',
    )
    code, out = run(project, "xliff", "import", str(XLF))
    assert code == 0 and "1 confirmed or sent back" in out
    assert not entries(project)["front.enclosure"].fuzzy


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("front.enclosure", 'state="translated"', 'state="approvedd"'),
            "unknown state 'approvedd'",
        ),
        (
            ("front.language", 'unit id="front.language"', 'unit id="front.enclosure"'),
            "appears twice",
        ),
        (("front.enclosure", 'unit id="front.enclosure"', 'unit id="front.bogus"'), "ru.xlf:"),
    ],
    ids=["unknown-state", "duplicate-id", "unknown-id-names-the-xliff"],
)
def test_xliff_damage_is_refused(project: Path, edit: tuple[str, str, str], message: str) -> None:
    run(project, "xliff", "export", "-l", "ru")
    _edit_unit(project, *edit)
    before = (project / PO).read_bytes()
    code, out = run(project, "xliff", "import", str(XLF))
    assert code == 1 and message in out, out
    assert (project / PO).read_bytes() == before


def test_xliff_for_another_language_is_refused(project: Path) -> None:
    run(project, "xliff", "export", "-l", "ru")
    text = (project / XLF).read_text(encoding="utf-8").replace('trgLang="ru"', 'trgLang="az"')
    (project / XLF).write_text(text, encoding="utf-8")
    code, out = run(project, "xliff", "import", str(XLF))
    assert code == 1 and "exported for ru" in out


def test_a_word_file_given_to_xliff_import_is_named(project: Path) -> None:
    run(project, "review", "export", "-l", "ru")
    code, out = run(project, "xliff", "import", str(DOCX))
    assert code == 1 and "not an XLIFF file but a zip archive" in out


def test_check_requires_revision_and_counts_words_per_reviewer(project: Path) -> None:
    import json

    code, out = run(project, "check", "--require", "revised", "-l", "ru", "--format", "json")
    assert code == 1
    report = json.loads(out)
    unrevised = [f for f in report["findings"] if f["check"] == "revision"]
    assert len(unrevised) == len(entries(project))
    catalog = read_catalog(project / PO)
    catalog.messages = [
        with_revision(m, "revised", "A. Reviser", datetime.date(2025, 11, 29)) if m.msgid else m
        for m in catalog.messages
    ]
    write_catalog(project / PO, catalog)
    code, out = run(project, "check", "--require", "revised", "-l", "ru")
    assert code == 0, out
    code, out = run(project, "check", "--require", "approved", "-l", "ru")
    assert code == 1 and "not approved yet (revised)" in out
    code, out = run(project, "check", "--by", "reviewer", "-l", "ru", "--format", "json")
    reviewers = json.loads(out)["reviewers"]
    assert [(r["reviewer"], r["segments"]) for r in reviewers] == [
        ("A. Reviser", len(entries(project)))
    ]
    assert reviewers[0]["words"] > 2000


def test_check_by_tm_prices_the_work_left(project: Path) -> None:
    import json

    catalog = read_catalog(project / PO)
    for msg in catalog.messages:
        if (msg.msgctxt or "").startswith("erw."):
            msg.msgstr = ""
    write_catalog(project / PO, catalog)
    _code, out = run(project, "check", "--by", "tm", "-l", "ru", "--format", "json")
    tm = json.loads(out)["tm"]
    assert len(tm) == 1 and tm[0]["locale"] == "ru"
    words = tm[0]["words"]
    assert words["100%"] > 0 and sum(words.values()) > words["none"]


def test_xliff_import_with_a_conflict_applies_the_rest_and_fails(project: Path) -> None:
    run(project, "xliff", "export", "-l", "ru")
    catalog = read_catalog(project / PO)
    mine = next(m for m in catalog.messages if m.msgctxt == "front.enclosure")
    mine.msgstr = "Версия переводчика"  # changed in the PO file since the export
    write_catalog(project / PO, catalog)
    text = (project / XLF).read_text(encoding="utf-8")
    unit = text.index('<unit id="front.enclosure">')
    start = text.index("<target>", unit) + len("<target>")
    end = text.index("</target>", start)
    (project / XLF).write_text(text[:start] + "Версия CAT" + text[end:], encoding="utf-8")
    code, out = run(project, "xliff", "import", str(XLF), "--who", "CAT translator")
    assert code == 1 and "1 conflict(s) to settle" in out
    entry = entries(project)["front.enclosure"]
    assert entry.msgstr == "Версия переводчика" and entry.fuzzy
    assert any(c.startswith("review conflict:") and "Версия CAT" in c for c in entry.comments)


def test_paths_on_the_command_line_are_read_from_where_the_run_started(project: Path) -> None:
    """As git does: started in a folder below the project (-C, or the current folder), a
    relative path is read from that folder, not from the project root."""
    run(project, "review", "export", "-l", "ru")
    result = CliRunner().invoke(
        app, ["-C", str(project / "locale"), "review", "import", f"../{DOCX}", "--who", "R"]
    )
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        app, ["-C", str(project / "locale"), "xliff", "export", "-l", "ru", "--out-dir", "x"]
    )
    assert result.exit_code == 0, result.output
    assert (project / "locale" / "x" / f"{DOC}.ru.xlf").is_file()
