"""Typography checks: the conventions of each target language, kept as data.

Four checks, each a small function over one translated entry, registered in
:data:`reply_i18n.qa.checks.CHECKS` and switched off like the others:

``nbsp``
    Russian: a no-break space (U+00A0, or the narrow U+202F) joins a number to a unit or
    scale word that follows it (``789 млн``, ``1,25 %``), the words of a chain of units
    (``млн долл.``), the parts of ``долл. США``, and precedes a spaced dash
    (``государства – участники``), so that no line begins with the dash or the unit.
    The rules follow Мильчин & Чельцова, *Справочник издателя и автора* (2014), §§ 4.4,
    9.4 and the practice of UN Russian-language documents.
``quotes``
    The quotation marks of the locale: «…» in Azerbaijani and Russian, „…“ inside «…» in
    Russian. Straight quotes (``"``, ``'…'``) and English quotes (“…”, ‘…’) are reported,
    and so are unbalanced or wrongly nested guillemets.
``ordinal``
    Azerbaijani: the suffix ``-ci/-cı/-cu/-cü`` after a numeral (``2020-ci``, ``2023-cü``)
    follows four-way vowel harmony with the last vowel of the number *as it is
    pronounced*: 2026 is *iki min iyirmi altı*, so ``2026-cı``; 1990 is *min doqquz yüz
    doxsan*, so ``1990-cı``. The last word of the spoken number is the word for its last
    non-zero part (units, tens, hundreds, thousands …).
``capitals``
    Any locale: where the English capitalises a phrase mid-sentence (``Explosive Risk
    Ordnance Education``) that the glossary does not name as a proper name, capitals in the
    middle of a sentence of the translation that no glossary term accounts for are
    reported for review: they are often copied from the English.

The rules of a language are one :class:`Typography` value in :data:`TYPOGRAPHY`; adding a
language or changing a rule changes data, not code. A check may also be handed other rules
through :attr:`reply_i18n.qa.checks.Context.typography`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from reply_i18n.po.pofile import Message

if TYPE_CHECKING:  # the registry in checks.py imports this module
    from reply_i18n.qa.checks import Context

WARNING = "warning"

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
_NO_BREAK = (NBSP, NARROW_NBSP)


# --------------------------------------------------------------------------- the rules


@dataclass(frozen=True, slots=True)
class Ordinals:
    """How a language writes the ordinal suffix after a numeral.

    ``suffixes`` maps a harmony class to the suffix (``{"i": "ci", "ı": "cı", …}``);
    ``harmony`` maps each vowel to its class; ``words`` gives the spoken word of each
    number that can end a numeral (1–9, the tens, and the powers of ten), whose last
    vowel decides the suffix.
    """

    suffixes: Mapping[str, str]
    harmony: Mapping[str, str]
    words: Mapping[int, str]

    def spoken_last_word(self, number: int) -> str:
        """The last word of ``number`` read aloud: the word of its last non-zero part
        (units, then tens, hundreds, thousands, millions …)."""
        if number == 0:
            return self.words[0]
        if number % 10:
            return self.words[number % 10]
        if number % 100:
            return self.words[number % 100]
        if number % 1000:
            return self.words[100]
        scales = sorted(k for k in self.words if k >= 1000 and _is_power_of_ten(k))
        for i, scale in enumerate(scales):
            if i + 1 == len(scales) or number % scales[i + 1]:
                return self.words[scale]
        raise AssertionError("unreachable")  # pragma: no cover

    def suffix(self, number: int) -> str:
        """The suffix ``number`` takes (lower case), from the last vowel of its last word."""
        word = self.spoken_last_word(number)
        vowel = next(ch for ch in reversed(word) if ch in self.harmony)
        return self.suffixes[self.harmony[vowel]]


def _is_power_of_ten(n: int) -> bool:
    return n >= 1 and str(n).strip("0") == "1"


@dataclass(frozen=True, slots=True)
class Typography:
    """The typographic conventions of one language; every field is optional.

    ``quotes`` are the outer quotation marks, ``inner_quotes`` those used inside them
    (``None``: nesting is not checked); ``foreign_quotes`` are marks reported when they
    stand as quotation marks. ``units`` are the words that a no-break space joins to a
    preceding number (and to each other in a chain); ``joined`` are word pairs written
    with a no-break space between them; ``nbsp_before_dash`` asks for a no-break space
    before a spaced dash. ``ordinals`` is the ordinal-suffix rule, if the language has one.
    """

    quotes: tuple[str, str] | None = None
    inner_quotes: tuple[str, str] | None = None
    foreign_quotes: tuple[str, ...] = ('"', "“", "”")
    units: tuple[str, ...] = ()
    joined: tuple[tuple[str, str], ...] = ()
    nbsp_before_dash: bool = False
    ordinals: Ordinals | None = None


AZ_ORDINALS = Ordinals(
    suffixes={"i": "ci", "ı": "cı", "u": "cu", "ü": "cü"},
    # four-way harmony of Azerbaijani: front/back x rounded/unrounded
    harmony={
        "e": "i",
        "ə": "i",
        "i": "i",
        "a": "ı",
        "ı": "ı",
        "o": "u",
        "u": "u",
        "ö": "ü",
        "ü": "ü",
    },
    words={
        0: "sıfır",
        1: "bir",
        2: "iki",
        3: "üç",
        4: "dörd",
        5: "beş",
        6: "altı",
        7: "yeddi",
        8: "səkkiz",
        9: "doqquz",
        10: "on",
        20: "iyirmi",
        30: "otuz",
        40: "qırx",
        50: "əlli",
        60: "altmış",
        70: "yetmiş",
        80: "səksən",
        90: "doxsan",
        100: "yüz",
        1000: "min",
        10**6: "milyon",
        10**9: "milyard",
        10**12: "trilyon",
    },
)

#: the rules by language code; a locale ``ru_RU`` uses the rules of ``ru``
TYPOGRAPHY: dict[str, Typography] = {
    "ru": Typography(
        quotes=("«", "»"),
        inner_quotes=("„", "“"),
        foreign_quotes=('"', "”"),  # “ closes the inner „…“ in Russian
        units=(
            "млн",
            "млрд",
            "трлн",
            "тыс.",
            "%",
            "долл.",
            "евро",
            "руб.",
            "км",
            "кг",
            "г.",
            "гг.",
        ),
        joined=(("долл.", "США"),),
        nbsp_before_dash=True,
    ),
    "az": Typography(
        quotes=("«", "»"),
        ordinals=AZ_ORDINALS,
    ),
}


def rules_for(ctx: Context) -> Typography | None:
    """The typography of the context's locale: ``ctx.typography`` first, then :data:`TYPOGRAPHY`."""
    table: Mapping[str, Typography] = ctx.typography or TYPOGRAPHY
    code = ctx.locale
    return table.get(code) or table.get(code.split("_")[0].split("-")[0].lower())


