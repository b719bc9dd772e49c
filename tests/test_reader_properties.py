"""Properties of the readers: every word of a document comes out once, in order, whatever
the emphasis, line breaks and layout around it."""

from __future__ import annotations

import io
import re

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minipdf import make_pdf
from reply_i18n.source.docx import read_docx
from reply_i18n.source.inline import emphasis
from reply_i18n.source.pdf import read_pdf
from reply_i18n.source.text import read_text

WORD = st.from_regex(r"[A-Za-z][a-z]{0,9}[.,;:]?", fullmatch=True)
RUN = st.tuples(st.lists(WORD, min_size=1, max_size=6), st.booleans(), st.booleans())
PARAGRAPH = st.lists(RUN, min_size=1, max_size=5)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def words(text: str) -> list[str]:
    return re.sub(r"\*+", " ", text).split()


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.text(st.characters(blacklist_characters="*"), max_size=8),
            st.booleans(),
            st.booleans(),
        )
    )
)
def test_emphasis_keeps_every_character_and_balances_its_markers(
    runs: list[tuple[str, bool, bool]],
) -> None:
    lines = emphasis(runs)
    text = "".join(lines)
    plain = "".join(t for t, _, _ in runs)
    assert "".join(text.replace("*", "").split()) == "".join(plain.split())
    assert text.count("*") % 2 == 0


@SETTINGS
@given(st.lists(PARAGRAPH, min_size=1, max_size=6))
def test_the_word_reader_loses_no_word(
    paragraphs: list[list[tuple[list[str], bool, bool]]],
) -> None:
    document = docx.Document()
    expected: list[str] = []
    for runs in paragraphs:
        p = document.add_paragraph()
        for n, (ws, bold, italic) in enumerate(runs):
            run = p.add_run(("" if n == 0 else " ") + " ".join(ws))
            run.bold, run.italic = bold, italic
            expected.extend(ws)
    out = io.BytesIO()
    document.save(out)
    blocks, _ = read_docx(out.getvalue(), source="x.docx")
    assert [w for b in blocks for w in words(b.text)] == expected
    assert len(blocks) == len(paragraphs)


@SETTINGS
@given(st.lists(st.lists(WORD, min_size=1, max_size=8), min_size=1, max_size=30))
def test_the_pdf_reader_loses_no_word(lines: list[list[str]]) -> None:
    per_page = 40
    pages = []
    for start in range(0, len(lines), per_page):
        chunk = lines[start : start + per_page]
        pages.append([(72.0, 760.0 - 16 * i, 11.0, " ".join(ws)) for i, ws in enumerate(chunk)])
    blocks, _ = read_pdf(make_pdf(pages), source="x.pdf")
    got = [w for b in blocks for w in words(b.text)]
    expected = [w for ws in lines for w in ws]
    # a line-end hyphen may join two words; nothing else changes
    assert "".join(got) == "".join(expected)


@SETTINGS
@given(st.lists(st.lists(WORD, min_size=1, max_size=12), min_size=1, max_size=40))
def test_the_text_reader_loses_no_word(lines: list[list[str]]) -> None:
    text = "\n".join(" ".join(ws) for ws in lines)
    blocks, _ = read_text(text)
    assert [w for b in blocks for w in b.text.split()] == [w for ws in lines for w in ws]


def test_the_longer_lasting_emphasis_opens_first() -> None:
    assert emphasis([("both", True, True), (" italic", False, True)]) == ["***both** italic*"]
    assert emphasis([("both", True, True), (" bold", True, False)]) == ["***both* bold**"]
    assert emphasis([("a", True, False), ("\n", True, False), ("b", True, False)]) == [
        "**a",
        "b**",
    ]
