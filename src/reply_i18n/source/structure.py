"""Blocks of a reply → a :class:`~reply_i18n.model.Document`.

Pure functions: no file is read here, and no file format is known.  A reader
(:mod:`~reply_i18n.source.text`, Word, PDF) gives blocks; :func:`parse_blocks` then

1. reads each block's list label as printed before its text (:func:`with_label`);
2. re-joins paragraphs and questions that a page break split in two
   (:func:`join_split_paragraphs`);
3. walks the blocks with a state machine that knows the shapes of the questionnaires
   missions answer: front matter (symbol, stamp, letterhead before a note verbale,
   address, note number, the note, place and date, addressees), questionnaires, parts and
   sections, numbered headings over decimal questions, questions and sub-questions,
   conditional headings, answers with their lists, tables, headings and tables of
   contents.

Whether a numbered block is a question, a heading or an item of a list inside an answer is
decided from the numbering's context (:func:`_numbered_role`): a number with sub-numbers
is a heading, a numbering that restarts inside an answer is a list, and a list's items
never shift the questions' numbers.

Segment IDs come from the document's own structure, never from global positions: a
question is ``<questionnaire>.part<N>.q<number>[.<letter>].question`` and a paragraph of
its answer is ``….answer.<incipit>``, where the incipit is a slug of the paragraph's first
words.  Inserting, deleting or editing one paragraph therefore leaves every other ID as it
was; an edit of a paragraph's first words changes its ID, and ``update`` then finds the old
translation by text similarity instead.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from reply_i18n.errors import SourceError
from reply_i18n.model import Diagnostic, Document, Questionnaire, Segment
from reply_i18n.source import ids
from reply_i18n.source.blocks import Block, Line
from reply_i18n.source.hyphens import split_word, vocabulary
from reply_i18n.source.ids import slug
from reply_i18n.source.patterns import SYMBOL_HEAD_RE, SYMBOL_RE
from reply_i18n.source.text import read_text

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_RE = "|".join(m.capitalize() for m in MONTHS)

DATE_RE = re.compile(rf"^(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})$")
DATE_US_RE = re.compile(rf"^({_MONTH_RE})\s+(\d{{1,2}}),\s+(\d{{4}})$")
PLACE_DATE_RE = re.compile(rf"^([A-Z][^\d,]{{1,40}}),\s+(\d{{1,2}}\s+(?:{_MONTH_RE})\s+\d{{4}})$")
#: a title with the date of the reply on its line: "… ON ANTI-PERSONNEL MINES May 2017"
TITLE_DATE_RE = re.compile(
    rf"^(.*?\S)\s+((?:\d{{1,2}}\s+)?(?:{_MONTH_RE})\s+\d{{4}}|(?:{_MONTH_RE})\s+\d{{1,2}},\s+\d{{4}})$"
)
LANGUAGE_RE = re.compile(
    r"^(?:(?:ENGLISH|FRENCH|GERMAN|ITALIAN|RUSSIAN|SPANISH)(?:\s+and\s+[A-Z]+)?\s+only"
    r"|Original:\s*[A-Z][A-Za-z]+)$"
)
#: a United Nations distribution line: "Distr.: General", "Distr. LIMITED"
DISTR_RE = re.compile(r"^Distr\.?:?\s+[A-Za-z]+$")
DISTRIBUTION_RE = re.compile(r"\b(?:Secretariat|distribution|circulates?)\b", re.I)
NOTE_NUMBER_RE = re.compile(
    r"^(?=.*\d)(?:Note(?:\s+verbale)?\s+)?(?:No|Nr|Ref|N°|№)\b\.?\s*:?\s*[A-Z0-9][\w./-]*$",
    re.IGNORECASE,
)
NOTE_VERBALE_RE = re.compile(r"^Note\s+Verbale$", re.IGNORECASE)
ENCLOSURE_RE = re.compile(r"^Enclosures?\s*:", re.IGNORECASE)
ADDRESS_RE = re.compile(r"(?:\bTel\b|\bFax\b|E-?mail|@|\|)", re.IGNORECASE)
#: one line of a postal or telephone address, without the "|" and "@" of a one-line address
ADDRESS_LINE_RE = re.compile(
    r"^(?i:Tel|Telephone|Phone|Fax|Telefax|Mobile|E-?mail|Web(?:site)?|Internet)\b\.?\s*"
    r"(?:\([^)]*\)\s*)?(?::|\+?\d)"
    r"|\bwww\.|https?://|@"
    r"|^\+?\d[\d\s()/.-]{6,}\d$"
    r"|^(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÄÖÜ][\w-]+(?:\s+\d{1,2})?$"
    r"|^[A-ZÄÖÜ][\w.-]*(?i:straße|strasse|gasse|platz|ring|weg|allee|kai|str\.)\s*\d+\w?"
    r"(?:[/-]\d+)?(?:,.*)?$"
    r"|^\d+\w?,?\s+(?:[A-Z][\w'.-]*\s+){0,3}(?:Street|Road|Avenue|Boulevard|Square|Lane|Place)\b.*$"
    r"|^(?:[A-Z][\w'.-]*\s+){1,3}(?:Street|Road|Avenue|Boulevard|Square|Lane)\s*,?\s*\d+.*$"
    r"|^(?:Str\.|Strada|Rue|Via|Calle|Avenida|Av\.|ul\.|Ul\.)\s+\S.*\d"
    r"|^[A-ZÄÖÜ][\w-]+\s+\d{4,6}(?:,\s*[A-Z][\w ]+)?$"
)
TITLE_RE = re.compile(r"QUESTIONNAIRE\b", re.IGNORECASE)
#: a questionnaire's title not in capitals: "OSCE Questionnaire on Anti-Personnel Mines"
TITLE_MIXED_RE = re.compile(
    r"^(?:(?:The\s+)?OSCE\s+|The\s+)?Questionnaire\s+(?:on|for|about)\s+\S(?:[^.;:]{0,150})$"
)
PART_RE = re.compile(
    r"^(Part|Section|Chapter)\s+([IVXLC]+|\d+|[A-H])\b\s*([.:–-]?)\s*(.*)$", re.IGNORECASE
)
#: a part numbered in Roman figures, without the word: "II. OTTAWA CONVENTION"
ROMAN_PART_RE = re.compile(r"^([IVX]{1,4})\.\s+(\S.{0,80})$")
CONDITION_RE = re.compile(r"^If\s+(yes|no|not|so)\s*[:.,]?$", re.IGNORECASE)
_NUMBER = r"\d{1,4}(?:\.\d{1,3})*"
QUESTION_RE = re.compile(
    r"^(?:\*\*)?(?:[-–•]\s+)?(?:\*\*)?\s*"
    # Question 3, Question No. 1, Q.7
    rf"(?:(?:Question\s+(?:No\.?\s*)?|Q\.?\s?)({_NUMBER})\s*[.:)]?"
    r"|(\d{1,4}(?:\.\d{1,3})+)\.?(?:\s*[:)])?"  # 1.1  1.1.  1.1:
    r"|(\d{1,4})\s*[.):]"  # 3.  3)  3:
    r"|(\d{1,4})(?=\s*\([a-z]\)))"  # 8 (a)
    r"(?:\*\*)?(?:\s+|$|(?=\())(.*)$"
)
SUB_RE = re.compile(r"^(?:\*\*)?(?:[-–•]\s+)?(?:\*\*)?\s*(?:\(([a-z])\)[:.]?\s*|([a-z])\)\s+)(.*)$")
ANSWER_LABEL_RE = re.compile(r"^(?:\*\*)?(?:Reply|Answer|Response)\s*:\s*(?:\*\*)?\s*", re.I)
#: an item of a lettered or Roman-numbered list: "(a) …", "b) …", "(ii) …"
ITEM_RE = re.compile(r"^(?:\((?:[ivx]{1,4}|[a-z])\)|(?:[ivx]{1,4}|[a-z])\))\s+\S")
NUMBERED_RE = re.compile(r"^\d{1,4}[.)]\s+\S")
BULLET_RE = re.compile(r"^[-–•▪◦·*]\s+(?!\*)(.*)$")
#: an entry of a table of contents: text, dotted leader, page number
LEADER_RE = re.compile(r"^(.*?\S)\s*(?:(?:\.\s?){3,}|…+|_{3,})\s*(\d{1,3})$")
CONTENTS_RE = re.compile(r"^(?:Table\s+of\s+)?Contents$", re.IGNORECASE)
#: the heading of a form or annex of a report: "Form A: Dissemination of information"
FORM_RE = re.compile(
    r"^(?:Form|Annex|Appendix|FORM|ANNEX|APPENDIX)\s+[A-Z0-9]{1,3}\b\s*(?:[.:–-]\s*\S.{0,160})?$"
)
#: upper-case headings that close the question before them
CLOSING_HEADING_RE = re.compile(r"^(?:ANNEX|APPENDIX|FORM|ATTACHMENT)\b")
_CONTENTS_LABEL_RE = re.compile(rf"^((?:{_NUMBER})\.?|[IVXLC]+\.)\s+(.*)$")

NOTE_FORMULAS = (
    ("presents its compliments", "opening"),
    ("avails itself of this opportunity", "closing"),
)

_STOPWORDS = frozenset(["a", "an", "and", "of", "on", "the", "for", "in", "to", "osce"])
_TERMINAL = tuple(".?!:;")


def with_label(blk: Block) -> Block:
    """A block whose list label a reader drew apart (Word's automatic numbering) written
    as a text source writes it: ``1.``, ``(a)`` before the first line, a bullet as ``-``.
    The label moves to ``meta["label"]``; the cell, level and the other fields stay.
    Footnote marks are left in :attr:`Block.label`: they are not list labels."""
    if not blk.label or blk.role != "body":
        return blk
    label = blk.label if any(c.isalnum() for c in blk.label) else "-"
    first = Line(blk.lines[0].number, f"{label} {blk.lines[0].text}")
    return dataclasses.replace(
        blk, lines=[first, *blk.lines[1:]], label="", meta={**blk.meta, "label": blk.label}
    )


def join_split_paragraphs(blks: Sequence[Block]) -> list[Block]:
    """Re-join paragraphs that a page break split in two: a block that stops mid-sentence,
    followed by one that resumes with a lowercase word.  A question split so is joined too
    ("…submitted by your country in" / "accordance with Article 13…")."""
    joined: list[Block] = []
    for blk in blks:
        if joined and _continues(joined[-1], blk):
            joined[-1].lines.extend(blk.lines)
        else:
            joined.append(dataclasses.replace(blk, lines=list(blk.lines)))
    return joined


def _continues(prev: Block, nxt: Block) -> bool:
    if prev.cell is not None or nxt.cell is not None or prev.level or nxt.level:
        return False
    if prev.role != nxt.role or nxt.label:
        return False
    last = prev.lines[-1].text.rstrip("*").rstrip()
    first = nxt.lines[0].text
    if not last or not first or last.endswith(_TERMINAL) or LEADER_RE.match(last):
        return False
    if SUB_RE.match(first) or BULLET_RE.match(first):
        return False
    head = prev.lines[0].text
    question = bool(QUESTION_RE.match(head) or SUB_RE.match(head)) and not any(
        NUMBERED_RE.match(ln.text) for ln in prev.lines[1:]
    )
    if (_is_heading_line(head) and not question) or len(prev.text.split()) < 4:
        return False
    if _is_upper(prev.text):
        return False
    return first[0].islower()


def _is_heading_line(text: str) -> bool:
    t = _strip_bold(text)
    return bool(
        QUESTION_RE.match(text)
        or SUB_RE.match(text)
        or PART_RE.match(t)
        or CONDITION_RE.match(t)
        or (TITLE_RE.search(t) and _is_upper(t))
    )


def _is_upper(text: str) -> bool:
    """Every letter a capital, and at least one letter (``str.isupper`` first: it is quick to
    say no, and most text has small letters)."""
    return text.isupper() and all(c.isupper() for c in text if c.isalpha())


def _strip_bold(text: str) -> str:
    t = text.strip()
    while t.startswith("**"):
        t = t[2:].lstrip()
    while t.endswith("**"):
        t = t[:-2].rstrip()
    return t


def normalise(text: str) -> str:
    """Collapse whitespace and drop unbalanced ``**`` debris; balanced emphasis is kept."""
    t = " ".join(text.split())
    if t.count("**") % 2:
        if t.endswith("**"):
            t = t[:-2].rstrip()
        elif t.startswith("**"):
            t = t[2:].lstrip()
        else:
            i = t.rfind("**")
            t = (t[:i] + t[i + 2 :]).strip()
            t = " ".join(t.split())
    return t


def _roman(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    if len(numeral) == 1 and numeral not in "IVX":  # Section A, B, C …
        return ord(numeral) - ord("A") + 1
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=True):
        v = values[a]
        total += -v if values.get(b, 0) > v else v
    return total


def _parse_date(text: str) -> datetime.date | None:
    m = DATE_RE.match(text)
    if m:
        day, month, year = int(m[1]), MONTHS.index(m[2].lower()) + 1, int(m[3])
    else:
        m = DATE_US_RE.match(text)
        if not m:
            return None
        day, month, year = int(m[2]), MONTHS.index(m[1].lower()) + 1, int(m[3])
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def questionnaire_key(title: str) -> str:
    """Short key of a questionnaire from its title: "… ON ANTI-PERSONNEL MINES" → ``apm``."""
    t = _strip_bold(title)
    m = re.search(r"QUESTIONNAIRE\s+(?:ON|FOR|ABOUT)\s+(.*)", t, re.IGNORECASE)
    subject = m[1] if m else t
    words = [w for w in re.split(r"[\s/-]+", subject) if w and w.lower() not in _STOPWORDS]
    key = "".join(slug(w, 1)[:1] for w in words)
    return key or "questionnaire"


def _number(text: str) -> tuple[int, ...]:
    """``"1.2"`` → ``(1, 2)``."""
    return tuple(int(x) for x in text.strip(".").split("."))


def follows(prev: tuple[int, ...], n: tuple[int, ...]) -> bool:
    """True when ``n`` is a number that may come next after ``prev``: its first child
    (1 → 1.1), its next sibling (1.1 → 1.2) or the next of an ancestor (1.2 → 2, 2.1)."""
    if not prev or n == (*prev, 1):
        return True
    for k in range(len(prev)):
        if (
            len(n) > k
            and n[:k] == prev[:k]
            and n[k] == prev[k] + 1
            and all(x == 1 for x in n[k + 1 :])
        ):
            return True
    return False


def _question_number(qm: re.Match[str]) -> str:
    return next(g for g in qm.groups()[:4] if g).strip(".")


@dataclass(slots=True)
class _State:
    """Mutable state of the block walker."""

    name: str
    segments: list[Segment] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    questionnaires: list[Questionnaire] = field(default_factory=list)
    in_body: bool = False
    after_signature: bool = False
    seen_symbol: bool = False
    is_note: bool = False
    note_at: int = -1
    """Index of the block where the note verbale begins (its number, its heading or its
    opening formula), or -1; upper-case blocks before it are the letterhead."""
    index: int = 0
    qn_key: str = ""
    qn_title: str = ""
    part: str = ""
    part_num: int = 0
    part_word: str = "part"
    question: str = ""
    last: tuple[int, ...] = ()
    """Number of the last question or numbered heading, (1, 2) for 1.2."""
    list_next: int = 0
    """Number the next item of a numbered list in the current answer would have, or 0."""
    question_text: str = ""
    sub: str = ""
    pending_condition: Block | None = None
    answer_count: int = 0
    tables: int = 0
    """Tables seen so far in the document."""
    scope_tables: dict[str, int] = field(default_factory=dict)
    blocks: Sequence[Block] = ()
    """All the blocks of the document (for its vocabulary)."""
    words: set[str] | None = None

    def vocabulary(self) -> set[str]:
        """The document's words (see :func:`~reply_i18n.source.hyphens.vocabulary`), taken
        when first asked for."""
        if self.words is None:
            self.words = vocabulary(b.text for b in self.blocks)
        return self.words

    def scope(self) -> str:
        parts = [self.qn_key or "body"]
        if self.part:
            parts.append(f"{self.part_word}{self.part_num}")
        if self.question:
            parts.append(f"q{self.question}")
            if self.sub:
                parts.append(self.sub)
        return ".".join(parts)

    def where(self) -> str:
        bits = []
        if self.qn_title:
            bits.append(_title_case(self.qn_title))
        if self.part:
            bits.append(f"{self.part_word.capitalize()} {self.part}")
        if self.question:
            q = f"question {self.question}"
            if self.sub:
                q += f" ({self.sub})"
            bits.append(q)
        return ", ".join(bits)

    def add(
        self,
        kind: str,
        ident: str,
        text: str,
        line: int,
        *,
        where: str = "",
        label: str = "",
        date: datetime.date | None = None,
        item: bool = False,
        cell: tuple[int, int, int] | None = None,
    ) -> None:
        self.segments.append(
            Segment(
                id=ident,  # made unique by ids.assign once the parse is done
                kind=kind,
                text=text,
                line=line,
                where=where,
                label=label,
                questionnaire=self.qn_key,
                part=self.part,
                question=self.question,
                sub=self.sub,
                date=date,
                item=item,
                cell=cell,
            )
        )


def _title_case(title: str) -> str:
    t = _strip_bold(title)
    if _is_upper(t):
        words = t.lower().split()
        keep_upper = {"osce", "erw", "ccw", "un", "salw"}
        t = " ".join(w.upper() if w in keep_upper else w for w in words)
        t = t[:1].upper() + t[1:]
    return t


def parse_document(text: str, *, name: str, source: str) -> Document:
    """Parse the text of one reply.  ``name`` is the document's name (file stem), ``source``
    the path used in references and messages."""
    blks, _debris = read_text(text)
    return parse_blocks(blks, name=name, source=source)


def parse_blocks(blks: Sequence[Block], *, name: str, source: str) -> Document:
    """Parse the blocks of one reply, as a reader produced them, into a Document.

    The parser reads only the fields of :class:`~reply_i18n.source.blocks.Block`: a block's
    ``label`` is read as if printed before its text, a ``level`` makes it a heading, ``bold``
    marks a question, and ``cell`` makes it a table cell (kind ``cell``; the text reader
    gives the cells of a table drawn with pipes, ``| a | b |``).
    What a reader had to guess (:attr:`~reply_i18n.source.blocks.Block.warnings`) is
    reported with the document's warnings.

    Raises :class:`~reply_i18n.errors.SourceError` when there is no text at all.
    """
    if not blks:
        raise SourceError("the file is empty", path=source)
    st = _State(name=name)
    st.warnings.extend(w for b in blks for w in b.warnings)
    prepared = join_split_paragraphs([with_label(b) for b in blks])
    st.note_at = _note_start(prepared)
    st.blocks = prepared
    i = 0
    while i < len(prepared):
        st.index = i
        i = _step(st, prepared, i)
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    if (
        not st.questionnaires
        and not st.is_note
        and not any(s.kind == "question" for s in st.segments)
    ):
        body = [s for s in st.segments if s.kind in ("paragraph", "note")]
        if body:
            st.warnings.append(
                Diagnostic(
                    body[0].line,
                    "no questionnaire structure recognised: "
                    "the text is extracted paragraph by paragraph",
                )
            )
    unique = ids.assign([(s.id, s.text) for s in st.segments])
    segments = [
        s if s.id == u else dataclasses.replace(s, id=u)
        for s, u in zip(st.segments, unique, strict=True)
    ]
    return Document(
        name=name,
        source=source,
        segments=tuple(segments),
        questionnaires=tuple(st.questionnaires),
        warnings=tuple(sorted(st.warnings, key=lambda d: d.line)),
    )


# --------------------------------------------------------------------------- preparing blocks


def _note_start(blks: Sequence[Block]) -> int:
    """Index of the block that opens a note verbale, before any questionnaire, or -1."""
    for i, blk in enumerate(blks):
        plain = normalise(_strip_bold(blk.text))
        if TITLE_RE.search(plain) and _is_upper(plain):
            return -1
        if QUESTION_RE.match(blk.lines[0].text) and i > 0 and _question_text(plain, blk):
            return -1
        if (
            len(blk.lines) == 1 and (NOTE_NUMBER_RE.match(plain) or NOTE_VERBALE_RE.match(plain))
        ) or "presents its compliments" in plain:
            return i
    return -1


# --------------------------------------------------------------------------- the walker


def _step(st: _State, blks: list[Block], i: int) -> int:
    blk = blks[i]
    first = blk.lines[0].text
    plain = _strip_bold(first)

    if blk.cell is not None:
        return _table(st, blks, i)
    if blk.role == "footnote":
        _footnote(st, blk)
        return i + 1
    if _is_contents(blk):
        _contents(st, blk)
        return i + 1
    title = _title_text(st, blk)
    if title is not None and TITLE_RE.search(title):
        td = TITLE_DATE_RE.match(normalise(title))
        if (
            _is_upper(title)
            or (td and _is_upper(td[1]) and TITLE_RE.search(td[1]))
            or (
                TITLE_MIXED_RE.match(normalise(title))
                and not st.question
                and (len(blk.lines) == 1 or blk.bold or blk.level > 0)
            )
        ):
            _start_questionnaire(st, blk, title)
            return i + 1
    pm = PART_RE.match(plain)
    if pm and len(plain) < 80 and len(blk.lines) == 1 and _is_part(pm):
        _start_part(st, blk)
        return i + 1
    rm = ROMAN_PART_RE.match(normalise(plain))
    if rm and len(blk.lines) == 1 and _is_upper(rm[2]) and (st.in_body or st.questionnaires):
        _start_part(st, blk)
        return i + 1
    if CONDITION_RE.match(plain) and len(blk.lines) == 1:
        if st.pending_condition is not None:
            _flush_condition(st, st.pending_condition, before_question=False)
        st.pending_condition = blk
        return i + 1
    qm = QUESTION_RE.match(first)
    if qm and (
        st.in_body or _says_question(blk) or _looks_like_question(qm[5] or "", blk, note=st.is_note)
    ):
        role = _numbered_role(st, blks, i, qm)
        if role == "question":
            return _question(st, blks, i, qm)
        if role == "heading":
            _numbered_heading(st, blk, qm)
            return i + 1
    sm = SUB_RE.match(first)
    if sm and _sub_follows(st, blk, sm):
        start = _answer_start(blk) or len(blk.lines)
        _sub_question(st, blk, sm[1] or sm[2], sm[3], extra=blk.lines[1:start])
        if start < len(blk.lines):
            _answer(st, Block(blk.lines[start:], page=blk.page))
        return i + 1

    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    if not st.in_body:
        _front_matter(st, blk)
    elif _is_heading_block(st, blk):
        _heading(st, blk)
    else:
        _answer(st, blk)
    return i + 1


def _title_text(st: _State, blk: Block) -> str | None:
    """The text of a block that may be a questionnaire's title, emphasis marks stripped: its
    one line, or the lines of a title wrapped over two or three joined as one line (a page
    narrower than the title, a larger type), a word split at a line end by a hyphen made
    whole as the document's own words say ("ANTI-" / "PERSONNEL" → "ANTI-PERSONNEL");
    None for a longer block or one that opens with a question's number."""
    if len(blk.lines) == 1:
        return _strip_bold(blk.lines[0].text)
    if len(blk.lines) > 3 or QUESTION_RE.match(blk.lines[0].text):
        return None
    lines = [normalise(_strip_bold(ln.text)) for ln in blk.lines]
    joined = lines[0]
    for line in lines[1:]:
        mended = split_word(joined, line, st.vocabulary()) if joined.endswith(("-", "‐")) else None
        joined = " ".join(filter(None, mended)) if mended else f"{joined} {line}"
    return joined


def _is_contents(blk: Block) -> bool:
    """A block of table-of-contents entries: at least half its lines end in a leader and a
    page number."""
    entries = sum(
        bool(LEADER_RE.match(ln.text) and not ADDRESS_LINE_RE.search(ln.text)) for ln in blk.lines
    )
    return entries > 0 and entries * 2 >= len(blk.lines)


def _is_part(pm: re.Match[str]) -> bool:
    """ "Section 3: Points of contact" is a heading; "Section 3 of the Law provides …" is not."""
    rest = pm[4].rstrip()
    if re.fullmatch(r"[A-HL]", pm[2], re.I) and pm[2].upper() not in "IV" and not pm[3] and rest:
        return False  # "Section A of the Law …"; "Section A. Transfers" is a section
    if not rest or pm[3]:
        return not rest.endswith(".") or len(rest.split()) < 6
    return _is_upper(rest) or (len(rest.split()) <= 6 and not rest.endswith((".", ";", ",")))


def _is_heading_block(st: _State, blk: Block) -> bool:
    """A heading the reader saw (Word's heading styles), an upper-case line of the body, or
    the "Note Verbale" and "Contents" headings; an upper-case block before the note is the
    letterhead, and an upper-case line inside an answer is part of the answer."""
    text = normalise(_strip_bold(blk.text))
    if blk.level:
        return True
    if len(blk.lines) == 1 and (
        NOTE_VERBALE_RE.match(text) or CONTENTS_RE.match(text) or FORM_RE.match(text)
    ):
        return True
    if not _is_upper(text) or len(re.findall(r"[^\W\d_]{2,}", text)) < 2:
        return False
    if not st.in_body:
        return (
            not (st.after_signature and st.is_note)
            and not (0 <= st.index < st.note_at)
            and (len(blk.lines) <= 3 and not SYMBOL_RE.match(text))
        )
    return not st.question or bool(CLOSING_HEADING_RE.match(text) or FORM_RE.match(text))


def _heading(st: _State, blk: Block) -> None:
    text = normalise(_strip_bold(" ".join(ln.text for ln in blk.lines)))
    if FORM_RE.match(text) and not text.endswith("."):
        _enter_body(st)
    if st.in_body:
        if st.question and (blk.level or CLOSING_HEADING_RE.match(text) or FORM_RE.match(text)):
            st.question, st.sub, st.list_next = "", "", 0
        ident, where = f"{st.scope()}.heading.{slug(text) or 'h'}", f"{st.where() or 'Body'}"
    else:
        ident, where = f"front.heading.{slug(text) or 'h'}", "Front matter"
    if NOTE_VERBALE_RE.match(text):
        st.is_note = True
    st.add("heading", ident, text, blk.line, where=f"{where}: heading")


def _contents(st: _State, blk: Block) -> None:
    """Entries of a table of contents: the text of each, its number as the label; the
    dotted leader and the page number are page furniture."""
    pending: list[Line] = []
    base = st.scope() if st.in_body else "front"
    for ln in blk.lines:
        m = LEADER_RE.match(ln.text)
        if not m:
            pending.append(ln)
            continue
        text = normalise(" ".join([*(p.text for p in pending), m[1]]))
        number = pending[0].number if pending else ln.number
        pending = []
        lm = _CONTENTS_LABEL_RE.match(text)
        label, text = (lm[1], lm[2]) if lm else ("", text)
        st.add(
            "contents",
            f"{base}.contents.{slug(text) or 'entry'}",
            text,
            number,
            where="Table of contents: entry",
            label=label,
        )
    for ln in pending:  # a last line without a page number
        text = normalise(ln.text)
        st.add(
            "contents",
            f"{base}.contents.{slug(text) or 'entry'}",
            text,
            ln.number,
            where="Table of contents: entry",
        )


def _footnote(st: _State, blk: Block) -> None:
    text = normalise(blk.text)
    if text:
        st.add("footnote", f"footnote.{slug(text) or 'n'}", text, blk.line, where="Footnote")


def _table(st: _State, blks: list[Block], i: int) -> int:
    """Consecutive cells of one table → one segment per cell that has text.

    A cell's ID is ``<scope>.table<N>.<row>.c<column>``: N counts the tables of the question,
    and the row is named after the text of its first cell, so that inserting a row renames
    none of the others."""
    first = blks[i].cell
    assert first is not None
    j = i
    while j < len(blks) and blks[j].cell is not None and blks[j].cell.table == first.table:  # type: ignore[union-attr]
        j += 1
    cells = blks[i:j]
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    scope = st.scope()
    n = st.scope_tables.get(scope, 0) + 1
    st.scope_tables[scope] = n
    table = st.tables
    st.tables += 1
    # a cell of several paragraphs comes as several blocks: one segment, a line each
    rows: dict[int, dict[int, str]] = {}
    opening: dict[tuple[int, int], Block] = {}
    for blk in cells:
        assert blk.cell is not None
        row = rows.setdefault(blk.cell.row, {})
        text = normalise(blk.text)
        before = row.get(blk.cell.column, "")
        row[blk.cell.column] = f"{before}\n{text}" if before and text else before or text
        opening.setdefault((blk.cell.row, blk.cell.column), blk)
    header = rows.get(min(rows), {})
    base = scope if st.in_body else "front"
    for blk in opening.values():
        ref = blk.cell
        assert ref is not None
        text = rows[ref.row][ref.column]
        if not text:
            continue
        row = rows[ref.row]
        key = slug(row[min(row)], 3) or f"r{ref.row + 1}"
        # the row is named by its first cell, as its ID is, not by its position: adding a
        # row changes no other entry's comment
        lead = row[min(row)].split("\n", 1)[0]
        named = f"row “{_opening(lead, 40)}”" if lead and ref.row != min(rows) else ""
        if not named:
            named = "header row" if ref.row == min(rows) else f"row {ref.row + 1}"
        where = f"{st.where() or 'Body'}: table {n}, {named}, column {ref.column + 1}"
        column = header.get(ref.column, "")
        if ref.row != min(rows) and column:
            where += f" ({_opening(column, 40)})"
        st.add(
            "cell",
            f"{base}.table{n}.{key}.c{ref.column + 1}",
            text,
            blk.line,
            where=where,
            cell=(table, ref.row - min(rows), ref.column),
        )
    return j


def _numbered_role(st: _State, blks: list[Block], i: int, qm: re.Match[str]) -> str:
    """What a numbered block is: ``question``, ``heading`` (a number with sub-numbers,
    "1." over "1.1"), or ``item`` (an item of a numbered list inside an answer).

    A list is told from the questions by the numbering's context: several numbered lines in
    one block, a numbering that restarts at 1 inside an answer and goes on from there, a
    number that does not come next after the last question on a line that reads like no
    question.  A list's items never change the questions' numbers.
    """
    blk = blks[i]
    number = _number(_question_number(qm))
    text = qm[5] or ""
    sm = SUB_RE.match(text)
    qlike = _question_text(sm[3] if sm else text, blk)
    if _has_children(blks, i, number):
        return "heading"
    if blk.level and not qlike:
        return "heading"
    if not st.question and not qlike and not _says_question(blk) and _declarative(blk):
        return "item"  # a numbered paragraph of a report ("1. During the reporting period, …")
    if not st.question or _says_question(blk):  # "Question 8" says what it is
        return "question"
    if blk.list_level > 0:  # a nested item of a Word list is never a question
        return "item"
    if sum(1 for ln in blk.lines if NUMBERED_RE.match(ln.text)) >= 2:
        return "item"
    if sum(1 for ln in blk.lines if QUESTION_RE.match(ln.text)) >= 2 and len(number) > 1:
        return "item"
    nxt = follows(st.last, number) and (len(number) > 1 or len(st.last) <= 1 or qlike)
    if st.list_next and number == (st.list_next,) and not (nxt and qlike):
        return "item"
    if nxt:
        return "question"
    if not qlike:
        return "item"
    return "question"


def _declarative(blk: Block) -> bool:
    """A numbered block that states rather than asks: a sentence of twelve words or more
    that ends with a full stop, as the numbered paragraphs of a UN report do."""
    t = _strip_bold(blk.text).rstrip()
    return t.endswith(".") and len(t.split()) >= 12


def _says_question(blk: Block) -> bool:
    """The block opens with the word "Question" (or "Q.") and a number."""
    return bool(
        re.match(
            r"^(?:Question|Q\.)\s*(?:No\.?\s*)?\d", _strip_bold(blk.lines[0].text).lstrip("-–• *")
        )
    )


def _has_children(blks: list[Block], i: int, number: tuple[int, ...]) -> bool:
    """True when the next numbered block is the first child of ``number`` (1 → 1.1)."""
    for blk in blks[i + 1 : i + 40]:
        head = blk.lines[0].text
        plain = _strip_bold(head)
        if (TITLE_RE.search(plain) and _is_upper(plain)) or PART_RE.match(plain):
            return False
        qm = QUESTION_RE.match(head)
        if qm and blk.cell is None:
            return _number(_question_number(qm)) == (*number, 1)
    return False


def _question_text(text: str, blk: Block) -> bool:
    t = _strip_bold(" ".join([text, *(ln.text for ln in blk.lines[1:])]))
    return (
        t.endswith("?")
        or blk.bold
        or blk.lines[0].text.lstrip("-–• ").startswith("**")
        or bool(
            re.match(
                r"(?:Please|If|Does|Do|Is|Has|Have|What|Which|Would|Are|How|Describe|Provide"
                r"|List|Indicate|Specify|Give)\b",
                t,
            )
        )
    )


def _looks_like_question(text: str, blk: Block, *, note: bool = False) -> bool:
    """Whether a numbered block before the body opens the questions; in a note verbale,
    numbered paragraphs are the note's own unless they ask something."""
    t = _strip_bold(" ".join([text, *(ln.text for ln in blk.lines[1:])]))
    if note:
        return t.endswith("?") or blk.bold or text.rstrip().endswith("**")
    return (
        t.endswith("?")
        or blk.bold
        or text.rstrip().endswith("**")
        or (t[:1].isupper() and len(t) > 20)
    )


def _enter_body(st: _State) -> None:
    st.in_body = True


def _start_questionnaire(st: _State, blk: Block, text: str) -> None:
    """``text``: the title, as :func:`_title_text` read it."""
    _enter_body(st)
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    title = normalise(text)
    dated = TITLE_DATE_RE.match(title)
    when = ""
    if dated and not _is_upper(title):
        title, when = dated[1], dated[2]
    key = questionnaire_key(title)
    existing = {q.key for q in st.questionnaires}
    base, n = key, 2
    while key in existing:
        key, n = f"{base}{n}", n + 1
    st.questionnaires.append(Questionnaire(key=key, title=title, line=blk.line))
    st.qn_key, st.qn_title = key, title
    st.part, st.part_num, st.question, st.sub, st.last = "", 0, "", "", ()
    st.list_next = 0
    st.add("title", f"{key}.title", title, blk.line, where=_title_case(title) + ": title")
    if when:
        date = _parse_date(when)
        if date is not None:
            st.add("date", f"{key}.date", when, blk.line, where="Date of the reply", date=date)
        else:  # "May 2017": a month to translate
            st.add("title", f"{key}.title.date", when, blk.line, where="Date of the reply")


def _start_part(st: _State, blk: Block) -> None:
    _enter_body(st)
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    text = normalise(_strip_bold(blk.text))
    m = PART_RE.match(text)
    if m is not None:
        numeral, st.part_word = m[2].upper(), m[1].lower()
    else:  # "II. OTTAWA CONVENTION"
        rm = ROMAN_PART_RE.match(text)
        assert rm is not None
        numeral, st.part_word = rm[1], "part"
    st.part, st.part_num = numeral, _roman(numeral)
    st.question, st.sub, st.list_next = "", "", 0
    st.add("part", f"{st.scope()}.heading", text, blk.line, where=f"{st.where()}: heading")


def _check_sequence(st: _State, blk: Block, number: tuple[int, ...]) -> None:
    """Warn about a number that repeats or goes back; a number that skips ahead is no
    warning, as a conditional flow lets a reply leave questions out on purpose."""
    shown = ".".join(map(str, number))
    if st.last and number == (1,) and not st.part:
        # numbering restarts without a title: a new, untitled questionnaire
        st.warnings.append(
            Diagnostic(
                blk.line,
                "question numbering restarts at 1 without a "
                "questionnaire title; starting a new questionnaire",
            )
        )
        key = f"questionnaire{len(st.questionnaires) + 1}"
        st.questionnaires.append(Questionnaire(key=key, title="", line=blk.line))
        st.qn_key, st.qn_title, st.last = key, "", ()
    elif st.last and number == (1,) and st.part and not st.question:
        # the first question of a new part restarts at 1: IDs are scoped by part
        st.last = ()
    elif st.last and number <= st.last and not follows(st.last, number):
        last = ".".join(map(str, st.last))
        st.warnings.append(
            Diagnostic(blk.line, f"question {shown} repeats: it follows question {last}")
        )
    if not st.qn_key and not st.questionnaires:
        st.questionnaires.append(Questionnaire(key="questionnaire", title="", line=blk.line))
        st.qn_key = "questionnaire"
    st.last = max(st.last, number)


def _numbered_heading(st: _State, blk: Block, qm: re.Match[str]) -> None:
    """A number whose children are the questions ("1. Account of measures …" over 1.1)."""
    _enter_body(st)
    number = _number(_question_number(qm))
    _check_sequence(st, blk, number)
    shown = ".".join(map(str, number))
    st.question, st.sub, st.list_next = shown, "", 0
    st.answer_count = 0
    text = _strip_bold(normalise(" ".join([qm[5] or "", *(ln.text for ln in blk.lines[1:])])))
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=True)
    st.question_text = ""
    label = f"{shown}." if len(number) == 1 else shown
    st.add(
        "heading",
        f"{st.scope()}.heading",
        text,
        blk.line,
        where=f"{st.where()}: heading",
        label=label,
    )


