"""Figure adaptation: reuse a translation whose English differs only in its figures.

Next year's reply repeats last year's paragraphs with new numbers, amounts, percentages and
dates.  When two English texts are the same once every figure is taken out, the stored
translation is proposed with the old figures replaced by the new ones, each written in the
target language's conventions with Babel (CLDR): ``2,700`` → ``2 700`` (Russian, with a
no-break space) or ``2.700`` (Azerbaijani); ``10 November 2020`` → ``10 ноября 2020`` or
``10 noyabr 2020``.  The figures are found by :func:`reply_i18n.qa.numbers.quantities`, the
same reader the ``numbers`` check uses, and a proposal is only made when that check would
pass on it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal

from reply_i18n.qa.numbers import Quantity, compare, quantities
from reply_i18n.qa.typography import AZ_ORDINALS

#: Placeholder left where a figure was taken out of a text.
_HOLE = "\x00"


def _spans(text: str, found: Sequence[Quantity]) -> list[tuple[int, int]]:
    """Where each quantity's text stands, in reading order."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for q in found:
        at = text.find(q.text, cursor)
        if at < 0:
            at = text.find(q.text)
        spans.append((at, at + len(q.text)))
        cursor = at + len(q.text)
    return spans


_WORDS = re.compile(r"[^\W\d_]+")
#: English month names, lower case, from Babel's CLDR data.
_MONTHS = frozenset(name.lower() for name in get_month_names("wide", locale="en").values())


def figure_free_words(text: str) -> list[str]:
    """The words of a text less figures and month names: texts that differ only in figures
    have the same words (a cheap test before the full comparison)."""
    return [w for w in _WORDS.findall(text) if w.lower() not in _MONTHS]


def skeleton(text: str, lang: str = "en") -> str:
    """The text with every figure replaced by a placeholder: equal skeletons mean texts
    that differ only in their figures."""
    return _skeleton(text, quantities(text, lang))


def _skeleton(text: str, found: Sequence[Quantity]) -> str:
    out, last = [], 0
    for start, end in _spans(text, found):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(_HOLE)
        last = end
    out.append(text[last:])
    return "".join(out)


def _code(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0]


def _format(old: str, new: str, template: Quantity, lang: str, *, english: str) -> str | None:
    """The figure ``new`` (written ``english`` in the English) where ``template`` (of value
    ``old``) stood, in ``lang``'s conventions; None when it cannot be written safely.  Digits
    are grouped where the English groups them or the translator did."""
    if old.startswith(("date:", "month:")):
        if old.split(":")[0] != new.split(":")[0]:
            return None
        old_parts, new_parts = old.split(":")[1].split("-"), new.split(":")[1].split("-")
        if old_parts[1:] == new_parts[1:] and template.text.count(old_parts[0]) == 1:
            # only the year changed: keep the translator's wording and inflection of the rest
            text = template.text.replace(old_parts[0], new_parts[0])
            at = text.index(new_parts[0]) + len(new_parts[0])
            suffix = _az_suffix_after(text, at, new_parts[0]) if _code(lang) == "az" else None
            if suffix is not None:
                text = text[:at] + "-" + suffix[1] + text[suffix[0] :]
            return text
        if new.startswith("month:"):
            return None  # a month is inflected in running text; leave it to a translator
        y, m, d = (int(p) for p in new_parts)
        return format_date(datetime.date(y, m, d), "d MMMM y", locale=lang)
    # the template's own digits may stand for a scaled value ("789" of "789 млн")
    own = quantities(template.text, lang)
    if not own or own[0].value.startswith(("date:", "month:")) or not Decimal(own[0].value):
        return None
    scale = Decimal(template.value) / Decimal(own[0].value)
    number = Decimal(new) / scale
    if template.text.isdigit() and len(template.text) == 4 and number == number.to_integral():
        return str(int(number))  # a year is written without grouping
    grouping = (
        abs(number) >= 10000
        or bool(re.search(r"\d,\d{3}", english))
        or any(not c.isdigit() for c in template.text)
    )
    return format_decimal(number, locale=lang, group_separator=grouping)


_AZ_BACK = frozenset("aıou")
_AZ_VOWELS = frozenset("aıoueəiöü")
#: Azerbaijani suffixes written after a numeral with a hyphen, by harmony class: four-way
#: (ı/i/u/ü) or two-way (a/ə).  Each entry: the forms a writer may have used → class.
_AZ_SUFFIX = re.compile(r"-(c[ıiuü]|d[aə]n|d[aə]|[ıiuü]n|n[ıiuü]n|y?[aə]|y?[ıiuü])(?![\w])")


