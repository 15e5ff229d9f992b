"""The background writer: many threads may queue writes; each runs once, in order."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType
from typing import Any

import pytest

import reader.store.writer
from reader.store.writer import BackgroundWriter

THREADS = 4
PER_THREAD = 50


def _yield_between_opcodes(frame: FrameType, event: str, arg: Any) -> Any:
    """Trace the writer's own code opcode by opcode, handing the GIL over before each one,
    so that a read-modify-write of a shared counter is interleaved with other threads."""
    if event == "call":
        if frame.f_code.co_filename != reader.store.writer.__file__:
            return None
        frame.f_trace_opcodes = True
        return _yield_between_opcodes
    if event == "opcode":
        time.sleep(0)
    return _yield_between_opcodes


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Race amplifier: every thread switches inside the writer's code at every opcode."""
    threading.settrace(_yield_between_opcodes)
    sys.settrace(_yield_between_opcodes)
    try:
        yield
    finally:
        sys.settrace(None)
        threading.settrace(None)  # type: ignore[arg-type]


def test_writes_from_many_threads_all_run_in_order_and_pending_returns_to_zero(
    fast_switching: None,
) -> None:
    ran: list[tuple[int, int]] = []
    writer = BackgroundWriter(object())  # type: ignore[arg-type]
    start = threading.Barrier(THREADS)
    seen_negative = threading.Event()

    def op_for(thread: int, seq: int):  # type: ignore[no-untyped-def]
        def op(store: object) -> None:
            ran.append((thread, seq))

        return op

    def done(error: BaseException | None) -> None:
        if writer.pending < 0:
            seen_negative.set()

    def producer(thread: int) -> None:
        start.wait()
        for seq in range(PER_THREAD):
            writer.submit(op_for(thread, seq), done)

    producers = [threading.Thread(target=producer, args=(t,)) for t in range(THREADS)]
    for p in producers:
        p.start()
    for p in producers:
        p.join()
    writer.close()

    assert writer.pending == 0
    assert not seen_negative.is_set()
    assert len(ran) == THREADS * PER_THREAD
    for thread in range(THREADS):
        assert [seq for t, seq in ran if t == thread] == list(range(PER_THREAD))


def test_pending_counts_queued_writes_until_they_finish() -> None:
    release = threading.Event()
    writer = BackgroundWriter(object())  # type: ignore[arg-type]
    writer.submit(lambda store: release.wait(5))
    writer.submit(lambda store: None)
    assert writer.pending == 2
    release.set()
    writer.flush()
    assert writer.pending == 0
    writer.close()


def test_submit_after_close_is_refused_and_not_counted() -> None:
    writer = BackgroundWriter(object())  # type: ignore[arg-type]
    writer.close()
    with pytest.raises(RuntimeError):
        writer.submit(lambda store: None)
    assert writer.pending == 0
