"""The ``reply-i18n`` command line: a thin layer over the library.

Each command reads its inputs, calls the library, writes, and reports.  Every
:class:`~reply_i18n.errors.ReplyI18nError` is turned into a one-line message and exit
code 1 by :func:`reports_errors`; usage errors exit with 2 (Typer's convention).
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import functools
import itertools
import json
import os
import re
import shutil
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from reply_i18n import __version__, parallel
from reply_i18n.catalog import (
    MergeStats,
    check_plurals,
    header_date,
    merge,
    new_translation,
    same_content,
    template,
    validate_locale,
)
from reply_i18n.changes import changes
from reply_i18n.cli_questionnaire import questionnaire_app
from reply_i18n.config import CONFIG_NAME, FORMATS, Config, add_locale, load_config
from reply_i18n.errors import CatalogError, ConfigError, GateError, ReplyI18nError, SourceError
from reply_i18n.files import (
    SOURCE_SUFFIXES,
    Project,
    atomic_write,
    catalog_files,
    find_root,
    find_sources,
    holds_bytes,
    project_lock,
    read_bytes,
    read_catalog,
    read_document,
    read_templates,
    read_text,
    source_date_epoch,
    staged,
)
from reply_i18n.model import Document
from reply_i18n.po.pofile import Catalog, catalog_bytes, encode_catalog
from reply_i18n.qa.coverage import count_words
from reply_i18n.qa.names import CHECK_NAMES
from reply_i18n.source.outline import document_json, outline_text
from reply_i18n.source.recognise import Pin, TemplateSet

CONTEXT = {"help_option_names": ["-h", "--help"]}


class OutputFormat(enum.StrEnum):
    """``--format`` of the reporting commands: a table for people, JSON for programs."""

    text = "text"
    json = "json"


class GroupBy(enum.StrEnum):
    """``check --by``: how far coverage is broken down."""

    document = "document"
    part = "part"
    question = "question"
    tm = "tm"
    reviewer = "reviewer"


class Required(enum.StrEnum):
    """``check --require``: the revision state every translated entry must have reached."""

    revised = "revised"
    approved = "approved"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", metavar="text|json", help="Output: text for people, json for programs."
    ),
]


class CheckFormat(enum.StrEnum):
    """``check --format``: also a page with the coverage picture."""

    text = "text"
    json = "json"
    html = "html"


LocalesOption = Annotated[
    list[str] | None,
    typer.Option("--locale", "-l", metavar="LANG", help="A locale (repeatable; default: all)."),
]
DocsArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="DOC", help="Documents (default: all)."),
]


def _plain_help_types() -> None:
    """Show plain words in help, never Python types.

    Typer 0.2x prints a parameter's Python type next to it (``<list[str]>``, ``<bool>``);
    here an argument shows its metavar alone, a flag shows nothing, and an option shows its
    metavar (every option of this program sets one).
    """
    from typer import core

    def argument_type(self: Any, ctx: Any) -> str | None:
        return None

    original = getattr(core.TyperOption, "display_type_rich", None)

    def option_type(self: Any, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return str(self.metavar)
        shown = original(self, ctx) if original is not None else None
        if not shown:
            return None
        label = str(shown).strip("<>.").removeprefix("list[").removesuffix("]")
        words = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH"}
        return words.get(label.split()[0].lower(), label)  # choices stay a|b|c

    if hasattr(core.TyperArgument, "display_type_rich"):
        core.TyperArgument.display_type_rich = argument_type  # type: ignore[method-assign]
    if original is not None:
        core.TyperOption.display_type_rich = option_type  # type: ignore[method-assign]


_plain_help_types()
if TYPE_CHECKING:
    from babel import Locale

app = typer.Typer(
    name="reply-i18n",
    help="Publish a questionnaire reply in several languages, the gettext way.\n\n"
    "Exit codes: 0 success; 1 an error, or a gate that failed; 2 a usage error.",
    context_settings=CONTEXT,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(questionnaire_app, name="questionnaire")

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn the library's errors into a one-line message and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ReplyI18nError as exc:
            typer.echo(f"reply-i18n: error: {exc}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:  # anything the edges did not foresee, still without a traceback
            typer.echo(f"reply-i18n: error: {exc}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


class State:
    root: Path = Path(".")
    start: Path = Path(".")
    """The directory the run started in (``-C DIR``, else the current one)."""
    config: Config = Config()

    @classmethod
    def project(cls) -> Project:
        root = cls.root
        return Project(
            root=root,
            source_dir=root / cls.config.source_dir,
            locale_dir=root / cls.config.locale_dir,
            build_dir=root / cls.config.build_dir,
            questionnaire_dir=root / cls.config.questionnaire_dir,
        )

    @classmethod
    def templates(cls, *, with_templates: bool = True) -> TemplateSet:
        """The project's questionnaire templates and the keys its configuration pins."""
        pins = tuple(Pin(p, k) for p, k in cls.config.questionnaire_keys)
        found = read_templates(cls.project()) if with_templates else ()
        return TemplateSet(found, pins)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reply-i18n {__version__}")
        raise typer.Exit()


@app.callback()
@reports_errors
def _main(
    directory: Annotated[
        Path,
        typer.Option(
            "--directory",
            "-C",
            metavar="DIR",
            help="Run as if started in DIR. The project is the nearest directory upward "
            "holding reply-i18n.toml (else a source/ folder), as git finds its repository.",
        ),
    ] = Path("."),
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes for long work (typesetting PDFs, checking and counting "
            "large catalogs). Default: the CPUs this process may use.",
        ),
    ] = None,
) -> None:
    parallel.JOBS = jobs
    if not directory.exists():
        raise typer.BadParameter(f"{directory}: no such directory", param_hint="-C")
    if not directory.is_dir():
        raise typer.BadParameter(f"{directory}: not a directory", param_hint="-C")
    State.root = find_root(directory)
    State.start = directory
    State.config = load_config(State.root)


def given_path(path: str | Path) -> Path:
    """A path given on the command line, read from the directory the run started in
    (``-C DIR``, else the current one), as git reads them: the project root may lie
    above it.  An absolute path stays as it is."""
    return State.start / path


def info(message: str) -> None:
    typer.echo(message, err=True)


def color(stream: Any = None) -> bool:
    """Colour on a terminal; none when ``NO_COLOR`` is set (no-color.org) or when piped."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def warn(message: str) -> None:
    """A warning on standard error, ``reply-i18n: warning: …``."""
    label = typer.style("warning", fg="yellow") if color(sys.stderr) else "warning"
    typer.echo(f"reply-i18n: {label}: {message}", err=True, color=color(sys.stderr))


def table_width() -> int | None:
    """The width tables must fit on a terminal (at most 80 columns); None when piped (or
    when standard output is closed)."""
    if sys.stdout is None or not sys.stdout.isatty():
        return None
    return min(80, shutil.get_terminal_size((80, 24)).columns)


def _skipped(project: Project, codes: list[str], names: list[str] | None) -> None:
    """Warn about every catalog of the project that a command leaves out, and why."""
    configured = State.config.locales
    for code, doc, path in catalog_files(project):
        shown = project.rel(path)
        if code not in codes and configured and code not in configured:
            warn(f"{shown}: skipped: '{code}' is not in [project] locales of {CONFIG_NAME}")
        elif names is not None and doc not in names and code in codes:
            if project.source_path(doc) is not None:
                warn(f"{shown}: skipped: no template for '{doc}'; run `reply-i18n extract`")
            else:
                warn(f"{shown}: skipped: no source or template for document '{doc}'")


@contextmanager
def progress(items: list[T], label: str) -> Iterator[Iterable[T]]:
    """A progress bar on a terminal for long runs; the plain items otherwise."""
    if len(items) > 3 and sys.stderr.isatty():
        with typer.progressbar(items, label=label, file=sys.stderr) as bar:
            yield bar
    else:
        yield items


@contextmanager
def page_progress(name: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar over the pages of a long PDF, on a terminal only; None otherwise.

    The callback takes ``(pages_done, pages_total)``; the bar appears from the first call
    for a document of 20 pages or more.
    """
    if not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []
    shown = [0]

    def update(done: int, total: int) -> None:
        if not bars:
            if total < 20:
                return
            bar = typer.progressbar(length=total, label=f"reading {name}", file=sys.stderr)
            bars.append(bar.__enter__())
        bars[0].update(done - shown[0])
        shown[0] = done

    try:
        yield update
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)


