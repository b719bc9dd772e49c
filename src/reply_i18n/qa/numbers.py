"""Numbers, amounts and dates in running text, read in a given locale's conventions.

The numbers check compares *values*, not spellings: ``2,700`` (English), ``2.700``
(Azerbaijani grouping), ``2 700`` (Russian, with a no-break space) are one value, and so are
``23.5`` and ``23,5``, ``789 million`` and ``789 млн``.  Dates are read with Babel's month
names, so ``10 November 2020``, ``10 noyabr 2020`` and ``10 ноября 2020 года`` are one date.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

# Locale data is parsed once per language: Locale.parse and the symbol look-ups cost far
# more than reading a number, and a check reads tens of numbers per entry.

#: Words that scale the number before them, per language (lower case; matched as prefixes).
SCALES: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (("thousand", 3), ("million", 6), ("billion", 9), ("bn", 9)),
    "az": (("min", 3), ("milyon", 6), ("mln", 6), ("milyard", 9), ("mlrd", 9)),
    "ru": (("тыс", 3), ("тысяч", 3), ("млн", 6), ("миллион", 6), ("млрд", 9), ("миллиард", 9)),
}
#: scale words shorter than this must match a whole word ("min", not "mina")
_PREFIX_MIN = 5
_SPACES = "\u00a0\u202f\u2009 "


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value found in text, with the text it was read from."""

    value: str
    """Canonical value: ``"2700"``, ``"23.5"``, ``"789000000"``, ``"date:2020-11-10"``,
    ``"month:2025-04"``."""
    text: str


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=64)
def _language(lang: str) -> str:
    """The language of a locale code: ``ru_RU`` → ``ru``."""
    return _locale(lang).language


@lru_cache(maxsize=64)
def _symbols(lang: str) -> tuple[str, str]:
    """``(decimal sign, group separator)`` of a locale."""
    loc = _locale(lang)
    return get_decimal_symbol(loc), get_group_symbol(loc)


@lru_cache(maxsize=32)
def _months(lang: str) -> dict[str, int]:
    """Lower-case month names (format and stand-alone, wide) → month number."""
    loc = _locale(lang)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for num, name in get_month_names(width, context, loc).items():
                key = name.lower().rstrip(".")
                if len(key) >= 3:
                    names[key] = num
                # the stem, so that other case forms match too ("сентябре", "sentyabrında")
                if width == "wide" and len(key) > 4:
                    names[key[:-1]] = num
    return names


_Trie = dict[str, "_Trie"]


