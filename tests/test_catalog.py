"""Translator catalogs: init, update and compile never lose a translator's work.

Each scenario runs on a small project in ``tmp_path`` through the command line, the way a
user runs it, and looks at the PO files that result.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from reply_i18n import files
from reply_i18n.catalog import merge, template
from reply_i18n.cli import app
from reply_i18n.errors import ReplyI18nError
from reply_i18n.files import Project, project_lock, read_catalog, write_catalog
from reply_i18n.po.mo import compile_mo
from reply_i18n.po.pofile import Catalog, Message, decode_po, format_catalog, parse_po
from reply_i18n.source.structure import parse_document
from snapshots import contents_and_times as snapshot

REPO = Path(__file__).resolve().parent.parent
HAS_MSGCAT = shutil.which("msgcat") is not None

DOC = """\
OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

Part I

1. Is your country a party to the Protocol?

Alpha paragraph says the country is not a party to it.

Bravo paragraph explains the reasons for this at some length.

Charlie paragraph closes the answer with a conclusion.

2. Does your country need assistance?

Delta paragraph asks for assistance with mine clearance.
"""

BRAVO = "Bravo paragraph explains the reasons for this at some length."
BRAVO_ID = "apm.part1.q1.answer.bravo-paragraph-explains-the"


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    assert "Traceback" not in result.output
    return result


def ok(root: Path, *args: str) -> Result:
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    return result


class Proj:
    """A small project with a translated Azerbaijani catalog."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.source = root / "source" / "doc.txt"
        self.pot = root / "locale" / "doc.pot"
        self.po = root / "locale" / "az" / "LC_MESSAGES" / "doc.po"

    def write_source(self, text: str) -> None:
        self.source.write_text(text, encoding="utf-8")

    def catalog(self) -> Catalog:
        return read_catalog(self.po)

    def entries(self) -> dict[str, Message]:
        return {m.msgctxt or "": m for m in self.catalog().messages if not m.obsolete}

    def obsolete(self) -> dict[str, Message]:
        return {m.msgctxt or "": m for m in self.catalog().messages if m.obsolete}

    def update(self, *args: str) -> Result:
        return ok(self.root, "update", *args)


def translate(po: Path, prefix: str = "AZ ") -> None:
    cat = read_catalog(po)
    for m in cat.messages:
        if not m.obsolete:
            m.msgstr = prefix + m.msgid
    write_catalog(po, cat)


@pytest.fixture
def bare(tmp_path: Path) -> Proj:
    """A project with a source and its template, and no translation yet."""
    p = Proj(tmp_path / "proj")
    p.source.parent.mkdir(parents=True)
    p.write_source(DOC)
    ok(p.root, "extract")
    return p


@pytest.fixture
def proj(bare: Proj) -> Proj:
    ok(bare.root, "init", "-l", "az")
    translate(bare.po)
    return bare


def stable(m: Message) -> tuple[object, ...]:
    return (m.msgctxt, m.msgid, m.msgstr, m.flags, m.comments, m.previous_msgid)


# --------------------------------------------------------------------------- update scenarios


def test_edit_paragraph_becomes_fuzzy_with_previous_text(proj: Proj) -> None:
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    result = proj.update()
    assert "1 made fuzzy" in result.output
    e = proj.entries()[BRAVO_ID]
    assert e.msgid == BRAVO.replace("the reasons", "the many reasons")
    assert e.fuzzy
    assert e.previous_msgid == BRAVO
    assert e.msgstr == "AZ " + BRAVO
    assert '#| msgid "Bravo paragraph explains the reasons for this at some length."' in (
        proj.po.read_text(encoding="utf-8")
    )
    others = [m for k, m in proj.entries().items() if k != BRAVO_ID]
    assert not any(m.fuzzy for m in others)
    assert all(m.msgstr == "AZ " + m.msgid for m in others)


def test_edit_of_first_words_is_found_by_similarity(proj: Proj) -> None:
    proj.write_source(DOC.replace("Bravo paragraph explains", "Bravo section explains"))
    result = proj.update()
    # the summary says what happened: nothing was made obsolete, one entry changed ID
    [line] = [x for x in result.output.splitlines() if x.startswith("locale/az/")]
    assert line.endswith(": 1 with a new ID (translation carried over, fuzzy) (updated)")
    entries = proj.entries()
    assert BRAVO_ID not in entries
    e = entries["apm.part1.q1.answer.bravo-section-explains-the"]
    assert (e.fuzzy, e.msgstr, e.previous_msgid) == (True, "AZ " + BRAVO, BRAVO)
    assert e.previous_msgctxt == BRAVO_ID
    assert proj.obsolete() == {}


