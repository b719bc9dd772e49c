"""Benchmark of reading, updating and writing catalogs, next to GNU gettext.

Generates a synthetic corpus shaped like questionnaire replies (several hundred documents,
about 10,000 segments in all), translates every segment, then edits 10 % of the paragraphs
(half of the edits touch the opening words, so the segment ID changes too and only the
text matcher can find the old translation). It times our read, update (merge) and
GNU-identical write, and, on the same files, ``msgcat`` and ``msgmerge --previous``.

Usage::

    python benchmarks/bench_catalog.py                 # 10,000 segments, peers at 2,000
    python benchmarks/bench_catalog.py --sizes 2500 5000 10000 --peer-size 10000

The peers (``msgcat``, polib's read and ``save()``, ``msgmerge --previous`` and
translate-toolkit's ``pot2po``, where installed) run on one corpus of ``--peer-size``
segments; their fuzzy matchers compare every unmatched paragraph with all the others, so
at 10,000 segments they take minutes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reply_i18n.catalog import merge
from reply_i18n.po.pofile import Catalog, Message, format_catalog, format_header, parse_po

WORDS = (
    "mine",
    "action",
    "clearance",
    "victims",
    "assistance",
    "territory",
    "humanitarian",
    "demining",
    "agency",
    "national",
    "international",
    "community",
    "contamination",
    "explosive",
    "remnants",
    "war",
    "protocol",
    "convention",
    "report",
    "measures",
    "government",
    "ministry",
    "cooperation",
    "support",
    "capacity",
    "survey",
    "release",
    "land",
    "area",
    "hectares",
    "districts",
    "region",
    "civilian",
    "population",
    "risk",
    "education",
    "stockpile",
    "destruction",
    "legislation",
    "implementation",
    "obligations",
    "article",
    "state",
    "party",
    "ratification",
    "accession",
    "programme",
    "training",
    "equipment",
    "funding",
    "donors",
    "partners",
    "operations",
    "teams",
    "quality",
    "management",
)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def corpus(size: int, seed: int = 1) -> tuple[Catalog, Catalog, set[str]]:
    """(translated PO, new POT after edits, IDs of the edited segments in the new POT)."""
    rng = random.Random(seed)
    header = Message(
        msgid="",
        msgstr=format_header(
            [
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("Content-Transfer-Encoding", "8bit"),
                ("Language", "az"),
                ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
            ]
        ),
    )
    old, new = [], []
    edited: set[str] = set()
    per_doc = 40
    for i in range(size):
        doc, q, p = i // per_doc, (i % per_doc) // 4, i % 4
        text = paragraph(rng)
        ident = f"doc{doc}.q{q}.answer.p{p}-{'-'.join(text.split()[:3]).lower()}"
        translation = f"[az {i}] " + text[::-1]
        ref = [f"source/doc{doc}.txt:{i % per_doc * 2 + 1}"]
        old.append(Message(msgid=text, msgstr=translation, msgctxt=ident, references=ref))
        new_text, new_id = text, ident
        if rng.random() < 0.10:
            words = text.split()
            for _ in range(max(1, len(words) // 12)):
                words[rng.randrange(1, len(words))] = rng.choice(WORDS)
            if rng.random() < 0.5:  # the opening words change too: a new segment ID
                words[0] = rng.choice(WORDS).capitalize()
                new_id = f"doc{doc}.q{q}.answer.p{p}-{'-'.join(words[:3]).lower()}"
            new_text = " ".join(words)
            edited.add(new_id)
        new.append(Message(msgid=new_text, msgctxt=new_id, references=ref))
    return Catalog(header, old), Catalog(header, new), edited


def timed(func, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def run_ours(size: int, workdir: Path) -> dict[str, float]:
    po, pot, edited = corpus(size)
    po_text, pot_text = format_catalog(po), format_catalog(pot)
    (workdir / "old.po").write_text(po_text, encoding="utf-8")
    (workdir / "new.pot").write_text(pot_text, encoding="utf-8")
    (read_po, _), t_read = timed(lambda: parse_po(po_text, path="old.po"))
    read_pot, _ = parse_po(pot_text, path="new.pot")
    (merged, stats), t_merge = timed(merge, read_po, read_pot)
    out, t_write = timed(format_catalog, merged)
    (workdir / "ours.po").write_text(out, encoding="utf-8")
    old_by_id = {m.msgctxt: m.msgstr for m in po.messages}
    new_to_old = dict(zip((m.msgctxt for m in pot.messages), old_by_id.values(), strict=True))
    right = sum(
        1
        for m in merged.messages
        if m.msgctxt in edited and not m.obsolete and m.msgstr == new_to_old[m.msgctxt]
    )
    return {
        "segments": size,
        "edited": len(edited),
        "read_s": t_read,
        "update_s": t_merge,
        "write_s": t_write,
        "recovered_pct": 100.0 * right / max(1, len(edited)),
        "fuzzy": stats.fuzzy,
        "kept": stats.kept,
    }


def run_peers(size: int, workdir: Path) -> dict[str, float]:
    po, pot, _ = corpus(size)
    (workdir / "old.po").write_text(format_catalog(po), encoding="utf-8")
    (workdir / "new.pot").write_text(format_catalog(pot), encoding="utf-8")
    results: dict[str, float] = {"segments": size}
    if shutil.which("msgcat"):
        _, results["msgcat_s"] = timed(
            subprocess.run, ["msgcat", "-o", str(workdir / "cat.po"), str(workdir / "old.po")]
        )
        start = time.perf_counter()
        text = (workdir / "old.po").read_text(encoding="utf-8")
        cat, _ = parse_po(text, path="old.po")
        format_catalog(cat)
        results["ours_read_write_s"] = time.perf_counter() - start
    import polib

    start = time.perf_counter()
    polib.pofile(str(workdir / "old.po")).save(str(workdir / "polib.po"))
    results["polib_read_save_s"] = time.perf_counter() - start
    if shutil.which("pot2po"):
        _, results["pot2po_s"] = timed(
            subprocess.run,
            [
                "pot2po",
                "--progress=none",
                "-t",
                str(workdir / "old.po"),
                str(workdir / "new.pot"),
                str(workdir / "pot2po.po"),
            ],
        )
    if shutil.which("msgmerge"):
        _, results["msgmerge_s"] = timed(
            subprocess.run,
            [
                "msgmerge",
                "--quiet",
                "--previous",
                "-o",
                str(workdir / "merged.po"),
                str(workdir / "old.po"),
                str(workdir / "new.pot"),
            ],
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument(
        "--peer-size", type=int, default=2000, help="corpus size for msgcat/msgmerge (0 to skip)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(
            f"{'segments':>9} {'edited':>7} {'read s':>8} {'update s':>9} {'write s':>8} "
            f"{'recovered %':>12}"
        )
        for size in args.sizes:
            r = run_ours(size, work)
            print(
                f"{r['segments']:>9} {r['edited']:>7} {r['read_s']:>8.3f} {r['update_s']:>9.3f} "
                f"{r['write_s']:>8.3f} {r['recovered_pct']:>12.2f}"
            )
        if args.peer_size:
            p = run_peers(args.peer_size, work)
            print(f"\npeers on {p['segments']} segments (same files):")
            for key in (
                "ours_read_write_s",
                "msgcat_s",
                "polib_read_save_s",
                "msgmerge_s",
                "pot2po_s",
            ):
                if key in p:
                    print(f"  {key:<20} {p[key]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
