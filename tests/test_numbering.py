"""The list labels Word draws, computed from numbering definitions as Word counts them."""

from __future__ import annotations

import pytest
from lxml import etree

from reply_i18n.source.numbering import (
    Level,
    Numberer,
    format_label,
    format_number,
    parse_numbering,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def numbering(xml: str) -> Numberer:
    root = etree.fromstring(f'<w:numbering xmlns:w="{W}">{xml}</w:numbering>')
    return Numberer(parse_numbering(root))


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


OUTLINE = (
    '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "decimal", "%1.")
    + lvl(1, "decimal", "%1.%2")
    + lvl(2, "lowerLetter", "(%3)")
    + "</w:abstractNum>"
)


@pytest.mark.parametrize(
    ("n", "fmt", "drawn"),
    [
        (1, "decimal", "1"),
        (12, "decimalZero", "12"),
        (3, "decimalZero", "03"),
        (1, "lowerLetter", "a"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),  # Word repeats the letter: aa, bb, …
        (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (2, "ordinal", "2nd"),
        (11, "ordinal", "11th"),
        (5, "none", ""),
        (7, "cardinalText", "7"),  # drawn from language data by Word: decimal here
    ],
)
def test_format_number(n: int, fmt: str, drawn: str) -> None:
    assert format_number(n, fmt) == drawn


def test_format_label_fills_every_level_in_its_own_format() -> None:
    level = Level(fmt="lowerLetter", text="%1.%2(%3)")
    assert format_label(level, [2, 4, 3], ["upperRoman", "decimal", "lowerLetter"]) == "II.4(c)"


def test_legal_numbering_draws_every_level_in_decimal() -> None:
    level = Level(fmt="decimal", text="%1.%2", legal=True)
    assert format_label(level, [2, 3], ["upperRoman", "decimal"]) == "2.3"


def test_bullets_draw_their_character() -> None:
    assert format_label(Level(fmt="bullet", text="\uf0b7"), [1], ["bullet"]) == "•"
    assert format_label(Level(fmt="bullet", text="o"), [1], ["bullet"]) == "◦"


def test_levels_count_and_deeper_levels_restart() -> None:
    nb = numbering(OUTLINE + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    drawn = [nb.label(1, i) for i in (0, 1, 2, 2, 1, 2, 0, 1, 0)]
    assert drawn == ["1.", "1.1", "(a)", "(b)", "1.2", "(a)", "2.", "2.1", "3."]


def test_a_deeper_level_used_first_shows_the_start_of_the_levels_above() -> None:
    nb = numbering(OUTLINE + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    assert nb.label(1, 1) == "1.1"


def test_start_values() -> None:
    nb = numbering(
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "decimal", "%1.", start=5)
        + "</w:abstractNum>"
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    assert [nb.label(1, 0) for _ in range(3)] == ["5.", "6.", "7."]


def test_instances_of_one_list_continue_it() -> None:
    nb = numbering(
        OUTLINE
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        + '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
    )
    assert [nb.label(1, 0), nb.label(1, 0), nb.label(2, 0), nb.label(1, 0)] == [
        "1.",
        "2.",
        "3.",
        "4.",
    ]


def test_a_new_instance_with_a_start_override_restarts_the_numbering() -> None:
    nb = numbering(
        OUTLINE
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        + '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        + '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>'
    )
    assert [nb.label(1, 0), nb.label(1, 0)] == ["1.", "2."]
    assert [nb.label(2, 0), nb.label(2, 1), nb.label(2, 0)] == ["1.", "1.1", "2."]
    assert nb.label(3, 0) == "10."
    assert nb.label(1, 0) == "3."  # the first list goes on where it stopped


def test_a_level_override_replaces_the_level() -> None:
    nb = numbering(
        OUTLINE + '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0">' + lvl(0, "upperRoman", "Part %1:") + "</w:lvlOverride></w:num>"
    )
    assert [nb.label(4, 0), nb.label(4, 0)] == ["Part I:", "Part II:"]


def test_lvl_restart_zero_never_restarts() -> None:
    nb = numbering(
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "decimal", "%1.")
        + lvl(1, "lowerLetter", "%2)", extra='<w:lvlRestart w:val="0"/>')
        + "</w:abstractNum>"
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    drawn = [nb.label(1, i) for i in (0, 1, 1, 0, 1)]
    assert drawn == ["1.", "a)", "b)", "2.", "c)"]


def test_lvl_restart_names_the_level_that_restarts() -> None:
    # level 3 restarts only after level 1 (1-based), not after level 2
    nb = numbering(
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "decimal", "%1.")
        + lvl(1, "decimal", "%1.%2")
        + lvl(2, "lowerRoman", "%3.", extra='<w:lvlRestart w:val="1"/>')
        + "</w:abstractNum>"
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    drawn = [nb.label(1, i) for i in (0, 1, 2, 1, 2, 0, 2)]
    assert drawn == ["1.", "1.1", "i.", "1.2", "ii.", "2.", "i."]


def test_unknown_instances_and_num_id_zero_draw_nothing() -> None:
    nb = numbering(OUTLINE + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    assert nb.label(0, 0) == ""
    assert nb.label(7, 0) == ""
    assert nb.label(1, 0) == "1."  # nothing was counted


def test_no_numbering_part() -> None:
    assert Numberer(parse_numbering(None)).label(1, 0) == ""
