"""One article's analysis as the JSON record ``reader analyze --format jsonl`` prints.

The contract scripts rely on, in one place: the command line, the corpus commands and
the distributed corpus run all build their records here, so they cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from reader.analysis.model import Analysis
from reader.article.model import Article

__all__ = ["analysis_record"]


def analysis_record(
    source: str, article: Article, analysis: Analysis, *, explain: bool = False
) -> dict[str, Any]:
    """``source`` (as the user named it), the article's metadata and text, then the
    analysis: ``quotes``, ``entities``, ``boilerplate``."""
    record: dict[str, Any] = {
        "source": source,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "url": article.url,
        "text": article.text,
    }
    record.update(analysis.to_json(explain=explain))
    return record
