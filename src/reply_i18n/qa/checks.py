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
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from reply_i18n.errors import ConfigError
from reply_i18n.model import Document, Segment
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.numbers import compare

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
    """A glossary entry: the English term and its translations by language."""

    en: str
    translations: dict[str, str]
    line: int


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


Check = Callable[[Message, Context], Iterable[tuple[str, str]]]
"""A check yields ``(severity, message)`` pairs for one translated entry."""


def language(code: str) -> str:
    return code.split("_")[0].split("-")[0].lower()


# --------------------------------------------------------------------------- the checks


def check_numbers(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    missing, extra = compare(
        msg.msgid, msg.msgstr, source_lang=ctx.source_lang, target_lang=ctx.locale
    )
    for q in missing:
        yield ERROR, f"{_show(q.text)} of the source ({_value(q.value)}) is not in the translation"
    for q in extra:
        yield ERROR, f"{_show(q.text)} in the translation ({_value(q.value)}) is not in the source"


def _value(value: str) -> str:
    return value.replace("date:", "date ").replace("month:", "month ")


def _show(text: str) -> str:
    return repr(text.replace("\u00a0", " "))


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
    for word in re.findall(r"[^\W\d_]+", text):
        if _CYRILLIC.search(word) and _LATIN.search(word):
            odd = _LATIN if lang != "az" else _CYRILLIC
            letters = ", ".join(_char(c) for c in dict.fromkeys(odd.findall(word)))
            yield ERROR, f"word {word!r} mixes Latin and Cyrillic letters ({letters})"


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


def _quote_pairs(text: str) -> int:
    return (
        text.count('"') // 2
        + text.count("“")
        + text.count("«")
        + text.count("„")
        + len(re.findall(r"(?<!\w)'(?=\w)", text))
    )


def _emphasis(text: str) -> tuple[int, int]:
    bold = len(re.findall(r"\*\*", text))
    single = len(re.findall(r"(?<!\*)\*(?!\*)", text))
    return bold, single


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
    src_items = len(re.findall(r"(?m)^\s*[-•*]\s", src))
    tgt_items = len(re.findall(r"(?m)^\s*[-•*]\s", tgt))
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


def _term_pattern(term: str) -> re.Pattern[str]:
    bare = re.sub(r"\s*\([^)]*\)", "", term).strip()
    return re.compile(r"(?<![\w-])" + re.escape(bare).replace(r"\ ", r"\s+") + r"(?![\w-])", re.I)


def check_glossary(msg: Message, ctx: Context) -> Iterable[tuple[str, str]]:
    lang = language(ctx.locale)
    for term in ctx.glossary:
        expected = term.translations.get(ctx.locale) or term.translations.get(lang)
        if not expected:
            continue
        if not _term_pattern(term.en).search(msg.msgid):
            continue
        forms = [f.strip() for f in re.split(r"\s*[;|]\s*", expected) if f.strip()]
        bare_forms = [re.sub(r"\s*\([^)]*\)", "", f).strip() or f for f in forms]
        if not any(_term_in(f, msg.msgstr, lang) for f in bare_forms):
            yield (
                WARNING,
                (
                    f"glossary: {term.en!r} should be translated as {expected!r} "
                    f"(glossary line {term.line})"
                ),
            )


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
    "glossary": (check_glossary, "glossary terms translated as the glossary says"),
    "consistency": (None, "the same English text translated differently"),
    "crossref": (check_crossref, "cross-references point to questions that exist"),
    "verbatim": (None, "a segment kept out of the catalogs holds prose to translate"),
}


def validate_disabled(names: Iterable[str]) -> set[str]:
    out = set()
    for name in names:
        if name not in CHECKS:
            raise ConfigError(f"unknown check {name!r}: choose from {', '.join(CHECKS)}")
        out.add(name)
    return out


_IGNORE = re.compile(r"reply-i18n:\s*ignore\s+(.+)", re.I)


def silenced(msg: Message) -> set[str]:
    """Check IDs silenced for one entry by a ``# reply-i18n: ignore …`` translator comment."""
    out: set[str] = set()
    for comment in msg.comments:
        m = _IGNORE.search(comment)
        if m:
            out.update(x.strip() for x in re.split(r"[,\s]+", m.group(1)) if x.strip())
    return out


