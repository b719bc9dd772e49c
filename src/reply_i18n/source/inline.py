"""Inline emphasis as Markdown: styled runs of text → ``**bold**`` and ``*italic*``.

The Word and PDF readers see emphasis as a property of runs or characters; text sources
write it as Markdown.  :func:`emphasis` turns runs into the Markdown a text source would
hold, so that the same reply gives the same text whatever its format.
"""

from __future__ import annotations

from collections.abc import Iterable

Run = tuple[str, bool, bool]
"""A run of text and its emphasis: ``(text, bold, italic)``.  ``"\\n"`` in the text is a
line break."""

_MARK = {"b": "**", "i": "*"}


def emphasis(runs: Iterable[Run]) -> list[str]:
    """The lines of a paragraph's runs, with emphasis as Markdown.

    Markers enclose words, never the white space around them, and an emphasis that goes
    on across a line break opens on the first line and closes on the last, as it would
    in a text file.  Where both open together, the one that lasts longer opens first
    (``***a** b*``); a change of emphasis closes only what ends (and what was opened
    inside it).  Spaces are normalised (runs of white space → one space, none at line
    ends).
    """
    runs = list(runs)
    out: list[str] = []
    stack: list[str] = []  # open markers, outermost first
    pending = ""  # white space (and line breaks) not yet written
    for k, (text, bold, italic) in enumerate(runs):
        core = text.strip()
        if not core:
            pending += text
            continue
        want = {m for m, on in (("b", bold), ("i", italic)) if on}
        pending += text[: len(text) - len(text.lstrip())]
        if set(stack) != want:
            # close what no longer applies, before the white space; open what starts,
            # after it
            keep = 0
            while keep < len(stack) and stack[keep] in want:
                keep += 1
            out.extend(_MARK[m] for m in reversed(stack[keep:]))
            del stack[keep:]
            out.append(pending)
            opening = sorted(want - set(stack), key=lambda m: (-_lasts(runs, k, m), m))
            for m in opening:
                stack.append(m)
                out.append(_MARK[m])
        else:
            out.append(pending)
        out.append(core)
        pending = text[len(text.rstrip()) :]
    out.extend(_MARK[m] for m in reversed(stack))
    joined = "".join(out)
    return [" ".join(line.split()) for line in joined.split("\n")]


def _lasts(runs: list[Run], start: int, mark: str) -> int:
    """How many runs from ``start`` on keep the emphasis ``mark`` (white space aside)."""
    flag = 1 if mark == "b" else 2
    n = 0
    for run in runs[start:]:
        if not run[0].strip():
            continue
        if not run[flag]:
            break
        n += 1
    return n
