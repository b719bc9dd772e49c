"""Parsing XML that comes from outside (TMX, TBX, XLIFF) without the dangers of XML.

lxml with entity resolution, DTD loading and network access switched off, and documents
that declare entities refused outright, so neither an external entity (XXE) nor an entity
expansion ("billion laughs") can reach the file system, the network or the memory.
Malformed XML is an error that names the file and line.
"""

from __future__ import annotations

from lxml import etree

from reply_i18n.errors import ReplyI18nError


def parse(data: bytes, *, path: str, error: type[ReplyI18nError]) -> etree._Element:
    """The root element of an XML document.

    Raises ``error`` (a :class:`~reply_i18n.errors.ReplyI18nError` subclass) with ``path``
    and the line for malformed XML, and for a document that declares entities.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise error(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno or None) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise error("the document declares entities; refused", path=path)
    return root
