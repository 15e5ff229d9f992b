"""Word lists for speaker attribution: speech verbs, titles, pronouns, role nouns.

Why these: attribution hangs on a few hundred closed-class words. The lists live in
the lexicon (``reader/lexicon/data``, each saying where it comes from); this module
turns them into the sets the speaker stages use. Verbs are listed by lemma and
inflected here, with the irregular ones spelt out.
"""

from __future__ import annotations

from reader.lexicon import read_tagged, read_words


def words(text: str) -> frozenset[str]:
    """A word set written as one string, for lists meant to be read at a glance."""
    return frozenset(text.split())


_LEMMAS = sorted(read_words("speech_verbs.txt"))

_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "speak": ("spoke", "spoken", "speaks", "speaking"),
    "begin": ("began", "begun", "begins", "beginning"),
    "sing": ("sang", "sung", "sings", "singing"),
    "breathe": ("breathed", "breathes", "breathing"),
    "read": ("reads", "reading"),
    "swear": ("swore", "sworn", "swears", "swearing"),
    "aver": ("averred", "avers", "averring"),
}


_STRESSED_ENDINGS = ("mit", "cur", "fer", "gret", "pel", "bel", "trol", "bed")
"""Two-syllable verbs stressed on the last syllable double it too: admitted, concurred."""


def _doubles(lemma: str) -> bool:
    """Whether the final consonant doubles before -ed/-ing: "snapped", "admitted"."""
    vowels = "aeiou"
    if len(lemma) < 3 or lemma[-1] in vowels + "wxy" or lemma[-2] not in vowels:
        return False
    if lemma[-3] in vowels and not lemma.endswith("qu" + lemma[-2:]):
        return False  # "shout", "groan": two vowels before the last consonant ("quip" has one)
    syllables = sum(
        1 for a, b in zip(" " + lemma, lemma, strict=False) if b in vowels and a not in vowels
    )
    return syllables == 1 or lemma.endswith(_STRESSED_ENDINGS)


def _inflect(lemma: str) -> set[str]:
    """Regular English inflections: good enough for the verbs listed here."""
    if lemma in _IRREGULAR:
        return {lemma, *_IRREGULAR[lemma]}
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma + "s", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"}
    else:
        es = "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s"
        double = _doubles(lemma)
        past = lemma + lemma[-1] + "ed" if double else lemma + "ed"
        ing = lemma + lemma[-1] + "ing" if double else lemma + "ing"
        forms |= {past, lemma + es, ing}
    return forms


SPEECH_VERBS: frozenset[str] = frozenset(f for lemma in _LEMMAS for f in _inflect(lemma))
"""Inflected forms of verbs that introduce or tag direct speech."""

SPEECH_LEMMAS: frozenset[str] = frozenset(_LEMMAS)
"""The bare forms: a singular subject cannot take one ("his clarion call for")."""

_PHRASAL = (
    ("go", "on"), ("break", "in"), ("cut", "in"), ("put", "in"), ("chime", "in"),
    ("fire", "back"), ("shoot", "back"), ("hit", "back"), ("pipe", "up"), ("speak", "up"),
    ("cry", "out"), ("call", "out"), ("burst", "out"), ("break", "out"), ("put", "it"),
)  # fmt: skip
"""Verb and particle pairs; "put it" is the journalist's "as Smith put it, “…”"."""
_PHRASAL_FORMS = {
    "go": ("went", "goes", "going", "gone"),
    "break": ("broke", "breaks", "breaking"),
    "cut": ("cuts", "cutting"),
    "put": ("puts", "putting"),
    "shoot": ("shot", "shoots", "shooting"),
    "hit": ("hits", "hitting"),
    "burst": ("bursts", "bursting"),
}

PHRASAL_SPEECH: frozenset[tuple[str, str]] = frozenset(
    (form, particle)
    for lemma, particle in _PHRASAL
    for form in ({lemma, *_PHRASAL_FORMS[lemma]} if lemma in _PHRASAL_FORMS else _inflect(lemma))
)
"""Verb and particle that tag speech together ("…," he went on / "…," broke in Jo)."""

REPORTING_VERBS: frozenset[str] = frozenset(
    f for lemma in read_words("reporting_verbs.txt") for f in _inflect(lemma)
) | {"labelled", "labelling"}
"""Verbs that report what someone said without quoting a whole sentence ("Trump attacked
“the hateful ideology”"): they tag a quote in their own sentence, but unlike speech verbs
the name after them is their object, so they never mark that name as a speaker."""

TITLES: dict[str, str | None] = {
    word: None if sex == "-" else sex for word, sex in read_tagged("person_titles.txt").items()
}
"""Titles that may precede a name, with the gender they imply (None: either)."""

PRONOUN_GENDER: dict[str, str] = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}

SUBJECT_PRONOUNS = frozenset({"he", "she", "i", "we", "they"})

_ROLES = read_tagged("role_nouns.txt")
ROLE_NOUNS = frozenset(_ROLES)
"""Head nouns of descriptions that can name a person ("the party leader", "his wife")."""

FEMALE_ROLES = frozenset(w for w, sex in _ROLES.items() if sex == "f")
MALE_ROLES = frozenset(w for w, sex in _ROLES.items() if sex == "m")

SOURCE_NOUNS = read_words("source_nouns.txt")
"""Head nouns of non-person sources that can say things ("a statement said", "the poll
found"): reported as written, since no person stands behind them in the text."""
