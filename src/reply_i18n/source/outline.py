"""How a source was understood: the parsed document as a tree of text, or as JSON.

The JSON form is documented in the README; every segment, front matter included, is an
object with at least ``id``, ``kind``, ``text``, ``line`` and ``translatable``.
"""

from __future__ import annotations

from typing import Any

from reply_i18n.model import Document


def document_json(doc: Document) -> dict[str, Any]:
    return {
        "document": doc.name,
        "source": doc.source,
        "questionnaires": [
            {"key": q.key, "title": q.title, "line": q.line} for q in doc.questionnaires
        ],
        "segments": [
            {
                "id": s.id,
                "kind": s.kind,
                "text": s.text,
                "line": s.line,
                "translatable": s.translatable,
                "label": s.label,
                "questionnaire": s.questionnaire,
                "part": s.part,
                "question": s.question,
                "sub": s.sub,
                "item": s.item,
                "date": s.date.isoformat() if s.date else None,
                # only table cells have the key, so that other outlines stay as they were
                **({"cell": list(s.cell)} if s.cell is not None else {}),
            }
            for s in doc.segments
        ],
        "warnings": [{"line": w.line, "message": w.message} for w in doc.warnings],
    }


def outline_text(doc: Document) -> str:
    lines = [
        f"{doc.name} ({doc.source}): {len(doc.segments)} segments, "
        f"{len(doc.translatable())} to translate"
    ]
    for s in doc.segments:
        depth = 1
        if s.questionnaire:
            depth = 1 + bool(s.part) + bool(s.question) + bool(s.sub)
            if s.kind in ("title",):
                depth = 1
            elif s.kind == "part":
                depth = 2
            elif s.kind in ("answer", "paragraph", "cell"):
                depth += 1
        words = s.text.replace("\n", " / ")
        if len(words) > 60:
            words = words[:57].rstrip() + "..."
        mark = "" if s.translatable else "  [verbatim]" if s.date is None else "  [date]"
        label = f"{s.label} " if s.label else ""
        if s.cell is not None:
            label = f"[table {s.cell[0] + 1} row {s.cell[1] + 1} col {s.cell[2] + 1}] "
        lines.append(f"{'  ' * depth}{s.id}  {s.kind}  {s.line}: {label}{words}{mark}")
    return "\n".join(lines) + "\n"