def _trie(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` laid out as a trie: ``(?:ma(?:rch|y))``.

    It matches what ``word1|word2|…`` (longest first) matches, but the regex engine
    rejects a position at its first letter instead of trying every word there, which
    makes the date patterns several times faster on text without dates."""
    root: _Trie = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer words are tried first
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return "(?:" + emit(root) + ")"


@lru_cache(maxsize=32)
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """Date patterns, most specific first, with groups ``d`` (optional), ``m`` and ``y``."""
    month = "(?P<m>" + _trie(_months(lang)) + r")\w*"
    ordinal = r"(?:-?(?:ci|cı|cu|cü|го|е))?"
    return tuple(
        re.compile(p, re.I)
        for p in (
            rf"\b(?P<d>\d{{1,2}})\s*{ordinal}\s+{month}\s+(?P<y>\d{{4}})\b",  # 10 November 2020
            rf"\b{month}\s+(?P<d>\d{{1,2}}),\s+(?P<y>\d{{4}})\b",  # November 10, 2020
            rf"\b{month}\s+(?P<y>\d{{4}})\b",  # April 2025
            # "2023-cü ilin sentyabrında", "2023 года в сентябре"
            rf"\b(?P<y>\d{{4}}){ordinal}\s+(?:ilin|il|года|г\.)\s+(?:в\s+)?{month}",
        )
    )


def _month_number(lang: str, word: str) -> int | None:
    months = _months(lang)
    w = word.lower()
    if w in months:
        return months[w]
    for name, num in months.items():
        if w.startswith(name) or (len(w) >= 3 and name.startswith(w)):
            return num
    return None


_NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009 ]\d+)*")
_SEPARATOR_RE = re.compile(r"([.,\u00a0])")
_DIGITS_RE = re.compile(r"\d+")
#: the word after a number, past spaces and no-break spaces ("3 million", "2,5 млн")
_WORD_AFTER_RE = re.compile(r"[ \u00a0]*([^\W\d_]+)")
_SPACE_TABLE = str.maketrans(dict.fromkeys(_SPACES, "\u00a0"))


def _parse_number(token: str, lang: str) -> Decimal | None:
    """Read a digit string in ``lang``'s conventions, accepting any usual grouping."""
    decimal, group = _symbols(lang)
    t = token.translate(_SPACE_TABLE)
    parts = _SEPARATOR_RE.split(t)
    digits, seps = parts[0::2], parts[1::2]
    if not seps:
        return Decimal(t)
    groups_ok = all(len(d) == 3 for d in digits[1:])
    # the locale's decimal sign, if last and not followed by exactly 3 digits of a group
    candidates = []
    if seps[-1] == decimal or (seps[-1] in ".," and len(digits[-1]) != 3):
        whole = "".join(digits[:-1])
        if all(len(d) == 3 for d in digits[1:-1]) and all(s != seps[-1] for s in seps[:-1]):
            candidates.append(f"{whole}.{digits[-1]}")
    if groups_ok and len(set(seps)) == 1 and (seps[0] in (group, "\u00a0") or seps[0] != decimal):
        candidates.append("".join(digits))
    if groups_ok and len(set(seps)) == 1 and not candidates:
        candidates.append("".join(digits))
    if not candidates:
        return None
    try:
        return Decimal(candidates[0])
    except InvalidOperation:
        return None


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


_YEAR_RE = re.compile(r"\d{4}")


def _may_hold_date(text: str, lang: str) -> bool:
    """A quick test that saves the date patterns' scan of most texts: every date they
    read has a year of four digits and a month name (or its stem) in it."""
    if not _YEAR_RE.search(text):
        return False
    # str.lower() writes İ as i + U+0307, where the patterns' case folding sees i
    low = text.lower().replace("i\u0307", "i")
    return _month_names(lang).search(low) is not None


@lru_cache(maxsize=32)
def _month_names(lang: str) -> re.Pattern[str]:
    """Any lower-case month name or stem of :func:`_months`, anywhere in a word."""
    return re.compile(_trie(_months(lang)))


def quantities(text: str, lang: str) -> list[Quantity]:
    """All numbers and dates of a text, in reading order, as canonical values."""
    found: list[tuple[int, Quantity]] = []
    taken: list[tuple[int, int]] = []
    base = _language(lang)

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for pattern in _patterns(base) if _may_hold_date(text, base) else ():
        for m in pattern.finditer(text):
            month = _month_number(base, m["m"])
            if not month or not free(*m.span()):
                continue
            day = m.groupdict().get("d")
            value = f"{int(m['y']):04d}-{month:02d}"
            value = f"date:{value}-{int(day):02d}" if day else f"month:{value}"
            found.append((m.start(), Quantity(value, m.group(0))))
            taken.append(m.span())
    scales = SCALES.get(base, ()) + SCALES["en"]
    for m in _NUMBER_RE.finditer(text):
        if not free(*m.span()):
            continue
        token = m.group(0).rstrip(" \u00a0\u202f\u2009")
        # a trailing separator that is really sentence punctuation ("in 2021. Then")
        number = _parse_number(token, lang)
        if number is None:
            # fall back to reading each run of digits on its own
            for part in _DIGITS_RE.findall(token):
                found.append((m.start(), Quantity(_canonical(Decimal(part)), part)))
            continue
        word = _WORD_AFTER_RE.match(text, m.start() + len(token))
        if word:
            w = word.group(1).lower()
            for prefix, power in scales:
                if w == prefix or (len(prefix) >= _PREFIX_MIN and w.startswith(prefix)):
                    number = number.scaleb(power)
                    break
        found.append((m.start(), Quantity(_canonical(number), token)))
    found.sort(key=lambda p: p[0])
    return [q for _, q in found]


def compare(
    source: str, target: str, *, source_lang: str, target_lang: str
) -> tuple[list[Quantity], list[Quantity]]:
    """Values of ``source`` missing from ``target``, and values of ``target`` not in ``source``."""
    src = quantities(source, source_lang)
    tgt = quantities(target, target_lang)
    src_count = Counter(q.value for q in src)
    tgt_count = Counter(q.value for q in tgt)
    missing = [q for q in src if q.value not in tgt_count]
    extra = [q for q in tgt if q.value not in src_count]
    # a date in one text may be written as plain numbers in the other: accept day/year
    return _dedupe(missing), _dedupe(extra)


def _dedupe(items: list[Quantity]) -> list[Quantity]:
    seen: set[str] = set()
    out = []
    for q in items:
        if q.value not in seen:
            seen.add(q.value)
            out.append(q)
    return out
