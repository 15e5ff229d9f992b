"""Train the speaker ranker from annotated quotes: examples, fitting, calibration.

Why here and not in a notebook: the shipped weights must be reproducible from the
training corpora by one command (``reader train speakers``). The examples are built by
the very stages that run at analysis time — the same quotes found, the same
candidates, the same features — so the model is trained on what it will see.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from reader.analysis.speakers.calibration import calibrate
from reader.analysis.speakers.candidates import rule_class
from reader.analysis.speakers.features import conjoin
from reader.analysis.speakers.ranker import Ranker, SpeakerModel, calibration_group, split_group
from reader.analysis.speakers.sequence import Link, decode
from reader.analysis.speakers.verbs import TITLES


@dataclass(slots=True)
class Example:
    """One quote: its candidates' features and which candidates name the gold speaker."""

    features: list[list[str]]
    correct: list[bool]
    corpus: str
    kind: str = "reporting"
    """"dialogue" or "reporting": which calibration the quote's text falls under."""
    ruled: list[str] = field(default_factory=list)
    """Per candidate: how the rule stages chose it, if they did (``rule_class``): its
    own calibration."""


@dataclass(slots=True)
class Turns:
    """A dialogue's quotes in order, to decode them together as analysis does (see
    ``sequence``): each quote's candidates' features and names, the links between
    quotes, and which quote each of the document's examples is."""

    features: list[list[list[str]]]
    names: list[list[str | None]]
    links: list[Link]
    quotes: list[int]

    def chosen(self, ranker: Ranker) -> tuple[list[int], list[list[float]]]:
        """Each quote's decoded candidate, and every candidate's probability."""
        probs = [ranker.probabilities(f) for f in self.features]
        return decode(self.names, probs, self.links), probs


def name_tokens(name: str | None) -> list[str]:
    """Casefolded name words without titles, stops or a possessive: how names compare."""
    words = str(name or "").casefold().replace(".", " ").replace(",", " ").split()
    words = [w.strip("'\u2019") for w in words]
    words = [w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in words]
    return [w for w in words if w and w not in TITLES]


def names_person(gold: Sequence[str], name: str | None) -> bool:
    """Whether ``name`` names the gold speaker (any of its aliases; surnames suffice)."""
    ours = name_tokens(name)
    if not ours:
        return False
    for alias in gold:
        theirs = name_tokens(alias)
        if theirs and (theirs == ours or theirs[-1] == ours[-1]):
            return True
    return False


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared >= 0.5 * max(a[1] - a[0], b[1] - b[0])


def document_examples(
    record: dict[str, Any], firsts: Sequence[Ranker | None] = (None,)
) -> list[tuple[list[Example], Turns | None]]:
    """The training examples of one annotated document (quotes the gold also has), once
    per first-pass ranker in ``firsts``: with ``None`` the first pass's own examples,
    with a ranker the second pass's (turn features from its choices), and for a
    dialogue all its quotes as ``Turns``. The text is analysed once whatever the number
    of rankers."""
    from reader.analysis.speakers.decide import Attribution

    text = record["text"]
    corpus = str(record.get("source_corpus") or "unknown")
    gold = sorted(record.get("quotes") or [], key=lambda q: q["start"])
    attribution = Attribution.of(text)
    targets: list[tuple[int, list[str]]] = []
    for i, span in enumerate(attribution.spans):
        match = next((g for g in gold if overlaps(span, (g["start"], g["end"]))), None)
        if match is None:
            continue
        names = [match.get("speaker"), *list(match.get("speaker_aliases") or [])]
        names = [n for n in names if n]
        if not names and match.get("speaker_mention_spans"):
            continue  # someone is annotated as the source but not named ("he", unresolved)
        targets.append((i, names))
    per_ranker: list[tuple[list[Example], Turns | None]] = []
    dialogue = attribution.dialogue
    for first in firsts:
        passed = attribution.first_pass(first) if first is not None else None
        out = []
        turns = None
        if passed is not None and dialogue:
            ranked = [
                attribution.candidates(i, attribution.around(passed, i))
                for i in range(len(attribution.spans))
            ]
            turns = Turns(
                [[conjoin(f, setting) for f in plain] for _, plain, setting in ranked],
                [[c.name for c in cands] for cands, _, _ in ranked],
                attribution.links,
                [i for i, _ in targets],
            )
        for i, names in targets:
            if turns is not None:
                cands, plain, setting = ranked[i]
            else:
                around = attribution.around(passed, i) if passed is not None else ()
                cands, plain, setting = attribution.candidates(i, around)
            feats = turns.features[i] if turns is not None else [conjoin(f, setting) for f in plain]
            if names:
                correct = [c.name is not None and names_person(names, c.name) for c in cands]
            else:
                correct = [c.name is None for c in cands]
            ruled = [rule_class(c) for c in cands]
            out.append(Example(feats, correct, corpus, attribution.kind, ruled))
        per_ranker.append((out, turns))
    return per_ranker


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as src:
        for line in src:
            if line.strip():
                yield json.loads(line)