def _question(st: _State, blks: list[Block], i: int, qm: re.Match[str]) -> int:
    blk = blks[i]
    _enter_body(st)
    number = _number(_question_number(qm))
    rest_lines = [normalise(qm[5] or "")] + [ln.text for ln in blk.lines[1:]]
    tail: Block | None = None
    bold = re.match(r"^(.*?)\*\*\s*(\S.*)$", (qm[5] or "").strip())
    start = _answer_start(blk)
    if blk.lines[0].text.lstrip("-–• ").startswith("**") and bold and "**" not in bold[1]:
        # "**1. Is it so?** Yes, since 2003.": the answer follows the bold question
        rest_lines = [normalise(bold[1])]
        lines = [Line(blk.line, bold[2]), *blk.lines[1:]]
        tail = Block(lines, page=blk.page)
    elif start:  # the answer on the lines after the question, without a blank line
        rest_lines = rest_lines[:start]
        tail = Block(blk.lines[start:], page=blk.page)
    body = normalise(" ".join(r for r in rest_lines if r))
    consumed = i + 1
    following = blks[consumed].lines[0].text if consumed < len(blks) else ""
    if not body and following and (SUB_RE.match(following) or not _is_heading_line(following)):
        body = normalise(blks[consumed].text)  # "Question 1" on a line of its own
        consumed += 1
    if not body and tail is None:  # a number with nothing to ask: kept as printed
        _enter_body(st)
        text = normalise(_strip_bold(blk.text))
        st.add("heading", f"{st.scope()}.heading.{slug(text) or 'h'}", text, blk.line)
        return consumed
    _check_sequence(st, blk, number)
    shown = ".".join(map(str, number))
    st.question, st.sub, st.list_next = shown, "", 0
    st.answer_count = 0
    body = _strip_bold(body)
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=True)
    label = f"{shown}." if len(number) == 1 else shown
    sm = SUB_RE.match(body)
    if sm:  # "8. (a) If yes, …": the question has no text of its own
        _sub_question(st, blk, sm[1] or sm[2], sm[3], extra=[], label=f"{label} ")
        if tail is not None:
            _answer(st, tail)
        return consumed
    st.question_text = body
    st.add(
        "question",
        f"{st.scope()}.question",
        body,
        blk.line,
        where=f"{st.where()}: question text",
        label=label,
    )
    if tail is not None:
        _answer(st, tail)
    return consumed


