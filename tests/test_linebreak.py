"""Wrapping of PO strings against GNU ``msgcat``, on random strings drawn from the line
breaking classes that PO text reaches (UAX #14), and the classes themselves."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reply_i18n.po.linebreak import char_width, line_break_class
from reply_i18n.po.pofile import Catalog, Message, format_catalog

MSGCAT = shutil.which("msgcat")

#: characters of each class; the first six kinds are those public bug reports named
POOL = {
    "CJK closing punctuation": "、。，）」：；！？",
    "emoji and skin tones": "\U0001f44d\U0001f466\U0001f3fb\U0001f3ff",
    "zero width joiner": "\u200d",
    "word joiners": "\u2060\ufeff",
    "combining marks": "\u0301\u0308",
    "ideographs": "中文字",
    "letters": "abcxyzмина\u05d0\u05d1",
    "spaces": " ",
    "openings": "（「(«",
    "quotes": "\"'",
    "hyphens and breaks": "-\u2010|\u2014\u2026\u00ad\u00b4",
    "numbers and affixes": "123$€%°.,:/",
    "glue": "\u00a0\u202f\u200b",
    "hangul": "\uac00\uac01\u1100\u1161\u11a8",
    "regional indicators": "\U0001f1e6\U0001f1ff",
}
KINDS = list(POOL)


@st.composite
def pieces(draw: st.DrawFn) -> str:
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=4, unique=True))
    chars = "".join(POOL[k] for k in ["letters", "spaces", *kinds])
    return draw(st.text(alphabet=chars, min_size=40, max_size=220))


HEADER = Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext (msgcat) is not installed")
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(pieces(), min_size=5, max_size=20))
def test_wrapping_is_identical_to_msgcat_on_every_class(texts: list[str]) -> None:
    assert MSGCAT is not None
    messages = [Message(msgid=f"m{i}", msgstr=t) for i, t in enumerate(texts)]
    messages += [Message(msgid=t, msgstr="", msgctxt=f"c{i}") for i, t in enumerate(texts)]
    ours = format_catalog(Catalog(header=HEADER, messages=messages))
    result = subprocess.run(
        [MSGCAT, "-"],
        input=ours.encode("utf-8"),
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == ours


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext (msgcat) is not installed")
@pytest.mark.parametrize("kind", KINDS[:6])
def test_wrapping_of_each_reported_kind_is_identical_to_msgcat(kind: str) -> None:
    assert MSGCAT is not None
    chars = POOL[kind]
    texts = [
        " ".join(f"word{chars[i % len(chars)]}{chars[(i * 7) % len(chars)]}" for i in range(n))
        for n in range(10, 40)
    ] + ["x" * n + chars * 3 + " tail" for n in range(60, 80)]
    messages = [Message(msgid=f"m{i}", msgstr=t) for i, t in enumerate(texts)]
    ours = format_catalog(Catalog(header=HEADER, messages=messages))
    result = subprocess.run(
        [MSGCAT, "-"], input=ours.encode(), capture_output=True, env={**os.environ, "LC_ALL": "C"}
    )
    assert result.stdout.decode("utf-8") == ours


def test_classes_come_from_unicode_data() -> None:
    assert [line_break_class(c) for c in "、）：！\u2060\ufeff\u200d\u0301"] == [
        "CL",
        "CL",
        "NS",
        "EX",
        "WJ",
        "WJ",
        "ZWJ",
        "CM",
    ]
    assert line_break_class("\U0001f44d") == "EB" and line_break_class("\U0001f3fb") == "EM"
    assert line_break_class("\u2010") == "BA"  # HH since Unicode 16; BA for libunistring 1.0
    assert [char_width(c) for c in "a中\u0301\u2060\ufeff\U0001f44d"] == [1, 2, 0, 0, 0, 2]
