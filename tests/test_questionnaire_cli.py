"""`reply-i18n questionnaire learn`, templates found in questionnaires/, the
[questionnaires] configuration, and `check` following a template's flow."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app

GOLDEN = Path(__file__).resolve().parent / "golden"
DOC = "fsc-emi-122-25"


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture()
def bare(shipped_project: Path) -> Path:
    """The shipped project without its templates."""
    shutil.rmtree(shipped_project / "questionnaires")
    return shipped_project


def test_learn_writes_one_template_per_questionnaire(bare: Path) -> None:
    code, out = invoke(bare, "questionnaire", "learn", DOC)
    assert code == 0, out
    assert "questionnaires/apm.toml: apm, 13 questions, 7 with conditional flow (written)" in out
    assert "questionnaires/erw.toml: erw, 4 questions, 1 with conditional flow (written)" in out
    for key in ("apm", "erw"):
        written = (bare / "questionnaires" / f"{key}.toml").read_bytes()
        assert written == (GOLDEN / "templates" / f"{key}.toml").read_bytes()


def test_learn_refuses_to_overwrite_without_force(bare: Path) -> None:
    assert invoke(bare, "questionnaire", "learn", DOC)[0] == 0
    path = bare / "questionnaires" / "apm.toml"
    path.write_text(path.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    code, out = invoke(bare, "questionnaire", "learn", DOC)
    assert code == 1
    assert "questionnaires/apm.toml: already exists" in out
    assert path.read_text(encoding="utf-8").endswith("# reviewed\n")
    code, out = invoke(bare, "questionnaire", "learn", DOC, "--force")
    assert code == 0, out
    assert "apm.toml: apm, 13 questions, 7 with conditional flow (written)" in out
    assert "erw.toml: erw, 4 questions, 1 with conditional flow (unchanged)" in out


def test_learn_one_questionnaire_under_another_key(bare: Path) -> None:
    code, out = invoke(
        bare, "questionnaire", "learn", DOC, "-q", "erw", "--key", "remnants", "--out", "t.toml"
    )
    assert code == 0, out
    text = (bare / "t.toml").read_text(encoding="utf-8")
    assert 'key = "remnants"' in text
    assert not (bare / "questionnaires").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--key", "x"], "has 2 questionnaires (apm, erw): choose one with --questionnaire"),
        (["-q", "nope"], "no questionnaire 'nope' in source/fsc-emi-122-25.txt"),
        (["-q", "apm", "--key", "Not A Key"], "key 'Not A Key' must be lowercase"),
    ],
)
def test_learn_usage_errors(bare: Path, args: list[str], message: str) -> None:
    code, out = invoke(bare, "questionnaire", "learn", DOC, *args)
    assert code == 1
    assert message in out
    assert not (bare / "questionnaires").exists()


def test_learn_needs_a_questionnaire(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "note.txt").write_text("A short note.\n", encoding="utf-8")
    code, out = invoke(tmp_path, "questionnaire", "learn", "note")
    assert code == 1
    assert "source/note.txt: no questionnaire recognised" in out


def test_help() -> None:
    for args in (["questionnaire", "-h"], ["questionnaire", "learn", "--help"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0
        assert "questionnaires/<key>.toml" in result.output


def test_a_dropped_template_is_used(bare: Path) -> None:
    text = (bare / "source" / f"{DOC}.txt").read_text(encoding="utf-8")
    reworded = text.replace("ON ANTI-PERSONNEL MINES\n", "ON ANTI-PERSONNEL LANDMINES (2026)\n")
    (bare / "source" / f"{DOC}.txt").write_text(reworded, encoding="utf-8")
    code, out = invoke(bare, "outline", DOC)
    assert "apm.part1.q3.question" not in out
    shutil.copytree(GOLDEN.parent.parent / "questionnaires", bare / "questionnaires")
    code, out = invoke(bare, "outline", DOC)
    assert code == 0, out
    assert "apm.part1.q3.question" in out


def test_the_shipped_outline_and_template_do_not_change_with_templates(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for fmt, name in (("text", "outline.txt"), ("json", "outline.json")):
        code, out = invoke(shipped_project, "outline", DOC, "--format", fmt)
        assert code == 0
        assert out == (GOLDEN / DOC / name).read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1746489600")
    assert invoke(shipped_project, "extract")[0] == 0
    pot = (shipped_project / "locale" / f"{DOC}.pot").read_bytes()
    assert pot == (GOLDEN / DOC / f"{DOC}.pot").read_bytes()


def test_a_bad_template_is_an_error_with_its_line(shipped_project: Path) -> None:
    bad = shipped_project / "questionnaires" / "zz.toml"
    bad.write_text('key = "zz"\ntitle = "Z\n', encoding="utf-8")
    code, out = invoke(shipped_project, "outline", DOC)
    assert code == 1
    assert "reply-i18n: error: questionnaires/zz.toml:2: invalid TOML" in out
    assert "Traceback" not in out
    bad.write_text('key = "apm"\n', encoding="utf-8")
    code, out = invoke(shipped_project, "check")
    assert code == 1
    assert "questionnaires/zz.toml: key 'apm' is also the key of questionnaires/apm.toml" in out


QUESTIONNAIRE = """\
OSCE QUESTIONNAIRE ON TEST MATTERS

