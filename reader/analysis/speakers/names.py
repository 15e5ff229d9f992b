"""Person-name mentions for speaker attribution, read off the text around quotes.

Why its own reader: attribution needs more than the entity list gives — the titles in
front of names (which also tell gender), initials, and a way to turn "Mr Murphy" into
the "Jim Murphy" named earlier. Which names are people is the entity tagger's call (a
PERSON entity, or a titled name), and a PERSON entity's group name is the canonical
one, so speakers and the side pane name the same person.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reader.analysis.model import Entity
from reader.analysis.speakers.verbs import ROLE_NOUNS, SPEECH_VERBS, TITLES
from reader.lexicon import read_list, read_words

_TITLE_ALT = "|".join(sorted((t.capitalize() for t in TITLES), key=len, reverse=True))
_U, _L = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # Latin-1 letters: "Raúl", "Gonzàlez", "Ødegaard"
_CAP = rf"(?:[{_U}][{_L}]*(?:[{_U}][{_L}]+)?(?:['’-][{_U}]?[{_L}]+)*|[{_U}]{{2,}}(?![{_L}]))"
_PART = rf"(?:[A-Z]\.|{_CAP}|(?:de|De|van|von|da|di|du|le|La|Le|del|bin|al)(?=\s+[A-Z]))"
NAME_RE = re.compile(
    rf"(?<![\w'’-])(?:(?P<title>{_TITLE_ALT})\.?\s+(?P<initials>(?:[A-Z]\.){{1,3}}[ \t]*)?)?"
    rf"(?P<name>{_CAP}(?:[ \t]+{_PART}){{0,3}})(?!\w)"
)

STOP = read_words("name_stop_words.txt")
ORG_WORDS = read_words("organisation_words.txt")
_PRONOUN = re.compile(r"\b(he|she|his|her|him)\b", re.I)
_LOW_PREP = frozenset({"in", "at", "to", "from", "of", "on", "into", "near"})
_ROLE_WORDS = (ROLE_NOUNS | frozenset(TITLES)) - {"general", "major"}
_ABBREV_BEFORE_DOT = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col"})
_NOT_PEOPLE = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
)
_WORD = re.compile(r"[a-z][a-z'’-]*")
_TAG_PUNCT = frozenset(",:\"“”'‘’")


@cache
def given_names() -> frozenset[str]:
    """Given names as the lexicon spells them ("James"), whatever sex they tell."""
    return frozenset(read_list("first_names.txt")) | frozenset(first_name_gender())


@cache
def first_name_gender() -> dict[str, str]:
    """Given name → "f"/"m", from the shipped list; names common to both are absent."""
    table: dict[str, str] = {}
    for line in read_list("speech_first_names.txt"):
        tag, _, names = line.partition(":")
        if tag in {"f", "m"}:
            for name in names.split():
                table[name] = tag
    return table


@cache
def plain_given_names() -> frozenset[str]:
    """Given names that tell a sex and are not surnames too: "Jeremy", not "Clinton"."""
    surnames: set[str] = set()
    for line in read_list("speech_first_names.txt"):
        tag, _, names = line.partition(":")
        if tag == "s":
            surnames.update(names.split())
    return frozenset(first_name_gender()) - surnames


@dataclass(frozen=True, slots=True)
class Mention:
    """One person-like name mention."""

    start: int
    end: int
    canonical: str
    gender: str | None
    titled: bool
    person: bool = True
    """False for a lone capitalised word not known as a person (a place, a people)."""


def _tidy(token: str) -> str:
    """'KEN' → 'Ken': shouting capitals are a house style, not part of the name."""
    return token.capitalize() if len(token) > 2 and token.isupper() and token.isalpha() else token


def _consistent(canonical: str, tokens: list[str]) -> bool:
    """An entity's group name is trusted only if it looks like a name ending in ours,
    whose extra words are given names or initials ("Murphy" → "James Murphy")."""
    parts = canonical.split()
    if not 0 < len(parts) <= 5 or parts[-1].lower() != tokens[-1].lower():
        return False
    ours = {t.lower() for t in tokens}
    given = given_names()
    return all(
        p.lower() in ours
        or p in given
        or p.lower().rstrip(".") in TITLES  # "Miss Tilney": grouping keeps a family's titles
        or re.fullmatch(r"(?:[A-Z]\.)+|Jr\.?|Sr\.?", p)
        or p in {"de", "van", "von", "da", "di", "du", "le"}
        for p in parts[:-1]
    )


def _gender_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


class NameIndex:
    """Name mentions in text order, with surnames and given names mapped to full names."""

    def __init__(self, text: str, entities: Sequence[Entity] = ()) -> None:
        self.text = text
        self.mentions: list[Mention] = []
        self._full: dict[str, list[tuple[int, str, str | None]]] = {}
        self.gender: dict[str, str] = {}
        persons = sorted((e.start, e.end, e.canonical) for e in entities if e.label == "PERSON")
        self._ent_starts = [p[0] for p in persons]
        self._ents = persons
        self._entity_names = {p[2] for p in persons}
        others = sorted((e.start, e.end) for e in entities if e.label in _NOT_PEOPLE)
        self._other_starts = [o[0] for o in others]
        self._others = others
        self._lower_words: set[str] | None = None
        for m in NAME_RE.finditer(text):
            mention = self.parse(m)
            if mention is not None:
                self.mentions.append(mention)
        self._mark_people()
        self.starts = [m.start for m in self.mentions]

    def _mark_people(self) -> None:
        """People are the entity tagger's: a name is a person's if it overlaps a PERSON
        entity, or carries a title ("Mr. Bennet"). One set of people for the side pane
        and the speakers, so a quote's speaker is a name the pane lists."""
        self._learn_gender()
        self.mentions = [
            Mention(
                m.start,
                m.end,
                m.canonical,
                m.gender,
                m.titled,
                m.titled or self._entity_canonical(m.start, m.end) is not None,
            )
            for m in self.mentions
        ]

    def _end_of(self, token: str, lo: int, hi: int) -> int:
        """Where ``token`` ends in text[lo:hi] (the last such place), else ``hi``."""
        at = self.text.rfind(token, lo, hi)
        return at + len(token) if at >= 0 else hi

    def other_entity(self, start: int, end: int) -> bool:
        """Overlapping a place/organisation entity: "Capitol Hill" is nobody."""
        k = bisect_left(self._other_starts, end) - 1
        while k >= 0:
            s, e = self._others[k]
            if e <= start and s < start - 200:
                return False
            if s < end and e > start:
                return True
            k -= 1
        return False

    def common_word(self, word: str) -> bool:
        """A lone capitalised word the text also uses in lower case ("Right!", "Well,")
        is an ordinary word at a sentence start, unless it is a known given name."""
        if word in plain_given_names():
            return False
        if self._lower_words is None:
            self._lower_words = set(_WORD.findall(self.text))
        return word.lower() in self._lower_words

    def _entity_canonical(self, start: int, end: int) -> str | None:
        k = bisect_left(self._ent_starts, end) - 1
        for i in range(k, max(-1, k - 8), -1):
            s, e, canonical = self._ents[i]
            if e > start and s < end:
                return canonical
        return None

    def parse(self, m: re.Match[str]) -> Mention | None:
        """Turn a regex match into a mention, dropping function words and organisations."""
        title = m.group("title")
        tokens = m.group("name").split()
        offset = m.start("name")
        if m.group("initials"):  # "Rep. G.K. Butterfield"
            tokens.insert(0, m.group("initials").strip())
        while tokens and tokens[0].lower() in STOP and not title:
            offset = self.text.index(tokens[0], offset) + len(tokens[0])
            tokens.pop(0)
            while offset < len(self.text) and self.text[offset].isspace():
                offset += 1
        while tokens and not title and tokens[0].lower() in _ROLE_WORDS and len(tokens) > 1:
            offset = self.text.index(tokens[0], offset) + len(tokens[0])
            tokens.pop(0)
            while offset < len(self.text) and self.text[offset].isspace():
                offset += 1
        stop = m.end()
        for k in range(1, len(tokens)):
            word = tokens[k]
            headline_stop = word.lower() in STOP and not word.endswith(".")
            # "Clinton Said Of Wall Street": a headline's verb ends the name, except a
            # name that happens to be a verb, followed by its own ("Edward Said said")
            verb = word[1:].islower() and word.lower() in SPEECH_VERBS
            if verb and k + 1 == len(tokens):
                verb = self.text[stop : stop + 2].strip()[:1] in _TAG_PUNCT
            if headline_stop or verb:
                stop = self._end_of(tokens[k - 1], m.start(), stop)
                del tokens[k:]
                break
        while (
            len(tokens) > 1
            and not title
            and tokens[0] not in plain_given_names()
            and self.common_word(tokens[-1])
        ):
            # "Clinton Speech": a common word is not a surname after an unknown first word
            del tokens[-1]
            stop = self._end_of(tokens[-1], m.start(), stop)
        cut = 0
        if tokens and tokens[-1][-2:] in ("'s", "’s"):
            tokens[-1] = tokens[-1][:-2]
            cut = 2
        if not tokens or not tokens[-1] or tokens[-1].lower() in STOP:
            return None
        if tokens[-1].lower() in _ROLE_WORDS or re.fullmatch(r"[A-Z]+s", tokens[-1]):
            return None  # "London Mayor", "MPs": a role or a plural, not somebody's name
        named = tokens[1:] if len(tokens) > 1 and tokens[0] in plain_given_names() else tokens
        if any(t.lower() in ORG_WORDS for t in named):
            return None  # "Farm Bill", "Labour Party"; but "Bill McInturff" is somebody
        if not title and len(tokens) == 1 and tokens[0].isupper():
            return None  # an acronym, not a person
        start = m.start() if title else offset
        end = stop - cut
        gender = TITLES.get(title.lower()) if title else None
        if gender is None and len(tokens) > 1:
            gender = first_name_gender().get(_tidy(tokens[0]))
        name = " ".join(_tidy(t) for t in tokens)
        canonical = self._entity_canonical(start, end)
        # an entity's name is used only when it says more than the mention ("Murphy" →
        # "James Murphy"), never to drop a title that tells gender ("Mr. Bennet").
        if (
            not canonical
            or not _consistent(canonical, tokens)
            or len(canonical.split()) <= len(tokens)
        ):
            canonical = self._resolve(name, title, gender)
        if gender and canonical not in self.gender:
            self.gender[canonical] = gender
        return Mention(start, end, canonical, self.gender.get(canonical, gender), bool(title))

    def _learn_gender(self) -> None:
        """Vote a gender for each name from the first he/she/his/her after it in the
        same sentence ("Hillary Clinton says she…"), before any other name intervenes."""
        votes: dict[str, list[int]] = {}
        text = self.text
        for k, m in enumerate(self.mentions):
            if m.canonical in self.gender:
                continue
            limit = self.mentions[k + 1].start if k + 1 < len(self.mentions) else len(text)
            window = text[m.end : min(limit, m.end + 90)]
            hit = _PRONOUN.search(window)
            if hit is None or any(c in window[: hit.start()] for c in '.!?"“”'):
                continue
            tally = votes.setdefault(m.canonical, [0, 0])
            tally[0 if hit.group(1).lower() in {"he", "his", "him"} else 1] += 1
        for name, (male, female) in votes.items():
            if male != female:
                self.gender[name] = "m" if male > female else "f"
        by_first: dict[str, str] = {}
        for name, g in self.gender.items():
            parts = name.split()
            if len(parts) > 1 and parts[0].lower() not in TITLES:
                by_first.setdefault(parts[0], g)
        for m in self.mentions:
            first = m.canonical.split()[0]
            if m.canonical not in self.gender and first in by_first:
                self.gender[m.canonical] = by_first[first]

    def _resolve(self, name: str, title: str | None, gender: str | None) -> str:
        parts = name.split()
        if len(parts) >= 2 and not parts[-1].endswith("."):
            full = name
            for key in (parts[-1].lower(), parts[0].lower()):
                self._full.setdefault(key, []).append((0, full, gender))
            return full
        key = parts[-1].lower()
        for _, full, g in reversed(self._full.get(key, [])):
            same_sex = _gender_compatible(g, gender)
            same_sex = same_sex and _gender_compatible(self.gender.get(full), gender)
            if same_sex and (not title or full.split()[-1].lower() == key):
                return full
        return (
            f"{title}. {name}"
            if title and title.lower() in _ABBREV_BEFORE_DOT
            else (f"{title} {name}" if title else name)
        )

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping [start, end), if any."""
        k = bisect_left(self.starts, end) - 1
        while k >= 0:
            m = self.mentions[k]
            if m.end > start:
                return m
            if m.end <= start:
                return None
            k -= 1
        return None

    def before(self, pos: int) -> int:
        """Index one past the last mention starting before pos."""
        return bisect_left(self.starts, pos)
