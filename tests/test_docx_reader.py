"""The Word reader: structure, emphasis, Word's numbering, tables, notes, and what it refuses."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from reply_i18n.errors import SourceError
from reply_i18n.source.blocks import Block, CellRef
from reply_i18n.source.docx import read_docx

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def read(data: bytes) -> list[Block]:
    blocks, _ = read_docx(data, source="doc.docx")
    return blocks


def build(*paragraph_xml: str) -> bytes:
    """A document whose body holds these ``w:p`` elements (namespace added)."""
    document = docx.Document()
    body = document.element.body
    for xml in paragraph_xml:
        body.insert(len(body) - 1, parse_xml(xml.replace("<w:p>", f"<w:p {W_NS}>", 1)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def reply() -> list[Block]:
    return read((FIXTURES / "reply.docx").read_bytes())


@pytest.fixture(scope="module")
def notes() -> list[Block]:
    return read((FIXTURES / "notes.docx").read_bytes())


def by_text(blocks: list[Block], start: str) -> Block:
    return next(b for b in blocks if b.text.lstrip("*").startswith(start))


def test_word_draws_the_question_numbers_and_restarts_them(reply: list[Block]) -> None:
    labels = [b.label for b in reply if b.label and b.label != "•"]
    assert labels == ["1.", "2.", "3.", "4.", "5.", "(a)", "(b)", "6.", "1.", "2."]
    assert by_text(reply, "If yes, please attach").list_level == 1
    # the label is never part of the text
    assert by_text(reply, "Has your country ratified").text.startswith("Has your")


def test_bullets_are_labels_too(reply: list[Block]) -> None:
    bullet = by_text(reply, "marking and fencing")
    assert bullet.label == "•"
    assert bullet.meta["style"] == "List Bullet"


def test_nested_levels_restarts_and_continuation(notes: list[Block]) -> None:
    labels = [b.label for b in notes if b.label and b.role == "body"]
    assert labels == ["I.", "I.1", "a)", "b)", "I.2", "II.", "II.1", "III.", "III.1"]


def test_headings_bold_and_italic(reply: list[Block]) -> None:
    title = by_text(reply, "OSCE QUESTIONNAIRE ON ANTI")
    assert (title.level, title.bold, title.text) == (
        1,
        True,
        "**OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES**",
    )
    assert by_text(reply, "Part II").level == 2
    question = by_text(reply, "Is your country a State Party")
    assert question.bold and question.text.startswith("**") and question.text.endswith("?**")
    assert "known, *inter alia* to plan" in by_text(reply, "Accession will be").text
    assert not by_text(reply, "Accession will be").bold


def test_manual_line_breaks_make_lines(reply: list[Block]) -> None:
    letterhead = by_text(reply, "PERMANENT MISSION")
    assert [ln.text for ln in letterhead.lines] == [
        "PERMANENT MISSION",
        "OF THE REPUBLIC OF EXAMPLIA",
        "TO THE OSCE",
    ]


def test_a_borderless_layout_table_is_read_as_paragraphs(reply: list[Block]) -> None:
    first = reply[:3]
    assert first[0].text.startswith("The OSCE Secretariat bears no responsibility")
    assert [ln.text for ln in first[1].lines] == ["FSC.EMI/45/26", "12 March 2026"]
    assert first[2].text == "ENGLISH only"
    assert all(b.cell is None for b in first)


def test_a_ruled_table_gives_one_block_per_cell_in_row_order(reply: list[Block]) -> None:
    cells = [(b.cell, b.text) for b in reply if b.cell is not None]
    assert cells[:4] == [
        (CellRef(0, 0, 0), "Instrument"),
        (CellRef(0, 0, 1), "Signature"),
        (CellRef(0, 0, 2), "Ratification"),
        (CellRef(0, 1, 0), "Amended Protocol II"),
    ]
    assert len(cells) == 9


def test_headers_and_footers_are_furniture(notes: list[Block], reply: list[Block]) -> None:
    texts = [b.text for b in notes + reply]
    assert "FSC.EMI/45/26" not in texts  # the running header
    assert not any(t.startswith("- ") and t.endswith(" -") for t in texts)  # page numbers


def test_footnotes_come_after_the_body_with_their_marks(notes: list[Block]) -> None:
    body = by_text(notes, "Examplia is a party")
    assert body.text == "Examplia is a party to the Convention and reports on it every year."
    footnotes = [b for b in notes if b.role == "footnote"]
    assert [(b.label, b.text) for b in footnotes] == [
        ("1", "Ratified on 2 May 2001."),
        ("2", "The latest report is dated 14 April 2025."),
    ]
    assert notes[-2:] == footnotes


def test_deleted_and_hidden_text_is_left_out_inserted_text_kept_caps_drawn() -> None:
    data = build(
        "<w:p><w:r><w:t xml:space='preserve'>Kept </w:t></w:r>"
        "<w:del w:id='1' w:author='x'><w:r><w:delText>deleted </w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='x'><w:r><w:t xml:space='preserve'>inserted </w:t></w:r></w:ins>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space='preserve'>hidden </w:t></w:r>"
        "<w:r><w:rPr><w:caps/></w:rPr><w:t>capitals</w:t></w:r></w:p>",
    )
    assert read(data)[0].text == "Kept inserted CAPITALS"


def test_text_boxes_are_read_once_after_their_paragraph() -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>In the box</w:t></w:r></w:p></w:txbxContent>"
    data = build(
        "<w:p><w:r><w:t>Anchor</w:t></w:r><w:r>"
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<mc:Choice Requires='wps'><w:drawing>{box}</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
        "<w:p><w:r><w:t>After</w:t></w:r></w:p>",
    )
    assert [b.text for b in read(data)] == ["Anchor", "In the box", "After"]


def _with_macros(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            dst.writestr(info, body)
        dst.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro code that is never run")
    return out.getvalue()


def test_docm_is_read_as_text_and_its_macros_are_never_loaded(reply: list[Block]) -> None:
    data = _with_macros((FIXTURES / "reply.docx").read_bytes())
    assert [b.text for b in read(data)] == [b.text for b in reply]


def refused(data: bytes) -> str:
    with pytest.raises(SourceError) as info:
        read_docx(data, source="source/reply.docx")
    message = str(info.value)
    assert message.startswith("source/reply.docx: ")
    return message


def test_encrypted_docx() -> None:
    msg = refused((FIXTURES / "encrypted.docx").read_bytes())
    assert "encrypted (password-protected)" in msg


def test_legacy_doc_named_docx_says_how_to_convert() -> None:
    msg = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + b"WordDocument")
    assert "legacy Word 97-2003 (.doc)" in msg
    assert "libreoffice --headless --convert-to docx" in msg


def test_rtf_named_docx_says_how_to_convert() -> None:
    msg = refused(b"{\\rtf1\\ansi Hello}")
    assert "RTF" in msg and "--convert-to docx" in msg


def test_corrupt_zip() -> None:
    data = (FIXTURES / "reply.docx").read_bytes()
    assert "corrupt" in refused(data[: len(data) // 2])


def test_damaged_member_is_a_clear_error() -> None:
    data = bytearray((FIXTURES / "reply.docx").read_bytes())
    start = data.find(b"word/document.xml") + len("word/document.xml") + 40
    data[start : start + 200] = b"\x00" * 200  # inside the compressed document part
    assert "corrupt" in refused(bytes(data))


def test_an_opendocument_named_docx_says_how_to_convert() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    msg = refused(out.getvalue())
    assert "OpenDocument" in msg and "--convert-to docx" in msg


def test_a_package_of_another_kind() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
    assert "not a Word document" in refused(out.getvalue())


def test_zip_bomb_by_compression_ratio() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (20 * 1024 * 1024))
    msg = refused(out.getvalue())
    assert "zip bomb" in msg and "word/document.xml" in msg


def test_zip_bomb_by_declared_size() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>")
    data = bytearray(out.getvalue())
    # declare 3 GiB for every member in the central directory
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        struct.pack_into("<I", data, pos + 24, 3 * 1024 * 1024 * 1024)
        pos = data.find(b"PK\x01\x02", pos + 4)
    msg = refused(bytes(data))
    assert "refusing to unpack" in msg and "zip bomb" in msg


def test_not_a_zip_at_all() -> None:
    assert "not a zip package" in refused(b"plain text, not a package")


def test_symbol_font_check_boxes_read_as_the_characters_drawn() -> None:
    data = build(
        "<w:p><w:r><w:t xml:space='preserve'>YES </w:t></w:r>"
        "<w:r><w:sym w:font='Wingdings' w:char='F0FE'/></w:r>"
        "<w:r><w:t xml:space='preserve'> NO </w:t></w:r>"
        "<w:r><w:sym w:font='Wingdings' w:char='F0A8'/></w:r>"
        "<w:r><w:t xml:space='preserve'> </w:t></w:r>"
        "<w:r><w:sym w:font='Symbol' w:char='03A9'/></w:r></w:p>",
    )
    assert read(data)[0].text == "YES ☑ NO ☐ Ω"


def test_strict_open_xml_says_how_to_convert() -> None:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(FIXTURES / "reply.docx") as src,
        zipfile.ZipFile(out, "w") as dst,
    ):
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "_rels/.rels":
                body = body.replace(
                    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                    b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
                )
            dst.writestr(info, body)
    msg = refused(out.getvalue())
    assert "Strict Open XML" in msg and "libreoffice --headless --convert-to docx" in msg


def test_malformed_numbers_in_the_markup_are_no_traceback() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Table Grid"]
    table.cell(0, 0).text = "left"
    table.cell(0, 1).text = "right"
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:gridSpan {W_NS} w:val="two"/>'))
    out = io.BytesIO()
    document.save(out)
    assert [b.text for b in read(out.getvalue())] == ["left", "right"]
