"""Train the entity tagger: an averaged perceptron over annotated JSONL documents.

Why an averaged perceptron: it learns a strong linear tagger from a few hundred
annotated articles in minutes of pure Python, is deterministic for a given seed and
data, and its weights are a plain table the shipped model stores compactly.

Input lines are ``{"text": …, "entities": [{"start", "end", "label"}, …]}`` with
CoNLL (PER/ORG/LOC/MISC) or OntoNotes labels; OntoNotes ones are folded into the
four CoNLL types, and any other label is learnt as a type of its own.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.analysis.document import Document, build_document
from reader.analysis.ner.features import DocumentFeatures, pair_features, word_features
from reader.analysis.ner.model_file import TaggerModel, quantise
from reader.analysis.ner.tagger import (
    EVERY_TOKEN,
    OUTSIDE,
    previous_tags,
    scored_runs,
    transitions,
    viterbi,
)

FOLD = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}
"""Annotation labels → the types the tagger learns; dates and amounts stay rule-based."""
RULE_BASED = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


@dataclass(frozen=True, slots=True)
class Example:
    """One annotated document: its model and a gold tag per token."""

    doc: Document
    gold: list[str]


def gold_tags(doc: Document, entities: Iterable[dict]) -> list[str]:
    """BIO tags for ``doc``'s tokens; an entity covers the tokens that lie inside it."""
    tags = [OUTSIDE] * len(doc.words)
    for entity in sorted(entities, key=lambda e: (e["start"], e["end"])):
        label = str(entity.get("label", "")).upper()
        if label in RULE_BASED:
            continue
        kind = FOLD.get(label, label)
        inside = []
        i = bisect_left(doc.starts, entity["start"])
        while i < len(doc.words) and doc.ends[i] <= entity["end"]:
            inside.append(i)
            i += 1
        if inside and all(tags[i] == OUTSIDE for i in inside):
            tags[inside[0]] = "B-" + kind
            for i in inside[1:]:
                tags[i] = "I-" + kind
    return tags


def read_examples(path: Path) -> list[Example]:
    """Annotated documents from a JSONL file (one ``{"text", "entities"}`` per line)."""
    examples: list[Example] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc = build_document(record["text"])
                examples.append(Example(doc, gold_tags(doc, record.get("entities") or [])))
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: not an annotated document ({error})") from None
    return examples


def _tags_of(examples: Sequence[Example]) -> tuple[str, ...]:
    kinds = sorted({tag[2:] for ex in examples for tag in ex.gold if tag != OUTSIDE})
    return (OUTSIDE, *(f"{p}-{k}" for k in kinds for p in ("B", "I")))


