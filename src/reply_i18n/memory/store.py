"""Where the memory's inputs are, and its index on disk: the I/O edge of the memory.

Inputs, found by convention as OmegaT finds its ``tm/`` folder (a file dropped there is used):

- every PO file of the project, ``locale/<lang>/LC_MESSAGES/*.po`` (all documents, all years);
- TMX files in ``tm/`` and its sub-folders (``*.tmx``), multilingual units included;
- PO compendia in ``tm/`` (``*.po``), whose ``Language`` header names their language.

The index lives in ``.reply-i18n-cache/memory.sqlite`` under the project root, a folder git
ignores.  It is rebuilt, into a temporary file moved into place, whenever the inputs'
contents change (a SHA-256 over their paths and bytes); it is never the only copy of
anything.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reply_i18n.errors import TranslationMemoryError
from reply_i18n.files import Project, read_bytes, read_catalog
from reply_i18n.memory.index import Index
from reply_i18n.memory.tmx import read_tmx
from reply_i18n.memory.units import Unit, catalog_units, language_code

CACHE_DIR = ".reply-i18n-cache"
INDEX_FILE = "memory.sqlite"


def memory_dir(project: Project) -> Path:
    """The folder of extra memories: ``tm/`` at the project root."""
    return project.root / "tm"


def inputs(project: Project) -> list[Path]:
    """Every input file of the memory, sorted: project catalogs, then ``tm/`` files."""
    found: list[Path] = []
    if project.locale_dir.is_dir():
        found.extend(sorted(project.locale_dir.glob("*/LC_MESSAGES/*.po")))
    tm = memory_dir(project)
    if tm.is_dir():
        found.extend(
            sorted(p for p in tm.rglob("*") if p.suffix in (".tmx", ".po") and p.is_file())
        )
    return found


def fingerprint(project: Project, paths: list[Path]) -> str:
    """SHA-256 over the inputs' project-relative paths and contents."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(project.rel(path).encode() + b"\0")
        digest.update(hashlib.sha256(read_bytes(path, kind=TranslationMemoryError)).digest())
    return digest.hexdigest()


def units(project: Project, paths: list[Path], *, source_lang: str = "en") -> Iterator[Unit]:
    """The units of every input file.

    Raises :class:`~reply_i18n.errors.CatalogError` for a malformed PO file and
    :class:`~reply_i18n.errors.TranslationMemoryError` for a bad TMX file or a compendium
    without a ``Language`` header.
    """
    tm = memory_dir(project)
    for path in paths:
        shown = project.rel(path)
        if path.suffix == ".tmx":
            yield from read_tmx(
                read_bytes(path, kind=TranslationMemoryError), origin=shown, source_lang=source_lang
            )
            continue
        catalog = read_catalog(path, shown)
        if path.is_relative_to(tm):
            lang = catalog.header_fields().get("Language", "")
            if not lang.strip():
                raise TranslationMemoryError(
                    "a compendium needs a 'Language' header to say which language it holds",
                    path=shown,
                )
            yield from catalog_units(catalog, locale=language_code(lang), origin=shown)
        else:
            locale = path.parent.parent.name
            yield from catalog_units(
                catalog, locale=language_code(locale), origin=shown, document=path.stem
            )


def _ignored_by_git(cache: Path) -> None:
    """A ``.gitignore`` of ``*`` in the cache folder, as pytest and mypy leave in theirs: git
    ignores the folder in every project, without a line in the project's own .gitignore."""
    marker = cache / ".gitignore"
    if not marker.exists():
        marker.write_text("# written by reply-i18n: this folder is a cache\n*\n", encoding="utf-8")


@contextlib.contextmanager
def open_index(project: Project, *, source_lang: str = "en") -> Iterator[Index]:
    """The project's memory index, rebuilt first when its inputs changed; built in memory
    for the run when the cache folder cannot be written (a read-only checkout)."""
    paths = inputs(project)
    wanted = fingerprint(project, paths)
    cache = project.root / CACHE_DIR
    path = cache / INDEX_FILE
    if path.exists():
        db = sqlite3.connect(path)
        try:
            index: Index | None = Index(db)
            current = index.fingerprint() if index is not None else None
        except sqlite3.DatabaseError:  # a damaged or foreign file: rebuild it
            index, current = None, None
        if index is not None and current == wanted:
            try:
                yield index
            finally:
                db.close()
            return
        db.close()
    try:
        cache.mkdir(exist_ok=True)
        _ignored_by_git(cache)
        fd, tmp = tempfile.mkstemp(prefix=".memory.", suffix=".tmp", dir=cache)
        os.close(fd)
    except OSError as exc:
        if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise TranslationMemoryError(
                f"cannot write the memory index: {exc.strerror}", path=cache
            ) from None
        # a read-only checkout (a CI gate, a reviewer's copy): the index is built in memory
        # for this run, with the same units, rather than refused
        db = sqlite3.connect(":memory:")
        try:
            Index.create(db, units(project, paths, source_lang=source_lang), fingerprint=wanted)
            yield Index(db)
        finally:
            db.close()
        return
    try:
        db = sqlite3.connect(tmp)
        Index.create(db, units(project, paths, source_lang=source_lang), fingerprint=wanted)
        db.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    db = sqlite3.connect(path)
    try:
        yield Index(db)
    finally:
        db.close()
