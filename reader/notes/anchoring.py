"""Find an annotation again in a text that may have changed since it was made.

The strategy is the Hypothesis client's: trust the stored position when the text there is
still the quote; else look for the quote itself, exactly and then approximately, and pick
among the places found by how well the quote, the 32 characters before and after it, and
the distance from the old position agree (weights 50, 20, 20 and 2). What cannot be
placed is an *orphan*: kept and shown, never dropped.

Approximate search is Myers' bit-parallel edit-distance algorithm written over Python
integers (any pattern length fits one "word"): it yields the distance at *every* end
position, which no library call offers. Plain string-to-string distances (the context
scores, computed for every candidate) use ``rapidfuzz``'s C implementation, which gives
the same numbers many times faster (``benchmarks/anchoring.py``).

Scanning a long article character by character in Python would be slow, so the scan is
limited to windows worth looking at: around the old position, and where pieces of the
quote or of its context still occur exactly (found with ``str.find``, which runs at C
speed). Short texts are scanned whole.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz.distance import Levenshtein

from reader.article.model import fingerprint_text
from reader.notes.annotations import CONTEXT_CHARS, Annotation

QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
_TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

MAX_ERRORS_CAP = 256
MIN_APPROX_SCORE = 0.5
"""An approximate match scoring lower is more likely chance than the edited quote."""
POOR_CONTEXT = 0.5
"""Exact matches whose context agrees less than this also get approximate rivals."""

_FULL_SCAN_COST = 120_000
"""Texts whose length × (1 + quote length / 64) stays under this are scanned whole."""
_MAX_WINDOWS = 24
_MAX_SEED_HITS = 64
_PRECISE_EXACT = 12


@dataclass(frozen=True, slots=True)
class Match:
    """A place for the quote: ``text[start:end]`` differs from it by ``errors`` edits."""

    start: int
    end: int
    errors: int
    score: float = 0.0


def max_errors(quote: str) -> int:
    """Edits tolerated in the quote itself (Hypothesis: ``min(256, len / 2)``)."""
    return min(MAX_ERRORS_CAP, len(quote) // 2)


def _peq(pattern: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        table[ch] = table.get(ch, 0) | (1 << i)
    return table


def myers_scores(pattern: str, text: str, *, anchored: bool = False) -> list[int]:
    """For each ``j``: the edit distance between ``pattern`` and the best text ending at ``j``.

    ``anchored=False``: the match may start anywhere (search); ``anchored=True``: it
    starts at 0, so ``scores[j]`` is the distance to ``text[:j + 1]``.
    """
    m = len(pattern)
    if m == 0:
        return [0] * len(text) if not anchored else list(range(1, len(text) + 1))
    peq = _peq(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    carry_in = 1 if anchored else 0
    pv, mv, score = mask, 0, m
    scores: list[int] = []
    append = scores.append
    get = peq.get
    for ch in text:
        eq = get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry_in) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return scores


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings (unit costs: insert, delete, substitute)."""
    return Levenshtein.distance(a, b)


def _similarity(expected: str, found: str) -> float:
    if not expected:
        return 1.0
    return max(0.0, 1.0 - edit_distance(expected, found) / len(expected))


def _context_scores(text: str, start: int, end: int, ann: Annotation) -> tuple[float, float]:
    """How well the stored prefix and suffix agree with the text around ``start:end``."""
    if ann.prefix:
        prefix = _similarity(ann.prefix, text[max(0, start - len(ann.prefix)) : start])
    else:
        prefix = 1.0 if start == 0 else 0.5
    if ann.suffix:
        suffix = _similarity(ann.suffix, text[end : end + len(ann.suffix)])
    else:
        suffix = 1.0 if end == len(text) else 0.5
    return prefix, suffix


