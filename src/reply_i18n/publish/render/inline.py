"""What the renderers share: inline emphasis, status tags, coverage wording, headings.

Cell texts keep inline emphasis as Markdown: ``*x*`` is italic, ``**x**`` bold.
:func:`parse_inline` reads them the way CommonMark reads ``*`` delimiters (flanking rules,
the "rule of three", nesting), so a text that renders one way on GitHub renders the same way in
every edition; markers that do not pair up stay literal text, and ``\\*`` is a literal asterisk.
The result is a flat list of :class:`Run`; :func:`nest` turns it back into properly nested
open/close events for formats with nested markup (HTML tags, Markdown delimiters).

Everything here is pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from reply_i18n.model import Cell, Edition, LanguageCoverage, Row
from reply_i18n.publish import chrome

#: Cell statuses whose text is the English fallback, shown with a tag.
TAGGED_STATUSES = frozenset({"missing", "fuzzy"})

#: Segment kinds whose text is bold in every format.
STRONG_KINDS = frozenset({"question", "addressee", "language", "symbol"})

#: Segment kinds shown as headings, with their level below the document heading (1 = top).
HEADING_LEVELS: dict[str, int] = {"title": 1, "part": 2, "heading": 2, "condition": 3}

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# C0/C1 controls (but tab and newline), surrogates and the two non-characters XML forbids.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

Flag = Literal["bold", "italic"]


class Run(NamedTuple):
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


def printable(text: str) -> str:
    """``text`` without the characters that XML and HTML reject (controls but tab and newline)."""
    return _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# --- parsing -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Delimiter:
    """A run of ``*`` in the text, as CommonMark's delimiter stack sees it."""

    token: int
    """Index of the delimiter among the tokens."""
    length: int
    """Number of ``*`` in the original run (for the rule of three)."""
    left: int
    """``*`` not yet used by a pair; they stay literal at the end."""
    can_open: bool
    can_close: bool


@dataclass(frozen=True, slots=True)
class _Pair:
    opener: int
    closer: int
    bold: bool


def _is_space(ch: str) -> bool:
    return not ch or ch.isspace()


def _is_punct(ch: str) -> bool:
    return bool(ch) and (ch in _ASCII_PUNCTUATION or unicodedata.category(ch)[0] in "PS")


def _tokenise(text: str) -> tuple[list[str], list[_Delimiter]]:
    """Split ``text`` into literal pieces and ``*`` runs (each run is a placeholder "")."""
    tokens: list[str] = []
    delims: list[_Delimiter] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCTUATION:
            buf.append(text[i + 1])
            i += 2
            continue
        if ch != "*":
            buf.append(ch)
            i += 1
            continue
        j = i
        while j < n and text[j] == "*":
            j += 1
        before, after = text[i - 1] if i else "", text[j] if j < n else ""
        left = not _is_space(after) and (
            not _is_punct(after) or _is_space(before) or _is_punct(before)
        )
        right = not _is_space(before) and (
            not _is_punct(before) or _is_space(after) or _is_punct(after)
        )
        tokens.append("".join(buf))
        buf = []
        delims.append(_Delimiter(len(tokens), j - i, j - i, left, right))
        tokens.append("")
        i = j
    tokens.append("".join(buf))
    return tokens, delims


def _rule_of_three_blocks(opener: _Delimiter, closer: _Delimiter) -> bool:
    either_way = (opener.can_open and opener.can_close) or (closer.can_open and closer.can_close)
    total = opener.length + closer.length
    return either_way and total % 3 == 0 and not (opener.length % 3 == 0 and closer.length % 3 == 0)


def _find_opener(stack: list[_Delimiter], upto: int, closer: _Delimiter) -> int | None:
    for k in range(upto - 1, -1, -1):
        cand = stack[k]
        if cand.can_open and cand.left and not _rule_of_three_blocks(cand, closer):
            return k
    return None


def _pair_up(delims: list[_Delimiter]) -> list[_Pair]:
    """CommonMark's "process emphasis" over the delimiter stack, for ``*`` only."""
    stack = list(delims)
    pairs: list[_Pair] = []
    i = 0
    while i < len(stack):
        closer = stack[i]
        if not closer.can_close or not closer.left:
            i += 1
            continue
        k = _find_opener(stack, i, closer)
        if k is None:
            if not closer.can_open:
                del stack[i]
            else:
                i += 1
            continue
        opener = stack[k]
        used = 2 if opener.left >= 2 and closer.left >= 2 else 1
        opener.left -= used
        closer.left -= used
        pairs.append(_Pair(opener.token, closer.token, used == 2))
        del stack[k + 1 : i]  # delimiters inside the pair can no longer match
        i = k + 1
        if not opener.left:
            del stack[k]
            i = k
        if not closer.left:
            del stack[i]
    return pairs