Finding = tuple[str, str]


# --------------------------------------------------------------------------- nbsp


def _show(text: str) -> str:
    return repr(text.replace(NBSP, "⍽").replace(NARROW_NBSP, "⍽"))


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 12) : min(len(text), end + 12)].strip()


def check_nbsp(msg: Message, ctx: Context) -> Iterable[Finding]:
    rules = rules_for(ctx)
    if rules is None:
        return
    text = msg.msgstr
    if rules.units:
        unit = "|".join(re.escape(u) for u in sorted(rules.units, key=len, reverse=True))
        # a number, then one or more units, each after some separator (or none)
        chain = re.compile(
            rf"(?<![\w.,])\d(?:[\d.,]|[{NBSP}{NARROW_NBSP}]\d)*((?:\s*(?:{unit})(?!\w))+)"
        )
        step = re.compile(rf"(\s*)({unit})(?!\w)")
        for m in chain.finditer(text):
            gaps = [g for g, _unit in step.findall(m.group(1))]
            if any(g not in _NO_BREAK for g in gaps):
                yield (
                    WARNING,
                    (
                        f"{_show(m.group(0).strip())}: write a no-break space (U+00A0) between "
                        "a number and its unit, and between the words of a unit"
                    ),
                )
    for first, second in rules.joined:
        for m in re.finditer(rf"(?<!\w){re.escape(first)}(\s*){re.escape(second)}(?!\w)", text):
            if m.group(1) not in _NO_BREAK:
                yield (
                    WARNING,
                    (
                        f"{_show(m.group(0))}: write a no-break space (U+00A0) inside "
                        f"'{first}{NBSP}{second}'"
                    ),
                )
    if rules.nbsp_before_dash:
        for m in re.finditer(r"(\S)([ \t]+)([–—])(?=\s)", text):
            yield (
                WARNING,
                (
                    "ordinary space before the dash in "
                    f"{_show(_context(text, m.start(), m.end()))}: "
                    "write a no-break space (U+00A0) before a spaced dash"
                ),
            )


