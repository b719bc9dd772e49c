"""Review files: the entries of a catalog that need work, out in one short PO file and back.

:func:`export_review` keeps only the untranslated and fuzzy entries of a catalog, with
their comments, references, flags and previous text (``#|``), as ``msgattrib
--only-fuzzy`` and ``--untranslated`` do.  Each entry carries a fingerprint of its state in
the catalog at export time (an extracted comment ``reply-i18n review base: …``), and the
header names the catalog it came from (``X-Reply-I18n-Catalog``).

:func:`merge_review` brings the translators' work back.  An entry whose catalog entry
changed in between (another translator, an ``update`` that changed the English text) is a
:class:`Conflict`: reported, and never overwritten.  Pure: the caller reads and writes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

from reply_i18n.errors import CatalogError
from reply_i18n.po.pofile import Catalog, Message, format_header, parse_header

BASE_PREFIX = "reply-i18n review base: "
CATALOG_FIELD = "X-Reply-I18n-Catalog"


def fingerprint(msg: Message) -> str:
    """A short hash of an entry's translation state: text, translation, fuzzy flag."""
    state = [
        msg.msgid,
        msg.msgid_plural,
        msg.msgstr,
        sorted(msg.msgstr_plural.items()),
        msg.fuzzy,
    ]
    data = json.dumps(state, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def needs_work(msg: Message) -> bool:
    """An active entry that is untranslated or fuzzy."""
    return not msg.obsolete and not msg.translated


def export_review(catalog: Catalog, *, catalog_path: str) -> Catalog | None:
    """The entries of ``catalog`` that need work, as a catalog of their own; None when
    there are none.  ``catalog_path`` (relative to the project) goes into the header."""
    todo = [m for m in catalog.messages if needs_work(m) and m.msgid]
    if not todo:
        return None
    fields = parse_header(catalog.header.msgstr)
    fields[CATALOG_FIELD] = catalog_path
    header = replace(
        catalog.header,
        msgstr=format_header(fields.items()),
        comments=[f"Review file of {catalog_path}: only the entries that need work."],
        flags=list(catalog.header.flags),
    )
    messages = [
        replace(
            m,
            comments=list(m.comments),
            auto_comments=[*m.auto_comments, BASE_PREFIX + fingerprint(m)],
            references=list(m.references),
            flags=list(m.flags),
            msgstr_plural=dict(m.msgstr_plural),
        )
        for m in todo
    ]
    return replace(catalog, header=header, messages=messages)


def review_target(review: Catalog, *, path: str) -> str:
    """The catalog a review file belongs to (``X-Reply-I18n-Catalog``)."""
    target = review.header_fields().get(CATALOG_FIELD, "").strip()
    if not target:
        raise CatalogError(
            f"not a review file: its header has no {CATALOG_FIELD} "
            "(write one with `reply-i18n check --export-review DIR`)",
            path=path,
            line=review.header.line or None,
        )
    return target


@dataclass(frozen=True, slots=True)
class Conflict:
    """An entry of a review file that was not merged."""

    segment: str
    line: int
    """Line of the entry in the review file."""
    reason: str


@dataclass(slots=True)
class ReviewMerge:
    """What :func:`merge_review` did."""

    applied: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def _base(msg: Message) -> tuple[str | None, list[str]]:
    base = None
    rest = []
    for c in msg.auto_comments:
        if c.startswith(BASE_PREFIX):
            base = c[len(BASE_PREFIX) :].strip()
        else:
            rest.append(c)
    return base, rest


def _work(msg: Message) -> tuple[object, ...]:
    return (msg.msgstr, sorted(msg.msgstr_plural.items()), msg.fuzzy, msg.comments)


def merge_review(catalog: Catalog, review: Catalog) -> tuple[Catalog, ReviewMerge]:
    """Apply the translations of ``review`` to ``catalog``.

    An entry is applied when its catalog entry is still as it was at export time (same
    fingerprint); otherwise, unless both hold the same work, it is a conflict and the
    catalog entry is kept.  Returns the new catalog and what was done.
    """
    result = ReviewMerge()
    active = {m.msgctxt: m for m in catalog.messages if not m.obsolete}
    updated: dict[int, Message] = {}
    for rev in review.messages:
        if rev.obsolete or not rev.msgid:
            continue
        base, _auto = _base(rev)
        seg = rev.msgctxt or rev.msgid[:40]
        cur = active.get(rev.msgctxt)
        if cur is None or cur.msgid != rev.msgid or cur.msgid_plural != rev.msgid_plural:
            what = "is no longer in the catalog" if cur is None else "has a new English text"
            result.conflicts.append(
                Conflict(seg, rev.line, f"the entry {what}; run `check --export-review` again")
            )
            continue
        if _work(cur) == _work(rev):
            result.unchanged += 1
            continue
        if base is None or fingerprint(cur) != base:
            result.conflicts.append(
                Conflict(
                    seg,
                    rev.line,
                    "the entry changed in the catalog since the review file was written; "
                    "kept the catalog's version",
                )
            )
            continue
        new = replace(
            cur,
            msgstr=rev.msgstr,
            msgstr_plural=dict(rev.msgstr_plural) or dict(cur.msgstr_plural),
            comments=list(rev.comments),
            auto_comments=list(cur.auto_comments),
            references=list(cur.references),
            flags=list(rev.flags),
        )
        if not new.fuzzy:
            new.previous_msgctxt = new.previous_msgid = new.previous_msgid_plural = None
        updated[id(cur)] = new
        result.applied.append(seg)
    messages = [updated.get(id(m), m) for m in catalog.messages]
    return replace(catalog, messages=messages), result
