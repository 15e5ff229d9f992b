"""``reader quotes`` and ``reader entities``: who said what, and who is named, in a corpus.

Thin glue: paths go to ``reader.corpus.reading`` (folders expanded, the analysis
cache used), rows come from ``reader.corpus.quotes`` / ``.entities``, and
``reader.cli.tabular`` prints them. A path or file that fails is one line on stderr
(``reader: <source>: <problem>``); the others are still read and the exit status is 1.
Speakers the user set in the app (``W``) are read from the store ``--db`` names, once
for the whole corpus; a database file that does not exist yet is not created.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.errors import ArticleError

if TYPE_CHECKING:
    from reader.corpus.quotes import QuoteRow
    from reader.notes.annotations import Annotation

__all__ = ["add_parser", "entities_command", "quotes_command"]

ENTITY_HELP = (
    "keep the quotes of articles that mention NAME: an entity's canonical name or any "
    "form the article writes it in, of any label, ignoring case (the article, not the "
    "quote: a quote rarely names what it is about)"
)


def _confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return number


def _add_corpus_paths(parser: argparse.ArgumentParser) -> None:
    from reader.cli.main import _add_refresh
    from reader.cli.tabular import FORMATS

    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders or URLs")
    parser.add_argument(
        "-r", "--recursive", action="store_true", help="read the sub-folders of folders too"
    )
    _add_refresh(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="an aligned table cut to the terminal (default), JSON lines, or CSV",
    )


def add_parser(sub: argparse._SubParsersAction) -> None:
    from reader.cli.main import _add_db

    p_quotes = sub.add_parser(
        "quotes",
        help="every quote across articles: speaker, confidence, text, article, offsets",
        description="One row per quote: speaker, speaker_confidence, text, title, source, "
        "published, start, end (offsets into the article's text, as reader analyze prints "
        "it). A speaker set in the app shows instead of the analysis's, with confidence 1. "
        "Filters combine; names and text match ignoring case.",
    )
    _add_corpus_paths(p_quotes)
    p_quotes.add_argument(
        "--speaker",
        metavar="NAME",
        help="keep quotes by NAME: the speaker's full name or a form the article writes "
        'it in ("corbyn" for Jeremy Corbyn)',
    )
    p_quotes.add_argument("--entity", metavar="NAME", help=ENTITY_HELP)
    p_quotes.add_argument("--search", metavar="TEXT", help="keep quotes containing TEXT")
    p_quotes.add_argument(
        "--min-confidence",
        type=_confidence,
        metavar="X",
        help="keep quotes whose speaker_confidence is at least X (0-1)",
    )
    _add_db(p_quotes)

    p_entities = sub.add_parser(
        "entities",
        help="every entity across articles: name, label, articles, mentions",
        description="One row per entity (canonical name and label): in how many articles "
        "and how many times it is mentioned, most mentioned first.",
    )
    _add_corpus_paths(p_entities)
    p_entities.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="L",
        help="keep entities with label L (PERSON, ORG, GPE, ...; repeatable)",
    )


class _Failures:
    """Says each failure on stderr as it happens, and counts them for the exit status."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, source: str, error: ArticleError) -> None:
        self.count += 1
        sys.stdout.flush()  # keep stdout's rows before this line when both are a terminal
        print(f"reader: {error}", file=sys.stderr)


def _corrections(db: str | None) -> dict[str, list[Annotation]]:
    """The speaker corrections in the store, by fingerprint (none without a database)."""
    from reader.corpus.quotes import corrections_by_article
    from reader.store.location import parse_location
    from reader.store.opening import open_location

    location = parse_location(db)
    if location.path is not None and not location.path.expanduser().exists():
        return {}
    with open_location(location) as store:
        return corrections_by_article(store.annotations())


def quotes_command(args: argparse.Namespace) -> int:
    from reader.cli.tabular import Column, write_records, write_table
    from reader.corpus.quotes import QUOTE_FIELDS, QuoteFilter, quote_rows
    from reader.corpus.reading import analysed_articles

    where = QuoteFilter(
        speaker=args.speaker,
        entity=args.entity,
        search=args.search,
        min_confidence=args.min_confidence,
    )
    notes = _corrections(args.db)
    failures = _Failures()
    items = analysed_articles(
        args.paths, recursive=args.recursive, refresh=args.refresh, on_error=failures
    )

    def rows() -> Iterator[QuoteRow]:
        for item in items:
            yield from quote_rows(item, notes.get(item.article.fingerprint, ()), where)

    if args.format != "table":
        write_records(sys.stdout, args.format, QUOTE_FIELDS, (r.to_json() for r in rows()))
    else:
        width = shutil.get_terminal_size().columns
        side = max(12, min(30, width // 5))  # the quote keeps most of a narrow terminal
        columns = [Column("Speaker", side), Column("Conf", 4, right=True), Column("Article", side)]
        columns.append(Column("Quote"))
        write_table(sys.stdout, columns, [_quote_cells(r) for r in rows()], width)
    return 1 if failures.count else 0


def _quote_cells(row: QuoteRow) -> list[str]:
    """Speaker (``✓`` when the user set it, ``—`` when nobody), confidence, article, text."""
    from reader.view.speaker_view import CORRECTED_MARK

    speaker = row.speaker or "—"
    if row.corrected:
        speaker = CORRECTED_MARK + speaker
    shown = "" if row.speaker_confidence is None else f"{row.speaker_confidence:.2f}"
    return [speaker, shown, row.title or row.source, row.text]


def entities_command(args: argparse.Namespace) -> int:
    from reader.cli.tabular import Column, write_records, write_table
    from reader.corpus.entities import ENTITY_FIELDS, count_entities
    from reader.corpus.reading import analysed_articles

    failures = _Failures()
    items = analysed_articles(
        args.paths, recursive=args.recursive, refresh=args.refresh, on_error=failures
    )
    counted = count_entities(items, args.label)
    if args.format != "table":
        write_records(sys.stdout, args.format, ENTITY_FIELDS, (c.to_json() for c in counted))
    else:
        columns = [
            Column("Entity"),
            Column("Label", 8),
            Column("Articles", 8, right=True),
            Column("Mentions", 8, right=True),
        ]
        cells = [[c.canonical, c.label, str(c.articles), str(c.mentions)] for c in counted]
        write_table(sys.stdout, columns, cells)
    return 1 if failures.count else 0