def merge(runs: Sequence[Run]) -> list[Run]:
    """Runs with empty ones dropped and neighbours of the same formatting joined."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = out[-1]._replace(text=out[-1].text + run.text)
        else:
            out.append(run)
    return out


def parse_inline(text: str) -> list[Run]:
    """Runs of ``text`` with its ``*italic*`` and ``**bold**`` markers resolved.

    >>> [(r.text, r.bold, r.italic) for r in parse_inline("A **law**, *inter alia*")]
    [('A ', False, False), ('law', True, False), (', ', False, False), ('inter alia', False, True)]
    """
    tokens, delims = _tokenise(text)
    pairs = _pair_up(delims)
    for d in delims:
        tokens[d.token] = "*" * d.left
    runs = [
        Run(
            tok,
            bold=any(p.opener < t < p.closer for p in pairs if p.bold),
            italic=any(p.opener < t < p.closer for p in pairs if not p.bold),
        )
        for t, tok in enumerate(tokens)
    ]
    return merge(runs)


def plain(runs: Sequence[Run]) -> str:
    """The text of ``runs`` without formatting."""
    return "".join(r.text for r in runs)


def lines(runs: Sequence[Run]) -> list[list[Run]]:
    """``runs`` cut at each ``\\n``: one list of runs per line (a line may be empty)."""
    out: list[list[Run]] = [[]]
    for run in runs:
        first, *rest = run.text.split("\n")
        out[-1].append(run._replace(text=first))
        out.extend([run._replace(text=piece)] for piece in rest)
    return [merge(line) for line in out]


# --- nesting -------------------------------------------------------------------------------


class Event(NamedTuple):
    """One step of nested markup: open or close a flag, or write text."""

    kind: Literal["open", "close", "text"]
    value: str
    """The flag (``bold``/``italic``) for open/close, the text for text."""


def _flags(run: Run) -> set[Flag]:
    out: set[Flag] = set()
    if run.bold:
        out.add("bold")
    if run.italic:
        out.add("italic")
    return out


def _reach(runs: Sequence[Run], start: int, flag: Flag) -> int:
    """How many runs from ``start`` on keep ``flag``."""
    count = 0
    for run in runs[start:]:
        if flag not in _flags(run):
            break
        count += 1
    return count


def nest(runs: Sequence[Run]) -> Iterator[Event]:
    """Open/close/text events for flat ``runs``, properly nested.

    A flag that lasts longer is opened first (outside), so ``***a* b**`` comes back as
    bold(italic(a), " b") rather than as two separate bold spans.
    """
    stack: list[Flag] = []
    for i, run in enumerate(runs):
        want = _flags(run)
        while any(f not in want for f in stack):
            yield Event("close", stack.pop())
        new = sorted(want - set(stack), key=lambda f: (-_reach(runs, i, f), f))
        for flag in new:
            stack.append(flag)
            yield Event("open", flag)
        yield Event("text", run.text)
    while stack:
        yield Event("close", stack.pop())


# --- wording shared by every format --------------------------------------------------------


def status_tag(cell: Cell, lang: str) -> str:
    """``[untranslated]``/``[fuzzy]`` in ``lang`` (the column's language) for a cell that
    shows the English fallback, else ""."""
    return chrome.tag(cell.status, lang) if cell.status in TAGGED_STATUSES else ""


def percent(cov: LanguageCoverage, lang: str = "en") -> str:
    """Coverage as a whole percentage in ``lang``'s form, rounded down, so that only a
    complete language shows 100%."""
    return chrome.percent(cov, lang)


def language_names(edition: Edition) -> dict[str, str]:
    """``code → name`` for the languages of ``edition``, in edition order, each in its own
    language ("Azərbaycan dili"): the column labels."""
    names = {c.lang: c.name for c in edition.coverage}
    return {lang: names.get(lang, lang) for lang in edition.languages}


def draft(edition: Edition) -> bool:
    """True for a draft: some language of the edition lacks current translations.

    A draft shows a banner, coverage figures and the tool's name; a final edition none.
    """
    return edition.incomplete


def coverage_summary(edition: Edition, lang: str) -> str:
    """``English 100% · Azərbaycan dili 96%`` (figures in ``lang``'s form)."""
    return " · ".join(f"{c.name} {percent(c, lang)}" for c in edition.coverage)


def title(edition: Edition) -> list[tuple[str, str]]:
    """The edition's title as ``(lang, text)`` lines: the column labels of an aligned edition,
    "Azərbaycan dilində nəşr" for a monolingual one."""
    if len(edition.languages) > 1:
        return list(language_names(edition).items())
    lang = edition.languages[0]
    return [(lang, chrome.text(lang, "edition.single"))]


def banners(edition: Edition) -> list[tuple[str, str]]:
    """The draft banner as ``(lang, text)``, once in each language of the edition; none when
    the edition is final."""
    if not draft(edition):
        return []
    return [(lang, chrome.banner(edition.coverage, lang)) for lang in edition.languages]


def previous_label(lang: str) -> str:
    """ "Previous translation" in ``lang``."""
    return chrome.text(lang, "draft.previous")


def shared(row: Row) -> bool:
    """True when a row is carried verbatim and reads the same in every language.

    Aligned editions show such a row (symbol, letterhead, address) once, across all columns.
    """
    return len({c.text for c in row.cells}) == 1 and all(c.status == "verbatim" for c in row.cells)


def heading_level(kind: str) -> int:
    """Heading level of a segment kind (1 for titles), or 0 when it is not a heading."""
    return HEADING_LEVELS.get(kind, 0)
