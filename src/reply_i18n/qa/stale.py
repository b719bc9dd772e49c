"""What a catalog does not cover yet, judged against the current source: the one rule of
completeness that ``check`` and ``build`` share.

A translatable segment of the source is

- *stale* when its catalog lacks it, or holds it under another English text (the source
  changed and ``update`` has not been run);
- *fuzzy* when its entry is flagged fuzzy and has a translation;
- *untranslated* when its entry has no translation (or some plural forms are empty);
- translated otherwise (what ``msgfmt --statistics`` counts as translated).

Text is compared after Unicode normalisation to NFC, so canonically equal text (``é`` as
one code point or as ``e`` + U+0301) is the same text.  Pure: takes the parsed document and
the catalog already read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from reply_i18n.model import Document, nfc
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.coverage import Counts, group_key

STALE, FUZZY, UNTRANSLATED, TRANSLATED = "stale", "fuzzy", "untranslated", "translated"


@dataclass(frozen=True, slots=True)
class Gap:
    """One segment a catalog does not cover yet."""

    segment: str
    """The segment ID (msgctxt)."""
    state: str
    """``stale``, ``fuzzy`` or ``untranslated``."""
    file: str
    """Where to look: the PO file for fuzzy and untranslated entries, the source for stale
    ones (and for every segment when there is no catalog)."""
    line: int
    """1-based line in ``file``."""
    text: str
    """The segment's English text, from the source."""
    reason: str = ""
    """Why a segment is stale, in words."""

    def as_dict(self, locale: str, document: str) -> dict[str, object]:
        return {
            "locale": locale,
            "document": document,
            "segment": self.segment,
            "state": self.state,
            "file": self.file,
            "line": self.line,
            "text": self.text,
            "reason": self.reason,
        }


def _state(msg: Message) -> str:
    if msg.translated:
        return TRANSLATED
    if msg.fuzzy and msg.has_translation:
        return FUZZY
    return UNTRANSLATED


def gaps(doc: Document, catalog: Catalog | None, *, po_file: str) -> list[Gap]:
    """The segments of ``doc`` that ``catalog`` (None: no catalog) does not cover, in the
    order of the document."""
    entries: dict[str, Message] = {}
    if catalog is not None:
        for m in catalog.messages:
            if not m.obsolete and m.msgctxt is not None:
                entries.setdefault(m.msgctxt, m)
    out = []
    for seg in doc.translatable():
        msg = entries.get(seg.id)
        if catalog is None:
            out.append(Gap(seg.id, UNTRANSLATED, doc.source, seg.line, seg.text, "no catalog"))
        elif msg is None:
            out.append(Gap(seg.id, STALE, doc.source, seg.line, seg.text, "not in the catalog"))
        elif nfc(msg.msgid) != nfc(seg.text):
            out.append(
                Gap(seg.id, STALE, doc.source, seg.line, seg.text, "the English text changed")
            )
        elif (state := _state(msg)) != TRANSLATED:
            out.append(Gap(seg.id, state, po_file, msg.line, seg.text))
    return out


def catalog_gaps(catalog: Catalog, *, po_file: str) -> list[Gap]:
    """The entries of ``catalog`` still to do, fuzzy or untranslated, in file order: the
    list a check judged without a source can give (a stale entry needs the source to
    be seen)."""
    out = []
    for m in catalog.messages:
        if m.obsolete or (m.msgid == "" and m.msgctxt is None):
            continue
        if (state := _state(m)) != TRANSLATED:
            out.append(Gap(m.msgctxt or "", state, po_file, m.line, m.msgid))
    return out


def source_coverage(
    doc: Document, catalog: Catalog | None, found: list[Gap], *, by: str = "document"
) -> dict[str, Counts]:
    """Segments and words of ``doc`` by state (key ``""``), and per part or question.

    Counted over the source's segments, so a stale catalog is never complete; when the
    catalog is in step the figures are those of ``msgfmt --statistics``.
    """
    state_of = {g.segment: g.state for g in found}
    key = group_key(by)
    total = Counts()
    groups: dict[str, Counts] = {}
    for seg in doc.translatable():
        state = state_of.get(seg.id, TRANSLATED)
        total.count(state, seg.text)
        if by != "document":
            groups.setdefault(key(seg.id), Counts()).count(state, seg.text)
    if catalog is not None:
        total.obsolete = sum(1 for m in catalog.messages if m.obsolete)
    return {"": total, **groups}


def nfc_document(doc: Document) -> Document:
    """``doc`` with every segment's text in NFC, for checks that compare text."""
    return replace(doc, segments=tuple(replace(s, text=nfc(s.text)) for s in doc.segments))


def nfc_catalog(catalog: Catalog) -> Catalog:
    """A copy of ``catalog`` with every msgid, msgstr and previous msgid in NFC, so that
    canonically equal text gives no finding.  Entries already in NFC are the same objects
    in both catalogs: treat the copy as read-only."""

    def norm(m: Message) -> Message:
        texts = [m.msgid, m.msgstr, *m.msgstr_plural.values()]
        texts += [t for t in (m.msgid_plural, m.previous_msgid) if t is not None]
        if all(unicodedata.is_normalized("NFC", t) for t in texts):
            return m  # most entries: shared, not copied; the checks never change an entry
        return replace(
            m,
            msgid=nfc(m.msgid),
            msgstr=nfc(m.msgstr),
            msgid_plural=None if m.msgid_plural is None else nfc(m.msgid_plural),
            msgstr_plural={k: nfc(v) for k, v in m.msgstr_plural.items()},
            previous_msgid=None if m.previous_msgid is None else nfc(m.previous_msgid),
            comments=list(m.comments),
            flags=list(m.flags),
        )

    return replace(catalog, messages=[norm(m) for m in catalog.messages])
