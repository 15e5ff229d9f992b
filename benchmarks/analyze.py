"""Throughput of the whole analysis pipeline on a large article.

Builds a ~5 MB text by repeating the sample articles, warms the pipeline up on a
small text (so list loading and regex compilation are not counted), then times one
``reader.analysis.analyze`` call. The last line is ``name=value`` pairs for scripts:

    python benchmarks/analyze.py [--size-mb 5] [--backend rules]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from reader.analysis import analyze
from reader.article.decoding import normalize_newlines

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"


def build_text(size_mb: float) -> str:
    """Sample articles repeated (separated by blank lines) up to ``size_mb`` megabytes."""
    parts = [normalize_newlines(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*"))]
    unit = "\n\n".join(p.strip() for p in parts if p.strip()) + "\n\n"
    target = int(size_mb * 1_000_000)
    copies = max(1, target // len(unit.encode("utf-8")))
    return unit * copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=5.0)
    parser.add_argument("--backend", default="rules")
    args = parser.parse_args()

    text = build_text(args.size_mb)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    analyze(text[:5000], backend=args.backend)  # warm-up: start-up is not measured

    started = time.perf_counter()
    analysis = analyze(text, backend=args.backend)
    seconds = time.perf_counter() - started

    rate = size_mb / seconds if seconds else float("inf")
    print(f"text: {size_mb:.2f} MB ({len(text):,} characters), backend {args.backend}")
    print(f"analyze: {seconds:.2f} s = {rate:.2f} MB/s")
    print(
        f"found: {len(analysis.quotes):,} quotes, {len(analysis.entities):,} entities, "
        f"{len(analysis.boilerplate):,} boilerplate lines"
    )
    print(
        f"mb_per_s={rate:.2f} seconds={seconds:.2f} size_mb={size_mb:.1f} "
        f"quotes={len(analysis.quotes)} entities={len(analysis.entities)} "
        f"boilerplate={len(analysis.boilerplate)}"
    )


if __name__ == "__main__":
    main()
