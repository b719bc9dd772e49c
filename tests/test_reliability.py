"""Reliability: bad input of every kind gives a `file:line: message` and a non-zero exit,
never a traceback; a failed run leaves every file as it was; no translation is lost."""

from __future__ import annotations

import csv
import functools
import os
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from reply_i18n import cli, files
from reply_i18n.cli import app
from reply_i18n.files import Project, read_catalog, staged, write_catalog
from snapshots import contents as snapshot

DOC = """\
OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES

1. Is your country a party to the Protocol?

Alpha paragraph says the country is not a party to it.

Bravo paragraph gives the reasons for this in 2,700 words.

2. Does your country need assistance?

Charlie paragraph asks for assistance with mine clearance.

Delta paragraph thanks the donors for 1.25 million euros.
"""


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # a second run waits for the lock for a fraction of a second, not 30 s
    monkeypatch.setattr(cli, "project_lock", functools.partial(files.project_lock, wait=0.3))


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(app, ["-C", str(root), *args], env=env)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def ok(root: Path, *args: str) -> Result:
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    return result


def temporaries(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if files.TEMP_MARK in p.name]


def po_path(root: Path, lang: str = "az") -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / "doc.po"


def make_project(root: Path, *, langs: tuple[str, ...] = ("az", "ru")) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "doc.txt").write_text(DOC, encoding="utf-8")
    ok(root, "extract")
    for lang in langs:
        ok(root, "init", "-l", lang)
        path = po_path(root, lang)
        cat = read_catalog(path)
        for m in cat.messages:
            m.msgstr = f"{lang.upper()} {m.msgid}"
        write_catalog(path, cat)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


def translations(root: Path) -> set[tuple[str, str]]:
    out = set()
    for path in (root / "locale").rglob("*.po"):
        for m in read_catalog(path).messages:
            if m.msgstr:
                out.add((m.msgctxt or "", m.msgstr))
    return out


# --------------------------------------------------------------------------- empty sources


@pytest.mark.parametrize(
    "content",
    ["\u00a0", "\u00a0\n\u00a0\n", "\u2003\u3000\n", "\u202f\t\u2007\n", "\ufeff\u00a0\r\n"],
    ids=["nbsp", "nbsp-lines", "em-ideographic", "narrow-figure-tab", "bom-nbsp-crlf"],
)
def test_whitespace_only_source_is_empty_and_refused(project: Path, content: str) -> None:
    before = snapshot(project)
    kept = translations(project)
    (project / "source" / "doc.txt").write_text(content, encoding="utf-8")
    result = run(project, "update")
    assert result.exit_code == 1
    assert "source/doc.txt: the file is empty" in result.output
    assert {k: v for k, v in snapshot(project).items() if not k.startswith("source")} == {
        k: v for k, v in before.items() if not k.startswith("source")
    }
    assert translations(project) == kept


def test_source_of_invisible_format_characters_obsoletes_nothing(project: Path) -> None:
    """U+2060 and U+200D are not white space, so the source is not empty; the guard against
    mass obsolescence keeps every translation."""
    kept = translations(project)
    (project / "source" / "doc.txt").write_text("\u2060\u200d\n", encoding="utf-8")
    result = run(project, "update")
    assert result.exit_code == 1 and "nothing written" in result.output
    assert translations(project) == kept


# --------------------------------------------------------------------------- mass obsolescence


def test_update_refuses_to_obsolete_more_than_half_without_force(project: Path) -> None:
    before = snapshot(project)
    (project / "source" / "doc.txt").write_text(
        "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES\n\n1. Is your country a party to the "
        "Protocol?\n\nA completely different answer now.\n",
        encoding="utf-8",
    )
    result = run(project, "update")
    assert result.exit_code == 1
    assert "locale/az/LC_MESSAGES/doc.po: would make 5 of its 7 translations obsolete" in (
        result.output
    )
    assert "--force" in result.output and "nothing written" in result.output
    assert {k: v for k, v in snapshot(project).items() if not k.startswith("source")} == {
        k: v for k, v in before.items() if not k.startswith("source")
    }
    forced = ok(project, "update", "--force")
    assert "made obsolete" in forced.output
    cat = read_catalog(po_path(project))
    assert len(cat.obsolete()) == 5 and all(m.msgstr for m in cat.obsolete())


