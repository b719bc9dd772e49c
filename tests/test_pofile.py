"""The PO layer against the kinds of fault that public bug reports found in PO tools.

Each test is named after the kind of fault it guards against; where GNU gettext is
installed, it is asked to judge (``msgcat`` for what it reads and prints, ``msgfmt`` for
``.mo`` files).
"""

from __future__ import annotations

import gettext
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reply_i18n.errors import CatalogError
from reply_i18n.files import read_catalog, write_catalog
from reply_i18n.po.mo import compile_mo
from reply_i18n.po.pofile import (
    Catalog,
    Message,
    encode_catalog,
    format_catalog,
    parse_po,
    read_po,
)

REPO = Path(__file__).resolve().parent.parent
MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_gnu = pytest.mark.skipif(
    MSGCAT is None or MSGFMT is None, reason="GNU gettext (msgcat, msgfmt) is not installed"
)
GNU_ENV = {**os.environ, "LC_ALL": "C.UTF-8"}

UTF8 = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def header(charset: str, plural: str = "") -> str:
    forms = f'"Plural-Forms: {plural}\\n"\n' if plural else ""
    return f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n{forms}\n'


def read(data: bytes | str) -> Catalog:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_po(raw, path="x.po")[0]


def error(data: bytes | str) -> CatalogError:
    with pytest.raises(CatalogError) as info:
        read(data)
    return info.value


def msgcat(data: bytes) -> bytes:
    assert MSGCAT is not None
    result = subprocess.run([MSGCAT, "-"], input=data, capture_output=True, env=GNU_ENV)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


# --------------------------------------------------------------------------- charset


def test_charset_comes_only_from_the_header_entry_not_from_a_comment() -> None:
    text = (
        "# This file was once charset=ISO-8859-1; it is UTF-8 now.\n"
        + UTF8
        + 'msgctxt "a"\nmsgid "mine"\nmsgstr "мина"\n'
    )
    assert read(text).messages[0].msgstr == "мина"


def test_charset_comes_from_the_header_wherever_it_sits() -> None:
    body = 'msgctxt "a"\nmsgid "mine"\nmsgstr "мина"\n\n' + header("KOI8-R")
    cat = read(body.encode("koi8-r"))
    assert cat.messages[0].msgstr == "мина"
    assert "KOI8-R" in cat.header.msgstr


def test_utf8_file_under_a_legacy_charset_header_is_an_error_not_mojibake() -> None:
    text = header("ISO-8859-1") + 'msgid "mine"\nmsgstr "Minenräumung"\n'
    err = error(text)
    assert (err.path, err.line) == ("x.po", 6)
    assert "declares charset ISO-8859-1, but the file is UTF-8" in str(err)
    # the same text in Latin-1 is what the header says, and reads well
    assert read(text.encode("latin-1")).messages[0].msgstr == "Minenräumung"


@needs_gnu
def test_octal_escapes_are_decoded_in_the_declared_charset() -> None:
    data = (header("ISO-8859-1") + 'msgid "Cafe"\nmsgstr "Caf\\351 \\xe9"\n').encode("latin-1")
    assert read(data).messages[0].msgstr == "Café é"
    # msgcat, converting to UTF-8, reads the escapes the same way
    assert "Café é" in subprocess.run(
        [MSGCAT, "-t", "UTF-8", "-"], input=data, capture_output=True, env=GNU_ENV, check=True
    ).stdout.decode("utf-8")


@needs_gnu
def test_catalog_is_written_in_its_declared_charset_as_msgcat_keeps_it(tmp_path: Path) -> None:
    data = (header("ISO-8859-1") + 'msgid "Cafe"\nmsgstr "Caf\\351"\n').encode("latin-1")
    path = tmp_path / "latin1.po"
    path.write_bytes(data)
    write_catalog(path, read_catalog(path))
    assert path.read_bytes() == msgcat(data)


def test_unwritable_character_in_a_legacy_charset_is_an_error(tmp_path: Path) -> None:
    cat = read((header("ISO-8859-1") + 'msgid "x"\nmsgstr "y"\n').encode("latin-1"))
    cat.messages[0].msgstr = "мина"
    path = tmp_path / "out.po"
    with pytest.raises(CatalogError, match="cannot be written in ISO-8859-1"):
        write_catalog(path, cat)
    assert not path.exists() and not list(tmp_path.iterdir())


# --------------------------------------------------------------------------- keywords

