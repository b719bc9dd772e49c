"""Word and PDF sources through the command line, and every bad source file: a clear message
naming the file, exit code 1, nothing written."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from minipdf import make_pdf
from reply_i18n import files
from reply_i18n.cli import app
from snapshots import contents as snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def project(tmp_path: Path, name: str, data: bytes) -> Path:
    root = tmp_path / "proj"
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "source" / name).write_bytes(data)
    return root


def fails(root: Path, *args: str) -> str:
    before = snapshot(root)
    result = run(root, *args)
    assert result.exit_code == 1, result.output
    assert snapshot(root) == before, "an error must write nothing"
    errors = [ln for ln in result.output.splitlines() if "error" in ln]
    assert len(errors) == 1, result.output
    return errors[0]


# ---------------------------------------------------------------------------- good sources


@pytest.mark.parametrize("name", ["reply.docx", "reply.pdf"])
def test_extract_outline_update_check_build_take_word_and_pdf(tmp_path: Path, name: str) -> None:
    root = project(tmp_path, name, (FIXTURES / name).read_bytes())
    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    assert "locale/reply.pot: 48 segments" in result.output
    pot = (root / "locale" / "reply.pot").read_text(encoding="utf-8")
    assert 'msgctxt "apm.part2.q5.b.question"' in pot
    assert f"#: source/{name}:" in pot
    outline = run(root, "outline", f"source/{name}")
    assert outline.exit_code == 0 and "apm.part1.q1.question" in outline.output
    assert run(root, "init", "--locale", "az").exit_code == 0
    assert run(root, "update").exit_code == 0
    check = run(root, "check")
    assert "reply" in check.output
    build = run(root, "build", "--allow-incomplete", "--format", "md")
    assert build.exit_code == 0, build.output
    assert list((root / "build" / "reply").glob("*.md"))


def test_the_txt_docx_and_pdf_projects_write_the_same_pot(tmp_path: Path) -> None:
    pots = []
    for name in ("reply.txt", "reply.docx", "reply.pdf"):
        root = project(tmp_path / name, name, (FIXTURES / name).read_bytes())
        assert run(root, "extract").exit_code == 0
        text = (root / "locale" / "reply.pot").read_text(encoding="utf-8")
        # the references name the source file and a line, counted as each format counts
        # (text lines, Word paragraphs, PDF lines); everything else is the same
        pots.append(re.sub(rf"source/{re.escape(name)}:\d+", "source/REPLY", text))
    assert pots[0] == pots[1] == pots[2]


def test_docm_with_macros_is_read_as_text(tmp_path: Path) -> None:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(FIXTURES / "reply.docx") as src,
        zipfile.ZipFile(out, "w") as dst,
    ):
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"wordprocessingml.document.main+xml",
                    b"MACRO",
                ).replace(
                    b"application/vnd.openxmlformats-officedocument.MACRO",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            dst.writestr(info, body)
        dst.writestr("word/vbaProject.bin", b'Sub AutoOpen(): Shell "rm -rf /": End Sub')
    root = project(tmp_path, "reply.docm", out.getvalue())
    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    assert "48 segments" in result.output


def test_a_2000_page_pdf_works_and_shows_no_bar_off_a_terminal(tmp_path: Path) -> None:
    pages = [[(72.0, 700.0, 11.0, f"Paragraph {n} of a long annex.")] for n in range(1, 2001)]
    root = project(tmp_path, "annex.pdf", make_pdf(pages))
    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    assert "2000 segments" in result.output
    assert "reading" not in result.output  # no progress bar: not a terminal


def test_words_owner_files_are_not_sources(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.docx", (FIXTURES / "reply.docx").read_bytes())
    (root / "source" / "~$reply.docx").write_bytes(b"\x05owner file of an open document")
    result = run(root, "extract")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------------------- bad sources


def test_encrypted_pdf(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.pdf", (FIXTURES / "encrypted.pdf").read_bytes())
    msg = fails(root, "extract")
    assert "source/reply.pdf: the PDF is encrypted (password-protected)" in msg


def test_encrypted_docx(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.docx", (FIXTURES / "encrypted.docx").read_bytes())
    msg = fails(root, "extract")
    assert "source/reply.docx: the document is encrypted (password-protected)" in msg


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    root = project(tmp_path, "scan.pdf", make_pdf([[], [], []]))
    msg = fails(root, "extract")
    assert "source/scan.pdf: no text layer: run OCR first" in msg


def test_corrupt_zip_as_docx(tmp_path: Path) -> None:
    data = (FIXTURES / "reply.docx").read_bytes()
    root = project(tmp_path, "reply.docx", data[: len(data) // 3])
    assert "source/reply.docx: corrupt Word document" in fails(root, "extract")


def test_zip_bomb_as_docx(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b" " * (50 * 1024 * 1024))
    root = project(tmp_path, "reply.docx", out.getvalue())
    msg = fails(root, "extract")
    assert "source/reply.docx: " in msg and "possibly a zip bomb" in msg


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        (
            "reply.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "a legacy Word 97-2003 document",
        ),
        ("reply.rtf", b"{\\rtf1\\ansi Reply}", "an RTF document"),
        ("reply.odt", b"PK\x03\x04odt", "an OpenDocument text"),
    ],
)
def test_legacy_formats_named_explicitly_say_how_to_convert(
    tmp_path: Path, name: str, data: bytes, what: str
) -> None:
    root = project(tmp_path, name, data)
    msg = fails(root, "extract", f"source/{name}")
    assert f"source/{name}: {what} (.{name.split('.')[1]}) cannot be read" in msg
    assert "libreoffice --headless --convert-to docx FILE" in msg


def test_legacy_doc_named_docx(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    msg = fails(root, "extract")
    assert "source/reply.docx: this is a legacy Word 97-2003 (.doc) file" in msg
    assert "--convert-to docx" in msg


def test_unknown_suffix(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.html", b"<p>Reply</p>")
    msg = fails(root, "extract", "source/reply.html")
    assert "source/reply.html: unsupported source format (.html)" in msg
    assert ".docx" in msg and ".pdf" in msg


def test_pdf_named_txt(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.txt", (FIXTURES / "reply.pdf").read_bytes())
    msg = fails(root, "extract")
    assert "source/reply.txt: this is a binary file (a PDF file)" in msg


def test_text_named_pdf(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.pdf", b"Just text.\n")
    assert "source/reply.pdf: not a PDF file" in fails(root, "extract")


def test_fifo_is_refused_at_once(tmp_path: Path) -> None:
    root = project(tmp_path, "other.txt", b"A reply.\n")
    os.mkfifo(root / "source" / "reply.txt")
    msg = fails(root, "extract", "source/reply.txt")  # would hang if it were opened to read
    assert "source/reply.txt: not a regular file (a named pipe)" in msg


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_device_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, "other.txt", b"A reply.\n")
    (root / "source" / "reply.txt").symlink_to("/dev/zero")
    msg = fails(root, "extract", "source/reply.txt")
    assert "source/reply.txt: not a regular file (a character device)" in msg


def test_symlink_loop_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, "other.txt", b"A reply.\n")
    (root / "source" / "a.txt").symlink_to(root / "source" / "b.txt")
    (root / "source" / "b.txt").symlink_to(root / "source" / "a.txt")
    msg = fails(root, "extract", "source/a.txt")
    assert "source/a.txt: not a regular file (a symbolic link loop)" in msg
    # and in a scan of source/, both links are refused rather than skipped without a word
    result = CliRunner().invoke(app, ["-C", str(root), "extract"])
    assert result.exit_code == 1
    errors = [ln for ln in result.output.splitlines() if ": error: " in ln]
    assert [e.split(": ")[2] for e in errors] == ["source/a.txt", "source/b.txt"]
    assert all("not a regular file (a symbolic link loop)" in e for e in errors)


def test_source_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_SOURCE_BYTES", 1024)
    root = project(tmp_path, "reply.pdf", (FIXTURES / "reply.pdf").read_bytes())
    msg = fails(root, "extract")
    assert "source/reply.pdf: the file is too large" in msg
    assert "at most 0 MiB" not in msg


def test_a_bad_source_stops_update_check_and_build_too(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.docx", (FIXTURES / "reply.docx").read_bytes())
    assert run(root, "extract").exit_code == 0
    assert run(root, "init", "--locale", "az").exit_code == 0
    shutil.copy(FIXTURES / "encrypted.docx", root / "source" / "reply.docx")
    for command in (["update"], ["check"], ["build", "--allow-incomplete"], ["outline", "reply"]):
        msg = fails(root, *command)
        assert "source/reply.docx: the document is encrypted" in msg


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_pdf_shows_a_page_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from reply_i18n import cli

    terminal = _Terminal()
    monkeypatch.setattr(cli.sys, "stderr", terminal)
    with cli.page_progress("source/annex.pdf") as update:
        assert update is not None
        for done in range(1, 41):
            update(done, 40)
    assert "reading source/annex.pdf" in terminal.getvalue()
    assert "100%" in terminal.getvalue()
    short = _Terminal()
    monkeypatch.setattr(cli.sys, "stderr", short)
    with cli.page_progress("source/note.pdf") as update:
        assert update is not None
        update(1, 2)
        update(2, 2)
    assert short.getvalue() == ""  # a short document gets no bar


def test_two_sources_of_one_document_are_refused(tmp_path: Path) -> None:
    root = project(tmp_path, "reply.docx", (FIXTURES / "reply.docx").read_bytes())
    (root / "source" / "reply.pdf").write_bytes((FIXTURES / "reply.pdf").read_bytes())
    msg = fails(root, "extract")
    assert "source: reply.docx and reply.pdf are two sources of the document 'reply'" in msg
