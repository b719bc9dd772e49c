"""The revision trail: who revised or approved an entry, and when, kept in the PO file.

ISO 17100 asks for a second person to revise every translation.  The trail is a translator
comment with a fixed prefix, which Poedit, Lokalize, Weblate and GNU gettext keep as they
keep any translator comment::

    # revision: revised by A. Reviser, 2026-11-29
    # revision: approved by B. Editor, 2026-11-30

Only the last ``revision:`` line counts; a new step replaces the old line.  The states, in
order: ``translated`` (no trail line), ``revised`` (a second person has read it against the
source), ``approved`` (released for publication).  A change of the translation by anyone
but through the review round trip drops the entry back to ``translated``: the trail records
the fingerprint of the text it vouches for.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from dataclasses import dataclass

from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.coverage import count_words

PREFIX = "revision:"
#: Revision states, in order.
STATES = ("translated", "revised", "approved")
_LINE = re.compile(
    r"^revision: (?P<state>revised|approved) by (?P<who>.+?), (?P<date>\d{4}-\d{2}-\d{2})"
    r"(?: \[(?P<digest>[0-9a-f]{8})\])?$"
)


@dataclass(frozen=True, slots=True)
class Revision:
    """One step of the trail."""

    state: str
    """``revised`` or ``approved``."""
    who: str
    date: datetime.date
    digest: str = ""
    """The first 8 hex digits of the SHA-256 of the translation this step vouches for."""


def text_digest(msgstr: str) -> str:
    """The short digest of a translation that a trail line records."""
    return hashlib.sha256(msgstr.encode("utf-8")).hexdigest()[:8]


def revision_of(msg: Message) -> Revision | None:
    """The entry's last revision step, or None; a step whose digest no longer matches the
    translation (the text changed since) does not count."""
    for comment in reversed(msg.comments):
        m = _LINE.match(comment)
        if m:
            step = Revision(
                m["state"], m["who"], datetime.date.fromisoformat(m["date"]), m["digest"] or ""
            )
            if step.digest and step.digest != text_digest(msg.msgstr):
                return None
            return step
    return None


def state_of(msg: Message) -> str:
    """``untranslated``, ``fuzzy``, or one of :data:`STATES`."""
    if not msg.msgstr.strip() and not any(msg.msgstr_plural.values()):
        return "untranslated"
    if msg.fuzzy:
        return "fuzzy"
    step = revision_of(msg)
    return step.state if step else "translated"


def with_revision(msg: Message, state: str, who: str, date: datetime.date) -> Message:
    """A copy of the entry with its trail set to ``state`` by ``who`` on ``date``; the
    fuzzy flag is cleared, since a revised entry is final."""
    if state not in STATES[1:]:
        raise ValueError(f"unknown revision state {state!r}")
    who = " ".join(who.split()).replace(",", " ")
    comments = [c for c in msg.comments if not c.startswith(PREFIX)]
    comments.append(f"{PREFIX} {state} by {who}, {date.isoformat()} [{text_digest(msg.msgstr)}]")
    new = dataclasses.replace(msg, comments=comments, flags=list(msg.flags))
    new.fuzzy = False
    new.previous_msgid = None
    new.previous_msgctxt = None
    new.previous_msgid_plural = None
    return new


def unrevised(catalog: Catalog, required: str) -> list[Message]:
    """Active entries that have not reached the revision state ``required`` (``revised``
    or ``approved``); an approved entry counts as revised."""
    rank = {state: n for n, state in enumerate(("untranslated", "fuzzy", *STATES))}
    need = rank[required]
    return [m for m in catalog.active() if m.msgid and rank.get(state_of(m), 0) < need]


def reviewer_words(catalog: Catalog) -> dict[str, tuple[int, int]]:
    """Segments and source words revised or approved per reviser, by the trail."""
    out: dict[str, tuple[int, int]] = {}
    for msg in catalog.active():
        step = revision_of(msg)
        if step is None or not msg.msgid:
            continue
        segments, words = out.get(step.who, (0, 0))
        out[step.who] = (segments + 1, words + count_words(msg.msgid))
    return dict(sorted(out.items()))
