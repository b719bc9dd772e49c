"""Parse the English text of a reply into a :class:`~reply_i18n.model.Document`.

Pure functions over text: no file is read here.  The parser works in three passes:

1. :func:`clean_lines` normalises the text (BOM, line endings, odd spaces) and drops the
   debris of PDF conversion: page numbers and running headers;
2. :func:`blocks` groups the remaining lines into blocks separated by blank lines, and
   re-joins paragraphs that a page break split in two;
3. :func:`parse_document` walks the blocks with a small state machine that knows the
   shape of an OSCE reply: front matter (note verbale), questionnaires, parts, questions,
   sub-questions, conditional headings and answers.

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
from reply_i18n.source.ids import slug
from reply_i18n.source.patterns import SYMBOL_RE
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
LANGUAGE_RE = re.compile(
    r"^(?:(?:ENGLISH|FRENCH|GERMAN|ITALIAN|RUSSIAN|SPANISH)(?:\s+and\s+[A-Z]+)?\s+only"
    r"|Original:\s*[A-Z]+)$"
)
DISTRIBUTION_RE = re.compile(r"\b(?:Secretariat|distribution|circulates?)\b", re.I)
NOTE_NUMBER_RE = re.compile(r"^(?:Note\s+)?(?:No|Nr|Ref)\.\s*\S+$")
ENCLOSURE_RE = re.compile(r"^Enclosures?\s*:", re.IGNORECASE)
ADDRESS_RE = re.compile(r"(?:\bTel\b|\bFax\b|E-?mail|@|\|)", re.IGNORECASE)
TITLE_RE = re.compile(r"QUESTIONNAIRE\b", re.IGNORECASE)
PART_RE = re.compile(r"^Part\s+([IVXLC]+|\d+)\b\s*[.:–-]?\s*(.*)$", re.IGNORECASE)
CONDITION_RE = re.compile(r"^If\s+(yes|no|not|so)\s*[:.,]?$", re.IGNORECASE)
QUESTION_RE = re.compile(
    r"^(?:\*\*)?(?:[-–•]\s+)?(?:\*\*)?\s*(?:Question\s+(\d{1,3})\s*[.:)]?|(\d{1,3})\s*[.)])(?:\*\*)?(?:\s+|$)(.*)$"
)
SUB_RE = re.compile(r"^(?:\*\*)?(?:[-–•]\s+)?(?:\*\*)?\s*(?:\(([a-z])\)|([a-z])\))\s+(.*)$")
ANSWER_LABEL_RE = re.compile(r"^(?:\*\*)?(?:Reply|Answer|Response)\s*:\s*(?:\*\*)?\s*", re.I)
NUMBERED_RE = re.compile(r"^\d{1,3}[.)]\s+\S")
BULLET_RE = re.compile(r"^[-–•▪◦·*]\s+(?!\*)(.*)$")

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
    followed by one that resumes with a lowercase word."""
    joined: list[Block] = []
    for blk in blks:
        if joined and _continues(joined[-1], blk):
            joined[-1].lines.extend(blk.lines)
        else:
            joined.append(dataclasses.replace(blk, lines=list(blk.lines)))
    return joined


def _continues(prev: Block, nxt: Block) -> bool:
    last = prev.lines[-1].text.rstrip("*").rstrip()
    first = nxt.lines[0].text
    if not last or not first or last.endswith(_TERMINAL):
        return False
    if _is_heading_line(prev.lines[0].text) or len(prev.text.split()) < 4:
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
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


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
    qn_key: str = ""
    qn_title: str = ""
    part: str = ""
    part_num: int = 0
    question: str = ""
    last_question: int = 0
    question_text: str = ""
    sub: str = ""
    pending_condition: Block | None = None
    answer_count: int = 0

    def scope(self) -> str:
        parts = [self.qn_key or "body"]
        if self.part:
            parts.append(f"part{self.part_num}")
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
            bits.append(f"Part {self.part}")
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
            )
        )


