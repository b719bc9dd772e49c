"""Terminology exchange: the project glossary (CSV) to and from TBX-Basic.

TBX-Basic is the termbase exchange format that CAT tools (Trados MultiTerm, memoQ, OmegaT
through plug-ins) read and write.  We write the ISO 30042:2008 serialisation (root
``<martif type="TBX-Basic">``), which those tools and translate-toolkit read: one
``<termEntry>`` per glossary row, a ``<langSet>`` per language, a ``<tig>`` per term.

The glossary's columns map onto TBX as a termbase's fields do:

- ``en`` and each language code (``az``, ``ru``): the terms; a cell may list accepted forms
  separated by ``;``, the first one preferred (``preferredTerm-admn-sts``), the others
  admitted (``admittedTerm-admn-sts``);
- ``<code>_forbidden`` (or ``forbidden_<code>``): terms that must not be used
  (``deprecatedTerm-admn-sts``);
- ``source_<code>`` or ``note_<code>``: a note on the language's terms (``<note>``).

Other columns are kept in the CSV on import and not exported.  Reading refuses DTD
entities and never touches the network.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from reply_i18n.errors import TranslationMemoryError
from reply_i18n.memory.units import language_code
from reply_i18n.safexml import parse

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = "administrativeStatus"
PREFERRED, ADMITTED, DEPRECATED = (
    "preferredTerm-admn-sts",
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
)
_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z]+)?")


@dataclass(slots=True)
class Language:
    """One language's side of a glossary entry."""

    terms: list[str] = field(default_factory=list)
    """Accepted terms, the preferred one first."""
    forbidden: list[str] = field(default_factory=list)
    note: str = ""


@dataclass(slots=True)
class Entry:
    """One concept of the glossary, by language code (the source language included)."""

    languages: dict[str, Language] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Columns:
    """What each column of a glossary CSV holds."""

    terms: dict[str, str]
    """language code → column of its terms."""
    forbidden: dict[str, str]
    notes: dict[str, str]


def classify(fieldnames: Sequence[str]) -> Columns:
    """Sort a glossary header's columns into terms, forbidden terms and notes."""
    terms: dict[str, str] = {}
    forbidden: dict[str, str] = {}
    notes: dict[str, str] = {}
    for name in fieldnames:
        m = re.fullmatch(r"(?:forbidden_(?P<a>\w+)|(?P<b>\w+?)_forbidden)", name)
        if m:
            forbidden[m["a"] or m["b"]] = name
            continue
        m = re.fullmatch(r"(?:source|note|notes)_(?P<code>\w+)", name)
        if m:
            notes[m["code"]] = name
            continue
        if _CODE.fullmatch(name):
            terms[name] = name
    return Columns(terms, forbidden, notes)


def _split(cell: str | None) -> list[str]:
    return [t.strip() for t in (cell or "").split(";") if t.strip()]


