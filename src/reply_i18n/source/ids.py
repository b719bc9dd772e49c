"""Segment IDs: slugs of a text's first words, made unique from each segment's own text.

A segment ID is the msgctxt of its PO entry, and ``update`` carries a translation by it, so
an ID must depend only on the segment it names: never on its position, nor on the order in
which the parser met it.  Two rules give that:

* :func:`slug` names a paragraph by its first words, transliterated to ASCII with
  `anyascii <https://pypi.org/project/anyascii/>`_, so that a source in Cyrillic, Greek or
  Arabic script gets a readable slug (``"Азербайджан остаётся"`` → ``azerbaydzhan-ostaetsya``)
  and never an empty one.
* :func:`assign` resolves collisions (two segments wanting one ID) as a whole, after the
  parse: *every* segment of a colliding group gets a longer name of its own, so no segment
  inherits an ID because it came first.  A segment named by its first words is named by
  more of them, up to the first word in which it differs from every other member of the
  group (``…committed-to-peace`` and ``…committed-to-its``); when its words do not tell it
  apart (a text that is a prefix of another, texts differing only in punctuation, or a
  name that would grow past :data:`MAX_SLUG`), it gets a short digest of its own normalised
  text instead.  Only segments with identical text, which any translation fits equally
  well, are told apart by their order (``-2``, ``-3``).

Pure functions over strings; no I/O.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence

from anyascii import anyascii

#: most words and characters of a slug
SLUG_WORDS = 4
SLUG_CHARS = 40
#: longest slug (in characters) that naming by more words may produce before a digest is used
MAX_SLUG = 80
#: hex digits of the digest that names a segment whose words cannot
DIGEST_CHARS = 6

_WORD_RE = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of a text as slugs see them: ASCII (transliterated), lower case, with
    apostrophes dropped (``"Armenia's"`` → ``armenias``)."""
    ascii_text = anyascii(text.replace("'", "").replace("’", "")).lower()
    return _WORD_RE.findall(ascii_text)


def slug(text: str, words_: int = SLUG_WORDS, limit: int = SLUG_CHARS) -> str:
    """ASCII slug of a text's first ``words_`` words, at most ``limit`` characters long.

    ``"Armenia's military aggression"`` → ``armenias-military-aggression``;
    ``"Азербайджан остаётся привержен"`` → ``azerbaydzhan-ostaetsya-priverzhen``.
    The slug is empty only for a text without letters or digits in any script.
    """
    return _join(words(text)[:words_], limit)


def _join(parts: Sequence[str], limit: int) -> str:
    out = ""
    for p in parts:
        cand = f"{out}-{p}" if out else p
        if len(cand) > limit:
            break
        out = cand
    if not out and parts:  # one very long word: cut it rather than lose it
        out = parts[0][:limit]
    return out


def digest(text: str) -> str:
    """Short hex digest of a text with its white space normalised: its own, stable name."""
    norm = " ".join(text.split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def _common(a: Sequence[str], b: Sequence[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _longer_name(ident: str, text: str, others: Sequence[str]) -> str:
    """``ident`` made unique against the group's other texts, from ``text`` alone."""
    incipit = slug(text)
    mine = words(text)
    if incipit and ident.endswith("." + incipit):
        stem = ident[: -len(incipit)]
        need = max((_common(mine, words(o)) for o in others), default=0) + 1
        longer = "-".join(mine[:need])
        if need <= len(mine) and len(longer) <= MAX_SLUG:
            return stem + longer
    return f"{ident}-{digest(text)}"


def assign(wanted: Sequence[tuple[str, str]]) -> list[str]:
    """Unique IDs for segments, from the IDs they want and their own texts.

    ``wanted`` is a list of ``(id, text)`` in document order; the result has one ID per
    item, in the same order.  An ID wanted once is kept.  The members of a group wanting
    the same ID are all renamed, each from its own text (see the module's documentation),
    so that the result for a segment does not depend on the order of the group, and a
    segment inserted next to another never takes that other's ID.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (ident, _text) in enumerate(wanted):
        groups[ident].append(i)
    out = [ident for ident, _text in wanted]
    taken = {ident for ident, members in groups.items() if len(members) == 1}
    for ident, members in groups.items():
        if len(members) == 1:
            continue
        texts = sorted({" ".join(wanted[i][1].split()) for i in members})
        if len(texts) == 1:
            name_of = {texts[0]: ident}
        else:
            name_of = {t: _longer_name(ident, t, [o for o in texts if o != t]) for t in texts}
        # the same text twice in one place: any order-based name will do, since one
        # translation fits both
        seen: dict[str, int] = defaultdict(int)
        for i in members:
            name = name_of[" ".join(wanted[i][1].split())]
            seen[name] += 1
            if seen[name] > 1:
                name = f"{name}-{seen[name]}"
            out[i] = name
    # a longer name may, rarely, equal an ID wanted elsewhere: give it a digest as well
    final: set[str] = set()
    for i, name in enumerate(out):
        if name in final or (name != wanted[i][0] and name in taken):
            base = name = f"{name}-{digest(wanted[i][1])}"
            n = 2
            while name in final or name in taken:
                name, n = f"{base}-{n}", n + 1
        final.add(name)
        out[i] = name
    return out