def test_update_obsoleting_half_or_less_needs_no_force(project: Path) -> None:
    src = project / "source" / "doc.txt"
    src.write_text(DOC.replace("Delta paragraph thanks the donors for 1.25 million euros.\n", ""))
    result = ok(project, "update")
    assert "1 made obsolete" in result.output


# --------------------------------------------------------------------------- environment


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "253402300800", "1e9", "0x10"])
def test_source_date_epoch_out_of_range_is_an_error(project: Path, value: str) -> None:
    before = snapshot(project)
    for command in (["extract"], ["build", "--format", "md"]):
        result = run(project, *command, env={"SOURCE_DATE_EPOCH": value})
        assert result.exit_code == 1, result.output
        assert result.output.startswith("reply-i18n: error: SOURCE_DATE_EPOCH: ")
    assert snapshot(project) == before


def test_source_date_epoch_at_the_limits_works(project: Path) -> None:
    for value in ("0", "253402300799"):
        assert (
            run(project, "build", "--format", "md", env={"SOURCE_DATE_EPOCH": value}).exit_code == 0
        )


def test_glossary_cell_over_the_csv_field_limit_is_an_error(project: Path) -> None:
    glossary = project / "locale" / "glossary.csv"
    big = "x" * (csv.field_size_limit() + 10)
    glossary.write_text(f"en,az\nmine,mina\nterm,{big}\n", encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 1
    assert "locale/glossary.csv:3: glossary is not valid CSV" in result.output


# --------------------------------------------------------------------------- configuration


def write_config(root: Path, text: str) -> None:
    (root / "reply-i18n.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[project]\nsource_dir = "../elsewhere"\n', "leads out of the project directory"),
        ('[project]\nlocale_dir = "/tmp"\n', "is absolute"),
        ('[project]\nbuild_dir = "sub/../../out"\n', "leads out of the project directory"),
        ('[check]\nglossary = "../glossary.csv"\n', "leads out of the project directory"),
        ('[project]\nbuild_dir = "~/build"\n', "is absolute"),
        ('[questionnaires]\ndir = "../templates"\n', "leads out of the project directory"),
    ],
    ids=["dotdot", "absolute", "dotdot-inside", "glossary", "home", "questionnaires"],
)
def test_config_path_leaving_the_project_is_a_config_error(
    project: Path, config: str, message: str
) -> None:
    write_config(project, config)
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.output.startswith("reply-i18n: error: reply-i18n.toml:2: ")  # the key's line
    assert message in result.output


def test_config_path_through_a_symlink_leading_out_is_a_config_error(
    project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "out").symlink_to(outside)
    write_config(project, '[project]\nbuild_dir = "out/build"\n')
    result = run(project, "build", "--format", "md")
    assert result.exit_code == 1 and "leads out of the project directory" in result.output
    assert list(outside.iterdir()) == []