def _now() -> datetime.datetime:
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    return datetime.datetime.now(tz=datetime.UTC).replace(second=0, microsecond=0)


def _documents(
    project: Project, names: list[str] | None, templates: TemplateSet | None = None
) -> list[tuple[Path, Document]]:
    """Every source read and parsed.  A source that cannot be read does not stop the
    others: every such error is reported, and the last one raised, so that one run names
    every file to fix (and the caller writes nothing)."""
    templates = State.templates() if templates is None else templates
    if not names:
        _unconverted(project)
    out = []
    failed: list[ReplyI18nError] = []
    with progress(find_sources(project, names), "parsing") as paths:
        for path in paths:
            shown = project.rel(path)
            try:
                with page_progress(shown) as pages:
                    doc = read_document(path, shown, templates, progress=pages)
            except ReplyI18nError as exc:
                failed.append(exc)
                continue
            for w in doc.warnings:
                info(f"{shown}:{w.line}: warning: {w.message}")
            out.append((path, doc))
    for error in failed[:-1]:
        typer.echo(f"reply-i18n: error: {error}", err=True)
    if failed:
        raise failed[-1]
    return out


# --------------------------------------------------------------------------- extract


@app.command(context_settings=CONTEXT)
@reports_errors
def extract(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE",
            help="Source files or document names (default: every document in source/).",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Parse the English sources and write one POT template per document to locale/."""
    project = State.project()
    summary = []
    with project_lock(project), staged() as staging:
        # everything is computed and staged first, so that an error writes nothing
        planned = _templates(project, sources)
        for pot_path, pot, doc in planned:
            changed = staging.stage(pot_path, catalog_bytes(pot))
            summary.append(_extract_summary(project, doc, pot_path, changed))
    if output_format is OutputFormat.json:
        typer.echo(json.dumps({"documents": summary}, ensure_ascii=False, indent=2))
        return
    for s in summary:
        state = "written" if s["changed"] else "unchanged"
        typer.echo(f"{s['pot']}: {s['segments']} segments, {s['words']} words ({state})")
        for q in s["questionnaires"]:
            typer.echo(
                f"  {q['key']:<16} {q['segments']:>4} segments {q['words']:>6} words  {q['title']}"
            )


def _templates(project: Project, sources: list[str] | None) -> list[tuple[Path, Catalog, Document]]:
    """The POT template of each source, keeping the old creation date when only the date
    would change, so that an unchanged source rewrites nothing."""
    out = []
    for path, doc in _documents(project, sources):
        pot_path = project.pot_path(doc.name)
        source_ref = project.rel(path)
        pot = _locations(template(doc, created=_now(), source_path=source_ref))
        if pot_path.exists() and source_date_epoch() is None:
            old = read_catalog(pot_path, project.rel(pot_path))
            if same_content(old, pot):
                pot = _locations(template(doc, created=_created(old), source_path=source_ref))
        out.append((pot_path, pot, doc))
    return out


def _locations(pot: Catalog) -> Catalog:
    """Apply ``[catalog] locations``: ``#: file:line`` (full), ``#: file`` (file) or no
    reference at all (never), as msgcat's ``--add-location``."""
    mode = State.config.locations
    if mode == "full":
        return pot
    for msg in pot.messages:
        if mode == "never":
            msg.references = []
        else:
            msg.references = list(dict.fromkeys(re.sub(r":\d+$", "", r) for r in msg.references))
    return pot


def _created(old: Catalog) -> datetime.datetime:
    return header_date(old, "POT-Creation-Date") or _now()


def _extract_summary(
    project: Project, doc: Document, pot_path: Path, changed: bool
) -> dict[str, Any]:
    segs = doc.translatable()
    groups: dict[str, list[int]] = {}
    titles = {q.key: q.title for q in doc.questionnaires}
    for s in segs:
        key = s.questionnaire or "front"
        groups.setdefault(key, []).append(count_words(s.text))
    return {
        "document": doc.name,
        "pot": project.rel(pot_path),
        "changed": changed,
        "segments": len(segs),
        "words": sum(count_words(s.text) for s in segs),
        "questionnaires": [
            {
                "key": k,
                "title": titles.get(k, "front matter" if k == "front" else ""),
                "segments": len(v),
                "words": sum(v),
            }
            for k, v in groups.items()
        ],
    }


# --------------------------------------------------------------------------- outline


@app.command(context_settings=CONTEXT)
@reports_errors
def outline(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Source file or document name.")],
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Print the parsed structure of a source: IDs, kinds, and each segment's first words."""
    project = State.project()
    [(_path, doc)] = _documents(project, [source])
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(document_json(doc), ensure_ascii=False, indent=2))
        return
    typer.echo(outline_text(doc), nl=False)


# --------------------------------------------------------------------------- init / update


def _locales(requested: list[str] | None) -> list[str]:
    """The locales to work on: those requested, else those configured, else the folders of
    locale/ that hold a catalog (a folder that is not a locale code is skipped, with a
    warning).  A requested or configured code that is not a locale is an error."""
    codes = list(dict.fromkeys(requested or State.config.locales))  # each locale once
    if not codes:
        project = State.project()
        for code in project.locales():
            try:
                validate_locale(code)
            except ConfigError as exc:
                warn(f"{project.rel(project.locale_dir / code)}: skipped: {exc.message}")
                continue
            codes.append(code)
    if not codes:
        raise ConfigError("no locale given: use --locale, or list locales in reply-i18n.toml")
    for code in codes:
        if requested:
            _typed_locale(code)
        elif code in State.config.locales:
            try:
                validate_locale(code)
            except ConfigError as exc:  # named in reply-i18n.toml: say where
                config = State.config
                item = config.locales.index(code)
                raise config.error("project.locales", exc.message, item=item) from None
        else:
            validate_locale(code)
    return codes


def _typed_locale(code: str) -> Locale:
    """A locale code typed on the command line (``-l``), normalised; one that is no locale
    is a usage error (exit 2)."""
    try:
        return validate_locale(code)
    except ConfigError as exc:
        raise typer.BadParameter(exc.message, param_hint="'--locale' / '-l'") from None


def _pot(project: Project, doc: str) -> Catalog:
    path = project.pot_path(doc)
    if not path.exists():
        raise CatalogError("no template: run `reply-i18n extract` first", path=project.rel(path))
    return read_catalog(path, project.rel(path))


def _doc_names(
    project: Project, docs: list[str] | None, *, with_sources: bool = False
) -> list[str]:
    """The documents a command works on: those named, or every document with a template
    in locale/ (and, ``with_sources``, every document with a source in source/, so that
    a source never extracted is not left out of a check).  A name with no source, no
    template and no catalog is an error (a mistyped name), not an empty document."""
    if docs:
        names = list(dict.fromkeys(Path(d).stem for d in docs))  # each document once
        catalogs = {doc for _code, doc, _path in catalog_files(project)}
        for name in names:
            if (
                project.source_path(name) is None
                and not project.pot_path(name).exists()
                and name not in catalogs
            ):
                raise CatalogError(
                    f"no document {name!r}: no source in {project.rel(project.source_dir)}/, "
                    f"no template or catalog in {project.rel(project.locale_dir)}/"
                )
        return names
    if with_sources:
        folder = project.source_dir
        if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
            raise SourceError("not a directory", path=project.rel(folder))
        pots = {p.stem for p in project.locale_dir.glob("*.pot")}
        sources = {p.stem for p in find_sources(project)} if _any_source(project) else set()
        if pots | sources:
            return sorted(pots | sources)
        # a project of catalogs alone (a translator's copy): judged by its catalogs; beside
        # sources or templates, a catalog of neither is skipped with a warning instead
        catalogs = {doc for _code, doc, _path in catalog_files(project)}
        if catalogs:
            return sorted(catalogs)
    if not project.locale_dir.is_dir():
        raise CatalogError(
            "no locale directory: run `reply-i18n extract` first",
            path=project.rel(project.locale_dir),
        )
    names = sorted(p.stem for p in project.locale_dir.glob("*.pot"))
    if not names:
        raise CatalogError(
            "no templates: run `reply-i18n extract` first", path=project.rel(project.locale_dir)
        )
    return names


def _unconverted(project: Project) -> None:
    """Warn about every file of source/ in a format no reader takes but a converter does
    (``.doc``, ``.rtf``, ``.odt``…): left out of a scan, it must not be left out unseen."""
    from reply_i18n.source.read import CONVERTIBLE, unsupported

    if not project.source_dir.is_dir():
        return
    for path in sorted(project.source_dir.iterdir()):
        if path.suffix.lower() in CONVERTIBLE and not path.name.startswith((".", "~$")):
            warn(f"{project.rel(path)}: skipped: {unsupported(path.suffix)}")


def _any_source(project: Project) -> bool:
    if not project.source_dir.is_dir():
        return False
    return any(p.suffix.lower() in SOURCE_SUFFIXES for p in project.source_dir.iterdir())


@app.command(context_settings=CONTEXT)
@reports_errors
def init(
    locale: Annotated[
        str, typer.Option("--locale", "-l", metavar="LANG", help="Locale code (az, ru, ru_RU…).")
    ],
    docs: DocsArgument = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite, keeping a .bak copy.")] = False,
) -> None:
    """Create locale/LANG/LC_MESSAGES/<doc>.po from each template.

    If reply-i18n.toml lists project.locales, LANG is added to it (comments and order kept).
    """
    project = State.project()
    loc = _typed_locale(locale)
    with project_lock(project), staged() as staging:
        plans = []
        for name in _doc_names(project, docs):
            pot = _pot(project, name)
            path = project.po_path(locale, name)
            if path.exists() and not force:
                raise CatalogError(
                    "already exists; use `reply-i18n update`, or --force to "
                    "start over (a backup is kept)",
                    path=project.rel(path),
                )
            plans.append((path, new_translation(pot, loc, locale)))
        backups = []
        for path, cat in plans:
            if path.exists():
                old = path.read_bytes()
                backup = _backup_name(path, old)
                if backup is not None:
                    staging.stage(backup, old)
                    backups.append(backup)
            staging.stage(path, catalog_bytes(cat))
        config_text = _add_locale(project, locale)
        if config_text is not None:
            staging.stage(project.root / CONFIG_NAME, config_text.encode("utf-8"))
    for backup in backups:
        typer.echo(f"{project.rel(backup)}: the previous catalog, kept")
    for path, cat in plans:
        typer.echo(f"{project.rel(path)}: created, {len(cat.messages)} messages")
    if config_text is not None:
        typer.echo(f"{CONFIG_NAME}: added '{locale}' to [project] locales")


def _backup_name(path: Path, data: bytes) -> Path | None:
    """Where ``init --force`` keeps the catalog it replaces (its bytes: ``data``):
    ``<name>.bak``, else the first free ``<name>.bak.N``, so that a second ``--force``
    never overwrites the backup of the first (the only copy of the translations, once the
    first run emptied the catalog); None when a backup already holds these very bytes."""
    for n in itertools.count():
        candidate = path.with_name(f"{path.name}.bak" + (f".{n}" if n else ""))
        if not os.path.lexists(candidate):
            return candidate
        if candidate.is_file() and candidate.read_bytes() == data:
            return None
    raise AssertionError("unreachable")


def _add_locale(project: Project, code: str) -> str | None:
    """The configuration with ``code`` added to ``[project] locales``, if it needs it."""
    if not State.config.locales or code in State.config.locales:
        return None
    try:
        return add_locale(project.root, code)
    except ImportError:  # tomlkit absent: say exactly what to add
        wanted = ", ".join(f'"{c}"' for c in (*State.config.locales, code))
        warn(f"{CONFIG_NAME}: add '{code}' to [project] locales: locales = [{wanted}]")
        return None


#: ``update`` refuses, without ``--force``, to make more than this share of a catalog's
#: translations obsolete in one run: a wrong or truncated source would do that
OBSOLETE_LIMIT = 0.5


@app.command(context_settings=CONTEXT)
@reports_errors
def update(
    locale: LocalesOption = None,
    docs: DocsArgument = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report, write nothing.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if an update would change a file.")
    ] = False,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Merge the existing POT files as they are.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Allow a run to make more than half of a catalog's translations obsolete.",
        ),
    ] = False,
    merge_review: Annotated[
        Path | None,
        typer.Option(
            "--merge-review",
            metavar="FILE",
            help="Bring back a review file written by `check --export-review` (and nothing "
            "else); entries changed in the catalog meanwhile are reported, not overwritten.",
        ),
    ] = None,
    tm: Annotated[
        bool | None,
        typer.Option(
            "--tm/--no-tm",
            help="Fill untranslated entries from the translation memory (default: tm.auto in "
            "reply-i18n.toml, else no).",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Re-extract, then merge every template into its PO files, never losing a translation."""
    project = State.project()
    if merge_review is not None:
        _merge_review(project, given_path(merge_review), dry_run=dry_run or check)
        return
    use_tm = State.config.tm_auto if tm is None else tm
    codes = _locales(locale)
    names = _doc_names(project, docs) if no_extract else None
    report = []
    refused = []
    would_change = False
    with (
        project_lock(project, shared=dry_run or check),
        staged() as staging,
        contextlib.ExitStack() as stack,
    ):
        memory = stack.enter_context(_open_memory(project)) if use_tm else None
        if no_extract:
            templates = {n: _pot(project, n) for n in names or []}
        else:
            templates = {doc.name: pot for _path, pot, doc in _templates(project, docs)}
        _skipped(project, codes, None if docs else list(templates))
        planned: list[tuple[Path, Catalog, Catalog | None]] = []
        for name, pot in templates.items():
            pot_path = project.pot_path(name)
            if not no_extract:  # with --no-extract the template is read, never rewritten
                old_pot = (
                    read_catalog(pot_path, project.rel(pot_path)) if pot_path.exists() else None
                )
                planned.append((pot_path, pot, old_pot))
            for code in codes:
                path = project.po_path(code, name)
                if not path.exists():
                    warn(
                        f"{project.rel(path)}: skipped: no catalog; run `reply-i18n init -l {code}`"
                    )
                    continue
                po = _read_translation(path, project, code)
                merged, stats = merge(po, pot)
                entry = _stats(project.rel(path), code, stats)
                translated = sum(1 for m in po.messages if not m.obsolete and m.has_translation)
                if stats.obsolete and stats.obsolete > OBSOLETE_LIMIT * translated and not force:
                    refused.append((project.rel(path), stats.obsolete, translated, name))
                if memory is not None:
                    merged, entry["tm"] = _pretranslate(merged, memory, code, name)
                planned.append((path, merged, po))
                report.append(entry)
        if refused:
            for shown, going, total, name in refused:
                source = project.source_path(name)
                where = project.rel(source) if source else project.rel(project.pot_path(name))
                info(
                    f"{shown}: would make {going} of its {total} translations obsolete: their "
                    f"segments are not in {where} any more"
                )
            raise GateError(
                "nothing written: more than half of a catalog's translations would become "
                "obsolete at once, which a wrong, truncated or renamed source would cause. "
                "Check the source; if it really changed this much, run `reply-i18n update "
                "--force` (obsolete entries keep their translations, and come back if their "
                "segments return)"
            )
        by_file = {r["file"]: r for r in report}
        for path, cat, old in planned:
            # streamed to the temporary file (or compared with the file, for --dry-run and
            # --check): a catalog of 100,000 entries is never held as bytes
            if dry_run or check:
                changed = not holds_bytes(path, encode_catalog(cat))
            else:
                changed = staging.stage_chunks(path, encode_catalog(cat))
            would_change |= changed
            shown = project.rel(path)
            done = changes(old, cat, same_bytes=not changed)
            entry = by_file.setdefault(
                shown,
                {
                    "file": shown,
                    "locale": "",
                    **dict.fromkeys(("kept", "new", "fuzzy", "obsolete", "revived"), 0),
                    "changed": False,
                },
            )
            entry["changed"] = changed
            entry["changes"] = done.as_dict()
            entry["summary"] = done.describe() or ("header and comments" if changed else "")
    rows = list(by_file.values())
    if output_format is OutputFormat.json:
        typer.echo(json.dumps({"catalogs": rows, "changed": would_change}, indent=2))
    elif not would_change:
        typer.echo("up to date: no catalog or template changes")
    else:
        verb = "would change" if dry_run or check else "updated"
        for r in rows:
            if r["changed"]:
                typer.echo(f"{r['file']}: {r['summary']} ({verb})")
            if "tm" in r:
                typer.echo(_band_line(r["tm"]))
    if check and would_change:
        raise typer.Exit(1)


def _merge_review(project: Project, path: Path, *, dry_run: bool) -> None:
    from reply_i18n.qa.review import merge_review, review_target

    shown = str(path)
    review = read_catalog(path, shown)
    target_rel = review_target(review, path=shown)
    target = project.root / target_rel
    resolved = target.resolve()
    if project.locale_dir.resolve() not in resolved.parents or target.suffix != ".po":
        raise CatalogError(
            f"{target_rel!r} is not a catalog of this project's {project.rel(project.locale_dir)}",
            path=shown,
        )
    with project_lock(project), staged() as staging:
        if not target.exists():
            raise CatalogError(f"no catalog {target_rel}", path=shown)
        catalog = read_catalog(target, project.rel(target))
        theirs = review.header_fields().get("Language", "").strip()
        ours = catalog.header_fields().get("Language", "").strip()
        if theirs and ours and theirs.replace("-", "_") != ours.replace("-", "_"):
            raise CatalogError(
                f"this review file is in {theirs!r}, but {target_rel} is in {ours!r}",
                path=shown,
                line=review.header.line or None,
            )
        merged, result = merge_review(catalog, review)
        if result.applied and not dry_run:
            staging.stage(target, catalog_bytes(merged))
    verb = "would apply" if dry_run else "applied"
    typer.echo(
        f"{project.rel(target)}: {verb} {len(result.applied)}, unchanged {result.unchanged}, "
        f"conflicts {len(result.conflicts)}"
    )
    for c in result.conflicts:
        info(f"{shown}:{c.line}: conflict: {c.segment}: {c.reason}")
    if result.conflicts:
        raise GateError(
            f"{len(result.conflicts)} conflict(s) left as they are in the catalog; "
            "export a new review file for them"
        )


def _open_memory(project: Project) -> contextlib.AbstractContextManager[Any]:
    from reply_i18n.memory.store import open_index

    return open_index(project, source_lang=State.config.source_language, warn=warn)


def _pretranslate(catalog: Catalog, memory: Any, code: str, doc: str) -> tuple[Catalog, Any]:
    from reply_i18n.memory.pretranslate import pretranslate

    result = pretranslate(
        catalog, memory, locale=code, document=doc, min_score=State.config.tm_min_score
    )
    return result.catalog, {"filled": len(result.filled), **result.bands.as_json()}


def _band_line(tm: dict[str, Any]) -> str:
    """``  memory: filled 12; words by match: context 0, 100% 310, …``"""
    words = ", ".join(f"{band} {n}" for band, n in tm["words"].items())
    return f"  translation memory: filled {tm['filled']}; words by match band: {words}"


def _stats(file: str, code: str, stats: MergeStats) -> dict[str, Any]:
    return {"file": file, "locale": code, **stats.as_dict(), "changed": False}


def _read_translation(path: Path, project: Project, code: str) -> Catalog:
    """Read a PO file and check its plural forms against its language."""
    shown = project.rel(path)
    po = read_catalog(path, shown)
    for warning in check_plurals(po, validate_locale(code), path=shown):
        info(f"{shown}: warning: {warning}")
    return po


# --------------------------------------------------------------------------- compile


@app.command(context_settings=CONTEXT)
@reports_errors
def align(
    english: Annotated[
        str,
        typer.Argument(metavar="ENGLISH", help="The English original (.txt, .md, .docx, .pdf)."),
    ],
    translation: Annotated[
        str,
        typer.Argument(metavar="TRANSLATION", help="Its published translation, same formats."),
    ],
    locale: Annotated[
        str, typer.Option("--locale", "-l", metavar="LANG", help="Language of the translation.")
    ],
    out: Annotated[
        str | None,
        typer.Option(
            "--out", "-o", help="TMX file to write (default: tm/<translation>.<locale>.tmx)."
        ),
    ] = None,
    review: Annotated[
        str | None,
        typer.Option(
            "--review", help="Review page to write (default: beside the TMX, .review.html)."
        ),
    ] = None,
    fill: Annotated[
        bool,
        typer.Option("--fill", help="Also fill the English document's catalog, as fuzzy entries."),
    ] = False,
) -> None:
    """Align a legacy translation with its English original into a translation memory."""
    from reply_i18n.memory.align import align as align_paragraphs
    from reply_i18n.memory.align import paragraphs
    from reply_i18n.memory.legacy import fill_catalog, pairs_for_tmx
    from reply_i18n.memory.review import render_review
    from reply_i18n.memory.tmx import write_tmx

    project = State.project()
    _typed_locale(locale)
    code = locale.replace("_", "-")
    en_path, tr_path = given_path(english), given_path(translation)
    en_doc = read_document(en_path, project.rel(en_path), State.templates())
    tr_doc = read_document(tr_path, project.rel(tr_path))
    source, target = paragraphs(en_doc), paragraphs(tr_doc)
    pairs = align_paragraphs(
        source, target, source_lang=State.config.source_language, target_lang=code
    )
    # legacy.ru.txt gives tm/legacy.ru.tmx, not tm/legacy.ru.ru.tmx
    stem = tr_path.stem
    stem = stem if stem.lower().endswith(f".{code.lower()}") else f"{stem}.{code}"
    tmx_path = project.root / (out or f"tm/{stem}.tmx")
    review_path = project.root / (review or str(tmx_path.with_suffix(".review.html")))
    tmx = write_tmx(
        pairs_for_tmx(pairs, source, target),
        source_lang=State.config.source_language,
        target_lang=code,
        tool_version=__version__,
    )
    page = render_review(
        pairs,
        source,
        target,
        source_name=project.rel(en_path),
        target_name=project.rel(tr_path),
        source_lang=State.config.source_language,
        target_lang=code,
    )
    with project_lock(project), staged() as staging:
        filled = 0
        if fill:
            po_path = project.po_path(locale, en_doc.name)
            catalog = _read_translation(po_path, project, locale)
            catalog, filled = fill_catalog(
                catalog, pairs, source, target, origin=project.rel(tr_path)
            )
        staging.stage(tmx_path, tmx)
        staging.stage(review_path, page.encode("utf-8"))
        if fill:
            staging.stage(po_path, catalog_bytes(catalog))
    low = sum(1 for p in pairs if p.source and p.target and p.confidence < 0.5)
    alone = sum(1 for p in pairs if not p.source or not p.target)
    typer.echo(
        f"{project.rel(tmx_path)}: {len(pairs)} pairs, {low} of low confidence, "
        f"{alone} paragraphs without a counterpart; review: {project.rel(review_path)}"
    )
    if fill:
        shown = project.rel(project.po_path(locale, en_doc.name))
        typer.echo(f"{shown}: filled {filled} entries (fuzzy)")


@app.command("compile", context_settings=CONTEXT)
@reports_errors
def compile_(
    locale: LocalesOption = None,
    use_fuzzy: Annotated[bool, typer.Option("--use-fuzzy", help="Include fuzzy entries.")] = False,
) -> None:
    """Write .mo files next to the PO files (fuzzy entries left out unless --use-fuzzy)."""
    from reply_i18n.po.mo import compile_mo

    project = State.project()
    done = []
    with project_lock(project), staged() as staging:
        for code in _locales(locale):
            for po_path in sorted((project.locale_dir / code / "LC_MESSAGES").glob("*.po")):
                po = _read_translation(po_path, project, code)
                try:
                    data = compile_mo(po, use_fuzzy=use_fuzzy)
                except CatalogError as exc:  # a header no .mo reader could use
                    raise CatalogError(
                        exc.message, path=project.rel(po_path), line=exc.line
                    ) from None
                mo_path = po_path.with_suffix(".mo")
                done.append((mo_path, staging.stage(mo_path, data)))
    for mo_path, changed in done:
        typer.echo(f"{project.rel(mo_path)}: {'written' if changed else 'unchanged'}")


# --------------------------------------------------------------------------- check


def _disabled(values: list[str] | None) -> list[str] | None:
    """``--disable``: an unknown check name is a usage error (exit 2); names may also be
    given comma-separated (``--disable quotes,capitals``), as ``--format`` takes them."""
    values = [n.strip().lower() for v in values or [] for n in v.split(",") if n.strip()] or values
    for name in values or []:
        if name == "stale":
            raise typer.BadParameter(
                "'stale' cannot be disabled: a catalog out of step with its source would "
                "publish text that is not the reply's; run `reply-i18n update`"
            )
        if name not in CHECK_NAMES:
            raise typer.BadParameter(
                f"unknown check '{name}': choose from {', '.join(CHECK_NAMES)}"
            )
    return values


@app.command(context_settings=CONTEXT)
@reports_errors
def check(
    docs: DocsArgument = None,
    locale: LocalesOption = None,
    min_percent: Annotated[
        float | None,
        typer.Option(
            "--min",
            min=0,
            max=100,
            metavar="PERCENT",
            help="Minimum % of translated segments, 0 to 100 (default from reply-i18n.toml, "
            "else 100).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (default: reply-i18n.toml).")
    ] = False,
    lenient: Annotated[
        bool, typer.Option("--no-strict", help="Only errors fail, whatever reply-i18n.toml says.")
    ] = False,
    by: Annotated[
        GroupBy,
        typer.Option(
            "--by",
            metavar="document|part|question|tm|reviewer",
            help="Break coverage down further, or show the words per translation-memory match "
            "band (tm) or the words revised per reviser (reviewer).",
        ),
    ] = GroupBy.document,
    require: Annotated[
        Required | None,
        typer.Option(
            "--require",
            metavar="revised|approved",
            help="Fail until every entry has been revised (or approved), by the revision trail.",
        ),
    ] = None,
    disable: Annotated[
        list[str] | None,
        typer.Option(
            "--disable",
            metavar="CHECK",
            callback=_disabled,
            help=f"Switch a check off (repeatable): {', '.join(CHECK_NAMES)}.",
        ),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all", help="List every segment still to do (the text output shows 10 per catalog)."
        ),
    ] = False,
    export_review: Annotated[
        Path | None,
        typer.Option(
            "--export-review",
            metavar="DIR",
            help="Also write DIR/<doc>.<locale>.po holding only the entries that need work; "
            "bring it back with `update --merge-review`.",
        ),
    ] = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            metavar="text|json|html",
            help="Output: text for people, json for programs, html with a coverage picture.",
        ),
    ] = CheckFormat.text,
) -> None:
    """Report coverage, the segments still to do, and quality findings against the sources.

    Exit 1 below the threshold, on errors, or when a catalog is stale (behind its source).
    """
    from reply_i18n.qa.report import run_checks

    if strict and lenient:
        raise typer.BadParameter(
            "--strict and --no-strict exclude each other", param_hint="--no-strict"
        )
    project = State.project()
    cfg = State.config
    names = _doc_names(project, docs, with_sources=True)
    if not docs:
        _unconverted(project)
    codes = _locales(locale)
    _skipped(project, codes, None if docs else names)
    report = run_checks(
        project,
        docs=names,
        locales=codes,
        threshold=cfg.min_percent if min_percent is None else min_percent,
        strict=strict or (cfg.strict and not lenient),
        by=by.value if by in (GroupBy.part, GroupBy.question) else GroupBy.document.value,
        disabled=[*cfg.disable, *(disable or [])],
        glossary=project.root / cfg.glossary,
        progress=progress,
        templates=State.templates(),
        on_error=lambda error: typer.echo(f"reply-i18n: error: {error}", err=True),
    )
    if require is not None:
        report.findings.extend(_revision_findings(project, codes, names, require.value))
    extra: dict[str, Any] = {}
    if by is GroupBy.tm:
        extra["tm"] = _tm_statistics(project, codes, names)
    elif by is GroupBy.reviewer:
        extra["reviewers"] = _reviewer_statistics(project, codes, names)
    if export_review is not None:
        _export_review(project, given_path(export_review), codes, names)
    if output_format is CheckFormat.json:
        typer.echo(json.dumps({**report.as_dict(), **extra}, ensure_ascii=False, indent=2))
    elif output_format is CheckFormat.html:
        typer.echo(_coverage_page(project, report.as_text(), report.passed, docs, locale), nl=False)
    else:
        text = report.as_text(color=color(), width=table_width(), limit=0 if show_all else 10)
        typer.echo(text, nl=False, color=color())
        for line in _extra_lines(extra):
            typer.echo(line)
    if not report.passed:
        raise typer.Exit(1)


def _coverage_page(
    project: Project, text: str, passed: bool, docs: list[str] | None, locale: list[str] | None
) -> str:
    """``check --format html``: the coverage picture, its figures and the text report."""
    from reply_i18n.publish.coverage import coverage_grid
    from reply_i18n.publish.render.coverage import html_page

    codes = _locales(locale)
    documents = []
    for name in _doc_names(project, docs):
        source = project.source_path(name)
        if source is None:
            continue
        doc = read_document(source, project.rel(source))
        catalogs = {
            c: read_catalog(p, project.rel(p)) if (p := project.po_path(c, name)).exists() else None
            for c in codes
        }
        documents.append((doc, catalogs))
    grid = coverage_grid(documents, codes)
    return html_page(grid, title="Translation coverage", report=text, passed=passed)


def _catalogs(
    project: Project, codes: list[str], names: list[str]
) -> Iterator[tuple[str, str, Path]]:
    for code in codes:
        for name in names:
            path = project.po_path(code, name)
            if path.exists():
                yield code, name, path


def _revision_findings(
    project: Project, codes: list[str], names: list[str], required: str
) -> list[Any]:
    from reply_i18n.exchange.trail import state_of, unrevised
    from reply_i18n.qa.checks import ERROR, Finding

    findings = []
    for code, _name, path in _catalogs(project, codes, names):
        shown = project.rel(path)
        for msg in unrevised(read_catalog(path, shown), required):
            findings.append(
                Finding(
                    "revision",
                    ERROR,
                    code,
                    msg.msgctxt or "",
                    shown,
                    msg.line,
                    f"not {required} yet ({state_of(msg)}); see `reply-i18n review export`",
                )
            )
    return findings


def _tm_statistics(project: Project, codes: list[str], names: list[str]) -> list[dict[str, Any]]:
    from reply_i18n.memory.pretranslate import match_statistics

    out = []
    with _open_memory(project) as memory:
        for code, name, path in _catalogs(project, codes, names):
            shown = project.rel(path)
            bands = match_statistics(
                read_catalog(path, shown),
                memory,
                locale=code,
                document=name,
                origin=shown,
                min_score=State.config.tm_min_score,
            )
            out.append({"locale": code, "document": name, "file": shown, **bands.as_json()})
    return out


def _reviewer_statistics(
    project: Project, codes: list[str], names: list[str]
) -> list[dict[str, Any]]:
    from reply_i18n.exchange.trail import reviewer_words

    out = []
    for code, name, path in _catalogs(project, codes, names):
        shown = project.rel(path)
        for who, (segments, words) in reviewer_words(read_catalog(path, shown)).items():
            out.append(
                {
                    "locale": code,
                    "document": name,
                    "reviewer": who,
                    "segments": segments,
                    "words": words,
                }
            )
    return out


def _extra_lines(extra: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for row in extra.get("tm", []):
        bands = ", ".join(f"{band} {n}" for band, n in row["words"].items())
        lines.append(f"{row['file']}: words still to do by match band: {bands}")
    if "reviewers" in extra:
        if not extra["reviewers"]:
            lines.append("no entry has been revised yet")
        for row in extra["reviewers"]:
            lines.append(
                f"{row['locale']}/{row['document']}: {row['reviewer']}: "
                f"{row['segments']} segment(s), {row['words']} word(s) revised"
            )
    return lines


def _export_review(project: Project, folder: Path, codes: list[str], names: list[str]) -> None:
    from reply_i18n.qa.review import export_review

    written = []
    with project_lock(project), staged() as staging:
        for code in codes:
            for name in names:
                path = project.po_path(code, name)
                if not path.exists():
                    continue
                review = export_review(
                    read_catalog(path, project.rel(path)), catalog_path=project.rel(path)
                )
                if review is None:
                    continue
                out = folder / f"{name}.{code}.po"
                staging.stage(out, catalog_bytes(review))
                written.append((out, len(review.messages)))
    for out, n in written:
        info(f"{out}: {n} entries to review")
    if not written:
        info("nothing to review: every entry is translated")


# --------------------------------------------------------------------------- build


@app.command(context_settings=CONTEXT)
@reports_errors
def build(
    docs: DocsArgument = None,
    locale: LocalesOption = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT[,FORMAT…]",
            help=f"Formats to write, comma-separated: {', '.join(FORMATS)} (default from "
            "reply-i18n.toml, else all).",
        ),
    ] = None,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            "--allow-incomplete",
            help="Build below the threshold, showing missing text in English, marked.",
        ),
    ] = False,
    skip_incomplete: Annotated[
        bool,
        typer.Option(
            "--skip-incomplete",
            help="Build the complete locales only, and say which were skipped.",
        ),
    ] = False,
    min_percent: Annotated[
        float | None,
        typer.Option(
            "--min",
            min=0,
            max=100,
            metavar="PERCENT",
            help="Threshold in %, 0 to 100 (default from reply-i18n.toml, else 100).",
        ),
    ] = None,
) -> None:
    """Write aligned and monolingual editions of each document to build/<doc>/.

    A locale is built when `check` would pass its coverage: threshold reached, catalog in step.
    """
    from reply_i18n.publish.coverage import coverage_grid
    from reply_i18n.publish.editions import plan_editions, render_outputs
    from reply_i18n.publish.render.coverage import svg
    from reply_i18n.qa.report import todo_lines
    from reply_i18n.qa.stale import STALE, gaps, nfc_catalog, nfc_document

    project = State.project()
    cfg = State.config
    given = ",".join(cfg.formats) if formats is None else formats
    fmts = [f.strip() for f in given.split(",") if f.strip()]
    unknown = [f for f in fmts if f not in FORMATS]
    if unknown:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown)}: choose from {', '.join(FORMATS)}",
            param_hint="--format",
        )
    if not fmts:  # `--format ''` is a mistake, not a way to say "all"
        raise typer.BadParameter(
            f"no format given: choose from {', '.join(FORMATS)}", param_hint="--format"
        )
    if allow_incomplete and skip_incomplete:
        raise typer.BadParameter(
            "--allow-incomplete and --skip-incomplete exclude each other",
            param_hint="--skip-incomplete",
        )
    codes = _locales(locale)
    _check_editions(codes)
    if cfg.editions and not locale:
        # a locale no edition shows is neither built nor waited for
        shown_in = {lang for edition in cfg.editions for lang in edition}
        for code in codes:
            if code not in shown_in:
                warn(f"{code}: in no edition of [build] editions in {CONFIG_NAME}: not built")
        codes = [code for code in codes if code in shown_in]
    threshold = cfg.min_percent if min_percent is None else min_percent
    with project_lock(project):
        documents = _documents(project, docs)
        _skipped(project, codes, None if docs else [d.name for _p, d in documents])
        plans = []
        pictures = []
        incomplete: list[tuple[str, str, float | None, list[Any]]] = []
        for _path, doc in documents:
            catalogs = {}
            for code in codes:
                po_path = project.po_path(code, doc.name)
                if po_path.exists():
                    catalogs[code] = _read_translation(po_path, project, code)
            grid = coverage_grid([(doc, dict(catalogs))], codes)
            pictures.append((doc.name, svg(grid, title=f"Translation coverage of {doc.name}")))
            complete = []
            for code in codes:
                shown = project.rel(project.po_path(code, doc.name))
                found = gaps(doc, catalogs.get(code), po_file=shown)
                total = len(doc.translatable())
                percent = 100.0 * (total - len(found)) / total if total else 100.0
                if (
                    code not in catalogs
                    or percent < threshold
                    or any(g.state == STALE for g in found)
                ):
                    # None: no catalog at all, never counted as complete
                    incomplete.append(
                        (doc.name, code, percent if code in catalogs else None, found)
                    )
                else:
                    complete.append(code)
            targets = complete if skip_incomplete else codes
            if not targets:
                continue
            stamp = _build_stamp(doc, catalogs)
            # the editions compare text as the gate does, in NFC (the form the web and
            # Word expect), so canonically equal text is never shown as out of date
            normal = {code: nfc_catalog(cat) for code, cat in catalogs.items()}
            plans.append(plan_editions(nfc_document(doc), normal, targets, cfg, stamp=stamp))
        for name, code, share, found in incomplete:
            why = "no catalog" if share is None else f"{share:.1f}% translated"
            stale = sum(1 for g in found if g.state == STALE)
            if stale:
                why += f", {stale} stale (run `reply-i18n update`)"
            head = f"{name}: {code} is incomplete ({why}; threshold {threshold:g}%)"
            if skip_incomplete:
                warn(f"{head}: skipped, with every edition that includes it")
                continue
            info(head + "; segments to do:")
            for line in todo_lines(found, limit=10):
                info(line)
        if incomplete and not allow_incomplete and not skip_incomplete:
            raise GateError(
                "nothing built: translations are incomplete (use --allow-incomplete to build "
                "anyway, or --skip-incomplete to build the complete locales)"
            )
        outputs = [o for p in plans for o in p.outputs(fmts)]
        if not outputs:
            raise GateError("nothing built: no locale is complete")
        written = 0
        rendered = render_outputs(outputs)
        with staged() as staging, progress(outputs, "rendering") as items:
            for out in items:
                target = project.build_dir / out.edition.document / out.filename
                if staging.stage(target, next(rendered)):
                    written += 1
            for name, picture in pictures:  # the coverage picture of each document
                target = project.build_dir / name / "coverage.svg"
                written += staging.stage(target, picture.encode("utf-8"))
    for out in outputs:
        typer.echo(project.rel(project.build_dir / out.edition.document / out.filename))
    for name, _picture in pictures:
        typer.echo(project.rel(project.build_dir / name / "coverage.svg"))
    total = len(outputs) + len(pictures)
    info(f"{total} file(s), {written} written, {total - written} unchanged")


def _check_editions(codes: list[str]) -> None:
    """An edition naming a locale that is neither configured nor present is an error."""
    cfg = State.config
    known = {cfg.source_language, *(cfg.locales or State.project().locales()), *codes}
    for n, edition in enumerate(cfg.editions):
        for lang in edition:
            if lang not in known:
                raise cfg.error(
                    "build.editions",
                    f'build.editions names "{lang}", which is not a configured locale; add it '
                    "to [project] locales or remove the edition",
                    item=n,
                )


def _build_stamp(doc: Document, catalogs: dict[str, Catalog]) -> datetime.datetime:
    """SOURCE_DATE_EPOCH, else the newest revision date of the inputs, else the document's date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    stamps = [d for cat in catalogs.values() if (d := header_date(cat, "PO-Revision-Date"))]
    if stamps:
        return max(stamps).astimezone(datetime.UTC)
    dated = next((s.date for s in doc.segments if s.kind == "date" and s.date), None)
    if dated is not None:
        return datetime.datetime(dated.year, dated.month, dated.day, tzinfo=datetime.UTC)
    return datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


# --------------------------------------------------------------------------- review, xliff

review_app = typer.Typer(
    help="A bilingual Word table for a reviser, out and back.",
    context_settings=CONTEXT,
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")
xliff_app = typer.Typer(
    help="XLIFF 2.1 (or 1.2) for CAT tools, out and back.",
    context_settings=CONTEXT,
    no_args_is_help=True,
)
app.add_typer(xliff_app, name="xliff")

OnlyOption = Annotated[
    str,
    typer.Option(
        "--only",
        help="Entries to include: all, or a comma-separated list of untranslated, fuzzy, "
        "translated, revised, approved.",
    ),
]


def _only(value: str) -> frozenset[str] | None:
    from reply_i18n.exchange.review import STATES

    states = {v.strip() for v in value.split(",") if v.strip()}
    if states == {"all"}:
        return None
    unknown = states - set(STATES)
    if unknown or not states:
        raise typer.BadParameter(
            f"unknown state(s) {', '.join(sorted(unknown)) or '(none)'}; "
            f"use all or {', '.join(STATES)}",
            param_hint="--only",
        )
    return frozenset(states)


def _one_document(project: Project, doc: str | None) -> tuple[Path, Document]:
    found = _documents(project, [doc] if doc else None)
    if len(found) != 1:
        raise ConfigError(
            "the project has several documents: name the one to export", path=State.root
        )
    return found[0]


def _who(given: str | None, fallback: str) -> str:
    who = (given or fallback).strip()
    if not who or who == "reply-i18n":
        raise ConfigError("say who revised the translations: --who NAME")
    return who


def _apply_returned(
    project: Project,
    document: str,
    locale: str,
    units: Any,
    states: Any,
    who: str,
    *,
    returned_path: str,
    revising: bool,
) -> None:
    from reply_i18n.exchange.apply import apply_returned

    path = project.po_path(locale, document)
    shown = project.rel(path)
    with project_lock(project):
        catalog = _read_translation(path, project, locale)
        new, outcome = apply_returned(
            catalog,
            units,
            exported_states=states,
            who=who,
            date=_now().date(),
            path=shown,
            returned_path=returned_path,
            revising=revising,
        )
        if not outcome.nothing:
            atomic_write(path, catalog_bytes(new))
    typer.echo(
        f"{shown}: {len(outcome.changed)} translation(s) changed, {len(outcome.commented)} "
        f"commented, {len(outcome.revised)} revised or approved, {len(outcome.states)} "
        f"confirmed or sent back, {len(outcome.conflicts)} conflict(s)"
    )
    for ident in outcome.conflicts:
        typer.echo(
            f"{shown}: {ident}: conflict: the entry changed since the export; the returned "
            "translation is kept as a 'review conflict' comment and the entry is fuzzy",
            err=True,
        )
    if outcome.conflicts:  # the rest is applied; the gate fails, as update --merge-review's
        raise GateError(
            f"{len(outcome.conflicts)} conflict(s) to settle in {shown}: the entries are fuzzy, "
            "with the returned translation in a 'review conflict' comment"
        )


@review_app.command("export", context_settings=CONTEXT)
@reports_errors
def review_export(
    locale: Annotated[
        str, typer.Option("--locale", "-l", metavar="LANG", help="Locale to review.")
    ],
    doc: Annotated[
        str | None, typer.Argument(metavar="DOC", help="Document (default: the only one).")
    ] = None,
    only: OnlyOption = "all",
    out: Annotated[
        str | None,
        typer.Option(
            "--out", "-o", help="DOCX to write (default: build/review/<doc>.<locale>.docx)."
        ),
    ] = None,
) -> None:
    """Write a bilingual review table (DOCX) of one document's translations."""
    from reply_i18n.exchange.review import export_review

    states = _only(only)
    project = State.project()
    _typed_locale(locale)
    _path, document = _one_document(project, doc)
    catalog = _read_translation(project.po_path(locale, document.name), project, locale)
    data = export_review(
        document,
        catalog,
        locale=locale,
        only=states,
        stamp=_build_stamp(document, {locale: catalog}),
    )
    target = (
        given_path(out) if out else project.build_dir / "review" / f"{document.name}.{locale}.docx"
    )
    atomic_write(target, data)
    typer.echo(f"{project.rel(target)}: written")


@review_app.command("import", context_settings=CONTEXT)
@reports_errors
def review_import(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The review DOCX, as the reviser returned it.")
    ],
    who: Annotated[
        str | None,
        typer.Option("--who", help="The reviser's name (default: the document's last author)."),
    ] = None,
    locale: Annotated[
        str | None,
        typer.Option("--locale", "-l", metavar="LANG", help="Refuse a file for another locale."),
    ] = None,
) -> None:
    """Apply a reviser's edits, comments and approvals to the PO file, conflicts kept apart."""
    from reply_i18n.exchange.review import read_review

    project = State.project()
    path = given_path(file)
    returned = read_review(read_bytes(path, kind=ConfigError), path=project.rel(path))
    if locale and returned.locale != locale:
        raise ConfigError(
            f"this review is for locale {returned.locale!r}, not {locale!r}", path=project.rel(path)
        )
    if project.source_path(returned.document) is None:
        raise ConfigError(
            f"this review is for document {returned.document!r}, which the project does not have",
            path=project.rel(path),
        )
    if returned.pending_changes:
        info(
            f"{project.rel(path)}: {returned.pending_changes} row(s) have tracked changes not yet "
            "accepted or rejected; they are read as accepted"
        )
    _apply_returned(
        project,
        returned.document,
        returned.locale,
        returned.units,
        returned.exported_states,
        _who(who, returned.last_modified_by),
        returned_path=project.rel(path),
        revising=True,
    )


class XliffVersion(enum.Enum):
    """The XLIFF versions ``xliff export`` writes."""

    v21 = "2.1"
    v20 = "2.0"
    v12 = "1.2"


@xliff_app.command("export", context_settings=CONTEXT)
@reports_errors
def xliff_export(
    locale: Annotated[str, typer.Option("--locale", "-l", metavar="LANG", help="Target locale.")],
    docs: DocsArgument = None,
    version: Annotated[
        XliffVersion,
        typer.Option("--xliff-version", metavar="2.1|2.0|1.2", help="XLIFF version."),
    ] = XliffVersion.v21,
    only: OnlyOption = "all",
    out_dir: Annotated[
        str | None, typer.Option("--out-dir", help="Folder to write to (default: build/xliff).")
    ] = None,
) -> None:
    """Write one XLIFF file per document for a CAT tool."""
    from reply_i18n.exchange.xliff import export_xliff

    states = _only(only)
    project = State.project()
    _typed_locale(locale)
    folder = given_path(out_dir) if out_dir else project.build_dir / "xliff"
    written = []
    # one file per document, moved into place together: a bad catalog writes none
    with project_lock(project), staged() as staging:
        for name in _doc_names(project, docs):
            catalog = _read_translation(project.po_path(locale, name), project, locale)
            data = export_xliff(
                catalog,
                document=name,
                source_lang=State.config.source_language,
                target_lang=locale.replace("_", "-"),
                version=version.value,
                only=states,
            )
            target = folder / f"{name}.{locale}.xlf"
            staging.stage(target, data)
            written.append(target)
    for target in written:
        typer.echo(f"{project.rel(target)}: written")


@xliff_app.command("import", context_settings=CONTEXT)
@reports_errors
def xliff_import(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The XLIFF file, as the CAT tool returned it.")
    ],
    who: Annotated[
        str | None, typer.Option("--who", help="Who translated or revised (for the trail).")
    ] = None,
) -> None:
    """Apply translations and states from an XLIFF file to the PO file, conflicts kept apart."""
    from reply_i18n.exchange.xliff import read_xliff

    project = State.project()
    path = given_path(file)
    returned = read_xliff(read_bytes(path, kind=ConfigError), path=project.rel(path))
    locale = returned.target_lang.replace("-", "_")
    if not project.po_path(locale, returned.document).exists():
        raise ConfigError(
            f"no catalog for document {returned.document!r} in locale {locale!r}",
            path=project.rel(path),
        )
    _apply_returned(
        project,
        returned.document,
        locale,
        returned.units,
        returned.exported_states,
        (who or "translator").strip(),
        returned_path=project.rel(path),
        revising=False,
    )


# --------------------------------------------------------------------------- glossary

glossary_app = typer.Typer(
    help="Exchange the glossary with CAT tools as TBX-Basic.",
    context_settings=CONTEXT,
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")


def _glossary_path(project: Project) -> Path:
    return project.root / State.config.glossary


def _glossary_text(project: Project, path: Path) -> str:
    return read_text(path, project.rel(path), what="glossary")


@glossary_app.command("export", context_settings=CONTEXT)
@reports_errors
def glossary_export(
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", help="TBX file to write (default: build/glossary.tbx)."),
    ] = None,
) -> None:
    """Write the glossary as a TBX-Basic termbase."""
    from reply_i18n.memory.tbx import read_glossary_entries, write_tbx

    project = State.project()
    path = _glossary_path(project)
    text = _glossary_text(project, path)
    entries, _columns = read_glossary_entries(text, path=project.rel(path))
    target = given_path(out) if out else project.build_dir / "glossary.tbx"
    atomic_write(target, write_tbx(entries, source_lang=State.config.source_language))
    typer.echo(f"{project.rel(target)}: {len(entries)} entries")


@glossary_app.command("import", context_settings=CONTEXT)
@reports_errors
def glossary_import(
    tbx: Annotated[
        str, typer.Argument(metavar="TBX", help="A TBX file (TBX-Basic, from a CAT tool).")
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report, write nothing.")] = False,
) -> None:
    """Merge a TBX termbase into the glossary, matching entries by their English term."""
    from reply_i18n.memory.tbx import merge_into_csv, read_tbx

    project = State.project()
    path = _glossary_path(project)
    tbx_path = given_path(tbx)
    entries = read_tbx(read_bytes(tbx_path, kind=ConfigError), path=project.rel(tbx_path))
    text = _glossary_text(project, path) if path.exists() else "en\n"
    merged, updated, added = merge_into_csv(text, entries, path=project.rel(path))
    if not dry_run:
        with project_lock(project):
            atomic_write(path, merged.encode("utf-8"))
    verb = "would update" if dry_run else "updated"
    typer.echo(f"{project.rel(path)}: {verb} {updated} entries, added {added}")


_SIGNALLED: list[int] = []


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM (a CI runner's cancel, ``kill``) and Ctrl-C: leave through every ``finally``,
    so that staged files are removed, workers stopped and the lock let go.  The signal is
    recorded, because a clean-up interrupted half-way (a ZIP file being closed, say) may
    raise an error of its own that replaces the exit; :func:`main` still exits 128 + N."""
    _SIGNALLED.append(signum)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the console script and of ``python -m reply_i18n``.

    Exit status: 0 success, 1 an error or failed gate, 2 a usage error, 128 + N when
    stopped by signal N (130 for Ctrl-C, 143 for SIGTERM), as shells report it."""
    signal.signal(signal.SIGTERM, _terminated)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _terminated)
    try:
        app()
    except BaseException:
        if _SIGNALLED:
            raise SystemExit(128 + _SIGNALLED[0]) from None
        raise