# --------------------------------------------------------------------------- quotes

_STRAIGHT_SINGLE = re.compile(r"(?<![\w'’])['‘’]([^'‘’\n]*?\w[^'‘’\n]*?)['’](?![\w'’])")


@functools.lru_cache(maxsize=16)
def _quote_marks(opening: str, closing: str) -> re.Pattern[str]:
    """The opening and closing marks of a language, to walk a text's quotations by."""
    return re.compile(f"[{re.escape(opening + closing)}]")


def check_quotes(msg: Message, ctx: Context) -> Iterable[Finding]:
    rules = rules_for(ctx)
    if rules is None or rules.quotes is None:
        return
    text = msg.msgstr
    opening, closing = rules.quotes
    wanted = f"{opening}…{closing}"
    if rules.inner_quotes:
        wanted += f", {rules.inner_quotes[0]}…{rules.inner_quotes[1]} inside"
    for mark in rules.foreign_quotes:
        count = text.count(mark)
        if count:
            yield WARNING, f"quotation mark {mark!r} ({count}x): write {wanted}"
    if "'" in text or "‘" in text or "’" in text:
        for m in _STRAIGHT_SINGLE.finditer(text):
            yield WARNING, f"single quotes in {m.group(0)!r}: write {wanted}"
    depth = 0
    marks = _quote_marks(opening, closing)
    for ch in marks.findall(text) if opening in text or closing in text else ():
        if ch == opening:
            if depth >= 1 and rules.inner_quotes and opening != rules.inner_quotes[0]:
                inner = f"{rules.inner_quotes[0]}…{rules.inner_quotes[1]}"
                yield WARNING, f"{opening} inside {wanted.split(',')[0]}: write {inner} inside"
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth < 0:
                yield WARNING, f"{closing} without a matching {opening}"
                depth = 0
    if depth > 0:
        yield WARNING, f"{opening} without a matching {closing}"


# --------------------------------------------------------------------------- ordinal

_ORDINAL = re.compile(
    rf"(?<![\w.,])(\d{{1,3}}(?:[.{NBSP}{NARROW_NBSP} ]\d{{3}})+|\d+)-(c[iıuü])(?![\w])",
    re.IGNORECASE,
)


def _az_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def check_ordinal(msg: Message, ctx: Context) -> Iterable[Finding]:
    rules = rules_for(ctx)
    if rules is None or rules.ordinals is None:
        return
    for m in _ORDINAL.finditer(msg.msgstr):
        number = int(re.sub(r"\D", "", m.group(1)))
        written = m.group(2)
        expected = rules.ordinals.suffix(number)
        if written.isupper():
            expected = _az_upper(expected)
        if written != expected:
            spoken = rules.ordinals.spoken_last_word(number)
            yield (
                WARNING,
                (
                    f"{m.group(0)!r}: the suffix after {m.group(1)} is -{expected} "
                    f"(vowel harmony with '{spoken}', the last word of the number as spoken)"
                ),
            )


# --------------------------------------------------------------------------- capitals

#: small words an English capitalised phrase may contain in lower case
CONNECTORS = frozenset(
    ("of", "and", "or", "on", "the", "for", "to", "in", "at", "by", "with", "against", "de", "la")
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"(?:^|[.!?…:]\s+|\n\s*|[-•]\s+)[\"«„“(\[*]*$")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    """All letters capitals: an acronym (ANAMA, КОО) or a Roman numeral (II)."""
    return all(c.isupper() for c in word if c.isalpha())


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[:start]))


