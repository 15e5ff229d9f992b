"""A corpus on Dask: ``reader analyze`` in one process against ``reader corpus analyze``.

Invented news articles (~3 KB each, quotes with speakers, people, organisations,
places, dates and amounts, every one different; seeded, so every run makes the same
corpus) are written to a temporary folder. Then, side by side in one run over the
same ``--articles`` files (default 1,000): plain ``reader analyze --format jsonl`` (one
process, output to a file), ``reader corpus analyze --workers 1`` and ``--workers 2``,
each the whole command as a user runs it (start-up and cluster start included), and
whether the corpus runs wrote the same lines as the plain one.

Memory: the peak resident memory of the ``reader corpus analyze --workers 2`` driver
plus its worker processes (each process's own peak, summed), for ``--articles`` and
for ``--memory-articles`` (default 4,000), to show it stays flat as the corpus grows:
the driver's, split out, holds the run; the workers grow only as one plain ``reader
analyze`` process does over the same files (measured too), by the analysis's word
caches, bounded LRUs that fill as new words arrive. With psutil (Dask brings it) the
process tree is polled and each process's kernel-kept peak (``VmHWM``) read; without
it, ``getrusage`` gives the largest single process only. Last line: ``name=value``
pairs.

    python benchmarks/corpus_dask.py [--articles 1000] [--memory-articles 4000]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

FIRST = [
    "Anna",
    "Maria",
    "Tomasz",
    "Kwame",
    "Ama",
    "Kofi",
    "Efua",
    "James",
    "Sarah",
    "David",
    "Helen",
    "Piotr",
    "Agnieszka",
    "Olusegun",
    "Ngozi",
    "Rachel",
    "Daniel",
    "Fatima",
    "Omar",
    "Ingrid",
    "Lars",
    "Chen",
    "Mei",
    "Ravi",
    "Priya",
    "Lucia",
    "Marco",
    "Sofia",
    "Jonas",
    "Claire",
]
LAST = [
    "Kowalski",
    "Nowak",
    "Mensah",
    "Owusu",
    "Boateng",
    "Carter",
    "Hughes",
    "Whitfield",
    "Lewandowska",
    "Adeyemi",
    "Okafor",
    "Brennan",
    "Moreau",
    "Rossi",
    "Bianchi",
    "Lindqvist",
    "Haugen",
    "Zhang",
    "Liu",
    "Sharma",
    "Patel",
    "Alvarez",
    "Fischer",
    "Novak",
    "Dubois",
    "Kaminski",
    "Asante",
    "Osei",
    "Murphy",
    "Gallagher",
]
ORGS = (
    "the Ministry of Transport",
    "Northwind Shipping",
    "the Cocoa Board",
    "Baltic Yards",
    "the European Commission",
    "the Transport Workers' Union",
    "Harbourline Ferries",
    "the National Audit Office",
    "Greenfield Capital",
    "the City Council",
)
PLACES = [
    "Gdansk",
    "Accra",
    "Leeds",
    "Rotterdam",
    "Kumasi",
    "Hamburg",
    "Lagos",
    "Glasgow",
    "Oslo",
    "Lyon",
    "Milan",
    "Cardiff",
    "Tema",
    "Szczecin",
    "Dublin",
]
ROLES = (
    "a spokeswoman for",
    "the chief executive of",
    "a senior official at",
    "the chair of",
    "an economist at",
    "a lawyer representing",
)
VERBS = ("said", "told reporters", "added", "warned", "insisted", "explained")
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "April", "June", "September", "October", "November"]
CLAIMS = (
    "we will not sign a contract that leaves the yard without work next winter",
    "the payments were delayed by weeks and farmers had to borrow to buy seed",
    "nobody in this building knew the figures until the report was published",
    "the ferries are older than the people who sail on them",
    "this is the largest order the region has seen in a generation",
    "every penny of the money will be accounted for in public",
    "we asked for a meeting three times and heard nothing back",
    "the timetable was never realistic and everyone at the table knew it",
    "the price of fuel has doubled and the fares cannot stay where they are",
    "I am confident the deal will survive the review",
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _paragraph(rng: random.Random, n: int) -> str:
    person, org, place = _person(rng), rng.choice(ORGS), rng.choice(PLACES)
    claim, verb = rng.choice(CLAIMS), rng.choice(VERBS)
    surname = person.split()[1]
    amount = f"£{rng.randint(2, 900)} million"
    date = f"{rng.choice(DAYS)} {rng.randint(1, 28)} {rng.choice(MONTHS)}"
    forms = (
        f'"{claim.capitalize()}," {verb} {person}, {rng.choice(ROLES)} {org}.',
        f'{person}, {rng.choice(ROLES)} {org}, said in {place}: "{claim.capitalize()}."',
        f"Speaking in {place} on {date}, {person} said the {amount} plan was under review.",
        f'"{claim.capitalize()}." {surname} {verb} that talks would resume in {place}.',
        f"The agreement, worth {amount}, was signed in {place} on {date} after months of "
        f"talks between {org} and {rng.choice(ORGS)}. Article {n} continues below.",
    )
    return rng.choice(forms)


def make_article(n: int, size: int = 3000) -> str:
    """One invented news story of about ``size`` characters, the same for the same ``n``."""
    rng = random.Random(n)
    title = f"{rng.choice(PLACES)} {rng.choice(('deal', 'row', 'payments', 'contract'))} {n}"
    paragraphs = [title]
    while sum(map(len, paragraphs)) < size:
        paragraphs.append(" ".join(_paragraph(rng, n) for _ in range(rng.randint(1, 3))))
    return "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"story-{n:05d}.txt").write_text(make_article(n), encoding="utf-8")
    return sorted(str(p) for p in folder.glob("*.txt"))


class PeakMemory:
    """Sum over a process and its descendants of each one's peak RSS, in MB."""

    def __init__(self, pid: int) -> None:
        self.peaks: dict[int, int] = {}
        self._pid = pid
        self._stop = threading.Event()
        try:
            import psutil
        except ImportError:
            self._psutil = None
            return
        self._psutil = psutil
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _peak(self, proc: object) -> int:
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():  # type: ignore[attr-defined]
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return proc.memory_info().rss  # type: ignore[attr-defined]

    def _poll(self) -> None:
        psutil = self._psutil
        while not self._stop.is_set():
            try:
                root = psutil.Process(self._pid)
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in procs:
                try:
                    self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), self._peak(proc))
                except psutil.Error:
                    continue
            time.sleep(0.05)

    def stop(self) -> tuple[float, float, str]:
        """Total MB, the top process's (the driver's) MB, and how it was measured."""
        self._stop.set()
        if self._psutil is not None:
            self._thread.join()
            total = sum(self.peaks.values()) / 1_048_576
            return total, self.peaks.get(self._pid, 0) / 1_048_576, "psutil, VmHWM of each"
        kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return kb / 1024, kb / 1024, "getrusage: the largest single process only"


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    """Sum of every process's peak."""
    driver_mb: float
    how: str


