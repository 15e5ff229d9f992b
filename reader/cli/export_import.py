"""``reader export`` and ``reader import``: thin glue between the store and formats.

Selection rules for ``export``:

* ``--article PATH`` (repeatable) keeps the annotations of those articles. An
  article is matched by the content fingerprint of the file as it is now, by every
  fingerprint the store remembers for that path (so notes made before the file
  was edited still match), and by the path the annotation was last anchored in.
* ``--tag TAG`` (repeatable) keeps annotations that have ANY of the given tags,
  ignoring case and a leading ``#`` (tags are shown as ``#politics``, so people
  type them that way); combined with ``--article``, both must hold.

User errors (a missing article file, an unwritable output, a bad import file)
raise ``ReaderError`` and reach the user as one line with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from reader.article.loading import load_article
from reader.article.model import Article
from reader.export import export_annotations, order_for_export, write_atomic
from reader.export.importer import read_annotation_file
from reader.notes.annotations import Annotation
from reader.store.database import Store


def _plural(n: int, noun: str = "annotation") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _resolved(path: str) -> str:
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):
        return path


def select_for_articles(store: Store, articles: Sequence[Article]) -> list[Annotation]:
    """The stored annotations that belong to any of ``articles`` (see module docs)."""
    paths = {str(a.path) for a in articles}
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


def export_command(args: argparse.Namespace) -> int:
    """Print (or write with ``-o``) the selected annotations in ``--format``."""
    articles = [load_article(path) for path in args.article]  # a missing file stops here
    store = Store.open(args.db)
    try:
        anns = select_for_articles(store, articles) if articles else store.annotations()
    finally:
        store.close()
    anns = order_for_export(select_by_tags(anns, args.tag))
    if not anns:
        what = "match" if (args.article or args.tag) else "are stored"
        print(f"reader: no annotations {what}", file=sys.stderr)
    text = export_annotations(anns, args.format)
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
    store = Store.open(args.db)
    try:
        added = store.add_many(anns)
    finally:
        store.close()
    print(f"imported {_plural(added)} ({len(anns) - added} already present) from {args.file}")
    return 0
