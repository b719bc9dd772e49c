"""Scale benchmark: ``update``, ``check``, reading and writing at 10,000 to 100,000 entries,
with the peers run on the same files in the same run.

The corpus is generated deterministically (``--seed``): documents of 40 answer paragraphs
(4 per question) of about 83 words, drawn from a Zipf-distributed vocabulary of 3,000
made-up words, 88 % of them translated.  The new template edits 10 % of the paragraphs
(about one word in twelve replaced), removes 1 % and adds 1 %.  In the first variant the
edits keep the opening words, so the segment ID stays; in the second every edited
paragraph also changes its opening word, so its ID changes and only the text matcher can
find its old translation.  IDs are made as the parser makes them (slug of the first words,
made unique by ``source.ids.assign``).

Every step runs as its own process under ``/usr/bin/time``, so wall time and peak memory
(maximum resident set size) are measured the same way for us and for the peers: GNU
``msgmerge --previous``, ``msgcat``, ``msgfmt --statistics``, translate-toolkit's
``pofilter`` and ``pot2po``, and polib's read and ``save()``.  "Right suggestions" counts
the edited paragraphs that had a translation and got their own old translation back.

Usage::

    python benchmarks/bench_scale.py                         # 10k, 30k, 100k; slow peers at 2k
    python benchmarks/bench_scale.py --sizes 1000 3000 --slow-peer-size 0

The slow peers compare every unmatched entry with all the others or run Python per entry:
``msgmerge`` and ``pot2po`` run at ``--slow-peer-size`` only (0 skips them), ``pofilter``
up to 10,000 entries, and the output says so.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PER_DOC, PER_QUESTION = 40, 4
#: pofilter runs at every size up to this one
POFILTER_MAX = 10_000

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: corpus\\n"\n'
    '"POT-Creation-Date: 2025-05-06 00:00+0000\\n"\n'
    '"PO-Revision-Date: 2025-05-06 00:00+0000\\n"\n'
    '"Language: az\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


# --------------------------------------------------------------------------- the corpus


def vocabulary(rng: random.Random, size: int = 3000) -> tuple[list[str], list[float]]:
    """Made-up words and cumulative Zipf weights (s = 1)."""
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    cum, total = [], 0.0
    for rank in range(1, size + 1):
        total += 1.0 / rank
        cum.append(total)
    return ordered, cum


@dataclass
class Corpus:
    old: list[tuple[str, str, str]]  # (msgctxt, msgid, msgstr) of the translated catalog
    new: list[tuple[str, str]]  # (msgctxt, msgid) of the new template
    edited: dict[int, int] = field(default_factory=dict)  # new position → old position


def _ids(doc: int, q: int, texts: list[str]) -> list[str]:
    from reply_i18n.source.ids import assign, slug

    scope = f"doc{doc}.part1.q{q}.answer."
    return assign([(scope + (slug(t) or "p"), t) for t in texts])


def _translate(i: int, text: str) -> str:
    return f"[az {i}] " + " ".join(w if w[0].isdigit() else w[::-1] for w in text.split())


def make_corpus(size: int, *, seed: int, id_change: bool) -> Corpus:
    rng = random.Random(seed)
    vocab, cum = vocabulary(rng)

    def sentence() -> str:
        words = rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 22))
        if rng.random() < 0.3:
            words[rng.randrange(len(words))] = str(rng.randint(2, 2025))
        return " ".join(words).capitalize() + "."

    texts = [" ".join(sentence() for _ in range(rng.randint(3, 8))) for _ in range(size)]
    # the same draws for both variants; only the kind of edit differs
    plan = []
    for _ in range(size):
        r = rng.random()
        plan.append("removed" if r < 0.01 else "edited" if r < 0.11 else "same")
    added_after = set(rng.sample(range(size), size // 100))
    old: list[tuple[str, str, str]] = []
    new: list[tuple[str, str]] = []
    edited: dict[int, int] = {}
    for start in range(0, size, PER_QUESTION):
        doc, q = start // PER_DOC, (start % PER_DOC) // PER_QUESTION
        olds = list(range(start, min(start + PER_QUESTION, size)))
        for i, ident in zip(olds, _ids(doc, q, [texts[i] for i in olds]), strict=True):
            msgstr = _translate(i, texts[i]) if rng.random() < 0.88 else ""
            old.append((ident, texts[i], msgstr))
        new_texts: list[tuple[str, int | None]] = []
        for i in olds:
            if plan[i] == "edited":
                words = texts[i].split()
                first = 0 if id_change else 4
                for _ in range(max(1, len(words) // 12)):
                    k = rng.randrange(max(first, 1), len(words))
                    words[k] = rng.choices(vocab, cum_weights=cum)[0]
                if id_change:
                    words[0] = rng.choice(vocab).capitalize()
                new_texts.append((" ".join(words), i))
            elif plan[i] == "same":
                new_texts.append((texts[i], None))
            if i in added_after:
                new_texts.append((" ".join(sentence() for _ in range(rng.randint(3, 8))), None))
        idents = _ids(doc, q, [t for t, _ in new_texts])
        for (text, source), ident in zip(new_texts, idents, strict=True):
            if source is not None:
                edited[len(new)] = source
            new.append((ident, text))
    return Corpus(old, new, edited)


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_corpus(corpus: Corpus, po: Path, pot: Path) -> None:
    """The catalogs as GNU gettext writes them (wrapped by ``msgcat``)."""
    raw_po, raw_pot = po.with_suffix(".raw"), pot.with_suffix(".rawt")
    with raw_po.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for ctxt, msgid, msgstr in corpus.old:
            f.write(f"\nmsgctxt {_quote(ctxt)}\nmsgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n")
    with raw_pot.open("w", encoding="utf-8") as f:
        f.write(HEADER.replace('"Language: az\\n"\n', '"Language: \\n"\n'))
        for ctxt, msgid in corpus.new:
            f.write(f'\nmsgctxt {_quote(ctxt)}\nmsgid {_quote(msgid)}\nmsgstr ""\n')
    for raw, out in ((raw_po, po), (raw_pot, pot)):
        subprocess.run(["msgcat", "-o", str(out), str(raw)], check=True)
        raw.unlink()


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool


def measure(cmd: list[str], *, cwd: Path | None = None) -> Run:
    """Wall time and peak resident memory of one command, by ``/usr/bin/time``."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", out.name, *cmd]
        start = time.perf_counter()
        proc = subprocess.run(full, cwd=cwd, capture_output=True, text=True)
        wall = time.perf_counter() - start
        fields = out.read().split()
    peak = float(fields[-1]) / 1024 if fields else float("nan")
    return Run(wall, peak, proc.returncode == 0)


def ours(*args: str) -> list[str]:
    return [str(BIN / "reply-i18n"), *args]


def step(name: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__)), "--step", name, *args]


# steps run in a child process by `--step`, so that each has its own peak memory

_FLOOR_RE = re.compile(r'^(?:msgctxt|msgid|msgstr)\s+"(.*)"$|^"(.*)"$', re.MULTILINE)


def _step(name: str, args: list[str]) -> None:
    if name == "floor":  # the regex floor: every string of the file, nothing more
        text = Path(args[0]).read_text(encoding="utf-8")
        strings = [a or b for a, b in _FLOOR_RE.findall(text)]
        assert strings
    elif name == "read":
        from reply_i18n.files import read_catalog

        read_catalog(Path(args[0]), args[0])
    elif name == "read-write":
        from reply_i18n.files import read_catalog, write_catalog

        write_catalog(Path(args[1]), read_catalog(Path(args[0]), args[0]))
    elif name == "polib":
        import polib

        polib.pofile(args[0]).save(args[1])
    else:
        raise SystemExit(f"unknown step {name}")


# --------------------------------------------------------------------------- the run


def right_suggestions(corpus: Corpus, merged: Path) -> tuple[int, int, int]:
    """(edited paragraphs with an old translation, right ones, wrong ones)."""
    from reply_i18n.files import read_catalog

    cat = read_catalog(merged, str(merged))
    got = {(m.msgctxt, m.msgid): m.msgstr for m in cat.messages if not m.obsolete}
    total = right = wrong = 0
    for pos, src in corpus.edited.items():
        ctxt, msgid = corpus.new[pos]
        want = corpus.old[src][2]
        have = got.get((ctxt, msgid), "")
        if want:
            total += 1
            right += have == want
        wrong += bool(have) and have != want
    return total, right, wrong


def project(root: Path, corpus: Corpus) -> Path:
    (root / "locale" / "az" / "LC_MESSAGES").mkdir(parents=True)
    write_corpus(
        corpus, root / "locale" / "az" / "LC_MESSAGES" / "doc.po", root / "locale" / "doc.pot"
    )
    return root


@dataclass
class Row:
    step: str
    size: int
    ours: Run | None = None
    peer: str = ""
    peer_run: Run | None = None
    extra: str = ""


def fmt(r: Run | None) -> str:
    if r is None:
        return "—"
    flag = "" if r.ok else " (exit≠0)"
    return f"{r.seconds:.2f} s, {r.peak_mb:.0f} MB{flag}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--slow-peer-size", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        _step(args.step[0], args.step[1:])
        return 0
    if not shutil.which("msgcat"):
        print("GNU gettext (msgcat) is needed to write the corpus", file=sys.stderr)
        return 1
    load = os.getloadavg()
    rows: list[Row] = []
    update_s: dict[tuple[bool, int], float] = {}
    update_mb: dict[tuple[bool, int], float] = {}
    right: dict[tuple[bool, int], float] = {}
    wrong: dict[tuple[bool, int], int] = {}
    every_check = [c for c in _checks() if c != "coverage"]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted({*args.sizes, args.slow_peer_size} - {0}):
            for id_change in (False, True):
                corpus = make_corpus(size, seed=args.seed, id_change=id_change)
                root = project(Path(tmp) / f"p{size}{'-id' if id_change else ''}", corpus)
                po = root / "locale" / "az" / "LC_MESSAGES" / "doc.po"
                pot = root / "locale" / "doc.pot"
                slow = size == args.slow_peer_size
                label = "update, edited entries change ID" if id_change else "update"
                if not id_change:
                    rows += _io_rows(size, root, po, every_check, size <= POFILTER_MAX)
                if slow:
                    shutil.copy(po, root / "before.po")
                peer = msgmerge = None
                if slow:
                    msgmerge = measure(
                        [
                            "msgmerge",
                            "--quiet",
                            "--previous",
                            "-o",
                            str(root / "msgmerge.po"),
                            str(root / "before.po"),
                            str(pot),
                        ]
                    )
                    peer = "msgmerge --previous"
                run = measure(ours("-C", str(root), "update", "--no-extract", "-l", "az", "doc"))
                total, ok, bad = right_suggestions(corpus, po)
                key = (id_change, size)
                update_s[key], update_mb[key] = run.seconds, run.peak_mb
                right[key], wrong[key] = 100.0 * ok / max(1, total), bad
                extra = f"right {right[key]:.2f} % of {total}, wrong {bad}"
                if msgmerge is not None:
                    mt, mok, _ = right_suggestions(corpus, root / "msgmerge.po")
                    extra += f"; msgmerge right {100.0 * mok / max(1, mt):.2f} %"
                rows.append(Row(label, size, run, peer or "", msgmerge, extra))
                if slow and id_change and (BIN / "pot2po").exists():
                    p2p = measure(
                        [
                            str(BIN / "pot2po"),
                            "--progress=none",
                            "-t",
                            str(root / "before.po"),
                            str(pot),
                            str(root / "pot2po.po"),
                        ]
                    )
                    rows.append(Row("update (pot2po)", size, None, "pot2po", p2p))
                shutil.rmtree(root)
    print(
        f"load average before: {load[0]:.2f}, after: {os.getloadavg()[0]:.2f}; "
        f"{os.cpu_count()} cores"
    )
    print()
    print(_table(rows))
    print()
    print(_targets(args.sizes, update_s, update_mb, right, wrong, rows, args.slow_peer_size))
    return 0


def _checks() -> list[str]:
    from reply_i18n.qa.checks import CHECKS

    return list(CHECKS)


def _io_rows(size: int, root: Path, po: Path, checks: list[str], slow: bool) -> list[Row]:
    out = [
        Row("regex floor (read)", size, measure(step("floor", str(po)))),
        Row("read", size, measure(step("read", str(po)))),
        Row(
            "read + write",
            size,
            measure(step("read-write", str(po), str(root / "ours.po"))),
            "msgcat",
            measure(["msgcat", "-o", str(root / "msgcat.po"), str(po)]),
        ),
        Row(
            "read + write (polib)",
            size,
            None,
            "polib read + save()",
            measure(step("polib", str(po), str(root / "polib.po"))),
        ),
    ]
    same = (root / "ours.po").read_bytes() == (root / "msgcat.po").read_bytes()
    out[2].extra = "byte-identical to msgcat" if same else "DIFFERS from msgcat"
    coverage_only = [a for c in checks for a in ("--disable", c)]
    out.append(
        Row(
            "coverage only",
            size,
            measure(
                ours("-C", str(root), "check", "doc", "-l", "az", "--min", "0", *coverage_only)
            ),
            "msgfmt --statistics",
            measure(["msgfmt", "--statistics", "-o", os.devnull, str(po)]),
        )
    )
    peer = pofilter = None
    if slow and (BIN / "pofilter").exists():
        peer = "pofilter"
        pofilter = measure(
            [
                str(BIN / "pofilter"),
                "--progress=none",
                "-i",
                str(po),
                "-o",
                str(root / "pofilter.po"),
            ]
        )
    out.append(
        Row(
            "check, all checks",
            size,
            measure(ours("-C", str(root), "check", "doc", "-l", "az", "--min", "0")),
            peer or "",
            pofilter,
        )
    )
    return out


