"""Turn the ranker's probabilities into confidences that mean what they say.

Why a stage of its own: a fact-checker reads "0.9" as "right nine times in ten", and a
ranker's raw probability is not that; the mapping is fitted on quotes the ranker did not
train on (see ``training.train_model``) and shipped with the model.
"""

from __future__ import annotations

from collections.abc import Sequence


def calibrate(pairs: Sequence[tuple[float, bool]], least: int = 50) -> list[tuple[float, float]]:
    """Isotonic calibration: steps (lowest top probability, share right) that never fall.

    Pool-adjacent-violators over held-out outcomes sorted by probability, with steps of
    at least ``least`` quotes so that no step's share rests on a handful; a confidence is
    then the share right in its step: "right this often" on text not trained on (never
    quite 1)."""
    tied: dict[float, list[float]] = {}
    for p, ok in pairs:  # equal probabilities are one observation group
        group = tied.setdefault(p, [p, 0.0, 0.0])
        group[1] += 1.0 if ok else 0.0
        group[2] += 1.0

    blocks: list[list[float]] = []  # [lowest p, right, count]
    for p in sorted(tied):
        blocks.append(tied[p])
        while len(blocks) > 1 and (
            blocks[-2][2] < least or blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]
        ):
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    if len(blocks) > 1 and blocks[-1][2] < least:
        last = blocks.pop()
        blocks[-1][1] += last[1]
        blocks[-1][2] += last[2]

    def share(block: list[float]) -> float:
        # the share with one right and one wrong quote added (Laplace): a step of fifty
        # quotes all right has earned 0.98, not a certainty no model has
        return (block[1] + 1) / (block[2] + 2)

    steps: list[list[float]] = []
    for block in blocks:  # the added quotes weigh more in a smaller step: keep the rise
        steps.append(block)
        while len(steps) > 1 and share(steps[-2]) > share(steps[-1]):
            last = steps.pop()
            steps[-1][1] += last[1]
            steps[-1][2] += last[2]
    return [(round(b[0], 4), round(share(b), 4)) for b in steps]
