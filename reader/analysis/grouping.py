"""Group entity mentions under one canonical name per entity.

A reader wants "KEN Livingstone", "Mr Livingstone" and "Livingstone" counted as one
person. Both backends produce plain (start, end, label) mentions and this module
names them, so grouping behaves the same whichever recogniser found them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from reader.analysis.entity_data import gazetteer
from reader.analysis.model import Entity
from reader.analysis.speakers.names import HONORIFICS, first_name_gender
from reader.analysis.speakers.verbs import TITLES

_POSSESSIVE = re.compile(r"['’]s?$")
_INITIAL = re.compile(r"^\w\.$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_GIVEN_NAME_TITLES = frozenset({"sir", "dame", "lord", "lady"})
"""Titles written with a given name: Sir Thomas Bertram is "Sir Thomas", and a duke's
younger son Lord Henry Wotton "Lord Henry"."""
_TITLE_BEFORE = re.compile(rf"\b({'|'.join(sorted(HONORIFICS, key=len, reverse=True))})(\.?)\s+$")


def _tidy_token(token: str, title_case: bool) -> str:
    """Title-case a shouted token ("KEN" → "Ken") unless it looks like an acronym."""
    if title_case and len(token) > 1 and token.isupper() and token.isalpha():
        return token[:1] + token[1:].lower()
    return token


def surface_tokens(surface: str, label: str) -> list[str]:
    """Name tokens of a mention, without a leading "the", possessive or shouting."""
    surface = _LEADING_THE.sub("", " ".join(surface.split()))
    surface = _POSSESSIVE.sub("", surface)
    tokens = surface.split()
    gaz = gazetteer()
    spelled = gaz.spelling(" ".join(tokens).casefold())
    if spelled is not None:
        return spelled.split()
    shouting = label == "PERSON" or (len(tokens) > 1 and not all(t.isupper() for t in tokens))
    return [_tidy_token(t, shouting or len(t) > 4) for t in tokens]


def _compatible(short: list[str], full: list[str]) -> bool:
    """True if ``short``'s given name(s) fit ``full``'s ("P. Simmons" fits "Phil Simmons")."""
    for a, b in zip(short[:-1], full[:-1], strict=False):
        if a.casefold() == b.casefold():
            continue
        if _INITIAL.match(a) and b[:1].casefold() == a[:1].casefold():
            continue
        return False
    return True


def _title_before(text: str, start: int) -> str | None:
    """ "Mrs." in "Mrs. Bennet": the title written just before a person's name."""
    match = _TITLE_BEFORE.search(text, max(0, start - 14), start)
    return match.group(1) + match.group(2) if match else None


def _fits_title(title: str, full: tuple[str, ...]) -> bool:
    """ "Mrs Bennet" cannot be "Mr Bennet"'s "Thomas Bennet" (a known given name's sex)."""
    sex = TITLES.get(title.rstrip(".").casefold())
    given = first_name_gender().get(full[0]) if len(full) > 1 else None
    return sex is None or given is None or sex == given


_QUOTATION_REACH = 3000
"""How far back in its paragraph a mention looks for the quotation mark it stands after."""


