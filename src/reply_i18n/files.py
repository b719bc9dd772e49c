"""Everything that touches the filesystem: project paths, reading, atomic writing, locking."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import filecmp
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reply_i18n.config import CONFIG_NAME
from reply_i18n.errors import (
    CatalogError,
    ConfigError,
    LockError,
    ReplyI18nError,
    SourceError,
    TemplateError,
)
from reply_i18n.model import Document
from reply_i18n.po.pofile import Catalog, encode_catalog, read_po
from reply_i18n.source import SUFFIXES

if TYPE_CHECKING:
    from reply_i18n.source.recognise import TemplateSet
    from reply_i18n.source.templates import Template

SOURCE_SUFFIXES = SUFFIXES
"""Suffixes of the source documents in ``source/``, in order of preference."""
MAX_SOURCE_BYTES = 256 * 1024 * 1024
"""The largest source file read, in bytes."""
_SOURCE_GLOB = ", ".join(f"*{s}" for s in SOURCE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Project:
    """Where a project keeps its files."""

    root: Path
    source_dir: Path
    locale_dir: Path
    build_dir: Path
    questionnaire_dir: Path | None = None
    """Where the questionnaire templates are; ``questionnaires/`` under the root if None."""

    @property
    def templates_dir(self) -> Path:
        return self.questionnaire_dir or self.root / "questionnaires"

    def template_path(self, key: str) -> Path:
        return self.templates_dir / f"{key}.toml"

    def pot_path(self, doc: str) -> Path:
        return self.locale_dir / f"{doc}.pot"

    def po_path(self, locale: str, doc: str) -> Path:
        return self.locale_dir / locale / "LC_MESSAGES" / f"{doc}.po"

    def source_path(self, doc: str) -> Path | None:
        """The source file of a document name, if there is one.  A symbolic link counts even
        when it leads nowhere: reading it then says so, where leaving it out would let a
        check pass on catalogs judged without their source."""
        return next(
            (
                p
                for s in SOURCE_SUFFIXES
                if (p := self.source_dir / f"{doc}{s}").exists() or p.is_symlink()
            ),
            None,
        )

    def mo_path(self, locale: str, doc: str) -> Path:
        return self.locale_dir / locale / "LC_MESSAGES" / f"{doc}.mo"

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, for messages; as given if outside it."""
        try:
            return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)))
        except ValueError:
            pass
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except (ValueError, OSError, RuntimeError):  # outside, or a symlink loop
            return str(path)

    def locales(self) -> list[str]:
        """Locales that have a directory with at least one PO file."""
        if not self.locale_dir.is_dir():
            return []
        return sorted(
            p.name
            for p in self.locale_dir.iterdir()
            if (p / "LC_MESSAGES").is_dir() and any((p / "LC_MESSAGES").glob("*.po"))
        )


