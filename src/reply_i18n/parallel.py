"""Pure work over many items, shared among the CPUs by forked worker processes.

Checking and counting a catalog of 100,000 entries is the same small, pure function applied
to each entry.  :func:`fork_map` applies it in worker processes started with ``fork``, so
that they inherit the function and the items (a catalog already in memory) instead of
receiving them pickled; only the results travel back.  Where ``fork`` is not available
(Windows, or macOS where it is unsafe) or there is one CPU, the work is done in this
process, with the same results in the same order.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: What the workers read: inherited through ``fork``, never pickled.
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None

#: The most worker processes to use (``reply-i18n --jobs``); None: one per CPU.
JOBS: int | None = None


def cpus() -> int:
    """How many processes long work may use: the CPUs this process may use
    (``sched_getaffinity``: ``taskset`` and container limits count), or :data:`JOBS` if
    that is fewer (more processes than CPUs only share them); 1 where workers cannot be
    forked, and inside a pool's worker."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if multiprocessing.current_process().daemon:
        return 1  # a pool's worker may not start workers of its own
    available = len(os.sched_getaffinity(0))
    return available if JOBS is None else max(1, min(JOBS, available))


def init_worker(parent: int) -> None:
    """The initializer of every worker process; ``parent`` is the PID of the process that
    starts the pool.

    Ctrl-C reaches the whole process group, and only the parent answers it (it stops the
    pool and exits with status 130): a worker that took it too would die printing a
    traceback of its own, so workers ignore it.  And a worker must not outlive its parent:
    were the parent killed outright (``kill -9``, the out-of-memory killer), workers blocked
    on their task queue would wait for ever, so the kernel is asked to end them with it
    (Linux's ``PR_SET_PDEATHSIG``), and a worker whose parent is already gone leaves.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool ends its workers with it
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _slice(span: tuple[int, int]) -> list[Any]:
    assert _WORK is not None
    func, items = _WORK
    return [func(items[n]) for n in range(*span)]


def fork_map(func: Callable[[T], R], items: Sequence[T], *, min_items: int) -> list[R]:
    """``[func(item) for item in items]``, by forked workers when there are ``min_items``
    items or more and several CPUs (:func:`cpus`).

    ``func`` must be pure: it runs in another process, whose changes to memory are lost.
    Its results must pickle.  The items are cut into four slices per worker, so that a slow
    slice does not keep the others waiting.  Exceptions raised by ``func`` propagate.
    """
    global _WORK
    jobs = min(cpus(), len(items) // max(1, min_items // 2))
    if jobs < 2 or _WORK is not None:
        return [func(item) for item in items]
    step = -(-len(items) // (4 * jobs))
    spans = [(a, min(a + step, len(items))) for a in range(0, len(items), step)]
    _WORK = (func, items)
    try:
        with multiprocessing.get_context("fork").Pool(jobs, init_worker, (os.getpid(),)) as pool:
            return [result for part in pool.imap(_slice, spans) for result in part]
    finally:
        _WORK = None
