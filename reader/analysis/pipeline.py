"""Wire the rule families together: boilerplate → quotes/entities → speakers."""

from __future__ import annotations

from reader.analysis.model import Analysis
from reader.errors import ReaderError


def run(text: str, backend: str = "rules") -> Analysis:
    """Placeholder until the rule families land: finds nothing."""
    if backend not in ("rules", "spacy"):
        raise ReaderError(f"unknown analysis backend {backend!r} (choose rules or spacy)")
    return Analysis(backend=backend)