def build_examples(
    records: Sequence[dict[str, Any]], workers: int = 0, firsts: Sequence[Ranker | None] = (None,)
) -> list[list[tuple[list[Example], Turns | None]]]:
    """Examples per document (documents are the unit of hold-out), in order, and per
    document one list for each ranker in ``firsts`` (see :func:`document_examples`)."""
    job = partial(document_examples, firsts=tuple(firsts))
    if workers > 1:
        from multiprocessing import Pool

        with Pool(workers) as pool:
            return pool.map(job, records, chunksize=4)
    return [job(r) for r in records]


MIN_QUOTES = 10
"""A feature seen in fewer training quotes gets no weight: a word met once or twice says
more about that sentence than about English. Ten-fold CV scored 3 to 50 within noise;
10 keeps the model small (most lexical features are rare)."""
L2 = 10.0
"""The L2 penalty on the weights (the loss is summed over quotes): chosen by ten-fold
cross-validation over the training documents, where 3 to 30 scored within noise."""


def fit(examples: Sequence[Example], l2: float = L2, iterations: int = 1000) -> Ranker:
    """The weights that maximise the log-probability of the correct candidates, less an
    L2 penalty: one full-batch optimisation (L-BFGS), so the same examples give the same
    weights whatever their order — no shuffles to average over, and no retraining noise.

    Quotes whose speaker is no candidate teach nothing and are skipped. Needs numpy and
    scipy (``pip install 'reader[train]'``); analysis never does."""
    try:
        import numpy as np
        from scipy.optimize import minimize
        from scipy.sparse import csr_matrix
    except ImportError:
        raise ImportError("training needs numpy and scipy: pip install 'reader[train]'") from None
    kept = [ex for ex in examples if any(ex.correct)]
    seen = Counter(f for ex in kept for f in {f for features in ex.features for f in features})
    index: dict[str, int] = {}
    columns: list[int] = []
    row_ends = [0]
    right: list[bool] = []
    sizes: list[int] = []
    for ex in kept:
        for features, correct in zip(ex.features, ex.correct, strict=True):
            columns.extend(
                index.setdefault(f, len(index))
                for f in dict.fromkeys(features)
                if seen[f] >= MIN_QUOTES
            )
            row_ends.append(len(columns))
            right.append(correct)
        sizes.append(len(ex.features))
    if not sizes:
        return Ranker()
    x = csr_matrix(
        (np.ones(len(columns)), np.array(columns), np.array(row_ends)),
        shape=(len(right), len(index)),
    )
    xt = x.T.tocsr()
    mask = np.array(right, dtype=float)
    size = np.array(sizes)
    firsts = np.concatenate([[0], np.cumsum(size)[:-1]])

    def loss(w: Any) -> tuple[float, Any]:
        scores = x @ w
        exps = np.exp(scores - np.repeat(np.maximum.reduceat(scores, firsts), size))
        total = np.add.reduceat(exps, firsts)
        good = exps * mask
        good_total = np.add.reduceat(good, firsts)
        value = -np.sum(np.log(good_total) - np.log(total)) + 0.5 * l2 * (w @ w)
        grad = xt @ (exps / np.repeat(total, size) - good / np.repeat(good_total, size))
        return float(value), grad + l2 * w

    found = minimize(
        loss,
        np.zeros(len(index)),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": iterations, "gtol": 1e-7, "ftol": 1e-12},
    )
    names = {k: f for f, k in index.items()}
    return Ranker({names[k]: float(v) for k, v in enumerate(found.x) if v})