def _table(rows: list[Row]) -> str:
    lines = [
        "| step | entries | reply-i18n | peer | peer, same files | notes |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.step} | {r.size:,} | {fmt(r.ours)} | {r.peer} | "
            f"{fmt(r.peer_run) if r.peer_run else '—'} | {r.extra} |"
        )
    return "\n".join(lines)


def _exponent(times: dict[tuple[bool, int], float], id_change: bool, sizes: list[int]) -> float:
    lo, hi = min(sizes), max(sizes)
    if lo == hi:
        return float("nan")
    return math.log(times[(id_change, hi)] / times[(id_change, lo)]) / math.log(hi / lo)


def _targets(
    sizes: list[int],
    update_s: dict[tuple[bool, int], float],
    update_mb: dict[tuple[bool, int], float],
    right: dict[tuple[bool, int], float],
    wrong: dict[tuple[bool, int], int],
    rows: list[Row],
    slow_size: int,
) -> str:
    big = max(sizes)

    def row(step: str, size: int) -> Row | None:
        return next((r for r in rows if r.step == step and r.size == size), None)

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    out = ["| target | value | measured | |", "|---|---|---|---|"]
    out.append(
        f"| `update` at {big:,} | ≤ 60 s | {update_s[(False, big)]:.1f} s "
        f"| {verdict(update_s[(False, big)] <= 60)} |"
    )
    out.append(
        f"| `update` at {big:,}, edited entries change ID | ≤ 90 s | "
        f"{update_s[(True, big)]:.1f} s | {verdict(update_s[(True, big)] <= 90)} |"
    )
    for id_change in (False, True):
        e = _exponent(update_s, id_change, sizes)
        out.append(
            f"| growth exponent of `update`{', ID change' if id_change else ''}, "
            f"{min(sizes):,} → {big:,} | ≤ 1.2 | {e:.2f} | {verdict(e <= 1.2)} |"
        )
    peak = max(update_mb[(c, big)] for c in (False, True))
    out.append(
        f"| peak memory of `update` at {big:,} | < 600 MB | {peak:.0f} MB | {verdict(peak < 600)} |"
    )
    worst = min(v for (_, size), v in right.items() if size in sizes)
    out.append(
        f"| right suggestions, every size, both variants | ≥ 99 % | {worst:.2f} % (lowest); "
        f"wrong {max(wrong.values())} | {verdict(worst >= 99)} |"
    )
    floor, read = row("regex floor (read)", big), row("read", big)
    if floor and read and floor.ours and read.ours:
        ratio = read.ours.seconds / floor.ours.seconds
        out.append(
            f"| read at {big:,} | ≤ 1.5 × regex floor | {ratio:.2f} × | {verdict(ratio <= 1.5)} |"
        )
    rw = row("read + write", big)
    if rw and rw.ours and rw.peer_run:
        out.append(
            f"| read + write at {big:,} | faster than msgcat | {rw.ours.seconds:.1f} s vs "
            f"{rw.peer_run.seconds:.1f} s | {verdict(rw.ours.seconds < rw.peer_run.seconds)} |"
        )
    chk = row("check, all checks", POFILTER_MAX)
    if chk and chk.ours and chk.peer_run:
        speed = chk.peer_run.seconds / chk.ours.seconds
        out.append(
            f"| `check`, every check, at {POFILTER_MAX:,} | ≥ 10 × faster than pofilter | "
            f"{speed:.1f} × | {verdict(speed >= 10)} |"
        )
    chk = row("check, all checks", big)
    if chk and chk.ours:
        out.append(
            f"| `check`, every check, at {big:,} | ≤ 30 s | {chk.ours.seconds:.1f} s | "
            f"{verdict(chk.ours.seconds <= 30)} |"
        )
    cov = row("coverage only", big)
    if cov and cov.ours and cov.peer_run:
        out.append(
            f"| coverage alone at {big:,} | no slower than msgfmt --statistics | "
            f"{cov.ours.seconds:.1f} s vs {cov.peer_run.seconds:.1f} s | "
            f"{verdict(cov.ours.seconds <= cov.peer_run.seconds)} |"
        )
    starts = sorted(measure(ours("--version")).seconds for _ in range(9))
    out.append(
        f"| start-up (`--version`), median of 9 | < 0.25 s | {starts[4]:.3f} s | "
        f"{verdict(starts[4] < 0.25)} |"
    )
    out.append("")
    out.append(
        f"msgmerge and pot2po ran at {slow_size:,} entries only, pofilter up to "
        f"{POFILTER_MAX:,}: their matchers compare every unmatched entry with all the "
        "others, or run Python per entry, and take tens of minutes beyond."
        if slow_size
        else "msgmerge and pot2po were not run (--slow-peer-size 0)."
    )
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
