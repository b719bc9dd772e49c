"""Terminology exchange: the glossary to TBX-Basic and back, judged by translate-toolkit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.errors import TranslationMemoryError
from reply_i18n.memory.tbx import (
    DEPRECATED,
    merge_into_csv,
    read_glossary_entries,
    read_tbx,
    write_tbx,
)

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = (ROOT / "locale" / "glossary.csv").read_text(encoding="utf-8")


def test_shipped_glossary_round_trips_through_tbx() -> None:
    entries, _ = read_glossary_entries(GLOSSARY, path="glossary.csv")
    data = write_tbx(entries)
    assert write_tbx(entries) == data  # deterministic
    merged, updated, added = merge_into_csv(GLOSSARY, read_tbx(data, path="g.tbx"), path="g.csv")
    assert merged == GLOSSARY
    assert (updated, added) == (0, 0)


def test_translate_toolkit_reads_our_tbx() -> None:
    tbx = pytest.importorskip("translate.storage.tbx", reason="translate-toolkit not installed")
    entries, _ = read_glossary_entries(GLOSSARY, path="glossary.csv")
    store = tbx.tbxfile.parsestring(write_tbx(entries))
    assert len(store.units) == len(entries)
    assert [u.source for u in store.units] == [e.languages["en"].terms[0] for e in entries]


def test_forbidden_terms_are_deprecated_and_come_back() -> None:
    csv_text = "en,ru,ru_forbidden,source_ru\nCCW,КОО,КНО,UN Russian documents\n"
    entries, columns = read_glossary_entries(csv_text, path="g.csv")
    assert columns.forbidden == {"ru": "ru_forbidden"}
    data = write_tbx(entries)
    assert DEPRECATED.encode() in data and "КНО".encode() in data
    back = read_tbx(data, path="g.tbx")
    assert back[0].languages["ru"].forbidden == ["КНО"]
    assert merge_into_csv(csv_text, back, path="g.csv")[0] == csv_text


def test_tbx_v3_from_a_cat_tool_is_merged() -> None:
    v3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>export</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="1">
   <langSec xml:lang="en-GB"><termSec><term>landmine</term></termSec></langSec>
   <langSec xml:lang="ru-RU"><termSec><term>наземная мина</term></termSec>
     <termSec><term>фугас</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>
   <langSec xml:lang="de"><termSec><term>Landmine</term></termSec></langSec>
  </conceptEntry>
 </body></text></tbx>""".encode()
    entries = read_tbx(v3, path="cat.tbx")
    merged, updated, added = merge_into_csv("en,ru\nOSCE,ОБСЕ\n", entries, path="g.csv")
    assert (updated, added) == (0, 1)
    assert merged == "en,ru,ru_forbidden,de\nOSCE,ОБСЕ,,\nlandmine,наземная мина,фугас,Landmine\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<martif><text>", "g.tbx:1: not well-formed XML"),
        (
            b'<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>',
            "entities; refused",
        ),
        (b"<tmx/>", "not a TBX document"),
    ],
    ids=["malformed", "external-entity", "not-tbx"],
)
def test_bad_tbx_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(TranslationMemoryError, match=message.replace("(", r"\(")):
        read_tbx(data, path="g.tbx")


def test_glossary_commands_export_and_import(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "reply-i18n.toml", tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["-C", str(tmp_path), "glossary", "export"])
    assert result.exit_code == 0, result.output
    tbx = tmp_path / "build" / "glossary.tbx"
    assert tbx.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    before = (tmp_path / "locale" / "glossary.csv").read_bytes()
    result = runner.invoke(app, ["-C", str(tmp_path), "glossary", "import", "build/glossary.tbx"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "locale" / "glossary.csv").read_bytes() == before
    (tmp_path / "bad.tbx").write_bytes(b"<martif>")
    result = runner.invoke(app, ["-C", str(tmp_path), "glossary", "import", "bad.tbx"])
    assert result.exit_code == 1 and "bad.tbx:1: not well-formed XML" in result.output
    assert (tmp_path / "locale" / "glossary.csv").read_bytes() == before


def test_a_glossary_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    shutil.copy(ROOT / "reply-i18n.toml", tmp_path)
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "glossary.csv").write_bytes(b"en,ru\nOSCE,\xce\xc1\xd1\xc5\n")
    result = CliRunner().invoke(app, ["-C", str(tmp_path), "glossary", "export"])
    assert result.exit_code == 1
    assert "locale/glossary.csv:2: glossary is not valid UTF-8" in result.output
    assert not (tmp_path / "build").exists()
