"""Soak test of ``update``: a thousand random edits of a translated reply, and no
translation lost or attached to another paragraph.

A reply of a few questions is edited step by step (a paragraph inserted, deleted, moved,
its first words reworded, a word changed, or a near-duplicate of another added), and
after each step the new template is merged into the translator's catalog, as ``update``
does.  The translator then translates most of what is new or fuzzy, so the catalog always
holds a mix of translated, fuzzy, untranslated and obsolete entries.  Every translation is
``T:`` + the English text it was made for, so where each one went can be checked exactly.
The openings of paragraphs come from a short list, so that IDs collide often.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from reply_i18n.catalog import merge, template
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.source.structure import parse_document

WHEN = datetime.datetime(2025, 5, 6, tzinfo=datetime.UTC)
OPENINGS = (
    "Azerbaijan remains committed to",
    "The national agency reports",
    "The national agency has",
    "In the reporting period",
    "Azerbaijan remains a",
    "The Government of Azerbaijan",
)
_VOCAB = (
    "peace mine clearance victims assistance territory humanitarian demining agency "
    "international community contamination explosive remnants war protocol convention "
    "report measures ministry cooperation support capacity survey release land area "
    "hectares districts region civilian population risk education stockpile destruction "
    "legislation obligations programme training equipment funding donors partners teams"
)
WORDS = _VOCAB.split()
REWORDS = ("Moreover", "Furthermore", "Since then", "As before", "Overall", "Meanwhile")


def _paragraph(rng: random.Random) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25)))
    return f"{rng.choice(OPENINGS)} {body}."


@dataclass
class Reply:
    questions: list[list[str]] = field(default_factory=list)

    def texts(self) -> set[str]:
        return {p for q in self.questions for p in q}

    def render(self) -> str:
        out = ["OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES", "Part I"]
        for n, paras in enumerate(self.questions, start=1):
            out.append(f"{n}. What does question {n} ask of your country?")
            out.extend(paras)
        return "\n\n".join(out) + "\n"


def _edit(reply: Reply, rng: random.Random) -> str:
    """Apply one random edit; returns its kind.  Paragraphs stay distinct."""
    qs = reply.questions
    q = rng.randrange(len(qs))
    kind = rng.choice(("insert", "delete", "move", "reword", "word", "near-duplicate"))
    existing = reply.texts()

    def fresh(text: str) -> str | None:
        return text if text not in existing else None

    if kind == "insert" or (kind in ("delete", "move") and len(qs[q]) < 2):
        text = fresh(_paragraph(rng))
        if text:
            qs[q].insert(rng.randint(0, len(qs[q])), text)
        return "insert"
    i = rng.randrange(len(qs[q]))
    if kind == "delete":
        del qs[q][i]
    elif kind == "move":
        para = qs[q].pop(i)
        to = rng.randrange(len(qs))
        qs[to].insert(rng.randint(0, len(qs[to])), para)
    elif kind == "reword":
        words = qs[q][i].split()
        cut = rng.randint(1, 3)
        text = fresh(" ".join([rng.choice(REWORDS), *words[cut:]]))
        if text:
            qs[q][i] = text
    elif kind == "word":
        words = qs[q][i].split()
        k = rng.randrange(1, len(words))
        words[k] = rng.choice(WORDS) + ("." if words[k].endswith(".") else "")
        text = fresh(" ".join(words))
        if text:
            qs[q][i] = text
    else:  # a near-duplicate of a paragraph, next to it or in another question
        words = qs[q][i].split()
        k = rng.randrange(max(1, len(words) - 3), len(words))
        words[k] = rng.choice(WORDS) + ("." if words[k].endswith(".") else "")
        text = fresh(" ".join(words))
        to = rng.choice((q, rng.randrange(len(qs))))
        if text:
            qs[to].insert(rng.randint(0, len(qs[to])), text)
    return kind


def _translate(cat: Catalog, rng: random.Random, share: float) -> None:
    """The translator's turn: most new and fuzzy entries get their translation."""
    for m in cat.messages:
        if m.obsolete or m.translated or rng.random() >= share:
            continue
        m.msgstr = "T:" + m.msgid
        m.fuzzy = False
        m.previous_msgid = m.previous_msgctxt = None


@dataclass
class Tally:
    edits: int = 0
    lost: int = 0
    misattached: int = 0
    dropped: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def soak(steps: int, seed: int) -> Tally:
    rng = random.Random(seed)
    reply = Reply([[_paragraph(rng) for _ in range(rng.randint(2, 6))] for _ in range(6)])
    header = Message(msgid="", msgstr="Language: az\nContent-Type: text/plain; charset=UTF-8\n")
    doc = parse_document(reply.render(), name="r", source="r.txt")
    po, _ = merge(Catalog(header, []), template(doc, created=WHEN, source_path="r.txt"))
    _translate(po, rng, 1.0)
    tally = Tally()
    for _ in range(steps):
        kind = _edit(reply, rng)
        tally.kinds[kind] = tally.kinds.get(kind, 0) + 1
        tally.edits += 1
        doc = parse_document(reply.render(), name="r", source="r.txt")
        pot = template(doc, created=WHEN, source_path="r.txt")
        merged, _stats = merge(po, pot)
        now = reply.texts()
        done = {m.msgid: m.msgstr for m in po.messages if m.translated}
        entries = {m.msgid: m for m in merged.messages if not m.obsolete}
        # an unchanged paragraph keeps its own translation, not fuzzy
        for text, msgstr in done.items():
            if text in now:
                e = entries[text]
                tally.lost += e.msgstr != msgstr or e.fuzzy
        # no translation given to a paragraph while its own paragraph is still there
        for e in entries.values():
            own = e.msgstr.removeprefix("T:")
            tally.misattached += bool(e.msgstr) and own != e.msgid and own in now
        # and no translation disappears from the file
        kept = {m.msgstr for m in merged.messages}
        tally.dropped += len({m.msgstr for m in po.messages if m.msgstr} - kept)
        po = merged
        _translate(po, rng, 0.85)
    return tally


def test_a_thousand_random_edits_lose_and_misattach_nothing() -> None:
    tally = soak(1000, seed=2025)
    assert tally.edits == 1000
    assert all(n >= 100 for n in tally.kinds.values()), tally.kinds
    assert (tally.lost, tally.misattached, tally.dropped) == (0, 0, 0)