#: how a question goes on after a sentence of its own: "… assistance? If so, describe."
_GOES_ON_RE = re.compile(
    r"^(?:\*\*)?(?:If|Please|In\s+case|Where|When|Otherwise|Describe|Provide|Indicate|Specify"
    r"|List|Give|Explain|Attach|Include)\b|^(?:\*\*)?\(?[a-z]\)",
    re.I,
)


def _answer_start(blk: Block) -> int | None:
    """Index of the line where the answer begins in a question's block, when the answer
    follows without a blank line ("1) Is it so?" / "Yes."): the first line after one that
    ends a sentence, unless it goes on with the question ("If so, please describe.")."""
    for j in range(1, len(blk.lines)):
        prev = _strip_bold(blk.lines[j - 1].text).rstrip()
        text = blk.lines[j].text.strip()
        if ANSWER_LABEL_RE.match(text):
            return j
        if blk.page:  # a paged source's lines are where the layout wrapped them
            continue
        rest = _strip_bold(" ".join(ln.text for ln in blk.lines[j:])).rstrip()
        if (
            prev.endswith(("?", "."))
            and text[:1]
            and not text[:1].islower()
            and not rest.endswith("?")  # the question's last sentence asks
            and not _GOES_ON_RE.match(text)
            and not QUESTION_RE.match(text)
        ):
            return j
    return None


