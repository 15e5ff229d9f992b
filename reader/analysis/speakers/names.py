"""Person-name mentions for speaker attribution, read off the document's tokens.

Why its own index: attribution needs more than the entity list gives — the titles in
front of names (which also tell gender), the pronouns that follow them, and where
capitalised words that are nobody stand. Which names are people is the entity tagger's
call (a PERSON entity, or a titled name), and a PERSON entity's group name is the
canonical one, so speakers and the side pane name the same person.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reader.analysis.document import document
from reader.analysis.model import Entity
from reader.analysis.speakers.verbs import SPEECH_VERBS, TITLES, words
from reader.lexicon import read_list, read_words

STOP = read_words("name_stop_words.txt")
_PRONOUN = re.compile(r"\b(he|she|his|her|himself|herself)\b(\s+\w+)?", re.I)
"""A pronoun that may refer back to the name before it ("him" never does: it is the
object of the name's own verb), and the word after it."""
_OBJECT_FOLLOWERS = words(
    "to and or but the a an that in on at for with from of as by so if when than"
)
"""Words after "her" that make it an object ("told her to"), not a possessive."""
_PREPOSITIONS_BEFORE = words(
    "to of for with by at about against from than into on over toward towards"
)
_ABBREV_BEFORE_DOT = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col"})
_NOT_PEOPLE = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
)
_PARTICLES = frozenset(
    {"de", "De", "van", "von", "da", "di", "du", "le", "La", "Le", "del", "bin", "al"}
)
"""Lower-case words inside a name between capitalised ones ("Ludwig van Beethoven")."""


HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "Lady", "Lord", "Sir"})
"""Titles the entity grouping keeps on a lone surname ("Mrs. Bennet" is not her
husband); other titles ("Senator") are not part of the name the side pane shows."""


def _capitalised(word: str) -> bool:
    """A word that could be (part of) a name: a capital letter first ("O'Brien", "J.")."""
    return word[:1].isupper() and word[:1].isalpha()


def _titled_form(title: str, name: str) -> str:
    """ "Mr. Dorrit", "Senator Okafor": a person the text names only with a title."""
    word = title.rstrip(".")
    return f"{word}. {name}" if word.lower() in _ABBREV_BEFORE_DOT else f"{word} {name}"


def _past_speech_verb(word: str) -> bool:
    """ "Said", "Stated": a verb that opened its sentence, not a name's first word
    ("State Department" and "Hope Hicks" keep theirs)."""
    low = word.lower()
    return low in SPEECH_VERBS and (low == "said" or low.endswith("ed"))


def _is_title(word: str) -> bool:
    return word[:1].isupper() and word.rstrip(".").lower() in TITLES


_NAME_PRIOR = 2
"""Votes a lone given name's usual sex counts for against the pronouns after it."""


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