def choices(ranker: Ranker, examples: Iterable[Example]) -> list[tuple[float, bool]]:
    """(top probability, whether the top candidate is right) for each quote."""
    return [(p, ok) for p, ok, _ in grouped_choices(ranker, examples)]


def grouped_choices(ranker: Ranker, examples: Iterable[Example]) -> list[tuple[float, bool, str]]:
    """(top probability, whether it is right, its calibration group) for each quote."""
    out = []
    for ex in examples:
        probs = ranker.probabilities(ex.features)
        best = max(range(len(probs)), key=probs.__getitem__)
        by_rule = ex.ruled[best] if ex.ruled else ""
        out.append((probs[best], ex.correct[best], calibration_group(ex.kind, by_rule)))
    return out


def decoded_choices(
    ranker: Ranker, examples: Sequence[Example], turns: Turns | None
) -> list[tuple[float, bool, str]]:
    """``grouped_choices`` for one document, with a dialogue's quotes decoded together
    first as analysis decodes them: the probability calibrated is the chosen one's."""
    if turns is None:
        return grouped_choices(ranker, examples)
    chosen, probs = turns.chosen(ranker)
    out = []
    for ex, quote in zip(examples, turns.quotes, strict=True):
        c = chosen[quote]
        by_rule = ex.ruled[c] if ex.ruled else ""
        out.append((probs[quote][c], ex.correct[c], calibration_group(ex.kind, by_rule)))
    return out


def reliability(
    model: SpeakerModel, examples: Iterable[Example], edges: Sequence[float] = (0.5, 0.7, 0.9)
) -> list[tuple[str, int, float]]:
    """(confidence bin, quotes, accuracy) rows: does a confidence mean what it says?"""
    bins: dict[int, list[bool]] = {}
    for p, ok, group in grouped_choices(model.second, examples):
        kind, by_rule = split_group(group)
        k = sum(model.confidence(p, kind, by_rule) >= e for e in edges)
        bins.setdefault(k, []).append(ok)
    bounds = [0.0, *edges, 1.0]
    rows = []
    for k in range(len(bounds) - 1):
        got = bins.get(k, [])
        label = f"{bounds[k]:.1f}-{bounds[k + 1]:.1f}"
        rows.append((label, len(got), sum(got) / len(got) if got else 0.0))
    return rows


def accuracy(ranker: Ranker, examples: Iterable[Example]) -> tuple[float, int]:
    """Speaker accuracy over quotes with a gold speaker, as the scorer counts it."""
    named = [ex for ex in examples if not ex.correct[0]]
    right = sum(ok for _, ok in choices(ranker, named))
    return (right / len(named) if named else 0.0), len(named)


def work_of(record: dict[str, Any], k: int) -> str:
    """The work a document belongs to: a novel's chapters (ids ``corpus:work:part``)
    share one; any other document is a work of its own."""
    ident = str(record.get("id") or k)
    return ident.rsplit(":", 1)[0] if ident.count(":") >= 2 else ident


