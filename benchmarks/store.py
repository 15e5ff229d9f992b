"""How long saving one annotation takes as the store grows, fsync included.

For 1k, 10k and 100k annotations already stored: p50 and p95 of ``Store.add`` (one
annotation, durable on return), the time to open the database, and the time of one
compaction (which folds the journal into the snapshot now and then). Runs in a
temporary directory. Last line: ``name=value`` pairs.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reader.article.model import fingerprint_text
from reader.notes.anchoring import reanchor
from reader.notes.annotations import Annotation, make_annotation
from reader.store.database import Store

SIZES = (1_000, 10_000, 100_000)
SAVES = 200
ARTICLES = 500

_SENTENCE = (
    "the minister said on Tuesday that the budget would be balanced by next spring "
    "although critics in the opposition doubted every figure in the report"
)
_WORDS = _SENTENCE.split()


def _article(i: int) -> str:
    words = [_WORDS[(i * 7 + k * 3) % len(_WORDS)] for k in range(400)]
    return f"Article {i}\n\n" + " ".join(words) + "\n"


def _annotations(count: int, texts: list[str]) -> list[Annotation]:
    anns = []
    for i in range(count):
        text = texts[i % len(texts)]
        start = (i * 37) % (len(text) - 80)
        anns.append(
            make_annotation(
                text,
                start,
                start + 20 + i % 60,
                fingerprint=fingerprint_text(text),
                source=f"/articles/{i % len(texts)}.txt",
                title=f"Article {i % len(texts)}",
                tags=("economy", f"tag{i % 50}"),
                note="a short note" if i % 3 == 0 else "",
            )
        )
    return anns


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


def bench(size: int, folder: Path, texts: list[str]) -> dict[str, float]:
    path = folder / f"bench-{size}.json"
    with Store(path) as store:
        store.add_many(_annotations(size, texts))
        store.compact()
    started = time.perf_counter()
    store = Store(path)
    open_ms = (time.perf_counter() - started) * 1000
    extra = _annotations(SAVES, texts[::-1])
    timings = []
    for ann in extra:
        started = time.perf_counter()
        store.add(ann)
        timings.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    store.compact()
    compact_ms = (time.perf_counter() - started) * 1000
    assert len(store) == size + SAVES
    store.close()
    size_mb = path.stat().st_size / 1_048_576
    result = {
        "p50": statistics.median(timings),
        "p95": _percentile(timings, 95),
        "max": max(timings),
        "open": open_ms,
        "compact": compact_ms,
        "mb": size_mb,
    }
    print(
        f"{size:>7} stored: save p50 {result['p50']:.2f} ms, p95 {result['p95']:.2f} ms, "
        f"max {result['max']:.2f} ms; open {open_ms:.0f} ms; compaction {compact_ms:.0f} ms; "
        f"file {size_mb:.1f} MB",
        flush=True,
    )
    return result


def bench_anchoring() -> tuple[float, float, int]:
    """Re-anchor 60 annotations in a ~100 KB article after edits around and inside them.

    Returns the mean and worst milliseconds per annotation and how many became orphans.
    """
    rng = random.Random(5)
    vocabulary = [f"{w}{i}" for i, w in enumerate(_WORDS * 80)]
    text = " ".join(rng.choice(vocabulary) for _ in range(12_000)) + "\n"
    fp = fingerprint_text(text)
    anns = []
    for k in range(60):
        start = 1500 + k * (len(text) - 3000) // 60
        anns.append(
            make_annotation(text, start, start + 15 + (k * 13) % 200, fingerprint=fp, source="a")
        )
    edited = "A new first paragraph, added later.\n\n" + text
    shift = len(edited) - len(text)
    for k, ann in enumerate(sorted(anns, key=lambda a: -a.start)):
        s, e = ann.start + shift, ann.end + shift
        if k % 3 == 0:  # a word changed inside the quote
            mid = (s + e) // 2
            edited = edited[:mid] + "CHANGED" + edited[mid + 3 :]
        elif k % 10 == 1:  # the passage deleted
            edited = edited[: s - 40] + edited[e + 40 :]
    times = []
    orphans = 0
    for ann in anns:
        started = time.perf_counter()
        [result] = reanchor(edited, [ann])
        times.append((time.perf_counter() - started) * 1000)
        orphans += result.orphaned
    return statistics.mean(times), max(times), orphans


def main() -> int:
    texts = [_article(i) for i in range(ARTICLES)]
    pairs: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            r = bench(size, Path(tmp), texts)
            label = f"{size // 1000}k"
            pairs += [f"p50_ms_{label}={r['p50']:.2f}", f"p95_ms_{label}={r['p95']:.2f}"]
            pairs.append(f"open_ms_{label}={r['open']:.0f}")
        pairs.append(f"compact_ms_100k={r['compact']:.0f}")
    mean_ms, worst_ms, orphans = bench_anchoring()
    print(
        f"re-anchoring in a 100 KB article: mean {mean_ms:.1f} ms, worst {worst_ms:.1f} ms "
        f"per annotation; {orphans} of 60 orphaned"
    )
    pairs += [f"reanchor_mean_ms_100kb={mean_ms:.1f}", f"reanchor_max_ms_100kb={worst_ms:.1f}"]
    print(" ".join(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