def _reason(exc: OSError) -> str:
    """Why a file could not be opened or read, in the words of this tool's messages."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def read_bytes(path: Path, *, kind: type[ReplyI18nError] = SourceError) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise kind(_reason(exc), path=path) from None


def read_text(
    path: Path, shown: str, *, kind: type[ReplyI18nError] = ConfigError, what: str = ""
) -> str:
    """A UTF-8 text file (a byte-order mark allowed), or ``kind`` naming the file and the
    line of the first byte that is not UTF-8; ``what`` names the file in the message
    ("glossary is not valid UTF-8")."""
    data = read_bytes(path, kind=kind)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"{what} is not valid UTF-8" if what else "not valid UTF-8"
        raise kind(message, path=shown, line=line) from None


def find_sources(project: Project, names: list[str] | None = None) -> list[Path]:
    """Source files to work on: the ones named (paths or document names), or all of them.

    Relative paths are relative to the project root, as with ``git -C`` and ``make -C``.
    """
    if names:
        out = []
        for name in names:
            p = project.root / name
            if not p.suffix and not p.exists():
                p = project.source_path(name) or project.source_dir / f"{name}{SOURCE_SUFFIXES[0]}"
            if p.is_dir():
                found = _listed(p)
                if not found:
                    raise SourceError(f"directory has no source documents ({_SOURCE_GLOB})", path=p)
                out.extend(found)
            else:
                out.append(p)
        return out
    if not project.source_dir.is_dir():
        raise SourceError("no source directory", path=project.source_dir)
    found = _listed(project.source_dir)
    if not found:
        raise SourceError(
            f"directory has no source documents ({_SOURCE_GLOB})", path=project.source_dir
        )
    return found


def _listed(directory: Path) -> list[Path]:
    """The source documents of a directory: files with a source suffix, leaving out hidden
    files and the owner files Word leaves beside an open document (``~$name.docx``).  An
    entry with a source suffix that is not a regular file is listed, to be refused when
    it is read.

    Raises :class:`~reply_i18n.errors.SourceError` when two files are sources of one
    document (``reply.docx`` and ``reply.pdf``): both would write ``locale/reply.pot``.
    """
    found = sorted(
        q
        for q in directory.iterdir()
        if q.suffix.lower() in SOURCE_SUFFIXES
        and not q.name.startswith((".", "~$"))
        and not q.is_dir()
    )
    seen: dict[str, Path] = {}
    for q in found:
        other = seen.setdefault(q.stem, q)
        if other is not q:
            raise SourceError(
                f"{other.name} and {q.name} are two sources of the document {q.stem!r}: "
                "keep one of them in this directory",
                path=directory,
            )
    return found


def read_source(path: Path, shown: str | Path | None = None) -> bytes:
    """The bytes of a source file, refusing at once what is not a regular file (a FIFO, a
    device such as ``/dev/zero``, a symbolic link loop) and a file larger than
    :data:`MAX_SOURCE_BYTES`.

    Raises :class:`~reply_i18n.errors.SourceError`, naming ``shown`` (default: the path).
    """
    where = shown if shown is not None else path
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError("not a regular file (a symbolic link loop)", path=where) from None
        raise SourceError(_reason(exc), path=where) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError("is a directory, not a file", path=where)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"not a regular file ({_file_kind(info.st_mode)})", path=where)
        if info.st_size > MAX_SOURCE_BYTES:
            raise SourceError(
                f"the file is too large ({_size(info.st_size)}; at most "
                f"{_size(MAX_SOURCE_BYTES)} are read)",
                path=where,
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc), path=where) from None
    finally:
        os.close(fd)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(
            f"the file is too large (at most {_size(MAX_SOURCE_BYTES)} are read)", path=where
        )
    return data


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    return f"{n / 1024:.1f} KiB"


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_document(
    path: Path,
    shown: str,
    templates: TemplateSet | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """Read and parse one source document, whatever its format (:data:`SOURCE_SUFFIXES`),
    and recognise its questionnaires against ``templates`` when given.

    ``progress(done, total)`` is called after each page of a PDF.  Raises
    :class:`~reply_i18n.errors.SourceError` for a file that cannot be read or understood.
    """
    # the readers and the parser load only for the commands that read a source
    from reply_i18n.source.read import read_blocks
    from reply_i18n.source.recognise import recognise
    from reply_i18n.source.structure import parse_blocks

    data = read_source(path, shown)
    blocks, _debris = read_blocks(data, suffix=path.suffix, source=shown, progress=progress)
    doc = parse_blocks(blocks, name=path.stem, source=shown)
    return recognise(doc, templates) if templates else doc


def read_templates(project: Project) -> tuple[Template, ...]:
    """The questionnaire templates of a project: every ``*.toml`` in its templates folder,
    in name order.  Raises :class:`~reply_i18n.errors.TemplateError` for a file that is not
    a valid template, or for two files with the same key."""
    from reply_i18n.source.templates import parse_template

    folder = project.templates_dir
    if not folder.is_dir():
        return ()
    out: list[Template] = []
    for path in sorted(folder.glob("*.toml")):
        shown = project.rel(path)
        text = read_text(path, shown, kind=TemplateError)
        tpl = parse_template(text, path=shown)
        twin = next((t for t in out if t.key == tpl.key), None)
        if twin is not None:
            raise TemplateError(f"key {tpl.key!r} is also the key of {twin.path}", path=shown)
        out.append(tpl)
    return tuple(out)


def read_catalog(path: Path, shown: str | None = None) -> Catalog:
    shown = shown or str(path)
    data = read_bytes(path, kind=CatalogError)
    catalog, _ = read_po(data, path=shown)
    return catalog


#: marks the temporary files of a run, so that the next run can remove those a killed run
#: left behind: ``.<name>.reply-i18n-<random>.tmp`` beside the file being written
TEMP_MARK = ".reply-i18n-"
TEMP_SUFFIX = ".tmp"


def _temporary_beside(target: Path, path: Path) -> tuple[int, str]:
    """A temporary file in ``target``'s folder, named so that the next run removes it if
    this one is killed; ``path`` is the name the user gave, for messages."""
    if target.is_dir():
        raise ReplyI18nError("cannot write: is a directory", path=path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(
            prefix=f".{target.name}{TEMP_MARK}", suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as exc:
        raise _cannot_write(exc, path.parent) from None


def _through_links(path: Path) -> Path:
    """The file a write to ``path`` should replace: the target of a symbolic link, so that
    the link itself is kept (as editors and GNU tools do)."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _cannot_write(exc: OSError, path: Path) -> ReplyI18nError:
    return ReplyI18nError(f"cannot write: {exc.strerror or exc}", path=path)


