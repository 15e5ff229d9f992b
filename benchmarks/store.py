"""How long saving one annotation takes as the store grows, on both backends.

For 1k, 10k and 100k annotations already stored: p50 and p95 of ``add`` (one
annotation, durable on return: fsync for the file, a commit for the server), the time
to open the database, the time to read the notes of an article that has 1,000 of them
(what opening that article costs), and for the file one compaction (which folds the
journal into the snapshot now and then). The file store runs in a temporary directory;
the PostgreSQL store in a new database on the server ``--postgres URL`` (or
``$READER_TEST_POSTGRES``) names, dropped afterwards, and is skipped, saying so,
without one (``eval "$(scripts/test-postgres start)"`` starts a throwaway server).
Last line: ``name=value`` pairs; ``pg_`` figures are the server's, ``pg_vs_file_``
ratios compare the two in this run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from reader.article.model import fingerprint_text
from reader.notes.anchoring import reanchor
from reader.notes.annotations import Annotation, make_annotation
from reader.store.database import Store
from reader.store.interface import AnnotationStore
from reader.store.opening import open_store

Opener = Callable[[], AnnotationStore]

SIZES = (1_000, 10_000, 100_000)
SAVES = 200
ARTICLES = 500
BIG_ARTICLE_NOTES = 1_000

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


def _big_article(texts: list[str]) -> list[Annotation]:
    """1,000 notes on one article: what opening a heavily annotated article reads."""
    text = texts[0] + " extra" * 50
    return _annotations(BIG_ARTICLE_NOTES, [text])


def bench(size: int, opener: Opener, texts: list[str], label: str) -> dict[str, float]:
    big = _big_article(texts)
    with opener() as store:
        store.add_many(_annotations(size - BIG_ARTICLE_NOTES, texts) + big)
        store.compact()
    started = time.perf_counter()
    store = opener()
    open_ms = (time.perf_counter() - started) * 1000
    reads = []
    for _ in range(5):
        started = time.perf_counter()
        assert len(store.annotations(big[0].fingerprint)) == BIG_ARTICLE_NOTES
        reads.append((time.perf_counter() - started) * 1000)
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
    result = {
        "p50": statistics.median(timings),
        "p95": _percentile(timings, 95),
        "max": max(timings),
        "open": open_ms,
        "article": statistics.median(reads),
        "compact": compact_ms,
    }
    print(
        f"{label:>4} {size:>7} stored: save p50 {result['p50']:.2f} ms, "
        f"p95 {result['p95']:.2f} ms, max {result['max']:.2f} ms; open {open_ms:.0f} ms; "
        f"an article's {BIG_ARTICLE_NOTES} notes {result['article']:.0f} ms; "
        f"compaction {compact_ms:.0f} ms",
        flush=True,
    )
    return result


@contextmanager
def _postgres_database(admin: str) -> Iterator[str]:
    import psycopg

    name = f"reader_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a generated name
    parts = urlsplit(admin)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", default=os.environ.get("READER_TEST_POSTGRES"))
    args = parser.parse_args()
    texts = [_article(i) for i in range(ARTICLES)]
    pairs: list[str] = []
    files: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            path = Path(tmp) / f"bench-{size}.json"
            r = files[size] = bench(size, lambda path=path: Store(path), texts, "file")
            label = f"{size // 1000}k"
            pairs += [f"p50_ms_{label}={r['p50']:.2f}", f"p95_ms_{label}={r['p95']:.2f}"]
            pairs += [
                f"open_ms_{label}={r['open']:.0f}",
                f"article_1k_ms_{label}={r['article']:.1f}",
            ]
        pairs.append(f"compact_ms_100k={r['compact']:.0f}")
    if args.postgres:
        for size in SIZES[1:]:
            with _postgres_database(args.postgres) as url:
                r = bench(size, lambda url=url: open_store(url), texts, "pg")
            label, f = f"{size // 1000}k", files[size]
            pairs += [f"pg_p50_ms_{label}={r['p50']:.2f}", f"pg_p95_ms_{label}={r['p95']:.2f}"]
            pairs += [f"pg_open_ms_{label}={r['open']:.0f}"]
            pairs += [f"pg_article_1k_ms_{label}={r['article']:.1f}"]
            pairs += [f"pg_vs_file_p95_{label}={r['p95'] / f['p95']:.2f}"]
            pairs += [f"pg_vs_file_article_1k_{label}={r['article'] / f['article']:.2f}"]
    else:
        print("postgresql: skipped (no --postgres URL and no $READER_TEST_POSTGRES)")
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