def _sub_follows(st: _State, blk: Block, sm: re.Match[str]) -> bool:
    """True when a lettered block is the question's next sub-question: (a) first, then the
    letter after the last one (or a later one on a line that reads like a question).  A
    block of several lettered lines, or letters that restart inside an answer, are a list."""
    if not st.question:
        return False
    if sum(1 for ln in blk.lines if SUB_RE.match(ln.text)) >= 2:
        return False
    letter = sm[1] or sm[2]
    if not st.sub:
        return letter == "a" or (st.answer_count == 0 and _question_text(sm[3], blk))
    if letter == chr(ord(st.sub) + 1):
        return True
    return letter > st.sub and _question_text(sm[3], blk)


def _sub_question(
    st: _State, blk: Block, letter: str, text: str, *, extra: Sequence[Line], label: str = ""
) -> None:
    st.sub = letter
    st.answer_count = 0
    st.list_next = 0
    body = _strip_bold(normalise(" ".join([text, *(ln.text for ln in extra)])))
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=True)
    st.question_text = body
    st.add(
        "question",
        f"{st.scope()}.question",
        body,
        blk.line,
        where=f"{st.where()}: sub-question text",
        label=f"{label}({letter})",
    )


def _flush_condition(st: _State, blk: Block, *, before_question: bool) -> None:
    st.pending_condition = None
    text = normalise(_strip_bold(blk.text))
    answer = CONDITION_RE.match(text)
    word = answer[1].lower() if answer else "cond"
    if before_question:
        ident, where = f"{st.scope()}.condition", f"{st.where()}: condition heading"
    else:
        ident, where = f"{st.scope()}.if-{word}", f"{st.where()}: conditional heading"
    st.add("condition", ident, text, blk.line, where=where)


