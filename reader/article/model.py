"""The ``Article`` value and what is derived from its text alone: fingerprint, title, words.

Kept apart from file reading so that the store, the notes and the export can name
an article without pulling in decoding or the file system.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from reader.article.display import visible_text

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<title>.+?)[ \t#]*$", re.MULTILINE)
_SETEXT = re.compile(r"^(?P<title>[^\n]+)\n {0,3}(=+|-+)[ \t]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class Article:
    """An article's text and what the reader needs to know about it."""

    text: str
    title: str
    source: str
    """The path as the user gave it."""
    path: Path
    """The resolved path, for storage keys and relative display."""
    fingerprint: str
    """sha256 of the text: annotations follow content, not file names."""
    encoding: str
    notice: str | None = None
    """Shown to the user when the file was not plain UTF-8 (or bytes were replaced)."""
    is_markdown: bool = False
    size: int = 0
    author: str | None = None
    """From the file's metadata (an EPUB's creator, a page's byline), when it names one."""
    published: str | None = None
    """ISO 8601 date a web page gives, when it gives one."""
    site: str | None = None
    """The site a web page comes from (its OpenGraph site name)."""
    url: str | None = None
    """Where a fetched article came from (after redirects)."""

    @property
    def words(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    """Words as a reader counts them (contractions are one word)."""
    return sum(1 for _ in _WORD.finditer(text))


def fingerprint_text(text: str) -> str:
    """A content fingerprint independent of file name and location."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def extract_title(text: str, *, markdown: bool, fallback: str) -> str:
    """First heading for Markdown, else the first non-empty line."""
    body = _FRONT_MATTER.sub("", text, count=1) if markdown else text
    if markdown:
        head = body[:20000]
        candidates = [m for m in (_HEADING.search(head), _SETEXT.search(head)) if m]
        if candidates:
            first = min(candidates, key=lambda m: m.start())
            return _clean_title(first.group("title")) or fallback
    for line in body.split("\n", 200)[:200]:
        if line.strip():
            return _clean_title(line) or fallback
    return fallback


def _clean_title(line: str) -> str:
    """A title safe to show anywhere: control characters made visible, not run."""
    cleaned = visible_text(line).strip()
    cleaned = cleaned.strip("#").strip()
    return cleaned[:200]
