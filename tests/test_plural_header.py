"""The ``Plural-Forms`` header: a value ``msgfmt --check`` or Python's gettext would refuse is
an error at its line, and no command goes on with it (no ``.mo`` is written)."""

from __future__ import annotations

import gettext
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.errors import CatalogError
from reply_i18n.po.mo import compile_mo
from reply_i18n.po.plurals import parse_plural_forms
from reply_i18n.po.pofile import Catalog, Message, read_po

DOC = "fsc-emi-122-25"
MSGFMT = shutil.which("msgfmt")

#: (value, what the message must say) for values msgfmt --check refuses
BAD = [
    ("nplurals=3; plural=n%%%;", "invalid plural expression 'n%%%'"),
    ("nplurals=two; plural=n!=1;", "invalid nplurals value 'two'"),
    ("nplurals=3; plural=n==1 ? 0 : 5;", "gives 5 for n = 0, but nplurals = 3"),
    ("nplurals=3; plural=n-1;", "gives -1 for n = 0"),
    ("nplurals=2; plural=n%0;", "divides by zero"),
    ("nplurals=0; plural=0;", "invalid nplurals value 0"),
    ("nplurals=INTEGER; plural=EXPRESSION;", "invalid nplurals value 'INTEGER'"),
    ("nplurals=2; plural=n>2 ? 1 : -1;", "invalid plural expression"),
    ("nplurals=2; plural=m != 1;", "invalid plural expression 'm != 1'"),
    ("nplurals=3; plural=n%10==1 ? 0 : 1 : 2;", "invalid plural expression"),
    ("nplurals=3; plural=n>=1000 ? 3 : n%10==1 ? 0 : 1;", "gives 3 for n = 1000"),
]
#: values Python's gettext cannot load (it finds the expression after "plural=" in the
#: second ';'-separated part), though msgfmt takes them
PYTHON_REFUSES = ["nplurals=2;", "plural=n != 1; nplurals=2;", "nplurals=2; plural = n != 1;"]
GOOD = [
    "nplurals=1; plural=0;",
    "nplurals=2; plural=(n != 1);",
    "nplurals=2; plural=n!=1",
    " nplurals = 2 ; plural=n != 1 ; ",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5);",
    "nplurals=2; plural=(n>1)?1:0; extra=3;",  # a field after: msgfmt and Python ignore it
]


def po_text(plural: str, entry: str = 'msgid "mine"\nmsgstr "мина"\n') -> str:
    return (
        '# a comment\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {plural}\\n"\n"Language: ru\\n"\n\n{entry}'
    )


@pytest.mark.parametrize(("value", "message"), BAD)
def test_a_bad_plural_forms_field_is_an_error_at_its_line(value: str, message: str) -> None:
    with pytest.raises(CatalogError) as info:
        read_po(po_text(value).encode("utf-8"), path="ru.po")
    assert (info.value.path, info.value.line) == ("ru.po", 5)
    assert message in info.value.message


@pytest.mark.parametrize("value", PYTHON_REFUSES)
def test_a_field_msgfmt_takes_is_read_but_no_mo_python_cannot_load_is_made(value: str) -> None:
    catalog, _ = read_po(po_text(value).encode("utf-8"), path="ru.po")
    with pytest.raises(CatalogError, match="cannot be loaded by Python's gettext"):
        compile_mo(catalog)


def test_the_xgettext_placeholder_is_read_in_a_template_only() -> None:
    """xgettext writes it for msginit to fill in: a template has no rule yet; a PO file
    still holding it is refused, as msgfmt --check refuses it."""
    text = po_text("nplurals=INTEGER; plural=EXPRESSION;").encode("utf-8")
    catalog, _ = read_po(text, path="doc.pot")
    assert "INTEGER" in catalog.header_fields()["Plural-Forms"]
    with pytest.raises(CatalogError, match="invalid nplurals value 'INTEGER'"):
        read_po(text, path="doc.po")