def test_moved_paragraphs_are_reported_as_reordered(proj: Proj) -> None:
    alpha = "Alpha paragraph says the country is not a party to it."
    charlie = "Charlie paragraph closes the answer with a conclusion."
    assert alpha in DOC and charlie in DOC
    proj.write_source(DOC.replace(alpha, "@").replace(charlie, alpha).replace("@", charlie))
    result = proj.update()
    [line] = [x for x in result.output.splitlines() if x.startswith("locale/az/")]
    assert line.endswith(": entries in the source's new order (updated)")


def test_deleted_paragraph_becomes_obsolete(proj: Proj) -> None:
    proj.write_source(DOC.replace(BRAVO + "\n\n", ""))
    result = proj.update()
    assert "1 made obsolete" in result.output
    assert BRAVO_ID not in proj.entries()
    gone = proj.obsolete()[BRAVO_ID]
    assert (gone.msgid, gone.msgstr) == (BRAVO, "AZ " + BRAVO)
    text = proj.po.read_text(encoding="utf-8")
    assert f'#~ msgctxt "{BRAVO_ID}"' in text
    assert f'#~ msgstr "AZ {BRAVO}"' in text


def test_restored_paragraph_is_revived_not_fuzzy(proj: Proj) -> None:
    before = proj.po.read_bytes()
    proj.write_source(DOC.replace(BRAVO + "\n\n", ""))
    proj.update()
    proj.write_source(DOC)
    result = proj.update()
    assert "1 revived" in result.output
    e = proj.entries()[BRAVO_ID]
    assert (e.msgstr, e.fuzzy, e.previous_msgid) == ("AZ " + BRAVO, False, None)
    assert proj.obsolete() == {}
    assert proj.po.read_bytes() == before


def test_edited_then_deleted_then_restored_paragraph_is_not_fuzzy(proj: Proj) -> None:
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    proj.update()
    proj.write_source(DOC.replace(BRAVO + "\n\n", ""))
    proj.update()
    proj.write_source(DOC)
    proj.update()
    e = proj.entries()[BRAVO_ID]
    assert (e.msgstr, e.fuzzy, e.previous_msgid) == ("AZ " + BRAVO, False, None)
    assert proj.obsolete() == {}


def test_inserted_paragraph_changes_no_other_entry(proj: Proj) -> None:
    before = {k: stable(m) for k, m in proj.entries().items()}
    new = "Zulu paragraph is inserted before all the others."
    proj.write_source(DOC.replace("Alpha paragraph", new + "\n\nAlpha paragraph"))
    result = proj.update()
    assert "1 new" in result.output
    after = proj.entries()
    new_id = "apm.part1.q1.answer.zulu-paragraph-is-inserted"
    assert set(after) == set(before) | {new_id}
    assert {k: stable(m) for k, m in after.items() if k != new_id} == before
    assert (after[new_id].msgid, after[new_id].msgstr, after[new_id].fuzzy) == (new, "", False)


def test_inserted_paragraph_goes_in_document_order(proj: Proj) -> None:
    new = "Echo paragraph is added in the middle of the answer."
    proj.write_source(DOC.replace("Charlie paragraph", new + "\n\nCharlie paragraph"))
    proj.update()
    order = [m.msgctxt for m in proj.catalog().messages]
    doc = parse_document(proj.source.read_text(encoding="utf-8"), name="doc", source="x")
    assert order == [s.id for s in doc.translatable()]
    assert order.index("apm.part1.q1.answer.echo-paragraph-is-added") == order.index(BRAVO_ID) + 1


def test_edit_then_revert_clears_fuzzy(proj: Proj) -> None:
    original = proj.po.read_bytes()
    proj.write_source(DOC.replace("the reasons for this", "the real reasons for this"))
    proj.update()
    assert proj.entries()[BRAVO_ID].fuzzy
    proj.write_source(DOC)
    proj.update()
    e = proj.entries()[BRAVO_ID]
    assert (e.fuzzy, e.previous_msgid, e.msgstr) == (False, None, "AZ " + BRAVO)
    assert proj.po.read_bytes() == original


