"""Which editions a build makes, and rendering one output file.

The set of editions comes from ``[build] editions`` in ``reply-i18n.toml``; by default it is
every bilingual pair (source + each target), one edition with all languages when there are
two targets or more, and one monolingual edition per target.  Nothing here is specific to
Azerbaijani or Russian.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from reply_i18n.config import Config
from reply_i18n.model import Document, Edition, LanguageCoverage
from reply_i18n.parallel import cpus, init_worker
from reply_i18n.po.pofile import Catalog
from reply_i18n.publish.conventions import conventions
from reply_i18n.publish.edition import build_edition, coverage
from reply_i18n.publish.render import renderer, suffix


@dataclass(frozen=True, slots=True)
class Output:
    """One file to write: an edition in one format."""

    edition: Edition
    fmt: str

    @property
    def filename(self) -> str:
        if self.fmt == "tmx":
            return f"{self.edition.document}{suffix('tmx')}"
        return f"{self.edition.stem}{suffix(self.fmt)}"


@dataclass(frozen=True, slots=True)
class Plan:
    """The editions of one document."""

    document: Document
    editions: tuple[Edition, ...]
    memory: Edition
    """All languages at once, for the translation memory (TMX)."""
    coverage: tuple[LanguageCoverage, ...]

    def below(self, threshold: float) -> list[LanguageCoverage]:
        return [c for c in self.coverage if c.percent < threshold]

    def outputs(self, formats: Sequence[str]) -> list[Output]:
        out: list[Output] = []
        for fmt in formats:
            renderer(fmt)  # refuse an unknown format before anything is written
            if fmt == "tmx":
                out.append(Output(self.memory, fmt))
            else:
                out.extend(Output(e, fmt) for e in self.editions)
        return out


def default_editions(source: str, targets: Sequence[str]) -> list[tuple[str, ...]]:
    sets: list[tuple[str, ...]] = [(source, t) for t in targets]
    if len(targets) > 1:
        sets.append((source, *targets))
    sets.extend((t,) for t in targets)
    return sets


def plan_editions(
    doc: Document,
    catalogs: Mapping[str, Catalog],
    targets: Sequence[str],
    config: Config,
    *,
    stamp: datetime.datetime,
) -> Plan:
    source = config.source_language
    wanted = [tuple(e) for e in config.editions] or default_editions(source, targets)
    known = {source, *targets}
    sets = [e for e in wanted if set(e) <= known]
    if not sets:
        raise config.error(
            "build.editions",
            "no edition to build: [build] editions names none of the selected locales",
        )
    rules = conventions(config.conventions, config=config)
    editions = tuple(
        build_edition(doc, catalogs, langs, source_lang=source, stamp=stamp, rules=rules)
        for langs in sets
    )
    memory = build_edition(
        doc,
        catalogs,
        [source, *targets],
        source_lang=source,
        stamp=stamp,
        rules=rules,
        language_line=False,
    )
    cov = tuple(coverage(doc, t, catalogs.get(t)) for t in targets)
    return Plan(document=doc, editions=editions, memory=memory, coverage=cov)


def render_all(output: Output) -> bytes:
    return renderer(output.fmt)(output.edition)


#: Formats slow enough to be worth a process of their own (typesetting).
SLOW_FORMATS = frozenset({"pdf"})


def render_outputs(outputs: Sequence[Output], *, jobs: int | None = None) -> Iterator[bytes]:
    """The bytes of each output, in order.

    Slow formats (PDF above all) are rendered by a pool of ``jobs`` worker processes
    (default: :func:`reply_i18n.parallel.cpus`, which ``reply-i18n --jobs`` sets), the
    largest editions first, while this process renders the quick ones; with one CPU, or
    one slow output, everything is rendered here.  Rendering is pure, so the bytes do not
    depend on where they were made.
    """
    if jobs is None:
        jobs = cpus()
    slow = [n for n, o in enumerate(outputs) if o.fmt in SLOW_FORMATS]
    if jobs < 2 or len(slow) < 2:
        yield from (render_all(o) for o in outputs)
        return
    slow.sort(key=lambda n: -len(outputs[n].edition.languages))
    # a multiprocessing pool, whose exit terminates its workers: Ctrl-C or SIGTERM stops the
    # build at once, where an executor would first typeset every PDF already submitted
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(slow)), init_worker, (os.getpid(),)) as pool:
        pending = {n: pool.apply_async(render_all, (outputs[n],)) for n in slow}
        quick = {n: render_all(o) for n, o in enumerate(outputs) if n not in pending}
        for n in range(len(outputs)):
            yield pending[n].get() if n in pending else quick[n]