REPEATED = {
    "two msgstr": ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 6, "msgstr repeated"),
    "two msgctxt": ('msgctxt "a"\nmsgctxt "b"\nmsgid "a"\nmsgstr "c"\n', 5, "msgctxt repeated"),
    "two msgstr[0]": (
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[0] "c"\n',
        7,
        "msgstr[0] repeated",
    ),
    "two msgid_plural": (
        'msgid "a"\nmsgid_plural "as"\nmsgid_plural "at"\nmsgstr[0] "b"\n',
        6,
        "msgid_plural repeated",
    ),
    "two previous msgid": ('#| msgid "x"\n#| msgid "y"\nmsgid "a"\nmsgstr "b"\n', 5, "repeated"),
    "two obsolete msgstr": ('#~ msgid "a"\n#~ msgstr "b"\n#~ msgstr "c"\n', 6, "msgstr repeated"),
}


@pytest.mark.parametrize("case", list(REPEATED))
def test_keyword_repeated_in_one_entry_is_an_error_not_an_overwrite(case: str) -> None:
    body, line, message = REPEATED[case]
    err = error(UTF8 + body)
    assert (err.path, err.line) == ("x.po", line)
    assert message in str(err)


PLURALS = {
    "gap in the indexes": ('msgstr[0] "a"\nmsgstr[2] "c"\n', 9, "without msgstr[1]"),
    "index beyond nplurals": (
        'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n',
        6,
        "the language has 2",
    ),
    "mixed msgstr and msgstr[N]": ('msgstr[0] "a"\nmsgstr "b"\n', 9, "not msgstr"),
}


@pytest.mark.parametrize("case", list(PLURALS))
def test_plural_forms_with_a_gap_or_beyond_nplurals_are_errors(case: str) -> None:
    forms, line, message = PLURALS[case]
    text = header("UTF-8", "nplurals=2; plural=(n != 1);")
    err = error(text + 'msgid "%d mine"\nmsgid_plural "%d mines"\n' + forms)
    assert (err.path, err.line) == ("x.po", line)
    assert message in str(err)


# --------------------------------------------------------------------------- escapes

BAD_ESCAPES = {
    "octal NUL": ('"a\\000b"', "NUL character"),
    "hex NUL": ('"a\\x0b"', None),  # a vertical tab, not a NUL: fine
    "hex NUL 2": ('"a\\x00"', "NUL character"),
    "hex without digits": ('"\\xg"', "no hexadecimal digit"),
    "hex at the end": ('"ab\\x"', "no hexadecimal digit"),
    "hex of more than a byte": ('"\\x4142"', "more than one byte"),
    "unknown escape": ('"\\q"', "invalid escape"),
}


@pytest.mark.parametrize("case", list(BAD_ESCAPES))
def test_nul_and_digitless_hex_escapes_are_errors_never_bytes(case: str) -> None:
    string, message = BAD_ESCAPES[case]
    text = UTF8 + f'msgid "a"\nmsgstr {string}\n'
    if message is None:
        assert "\0" not in read(text).messages[0].msgstr
        return
    err = error(text)
    assert (err.path, err.line) == ("x.po", 5)
    assert message in str(err)


def test_bad_escape_in_a_catalog_is_a_cli_error_not_a_traceback(shipped_project: Path) -> None:
    from typer.testing import CliRunner

    from reply_i18n.cli import app

    po = shipped_project / "locale" / "az" / "LC_MESSAGES" / "fsc-emi-122-25.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr ""\n"Project-Id', 'msgstr ""\n"\\xg"\n"Project-Id', 1)
    po.write_text(text, encoding="utf-8")
    for command in ("check", "update", "compile"):
        result = CliRunner().invoke(app, ["-C", str(shipped_project), command])
        assert result.exit_code == 1, (command, result.output)
        assert "Traceback" not in result.output
        assert "fsc-emi-122-25.po:6: invalid escape sequence '\\x'" in result.output


# --------------------------------------------------------------------------- writing


