"""The ``reply-i18n`` command line: a thin layer over the library.

Each command reads its inputs, calls the library, writes, and reports.  Every
:class:`~reply_i18n.errors.ReplyI18nError` is turned into a one-line message and exit
code 1 by :func:`reports_errors`; usage errors exit with 2 (Typer's convention).
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from reply_i18n import __version__
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
from reply_i18n.config import Config, load_config
from reply_i18n.errors import CatalogError, ConfigError, GateError, ReplyI18nError
from reply_i18n.files import (
    Project,
    atomic_write,
    find_sources,
    project_lock,
    read_catalog,
    read_document,
    source_date_epoch,
    write_catalog,
)
from reply_i18n.model import Document
from reply_i18n.po.pofile import Catalog, format_catalog
from reply_i18n.publish.render import MODULES
from reply_i18n.qa.coverage import count_words
from reply_i18n.source.outline import document_json, outline_text

CONTEXT = {"help_option_names": ["-h", "--help"]}


class OutputFormat(enum.StrEnum):
    """``--format`` of the reporting commands: a table for people, JSON for programs."""

    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="Output: text for people, json for programs.")
]


class CheckFormat(enum.StrEnum):
    """``check --format``: also a page with the coverage picture."""

    text = "text"
    json = "json"
    html = "html"


app = typer.Typer(
    name="reply-i18n",
    help="Publish a questionnaire reply in several languages, the gettext way.\n\n"
    "Exit codes: 0 success; 1 an error, or a gate that failed; 2 a usage error.",
    context_settings=CONTEXT,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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
    config: Config = Config()

    @classmethod
    def project(cls) -> Project:
        root = cls.root
        return Project(
            root=root,
            source_dir=root / cls.config.source_dir,
            locale_dir=root / cls.config.locale_dir,
            build_dir=root / cls.config.build_dir,
        )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reply-i18n {__version__}")
        raise typer.Exit()


@app.callback()
@reports_errors
def _main(
    directory: Annotated[
        Path, typer.Option("--directory", "-C", help="Project directory.", file_okay=False)
    ] = Path("."),
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    State.root = directory
    State.config = load_config(directory)


def info(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def progress(items: list[T], label: str) -> Iterator[Iterable[T]]:
    """A progress bar on a terminal for long runs; the plain items otherwise."""
    if len(items) > 3 and sys.stderr.isatty():
        with typer.progressbar(items, label=label, file=sys.stderr) as bar:
            yield bar
    else:
        yield items


def _now() -> datetime.datetime:
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    return datetime.datetime.now(tz=datetime.UTC).replace(second=0, microsecond=0)


def _documents(project: Project, names: list[str] | None) -> list[tuple[Path, Document]]:
    out = []
    with progress(find_sources(project, names), "parsing") as paths:
        for path in paths:
            shown = project.rel(path)
            doc = read_document(path, shown)
            for w in doc.warnings:
                info(f"{shown}:{w.line}: warning: {w.message}")
            out.append((path, doc))
    return out


# --------------------------------------------------------------------------- extract


@app.command(context_settings=CONTEXT)
@reports_errors
def extract(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Source files or document names (default: every document in source/)."),
    ] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Parse the English sources and write one POT template per document to locale/."""
    project = State.project()
    summary = []
    with project_lock(project):
        # everything is computed first, so that an error writes nothing
        planned = _templates(project, sources)
        for pot_path, pot, doc in planned:
            changed = write_catalog(pot_path, pot)
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
        pot = template(doc, created=_now(), source_path=source_ref)
        if pot_path.exists() and source_date_epoch() is None:
            old = read_catalog(pot_path, project.rel(pot_path))
            if same_content(old, pot):
                pot = template(doc, created=_created(old), source_path=source_ref)
        out.append((pot_path, pot, doc))
    return out


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
    source: Annotated[str, typer.Argument(help="Source file or document name.")],
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
    codes = list(requested or State.config.locales or State.project().locales())
    if not codes:
        raise ConfigError("no locale given: use --locale, or list locales in reply-i18n.toml")
    for code in codes:
        validate_locale(code)
    return codes


def _pot(project: Project, doc: str) -> Catalog:
    path = project.pot_path(doc)
    if not path.exists():
        raise CatalogError("no template: run `reply-i18n extract` first", path=project.rel(path))
    return read_catalog(path, project.rel(path))


def _doc_names(project: Project, docs: list[str] | None) -> list[str]:
    if docs:
        return [Path(d).stem for d in docs]
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