def _score(text: str, match: Match, ann: Annotation) -> Match:
    quote = 1.0 - match.errors / max(1, len(ann.exact))
    prefix, suffix = _context_scores(text, match.start, match.end, ann)
    position = 1.0 - abs(match.start - ann.start) / max(1, len(text))
    raw = (
        QUOTE_WEIGHT * quote
        + PREFIX_WEIGHT * prefix
        + SUFFIX_WEIGHT * suffix
        + POSITION_WEIGHT * max(0.0, position)
    )
    return replace(match, score=raw / _TOTAL_WEIGHT)


def _best(matches: list[Match], hint: int) -> Match | None:
    if not matches:
        return None
    return max(matches, key=lambda m: (m.score, -abs(m.start - hint), -m.start))


def _exact_matches(text: str, quote: str) -> list[int]:
    found: list[int] = []
    pos = text.find(quote)
    while pos != -1:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def _affix_agreement(text: str, start: int, end: int, ann: Annotation) -> int:
    """Cheap context check: characters agreeing next to the match, outward from it."""
    agree = 0
    before = text[max(0, start - len(ann.prefix)) : start]
    for a, b in zip(reversed(ann.prefix), reversed(before), strict=False):
        if a != b:
            break
        agree += 1
    for a, b in zip(ann.suffix, text[end : end + len(ann.suffix)], strict=False):
        if a != b:
            break
        agree += 1
    return agree


def _score_exact(text: str, starts: list[int], ann: Annotation) -> list[Match]:
    m = len(ann.exact)
    if len(starts) > _PRECISE_EXACT:
        # Many occurrences (a short or common quote): rank cheaply, then score the best.
        ranked = sorted(
            starts,
            key=lambda s: (-_affix_agreement(text, s, s + m, ann), abs(s - ann.start)),
        )
        nearest = min(starts, key=lambda s: abs(s - ann.start))
        starts = [*ranked[:_PRECISE_EXACT], nearest]
    return [_score(text, Match(s, s + m, 0), ann) for s in dict.fromkeys(starts)]


def _match_start(text: str, quote: str, end: int, errors: int) -> int:
    """Where the best match of ``quote`` with ``errors`` edits ending at ``end`` starts."""
    lo = max(0, end - len(quote) - errors)
    window = text[lo:end][::-1]
    scores = myers_scores(quote[::-1], window, anchored=True)
    best_len, best = 0, len(quote)
    for j, score in enumerate(scores):
        length = j + 1
        if score < best or (
            score == best and abs(length - len(quote)) < abs(best_len - len(quote))
        ):
            best, best_len = score, length
    return end - best_len


def _search_window(text: str, quote: str, lo: int, hi: int, limit: int) -> list[Match]:
    """Approximate matches of ``quote`` ending in ``text[lo:hi]`` (one per local minimum)."""
    scores = myers_scores(quote, text[lo:hi])
    found: list[Match] = []
    run_best: tuple[int, int] | None = None  # (errors, end) of the current run under limit
    for j, score in enumerate(scores):
        if score <= limit:
            if run_best is None or score < run_best[0]:
                run_best = (score, lo + j + 1)
        elif run_best is not None:
            found.append(_finish(text, quote, run_best))
            run_best = None
    if run_best is not None:
        found.append(_finish(text, quote, run_best))
    return found


def _finish(text: str, quote: str, run_best: tuple[int, int]) -> Match:
    errors, end = run_best
    return Match(_match_start(text, quote, end, errors), end, errors)


def _piece_hits(text: str, piece: str, offset: int, cap: int) -> list[int]:
    """Predicted quote starts from exact hits of ``piece`` (found at ``offset`` in it)."""
    hits: list[int] = []
    pos = text.find(piece)
    while pos != -1:
        hits.append(pos - offset)
        if len(hits) > cap:
            return []  # too common to say anything
        pos = text.find(piece, pos + 1)
    return hits


