"""Run a job over numbered parts in forked worker processes, for a book-sized text.

Why fork: the workers inherit what the caller has built (the document model, the
attribution so far) without it being pickled; only each part's small result comes
back. Forking a process that runs threads can deadlock, so only a process of its
own asks for more than one worker: the app's analysis child. Every caller gives the
same result whatever the number of workers — the parts are fixed by the text, not
by the workers.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

_JOB: Callable[[int], Any] | None = None
"""The job forked workers run: set just before the fork, so nothing is pickled to them."""


def can_fork() -> bool:
    """Fork is there, and this process runs no other thread (a fork would copy its locks)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run(part: int) -> Any:
    assert _JOB is not None
    return _JOB(part)


def fork_map(job: Callable[[int], T], parts: int, processes: int = 1) -> list[T]:
    """``[job(0), …, job(parts - 1)]``, on up to ``processes`` forked workers.

    A worker that dies (the system out of memory) does not hang the caller: the parts
    are then done here, one after another."""
    global _JOB
    if processes <= 1 or parts <= 1 or _JOB is not None or not can_fork():
        return [job(k) for k in range(parts)]
    _JOB = job
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(processes, parts), mp_context=context) as pool:
            return list(pool.map(_run, range(parts)))
    except BrokenProcessPool:
        return [job(k) for k in range(parts)]
    finally:
        _JOB = None
