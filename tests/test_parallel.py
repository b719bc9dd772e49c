"""fork_map: the same results, in the same order, whether forked workers do the work or not."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reply_i18n import parallel
from reply_i18n.po.pofile import Catalog, Message
from reply_i18n.qa.coverage import coverage


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpus", lambda: 2)


@pytest.mark.usefixtures("two_cpus")
def test_workers_do_the_work_and_keep_the_order() -> None:
    results = parallel.fork_map(_square_and_pid, range(1000), min_items=100)
    assert [r for r, _ in results] == [n * n for n in range(1000)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2  # a quick worker may take every slice
    assert parallel._WORK is None  # nothing is kept for the next call


@pytest.mark.usefixtures("two_cpus")
def test_few_items_stay_in_this_process() -> None:
    results = parallel.fork_map(_square_and_pid, range(10), min_items=100)
    assert {pid for _, pid in results} == {os.getpid()}


def test_one_cpu_stays_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpus", lambda: 1)
    results = parallel.fork_map(_square_and_pid, range(1000), min_items=100)
    assert {pid for _, pid in results} == {os.getpid()}


def _fails_at_500(n: int) -> int:
    if n == 500:
        raise ValueError("item 500")
    return n


@pytest.mark.usefixtures("two_cpus")
def test_an_error_in_a_worker_is_raised_here() -> None:
    with pytest.raises(ValueError, match="item 500"):
        parallel.fork_map(_fails_at_500, range(1000), min_items=100)
    assert parallel._WORK is None


def test_cpus_is_one_inside_a_worker() -> None:
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(parallel.cpus) == 1


def test_coverage_counts_the_same_words_in_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    from reply_i18n.qa import coverage as module

    texts = ["Armenia's 2,700 anti-personnel mines.", "e.g. **bold** <br/> text", "Ещё раз"]
    messages = [
        Message(msgid=f"{texts[n % 3]} {n}", msgstr="x" if n % 4 else "", msgctxt=f"q{n}.a")
        for n in range(300)
    ]
    messages[7].fuzzy = True
    messages[9].obsolete = True
    cat = Catalog(header=None, messages=messages)
    monkeypatch.setattr(parallel, "cpus", lambda: 1)
    alone = coverage(cat, by="question")
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    monkeypatch.setattr(module, "PARALLEL_MIN", 20)
    assert coverage(cat, by="question") == alone
    assert alone[""].obsolete == 1
    assert alone[""].words["translated"] > 0


def test_jobs_option_limits_the_workers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``reply-i18n -j 1 check`` checks a large catalog in one process; ``-j 0`` is a usage
    error."""
    from typer.testing import CliRunner

    from reply_i18n.cli import app
    from reply_i18n.qa import checks

    monkeypatch.setattr(parallel, "JOBS", None)  # restored after the test, as the CLI sets it
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    monkeypatch.setattr(checks, "PARALLEL_MIN", 4)
    forks: list[str] = []
    real = parallel.multiprocessing.get_context

    def spy(method: str) -> object:
        forks.append(method)
        return real(method)

    monkeypatch.setattr(parallel.multiprocessing, "get_context", spy)
    root = tmp_path / "p"
    (root / "locale" / "az" / "LC_MESSAGES").mkdir(parents=True)
    entries = "".join(
        f'msgctxt "q{n}.a"\nmsgid "In 2021 we cleared {n} mines."\n'
        f'msgstr "2021-ci ildə {n} mina."\n\n'
        for n in range(40)
    )
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: az\\n"\n\n'
    (root / "locale" / "az" / "LC_MESSAGES" / "doc.po").write_text(header + entries)
    runner = CliRunner()
    one = runner.invoke(app, ["-C", str(root), "-j", "1", "check", "doc", "-l", "az"])
    assert one.exit_code == 0, one.output
    assert forks == []
    two = runner.invoke(app, ["-C", str(root), "-j", "2", "check", "doc", "-l", "az"])
    assert two.exit_code == 0, two.output
    assert forks == ["fork"]
    assert two.output == one.output
    bad = runner.invoke(app, ["-C", str(root), "-j", "0", "check"])
    assert bad.exit_code == 2


def _sleep_forever(_n: int) -> int:
    import time

    time.sleep(60)
    return 0


def _start(tmp_path: Path) -> tuple[subprocess.Popen[str], list[int]]:
    """A process running fork_map over work that never ends, and its two workers."""
    script = tmp_path / "run.py"
    script.write_text(
        "import sys\n"
        "from reply_i18n import parallel\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_parallel import _sleep_forever\n"
        "parallel.cpus = lambda: 2\n"
        "try:\n"
        "    parallel.fork_map(_sleep_forever, range(8), min_items=2)\n"
        "except KeyboardInterrupt:\n"
        "    sys.exit(130)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, str(script)], start_new_session=True, stderr=subprocess.PIPE, text=True
    )
    workers: list[int] = []
    for _ in range(100):  # up to 10 s for the workers to start
        time.sleep(0.1)
        found = subprocess.run(["pgrep", "-P", str(parent.pid)], capture_output=True, text=True)
        workers = [int(p) for p in found.stdout.split()]
        if len(workers) == 2:
            break
    assert len(workers) == 2
    return parent, workers


def _gone(workers: list[int]) -> bool:
    deadline = time.time() + 10
    while time.time() < deadline:
        if not any(_alive(pid) for pid in workers):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(shutil.which("pgrep") is None, reason="pgrep (procps) is not installed")
def test_ctrl_c_is_answered_by_the_parent_alone(tmp_path: Path) -> None:
    parent, workers = _start(tmp_path)
    os.killpg(parent.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    _, stderr = parent.communicate(timeout=20)
    assert parent.returncode == 130
    assert "ForkPoolWorker" not in stderr and "Traceback" not in stderr, stderr
    assert _gone(workers)


@pytest.mark.skipif(shutil.which("pgrep") is None, reason="pgrep (procps) is not installed")
def test_workers_die_with_a_parent_killed_outright(tmp_path: Path) -> None:
    parent, workers = _start(tmp_path)
    os.kill(parent.pid, signal.SIGKILL)
    parent.communicate(timeout=20)
    assert _gone(workers)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_jobs_never_exceed_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(parallel, "JOBS", 32)
    assert parallel.cpus() == 2
    monkeypatch.setattr(parallel, "JOBS", 1)
    assert parallel.cpus() == 1


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_keeps_its_status_when_clean_up_fails(
    monkeypatch: pytest.MonkeyPatch, signum: int, status: int
) -> None:
    """A signal that lands inside a clean-up (a ZIP file being closed while a member is
    half-opened) makes the clean-up raise an error of its own; the exit status is still
    128 + N and no traceback is printed."""
    from reply_i18n import cli

    def interrupted() -> None:
        try:
            cli._terminated(signum, None)
        finally:
            raise ValueError("Can't close the ZIP file while there is an open writing handle")

    saved = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(cli, "app", interrupted)
    monkeypatch.setattr(cli, "_SIGNALLED", [])
    try:
        with pytest.raises(SystemExit) as stopped:
            cli.main()
    finally:
        signal.signal(signal.SIGTERM, saved[0])
        signal.signal(signal.SIGINT, saved[1])
    assert stopped.value.code == status
    assert stopped.value.__suppress_context__
