"""Command line: a thin layer that parses arguments and calls the core.

``reader PATH...`` opens the app; the other commands (``analyze``, ``keys``,
``annotate``, ``export``, ``import``, ``migrate``, ``train``) are for scripts and print to stdout.
Every user error is one line on stderr: ``reader: <file>: <problem>``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from reader import __version__
from reader.errors import ArticleError, ReaderError
from reader.view.pane_sizes import READING_WIDTH

BACKEND_HELP = "rules (the default: the shipped tagger) or spacy"
COMMANDS = (
    "analyze",
    "keys",
    "annotate",
    "export",
    "import",
    "migrate",
    "open",
    "train",
    "corpus",
    "quotes",
    "entities",
)


def _error(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="annotation database: a file or a postgresql:// URL "
        "(default: $READER_DB, else a file in the data dir)",
    )


def _add_refresh(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="fetch URLs again instead of reading the copy kept when first fetched",
    )


def _add_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="name recorded as the author of new notes (default: the OS user)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read and annotate articles in the terminal.",
        epilog="Run 'reader PATH...' to open articles; 'reader COMMAND --help' for a command.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_open = sub.add_parser("open", help="open articles in the reader (the default command)")
    p_open.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders or a URL")
    _add_refresh(p_open)
    p_open.add_argument(
        "-r", "--recursive", action="store_true", help="read the sub-folders of folders too"
    )
    p_open.add_argument("--keymap", metavar="PATH", help="keymap.toml to use over the defaults")
    p_open.add_argument("--backend", default="rules", help=BACKEND_HELP)
    p_open.add_argument(
        "--reading-width",
        type=int,
        default=READING_WIDTH,
        metavar="N",
        help=f"longest line in columns on a wide terminal (default {READING_WIDTH}; 0: no limit)",
    )
    _add_user(p_open)
    _add_db(p_open)

    p_an = sub.add_parser("analyze", help="print quotes, speakers, entities and boilerplate")
    p_an.add_argument("paths", nargs="+", metavar="PATH", help="article files or URLs")
    _add_refresh(p_an)
    p_an.add_argument("--format", choices=("json", "jsonl", "table"), default="json")
    p_an.add_argument("--backend", default="rules", help=BACKEND_HELP)
    p_an.add_argument(
        "--explain",
        action="store_true",
        help="add speaker_evidence to each quote: the mention, what decided, the runners-up",
    )

    p_keys = sub.add_parser("keys", help="print the effective key bindings and their origin")
    p_keys.add_argument("--keymap", metavar="PATH", help="keymap.toml to use over the defaults")

    p_ann = sub.add_parser("annotate", help="add an annotation from the command line")
    p_ann.add_argument("path", metavar="PATH", help="an article file or URL")
    _add_refresh(p_ann)
    p_ann.add_argument("--match", required=True, metavar="TEXT", help="exact text to annotate")
    p_ann.add_argument("--occurrence", type=int, default=1, metavar="N", help="which match (1..)")
    p_ann.add_argument("--tag", action="append", default=[], metavar="T")
    p_ann.add_argument("--note", default="", metavar="TEXT")
    _add_user(p_ann)
    _add_db(p_ann)

    p_exp = sub.add_parser("export", help="export annotations as markdown, json or csv")
    p_exp.add_argument(
        "--format",
        choices=("markdown", "json", "csv"),
        default=None,
        help="default: from the -o file's extension (.md, .json, .csv), else markdown",
    )
    p_exp.add_argument("--article", action="append", default=[], metavar="PATH")
    p_exp.add_argument("--tag", action="append", default=[], metavar="TAG")
    p_exp.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    _add_db(p_exp)

    p_imp = sub.add_parser("import", help="import W3C Web Annotation JSON")
    p_imp.add_argument("file", metavar="FILE")
    _add_db(p_imp)

    from reader.cli.corpus_analyze import add_parser as add_corpus
    from reader.cli.corpus_queries import add_parser as add_corpus_queries
    from reader.cli.migrate import add_parser as add_migrate
    from reader.cli.train import add_parser as add_train

    add_migrate(sub)
    add_train(sub)
    add_corpus(sub)
    add_corpus_queries(sub)
    return parser


def _cmd_analyze(args: argparse.Namespace) -> int:
    from reader.analysis import analyze
    from reader.analysis.records import analysis_record
    from reader.article.loading import load_article

    failed = False
    results: list[dict] = []
    for path in args.paths:
        try:
            article = load_article(path, refresh=args.refresh)
            analysis = analyze(article.text, backend=args.backend, explain=args.explain)
        except ArticleError as exc:
            _error(str(exc))
            failed = True
            continue
        record = analysis_record(path, article, analysis, explain=args.explain)
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            results.append(record)
    if args.format == "json":
        doc = results[0] if len(args.paths) == 1 and results else results
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "table":
        from reader.analysis.table import print_tables

        print_tables(results)
    return 1 if failed else 0


def _cmd_open(args: argparse.Namespace) -> int:
    from reader.cli.launch import launch

    return launch(args)


def _cmd_keys(args: argparse.Namespace) -> int:
    from reader.keys.loader import describe_bindings, load_keymap

    keymap = load_keymap(args.keymap)
    sys.stdout.write(describe_bindings(keymap))
    return 0


def _cmd_annotate(args: argparse.Namespace) -> int:
    from reader.cli.annotate import annotate_command

    return annotate_command(args)


def _cmd_export(args: argparse.Namespace) -> int:
    from reader.cli.export_import import export_command

    return export_command(args)


def _cmd_import(args: argparse.Namespace) -> int:
    from reader.cli.export_import import import_command

    return import_command(args)


def _cmd_migrate(args: argparse.Namespace) -> int:
    from reader.cli.migrate import migrate_command

    return migrate_command(args)


def _cmd_train(args: argparse.Namespace) -> int:
    from reader.cli.train import train_command

    return train_command(args)


def _cmd_corpus(args: argparse.Namespace) -> int:
    from reader.cli.corpus_analyze import corpus_command

    return corpus_command(args)


def _cmd_quotes(args: argparse.Namespace) -> int:
    from reader.cli.corpus_queries import quotes_command

    return quotes_command(args)


def _cmd_entities(args: argparse.Namespace) -> int:
    from reader.cli.corpus_queries import entities_command

    return entities_command(args)


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "open": _cmd_open,
    "analyze": _cmd_analyze,
    "keys": _cmd_keys,
    "annotate": _cmd_annotate,
    "export": _cmd_export,
    "import": _cmd_import,
    "migrate": _cmd_migrate,
    "train": _cmd_train,
    "corpus": _cmd_corpus,
    "quotes": _cmd_quotes,
    "entities": _cmd_entities,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reader`` console script; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if (
        arguments
        and arguments[0] not in COMMANDS
        and arguments[0] not in ("-h", "--help", "--version")
    ):
        arguments.insert(0, "open")
    parser = build_parser()
    if not arguments:
        parser.print_usage(sys.stderr)
        _error("give an article file or folder to open, or a command")
        return 2
    args = parser.parse_args(arguments)
    try:
        return HANDLERS[args.command](args)
    except ReaderError as exc:
        _error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
