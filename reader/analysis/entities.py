"""Rule-based named entity recognition with canonical grouping.

Pure Python and deterministic: capitalised runs (``entity_spans``) are trimmed and
split by titles, sentence starts and nationality words, then labelled from shipped
word lists (``entity_data``), name shapes ("X Party", "University of X") and
context ("Mr X", "in X", "X said"). A second pass lets confident mentions vouch
for uncertain ones of the same name, and labels names in headings only when the
body or the lists know them. Dates and amounts come from ``entity_dates``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reader.analysis.entity_data import Gazetteer, gazetteer
from reader.analysis.entity_dates import TIME_WORDS, find_time_and_amounts
from reader.analysis.entity_spans import RUN, TOKEN, Layout
from reader.analysis.grouping import group
from reader.analysis.model import Entity


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EVENT_WORDS = _words(
    "election elections olympics olympic games cup championship championships open "
    "war summit festival prix trophy tournament series revolution grand slam"
)
LAW_WORDS = _words("act treaty accord accords agreement convention constitution")
FAC_WORDS = _words(
    "airport stadium bridge road street avenue square park hall tower palace arena "
    "ground station prison castle cathedral centre center highway canal dam"
)
LOC_WORDS = _words(
    "river sea ocean lake mountains mountain island islands valley bay strait "
    "peninsula coast desert gulf"
)
LOC_PREFIXES = _words("mount lake cape")
DIRECTIONS = _words(
    "north south east west northern southern eastern western central upper lower greater new"
)
CONNECTORS = _words(
    "of the de la du da del della der den di van von le bin ibn al y and & for upon"
)
SPORTS = _words(
    "soccer football cricket tennis golf rugby baseball basketball hockey cycling "
    "athletics boxing racing motor-racing sport sports swimming skiing badminton "
    "volleyball handball squash snooker nfl nba nhl"
)
_PLACE_CUES = _words("in at near from to outside across into throughout around")
_SAY_AFTER = re.compile(r"^,?[ ](?:said|says|told|added|asked|replied|wrote|explained)\b")
_SAY_BEFORE = re.compile(r"\b(?:said|says|told|according[ ]to)[ ]$")
_SCORE_AFTER = re.compile(r"^[ ]?\(?\d")
_POSSESSIVE = re.compile(r"['’]s?$")
_INITIAL = re.compile(r"^\w\.$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,5}s?$")
_YEAR_BEFORE = re.compile(r"(?:1[5-9]|20)\d\d[ ]$")

CONFIDENT, LIKELY, GUESS, DOUBT = 3, 2, 1, 0


@dataclass(slots=True)
class Mention:
    """A labelled span and how sure the rule that labelled it was."""

    start: int
    end: int
    label: str
    strength: int


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [
        (start + m.start(), start + m.end(), m.group()) for m in TOKEN.finditer(text[start:end])
    ]


class _Recogniser:
    """Rules over one text; a fresh instance per call keeps calls independent."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.gaz: Gazetteer = gazetteer()
        self.layout = Layout(text)
        first_line = text[: text.find("\n")] if "\n" in text else text[:200]
        head = re.split(r"[ ]+[-–—:][ ]+", first_line.strip(), maxsplit=1)[0]
        self.sports = bool(SPORTS & {w.casefold() for w in re.findall(r"[\w-]+", head)})

    # ---------------------------------------------------------------- runs ---

    def split_run(self, start: int, end: int) -> list[tuple[list[tuple[int, int, str]], bool]]:
        """Cut a capitalised run into name candidates; the flag says "after a title"."""
        tokens = _tokens(self.text, start, end)
        if self._whole_name(tokens):
            trimmed = self._trim(tokens)
            return [(trimmed, False)] if trimmed else []
        pieces: list[tuple[list[tuple[int, int, str]], bool]] = []
        segment: list[tuple[int, int, str]] = []
        for token in tokens:  # "Canada and Mexico" is two names
            if token[2] in ("and", "&"):
                pieces.extend(self._split_segment(segment))
                segment = []
            else:
                segment.append(token)
        pieces.extend(self._split_segment(segment))
        return pieces

    def _split_segment(
        self, tokens: list[tuple[int, int, str]]
    ) -> list[tuple[list[tuple[int, int, str]], bool]]:
        gaz = self.gaz
        if self._whole_name(tokens):
            trimmed = self._trim(tokens)
            return [(trimmed, False)] if trimmed else []
        pieces: list[tuple[list[tuple[int, int, str]], bool]] = []
        current: list[tuple[int, int, str]] = []
        titled = False
        for index, token in enumerate(tokens):
            word = token[2].casefold()
            if word in TIME_WORDS:
                pieces.append((current, titled))
                current, titled = [], False
                continue
            if word in gaz.titles and not self._title_is_name(tokens, index):
                pieces.append((current, titled))
                current, titled = [], True
                continue
            if (
                word in gaz.demonyms
                and (current or index + 1 < len(tokens))
                and not self._whole_name([*current, token])
                and not self._whole_name(tokens[index:])
            ):
                pieces.append((current, titled))
                pieces.append(([token], False))
                current, titled = [], False
                continue
            current.append(token)
            if _POSSESSIVE.search(token[2]) and index + 1 < len(tokens):
                pieces.append((current, titled))
                current, titled = [], False
        pieces.append((current, titled))
        return [(self._trim(p), t) for p, t in pieces if self._trim(p)]

    def _title_is_name(self, tokens: list[tuple[int, int, str]], index: int) -> bool:
        """ "General" in "General Motors" or "Major" in "John Major" is part of a name."""
        if index > 0 and tokens[index - 1][2].casefold() in self.gaz.first_names:
            return True
        rest = tokens[index:]
        return len(rest) > 1 and self._whole_name(rest)

    def _whole_name(self, tokens: Sequence[tuple[int, int, str]]) -> bool:
        """True if the tokens form one name by the lists or by an organisation's shape."""
        if not tokens:
            return False
        words = [t[2] for t in tokens]
        key = " ".join(words).casefold()
        key = _POSSESSIVE.sub("", key)
        gaz = self.gaz
        if gaz.label_of(key) is not None:
            return True
        if len(words) < 2:
            return False
        last = _POSSESSIVE.sub("", words[-1]).casefold()
        if last in gaz.org_suffixes or last in EVENT_WORDS or last in LAW_WORDS:
            return True
        return (
            2 < len(words) < 6
            and words[1] == "of"
            and words[0].casefold() in gaz.org_suffixes
            and "and" not in words
        )

    def _trim(self, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        gaz = self.gaz
        tokens = list(tokens)
        while tokens and (tokens[0][2].casefold() in CONNECTORS or tokens[0][2] in ("The", "A")):
            tokens.pop(0)
        while tokens and tokens[-1][2].casefold() in CONNECTORS:
            tokens.pop()
        if tokens and self.layout.starts_sentence(tokens[0][0]):
            first = _POSSESSIVE.sub("", tokens[0][2]).casefold()
            known = gaz.label_of(first) is not None or first in gaz.first_names
            if not self._whole_name(tokens) and (
                first in gaz.common_words
                or (first in self.layout.lower_words and not known)
                or (
                    len(tokens) > 1
                    and not known
                    and tokens[1][2].casefold() in gaz.first_names
                    and not _INITIAL.match(tokens[0][2])
                )
            ):
                tokens.pop(0)
                return self._trim(tokens) if tokens else tokens
        if (
            len(tokens) > 1
            and tokens[-1][2].casefold() in gaz.titles
            and not self._whole_name(tokens)
        ):
            tokens.pop()
        return tokens

    # ------------------------------------------------------------- labels ---

    def label(self, tokens: list[tuple[int, int, str]], titled: bool) -> Mention | None:
        """Label one candidate, or drop it (None) when nothing speaks for a name."""
        gaz = self.gaz
        start, end = tokens[0][0], tokens[-1][1]
        surface = self.text[start:end]
        stripped = _POSSESSIVE.sub("", surface)
        if stripped != surface and len(stripped) > 1:
            end = start + len(stripped)
        words = stripped.split()
        key = " ".join(words).casefold()
        lowered = [w.casefold() for w in words]
        listed = gaz.label_of(key)
        if listed is not None:
            if listed == "GPE" and self._team_town(key, start):
                return Mention(start, end, "ORG", CONFIDENT)
            return Mention(start, end, listed, CONFIDENT)
        if titled:
            return Mention(start, end, "PERSON", CONFIDENT)
        if len(words) > 1:
            last = lowered[-1]
            if last in EVENT_WORDS:
                year = _YEAR_BEFORE.search(self.text, max(0, start - 5), start)
                return Mention(year.start() if year else start, end, "EVENT", CONFIDENT)
            if last in LAW_WORDS:
                return Mention(start, end, "LAW", LIKELY)
            if last in gaz.org_suffixes or (lowered[1] == "of" and lowered[0] in gaz.org_suffixes):
                return Mention(start, end, "ORG", CONFIDENT)
            if last in FAC_WORDS:
                return Mention(start, end, "FAC", LIKELY)
            if last in LOC_WORDS or lowered[0] in LOC_PREFIXES:
                return Mention(start, end, "LOC", LIKELY)
            if lowered[0] in gaz.first_names or _INITIAL.match(words[0]):
                return Mention(start, end, "PERSON", CONFIDENT)
            if lowered[0] in DIRECTIONS:
                return Mention(start, end, "GPE", LIKELY)
        if len(words) == 1:
            if lowered[0] in gaz.common_words or lowered[0].endswith("ism"):
                return None
            if lowered[0] in gaz.first_names:
                return Mention(start, end, "PERSON", LIKELY)
            if _ACRONYM.match(words[0]):
                return Mention(start, end, "ORG", LIKELY)
            if self._demonym_like(lowered[0]):
                return Mention(start, end, "NORP", LIKELY)
        mention = self._by_context(start, end, len(words))
        if mention.strength == GUESS and len(words) == 1 and self.layout.starts_sentence(start):
            mention.strength = DOUBT  # "Scores:" — kept only if named elsewhere too
        return mention

    def _dateline(self, start: int) -> bool:
        span = self.layout.line(start).dateline
        return span is not None and span[0] <= start < span[1]

    def _team_town(self, key: str, start: int) -> bool:
        """In a sports report a town or state mostly names its team, unless "in X"."""
        if not self.sports or key in self.gaz.countries:
            return False
        before = self.text[max(0, start - 12) : start].rstrip()
        previous = before.rsplit(" ", 1)[-1].casefold() if before else ""
        return previous not in _PLACE_CUES

    def _demonym_like(self, word: str) -> bool:
        return _demonym_like(word)

    def _by_context(self, start: int, end: int, size: int) -> Mention:
        text = self.text
        after = text[end : end + 12]
        before = text[max(0, start - 16) : start]
        if self.sports and _SCORE_AFTER.match(after):
            return Mention(start, end, "ORG", LIKELY)
        if _SAY_AFTER.match(after) or _SAY_BEFORE.search(before):
            return Mention(start, end, "PERSON", LIKELY)
        previous = before.rstrip().rsplit(" ", 1)[-1].casefold() if before.strip() else ""
        if previous in _PLACE_CUES:
            return Mention(start, end, "GPE", GUESS)
        if previous == "the":  # people seldom take an article: "the Treasury"
            return Mention(start, end, "ORG", GUESS)
        if size > 1:
            return Mention(start, end, "PERSON", GUESS)
        return Mention(start, end, "ORG" if self.sports else "PERSON", GUESS)

    # ------------------------------------------------------ document pass ---

    def run(self, boilerplate: Sequence[tuple[int, int]]) -> list[Mention]:
        text = self.text
        blocked = _Blocked(boilerplate)
        taken: list[Mention] = []
        for start, end, label in find_time_and_amounts(text):
            if not blocked.hits(start, end):
                taken.append(Mention(start, end, label, CONFIDENT))
        times = _Blocked([(m.start, m.end) for m in taken])
        body: list[Mention] = []
        headings: list[tuple[int, int]] = []
        splits: dict[tuple[str, bool], list[tuple[list[tuple[int, int, str]], bool]]] = {}
        for match in RUN.finditer(text):
            start, end = match.span()
            if blocked.hits(start, end):
                continue
            line = self.layout.line(start)
            if line.dateline and line.dateline[0] <= start and end <= line.dateline[1]:
                body.append(Mention(start, end, "GPE", CONFIDENT))
                continue
            if line.heading:
                headings.append((start, end))
                continue
            key = (match.group(), self.layout.starts_sentence(start))
            pieces = splits.get(key)
            if pieces is None:  # cutting depends only on the run and its sentence start
                pieces = [
                    ([(s - start, e - start, w) for s, e, w in tokens], titled)
                    for tokens, titled in self.split_run(start, end)
                ]
                splits[key] = pieces
            for relative, titled in pieces:
                tokens = [(s + start, e + start, w) for s, e, w in relative]
                mention = self.label(tokens, titled)
                if mention is None:
                    continue
                if mention.label == "EVENT" or not times.hits(mention.start, mention.end):
                    body.append(mention)
        self._agree(body)
        body.extend(self._headings(headings, body, times))
        return sorted(taken + body, key=lambda m: (m.start, m.start - m.end))

    def _agree(self, mentions: list[Mention]) -> None:
        """Let confident mentions decide the label of uncertain ones of the same name.

        A doubtful mention (an unknown word opening a sentence) survives only if the
        same name also appears where capitals do mean a name.
        """
        votes: dict[str, Counter[str]] = {}
        person_parts: set[str] = set()
        surnames: set[str] = set()
        seen: set[str] = set()
        for m in mentions:
            key = self.text[m.start : m.end].casefold()
            if m.strength > DOUBT:
                seen.add(key)
            if m.strength >= LIKELY:
                votes.setdefault(key, Counter())[m.label] += m.strength
                if m.label == "PERSON":
                    person_parts.update(key.split())
                    if " " in key:
                        surnames.add(key.rsplit(" ", 1)[1])
        kept: list[Mention] = []
        for m in mentions:
            if m.strength == CONFIDENT and m.label != "PERSON":
                key = self.text[m.start : m.end].casefold()
                if key in surnames:  # "Jordan" after "Michael Jordan"
                    m.label = "PERSON"
            if m.strength < CONFIDENT:
                key = self.text[m.start : m.end].casefold()
                if key in votes:
                    m.label = votes[key].most_common(1)[0][0]
                    m.strength = LIKELY
                elif " " not in key and key in person_parts:
                    m.label = "PERSON"
                    m.strength = LIKELY
                elif m.strength == DOUBT and key not in seen:
                    continue
            kept.append(m)
        mentions[:] = kept

    def _headings(
        self, runs: list[tuple[int, int]], body: list[Mention], times: _Blocked
    ) -> list[Mention]:
        """Names in headings: only sequences the body or the lists already know."""
        known: dict[str, str] = {}
        for m in body:
            key = self.text[m.start : m.end].casefold()
            known.setdefault(key, m.label)
            if m.label == "PERSON":
                for part in key.split()[1:]:
                    known.setdefault(part, "PERSON")
        found: list[Mention] = []
        for start, end in runs:
            tokens = _tokens(self.text, start, end)
            i = 0
            while i < len(tokens):
                for j in range(min(len(tokens), i + 5), i, -1):
                    piece = tokens[i:j]
                    key = _POSSESSIVE.sub("", " ".join(t[2] for t in piece).casefold())
                    label = known.get(key) or self.gaz.label_of(key)
                    if label and key not in self.gaz.common_words:
                        s = piece[0][0]
                        if label == "GPE" and self._team_town(key, s) and not self._dateline(s):
                            label = "ORG"
                        e = s + len(_POSSESSIVE.sub("", self.text[s : piece[-1][1]]))
                        if not times.hits(s, e):
                            found.append(Mention(s, e, label, LIKELY))
                        i = j - 1
                        break
                i += 1
        return found


@cache
def _demonym_like(word: str) -> bool:
    """ "Iraqis", "Zairean": plural or adjective forms of a listed country or people."""
    gaz = gazetteer()
    if word.endswith("s") and word[:-1] in gaz.demonyms:
        return True
    for suffix in ("ians", "ian", "eans", "ean", "ans", "an", "ese", "is", "i"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            if any(name.startswith(base) and len(name) - len(base) <= 2 for name in gaz.countries):
                return True
    return False


class _Blocked:
    """Sorted, non-overlapping-enough spans with a fast "does this overlap" test."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def hits(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start) - 1
        if index >= 0 and self.ends[index] > start:
            return True
        return index + 1 < len(self.starts) and self.starts[index + 1] < end


def find_entities(text: str, boilerplate: Sequence[tuple[int, int]] = ()) -> list[Entity]:
    """Entity mentions outside boilerplate, sorted by start, each with a canonical name."""
    if not text:
        return []
    mentions = _Recogniser(text).run(boilerplate)
    kept: list[tuple[int, int, str]] = []
    last_end = -1
    for m in mentions:
        if m.start >= last_end and m.end > m.start:
            kept.append((m.start, m.end, m.label))
            last_end = m.end
    return group(text, kept)
