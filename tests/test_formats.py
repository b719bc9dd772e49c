"""The same reply gives the same segments, IDs and texts whatever its format: TXT, DOCX
(numbered by Word), PDF (LibreOffice's rendering of the DOCX) and pdftotext's text."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from formats_support import FIXTURES, make_fixtures
from reply_i18n.files import read_document
from reply_i18n.model import Document
from reply_i18n.source.read import read_blocks
from reply_i18n.source.structure import parse_blocks
from reply_i18n.source.text import clean_lines, looks_unwrapped


def parse(path: Path) -> Document:
    blocks, _ = read_blocks(path.read_bytes(), suffix=path.suffix, source=path.name)
    return parse_blocks(blocks, name="reply", source=path.name)


def segments(doc: Document) -> list[tuple[str, str, str]]:
    return [(s.id, s.kind, s.text) for s in doc.segments]


@pytest.fixture(scope="module")
def text_reply() -> Document:
    return parse(FIXTURES / "reply.txt")


def test_the_text_reply_is_understood(text_reply: Document) -> None:
    ids = [s.id for s in text_reply.segments]
    assert [q.key for q in text_reply.questionnaires] == ["apm", "erw"]
    for expected in (
        "front.distribution",
        "front.symbol",
        "front.date",
        "front.language",
        "front.letterhead.1",
        "front.address",
        "front.note-number",
        "front.note.opening",
        "front.note.closing",
        "apm.part1.q1.question",
        "apm.part1.q4.answer.marking-and-fencing-of",
        "apm.part2.q5.b.question",
        "apm.part2.q5.b.table1.ottawa-convention.c1",
        "erw.q2.question",
    ):
        assert expected in ids
    assert not text_reply.warnings


@pytest.mark.parametrize("name", ["reply.docx", "reply.pdf"])
def test_docx_and_pdf_give_the_segments_of_the_text(text_reply: Document, name: str) -> None:
    assert segments(parse(FIXTURES / name)) == segments(text_reply)


def test_a_docx_with_header_footer_footnotes_and_outline_numbers_reads_as_its_pdf() -> None:
    from_docx = segments(parse(FIXTURES / "notes.docx"))
    assert len(from_docx) > 60
    assert segments(parse(FIXTURES / "notes.pdf")) == from_docx


def test_docx_is_read_through_the_project_like_any_source(text_reply: Document) -> None:
    doc = read_document(FIXTURES / "reply.docx", "source/reply.docx")
    assert segments(doc) == segments(text_reply)
    assert doc.source == "source/reply.docx"


@pytest.mark.parametrize("name", ["reply.pdftotext.txt", "reply.pdftotext-layout.txt"])
def test_pdftotext_output_gives_the_same_segments(text_reply: Document, name: str) -> None:
    """pdftotext loses emphasis, and without -layout the hyphen at a line end that PDFium
    marks ("Booby-" / "Traps" comes out as "BoobyTraps"): texts are compared without
    them.  With -layout, the stamp's two columns stand side by side and list items keep
    their hanging indents."""
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    assert "\f" in text  # page breaks
    assert looks_unwrapped(clean_lines(text)[0])

    # without -layout, pdftotext writes a table's cells one per line: they can only be
    # read as lines of the answer, so the table is compared with -layout only
    cells = (
        {t for _, k, t in segments(text_reply) if k == "cell"} if "layout" not in name else set()
    )

    def plain(doc: Document) -> list[tuple[str, str, str]]:
        return [(i, k, re.sub(r"[*-]", "", t)) for i, k, t in segments(doc) if t not in cells]

    assert plain(parse(path)) == plain(text_reply)


def test_the_committed_docx_and_text_are_what_the_script_makes(tmp_path: Path) -> None:
    fixtures = make_fixtures()
    fixtures.write_text(tmp_path / "reply.txt")  # type: ignore[attr-defined]
    fixtures.write_docx(tmp_path / "reply.docx")  # type: ignore[attr-defined]
    assert (tmp_path / "reply.txt").read_bytes() == (FIXTURES / "reply.txt").read_bytes()
    assert (tmp_path / "reply.docx").read_bytes() == (FIXTURES / "reply.docx").read_bytes()


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer",
)
def test_a_pdf_made_now_by_libreoffice_gives_the_same_segments(
    tmp_path: Path, text_reply: Document
) -> None:
    fixtures = make_fixtures()
    fixtures.write_docx(tmp_path / "reply.docx")  # type: ignore[attr-defined]
    pdf = fixtures.to_pdf(tmp_path / "reply.docx", tmp_path)  # type: ignore[attr-defined]
    assert segments(parse(pdf)) == segments(text_reply)


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer",
)
def test_a_long_generated_reply_reads_the_same_as_docx_and_pdf(tmp_path: Path) -> None:
    """The benchmark's reply (ragged lines, paragraphs across page breaks, two-digit
    numbers that LibreOffice draws without a gap, tables): DOCX and PDF agree."""
    spec = importlib.util.spec_from_file_location(
        "bench_ingest", Path(__file__).resolve().parent.parent / "benchmarks" / "bench_ingest.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    data = bench.make_docx(40)
    pdf = bench.to_pdf(data, tmp_path)
    (tmp_path / "long.docx").write_bytes(data)
    (tmp_path / "long.pdf").write_bytes(pdf)
    from_docx = segments(parse(tmp_path / "long.docx"))
    assert len(from_docx) > 150
    assert segments(parse(tmp_path / "long.pdf")) == from_docx
