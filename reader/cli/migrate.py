"""``reader migrate --from SRC --to DST``: copy every article record and note between stores.

Any two stores (a file, a PostgreSQL URL) in either direction. One ``copy_in`` call on
the destination makes it all or nothing, and ids (notes) and fingerprints (articles)
already there are skipped, so running it twice adds nothing.
"""

from __future__ import annotations

import argparse
import sys

from reader.store.errors import StoreError
from reader.store.location import parse_location
from reader.store.opening import open_location

__all__ = ["add_parser", "migrate_command"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "migrate", help="copy every article record and note from one store to another"
    )
    parser.add_argument(
        "--from", dest="source", required=True, metavar="SRC", help="a database file or URL"
    )
    parser.add_argument(
        "--to", dest="target", required=True, metavar="DST", help="a database file or URL"
    )


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def migrate_command(args: argparse.Namespace) -> int:
    source, target = parse_location(args.source), parse_location(args.target)
    if source.path is not None and not source.path.expanduser().exists():
        raise StoreError(f"{source.masked()}: no such database file")
    if source == target:
        raise StoreError(f"{source.masked()}: --from and --to name the same database")
    with open_location(source) as src:
        records, notes = src.articles(), src.annotations()
    with open_location(target) as dst:
        new_records, new_notes = dst.copy_in(records, notes)
    print(
        f"reader: copied {_count(new_notes, 'note')} and {_count(new_records, 'article record')}"
        f" from {source.masked()} to {target.masked()}; already there: "
        f"{_count(len(notes) - new_notes, 'note')}, "
        f"{_count(len(records) - new_records, 'article record')}",
        file=sys.stderr,
    )
    return 0