def _answer(st: _State, blk: Block) -> None:
    items = _split_items(blk)
    for line, text, is_item in items:
        text = normalise(text)
        if not text:
            continue
        if is_item and st.question:
            m = re.match(r"(\d{1,4})[.)]\s", text)
            if m:
                st.list_next = int(m[1]) + 1
        if st.question:
            st.answer_count += 1
            role = "item" if is_item else "paragraph"
            where = f"{st.where()}: answer {role}"
            if st.question_text:
                where += f"\nQuestion: {_opening(st.question_text)}"
            kind, ident = "answer", f"{st.scope()}.answer.{slug(text) or 'p'}"
        else:
            kind, ident = "paragraph", f"{st.scope()}.intro.{slug(text) or 'p'}"
            where = f"{st.where() or 'Body'}: paragraph"
        st.add(kind, ident, text, line, where=where, item=is_item)


def _split_items(blk: Block) -> list[tuple[int, str, bool]]:
    """Cut an answer block into paragraphs and bulleted, numbered or lettered items,
    dropping the "Reply:" labels that open its lines."""
    out: list[tuple[int, str, bool]] = []
    lettered = sum(1 for ln in blk.lines if ITEM_RE.match(ln.text)) >= 2
    for idx, ln in enumerate(blk.lines):
        text = ANSWER_LABEL_RE.sub("", ln.text, count=1)  # "Reply:" opens a line
        m = BULLET_RE.match(text)
        if m:
            out.append((ln.number, m[1], True))
        elif NUMBERED_RE.match(text) or (lettered and ITEM_RE.match(text)):
            # a numbered or lettered item keeps its label: it is content
            out.append((ln.number, text, True))
        elif idx == 0 and (NUMBERED_RE.match(text) or SUB_RE.match(text)):
            out.append((ln.number, text, True))
        elif out:
            num, prev, is_item = out[-1]
            out[-1] = (num, f"{prev} {text}", is_item)
        elif text:
            out.append((ln.number, text, False))
    return out