class Staging:
    """The outputs of one run: written beside their targets first, then moved into place
    together by :meth:`commit`.

    Nothing is moved until every output has been written; if a move fails, the files
    already moved get their old content back.  :meth:`discard` (or leaving a ``staged()``
    block by an exception) removes the temporary files, so a failed run changes nothing.
    Raises :class:`ReplyI18nError` (with the path) when a file cannot be written.
    """

    def __init__(self) -> None:
        self._items: list[tuple[Path, Path]] = []  # (temporary file, target)
        self.targets: set[Path] = set()

    def stage(self, path: Path, data: bytes) -> bool:
        """Write ``data`` to a temporary file beside ``path``.  Returns False, staging
        nothing, when ``path`` already holds exactly these bytes (its mtime is kept)."""
        if holds_bytes(_through_links(path), (data,)):
            return False  # known without writing anything
        return self.stage_chunks(path, (data,))

    def stage_chunks(self, path: Path, chunks: Iterable[bytes]) -> bool:
        """Like :meth:`stage`, for content produced in chunks: each chunk goes to the
        temporary file as it comes, so the whole content is never held in memory (a
        catalog of 100,000 entries is over 100 MB).  Returns False, staging nothing, when
        ``path`` already holds exactly these bytes.  An exception while producing the
        chunks stages nothing."""
        target = _through_links(path)
        fd, tmp = _temporary_beside(target, path)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                same = filecmp.cmp(tmp, target, shallow=False)
            except OSError:
                same = False
            if same:
                os.unlink(tmp)
                return False
            mode = 0o644
            with contextlib.suppress(OSError):
                mode = target.stat().st_mode & 0o777
            with contextlib.suppress(OSError):
                os.chmod(tmp, mode)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise _cannot_write(exc, path) from None
            raise
        self._items.append((Path(tmp), target))
        self.targets.add(target)
        return True

    def commit(self) -> None:
        """Move every staged file into place; on a failure, put back what was moved."""
        done: list[tuple[Path, Path | None]] = []  # (target, backup of its old content)
        try:
            for tmp, target in self._items:
                backup = None
                if target.exists():
                    backup = tmp.with_name(tmp.name[: -len(TEMP_SUFFIX)] + ".old" + TEMP_SUFFIX)
                    try:
                        os.link(target, backup)
                    except OSError:  # a filesystem without hard links
                        shutil.copyfile(target, backup)
                os.replace(tmp, target)
                done.append((target, backup))
        except OSError as exc:
            for target, backup in reversed(done):
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        os.unlink(target)
            self.discard()
            raise _cannot_write(exc, target) from None
        for _target, backup in done:
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(backup)
        self._items.clear()

    def discard(self) -> None:
        """Remove the temporary files; nothing is moved into place."""
        for tmp, _target in self._items:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            with contextlib.suppress(OSError):
                os.unlink(tmp.with_name(tmp.name[: -len(TEMP_SUFFIX)] + ".old" + TEMP_SUFFIX))
        self._items.clear()


@contextlib.contextmanager
def staged() -> Iterator[Staging]:
    """A :class:`Staging` that is committed when the block ends normally and discarded
    when it ends by an exception (including Ctrl-C)."""
    staging = Staging()
    try:
        yield staging
    except BaseException:
        staging.discard()
        raise
    staging.commit()


def atomic_write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    Returns False, and leaves the file untouched (mtime included), when it already holds
    exactly these bytes.  A symbolic link is written through: its target is replaced.
    """
    with staged() as staging:
        return staging.stage(path, data)


def clean_temporaries(*dirs: Path) -> list[Path]:
    """Remove the temporary files that a killed run left in ``dirs`` (recursively).

    Call it holding the project lock: then no other run is writing.  Returns what was
    removed.
    """
    removed = []
    for top in dirs:
        if not top.is_dir():
            continue
        for folder, _subdirs, names in os.walk(top):
            for name in names:
                if name.startswith(".") and TEMP_MARK in name and name.endswith(TEMP_SUFFIX):
                    path = Path(folder) / name
                    with contextlib.suppress(OSError):
                        path.unlink()
                        removed.append(path)
    return removed


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> bool:
    """Like :func:`atomic_write`, for content produced in chunks: each chunk goes to the
    temporary file as it comes, so the whole content is never held in memory.

    Returns False, and leaves the file untouched, when it already held exactly these bytes.
    An exception while producing the chunks leaves the file as it was.  A symbolic link is
    written through, and the temporary file is named so that the next run removes it if
    this one is killed (:func:`clean_temporaries`).
    """
    with staged() as staging:
        return staging.stage_chunks(path, chunks)


def holds_bytes(path: Path, chunks: Iterable[bytes]) -> bool:
    """Whether ``path`` holds exactly the bytes of ``chunks``, read and compared piece by
    piece (the chunks are consumed only as far as they agree).  False for a missing or
    unreadable file."""
    try:
        fh = open(path, "rb")  # noqa: SIM115  (closed below, on every path)
    except OSError:
        return False
    with fh:
        try:
            for chunk in chunks:
                if fh.read(len(chunk)) != chunk:
                    return False
            return fh.read(1) == b""
        except OSError:
            return False


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write a catalog as ``msgcat`` would, in the charset its header declares, streaming
    to a temporary file that then replaces ``path``.  Returns False if nothing changed."""
    return atomic_write_chunks(path, encode_catalog(catalog))