def run(command: list[str], out: Path | None = None) -> Measured:
    """Wall time and peak memory of one command, stdout to ``out``."""
    started = time.perf_counter()
    with open(out or "/dev/null", "w") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, text=True)
        memory = PeakMemory(proc.pid)
        _, err = proc.communicate()
    seconds = time.perf_counter() - started
    total, driver, how = memory.stop()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command[:4])}… failed ({proc.returncode}): {err.strip()[-400:]}")
    return Measured(seconds, total, driver, how)


def corpus(folder: Path, out: Path, workers: int) -> Measured:
    reader = [sys.executable, "-m", "reader"]
    return run(
        [*reader, "corpus", "analyze", str(folder), "--out", str(out), "--workers", str(workers)]
    )


def same_lines(a: Path, b: Path) -> bool:
    return sorted(a.read_text(encoding="utf-8").splitlines()) == sorted(
        b.read_text(encoding="utf-8").splitlines()
    )


def measure(articles: int, memory_articles: int) -> dict[str, float | int]:
    """Print the comparison table; return its figures (``benchmarks/corpus.py`` shows
    them with the ``reader quotes`` ones on one last line)."""
    args = argparse.Namespace(articles=articles, memory_articles=memory_articles)
    with tempfile.TemporaryDirectory(prefix="reader-corpus-bench-") as tmp:
        base = Path(tmp)
        small, large = base / "small", base / "large"
        files = write_corpus(small, args.articles)
        size_kb = sum(Path(f).stat().st_size for f in files) / len(files) / 1024
        print(f"{args.articles} articles of {size_kb:.1f} KB on average")
        plain_out = base / "plain.jsonl"
        plain = run(
            [sys.executable, "-m", "reader", "analyze", "--format", "jsonl", *files], plain_out
        )
        w1 = corpus(small, base / "w1.jsonl", 1)
        w2 = corpus(small, base / "w2.jsonl", 2)
        same = same_lines(plain_out, base / "w1.jsonl") and same_lines(plain_out, base / "w2.jsonl")
        print(f"{'':34} {'seconds':>8} {'docs/s':>8} {'vs plain':>9} {'peak MB':>8}")
        for name, m in (
            ("reader analyze (one process)", plain),
            ("reader corpus analyze --workers 1", w1),
            ("reader corpus analyze --workers 2", w2),
        ):
            print(
                f"{name:34} {m.seconds:8.2f} {args.articles / m.seconds:8.0f} "
                f"{plain.seconds / m.seconds:8.2f}x {m.peak_mb:8.0f}"
            )
        print(f"same JSONL lines as reader analyze: {'yes' if same else 'NO'}")
        large_files = write_corpus(large, args.memory_articles)
        big = corpus(large, base / "big.jsonl", 2)
        # The same files in one plain process: how much the analysis itself grows (its
        # word caches are bounded LRUs that fill as a corpus brings new words).
        plain_big = run(
            [sys.executable, "-m", "reader", "analyze", "--format", "jsonl", *large_files]
        )
        print(f"peak memory of --workers 2, driver + workers ({w2.how}):")
        for count, m in ((args.articles, w2), (args.memory_articles, big)):
            print(
                f"  {count:6} articles: {m.peak_mb:5.0f} MB (driver {m.driver_mb:.0f} MB, "
                f"workers {m.peak_mb - m.driver_mb:.0f} MB), {m.seconds:.1f} s, "
                f"{count / m.seconds:.0f} docs/s"
            )
        print(
            f"  one plain reader analyze process: {plain.peak_mb:.0f} MB for {args.articles}, "
            f"{plain_big.peak_mb:.0f} MB for {args.memory_articles} (its word caches fill)"
        )
        times = args.memory_articles / args.articles
        print(f"  {times:.0f}x the articles: {big.peak_mb / w2.peak_mb:.2f}x the memory")
    pairs = {
        "articles": args.articles,
        "plain_s": plain.seconds,
        "workers1_s": w1.seconds,
        "workers2_s": w2.seconds,
        "speedup_workers1": plain.seconds / w1.seconds,
        "speedup_workers2": plain.seconds / w2.seconds,
        "workers2_vs_workers1": w1.seconds / w2.seconds,
        "same_output": int(same),
        "memory_articles": args.memory_articles,
        "peak_mb_small": w2.peak_mb,
        "peak_mb_large": big.peak_mb,
        "driver_mb_small": w2.driver_mb,
        "driver_mb_large": big.driver_mb,
        "peak_ratio_large_small": big.peak_mb / w2.peak_mb,
        "plain_mb_small": plain.peak_mb,
        "plain_mb_large": plain_big.peak_mb,
        "large_s": big.seconds,
    }
    return pairs


def pairs_line(pairs: dict[str, float | int]) -> str:
    return " ".join(
        f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in pairs.items()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--memory-articles", type=int, default=4000)
    args = parser.parse_args()
    print(pairs_line(measure(args.articles, args.memory_articles)))


if __name__ == "__main__":
    main()