def _opening(text: str, limit: int = 160) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _address_lines(blk: Block) -> list[bool]:
    """For each line of a front-matter block: is it a line of an address?"""
    return [
        bool(ADDRESS_LINE_RE.search(normalise(_strip_bold(ln.text))))
        or (bool(ADDRESS_RE.search(ln.text)) and ("|" in ln.text or "@" in ln.text))
        for ln in blk.lines
    ]


def _front_matter(st: _State, blk: Block) -> None:
    text = blk.text.strip()
    plain = normalise(_strip_bold(text))
    line = blk.line
    single = len(blk.lines) == 1
    if single and SYMBOL_RE.match(plain):
        st.seen_symbol = True
        st.add("symbol", "front.symbol", plain, line, where="Document symbol")
        return
    head = SYMBOL_HEAD_RE.match(plain) if single else None
    if head and head[2] and _parse_date(head[2]) is not None:  # the symbol and its date
        st.seen_symbol = True
        st.add("symbol", "front.symbol", head[1], line, where="Document symbol")
        date = _parse_date(head[2])
        st.add("date", "front.date", head[2], line, where="Date of the document", date=date)
        return
    # the symbol, the date, the distribution and the language usually share a block
    if len(blk.lines) > 1 and all(_stamp_line(ln.text) for ln in blk.lines):
        for ln in blk.lines:
            _front_matter(st, Block([ln]))
        return
    date = _parse_date(plain) if single else None
    if date is not None:
        st.add("date", "front.date", plain, line, where="Date of the document", date=date)
        return
    if single and LANGUAGE_RE.match(plain):
        st.add("language", "front.language", plain, line, where="Language of the original")
        return
    if single and DISTR_RE.match(plain):
        st.add("distribution", "front.distribution", plain, line, where="Distribution")
        return
    if single and NOTE_NUMBER_RE.match(plain):
        st.is_note = True
        st.add("note-number", "front.note-number", plain, line, where="Note number")
        return
    if single and ADDRESS_RE.search(plain) and ("|" in plain or "@" in plain):
        st.add("address", "front.address", plain, line, where="Address line")
        return
    if not st.after_signature and not st.is_note:
        flags = _address_lines(blk)
        if any(flags) and not single:
            _split_address_block(st, blk, flags)
            return
        if single and flags[0]:
            st.add("address", "front.address", plain, line, where="Address line")
            return
    pd = PLACE_DATE_RE.match(plain) if single else None
    if pd:
        st.after_signature = True
        st.add("place", "front.place", pd[1], line, where="Place of signature")
        st.add(
            "signed",
            "front.signed",
            pd[2],
            line,
            where="Date of signature",
            date=_parse_date(pd[2]),
        )
        return
    if single and ENCLOSURE_RE.match(plain):
        st.add("enclosure", "front.enclosure", plain, line, where="Enclosure line")
        return
    if _is_heading_block(st, blk):
        _heading(st, blk)
        return
    if all(_is_upper(ln.text) for ln in blk.lines) and 0 <= st.index < st.note_at:
        n = sum(1 for s in st.segments if s.kind == "letterhead") + 1
        st.add(
            "letterhead",
            f"front.letterhead.{n}",
            "\n".join(ln.text for ln in blk.lines),
            line,
            where="Letterhead",
        )
        return
    if st.after_signature and st.is_note and _addressee_like(blk):
        for ln in blk.lines:
            t = normalise(_strip_bold(ln.text))
            if t:
                st.add(
                    "addressee",
                    f"front.addressee.{slug(t) or 'line'}",
                    t,
                    ln.number,
                    where="Addressees",
                )
        return
    if not st.seen_symbol and not st.segments and DISTRIBUTION_RE.search(text):
        st.add(
            "distribution", "front.distribution", normalise(text), line, where="Distribution notice"
        )
        return
    if "presents its compliments" in text:
        st.is_note = True
    kind = "note" if st.is_note else "paragraph"
    prefix = "front.note" if st.is_note else "body"
    for ln_no, para, is_item in _split_items(blk):
        para = normalise(para)
        if not para:
            continue
        role, where = slug(para) or "p", "Paragraph"
        if st.is_note:
            # the two fixed formulas of a note verbale get names of their own, since both
            # usually begin with the same words ("The Permanent Mission of …")
            formula = next((name for marker, name in NOTE_FORMULAS if marker in para), None)
            role = formula or role
            where = f"Note verbale: {formula or 'paragraph'}"
            if formula:
                where += " formula"
        st.add(kind, f"{prefix}.{role}", para, ln_no, where=where, item=is_item)