def _candidate_windows(text: str, ann: Annotation, limit: int) -> list[tuple[int, int]]:
    """Regions of ``text`` that may hold the edited quote, merged, at most a few dozen."""
    quote = ann.exact
    m = len(quote)
    q = max(4, min(16, m // 6))
    votes: Counter[int] = Counter()
    bucket = max(8, limit)
    for offset in range(0, max(1, m - q + 1), q):
        for start in _piece_hits(text, quote[offset : offset + q], offset, _MAX_SEED_HITS):
            votes[start // bucket] += 1
    if len(ann.prefix) >= 8:
        tail = ann.prefix[-16:]
        for start in _piece_hits(text, tail, -len(tail), _MAX_SEED_HITS):
            votes[start // bucket] += 2
    if len(ann.suffix) >= 8:
        head = ann.suffix[:16]
        for start in _piece_hits(text, head, m, _MAX_SEED_HITS):
            votes[start // bucket] += 2
    pad = limit + 8
    windows = [(ann.start - m - pad, ann.end + m + pad)]
    for key, _count in votes.most_common(_MAX_WINDOWS):
        start = key * bucket
        windows.append((start - pad, start + bucket + m + pad))
    clamped = sorted((max(0, lo), min(len(text), hi)) for lo, hi in windows)
    merged: list[tuple[int, int]] = []
    for lo, hi in clamped:
        if hi <= lo:
            continue
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def approximate_matches(text: str, ann: Annotation) -> list[Match]:
    """Scored places where the quote occurs with at most ``max_errors`` edits."""
    quote = ann.exact
    limit = max_errors(quote)
    if not quote or limit == 0:
        return []
    if len(text) * (1 + len(quote) // 64) <= _FULL_SCAN_COST:
        windows = [(0, len(text))]
    else:
        windows = _candidate_windows(text, ann, limit)
    matches: dict[tuple[int, int], Match] = {}
    for lo, hi in windows:
        for match in _search_window(text, quote, lo, hi, limit):
            key = (match.start, match.end)
            if key not in matches or matches[key].errors > match.errors:
                matches[key] = match
    scored = [_score(text, m, ann) for m in matches.values()]
    return [m for m in scored if m.score >= MIN_APPROX_SCORE]


def anchor(text: str, ann: Annotation) -> tuple[int, int] | None:
    """Where ``ann`` belongs in ``text`` now, or None when it is an orphan."""
    quote = ann.exact
    if not quote:
        return None
    if 0 <= ann.start < ann.end <= len(text) and text[ann.start : ann.end] == quote:
        return ann.start, ann.end
    exact = _score_exact(text, _exact_matches(text, quote), ann)
    best = _best(exact, ann.start)
    if best is not None:
        prefix, suffix = _context_scores(text, best.start, best.end, ann)
        if (prefix + suffix) / 2 >= POOR_CONTEXT:
            return best.start, best.end
    best = _best(exact + approximate_matches(text, ann), ann.start)
    return None if best is None else (best.start, best.end)


def reanchor(
    text: str,
    anns: list[Annotation],
    *,
    fingerprint: str | None = None,
    source: str | None = None,
    title: str | None = None,
) -> list[Annotation]:
    """Copies of ``anns`` placed in ``text``: new span and context, or flagged orphaned.

    Orphans keep their old span and quote (what the user annotated), so they can still
    be shown and re-anchored later. ``modified`` is left alone: the user changed nothing.
    """
    fp = fingerprint if fingerprint is not None else fingerprint_text(text)
    result: list[Annotation] = []
    for ann in anns:
        moved: dict[str, object] = {"fingerprint": fp}
        if source is not None:
            moved["source"] = source
        if title is not None:
            moved["title"] = title
        span = anchor(text, ann)
        if span is None:
            result.append(replace(ann, orphaned=True, **moved))  # type: ignore[arg-type]
            continue
        start, end = span
        result.append(
            replace(
                ann,
                start=start,
                end=end,
                exact=text[start:end],
                prefix=text[max(0, start - CONTEXT_CHARS) : start],
                suffix=text[end : end + CONTEXT_CHARS],
                orphaned=False,
                **moved,  # type: ignore[arg-type]
            )
        )
    return result
