"""Find-in-article: literal, case-insensitive unless the query has capitals."""

from __future__ import annotations

import re

from reader.view.spans import Span

MAX_MATCHES = 100_000
"""Beyond this, matches are not collected (a one-letter query in a huge article)."""


def find_matches(text: str, query: str) -> list[Span]:
    """Every occurrence of ``query`` (smart case: lower-case queries ignore case)."""
    if not query:
        return []
    flags = 0 if any(ch.isupper() for ch in query) else re.IGNORECASE
    pattern = re.compile(re.escape(query), flags)
    spans: list[Span] = []
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        spans.append(Span(match.start(), match.end(), "search"))
        if len(spans) >= MAX_MATCHES:
            break
    return spans
