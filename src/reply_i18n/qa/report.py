"""The ``check`` report: coverage per locale × document, findings, and the verdict.

:func:`run_checks` reads the project's files through :mod:`reply_i18n.files` and hands plain
data to :mod:`reply_i18n.qa.coverage` and :mod:`reply_i18n.qa.checks`.  The JSON form of a
:class:`Report` is documented in the README and versioned by ``schema``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reply_i18n.errors import ConfigError
from reply_i18n.files import Project, read_bytes, read_catalog, read_document
from reply_i18n.qa.checks import (
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
from reply_i18n.source.recognise import TemplateSet

SCHEMA = 1


@dataclass(slots=True)
class Row:
    locale: str
    document: str
    file: str
    counts: Counts
    groups: dict[str, Counts] = field(default_factory=dict)
    exists: bool = True


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
        return [r for r in self.rows if r.counts.percent_segments < self.threshold or not r.exists]

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
            "coverage": [
                {
                    "locale": r.locale,
                    "document": r.document,
                    "file": r.file,
                    "exists": r.exists,
                    **r.counts.as_dict(),
                    "groups": [{"group": k, **v.as_dict()} for k, v in r.groups.items()],
                }
                for r in self.rows
            ],
            "findings": [f.as_dict() for f in self.findings],
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "below_threshold": [f"{r.locale}/{r.document}" for r in self.below()],
            },
        }

    def as_text(self) -> str:
        head = (
            f"{'locale':<8} {'document / group':<28} {'segments':>8} {'transl.':>8} "
            f"{'fuzzy':>6} {'untr.':>6} {'obsol.':>6} {'words':>7} {'%seg':>6} {'%words':>7}"
        )
        lines = [head, "-" * len(head)]
        for r in self.rows:
            lines.append(self._line(r.locale, r.document, r.counts))
            for name, counts in r.groups.items():
                lines.append(self._line("", "  " + name, counts))
        for f in self.findings:
            where = f"{f.file}:{f.line}" if f.line else f.file
            who = f"{f.locale} " if f.locale else ""
            lines.append(f"{where}: {f.severity}: [{f.check}] {who}{f.segment}: {f.message}")
        verdict = "passed" if self.passed else "FAILED"
        reasons = []
        if self.below():
            reasons.append(
                "below {:g}%: {}".format(
                    self.threshold, ", ".join(f"{r.locale}/{r.document}" for r in self.below())
                )
            )
        reasons.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        if self.strict:
            reasons.append("strict: warnings fail")
        lines.append(f"check {verdict}: " + "; ".join(reasons))
        return "\n".join(lines) + "\n"

    @staticmethod
    def _line(locale: str, name: str, c: Counts) -> str:
        s = c.segments
        return (
            f"{locale:<8} {name:<28} {c.total_segments:>8} {s['translated']:>8} "
            f"{s['fuzzy']:>6} {s['untranslated']:>6} {c.obsolete:>6} {c.total_words:>7} "
            f"{c.percent_segments:>6.1f} {c.percent_words:>7.1f}"
        )


ProgressFactory = Callable[[list[Any], str], AbstractContextManager[Iterable[Any]]]


def load_glossary(path: Path, shown: str) -> list[Term]:
    if not path.exists():
        return []
    data = read_bytes(path, kind=ConfigError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError("glossary is not valid UTF-8", path=shown, line=line) from None
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
) -> Report:
    off = validate_disabled(disabled)
    # the capitals check, too, reads the glossary: its proper names and their translations
    needed = {"glossary", "capitals"} - off
    terms = load_glossary(glossary, project.rel(glossary)) if needed else []
    report = Report(threshold=threshold, strict=strict)
    documents = {}
    for name in docs:
        src = project.source_path(name)
        if src is not None:
            doc = read_document(src, project.rel(src), templates)
            documents[name] = doc
            found = templates.templates if templates else ()
            report.findings += check_document(doc, off, found)
    jobs = [(code, name) for code in locales for name in docs]
    with progress(jobs, "checking") as items:
        for code, name in items:
            path = project.po_path(code, name)
            shown = project.rel(path)
            if not path.exists():
                report.rows.append(Row(code, name, shown, Counts(), exists=False))
                report.findings.append(
                    Finding(
                        "coverage",
                        ERROR,
                        code,
                        "",
                        shown,
                        0,
                        f"no catalog: run `reply-i18n init -l {code} {name}`",
                    )
                )
                continue
            catalog = read_catalog(path, shown)
            figures = coverage(catalog, by=by)
            total = figures.pop("")
            report.rows.append(Row(code, name, shown, total, figures))
            ctx = Context(locale=code, file=shown, glossary=terms, document=documents.get(name))
            report.findings += check_catalog(catalog, ctx, off)
    if "coverage" not in off:
        for r in report.rows:
            if r.exists and r.counts.percent_segments < threshold:
                missing = r.counts.segments["untranslated"] + r.counts.segments["fuzzy"]
                report.findings.append(
                    Finding(
                        "coverage",
                        ERROR,
                        r.locale,
                        "",
                        r.file,
                        0,
                        f"{r.counts.percent_segments:.1f}% translated, below {threshold:g}% "
                        f"({missing} segment(s) untranslated or fuzzy)",
                    )
                )
    else:
        report.threshold = 0.0
    return report
