"""Typographic conventions of each locale: how a note number and a dateline are written.

A :class:`Convention` says how a language writes the note number (``№ AZ/0301/25`` where
English writes ``No. AZ/0301/25``) and a date (a CLDR pattern applied by Babel, then a
template that may add words after it: ``6 may 2025-ci il``, ``6 мая 2025 г.``).  Azerbaijani
and Russian rules are shipped; ``[build.conventions.<lang>]`` in ``reply-i18n.toml`` overrides
them or adds rules for another language.  Pure.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from babel import Locale
from babel.dates import format_date

from reply_i18n.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Convention:
    """How one language writes note numbers and dates."""

    note_number: str = "No. {number}"
    """Template of the note number; ``{number}`` is the number without its prefix."""
    date_pattern: str = "d MMMM y"
    """CLDR date pattern (Babel's ``format_date``)."""
    dateline: str = "{date}"
    """Template around the formatted date: ``{date}``, and ``{year_suffix}``, the
    Azerbaijani ordinal suffix of the year (``ci``, ``cı``, ``cu``, ``cü``)."""


#: Rules shipped with the tool; the source language keeps the default.
DEFAULTS: dict[str, Convention] = {
    "az": Convention(note_number="№ {number}", dateline="{date}-{year_suffix} il"),
    "ru": Convention(note_number="№ {number}", dateline="{date} г."),
}

_NOTE_PREFIX = re.compile(r"^\s*(?:No\.?|Nr\.?|N°|№|Note\s+No\.?)\s*", re.IGNORECASE)
_KEYS = {f.name for f in fields(Convention)}


def conventions(overrides: Mapping[str, Mapping[str, object]]) -> dict[str, Convention]:
    """The shipped rules with ``overrides`` (``lang → {key: value}``) applied.

    Raises :class:`ConfigError` for an unknown key or a value that is not a string.
    """
    out = dict(DEFAULTS)
    for lang, values in overrides.items():
        unknown = set(values) - _KEYS
        if unknown:
            raise ConfigError(
                f"unknown key(s) in [build.conventions.{lang}]: {', '.join(sorted(unknown))}",
                path="reply-i18n.toml",
            )
        if not all(isinstance(v, str) for v in values.values()):
            raise ConfigError(
                f"[build.conventions.{lang}] values must be strings", path="reply-i18n.toml"
            )
        out[lang] = replace(out.get(lang, Convention()), **{k: str(v) for k, v in values.items()})
    return out


def convention(lang: str, rules: Mapping[str, Convention] | None = None) -> Convention:
    """The rules of ``lang`` (a region such as ``ru_RU`` falls back to ``ru``)."""
    table = DEFAULTS if rules is None else rules
    if lang in table:
        return table[lang]
    return table.get(Locale.parse(lang).language, Convention())


def note_number(text: str, lang: str, rules: Mapping[str, Convention] | None = None) -> str:
    """The note number ``text`` (``No. AZ/0301/25``) written as ``lang`` writes it."""
    number = _NOTE_PREFIX.sub("", text, count=1)
    return convention(lang, rules).note_number.format(number=number)


def dateline(date: datetime.date, lang: str, rules: Mapping[str, Convention] | None = None) -> str:
    """``date`` as ``lang`` writes it in a dateline: ``6 may 2025-ci il``, ``6 мая 2025 г.``."""
    rule = convention(lang, rules)
    text = format_date(date, rule.date_pattern, locale=Locale.parse(lang))
    return rule.dateline.format(date=text, year_suffix=year_suffix(date.year))


# --- Azerbaijani ordinal suffix ------------------------------------------------------------

#: The vowel that decides the harmony of a number's last spoken word, for each word.
_UNITS = {1: "i", 2: "i", 3: "ü", 4: "ö", 5: "e", 6: "ı", 7: "i", 8: "i", 9: "u"}
"""bir, iki, üç, dörd, beş, altı, yeddi, səkkiz, doqquz."""
_TENS = {1: "o", 2: "i", 3: "u", 4: "ı", 5: "i", 6: "ı", 7: "i", 8: "ə", 9: "a"}
"""on, iyirmi, otuz, qırx, əlli, altmış, yetmiş, səksən, doxsan."""
_POWERS = ((100, 1000, "ü"), (1000, 10**6, "i"), (10**6, 10**9, "o"))
"""yüz, min, milyon: the word last spoken when the number is a multiple of the first figure
but not of the second; a multiple of 10⁹ ends in milyard."""

#: Four-way vowel harmony: the last vowel of the stem → the suffix.
_SUFFIX = {
    "a": "cı", "ı": "cı",
    "e": "ci", "ə": "ci", "i": "ci",
    "o": "cu", "u": "cu",
    "ö": "cü", "ü": "cü",
}  # fmt: skip


def year_suffix(number: int) -> str:
    """The Azerbaijani ordinal suffix written after a number in figures (``2025-ci``).

    It follows the four-way vowel harmony with the last vowel of the number as spoken: the
    last word of ``2025`` is *beş* (→ ``ci``), of ``2026`` *altı* (→ ``cı``), of ``2023``
    *üç* (→ ``cü``), of ``2030`` *otuz* (→ ``cu``), of ``2000`` *min* (→ ``ci``).
    """
    n = abs(number)
    if n == 0:
        return _SUFFIX["ı"]  # sıfır
    if n % 10:
        return _SUFFIX[_UNITS[n % 10]]
    if n % 100:
        return _SUFFIX[_TENS[n % 100 // 10]]
    for _multiple, next_power, vowel in _POWERS:
        if n % next_power:
            return _SUFFIX[vowel]
    return _SUFFIX["a"]  # milyard
