"""Word-level differences between two versions of a text, for draft editions.

:func:`word_diff` compares the English a translation was made for (the entry's ``#| msgid``)
with the current English, word by word (Python's :class:`difflib.SequenceMatcher` over word,
space and punctuation tokens), so that a reviser sees at a glance which words changed.  Pure.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal, NamedTuple

_TOKEN = re.compile(r"\s+|\d+(?:[.,]\d+)*|\w+(?:['’]\w+)*|[^\w\s]")


class Piece(NamedTuple):
    """A stretch of the compared texts."""

    kind: Literal["same", "new", "old"]
    """``same`` in both, ``new`` only in the current text, ``old`` only in the previous one."""
    text: str


def tokens(text: str) -> list[str]:
    """``text`` cut into words, runs of white space and single punctuation marks."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces of ``new``, with the words of ``old`` it no longer has, in reading order.

    Joining the ``same`` and ``new`` pieces gives ``new`` back; ``same`` and ``old`` give
    ``old``.  A change of white space alone is not a change.
    """
    a, b = tokens(old), tokens(new)
    key_a = [" " if t.isspace() else t for t in a]
    key_b = [" " if t.isspace() else t for t in b]
    out: list[Piece] = []
    matcher = SequenceMatcher(None, key_a, key_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(out, "same", "".join(b[j1:j2]))
            continue
        if op in ("delete", "replace"):
            _add(out, "old", "".join(a[i1:i2]))
        if op in ("insert", "replace"):
            _add(out, "new", "".join(b[j1:j2]))
    return out


def _add(out: list[Piece], kind: Literal["same", "new", "old"], text: str) -> None:
    if not text:
        return
    if out and out[-1].kind == kind:
        out[-1] = Piece(kind, out[-1].text + text)
    else:
        out.append(Piece(kind, text))
