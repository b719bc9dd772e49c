"""Property tests (Hypothesis).

(a) The parser neither drops nor duplicates text: every word of a source, conversion
    debris and structural labels aside, is in exactly one segment; for generated replies,
    and for the replies of the corpus (tests/corpus/) edited at random.
(b) PO round trip: what the writer writes, the reader reads back unchanged.
(c) The writer is GNU gettext: ``msgcat`` prints our files back byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_support import cases, source_words
from corpus_support import segment_words as corpus_segment_words
from reply_i18n.model import Document
from reply_i18n.po.pofile import Catalog, Message, format_catalog, parse_po
from reply_i18n.source.structure import parse_document

EXAMPLE = Path(__file__).resolve().parent.parent / "source" / "fsc-emi-122-25.txt"
MSGCAT = shutil.which("msgcat")

# --------------------------------------------------------------------------- (a) words


def norm_words(text: str) -> list[str]:
    """Words of a text for comparison: emphasis markers and a trailing comma aside.

    The comma goes because "Vienna, 5 May 2025" becomes two segments, "Vienna" and the
    date; nothing else of the text is set aside.
    """
    out = []
    for w in text.replace("*", " ").split():
        w = w.rstrip(",")
        if w:
            out.append(w)
    return out


def segment_words(doc: Document) -> Counter[str]:
    words: Counter[str] = Counter()
    for s in doc.segments:
        words.update(norm_words(s.text))
    return words


_PAGE = re.compile(r"^[-–—]\s*\d{1,3}\s*[-–—]$|^Page\s+\d{1,3}(\s+of\s+\d{1,3})?$")
_LABELS = [
    re.compile(r"^[-–•]\s+"),  # list dash before a question
    re.compile(r"^\*\*\s*"),  # stray bold marker
    re.compile(r"^Question\s+\d{1,3}\s*[.:)]?(\s+|$)"),
    re.compile(r"^\d{1,3}\s*[.)](\s+|$)"),  # "1." or "1)"
    re.compile(r"^\(?[a-z]\)\s+"),  # "(a)" or "a)"
    re.compile(r"^(Reply|Answer|Response)\s*:\s*(\*\*)?\s*", re.I),
]


def example_words(text: str) -> Counter[str]:
    """The words of a reply without its debris and labels, found line by line."""
    words: Counter[str] = Counter()
    symbol_seen = False
    for raw in text.lstrip("\ufeff").splitlines():
        line = raw.strip()
        if _PAGE.match(line):
            continue
        if re.fullmatch(r"[A-Z]{2,}(\.[A-Z]{2,})*/\d+/\d{2}", line):
            if symbol_seen:
                continue  # a running header
            symbol_seen = True
        before = None
        while before != line:
            before = line
            for label in _LABELS:
                line = label.sub("", line, count=1)
        words.update(norm_words(line))
    return words


def test_example_every_word_in_exactly_one_segment() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = parse_document(text, name="x", source="x.txt")
    expected = example_words(text)
    got = segment_words(doc)
    assert got - expected == Counter(), "words in segments that are not in the source"
    assert expected - got == Counter(), "words of the source in no segment"


# A vocabulary that looks like a reply, with the characters that matter: emphasis,
# apostrophes, figures, Azerbaijani and Turkish letters, Cyrillic.
STARTERS = ["Azerbaijan", "The", "Mines", "International", "ANAMA", "Armenia's", "Since", "Türkiye"]
WORDS = [
    "mines",
    "territory",
    "of",
    "the",
    "and",
    "demining",
    "assistance",
    "humanitarian",
    "victims",
    "*inter alia*",
    "**urgent**",
    "2,700",
    "1.25%",
    "(CCW)",
    "state's",
    "İstanbul",
    "ıslak",
    "Ərazi",
    "минные",
    "поля",
    "Protocol",
    "Convention",
    "mine/ERW",
    "well-being",
    "10",
    "November",
]


@dataclass
class Builder:
    """A generated reply: its text, and the words that must come out of it."""

    blocks: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    def content(self, text: str) -> None:
        """A block whose every word is content."""
        self.blocks.append(text)
        self.words.extend(norm_words(text))

    def labelled(self, debris: str, text: str) -> None:
        """A block of a label or debris, then content."""
        self.blocks.append(debris + text)
        self.words.extend(norm_words(text))

    def debris(self, text: str) -> None:
        self.blocks.append(text)


@st.composite
def sentence(draw: st.DrawFn, *, end: str = ".") -> str:
    first = draw(st.sampled_from(STARTERS))
    rest = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=14))
    return " ".join([first, *rest]) + end


@st.composite
def reply(draw: st.DrawFn) -> tuple[str, list[str]]:
    b = Builder()
    symbol = ""
    page = iter(range(2, 1000))

    def page_break(sep: str = "\n\n") -> str:
        kind = draw(st.sampled_from(["page", "header", "both", "none"] if symbol else ["page"]))
        n = next(page)
        return {
            "page": f"- {n} -",
            "header": symbol,
            "both": f"{symbol}{sep}- {n} -",
            "none": "",
        }[kind]

    def paragraph() -> None:
        text = draw(sentence())
        words = text.split(" ")
        how = draw(st.sampled_from(["plain", "plain", "split", "inside", "wrapped"]))
        lowercase = [i for i, w in enumerate(words) if i >= 4 and w[:1].islower()]
        if how == "split" and lowercase:
            # a page break in the middle of a sentence, with its debris
            i = draw(st.sampled_from(lowercase))
            brk = page_break()
            mid = f"\n\n{brk}\n\n" if brk else "\n\n"
            b.blocks.append(" ".join(words[:i]) + mid + " ".join(words[i:]))
        elif how == "inside" and len(words) > 3:
            # page debris on lines of their own inside the paragraph
            i = draw(st.integers(1, len(words) - 1))
            brk = page_break("\n") or f"- {next(page)} -"
            b.blocks.append(" ".join(words[:i]) + f"\n{brk}\n" + " ".join(words[i:]))
        elif how == "wrapped" and len(words) > 3:
            i = draw(st.integers(1, len(words) - 1))
            b.blocks.append(" ".join(words[:i]) + "\n" + " ".join(words[i:]))
        else:
            b.blocks.append(text)
        b.words.extend(norm_words(text))

    # front matter
    if draw(st.booleans()):
        b.content(draw(sentence()))  # distribution notice
    if draw(st.booleans()):
        symbol = f"FSC.EMI/{draw(st.integers(1, 999))}/25"
        b.content(f"{symbol}\n6 May 2025")
        b.content("ENGLISH only")
    if draw(st.booleans()):
        b.content("AZƏRBAYCAN RESPUBLİKASININ\nATƏT YANINDA")
        b.content("PERMANENT MISSION\nTO THE OSCE")
        b.content("Hügelgasse 2, A-1130, Wien | Tel.: +43 1 403 | E-mail: vienna@mission.az")
        b.content("No. AZ/0301/25")
    if draw(st.booleans()):
        b.content("The Mission presents its compliments and transmits the reply.")
        for _ in range(draw(st.integers(0, 2))):
            b.content(draw(sentence()))
        b.content("The Mission avails itself of this opportunity to renew its assurances.")
        b.content("Enclosure: as stated")
        b.content("Vienna, 5 May 2025")
        b.content("**Permanent Missions and Delegations\nVienna**")

    titles = [
        "OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES",
        "OSCE QUESTIONNAIRE ON EXPLOSIVE REMNANTS OF WAR",
    ]
    for title in titles[: draw(st.integers(1, 2))]:
        b.content(draw(st.sampled_from([title, f"**{title}**"])))
        parts = draw(st.integers(0, 2))
        number = 0
        for part in range(max(parts, 1)):
            if parts:
                b.content(f"Part {'I' * (part + 1)}")
                if draw(st.booleans()):
                    number = 0  # numbering restarts in each part
            for _ in range(draw(st.integers(1, 3))):
                number += 1
                if draw(st.integers(0, 4)) == 0:
                    b.content(draw(st.sampled_from(["If yes:", "If no:", "**If no:**"])))
                question = draw(sentence(end="?"))
                form = draw(
                    st.sampled_from(
                        [
                            f"{number}. ",
                            f"{number}) ",
                            f"Question {number}: ",
                            f"**{number}. ",
                            f"- {number}. ",
                            f"- **{number}. ",
                            "own-line",
                            "subs",
                        ]
                    )
                )
                if form == "own-line":
                    b.debris(f"Question {number}")
                    b.content(question)
                elif form == "subs":
                    letters = "abc"[: draw(st.integers(1, 3))]
                    for k, letter in enumerate(letters):
                        label = f"{number}. ({letter}) " if k == 0 else f"({letter}) "
                        b.labelled(label, draw(sentence(end="?")))
                        b.content(draw(sentence()))
                    continue
                else:
                    closing = "**" if form.startswith(("**", "- ")) else ""
                    b.labelled(form, question + closing)
                # the answer
                if draw(st.booleans()):
                    label = draw(st.sampled_from(["Reply: ", "Answer: ", "**Reply:** "]))
                    b.labelled(label, draw(sentence()))
                for _ in range(draw(st.integers(1, 3))):
                    paragraph()
                if draw(st.integers(0, 3)) == 0:
                    items = draw(st.lists(sentence(end=";"), min_size=1, max_size=3))
                    intro = draw(sentence(end=":"))
                    bullet = draw(st.sampled_from(["-", "•", "*"]))
                    b.blocks.append(intro + "".join(f"\n{bullet} {i}" for i in items))
                    b.words.extend(norm_words(intro))
                    for i in items:
                        b.words.extend(norm_words(i))
                if draw(st.integers(0, 4)) == 0 and symbol:
                    b.debris(symbol)
                if draw(st.integers(0, 4)) == 0:
                    b.debris(f"- {next(page)} -")

    text = "\n\n".join(blk for blk in b.blocks if blk) + "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    if draw(st.booleans()):
        # non-breaking spaces in place of some spaces inside lines
        spaces = [m.start() for m in re.finditer(" ", text)]
        chosen = draw(st.sets(st.sampled_from(spaces), max_size=10)) if spaces else set()
        text = "".join("\u00a0" if i in chosen else c for i, c in enumerate(text))
    return text, b.words


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply())
def test_generated_replies_every_word_in_exactly_one_segment(
    case: tuple[str, list[str]],
) -> None:
    text, words = case
    doc = parse_document(text, name="x", source="x.txt")
    expected = Counter(words)
    got = segment_words(doc)
    assert got - expected == Counter(), f"words in segments, not in the source:\n{text}"
    assert expected - got == Counter(), f"words of the source in no segment:\n{text}"
    ids = [s.id for s in doc.segments]
    assert len(ids) == len(set(ids))


# The corpus (tests/corpus/), edited at random: blocks deleted, repeated, swapped, run
# together, and page furniture put between them.  Whatever the edit, every word ends up in
# exactly one segment, labels included, and IDs stay unique.

CORPUS_CASES = cases()


@st.composite
def edited_corpus_text(draw: st.DrawFn) -> tuple[str, str]:
    case = draw(st.sampled_from(CORPUS_CASES))
    chunks = re.split(r"\n\s*\n", case.text)
    for _ in range(draw(st.integers(0, 6))):
        if len(chunks) < 2:
            break
        i = draw(st.integers(0, len(chunks) - 1))
        edit = draw(st.sampled_from(["delete", "repeat", "swap", "join", "page"]))
        if edit == "delete":
            del chunks[i]
        elif edit == "repeat":
            chunks.insert(draw(st.integers(0, len(chunks))), chunks[i])
        elif edit == "swap" and i + 1 < len(chunks):
            chunks[i], chunks[i + 1] = chunks[i + 1], chunks[i]
        elif edit == "join" and i + 1 < len(chunks):
            chunks[i : i + 2] = [chunks[i] + "\n" + chunks[i + 1]]
        elif edit == "page":
            chunks.insert(i, f"- {draw(st.integers(2, 99))} -")
    return case.name, "\n\n".join(chunks) + "\n"


def test_corpus_has_cases_for_the_property() -> None:
    assert len(CORPUS_CASES) >= 12


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_corpus_text())
def test_corpus_every_word_in_exactly_one_segment(case: tuple[str, str]) -> None:
    name, text = case
    doc = parse_document(text, name=name, source=f"{name}.txt")
    expected, got = source_words(text), corpus_segment_words(doc)
    assert got - expected == Counter(), f"words in segments, not in the source:\n{text}"
    assert expected - got == Counter(), f"words of the source in no segment:\n{text}"
    ids = [s.id for s in doc.segments]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- (b) PO round trip

# The characters the round trip must survive, weighted towards ordinary text.
SPECIAL = '"\\\t\n\r' + "əıİƏ" + "приветЖЯ" + "e\u0301a\u0308" + "’«»—…%"
ALPHABET = st.sampled_from("abcdefghij klmnop ABC.,;:?!()-/0123456789 " + SPECIAL)


def text_strategy(min_size: int = 0, max_size: int = 120) -> st.SearchStrategy[str]:
    plain = st.text(ALPHABET, min_size=min_size, max_size=max_size)
    nfd = st.sampled_from(["Ərazi", "İstanbul", "ıslak", "Минные поля", "Türkiye"]).map(
        lambda s: unicodedata.normalize("NFD", s)
    )
    return st.one_of(plain, plain, nfd)


# GNU gettext reads a backslash at the end of a line as a line continuation, even in a
# comment, so a comment cannot end with one
COMMENT = st.text(
    st.sampled_from('abc XYZ "\\\t' + "əıİ" + "жё" + "e\u0301"), min_size=0, max_size=40
).filter(lambda c: not c.endswith("\\"))
FLAGS = st.lists(
    st.sampled_from(["fuzzy", "c-format", "python-format", "no-wrap", "sh-format"]),
    unique=True,
    max_size=4,
)
REF = st.from_regex(r"[a-z]{1,8}/[a-z0-9_.-]{1,12}:[1-9][0-9]{0,3}", fullmatch=True)
CTXT = st.one_of(st.none(), text_strategy(1, 40))


@st.composite
def message(draw: st.DrawFn, *, obsolete: bool = False) -> Message:
    plural = not obsolete and draw(st.integers(0, 5)) == 0
    m = Message(
        msgid=draw(text_strategy(1)),
        msgctxt=draw(CTXT),
        comments=draw(st.lists(COMMENT, max_size=2)),
        flags=draw(FLAGS),
        obsolete=obsolete,
    )
    if plural:
        m.msgid_plural = draw(text_strategy(1, 60))
        m.msgstr_plural = {i: draw(text_strategy(0, 60)) for i in range(draw(st.integers(1, 3)))}
    else:
        m.msgstr = draw(text_strategy())
    if not obsolete:
        m.auto_comments = draw(st.lists(COMMENT, max_size=2))
        m.references = draw(st.lists(REF, max_size=3, unique=True))  # GNU drops repeats
    if draw(st.booleans()):
        m.previous_msgid = draw(text_strategy(1, 60))
        m.previous_msgctxt = draw(CTXT)
    return m


@st.composite
def catalog(draw: st.DrawFn, max_messages: int = 12, min_messages: int = 0) -> Catalog:
    header = Message(
        msgid="",
        msgstr=(
            "Project-Id-Version: test\n"
            "Language: az\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n"
            "Plural-Forms: nplurals=3; plural=n%10==1 ? 0 : n%10==2 ? 1 : 2;\n"
        ),
        comments=draw(st.lists(COMMENT, max_size=2)),
    )
    active = draw(st.lists(message(), min_size=min_messages, max_size=max_messages))
    obsolete = draw(st.lists(message(obsolete=True), max_size=3))
    seen: set[tuple[str | None, str]] = set()
    messages = []
    for m in active + obsolete:
        if m.key not in seen:
            seen.add(m.key)
            messages.append(m)
    return Catalog(header=header, messages=messages)


def data(cat: Catalog) -> list[tuple[object, ...]]:
    return [
        (
            m.msgctxt,
            m.msgid,
            m.msgid_plural,
            m.msgstr,
            m.msgstr_plural,
            m.comments,
            m.auto_comments,
            m.references,
            sorted(set(m.flags)),
            m.previous_msgctxt,
            m.previous_msgid,
            m.obsolete,
        )
        for m in [cat.header, *cat.messages]
    ]


@settings(max_examples=200, deadline=None)
@given(catalog())
def test_po_round_trip(cat: Catalog) -> None:
    text = format_catalog(cat)
    again, _ = parse_po(text, path="x.po")
    assert data(again) == data(cat)
    assert format_catalog(again) == text


@settings(max_examples=50, deadline=None)
@given(catalog(), st.sampled_from(["\r\n", "\n"]), st.booleans())
def test_po_round_trip_through_crlf_and_bom(cat: Catalog, newline: str, bom: bool) -> None:
    text = format_catalog(cat)
    sent_back = ("\ufeff" if bom else "") + text.replace("\n", newline)
    from reply_i18n.po.pofile import decode_po

    again, _ = parse_po(decode_po(sent_back.encode("utf-8"), path="x.po"), path="x.po")
    assert format_catalog(again) == text


# --------------------------------------------------------------------------- (c) msgcat


@st.composite
def long_text(draw: st.DrawFn) -> str:
    """Long strings, so that wrapping matters: words, punctuation, escapes, wide text."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(WORDS + STARTERS),
                st.sampled_from(
                    [
                        " ",
                        "  ",
                        "\n",
                        "\t",
                        '"quoted"',
                        "back\\slash",
                        "(a)",
                        "—",
                        "…",
                        "«ə»",
                        "e\u0301",
                        "http://example.org/a-b/c",
                        "1,234.5",
                        "‘x’",
                        "-",
                        "/",
                        "%",
                        "€5",
                    ]
                ),
                text_strategy(0, 20),
            ),
            min_size=1,
            max_size=60,
        )
    )
    sep = draw(st.sampled_from([" ", "", " "]))
    return sep.join(pieces)


