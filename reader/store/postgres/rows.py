"""Annotations and article records as rows of the team database's tables.

One place that knows the column names, so the SQL in ``store`` and the dataclasses
stay in step. Columns are real columns (not a JSON blob) so a team can query its notes
with SQL; timestamps stay the ISO text the W3C export writes, so a note round-trips
byte for byte between the file store and the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.notes.annotations import Annotation
from reader.store.records import ArticleRecord

__all__ = [
    "ANNOTATION_COLUMNS",
    "ARTICLE_COLUMNS",
    "annotation_from_row",
    "annotation_params",
    "article_from_row",
    "article_params",
]

ANNOTATION_COLUMNS = (
    "id",
    "fingerprint",
    "source",
    "start_offset",
    "end_offset",
    "exact",
    "prefix",
    "suffix",
    "tags",
    "note",
    "created",
    "modified",
    "orphaned",
    "title",
    "speaker",
    "corrected_speaker",
    "author",
)
"""The columns that hold the annotation itself (besides version, seq and written_by)."""

ARTICLE_COLUMNS = (
    "fingerprint",
    "path",
    "title",
    "paths",
    "position",
    "last_opened",
    "author",
    "published",
    "site",
    "url",
)


def annotation_params(ann: Annotation) -> tuple[Any, ...]:
    """The values of ``ANNOTATION_COLUMNS`` for ``ann``, in order."""
    return (
        ann.id,
        ann.fingerprint,
        ann.source,
        ann.start,
        ann.end,
        ann.exact,
        ann.prefix,
        ann.suffix,
        list(ann.tags),
        ann.note,
        ann.created,
        ann.modified,
        ann.orphaned,
        ann.title,
        ann.speaker,
        ann.corrected_speaker,
        getattr(ann, "author", ""),
    )


def annotation_from_row(row: Sequence[Any]) -> Annotation:
    """The annotation in a row selected as ``ANNOTATION_COLUMNS``."""
    values = dict(zip(ANNOTATION_COLUMNS, row, strict=True))
    values["start"] = values.pop("start_offset")
    values["end"] = values.pop("end_offset")
    values["tags"] = tuple(values["tags"] or ())
    return Annotation.from_dict(values)


def article_params(record: ArticleRecord) -> tuple[Any, ...]:
    return (
        record.fingerprint,
        record.path,
        record.title,
        list(record.paths),
        record.position,
        record.last_opened,
        record.author,
        record.published,
        record.site,
        record.url,
    )


def article_from_row(row: Sequence[Any]) -> ArticleRecord:
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    values["paths"] = tuple(values["paths"] or ())
    return ArticleRecord.from_dict(values)
