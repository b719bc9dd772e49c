"""Quality checks: small functions that look at one entry and return findings.

Each check has an ID, listed in :data:`CHECKS`.  A check can be switched off in
``reply-i18n.toml`` (``[check] disable = [...]``) or with ``--disable``; a finding is
silenced for one entry by a translator comment::

    # reply-i18n: ignore numbers, glossary

Translator comments survive every PO tool, which unknown flags do not (``msgcat`` drops
them), so silencing is done with a comment.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from reply_i18n.errors import ConfigError
from reply_i18n.model import Document, Segment
from reply_i18n.parallel import fork_map
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.flow import Route, route
from reply_i18n.qa.numbers import Quantity, compare, quantities
from reply_i18n.qa.typography import check_capitals, check_nbsp, check_ordinal, check_quotes
from reply_i18n.qa.visible import visible
from reply_i18n.source.structure import follows
from reply_i18n.source.templates import Template, learn, scope_of

if TYPE_CHECKING:
    from reply_i18n.qa.typography import Typography

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a check."""

    check: str
    severity: str
    locale: str
    segment: str
    file: str
    line: int
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "severity": self.severity,
            "locale": self.locale,
            "segment": self.segment,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry: the English term, its translations by language (accepted forms
    separated by ``;``), whether it is a proper name, and the forms that must not be used,
    by language (as a termbase marks deprecated terms)."""

    en: str
    translations: dict[str, str]
    line: int
    proper: bool = False
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """What a check may look at besides the entry itself."""

    locale: str
    file: str
    source_lang: str = "en"
    glossary: Sequence[Term] = ()
    document: Document | None = None
    questions: dict[str, set[str]] = field(default_factory=dict)
    """questionnaire key → numbers of its questions, for cross-references."""
    typography: Mapping[str, Typography] | None = None
    """language → typographic rules; ``None``: :data:`reply_i18n.qa.typography.TYPOGRAPHY`."""


Check = Callable[[Message, Context], Iterable[tuple[str, str]]]
"""A check yields ``(severity, message)`` pairs for one translated entry."""


def language(code: str) -> str:
    return code.split("_")[0].split("-")[0].lower()


# --------------------------------------------------------------------------- the checks


def check_numbers(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    missing, extra = compare(
        msg.msgid, msg.msgstr, source_lang=ctx.source_lang, target_lang=ctx.locale
    )
    if missing and extra:
        # a date left in the source language's form ("3 June 2004" in a Russian text) is
        # one finding, not a missing date and two stray numbers
        for q in _source_form_dates(msg.msgstr, {m.value for m in missing}, ctx):
            yield (
                ERROR,
                (
                    f"{_show(q.text)} is written as in the source ({_value(q.value)}); "
                    f"in this language: '{_local_date(q.value, ctx.locale)}'"
                ),
            )
            missing = [m for m in missing if m.value != q.value]
            digits = {str(int(d)) for d in re.findall(r"\d+", q.text)}
            extra = [e for e in extra if e.value not in digits]
    for q in missing:
        yield ERROR, f"{_show(q.text)} of the source ({_value(q.value)}) is not in the translation"
    for q in extra:
        yield ERROR, f"{_show(q.text)} in the translation ({_value(q.value)}) is not in the source"


def _source_form_dates(text: str, wanted: set[str], ctx: Context) -> list[Quantity]:
    """The dates of ``wanted`` that ``text`` writes in the source language's form."""
    if ctx.source_lang.split("_")[0] == ctx.locale.split("_")[0]:
        return []
    found = quantities(text, ctx.source_lang)
    return [q for q in found if q.value in wanted and q.value.startswith(("date:", "month:"))]


def _local_date(value: str, lang: str) -> str:
    """A ``date:``/``month:`` value written in ``lang`` (CLDR's long date, or month and
    year), as Babel formats it."""
    from babel.dates import format_date, format_skeleton

    kind, _, iso = value.partition(":")
    parts = [int(p) for p in iso.split("-")]
    day = datetime.date(parts[0], parts[1], parts[2] if kind == "date" else 1)
    try:
        if kind == "date":
            shown = str(format_date(day, format="long", locale=lang))
        else:
            shown = str(format_skeleton("yMMMM", day, locale=lang))
        # CLDR's narrow no-break space before "г." is written as the editions write it
        return shown.replace("\u202f", "\u00a0")
    except (ValueError, LookupError):
        return iso


def _value(value: str) -> str:
    return value.replace("date:", "date ").replace("month:", "month ")


def _show(text: str) -> str:
    # a no-break space must not look like a space in a finding about it
    return f"'{visible(text)}'"


