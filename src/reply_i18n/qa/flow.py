"""Which questions a reply must answer: a template's conditional flow, applied to the reply.

A questionnaire asks some questions only after a given answer ("If yes:", "(b) If no, …")
and lets an answer skip others ("If not, go to question 7").  :func:`route` reads how the
reply answered each deciding question (:func:`polarity`) and returns the questions the
flow skips, which are then not gaps, and those it cannot decide, which are not reported
either: a check should not accuse a reply on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reply_i18n.source.templates import Template

_YES_NO = re.compile(r"^(yes|no)(?=$|[\s.,;:!–—-])", re.IGNORECASE)
_NOT_APPLICABLE = re.compile(r"^(?:n/?a|not applicable|-+|–|—)\.?$", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|neither|nor|no longer)\b|n't\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True, slots=True)
class Route:
    """The questions of one questionnaire that the reply need not answer."""

    skipped: frozenset[str]
    """IDs of questions the flow skips, given the reply's answers."""
    undecided: frozenset[str]
    """IDs of conditional questions whose deciding answer is not clear from the reply."""
    answers: Mapping[str, str | None]
    """Question ID → ``yes``, ``no`` or None (unclear), for the deciding questions."""

    def exempt(self, ident: str) -> bool:
        return ident in self.skipped or ident in self.undecided


def _clean(text: str) -> str:
    text = re.sub(r"^(?:\*\*)?(?:Reply|Answer|Response)\s*:\s*", "", text.strip(), flags=re.I)
    return " ".join(text.replace("**", "").split())


def substantive(texts: Sequence[str]) -> bool:
    """True when an answer says something: not empty, not "N/A"."""
    return any(t and not _NOT_APPLICABLE.match(t) for t in map(_clean, texts))


def polarity(texts: Sequence[str]) -> str | None:
    """``yes`` or ``no`` for the answer to a yes/no question, None when unclear.

    An answer that opens with "Yes" or "No" says so; otherwise a negation in its first
    sentence ("Azerbaijan is not a party …", "has not ratified") reads as no.  An answer
    that opens affirmatively without the word is left undecided.
    """
    first = next((t for t in map(_clean, texts) if t), "")
    if not first or _NOT_APPLICABLE.match(first):
        return None
    m = _YES_NO.match(first)
    if m:
        return m[1].lower()
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0]
    return "no" if _NEGATION.search(sentence) else None


def route(template: Template, answers: Mapping[str, Sequence[str]]) -> Route:
    """The questions of ``template`` that a reply need not answer.

    ``answers`` maps the ID of each question present in the reply to the texts of its
    answer.  A deciding question's answer is read by :func:`polarity`; when that is
    unclear, the reply's own choice decides: substantive answers under one branch only.
    A question whose deciding question is itself skipped is skipped too, and so are the
    sub-questions of a skipped question.
    """
    order = [q.id for q in template.questions]
    decided: dict[str, str | None] = {}
    deciding = {q.asked_if.question for q in template.questions if q.asked_if}
    deciding |= {q.id for q in template.questions if q.go_to}
    for ident in deciding:
        said = polarity(answers.get(ident, ()))
        branch = _branch(template, ident, answers)
        decided[ident] = said if branch in (None, said) else (branch if said is None else None)
    skipped: set[str] = set()
    undecided: set[str] = set()
    for i, q in enumerate(template.questions):
        if q.parent in skipped:
            skipped.add(q.id)
        elif q.asked_if is not None:
            deciding_q = q.asked_if.question
            answer = decided.get(deciding_q)
            if deciding_q in skipped or (answer is not None and answer != q.asked_if.answer):
                skipped.add(q.id)
            elif answer is None or deciding_q in undecided:
                undecided.add(q.id)
        for jump in q.go_to:
            between = order[i + 1 : order.index(jump.question)]
            if q.id in skipped or decided.get(q.id) == jump.answer:
                skipped.update(between)
            elif decided.get(q.id) is None:
                undecided.update(between)
    undecided -= skipped
    return Route(frozenset(skipped), frozenset(undecided), decided)


def _branch(template: Template, ident: str, answers: Mapping[str, Sequence[str]]) -> str | None:
    """The branch the reply took after question ``ident``, from where it answered."""
    answered = {
        q.asked_if.answer
        for q in template.questions
        if q.asked_if and q.asked_if.question == ident and substantive(answers.get(q.id, ()))
    }
    return answered.pop() if len(answered) == 1 else None