def check_catalog(catalog: Catalog, ctx: Context, disabled: set[str]) -> list[Finding]:
    """Run every enabled check on every translated entry of one catalog."""
    findings: list[Finding] = []
    current = {s.id: s for s in ctx.document.segments} if ctx.document else {}
    seen_text: dict[str, tuple[str, Message]] = {}
    for msg in catalog.messages:
        if msg.obsolete or not msg.msgstr or msg.msgid_plural is not None:
            continue
        off = disabled | silenced(msg)
        segment = msg.msgctxt or ""

        def add(check: str, severity: str, message: str, m: Message = msg) -> None:
            findings.append(
                Finding(check, severity, ctx.locale, m.msgctxt or "", ctx.file, m.line, message)
            )

        seg = current.get(segment)
        if ctx.document is not None and "outdated" not in off:
            if seg is None:
                add("outdated", WARNING, "no such segment in the source: run `reply-i18n update`")
            elif seg.text != msg.msgid:
                add("outdated", WARNING, "the English text changed: run `reply-i18n update`")
        if msg.fuzzy:
            continue
        for name, (func, _) in CHECKS.items():
            if func is None or name in off:
                continue
            for severity, message in func(msg, ctx):
                add(name, severity, message)
        if "consistency" not in off:
            prior = seen_text.get(msg.msgid)
            if prior is not None and prior[0] != msg.msgstr:
                add("consistency", WARNING, f"translated differently in {prior[1].msgctxt}")
            seen_text.setdefault(msg.msgid, (msg.msgstr, msg))
    return findings


def check_document(doc: Document, disabled: set[str]) -> list[Finding]:
    """Findings about the English reply itself: unanswered questions, numbering gaps,
    cross-references to questions that do not exist."""
    findings: list[Finding] = []
    if "completeness" not in disabled:
        findings += _completeness(doc)
    if "crossref" not in disabled:
        findings += _crossrefs(doc)
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
    try:
        return tuple(int(x) for x in text.split("."))
    except ValueError:
        return ()


def _completeness(doc: Document) -> list[Finding]:
    """Questions without an answer (errors), and numbers that repeat or go back (warnings).

    A number that skips ahead is no finding: without the questionnaire's template the check
    cannot tell a question left out from one that a conditional flow lets the reply skip
    ("States Parties answer questions 1-2, then 7")."""
    out: list[Finding] = []
    segs = list(doc.segments)
    for i, seg in enumerate(segs):
        if seg.kind != "question":
            continue
        following = segs[i + 1 :]
        answered = False
        for nxt in following:
            if nxt.kind in ("question", "title", "part", "condition", "heading"):
                break
            if nxt.kind in ("answer", "paragraph", "cell"):
                answered = True
                break
        if not answered:
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
        if seg.kind == "question" and seg.question and seg.sub in ("", "a"):
            number = _question_number(seg.question)
            if number:
                numbers.setdefault((seg.questionnaire, seg.part), []).append((number, seg))
    for items in numbers.values():
        previous: tuple[int, ...] = ()
        for n, seg in items:
            if previous and n <= previous:
                out.append(
                    Finding(
                        "completeness",
                        WARNING,
                        "",
                        seg.id,
                        doc.source,
                        seg.line,
                        f"numbering: question {seg.question} follows question "
                        f"{'.'.join(map(str, previous))}",
                    )
                )
            previous = max(previous, n)
    return out


def _crossrefs(doc: Document) -> list[Finding]:
    """References to questions that do not exist, or not in the part named.

    A reference without a part may point into its own questionnaire; a reference that
    names a part may also point into another questionnaire (the ERW questionnaire of the
    example refers to "Question 3, Part I" of the mines questionnaire).
    """
    out: list[Finding] = []
    parts = {(s.questionnaire, s.question, s.part) for s in doc.segments if s.kind == "question"}
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


def read_glossary(text: str, *, path: str) -> list[Term]:
    """Read a glossary CSV: a header with ``en`` and one column per language code;
    other columns (sources, notes) are ignored."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "en" not in reader.fieldnames:
        raise ConfigError("glossary needs a header row with an 'en' column", path=path, line=1)
    langs = [f for f in reader.fieldnames if re.fullmatch(r"[a-z]{2,3}(_[A-Za-z]+)?", f)]
    terms = []
    for row in reader:
        line = reader.line_num
        en = (row.get("en") or "").strip()
        if not en:
            continue
        terms.append(
            Term(
                en=en,
                translations={k: (row.get(k) or "").strip() for k in langs if k != "en"},
                line=line,
            )
        )
    return terms
