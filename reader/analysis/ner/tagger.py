"""Tagging a document with a trained model: BIO tags, best sequence per sentence.

Why Viterbi over a linear model: a name's boundary is a decision about the whole run
("Bank of England" then "Mr Carney", not one organisation), so each sentence gets the
best-scoring tag sequence, with the previous tag as the only link between tokens.
Two things keep it fast on megabytes of text: the weights of a word's own features
and of its tag links are added up once per distinct word, and words with no capital
letter in or beside them are tagged ``O`` without scoring (no English name is written
so), which splits sentences into short runs to decode.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import add

from reader.analysis.document import Document
from reader.analysis.forking import fork_map
from reader.analysis.ner.features import (
    START,
    DocumentFeatures,
    has_capital,
    pair_features,
    word_features,
)
from reader.analysis.ner.model_file import TaggerModel

OUTSIDE = "O"
EVERY_TOKEN = "every_token"
"""Model setting: score lower-case words too (its types are not all capitalised names)."""
_NEVER = float("-inf")


@dataclass(frozen=True, slots=True)
class Tagged:
    """A name the tagger found: token range, type, and each token's score margin."""

    first: int
    end: int
    kind: str
    margins: tuple[float, ...]

    @property
    def margin(self) -> float:
        """How sure the tagger was of the whole name: its least certain token."""
        return min(self.margins)

    def narrowed(self, first: int, end: int) -> Tagged:
        """The same name without tokens outside ``[first, end)`` (a title, a mark)."""
        return Tagged(first, end, self.kind, self.margins[first - self.first : end - self.first])

    def relabelled(self, kind: str) -> Tagged:
        return Tagged(self.first, self.end, kind, self.margins)


def needs_scoring(words: Sequence[str], i: int, first: int, end: int) -> bool:
    """Only a token with a capital in it or beside it can be part of a name.

    Everything else is tagged ``O`` without scoring. (Scoring only what could be
    inside a name, not its neighbours, is a third faster but tags fewer people in
    news newer than the training data.)
    """
    return (
        has_capital(words[i])
        or (i > first and has_capital(words[i - 1]))
        or (i + 1 < end and has_capital(words[i + 1]))
    )


def scored_runs(
    doc: Document, every_token: bool = False, sentences: Sequence[tuple[int, int]] | None = None
) -> Iterator[tuple[int, int, int, int]]:
    """``(first, end, sentence_first, sentence_end)`` for each run that needs scoring
    (in ``sentences``, by default all the document's).

    ``every_token`` scores lower-case words too, for models of types that are not names.
    """
    words = doc.words
    for first, end in doc.sentences if sentences is None else sentences:
        if every_token:
            yield first, end, first, end
            continue
        i = first
        while i < end:
            if not needs_scoring(words, i, first, end):
                i += 1
                continue
            run_start = i
            while i < end and needs_scoring(words, i, first, end):
                i += 1
            yield run_start, i, first, end


def previous_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """What can come before a tag: the sentence start or any tag."""
    return (START, *tags)


def transitions(tags: Sequence[str]) -> list[list[bool]]:
    """``ok[p][t]``: ``I-X`` only continues ``B-X`` or ``I-X``."""
    table = []
    for prev in previous_tags(tags):
        kind = prev[2:] if prev not in (OUTSIDE, START) else ""
        table.append([not t.startswith("I-") or (bool(kind) and t[2:] == kind) for t in tags])
    return table


def viterbi(
    static: Sequence[Sequence[float]],
    pairs: Sequence[Sequence[Sequence[float]]],
    start_prev: int,
    ok: Sequence[Sequence[bool]],
    outside: int = 0,
) -> tuple[list[int], list[float]]:
    """Best tag sequence of a run and each token's margin over its runner-up.

    ``static[j][t]`` scores tag ``t`` at token ``j``; ``pairs[j][p][t]`` adds the link
    from previous-tag row ``p`` (0 is the sentence start, ``k + 1`` is tag ``k``).
    """
    width = len(static[0])
    span = range(width)
    row = pairs[0][start_prev]
    allowed = ok[start_prev]
    delta = [static[0][t] + row[t] if allowed[t] else _NEVER for t in span]
    sources = [[p for p in span if ok[p + 1][t]] for t in span]  # I-X follows B-X or I-X
    back: list[list[int]] = []
    for j in range(1, len(static)):
        links = pairs[j]
        scores = static[j]
        new: list[float] = []
        pointers: list[int] = []
        for t in span:
            best, arg = _NEVER, 0
            for p in sources[t]:
                value = delta[p] + links[p + 1][t]
                if value > best:
                    best, arg = value, p
            new.append(best + scores[t])
            pointers.append(arg)
        delta = new
        back.append(pointers)
    tag = max(span, key=delta.__getitem__)
    path = [tag]
    for pointers in reversed(back):
        tag = pointers[tag]
        path.append(tag)
    path.reverse()
    margins: list[float] = []
    for j, tag in enumerate(path):
        if tag == outside:
            margins.append(0.0)  # only names need to know how sure they are
            continue
        prev = start_prev if j == 0 else path[j - 1] + 1
        local = [static[j][t] + pairs[j][prev][t] if ok[prev][t] else _NEVER for t in span]
        runner = max((local[t] for t in span if t != tag), default=local[tag])
        margins.append(local[tag] - runner)
    return path, margins