1. Is your country a State Party to the Test Convention?

{one}

If yes:

2. Please attach the most recent report submitted under the Test Convention.

{two}

If no:

3. Is your country considering accession to the Test Convention?

{three}

4. Does your country need assistance in destroying surplus weapons?

No.
"""


def test_check_follows_the_flow_of_a_learnt_template(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    src = tmp_path / "source" / "tm.txt"
    src.write_text(QUESTIONNAIRE.format(one="Yes.", two="Attached.", three="N/A"), "utf-8")
    assert invoke(tmp_path, "questionnaire", "learn", "tm")[0] == 0
    assert 'asked_if = {question = "q1", answer = "no"}' in (
        tmp_path / "questionnaires" / "tm.toml"
    ).read_text(encoding="utf-8")
    assert invoke(tmp_path, "extract")[0] == 0
    assert invoke(tmp_path, "init", "-l", "az")[0] == 0
    # a State Party leaves out question 3: the flow skips it
    src.write_text(
        QUESTIONNAIRE.format(one="Yes.", two="Attached.", three="").replace(
            "If no:\n\n3. Is your country considering accession to the Test Convention?\n\n\n\n",
            "",
        ),
        "utf-8",
    )
    code, out = invoke(tmp_path, "check", "--min", "0", "--strict")
    assert code == 0, out
    assert "check passed: 0 error(s), 0 warning(s)" in out
    # a State that is not a party must answer question 3
    src.write_text(
        QUESTIONNAIRE.format(one="No.", two="N/A", three="").replace(
            "3. Is your country considering accession to the Test Convention?\n\n\n\n", ""
        ),
        "utf-8",
    )
    code, out = invoke(tmp_path, "check", "--min", "0", "--strict")
    assert code == 1
    assert (
        "[completeness] tm.q3.question: question 3 is not answered (questionnaires/tm.toml): "
        "Is your country considering accession to the Test Convention?"
    ) in out


def test_configuration_pins_a_key_and_moves_the_folder(bare: Path) -> None:
    config = bare / "reply-i18n.toml"
    base = config.read_text(encoding="utf-8")
    config.write_text(
        base + '\n[questionnaires]\ndir = "templates"\nkeys = { "explosive remnants" = "rem" }\n',
        encoding="utf-8",
    )
    code, out = invoke(bare, "outline", DOC)
    assert code == 0, out
    assert "rem.q1.question" in out and "erw.q1" not in out
    code, out = invoke(bare, "questionnaire", "learn", DOC)
    assert code == 0, out
    assert sorted(p.name for p in (bare / "templates").iterdir()) == ["apm.toml", "rem.toml"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('folder = "x"', "unknown key(s) in [questionnaires]: folder"),
        ("dir = 3", "questionnaires.dir must be a non-empty string"),
        ('keys = { "(" = "x" }', "questionnaires.keys: '(' is not a valid pattern"),
        (
            'keys = { "mines" = "Mines!" }',
            "questionnaires.keys: key 'Mines!' for 'mines' must be lowercase",
        ),
        ('keys = "apm"', 'questionnaires.keys must be a table of "title pattern" = "key"'),
    ],
)
def test_configuration_errors(bare: Path, table: str, message: str) -> None:
    config = bare / "reply-i18n.toml"
    config.write_text(f"[questionnaires]\n{table}\n", encoding="utf-8")
    code, out = invoke(bare, "outline", DOC)
    assert code == 1
    assert f"reply-i18n.toml:2: {message}" in out


def test_a_template_learned_from_a_broken_copy_does_not_win(shipped_project: Path) -> None:
    """A reply whose question 1 lost its number and whose flow skips questions teaches a
    template without question 1; the shipped template, which finds more of the reply's
    questions, still wins, so the IDs (and the translations) stay those of apm."""
    fixture = Path(__file__).parent / "fixtures" / "templates" / "broken-apm-reply.txt"
    shutil.copy(fixture, shipped_project / "source" / "nor-2026.txt")
    code, out = invoke(
        shipped_project, "questionnaire", "learn", "source/nor-2026.txt", "--key", "nor"
    )
    assert code == 0, out
    assert (shipped_project / "questionnaires" / "nor.toml").exists()
    code, out = invoke(shipped_project, "outline", "source/nor-2026.txt", "--format", "json")
    assert code == 0, out
    ids = [s["id"] for s in json.loads(out)["segments"]]
    assert "apm.part1.q1.question" in ids
    assert not any(i.startswith("nor.") for i in ids)