def _inside_quotation(text: str, pos: int) -> bool:
    """Whether ``pos`` stands inside a quotation (an open mark earlier in its paragraph,
    not closed): what a character says, not what the narration writes."""
    lo = max(0, pos - _QUOTATION_REACH)
    start = text.rfind("\n\n", lo, pos)
    before = text[start + 2 if start >= 0 else lo : pos]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _person_names(
    mentions: Sequence[tuple[int, list[str]]],
    titles: dict[int, str] | None = None,
    quoted: set[int] | None = None,
) -> dict[int, str]:
    """Canonical name for each person mention, keyed by its index.

    A lone surname joins the full name that has it. With a title it joins only the
    one full name of that surname, written before it, whose given name fits the
    title; else it stays "Mrs. Bennet": news writes a person's full name first, and
    in a family ("Jane Bennet", "Lydia Bennet") a title does not say which one.
    """
    titles = titles or {}
    quoted = quoted or set()
    first_seen: dict[tuple[str, ...], int] = {}
    narrated: set[tuple[str, ...]] = set()
    for index, tokens in mentions:
        first_seen.setdefault(tuple(tokens), index)
        if index not in quoted:
            narrated.add(tuple(tokens))
    by_last: dict[str, Counter[tuple[str, ...]]] = {}
    first_names: dict[str, set[str]] = {}
    for _, tokens in mentions:
        if len(tokens) > 1:
            by_last.setdefault(tokens[-1].casefold(), Counter())[tuple(tokens)] += 1
    for last, fulls in by_last.items():
        for full in fulls:
            if not _INITIAL.match(full[0]) and full in narrated:
                first_names.setdefault(full[0].casefold(), set()).add(last)

    # "Red Ken": a full name ending in someone's given name is that person's nickname
    nicknames: dict[tuple[str, ...], str] = {}
    for last in list(by_last):
        owners = first_names.get(last, set()) - {last}
        if len(owners) == 1 and last in gazetteer().first_names:
            owner = next(iter(owners))
            for full in by_last.pop(last):
                nicknames[full] = owner

    def best(candidates: Counter[tuple[str, ...]]) -> str:
        order = {name: i for i, name in enumerate(candidates)}
        # the fullest name, then the most frequent, then the earliest
        chosen = max(candidates, key=lambda n: (len(n), candidates[n], -order[n]))
        return " ".join(chosen)

    memo: dict[tuple[str, ...], str] = {}

    def name_of(tokens: tuple[str, ...]) -> str:
        if tokens in nicknames and nicknames[tokens] in by_last:
            return best(by_last[nicknames[tokens]])
        last = tokens[-1].casefold()
        fulls = by_last.get(last)
        if fulls:
            if len(tokens) == 1:
                return best(fulls)
            fitting = Counter(
                {f: n for f, n in fulls.items() if _compatible(list(tokens), list(f))}
            )
            return best(fitting or Counter({tokens: 1}))
        owners = first_names.get(last, set())
        owner = next(iter(owners)) if len(owners) == 1 else None
        # "Jeremy" or "Red Ken": the given name of one known person (who may have
        # been merged into another name meanwhile, and so no longer be listed), as the
        # narration writes it: a novel's "Katharine" is not the "Katharine Rodney" one
        # of its characters imagines aloud
        if owner is not None and owner in by_last:
            own = Counter(
                {
                    f: n
                    for f, n in by_last[owner].items()
                    if f[0].casefold() == last and f in narrated
                }
            )
            if own:
                return best(own)
        return " ".join(tokens)

    def titled(index: int, tokens: tuple[str, ...], title: str) -> str:
        name = tokens[-1].casefold()
        fulls = by_last.get(name) or Counter()
        if not fulls and title.rstrip(".").casefold() in _GIVEN_NAME_TITLES:
            # "Lord Henry", "Sir Thomas": these titles go with a given name
            owners = first_names.get(name, set())
            if len(owners) == 1:
                last = next(iter(owners))
                given = by_last.get(last) or Counter()
                fulls = Counter({f: n for f, n in given.items() if f[0].casefold() == name})
        if len(fulls) == 1:
            full = next(iter(fulls))
            if first_seen[full] < index and _fits_title(title, full):
                return " ".join(full)
        return f"{title} {tokens[-1]}"

    names: dict[int, str] = {}
    for index, tokens in mentions:
        key = tuple(tokens)
        title = titles.get(index)
        if title is not None and len(key) == 1:
            names[index] = titled(index, key, title)
            continue
        if key not in memo:
            memo[key] = name_of(key)
        names[index] = memo[key]
    return names


def _other_names(mentions: Sequence[tuple[int, list[str]]]) -> dict[int, str]:
    """Canonical names for non-person mentions: "Labour" joins "Labour Party"."""
    suffixes = gazetteer().org_suffixes
    longer: dict[str, str] = {}
    for _, tokens in mentions:
        if len(tokens) > 1 and tokens[-1].casefold() in suffixes:
            longer.setdefault(" ".join(tokens[:-1]).casefold(), " ".join(tokens))
    names: dict[int, str] = {}
    for index, tokens in mentions:
        name = " ".join(tokens)
        names[index] = longer.get(name.casefold(), name)
    return names


def group(text: str, mentions: Iterable[tuple[int, int, str]]) -> list[Entity]:
    """Entities for ``(start, end, label)`` mentions of ``text``, with canonical names.

    Mentions keep their order; within one label, names that differ only by case
    share the spelling seen most often.
    """
    items = [(start, end, label, text[start:end]) for start, end, label in mentions]
    persons: list[tuple[int, list[str]]] = []
    others: dict[str, list[tuple[int, list[str]]]] = {}
    tidied: dict[tuple[str, str], list[str]] = {}
    for index, (_, _, label, surface) in enumerate(items):
        tokens = tidied.get((surface, label))
        if tokens is None:
            tokens = surface_tokens(surface, label) or [surface]
            tidied[(surface, label)] = tokens
        if label == "PERSON":
            persons.append((index, tokens))
        else:
            others.setdefault(label, []).append((index, tokens))
    titles = {}
    for index, _ in persons:
        title = _title_before(text, items[index][0])
        if title is not None:
            titles[index] = title
    quoted = {  # only a full name's place is asked for
        index
        for index, tokens in persons
        if len(tokens) > 1 and _inside_quotation(text, items[index][0])
    }
    names = _person_names(persons, titles, quoted)
    for group_mentions in others.values():
        names.update(_other_names(group_mentions))
    # one spelling per case-insensitive name and label
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for index, (_, _, label, _) in enumerate(items):
        spellings.setdefault((label, names[index].casefold()), Counter())[names[index]] += 1
    chosen = {
        key: max(counter, key=lambda n: (counter[n], not n.isupper()))
        for key, counter in spellings.items()
    }
    return [
        Entity(start, end, surface, label, chosen[(label, names[index].casefold())])
        for index, (start, end, label, surface) in enumerate(items)
    ]
