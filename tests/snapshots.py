"""What a failed run must leave as it was: the files of a project, compared before and after."""

from __future__ import annotations

from pathlib import Path

#: the project lock may be created by a run that writes nothing else
LOCK = ".reply-i18n.lock"


def contents(root: Path) -> dict[str, bytes]:
    """The bytes of every regular file under ``root``, symbolic links and the lock aside."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name != LOCK
    }


def contents_and_times(root: Path) -> dict[str, tuple[bytes, int]]:
    """The bytes and modification time (ns) of every file under ``root``, the lock aside:
    a file rewritten with the same bytes shows too."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK
    }
