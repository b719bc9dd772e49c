"""Everything that touches the filesystem: project paths, reading, atomic writing, locking."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
from reply_i18n.po.pofile import Catalog, decode_po, format_catalog, parse_po
from reply_i18n.source.recognise import TemplateSet, recognise
from reply_i18n.source.structure import parse_document
from reply_i18n.source.templates import Template, parse_template
from reply_i18n.source.text import decode

SOURCE_SUFFIXES = (".txt", ".md")


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
        """The source file of a document name, if there is one."""
        return next(
            (p for s in SOURCE_SUFFIXES if (p := self.source_dir / f"{doc}{s}").exists()), None
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


def read_bytes(path: Path, *, kind: type[ReplyI18nError] = SourceError) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise kind("no such file", path=path) from None
    except IsADirectoryError:
        raise kind("is a directory, not a file", path=path) from None
    except PermissionError:
        raise kind("permission denied", path=path) from None
    except OSError as exc:
        raise kind(exc.strerror or str(exc), path=path) from None


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
                found = sorted(q for q in p.iterdir() if q.suffix in SOURCE_SUFFIXES)
                if not found:
                    raise SourceError("directory has no source documents (*.txt, *.md)", path=p)
                out.extend(found)
            else:
                out.append(p)
        return out
    if not project.source_dir.is_dir():
        raise SourceError("no source directory", path=project.source_dir)
    found = sorted(
        q for q in project.source_dir.iterdir() if q.suffix in SOURCE_SUFFIXES and q.is_file()
    )
    if not found:
        raise SourceError(
            "directory has no source documents (*.txt, *.md)", path=project.source_dir
        )
    return found


def read_document(path: Path, shown: str, templates: TemplateSet | None = None) -> Document:
    """Read and parse one source document, and recognise its questionnaires against
    ``templates`` when given."""
    text = decode(read_bytes(path), source=shown)
    doc = parse_document(text, name=path.stem, source=shown)
    return recognise(doc, templates) if templates else doc


def read_templates(project: Project) -> tuple[Template, ...]:
    """The questionnaire templates of a project: every ``*.toml`` in its templates folder,
    in name order.  Raises :class:`~reply_i18n.errors.TemplateError` for a file that is not
    a valid template, or for two files with the same key."""
    folder = project.templates_dir
    if not folder.is_dir():
        return ()
    out: list[Template] = []
    for path in sorted(folder.glob("*.toml")):
        shown = project.rel(path)
        data = read_bytes(path, kind=TemplateError)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise TemplateError("not valid UTF-8", path=shown, line=line) from None
        tpl = parse_template(text, path=shown)
        twin = next((t for t in out if t.key == tpl.key), None)
        if twin is not None:
            raise TemplateError(f"key {tpl.key!r} is also the key of {twin.path}", path=shown)
        out.append(tpl)
    return tuple(out)


def read_catalog(path: Path, shown: str | None = None) -> Catalog:
    shown = shown or str(path)
    data = read_bytes(path, kind=CatalogError)
    catalog, _ = parse_po(decode_po(data, path=shown), path=shown)
    return catalog


#: marks the temporary files of a run, so that the next run can remove those a killed run
#: left behind: ``.<name>.reply-i18n-<random>.tmp`` beside the file being written
TEMP_MARK = ".reply-i18n-"
TEMP_SUFFIX = ".tmp"


def _through_links(path: Path) -> Path:
    """The file a write to ``path`` should replace: the target of a symbolic link, so that
    the link itself is kept (as editors and GNU tools do)."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


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
        target = _through_links(path)
        if _same_bytes(target, data):
            return False
        if target.is_dir():
            raise ReplyI18nError("cannot write: is a directory", path=path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                prefix=f".{target.name}{TEMP_MARK}", suffix=TEMP_SUFFIX, dir=target.parent
            )
        except OSError as exc:
            raise _cannot_write(exc, path.parent) from None
        self._items.append((Path(tmp), target))
        self.targets.add(target)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            mode = 0o644
            with contextlib.suppress(OSError):
                mode = target.stat().st_mode & 0o777
            with contextlib.suppress(OSError):
                os.chmod(tmp, mode)
        except OSError as exc:
            raise _cannot_write(exc, path) from None
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


def write_catalog(path: Path, catalog: Catalog) -> bool:
    return atomic_write(path, format_catalog(catalog).encode("utf-8"))


@contextlib.contextmanager
def project_lock(project: Project, *, wait: float = 30.0) -> Iterator[None]:
    """Hold the project's lock; a second run waits up to ``wait`` seconds, then fails.

    Every command that writes takes it (extract, init, update, compile, build).  Once it is
    held, the temporary files a killed run left behind are removed.
    """
    lock_dir = project.locale_dir if project.locale_dir.is_dir() else project.root
    path = lock_dir / ".reply-i18n.lock"
    try:
        fh = open(path, "a+b")  # noqa: SIM115 - held for the duration of the context
    except OSError as exc:
        raise ReplyI18nError(f"cannot create lock file: {exc.strerror}", path=path) from None
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise LockError(
                        "another reply-i18n run is updating this project; "
                        "try again when it has finished",
                        path=path,
                    ) from None
                time.sleep(0.1)
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