@st.composite
def gnu_catalog(draw: st.DrawFn) -> Catalog:
    # msgcat prints nothing at all for a catalog without messages
    cat = draw(catalog(max_messages=30, min_messages=1))
    for m in cat.messages:
        if draw(st.booleans()):
            if m.msgid_plural is None:
                m.msgstr = draw(long_text())
            m.msgid = draw(long_text()) or "x"
    seen: set[tuple[str | None, str]] = set()
    unique = []
    for m in cat.messages:
        # GNU gettext normalises two states away: it drops the fuzzy flag of an
        # untranslated message, and drops an untranslated obsolete message (msgstr[0]
        # decides); our catalogs never hold either, so neither is generated here
        untranslated = not (m.msgstr_plural.get(0) if m.msgid_plural is not None else m.msgstr)
        if untranslated and m.obsolete:
            continue
        if untranslated:
            m.fuzzy = False
        strings = [m.msgid, m.msgstr, m.msgid_plural or "", *m.msgstr_plural.values()]
        if any("%" in x or "$" in x for x in strings):
            # with a format flag, GNU does not break lines inside a format directive
            # ("% m"); segments of a reply never carry format flags
            m.flags = [f for f in m.flags if not f.endswith("-format")]
        if m.key not in seen:
            seen.add(m.key)
            unique.append(m)
    cat.messages = unique
    return cat


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext (msgcat) is not installed")
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(gnu_catalog())
def test_writer_equals_msgcat(tmp_path: Path, cat: Catalog) -> None:
    # many messages in one file, so that one msgcat call judges a whole batch
    assert MSGCAT is not None
    path = tmp_path / "generated.po"
    ours = format_catalog(cat)
    path.write_bytes(ours.encode("utf-8"))
    result = subprocess.run(
        [MSGCAT, str(path)], capture_output=True, env={**os.environ, "LC_ALL": "C.UTF-8"}
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == ours


# --------------------------------------------------------------------------- fixed cases


def _msgcat(tmp_path: Path, text: str) -> str:
    assert MSGCAT is not None
    path = tmp_path / "case.po"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [MSGCAT, str(path)], capture_output=True, env={**os.environ, "LC_ALL": "C.UTF-8"}
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


HEADER = Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")


def test_escaped_backslash_before_n_is_not_a_newline() -> None:
    cat = Catalog(header=HEADER, messages=[Message(msgid="a\\nb", msgstr="c\\\nd")])
    text = format_catalog(cat)
    assert 'msgid "a\\\\nb"\n' in text
    assert 'msgstr ""\n"c\\\\\\n"\n"d"\n' in text
    again, _ = parse_po(text, path="x.po")
    assert (again.messages[0].msgid, again.messages[0].msgstr) == ("a\\nb", "c\\\nd")


def test_format_flags_in_gnu_order_and_comment_white_space_kept() -> None:
    m = Message(
        msgid="x",
        msgstr="y",
        flags=["no-wrap", "python-format", "fuzzy", "c-format"],
        comments=["ends with a tab\t", "ends with spaces  "],
    )
    text = format_catalog(Catalog(header=HEADER, messages=[m]))
    assert "#, fuzzy, c-format, python-format, no-wrap\n" in text
    again, _ = parse_po(text, path="x.po")
    assert again.messages[0].comments == ["ends with a tab\t", "ends with spaces  "]


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext (msgcat) is not installed")
def test_fixed_cases_match_msgcat(tmp_path: Path) -> None:
    cat = Catalog(
        header=HEADER,
        messages=[
            Message(msgid="a\\nb " * 30, msgstr="c\\\nd"),
            Message(
                msgid="x",
                msgstr="y",
                flags=["sh-format", "python-format", "fuzzy", "c-format"],
                comments=["trailing  ", "\ttab\t"],
            ),
        ],
    )
    ours = format_catalog(cat)
    assert _msgcat(tmp_path, ours) == ours


def test_octal_and_hex_escapes_are_bytes_of_the_file() -> None:
    from reply_i18n.errors import CatalogError
    from reply_i18n.po.pofile import unescape

    assert unescape(r"caf\303\251 \x41\101", path="x.po", line=3) == "café AA"
    with pytest.raises(CatalogError) as err:
        unescape(r"bad \377", path="x.po", line=3)
    assert str(err.value) == "x.po:3: escaped bytes that are not valid UTF-8"
