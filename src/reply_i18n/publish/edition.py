"""Lay a document and its translations out as an :class:`~reply_i18n.model.Edition`.

Pure: takes the parsed document and the catalogs already read, returns rows × languages.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from babel import Locale
from babel.dates import format_date

from reply_i18n.model import Cell, Document, Edition, LanguageCoverage, Row, Segment
from reply_i18n.po.pofile import Catalog

DATE_PATTERN = "d MMMM y"


def language_name(lang: str, *, in_lang: str | None = None) -> str:
    """A language's name from Babel, in its own language by default, capitalised."""
    loc = Locale.parse(lang)
    name = loc.get_display_name(Locale.parse(in_lang) if in_lang else loc) or lang
    return name[:1].upper() + name[1:]


def localised_date(date: datetime.date, lang: str) -> str:
    """``6 May 2025`` in a language's own form (``6 may 2025``, ``6 мая 2025 г.``)."""
    text = format_date(date, DATE_PATTERN, locale=Locale.parse(lang))
    if Locale.parse(lang).language == "ru":
        text += " г."
    return text


def translations(catalog: Catalog) -> dict[str, tuple[str, bool]]:
    """``segment ID → (translation, fuzzy)`` for every entry that has a translation."""
    return {
        m.msgctxt: (m.msgstr, m.fuzzy)
        for m in catalog.messages
        if not m.obsolete and m.msgctxt is not None and m.msgstr
    }


def coverage(doc: Document, lang: str, catalog: Catalog | None) -> LanguageCoverage:
    """Translated segments of a document in one language.

    A segment counts as translated when its entry has a translation, is not fuzzy, and was
    made for the document's current English text.
    """
    segs = doc.translatable()
    table = translations(catalog) if catalog is not None else {}
    current = _msgids(catalog) if catalog is not None else {}
    missing = tuple(
        s.id for s in segs if s.id not in table or table[s.id][1] or current.get(s.id) != s.text
    )
    return LanguageCoverage(
        lang=lang,
        name=language_name(lang),
        translated=len(segs) - len(missing),
        total=len(segs),
        missing=missing,
    )


def _msgids(catalog: Catalog) -> dict[str | None, str]:
    return {m.msgctxt: m.msgid for m in catalog.messages if not m.obsolete}


def _cell(
    seg: Segment,
    lang: str,
    source_lang: str,
    table: Mapping[str, tuple[str, bool]],
    stale: bool,
    place: str | None = None,
) -> Cell:
    if seg.date is not None:
        text = seg.text if lang == source_lang else localised_date(seg.date, lang)
        if seg.kind == "signed" and place is not None:
            text = f"{place}, {text}"
        return Cell(lang=lang, text=text, status="source" if lang == source_lang else "date")
    if not seg.translatable:
        return Cell(lang=lang, text=seg.text, status="verbatim")
    if lang == source_lang:
        return Cell(lang=lang, text=seg.text, status="source")
    hit = table.get(seg.id)
    if hit is None:
        return Cell(lang=source_lang, text=seg.text, status="missing")
    text, fuzzy = hit
    if fuzzy or stale:
        return Cell(lang=source_lang, text=seg.text, status="fuzzy")
    return Cell(lang=lang, text=text, status="translated")


def build_edition(
    doc: Document,
    catalogs: Mapping[str, Catalog],
    languages: Sequence[str],
    *,
    source_lang: str = "en",
    stamp: datetime.datetime,
) -> Edition:
    """Rows × languages for ``doc``; ``catalogs`` maps each target language to its catalog."""
    tables = {lang: translations(cat) for lang, cat in catalogs.items()}
    msgids = {lang: _msgids(cat) for lang, cat in catalogs.items()}
    rows: list[Row] = []
    place_of = {s.line: s for s in doc.segments if s.kind == "place"}
    signed_lines = {s.line for s in doc.segments if s.kind == "signed"}

    def cell(seg: Segment, lang: str, place: str | None = None) -> Cell:
        stale = lang != source_lang and msgids.get(lang, {}).get(seg.id, seg.text) != seg.text
        return _cell(seg, lang, source_lang, tables.get(lang, {}), stale, place)

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
