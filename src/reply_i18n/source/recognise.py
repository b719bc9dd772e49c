"""Recognise a reply's questionnaires against templates: Document + templates → Document.

A pass after the structure parser, pure like it.  For each questionnaire of the parsed
reply it finds the template that matches (by enough question texts, or by title) and the
key the project pins; then it aligns the reply's segments with the template's questions,
in order, by text and number (:mod:`rapidfuzz`), so that a question survives formatting
the parser could not read:

- a question whose number was lost, or printed as a plain or bold paragraph, which the
  parser took for an answer paragraph, becomes that question again;
- a question merged with the first words of its answer (or with the end of the previous
  answer) on one line is cut there, and each piece goes where it belongs;
- a numbered line the parser took for a question that the template does not have, while
  its number belongs to another question of the template, is an answer item again.

Every segment of a recognised questionnaire then takes its ID from the template: the
template's key, the question's ID scope, and the segment's own role.  A reply that the
parser reads exactly as the template says comes out unchanged, segment for segment.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from reply_i18n.model import Diagnostic, Document, Questionnaire, Segment
from reply_i18n.source import ids
from reply_i18n.source.ids import slug
from reply_i18n.source.templates import Question, Template, scope_of

TEXT_MIN = 85.0
"""Similarity (rapidfuzz ratio, 0–100) for a paragraph to be a template question by text."""
NUMBERED_MIN = 60.0
"""Similarity enough for a question that also carries the template question's number."""
CONTENT_MIN = 0.5
"""Share of a template's questions found in a questionnaire for the template to match."""
TITLE_MIN = 90.0
"""Title similarity (token sort ratio) enough for a template to match on its own."""

_LABEL_RE = re.compile(
    r"^(?:[-–•]\s+)?(?:\*\*)?\s*"
    r"((?:Question\s+)?\d{1,4}(?:\s*[.):]|(?=\s+[A-Z(]))\s*(?:\(?[a-z]\))?|\(?[a-z]\))\s*"
)
_SENTENCE_RE = re.compile(r"(?<=[.?!:])\s+")
_NUMBERING = re.compile(r"^question \d+ (?:skips ahead|repeats)\b")


@dataclass(frozen=True, slots=True)
class Pin:
    """``[questionnaires] keys`` of the configuration: a title pattern and the key it pins."""

    pattern: str
    """Regular expression searched in the questionnaire's title, case-insensitive."""
    key: str


@dataclass(frozen=True, slots=True)
class TemplateSet:
    """The templates of a project and the keys its configuration pins."""

    templates: tuple[Template, ...] = ()
    pins: tuple[Pin, ...] = ()

    def pinned(self, title: str) -> str | None:
        """The key the first pin whose pattern is found in ``title`` gives, or None."""
        for pin in self.pins:
            if re.search(pin.pattern, title, re.IGNORECASE):
                return pin.key
        return None

    def by_key(self, key: str) -> Template | None:
        """The template with this key, or None."""
        return next((t for t in self.templates if t.key == key), None)

    def __bool__(self) -> bool:
        return bool(self.templates or self.pins)


