"""Who the app says said each quote: the analysis's guess, or the user's correction.

Why in the view core: the Quotes list, the highlights in the text, the details
screen and the speaker dialog all need the same answer — a correction the user saved
wins over the analysis, a guess below the threshold is marked — and it is plain logic
over quotes and annotations, tested without a terminal.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from reader.analysis.model import Quote
from reader.notes.annotations import Annotation

UNCERTAIN_BELOW = 0.6
"""A speaker whose confidence is below this is shown as a guess ("? Jim Murphy"): on
held-out text fewer than about two in three of those are right, against nine in ten
or more above 0.9."""
UNCERTAIN_MARK = "? "
CORRECTED_MARK = "✓ "


def is_guess(quote: Quote) -> bool:
    """The analysis named a speaker but is not sure of it."""
    confidence = quote.speaker_confidence
    return bool(quote.speaker) and confidence is not None and confidence < UNCERTAIN_BELOW


def quote_at(quotes: Sequence[Quote], offset: int) -> int | None:
    """The index of the quote covering ``offset`` (quotes are in text order)."""
    k = bisect_right([q.start for q in quotes], offset) - 1
    if k >= 0 and offset < quotes[k].end:
        return k
    return None


def corrections(annotations: Iterable[Annotation], quotes: Sequence[Quote]) -> dict[int, str]:
    """Quote index → the speaker the user set, from annotations placed on a quote."""
    out: dict[int, str] = {}
    for ann in annotations:
        if not ann.corrected_speaker or ann.orphaned:
            continue
        k = quote_at(quotes, ann.start)
        if k is not None and ann.end <= quotes[k].end:
            out[k] = ann.corrected_speaker
    return out


def correction_on(annotations: Iterable[Annotation], quote: Quote) -> Annotation | None:
    """The user's annotation on exactly this quote (where a correction is kept)."""
    inside = [a for a in annotations if not a.orphaned and quote.start <= a.start < quote.end]
    exact = [a for a in inside if a.end <= quote.end]
    return min(exact, key=lambda a: (a.start - quote.start) + (quote.end - a.end), default=None)


def speaker_label(quote: Quote, corrected: str | None = None) -> str:
    """The speaker as the Quotes list shows it: corrected, guessed, or plain."""
    if corrected:
        return CORRECTED_MARK + corrected
    if not quote.speaker:
        return ""
    return UNCERTAIN_MARK + quote.speaker if is_guess(quote) else quote.speaker


def candidate_names(quote: Quote) -> list[str]:
    """Who else the analysis considered, best first (for the speaker dialog): the
    choice, then whom the rules read it as (the person "the party leader" may be),
    then the runners-up."""
    names = [quote.speaker] if quote.speaker else []
    evidence = quote.speaker_evidence or {}
    rule = evidence.get("rule") or {}
    for name in [
        rule.get("speaker"),
        *(a.get("speaker") for a in evidence.get("alternatives") or ()),
    ]:
        if name and name not in names:
            names.append(name)
    return names


def _percent(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0%}"


def details(quote: Quote, corrected: str | None = None) -> list[tuple[str, str]]:
    """(heading, text) lines for the quote details screen: the answer, how sure the
    analysis is, where the text names the speaker, what decided, the runners-up."""
    lines: list[tuple[str, str]] = [("Quote", quote.text)]
    if corrected:
        lines.append(("Speaker", f"{corrected}  (corrected by you)"))
        lines.append(("Analysis said", quote.speaker or "nobody"))
    else:
        lines.append(("Speaker", quote.speaker or "nobody"))
    lines.append(("Confidence", _percent(quote.speaker_confidence)))
    evidence: dict[str, Any] = quote.speaker_evidence or {}
    if not evidence:
        lines.append(("Evidence", "not kept for this article (it is very long)"))
        return lines
    mention = evidence.get("mention")
    if mention:
        lines.append(("Named as", f"“{mention['text']}” at {mention['start']}"))
    offered = ", ".join(evidence.get("offered_by") or ())
    if offered:
        lines.append(("Offered by", offered))
    rule = evidence.get("rule")
    if rule:
        how = " ".join(x for x in (rule.get("stage"), rule.get("pattern")) if x)
        lines.append(("Rules said", f"{rule['speaker']} ({how})"))
    if evidence.get("sequence"):
        lines.append(("Turn order", "chosen over a higher-ranked candidate by the turns around"))
    for item in evidence.get("decided_by") or ():
        lines.append(("Weighed", f"{item['feature']}  {item['weight']:+.2f}"))
    for alt in evidence.get("alternatives") or ():
        lines.append(("Instead", f"{alt['speaker'] or 'nobody'}  {alt['score']:.0%}"))
    return lines
