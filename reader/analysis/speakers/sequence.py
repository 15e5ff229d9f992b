"""Choose a dialogue's speakers together, as a sequence, not one quote at a time.

Why: in a novel's conversation two quotes in one paragraph are one speaker's, and a
paragraph that answers the one before is the other speaker's. Ranked alone, an untagged
turn leans on its neighbours' guesses; decoded together (Viterbi over each quote's
candidates), a tag several turns away fixes the turns between, in both directions.
The ranker's probabilities stay the evidence; the links between quotes only add a
small, fixed preference, tuned on the held-out tenth of the training novels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import Enum

SAME_PARAGRAPH = 1.5
"""Log-odds for one speaker in one paragraph ("…," he said, "…")."""
NEXT_TURN = 1.0
"""Log-odds against one speaker in two paragraphs in a row (an exchange)."""
TWO_BACK = 1.0
"""Log-odds for the speaker of two paragraphs before, in an exchange (A, B, A, B)."""
BEAM = 5
"""Candidates per quote the decoding weighs (the most probable)."""


class Link(Enum):
    """How a quote stands to the quote before it."""

    NONE = "none"
    SAME_PARAGRAPH = "same-paragraph"
    NEXT_PARAGRAPH = "next-paragraph"


def links(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[Link]:
    """The link of each quote (given its paragraph's bounds) to the one before it."""
    out = [Link.NONE] * len(paragraphs)
    for i in range(1, len(paragraphs)):
        before, here = paragraphs[i - 1], paragraphs[i]
        if here == before:
            out[i] = Link.SAME_PARAGRAPH
        elif before[1] <= here[0] and not text[before[1] : here[0]].strip():
            out[i] = Link.NEXT_PARAGRAPH
    return out


def paragraph_run(
    paragraphs: Sequence[tuple[int, int]], first: int, step: int, limit: int
) -> list[int]:
    """The quotes from ``first`` on (``step`` -1 back, 1 ahead) that share its paragraph,
    at most ``limit``: one turn of a dialogue ("Basil," he said, "…")."""
    out = [first]
    k = first + step
    while len(out) < limit and 0 <= k < len(paragraphs) and paragraphs[k] == paragraphs[first]:
        out.append(k)
        k += step
    return out


def _bonus(link: Link, same: bool) -> float:
    if link is Link.SAME_PARAGRAPH:
        return SAME_PARAGRAPH if same else 0.0
    if link is Link.NEXT_PARAGRAPH:
        return -NEXT_TURN if same else 0.0
    return 0.0


def decode(
    names: Sequence[Sequence[str | None]],
    probabilities: Sequence[Sequence[float]],
    link: Sequence[Link],
) -> list[int]:
    """The index of each quote's chosen candidate: the sequence with the highest summed
    log-probability plus link preferences ("nobody" is never the same speaker).

    Second order: a turn may lean to whoever spoke two turns before (an exchange goes
    A, B, A, B), so the state is the last two choices. Only each quote's ``BEAM`` most
    probable candidates take part; the rest are never chosen over them anyway."""
    n = len(names)
    if n == 0:
        return []
    if all(k is Link.NONE for k in link):  # news: each quote alone, as ranked
        return [max(range(len(p)), key=p.__getitem__) for p in probabilities]
    kept = [sorted(range(len(p)), key=lambda k, p=p: (-p[k], k))[:BEAM] for p in probabilities]
    logs = [[math.log(max(probabilities[i][k], 1e-12)) for k in kept[i]] for i in range(n)]
    who = [[names[i][k] for k in kept[i]] for i in range(n)]
    # score[(a, b)]: the best sequence ending with choice a at i-1 and b at i
    score: dict[tuple[int, int], float] = {(-1, b): logs[0][b] for b in range(len(kept[0]))}
    back: list[dict[tuple[int, int], int]] = []
    for i in range(1, n):
        new: dict[tuple[int, int], float] = {}
        step: dict[tuple[int, int], int] = {}
        exchange = link[i] is Link.NEXT_PARAGRAPH and link[i - 1] is Link.NEXT_PARAGRAPH
        ending: dict[int, list[tuple[int, float]]] = {}
        for (x, a), value in score.items():
            ending.setdefault(a, []).append((x, value))
        for b, name in enumerate(who[i]):
            for a, before in enumerate(who[i - 1]):
                same = name is not None and name == before
                best, arg = -math.inf, -1
                for x, value in ending[a]:
                    if exchange and not same and name is not None and x >= 0:
                        value += TWO_BACK if who[i - 2][x] == name else 0.0
                    if value > best:
                        best, arg = value, x
                new[(a, b)] = best + logs[i][b] + _bonus(link[i], same)
                step[(a, b)] = arg
        score = new
        back.append(step)
    a, b = max(score, key=lambda ab: (score[ab], -ab[0], -ab[1]))
    out = [0] * n
    for i in range(n - 1, -1, -1):
        out[i] = kept[i][b]
        if i > 0:
            a, b = back[i - 1][(a, b)], a
    return out
