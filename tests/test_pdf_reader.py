"""The PDF reader: furniture by position and repetition, paragraphs, columns, tables,
hyphens, bold, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from minipdf import make_pdf
from reply_i18n.errors import SourceError
from reply_i18n.source.blocks import Block, CellRef
from reply_i18n.source.hyphens import keep_hyphen, vocabulary
from reply_i18n.source.pdf import read_pdf
from reply_i18n.source.read import read_blocks
from reply_i18n.source.structure import parse_blocks

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"


@pytest.fixture(scope="module")
def reply() -> tuple[list[Block], list[str]]:
    blocks, notes = read_pdf((FIXTURES / "reply.pdf").read_bytes(), source="reply.pdf")
    return blocks, [n.message for n in notes]


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def test_running_headers_and_page_numbers_are_dropped(
    reply: tuple[list[Block], list[str]],
) -> None:
    blocks, notes = reply
    assert "FSC.EMI/45/26" in texts(blocks)  # the symbol on page 1 stays
    assert texts(blocks).count("FSC.EMI/45/26") == 1  # its repetitions as a header go
    assert not any(t in ("- 2 -", "- 3 -") for t in texts(blocks))
    assert "page 2: dropped running header 'FSC.EMI/45/26'" in notes
    assert "page 3: dropped running footer '- 3 -'" in notes


def test_the_two_column_stamp_is_taken_apart(reply: tuple[list[Block], list[str]]) -> None:
    blocks, _ = reply
    notice, symbol, date, language = blocks[:4]
    assert notice.text.startswith("The OSCE Secretariat bears no responsibility")
    assert notice.text.endswith("as set out in documents agreed by OSCE participating States.")
    assert (symbol.text, date.text, language.text) == (
        "FSC.EMI/45/26",
        "12 March 2026",
        "ENGLISH only",
    )
    assert symbol.x > notice.x + 150  # printed beside it


def test_lines_are_joined_into_paragraphs(reply: tuple[list[Block], list[str]]) -> None:
    blocks, _ = reply
    para = next(b for b in blocks if b.text.startswith("The national mine action centre sur"))
    assert len(para.lines) == 5
    assert para.text.endswith("which is open to the donors that fund the work.")
    # hanging indents: a numbered question is one block, its label included
    question = next(b for b in blocks if b.text.startswith("5. Has your country"))
    assert question.text.endswith("Prohibition of Anti-Personnel Mines?")


def test_a_line_end_hyphen_that_belongs_to_the_word_stays(
    reply: tuple[list[Block], list[str]],
) -> None:
    blocks, _ = reply
    assert any("Booby-Traps and Other Devices?**" in t for t in texts(blocks))
    assert any("with non-governmental organisations" in t for t in texts(blocks))


def test_bold_comes_from_the_font(reply: tuple[list[Block], list[str]]) -> None:
    blocks, _ = reply
    title = next(b for b in blocks if "QUESTIONNAIRE ON ANTI" in b.text)
    assert title.bold and title.text == "**OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES**"
    question = next(b for b in blocks if "Is your country a State Party" in b.text)
    # the label Word drew is not bold; the question is, over its three lines
    assert question.text.startswith("1. **Is your country") and question.text.endswith("?**")
    assert question.bold
    assert "known, *inter alia* to plan" in " ".join(texts(blocks))


def test_ruled_tables_become_cells_in_row_order(reply: tuple[list[Block], list[str]]) -> None:
    blocks, _ = reply
    cells = [(b.cell, b.text) for b in blocks if b.cell is not None]
    assert cells == [
        (CellRef(0, 0, 0), "Instrument"),
        (CellRef(0, 0, 1), "Signature"),
        (CellRef(0, 0, 2), "Ratification"),
        (CellRef(0, 1, 0), "Amended Protocol II"),
        (CellRef(0, 1, 1), "not signed"),
        (CellRef(0, 1, 2), "not ratified"),
        (CellRef(0, 2, 0), "Ottawa Convention"),
        (CellRef(0, 2, 1), "not signed"),
        (CellRef(0, 2, 2), "not ratified"),
    ]


def test_pages_and_positions_are_kept(reply: tuple[list[Block], list[str]]) -> None:
    blocks, _ = reply
    assert blocks[0].page == 1 and blocks[-1].page == 3
    numbers = [ln.number for b in blocks for ln in b.lines]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


@pytest.mark.parametrize(
    ("head", "tail", "document", "kept"),
    [
        ("anti", "personnel", "", True),  # a prefix
        ("demi", "ning", "", False),  # no words: the typesetter's hyphen
        ("demi", "ning", "humanitarian demining is slow", False),
        ("mine", "related", "mine-related incidents", True),  # the form occurs elsewhere
        ("land", "mines", "landmines and mines on land", False),  # the joined word occurs
        ("post", "conflict", "", True),
        ("booby", "Traps", "", True),  # a capital after the hyphen
        ("well", "being", "", True),
        ("strat", "egy", "a strategy", False),
        ("capac", "ity", "", False),
        ("state", "owned", "the state owned it", True),  # two words of the document
    ],
)
def test_keep_hyphen(head: str, tail: str, document: str, kept: bool) -> None:
    assert keep_hyphen(head, tail, vocabulary([document])) is kept


def test_the_split_word_itself_is_no_evidence() -> None:
    vocab = vocabulary(["the work of demi- ning goes on"])
    assert "demi" not in vocab and "ning" not in vocab


def page(*lines: tuple[float, float, float, str]) -> list[tuple[float, float, float, str]]:
    return list(lines)


def test_hyphenation_is_undone_in_a_pdf_by_the_documents_own_words() -> None:
    data = make_pdf(
        [
            page(
                (72, 760, 11, "Humanitarian demi-"),
                (72, 746, 11, "ning goes on in the south and the anti-"),
                (72, 732, 11, "personnel mines are cleared first."),
            )
        ]
    )
    blocks, _ = read_pdf(data, source="x.pdf")
    assert blocks[0].text == (
        "Humanitarian demining goes on in the south and the anti-personnel mines are cleared first."
    )


def test_page_numbers_alone_in_the_footer_band_go_even_on_a_single_page() -> None:
    data = make_pdf([page((72, 760, 11, "One page of text."), (290, 30, 10, "1"))])
    blocks, notes = read_pdf(data, source="x.pdf")
    assert texts(blocks) == ["One page of text."]
    assert notes[0].message == "page 1: dropped running footer '1'"


def test_a_number_in_the_body_is_never_taken_for_a_page_number() -> None:
    data = make_pdf([page((72, 400, 11, "2008"), (72, 380, 11, "A paragraph follows."))])
    blocks, _ = read_pdf(data, source="x.pdf")
    assert "2008" in texts(blocks)


def test_repeated_text_in_the_body_is_kept() -> None:
    body = [page((72, 500, 11, "N/A")), page((72, 500, 11, "N/A"))]
    blocks, _ = read_pdf(make_pdf(body), source="x.pdf")
    assert texts(blocks) == ["N/A", "N/A"]


def test_a_paragraph_split_by_a_page_break_is_joined() -> None:
    line = (
        "This paragraph is long enough to fill the whole printed line of a page from the margin to"
    )
    data = make_pdf(
        [
            page((72, 100, 11, "Start of the text."), (72, 72, 11, line)),
            page(
                (72, 760, 11, "margin, and it goes on over the page break."),
                (72, 730, 11, "Next."),
            ),
        ]
    )
    blocks, _ = read_pdf(data, source="x.pdf")
    assert texts(blocks) == [
        "Start of the text.",
        f"{line} margin, and it goes on over the page break.",
        "Next.",
    ]


def test_bold_font_names() -> None:
    data = make_pdf([page((72, 700, 11, "Bold heading"))], bold=True)
    blocks, _ = read_pdf(data, source="x.pdf")
    assert blocks[0].bold and blocks[0].text == "**Bold heading**"


def test_a_2000_page_pdf_is_read_with_progress() -> None:
    pages = [
        page(
            (72, 800, 10, "FSC.EMI/45/26"),
            (72, 700, 11, f"Paragraph {n} of the reply."),
            (290, 30, 10, f"- {n} -"),
        )
        for n in range(1, 2001)
    ]
    seen: list[tuple[int, int]] = []
    blocks, notes = read_pdf(
        make_pdf(pages), source="x.pdf", progress=lambda done, total: seen.append((done, total))
    )
    assert len(blocks) == 2000 and blocks[-1].text == "Paragraph 2000 of the reply."
    assert len(notes) == 4000  # every header and page number
    assert seen[0] == (1, 2000) and seen[-1] == (2000, 2000) and len(seen) == 2000


def refused(data: bytes) -> str:
    with pytest.raises(SourceError) as info:
        read_pdf(data, source="source/reply.pdf")
    message = str(info.value)
    assert message.startswith("source/reply.pdf: ")
    return message


def test_encrypted_pdf() -> None:
    msg = refused((FIXTURES / "encrypted.pdf").read_bytes())
    assert "encrypted (password-protected)" in msg


def test_scanned_pdf_without_a_text_layer() -> None:
    assert "no text layer: run OCR first" in refused(make_pdf([page(), page()]))


def test_corrupt_pdf() -> None:
    data = (FIXTURES / "reply.pdf").read_bytes()
    assert "corrupt or unreadable PDF" in refused(data[:2000])


def test_not_a_pdf() -> None:
    assert "not a PDF file" in refused(b"PK\x03\x04 a zip")


def test_footnotes_go_after_the_body_and_their_marks_leave_the_text() -> None:
    blocks, _ = read_pdf((FIXTURES / "notes.pdf").read_bytes(), source="notes.pdf")
    body = next(b for b in blocks if b.text.startswith("Examplia is a party"))
    # the raised reference marks are not part of the sentence
    assert body.text == "Examplia is a party to the Convention and reports on it every year."
    footnotes = [(b.role, b.label, b.text) for b in blocks[-2:]]
    assert footnotes == [
        ("footnote", "1", "Ratified on 2 May 2001."),
        ("footnote", "2", "The latest report is dated 14 April 2025."),
    ]
    assert sum(b.role == "footnote" for b in blocks) == 2


def test_outline_labels_stay_with_their_text() -> None:
    blocks, _ = read_pdf((FIXTURES / "notes.pdf").read_bytes(), source="notes.pdf")
    assert [b.text for b in blocks[:5]] == [
        "I. Inter-State elements",
        "I.1 Account of measures to prevent and combat terrorism",
        "a) conventions to which the State is a party",
        "b) bilateral agreements",
        "I.2 Stationing of armed forces on foreign territory",
    ]


def test_single_line_paragraphs_are_not_run_together() -> None:
    blocks, _ = read_pdf((FIXTURES / "notes.pdf").read_bytes(), source="notes.pdf")
    texts_ = [b.text for b in blocks]
    for n in (1, 17, 18, 60):  # on every page, either side of the page breaks
        assert f"Paragraph {n} of the body, which runs onto a second page." in texts_


def test_rotated_text_is_left_out_with_a_note() -> None:
    data = make_pdf([page((72, 700, 11, "The reply itself."), (150, 300, 60, "^DRAFT"))])
    blocks, notes = read_pdf(data, source="x.pdf")
    assert texts(blocks) == ["The reply itself."]
    assert [n.message for n in notes] == ["page 1: left out 5 characters of rotated text"]


def test_a_text_layer_of_fonts_without_a_unicode_map_is_refused() -> None:
    data = make_pdf([page((72, 700, 11, "ABCDEF GHIJ"))])
    names = " ".join(f"/g{i}" for i in range(26)).encode()
    data = data.replace(
        b"/BaseFont /Helvetica >>",
        b"/BaseFont /Helvetica /Encoding << /Type /Encoding /Differences [65 " + names + b"] >> >>",
    )  # glyph names that say nothing of the letters (PDFium mends the offsets)
    assert "the text layer cannot be read: its fonts have no Unicode map" in refused(data)


def test_a_reply_in_a_large_type_reads_as_its_text() -> None:
    """large-type.pdf: Writer's PDF of a Word file (python-docx, Normal style in 18 pt, the
    table with grid borders) of the reply in large-type.txt.  The bold title, in the body's
    type, wraps; the table's second row is broken by the page break ("Law on anti-" /
    "personnel" at the foot of page 1, "mines" at the top of page 2).  The title is the
    questionnaire's, and the table one table whose split cell is one cell."""
    blocks, _ = read_pdf((FIXTURES / "large-type.pdf").read_bytes(), source="large-type.pdf")
    cells = [(b.cell, b.page, b.text) for b in blocks if b.cell is not None]
    assert cells[3:7] == [
        (CellRef(0, 1, 0), 1, "Law on anti-personnel mines"),
        (CellRef(0, 1, 1), 1, "2004"),
        (CellRef(0, 1, 2), 1, "adopted"),
        (CellRef(0, 2, 0), 2, "Decree on stockpile destruction"),
    ]
    assert {c[0].table for c in cells} == {0}
    pdf = parse_blocks(blocks, name="large-type", source="large-type.pdf")
    text_blocks, _ = read_blocks(
        (FIXTURES / "large-type.txt").read_bytes(), suffix=".txt", source="large-type.txt"
    )
    text = parse_blocks(text_blocks, name="large-type", source="large-type.txt")
    assert [(s.id, s.kind, s.text) for s in pdf.segments] == [
        (s.id, s.kind, s.text) for s in text.segments
    ]
    assert pdf.segments[0].id == "apm.title"