@contextlib.contextmanager
def project_lock(project: Project, *, wait: float = 30.0, shared: bool = False) -> Iterator[None]:
    """Hold the project's lock; a second run waits up to ``wait`` seconds, then fails.

    Every command that writes takes it (extract, init, update, compile, build).  Once it is
    held, the temporary files a killed run left behind are removed.  A run that only reads
    (``update --check``, ``--dry-run``) takes it ``shared``: it waits for a writer, not for
    other readers, removes nothing, and on a read-only checkout, where no lock file can be
    made and nothing can be writing, runs without one.  Nor is one made in a folder that
    holds no project (no reply-i18n.toml, no source/ or locale/ folder).
    """
    if not (
        project.locale_dir.is_dir()
        or project.source_dir.is_dir()
        or (project.root / CONFIG_NAME).is_file()
    ):
        # no project here (an empty folder, a mistyped -C): the command says what is
        # missing, and leaves no lock file behind as litter
        yield
        return
    lock_dir = project.locale_dir if project.locale_dir.is_dir() else project.root
    path = lock_dir / ".reply-i18n.lock"
    mode = "rb" if shared and path.exists() else "a+b"
    try:
        fh = open(path, mode)  # noqa: SIM115 - held for the duration of the context
    except OSError as exc:
        if not (shared and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)):
            raise ReplyI18nError(f"cannot create lock file: {exc.strerror}", path=path) from None
        fh = None  # a read-only checkout: nothing can be writing to it
    if fh is None:
        yield
        return
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(
                    fh.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
                )
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise LockError(
                        "another reply-i18n run is writing to this project; "
                        "try again when it has finished",
                        path=path,
                    ) from None
                time.sleep(0.1)
        if not shared:
            clean_temporaries(project.locale_dir, project.build_dir, project.root / "tm")
            for name in os.listdir(project.root) if project.root.is_dir() else []:
                if name.startswith(".") and TEMP_MARK in name and name.endswith(TEMP_SUFFIX):
                    with contextlib.suppress(OSError):
                        (project.root / name).unlink()
        yield
    finally:
        fh.close()


#: the range of SOURCE_DATE_EPOCH that gives a date with a four-digit year
EPOCH_RANGE = (0, 253402300799)  # 1970-01-01 .. 9999-12-31 23:59:59 UTC


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org): seconds since 1970 in UTC, or None.

    Raises :class:`ConfigError` when it is not an integer in :data:`EPOCH_RANGE`.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return None
    try:
        epoch = int(value)
    except ValueError:
        raise ConfigError(
            f"SOURCE_DATE_EPOCH must be an integer, not {value[:40]!r}", path="SOURCE_DATE_EPOCH"
        ) from None
    low, high = EPOCH_RANGE
    if not low <= epoch <= high:
        raise ConfigError(
            f"{value[:40]} is out of range: give seconds since 1970-01-01 UTC, "
            f"from {low} to {high} (the year 9999)",
            path="SOURCE_DATE_EPOCH",
        )
    return epoch


def find_root(start: Path) -> Path:
    """The project directory for a run started in ``start``, found as git finds its
    repository: the nearest directory upward holding ``reply-i18n.toml``, else the nearest
    holding a ``source/`` directory, else ``start`` itself.

    Raises :class:`ConfigError` when ``start`` is not a directory.
    """
    if not start.is_dir():
        what = "no such directory" if not start.exists() else "not a directory"
        raise ConfigError(what, path=start)
    here = Path(os.path.abspath(start))
    chain = [here, *here.parents]
    for marker in (CONFIG_NAME, "source"):
        for candidate in chain:
            if (candidate / marker).exists():
                return start if candidate == here else candidate
    return start


def catalog_files(project: Project) -> list[tuple[str, str, Path]]:
    """Every PO file of the project, as ``(locale, document, path)``, sorted."""
    if not project.locale_dir.is_dir():
        return []
    out: list[tuple[str, str, Path]] = []
    for folder in sorted(project.locale_dir.iterdir()):
        messages = folder / "LC_MESSAGES"
        if messages.is_dir():
            out.extend((folder.name, p.stem, p) for p in sorted(messages.glob("*.po")))
    return out
