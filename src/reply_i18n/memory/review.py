"""A review page of an alignment: each pair with its confidence, the least certain first.

One self-contained HTML file, no script and no external request, every text escaped, so a
reviser can check a legacy alignment before its pairs are trusted.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from reply_i18n.memory.align import Pair, Paragraph

_STYLE = """body{font-family:"DejaVu Sans",sans-serif;margin:2em;max-width:80em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.4em .6em;
vertical-align:top;text-align:left}th{background:#eee}.c{white-space:nowrap;text-align:right}
.low{background:#fde2e1}.mid{background:#fff4d6}"""


def _texts(items: Sequence[Paragraph], indexes: Sequence[int]) -> str:
    return (
        "<br><br>".join(html.escape(f"{items[i].label} {items[i].text}".strip()) for i in indexes)
        or "<em>(no counterpart)</em>"
    )


def render_review(
    pairs: Sequence[Pair],
    source: Sequence[Paragraph],
    target: Sequence[Paragraph],
    *,
    source_name: str,
    target_name: str,
    source_lang: str,
    target_lang: str,
) -> str:
    """The review page as HTML text."""
    rows = sorted(range(len(pairs)), key=lambda k: (pairs[k].confidence, k))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>Alignment of '
        f"{html.escape(target_name)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Alignment review</h1><p>{html.escape(source_name)} ({html.escape(source_lang)}) "
        f"with {html.escape(target_name)} ({html.escape(target_lang)}): {len(pairs)} pairs, "
        "the least certain first.</p>",
        f'<table><thead><tr><th>#</th><th>confidence</th><th lang="{html.escape(source_lang)}">'
        f'{html.escape(source_lang)}</th><th lang="{html.escape(target_lang)}">'
        f"{html.escape(target_lang)}</th></tr></thead><tbody>",
    ]
    for k in rows:
        pair = pairs[k]
        level = "low" if pair.confidence < 0.5 else "mid" if pair.confidence < 0.8 else ""
        cls = f' class="{level}"' if level else ""
        out.append(
            f'<tr{cls}><td>{k + 1}</td><td class="c">{pair.confidence:.0%}</td>'
            f'<td lang="{html.escape(source_lang)}">{_texts(source, pair.source)}</td>'
            f'<td lang="{html.escape(target_lang)}">{_texts(target, pair.target)}</td></tr>'
        )
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"