def test_edit_of_first_words_then_revert_clears_fuzzy(proj: Proj) -> None:
    original = proj.po.read_bytes()
    proj.write_source(DOC.replace("Bravo paragraph explains", "Bravo section explains"))
    proj.update()
    proj.write_source(DOC)
    proj.update()
    e = proj.entries()[BRAVO_ID]
    assert (e.fuzzy, e.previous_msgid, e.previous_msgctxt) == (False, None, None)

    # the template changed twice, so its creation date may have moved on to another minute
    def undated(data: bytes) -> bytes:
        return re.sub(rb'"POT-Creation-Date: [^"]*\\n"\n', b"", data)

    assert undated(proj.po.read_bytes()) == undated(original)


def test_translator_fuzzy_flag_survives_a_revert(proj: Proj) -> None:
    """Only the fuzzy flag an edit caused is cleared, not one the translator set."""
    cat = proj.catalog()
    for m in cat.messages:
        if m.msgctxt == BRAVO_ID:
            m.fuzzy = True
            m.comments = ["check this wording"]
    write_catalog(proj.po, cat)
    proj.write_source(DOC.replace("the reasons for this", "the real reasons for this"))
    proj.update()
    e = proj.entries()[BRAVO_ID]
    assert e.fuzzy and e.comments == ["check this wording"]


def test_unchanged_entries_keep_comments_and_flags(proj: Proj) -> None:
    cat = proj.catalog()
    for m in cat.messages:
        if m.msgctxt == "apm.part1.q2.question":
            m.comments = ["translator: checked with the glossary"]
            m.flags = ["fuzzy", "no-c-format"]
    write_catalog(proj.po, cat)
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    proj.update()
    e = proj.entries()["apm.part1.q2.question"]
    assert e.comments == ["translator: checked with the glossary"]
    assert e.flags == ["fuzzy", "no-c-format"]


def test_second_update_writes_nothing(proj: Proj) -> None:
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    first = proj.update()
    assert "(updated)" in first.output
    before = snapshot(proj.root)
    time.sleep(0.01)
    second = proj.update()
    assert "up to date" in second.output and "(updated)" not in second.output
    assert snapshot(proj.root) == before


def test_dry_run_writes_nothing(proj: Proj) -> None:
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    before = snapshot(proj.root)
    result = proj.update("--dry-run")
    assert "1 made fuzzy" in result.output and "would change" in result.output
    assert snapshot(proj.root) == before


def test_check_exits_1_when_a_change_is_pending_and_0_otherwise(proj: Proj) -> None:
    assert run(proj.root, "update", "--check").exit_code == 0
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    before = snapshot(proj.root)
    result = run(proj.root, "update", "--check")
    assert result.exit_code == 1
    assert "would change" in result.output
    assert snapshot(proj.root) == before
    proj.update()
    assert run(proj.root, "update", "--check").exit_code == 0


def test_new_entries_are_inserted_in_place_not_appended(proj: Proj) -> None:
    new_q = "3. Is a third question added at the end?\n\nFoxtrot answers it.\n"
    extra = "Golf paragraph is added to the first answer."
    text = DOC.replace("Charlie paragraph", extra + "\n\nCharlie paragraph") + "\n" + new_q
    proj.write_source(text)
    proj.update()
    order = [m.msgctxt for m in proj.catalog().messages]
    doc = parse_document(text, name="doc", source="x")
    assert order == [s.id for s in doc.translatable()]
    # and the obsolete entries, if any, come last
    proj.write_source(text.replace(BRAVO + "\n\n", ""))
    proj.update()
    flags = [m.obsolete for m in proj.catalog().messages]
    assert flags == sorted(flags) and flags[-1]


# --------------------------------------------------------------------------- atomic writes