def test_config_path_inside_the_project_is_fine(project: Path) -> None:
    write_config(project, '[project]\nbuild_dir = "out/../editions"\n')
    ok(project, "build", "--format", "md")
    assert (project / "editions" / "doc").is_dir()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[check]\nstrict = "no"\n', 'check.strict must be true or false, not "no"'),
        ("[check]\nstrict = 1\n", "check.strict must be true or false"),
        ("[check]\nmin = 120\n", "check.min must be a number from 0 to 100"),
        ("[check]\nmin = -1\n", "check.min must be a number from 0 to 100"),
        ('[check]\nmin = "90"\n', "check.min must be a number from 0 to 100"),
        ("[check]\nmin = true\n", "check.min must be a number from 0 to 100"),
        ("[project]\nsource_dir = 3\n", "project.source_dir must be a non-empty string"),
        ("[project]\nlocale_dir = []\n", "project.locale_dir must be a non-empty string"),
        ('[project]\nbuild_dir = ""\n', "project.build_dir must be a non-empty string"),
        ('[project]\nlocales = "az"\n', "project.locales must be a list of strings"),
        ('[build]\nformats = ["html", "pdfx"]\n', 'build.formats: unknown format "pdfx"'),
        ('[build]\nformats = "html"\n', "build.formats must be a list of strings"),
        ("[build]\neditions = [[1]]\n", "build.editions[] must be a list of strings"),
        ('[catalog]\nlocations = "some"\n', 'catalog.locations = "some"'),
        ('[check]\ndisable = "numbers"\n', "check.disable must be a list of strings"),
        ('[check]\ndisable = ["spelling"]\n', 'check.disable: unknown check "spelling"'),
        ("[nothing]\n", "unknown table [nothing]"),
        ("[check]\nminimum = 3\n", "unknown key(s) in [check]: minimum"),
        ('[project]\nlocales = ["az"]\n[build]\neditions = [["en", "fr"]]\n', 'names "fr"'),
    ],
)
def test_config_values_are_type_checked(project: Path, config: str, message: str) -> None:
    write_config(project, config)
    result = run(project, "check")
    assert result.exit_code == 1, result.output
    line = config.rstrip("\n").count("\n") + 1  # the key at fault is on the last line
    assert result.output.startswith(f"reply-i18n: error: reply-i18n.toml:{line}: ")
    assert message in result.output


def test_bad_formats_entry_names_the_configuration_not_an_option(project: Path) -> None:
    write_config(project, '[build]\nformats = ["htm"]\n')
    result = run(project, "build")
    assert result.exit_code == 1
    assert "reply-i18n.toml" in result.output and "--format" not in result.output


# --------------------------------------------------------------------------- staged outputs