class _Perceptron:
    """Weights with lazy averaging: totals are brought up to date only when touched."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.weights: dict[str, list[float]] = {}
        self.totals: dict[str, list[float]] = {}
        self.stamps: dict[str, list[int]] = {}
        self.clock = 0

    def scores(self, features: Iterable[str]) -> list[float]:
        scores = [0.0] * self.width
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                for tag in range(self.width):
                    scores[tag] += row[tag]
        return scores

    def update(self, truth: int, guess: int, features: Sequence[str]) -> None:
        """Reward ``features`` for the right tag and penalise them for the guess."""
        self.update_one(truth, features, 1.0)
        self.update_one(guess, features, -1.0)

    def update_one(self, tag: int, features: Iterable[str], change: float) -> None:
        """Move the weights of ``features`` for one tag (a link seen or wrongly chosen)."""
        clock = self.clock
        for feature in features:
            row = self.weights.get(feature)
            if row is None:
                row = self.weights[feature] = [0.0] * self.width
                self.totals[feature] = [0.0] * self.width
                self.stamps[feature] = [0] * self.width
            totals, stamps = self.totals[feature], self.stamps[feature]
            totals[tag] += (clock - stamps[tag]) * row[tag]
            stamps[tag] = clock
            row[tag] += change

    def averaged(self) -> dict[str, list[float]]:
        clock = max(self.clock, 1)
        return {
            feature: [
                (self.totals[feature][t] + (clock - self.stamps[feature][t]) * row[t]) / clock
                for t in range(self.width)
            ]
            for feature, row in self.weights.items()
        }


def needs_every_token(examples: Sequence[Example]) -> bool:
    """True when over 1% of the names start where the name-only shortcut never looks."""
    missed = total = 0
    for example in examples:
        scored = {i for first, end, _, _ in scored_runs(example.doc) for i in range(first, end)}
        for i, tag in enumerate(example.gold):
            if tag.startswith("B-"):
                total += 1
                missed += i not in scored
    return total > 0 and missed > 0.01 * total


def _walk(
    example: Example,
    tags: tuple[str, ...],
    model: _Perceptron,
    learn: bool,
    every: bool,
    profile: Mapping[str, str],
) -> int:
    """Decode one document run by run, updating ``model`` where it erred; returns errors."""
    doc = example.doc
    features = DocumentFeatures(doc, profile=profile)
    previous = previous_tags(tags)
    ok = transitions(tags)
    index = {tag: i for i, tag in enumerate(tags)}
    errors = 0
    sentence = (-1, -1)
    pending: list[tuple[int, str]] = []
    for first, end, sentence_first, sentence_end in scored_runs(doc, every):
        if (sentence_first, sentence_end) != sentence:
            for i, tag in pending:
                features.remember(i, tag)
            pending = []
            sentence = (sentence_first, sentence_end)
        own: list[list[str]] = []
        static: list[list[float]] = []
        pairs: list[list[list[float]]] = []
        for i in range(first, end):
            word = doc.words[i]
            feats = word_features(
                word, features.lowercase_elsewhere(word), features.lex, features.profile
            )
            feats += features.context(i, sentence_first, sentence_end)
            own.append(feats)
            static.append(model.scores(feats))
            pairs.append([model.scores(pair_features(word, prev)) for prev in previous])
        start_row = 0 if first == sentence_first else previous.index(OUTSIDE)
        path, _ = viterbi(static, pairs, start_row, ok)
        gold = [index[example.gold[i]] for i in range(first, end)]
        if learn:
            model.clock += 1
        for j, (guess, truth) in enumerate(zip(path, gold, strict=True)):
            guess_prev = previous[start_row] if j == 0 else tags[path[j - 1]]
            truth_prev = previous[start_row] if j == 0 else tags[gold[j - 1]]
            errors += guess != truth
            if learn and guess != truth:
                model.update(truth, guess, own[j])
            if learn and (guess != truth or guess_prev != truth_prev):
                word = doc.words[first + j]
                model.update_one(truth, pair_features(word, truth_prev), 1.0)
                model.update_one(guess, pair_features(word, guess_prev), -1.0)
        pending.extend((first + j, tags[t]) for j, t in enumerate(path))
    return errors


def train(
    examples: Sequence[Example],
    epochs: int = 12,
    seed: int = 1,
    log: bool = False,
    meta: dict | None = None,
    profile: Mapping[str, str] | None = None,
    runs: int = 1,
) -> TaggerModel:
    """Learn a tagger from ``examples``; the same data and seed give the same model.

    ``profile`` (from :func:`~reader.analysis.ner.profile.build_profile`) adds what
    plain text says about each word; it is stored in the model. ``runs`` > 1 trains
    that many times over differently shuffled data (seeds ``seed``, ``seed + 1`` …)
    and averages the weights: a model that depends less on the order it was shown.
    """
    profile = dict(profile or {})
    tags = _tags_of(examples)
    every = needs_every_token(examples)
    total: dict[str, list[float]] = {}
    for run in range(runs):
        model = _Perceptron(len(tags))
        order = list(examples)
        rng = random.Random(seed + run)
        for epoch in range(epochs):
            rng.shuffle(order)
            errors = sum(_walk(ex, tags, model, True, every, profile) for ex in order)
            if log:
                print(f"run {run + 1}, epoch {epoch + 1}: {errors} token errors", flush=True)
        for feature, row in model.averaged().items():
            summed = total.setdefault(feature, [0.0] * len(tags))
            for tag, weight in enumerate(row):
                summed[tag] += weight / runs
    counts = Counter(tag for ex in examples for tag in ex.gold)
    info = {
        "epochs": epochs,
        "seed": seed,
        "runs": runs,
        "documents": len(examples),
        "tags": dict(counts),
        EVERY_TOKEN: every,
    }
    return quantise(tags, total, {**info, **(meta or {})}, profile)


def spans_of(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """``(first, end, type)`` of each name in a BIO tag sequence."""
    found: set[tuple[int, int, str]] = set()
    i = 0
    while i < len(tags):
        if tags[i].startswith("B-"):
            kind = tags[i][2:]
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + kind:
                j += 1
            found.add((i, j, kind))
            i = j
        else:
            i += 1
    return found


def evaluate(model: TaggerModel, examples: Sequence[Example]) -> dict[str, tuple[float, ...]]:
    """Exact-span precision, recall and F1 per type and overall (key ``"all"``)."""
    from reader.analysis.ner.tagger import Tagger

    tagger = Tagger(model)
    hits: Counter[str] = Counter()
    guessed: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    for example in examples:
        predicted = {(t.first, t.end, t.kind) for t in tagger.tag(example.doc)}
        gold = spans_of(example.gold)
        for kind_of, counter in ((predicted & gold, hits), (predicted, guessed), (gold, wanted)):
            for _, _, kind in kind_of:
                counter[kind] += 1
                counter["all"] += 1
    scores: dict[str, tuple[float, ...]] = {}
    for kind in sorted(wanted | guessed):
        p = hits[kind] / guessed[kind] if guessed[kind] else 0.0
        r = hits[kind] / wanted[kind] if wanted[kind] else 0.0
        scores[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return scores