def _temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def test_failure_during_replace_keeps_the_original(
    proj: Proj, monkeypatch: pytest.MonkeyPatch
) -> None:
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    before = snapshot(proj.root / "locale")

    def boom(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    result = run(proj.root, "update")
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert snapshot(proj.root / "locale") == before
    assert _temp_files(proj.root) == []


def test_exception_in_the_middle_of_a_write_keeps_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "doc.po"
    target.write_bytes(b"original content\n")

    real_fdopen = os.fdopen

    class Exploding(io.RawIOBase):
        def __init__(self, fh: io.BufferedWriter) -> None:
            self.fh = fh

        def __enter__(self) -> Exploding:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: object) -> int:
            assert isinstance(data, bytes)
            self.fh.write(data[: len(data) // 2])  # half of it reaches the disk
            raise RuntimeError("interrupted in the middle of a write")

    def fdopen(fd: int, mode: str = "r", *args: object, **kw: object) -> Exploding:
        return Exploding(real_fdopen(fd, mode))

    monkeypatch.setattr(files.os, "fdopen", fdopen)
    with pytest.raises(RuntimeError, match="interrupted"):
        files.atomic_write(target, b"new content that is much longer than the old one\n")
    assert target.read_bytes() == b"original content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.po"]


def test_atomic_write_does_not_touch_an_unchanged_file(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    assert files.atomic_write(target, b"x\n") is True
    mtime = target.stat().st_mtime_ns
    time.sleep(0.01)
    assert files.atomic_write(target, b"x\n") is False
    assert target.stat().st_mtime_ns == mtime
    assert files.atomic_write(target, b"y\n") is True
    assert target.read_bytes() == b"y\n"


# --------------------------------------------------------------------------- concurrency


def _project(root: Path) -> Project:
    return Project(
        root=root,
        source_dir=root / "source",
        locale_dir=root / "locale",
        build_dir=root / "build",
    )


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    wrapped = project_lock.__wrapped__  # type: ignore[attr-defined]
    monkeypatch.setattr(wrapped, "__kwdefaults__", {**wrapped.__kwdefaults__, "wait": 0.3})


@pytest.mark.usefixtures("short_wait")
def test_second_update_fails_clearly_while_the_lock_is_held(proj: Proj) -> None:
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    before = snapshot(proj.root)
    with project_lock(_project(proj.root)):
        result = run(proj.root, "update")
    assert result.exit_code == 1
    assert "another reply-i18n run" in result.output
    assert ".reply-i18n.lock" in result.output
    assert snapshot(proj.root) == before


def test_second_update_waits_for_the_lock(proj: Proj) -> None:
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    held = threading.Event()
    release = threading.Event()
    seen_while_held: list[bool] = []

    def holder() -> None:
        with project_lock(_project(proj.root)):
            held.set()
            release.wait(5)
            # while we hold the lock, the other run has written nothing
            seen_while_held.append(proj.entries()[BRAVO_ID].fuzzy)

    t = threading.Thread(target=holder)
    t.start()
    assert held.wait(5)
    threading.Timer(0.4, release.set).start()
    start = time.monotonic()
    result = run(proj.root, "update")
    elapsed = time.monotonic() - start
    t.join()
    assert result.exit_code == 0, result.output
    assert elapsed >= 0.3
    assert seen_while_held == [False]
    assert proj.entries()[BRAVO_ID].fuzzy


# --------------------------------------------------------------------------- init


def header(po: Path) -> dict[str, str]:
    return read_catalog(po).header_fields()


@pytest.mark.parametrize(
    ("code", "nplurals", "native"),
    [("az", 2, "azərbaycan"), ("ru", 3, "русский")],
)
def test_init_header(bare: Proj, code: str, nplurals: int, native: str) -> None:
    ok(bare.root, "init", "--locale", code)
    po = bare.root / "locale" / code / "LC_MESSAGES" / "doc.po"
    h = header(po)
    assert h["Language"] == code
    assert re.fullmatch(rf"nplurals={nplurals}; plural=.+;", h["Plural-Forms"])
    assert h["Language-Team"].startswith(native)
    assert h["Content-Type"] == "text/plain; charset=UTF-8"
    cat = read_catalog(po)
    pot = read_catalog(bare.pot)
    assert [m.msgctxt for m in cat.messages] == [m.msgctxt for m in pot.messages]
    assert all(m.msgstr == "" and not m.fuzzy for m in cat.messages)
    assert not cat.header.fuzzy


def test_init_refuses_an_existing_file(proj: Proj) -> None:
    before = snapshot(proj.root)
    result = run(proj.root, "init", "-l", "az")
    assert result.exit_code == 1
    assert "locale/az/LC_MESSAGES/doc.po" in result.output
    assert "already exists" in result.output and "--force" in result.output
    assert snapshot(proj.root) == before


def test_init_force_overwrites_and_keeps_a_backup(proj: Proj) -> None:
    old = proj.po.read_bytes()
    ok(proj.root, "init", "-l", "az", "--force")
    assert proj.po.with_name("doc.po.bak").read_bytes() == old
    assert all(m.msgstr == "" for m in proj.catalog().messages)


def test_a_second_init_force_never_overwrites_the_first_backup(proj: Proj) -> None:
    """The first --force emptied the catalog: its backup is the translator's only copy."""
    old = proj.po.read_bytes()
    ok(proj.root, "init", "-l", "az", "--force")
    emptied = proj.po.read_bytes()
    result = ok(proj.root, "init", "-l", "az", "--force")
    assert proj.po.with_name("doc.po.bak").read_bytes() == old
    assert proj.po.with_name("doc.po.bak.1").read_bytes() == emptied
    assert "doc.po.bak.1: the previous catalog, kept" in result.output
    # a catalog some backup already holds is not copied again
    ok(proj.root, "init", "-l", "az", "--force")
    assert not proj.po.with_name("doc.po.bak.2").exists()


@pytest.mark.parametrize("code", ["az", "ru", "az_Latn", "ru_RU"])
def test_init_accepts_known_locales(bare: Proj, code: str) -> None:
    ok(bare.root, "init", "-l", code)
    assert header(bare.root / "locale" / code / "LC_MESSAGES" / "doc.po")["Language"] == code


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("../x", "invalid locale code '../x': expected a language code such as 'az'"),
        ("a\x00b", "invalid locale code 'a\\x00b': expected a language code"),
        ("xx_QQ", "unknown language 'xx_QQ': Babel has no locale data for it"),
        ("qq", "unknown language 'qq': Babel has no locale data for it"),
        ("", "invalid locale code '': expected a language code"),
    ],
)
def test_init_refuses_bad_locales(proj: Proj, code: str, reason: str) -> None:
    before = snapshot(proj.root)
    dirs = sorted(p for p in proj.root.rglob("*") if p.is_dir())
    result = run(proj.root, "init", "-l", code)
    assert result.exit_code == 2  # a usage error, as --locale is in every command
    assert reason in " ".join(result.output.replace("│", " ").split())
    assert "\x00" not in result.output
    assert snapshot(proj.root) == before
    assert sorted(p for p in proj.root.rglob("*") if p.is_dir()) == dirs
    assert not (proj.root / "x").exists()