def test_a_run_that_fails_halfway_leaves_every_output_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "source" / "doc.txt").write_text(DOC.replace("Bravo paragraph", "Bravo text"))
    before = snapshot(project)
    real = os.replace
    calls = []

    def flaky(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", flaky)
    result = run(project, "update")
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert snapshot(project) == before
    assert temporaries(project) == []
    monkeypatch.setattr(files.os, "replace", real)
    assert "fuzzy" in ok(project, "update").output


def test_a_build_that_fails_while_rendering_writes_no_edition(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reply_i18n.publish import editions

    ok(project, "build", "--format", "md")
    (project / "source" / "doc.txt").write_text(DOC.replace("2,700", "2,800"))
    ok(project, "update", "--force")
    for lang in ("az", "ru"):
        cat = read_catalog(po_path(project, lang))
        for m in cat.messages:
            m.fuzzy = False
            m.msgstr = m.msgstr.replace("2,700", "2,800")
        write_catalog(po_path(project, lang), cat)
    before = snapshot(project)
    real = editions.render_all
    count = []

    def failing(output: editions.Output) -> bytes:
        count.append(1)
        if len(count) == 3:
            raise OSError(5, "Input/output error")
        return real(output)

    monkeypatch.setattr(editions, "render_all", failing)
    result = run(project, "build", "--format", "md")
    assert result.exit_code == 1
    assert snapshot(project) == before
    assert temporaries(project) == []


def test_staging_moves_nothing_when_the_block_fails(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"old a")
    with pytest.raises(KeyboardInterrupt), staged() as staging:
        staging.stage(a, b"new a")
        staging.stage(b, b"new b")
        raise KeyboardInterrupt
    assert a.read_bytes() == b"old a" and not b.exists()
    assert temporaries(tmp_path) == []


def test_streamed_staging_writes_only_what_changed_and_nothing_when_it_fails(
    tmp_path: Path,
) -> None:
    same, other, broken = tmp_path / "same.po", tmp_path / "other.po", tmp_path / "broken.po"
    for path in (same, other, broken):
        path.write_bytes(b"line one\nline two\n")
    mtime = same.stat().st_mtime_ns

    def failing() -> Iterator[bytes]:
        yield b"line one\n"
        raise OSError(28, "No space left on device")

    assert files.holds_bytes(same, [b"line one\n", b"line two\n"])
    assert not files.holds_bytes(same, [b"line one\n", b"line two\n", b"three\n"])
    assert not files.holds_bytes(same, [b"line one\n"])
    assert not files.holds_bytes(tmp_path / "missing.po", [b""])
    with staged() as staging:
        assert not staging.stage_chunks(same, iter([b"line one\n", b"line two\n"]))
        assert staging.stage_chunks(other, iter([b"line one\n", b"line 2\n"]))
        assert other.read_bytes() == b"line one\nline two\n"  # nothing moved before the end
    assert same.stat().st_mtime_ns == mtime
    assert other.read_bytes() == b"line one\nline 2\n"
    with pytest.raises(files.ReplyI18nError, match="No space left"), staged() as staging:
        staging.stage_chunks(broken, failing())
    assert broken.read_bytes() == b"line one\nline two\n"
    assert temporaries(tmp_path) == []


def test_temporary_files_of_a_killed_run_are_cleaned_up(project: Path) -> None:
    left = [
        po_path(project).parent / f".doc.po{files.TEMP_MARK}k1ll3d.tmp",
        project / "locale" / f".doc.pot{files.TEMP_MARK}abc.tmp",
        project / "build" / "doc" / f".doc.az.md{files.TEMP_MARK}x.old.tmp",
    ]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a file")
    unrelated = project / "locale" / "notes.tmp"
    unrelated.write_bytes(b"mine")
    ok(project, "update")
    assert temporaries(project) == []
    assert unrelated.exists()


def test_symlinked_po_is_written_through_the_link(project: Path) -> None:
    real = project / "translations" / "az.po"
    real.parent.mkdir()
    shutil.move(po_path(project), real)
    po_path(project).symlink_to(Path("../../../translations/az.po"))
    (project / "source" / "doc.txt").write_text(DOC.replace("Bravo paragraph", "Bravo text"))
    ok(project, "update")
    assert po_path(project).is_symlink()
    assert any(m.fuzzy for m in read_catalog(real).messages)


@pytest.mark.parametrize("command", [["build", "--format", "md"], ["extract"], ["update"]])
def test_writing_commands_take_the_project_lock(project: Path, command: list[str]) -> None:
    before = snapshot(project)
    proj = Project(project, project / "source", project / "locale", project / "build")
    with files.project_lock(proj):
        result = run(project, *command)
    assert result.exit_code == 1
    assert "another reply-i18n run is writing to this project" in result.output
    assert snapshot(project) == before


# --------------------------------------------------------------------------- the campaign

PO_MUTATIONS: list[tuple[str, Callable[[str], str]]] = [
    ("truncated-mid-string", lambda t: t[: t.index('msgstr "AZ') + 9]),
    ("second-msgstr", lambda t: t.replace('msgstr "AZ', 'msgstr "x"\nmsgstr "AZ', 1)),
    ("second-msgctxt", lambda t: t.replace("msgctxt ", 'msgctxt "x"\nmsgctxt ', 1)),
    ("bad-hex-escape", lambda t: t.replace('msgstr "AZ', 'msgstr "\\xg AZ', 1)),
    ("nul-escape", lambda t: t.replace('msgstr "AZ', 'msgstr "\\000 AZ', 1)),
    ("bad-escape", lambda t: t.replace('msgstr "AZ', 'msgstr "\\q AZ', 1)),
    ("unterminated", lambda t: t.replace('msgstr "AZ', 'msgstr "AZ\n"', 1)),
    ("no-quotes", lambda t: t.replace('msgstr "AZ', "msgstr AZ", 1)),
    ("keyword-typo", lambda t: t.replace("msgstr ", "msgtsr ", 1)),
    (
        "plural-gap",
        lambda t: t.replace('msgstr "AZ', 'msgid_plural "p"\nmsgstr[0] "a"\nmsgstr[2] "AZ', 1),
    ),
    ("plural-index-high", lambda t: t.replace('msgstr "AZ', 'msgid_plural "p"\nmsgstr[9] "AZ', 1)),
    ("plural-negative", lambda t: t.replace('msgstr "AZ', 'msgid_plural "p"\nmsgstr[-1] "AZ', 1)),
    ("charset-in-comment", lambda t: "# charset=ISO-8859-1\n" + t),
    ("latin1-header", lambda t: t.replace("charset=UTF-8", "charset=ISO-8859-1")),
    ("unknown-charset", lambda t: t.replace("charset=UTF-8", "charset=NOPE-42")),
    ("no-header", lambda t: t[t.index("\n\n") + 2 :]),
    ("two-headers", lambda t: t + '\nmsgid ""\nmsgstr "X: y\\n"\n'),
    ("duplicate-entry", lambda t: t + "\n" + t[t.index("\n\n") + 2 :]),
    ("obsolete-garbage", lambda t: t + '\n#~ msgid "x\n#~ msgstr\n'),
    ("previous-garbage", lambda t: t.replace("msgctxt ", '#| msgid "x\nmsgctxt ', 1)),
    ("flags-garbage", lambda t: t.replace("msgctxt ", "#, ,,, fuzzy,,\nmsgctxt ", 1)),
    ("crlf", lambda t: t.replace("\n", "\r\n")),
    ("cr-only", lambda t: t.replace("\n", "\r")),
    ("bom", lambda t: "\ufeff" + t),
    ("empty", lambda t: ""),
    ("only-comments", lambda t: "# nothing\n#. here\n"),
    ("huge-line", lambda t: t.replace('msgstr "AZ', 'msgstr "' + "A" * 200_000, 1)),
    ("control-chars", lambda t: t.replace('msgstr "AZ', 'msgstr "\x01\x02\x7f AZ', 1)),
    ("lone-surrogate-escape", lambda t: t.replace('msgstr "AZ', 'msgstr "\\uD800 AZ', 1)),
    ("msgid-missing", lambda t: t.replace("msgid ", "", 2)),
    ("msgstr-missing", lambda t: t.replace('msgstr "AZ', "", 1)),
    ("context-empty", lambda t: t.replace("msgctxt ", 'msgctxt ""\n#', 1)),
    ("comment-backslash", lambda t: t.replace("msgctxt ", "# ends with \\\nmsgctxt ", 1)),
    ("binary-garbage", lambda t: t[:200] + "\x00\x00\xff" + t[200:]),
    ("nplurals-zero", lambda t: t.replace("nplurals=2", "nplurals=0")),
    ("nplurals-huge", lambda t: t.replace("nplurals=2", "nplurals=99999999999")),
    ("plural-forms-garbage", lambda t: t.replace("Plural-Forms: ", "Plural-Forms: ((((")),
]

PO_BYTES: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("invalid-utf8", lambda b: b.replace(b"AZ", b"\xff\xfeAZ", 1)),
    ("utf16", lambda b: b.decode("utf-8").encode("utf-16")),
    ("latin1-bytes", lambda b: b.replace(b"AZ", "AZ é".encode("latin-1"), 1)),
]

CONFIGS = [
    "[project",
    "[project]\nlocales = [\n",
    "= 3",
    '[project]\nsource_dir = "nowhere"\n',
    '[project]\nlocale_dir = "elsewhere"\n',
    '[project]\nlocales = ["xx_YY_ZZ"]\n',
    '[project]\nlocales = ["../az"]\n',
    '[project]\nlocales = ["zz"]\n',
    '[project]\nsource_language = ""\n',
    "[check]\nmin = nan\n",
    "[check]\nmin = inf\n",
    '[check]\ndisable = ["nonsense"]\n',
    '[check]\nglossary = "locale"\n',
    '[build]\neditions = [["en", "az"], "ru"]\n',
    "[build]\neditions = 3\n",
    '[project]\nsource_dir = "source\\u0000x"\n',
    "\xff\xfe not toml",
    '[project]\nbuild_dir = "source/doc.txt"\n',
]

SOURCES: list[tuple[str, bytes]] = [
    ("binary", b"\x00\x01\x02" * 100),
    ("invalid-utf8", b"OSCE\n\n1. Question?\n\nAnswer \xff\xfe here.\n"),
    ("utf16", DOC.encode("utf-16")),
    ("only-bom", b"\xef\xbb\xbf"),
    ("only-newlines", b"\n\r\n\n"),
    ("nbsp", "\u00a0\u00a0".encode()),
    ("one-word", b"Hello"),
    ("no-questions", b"Just a paragraph of text.\n"),
    ("huge-line", b"A" * 300_000 + b"\n"),
    ("many-questions", "".join(f"{i}. Q{i}?\n\nA{i}.\n\n" for i in range(1, 300)).encode()),
    ("repeated-numbers", b"1. Q?\n\nA.\n\n1. Q?\n\nA.\n"),
    ("nfd", "1. Caf\u0065\u0301?\n\nOui.\n".encode()),
    ("latin1", DOC.replace("Alpha", "Alph\u00e9").encode("latin-1")),
]


def _cases() -> list[tuple[str, Callable[[Path], dict[str, str] | None]]]:
    cases: list[tuple[str, Callable[[Path], dict[str, str] | None]]] = []

    def po_text(name: str, mutate: Callable[[str], str], lang: str) -> None:
        def apply(root: Path) -> None:
            path = po_path(root, lang)
            text = path.read_text(encoding="utf-8").replace('msgstr "RU', 'msgstr "AZ')
            path.write_text(mutate(text), encoding="utf-8")

        cases.append((f"po-{lang}-{name}", apply))

    for name, mutate in PO_MUTATIONS:
        po_text(name, mutate, "az")
    for name, mutate in PO_MUTATIONS[:20]:
        po_text(name, mutate, "ru")
    for name, mutate_bytes in PO_BYTES:

        def apply_bytes(root: Path, f: Callable[[bytes], bytes] = mutate_bytes) -> None:
            path = po_path(root)
            path.write_bytes(f(path.read_bytes()))

        cases.append((f"po-bytes-{name}", apply_bytes))
    rng = random.Random(20250506)
    for i in range(12):

        def apply_random(root: Path, seed: int = rng.randrange(1 << 30)) -> None:
            r = random.Random(seed)
            path = po_path(root)
            data = bytearray(path.read_bytes())
            for _ in range(r.randint(1, 8)):
                pos = r.randrange(len(data))
                op = r.randrange(3)
                if op == 0:
                    del data[pos : pos + r.randint(1, 40)]
                elif op == 1:
                    data[pos:pos] = bytes(r.choice(b'"\\\n#~|msgidstr[]0 ') for _ in range(5))
                else:
                    data[pos] = r.randrange(256)
            path.write_bytes(bytes(data))

        cases.append((f"po-random-{i}", apply_random))
    for i, text in enumerate(CONFIGS):

        def apply_config(root: Path, t: str = text) -> None:
            (root / "reply-i18n.toml").write_text(t, encoding="utf-8", errors="surrogateescape")

        cases.append((f"config-{i}", apply_config))
    for name, data in SOURCES:

        def apply_source(root: Path, d: bytes = data) -> None:
            (root / "source" / "doc.txt").write_bytes(d)

        cases.append((f"source-{name}", apply_source))

    def odd(name: str, apply: Callable[[Path], dict[str, str] | None]) -> None:
        cases.append((f"odd-{name}", apply))

    def po_is_directory(root: Path) -> None:
        po_path(root).unlink()
        po_path(root).mkdir()

    def po_symlink_loop(root: Path) -> None:
        po_path(root).unlink()
        po_path(root).symlink_to(po_path(root).name)

    def po_dangling(root: Path) -> None:
        po_path(root).unlink()
        po_path(root).symlink_to("missing.po")

    def pot_removed(root: Path) -> None:
        (root / "locale" / "doc.pot").unlink()

    def locale_is_file(root: Path) -> None:
        shutil.rmtree(root / "locale" / "ru")
        (root / "locale" / "ru").write_text("not a folder")

    def build_is_file(root: Path) -> None:
        (root / "build").write_text("not a folder")

    def source_dir_missing(root: Path) -> None:
        shutil.rmtree(root / "source")

    def stray_locale(root: Path) -> None:
        (root / "locale" / "not a locale" / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(po_path(root), root / "locale" / "not a locale" / "LC_MESSAGES" / "doc.po")

    def glossary_binary(root: Path) -> None:
        (root / "locale" / "glossary.csv").write_bytes(b"\xff\xfe\x00e\x00n")

    def glossary_no_en(root: Path) -> None:
        (root / "locale" / "glossary.csv").write_text("term,az\nx,y\n")

    def glossary_is_directory(root: Path) -> None:
        (root / "locale" / "glossary.csv").mkdir()

    for name, fn in [
        ("po-is-directory", po_is_directory),
        ("po-symlink-loop", po_symlink_loop),
        ("po-dangling-link", po_dangling),
        ("pot-removed", pot_removed),
        ("locale-is-file", locale_is_file),
        ("build-is-file", build_is_file),
        ("source-dir-missing", source_dir_missing),
        ("stray-locale", stray_locale),
        ("glossary-binary", glossary_binary),
        ("glossary-no-en", glossary_no_en),
        ("glossary-is-directory", glossary_is_directory),
    ]:
        odd(name, lambda root, f=fn: f(root))  # type: ignore[misc]
    for value in ("", " ", "abc", "-99999999999999", "1" * 400, "12.5", "9" * 20):

        def env_epoch(root: Path, v: str = value) -> dict[str, str]:
            return {"SOURCE_DATE_EPOCH": v}

        cases.append((f"env-epoch-{value[:12] or 'empty'}", env_epoch))
    for value in ("1", ""):

        def env_color(root: Path, v: str = value) -> dict[str, str]:
            return {"NO_COLOR": v, "TERM": "dumb", "COLUMNS": "5"}

        cases.append((f"env-color-{value or 'empty'}", env_color))
    return cases


CASES = _cases()
COMMANDS = (["check"], ["update"], ["build", "--format", "md"], ["compile"], ["extract"])


def test_the_campaign_has_at_least_100_bad_inputs() -> None:
    assert len(CASES) >= 100
    assert len({name for name, _ in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("campaign") / "proj")


@pytest.mark.parametrize(
    ("name", "apply"),
    [pytest.param(name, apply, id=name) for name, apply in CASES],
)
def test_bad_input_gives_no_traceback_and_loses_nothing(
    pristine: Path, tmp_path: Path, name: str, apply: Callable[[Path], dict[str, str] | None]
) -> None:
    root = tmp_path / "proj"
    shutil.copytree(pristine, root, symlinks=True)
    env = apply(root)
    intact = name.startswith(("source-", "config-", "env-")) and po_path(root).is_file()
    kept = translations(root) if intact else set()
    for command in COMMANDS:
        before = snapshot(root)
        result = run(root, *command, env=env)
        assert result.exit_code in (0, 1, 2), (command, result.output)
        if result.exit_code != 0:
            assert result.output.strip(), "a failure says why"
            assert snapshot(root) == before, (command, "a failed run must write nothing")
        assert temporaries(root) == [], (command, "nothing half-written")
        last = result.output.strip().splitlines()[-1] if result.output.strip() else ""
        assert not last.startswith("reply-i18n: error: ") or len(last) < 2000
    # every translation of the intact catalogs is still there, active or obsolete
    assert kept <= (translations(root) if intact else set())


def test_update_check_reads_a_read_only_checkout(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``update --check`` and ``--dry-run`` only read: on a checkout where no lock file can be
    made they still judge; a real update there still fails on the lock."""
    import builtins
    import errno as errnos

    ok(project, "update")
    lock = project / "locale" / ".reply-i18n.lock"
    lock.unlink(missing_ok=True)
    real_open = builtins.open

    def read_only(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if str(file).endswith(".reply-i18n.lock"):
            raise OSError(errnos.EROFS, "Read-only file system")
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", read_only)
    assert run(project, "update", "--check").exit_code == 0
    assert run(project, "update", "--dry-run").exit_code == 0
    (project / "source" / "doc.txt").write_text(DOC.replace("Bravo paragraph", "Bravo text"))
    assert run(project, "update", "--check").exit_code == 1  # would change: still judged
    result = run(project, "update")
    assert result.exit_code == 1 and "cannot create lock file" in result.output


def test_a_reader_does_not_wait_for_another_reader(project: Path) -> None:
    ok(project, "update")
    proj = Project(project, project / "source", project / "locale", project / "build")
    with files.project_lock(proj, shared=True):
        assert run(project, "update", "--check").exit_code == 0
        result = run(project, "update")
    assert result.exit_code == 1 and "writing to this project" in result.output


@pytest.mark.skipif(shutil.which("pgrep") is None, reason="pgrep (procps) is not installed")
def test_sigterm_during_a_build_leaves_nothing_behind(shipped_project: Path) -> None:
    """What a CI runner's cancel sends: the build stops with status 143, its PDF workers
    with it, no temporary file stays, and the project's lock is free at once."""
    import signal
    import subprocess
    import sys
    import time

    # a long reply: its PDFs take some ten seconds of typesetting, so that stopping at once
    # is told from finishing the PDFs already queued even on a busy machine
    source = shipped_project / "source" / "fsc-emi-122-25.txt"
    text = source.read_text(encoding="utf-8")
    long = [line for line in text.splitlines() if len(line) > 300]
    source.write_text(text.rstrip("\n") + "\n\n" + "\n\n".join(long * 8) + "\n", "utf-8")
    command = ["build", "--allow-incomplete", "--format", "pdf"]
    build = subprocess.Popen(
        [sys.executable, "-m", "reply_i18n", "-C", str(shipped_project), *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: list[str] = []
    for _ in range(100):  # until the PDF workers run, or 10 s
        time.sleep(0.1)
        found = subprocess.run(["pgrep", "-P", str(build.pid)], capture_output=True, text=True)
        workers = found.stdout.split()
        if workers:
            break
    assert workers, "the build started no workers"
    time.sleep(0.3)  # the workers are typesetting
    build.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    _, stderr = build.communicate(timeout=30)
    # at once, not after the PDFs already queued (seconds of typesetting each)
    assert time.monotonic() - sent < 4.0
    assert build.returncode == 143, stderr
    assert "Traceback" not in stderr
    time.sleep(0.5)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    assert temporaries(shipped_project) == []
    proj = Project(
        shipped_project,
        shipped_project / "source",
        shipped_project / "locale",
        shipped_project / "build",
    )
    with files.project_lock(proj, wait=0):
        pass


@pytest.mark.parametrize(
    "command", [["extract"], ["init", "-l", "az"], ["update", "-l", "az"], ["build", "-l", "az"]]
)
def test_a_folder_with_no_project_is_left_as_it_was(tmp_path: Path, command: list[str]) -> None:
    """A run in an empty folder (a mistyped -C) fails saying what is missing, and leaves
    no lock file or cache behind."""
    result = run(tmp_path, *command)
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []
