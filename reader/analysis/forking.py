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
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_JOB: Callable[[int], Any] | None = None
"""The job forked workers run: set just before the fork, so nothing is pickled to them."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _run(part: int) -> Any:
    assert _JOB is not None
    return _JOB(part)


def fork_map(job: Callable[[int], T], parts: int, processes: int = 1) -> list[T]:
    """``[job(0), …, job(parts - 1)]``, on up to ``processes`` forked workers."""
    global _JOB
    if processes <= 1 or parts <= 1 or not can_fork():
        return [job(k) for k in range(parts)]
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(min(processes, parts)) as pool:
            return pool.map(_run, range(parts), chunksize=1)
    finally:
        _JOB = None
