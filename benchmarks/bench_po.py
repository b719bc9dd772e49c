"""Benchmark of the PO layer: reading and GNU-identical writing at 100,000 entries.

Generates a deterministic catalog shaped like a ministry's translation memory of replies
(paragraphs of about 83 words, Russian-like translations in Cyrillic, segment IDs as
msgctxt, references, extracted comments, a few fuzzy entries with ``#|`` and obsolete
ones), writes it with our writer, then times, each in a fresh process so that peak memory
(maximum resident set size) is the measurement's own:

* ``floor``: read and decode the file and find every keyword and string with one regular
  expression, without joining, unescaping or building anything: the least a reader does;
* ``read``: our reader (bytes to a :class:`Catalog`);
* ``read+write``: our reader, then our writer streaming to a temporary file;
* ``msgcat``: GNU ``msgcat`` reading and writing the same file;
* ``polib``: polib's reader and ``save()``.

Usage::

    python benchmarks/bench_po.py                  # 100,000 entries
    python benchmarks/bench_po.py --entries 20000

It prints each figure, the ratios, and whether the targets of the PO layer are met:
read within 1.5 x the floor, read+write faster than msgcat.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_catalog import WORDS

# a Cyrillic word for each English one, so that translations are non-ASCII text
_CYR = str.maketrans(
    "abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопярстуввхыз"
)  # fmt: skip
CYRILLIC = [w.translate(_CYR) for w in WORDS]


def paragraph(rng: random.Random, words: list[str] | tuple[str, ...]) -> str:
    sentences = []
    for _ in range(rng.randint(4, 8)):  # 6 sentences of 14 words on average: 84 words
        ws = [rng.choice(words) for _ in range(rng.randint(8, 20))]
        sentences.append(" ".join(ws).capitalize() + ".")
    return " ".join(sentences)


def corpus_text(entries: int, seed: int = 15) -> str:
    """The text of the benchmark's catalog, as our writer (and msgcat) prints it."""
    from reply_i18n.po.pofile import Catalog, Message, format_catalog, format_header

    rng = random.Random(seed)
    header = Message(
        msgid="",
        msgstr=format_header(
            [
                ("Project-Id-Version", "memory"),
                ("Language", "ru"),
                ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("Content-Transfer-Encoding", "8bit"),
                ("Plural-Forms", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);"),
            ]
        ),
    )
    messages = []
    for i in range(entries):
        doc, q = i // 40, (i % 40) // 4
        text = paragraph(rng, WORDS)
        ident = f"doc{doc}.q{q}.answer.{'-'.join(text.split()[:4]).lower()}"
        translation = paragraph(rng, CYRILLIC) if rng.random() < 0.88 else ""
        m = Message(
            msgid=text,
            msgstr=translation,
            msgctxt=ident,
            auto_comments=[f"Question {q + 1}, answer"],
            references=[f"source/doc{doc}.txt:{(i % 40) * 3 + 1}"],
            # msgcat drops an obsolete entry without a translation; update never keeps one
            obsolete=bool(translation) and rng.random() < 0.01,
        )
        if m.msgstr and not m.obsolete and rng.random() < 0.05:
            m.fuzzy = True
            m.previous_msgid = text.replace("mine", "mines", 1)
        messages.append(m)
    return format_catalog(Catalog(header=header, messages=messages))


# --------------------------------------------------------------------------- measurements

_FLOOR = re.compile(
    r'^[ \t]*(?:(?:#~ )?(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+)?"(.*)"', re.M
)


def measure(mode: str, path: Path, out: Path) -> float:
    """Run one measurement in this process; returns its CPU time in seconds."""
    clock = time.process_time
    if mode == "generate":
        out.write_text(corpus_text(int(path.name)), encoding="utf-8")
        return 0.0
    if mode == "floor":
        start = clock()
        text = path.read_bytes().decode("utf-8")
        found = _FLOOR.findall(text)
        elapsed = clock() - start
        assert found
        return elapsed
    if mode == "polib":
        import polib

        start = clock()
        polib.pofile(str(path), wrapwidth=79).save(str(out))
        return clock() - start
    from reply_i18n.files import read_catalog, write_catalog

    start = clock()
    catalog = read_catalog(path)
    if mode == "read+write":
        write_catalog(out, catalog)
    return clock() - start


def child(mode: str, path: Path, out: Path) -> tuple[float, float]:
    """(CPU seconds, peak resident MB) of one measurement, in a fresh process.

    CPU time (user and system) rather than elapsed time, so that other work on a shared
    machine does not blur the comparison; for Python it excludes the start of the
    interpreter, for msgcat it is the whole run."""
    if mode == "msgcat":
        argv = ["msgcat", "-o", str(out), str(path)]
    else:
        argv = [sys.executable, __file__, "--measure", mode, str(path), str(out)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert proc.stdout is not None
    printed = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{mode} failed with exit code {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    seconds = cpu if mode == "msgcat" else float(printed.decode())
    return seconds, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--measure", nargs=3, metavar=("MODE", "PO", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        mode, po, out = args.measure
        print(f"{measure(mode, Path(po), Path(out)):.6f}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = work / "memory.po"
        start = time.perf_counter()
        child("generate", work / str(args.entries), src)  # the parent stays small
        size = src.stat().st_size / 1e6
        print(
            f"corpus: {args.entries:,} entries, {size:.0f} MB "
            f"(generated in {time.perf_counter() - start:.1f} s)"
        )
        modes = ["floor", "read", "read+write"]
        if shutil.which("msgcat"):
            modes.append("msgcat")
        modes.append("polib")
        results: dict[str, tuple[float, float]] = {}
        print(f"{'step':<12} {'CPU s':>8} {'peak MB':>8}")
        for mode in modes:
            results[mode] = child(mode, src, work / f"{mode}.po")
            print(f"{mode:<12} {results[mode][0]:>8.2f} {results[mode][1]:>8.0f}")
        same = None
        if "msgcat" in results:
            same = (work / "read+write.po").read_bytes() == (work / "msgcat.po").read_bytes()
            print(f"our output identical to msgcat's: {'yes' if same else 'NO'}")
        floor, read = results["floor"][0], results["read"][0]
        print("\ntargets:")
        ok_read = read <= 1.5 * floor
        print(
            f"  read <= 1.5 x floor: {read:.2f} s = {read / floor:.2f} x floor "
            f"-> {'met' if ok_read else 'NOT met'}"
        )
        ok_write = True
        if "msgcat" in results:
            both, cat = results["read+write"][0], results["msgcat"][0]
            ok_write = both < cat and bool(same)
            print(
                f"  read+write faster than msgcat: {both:.2f} s vs {cat:.2f} s = "
                f"{both / cat:.2f} x -> {'met' if ok_write else 'NOT met'}"
            )
        mem = results["read"][1]
        print(
            f"  peak memory of read: {mem:.0f} MB = {mem / size:.1f} x the file "
            f"(floor {results['floor'][1]:.0f} MB)"
        )
    return 0 if ok_read and ok_write else 1


if __name__ == "__main__":
    sys.exit(main())