def work_folds(works: Sequence[str], folds: int) -> list[int]:
    """Each document's fold, whole works kept together (works in order of appearance)."""
    order: dict[str, int] = {}
    for work in works:
        order.setdefault(work, len(order))
    return [order[w] % folds for w in works]


def held_out(count: int, every: int) -> list[bool]:
    """Which documents are held out: every ``every``-th, so each corpus and novel has some."""
    return [every > 0 and k % every == every - 1 for k in range(count)]


def train_model(
    paths: Sequence[Path],
    every: int = 10,
    workers: int = 0,
    log: Callable[[str], None] = print,
    folds: int = 5,
    l2: float = L2,
) -> tuple[SpeakerModel, list[Example]]:
    """Both passes trained on all but every ``every``-th document; those are kept apart
    for reporting only.

    The training documents are cut into ``folds`` parts twice. The second pass learns
    the turns, and where the first pass ranked each candidate, from a first pass that
    saw nothing of the document's work (stacking, whole novels held out): at analysis
    time the first pass has never seen the book either, so its choices are as often
    wrong in training as in use, and the second pass learns to trust them that much.
    The confidence is calibrated on cross-fitted predictions: each part's quotes are
    ranked by second passes trained on the other parts, so every training quote counts
    towards the calibration, not only a tenth — and the held-out documents test the
    calibration instead of fitting it. Returns the model and the
    held-out second-pass examples."""
    records = [r for p in paths for r in read_records(p)]
    docs = build_examples(records, workers)
    out = held_out(len(docs), every)
    training = [k for k, o in enumerate(out) if not o]
    fold_of = {k: n % folds for n, k in enumerate(training)} if folds > 1 else {}
    works = [work_of(r, k) for k, r in enumerate(records)]
    by_work = work_folds([works[k] for k in training], max(folds, 1))
    stack_of = dict(zip(training, by_work, strict=True))
    if folds < 2 or len(set(by_work)) < 2:  # no folds, or one work: as the calibration's
        stack_of = fold_of
    parts = len(set(fold_of.values()))
    log(f"first pass: {sum(len(d[0][0]) for d in docs):,} quotes from {len(docs)} documents")

    def first_fit(fold: int | None) -> Ranker:
        chosen = [e for k in training if fold is None or stack_of[k] != fold for e in docs[k][0][0]]
        return fit(chosen, l2)

    firsts = [first_fit(f) for f in range(len(set(stack_of.values())))]
    first = first_fit(None)
    log(f"second pass: {parts} folds for the calibration, then the model")
    second_docs = build_examples(records, workers, firsts=[*firsts, first])

    def stacked(k: int) -> tuple[list[Example], Turns | None]:
        """Document ``k``'s second-pass examples, its turns read from a first pass that
        saw nothing of its work (with no folds, from the one first pass)."""
        return second_docs[k][stack_of[k]] if stack_of else second_docs[k][-1]

    pairs: dict[str, list[tuple[float, bool]]] = {}
    for f in range(parts):
        ranker = fit([e for k in training if fold_of[k] != f for e in stacked(k)[0]], l2)
        for k in training:
            if fold_of[k] == f:
                for p, ok, group in decoded_choices(ranker, *stacked(k)):
                    pairs.setdefault(group, []).append((p, ok))
    train = [e for k in training for e in stacked(k)[0]]
    held = [e for k, o in enumerate(out) if o for e in second_docs[k][-1][0]]
    log(f"second pass: {len(train):,} quotes to train on, {len(held):,} held out")
    second = fit(train, l2)
    if not pairs:  # too few documents to cut: calibrate on what there is
        for p, ok, group in grouped_choices(second, held or train):
            pairs.setdefault(group, []).append((p, ok))
    calibration = {group: calibrate(pairs[group]) for group in sorted(pairs)}
    meta: dict[str, object] = {
        "data": [p.name for p in paths],
        "held_out_every": every,
        "calibration_folds": folds,
        "l2": l2,
    }
    return SpeakerModel(first, second, calibration, meta), held
