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
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date

from reply_i18n.errors import ConfigError
from reply_i18n.qa.typography import AZ_ORDINALS

if TYPE_CHECKING:
    from reply_i18n.config import Config


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
    # a no-break space binds № to its number and г. to its date (Russian typesetting
    # practice; Azerbaijani writes № the same way)
    "az": Convention(note_number="№\u00a0{number}", dateline="{date}-{year_suffix} il"),
    "ru": Convention(note_number="№\u00a0{number}", dateline="{date}\u00a0г."),
}

_NOTE_PREFIX = re.compile(r"^\s*(?:No\.?|Nr\.?|N°|№|Note\s+No\.?)\s*", re.IGNORECASE)
_KEYS = {f.name for f in fields(Convention)}


def conventions(
    overrides: Mapping[str, Mapping[str, object]], *, config: Config | None = None
) -> dict[str, Convention]:
    """The shipped rules with ``overrides`` (``lang → {key: value}``) applied.

    Raises :class:`ConfigError` for an unknown key or a value that is not a string, at its
    line in ``reply-i18n.toml`` when ``config``, the configuration read from it, is given.
    """

    def error(key: str, message: str) -> ConfigError:
        if config is None:
            return ConfigError(message, path="reply-i18n.toml")
        return config.error(key, message)

    out = dict(DEFAULTS)
    for lang, values in overrides.items():
        unknown = sorted(set(values) - _KEYS)
        if unknown:
            raise error(
                f"build.conventions.{lang}.{unknown[0]}",
                f"unknown key(s) in [build.conventions.{lang}]: {', '.join(unknown)}",
            )
        wrong = [k for k, v in values.items() if not isinstance(v, str)]
        if wrong:
            raise error(
                f"build.conventions.{lang}.{wrong[0]}",
                f"[build.conventions.{lang}] values must be strings",
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
    return _fill(convention(lang, rules).note_number, lang, number=number)


def dateline(date: datetime.date, lang: str, rules: Mapping[str, Convention] | None = None) -> str:
    """``date`` as ``lang`` writes it in a dateline: ``6 may 2025-ci il``, ``6 мая 2025 г.``."""
    rule = convention(lang, rules)
    text = format_date(date, rule.date_pattern, locale=Locale.parse(lang))
    return _fill(rule.dateline, lang, date=text, year_suffix=year_suffix(date.year))


def _fill(template: str, lang: str, **values: str) -> str:
    """``template.format(**values)``; a template that asks for something else (rules
    given without :func:`reply_i18n.config.load_config`, which checks them) is a
    :class:`ConfigError`, not a traceback."""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise ConfigError(
            f"[build.conventions.{lang}]: the template {template!r} cannot be filled ({exc!r}): "
            f"it may use {', '.join('{' + k + '}' for k in values)}",
            path="reply-i18n.toml",
        ) from None


# --- Azerbaijani ordinal suffix ------------------------------------------------------------


def year_suffix(number: int) -> str:
    """The Azerbaijani ordinal suffix written after a number in figures (``2025-ci``).

    It follows the four-way vowel harmony with the last vowel of the number as spoken: the
    last word of ``2025`` is *beş* (→ ``ci``), of ``2026`` *altı* (→ ``cı``), of ``2023``
    *üç* (→ ``cü``), of ``2030`` *otuz* (→ ``cu``), of ``2000`` *min* (→ ``ci``).  The rule
    is the one the ``ordinal`` check applies (:data:`reply_i18n.qa.typography.AZ_ORDINALS`).
    """
    return AZ_ORDINALS.suffix(abs(number))
