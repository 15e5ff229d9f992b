"""Speakers for untagged quotes: carry-over, dialogue turns, a first-person narrator.

Why after the tags: these rules only fill gaps, and they need every tagged speaker in the
text first — a quote right after a quote carries on its speaker; in dialogue the turns
alternate, fixed by tagged turns and by the names each turn addresses ("Perhaps you are
right, Watson"); "I" is the narrator others name. Nothing is guessed from proximity.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from reader.analysis.speakers.names import STOP, NameIndex
from reader.analysis.speakers.resolution import Resolver
from reader.analysis.speakers.tokens import Found
from reader.analysis.speakers.verbs import TITLES
from reader.analysis.speakers.windows import FOCUS_LOOKBACK

_VOCATIVE = re.compile(
    r"(?:^[\"“‘]|[,;—]\s*|\b(?:dear|my|oh|O)\s+)((?:[A-Z][a-z]+\.?\s+)?[A-Z][a-z]+)"
    r"(?=\s*[,!?;]|\s*\.?[\"”’]?$)"
)


def vocatives(quote: str, names: NameIndex) -> list[str]:
    """Names a quote addresses ("Perhaps you are right, Watson,"): never its speaker."""
    found = []
    for m in _VOCATIVE.finditer(quote):
        name = m.group(1)
        last = name.split()[-1]
        if last.lower() in STOP or last.lower() in TITLES or names.common_word(last):
            continue
        found.append(name)
    return found


def find_narrator(text: str, att: Resolver) -> str | None:
    """A first-person narrator's name: the name others call them in dialogue.

    Only when the narration itself says "I said"/"said I"; the narrator is then the
    person most often addressed by name in quotes who is never named in the narration."""
    narration_i = sum(
        1
        for m in re.finditer(r"\b(?:said I|I said|I asked|I cried|I answered|I remarked)\b", text)
        if not att.inside_quote(m.start())
    )
    if narration_i < 2:
        return None
    counts: Counter[str] = Counter()
    for s, e in att.spans:
        for name in vocatives(text[s:e], att.names):
            counts[name.split()[-1]] += 1
    outside: Counter[str] = Counter()
    people: set[str] = set()
    for m in att.names.mentions:
        last = m.canonical.split()[-1]
        if not att.inside_quote(m.start):
            outside[last] += 1
        elif m.person:
            people.add(last)
    for name, _ in counts.most_common():
        if outside[name] == 0 and name.lower() not in STOP and name in people:
            return name
    return None


def carry_over(
    text: str, spans: Sequence[tuple[int, int]], found: list[Found], att: Resolver
) -> None:
    """Untagged quotes: continue the speaker within a paragraph, alternate in dialogue."""
    paras = [att.para_bounds(s) for s, _ in spans]
    turn_start = [s == p[0] for (s, _), p in zip(spans, paras, strict=True)]
    dialogue = is_dialogue(text, spans, paras, turn_start)
    turns: list[str | None] = []  # speaker per quote paragraph, in order
    last_para: tuple[int, int] | None = None
    prev_turn_end = -1
    for i, f in enumerate(found):
        para = paras[i]
        same_para = last_para == para
        if not same_para:
            adjacent = prev_turn_end >= 0 and not text[prev_turn_end : para[0]].strip()
            if not adjacent or not turn_start[i]:
                turns = []
        if f.speaker is None and i > 0:
            if same_para and found[i - 1].speaker:
                prev = found[i - 1]
                found[i] = Found(
                    prev.speaker, prev.start, prev.end, how="same-paragraph", pronoun=prev.pronoun
                )
            elif not same_para and turn_start[i] and turns:
                if dialogue:
                    guess = _alternate(turns)
                    if guess:
                        found[i] = Found(guess, how="alternate")
                elif turns[-1]:
                    found[i] = Found(turns[-1], how="last-turn")
        if not same_para:
            turns.append(found[i].speaker)
        elif found[i].speaker and not turns[-1]:
            turns[-1] = found[i].speaker
        last_para = para
        prev_turn_end = para[1]


def _alternate(turns: list[str | None]) -> str | None:
    """In a two-person exchange the turn goes back to whoever spoke two turns ago."""
    last = turns[-1]
    if len(turns) >= 2 and turns[-2] and turns[-2] != last:
        return turns[-2]
    return None


def fill_exchanges(
    text: str, spans: Sequence[tuple[int, int]], found: list[Found], att: Resolver
) -> None:
    """In a run of back-to-back quoted paragraphs between two people, turns alternate:
    tagged turns (and names addressed in the turn before) fix who holds odd and even
    turns, backwards as well as forwards. Runs with a third voice are left alone."""
    paras = [att.para_bounds(s) for s, _ in spans]
    first = [s == p[0] for (s, _), p in zip(spans, paras, strict=True)]
    if not is_dialogue(text, spans, paras, first):
        return
    runs: list[list[list[int]]] = []  # run → turn (paragraph) → quote indexes
    for i, para in enumerate(paras):
        if runs and runs[-1][-1] and paras[runs[-1][-1][0]] == para:
            runs[-1][-1].append(i)
            continue
        prev_end = paras[runs[-1][-1][0]][1] if runs else -1
        if runs and not text[prev_end : para[0]].strip():
            runs[-1].append([i])
        else:
            runs.append([[i]])
    for run in runs:
        if len(run) < 3:
            continue
        sides: list[set[str]] = [set(), set()]
        for k, turn in enumerate(run):
            for i in turn:
                if found[i].tagged and found[i].speaker:
                    sides[k % 2].add(found[i].speaker)
        hints: list[set[str]] = [set(), set()]
        for k, turn in enumerate(run):
            for i in turn:
                s, e = spans[i]
                for name in vocatives(text[s:e], att.names):
                    who = addressee(name, s, att)
                    if who:
                        hints[(k + 1) % 2].add(who)
        for side in (0, 1):
            if not sides[side] and len(hints[side]) == 1:
                sides[side] = set(hints[side])
        if len(sides[0]) != 1 or len(sides[1]) != 1 or sides[0] == sides[1]:
            continue
        names = [next(iter(sides[0])), next(iter(sides[1]))]
        for k, turn in enumerate(run):
            for i in turn:
                if not found[i].speaker:
                    found[i] = Found(names[k % 2], how="exchange")


def addressee(name: str, pos: int, att: Resolver) -> str | None:
    """The person a vocative names: the latest earlier mention with that surname."""
    last = name.split()[-1]
    names = att.names
    k = names.before(pos) - 1
    while k >= 0 and pos - names.mentions[k].start < FOCUS_LOOKBACK:
        m = names.mentions[k]
        k -= 1
        if m.person and last in m.canonical.split():
            return m.canonical
    return None


def is_dialogue(
    text: str,
    spans: Sequence[tuple[int, int]],
    paras: list[tuple[int, int]],
    turn_start: list[bool],
) -> bool:
    """Fiction-style exchanges: many paragraphs that are nothing but a quote."""
    bare = 0
    for (_s, e), (_ps, pe), first in zip(spans, paras, turn_start, strict=True):
        if first and not text[e:pe].strip():
            bare += 1
    return bare >= 4 and bare * 4 >= len(spans)
