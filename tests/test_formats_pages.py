"""Replies in Word's default styles, as a word processor and LibreOffice's PDF give them,
read the same from DOCX and PDF: a title that wraps, spaced paragraphs over page breaks,
running headers and footers (fixtures made by ``tests/fixtures/formats/make_fixtures.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from formats_support import FIXTURES, make_fixtures
from reply_i18n.files import read_document
from reply_i18n.source.pdf import read_pdf

HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def segments(path: Path) -> list[tuple[str, str]]:
    return [(s.id, s.text) for s in read_document(path, path.name).segments]


def test_wrapped_heading_is_one_line_in_pdf() -> None:
    """The Title wraps onto two printed lines: one block, one line of text, as in DOCX."""
    blocks, _ = read_pdf((FIXTURES / "pages.pdf").read_bytes(), source="pages.pdf")
    title = next(b for b in blocks if "QUESTIONNAIRE" in b.lines[0].text)
    assert [line.text for line in title.lines] == ["OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES"]
    assert title.level == 1
    ids = [i for i, _ in segments(FIXTURES / "pages.pdf")]
    assert "apm.title" in ids and "apm.part1.q1.question" in ids


def test_spaced_paragraphs_stay_apart_after_page_breaks() -> None:
    """Answers of five spaced paragraphs over several pages: as many segments as DOCX."""
    pdf = segments(FIXTURES / "pages.pdf")
    assert len(read_pdf((FIXTURES / "pages.pdf").read_bytes(), source="p")[1]) > 2  # pages
    assert pdf == segments(FIXTURES / "pages.docx")
    assert sum(1 for i, _ in pdf if ".answer." in i) == 60


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("stem", ["pages", "onepage"])
def test_pdf_made_now_reads_as_its_docx(tmp_path: Path, stem: str) -> None:
    fixtures = make_fixtures()
    getattr(fixtures, f"write_{stem}_docx")(tmp_path / f"{stem}.docx")
    pdf = fixtures.to_pdf(tmp_path / f"{stem}.docx", tmp_path)  # type: ignore[attr-defined]
    assert segments(pdf) == segments(tmp_path / f"{stem}.docx")


def test_lone_running_header_and_footer_are_dropped_on_one_page() -> None:
    """One page: the header repeats the symbol, the footer is apart from the body."""
    blocks, notes = read_pdf((FIXTURES / "onepage.pdf").read_bytes(), source="onepage.pdf")
    texts = [line.text for b in blocks for line in b.lines]
    assert texts.count("FSC.EMI/9/26") == 1
    assert "Page footer text" not in texts
    assert any("running footer 'Page footer text'" in n.message for n in notes)
    assert segments(FIXTURES / "onepage.pdf") == segments(FIXTURES / "onepage.docx")


def test_the_committed_page_fixtures_are_what_the_script_makes(tmp_path: Path) -> None:
    fixtures = make_fixtures()
    for stem in ("pages", "onepage"):
        getattr(fixtures, f"write_{stem}_docx")(tmp_path / f"{stem}.docx")
        assert (tmp_path / f"{stem}.docx").read_bytes() == (FIXTURES / f"{stem}.docx").read_bytes()


def _plain(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Text has no bold or italics: emphasis markers aside."""
    return [(i, t.replace("*", "")) for i, t in items]


@pytest.mark.parametrize("name", ["onepage.pdftotext.txt", "onepage.pdftotext-layout.txt"])
def test_pdftotext_text_reads_as_the_docx_but_its_lone_footer(name: str) -> None:
    """The wrapped question's last line "(CCW)?" stays in the question; with ``-layout``
    the title and "Part I" are two paragraphs and the table is cut from the text after
    it.  Plain pdftotext prints a table's cells one a line: they are left aside there.
    (A footer on a single page is not told from text without positions.)"""
    text = _plain(segments(FIXTURES / name))
    docx = _plain(segments(FIXTURES / "onepage.docx"))
    assert text[-1] == ("apm.part1.q3.answer.page-footer-text", "Page footer text")
    text = text[:-1]
    if "layout" not in name:
        cells = {t for i, t in docx if ".table" in i}
        docx = [x for x in docx if x[1] not in cells]
        text = [x for x in text if x[1] not in cells]
    assert text == docx


def test_pdftotext_running_footers_at_form_feeds_are_dropped() -> None:
    """A footer that stands at the foot of every page (before each form feed) is page
    furniture, as a header repeating the document symbol is."""
    from reply_i18n.source.text import read_text

    for name in ("pages.pdftotext.txt", "pages.pdftotext-layout.txt"):
        blocks, notes = read_text((FIXTURES / name).read_text(encoding="utf-8"))
        texts = [line.text for b in blocks for line in b.lines]
        assert "Page footer text" not in texts
        assert sum("running footer 'Page footer text'" in n.message for n in notes) >= 3
        assert texts.count("FSC.EMI/9/26") == 1  # the symbol on page 1 is kept


def test_short_pdftotext_text_with_a_form_feed_is_unwrapped() -> None:
    """A page of pdftotext output too short to tell by its line lengths: its form feed
    says it is one printed line per line, so "Part I" and the question stand apart."""
    from reply_i18n.source.text import read_text

    text = (
        "FSC.EMI/9/26\n\nOSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES\nPart I\n"
        "1. Is your country a State Party to the 1996 Amended Protocol II?\n"
        "Azerbaijan is not a party to the Protocol.\n\n\f"
    )
    blocks, _ = read_text(text)
    assert [[line.text for line in b.lines] for b in blocks] == [
        ["FSC.EMI/9/26"],
        ["OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES"],
        ["Part I"],
        ["1. Is your country a State Party to the 1996 Amended Protocol II?"],
        ["Azerbaijan is not a party to the Protocol."],
    ]


def test_pdftotext_body_line_repeated_at_page_feet_is_kept() -> None:
    """The same short last line of a paragraph above the footer on every page is text, not
    furniture: only lines set apart by a blank line are taken for running footers."""
    from reply_i18n.source.text import read_text

    page = (
        "Answer paragraph {n}: Azerbaijan takes all necessary measures to ensure that\n"
        "its armed forces discharge their duties in full compliance with the law, and it\n"
        "has cleared mines in the districts during the period under review, as agreed\n"
        "of Lachin and Kalbajar during the reporting period.\n\nPage footer text\n\n\f"
    )
    blocks, notes = read_text("".join(page.format(n=n) for n in range(4)))
    texts = [line.text for b in blocks for line in b.lines]
    assert texts.count("of Lachin and Kalbajar during the reporting period.") == 4
    assert "Page footer text" not in texts
    assert sum("running footer" in n.message for n in notes) == 4
