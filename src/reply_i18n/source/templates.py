"""Questionnaire templates: what a questionnaire asks, learnt once from a reply.

A mission answers the same questionnaires every year.  A template records one
questionnaire: its key (the first part of every segment ID under it), its title, its parts,
its questions with number, text and parent, and its conditional flow ("If yes:" headings,
"(a) If yes, …", "If not, go to question 7").  It lives in ``questionnaires/<key>.toml``
and is written once by ``reply-i18n questionnaire learn``, then reviewed by a person.

This module holds the template data, reads it from TOML text (:func:`parse_template`,
with ``tomllib``), writes it as TOML text (:func:`format_template`, with ``tomlkit``, so
that the reviewer's file has comments and a stable order) and learns it from a parsed
:class:`~reply_i18n.model.Document` (:func:`learn`).  No file is touched here.

Question IDs in a template are segment ID scopes without the key: ``part1.q3`` is the
question whose text has the ID ``apm.part1.q3.question``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import tomlkit

from reply_i18n.errors import TemplateError
from reply_i18n.model import Document, Segment
from reply_i18n.tomllines import syntax_error

KEY_RE = re.compile(r"^(?!(?:front|body)$)[a-z][a-z0-9-]{0,31}$")
"""A questionnaire key: short, lowercase ASCII, the first part of its segment IDs; not
``front`` or ``body``, which name the segments outside any questionnaire."""
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*$")
"""A question or part ID inside a template: dotted lowercase words (``part2.q8.a``)."""
ANSWERS = ("yes", "no")

_ROLE_RE = re.compile(r"\.(?:question|heading|condition|title|if-[a-z]+|(?:answer|intro)\.[^.]+)$")
_IF_RE = re.compile(r"^\W*If\s+(yes|no|not|so)\b", re.IGNORECASE)
_GOTO_RE = re.compile(
    r"\bif\s+(yes|no|not|so)\b[^.?;]*?\b(?:go|proceed|move|skip|continue)(?:\s+on)?\s+to\s+"
    r"(?:question|q\.?)\s*(\d{1,4})(?:\s*\(?([a-z])\))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Condition:
    """A question is asked only when another question was answered yes or no."""

    question: str
    """ID of the question whose answer decides (``part1.q1``)."""
    answer: str
    """``yes`` or ``no``."""


@dataclass(frozen=True, slots=True)
class Jump:
    """ "If not, go to question 7": an answer that skips the questions up to another one."""

    answer: str
    """``yes`` or ``no``: the answer to the question that carries the jump."""
    question: str
    """ID of the question to continue at; the questions in between are skipped."""


@dataclass(frozen=True, slots=True)
class Part:
    """A part (or section) of a questionnaire."""

    id: str
    """Scope of its segment IDs (``part1``)."""
    number: str
    """The numeral as printed (``I``)."""
    heading: str
    """The heading as printed (``Part I``)."""


@dataclass(frozen=True, slots=True)
class Question:
    """A question, sub-question or group of sub-questions of a template."""

    id: str
    """Scope of its segment IDs without the key (``part2.q8.a``)."""
    number: str
    """Question number as printed (``8``)."""
    text: str
    """English text; empty for a number that only groups sub-questions ("8. (a) …")."""
    sub: str = ""
    """Sub-question letter (``a``) or ""."""
    parent: str = ""
    """ID of the enclosing part or question, or "" at the top."""
    condition: str = ""
    """Conditional heading printed before the question ("If yes:"), for the reader."""
    asked_if: Condition | None = None
    """Asked only when another question got this answer."""
    go_to: tuple[Jump, ...] = ()
    """Questions skipped by an answer to this one."""

    @property
    def label(self) -> str:
        """The number as a reader names it: ``8 (a)``."""
        return self.number + (f" ({self.sub})" if self.sub else "")


@dataclass(frozen=True, slots=True)
class Template:
    """One questionnaire: key, title, parts and questions in the order printed."""

    key: str
    title: str
    parts: tuple[Part, ...] = ()
    questions: tuple[Question, ...] = ()
    path: str = ""
    """File the template was read from, for messages ("" when learnt)."""

    def question(self, ident: str) -> Question | None:
        return next((q for q in self.questions if q.id == ident), None)

    def part_number(self, ident: str) -> str:
        """The part numeral a question or part belongs to ("" when outside any part)."""
        parts = {p.id: p for p in self.parts}
        parents = {q.id: q.parent for q in self.questions}
        seen = set()
        while ident and ident not in seen:
            seen.add(ident)
            if ident in parts:
                return parts[ident].number
            ident = parents.get(ident, "")
        return ""

    def asked(self) -> tuple[Question, ...]:
        """The questions that expect an answer (groups without text left out)."""
        return tuple(q for q in self.questions if q.text)


# --------------------------------------------------------------------------- reading


_TOP_KEYS = {"key", "title", "parts", "questions"}
_PART_KEYS = {"id", "number", "heading"}
_QUESTION_KEYS = {"id", "number", "sub", "parent", "text", "condition", "asked_if", "go_to"}


def parse_template(text: str, *, path: str) -> Template:
    """Read a template from TOML text.

    Raises :class:`~reply_i18n.errors.TemplateError` (``file:line: message``) for invalid
    TOML, unknown or missing keys, values of the wrong type, duplicate IDs and flow that
    points at a question that does not exist.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = syntax_error(exc)
        raise TemplateError(f"invalid TOML: {message}", path=path, line=line) from None
    where = _Locator(text, path)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise where.error(f"unknown key {unknown[0]!r}", key=unknown[0])
    key = _str(data, "key", where, required=True)
    if not KEY_RE.match(key):
        raise where.error(
            f"key {key!r} must be lowercase letters, digits and '-', starting with a letter "
            "(and not 'front' or 'body')",
            key="key",
        )
    title = _str(data, "title", where)
    parts: list[Part] = []
    for n, raw in enumerate(_tables(data, "parts", where)):
        at = where.at("parts", n)
        _no_unknown(raw, _PART_KEYS, at)
        part = Part(
            id=_ident(raw, at), number=_str(raw, "number", at), heading=_str(raw, "heading", at)
        )
        parts.append(part)
    questions: list[Question] = []
    ids = {p.id for p in parts}
    if len(ids) != len(parts):
        raise where.error("two parts have the same id", key="parts")
    for n, raw in enumerate(_tables(data, "questions", where)):
        at = where.at("questions", n)
        _no_unknown(raw, _QUESTION_KEYS, at)
        ident = _ident(raw, at)
        if ident in ids:
            raise at.error(f"id {ident!r} is used twice", key="id")
        parent = _str(raw, "parent", at)
        if parent and parent not in ids:
            raise at.error(f"parent {parent!r} is not a part or an earlier question", key="parent")
        asked_if = None
        if "asked_if" in raw:
            cond = raw["asked_if"]
            if not isinstance(cond, dict) or set(cond) != {"question", "answer"}:
                raise at.error(
                    'asked_if must be { question = "…", answer = "yes" or "no" }', key="asked_if"
                )
            cond_at = _Locator(at.text, at.path, at.line_of("asked_if"))
            asked_if = Condition(_ref(cond, ids, cond_at), _answer(cond, cond_at))
        jumps = []
        go_to = raw.get("go_to", [])
        if not isinstance(go_to, list):
            raise at.error('go_to must be a list of { answer = "…", question = "…" }', key="go_to")
        jump_at = _Locator(at.text, at.path, at.line_of("go_to"))
        for jump in go_to:
            if not isinstance(jump, dict) or set(jump) != {"question", "answer"}:
                raise jump_at.error('go_to must be a list of { answer = "…", question = "…" }')
            target = _str(jump, "question", jump_at, required=True)
            jumps.append(Jump(_answer(jump, jump_at), target))
        if isinstance(raw.get("number"), int) and not isinstance(raw["number"], bool):
            raw = {**raw, "number": str(raw["number"])}  # number = 3 means what "3" means
        q = Question(
            id=ident,
            number=_str(raw, "number", at, required=True),
            text=" ".join(_str(raw, "text", at).split()),
            sub=_str(raw, "sub", at),
            parent=parent,
            condition=_str(raw, "condition", at),
            asked_if=asked_if,
            go_to=tuple(jumps),
        )
        ids.add(ident)
        questions.append(q)
    order = {q.id: i for i, q in enumerate(questions)}
    for n, q in enumerate(questions):
        for jump in q.go_to:
            if order.get(jump.question, -1) <= n:
                raise where.at("questions", n).error(
                    f"go_to {jump.question!r} is not a later question", key="go_to"
                )
    return Template(key=key, title=title, parts=tuple(parts), questions=tuple(questions), path=path)