def _title_case(title: str) -> str:
    t = _strip_bold(title)
    if _is_upper(t):
        words = t.lower().split()
        keep_upper = {"osce", "erw", "ccw"}
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

    Raises :class:`~reply_i18n.errors.SourceError` when there is no text at all.
    """
    if not blks:
        raise SourceError("the file is empty", path=source)
    st = _State(name=name)
    blks = join_split_paragraphs([with_label(b) for b in blks])
    i = 0
    while i < len(blks):
        i = _step(st, blks, i)
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    if not st.questionnaires and not any(s.kind == "question" for s in st.segments):
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


def _step(st: _State, blks: list[Block], i: int) -> int:
    blk = blks[i]
    first = blk.lines[0].text
    plain = _strip_bold(first)

    if TITLE_RE.search(plain) and _is_upper(plain) and len(blk.lines) == 1:
        _start_questionnaire(st, blk)
        return i + 1
    if PART_RE.match(plain) and len(plain) < 80 and len(blk.lines) == 1:
        _start_part(st, blk)
        return i + 1
    if CONDITION_RE.match(plain) and len(blk.lines) == 1:
        if st.pending_condition is not None:
            _flush_condition(st, st.pending_condition, before_question=False)
        st.pending_condition = blk
        return i + 1
    qm = QUESTION_RE.match(first)
    if (
        qm
        and (st.in_body or _looks_like_question(qm[3] or ""))
        and not _numbered_answer(st, blk, qm)
    ):
        return _question(st, blks, i, qm)
    sm = SUB_RE.match(first)
    if sm and st.question:
        _sub_question(st, blk, sm[1] or sm[2], sm[3], extra=blk.lines[1:])
        return i + 1

    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    if not st.in_body:
        _front_matter(st, blk)
    else:
        _answer(st, blk)
    return i + 1


def _numbered_answer(st: _State, blk: Block, qm: re.Match[str]) -> bool:
    """True when a numbered line belongs to an answer, as a numbered list, not a question:
    a block of several numbered lines, or a number that does not continue the questions
    on a line that reads like no question."""
    if not st.question:
        return False
    if sum(1 for ln in blk.lines if NUMBERED_RE.match(ln.text)) >= 2:
        return True
    number = int(qm[1] or qm[2])
    return number != st.last_question + 1 and not _question_text(qm[3] or "", blk)


def _question_text(text: str, blk: Block) -> bool:
    t = _strip_bold(" ".join([text, *(ln.text for ln in blk.lines[1:])]))
    return (
        t.endswith("?")
        or blk.lines[0].text.lstrip("-–• ").startswith("**")
        or bool(re.match(r"(?:Please|If|Does|Do|Is|Has|Have|What|Would|Are)\b", t))
    )


def _looks_like_question(text: str) -> bool:
    t = _strip_bold(text)
    return t.endswith("?") or text.rstrip().endswith("**") or (t[:1].isupper() and len(t) > 20)


def _enter_body(st: _State) -> None:
    st.in_body = True


def _start_questionnaire(st: _State, blk: Block) -> None:
    _enter_body(st)
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    title = normalise(_strip_bold(blk.text))
    key = questionnaire_key(title)
    existing = {q.key for q in st.questionnaires}
    base, n = key, 2
    while key in existing:
        key, n = f"{base}{n}", n + 1
    st.questionnaires.append(Questionnaire(key=key, title=title, line=blk.line))
    st.qn_key, st.qn_title = key, title
    st.part, st.part_num, st.question, st.sub, st.last_question = "", 0, "", "", 0
    st.add("title", f"{key}.title", title, blk.line, where=_title_case(title) + ": title")


def _start_part(st: _State, blk: Block) -> None:
    _enter_body(st)
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=False)
    text = normalise(_strip_bold(blk.text))
    m = PART_RE.match(text)
    assert m is not None
    st.part, st.part_num = m[1].upper(), _roman(m[1].upper())
    st.question, st.sub = "", ""
    st.add("part", f"{st.scope()}.heading", text, blk.line, where=f"{st.where()}: heading")


def _question(st: _State, blks: list[Block], i: int, qm: re.Match[str]) -> int:
    blk = blks[i]
    _enter_body(st)
    number = int(qm[1] or qm[2])
    rest_lines = [normalise(qm[3] or "")] + [ln.text for ln in blk.lines[1:]]
    body = normalise(" ".join(r for r in rest_lines if r))
    consumed = i + 1
    if not body and consumed < len(blks):  # "Question 1" on a line of its own
        body = normalise(blks[consumed].text)
        consumed += 1
    if st.last_question and number == 1 and not st.part:
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
        st.qn_key, st.qn_title, st.last_question = key, "", 0
    elif st.last_question and number == 1 and st.part and not st.question:
        # the first question of a new part restarts at 1: IDs are scoped by part
        st.last_question = 0
    elif st.last_question and number != st.last_question + 1:
        what = "repeats" if number <= st.last_question else "skips ahead"
        st.warnings.append(
            Diagnostic(
                blk.line, f"question {number} {what}: it follows question {st.last_question}"
            )
        )
    if not st.qn_key and not st.questionnaires:
        st.questionnaires.append(Questionnaire(key="questionnaire", title="", line=blk.line))
        st.qn_key = "questionnaire"
    st.last_question = max(st.last_question, number)
    st.question, st.sub = str(number), ""
    st.answer_count = 0
    body = _strip_bold(body)
    if st.pending_condition is not None:
        _flush_condition(st, st.pending_condition, before_question=True)
    sm = SUB_RE.match(body)
    if sm:  # "8. (a) If yes, …": the question has no text of its own
        _sub_question(st, blk, sm[1] or sm[2], sm[3], extra=[], label=f"{number}. ")
        return consumed
    st.question_text = body
    st.add(
        "question",
        f"{st.scope()}.question",
        body,
        blk.line,
        where=f"{st.where()}: question text",
        label=f"{number}.",
    )
    return consumed


def _sub_question(
    st: _State, blk: Block, letter: str, text: str, *, extra: Sequence[Line], label: str = ""
) -> None:
    st.sub = letter
    st.answer_count = 0
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
    """Cut an answer block into paragraphs and bulleted or numbered items, dropping a
    "Reply:" label."""
    out: list[tuple[int, str, bool]] = []
    for idx, ln in enumerate(blk.lines):
        text = ln.text
        if idx == 0:
            text = ANSWER_LABEL_RE.sub("", text, count=1)
        m = BULLET_RE.match(text)
        if m:
            out.append((ln.number, m[1], True))
        elif NUMBERED_RE.match(text):  # a numbered item keeps its number: it is content
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


def _front_matter(st: _State, blk: Block) -> None:
    text = blk.text.strip()
    plain = normalise(_strip_bold(text))
    line = blk.line
    single = len(blk.lines) == 1
    if single and SYMBOL_RE.match(plain):
        st.seen_symbol = True
        st.add("symbol", "front.symbol", plain, line, where="Document symbol")
        return
    # the symbol and the date usually share a block
    if len(blk.lines) > 1 and SYMBOL_RE.match(blk.lines[0].text):
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
    if single and NOTE_NUMBER_RE.match(plain):
        st.is_note = True
        st.add("note-number", "front.note-number", plain, line, where="Note number")
        return
    if single and ADDRESS_RE.search(plain) and ("|" in plain or "@" in plain):
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
    if all(_is_upper(ln.text) for ln in blk.lines) and not st.after_signature:
        n = sum(1 for s in st.segments if s.kind == "letterhead") + 1
        st.add(
            "letterhead",
            f"front.letterhead.{n}",
            "\n".join(ln.text for ln in blk.lines),
            line,
            where="Letterhead",
        )
        return
    if st.after_signature:
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