@app.command(context_settings=CONTEXT)
@reports_errors
def init(
    locale: Annotated[str, typer.Option("--locale", "-l", help="Locale code (az, ru, ru_RU…).")],
    docs: Annotated[list[str] | None, typer.Argument(help="Documents (default: all).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite, keeping a .bak copy.")] = False,
) -> None:
    """Create locale/LANG/LC_MESSAGES/<doc>.po from each template."""
    project = State.project()
    loc = validate_locale(locale)
    with project_lock(project):
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
        for path, cat in plans:
            if path.exists():
                atomic_write(path.with_name(path.name + ".bak"), path.read_bytes())
            write_catalog(path, cat)
            typer.echo(f"{project.rel(path)}: created, {len(cat.messages)} messages")


@app.command(context_settings=CONTEXT)
@reports_errors
def update(
    locale: Annotated[
        list[str] | None, typer.Option("--locale", "-l", help="Locales (default: all).")
    ] = None,
    docs: Annotated[list[str] | None, typer.Argument(help="Documents (default: all).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report, write nothing.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if an update would change a file.")
    ] = False,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Merge the existing POT files as they are.")
    ] = False,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Re-extract, then merge every template into its PO files, never losing a translation."""
    project = State.project()
    codes = _locales(locale)
    names = _doc_names(project, docs) if no_extract else None
    report = []
    would_change = False
    with project_lock(project):
        if no_extract:
            templates = {n: _pot(project, n) for n in names or []}
        else:
            templates = {doc.name: pot for _path, pot, doc in _templates(project, docs)}
        planned: list[tuple[Path, Catalog]] = []
        for name, pot in templates.items():
            planned.append((project.pot_path(name), pot))
            for code in codes:
                path = project.po_path(code, name)
                if not path.exists():
                    info(f"{project.rel(path)}: missing; run `reply-i18n init -l {code}`")
                    continue
                po = _read_translation(path, project, code)
                merged, stats = merge(po, pot)
                planned.append((path, merged))
                report.append(_stats(project.rel(path), code, stats))
        by_file = {r["file"]: r for r in report}
        for path, cat in planned:
            data = format_catalog(cat).encode("utf-8")
            changed = not path.exists() or path.read_bytes() != data
            would_change |= changed
            if project.rel(path) in by_file:
                by_file[project.rel(path)]["changed"] = changed
            if not dry_run and not check:
                atomic_write(path, data)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps({"catalogs": report}, indent=2))
    else:
        for r in report:
            verb = (
                "would change"
                if (dry_run or check) and r["changed"]
                else ("updated" if r["changed"] else "unchanged")
            )
            typer.echo(
                f"{r['file']}: kept {r['kept']}, new {r['new']}, fuzzy {r['fuzzy']}, "
                f"obsolete {r['obsolete']}, revived {r['revived']} ({verb})"
            )
    if check and would_change:
        raise typer.Exit(1)


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


@app.command("compile", context_settings=CONTEXT)
@reports_errors
def compile_(
    locale: Annotated[
        list[str] | None, typer.Option("--locale", "-l", help="Locales (default: all).")
    ] = None,
    use_fuzzy: Annotated[bool, typer.Option("--use-fuzzy", help="Include fuzzy entries.")] = False,
) -> None:
    """Write .mo files next to the PO files (fuzzy entries left out unless --use-fuzzy)."""
    from reply_i18n.po.mo import compile_mo

    project = State.project()
    for code in _locales(locale):
        for po_path in sorted((project.locale_dir / code / "LC_MESSAGES").glob("*.po")):
            po = _read_translation(po_path, project, code)
            data = compile_mo(po, use_fuzzy=use_fuzzy)
            mo_path = po_path.with_suffix(".mo")
            changed = atomic_write(mo_path, data)
            typer.echo(f"{project.rel(mo_path)}: {'written' if changed else 'unchanged'}")


# --------------------------------------------------------------------------- check


@app.command(context_settings=CONTEXT)
@reports_errors
def check(
    docs: Annotated[list[str] | None, typer.Argument(help="Documents (default: all).")] = None,
    locale: Annotated[
        list[str] | None, typer.Option("--locale", "-l", help="Locales (default: all).")
    ] = None,
    min_percent: Annotated[
        float | None,
        typer.Option(
            "--min",
            min=0,
            max=100,
            help="Minimum % of translated segments (default from reply-i18n.toml, else 100).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    by: Annotated[
        str, typer.Option("--by", help="Break coverage down: document|part|question.")
    ] = "document",
    disable: Annotated[
        list[str] | None, typer.Option("--disable", help="Switch a check off (repeatable).")
    ] = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format", help="Output: text for people, json for programs, html with a picture."
        ),
    ] = CheckFormat.text,
) -> None:
    """Report coverage and quality findings; exit 1 below the threshold or on errors."""
    from reply_i18n.qa.report import run_checks

    if by not in ("document", "part", "question"):
        raise typer.BadParameter("use document, part or question", param_hint="--by")
    project = State.project()
    cfg = State.config
    report = run_checks(
        project,
        docs=_doc_names(project, docs),
        locales=_locales(locale),
        threshold=cfg.min_percent if min_percent is None else min_percent,
        strict=strict or cfg.strict,
        by=by,
        disabled=[*cfg.disable, *(disable or [])],
        glossary=project.root / cfg.glossary,
        progress=progress,
    )
    if output_format is CheckFormat.json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif output_format is CheckFormat.html:
        typer.echo(_coverage_page(project, report.as_text(), report.passed, docs, locale), nl=False)
    else:
        typer.echo(report.as_text(), nl=False)
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


# --------------------------------------------------------------------------- build


@app.command(context_settings=CONTEXT)
@reports_errors
def build(
    docs: Annotated[list[str] | None, typer.Argument(help="Documents (default: all).")] = None,
    locale: Annotated[
        list[str] | None, typer.Option("--locale", "-l", help="Target locales (default: all).")
    ] = None,
    formats: Annotated[
        str | None, typer.Option("--format", help="Comma-separated: html,md,docx,pdf,tmx.")
    ] = None,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            "--allow-incomplete",
            help="Build below the threshold, showing missing text in English, marked.",
        ),
    ] = False,
    min_percent: Annotated[
        float | None,
        typer.Option(
            "--min", min=0, max=100, help="Threshold in % (default from config, else 100)."
        ),
    ] = None,
) -> None:
    """Write aligned and monolingual editions of each document to build/<doc>/."""
    from reply_i18n.publish.coverage import coverage_grid
    from reply_i18n.publish.editions import plan_editions, render_outputs
    from reply_i18n.publish.render.coverage import svg

    project = State.project()
    cfg = State.config
    fmts = [f.strip() for f in (formats or ",".join(cfg.formats)).split(",") if f.strip()]
    unknown = [f for f in fmts if f not in MODULES]
    if unknown or not fmts:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}: choose from {', '.join(MODULES)}",
            param_hint="--format",
        )
    codes = _locales(locale)
    threshold = cfg.min_percent if min_percent is None else min_percent
    plans = []
    pictures = []
    for _path, doc in _documents(project, docs):
        catalogs = {}
        for code in codes:
            po_path = project.po_path(code, doc.name)
            if po_path.exists():
                catalogs[code] = _read_translation(po_path, project, code)
        plans.append(plan_editions(doc, catalogs, codes, cfg, stamp=_build_stamp(doc, catalogs)))
        grid = coverage_grid([(doc, dict(catalogs))], codes)
        pictures.append((doc.name, svg(grid, title=f"Translation coverage of {doc.name}")))
    gaps = [(p, c) for p in plans for c in p.below(threshold)]
    if gaps and not allow_incomplete:
        for plan, cov in gaps:
            info(
                f"{plan.document.name}: {cov.lang} is {cov.percent:.1f}% translated, below "
                f"{threshold:g}%; missing or fuzzy segments:"
            )
            for seg_id in cov.missing:
                info(f"  {seg_id}")
        raise GateError(
            "nothing built: translations are incomplete (use --allow-incomplete to build anyway)"
        )
    outputs = [o for p in plans for o in p.outputs(fmts)]
    written = 0
    rendered = render_outputs(outputs)
    with progress(outputs, "rendering") as items:
        for out in items:
            data = next(rendered)
            target = project.build_dir / out.edition.document / out.filename
            if atomic_write(target, data):
                written += 1
            typer.echo(project.rel(target))
    for name, picture in pictures:  # the coverage picture of each document
        target = project.build_dir / name / "coverage.svg"
        written += atomic_write(target, picture.encode("utf-8"))
        typer.echo(project.rel(target))
    total = len(outputs) + len(pictures)
    info(f"{total} file(s), {written} written, {total - written} unchanged")


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


def main() -> None:
    """Entry point of the console script and of ``python -m reply_i18n``."""
    app()
