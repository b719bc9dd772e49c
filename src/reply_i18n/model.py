"""Plain data of the pipeline: a parsed document and its segments.

Nothing here does I/O.  A :class:`Document` is what the parser makes of one source file;
its segments are listed in document order and each carries a stable, structural ID.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

#: Segment kinds that hold translatable text.
TRANSLATABLE_KINDS = frozenset(
    {
        "distribution",  # the distribution notice printed above the symbol
        "language",  # "ENGLISH only"
        "note",  # a paragraph of the note verbale
        "enclosure",  # "Enclosure: as stated"
        "place",  # the place of signature ("Vienna")
        "addressee",  # one line of the addressee block
        "title",  # a questionnaire title
        "part",  # a part heading ("Part I")
        "condition",  # a conditional heading ("If yes:")
        "question",  # a question or sub-question text
        "answer",  # a paragraph (or list item) of an answer
        "paragraph",  # a paragraph outside any recognised structure
    }
)

#: Segment kinds carried into editions verbatim and kept out of catalogs.
VERBATIM_KINDS = frozenset({"symbol", "letterhead", "address", "note-number"})

#: Segment kinds that carry a date, shown localised in editions.
DATE_KINDS = frozenset({"date", "signed"})


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of text, translated as a whole."""

    id: str
    """Stable structural ID, used as the catalog's msgctxt."""
    kind: str
    """What the segment is: one of the kinds listed in this module."""
    text: str
    """Normalised English text; inline emphasis kept as Markdown (``*x*``, ``**x**``)."""
    line: int
    """1-based line of the source where the segment starts."""
    where: str = ""
    """Where the segment is, told to translators ("Part I, question 3: answer, paragraph 2")."""
    label: str = ""
    """Number or label printed before the text in editions ("3.", "(a)"); never translated."""
    questionnaire: str = ""
    """Key of the questionnaire the segment belongs to, or "" for front matter."""
    part: str = ""
    """Part numeral ("I", "II") or ""."""
    question: str = ""
    """Question number as printed ("3") or ""."""
    sub: str = ""
    """Sub-question letter ("a") or ""."""
    date: datetime.date | None = None
    """For date kinds: the date itself."""
    item: bool = False
    """True for an item of a bulleted list."""

    @property
    def translatable(self) -> bool:
        return self.kind in TRANSLATABLE_KINDS


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning about the source, with the line it concerns."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """A questionnaire of the reply, as recognised by the parser."""

    key: str
    title: str
    line: int


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed source document."""

    name: str
    """Document name: the source file's stem (``fsc-emi-122-25``)."""
    source: str
    """Path of the source as given (used in references and messages)."""
    segments: tuple[Segment, ...]
    questionnaires: tuple[Questionnaire, ...] = ()
    warnings: tuple[Diagnostic, ...] = field(default=())

    @property
    def symbol(self) -> str:
        for seg in self.segments:
            if seg.kind == "symbol":
                return seg.text
        return ""

    def translatable(self) -> list[Segment]:
        return [s for s in self.segments if s.translatable]

    def by_id(self) -> dict[str, Segment]:
        return {s.id: s for s in self.segments}
