"""Edit distances in anchoring: the old pure-Python bit-parallel version against rapidfuzz.

Two figures, both run old and new side by side in one process on the same inputs:

* ``edit_distance`` on 20k pairs shaped like the context checks (a stored 32-character
  prefix or suffix against the text now there, with a few edits);
* ``anchor`` for every annotation of a long article whose text was edited around them
  (the old distance patched back in for the "old" run), checking both place them alike.

    python benchmarks/anchoring.py [--calls 20000] [--seed 1]

The last line is ``name=value`` pairs for scripts.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path
from unittest.mock import patch

from reader.notes import anchoring
from reader.notes.anchoring import anchor, edit_distance, myers_scores
from reader.notes.annotations import CONTEXT_CHARS, Annotation, make_annotation

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"
ANNOTATIONS = 300


def old_edit_distance(a: str, b: str) -> int:
    """``edit_distance`` before rapidfuzz: Myers' algorithm over Python integers."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    return myers_scores(a, b, anchored=True)[-1]


def _mutate(rng: random.Random, text: str, edits: int) -> str:
    for _ in range(edits):
        pos = rng.randrange(len(text) + 1)
        cut = rng.randint(0, min(3, len(text) - pos))
        text = text[:pos] + rng.choice(["", "x", "the ", ", "]) + text[pos + cut :]
    return text


def _source_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*"))]
    return "\n\n".join(p.strip() for p in parts if p.strip())


def context_pairs(rng: random.Random, text: str, calls: int) -> list[tuple[str, str]]:
    pairs = []
    for _ in range(calls):
        start = rng.randrange(len(text) - CONTEXT_CHARS)
        stored = text[start : start + CONTEXT_CHARS]
        pairs.append((stored, _mutate(rng, stored, rng.randint(0, 3))))
    return pairs


def _time_pairs(fn: Callable[[str, str], int], pairs: list[tuple[str, str]]) -> float:
    t0 = time.perf_counter()
    for a, b in pairs:
        fn(a, b)
    return (time.perf_counter() - t0) * 1000


def _time_anchor(text: str, anns: list[Annotation]) -> tuple[float, list[tuple[int, int] | None]]:
    t0 = time.perf_counter()
    spans = [anchor(text, a) for a in anns]
    return (time.perf_counter() - t0) * 1000, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    source = _source_text()
    pairs = context_pairs(rng, source, args.calls)
    assert all(edit_distance(a, b) == old_edit_distance(a, b) for a, b in pairs)
    old_ms = _time_pairs(old_edit_distance, pairs)
    new_ms = _time_pairs(edit_distance, pairs)
    print(f"edit_distance x{len(pairs)}: old {old_ms:8.1f} ms   new {new_ms:8.1f} ms")

    article = (source + "\n\n") * 8
    anns = []
    for _ in range(ANNOTATIONS):
        start = rng.randrange(len(article) - 120)
        anns.append(
            make_annotation(
                article, start, start + rng.randint(10, 100), fingerprint="fp", source="bench"
            )
        )
    edited = _mutate(rng, article, 400)
    with patch.object(anchoring, "edit_distance", old_edit_distance):
        old_anchor_ms, old_spans = _time_anchor(edited, anns)
    new_anchor_ms, new_spans = _time_anchor(edited, anns)
    same = old_spans == new_spans
    placed = sum(s is not None for s in new_spans)
    print(
        f"anchor x{len(anns)} ({len(edited):,} chars, {placed} placed): "
        f"old {old_anchor_ms:8.1f} ms   new {new_anchor_ms:8.1f} ms   same={same}"
    )
    print(
        f"calls={len(pairs)} old_ms={old_ms:.1f} new_ms={new_ms:.1f} "
        f"speedup={old_ms / new_ms:.1f} anchor_old_ms={old_anchor_ms:.1f} "
        f"anchor_new_ms={new_anchor_ms:.1f} anchor_speedup={old_anchor_ms / new_anchor_ms:.2f} "
        f"same_spans={same}"
    )


if __name__ == "__main__":
    main()