# --------------------------------------------------------------------------- compile


def test_compile_mo_loads_with_gnutranslations(proj: Proj) -> None:
    cat = proj.catalog()
    for m in cat.messages:
        if m.msgctxt == BRAVO_ID:
            m.fuzzy = True
    write_catalog(proj.po, cat)
    ok(proj.root, "compile")
    mo = proj.po.with_suffix(".mo")
    with mo.open("rb") as fh:
        t = gettext.GNUTranslations(fh)
    q = "Is your country a party to the Protocol?"
    assert t.pgettext("apm.part1.q1.question", q) == "AZ " + q
    # fuzzy entries are left out: the English text comes back
    assert t.pgettext(BRAVO_ID, BRAVO) == BRAVO
    # the context matters: the same text under another ID is not translated
    assert t.pgettext("apm.part1.q2.question", q) == q
    ok(proj.root, "compile", "--use-fuzzy")
    with mo.open("rb") as fh:
        assert gettext.GNUTranslations(fh).pgettext(BRAVO_ID, BRAVO) == "AZ " + BRAVO


def test_compile_plural_entries_and_non_utf8_source() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=KOI8-R\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
        'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgctxt "c"\nmsgid "mine"\nmsgstr "мина"\n\n'
        'msgid "%d mine"\nmsgid_plural "%d mines"\n'
        'msgstr[0] "%d мина"\nmsgstr[1] "%d мины"\nmsgstr[2] "%d мин"\n'
    )
    cat, _ = parse_po(decode_po(text.encode("koi8-r"), path="x.po"), path="x.po")
    t = gettext.GNUTranslations(io.BytesIO(compile_mo(cat)))
    assert t.pgettext("c", "mine") == "мина"
    assert [t.ngettext("%d mine", "%d mines", n) % n for n in (1, 3, 5)] == [
        "1 мина",
        "3 мины",
        "5 мин",
    ]


# --------------------------------------------------------------------------- malformed PO

