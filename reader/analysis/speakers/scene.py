"""Who is around a quote: the people named before and after it, inside the quotes
before it, the most mentioned, and whom the quotes around address by name.

Why apart from the candidate finder: these are facts about the text's people, not about
any one quote's tag. They are read with windows that slide forward as the quotes are
visited in order, and each quote asks about its neighbours too (whom the reply
addresses), so they are kept here, once per text.
"""

from __future__ import annotations

from reader.analysis.speakers.dialogue import addressee, vocatives
from reader.analysis.speakers.resolution import Resolver
from reader.analysis.speakers.windows import (
    FOCUS_LOOKBACK,
    LATER_PEOPLE,
    LATER_REACH,
    QUOTED_PEOPLE,
    SALIENT_PEOPLE,
    SCENE_LOOKBACK,
    SCENE_PEOPLE,
)


class Scene:
    """The people around each quote of one text."""

    def __init__(self, att: Resolver) -> None:
        self.att = att
        self.quoted = [att.inside_quote(m.start) for m in att.names.mentions]
        """Per name mention: whether it stands inside a quotation (asked once)."""
        self._outside = [
            (m.start, m.canonical)
            for m, quoted in zip(att.names.mentions, self.quoted, strict=True)
            if not quoted
        ]
        """Name mentions outside quotes, in text order: the salience window slides over them."""
        self._people = {m.canonical for m in att.names.mentions if m.person}
        self._window_lo = self._window_hi = 0
        self._window_pos = -1
        self._window_counts: dict[str, int] = {}
        self._last_seen: dict[str, int] = {}
        self._addressees: dict[int, list[str]] = {}

    def named_around(self, start: int, end: int) -> list[tuple[str, str]]:
        """People beyond the near window, each with what offered it: the last named outside
        quotes in the scene's look-back ("before"), the last named inside earlier quotes
        ("in-quotes"), the first named after the quote ("after")."""
        names = self.att.names
        out: list[tuple[str, str]] = []
        outside: set[str] = set()
        quoted: set[str] = set()
        k = names.before(start) - 1
        while k >= 0 and (len(outside) < SCENE_PEOPLE or len(quoted) < QUOTED_PEOPLE):
            m = names.mentions[k]
            if start - m.end > SCENE_LOOKBACK:
                break
            if m.person:
                if self.quoted[k]:
                    if len(quoted) < QUOTED_PEOPLE and m.canonical not in quoted:
                        quoted.add(m.canonical)
                        out.append((m.canonical, "in-quotes"))
                elif len(outside) < SCENE_PEOPLE and m.canonical not in outside:
                    outside.add(m.canonical)
                    out.append((m.canonical, "before"))
            k -= 1
        later: set[str] = set()
        k = names.before(end)
        while k < len(names.mentions) and len(later) < LATER_PEOPLE:
            m = names.mentions[k]
            if m.start - end > LATER_REACH:
                break
            if m.person and not self.quoted[k] and m.canonical not in later:
                later.add(m.canonical)
                out.append((m.canonical, "after"))
            k += 1
        return out

    def addressed(self, index: int) -> list[str]:
        """Whom quote ``index`` addresses by name (kept: the quotes around ask again)."""
        known = self._addressees.get(index)
        if known is None:
            s, e = self.att.spans[index]
            found = (
                addressee(n, s, self.att) or self._named_in(n, s, e)
                for n in vocatives(self.att.text[s:e], self.att.names)
            )
            known = self._addressees[index] = [who for who in found if who]
            if len(self._addressees) > 16:  # quotes are visited in order: keep the last few
                del self._addressees[min(self._addressees)]
        return known

    def _named_in(self, name: str, start: int, end: int) -> str | None:
        """A person first named by the vocative itself ("Thank you, Francis")."""
        names = self.att.names
        last = name.split()[-1]
        for k in range(names.before(start), names.before(end)):
            m = names.mentions[k]
            if m.person and last in m.canonical.split():
                return m.canonical
        return None

    def counts(self, pos: int) -> tuple[dict[str, int], list[str]]:
        """Mentions per name outside quotes in the look-back before ``pos``, and the
        people most mentioned there, the latest first among equals (the salient ones).

        Quotes are visited in text order, so the look-back slides: each mention is
        counted in once and out once (a step backwards starts the window afresh)."""
        outside = self._outside
        if pos < self._window_pos:
            self._window_lo = self._window_hi = 0
            self._window_counts = {}
        counts, last = self._window_counts, self._last_seen
        while self._window_hi < len(outside) and outside[self._window_hi][0] < pos:
            start, name = outside[self._window_hi]
            counts[name] = counts.get(name, 0) + 1
            last[name] = start
            self._window_hi += 1
        while (
            self._window_lo < self._window_hi and pos - outside[self._window_lo][0] > FOCUS_LOOKBACK
        ):
            name = outside[self._window_lo][1]
            counts[name] -= 1
            if not counts[name]:
                del counts[name]
            self._window_lo += 1
        self._window_pos = pos
        people = [n for n in counts if n in self._people]
        people.sort(key=lambda n: (-counts[n], -last[n]))
        return dict(counts), people[:SALIENT_PEOPLE]