def read_glossary_entries(text: str, *, path: str) -> tuple[list[Entry], Columns]:
    """The entries of a glossary CSV, in file order."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "en" not in reader.fieldnames:
        raise TranslationMemoryError(
            "glossary needs a header row with an 'en' column", path=path, line=1
        )
    columns = classify(reader.fieldnames)
    entries = []
    for row in reader:
        entry = Entry()
        for code in dict.fromkeys([*columns.terms, *columns.forbidden, *columns.notes]):
            lang = Language(
                terms=_split(row.get(columns.terms.get(code, ""))),
                forbidden=_split(row.get(columns.forbidden.get(code, ""))),
                note=(row.get(columns.notes.get(code, "")) or "").strip(),
            )
            if lang.terms or lang.forbidden or lang.note:
                entry.languages[code] = lang
        if "en" in entry.languages and entry.languages["en"].terms:
            entries.append(entry)
    return entries, columns


def _tig(parent: etree._Element, term: str, status: str) -> None:
    tig = etree.SubElement(parent, "tig")
    etree.SubElement(tig, "term").text = term
    etree.SubElement(tig, "termNote", type=_STATUS).text = status


def write_tbx(
    entries: Sequence[Entry], *, source_lang: str = "en", title: str = "Glossary"
) -> bytes:
    """A TBX-Basic document (ISO 30042:2008 serialisation) of the entries, UTF-8, the same
    bytes for the same entries."""
    root = etree.Element("martif", {"type": "TBX-Basic", _XML_LANG: source_lang})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = title
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, entry in enumerate(entries, start=1):
        term_entry = etree.SubElement(body, "termEntry", id=f"c{n}")
        for code in sorted(entry.languages, key=lambda c: (c != source_lang, c)):
            lang = entry.languages[code]
            lang_set = etree.SubElement(term_entry, "langSet", {_XML_LANG: code.replace("_", "-")})
            if lang.note:
                etree.SubElement(lang_set, "note").text = lang.note
            for k, term in enumerate(lang.terms):
                _tig(lang_set, term, PREFERRED if k == 0 else ADMITTED)
            for term in lang.forbidden:
                _tig(lang_set, term, DEPRECATED)
    etree.indent(root, space="  ")
    xml: bytes = etree.tostring(root, encoding="utf-8")
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + xml + b"\n"
    )


def read_tbx(data: bytes, *, path: str) -> list[Entry]:
    """The entries of a TBX document: TBX-Basic as :func:`write_tbx` writes it, or as CAT
    tools export it (``<tig>`` or ``<ntig>``, ``<martif>`` or TBX v3 ``<tbx>`` with
    ``<conceptEntry>``/``<termSec>``).  A term without a status is preferred if it comes
    first in its language, admitted otherwise.

    Raises :class:`~reply_i18n.errors.TranslationMemoryError` with the file and line for
    malformed XML, entity declarations, or a document that is not TBX.
    """
    root = parse(data, path=path, error=TranslationMemoryError)
    if etree.QName(root).localname not in ("martif", "tbx"):
        raise TranslationMemoryError(
            f"not a TBX document (root element <{etree.QName(root).localname}>)",
            path=path,
            line=root.sourceline,
        )
    entries = []
    for concept in root.iter("{*}termEntry", "{*}conceptEntry"):
        entry = Entry()
        for lang_set in concept.iter("{*}langSet", "{*}langSec"):
            code = (lang_set.get(_XML_LANG) or "").replace("-", "_")
            if not code:
                raise TranslationMemoryError(
                    "a language section has no xml:lang", path=path, line=lang_set.sourceline
                )
            lang = entry.languages.setdefault(language_code(code), Language())
            notes = [
                n.text.strip() for n in lang_set.findall("{*}note") if n.text and n.text.strip()
            ]
            if notes and not lang.note:
                lang.note = " ".join(notes)
            for tig in lang_set.iter("{*}tig", "{*}ntig", "{*}termSec"):
                term_el = next(tig.iter("{*}term"), None)
                term = "".join(term_el.itertext()).strip() if term_el is not None else ""
                if not term:
                    continue
                status = next(
                    (t.text or "" for t in tig.iter("{*}termNote") if t.get("type") == _STATUS), ""
                ).strip()
                if status == DEPRECATED or status in ("supersededTerm-admn-sts",):
                    lang.forbidden.append(term)
                elif status == PREFERRED:
                    lang.terms.insert(0, term)
                else:
                    lang.terms.append(term)
        if "en" in entry.languages and entry.languages["en"].terms:
            entries.append(entry)
    return entries


def merge_into_csv(text: str, imported: Sequence[Entry], *, path: str) -> tuple[str, int, int]:
    """The glossary CSV with the imported entries merged in, matched by their English term:
    a known term's languages are replaced by the imported ones (languages the TBX lacks are
    kept), a new term becomes a new row; columns the TBX names that the CSV lacks are added.
    Returns the new CSV text, and how many rows changed and were added."""
    reader = csv.DictReader(io.StringIO(text))
    fieldnames = list(reader.fieldnames or ["en"])
    if "en" not in fieldnames:
        raise TranslationMemoryError(
            "glossary needs a header row with an 'en' column", path=path, line=1
        )
    rows = list(reader)
    columns = classify(fieldnames)
    for entry in imported:
        for code, lang in entry.languages.items():
            if lang.terms and code not in columns.terms and code not in fieldnames:
                fieldnames.append(code)
            if (
                lang.forbidden
                and code not in columns.forbidden
                and f"{code}_forbidden" not in fieldnames
            ):
                fieldnames.append(f"{code}_forbidden")
            if lang.note and code not in columns.notes and f"source_{code}" not in fieldnames:
                fieldnames.append(f"source_{code}")
    columns = classify(fieldnames)
    by_en = {(row.get("en") or "").strip(): row for row in rows}
    updated = added = 0
    for entry in imported:
        en = entry.languages["en"].terms[0]
        row = by_en.get(en)
        is_new = row is None
        if row is None:
            row = dict.fromkeys(fieldnames, "")
            rows.append(row)
            by_en[en] = row
        before = {k: row.get(k) or "" for k in fieldnames}
        for code, lang in entry.languages.items():
            if code in columns.terms:
                row[columns.terms[code]] = "; ".join(lang.terms)
            if code in columns.forbidden:
                row[columns.forbidden[code]] = "; ".join(lang.forbidden)
            if code in columns.notes and lang.note:
                row[columns.notes[code]] = lang.note
        if is_new:
            added += 1
        elif {k: row.get(k) or "" for k in fieldnames} != before:
            updated += 1
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k) or "" for k in fieldnames})
    return out.getvalue(), updated, added