def check_untranslated(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    if msg.msgstr.strip() == msg.msgid.strip() and re.search(r"[^\W\d_]{3,}", msg.msgid):
        words = re.findall(r"[^\W\d_]+", msg.msgid)
        if any(not w.isupper() for w in words):  # acronyms alone may stay as they are
            yield WARNING, "the translation is identical to the English text"


_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
#: look-alikes that are not Azerbaijani letters, with the letter meant
_AZ_CONFUSABLES = {
    "\u04d9": "ə (U+0259)",  # Cyrillic schwa
    "\u04d8": "Ə (U+018F)",
    "\u018e": "Ə (U+018F)",  # reversed E
    "\u01dd": "ə (U+0259)",  # turned e
    "ä": "ə (U+0259)",
    "Ä": "Ə (U+018F)",
    "\u0131\u0307": "i",
}


def check_script(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    lang = language(ctx.locale)
    text = msg.msgstr
    if lang == "az":
        for bad, meant in _AZ_CONFUSABLES.items():
            if bad in text:
                yield ERROR, (f"{_char(bad[0])} is not an Azerbaijani letter; write {meant}")
        for ch in sorted(set(_CYRILLIC.findall(text))):
            if ch not in _AZ_CONFUSABLES:
                yield ERROR, f"Cyrillic letter {_char(ch)} in Azerbaijani (Latin script) text"
    yield from check_wrong_script(msg, ctx)
    if not (_CYRILLIC.search(text) and _LATIN.search(text)):
        return  # no word can mix the two
    for word in _WORDS.findall(text):
        if _CYRILLIC.search(word) and _LATIN.search(word):
            odd = _LATIN if lang != "az" else _CYRILLIC
            letters = ", ".join(_char(c) for c in dict.fromkeys(odd.findall(word)))
            yield ERROR, f"word {word!r} mixes Latin and Cyrillic letters ({letters})"


_SCRIPTS = ("Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Armenian", "Georgian")
#: One pattern per script: the letters of that script (Unicode Script property).
_SCRIPT_LETTERS = {name: regex.compile(rf"\p{{Script={name}}}") for name in _SCRIPTS}
#: One pattern per script: runs of the letters of every other script this check knows.
_OTHER_LETTERS = {
    name: regex.compile("[" + "".join(rf"\p{{Script={o}}}" for o in _SCRIPTS if o != name) + "]+")
    for name in _SCRIPTS
}
_WORDS = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=64)
def expected_script(locale: str) -> str | None:
    """The script a locale is written in, as a Unicode Script name, from CLDR's likely
    subtags (``ru`` → ``Cyrillic``, ``az`` → ``Latin``, ``sr_Latn`` → ``Latin``), or None
    for a script this check does not know."""
    from babel.core import get_global

    parts = locale.replace("-", "_").split("_")
    code = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if code is None:
        likely = str(get_global("likely_subtags").get(parts[0].lower(), ""))
        code = next((p for p in likely.split("_")[1:] if len(p) == 4), None)
    names = {
        "Latn": "Latin",
        "Cyrl": "Cyrillic",
        "Grek": "Greek",
        "Arab": "Arabic",
        "Hebr": "Hebrew",
        "Armn": "Armenian",
        "Geor": "Georgian",
    }
    return names.get(code.title()) if code else None


def check_wrong_script(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    """A translation written mostly in another script than its language's (Azerbaijani
    pasted into a Russian catalog).  Words that also stand in the English (names,
    acronyms) do not count."""
    want = expected_script(ctx.locale)
    if want is None:
        return
    if sum(map(len, _OTHER_LETTERS[want].findall(msg.msgstr))) < 8:
        return  # too few letters of any other script, with or without the English words
    source_words = set(_WORDS.findall(msg.msgid))
    text = " ".join(w for w in _WORDS.findall(msg.msgstr) if w not in source_words)
    if len(text) < 8:
        return
    own = len(_SCRIPT_LETTERS[want].findall(text))
    if 2 * own >= len(text) - text.count(" "):
        return  # no other script can hold more letters than the language's own
    counts = [(len(p.findall(text)), name) for name, p in _SCRIPT_LETTERS.items() if name != want]
    n, other = max(counts)
    if n > own and n >= 8:
        yield (
            ERROR,
            (
                f"the translation is written in {other} letters ({n} against {own}), "
                f"but {ctx.locale} is written in {want} letters"
            ),
        )


def _char(ch: str) -> str:
    name = unicodedata.name(ch, "unnamed character")
    return f"{ch!r} U+{ord(ch):04X} {name}"


_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def check_invisible(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    for ch in dict.fromkeys(_INVISIBLE.findall(msg.msgstr)):
        if ch not in msg.msgid:
            yield ERROR, f"invisible or control character {_char(ch)}"


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))


_OPENING_APOSTROPHE = re.compile(r"(?<!\w)'(?=\w)")
_SINGLE_STAR = re.compile(r"(?<!\*)\*(?!\*)")
_LIST_ITEM = re.compile(r"(?m)^\s*[-•*]\s")


def _quote_pairs(text: str) -> int:
    return (
        text.count('"') // 2
        + text.count("“")
        + text.count("«")
        + text.count("„")
        + (len(_OPENING_APOSTROPHE.findall(text)) if "'" in text else 0)
    )


def _emphasis(text: str) -> tuple[int, int]:
    if "*" not in text:
        return 0, 0
    bold = text.count("**")
    single = len(_SINGLE_STAR.findall(text))
    return bold, single


def _list_items(text: str) -> int:
    if "-" not in text and "•" not in text and "*" not in text:
        return 0
    return len(_LIST_ITEM.findall(text))


def check_markup(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    src, tgt = msg.msgid, msg.msgstr
    if _emphasis(src) != _emphasis(tgt):
        yield (
            ERROR,
            (
                "emphasis markers differ: source has "
                f"{_describe_emphasis(src)}, translation has {_describe_emphasis(tgt)}"
            ),
        )
    for o, c in _PAIRS:
        if (src.count(o), src.count(c)) != (tgt.count(o), tgt.count(c)):
            yield (
                WARNING,
                (
                    f"brackets {o}{c} differ: source {src.count(o)}/{src.count(c)}, "
                    f"translation {tgt.count(o)}/{tgt.count(c)}"
                ),
            )
        if tgt.count(o) != tgt.count(c):
            yield ERROR, f"unbalanced brackets {o}{c} in the translation"
    if _quote_pairs(src) != _quote_pairs(tgt):
        yield (
            WARNING,
            (
                f"quotations differ: {_quote_pairs(src)} in the source, "
                f"{_quote_pairs(tgt)} in the translation"
            ),
        )
    src_items, tgt_items = _list_items(src), _list_items(tgt)
    if src_items != tgt_items:
        yield WARNING, f"list items differ: {src_items} in the source, {tgt_items} translated"


def _describe_emphasis(text: str) -> str:
    bold, single = _emphasis(text)
    return f"{bold} '**' and {single} '*'"


_FINAL = re.compile(r"([.?!:;…])[\"'»”)\]*]*$")


def check_punctuation(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    src, tgt = msg.msgid, msg.msgstr
    a, b = _FINAL.search(src.rstrip()), _FINAL.search(tgt.rstrip())
    end_a, end_b = (a.group(1) if a else ""), (b.group(1) if b else "")
    if end_a != end_b and not (language(ctx.locale) == "ru" and {end_a, end_b} <= {".", "…"}):
        yield (
            WARNING,
            (
                f"final punctuation differs: {end_a or 'none'!r} in the source, "
                f"{end_b or 'none'!r} in the translation"
            ),
        )
    if re.search(r"\S {2,}\S", tgt) and not re.search(r"\S {2,}\S", src):
        yield WARNING, "doubled space in the translation"
    for side, test in (("leading", str.startswith), ("trailing", str.endswith)):
        if any(test(src, w) for w in " \t\n") != any(test(tgt, w) for w in " \t\n"):
            yield WARNING, f"{side} whitespace differs from the source"


def _lower(text: str, lang: str) -> str:
    if lang in ("az", "tr"):
        text = text.replace("I", "ı").replace("İ", "i")
    return unicodedata.normalize("NFC", text).lower()


def _stem(word: str, lang: str) -> str:
    """A crude stem that survives case endings and suffixes: the word less its last letters."""
    if lang == "ru":
        if len(word) <= 3:
            return word
        return word[: -(1 if len(word) <= 5 else 2 if len(word) <= 7 else 3)]
    if len(word) <= 4:
        return word
    return word[: max(4, len(word) - 2)]


def _term_in(term: str, text: str, lang: str) -> bool:
    words = [_lower(w, lang) for w in re.findall(r"[^\W_]+", term)]
    target = [_lower(w, lang) for w in re.findall(r"[^\W_]+", text)]
    return all(any(t.startswith(_stem(w, lang)) for t in target) for w in words)


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    """The pattern of a glossary term, compiled once per term (not per entry)."""
    bare = re.sub(r"\s*\([^)]*\)", "", term).strip()
    # an English plural (-s, -es) of the last word is the same term
    body = re.escape(bare).replace(r"\ ", r"\s+")
    return re.compile(r"(?<![\w-])" + body + r"(?:e?s)?(?![\w-])", re.I)


def _split_forms(cell: str) -> list[str]:
    return [f.strip() for f in re.split(r"\s*[;|]\s*", cell) if f.strip()]


def check_glossary(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    lang = language(ctx.locale)
    for term in ctx.glossary:
        expected = term.translations.get(ctx.locale) or term.translations.get(lang)
        forbidden = term.forbidden.get(ctx.locale) or term.forbidden.get(lang) or ()
        for form in forbidden:
            if _forbidden_uses(form, expected or "", msg.msgstr, lang):
                shortest = min(_split_forms(expected or ""), key=len, default="")
                advice = f"; write {shortest!r}" if shortest else ""
                yield (
                    WARNING,
                    (
                        f"glossary: {form!r} is a forbidden form for {term.en!r}{advice} "
                        f"(glossary line {term.line})"
                    ),
                )
        if not expected:
            continue
        if not _occurs_alone(term, msg.msgid, ctx.glossary):
            continue
        forms = _split_forms(expected)
        bare_forms = [re.sub(r"\s*\([^)]*\)", "", f).strip() or f for f in forms]
        if not any(_term_in(f, msg.msgstr, lang) for f in bare_forms):
            yield (
                WARNING,
                (
                    f"glossary: {term.en!r} should be translated as {expected!r} "
                    f"(glossary line {term.line})"
                ),
            )


def _occurs_alone(term: Term, text: str, glossary: Sequence[Term]) -> bool:
    """Whether ``term`` occurs in ``text`` other than inside a longer glossary term, as a
    termbase lookup takes the longest match: "mine action" inside "Mine Action Agency of the
    Republic of Azerbaijan" is part of the agency's name, which has its own entry."""
    spans = [m.span() for m in _term_pattern(term.en).finditer(text)]
    if not spans:
        return False
    longer = [
        m.span()
        for other in glossary
        if other is not term and len(other.en) > len(term.en)
        for m in _term_pattern(other.en).finditer(text)
    ]
    return any(not any(a <= start and end <= b for a, b in longer) for start, end in spans)


_TOKEN = re.compile(r"[^\W_]+")


def _forbidden_uses(form: str, accepted: str, text: str, lang: str) -> bool:
    """Whether ``text`` uses the forbidden ``form``, inflected or not.

    The words of the form must follow each other, each word matching by its stem, with the
    letter case of the form, so that a form can forbid a capitalisation ("Qarabağ İqtisadi
    Rayonu"). Not a use: the form in parentheses just after a term, the way an abbreviation
    is introduced ("… (ERW)"); and at the start of a sentence, a form that differs from an
    accepted form only by its capital initial ("Depozitari" where "depozitari" is accepted).
    """
    words = _TOKEN.findall(unicodedata.normalize("NFC", form))
    if not words:
        return False
    stems = [_stem(w, lang) for w in words]
    tokens = list(_TOKEN.finditer(unicodedata.normalize("NFC", text)))
    bare = [re.sub(r"\s*\([^)]*\)", "", f).strip() for f in _split_forms(accepted)]
    initial_only = any(f[1:] == form[1:] and f[:1] != form[:1] for f in bare if f)
    for i in range(len(tokens) - len(words) + 1):
        run = tokens[i : i + len(words)]
        if not all(
            (t.group(0) == w if len(w) <= 3 else t.group(0).startswith(s))
            for t, w, s in zip(run, words, stems, strict=True)
        ):
            continue
        gaps = [text[a.end() : b.start()] for a, b in itertools.pairwise(run)]
        if any(g.strip() not in ("", "-") for g in gaps):
            continue
        start, end = run[0].start(), run[-1].end()
        if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
            continue
        if initial_only and re.search(r"(?:^|[.!?…:]\s+)[\"«„“(*]*$", text[:start]):
            continue
        return True
    return False


_XREF = re.compile(
    r"\bQuestions?\s+(\d+(?:\.\d+)*)(?:\s*\(([a-z])\))?(?:,?\s+(?:of\s+)?Part\s+([IVXLC]+|\d+))?",
    re.I,
)


def check_crossref(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    for m in _XREF.finditer(msg.msgid):
        number, part = m.group(1), m.group(3)
        if part and not re.search(rf"(?<![\w]){part}(?![\w])", msg.msgstr):
            yield ERROR, f"cross-reference {m.group(0)!r}: part {part} is not in the translation"
        if not re.search(rf"(?<!\d){number}(?!\d)", msg.msgstr):
            yield (
                ERROR,
                f"cross-reference {m.group(0)!r}: question {number} is not in the translation",
            )


#: check ID → (function, what it looks at)
CHECKS: dict[str, tuple[Check | None, str]] = {
    "coverage": (None, "share of translated segments below the threshold"),
    "completeness": (None, "a question without an answer, a number that repeats or goes back"),
    "outdated": (None, "an entry made for another English text: run `reply-i18n update`"),
    "numbers": (check_numbers, "numbers, amounts and dates keep their values"),
    "untranslated": (check_untranslated, "translation identical to the English text"),
    "script": (check_script, "Cyrillic in Azerbaijani, Latin look-alikes in Russian words"),
    "invisible": (check_invisible, "bidi controls, zero-width and control characters"),
    "markup": (check_markup, "emphasis markers, brackets, quotes and list items match"),
    "punctuation": (check_punctuation, "final punctuation, doubled spaces, edge whitespace"),
    "glossary": (
        check_glossary,
        "glossary terms translated as the glossary says, no forbidden form",
    ),
    "nbsp": (check_nbsp, "no-break spaces before units, inside 'долл. США', before a spaced dash"),
    "quotes": (check_quotes, "quotation marks of the locale: «…», „…“ inside in Russian"),
    "ordinal": (check_ordinal, "Azerbaijani -ci/-cı/-cu/-cü after numerals by vowel harmony"),
    "capitals": (check_capitals, "capitals copied from an English phrase that is not a name"),
    "consistency": (None, "the same English text translated differently"),
    "crossref": (check_crossref, "cross-references point to questions that exist"),
    "verbatim": (None, "a segment kept out of the catalogs holds prose to translate"),
    "plurals": (None, "a translated plural entry with a form missing or empty"),
    "silencing": (None, "a `# reply-i18n: ignore` comment names a check that does not exist"),
}


def validate_disabled(names: Iterable[str]) -> set[str]:
    out = set()
    for name in names:
        if name not in CHECKS:
            raise ConfigError(f"unknown check {name!r}: choose from {', '.join(CHECKS)}")
        out.add(name)
    return out


_IGNORE = re.compile(r"reply-i18n:\s*ignore\b(.*)", re.I)
#: what ends the names of a silencing comment: a dash, a colon, an opening bracket, then
#: the translator's reason (``ignore numbers — rounded on purpose``)
_REASON = re.compile(r"\s+[—–-]{1,2}\s|:|\(")
#: what a silencing comment names when it names nothing
NOTHING = "(nothing)"


def silenced(msg: Message) -> set[str]:
    """Check IDs silenced for one entry by a ``# reply-i18n: ignore …`` translator comment:
    names separated by commas or spaces, in any case, the punctuation of a sentence
    around them dropped (``ignore numbers.`` silences ``numbers``)."""
    out: set[str] = set()
    for comment in msg.comments:
        m = _IGNORE.search(comment)
        if m:
            listed = _REASON.split(m.group(1), maxsplit=1)[0]
            names = [x.strip(".;:!?()[]\"'«»“”").lower() for x in re.split(r"[,\s]+", listed)]
            out.update(name for name in names if name)
            if not any(names):
                out.add(NOTHING)
    return out


#: Catalogs with at least this many entries to check are checked by several processes.
PARALLEL_MIN = 2000

_Said = list[tuple[str, str, str]]
"""The findings of one entry: ``(check, severity, message)``."""


def _entry_checks(msg: Message, ctx: Context, off: frozenset[str]) -> _Said:
    """The per-entry checks of :data:`CHECKS` (those with a function) on one entry."""
    said: _Said = []
    for name, (func, _) in CHECKS.items():
        if func is None or name in off:
            continue
        for severity, message in func(msg, ctx):
            said.append((name, severity, message))
    return said


def _silencing(names: frozenset[str] | set[str]) -> list[str]:
    """What is wrong with the names of an entry's silencing comments: none at all, names
    that are no check, checks that do not look at entries (silenced only as a whole)."""
    out = []
    if NOTHING in names:
        out.append("`reply-i18n: ignore` names no check: write the checks to silence after it")
    unknown = sorted(n for n in names - {NOTHING} if n not in CHECKS and n != "stale")
    if unknown:
        out.append(
            f"`reply-i18n: ignore` names no check: {', '.join(map(repr, unknown))} "
            f"(choose from {', '.join(sorted(ENTRY_CHECKS))})"
        )
    whole = sorted(n for n in names if n == "stale" or (n in CHECKS and n not in ENTRY_CHECKS))
    if whole:
        out.append(
            f"`reply-i18n: ignore` cannot silence {', '.join(map(repr, whole))} for one entry: "
            "it judges a catalog or a document as a whole (`--disable` it, where it may be)"
        )
    return out


#: The checks :func:`check_catalog` runs: those that look at entries.
ENTRY_CHECKS = frozenset(
    {"plurals", "outdated", "consistency"} | {n for n, (f, _) in CHECKS.items() if f is not None}
)


def check_catalog(catalog: Catalog, ctx: Context, disabled: set[str]) -> list[Finding]:
    """Run every enabled check on every translated entry of one catalog.

    Returns the findings entry by entry, in the catalog's order; for each entry those of
    ``silencing`` and ``outdated`` first, then the checks in the order of :data:`CHECKS`,
    then ``consistency``.  Catalogs of :data:`PARALLEL_MIN` entries or more are checked by
    several processes (:func:`reply_i18n.parallel.fork_map`), with the same findings."""
    findings: list[Finding] = []
    current = {s.id: s for s in ctx.document.segments} if ctx.document else {}
    seen_text: dict[str, tuple[str, Message]] = {}
    if "plurals" not in disabled:
        findings += _missing_plural_forms(catalog, ctx)
    entries = [
        (msg, frozenset(disabled | silenced(msg)))
        for msg in catalog.messages
        if not (msg.obsolete or not msg.msgstr or msg.msgid_plural is not None)
    ]
    if not any(f is not None and name not in disabled for name, (f, _) in CHECKS.items()):
        entries_checked: list[_Said] = [[] for m, _ in entries if not m.fuzzy]
    else:
        # pure functions of an entry: a large catalog is checked by several processes
        entries_checked = fork_map(
            lambda entry: _entry_checks(entry[0], ctx, entry[1]),
            [(m, o) for m, o in entries if not m.fuzzy],
            min_items=PARALLEL_MIN,
        )
    checked = iter(entries_checked)
    for msg, off in entries:

        def add(check: str, severity: str, message: str, m: Message = msg) -> None:
            findings.append(
                Finding(check, severity, ctx.locale, m.msgctxt or "", ctx.file, m.line, message)
            )

        if "silencing" not in off:
            for message in _silencing(off - disabled):
                add("silencing", WARNING, message)
        seg = current.get(msg.msgctxt or "")
        if ctx.document is not None and "outdated" not in off:
            if seg is None:
                add("outdated", WARNING, "no such segment in the source: run `reply-i18n update`")
            elif seg.text != msg.msgid:
                add("outdated", WARNING, "the English text changed: run `reply-i18n update`")
        if msg.fuzzy:
            continue
        for said in next(checked):
            add(*said)
        if "consistency" not in off:
            prior = seen_text.get(msg.msgid)
            if prior is not None and prior[0] != msg.msgstr:
                add("consistency", WARNING, f"translated differently in {prior[1].msgctxt}")
            seen_text.setdefault(msg.msgid, (msg.msgstr, msg))
    return findings


def _missing_plural_forms(catalog: Catalog, ctx: Context) -> list[Finding]:
    """Translated plural entries that lack a form, or leave one empty; the number of forms
    is the header's ``nplurals``."""
    m = re.search(r"nplurals\s*=\s*(\d+)", catalog.header_fields().get("Plural-Forms", ""))
    out = []
    for msg in catalog.messages:
        if msg.obsolete or msg.msgid_plural is None or not msg.has_translation:
            continue
        if "plurals" in silenced(msg):
            continue
        count = int(m.group(1)) if m else max(len(msg.msgstr_plural), 2)
        missing = [f"msgstr[{i}]" for i in range(count) if not msg.msgstr_plural.get(i)]
        if missing:
            out.append(
                Finding(
                    "plurals",
                    ERROR,
                    ctx.locale,
                    msg.msgctxt or "",
                    ctx.file,
                    msg.line,
                    f"plural entry without {', '.join(missing)} ({count} forms in this language)",
                )
            )
    return out


def check_document(
    doc: Document, disabled: set[str], templates: Sequence[Template] = ()
) -> list[Finding]:
    """Findings about the English reply itself: unanswered questions, numbering gaps,
    cross-references to questions that do not exist.

    A questionnaire with a template (same key) must answer the template's questions, less
    those its conditional flow skips; without one, the flow the reply prints is used.
    """
    findings: list[Finding] = []
    if "completeness" not in disabled:
        findings += _completeness(doc, {t.key: t for t in templates})
    if "crossref" not in disabled:
        findings += _crossrefs(doc, templates)
    if "verbatim" not in disabled:
        findings += check_verbatim(doc)
    return findings


#: lowercase words that make a verbatim segment read as prose
_PROSE_WORDS = 4


def check_verbatim(doc: Document) -> list[Finding]:
    """Verbatim segments (symbol, letterhead, address, note number) are carried into every
    edition as they are and never reach a translator; one that holds prose (several
    lowercase words) was probably classed wrongly, and its text would go untranslated."""
    out: list[Finding] = []
    for seg in doc.segments:
        if seg.translatable or seg.date is not None:
            continue
        words = [w.strip(".,;:()") for w in seg.text.split()]
        lower = [w for w in words if w.isalpha() and w.islower()]
        if len(lower) >= _PROSE_WORDS:
            out.append(
                Finding(
                    "verbatim",
                    WARNING,
                    "",
                    seg.id,
                    doc.source,
                    seg.line,
                    f"{seg.kind} segment holds prose ({' '.join(lower[:6])} …) and is kept "
                    "out of the catalogs: nobody will translate it",
                )
            )
    return out


def _question_number(text: str) -> tuple[int, ...]:
    """``"1.2"`` → ``(1, 2)``; ``()`` for what is not a number."""
    try:
        return tuple(int(x) for x in text.split("."))
    except ValueError:
        return ()


def _completeness(doc: Document, templates: Mapping[str, Template]) -> list[Finding]:
    """Questions without an answer (errors), the template's questions left out (errors), and
    numbers that repeat or go back (warnings).

    A number that skips ahead is a numbering gap only where the reply prints its flow ("If
    not, go to question 7") and the skip does not follow it: without a template or a printed
    flow, the check cannot tell a question left out from one that a conditional flow lets
    the reply skip ("States Parties answer questions 1-2, then 7")."""
    out: list[Finding] = []
    segs = list(doc.segments)
    answers: dict[tuple[str, str], list[str]] = {}
    questions: list[tuple[Segment, str]] = []
    for i, seg in enumerate(segs):
        if seg.kind != "question":
            continue
        scope = scope_of(seg.id, seg.questionnaire)
        texts = answers.setdefault((seg.questionnaire, scope), [])
        for nxt in segs[i + 1 :]:
            if nxt.kind in ("question", "title", "part", "condition", "heading"):
                break
            if nxt.kind in ("answer", "paragraph", "cell"):
                texts.append(nxt.text)
        questions.append((seg, scope))
    routes: dict[str, Route] = {}
    for qn in doc.questionnaires:
        own = {scope: texts for (key, scope), texts in answers.items() if key == qn.key}
        template = templates.get(qn.key) or learn(doc, qn.key)
        routes[qn.key] = route(template, own)
        if qn.key in templates:
            out += _missing(doc, template, own, routes[qn.key], qn.line)
    for seg, scope in questions:
        rt = routes.get(seg.questionnaire)
        if answers[(seg.questionnaire, scope)] or (rt is not None and rt.exempt(scope)):
            continue
        label = seg.question + (f" ({seg.sub})" if seg.sub else "")
        out.append(
            Finding(
                "completeness",
                ERROR,
                "",
                seg.id,
                doc.source,
                seg.line,
                f"question {label} has no answer",
            )
        )
    numbers: dict[tuple[str, str], list[tuple[tuple[int, ...], Segment]]] = {}
    for seg in segs:
        if seg.questionnaire in templates:
            continue  # the template lists what is missing, flow included
        if seg.kind == "question" and seg.question and seg.sub in ("", "a"):
            number = _question_number(seg.question)
            if number:
                numbers.setdefault((seg.questionnaire, seg.part), []).append((number, seg))
    for (key, _part), items in numbers.items():
        previous: tuple[int, ...] = ()
        jumps = _jumps(doc, key, routes.get(key))
        printed = _prints_flow(doc, key)
        for n, seg in items:
            shown = ".".join(map(str, previous))
            if previous and n <= previous:
                message = f"numbering: question {seg.question} follows question {shown}"
            elif printed and previous and not follows(previous, n) and seg.question not in jumps:
                message = f"numbering gap: question {seg.question} follows question {shown}"
            else:
                previous = max(previous, n)
                continue
            out.append(Finding("completeness", WARNING, "", seg.id, doc.source, seg.line, message))
            previous = max(previous, n)
    return out


def _prints_flow(doc: Document, key: str) -> bool:
    """Whether the reply prints a "go to question N" in the questionnaire ``key``."""
    return any(q.go_to for q in learn(doc, key).questions)


def _missing(
    doc: Document, template: Template, answers: Mapping[str, list[str]], rt: Route, line: int
) -> list[Finding]:
    """The template's questions that the reply leaves out, and the flow does not skip."""
    out = []
    present = {s.id: s for s in doc.segments if s.kind == "question"}
    last = max((s.line for s in doc.segments if s.questionnaire == template.key), default=line)
    for q in template.asked():
        if q.id in answers or rt.exempt(q.id):
            continue
        ident = f"{template.key}.{q.id}.question"
        later = [
            present[f"{template.key}.{t.id}.question"].line
            for t in template.questions[template.questions.index(q) :]
            if f"{template.key}.{t.id}.question" in present
        ]
        text = q.text if len(q.text) <= 100 else q.text[:100].rsplit(" ", 1)[0] + " …"
        out.append(
            Finding(
                "completeness",
                ERROR,
                "",
                ident,
                doc.source,
                later[0] if later else last,
                f"question {q.label} is not answered ({template.path or template.key}): {text}",
            )
        )
    return out


def _jumps(doc: Document, key: str, rt: Route | None) -> set[str]:
    """Question numbers that a "go to question N" of the reply may lead to."""
    if rt is None:
        return set()
    template = learn(doc, key)
    out = set()
    for q in template.questions:
        for jump in q.go_to:
            if rt.answers.get(q.id) in (jump.answer, None):
                target = template.question(jump.question)
                if target is not None:
                    out.add(target.number)
    return out


def _crossrefs(doc: Document, templates: Sequence[Template] = ()) -> list[Finding]:
    """References to questions that do not exist, or not in the part named.

    A reference without a part may point into its own questionnaire; a reference that
    names a part may also point into another questionnaire (the ERW questionnaire of the
    example refers to "Question 3, Part I" of the mines questionnaire).
    """
    out: list[Finding] = []
    parts = {(s.questionnaire, s.question, s.part) for s in doc.segments if s.kind == "question"}
    # a question of the questionnaire exists even where the reply skips it
    keys = {q.key for q in doc.questionnaires}
    for t in templates:
        if t.key in keys:
            parts |= {(t.key, q.number, t.part_number(q.id)) for q in t.questions}
    for seg in doc.translatable():
        for m in _XREF.finditer(seg.text):
            number, part = m.group(1), m.group(3)
            if any(
                n == number and (p == part if part else q == seg.questionnaire) for q, n, p in parts
            ):
                continue
            own = sorted(p for q, n, p in parts if q == seg.questionnaire and n == number)
            problem = (
                f"question {number} is in part {own[0]}, not part {part}"
                if own and own[0]
                else "refers to a question that does not exist"
            )
            out.append(
                Finding(
                    "crossref",
                    ERROR,
                    "",
                    seg.id,
                    doc.source,
                    seg.line,
                    f"{m.group(0)!r}: {problem}",
                )
            )
    return out


#: glossary columns that hold neither a language nor forbidden forms
_KINDS = {"": False, "term": False, "name": True}


def read_glossary(text: str, *, path: str) -> list[Term]:
    """Read a glossary CSV: a header with ``en`` and one column per language code.

    Optional columns: ``kind`` (``name`` for a proper name, ``term`` or empty otherwise) and
    ``<lang>_forbidden`` (forms that must not be used, separated by ``;``). Other columns
    (sources, notes) are ignored. Raises :class:`ConfigError` (with the line) for a header
    without ``en`` or an unknown ``kind``.
    """
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "en" not in reader.fieldnames:
        raise ConfigError("glossary needs a header row with an 'en' column", path=path, line=1)
    code = r"[a-z]{2,3}(_[A-Za-z]+)?"
    forbidden_cols = {
        f: f.removesuffix("_forbidden")
        for f in reader.fieldnames
        if f.endswith("_forbidden") and re.fullmatch(code, f.removesuffix("_forbidden"))
    }
    langs = [f for f in reader.fieldnames if re.fullmatch(code, f) and f not in forbidden_cols]
    terms = []
    for row in reader:
        line = reader.line_num
        en = (row.get("en") or "").strip()
        if not en:
            continue
        kind = (row.get("kind") or "").strip()
        if kind not in _KINDS:
            raise ConfigError(
                f"glossary: kind {kind!r} for {en!r}: write 'name', 'term' or nothing",
                path=path,
                line=line,
            )
        terms.append(
            Term(
                en=en,
                translations={k: (row.get(k) or "").strip() for k in langs if k != "en"},
                line=line,
                proper=_KINDS[kind],
                forbidden={
                    lang: tuple(_split_forms(row.get(col) or ""))
                    for col, lang in forbidden_cols.items()
                    if (row.get(col) or "").strip()
                },
            )
        )
    return terms
