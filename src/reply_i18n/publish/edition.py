"""Lay a document and its translations out as an :class:`~reply_i18n.model.Edition`.

Pure: takes the parsed document and the catalogs already read, returns rows × languages.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from reply_i18n.model import Cell, Document, Edition, LanguageCoverage, Row, Segment
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.publish import chrome
from reply_i18n.publish.conventions import Convention, dateline, note_number

#: Segment states in a catalog, as the coverage picture shows them.
STATES = ("translated", "fuzzy", "stale", "untranslated")


def language_name(lang: str, *, in_lang: str | None = None) -> str:
    """A language's name as a label ("Azərbaycan dili"), in its own language by default."""
    return chrome.language_name(lang, in_lang or lang)


def localised_date(
    date: datetime.date, lang: str, rules: Mapping[str, Convention] | None = None
) -> str:
    """``6 May 2025`` as ``lang`` writes a dateline (``6 may 2025-ci il``, ``6 мая 2025 г.``)."""
    return dateline(date, lang, rules)


def entries(catalog: Catalog) -> dict[str, Message]:
    """``segment ID → entry`` for every entry of a catalog that has a translation."""
    return {
        m.msgctxt: m
        for m in catalog.messages
        if not m.obsolete and m.msgctxt is not None and m.msgstr
    }


def segment_states(doc: Document, catalog: Catalog | None) -> dict[str, str]:
    """``segment ID → state`` for each translatable segment: ``translated``, ``fuzzy`` (the
    entry is flagged), ``stale`` (made for another English text, not flagged) or
    ``untranslated``; one of :data:`STATES`."""
    table = entries(catalog) if catalog is not None else {}
    out = {}
    for seg in doc.translatable():
        entry = table.get(seg.id)
        if entry is None:
            out[seg.id] = "untranslated"
        elif entry.fuzzy:
            out[seg.id] = "fuzzy"
        elif entry.msgid != seg.text:
            out[seg.id] = "stale"
        else:
            out[seg.id] = "translated"
    return out


def coverage(doc: Document, lang: str, catalog: Catalog | None) -> LanguageCoverage:
    """Translated segments of a document in one language.

    A segment counts as translated when its entry has a translation, is not fuzzy, and was
    made for the document's current English text.
    """
    segs = doc.translatable()
    states = segment_states(doc, catalog)
    missing = tuple(s.id for s in segs if states[s.id] != "translated")
    return LanguageCoverage(
        lang=lang,
        name=language_name(lang),
        translated=len(segs) - len(missing),
        total=len(segs),
        missing=missing,
    )


def _cell(
    seg: Segment,
    lang: str,
    source_lang: str,
    table: Mapping[str, Message],
    *,
    rules: Mapping[str, Convention] | None,
    language_line: bool,
    place: str | None = None,
) -> Cell:
    if seg.date is not None:
        text = seg.text if lang == source_lang else localised_date(seg.date, lang, rules)
        if seg.kind == "signed" and place is not None:
            text = f"{place}, {text}"
        return Cell(lang=lang, text=text, status="source" if lang == source_lang else "date")
    if not seg.translatable:
        if seg.kind == "note-number" and lang != source_lang:
            return Cell(lang=lang, text=note_number(seg.text, lang, rules), status="verbatim")
        return Cell(lang=lang, text=seg.text, status="verbatim")
    if lang == source_lang:
        return Cell(lang=lang, text=seg.text, status="source")
    entry = table.get(seg.id)
    if entry is None:
        return Cell(lang=source_lang, text=seg.text, status="missing")
    if entry.fuzzy or entry.msgid != seg.text:
        before = entry.previous_msgid if entry.fuzzy and entry.previous_msgid else entry.msgid
        return Cell(
            lang=source_lang,
            text=seg.text,
            status="fuzzy",
            previous=entry.msgstr,
            previous_source=before,
        )
    if language_line and seg.kind == "language" and source_lang == "en":
        # "ENGLISH only" is not true of a translation: say what it is, in its language
        return Cell(lang=lang, text=chrome.text(lang, "language-line"), status="chrome")
    return Cell(lang=lang, text=entry.msgstr, status="translated")


def build_edition(
    doc: Document,
    catalogs: Mapping[str, Catalog],
    languages: Sequence[str],
    *,
    source_lang: str = "en",
    stamp: datetime.datetime,
    rules: Mapping[str, Convention] | None = None,
    language_line: bool = True,
) -> Edition:
    """Rows × languages for ``doc``; ``catalogs`` maps each target language to its catalog.

    ``rules`` are the locales' conventions for note numbers and dates (the shipped ones by
    default).  With ``language_line`` (the default) a translation's language line says that
    it is a translation from English; a translation memory wants the translator's text
    instead, and passes False.
    """
    tables = {lang: entries(cat) for lang, cat in catalogs.items()}
    rows: list[Row] = []
    place_of = {s.line: s for s in doc.segments if s.kind == "place"}
    signed_lines = {s.line for s in doc.segments if s.kind == "signed"}

    def cell(seg: Segment, lang: str, place: str | None = None) -> Cell:
        return _cell(
            seg,
            lang,
            source_lang,
            tables.get(lang, {}),
            rules=rules,
            language_line=language_line,
            place=place,
        )

    for seg in doc.segments:
        cells = []
        for lang in languages:
            place = None
            if seg.kind == "signed" and seg.line in place_of:
                place = cell(place_of[seg.line], lang).text
            cells.append(cell(seg, lang, place))
        # the place of signature is shown together with the date of signature
        merged = seg.kind == "place" and seg.line in signed_lines
        rows.append(Row(segment=seg, cells=tuple(cells), merged=merged))
    cov = tuple(
        coverage(doc, lang, catalogs.get(lang))
        if lang != source_lang
        else LanguageCoverage(
            lang=lang,
            name=language_name(lang),
            translated=len(doc.translatable()),
            total=len(doc.translatable()),
        )
        for lang in languages
    )
    return Edition(
        document=doc.name,
        symbol=doc.symbol or doc.name,
        languages=tuple(languages),
        coverage=cov,
        rows=tuple(rows),
        stamp=stamp,
    )