class Tagger:
    """Tags documents with one model; caches per-word sums across calls."""

    def __init__(self, model: TaggerModel) -> None:
        self.model = model
        self.tags = model.tags
        self.previous = previous_tags(self.tags)
        self.ok = transitions(self.tags)
        self.outside_row = self.previous.index(OUTSIDE)
        self.outside_tag = self.tags.index(OUTSIDE)
        self.every_token = bool(model.meta.get(EVERY_TOKEN))
        self._word_scores: dict[tuple[str, bool], list[int]] = {}
        self._links: dict[str, list[list[int]]] = {}
        self._rows: dict[str, tuple[int, ...]] = {}

    def _add(self, scores: list[int], features: Sequence[str]) -> None:
        rows = self._rows
        for feature in features:
            row = rows.get(feature)
            if row is None:
                row = rows[feature] = self._row(feature)
            if row:
                scores[:] = map(add, scores, row)

    def _row(self, feature: str) -> tuple[int, ...]:
        """A feature's weights as a tuple (empty if unknown), unpacked once and kept."""
        base = self.model.row(feature)
        if base < 0:
            return ()
        if len(self._rows) > 500_000:
            self._rows.clear()
        return tuple(self.model.weights[base : base + len(self.tags)])

    def _word(self, features: DocumentFeatures, word: str) -> list[int]:
        lowercase = features.lowercase_elsewhere(word)
        key = (word, lowercase)
        cached = self._word_scores.get(key)
        if cached is None:
            if len(self._word_scores) > 200_000:
                self._word_scores.clear()
            cached = [0] * len(self.tags)
            self._add(cached, word_features(word, lowercase, features.lex, features.profile))
            self._word_scores[key] = cached
        return cached

    def _pairs(self, word: str) -> list[list[int]]:
        cached = self._links.get(word)
        if cached is None:
            if len(self._links) > 100_000:
                self._links.clear()
            cached = []
            for prev in self.previous:
                row = [0] * len(self.tags)
                self._add(row, pair_features(word, prev))
                cached.append(row)
            self._links[word] = cached
        return cached

    def tag_tokens(
        self, doc: Document, sentences: Sequence[tuple[int, int]] | None = None
    ) -> Iterator[tuple[int, str, float]]:
        """(token index, tag, margin) for every scored token of ``sentences`` (by
        default the whole document), in order; what was tagged is remembered within
        those sentences only."""
        features = DocumentFeatures(doc, profile=self.model.profile)
        words = doc.words
        scale = self.model.scale
        sentence = (-1, -1)
        pending: list[tuple[int, str]] = []
        runs = scored_runs(doc, self.every_token, sentences)
        for first, end, sentence_first, sentence_end in runs:
            if (sentence_first, sentence_end) != sentence:  # the last sentence is history now
                for i, tag in pending:
                    features.remember(i, tag)
                pending = []
                sentence = (sentence_first, sentence_end)
            static = []
            for i in range(first, end):
                scores = list(self._word(features, words[i]))
                self._add(scores, features.context(i, sentence_first, sentence_end))
                static.append(scores)
            pairs = [self._pairs(words[i]) for i in range(first, end)]
            start_row = 0 if first == sentence_first else self.outside_row
            path, margins = viterbi(static, pairs, start_row, self.ok, self.outside_tag)
            for offset, (tag, margin) in enumerate(zip(path, margins, strict=True)):
                pending.append((first + offset, self.tags[tag]))
                yield first + offset, self.tags[tag], margin * scale

    def tag(self, doc: Document, processes: int = 1) -> list[Tagged]:
        """The names in ``doc``: each a maximal B/I run of one type.

        A long text is tagged in pieces of whole sentences (:func:`pieces`), each
        remembering only its own tags, so that with ``processes`` > 1 the pieces are
        tagged side by side in forked processes — and give the same names either way."""
        parts = pieces(doc, PIECE_CHARS)
        if processes > 1 and len(parts) > 1:
            return _tag_in_processes(self, doc, parts, processes)
        return [t for part in parts for t in self.tag_piece(doc, part)]

    def tag_piece(self, doc: Document, sentences: Sequence[tuple[int, int]]) -> list[Tagged]:
        found: list[Tagged] = []
        open_first = -1
        open_kind = ""
        margins: list[float] = []
        last = -2
        for i, tag, token_margin in self.tag_tokens(doc, sentences):
            continues = tag.startswith("I-") and open_first >= 0 and last == i - 1
            if continues and tag[2:] == open_kind:
                margins.append(token_margin)
                last = i
                continue
            if open_first >= 0:
                found.append(Tagged(open_first, last + 1, open_kind, tuple(margins)))
            open_first = -1
            if tag != OUTSIDE:
                open_first, open_kind, margins = i, tag[2:], [token_margin]
            last = i
        if open_first >= 0:
            found.append(Tagged(open_first, last + 1, open_kind, tuple(margins)))
        return found


PIECE_CHARS = 500_000
"""How much text the tagger's memory of earlier tags spans ("a word tagged earlier
keeps its type"). Articles are shorter and are one piece; a book is cut into pieces
of whole sentences of about this size, which can be tagged on several cores at once."""


def pieces(doc: Document, size: int = PIECE_CHARS) -> list[list[tuple[int, int]]]:
    """The document's sentences in consecutive groups of about ``size`` characters."""
    out: list[list[tuple[int, int]]] = [[]]
    piece_start = 0
    for first, end in doc.sentences:
        if out[-1] and end > first and doc.starts[first] - piece_start >= size:
            out.append([])
            piece_start = doc.starts[first]
        out[-1].append((first, end))
    return out


def _tag_in_processes(
    tagger: Tagger, doc: Document, parts: list[list[tuple[int, int]]], processes: int
) -> list[Tagged]:
    """Tag the pieces on ``processes`` forked workers (see ``reader.analysis.forking``)."""

    def rows(index: int) -> list[tuple[int, int, str, tuple[float, ...]]]:
        return [(t.first, t.end, t.kind, t.margins) for t in tagger.tag_piece(doc, parts[index])]

    return [Tagged(*row) for found in fork_map(rows, len(parts), processes) for row in found]
