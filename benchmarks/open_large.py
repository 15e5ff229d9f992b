"""Opening and scrolling a 5 MB article against the 3 KB sample, measured with Pilot.

The design goal: a 5 MB article opens about as fast as a 3 KB one and a scroll key
is as quick, because the view wraps only the paragraphs on screen.

Method (both cases run in one process, after a warm-up app run, so imports, CSS
parsing and regex compilation are charged to neither):

* load_ms: ``load_article`` (read, decode, newlines, title, fingerprint).
* open_ms, open to first paint: from constructing ``ReaderApp`` to the moment the
  article view's first ``render_lines`` call returns, i.e. the first frame with the
  article's rows drawn (the view's ``render_lines`` is wrapped to note the time).
  The analysis worker starts at mount, so for the large article it is already
  competing for the GIL: that is part of what the user waits for.
* ready_ms: ``run_test`` entry plus one ``pilot.pause()``, Pilot's own notion of
  "ready". ``pause`` waits until the *process* looks idle, in 20 ms steps and at
  most 1 s per wait, so a busy analysis thread inflates it: reference only.
* key latency: one sample is a key event posted to the app, every message it
  causes handled (cursor move, status line; Pilot's message-queue wait, twice for
  the messages those post), then the screen painted synchronously (the
  screen's update, which renders the dirty rows). This measures the reader's own
  work per key; ``pilot.press`` + ``pilot.pause`` would add Pilot's 20 ms idle
  polling (about 60-120 ms per key whatever the app does), which is printed
  once as ``pilot round trip`` for comparison. Keys: KEYS, ROUNDS presses each,
  after analysis has finished; ``G``/``g`` alternate, so each press jumps the
  whole article; other keys restart from the top between keys.
* j during analysis: the same measure for ``j`` pressed every KEY_REPEAT seconds
  (a held key) from the first paint until the analysis worker has finished; this
  includes the moment the finished analysis is put on screen.
* show_analysis_ms: time the UI thread spends putting the finished analysis on
  screen (highlight layers, side pane), measured by wrapping the method.
* peak_rss_mb: the process's peak resident memory after each case (it never
  shrinks, so the large figure includes the small run).

Each case starts with an empty analysis cache (``XDG_CACHE_HOME`` in a temp folder), so
the analysis is run, not read back from an earlier run.

Run: ``python benchmarks/open_large.py [--size-mb 5] [--rounds 100]``. The last line
is ``name=value`` pairs for scripts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot

from reader.article.loading import load_article
from reader.article.model import Article
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.reader_screen import ReaderScreen

SAMPLE = Path(__file__).resolve().parent.parent / "sample_articles" / "livingstone-resigns.txt"
KEYS = ("j", "pagedown", "G", "g", "w", "}")
SIZE = (120, 40)
KEY_REPEAT = 0.04
"""Seconds between the presses made during analysis: a terminal's key repeat rate."""

_marks: dict[str, float] = {}
_durations: dict[str, float] = {}


