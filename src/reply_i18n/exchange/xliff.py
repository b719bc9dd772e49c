"""XLIFF 2.1 and XLIFF 1.2: a catalog out to a CAT tool and back.

One XLIFF file per document and locale.  XLIFF 2.1 (OASIS, namespace
``urn:oasis:names:tc:xliff:document:2.0``) is written by default, XLIFF 1.2 for older CAT
tools.  Each segment becomes a unit whose ``id`` is the segment ID (the msgctxt), with:

- notes: ``location`` (where the segment is, from the ``#.`` comments), ``translator``
  (translator comments), ``previous-source`` (the English a fuzzy translation was made for);
- the state: untranslated → ``initial`` (no target), fuzzy → ``initial`` with the target,
  translated → ``translated``, revised → ``reviewed``, approved → ``final`` (XLIFF 1.2:
  ``new``, ``needs-review-translation``, ``translated``, ``signed-off``, ``final``);
- a ``reply-i18n`` note with the entry's fingerprint, so that an import knows whether the
  PO entry changed since the export (see :mod:`reply_i18n.exchange.apply`).

Reading refuses DTD entities and never touches the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from reply_i18n.exchange.apply import ExchangeError, Returned, fingerprint, text_digest
from reply_i18n.exchange.trail import state_of
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.safexml import parse

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATES2 = {
    "untranslated": "initial",
    "fuzzy": "initial",
    "translated": "translated",
    "revised": "reviewed",
    "approved": "final",
}
_STATES12 = {
    "untranslated": "new",
    "fuzzy": "needs-review-translation",
    "translated": "translated",
    "revised": "signed-off",
    "approved": "final",
}
_MARK = "reply-i18n"
#: Other XLIFF 1.2 target states, read as translated (or untranslated when empty).
_OTHER12 = frozenset(
    {
        "needs-adaptation",
        "needs-l10n",
        "needs-review-adaptation",
        "needs-review-l10n",
        "needs-translation",
    }
)


@dataclass(frozen=True, slots=True)
class XliffFile:
    """What an XLIFF file says it is, and its units as returned."""

    document: str
    source_lang: str
    target_lang: str
    units: tuple[Returned, ...]
    exported_states: dict[str, str]


def _exportable(catalog: Catalog, only: frozenset[str] | None) -> list[Message]:
    return [
        m
        for m in catalog.active()
        if m.msgid and m.msgid_plural is None and (only is None or state_of(m) in only)
    ]


def export_xliff(
    catalog: Catalog,
    *,
    document: str,
    source_lang: str,
    target_lang: str,
    version: str = "2.1",
    only: frozenset[str] | None = None,
) -> bytes:
    """The catalog's entries as an XLIFF document (``version`` ``2.1``, ``2.0`` or ``1.2``),
    UTF-8, the same bytes for the same catalog.  ``only`` limits it to entries in those
    states (``untranslated``, ``fuzzy``, ``translated``, ``revised``, ``approved``)."""
    messages = _exportable(catalog, only)
    if version == "1.2":
        root = _xliff12(messages, document, source_lang, target_lang)
    elif version in ("2.0", "2.1"):
        root = _xliff2(messages, document, source_lang, target_lang, version)
    else:
        raise ExchangeError(f"unknown XLIFF version {version!r}: use 2.1, 2.0 or 1.2")
    etree.indent(root, space="  ")
    body: bytes = etree.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _mark(msg: Message, target_lang: str) -> str:
    """The note that lets an import apply the conflict rules: the entry's state, its
    fingerprint and its translation's digest at export, and the locale it was exported for."""
    return f"{state_of(msg)} {fingerprint(msg)} {text_digest(msg.msgstr)} {target_lang}"


def _xliff2(
    messages: Sequence[Message], document: str, source_lang: str, target_lang: str, version: str
) -> etree._Element:
    ns = f"{{{XLIFF2}}}"
    root = etree.Element(
        ns + "xliff",
        version=version,
        srcLang=source_lang,
        trgLang=target_lang,
        nsmap={None: XLIFF2},
    )
    file_el = etree.SubElement(root, ns + "file", id="f1", original=document)
    for msg in messages:
        unit = etree.SubElement(file_el, ns + "unit", id=msg.msgctxt or msg.msgid[:40])
        notes = etree.SubElement(unit, ns + "notes")
        for category, text in _notes(msg, target_lang):
            etree.SubElement(notes, ns + "note", category=category).text = text
        state = state_of(msg)
        segment = etree.SubElement(unit, ns + "segment", state=_STATES2[state])
        if state == "fuzzy":
            segment.set("subState", "reply-i18n:fuzzy")
        etree.SubElement(segment, ns + "source").text = msg.msgid
        if msg.msgstr:
            etree.SubElement(segment, ns + "target").text = msg.msgstr
    return root


def _notes(msg: Message, target_lang: str) -> list[tuple[str, str]]:
    notes = [("location", c) for c in msg.auto_comments if c.strip()]
    notes += [("translator", c) for c in msg.comments if c.strip()]
    if msg.fuzzy and msg.previous_msgid:
        notes.append(("previous-source", msg.previous_msgid))
    notes.append((_MARK, _mark(msg, target_lang)))
    return notes