def _plain(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _strip_label(text: str) -> tuple[str, str]:
    """``"4. What measures…"`` → ``("4.", "What measures…")``; no label → ``("", text)``."""
    t = _plain(text)
    m = _LABEL_RE.match(t)
    if m and m.end() < len(t):
        return m[1].strip(), t[m.end() :]
    return "", t


def choose_template(
    title: str, texts: Sequence[str], templates: Sequence[Template]
) -> Template | None:
    """The template a questionnaire matches: the one of which the most questions are found
    among ``texts`` (at least a share of :data:`CONTENT_MIN`), then the one of which the
    largest share is found, then the closest title (a title alone must reach
    :data:`TITLE_MIN`); None when none matches.  Counting questions first means that a
    template learned from a badly formatted copy of a reply, which lacks the questions the
    parser missed, does not win over the full template."""
    processed = [default_process(_strip_label(t)[1]) for t in texts]
    best: tuple[int, float, float, Template] | None = None
    for tpl in templates:
        asked = tpl.asked()
        found = 0
        for q in asked:
            hit = process.extractOne(
                default_process(q.text), processed, scorer=fuzz.ratio, score_cutoff=TEXT_MIN
            )
            found += hit is not None
        share = found / len(asked) if asked else 0.0
        title_score = (
            fuzz.token_sort_ratio(title, tpl.title, processor=default_process)
            if title and tpl.title
            else 0.0
        )
        if share < CONTENT_MIN and title_score < TITLE_MIN:
            continue
        if best is None or (found, share, title_score) > best[:3]:
            best = (found, share, title_score, tpl)
    return best[3] if best else None


def recognise(doc: Document, templates: TemplateSet) -> Document:
    """The Document with its questionnaires recognised against ``templates``.

    The key of a questionnaire is the one pinned by the configuration for its title, else
    that of the template it matches, else the parser's.  Unchanged segments are kept as
    they are (same objects); the Document is returned as is when nothing changes.
    """
    if not templates:
        return doc
    if not doc.questionnaires:
        return _adopt(doc, templates)
    segments = list(doc.segments)
    questionnaires: list[Questionnaire] = []
    warnings = list(doc.warnings)
    used_keys: set[str] = set()
    rewritten: dict[str, list[Segment]] = {}
    consumed: set[int] = set()
    position = {id(s): n for n, s in enumerate(segments)}
    for qn in doc.questionnaires:
        own = [s for s in segments if s.questionnaire == qn.key]
        tpl = choose_template(qn.title, [s.text for s in own], templates.templates)
        if tpl is not None and not qn.title and own:
            # an untitled questionnaire: its title and part heading may be just before it,
            # where the parser did not see them as such
            first = position[id(own[0])]
            start, titled = _lead_in(segments, first, tpl)
            lead = segments[start:first]
            consumed.update(map(id, lead))
            own = [_shape(s, qn.key, title=titled and i == 0) for i, s in enumerate(lead)] + own
            if titled:
                qn = dataclasses.replace(qn, title=own[0].text, line=own[0].line)
        key = templates.pinned(qn.title) or (tpl.key if tpl else qn.key)
        base, n = key, 2
        while key in used_keys:
            key, n = f"{base}{n}", n + 1
        used_keys.add(key)
        questionnaires.append(dataclasses.replace(qn, key=key) if key != qn.key else qn)
        if tpl is None:
            rewritten[qn.key] = [_rekey(s, qn.key, key) for s in own]
        else:
            rewritten[qn.key], notes = _Walk(tpl, key, qn.key, own).run()
            lines = range(own[0].line, own[-1].line + 1) if own else range(0)
            # the template now says how the questions are numbered: the parser's guesses
            # about numbering in this questionnaire no longer hold
            warnings = [
                w for w in warnings if not (w.line in lines and _NUMBERING.match(w.message))
            ]
            warnings += notes
    out: list[Segment] = []
    emitted: set[str] = set()
    for seg in segments:
        key = seg.questionnaire
        if id(seg) in consumed:  # a lead-in: it comes out with its questionnaire
            continue
        if key not in rewritten:
            out.append(seg)
        elif key not in emitted:  # a questionnaire's segments are rewritten as a whole
            out += rewritten[key]
            emitted.add(key)
    out = _unique(out, set(map(id, segments)))
    same = len(out) == len(segments) and all(a is b for a, b in zip(out, segments, strict=True))
    warnings.sort(key=lambda d: d.line)
    if (
        same
        and not consumed
        and questionnaires == list(doc.questionnaires)
        and tuple(warnings) == doc.warnings
    ):
        return doc
    return Document(
        name=doc.name,
        source=doc.source,
        segments=tuple(out),
        questionnaires=tuple(questionnaires),
        warnings=tuple(sorted(warnings, key=lambda d: d.line)),
    )


_TEXT_KINDS = ("paragraph", "note", "answer", "letterhead")
"""Kinds the parser gives text it did not see as part of a questionnaire."""


def _adopt(doc: Document, templates: TemplateSet) -> Document:
    """A reply in which the parser found no questionnaire at all (its title not set as one,
    its numbers lost): the questionnaires whose templates match its paragraphs start at
    their first question found, or at the part heading and title just before it, and run
    to the next one."""
    segments = list(doc.segments)
    texts = [i for i, s in enumerate(segments) if s.kind in _TEXT_KINDS]
    body = [segments[i] for i in texts]
    starts: list[tuple[int, bool, Template]] = []
    for tpl in templates.templates:
        if choose_template("", [s.text for s in body], (tpl,)) is None:
            continue
        hits = _align(tpl.asked(), body)
        if not hits:
            continue
        starts.append((*_lead_in(segments, texts[min(hits)], tpl), tpl))
    if not starts:
        return doc
    starts.sort(key=lambda st: st[0])
    head = segments[: starts[0][0]]
    out = list(head)
    questionnaires = []
    used: set[str] = set()
    for n, (start, titled, tpl) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(segments)
        chunk = segments[start:end]
        title = _plain(chunk[0].text) if titled else ""
        key = templates.pinned(title or tpl.title) or tpl.key
        base, m = key, 2
        while key in used:
            key, m = f"{base}{m}", m + 1
        used.add(key)
        shaped = [_shape(seg, key, title=titled and i == 0) for i, seg in enumerate(chunk)]
        walked, _notes = _Walk(tpl, key, key, shaped).run()
        out += walked
        questionnaires.append(Questionnaire(key=key, title=title, line=chunk[0].line))
    warnings = [w for w in doc.warnings if not w.message.startswith("no questionnaire structure")]
    return Document(
        name=doc.name,
        source=doc.source,
        segments=tuple(_unique(out, set(map(id, head)))),
        questionnaires=tuple(questionnaires),
        warnings=tuple(warnings),
    )


def _lead_in(segments: Sequence[Segment], first: int, tpl: Template) -> tuple[int, bool]:
    """Where a questionnaire whose first question is at ``first`` begins: at the part
    headings just before it, and at the title before them if one reads like the template's
    (a line the parser took for a paragraph or an addressee).  Returns the index and
    whether a title was found."""
    for k in range(first - 1, max(first - 4, -1), -1):
        seg = segments[k]
        if seg.kind == "part" and not seg.questionnaire:
            first = k
        elif (
            seg.kind in (*_TEXT_KINDS, "addressee")
            and not seg.questionnaire
            and fuzz.token_sort_ratio(seg.text, tpl.title, processor=default_process)
            >= TITLE_MIN - 5
        ):
            return k, True
        else:
            break
    return first, False


def _shape(seg: Segment, key: str, *, title: bool) -> Segment:
    """A segment of text outside any questionnaire, shaped as the parser would have made it
    inside questionnaire ``key``: the title, a part heading, or a paragraph."""
    if title:
        text = _plain(seg.text)
        return dataclasses.replace(
            seg,
            id=f"{key}.title",
            kind="title",
            text=text,
            questionnaire=key,
            where=f"{text}: title",
        )
    if seg.kind == "condition":
        return dataclasses.replace(seg, id=f"{key}.{seg.id.rsplit('.', 1)[-1]}", questionnaire=key)
    if seg.kind == "part":
        return dataclasses.replace(
            seg, id=f"{key}.part-{seg.part.lower()}.heading", questionnaire=key
        )
    if seg.kind in _TEXT_KINDS:
        text = " ".join(seg.text.split())  # a letterhead block keeps its lines; a paragraph not
        return dataclasses.replace(
            seg,
            id=f"{key}.intro.{slug(text) or 'p'}",
            kind="paragraph",
            text=text,
            questionnaire=key,
        )
    return seg


def _rekey(seg: Segment, old: str, new: str) -> Segment:
    if old == new:
        return seg
    ident = new + seg.id[len(old) :] if seg.id.startswith(old + ".") else seg.id
    return dataclasses.replace(seg, id=ident, questionnaire=new)


def _by_text(segments: list[Segment]) -> list[Segment]:
    """Paragraph IDs (``….answer.<incipit>``, ``….intro.<incipit>``) made unique again from
    each paragraph's own text, by :func:`ids.assign`, now that recognition has filed
    them under their questions: a name lengthened because of a paragraph that the parser
    had filed in the same place, and that is now elsewhere, becomes the plain incipit."""
    wanted: list[tuple[str, str]] = []
    at: list[int] = []
    for i, seg in enumerate(segments):
        incipit = slug(seg.text) or "p"
        m = re.match(rf"^(.*\.(?:answer|intro))\.{re.escape(incipit)}(?:-[a-z0-9-]+)?$", seg.id)
        if m:
            wanted.append((f"{m[1]}.{incipit}", seg.text))
            at.append(i)
    out = list(segments)
    for i, ident in zip(at, ids.assign(wanted), strict=True):
        if out[i].id != ident:
            out[i] = dataclasses.replace(out[i], id=ident)
    return out


def _unique(segments: list[Segment], originals: set[int]) -> list[Segment]:
    """IDs made unique: paragraphs from their own text (:func:`_by_text`); of the other
    segments, those kept from the parser keep theirs, new ones give way."""
    renamed = _by_text(segments)
    originals = {id(b) for a, b in zip(segments, renamed, strict=True) if id(a) in originals}
    segments = renamed
    used = {s.id for s in segments if id(s) in originals}
    out = []
    for seg in segments:
        if id(seg) in originals:
            out.append(seg)
            continue
        ident, n = seg.id, 2
        while ident in used:
            ident, n = f"{seg.id}-{n}", n + 1
        used.add(ident)
        out.append(seg if ident == seg.id else dataclasses.replace(seg, id=ident))
    return out


@dataclass(frozen=True, slots=True)
class _Hit:
    """A template question found in a segment; ``before``/``after`` are the parts of a
    merged segment that are not the question."""

    question: Question
    score: float
    label: str = ""
    text: str = ""
    before: str = ""
    after: str = ""
    split: bool = False


@dataclass(frozen=True, slots=True)
class _Text:
    """A segment's text as compared: its label, the text without it, and the processed
    form rapidfuzz compares."""

    seg: Segment
    label: str
    text: str
    processed: str


def _prepare(seg: Segment) -> _Text | None:
    if seg.kind not in ("question", "answer", "paragraph"):
        return None
    if seg.kind == "question":
        label, text = seg.label, _plain(seg.text)
    else:
        label, text = _strip_label(seg.text)
    processed = default_process(text)
    return _Text(seg, label, text, processed) if processed else None


@dataclass(frozen=True, slots=True)
class _Run:
    """A run of whole sentences inside a longer segment, where a merged question may be."""

    processed: str
    index: int
    """Index of the segment."""
    start: int
    end: int
    """Sentences ``start:end`` of the segment's text."""


def _runs(texts: Sequence[_Text | None]) -> list[_Run]:
    """The runs of up to six sentences that open or close a segment of two sentences or
    more (a question merged with the answer after it, or with the answer before it), the
    whole segment left out, sorted by length."""
    out = []
    for index, t in enumerate(texts):
        if t is None:
            continue
        sentences = _SENTENCE_RE.split(_source_text(t))
        for i in range(len(sentences)):
            for j in range(i + 1, min(len(sentences), i + 6) + 1):
                if (i, j) == (0, len(sentences)) or (i and j != len(sentences)):
                    continue
                processed = default_process(_strip_label(" ".join(sentences[i:j]))[1])
                if processed:
                    out.append(_Run(processed, index, i, j))
    out.sort(key=lambda r: len(r.processed))
    return out


def _source_text(t: _Text) -> str:
    return _plain(t.seg.text) if t.seg.kind != "question" else t.text


def _numbered(q: Question, seg: Segment) -> bool:
    return seg.kind == "question" and seg.question == q.number and seg.sub == q.sub


def _opening_hit(q: Question, qt: str, t: _Text) -> _Hit | None:
    """The question as the opening words of a longer segment, cut at the word boundary
    where the similarity is highest."""
    raw = _source_text(t)
    best: tuple[float, int] | None = None
    for m in re.finditer(r"\s+", raw):
        if m.start() < len(q.text) * 0.8:
            continue
        if m.start() > len(q.text) * 1.3:
            break
        score = fuzz.ratio(qt, default_process(_strip_label(raw[: m.start()])[1]))
        if best is None or score > best[0]:
            best = (score, m.start())
    if best is None or best[0] < TEXT_MIN:
        return None
    score, cut = best
    own_label, body = _strip_label(raw[:cut])
    return _Hit(
        q,
        score + 20 * _numbered(q, t.seg) - 1,
        own_label or t.label,
        body,
        after=raw[cut:].strip(),
        split=True,
    )


@dataclass(slots=True)
class _Index:
    """The segments of a questionnaire prepared once for every template question."""

    texts: list[_Text | None]
    choices: dict[int, str]
    """Segment index → processed text."""
    order: list[int]
    """Segment indices by length of processed text."""
    ordered: list[str]
    ordered_lengths: list[int]
    runs: list[_Run]
    run_texts: list[str]
    run_lengths: list[int]

    @classmethod
    def build(cls, segs: Sequence[Segment]) -> _Index:
        texts = [_prepare(s) for s in segs]
        choices = {j: t.processed for j, t in enumerate(texts) if t is not None}
        order = sorted(choices, key=lambda j: len(choices[j]))
        runs = _runs(texts)
        return cls(
            texts=texts,
            choices=choices,
            order=order,
            ordered=[choices[j] for j in order],
            ordered_lengths=[len(choices[j]) for j in order],
            runs=runs,
            run_texts=[r.processed for r in runs],
            run_lengths=[len(r.processed) for r in runs],
        )


def _hits(q: Question, index: _Index) -> dict[int, _Hit]:
    """Where template question ``q`` may be among the segments: segment index → hit.

    A segment is the question when its text is close enough (:data:`TEXT_MIN`, or
    :data:`NUMBERED_MIN` for a question with the same number), or when it holds the
    question merged with other text: as its opening words, or as a run of whole sentences
    at its start or end.
    """
    qt = default_process(q.text)
    texts = index.texts
    out: dict[int, _Hit] = {}
    for _, score, j in process.extract(
        qt, index.choices, scorer=fuzz.ratio, score_cutoff=NUMBERED_MIN, limit=None
    ):
        t = texts[j]
        assert t is not None
        if score >= TEXT_MIN or _numbered(q, t.seg):
            out[j] = _Hit(q, score + 20 * _numbered(q, t.seg), t.label, t.text)
    # run into the words after it with no sentence break between ("… (CCW) Azerbaijan is …")
    width = int(len(qt) * 1.1)
    first = bisect.bisect_right(index.ordered_lengths, len(qt) * 1.2)
    openings = [p[:width] for p in index.ordered[first:]]
    for _, _, k in process.extract(
        qt, openings, scorer=fuzz.ratio, score_cutoff=TEXT_MIN - 5, limit=None
    ):
        j = index.order[first + k]
        t = texts[j]
        assert t is not None
        hit = _opening_hit(q, qt, t)
        if hit is not None and (j not in out or out[j].score < hit.score):
            out[j] = hit
    lo = bisect.bisect_left(index.run_lengths, len(qt) * 0.8)
    hi = bisect.bisect_right(index.run_lengths, len(qt) * 1.25)
    best: dict[int, tuple[float, _Run]] = {}
    for _, score, k in process.extract(
        qt, index.run_texts[lo:hi], scorer=fuzz.ratio, score_cutoff=TEXT_MIN, limit=None
    ):
        run = index.runs[lo + k]
        if run.index not in best or score > best[run.index][0]:
            best[run.index] = (score, run)
    for j, (score, run) in best.items():
        t = texts[j]
        assert t is not None
        bonus = 20 * _numbered(q, t.seg)
        if j in out and out[j].score >= score + bonus:
            continue
        sentences = _SENTENCE_RE.split(_source_text(t))
        own_label, body = _strip_label(" ".join(sentences[run.start : run.end]))
        out[j] = _Hit(
            q,
            score + bonus - 1,
            own_label or (t.label if run.start == 0 else ""),
            body,
            before=" ".join(sentences[: run.start]),
            after=" ".join(sentences[run.end :]),
            split=True,
        )
    return out


def _align(questions: Sequence[Question], segs: Sequence[Segment]) -> dict[int, _Hit]:
    """The best order-keeping assignment of template questions to segments (dynamic
    programming over the score matrix): segment index → hit."""
    n, m = len(questions), len(segs)
    index = _Index.build(segs)
    hits = [_hits(q, index) for q in questions]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev, found = best[i], best[i - 1], hits[i - 1]
        for j in range(1, m + 1):
            hit = found.get(j - 1)
            take = prev[j - 1] + hit.score if hit is not None else -1.0
            row[j] = max(prev[j], row[j - 1], take)
    out: dict[int, _Hit] = {}
    i, j = n, m
    while i > 0 and j > 0:
        hit = hits[i - 1].get(j - 1)
        if hit is not None and best[i][j] == best[i - 1][j - 1] + hit.score:
            out[j - 1] = hit
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return out


@dataclass(slots=True)
class _Owner:
    """The question (or part, or questionnaire) that the segments being walked belong to."""

    new: str
    """Scope in the new IDs (``part1.q3``), "" for the questionnaire itself."""
    old: str
    """Scope in the parser's IDs, to find a segment's own role in its old ID."""
    part: str = ""
    question: str = ""
    sub: str = ""
    text: str = ""
    answers: int = 0


class _Walk:
    """Rewrites the segments of one questionnaire after its template."""

    def __init__(self, tpl: Template, key: str, old_key: str, segs: list[Segment]) -> None:
        self.tpl, self.key, self.old_key, self.segs = tpl, key, old_key, segs
        self.out: list[Segment] = []
        self.notes: list[Diagnostic] = []
        self.owner = _Owner("", "")
        self.pending: list[Segment] = []
        title = next((s for s in segs if s.kind == "title"), None)
        self.context = title.where.removesuffix(": title") if title else ""

    def run(self) -> tuple[list[Segment], list[Diagnostic]]:
        hits = _align(self.tpl.asked(), self.segs)
        claimed = {(h.question.number, h.question.sub) for h in hits.values()}
        for j, seg in enumerate(self.segs):
            hit = hits.get(j)
            if seg.questionnaire != self.old_key:  # not the questionnaire's (a date, say)
                self.out.append(seg)
            elif seg.kind == "title":
                self.emit(seg, f"{self.key}.title", "title", seg.text)
            elif seg.kind == "part" or (seg.id.endswith(".heading") and seg.kind != "question"):
                self.flush()
                self.part(seg)
            elif hit is not None:
                self.question(seg, hit)
            elif seg.kind == "condition" and (seg.id.endswith(".condition") or j + 1 in hits):
                # a heading before a question ("If yes:"), even one the parser did not see
                self.pending.append(seg)
            elif seg.kind == "question" and (seg.question, seg.sub) in claimed:
                # a numbered line whose number belongs to another question: an answer item
                self.flush()
                text = f"{seg.label} {seg.text}".strip()
                self.answer(seg, text, item=True)
            elif seg.kind == "question":
                self.flush()
                old = scope_of(seg.id, self.old_key)
                self.owner = _Owner(old, old, seg.part, seg.question, seg.sub, seg.text)
                self.emit(seg, self.ident(seg, old), "question", seg.text, label=seg.label)
                label = seg.question + (f" ({seg.sub})" if seg.sub else "")
                known = any(
                    q.number == seg.question and q.sub == seg.sub for q in self.tpl.questions
                )
                what = "reads unlike the question" if known else "is not a question"
                self.notes.append(
                    Diagnostic(
                        seg.line,
                        f"question {label} {what} of that number in the template "
                        f"{self.tpl.path or self.tpl.key}; it keeps the ID the parser gave it",
                    )
                )
            else:
                self.flush()
                self.answer(seg, seg.text, item=seg.item)
        self.flush()
        return self.out, self.notes

    # --- the pieces

    def ident(self, seg: Segment, old_scope: str) -> str:
        """The segment's ID with its key and scope replaced by the current owner's."""
        prefix = f"{self.old_key}.{old_scope}." if old_scope else f"{self.old_key}."
        if seg.id.startswith(prefix):
            rest = seg.id[len(prefix) :]
        else:
            m = re.search(
                r"(?:question|heading|condition|title|if-[a-z]+|(?:answer|intro)\.[^.]+)$", seg.id
            )
            rest = m[0] if m else seg.id.rsplit(".", 1)[-1]
        if self.owner.question and rest.startswith("intro."):
            rest = "answer." + rest[len("intro.") :]
        if self.owner.new != self.owner.old:
            # the "-2" the parser added to tell it from a paragraph of the question it was
            # filed under means nothing under its own question
            rest = re.sub(rf"^((?:answer|intro)\.{re.escape(slug(seg.text))})-\d+$", r"\1", rest)
        scope = self.owner.new
        return f"{self.key}.{scope}.{rest}" if scope else f"{self.key}.{rest}"

    def part(self, seg: Segment) -> None:
        old = scope_of(seg.id, self.old_key)
        new = next((p.id for p in self.tpl.parts if seg.part and p.number == seg.part), old)
        self.owner = _Owner(new, old, seg.part)
        self.emit(seg, f"{self.key}.{new}.heading", seg.kind, seg.text)

    def question(self, seg: Segment, hit: _Hit) -> None:
        q = hit.question
        if hit.before:
            self.flush()
            self.answer(seg, hit.before, item=False, fresh=True)
        previous = self.owner.question
        old = scope_of(seg.id, self.old_key) if seg.kind == "question" else self.owner.old
        part = self.tpl.part_number(q.id) or (
            seg.part if seg.kind == "question" else self.owner.part
        )
        self.owner = _Owner(q.id, old, part, q.number, q.sub, hit.text)
        self.flush()
        # a lost number comes back from the template, as the parser prints it
        label = hit.label or (
            f"({q.sub})" if q.sub and previous == q.number else f"{q.number}. ({q.sub})"
        )
        if not q.sub:
            label = hit.label or f"{q.number}."
        if seg.kind == "question" and not hit.split:
            label, text = seg.label, seg.text
        else:
            text = hit.text
        self.emit(seg, f"{self.key}.{q.id}.question", "question", text, label=label)
        if hit.after:
            self.answer(seg, hit.after, item=False, fresh=True)

    def flush(self) -> None:
        """Conditional headings held back until the question they stand before is known."""
        for seg in self.pending:
            scope = self.owner.new
            ident = f"{self.key}.{scope}.condition" if scope else f"{self.key}.condition"
            self.emit(seg, ident, "condition", seg.text)
        self.pending = []

    def answer(self, seg: Segment, text: str, *, item: bool, fresh: bool = False) -> None:
        if fresh or text != seg.text or seg.kind == "question":
            role = "answer" if self.owner.question else "intro"
            tail = f"{role}.{slug(text) or 'p'}"
            ident = (
                f"{self.key}.{self.owner.new}.{tail}" if self.owner.new else f"{self.key}.{tail}"
            )
        else:
            ident = self.ident(seg, self.owner.old)
        kind = seg.kind
        if kind in ("answer", "paragraph", "question"):
            kind = "answer" if self.owner.question else "paragraph"
        label = "" if fresh or seg.kind == "question" else None
        self.emit(
            seg, ident, kind, text, label=label, item=item, copy=not fresh and text == seg.text
        )

    def emit(
        self,
        seg: Segment,
        ident: str,
        kind: str,
        text: str,
        *,
        label: str | None = None,
        item: bool | None = None,
        copy: bool = True,
    ) -> None:
        o = self.owner
        if kind == "answer":
            o.answers += 1
        fields = {
            "id": ident,
            "kind": kind,
            "text": text,
            "label": seg.label if label is None else label,
            "questionnaire": self.key,
            "part": o.part if kind != "title" else "",
            "question": o.question if kind not in ("title", "part") else "",
            "sub": o.sub if kind not in ("title", "part") else "",
            "item": seg.item if item is None else item,
        }
        if copy and all(getattr(seg, k) == v for k, v in fields.items()):
            self.out.append(seg)
            return
        self.out.append(dataclasses.replace(seg, where=self.where(kind, ident, fields), **fields))  # type: ignore[arg-type]

    def where(self, kind: str, ident: str, fields: dict[str, object]) -> str:
        """Where the segment is, told to translators, in the parser's wording."""
        o = self.owner
        bits = [self.context] if self.context else []
        if fields["part"]:
            bits.append(f"Part {fields['part']}")
        if fields["question"] and kind not in ("title", "part"):
            bits.append(f"question {o.question}" + (f" ({o.sub})" if o.sub else ""))
        ctx = ", ".join(bits)
        if kind == "title":
            return f"{ctx}: title"
        if kind == "part" or ident.endswith(".heading"):
            return f"{ctx}: heading"
        if kind == "question":
            return f"{ctx}: {'sub-question' if o.sub else 'question'} text"
        if kind == "condition":
            heading = "condition" if ident.endswith(".condition") else "conditional"
            return f"{ctx}: {heading} heading"
        if kind == "answer":
            role = "item" if fields["item"] else "paragraph"
            where = f"{ctx}: answer, {role} {o.answers}"
            if o.text:
                opening = o.text if len(o.text) <= 160 else o.text[:160].rsplit(" ", 1)[0] + " …"
                where += f"\nQuestion: {opening}"
            return where
        return f"{ctx or 'Body'}: paragraph"
