"""``reader corpus analyze PATH... --out OUT.jsonl|OUT.parquet``: a whole corpus on Dask.

Why a command of its own: ``reader analyze`` runs in one process and prints as it
goes, which suits a handful of files; a corpus of thousands wants every core, or a
cluster the team already runs (``--scheduler``), and a file to fill. The work is in
``reader.corpus.distributed``; this module parses, reports and draws the progress bar.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from reader.analysis import BACKENDS
from reader.corpus.distributed import PARTITION_SIZE


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def add_parser(sub: argparse._SubParsersAction) -> None:
    p_corpus = sub.add_parser(
        "corpus", help="analyse a whole corpus on Dask, into JSONL or Parquet"
    )
    corpus_sub = p_corpus.add_subparsers(dest="corpus_command", metavar="COMMAND", required=True)
    p_an = corpus_sub.add_parser(
        "analyze",
        help="analyse every article on Dask workers, writing one file as they finish",
        description="Analyse files, folders and URLs on a local Dask cluster or an existing one; "
        "needs the corpus extra: pip install 'reader[corpus]'.",
    )
    p_an.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders or URLs")
    p_an.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="OUT.jsonl|OUT.parquet",
        help="JSONL as 'reader analyze --format jsonl' prints it, or Parquet: "
        "OUT.quotes.parquet and OUT.entities.parquet",
    )
    where = p_an.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="worker processes of a local cluster (default: one per CPU)",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 "
        "(its workers need reader and the files at the same paths)",
    )
    p_an.add_argument("--backend", choices=BACKENDS, default="rules", help="entity backend")
    p_an.add_argument(
        "-r", "--recursive", action="store_true", help="read the sub-folders of folders too"
    )
    p_an.add_argument(
        "--partition-size",
        type=_positive,
        default=PARTITION_SIZE,
        metavar="N",
        help=f"documents per Dask task (default {PARTITION_SIZE})",
    )


class ProgressBar:
    """One self-redrawing line on a terminal (nothing when stderr is a file or pipe:
    a log should get the failures and the summary, not hundreds of redraws)."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._line = ""
        self._started = time.perf_counter()
        self.enabled = stream.isatty()

    def update(self, done: int, total: int, failed: int) -> None:
        if not self.enabled:
            return
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        seconds = time.perf_counter() - self._started
        self._line = f"[{bar}] {done}/{total} documents, {failed} failed, {seconds:.0f} s"
        self._stream.write("\r" + self._line + "\x1b[K")
        self._stream.flush()

    def say(self, line: str) -> None:
        """Print a line above the bar, then draw the bar again."""
        if self.enabled and self._line:
            self._stream.write("\r\x1b[K" + line + "\n" + self._line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self.enabled and self._line:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


def corpus_command(args: argparse.Namespace) -> int:
    """``reader corpus COMMAND``: only ``analyze`` so far."""
    return analyze_command(args)


def analyze_command(args: argparse.Namespace) -> int:
    """Exit 0 when every document was analysed, 1 when some failed (each said on
    stderr), 2 (via ``ReaderError``) when the run could not start. The summary's
    seconds are the whole command's, cluster start included: what the user waited."""
    from reader.corpus.distributed import analyze_corpus, connect, require_dask, work_items
    from reader.corpus.outputs import open_writer, output_kind
    from reader.corpus.reading import expand_paths

    started = time.perf_counter()
    require_dask()
    out = Path(args.out)
    output_kind(out)  # a wrong extension or a missing pyarrow, before any cluster starts
    missing: list[str] = []

    def unfound(source: str, error: Exception) -> None:  # a path that names nothing
        print(f"reader: {error}", file=sys.stderr)
        missing.append(source)

    items = work_items(expand_paths(args.paths, recursive=args.recursive, on_error=unfound))
    bar = ProgressBar(sys.stderr)
    with connect(workers=args.workers, scheduler=args.scheduler) as client:
        writer = open_writer(out)
        try:
            summary = analyze_corpus(
                items,
                client,
                writer,
                backend=args.backend,
                partition_size=args.partition_size,
                report=lambda source, reason: bar.say(f"reader: {source}: {reason}"),
                progress=bar.update,
            )
        finally:
            writer.close()
            bar.close()
    written = ", ".join(str(path) for path in writer.paths)
    failed = summary.failed + len(missing)
    print(
        f"reader: {summary.documents + len(missing)} documents, {failed} failed, "
        f"{time.perf_counter() - started:.1f} s; wrote {written}",
        file=sys.stderr,
    )
    return 1 if failed else 0


__all__ = ["ProgressBar", "add_parser", "analyze_command", "corpus_command"]
