"""Plain data of the pipeline: a parsed document and its segments.

Nothing here does I/O.  A :class:`Document` is what the parser makes of one source file;
its segments are listed in document order and each carries a stable, structural ID.
"""

from __future__ import annotations

import datetime
import unicodedata
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
        "heading",  # any other heading: a reply's title, a numbered heading over questions
        "contents",  # an entry of a table of contents (without its page number)
        "cell",  # a table cell
        "footnote",  # the text of a footnote
    }
)

#: Segment kinds carried into editions verbatim and kept out of catalogs.
VERBATIM_KINDS = frozenset({"symbol", "letterhead", "address", "note-number"})

#: Segment kinds that carry a date, shown localised in editions.
DATE_KINDS = frozenset({"date", "signed"})


def nfc(text: str) -> str:
    """``text`` in Unicode normalisation form C (UAX #15).  Editors and platforms save the
    same letter in different forms (``ə`` as one code point, or ``e`` and a combining
    mark): texts are read and compared in NFC, so that canonically equal texts are equal.
    Text already in NFC, nearly all of it, is returned as it is, not copied."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


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
    cell: tuple[int, int, int] | None = None
    """For a table cell: (table, row, column), each counted from 0; the table is counted
    through the whole document, so consecutive cells with the same table make one table."""

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


@dataclass(frozen=True, slots=True)
class Cell:
    """One segment in one language."""

    lang: str
    """Language code of the cell (``en``, ``az``, ``ru``), used as the HTML ``lang``."""
    text: str
    """Text to show; inline emphasis as Markdown (``*x*``, ``**x**``), lines split by ``\\n``."""
    status: str
    """``source`` (the original), ``translated``, ``verbatim`` (carried as is), ``date``
    (localised), ``chrome`` (written by the edition itself: the language line of a
    translation), or ``missing``/``fuzzy`` (the English text shown in place of a translation)."""
    previous: str = ""
    """For a ``fuzzy`` cell: the translation being revised ("" when there is none)."""
    previous_source: str = ""
    """For a ``fuzzy`` cell: the English text that translation was made for (the entry's
    ``#| msgid``, or its msgid when the source changed under it)."""


@dataclass(frozen=True, slots=True)
class Row:
    """A segment across the languages of an edition."""

    segment: Segment
    cells: tuple[Cell, ...]
    merged: bool = False
    """Shown inside another row (the place of signature, with its date), so editions skip
    it; a translation memory still has it as a unit of its own."""


@dataclass(frozen=True, slots=True)
class LanguageCoverage:
    """How much of a document one language covers."""

    lang: str
    name: str
    """The language's own name, from Babel (``azərbaycan``)."""
    translated: int
    total: int
    missing: tuple[str, ...] = ()
    """IDs of segments that are untranslated or fuzzy."""

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else 100.0 * self.translated / self.total


@dataclass(frozen=True, slots=True)
class Edition:
    """A document laid out in rows × languages, ready to render."""

    document: str
    """Document name (``fsc-emi-122-25``)."""
    symbol: str
    """Document symbol (``FSC.EMI/122/25``), or the name when there is none."""
    languages: tuple[str, ...]
    coverage: tuple[LanguageCoverage, ...]
    rows: tuple[Row, ...]
    stamp: datetime.datetime
    """Build time: from SOURCE_DATE_EPOCH, or the newest date of the inputs."""

    @property
    def shown(self) -> tuple[Row, ...]:
        """The rows an edition shows: all but those merged into another row."""
        return tuple(r for r in self.rows if not r.merged)

    @property
    def incomplete(self) -> bool:
        return any(c.missing for c in self.coverage)

    @property
    def landscape(self) -> bool:
        return len(self.languages) >= 3

    @property
    def stem(self) -> str:
        """File name stem: ``fsc-emi-122-25.en-az``."""
        return f"{self.document}.{'-'.join(self.languages)}"
