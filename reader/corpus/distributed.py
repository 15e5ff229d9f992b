"""Analyse a big corpus on Dask: a local cluster of worker processes, or a team's own.

Why Dask: the analysis of one article is pure Python and independent of the others,
so a corpus of thousands spreads over processes, and over machines a lab already runs
a ``distributed`` scheduler on, without reader managing any of it. A ``dask.bag`` over
the files holds only their names; each task loads and analyses a partition of them
where it runs (the files are never shipped), and returns the finished JSONL lines or
table rows. The driver keeps a bounded number of partitions in flight, writes each
as it completes and drops it, so memory stays flat however large the corpus: only
the list of file names grows with it.

Dask is an optional extra: it is imported only when a run starts, so this module
(and the command line that imports it) loads without ``reader[corpus]`` installed.
Workers of an existing cluster need reader installed and the files at the same paths.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.corpus.outputs import INSTALL_HINT, Rows, Writer, dumps, record_rows
from reader.errors import ArticleError, ReaderError

__all__ = [
    "DASK_MISSING",
    "PARTITION_SIZE",
    "PartitionResult",
    "Summary",
    "analyze_corpus",
    "analyze_partition",
    "connect",
    "require_dask",
    "work_items",
]

DASK_MISSING = f"corpus analysis needs Dask: {INSTALL_HINT}"
PARTITION_SIZE = 16
"""Documents per task: ~0.2 s of analysis for news-sized articles, long enough that
Dask's per-task overhead (a few ms) is noise, short enough to keep workers balanced."""
IN_FLIGHT_PER_WORKER = 2
"""Partitions submitted per worker thread: one running, one queued so a worker never
waits on the driver; more would only hold results in memory."""
RUN_CONFIG = {
    "distributed.admin.low-level-log-length": 50,
    "distributed.worker.profile.enabled": False,
}
"""Dask settings for a run (a local cluster's workers inherit them). Dask keeps its
last 1,000 messages per connection for debugging, each partition's file names
included: memory a corpus run would grow by for no one's benefit. Its statistical
profiler samples the analysis's deep stacks 100 times a second: 8% of a worker's time
on the benchmark."""
CONNECT_TIMEOUT = 10.0
"""Seconds to reach an existing scheduler before saying it cannot be reached."""

Item = tuple[str, str]
"""A document: its source as the user named it (kept in the record) and where a
worker loads it from (an absolute path, since a worker's folder may differ, or a URL)."""


def require_dask() -> None:
    """Raise the one-line install hint unless Dask's bag and distributed are importable."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise ReaderError(DASK_MISSING) from None


def work_items(sources: Sequence[str | Path]) -> list[Item]:
    """What workers need for each source found by ``find_articles``."""
    from reader.article.fetching import is_url

    items: list[Item] = []
    for source in sources:
        name = str(source)
        items.append((name, name if is_url(name) else os.path.abspath(name)))
    return items


@dataclass
class PartitionResult:
    """What a task sends back: the output for its documents and which ones failed."""

    lines: list[str] = field(default_factory=list)
    quotes: Rows = field(default_factory=Rows)
    entities: Rows = field(default_factory=Rows)
    failures: list[tuple[str, str]] = field(default_factory=list)


def _reason(location: str, error: Exception) -> str:
    """The problem without the path it starts with (the source is named by the caller)."""
    message = str(error)
    prefix = f"{location}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def analyze_partition(items: list[Item], backend: str, kind: str) -> PartitionResult:
    """Load and analyse each document on the worker; ``kind`` "jsonl" makes lines,
    "parquet" table rows. A document that cannot be read or analysed is a failure of
    its own; a ``ReaderError`` that is not about the article (an unavailable backend)
    would fail every document alike, so it stops the run instead."""
    from reader.analysis import analyze
    from reader.analysis.records import analysis_record
    from reader.article.loading import load_article

    result = PartitionResult()
    for source, location in items:
        try:
            article = load_article(location)
            analysis = analyze(article.text, backend=backend)
        except ArticleError as exc:
            result.failures.append((source, _reason(location, exc)))
            continue
        except ReaderError:
            raise
        except Exception as exc:  # one bad document must not stop a corpus
            result.failures.append((source, f"analysis failed ({type(exc).__name__}: {exc})"))
            continue
        record = analysis_record(source, article, analysis)
        if kind == "jsonl":
            result.lines.append(dumps(record))
        else:
            record_rows(record, result.quotes, result.entities)
    return result


@dataclass(frozen=True)
class Summary:
    """How a run went, for the last line the command prints."""

    documents: int
    failed: int
    seconds: float


@contextmanager
def connect(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: on the scheduler at ``scheduler``, else on a local
    cluster of ``workers`` single-threaded processes (default: one per CPU), which is
    shut down afterwards. The analysis holds the GIL, so processes, not threads."""
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(RUN_CONFIG):
        if scheduler:
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ReaderError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from None
            with client:
                yield client
            return
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",  # a free port: 8787 may be taken by another cluster
            silence_logs=logging.CRITICAL,  # one-line errors are ours, not worker tracebacks
        )
        with cluster, Client(cluster) as client:
            yield client