@pytest.mark.parametrize("value", GOOD)
def test_a_good_plural_forms_field_is_read_and_loads_in_python(value: str) -> None:
    catalog, _ = read_po(po_text(value).encode("utf-8"), path="ru.po")
    translations = gettext.GNUTranslations(io.BytesIO(compile_mo(catalog)))
    nplurals = parse_plural_forms(value).nplurals
    assert {translations.plural(n) for n in range(200)} <= set(range(nplurals))  # type: ignore[attr-defined]


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("value", [v for v, _ in BAD] + GOOD)
def test_the_judgement_is_that_of_msgfmt_check(value: str, tmp_path: Path) -> None:
    assert MSGFMT is not None
    path = tmp_path / "ru.po"
    path.write_text(po_text(value), encoding="utf-8")
    result = subprocess.run(
        [MSGFMT, "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    try:
        parse_plural_forms(value)
        ours = True
    except CatalogError:
        ours = False
    assert ours == (result.returncode == 0), result.stderr.decode()


def test_compile_mo_refuses_a_catalog_made_in_memory_with_a_bad_field() -> None:
    header = Message(msgid="", msgstr="Plural-Forms: nplurals=3; plural=n%%%;\n")
    with pytest.raises(CatalogError, match="invalid plural expression"):
        compile_mo(Catalog(header=header, messages=[]))


# --------------------------------------------------------------------------- the commands


@pytest.fixture()
def project(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return shipped_project


def set_plural_forms(project: Path, value: str) -> int:
    """Give the ru catalog a one-line Plural-Forms field; the field's line."""
    path = project / "locale" / "ru" / "LC_MESSAGES" / f"{DOC}.po"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(
        r'"Plural-Forms: [^"]*"\n(?:"(?!X-Generator)[^"]*"\n)*',
        f'"Plural-Forms: {value}\\\\n"\n',
        text,
    )
    assert count == 1
    path.write_text(text, encoding="utf-8")
    return text[: text.index('"Plural-Forms:')].count("\n") + 1


def invoke(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(project), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes, less the project lock (an empty file that stays)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".reply-i18n.lock"
    }


@pytest.mark.parametrize(("value", "message"), BAD[:3])
def test_no_command_goes_on_with_a_bad_plural_forms_field(
    project: Path, value: str, message: str
) -> None:
    line = set_plural_forms(project, value)
    before = snapshot(project)
    for command in (["check"], ["compile"], ["update"], ["build", "--format", "md"]):
        code, out = invoke(project, *command)
        assert code == 1, (command, out)
        assert f"error: locale/ru/LC_MESSAGES/{DOC}.po:{line}: " in out, (command, out)
        assert message in out
        assert "Traceback" not in out
    assert snapshot(project) == before  # no .mo, no edition, the catalog as it was
    assert not (project / "build").exists()


def test_the_shipped_plural_forms_compile_to_a_mo_python_loads(project: Path) -> None:
    code, out = invoke(project, "compile", "-l", "ru")
    assert code == 0, out
    mo = project / "locale" / "ru" / "LC_MESSAGES" / f"{DOC}.mo"
    with mo.open("rb") as f:
        assert gettext.GNUTranslations(f).plural(5) == 2  # type: ignore[attr-defined]


def test_nplurals_other_than_the_languages_is_a_warning(project: Path) -> None:
    set_plural_forms(project, "nplurals=2; plural=(n != 1);")
    code, out = invoke(project, "compile", "-l", "ru")
    assert code == 0, out
    assert (
        f"locale/ru/LC_MESSAGES/{DOC}.po: warning: Plural-Forms declares nplurals=2, but "
        "Russian has 3 plural forms in CLDR"
    ) in out
    code, out = invoke(project, "compile", "-l", "az")
    assert code == 0 and "warning" not in out


def test_compile_names_the_file_of_a_field_python_cannot_load(project: Path) -> None:
    line = set_plural_forms(project, "nplurals=3; plural = n%3;")
    code, out = invoke(project, "compile", "-l", "ru")
    assert code == 1
    assert f"error: locale/ru/LC_MESSAGES/{DOC}.po:" in out
    assert "cannot be loaded by Python's gettext" in out
    assert line > 0
