"""Line-end hyphens: is a word split at a line end really hyphenated?

Text taken from a printed page (a PDF, or ``pdftotext`` output) breaks words at line ends.
Some of those hyphens belong to the word ("anti-personnel"), some were put there by the
typesetter ("demi-" / "ning").  The document's own vocabulary decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PREFIXES = frozenset(
    [
        *("anti", "non", "co", "self", "pre", "post", "re", "multi", "cross", "counter"),
        *("inter", "semi", "ex", "pro", "sub", "quasi", "well", "mid", "over", "under"),
        *("long", "short", "full", "half"),
    ]
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SPLIT_RE = re.compile(r"[^\W\d_]+[-‐]\s+[^\W\d_]+", re.UNICODE)


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words of a document, lower-cased, hyphenated compounds included whole and in
    their parts.  Words split at a line end (``demi- ning``, the lines joined by white
    space) are left out: they are what the vocabulary is asked about."""
    vocab: set[str] = set()
    for text in texts:
        for m in _WORD_RE.finditer(_SPLIT_RE.sub(" ", text)):
            word = m[0].lower()
            vocab.add(word)
            if "-" in word:
                vocab.update(p for p in word.split("-") if p)
    return vocab


def keep_hyphen(head: str, tail: str, vocab: set[str]) -> bool:
    """Whether a word split at a line end as ``head-`` / ``tail`` is really hyphenated.

    ``head`` is the last part before the hyphen, ``tail`` the first part after it.  The
    hyphen stays when the hyphenated form occurs elsewhere in the document, when the
    tail starts with a capital, when both parts are words of the document (or the head a
    common prefix such as "anti", "non", "self"); it goes when the joined word occurs in
    the document, or when the parts are not words ("demi-" + "ning").
    """
    h, t = head.lower(), tail.lower()
    if not h or not t:
        return True
    if tail[:1].isupper():
        return True
    if f"{h}-{t}" in vocab:
        return True
    if h + t in vocab:
        return False
    if h in _PREFIXES:
        return True
    return len(h) > 1 and len(t) > 1 and h in vocab and t in vocab


def split_word(line: str, following: str, vocab: set[str]) -> tuple[str, str] | None:
    """Mend a word split between ``line`` (ending in a hyphen) and ``following``.

    Returns the two lines with the word made whole at the end of the first one (its
    hyphen kept or dropped by :func:`keep_hyphen`), or None when the line does not end
    in a split word.
    """
    m = re.search(r"([^\W\d_]+)[-‐]$", line)
    n = re.match(r"([^\W\d_]+)(\S*)\s*", following)
    if m is None or n is None or len(line) < 3:
        return None
    hyphen = "-" if keep_hyphen(m[1], n[1], vocab) else ""
    return line[:-1] + hyphen + n[1] + n[2], following[n.end() :]
