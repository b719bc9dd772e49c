"""The translation unit of the memory, and the units a catalog holds.

A unit pairs an English text with one translation, and says where it came from, so that a
proposal can name its origin (file, segment ID).  Only real translations become units:
fuzzy, empty and header entries do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reply_i18n.po.pofile import Catalog


@dataclass(frozen=True, slots=True)
class Unit:
    """One English text with one translation."""

    source: str
    """The English text, as in the catalogs (emphasis as ``*x*``)."""
    target: str
    """Its translation."""
    locale: str
    """Language code of the translation (``az``, ``ru``), without region or script."""
    origin: str
    """Where the unit comes from: a project-relative path (``locale/az/LC_MESSAGES/x.po``,
    ``tm/2024.tmx``)."""
    segment: str = ""
    """The segment ID (msgctxt, or the TMX ``tuid``), or "" when unknown."""
    document: str = ""
    """The document the unit belongs to (a PO file's stem), or "" for TMX and compendia."""


def language_code(tag: str) -> str:
    """The language subtag of a BCP 47 / POSIX tag, lower case: ``ru-RU`` → ``ru``,
    ``az_Latn_AZ`` → ``az``, ``EN-us`` → ``en``."""
    return tag.replace("_", "-").split("-", 1)[0].strip().lower()


def catalog_units(
    catalog: Catalog, *, locale: str, origin: str, document: str = ""
) -> Iterator[Unit]:
    """The units of a catalog: every entry with a translation that is not fuzzy, obsolete
    ones included (they are a translator's work too).  Plural entries give their first form."""
    for msg in catalog.messages:
        if msg.fuzzy or not msg.msgid:
            continue
        target = msg.msgstr if msg.msgid_plural is None else msg.msgstr_plural.get(0, "")
        if not target.strip():
            continue
        yield Unit(
            source=msg.msgid,
            target=target,
            locale=locale,
            origin=origin,
            segment=msg.msgctxt or "",
            document=document,
        )