def _note_first_paint(render_lines: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(self: ArticleView, crop: Any) -> Any:
        lines = render_lines(self, crop)
        _marks.setdefault("first_paint", time.perf_counter())
        return lines

    return wrapper


def _time_it(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            _durations[name] = _durations.get(name, 0.0) + time.perf_counter() - started

    return wrapper


ArticleView.render_lines = _note_first_paint(ArticleView.render_lines)  # type: ignore[method-assign]
ReaderScreen.on_analysis_ready = _time_it("show_analysis", ReaderScreen.on_analysis_ready)  # type: ignore[method-assign]


def build_large(directory: Path, size_mb: float) -> Path:
    """The sample repeated, as separate paragraphs, to ``size_mb`` megabytes."""
    unit = SAMPLE.read_bytes().strip() + b"\n\n"
    copies = max(1, int(size_mb * 1_000_000) // len(unit))
    path = directory / "large.txt"
    path.write_bytes(unit * copies)
    return path


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def key_ms(app: ReaderApp, pilot: Pilot, key: str) -> float:
    """Milliseconds from a key event to its effects painted (see the module doc)."""
    name, char = {"}": ("right_curly_bracket", "}"), "pagedown": ("pagedown", None)}.get(
        key, (key, key)
    )
    started = time.perf_counter()
    app.post_message(events.Key(name, char))
    await pilot._wait_for_screen()
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return (time.perf_counter() - started) * 1000


async def measure(article: Article, rounds: int) -> dict[str, float]:
    result: dict[str, float] = {}
    _marks.clear()
    _durations.clear()
    started = time.perf_counter()
    app = ReaderApp(article=article)
    async with app.run_test(size=SIZE) as pilot:
        entered = time.perf_counter()
        during = [await key_ms(app, pilot, "j")]
        while any(w.is_running for w in app.workers) and len(during) < 1000:
            await asyncio.sleep(KEY_REPEAT)  # a held key, not a flood
            during.append(await key_ms(app, pilot, "j"))
        await pilot.pause()
        result["ready_ms"] = (time.perf_counter() - started) * 1000
        result["open_ms"] = (_marks["first_paint"] - started) * 1000
        result["enter_ms"] = (entered - started) * 1000
        result["during_p50_ms"] = statistics.median(during)
        result["during_p95_ms"] = percentile(during, 0.95)
        result["during_max_ms"] = max(during)
        result["during_count"] = len(during)
        screen_text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert article.text.split("\n", 1)[0][:30] in screen_text, "article not on screen"

        await app.workers.wait_for_complete()
        await pilot.pause()
        result["analysis_ms"] = (time.perf_counter() - _marks["first_paint"]) * 1000
        result["show_analysis_ms"] = _durations.get("show_analysis", 0.0) * 1000

        t = time.perf_counter()
        for _ in range(5):
            await pilot.press("j")
            await pilot.pause()
        result["pilot_round_trip_ms"] = (time.perf_counter() - t) * 1000 / 5

        samples: list[float] = []
        for key in KEYS:
            await key_ms(app, pilot, "g")
            times = [await key_ms(app, pilot, key) for _ in range(rounds)]
            samples += times
            result[f"{key}_p50_ms"] = statistics.median(times)
            result[f"{key}_p95_ms"] = percentile(times, 0.95)
        result["key_p50_ms"] = statistics.median(samples)
        result["key_p95_ms"] = percentile(samples, 0.95)
        view = app.screen.query_one(ArticleView)
        result["wrapped_paragraphs"] = sum(
            view.layout_model.is_wrapped(p) for p in range(view.layout_model.para_count)
        )
        result["paragraphs"] = view.layout_model.para_count
    result["peak_rss_mb"] = peak_rss_mb()
    return result


async def warm_up() -> None:
    app = ReaderApp(article=load_article(SAMPLE))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("j", "G", "g", "w", "}", "pagedown")
        await pilot.pause()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=100, help="presses of each key")
    args = parser.parse_args()

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(dir=tmp)  # not the user's cache
        asyncio.run(warm_up())
        large_path = build_large(Path(tmp), args.size_mb)
        for label, path in (("small", SAMPLE), ("large", large_path)):
            # an empty analysis cache for each: the analysis is measured, not read back
            os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(dir=tmp)
            t = time.perf_counter()
            article = load_article(path)
            load_ms = (time.perf_counter() - t) * 1000
            results[label] = asyncio.run(measure(article, args.rounds))
            results[label]["load_ms"] = load_ms
            results[label]["size_kb"] = article.size / 1024

    small, large = results["small"], results["large"]
    rows = [
        ("size (KB)", "size_kb", "{:.0f}"),
        ("paragraphs (wrapped at end)", "", "paras"),
        ("load_article (ms)", "load_ms", "{:.1f}"),
        ("open to first paint (ms)", "open_ms", "{:.1f}"),
        ("run_test entered (ms)", "enter_ms", "{:.1f}"),
        ("Pilot ready, ref. (ms)", "ready_ms", "{:.0f}"),
        ("j presses during analysis", "during_count", "{:.0f}"),
        ("j during analysis p50 (ms)", "during_p50_ms", "{:.2f}"),
        ("j during analysis p95 (ms)", "during_p95_ms", "{:.2f}"),
        ("j during analysis max (ms)", "during_max_ms", "{:.2f}"),
        ("analysis done (ms)", "analysis_ms", "{:.0f}"),
        ("UI time showing analysis (ms)", "show_analysis_ms", "{:.0f}"),
        ("pilot round trip, ref. (ms)", "pilot_round_trip_ms", "{:.0f}"),
        *[(f"key {k} p50 / p95 (ms)", k, "keys") for k in KEYS],
        ("all keys p50 (ms)", "key_p50_ms", "{:.2f}"),
        ("all keys p95 (ms)", "key_p95_ms", "{:.2f}"),
        ("peak RSS (MB)", "peak_rss_mb", "{:.0f}"),
    ]
    print(f"{'':31} {'small':>15} {'large':>15} {'large/small':>12}")
    for name, key, fmt in rows:
        if fmt == "paras":
            cells = [
                f"{int(r['paragraphs'])} ({int(r['wrapped_paragraphs'])})" for r in results.values()
            ]
            print(f"{name:31} {cells[0]:>15} {cells[1]:>15}")
            continue
        if fmt == "keys":
            cells = [f"{r[key + '_p50_ms']:.2f} / {r[key + '_p95_ms']:.2f}" for r in (small, large)]
            ratio = large[key + "_p95_ms"] / max(small[key + "_p95_ms"], 1e-9)
        else:
            cells = [fmt.format(r[key]) for r in (small, large)]
            ratio = large[key] / max(small[key], 1e-9)
        print(f"{name:31} {cells[0]:>15} {cells[1]:>15} {ratio:>11.2f}x")

    pairs = {
        "open_ms_small": small["open_ms"],
        "open_ms_large": large["open_ms"],
        "open_ratio": large["open_ms"] / small["open_ms"],
        "load_ms_large": large["load_ms"],
        "key_p50_ms_small": small["key_p50_ms"],
        "key_p95_ms_small": small["key_p95_ms"],
        "key_p50_ms_large": large["key_p50_ms"],
        "key_p95_ms_large": large["key_p95_ms"],
        "key_p95_ratio": large["key_p95_ms"] / small["key_p95_ms"],
        "key_during_analysis_p95_ms_large": large["during_p95_ms"],
        "key_during_analysis_max_ms_large": large["during_max_ms"],
        "analysis_ms_large": large["analysis_ms"],
        "show_analysis_ms_large": large["show_analysis_ms"],
        "peak_rss_mb": large["peak_rss_mb"],
    }
    print(" ".join(f"{name}={value:.2f}" for name, value in pairs.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