class _Locator:
    """Finds the line of a key or of the n-th ``[[table]]`` in the TOML text, since
    tomllib gives no positions for values."""

    def __init__(self, text: str, path: str, line: int | None = None) -> None:
        self.lines = text.splitlines()
        self.text = text
        self.path = path
        self.line = line

    def at(self, table: str, index: int) -> _Locator:
        count = -1
        for no, ln in enumerate(self.lines, 1):
            if re.match(rf"\s*\[\[\s*{re.escape(table)}\s*\]\]", ln):
                count += 1
                if count == index:
                    return _Locator(self.text, self.path, no)
        return _Locator(self.text, self.path, self.line)

    def line_of(self, key: str) -> int | None:
        """The line of ``key = …`` in the current table (from :attr:`line` on)."""
        start = (self.line or 1) - 1
        for no, ln in enumerate(self.lines[start:], start + 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", ln):
                return no
            if no > start + 1 and ln.lstrip().startswith("["):
                break
        return self.line

    def error(self, message: str, *, key: str | None = None) -> TemplateError:
        line = self.line if key is None else self.line_of(key)
        return TemplateError(message, path=self.path, line=line)


def _no_unknown(raw: Mapping[str, Any], allowed: set[str], at: _Locator) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise at.error(f"unknown key {unknown[0]!r}", key=unknown[0])


def _tables(data: Mapping[str, Any], name: str, at: _Locator) -> list[dict[str, Any]]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise at.error(f"{name} must be an array of tables ([[{name}]])", key=name)
    return value


def _str(raw: Mapping[str, Any], key: str, at: _Locator, *, required: bool = False) -> str:
    if key not in raw:
        if required:
            raise at.error(f"missing {key!r}")
        return ""
    value = raw[key]
    if not isinstance(value, str):
        raise at.error(f"{key} must be a string", key=key)
    return value


def _ident(raw: Mapping[str, Any], at: _Locator) -> str:
    ident = _str(raw, "id", at, required=True)
    if not ID_RE.match(ident):
        raise at.error(f"id {ident!r} must be dotted lowercase words (part1.q3)", key="id")
    return ident


def _ref(raw: Mapping[str, Any], ids: set[str], at: _Locator) -> str:
    ref = _str(raw, "question", at, required=True)
    if ref not in ids:
        raise at.error(f"question {ref!r} is not an earlier question")
    return ref


def _answer(raw: Mapping[str, Any], at: _Locator) -> str:
    answer = _str(raw, "answer", at, required=True)
    if answer not in ANSWERS:
        raise at.error(f"answer must be 'yes' or 'no', not {answer!r}")
    return answer


# --------------------------------------------------------------------------- writing


def format_template(template: Template, *, source: str = "") -> str:
    """The template as TOML text, with comments for the person who reviews it.

    Deterministic: the same template gives the same text.
    """
    doc = tomlkit.document()
    doc.add(
        tomlkit.comment(f"Questionnaire template for reply-i18n: {template.title or template.key}")
    )
    if source:
        doc.add(tomlkit.comment(f"Learnt from {source}; review it once, then keep it."))
    doc.add(tomlkit.comment("key: the first part of every segment ID under this questionnaire;"))
    doc.add(tomlkit.comment("changing it renames every ID, so keep it the same across years."))
    doc.add(tomlkit.comment("asked_if / go_to: the conditional flow; a question the flow skips"))
    doc.add(tomlkit.comment("is not reported as missing by `reply-i18n check`."))
    doc.add(tomlkit.nl())
    doc.add("key", template.key)
    doc.add("title", template.title)
    if template.parts:
        parts = tomlkit.aot()
        for p in template.parts:
            t = tomlkit.table()
            t.add("id", p.id)
            t.add("number", p.number)
            t.add("heading", p.heading)
            parts.append(t)
        doc.add(tomlkit.nl())
        doc.add("parts", parts)
    questions = tomlkit.aot()
    for q in template.questions:
        t = tomlkit.table()
        t.add("id", q.id)
        t.add("number", q.number)
        if q.sub:
            t.add("sub", q.sub)
        if q.parent:
            t.add("parent", q.parent)
        if q.condition:
            t.add("condition", q.condition)
        if q.asked_if is not None:
            cond = tomlkit.inline_table()
            cond.update({"question": q.asked_if.question, "answer": q.asked_if.answer})
            t.add("asked_if", cond)
        if q.go_to:
            jumps = tomlkit.array()
            for jump in q.go_to:
                j = tomlkit.inline_table()
                j.update({"answer": jump.answer, "question": jump.question})
                jumps.append(j)
            t.add("go_to", jumps)
        if q.text:
            t.add("text", q.text)
        else:
            t.add(tomlkit.comment("groups the sub-questions below; it has no text of its own"))
        questions.append(t)
    if template.questions:
        doc.add(tomlkit.nl())
        doc.add("questions", questions)
    return tomlkit.dumps(doc)


# --------------------------------------------------------------------------- learning


def scope_of(ident: str, key: str) -> str:
    """The scope of a segment ID without the key and the role:
    ``apm.part1.q3.answer.azerbaijan`` → ``part1.q3``; ``apm.title`` → ``""``."""
    rest = ident[len(key) + 1 :] if ident.startswith(key + ".") else ident
    if rest == "title":
        return ""
    return _ROLE_RE.sub("", "." + rest)[1:]


def answer_word(text: str) -> str | None:
    """``yes`` or ``no`` for a conditional opening ("If yes:", "If not, …"), else None."""
    m = _IF_RE.match(text.replace("*", ""))
    if not m:
        return None
    return "no" if m[1].lower() in ("no", "not") else "yes"


def learn(doc: Document, questionnaire: str, *, key: str | None = None) -> Template:
    """A template of one questionnaire of a parsed reply (by its key in the Document).

    Parts come from part headings, questions from question segments; sub-questions printed
    under a number with no text of their own ("8. (a) …") get a group entry for that
    number.  The flow comes from what the reply prints: an "If yes:"/"If no:" heading,
    which covers the questions after it up to the next such heading or part; a question
    that opens with "If yes, …"; and "If not, go to question 7".  Such a condition refers
    to the last question asked of everyone before it.

    Raises :class:`~reply_i18n.errors.TemplateError` when the Document has no such
    questionnaire or the key is not a valid key.
    """
    qn = next((q for q in doc.questionnaires if q.key == questionnaire), None)
    if qn is None:
        known = ", ".join(q.key for q in doc.questionnaires) or "none"
        raise TemplateError(
            f"no questionnaire {questionnaire!r} in the reply (questionnaires: {known})",
            path=doc.source,
        )
    new_key = key or questionnaire
    if key is not None and not KEY_RE.match(key):
        raise TemplateError(
            f"key {new_key!r} must be lowercase letters, digits and '-', starting with a letter"
        )
    segs = [s for s in doc.segments if s.questionnaire == questionnaire]
    parts: list[Part] = []
    questions: list[Question] = []
    jumps: dict[str, list[tuple[str, str, str]]] = {}
    ids: set[str] = set()
    heading = ""  # a conditional heading printed just before the next question
    block: Condition | None = None  # the condition of the heading's block of questions
    decision = ""
    for seg in segs:
        scope = scope_of(seg.id, questionnaire)
        heading_kind = seg.kind == "part" or (
            seg.kind != "question" and seg.id.endswith(".heading")
        )
        if heading_kind and scope and scope not in ids:
            parts.append(Part(scope, seg.part, seg.text))
            ids.add(scope)
            decision, block = "", None
        elif seg.kind == "condition" and answer_word(seg.text):
            heading = seg.text
            word = answer_word(seg.text)
            block = Condition(decision, word) if word and decision else None
        elif seg.kind == "question" and scope and scope not in ids:
            parent = _parent(scope, ids)
            group = scope.rsplit(".", 1)[0] if seg.sub and "." in scope else ""
            if group and group not in ids:
                questions.append(Question(group, seg.question, "", parent=parent))
                ids.add(group)
                parent = group
            word = answer_word(seg.text)
            asked_if = Condition(decision, word) if word and decision else block
            questions.append(
                Question(
                    id=scope,
                    number=seg.question,
                    text=seg.text,
                    sub=seg.sub,
                    parent=parent,
                    condition=heading,
                    asked_if=asked_if,
                )
            )
            ids.add(scope)
            if asked_if is None:
                decision = scope
            heading = ""
            _collect_jumps(seg.text, scope, jumps)
        elif seg.kind in ("answer", "paragraph") and questions:
            m = _GOTO_RE.search(seg.text)
            if m and len(seg.text) < len(m[0]) + 20:
                # a printed instruction ("If not, go to question 3."), not an answer: it
                # follows the answer it depends on, that of the last question asked of all
                _collect_jumps(seg.text, decision or questions[-1].id, jumps)
    resolved = _resolve_jumps(questions, jumps)
    return Template(
        key=new_key,
        title=qn.title,
        parts=tuple(parts),
        questions=tuple(resolved),
        path="",
    )


def _parent(scope: str, ids: set[str]) -> str:
    bits = scope.split(".")
    for n in range(len(bits) - 1, 0, -1):
        cand = ".".join(bits[:n])
        if cand in ids:
            return cand
    return ""


def _collect_jumps(text: str, scope: str, jumps: dict[str, list[tuple[str, str, str]]]) -> None:
    for m in _GOTO_RE.finditer(text):
        word = "no" if m[1].lower() in ("no", "not") else "yes"
        jumps.setdefault(scope, []).append((word, m[2], (m[3] or "").lower()))


def _resolve_jumps(
    questions: Sequence[Question], jumps: Mapping[str, list[tuple[str, str, str]]]
) -> list[Question]:
    out = list(questions)
    for i, q in enumerate(out):
        found = []
        for word, number, sub in jumps.get(q.id, []):
            target = next(
                (t for t in out[i + 1 :] if t.number == number and t.sub == sub),
                None,
            )
            if target is not None:
                found.append(Jump(word, target.id))
        if found:
            out[i] = Question(
                id=q.id,
                number=q.number,
                text=q.text,
                sub=q.sub,
                parent=q.parent,
                condition=q.condition,
                asked_if=q.asked_if,
                go_to=tuple(found),
            )
    return out


def segments_of(doc: Document, key: str) -> list[Segment]:
    """The segments of one questionnaire of a Document, in order."""
    return [s for s in doc.segments if s.questionnaire == key]