class NameIndex:
    """Name mentions in text order, read off the document's tokens and the tagger's names.

    Who is a person is the entity tagger's call: each PERSON entity is a person mention,
    named by its group (so the side pane and the speakers name the same person), and
    widened to a title just before it ("Mrs. Bennet": the title tells gender). A title
    before capitalised words the tagger missed still makes a person. Other capitalised
    runs are kept as mentions that are nobody ("Capitol Hill"), so a rule reading a
    subject knows a name stands there.
    """

    def __init__(self, text: str, entities: Sequence[Entity] = ()) -> None:
        self.text = text
        self.doc = document(text)
        self.gender: dict[str, str] = {}
        others = sorted((e.start, e.end) for e in entities if e.label in _NOT_PEOPLE)
        self._other_starts = [o[0] for o in others]
        self._others = others
        self.mentions = self._read(
            sorted((e.start, e.end, e.canonical) for e in entities if e.label == "PERSON")
        )
        self._learn_gender()
        self.starts = [m.start for m in self.mentions]

    def _read(self, persons: list[tuple[int, int, str]]) -> list[Mention]:
        """One pass over the tokens: person entities (with their titles) and the
        capitalised runs between them, in text order."""
        doc = self.doc
        words, starts, ends = doc.words, doc.starts, doc.ends
        out: list[Mention] = []
        p = 0
        n = len(words)
        # only a capitalised word or a person's first word can open a mention
        firsts = {max(0, bisect_right(starts, s) - 1) for s, _, _ in persons} if n else set()
        openers = sorted(firsts.union(k for k, w in enumerate(words) if w[:1].isupper()))
        i = 0
        for k in openers:
            if k < i:
                continue  # inside the mention just read
            i = k
            while p < len(persons) and persons[p][1] <= starts[i]:
                p += 1
            if p < len(persons) and persons[p][0] < ends[i]:
                _, e, canonical = persons[p]
                head, _, rest = canonical.partition(" ")
                if rest and head == words[i] and _past_speech_verb(head):
                    # "Said Comey, …": the tagger took the verb opening the sentence in
                    i, canonical = i + 1, rest
                title = self._title_before(i)
                first = title if title is not None else i
                start = starts[first]
                if title is not None and out and out[-1].end > starts[title]:
                    # the title was read as part of a capitalised run: "Prime Minister"
                    start = min(start, out.pop().start)
                elif out and self._describes(out[-1], start):
                    # "Senate Minority Whip Dick Durbin", "Republican Chris Russell":
                    # capitalised words just before a name describe that person
                    start = out.pop().start
                out.append(self._person(start, e, canonical, words[first], title))
                while i < n and starts[i] < e:
                    i += 1
                p += 1
                continue
            if _is_title(words[i]) and i + 1 < n and self._adjoins(ends[i], starts[i + 1], True):
                run = self._run(i + 1, persons[p][0] if p < len(persons) else len(self.text))
                if run > i + 1 and not self.other_entity(starts[i + 1], ends[run - 1]):
                    # ("General Motors", "Prince Edward Island" are the tagger's others)
                    out.append(self._titled(i, run))
                    i = run
                    continue
            if _capitalised(words[i]):
                run = self._run(i, persons[p][0] if p < len(persons) else len(self.text))
                mention = self._nobody(i, run)
                if mention is not None:
                    out.append(mention)
                i = max(run, i + 1)
                continue
            i += 1
        return out

    def _describes(self, before: Mention, start: int) -> bool:
        """Whether the run ``before`` a name is a description of that person: right
        beside it, nobody, no place or organisation, and no everyday word at a sentence
        start ("Yesterday Theresa May")."""
        if before.person or not self._adjoins(before.end, start):
            return False
        if self.other_entity(before.start, before.end):
            return False  # "London Boris Johnson" is a place, then the man
        first = self.text[before.start : before.end].split()[0]
        return not self.common_word(first)

    def _joined(self, a: int, b: int) -> bool:
        """Tokens ``a`` and ``b`` stand side by side on one line, spaces between."""
        return self._adjoins(self.doc.ends[a], self.doc.starts[b])

    def _adjoins(self, end: int, start: int, line_break: bool = False) -> bool:
        """Only spaces between (and with ``line_break`` one line end: "said Mrs.\n
        Hilbery" in a hard-wrapped book keeps the title with its name)."""
        gap = self.text[end:start]
        if line_break and gap.count("\n") == 1:
            gap = gap.replace("\n", " ", 1)
        return 0 < len(gap) <= 3 and not gap.strip(" \t")

    def _run(self, i: int, limit: int) -> int:
        """The end of the capitalised run starting at token ``i`` (a name's shape: up
        to four words, initials and particles inside), stopping before ``limit``."""
        words, starts = self.doc.words, self.doc.starts
        n = len(words)
        if i >= n or not _capitalised(words[i]) or starts[i] >= limit:
            return i
        end = i + 1
        while end < n and end - i < 4 and starts[end] < limit and self._joined(end - 1, end):
            word = words[end]
            low = word.lower()
            if low in STOP or (word[1:].islower() and low in SPEECH_VERBS):
                break  # "Harlan Said Of The Markets": a headline's verb or "Of" ends it
            if _capitalised(word):
                end += 1
            elif word in _PARTICLES and end + 1 < n and _capitalised(words[end + 1]):
                end += 2
            else:
                break
        return end

    def _title_before(self, i: int) -> int | None:
        k = i - 1
        doc = self.doc
        if k >= 0 and _is_title(doc.words[k]) and self._adjoins(doc.ends[k], doc.starts[i], True):
            return k
        return None

    def _person(
        self, start: int, end: int, canonical: str, first: str, title: int | None
    ) -> Mention:
        gender = TITLES.get(first.rstrip(".").lower()) if title is not None else None
        parts = canonical.split()
        if title is not None and len(parts) == 1 and first.rstrip(".") in HONORIFICS:
            # "Mr. Dorrit", not his wife: the name grouping gives a lone titled surname
            canonical = _titled_form(first, canonical)
        if gender is None and len(parts) > 1:
            gender = first_name_gender().get(_tidy(parts[0]))
        if gender and canonical not in self.gender:
            self.gender[canonical] = gender
        return Mention(start, end, canonical, self.gender.get(canonical, gender), title is not None)

    def _titled(self, title: int, end: int) -> Mention:
        """ "Mrs. Bennet" the tagger did not call a person: the title says she is one."""
        doc = self.doc
        word = doc.words[title]
        name = " ".join(_tidy(w) for w in doc.words[title + 1 : end])
        return self._person(
            doc.starts[title], doc.ends[end - 1], _titled_form(word, name), word, title
        )

    def _nobody(self, first: int, end: int) -> Mention | None:
        """A capitalised run that no tagger or title makes a person."""
        words = self.doc.words
        while first < end and words[first].lower() in STOP:
            first += 1
        if end - first > 1 and _past_speech_verb(words[first]):
            first += 1  # "Stated Stone: …": the verb opens the sentence, the name follows
        if first >= end:
            return None
        if end - first == 1 and self._participle_opening(first):
            return None  # "Boasting 108,000 residents, …": a clause, not a name
        name = " ".join(_tidy(w) for w in words[first:end])
        return Mention(self.doc.starts[first], self.doc.ends[end - 1], name, None, False, False)

    def _participle_opening(self, k: int) -> bool:
        """A lone "-ing" word opening a sentence ("Speaking to reporters, …")."""
        word = self.doc.words[k]
        if not word.endswith("ing") or len(word) < 6:
            return False
        lead = self.text[max(0, self.doc.starts[k] - 3) : self.doc.starts[k]].rstrip(" \t")
        return lead == "" or lead.endswith((".", "!", "?", "\n"))

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
        return word.casefold() in self.doc.lower_words

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
            word, after = hit.group(1).lower(), (hit.group(2) or "").strip().lower()
            reflexive = word.endswith("self") and not window[: hit.start()].strip(" ,\n")
            if not reflexive:
                before = text[max(0, m.start - 8) : m.start].split()
                if before and before[-1].lower() in _PREPOSITIONS_BEFORE:
                    continue  # "alone with Lilia he": the pronoun is the subject's
                if word == "her" and (not after or after in _OBJECT_FOLLOWERS):
                    continue  # "told her to": an object, someone else
            tally = votes.setdefault(m.canonical, [0, 0])
            weight = 3 if reflexive else 1  # "Lilia herself"
            tally[0 if word in {"he", "his", "himself"} else 1] += weight
        given = plain_given_names()
        for m in self.mentions:
            # a lone given name's usual sex is a prior the pronouns must outvote: "her
            # cousin Edmund, … she" is one stray vote, not a woman
            if m.person and m.canonical not in self.gender and m.canonical in given:
                tally = votes.setdefault(m.canonical, [0, 0])
                if len(tally) == 2:
                    tally[0 if first_name_gender()[m.canonical] == "m" else 1] += _NAME_PRIOR
                    tally.append(1)  # the prior is counted once
        for name, (male, female, *_) in votes.items():
            if male != female:
                self.gender[name] = "m" if male > female else "f"
        by_first: dict[str, str] = {}
        for name, g in self.gender.items():
            parts = name.split()
            if len(parts) > 1 and parts[0].lower() not in TITLES:
                by_first.setdefault(parts[0], g)
        for m in self.mentions:
            first = (m.canonical.split() or [""])[0]
            if m.canonical not in self.gender and first in by_first:
                self.gender[m.canonical] = by_first[first]

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
