"""The memory index in ``.reply-i18n-cache/`` is disposable: a cache that cannot be read
leaves the index in memory for the run, with a warning naming the file, not an error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reply_i18n.cli import app
from reply_i18n.memory import store

ARGS = ("check", "--by", "tm", "--format", "json")


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", str(project), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def first_run(project: Path) -> str:
    code, out, err = run(project, *ARGS)
    assert code == 0, out + err
    assert (project / store.CACHE_DIR / store.INDEX_FILE).is_file()
    return out


def test_an_unsearchable_cache_folder_gives_an_index_in_memory_and_a_warning(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = first_run(shipped_project)
    real = Path.exists

    def denied(self: Path, *args: object, **kwargs: object) -> bool:
        if self.parent.name == store.CACHE_DIR:  # as stat() fails in a folder of mode 000
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "exists", denied)
    code, out, err = run(shipped_project, *ARGS)
    assert code == 0, err
    assert out == expected  # the same figures from the same units
    assert (
        "reply-i18n: warning: .reply-i18n-cache/memory.sqlite: cannot read: Permission denied; "
        "the translation memory is indexed in memory for this run"
    ) in err
    assert "error" not in err
    code, out, err = run(shipped_project, "update", "--tm", "--dry-run")
    assert code == 0 and "indexed in memory" in err


def test_a_cache_that_is_a_file_gives_an_index_in_memory_and_a_warning(
    shipped_project: Path,
) -> None:
    expected = first_run(shipped_project)
    shutil.rmtree(shipped_project / store.CACHE_DIR)
    (shipped_project / store.CACHE_DIR).write_text("not a folder")
    code, out, err = run(shipped_project, *ARGS)
    assert code == 0, err
    assert out == expected
    assert ".reply-i18n-cache/memory.sqlite: cannot write: File exists" in err
    assert (shipped_project / store.CACHE_DIR).read_text() == "not a folder"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="permissions do not bind the superuser: the test needs an ordinary user",
)
@pytest.mark.parametrize(("mode", "warned"), [(0o000, True), (0o500, False)])
def test_a_cache_folder_without_permissions_is_worked_around(
    shipped_project: Path, mode: int, warned: bool
) -> None:
    """Mode 000: cannot be read, warned; mode 500: a read-only checkout, quietly in memory
    (once the inputs changed, the index on disk is stale and cannot be rewritten)."""
    expected = first_run(shipped_project)
    cache = shipped_project / store.CACHE_DIR
    (cache / store.INDEX_FILE).unlink()
    cache.chmod(mode)
    try:
        code, out, err = run(shipped_project, *ARGS)
    finally:
        cache.chmod(0o755)
    assert code == 0, err
    assert out == expected
    assert ("indexed in memory" in err) == warned
    assert not (cache / store.INDEX_FILE).exists()
