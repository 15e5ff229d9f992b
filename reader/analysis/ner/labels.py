"""Name the tagger's four types with the OntoNotes labels the product shows.

Why: the tagger learns CoNLL's PER/ORG/LOC/MISC, which annotated news has plenty of,
while the side pane groups people, organisations, places, nationalities, events and
laws. The finer label comes from the name's own words and the lexicon; a MISC name
that is none of these stays ``MISC`` ("Other names").
"""

from __future__ import annotations

from reader.lexicon import Lexicon, read_tagged

_HEADS = read_tagged("name_heads.txt")
EVENT_WORDS = frozenset(w for w, kind in _HEADS.items() if kind == "event")
LAW_WORDS = frozenset(w for w, kind in _HEADS.items() if kind == "law")
FAC_WORDS = frozenset(w for w, kind in _HEADS.items() if kind == "facility")
LOC_WORDS = frozenset(w for w, kind in _HEADS.items() if kind == "geo")
_NATION_ENDINGS = ("an", "ans", "ese", "ish", "i", "is", "ic", "ist", "ists")

ONTONOTES = {"PER": "PERSON", "ORG": "ORG"}


def is_doctrine(words: list[str]) -> bool:
    """ "Zionism", "Thatcherism": one word naming a doctrine is not a name of anyone."""
    return len(words) == 1 and words[0].casefold().endswith("ism")


def ontonotes_label(kind: str, words: list[str], lex: Lexicon) -> str:
    """The label to show for a tagged name of type ``kind`` written as ``words``."""
    lowered = [w.casefold() for w in words]
    last = lowered[-1] if lowered else ""
    whole = " ".join(lowered)
    if kind in ("ORG", "MISC") and len(words) > 1 and last in EVENT_WORDS:
        return "EVENT"  # "General Election", "World Cup": the last word says what it is
    listed = lex.kinds(whole)
    if kind == "MISC" and len(words) > 1 and "orgword" in lex.kinds(last):
        return "ORG"  # "Acme Holdings" after "in" is still a company
    if kind == "MISC" and "region" in listed:
        return "LOC"
    if kind == "MISC" and ("country" in listed or "place" in listed):
        return "GPE"
    if kind in ONTONOTES:
        return ONTONOTES[kind]
    if kind == "LOC":
        if last in FAC_WORDS:
            return "FAC"
        if last in LOC_WORDS or "region" in listed:
            return "LOC"
        return "GPE"
    if kind == "MISC":
        if last in LAW_WORDS:
            return "LAW"
        if "nation" in lex.kinds(last) or (
            len(lowered) <= 2 and words[-1][:1].isupper() and last.endswith(_NATION_ENDINGS)
        ):
            return "NORP"
        return "MISC"
    return kind
