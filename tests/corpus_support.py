"""The corpus of replies under ``tests/corpus/``: one folder per case, with the source
(``<case>.txt`` or ``<case>.md``), its golden outline (``outline.txt``) and what a reader of
the reply expects (``expected.json``: the shape of the reply, the IDs of its questions and of
the segments carried verbatim, and an ``xfail`` reason while a reader cannot read it yet).

The word accounting is shared by the corpus tests, the property tests and the figures
script (``benchmarks/corpus.py``): every word of a source, conversion debris and dropped
labels aside, must end up in exactly one segment, a segment's label included.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reply_i18n.model import Document
from reply_i18n.source.structure import LEADER_RE, SUB_RE, _is_heading_line, parse_document
from reply_i18n.source.text import read_text

CORPUS = Path(__file__).resolve().parent / "corpus"

_WORD = re.compile(r"\w+")
# labels the parser drops on purpose: "Reply:", "Question", "Question No." or "Q." before a
# number (the number itself is kept as the question's label)
_DROPPED = [
    re.compile(r"^(?:\*\*)?\s*(?:Reply|Answer|Response)\s*:", re.I),
    re.compile(r"^(?:\*\*)?(?:[-–•]\s+)?(?:\*\*)?\s*(?:Question\s+(?:No\.?\s*)?|Q\.?\s?)(?=\d)"),
]


_ALONE = re.compile(r"^(?:\*\*)?\s*(?:Question\s+(?:No\.?\s*)?|Q\.?\s?)\d+[.:)]?(?:\*\*)?$")


def _not_its_text(following: str) -> bool:
    """A block that cannot be the text of a "Question 8" printed on a line of its own."""
    return _is_heading_line(following) and not SUB_RE.match(following)


@dataclass(frozen=True)
class Case:
    name: str
    source: Path
    expected: dict[str, Any]

    @property
    def text(self) -> str:
        return self.source.read_text(encoding="utf-8")

    def parse(self, text: str | None = None) -> Document:
        return parse_document(
            self.text if text is None else text,
            name=self.name,
            source=f"source/{self.source.name}",
        )


def cases() -> list[Case]:
    out = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        source = next(
            p for p in folder.iterdir() if p.suffix in (".txt", ".md") and p.stem == folder.name
        )
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        out.append(Case(folder.name, source, expected))
    return out


def source_words(text: str) -> Counter[str]:
    """Words of a source as the reader hands it over (page furniture dropped), without the
    labels the parser drops and the page numbers of a table of contents."""
    blocks, _ = read_text(text)
    words: Counter[str] = Counter()
    for n, blk in enumerate(blocks):
        # a "Question 8" alone before another question is kept as printed
        alone = (
            len(blk.lines) == 1
            and _ALONE.match(blk.lines[0].text)
            and (n + 1 == len(blocks) or _not_its_text(blocks[n + 1].lines[0].text))
        )
        for k, ln in enumerate(blk.lines):
            line = ln.text
            # "Question 1" opens a block; "Reply:" opens any line
            for pattern in _DROPPED if k == 0 and not alone else _DROPPED[:1]:
                line = pattern.sub("", line, count=1)
            m = LEADER_RE.match(line)
            if m:
                line = m[1]
            words.update(_WORD.findall(line))
    return words


def segment_words(doc: Document) -> Counter[str]:
    """Words of a document's segments, labels included."""
    words: Counter[str] = Counter()
    for seg in doc.segments:
        words.update(_WORD.findall(seg.label))
        words.update(_WORD.findall(seg.text))
    return words