def _xliff12(
    messages: Sequence[Message], document: str, source_lang: str, target_lang: str
) -> etree._Element:
    ns = f"{{{XLIFF12}}}"
    root = etree.Element(ns + "xliff", version="1.2", nsmap={None: XLIFF12})
    file_el = etree.SubElement(
        root,
        ns + "file",
        original=document,
        datatype="plaintext",
        **{"source-language": source_lang, "target-language": target_lang},
    )
    body = etree.SubElement(file_el, ns + "body")
    for msg in messages:
        unit = etree.SubElement(body, ns + "trans-unit", id=msg.msgctxt or msg.msgid[:40])
        etree.SubElement(unit, ns + "source").text = msg.msgid
        state = state_of(msg)
        target = etree.SubElement(unit, ns + "target", state=_STATES12[state])
        target.text = msg.msgstr
        for category, text in _notes(msg, target_lang):
            who = "developer" if category == "location" else category
            etree.SubElement(unit, ns + "note", **{"from": who}).text = text
    return root


def _text(el: etree._Element | None) -> str:
    return "".join(el.itertext()) if el is not None else ""


def read_xliff(data: bytes, *, path: str) -> XliffFile:
    """An XLIFF 2.x or 1.2 file as returned by a CAT tool.

    Raises :class:`~reply_i18n.exchange.apply.ExchangeError` with the file and line for
    malformed XML, entity declarations, a document that is not XLIFF, or a unit without the
    fingerprint note this tool wrote (a file not exported by ``reply-i18n xliff export``).
    """
    if data[:2] == b"PK":
        raise ExchangeError(
            "not an XLIFF file but a zip archive (a Word file? use `reply-i18n review import`)",
            path=path,
        )
    root = parse(data, path=path, error=ExchangeError)
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (XLIFF2, XLIFF12):
        raise ExchangeError("not an XLIFF 1.2 or 2.x document", path=path, line=root.sourceline)
    ns = f"{{{namespace}}}"
    files = root.findall(ns + "file")
    if len(files) != 1:
        raise ExchangeError("expected one <file> element", path=path, line=root.sourceline)
    file_el = files[0]
    units: list[Returned] = []
    exported: dict[str, str] = {}
    locales: set[str] = set()
    if namespace == XLIFF2:
        source_lang, target_lang = root.get("srcLang", ""), root.get("trgLang", "")
        reverse = {v: k for k, v in _STATES2.items() if k != "fuzzy"}
        for unit in file_el.iter(ns + "unit"):
            segment = unit.find(ns + "segment")
            if segment is None:
                raise ExchangeError("a unit without a segment", path=path, line=unit.sourceline)
            mark = next((n for n in unit.iter(ns + "note") if n.get("category") == _MARK), None)
            raw = segment.get("state", "initial")
            if raw not in reverse:
                raise ExchangeError(
                    f"unit {unit.get('id', '')!r}: unknown state {raw!r} "
                    f"(XLIFF 2 has {', '.join(sorted(reverse))})",
                    path=path,
                    line=segment.sourceline,
                )
            state = reverse[raw]
            target = _text(segment.find(ns + "target"))
            if state == "untranslated" and target:
                state = "fuzzy"
            notes = [
                _text(n)
                for n in unit.iter(ns + "note")
                if n.get("category") in ("reviewer", "comment")
            ]
            units.append(
                _returned(unit, mark, target, state, " ".join(notes), path, exported, locales)
            )
    else:
        source_lang = file_el.get("source-language", "")
        target_lang = file_el.get("target-language", "")
        reverse = {v: k for k, v in _STATES12.items()}
        for unit in file_el.iter(ns + "trans-unit"):
            target_el = unit.find(ns + "target")
            mark = next((n for n in unit.iter(ns + "note") if n.get("from") == _MARK), None)
            target = _text(target_el)
            raw = target_el.get("state", "translated") if target_el is not None else "new"
            if raw not in reverse and raw not in _OTHER12:
                raise ExchangeError(
                    f"trans-unit {unit.get('id', '')!r}: unknown state {raw!r}",
                    path=path,
                    line=unit.sourceline,
                )
            state = reverse.get(raw, "translated" if target else "untranslated")
            notes = [
                _text(n) for n in unit.iter(ns + "note") if n.get("from") in ("reviewer", "comment")
            ]
            units.append(
                _returned(unit, mark, target, state, " ".join(notes), path, exported, locales)
            )
    seen: set[str] = set()
    for item in units:
        if item.id in seen:
            raise ExchangeError(f"unit ID {item.id!r} appears twice", path=path, line=item.line)
        seen.add(item.id)
    exported_for = locales
    if exported_for and exported_for != {target_lang}:
        raise ExchangeError(
            f"the file says its target language is {target_lang!r}, but it was exported for "
            f"{', '.join(sorted(exported_for))}",
            path=path,
            line=root.sourceline,
        )
    return XliffFile(file_el.get("original", ""), source_lang, target_lang, tuple(units), exported)


def _returned(
    unit: etree._Element,
    mark: etree._Element | None,
    target: str,
    state: str,
    comment: str,
    path: str,
    exported: dict[str, str],
    locales: set[str],
) -> Returned:
    uid = unit.get("id", "")
    parts = _text(mark).split()
    if len(parts) != 4:
        raise ExchangeError(
            f"unit {uid!r} has no reply-i18n note: this file was not exported by reply-i18n, "
            "or a tool removed its notes",
            path=path,
            line=unit.sourceline,
        )
    exported[uid] = parts[0]
    locales.add(parts[3])
    return Returned(
        id=uid,
        fingerprint=parts[1],
        exported=parts[2],
        target=target,
        state=state,
        comment=comment,
        line=unit.sourceline,
    )
