"""TMX 1.4b translation memory of an edition.

One ``<tu>`` per translatable segment, its ``tuid`` the segment ID, with one ``<tuv>`` per
language of the edition that has a real text: the source, or a current translation.  Missing
and fuzzy cells (which only repeat the English) are left out, and so are verbatim and date
segments, which are not translated.  A unit left with no text at all is dropped, since TMX
wants at least one ``<tuv>``.

Segments are plain text exactly as in the catalogs (emphasis kept as ``*x*``), so that the
memory matches the PO files it comes from; the segment's place in the document is given as a
``<note>``.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from reply_i18n import __version__
from reply_i18n.model import Edition, Row
from reply_i18n.publish.render.inline import printable

#: Cell statuses whose text goes into the memory.
KEPT_STATUSES = frozenset({"source", "translated"})

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'


def render(edition: Edition) -> bytes:
    """The edition as a UTF-8 TMX 1.4b document."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", _header(edition))
    body = ET.SubElement(root, "body")
    for row in edition.rows:
        unit = _unit(edition, row)
        if unit is not None:
            body.append(unit)
    ET.indent(root, space="  ")
    return (_DECLARATION + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def creation_date(stamp: datetime.datetime) -> str:
    """``stamp`` in TMX's form, UTC: ``20250506T000000Z`` (a naive stamp is taken as UTC)."""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(datetime.UTC)
    return stamp.strftime("%Y%m%dT%H%M%SZ")


def _header(edition: Edition) -> dict[str, str]:
    return {
        "creationtool": "reply-i18n",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "paragraph",
        "adminlang": "en",
        "srclang": edition.languages[0],
        "o-tmf": "reply-i18n",
        "creationdate": creation_date(edition.stamp),
    }


def _unit(edition: Edition, row: Row) -> ET.Element | None:
    """The ``<tu>`` of a row, or None when the row has nothing for a memory."""
    if not row.segment.translatable:
        return None
    texts = [
        (lang, cell.text)
        for lang, cell in zip(edition.languages, row.cells, strict=True)
        if cell.status in KEPT_STATUSES
    ]
    if not texts:
        return None
    unit = ET.Element("tu", tuid=row.segment.id)
    if row.segment.where:
        ET.SubElement(unit, "note").text = printable(row.segment.where)
    for lang, text in texts:
        tuv = ET.SubElement(unit, "tuv", {_XML_LANG: lang})
        ET.SubElement(tuv, "seg").text = printable(text)
    return unit
