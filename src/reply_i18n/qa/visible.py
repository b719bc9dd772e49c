"""Text made safe to show in a finding: invisible and look-alike characters made visible.

A no-break space looks like a space and a zero-width space looks like nothing, so a
finding that quotes them verbatim cannot be acted on.  :func:`visible` replaces every space
other than U+0020, every format and control character, and every line break with a short
bracketed name (``⟨NBSP⟩``, ``⟨U+2060⟩``), and :func:`first_words` shortens a segment for a
one-line listing.
"""

from __future__ import annotations

import unicodedata

#: short names for the characters met most often in translations
NAMES = {
    "\u00a0": "NBSP",
    "\u202f": "NNBSP",
    "\u2007": "FIGURE SPACE",
    "\u2009": "THIN SPACE",
    "\u200a": "HAIR SPACE",
    "\u3000": "IDEOGRAPHIC SPACE",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u2060": "WJ",
    "\u00ad": "SHY",
    "\ufeff": "BOM",
    "\t": "TAB",
    "\n": "LF",
    "\r": "CR",
}


def _hidden(ch: str) -> bool:
    if ch == " ":
        return False
    category = unicodedata.category(ch)
    return category in ("Zs", "Zl", "Zp", "Cc", "Cf", "Co", "Cn") or ch in NAMES


def visible(text: str) -> str:
    """``text`` with each invisible or space-like character (other than U+0020) shown as
    ``⟨NAME⟩`` or ``⟨U+XXXX⟩``: ``"2\\u00a0700"`` → ``"2⟨NBSP⟩700"``."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"⟨{NAMES.get(ch, f'U+{ord(ch):04X}')}⟩" if _hidden(ch) else ch for ch in text)


def first_words(text: str, words: int = 8, width: int = 60) -> str:
    """The opening words of a segment, at most ``words`` words and about ``width``
    characters, with ``…`` when cut; invisible characters made visible."""
    parts = text.split(" ")
    cut = " ".join(parts[:words])
    if len(cut) > width:
        cut = cut[:width].rstrip()
    shown = visible(cut)
    return shown + ("…" if cut != text else "")
