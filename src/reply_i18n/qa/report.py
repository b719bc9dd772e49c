"""The ``check`` report: coverage per locale × document, findings, and the verdict.

:func:`run_checks` reads the project's files through :mod:`reply_i18n.files` and hands plain
data to :mod:`reply_i18n.qa.coverage` and :mod:`reply_i18n.qa.checks`.  The JSON form of a
:class:`Report` is documented in the README and versioned by ``schema``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reply_i18n.errors import ConfigError, ReplyI18nError
from reply_i18n.files import Project, read_catalog, read_document, read_text
from reply_i18n.model import Document
from reply_i18n.qa.checks import (
    ENTRY_CHECKS,
    ERROR,
    WARNING,
    Context,
    Finding,
    Term,
    check_catalog,
    check_document,
    read_glossary,
    validate_disabled,
)
from reply_i18n.qa.coverage import Counts, coverage
from reply_i18n.qa.stale import (
    STALE,
    Gap,
    catalog_gaps,
    gaps,
    nfc_catalog,
    nfc_document,
    source_coverage,
)
from reply_i18n.qa.visible import first_words, visible
from reply_i18n.source.recognise import TemplateSet

SCHEMA = 1


@dataclass(slots=True)
class Row:
    """Coverage of one catalog (one locale × document)."""

    locale: str
    document: str
    file: str
    counts: Counts
    groups: dict[str, Counts] = field(default_factory=dict)
    exists: bool = True
    gaps: list[Gap] = field(default_factory=list)
    """The segments still to do, in document order (in the catalog's order, stale ones
    unseen, when judged without a source)."""

    @property
    def percent(self) -> float:
        """Share of translated segments; 0 for a missing catalog, never 100."""
        return self.counts.percent_segments if self.exists else 0.0

    def as_dict(self) -> dict[str, Any]:
        counts = self.counts.as_dict()
        if not self.exists:
            counts["percent_segments"] = counts["percent_words"] = 0.0
        return {
            "locale": self.locale,
            "document": self.document,
            "file": self.file,
            "exists": self.exists,
            **counts,
            "groups": [{"group": k, **v.as_dict()} for k, v in self.groups.items()],
        }


#: ANSI styles of the text report on a terminal
_STYLES = {"error": "1;31", "warning": "33", "passed": "1;32", "FAILED": "1;31", "dim": "2"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color else text


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(slots=True)
class Report:
    threshold: float
    strict: bool
    rows: list[Row] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def below(self) -> list[Row]:
        return [r for r in self.rows if r.percent < self.threshold or not r.exists]

    @property
    def passed(self) -> bool:
        if self.below() or self.errors:
            return False
        return not (self.strict and self.warnings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "threshold": self.threshold,
            "strict": self.strict,
            "passed": self.passed,
            "coverage": [r.as_dict() for r in self.rows],
            "findings": [f.as_dict() for f in self.findings],
            "missing": [g.as_dict(r.locale, r.document) for r in self.rows for g in r.gaps],
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "below_threshold": [f"{r.locale}/{r.document}" for r in self.below()],
            },
        }

    def as_text(self, *, color: bool = False, width: int | None = None, limit: int = 10) -> str:
        """The report for people: the coverage table, the findings, the segments still
        to do (at most ``limit`` per catalog; 0 lists them all), and the verdict.

        With ``width`` (a terminal's), the table is fitted into that many columns.
        """
        lines = self._table(width)
        for f in self.findings:
            where = f"{f.file}:{f.line}" if f.line else f.file
            who = " ".join(x for x in (f.locale, f.segment) if x)
            who = f"{who}: " if who else ""
            severity = _paint(f.severity, f.severity, color)
            lines.append(f"{where}: {severity}: [{f.check}] {who}{visible(f.message)}")
        lines += self._todo(color, limit)
        verdict = "passed" if self.passed else "FAILED"
        reasons = []
        missing = [f"{r.locale}/{r.document}" for r in self.below() if not r.exists]
        short = [f"{r.locale}/{r.document}" for r in self.below() if r.exists]
        if missing:
            reasons.append(f"no catalog: {', '.join(missing)}")
        if short:
            reasons.append(f"below {self.threshold:g}%: {', '.join(short)}")
        reasons.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        if self.strict:
            reasons.append("strict: warnings fail")
        lines.append(f"check {_paint(verdict, verdict, color)}: " + "; ".join(reasons))
        return "\n".join(lines) + "\n"

    _NUMBERS = (
        ("segs", 5),
        ("transl", 6),
        ("fuzzy", 5),
        ("untr", 5),
        ("stale", 5),
        ("obsol", 5),
        ("words", 6),
        ("%seg", 6),
        ("%words", 6),
    )

    def _table(self, width: int | None) -> list[str]:
        loc_w = max([6, *(len(r.locale) for r in self.rows)])
        names = [r.document for r in self.rows] + ["  " + g for r in self.rows for g in r.groups]
        fixed = loc_w + sum(w + 1 for _h, w in self._NUMBERS) + 1
        name_w = max([15, *(len(n) for n in names)])
        if width is not None:
            name_w = max(8, min(name_w, width - fixed))
        title = "document / group" if name_w >= 16 else "document"
        head = f"{'locale':<{loc_w}} {title:<{name_w}}" + "".join(
            f" {h:>{w}}" for h, w in self._NUMBERS
        )
        out = [head, "-" * len(head)]
        for r in self.rows:
            words = r.counts.percent_words if r.exists else 0.0  # no catalog: 0 %, never 100
            out.append(self._line(r.locale, r.document, r.counts, r.percent, loc_w, name_w, words))
            for name, counts in r.groups.items():
                out.append(
                    self._line("", "  " + name, counts, counts.percent_segments, loc_w, name_w)
                )
        return out

    @staticmethod
    def _line(
        locale: str,
        name: str,
        c: Counts,
        percent: float,
        loc_w: int,
        name_w: int,
        words: float | None = None,
    ) -> str:
        s = c.segments
        words = c.percent_words if words is None else words
        return (
            f"{locale:<{loc_w}} {_fit(name, name_w):<{name_w}} {c.total_segments:>5} "
            f"{s['translated']:>6} {s['fuzzy']:>5} {s['untranslated']:>5} {s['stale']:>5} "
            f"{c.obsolete:>5} {c.total_words:>6} {percent:>6.1f} {words:>6.1f}"
        )

    def _todo(self, color: bool, limit: int) -> list[str]:
        out: list[str] = []
        for r in self.rows:
            if not r.gaps:
                continue
            states = Counter(g.state for g in r.gaps)
            detail = ", ".join(f"{n} {s}" for s, n in states.items())
            out.append(f"to do in {r.locale}/{r.document}: {len(r.gaps)} segment(s) ({detail})")
            out += todo_lines(r.gaps, limit=limit, color=color)
        return out


def todo_lines(found: list[Gap], *, limit: int = 10, color: bool = False) -> list[str]:
    """One line per segment still to do, ``  file:line: ID: first words [state]``, at most
    ``limit`` of them (0: all), then ``  and N more (use --all)``."""
    shown = found if limit <= 0 else found[:limit]
    out = []
    for g in shown:
        tag = g.state + (f": {g.reason}" if g.state == STALE else "")
        out.append(
            f"  {g.file}:{g.line}: {g.segment}: {first_words(g.text)} "
            + _paint(f"[{tag}]", "dim", color)
        )
    if len(found) > len(shown):
        out.append(f"  and {len(found) - len(shown)} more (use --all)")
    return out


ProgressFactory = Callable[[list[Any], str], AbstractContextManager[Iterable[Any]]]


def load_glossary(path: Path, shown: str) -> list[Term]:
    if not path.exists():
        return []
    text = read_text(path, shown, what="glossary")
    # a malformed CSV (a cell over the csv module's field limit, a NUL byte, an open
    # quote at the end) is reported with its line before the glossary is read
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for _row in reader:
            pass
    except csv.Error as exc:
        raise ConfigError(
            f"glossary is not valid CSV: {exc}", path=shown, line=reader.line_num
        ) from None
    return read_glossary(text, path=shown)


def run_checks(
    project: Project,
    *,
    docs: list[str],
    locales: list[str],
    threshold: float,
    strict: bool,
    by: str,
    disabled: list[str],
    glossary: Path,
    progress: ProgressFactory,
    templates: TemplateSet | None = None,
    on_error: Callable[[ReplyI18nError], None] = lambda error: None,
) -> Report:
    """Check every catalog of ``locales`` × ``docs`` against the current sources.

    The sources are read and parsed in memory: a catalog out of step with its source (a
    segment it lacks, a msgid that differs) gets a ``stale`` error naming the segments.
    Text is compared in NFC.  Raises :class:`ConfigError` for an unknown check or a bad
    glossary, and the errors of the readers for unreadable files: every source is read
    first, each error but the last handed to ``on_error``, and the last raised.
    """
    off = validate_disabled(disabled)
    # the capitals check, too, reads the glossary: its proper names and their translations
    needed = {"glossary", "capitals"} - off
    terms = load_glossary(glossary, project.rel(glossary)) if needed else []
    report = Report(threshold=threshold, strict=strict)
    documents: dict[str, Document] = {}
    failed: list[ReplyI18nError] = []
    for name in docs:
        src = project.source_path(name)
        if src is not None:
            try:
                parsed = read_document(src, project.rel(src), templates)
            except ReplyI18nError as exc:  # read the others, to name every bad source
                failed.append(exc)
                continue
            documents[name] = parsed
            known = templates.templates if templates else ()
            report.findings += check_document(nfc_document(parsed), off, known)
    if failed:
        for error in failed[:-1]:
            on_error(error)
        raise failed[-1]
    jobs = [(code, name) for code in locales for name in docs]
    with progress(jobs, "checking") as items:
        for code, name in items:
            path = project.po_path(code, name)
            shown = project.rel(path)
            doc = documents.get(name)
            if not path.exists():
                found = gaps(doc, None, po_file=shown) if doc is not None else []
                counts = source_coverage(doc, None, found, by=by) if doc is not None else {}
                total = counts.pop("", Counts())
                report.rows.append(Row(code, name, shown, total, counts, False, found))
                report.findings.append(
                    Finding(
                        "coverage",
                        ERROR,
                        code,
                        "",
                        shown,
                        0,
                        f"no catalog: run `reply-i18n init -l {code} {name}`"
                        if project.pot_path(name).exists()
                        else f"no catalog and no template: run `reply-i18n extract {name}`, "
                        f"then `reply-i18n init -l {code} {name}`",
                    )
                )
                continue
            catalog = read_catalog(path, shown)
            if doc is None:
                figures = coverage(catalog, by=by)
                total = figures.pop("")
                found = catalog_gaps(catalog, po_file=shown)
                report.rows.append(Row(code, name, shown, total, figures, True, found))
            else:
                found = gaps(doc, catalog, po_file=shown)
                figures = source_coverage(doc, catalog, found, by=by)
                total = figures.pop("")
                report.rows.append(Row(code, name, shown, total, figures, True, found))
                stale = _stale_finding(code, shown, doc, found)
                if stale is not None:
                    report.findings.append(stale)
            ctx = Context(
                locale=code,
                file=shown,
                glossary=terms,
                document=nfc_document(doc) if doc is not None else None,
            )
            if off >= ENTRY_CHECKS:
                continue  # coverage alone: no text is compared, none needs normalising
            stale_ids = {g.segment for r in report.rows[-1:] for g in r.gaps if g.state == STALE}
            report.findings += [
                f
                for f in check_catalog(nfc_catalog(catalog), ctx, off)
                if not (f.check == "outdated" and f.segment in stale_ids)
            ]
    if "coverage" not in off:
        for r in report.rows:
            if r.exists and r.percent < threshold:
                missing = len(r.gaps) or (
                    r.counts.segments["untranslated"] + r.counts.segments["fuzzy"]
                )
                report.findings.append(
                    Finding(
                        "coverage",
                        ERROR,
                        r.locale,
                        "",
                        r.file,
                        0,
                        f"{r.percent:.1f}% translated, below {threshold:g}% "
                        f"({missing} segment(s) to do, listed below)",
                    )
                )
    else:
        report.threshold = 0.0
    return report


def _stale_finding(code: str, shown: str, doc: Document, found: list[Gap]) -> Finding | None:
    """One ``stale`` error for a catalog out of step with its source, naming the segments."""
    stale = [g for g in found if g.state == STALE]
    if not stale:
        return None
    named = "; ".join(f"{g.segment} ({g.reason})" for g in stale[:3])
    more = f"; and {len(stale) - 3} more" if len(stale) > 3 else ""
    return Finding(
        "stale",
        ERROR,
        code,
        stale[0].segment,
        shown,
        0,
        f"out of step with {doc.source}: {named}{more}; run `reply-i18n update`",
    )
