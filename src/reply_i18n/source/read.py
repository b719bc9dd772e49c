"""One entry to the readers: a source file's bytes and suffix → blocks.

:func:`read_blocks` picks the reader by the file's suffix and checks that the content is
what the suffix says, so that a PDF or a Word file named ``.txt`` (or a legacy ``.doc``
named ``.docx``) gets a message that says what it is, not a decoding error.
"""

from __future__ import annotations

from reply_i18n.errors import SourceError
from reply_i18n.model import Diagnostic, nfc
from reply_i18n.source import PDF_SUFFIXES, SUFFIXES, TEXT_SUFFIXES, WORD_SUFFIXES
from reply_i18n.source.blocks import Block
from reply_i18n.source.docx import CONVERT_HINT, OLE_MAGIC, read_docx
from reply_i18n.source.pdf import Progress, read_pdf
from reply_i18n.source.text import decode, read_text

CONVERTIBLE = {
    ".doc": "a legacy Word 97-2003 document",
    ".dot": "a legacy Word 97-2003 template",
    ".rtf": "an RTF document",
    ".odt": "an OpenDocument text",
    ".wpd": "a WordPerfect document",
    ".pages": "a Pages document",
}


def unsupported(suffix: str) -> str:
    """The message for a source whose suffix no reader takes."""
    what = CONVERTIBLE.get(suffix.lower())
    if what is not None:
        return f"{what} ({suffix}) cannot be read: {CONVERT_HINT}"
    shown = suffix or "no suffix"
    return f"unsupported source format ({shown}): use {', '.join(SUFFIXES)}"


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "a PDF file"
    if data.startswith(b"PK\x03\x04"):
        return "a zip package (a Word document?)"
    if data.startswith(OLE_MAGIC):
        return "an OLE compound file (a legacy Word document, or an encrypted one)"
    if data.startswith(b"{\\rtf"):
        return "an RTF document"
    return ""


def read_blocks(
    data: bytes, *, suffix: str, source: str, progress: Progress | None = None
) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of one source file, and notes on what was dropped as page furniture.

    ``suffix`` is the file's suffix (``.txt``, ``.md``, ``.docx``, ``.docm``, ``.pdf``),
    ``source`` names the file in messages, ``progress(done, total)`` is called after each
    page of a PDF.  Text comes out in Unicode normalisation form C.  Raises
    :class:`~reply_i18n.errors.SourceError` for an unsupported
    format (with how to convert it), content that does not match the suffix, and
    whatever the reader refuses.
    """
    blocks, notes = _read(data, suffix=suffix, source=source, progress=progress)
    for block in blocks:  # NFC, whatever form the file is in (model.nfc)
        block.label = nfc(block.label)
        for line in block.lines:
            line.text = nfc(line.text)
    return blocks, notes


def _read(
    data: bytes, *, suffix: str, source: str, progress: Progress | None
) -> tuple[list[Block], list[Diagnostic]]:
    kind = suffix.lower()
    if kind in TEXT_SUFFIXES:
        found = _sniff(data)
        if found:
            raise SourceError(
                f"this is a binary file ({found}), not a text document: "
                "give it the suffix of its format",
                path=source,
            )
        return read_text(decode(data, source=source))
    if kind in WORD_SUFFIXES:
        return read_docx(data, source=source)
    if kind in PDF_SUFFIXES:
        if not data.startswith(b"%PDF-") and data.lstrip()[:5] != b"%PDF-":
            found = _sniff(data)
            raise SourceError(
                f"not a PDF file{f' (this is {found})' if found else ''}", path=source
            )
        return read_pdf(data, source=source, progress=progress)
    raise SourceError(unsupported(suffix), path=source)