@needs_gnu
def test_comment_ending_in_a_backslash_reads_back_the_same_in_gnu() -> None:
    cat = Catalog(
        header=Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"),
        messages=[
            Message(
                msgid="a",
                msgstr="b",
                comments=["C:\\", "x \\\\"],
                auto_comments=["ends \\"],
            ),
            Message(msgid="c", msgstr="d"),
        ],
    )
    text = format_catalog(cat).encode("utf-8")
    again = read(text)
    assert [m.msgid for m in again.messages] == ["a", "c"]
    assert again.messages[0].comments == ["C:\\", "x \\\\"]
    assert again.messages[0].auto_comments == ["ends \\"]
    # GNU reads the same entries and comments (it prints them back as it always does)
    printed = msgcat(text).decode("utf-8")
    assert '# C:\\\n# x \\\\\n#. ends \\\nmsgid "a"' in printed
    assert 'msgid "c"\nmsgstr "d"' in printed


@needs_gnu
def test_po_without_header_stays_without_one() -> None:
    text = b'msgid "a"\nmsgstr "b"\n\n#~ msgid "z"\n#~ msgstr "y"\n'
    cat = read(text)
    assert not cat.has_header
    assert format_catalog(cat).encode("utf-8") == msgcat(text) == text


@needs_gnu
def test_obsolete_entries_keep_extracted_comments_and_references() -> None:
    text = (
        UTF8 + "# translator\n#. extracted\n#: source/doc.txt:3\n#, fuzzy\n"
        '#~| msgid "older"\n#~ msgctxt "gone"\n#~ msgid "old"\n#~ msgstr "köhnə"\n'
    ).encode()
    cat = read(text)
    m = cat.messages[0]
    assert (m.obsolete, m.auto_comments, m.references) == (
        True,
        ["extracted"],
        ["source/doc.txt:3"],
    )
    assert format_catalog(cat).encode("utf-8") == msgcat(text) == text


# --------------------------------------------------------------------------- context


@needs_gnu
def test_empty_msgctxt_stays_distinct_from_no_context(tmp_path: Path) -> None:
    text = UTF8 + 'msgctxt ""\nmsgid "x"\nmsgstr "empty"\n\nmsgid "x"\nmsgstr "none"\n'
    cat = read(text)
    assert [m.msgctxt for m in cat.messages] == ["", None]
    assert format_catalog(cat) == text == msgcat(text.encode()).decode()
    mo = compile_mo(cat)
    t = gettext.GNUTranslations(io.BytesIO(mo))
    assert (t.pgettext("", "x"), t.gettext("x")) == ("empty", "none")
    po = tmp_path / "c.po"
    po.write_text(text, encoding="utf-8")
    subprocess.run([MSGFMT or "", "-o", str(tmp_path / "c.mo"), str(po)], check=True)
    assert mo == (tmp_path / "c.mo").read_bytes()


@needs_gnu
@pytest.mark.parametrize("locale", ["az", "ru"])
def test_mo_is_byte_identical_to_msgfmt(tmp_path: Path, locale: str) -> None:
    po = REPO / "locale" / locale / "LC_MESSAGES" / "fsc-emi-122-25.po"
    subprocess.run([MSGFMT or "", "-o", str(tmp_path / "g.mo"), str(po)], check=True)
    assert compile_mo(read_catalog(po)) == (tmp_path / "g.mo").read_bytes()


def test_parse_po_of_decoded_text_reads_escapes_in_the_declared_charset() -> None:
    text = header("ISO-8859-1") + 'msgid "Cafe"\nmsgstr "Caf\\351 café"\n'
    assert parse_po(text, path="x.po")[0].messages[0].msgstr == "Café café"


# --------------------------------------------------------------------------- plural merge


@needs_gnu
def test_changed_msgid_plural_makes_the_entry_fuzzy_with_previous_msgid_plural(
    tmp_path: Path,
) -> None:
    from reply_i18n.catalog import merge

    plural = "nplurals=2; plural=(n != 1);"
    po = read(
        header("UTF-8", plural)
        + 'msgctxt "q1"\nmsgid "%d mine"\nmsgid_plural "%d mines"\n'
        + 'msgstr[0] "%d mina"\nmsgstr[1] "%d mina"\n'
    )
    pot = read(
        header("UTF-8")
        + 'msgctxt "q1"\nmsgid "%d mine"\nmsgid_plural "%d mines cleared"\n'
        + 'msgstr[0] ""\nmsgstr[1] ""\n'
    )
    merged, stats = merge(po, pot)
    m = merged.messages[0]
    assert (stats.fuzzy, m.fuzzy) == (1, True)
    assert (m.previous_msgid, m.previous_msgid_plural) == ("%d mine", "%d mines")
    assert m.msgstr_plural == {0: "%d mina", 1: "%d mina"}
    text = format_catalog(merged)
    assert '#| msgid "%d mine"\n#| msgid_plural "%d mines"\n' in text
    assert msgcat(text.encode()).decode() == text
    path = tmp_path / "m.po"
    path.write_text(text, encoding="utf-8")
    subprocess.run([MSGFMT or "", "--check", "-o", os.devnull, str(path)], check=True)
    # once reviewed (fuzzy removed), the next merge keeps it translated
    m.fuzzy = False
    m.previous_msgid = m.previous_msgid_plural = None
    again, stats = merge(merged, pot)
    assert (stats.fuzzy, again.messages[0].fuzzy) == (0, False)


