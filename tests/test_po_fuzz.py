"""A fuzzed corpus of PO files: mutations of the shipped catalogs.

Truncations, flipped bytes, duplicated keyword lines, bad escapes and bad encodings.  The
reader must either read each file or refuse it with a :class:`CatalogError` that names the
file and a line; the command line must answer with ``file:line: message`` and exit 1, never
with a traceback, and must leave the files as they were.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.errors import CatalogError
from reply_i18n.po.pofile import encode_catalog, format_catalog, read_po
from snapshots import contents as snapshot

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "locale").glob("*/LC_MESSAGES/*.po")) + sorted(
    (REPO / "locale").glob("*.pot")
)


def _lines(data: bytes, rng: random.Random) -> tuple[list[bytes], int]:
    lines = data.split(b"\n")
    return lines, rng.randrange(len(lines))


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def flip_byte(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + bytes((data[i] ^ (1 << rng.randrange(8)),)) + data[i + 1 :]


def special_byte(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + rng.choice([b'"', b"\\", b"\n", b"\r", b"#", b"\0", b"\xff", b"~"]) + data[i:]


def duplicate_keyword(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    keyed = [i for i, ln in enumerate(lines) if ln.startswith((b"msg", b"#~ msg", b"#|"))]
    i = rng.choice(keyed)
    return b"\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])


def drop_line(data: bytes, rng: random.Random) -> bytes:
    lines, i = _lines(data, rng)
    return b"\n".join(lines[:i] + lines[i + 1 :])


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines, i = _lines(data, rng)
    j = min(len(lines) - 1, i + 1)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def bad_escape(data: bytes, rng: random.Random) -> bytes:
    quotes = [i for i in range(len(data)) if data[i : i + 1] == b'"']
    i = rng.choice(quotes) + 1
    esc = rng.choice([b"\\xg", b"\\x", b"\\000", b"\\q", b"\\x4142", b"\\777", b"\\", b"\\377"])
    return data[:i] + esc + data[i:]


def bad_encoding(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:  # declare a legacy charset over UTF-8 text
        return data.replace(b"charset=UTF-8", b"charset=ISO-8859-1", 1)
    if choice == 1:  # an unknown or unusable charset
        return data.replace(b"charset=UTF-8", rng.choice([b"charset=NOPE", b"charset=UTF-16"]))
    if choice == 2:  # Latin-1 bytes under a UTF-8 header
        return data.replace("ə".encode(), b"\xe6", rng.randrange(1, 5))
    if choice == 3:  # a UTF-16 file
        return data.decode("utf-8", "replace").encode("utf-16")
    return data[: len(data) // 2] + "é".encode()[:1] + data[len(data) // 2 :]


def plural_entry(data: bytes, rng: random.Random) -> bytes:
    forms = rng.choice(
        [
            b'msgstr[0] "a"\nmsgstr[2] "b"\n',
            b'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\nmsgstr[3] "d"\n',
            b'msgstr "a"\n',
            b'msgstr[1] "b"\n',
        ]
    )
    return data + b'\nmsgid "%d x"\nmsgid_plural "%d xs"\n' + forms


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    truncate,
    flip_byte,
    special_byte,
    duplicate_keyword,
    drop_line,
    swap_lines,
    bad_escape,
    bad_encoding,
    plural_entry,
]


def corpus(count: int, seed: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    sources = [p.read_bytes() for p in SHIPPED]
    out = []
    for n in range(count):
        mutate = MUTATIONS[n % len(MUTATIONS)]
        data = rng.choice(sources)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            data = mutate(data, rng) if data else data
        out.append((f"{mutate.__name__}-{n}", data))
    return out


def test_reader_on_a_fuzzed_corpus_reads_or_names_file_and_line() -> None:
    refused = 0
    for name, data in corpus(400, seed=10):
        try:
            cat, _ = read_po(data, path=f"{name}.po")
        except CatalogError as err:
            refused += 1
            assert err.path == f"{name}.po", name
            assert isinstance(err.line, int) and 1 <= err.line <= data.count(b"\n") + 1, (
                name,
                str(err),
            )
            assert str(err).startswith(f"{name}.po:{err.line}: "), name
            continue
        # what was read can be written, and reads back the same
        text = format_catalog(cat)
        again, _ = read_po(b"".join(encode_catalog(cat)), path="again.po")
        assert format_catalog(again) == text, name
        assert "\0" not in text, name
    assert refused > 100  # the corpus does exercise the errors


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("source", "locale"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "reply-i18n.toml", tmp_path / "reply-i18n.toml")
    return tmp_path


def test_cli_on_a_fuzzed_corpus_gives_file_line_errors_never_a_traceback(project: Path) -> None:
    po = project / "locale" / "az" / "LC_MESSAGES" / "fsc-emi-122-25.po"
    original = po.read_bytes()
    runner = CliRunner()
    failures = 0
    for n, (name, data) in enumerate(corpus(36, seed=15)):
        po.write_bytes(data)
        command = ("check", "update")[n % 2]
        before = snapshot(project)
        result = runner.invoke(app, ["-C", str(project), command])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            name,
            command,
            repr(result.exception),
        )
        assert "Traceback" not in result.output, (name, command)
        if result.exit_code != 0 and "fsc-emi-122-25.po:" in result.output:
            failures += 1
            assert snapshot(project) == before, (name, command)  # nothing half-written
        po.write_bytes(original)
    assert failures > 10
