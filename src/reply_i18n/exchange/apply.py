"""Applying what comes back from a reviser or a CAT tool to a catalog, under conflict rules.

Every exported entry carries a fingerprint of what it was at export time.  On import:

- an entry whose fingerprint still matches is updated with what came back: a new
  translation, a comment (a translator comment ``review: …``), a new state;
- an entry that changed in the PO file since the export is a **conflict**: the PO's version
  stays, the returned translation is kept beside it as a translator comment
  (``review conflict: …``) and the entry is marked fuzzy, so it is looked at — nothing is
  overwritten silently;
- an ID the catalog does not hold is an error, and nothing is written.

An import that brings back nothing new changes no byte of the catalog.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from reply_i18n.errors import ReplyI18nError
from reply_i18n.exchange.trail import state_of, with_revision
from reply_i18n.po.pofile import Catalog, Message

REVIEW_PREFIX = "review:"
CONFLICT_PREFIX = "review conflict:"


class ExchangeError(ReplyI18nError):
    """A returned review file or XLIFF file cannot be applied."""


def text_digest(text: str) -> str:
    """SHA-256 of a text, 16 hex digits: what an exchange file records of the exported
    translation, so that an import can tell whether the reviser changed it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint(msg: Message) -> str:
    """What an entry was when exported: SHA-256 over its ID, English, translation and fuzzy
    flag, 16 hex digits."""
    data = "\0".join([msg.msgctxt or "", msg.msgid, msg.msgstr, "fuzzy" if msg.fuzzy else ""])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Returned:
    """One entry as it came back."""

    id: str
    """The segment ID (msgctxt)."""
    fingerprint: str
    """The entry's fingerprint at export."""
    exported: str
    """:func:`text_digest` of the translation as exported."""
    target: str
    """The translation as returned."""
    state: str
    """The state as returned: ``untranslated``, ``fuzzy``, ``translated``, ``revised`` or
    ``approved``."""
    comment: str = ""
    """A comment added by the reviser, or ""."""
    line: int | None = None
    """Where the entry is in the returned file, for messages."""


@dataclass(slots=True)
class Outcome:
    """What an import did to one catalog."""

    changed: list[str] = field(default_factory=list)
    commented: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    """Entries whose state changed otherwise (confirmed, or sent back to fuzzy)."""
    conflicts: list[str] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.changed or self.commented or self.revised or self.states or self.conflicts)


def apply_returned(
    catalog: Catalog,
    returned: Sequence[Returned],
    *,
    exported_states: dict[str, str],
    who: str,
    date: datetime.date,
    path: str,
    returned_path: str,
    revising: bool,
) -> tuple[Catalog, Outcome]:
    """The catalog with the returned entries applied, and what was done.

    ``exported_states`` maps each ID to the state it had at export (to see what the reviser
    changed).  ``revising`` is true for a reviser's round trip (an edit counts as a
    revision) and false for a translator's (an edit is a translation).  Applying the same
    returned file twice changes nothing the second time.  Raises :class:`ExchangeError`,
    naming ``returned_path`` and the line, for an ID the catalog (``path``) does not hold.
    """
    index = {m.msgctxt or "": i for i, m in enumerate(catalog.messages) if not m.obsolete}
    for item in returned:
        if item.id not in index:
            raise ExchangeError(
                f"unknown segment ID {item.id!r}: {path} has no such entry",
                path=returned_path,
                line=item.line,
            )
    messages = list(catalog.messages)
    outcome = Outcome()
    for item in returned:
        i = index[item.id]
        messages[i] = _apply_one(messages[i], item, exported_states, who, date, revising, outcome)
    return dataclasses.replace(catalog, messages=messages), outcome


def _apply_one(
    msg: Message,
    item: Returned,
    exported_states: dict[str, str],
    who: str,
    date: datetime.date,
    revising: bool,
    outcome: Outcome,
) -> Message:
    edited = item.target != "" and text_digest(item.target) != item.exported
    new_text = edited and item.target != msg.msgstr
    state_moved = item.state != exported_states.get(item.id, "")
    note = " ".join(item.comment.split())
    if (
        fingerprint(msg) != item.fingerprint
        and item.target != msg.msgstr
        and (edited or state_moved)
    ):
        # the entry changed in the PO since the export: keep both, overwrite nothing
        proposal = f"{CONFLICT_PREFIX} {who}, {date.isoformat()}: {item.target}"
        if proposal in msg.comments:
            return msg
        msg = dataclasses.replace(msg, comments=[*msg.comments, proposal], flags=list(msg.flags))
        msg.fuzzy = True
        outcome.conflicts.append(item.id)
        return msg
    if note and f"{REVIEW_PREFIX} {note}" not in msg.comments:
        msg = dataclasses.replace(msg, comments=[*msg.comments, f"{REVIEW_PREFIX} {note}"])
        outcome.commented.append(item.id)
    if new_text:
        msg = dataclasses.replace(msg, msgstr=item.target, flags=list(msg.flags))
        msg.fuzzy = item.state in ("fuzzy", "untranslated")
        outcome.changed.append(item.id)
    current = state_of(msg)
    wanted = item.state
    if new_text and revising and wanted not in ("revised", "approved"):
        wanted = "revised"  # a reviser's edit is a revision
    if wanted in ("revised", "approved") and (state_moved or new_text) and current != wanted:
        msg = with_revision(msg, wanted, who, date)
        outcome.revised.append(item.id)
    elif state_moved and wanted == "fuzzy" and not msg.fuzzy:
        msg = dataclasses.replace(msg, flags=list(msg.flags))
        msg.fuzzy = True
        outcome.states.append(item.id)
    elif state_moved and wanted == "translated" and msg.fuzzy and msg.msgstr.strip():
        msg = dataclasses.replace(msg, flags=list(msg.flags))
        msg.fuzzy = False
        outcome.states.append(item.id)
    return msg


def export_state(msg: Message) -> str:
    """The state an entry is exported with (see :func:`reply_i18n.exchange.trail.state_of`)."""
    return state_of(msg)