def test_check_reports_a_plural_entry_with_missing_forms() -> None:
    from reply_i18n.qa.checks import Context, check_catalog

    cat = read(
        header("UTF-8", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);")
        + 'msgid "%d mine"\nmsgid_plural "%d mines"\nmsgstr[0] "%d мина"\nmsgstr[1] ""\n\n'
        + 'msgid "%d area"\nmsgid_plural "%d areas"\n'
        + 'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n\n'
        + 'msgid "%d team"\nmsgid_plural "%d teams"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    findings = check_catalog(cat, Context(locale="ru", file="ru.po"), set())
    plural = [f for f in findings if f.check == "plurals"]
    assert [(f.line, f.severity) for f in plural] == [(6, "error")]
    assert "msgstr[1], msgstr[2]" in plural[0].message
    assert check_catalog(cat, Context(locale="ru", file="ru.po"), {"plurals"}) == []


# --------------------------------------------------------------------------- two readers


def _slow(data: bytes) -> list[tuple[object, ...]]:
    """What the general tokenizer alone reads, entry by entry."""
    from reply_i18n.po.pofile import _iter_raw, _message, _prepare

    data, charset, name = _prepare(data, path="x.po")
    return [_fields(_message(e, charset, name, path="x.po")) for e in _iter_raw(data, path="x.po")]


def _fields(m: Message) -> tuple[object, ...]:
    return (
        m.msgctxt, m.msgid, m.msgid_plural, m.msgstr, m.msgstr_plural, m.comments,
        m.auto_comments, m.references, m.flags, m.previous_msgctxt, m.previous_msgid,
        m.previous_msgid_plural, m.obsolete, m.line,
    )  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [
        *sorted((REPO / "locale").glob("*/LC_MESSAGES/*.po")),
        *sorted((REPO / "locale").glob("*.pot")),
    ],
    ids=lambda p: p.name,
)
def test_fast_reader_reads_what_the_tokenizer_reads(path: Path) -> None:
    data = path.read_bytes()
    cat = read(data)
    assert [_fields(m) for m in [cat.header, *cat.messages]] == _slow(data)


FAST_CASES = [
    '# c\n#.\n#. x\n#: a:1 b:2\n#: c:3\n#, fuzzy, c-format\n#| msgctxt "o"\n#| msgid ""\n'
    '#| "a "\n#| "b"\nmsgctxt "k"\nmsgid ""\n"x \\"y\\" "\n"z\\n"\nmsgstr "\\t\\101"\n',
    '#\n#  two spaces\nmsgid "a"\nmsgstr "b"\nmsgstr "c"\n',
    'msgid "a"\nmsgstr "b" "c"\n',
    'msgid "a"\nmsgstr "b"\n\n"continued after a blank line"\n',
    'msgid "a"\nmsgstr "b\\"\n"c"\n',
    '#, fuzzy\n#| msgid "x"\n#| msgid "y"\nmsgid "a"\nmsgstr "b"\n',
    'msgid "a"\nmsgstr "b"\n#~ msgstr "c"\n',
    '#. x\n#: r\n#~ msgid "o"\n#~ msgstr "p"\n',
]


@pytest.mark.parametrize("body", FAST_CASES)
def test_fast_reader_agrees_with_the_tokenizer_on_odd_entries(body: str) -> None:
    data = (UTF8 + body).encode()
    try:
        slow = _slow(data)
    except CatalogError as err:
        assert (str(error(data)), error(data).line) == (str(err), err.line)
        return
    cat = read(data)
    assert [_fields(m) for m in [cat.header, *cat.messages]] == slow


