"""Speaker accuracy and the reliability table (confidence bins vs accuracy) per gold file.

Usage: python scripts/speaker_report.py GOLD.jsonl...
Last line: name=value pairs for each file (accuracy, share and accuracy at >= 0.9, ECE).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.analysis.speakers.report import outcomes


def main(paths: list[str]) -> int:
    pairs = []
    for name in paths:
        path = Path(name)
        with path.open(encoding="utf-8") as src:
            result = outcomes(json.loads(line) for line in src if line.strip())
        share, acc90 = result.confident(0.9)
        print(f"{path.name}: speaker accuracy {result.accuracy:.3f} (n={len(result.pairs)})")
        print("  confidence  quotes  mean conf  accuracy")
        for label, n, mean, acc in result.table():
            print(f"  {label:<10}  {n:>6}  {mean:>9.3f}  {acc:.3f}")
        ece = result.calibration_error()
        print(f"  >=0.9: {share:.1%} of quotes, {acc90:.3f} right; ECE {ece:.3f}")
        stem = path.stem.replace("-", "_")
        pairs.append(
            f"{stem}_acc={result.accuracy:.3f} {stem}_conf90_share={share:.3f}"
            f" {stem}_conf90_acc={acc90:.3f} {stem}_ece={result.calibration_error():.3f}"
        )
    print(" ".join(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