def _partitions(
    items: Sequence[Item], backend: str, kind: str, size: int
) -> Iterator[tuple[Any, Sequence[Item]]]:
    """Each partition's ``Delayed`` with the documents it covers, from one bag over
    the whole file list. One bag makes one task group: the scheduler keeps every
    group it has seen for the life of a cluster (a bag per batch would grow it). Each
    ``Delayed`` carries only its own partition's tasks, taken out of the bag's graph
    as it is handed out, so the scheduler only ever holds those in flight."""
    import dask.bag as db
    from dask.core import get_dependencies
    from dask.delayed import Delayed

    bag = db.from_sequence(items, partition_size=size)  # consecutive runs of ``size``
    parts = bag.map_partitions(analyze_partition, backend, kind).to_delayed()
    graph = dict(parts[0].__dask_graph__()) if parts else {}
    for index, part in enumerate(parts):
        own: dict[Any, Any] = {}
        todo = [part.key]
        while todo:  # the partition's own tasks: after fusion, a task and its alias
            key = todo.pop()
            if key in graph:
                todo.extend(get_dependencies(graph, key))
                own[key] = graph.pop(key)
        yield Delayed(part.key, own), items[index * size : (index + 1) * size]


def _collect(future: Any, chunk: Sequence[Item]) -> PartitionResult:
    """A finished partition's result; a partition lost as a whole (its worker died
    again and again) fails each of its documents, and what would fail every one of
    them (workers without reader, a lost scheduler, a bad backend) stops the run."""
    try:
        return future.result()
    except ReaderError:
        raise
    except ImportError as exc:
        raise ReaderError(
            f"the Dask workers cannot run reader's analysis ({exc}); install reader where they run"
        ) from None
    except concurrent.futures.CancelledError:
        raise ReaderError("the Dask scheduler dropped the work (connection lost?)") from None
    except Exception as exc:
        reason = f"not analysed: its partition failed ({type(exc).__name__}: {exc})"
        return PartitionResult(failures=[(source, reason) for source, _ in chunk])


def analyze_corpus(
    items: Sequence[Item],
    client: Any,
    writer: Writer,
    *,
    backend: str = "rules",
    partition_size: int = PARTITION_SIZE,
    report: Callable[[str, str], None] = lambda source, reason: None,
    progress: Callable[[int, int, int], None] = lambda done, total, failed: None,
) -> Summary:
    """Analyse every document on ``client``'s cluster, writing each partition as it
    completes (in completion order). ``report(source, reason)`` is called for each
    failed document, ``progress(done, total, failed)`` after each partition."""
    from distributed import as_completed

    started = time.perf_counter()
    threads = sum(client.nthreads().values()) or 1
    window = max(2, IN_FLIGHT_PER_WORKER * threads)
    # A small corpus is cut finer, so that every worker gets some of it.
    size = max(1, min(partition_size, -(-len(items) // window)))
    parts = _partitions(items, backend, writer.kind, size)
    pending: dict[Any, Sequence[Item]] = {}
    finished = as_completed()

    def submit_next() -> None:
        following = next(parts, None)
        if following is not None:
            delayed, chunk = following
            future = client.compute(delayed)
            pending[future] = chunk
            finished.add(future)

    for _ in range(window):
        submit_next()
    done = failed = 0
    try:
        for future in finished:
            chunk = pending.pop(future)
            result = _collect(future, chunk)
            del future  # the worker may now drop the result
            submit_next()
            writer.write(result.lines, result.quotes, result.entities)
            for source, reason in result.failures:
                report(source, reason)
            done += len(chunk)
            failed += len(result.failures)
            progress(done, len(items), failed)
    finally:
        for future in pending:
            future.cancel()
    return Summary(documents=done, failed=failed, seconds=time.perf_counter() - started)
