"""Characters of the symbol fonts (Symbol, Wingdings) as the Unicode characters they draw.

Word writes a bullet, a check mark or a ballot box from a symbol font as a code in the
private use area (``w:sym w:char="F0FE"``, or U+F0FE in a PDF's text layer); the reader
sees the drawn character, and so should a translator.
"""

from __future__ import annotations

SYMBOL_GLYPHS = {
    "\uf0b7": "•",  # Symbol: bullet
    "\uf0a7": "▪",  # Wingdings: small square
    "\uf06e": "■",  # Wingdings: black square
    "\uf0d8": "➢",  # Wingdings: arrowhead
    "\uf076": "❖",  # Wingdings: diamond
    "\uf0fc": "✓",  # Wingdings: check mark
    "\uf0fb": "✗",  # Wingdings: ballot x
    "\uf0a8": "☐",  # Wingdings: ballot box
    "\uf06f": "☐",  # Wingdings: white square
    "\uf0fd": "☒",  # Wingdings: ballot box with x
    "\uf078": "☒",  # Wingdings: ballot box with x
    "\uf0fe": "☑",  # Wingdings: ballot box with check
    "\uf02d": "–",  # Symbol: dash
}
"""Private-use code of a symbol font's glyph → the Unicode character it draws."""
