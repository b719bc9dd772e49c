"""Legacy alignment: the aligner on edited translations of the shipped reply, and the
``align`` command end to end (TMX, review page, catalog filled as fuzzy)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.files import read_catalog, read_document, write_catalog
from reply_i18n.memory.align import Paragraph, align, paragraphs
from reply_i18n.memory.tmx import read_tmx

ROOT = Path(__file__).resolve().parent.parent
DOC = "fsc-emi-122-25"


def _legacy(locale: str) -> tuple[list[Paragraph], list[tuple[str, str, list[int]]]]:
    """English paragraphs, and the translation as (text, label, English indexes) units."""
    doc = read_document(ROOT / "source" / f"{DOC}.txt", f"source/{DOC}.txt")
    by_id = {
        m.msgctxt: m.msgstr
        for m in read_catalog(ROOT / "locale" / locale / "LC_MESSAGES" / f"{DOC}.po").active()
    }
    english = paragraphs(doc)
    units = [
        (by_id.get(p.segment, p.text) if p.segment else p.text, p.label, [i])
        for i, p in enumerate(english)
    ]
    return english, units


def _find(english: list[Paragraph], opening: str) -> int:
    return next(i for i, p in enumerate(english) if p.text.startswith(opening))


def _edited(locale: str) -> tuple[list[Paragraph], list[tuple[str, str, list[int]]]]:
    """The translation with two paragraphs merged, one split and two swapped."""
    english, units = _legacy(locale)
    merge = _find(english, "Along with causing human loss")
    a, b = units[merge], units[merge + 1]
    units[merge : merge + 2] = [(f"{a[0]} {b[0]}", "", a[2] + b[2])]
    split = _find(english, "Armenia as the only country") - 1
    text = units[split][0]
    cut = text.index(". ", len(text) // 2) + 1
    units[split : split + 1] = [
        (text[:cut], "", units[split][2]),
        (text[cut:].strip(), "", units[split][2]),
    ]
    swap = _find(english, "ANAMA's increased capacity") - 1
    units[swap], units[swap + 1] = units[swap + 1], units[swap]
    return english, units


@pytest.mark.parametrize("locale", ["ru", "az"])
def test_align_follows_merges_splits_and_swaps(locale: str) -> None:
    english, units = _edited(locale)
    target = [Paragraph(text, label) for text, label, _ in units]
    pairs = align(english, target, target_lang=locale)
    assert sorted(i for p in pairs for i in p.source) == list(range(len(english)))
    assert sorted(j for p in pairs for j in p.target) == list(range(len(target)))
    got: dict[int, set[int]] = {}
    for p in pairs:
        for i in p.source:
            got.setdefault(i, set()).update(p.target)
    truth: dict[int, set[int]] = {}
    for j, (_t, _l, renders) in enumerate(units):
        for i in renders:
            truth.setdefault(i, set()).add(j)
    right = sum(1 for i in truth if got.get(i) == truth[i])
    assert right >= 0.95 * len(english), (right, len(english))
    merged = _find(english, "Along with causing human loss")
    assert got[merged] == got[merged + 1] and len(got[merged]) == 1  # a 2-1 bead


def test_align_command_writes_tmx_review_and_fills_the_catalog(tmp_path: Path) -> None:
    for name in ("source", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "reply-i18n.toml", tmp_path)
    english, units = _edited("ru")
    legacy = tmp_path / "legacy" / "reply-2025-ru.txt"
    legacy.parent.mkdir()
    legacy.write_text(
        "\n\n".join(f"{label} {text}".strip() for text, label, _ in units) + "\n", encoding="utf-8"
    )
    po = tmp_path / "locale" / "ru" / "LC_MESSAGES" / f"{DOC}.po"
    original = {m.msgctxt: m.msgstr for m in read_catalog(po).active()}
    catalog = read_catalog(po)
    for msg in catalog.messages:
        msg.msgstr = ""
    write_catalog(po, catalog)
    result = CliRunner().invoke(
        app,
        [
            "-C",
            str(tmp_path),
            "align",
            f"source/{DOC}.txt",
            "legacy/reply-2025-ru.txt",
            "-l",
            "ru",
            "--fill",
        ],
    )
    assert result.exit_code == 0, result.output
    tmx = tmp_path / "tm" / "reply-2025-ru.ru.tmx"
    etree.fromstring(tmx.read_bytes())  # well-formed
    units_read = list(read_tmx(tmx.read_bytes(), origin="tm/x.tmx"))
    assert len(units_read) >= 0.9 * len(english)
    review = (tmp_path / "tm" / "reply-2025-ru.ru.review.html").read_text(encoding="utf-8")
    assert review.startswith("<!DOCTYPE html>") and "confidence" in review
    filled = [m for m in read_catalog(po).active() if m.msgstr]
    assert all(m.fuzzy for m in filled)

    # the text reader reads no-break spaces as spaces, so compare with them folded
    def fold(text: str) -> str:
        return " ".join(text.replace("\u00a0", " ").split())

    right = sum(1 for m in filled if fold(m.msgstr) == fold(original[m.msgctxt]))
    assert right >= 0.9 * len(original), (right, len(original))
    first = tmx.read_bytes()
    again = CliRunner().invoke(
        app,
        ["-C", str(tmp_path), "align", f"source/{DOC}.txt", "legacy/reply-2025-ru.txt", "-l", "ru"],
    )
    assert again.exit_code == 0
    assert again.output.startswith("tm/reply-2025-ru.ru.tmx: ")
    assert tmx.read_bytes() == first  # the same inputs give the same bytes
    # a file already named for its language is not named for it twice
    shutil.copy(legacy, legacy.with_name("reply-2025.ru.txt"))
    named = CliRunner().invoke(
        app,
        ["-C", str(tmp_path), "align", f"source/{DOC}.txt", "legacy/reply-2025.ru.txt", "-l", "ru"],
    )
    assert named.exit_code == 0
    assert named.output.startswith("tm/reply-2025.ru.tmx: ")


def test_align_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "source", tmp_path / "source")
    result = CliRunner().invoke(
        app, ["-C", str(tmp_path), "align", f"source/{DOC}.txt", "nope.txt", "-l", "ru"]
    )
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.output
    assert not (tmp_path / "tm").exists()
