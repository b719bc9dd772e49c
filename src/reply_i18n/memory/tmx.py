"""Reading TMX 1.4b translation memories into units.

Follows the LISA TMX 1.4b specification: a ``<tu>`` holds one ``<tuv>`` per language, each
with ``xml:lang`` (``lang`` in TMX 1.1) and a ``<seg>``; the header's ``srclang`` names the
source language (``*all*`` means any).  A multilingual unit gives one unit per target
language.  Inline markup inside ``<seg>`` (``bpt``, ``ept``, ``ph``, ``it``, ``hi``) is
reduced to its text content, as CAT tools do when they export plain text.

The parser refuses DTD entities and never touches the network (lxml with
``resolve_entities=False``, ``no_network=True``, ``load_dtd=False``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

from reply_i18n.errors import TranslationMemoryError
from reply_i18n.memory.units import Unit, language_code
from reply_i18n.safexml import parse

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Inline elements whose own text is native codes, not translatable text.
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


def _seg_text(seg: etree._Element) -> str:
    parts: list[str] = [seg.text or ""]
    for child in seg:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag not in _CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(data: bytes, *, origin: str, source_lang: str = "en") -> Iterator[Unit]:
    """The units of a TMX document, English (or ``source_lang``) to every other language.

    Raises :class:`TranslationMemoryError` with the file and line for malformed XML, a DTD that
    declares entities, or a document that is not TMX.
    """
    root = parse(data, path=origin, error=TranslationMemoryError)
    if etree.QName(root).localname != "tmx":
        raise TranslationMemoryError(
            f"not a TMX document (root element <{root.tag}>)", path=origin, line=root.sourceline
        )
    header = root.find("header")
    src = source_lang
    if header is not None and header.get("srclang") not in (None, "*all*"):
        src = language_code(header.get("srclang", source_lang))
    if src != language_code(source_lang):
        src = language_code(source_lang)
    body = root.find("body")
    if body is None:
        return
    for tu in body.iter("tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            lang = tuv.get(_XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if not lang or seg is None:
                continue
            code = language_code(lang)
            texts.setdefault(code, _seg_text(seg))
        source = texts.get(src, "")
        if not source.strip():
            continue
        for code, target in texts.items():
            if code == src or not target.strip():
                continue
            yield Unit(
                source=source, target=target, locale=code, origin=origin, segment=tu.get("tuid", "")
            )


def write_tmx(
    pairs: Iterable[tuple[str, str, str]], *, source_lang: str, target_lang: str, tool_version: str
) -> bytes:
    """A TMX 1.4b document of ``(source text, target text, note)`` pairs, UTF-8.

    No creation date is written, so the same pairs always give the same bytes.
    """
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="reply-i18n",
        creationtoolversion=tool_version,
        datatype="plaintext",
        segtype="paragraph",
        adminlang="en",
        srclang=source_lang,
        **{"o-tmf": "reply-i18n"},
    )
    body = etree.SubElement(root, "body")
    for source, target, note in pairs:
        tu = etree.SubElement(body, "tu")
        if note:
            etree.SubElement(tu, "note").text = note
        for lang, text in ((source_lang, source), (target_lang, target)):
            tuv = etree.SubElement(tu, "tuv", {_XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    etree.indent(root, space="  ")
    body_xml: bytes = etree.tostring(root, encoding="utf-8")
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        + body_xml
        + b"\n"
    )
