"""Quitting while saves are queued: how soon the app stops, and how soon after the last
save is durable the process may exit.

A slow disk is stood in for by a write that takes ``--slow-ms``; a tag is saved behind
it, then ``q`` is pressed. The app must leave at once (it never waits for the disk on
its event loop) and closing the writer must return right after the last write.
Prints the figures; the last line is ``name=value`` pairs.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from reader.article.loading import load_article
from reader.store.database import Store
from reader.store.writer import BackgroundWriter
from reader.tui.app import ReaderApp

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"


async def measure(slow_ms: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "notes.json")
        writer = BackgroundWriter(store)
        marks: dict[str, float] = {}
        app = ReaderApp(article=load_article(SAMPLE), writer=writer)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            writer.submit(lambda _store: time.sleep(slow_ms / 1000))
            await pilot.press("S", "t", *"slow", "enter")
            writer.submit(lambda _store: marks.setdefault("durable", time.perf_counter()))
            pressed = time.perf_counter()
            await pilot.press("q")
            while app.is_running:
                await asyncio.sleep(0.001)
            marks["stopped"] = time.perf_counter() - pressed
        writer.close()
        closed = time.perf_counter()
        saved = len(store.annotations())
        store.close()
    return {
        "app_stops_ms": marks["stopped"] * 1000,
        "exit_after_durable_ms": (closed - marks["durable"]) * 1000,
        "notes_saved": saved,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slow-ms", type=float, default=1000.0)
    args = parser.parse_args()
    result = asyncio.run(measure(args.slow_ms))
    print(f"slow write queued ahead: {args.slow_ms:.0f} ms")
    print(f"app stopped after q:     {result['app_stops_ms']:.0f} ms")
    print(f"exit after last durable: {result['exit_after_durable_ms']:.1f} ms")
    print(f"notes saved:             {result['notes_saved']:.0f}")
    print(" ".join(f"{k}={v:.1f}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