def test_streaming_write_goes_through_a_symlink_and_leaves_no_temporary(tmp_path: Path) -> None:
    real = tmp_path / "real.po"
    real.write_text(UTF8 + 'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    link = tmp_path / "link.po"
    link.symlink_to(real)
    cat = read_catalog(link)
    assert write_catalog(link, cat) is False  # the same bytes: nothing written
    cat.messages[0].msgstr = "c"
    assert write_catalog(link, cat) is True
    assert link.is_symlink() and 'msgstr "c"' in real.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.po", "real.po"]


@needs_gnu
def test_multibyte_charset_whose_characters_hold_a_backslash_byte() -> None:
    # "ソ表" in Shift_JIS is 83 5C 95 5C: each character ends in the byte of a backslash
    text = header("Shift_JIS") + 'msgid "so"\nmsgstr "ソ表"\n'
    data = text.encode("shift_jis")
    cat = read(data)
    assert cat.messages[0].msgstr == "ソ表"
    assert b"".join(encode_catalog(cat)) == msgcat(data)


def test_every_entry_knows_the_line_of_its_first_keyword() -> None:
    """Lines are counted from each entry's own strings on the quick path and by the
    tokenizer on the slow one (plural, obsolete, escaped entries): both must agree with the
    file."""
    entries = []
    for n in range(60):
        lines = [f"#. note {n}", f"#: src.txt:{n}"]
        if n % 5 == 0:
            lines.append("#, fuzzy")
            lines.append(f'#| msgid "old {n}"')
        if n % 3 == 0:
            lines += ['msgctxt ""', f'"part{n}."', '"q1"']
        body = ['msgid ""', f'"line one of {n} "', '"line two"'] if n % 2 else [f'msgid "m{n}"']
        if n % 7 == 0:
            body = [f'msgid "with \\"quotes\\" and \\t tab {n}"']
        lines += body
        if n % 11 == 0:
            lines += [f'msgid_plural "ms{n}"', f'msgstr[0] "a{n}"', f'msgstr[1] "b{n}"']
        else:
            lines += ['msgstr ""', f'"x{n} "', '"y"'] if n % 4 else [f'msgstr "t{n}"']
        entries.append("\n".join(lines))
    entries.insert(30, '#~ msgid "gone"\n#~ msgstr "ушло"')
    text = header("UTF-8", "nplurals=2; plural=(n != 1);") + "\n\n".join(entries) + "\n"
    catalog = read(text)
    file_lines = text.split("\n")
    live = [m for m in catalog.messages if not m.obsolete]
    assert len(live) == 60
    for msg in live:
        keyword = "msgctxt" if msg.msgctxt is not None else "msgid"
        assert file_lines[msg.line - 1].startswith(keyword + " "), (msg.msgid, msg.line)


def test_stray_bytes_of_another_encoding_are_named_as_such() -> None:
    raw = UTF8.encode() + b'\xff\xfe bad\nmsgid "a"\nmsgstr "b"\n'
    err = error(raw)
    assert (err.line, "not UTF-8 (0xff)" in str(err)) == (4, True)


@needs_gnu
def test_a_previous_msgctxt_is_never_written_without_a_previous_msgid() -> None:
    """GNU's grammar puts ``#| msgid`` after ``#| msgctxt``; a catalog whose fuzzy entry
    only changed context (a paragraph copied to another question) must still be one that
    msgfmt reads and msgcat leaves as it is."""
    msg = Message(msgctxt="q5.answer.na", msgid="N/A", msgstr="Tətbiq edilmir", flags=["fuzzy"])
    msg.previous_msgctxt = "q1.answer.na"
    text = format_catalog(Catalog(header=read(UTF8).header, messages=[msg]))
    assert '#| msgctxt "q1.answer.na"\n#| msgid "N/A"\nmsgctxt "q5.answer.na"\n' in text
    checked = subprocess.run(
        [MSGFMT or "", "--check", "-o", os.devnull, "-"], input=text.encode(), env=GNU_ENV
    )
    assert checked.returncode == 0
    assert msgcat(text.encode()).decode() == text


@pytest.mark.parametrize("prefix", [b"# ", b"#. ", b"#: "])
def test_bad_bytes_in_a_comment_are_reported_on_the_comment_s_line(prefix: bytes) -> None:
    data = (
        UTF8.encode()
        + b'msgid "a"\nmsgstr "b"\n\n'
        + b"# a first comment\n"
        + prefix
        + b"bad \xff byte\n"  # line 8
        + b'#, fuzzy\nmsgctxt "c"\nmsgid "d"\nmsgstr "e"\n'
    )
    found = error(data)
    assert found.line == 8 and "0xff" in str(found)