def az_last_word(number: int) -> str:
    """The last word of a whole number as it is read aloud in Azerbaijani, which decides the
    vowel harmony of a suffix written after its digits (2023 → ``üç``, 2030 → ``otuz``,
    2000 → ``min``); the words are those of the ``ordinal`` check's rule."""
    return AZ_ORDINALS.spoken_last_word(number)


def _az_harmonise(suffix: str, word: str) -> str:
    """``suffix`` (without its hyphen) in the harmony that ``word`` asks for."""
    last = next((c for c in reversed(word) if c in _AZ_VOWELS), "e")
    after_vowel = word[-1] in _AZ_VOWELS
    four = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}.get(last, "i")
    two = "a" if last in _AZ_BACK else "ə"
    if suffix.startswith("c"):  # ordinal -cı/-ci/-cu/-cü
        return "c" + four
    if suffix.startswith("d"):  # locative -da/-də, ablative -dan/-dən
        return "d" + two + suffix[2:]
    if suffix.endswith("n"):  # genitive -ın/-in/-un/-ün, -nın/-nin/… after a vowel
        return ("n" if after_vowel else "") + four + "n"
    if suffix[-1] in "aə":  # dative -a/-ə, -ya/-yə after a vowel
        return ("y" if after_vowel else "") + two
    return ("y" if after_vowel else "") + four  # accusative -ı/-i/-u/-ü, -yı/-yi/…


def _az_suffix_after(text: str, at: int, figure: str) -> tuple[int, str] | None:
    """The suffix written right after the figure ending at ``at`` (a number, or a date whose
    year ends it), re-harmonised for the number it ends with: (end of the suffix, new
    suffix), or None."""
    m = _AZ_SUFFIX.match(text, at)
    tail = re.search(r"\d[\d.\s\u00a0]*$", figure)
    whole = re.sub(r"[.\s\u00a0]", "", tail.group(0)) if tail else ""
    if not m or not whole.isdigit():
        return None
    return m.end(1), _az_harmonise(m.group(1), az_last_word(int(whole)))


def plural_shifts(
    new_source: str, old_source: str, *, target_lang: str, source_lang: str = "en"
) -> list[tuple[str, str]]:
    """Whole numbers that change their CLDR plural category in the target language (as
    236 → 251 does in Russian: *случаев* → *случай*), as (old, new) English spellings: the
    words that agree with them may need another form."""
    locale = Locale.parse(target_lang)
    shifts = []
    for o, n in zip(
        quantities(old_source, source_lang), quantities(new_source, source_lang), strict=False
    ):
        if o.value == n.value or not (o.value.isdigit() and n.value.isdigit()):
            continue
        if locale.plural_form(int(o.value)) != locale.plural_form(int(n.value)):
            shifts.append((o.text, n.text))
    return shifts


def adapt(
    new_source: str, old_source: str, old_target: str, *, target_lang: str, source_lang: str = "en"
) -> str | None:
    """The old translation with its figures brought up to the new English, or None.

    None when the two English texts differ in more than figures, when a changed figure of
    the old English cannot be found in the old translation, or when the result would fail
    the ``numbers`` check.  Equal texts give None too: that is an exact match, not an
    adaptation.
    """
    if new_source == old_source or figure_free_words(new_source) != figure_free_words(old_source):
        return None
    new_q = quantities(new_source, source_lang)
    old_q = quantities(old_source, source_lang)
    if len(new_q) != len(old_q) or not new_q:
        return None
    if _skeleton(new_source, new_q) != _skeleton(old_source, old_q):
        return None
    changes = {o.value: n for o, n in zip(old_q, new_q, strict=True) if o.value != n.value}
    if not changes:
        return None
    lang_code = _code(target_lang)
    target_q = quantities(old_target, target_lang)
    spans = _spans(old_target, target_q)
    pieces: list[str] = []
    last = 0
    replaced: set[str] = set()
    for q, (start, end) in zip(target_q, spans, strict=True):
        if q.value not in changes or start < last:
            continue
        new = changes[q.value]
        text = _format(q.value, new.value, q, target_lang, english=new.text)
        if text is None:
            return None
        pieces.append(old_target[last:start])
        pieces.append(text)
        last = end
        replaced.add(q.value)
        suffix = _az_suffix_after(old_target, end, text) if lang_code == "az" else None
        if suffix is not None:  # "2021-ci" → "2024-cü": the suffix follows the new number
            pieces.append("-" + suffix[1])
            last = suffix[0]
    if replaced != set(changes):
        return None
    pieces.append(old_target[last:])
    result = "".join(pieces)
    missing, extra = compare(new_source, result, source_lang=source_lang, target_lang=target_lang)
    if missing or extra:
        return None
    return result