def _is_capitalised(words: Sequence[str]) -> bool:
    return bool(words) and all(w[:1].isupper() for w in words)


def _stamp_line(text: str) -> bool:
    """A line of the stamp at the head of a document: symbol, date, distribution, language."""
    plain = normalise(_strip_bold(text))
    return bool(
        SYMBOL_HEAD_RE.match(plain)
        or _parse_date(plain)
        or DISTR_RE.match(plain)
        or LANGUAGE_RE.match(plain)
    )


def _addressee_like(blk: Block) -> bool:
    """Addressees are a few short lines, not sentences."""
    return len(blk.lines) <= 6 and all(
        len(ln.text.split()) <= 14 and not ln.text.rstrip("*").rstrip().endswith(".")
        for ln in blk.lines
    )


def _split_address_block(st: _State, blk: Block, flags: list[bool]) -> None:
    """A letterhead block with address lines: the address lines are one address segment;
    the other lines (the mission's name) are letterhead when in capitals before the note,
    and a paragraph to translate otherwise."""
    flags = list(flags)
    for k in range(1, len(flags) - 1):  # a country between the lines of an address
        words = blk.lines[k].text.split()
        if flags[k - 1] and flags[k + 1] and len(words) <= 2 and _is_capitalised(words):
            flags[k] = True
    run: list[Line] = []
    run_is_address = flags[0]
    for ln, is_address in [*zip(blk.lines, flags, strict=True), (None, not run_is_address)]:
        if ln is not None and is_address == run_is_address:
            run.append(ln)
            continue
        if run:
            text = "\n".join(normalise(_strip_bold(r.text)) for r in run)
            if run_is_address:
                st.add("address", "front.address", text, run[0].number, where="Address")
            elif _is_upper(text) and 0 <= st.index < st.note_at:
                n = sum(1 for s in st.segments if s.kind == "letterhead") + 1
                st.add(
                    "letterhead", f"front.letterhead.{n}", text, run[0].number, where="Letterhead"
                )
            else:
                para = normalise(text.replace("\n", " "))
                st.add(
                    "paragraph", f"body.{slug(para) or 'p'}", para, run[0].number, where="Paragraph"
                )
        if ln is None:
            break
        run, run_is_address = [ln], is_address
