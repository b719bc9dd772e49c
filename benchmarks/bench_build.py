"""Time ``reply-i18n build`` of the shipped reply with every format, as a user runs it.

Each run is a fresh process (imports, fonts and all) on a copy of the project in a temporary
directory, with SOURCE_DATE_EPOCH set; the build directory is removed before each run so that
every file is rendered and written.  Prints each run's wall-clock and CPU time (the build
renders PDFs in worker processes, one per core; their CPU time is included), the best and the
median, the load average (other work on the machine slows the wall clock, not the CPU time),
the files and their sizes, and the CPU time per format from one in-process render.

    python benchmarks/bench_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = "fsc-emi-122-25"
BUDGET = 3.0  # seconds, on 2 cores


def copy_project(into: Path) -> Path:
    for name in ("source", "locale"):
        shutil.copytree(ROOT / name, into / name)
    shutil.copy(ROOT / "reply-i18n.toml", into / "reply-i18n.toml")
    return into


def run_build(project: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, worker processes included) of one build."""
    shutil.rmtree(project / "build", ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1746489600"}
    command = [sys.executable, "-m", "reply_i18n", "-C", str(project), "build"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def per_format(project: Path) -> dict[str, float]:
    """CPU seconds per format for all editions of the document, rendered in this process."""
    import datetime

    from reply_i18n.config import load_config
    from reply_i18n.files import read_catalog, read_document
    from reply_i18n.publish.editions import plan_editions
    from reply_i18n.publish.render import MODULES, renderer

    config = load_config(project)
    doc = read_document(project / "source" / f"{DOC}.txt", f"{DOC}.txt")
    catalogs = {
        lang: read_catalog(project / "locale" / lang / "LC_MESSAGES" / f"{DOC}.po")
        for lang in config.locales
    }
    stamp = datetime.datetime(2025, 5, 6, tzinfo=datetime.UTC)
    plan = plan_editions(doc, catalogs, list(config.locales), config, stamp=stamp)
    out = {}
    for fmt in MODULES:
        start = time.process_time()
        for output in plan.outputs([fmt]):
            renderer(fmt)(output.edition)
        out[fmt] = time.process_time() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp))
        run_build(project)  # warm the file cache
        times = []
        cpus_used = []
        for n in range(args.runs):
            wall, cpu = run_build(project)
            times.append(wall)
            cpus_used.append(cpu)
            print(f"run {n + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        files = sorted((project / "build" / DOC).iterdir())
        print(f"{len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB:")
        for f in files:
            print(f"  {f.name:<32} {f.stat().st_size / 1e3:>8.1f} kB")
        best, median = min(times), statistics.median(times)
        cpus = len(os.sched_getaffinity(0))
        load = os.getloadavg()[0]
        print(
            f"build, every format: best {best:.2f} s, median {median:.2f} s wall, "
            f"{min(cpus_used):.2f} s CPU ({cpus} cores, load average {load:.1f}); "
            f"budget {BUDGET:.0f} s: " + ("within" if best < BUDGET else "OVER")
        )
        print("in-process render CPU time per format, all editions:")
        for fmt, seconds in per_format(project).items():
            print(f"  {fmt:<5} {seconds:.2f} s")


if __name__ == "__main__":
    main()
