"""The user's annotation: a span of an article with tags and a note.

Each annotation keeps both a position and a quote with context (the W3C
TextPositionSelector and TextQuoteSelector), so it can be found again when the
article file changes. See ``reader.notes.anchoring``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

CONTEXT_CHARS = 32
"""Characters of prefix and suffix stored around the exact text."""


def now_iso() -> str:
    """UTC timestamp in the form the W3C model uses (second precision, ``Z``)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_id() -> str:
    """A stable, globally unique id (also the W3C ``id`` as ``urn:uuid:…``)."""
    return f"urn:uuid:{uuid.uuid4()}"


@dataclass(frozen=True, slots=True)
class Annotation:
    """A highlight, tags and/or a note on ``exact`` at ``start:end`` of an article."""

    id: str
    fingerprint: str
    """The article's content fingerprint when the annotation was last anchored."""
    source: str
    """The article's path (absolute) when the annotation was last anchored."""
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = field(default_factory=now_iso)
    modified: str = field(default_factory=now_iso)
    orphaned: bool = False
    """True when re-anchoring could not place it in the current text: kept, shown."""
    title: str = ""
    """The article's title, kept so exports stay readable without the file."""
    speaker: str | None = None
    """When the annotation was made on a found quote: who said it."""
    corrected_speaker: str = ""
    """Who said the quote, as the user set it (overrides the analysis; "" = not set)."""
    author: str = ""
    """Who made the note, so a team sees whose it is ("" = unknown, e.g. older notes).
    Set once at creation: edits by someone else keep it."""

    @property
    def motivation(self) -> str:
        """W3C motivation: a note comments, tags alone tag, neither is a highlight."""
        if self.note:
            return "commenting"
        if self.tags:
            return "tagging"
        return "highlighting"

    def with_changes(self, **changes: Any) -> Annotation:
        """A copy with ``changes`` applied and ``modified`` bumped."""
        return replace(self, modified=now_iso(), **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fingerprint": self.fingerprint,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "tags": list(self.tags),
            "note": self.note,
            "created": self.created,
            "modified": self.modified,
            "orphaned": self.orphaned,
            "title": self.title,
            "speaker": self.speaker,
            "corrected_speaker": self.corrected_speaker,
            "author": self.author,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        return cls(
            id=str(data["id"]),
            fingerprint=str(data.get("fingerprint", "")),
            source=str(data.get("source", "")),
            start=int(data["start"]),
            end=int(data["end"]),
            exact=str(data.get("exact", "")),
            prefix=str(data.get("prefix", "")),
            suffix=str(data.get("suffix", "")),
            tags=tuple(str(t) for t in data.get("tags", ())),
            note=str(data.get("note", "")),
            created=str(data.get("created") or now_iso()),
            modified=str(data.get("modified") or data.get("created") or now_iso()),
            orphaned=bool(data.get("orphaned", False)),
            title=str(data.get("title", "")),
            speaker=data.get("speaker"),
            corrected_speaker=str(data.get("corrected_speaker") or ""),
            author=str(data.get("author") or ""),
        )


def make_annotation(
    text: str,
    start: int,
    end: int,
    *,
    fingerprint: str,
    source: str,
    title: str = "",
    tags: tuple[str, ...] = (),
    note: str = "",
    speaker: str | None = None,
    corrected_speaker: str = "",
    author: str = "",
) -> Annotation:
    """Create an annotation on ``text[start:end]`` with its quote context."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} is outside the text (length {len(text)})")
    return Annotation(
        id=new_id(),
        fingerprint=fingerprint,
        source=source,
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        tags=normalize_tags(tags),
        note=note,
        title=title,
        speaker=speaker,
        corrected_speaker=corrected_speaker.strip(),
        author=author.strip(),
    )


def normalize_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Trimmed, non-empty, de-duplicated tags in the order given."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(tag.split())
        if cleaned and cleaned not in seen:
            seen[cleaned] = None
    return tuple(seen)


def parse_tags(raw: str) -> tuple[str, ...]:
    """Tags typed as ``a, b, c``."""
    return normalize_tags(raw.split(","))
