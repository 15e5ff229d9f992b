"""``reader export`` and ``reader import``: thin glue between the store and formats.

Selection rules for ``export``:

* ``--article PATH`` (repeatable) keeps the annotations of those articles. An
  article is matched by the content fingerprint of the file as it is now, by every
  fingerprint the store remembers for that path (so notes made before the file
  was edited still match), and by the path the annotation was last anchored in.
  A path the file has moved away from still works when the store remembers it
  (it names the same article); notes whose file moved to a PATH given here are
  exported with that path.
* ``--tag TAG`` (repeatable) keeps annotations that have ANY of the given tags,
  ignoring case and a leading ``#`` (tags are shown as ``#politics``, so people
  type them that way); combined with ``--article``, both must hold.

Without ``--format`` the format comes from the ``-o`` file's extension (see
``reader.export.FORMAT_BY_SUFFIX``), else Markdown on stdout. A read-only database
is exported all the same, after a one-line notice on stderr.

User errors (a missing article file, an unwritable output, an unknown output
extension, a bad import file) raise ``ReaderError`` and reach the user as one line
with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from reader.article.loading import load_article
from reader.article.model import Article
from reader.errors import ArticleError, ReaderError
from reader.export import (
    FORMAT_BY_SUFFIX,
    export_annotations,
    format_for_path,
    order_for_export,
    write_atomic,
)
from reader.export.importer import read_annotation_file
from reader.notes.annotations import Annotation
from reader.notes.relocation import follow_moves
from reader.store.interface import AnnotationStore
from reader.store.opening import open_store


def _plural(n: int, noun: str = "annotation") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _resolved(path: str) -> str:
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):
        return path


def select_for_articles(
    store: AnnotationStore, articles: Sequence[Article], old_paths: Iterable[str] = ()
) -> list[Annotation]:
    """The stored annotations that belong to any of ``articles``, or were made in a file
    at one of ``old_paths`` (resolved paths no longer there; see module docs)."""
    paths = {str(a.path) for a in articles} | set(old_paths)
    fingerprints = {a.fingerprint for a in articles}
    for record in store.articles():
        if paths.intersection(_resolved(p) for p in (record.path, *record.paths) if p):
            fingerprints.add(record.fingerprint)
    resolved: dict[str, str] = {}  # few distinct sources, many annotations

    def at_path(source: str) -> bool:
        if source not in resolved:
            resolved[source] = _resolved(source) if source else ""
        return resolved[source] in paths

    return [a for a in store.annotations() if a.fingerprint in fingerprints or at_path(a.source)]


def _tag_key(tag: str) -> str:
    """What two spellings of one tag share: ``#Politics`` and ``politics`` match."""
    return " ".join(tag.split()).lstrip("#").strip().casefold()


def select_by_tags(anns: Iterable[Annotation], tags: Sequence[str]) -> list[Annotation]:
    """Annotations having ANY of ``tags`` (see module docs); all of them if none given."""
    wanted = {key for key in map(_tag_key, tags) if key}
    if not wanted:
        return list(anns)
    return [a for a in anns if wanted.intersection(map(_tag_key, a.tags))]


def export_format(fmt: str | None, output: str | None) -> str:
    """``--format`` if given, else the one ``-o``'s extension names, else Markdown."""
    if fmt:
        return fmt
    if not output:
        return "markdown"
    found = format_for_path(output)
    if found is None:
        known = ", ".join(FORMAT_BY_SUFFIX)
        raise ReaderError(
            f"{output}: cannot tell the export format from the file name; "
            f"use an extension ({known}) or --format"
        )
    return found


def _load_or_missing(paths: Sequence[str]) -> tuple[list[Article], dict[str, ArticleError]]:
    """The articles that load, and the error of each path that is not there (any other
    problem with a file stops here)."""
    articles: list[Article] = []
    missing: dict[str, ArticleError] = {}
    for path in paths:
        try:
            articles.append(load_article(path))
        except ArticleError as exc:
            if Path(path).expanduser().exists():
                raise
            missing[path] = exc
    return articles, missing


def _remembered(store: AnnotationStore, path: str) -> bool:
    """Whether the store knows ``path`` (resolved) as where an article was, or a note."""
    for record in store.articles():
        if path in {_resolved(p) for p in (record.path, *record.paths) if p}:
            return True
    return any(_resolved(a.source) == path for a in store.annotations() if a.source)


def _notice_read_only(store: AnnotationStore) -> None:
    if store.read_only:
        print(
            f"reader: {store.name}: read-only database ({store.read_only_reason}); "
            "reading only, nothing is saved",
            file=sys.stderr,
        )


def export_command(args: argparse.Namespace) -> int:
    """Print (or write with ``-o``) the selected annotations in ``--format``."""
    fmt = export_format(args.format, args.output)
    articles, missing = _load_or_missing(args.article)
    store = open_store(args.db)
    try:
        _notice_read_only(store)
        old_paths = [_resolved(p) for p in missing]
        for error, resolved in zip(missing.values(), old_paths, strict=True):
            if not _remembered(store, resolved):
                raise error from None  # a path the store never knew: a typo
        if args.article:
            anns = follow_moves(select_for_articles(store, articles, old_paths), articles)
        else:
            anns = store.annotations()
        records = {r.fingerprint: r for r in store.articles()}
    finally:
        store.close()
    anns = order_for_export(select_by_tags(anns, args.tag))
    if not anns:
        what = "match" if (args.article or args.tag) else "are stored"
        print(f"reader: no annotations {what}", file=sys.stderr)
    text = export_annotations(anns, fmt, articles=records)
    if args.output:
        write_atomic(args.output, text)
        print(f"wrote {_plural(len(anns))} to {args.output}", file=sys.stderr)
        return 0
    out = getattr(sys.stdout, "buffer", None)
    if out is not None:  # bytes, so CSV keeps CRLF on every platform
        sys.stdout.flush()
        out.write(text.encode("utf-8"))
        out.flush()
    else:
        sys.stdout.write(text)
    return 0


def import_command(args: argparse.Namespace) -> int:
    """Validate the whole file, then store its new annotations in one atomic write."""
    anns = read_annotation_file(args.file)
    store = open_store(args.db)
    try:
        added = store.add_many(anns)
    finally:
        store.close()
    print(f"imported {_plural(added)} ({len(anns) - added} already present) from {args.file}")
    return 0