HEADER = (
    'msgid ""\nmsgstr ""\n'
    '"Language: az\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)

MALFORMED = {
    "unterminated string": (HEADER + 'msgctxt "a"\nmsgid "abc\nmsgstr ""\n', 8, "unterminated"),
    "invalid escape": (HEADER + 'msgctxt "a"\nmsgid "a\\qb"\nmsgstr ""\n', 8, "invalid escape"),
    "missing msgstr": (
        HEADER + 'msgctxt "a"\nmsgid "a"\n\nmsgctxt "b"\nmsgid "b"\nmsgstr ""\n',
        7,
        "missing msgstr",
    ),
    "duplicate msgctxt+msgid": (
        HEADER + 'msgctxt "a"\nmsgid "a"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "a"\nmsgstr "x"\n',
        11,
        "duplicate",
    ),
    "undecodable bytes": (
        HEADER + 'msgctxt "a"\nmsgid "a"\nmsgstr "\udcff\udcfe"\n',
        9,
        "not valid UTF-8",
    ),
    "wrong number of plural forms": (
        HEADER
        + 'msgid "%d mine"\nmsgid_plural "%d mines"\n'
        + 'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n',
        7,
        "3 forms, the language has 2",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
@pytest.mark.parametrize("command", ["update", "compile"])
def test_malformed_po_gives_file_line_error_and_writes_nothing(
    proj: Proj, case: str, command: str
) -> None:
    text, line, message = MALFORMED[case]
    proj.po.write_bytes(text.encode("utf-8", "surrogateescape"))
    # a pending change in the source: an update would write the POT if it went ahead
    proj.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    before = snapshot(proj.root)
    result = run(proj.root, command)
    assert result.exit_code == 1
    assert f"locale/az/LC_MESSAGES/doc.po:{line}: " in result.output
    assert message in result.output
    assert snapshot(proj.root) == before


def test_read_catalog_errors_name_file_and_line(tmp_path: Path) -> None:
    for case, (text, line, message) in MALFORMED.items():
        if case == "wrong number of plural forms":
            continue  # a check of the command line, against the language's rule
        path = tmp_path / "bad.po"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        with pytest.raises(ReplyI18nError) as info:
            read_catalog(path, "bad.po")
        assert (info.value.path, info.value.line) == ("bad.po", line), case
        assert str(info.value).startswith(f"bad.po:{line}: "), case
        assert message in str(info.value), case


def test_header_without_plural_forms_warns(proj: Proj) -> None:
    text = proj.po.read_text(encoding="utf-8")
    text = re.sub(r'"Plural-Forms: [^"]*"\n', "", text)
    proj.po.write_text(text, encoding="utf-8")
    result = proj.update()
    assert "locale/az/LC_MESSAGES/doc.po: warning: no Plural-Forms" in result.output
    assert "2 forms" in result.output


# --------------------------------------------------------------------------- round trip

ROUND_TRIP = """\
# Azerbaijani translation.
msgid ""
msgstr ""
"Project-Id-Version: doc\\n"
"Language: ru\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

# translator: keep the term from the glossary
# second comment line
#. Part I, question 3: answer, paragraph 1
#: source/doc.txt:12
#, fuzzy
#| msgctxt "apm.part1.q3.answer.old"
#| msgid "An old "
#| "text"
msgctxt "apm.part1.q3.answer.x"
msgid ""
"A long paragraph that goes on and on so that it has to be wrapped by the "
"writer, with \\"quotes\\", a back\\\\slash,\\ta tab and\\n"
"a newline."
msgstr "Octal \\101\\102 and hex \\x43 escapes, ə ı İ and кириллица."

msgid "%d mine"
msgid_plural "%d mines"
msgstr[0] "%d мина"
msgstr[1] "%d мины"
msgstr[2] "%d мин"

#~ msgctxt "gone"
#~ msgid "Gone"
#~ msgstr "Ушло"

# an obsolete entry with a previous text
#, fuzzy
#~| msgid "Older"
#~ msgctxt "gone2"
#~ msgid "Old"
#~ msgstr "Старое"
"""


def _data(cat: Catalog) -> list[tuple[object, ...]]:
    return [
        (
            m.msgctxt,
            m.msgid,
            m.msgid_plural,
            m.msgstr,
            m.msgstr_plural,
            m.comments,
            m.auto_comments,
            m.references,
            m.flags,
            m.previous_msgctxt,
            m.previous_msgid,
            m.obsolete,
        )
        for m in [cat.header, *cat.messages]
    ]


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom", "crlf+bom"])
def test_round_trip_of_what_translators_send_back(tmp_path: Path, variant: str) -> None:
    text = ROUND_TRIP.replace("\n", "\r\n") if "crlf" in variant else ROUND_TRIP
    data = ("\ufeff" if "bom" in variant else "") + text
    src = tmp_path / "in.po"
    src.write_bytes(data.encode("utf-8"))
    cat = read_catalog(src)
    msgs = {m.msgctxt: m for m in cat.messages}
    x = msgs["apm.part1.q3.answer.x"]
    assert x.msgid == (
        "A long paragraph that goes on and on so that it has to be wrapped by the "
        'writer, with "quotes", a back\\slash,\ta tab and\na newline.'
    )
    assert x.msgstr == "Octal AB and hex C escapes, ə ı İ and кириллица."
    assert x.comments == ["translator: keep the term from the glossary", "second comment line"]
    assert (x.previous_msgctxt, x.previous_msgid) == ("apm.part1.q3.answer.old", "An old text")
    plural = msgs[None]
    assert plural.msgstr_plural == {0: "%d мина", 1: "%d мины", 2: "%d мин"}
    assert msgs["gone2"].obsolete and msgs["gone2"].previous_msgid == "Older"
    assert cat.header.comments == ["Azerbaijani translation."]
    assert not any("\r" in str(v) or "\ufeff" in str(v) for v in _data(cat))

    out = tmp_path / "out.po"
    write_catalog(out, cat)
    written = out.read_text(encoding="utf-8")
    assert '#~| msgid "Older"' in written
    assert "# translator: keep the term from the glossary" in written
    again = read_catalog(out)
    assert _data(again) == _data(cat)
    # writing what we wrote changes nothing
    assert format_catalog(again) == written


@pytest.mark.skipif(not HAS_MSGCAT, reason="GNU gettext (msgcat) is not installed")
def test_round_trip_output_is_what_msgcat_prints(tmp_path: Path) -> None:
    src = tmp_path / "in.po"
    src.write_text(ROUND_TRIP, encoding="utf-8")
    ours = format_catalog(read_catalog(src))
    gnu = subprocess.run(
        ["msgcat", str(src)], capture_output=True, check=True, env={**os.environ, "LC_ALL": "C"}
    ).stdout.decode("utf-8")
    assert ours == gnu


def test_update_keeps_plural_entries_and_comments_of_kept_messages(proj: Proj) -> None:
    cat = proj.catalog()
    cat.messages[2].comments = ["a note", ""]
    write_catalog(proj.po, cat)
    text = proj.po.read_text(encoding="utf-8").replace("\n", "\r\n")
    proj.po.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    proj.update()
    data = proj.po.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert proj.catalog().messages[2].comments == ["a note", ""]
    assert all(m.msgstr == "AZ " + m.msgid for m in proj.catalog().messages)


def test_update_of_a_non_utf8_catalog_keeps_the_translations(bare: Proj) -> None:
    p = bare
    ok(p.root, "init", "-l", "ru")
    po = p.root / "locale" / "ru" / "LC_MESSAGES" / "doc.po"
    translate(po, "Перевод ")
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=KOI8-R")
    po.write_bytes(text.encode("koi8-r"))
    p.write_source(DOC.replace("the reasons for this", "the many reasons for this"))
    ok(p.root, "update")
    cat = read_catalog(po)
    assert all(m.msgstr.startswith("Перевод ") for m in cat.messages)
    assert cat.header_fields()["Content-Type"] == "text/plain; charset=UTF-8"
    ok(p.root, "compile")
    with po.with_suffix(".mo").open("rb") as fh:
        t = gettext.GNUTranslations(fh)
    q = "Does your country need assistance?"
    assert t.pgettext("apm.part1.q2.question", q) == "Перевод " + q


# --------------------------------------------------------------------------- merge as a library


def test_merge_is_pure_and_keeps_every_translation() -> None:
    old_doc = parse_document(DOC, name="doc", source="doc.txt")
    new_doc = parse_document(
        DOC.replace("the reasons for this", "the many reasons for this"),
        name="doc",
        source="doc.txt",
    )
    import datetime

    when = datetime.datetime(2025, 5, 6, tzinfo=datetime.UTC)
    pot_old = template(old_doc, created=when, source_path="source/doc.txt")
    po = Catalog(
        header=Message(msgid="", msgstr="Language: az\n"),
        messages=[
            Message(msgid=m.msgid, msgctxt=m.msgctxt, msgstr="AZ " + m.msgid)
            for m in pot_old.messages
        ],
    )
    before = format_catalog(po)
    pot_new = template(new_doc, created=when, source_path="source/doc.txt")
    merged, stats = merge(po, pot_new)
    assert format_catalog(po) == before  # the input is not modified
    assert stats.as_dict() == {"kept": 7, "new": 0, "fuzzy": 1, "obsolete": 0, "revived": 0}
    assert sum(bool(m.msgstr) for m in merged.messages) == len(po.messages)


# --------------------------------------------------------------------------- the real example


@pytest.fixture
def example(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "example"
    shutil.copytree(REPO / "source", root / "source")
    (root / "locale").mkdir()
    yield root


def _shipped(code: str) -> dict[str | None, str]:
    po = REPO / "locale" / code / "LC_MESSAGES" / "fsc-emi-122-25.po"
    return {m.msgctxt: m.msgstr for m in read_catalog(po).messages if not m.obsolete}


EDITS = [
    # a word changed in the middle of a paragraph: same ID, fuzzy
    ("practical utility of which remains low", "practical utility of which remains very low"),
    # first words changed: new ID, found by similarity, fuzzy
    (
        "Along with causing human loss, landmines",
        "Besides causing human loss, landmines",
    ),
    # a question reworded
    (
        "Does your country have any specific measures in place to provide assistance",
        "Does your country have specific measures in place to provide assistance",
    ),
]


def test_example_init_then_update_after_edits_keeps_every_translation(example: Path) -> None:
    for code in ("az", "ru"):
        ok(example, "extract")
        ok(example, "init", "-l", code)
        po = example / "locale" / code / "LC_MESSAGES" / "fsc-emi-122-25.po"
        shipped = _shipped(code)
        cat = read_catalog(po)
        for m in cat.messages:
            m.msgstr = shipped[m.msgctxt]
        write_catalog(po, cat)
    counts = {
        code: sum(
            bool(m.msgstr)
            for m in read_catalog(
                example / "locale" / code / "LC_MESSAGES" / "fsc-emi-122-25.po"
            ).messages
        )
        for code in ("az", "ru")
    }
    assert counts == {"az": 71, "ru": 71}

    src = example / "source" / "fsc-emi-122-25.txt"
    text = src.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    src.write_text(text, encoding="utf-8")
    result = ok(example, "update")
    assert (
        result.output.count("1 with a new ID (translation carried over, fuzzy), 2 made fuzzy") == 2
    )
    for code in ("az", "ru"):
        cat = read_catalog(example / "locale" / code / "LC_MESSAGES" / "fsc-emi-122-25.po")
        assert sum(bool(m.msgstr) for m in cat.messages) == counts[code]
        assert cat.obsolete() == []
        fuzzy = [m for m in cat.messages if m.fuzzy]
        assert len(fuzzy) == 3
        assert all(new in m.msgid for (_, new), m in zip(EDITS, fuzzy, strict=True))
        assert all(
            m.previous_msgid and old in m.previous_msgid
            for (old, _), m in zip(EDITS, fuzzy, strict=True)
        )
        shipped = set(_shipped(code).values())
        assert all(m.msgstr in shipped for m in cat.messages)


def test_vanished_untranslated_entries_are_not_kept_as_obsolete() -> None:
    from reply_i18n.po.pofile import Catalog, Message, format_catalog

    header = Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")
    po = Catalog(
        header,
        [
            Message(msgid="Kept.", msgstr="Saxlanıldı.", msgctxt="a"),
            Message(msgid="Gone, untranslated.", msgctxt="b", comments=["note"]),
            Message(msgid="Gone long ago.", msgctxt="c", obsolete=True),
            Message(msgid="Gone, translated.", msgstr="Getdi.", msgctxt="d"),
        ],
    )
    pot = Catalog(header, [Message(msgid="Kept.", msgctxt="a")])
    merged, stats = merge(po, pot)
    assert [(m.msgctxt, m.obsolete) for m in merged.messages] == [("a", False), ("d", True)]
    assert stats.obsolete == 1
    if shutil.which("msgcat"):
        text = format_catalog(merged)
        out = subprocess.run(
            ["msgcat", "-"], input=text, capture_output=True, text=True, check=True
        ).stdout
        assert out == text