#: Characters ``str.isspace`` accepts, which ``regex``'s ``\s`` (White_Space) may not.
_SPACE = r"[\s\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
#: Two capitalised words with only spaces and connectors between them: every run
#: :func:`_english_runs` finds contains one, so a text without one has no run.  ``regex``'s
#: ``\p{Uppercase}`` is the property ``str.isupper`` tests.
_MAYBE_RUN = regex.compile(
    rf"\p{{Uppercase}}[^\s\x1c-\x1f]*{_SPACE}+"
    rf"(?:(?:{'|'.join(sorted(CONNECTORS))}){_SPACE}+)*\p{{Uppercase}}"
)


def _english_runs(text: str) -> list[tuple[int, int]]:
    """Capitalised phrases of two or more capitalised words in the middle of a sentence."""
    runs: list[tuple[int, int]] = []
    if not _MAYBE_RUN.search(text):
        return runs
    current: list[re.Match[str]] = []

    def close() -> None:
        while current and not _is_capitalised(current[-1].group(0)):
            current.pop()
        words = list(current)
        if words and _sentence_initial(text, words[0].start()):
            words = words[1:]
        while words and not _is_capitalised(words[0].group(0)):
            words.pop(0)
        caps = [w for w in words if _is_capitalised(w.group(0))]
        if len(caps) >= 2 and not all(_is_acronym(w.group(0)) for w in caps):
            runs.append((words[0].start(), words[-1].end()))
        current.clear()

    for m in _WORD.finditer(text):
        word = m.group(0)
        joined = bool(current) and text[current[-1].end() : m.start()].strip() == ""
        if current and not joined:
            close()
        if _is_capitalised(word) or (current and word in CONNECTORS):
            current.append(m)
        elif current:
            close()
    close()
    return runs


def _term_spans(term: str, text: str) -> list[tuple[int, int]]:
    bare = re.sub(r"\s*\([^)]*\)", "", term).strip()
    if not bare:
        return []
    pattern = r"(?<![\w-])" + re.escape(bare).replace(r"\ ", r"\s+") + r"(?![\w-])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


def _fold(word: str, lang: str) -> str:
    if lang in ("az", "tr"):
        word = word.replace("I", "ı").replace("İ", "i")
    return unicodedata.normalize("NFC", word).lower()


def _stem(word: str) -> str:
    return word if len(word) <= 4 else word[: max(4, len(word) - 3)]


def check_capitals(msg: Message, ctx: Context) -> Iterable[Finding]:
    lang = ctx.locale.split("_")[0].split("-")[0].lower()
    src, tgt = msg.msgid, msg.msgstr
    runs = _english_runs(src)
    if not runs:
        return
    names = [t for t in ctx.glossary if t.proper]
    named: list[tuple[int, int]] = [span for t in names for span in _term_spans(t.en, src)]
    unnamed = []
    for start, end in runs:
        covered = all(
            any(a <= m.start() + start and m.end() + start <= b for a, b in named)
            for m in _WORD.finditer(src[start:end])
            if _is_capitalised(m.group(0))
        )
        if not covered:
            unnamed.append(src[start:end])
    if not unnamed:
        return
    known: set[str] = set()
    for term in ctx.glossary:
        for form in re.split(
            r"\s*;\s*", term.translations.get(ctx.locale, "") or term.translations.get(lang, "")
        ):
            for w in _WORD.findall(form):
                if _is_capitalised(w):
                    known.add(_stem(_fold(w, lang)))
    source_words = {w for w in _WORD.findall(src) if _is_capitalised(w)}
    odd: list[str] = []
    for m in _WORD.finditer(tgt):
        word = m.group(0)
        if not _is_capitalised(word) or _is_acronym(word) or word in source_words:
            continue
        if _sentence_initial(tgt, m.start()):
            continue
        folded = _fold(word, lang)
        if any(folded.startswith(k) for k in known):
            continue
        odd.append(word)
    if odd:
        words = ", ".join(repr(w) for w in dict.fromkeys(odd))
        phrases = "; ".join(repr(p) for p in unnamed)
        yield (
            WARNING,
            (
                f"capitals mid-sentence ({words}) where the English capitalises {phrases}, "
                "which the glossary does not name as a proper name: keep them only if the "
                "language capitalises them"
            ),
        )
