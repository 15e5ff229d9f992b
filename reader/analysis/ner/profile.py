"""What plain, unannotated text says about each word: how it is written, what is beside it.

Why: annotated news is scarce and old, but any text shows that "Sanders" is written
with a capital even mid-sentence and is followed by "said", while "Practice" is
capitalised only where a sentence starts. The training script counts this over the
texts it is given (annotated or not); the counts travel inside the model, and a word
the model's annotated data never had still gets these features.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from reader.analysis.document import Document

MIN_COUNT = 3
"""A word seen fewer times than this has no profile: its counts say too little."""
NEIGHBOURS = 400
"""Only the most frequent words are recorded as neighbours ("said", "Mr", "of")."""


def _capital_bucket(capitalised: int, seen: int) -> str:
    share = capitalised / seen
    if share < 0.05:
        return "0"
    if share < 0.5:
        return "1"
    if share < 0.95:
        return "2"
    return "3"


def build_profile(docs: Iterable[Document]) -> dict[str, str]:
    """Casefolded word → ``"capital-bucket left right"`` from the words' use in ``docs``."""
    docs = list(docs)
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(w.casefold() for w in doc.words if w.isalpha())
    common = {w for w, _ in frequency.most_common(NEIGHBOURS)}
    inside: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    left: dict[str, Counter[str]] = {}
    right: dict[str, Counter[str]] = {}
    for doc in docs:
        words = doc.words
        for first, end in doc.sentences:
            for i in range(first, end):
                word = words[i]
                if not word.isalpha():
                    continue
                low = word.casefold()
                if frequency[low] < MIN_COUNT:
                    continue
                if i > first and not word.isupper():
                    inside[low] += 1
                    capital[low] += word[0].isupper()
                before = words[i - 1].casefold() if i > first else "<s>"
                after = words[i + 1].casefold() if i + 1 < end else "</s>"
                if before in common or before == "<s>":
                    left.setdefault(low, Counter())[before] += 1
                if after in common or after == "</s>":
                    right.setdefault(low, Counter())[after] += 1
    profile: dict[str, str] = {}
    for low, count in frequency.items():
        if count < MIN_COUNT:
            continue
        bucket = _capital_bucket(capital[low], inside[low]) if inside[low] >= MIN_COUNT else "?"
        before = left[low].most_common(1)[0][0] if low in left else "-"
        after = right[low].most_common(1)[0][0] if low in right else "-"
        profile[low] = f"{bucket} {before} {after}"
    return profile


def profile_features(word: str, profile: Mapping[str, str]) -> list[str]:
    """The profile of ``word`` as tagger features (none for a word never seen)."""
    found = profile.get(word.casefold())
    if found is None:
        return ["pc:none"]
    bucket, before, after = found.split(" ")
    return ["pc:" + bucket, "pl:" + before, "pr:" + after]
