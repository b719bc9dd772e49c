"""Everything that touches the filesystem: project paths, reading, atomic writing, locking."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reply_i18n.errors import CatalogError, LockError, ReplyI18nError, SourceError, TemplateError
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
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
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


def atomic_write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    Returns False, and leaves the file untouched (mtime included), when it already holds
    exactly these bytes.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ReplyI18nError(f"cannot write: {exc.strerror or exc}", path=path.parent) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ReplyI18nError(f"cannot write: {exc.strerror or exc}", path=path) from None
        raise
    return True


def write_catalog(path: Path, catalog: Catalog) -> bool:
    return atomic_write(path, format_catalog(catalog).encode("utf-8"))


@contextlib.contextmanager
def project_lock(project: Project, *, wait: float = 30.0) -> Iterator[None]:
    """Hold the project's lock; a second run waits up to ``wait`` seconds, then fails."""
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
        yield
    finally:
        fh.close()


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        from reply_i18n.errors import ConfigError

        raise ConfigError(f"SOURCE_DATE_EPOCH must be an integer, not {value!r}") from None
