"""What one run changed in a catalog, for the ``update`` summary.

Pure: compares the catalog as it was with the catalog as it will be written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reply_i18n.po.pofile import Catalog


@dataclass(frozen=True, slots=True)
class Changes:
    """Entries of one catalog that a run added, made fuzzy, made obsolete, revived or
    dropped, entries whose English text changed, and entries under a new ID (msgctxt) that
    carry a translation made under another: a paragraph renamed, moved or copied."""

    new: int = 0
    renamed: int = 0
    renamed_fuzzy: int = 0
    """Of the renamed entries, those that are fuzzy (their translation is to review)."""
    fuzzy: int = 0
    obsolete: int = 0
    revived: int = 0
    dropped: int = 0
    text: int = 0
    reordered: bool = False
    """Entries kept from before stand in another order (rows or paragraphs moved)."""
    other: bool = False
    """The file changes in some other way (header, comments, references, order)."""

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "renamed": self.renamed,
            "fuzzy": self.fuzzy,
            "obsolete": self.obsolete,
            "revived": self.revived,
            "dropped": self.dropped,
            "text": self.text,
        }

    def describe(self) -> str:
        """``2 new, 1 made fuzzy, 3 made obsolete``; ``""`` when nothing changed."""
        carried = "with a new ID (translation carried over"
        if self.renamed_fuzzy:
            both = self.renamed_fuzzy == self.renamed
            carried += ", fuzzy" if both else f"; {self.renamed_fuzzy} of them fuzzy"
        words = [
            (self.new, "new"),
            (self.renamed, carried + ")"),
            (self.text, "with a new English text"),
            (self.fuzzy - self.renamed_fuzzy, "made fuzzy"),
            (self.obsolete, "made obsolete"),
            (self.revived, "revived (back from obsolete)"),
            (self.dropped, "removed (untranslated, no longer in the source)"),
        ]
        told = [f"{n} {w}" for n, w in words if n]
        if self.reordered:
            told.append("entries in the source's new order")
        return ", ".join(told)


def changes(old: Catalog | None, new: Catalog, *, same_bytes: bool) -> Changes:
    """What turns ``old`` (None: no file yet) into ``new``; ``same_bytes`` says whether the
    file would be written at all."""
    if old is None:
        return Changes(new=len(new.active()), other=not same_bytes)
    before = {m.msgctxt: m for m in old.messages if not m.obsolete}
    gone = {m.msgctxt: m for m in old.messages if m.obsolete}
    after = {m.msgctxt: m for m in new.messages if not m.obsolete}
    now_obsolete = {m.msgctxt for m in new.messages if m.obsolete}
    added = [k for k in after if k not in before and k not in gone]
    revived = [k for k in after if k not in before and k in gone]
    # an added ID that already has a translation got it from an entry under another ID
    renamed = [k for k in added if after[k].has_translation]
    fuzzy = [k for k, m in after.items() if m.fuzzy and (k not in before or not before[k].fuzzy)]
    text = [
        k for k, m in after.items() if k in before and before[k].msgid != m.msgid and k not in fuzzy
    ]
    # an ID that left the catalog: made obsolete only if its entry really went to the
    # obsolete entries (a translation carried to a new ID is not lost)
    obsolete = [k for k, m in before.items() if k not in after and k in now_obsolete]
    dropped = [k for k, m in before.items() if k not in after and not m.has_translation]
    found = Changes(
        new=len(added) - len(renamed),
        renamed=len(renamed),
        renamed_fuzzy=sum(1 for k in renamed if after[k].fuzzy),
        fuzzy=len(fuzzy),
        obsolete=len(obsolete),
        revived=len(revived),
        dropped=len(dropped),
        text=len(text),
    )
    kept = [k for k in after if k in before]
    found = replace(found, reordered=kept != [k for k in before if k in after])
    return replace(found, other=not same_bytes and not found.describe())
