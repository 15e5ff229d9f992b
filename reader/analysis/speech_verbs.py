"""Word lists for speaker attribution: speech verbs, titles, pronouns, role nouns.

Why hand lists: attribution hangs on a few hundred closed-class words, and a list that
is read in one screen is easier to audit than a dependency. Verbs are listed by lemma;
inflections are generated, with the irregular ones spelt out.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A word set written as one string, for lists meant to be read at a glance."""
    return frozenset(text.split())


_LEMMAS = sorted(
    words("""
say tell add explain declare tweet write state note ask reply respond answer continue
insist argue claim warn cry exclaim shout call whisper murmur mutter return observe
remark suggest admit acknowledge concede announce confirm deny recall joke quip laugh
sigh groan snap retort rejoin interpose interrupt repeat urge boast complain protest
lament predict promise vow testify post report describe begin conclude gasp stammer
scream yell sob pursue resume persist assert agree demand inquire enquire muse wonder
speak stress emphasise emphasize caution counter contend maintain reason plead beg
grumble growl bark roar chuckle smile sneer scoff object proceed venture hint opine
blurt drawl lisp breathe exclaim retort reiterate affirm allege comment concur assure
explain mention nod order point recount reflect reassure remind reveal shriek sing
squeak stutter thunder tease titter wail warn whimper whine write cheer chime rant
""")
)

_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "speak": ("spoke", "spoken", "speaks", "speaking"),
    "begin": ("began", "begun", "begins", "beginning"),
    "sing": ("sang", "sung", "sings", "singing"),
    "breathe": ("breathed", "breathes", "breathing"),
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

REPORTING_VERBS: frozenset[str] = frozenset(
    f
    for lemma in words("""
        talk attack accuse slam blast praise criticize criticise condemn dismiss decry
        denounce hail label brand mock deride exhort tout pledge thank defend
        """)
    for f in _inflect(lemma)
) | {"labelled", "labelling"}
"""Verbs that report what someone said without quoting a whole sentence ("Trump attacked
“the hateful ideology”"): they tag a quote in their own sentence, but unlike speech verbs
the name after them is their object, so they never mark that name as a speaker."""

TITLES: dict[str, str | None] = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dr": None,
    "sir": "m",
    "lord": "m",
    "lady": "f",
    "madam": "f",
    "madame": "f",
    "mme": "f",
    "mister": "m",
    "master": "m",
    "president": None,
    "senator": None,
    "sen": None,
    "rep": None,
    "gov": None,
    "governor": None,
    "mayor": None,
    "judge": None,
    "justice": None,
    "prof": None,
    "professor": None,
    "rev": None,
    "father": "m",
    "sister": "f",
    "brother": "m",
    "colonel": None,
    "col": None,
    "general": None,
    "gen": None,
    "captain": None,
    "lt": None,
    "sgt": None,
    "adm": None,
    "maj": None,
    "cmdr": None,
    "cpl": None,
    "capt": None,
    "major": None,
    "lieutenant": None,
    "sergeant": None,
    "inspector": None,
    "detective": None,
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "duke": "m",
    "duchess": "f",
    "count": "m",
    "countess": "f",
    "baron": "m",
    "baroness": "f",
    "dame": "f",
    "uncle": "m",
    "aunt": "f",
    "cardinal": None,
    "pope": "m",
    "chancellor": None,
    "secretary": None,
    "minister": None,
    "representative": None,
    "congressman": "m",
    "congresswoman": "f",
    "sheriff": None,
}
"""Titles that may precede a name, with the gender they imply (None: either)."""

PRONOUN_GENDER: dict[str, str] = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}

SUBJECT_PRONOUNS = frozenset({"he", "she", "i", "we", "they"})

ROLE_NOUNS = words("""
    leader spokesman spokeswoman spokesperson minister president senator candidate nominee
    mayor governor official mp chairman chairwoman chair director secretary congressman
    congresswoman lawmaker politician veteran businessman businesswoman billionaire pollster
    host anchor moderator man woman lady gentleman girl boy doctor captain inspector
    detective premier chancellor ambassador adviser advisor aide strategist commissioner
    chief executive ceo founder analyst economist professor lawyer attorney judge general
    colonel officer sergeant father mother wife husband son daughter brother sister uncle
    aunt friend stranger lad fellow manager coach player star actor actress singer author
    writer activist campaigner backbencher veteran democrat republican nominee incumbent
    challenger rival speaker representative sheriff priest vicar king queen prince princess
    lord duke servant maid clerk driver landlord landlady visitor guest youth child
    """)
"""Head nouns of descriptions that can name a person ("the party leader", "his wife")."""

FEMALE_ROLES = words(
    "woman lady girl wife mother daughter sister aunt actress queen princess maid landlady"
    " spokeswoman businesswoman chairwoman congresswoman"
)
MALE_ROLES = words(
    "man gentleman boy husband father son brother uncle king prince lord duke lad fellow"
    " spokesman businessman chairman congressman"
)

SOURCE_NOUNS = words("""
    statement report letter email e-mail memo tweet post message note poll survey study
    ad advertisement video release document documents filing brief complaint lawsuit
    indictment ruling order verdict transcript release website page book article editorial
    headline caption sign banner campaign office committee department agency ministry
    government administration spokesperson group organization organisation company firm
    """)
"""Head nouns of non-person sources that can say things ("a statement said", "the poll
found"): reported as written, since no person stands behind them in the text."""
