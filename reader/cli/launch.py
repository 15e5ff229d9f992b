"""Start the app from parsed CLI arguments: load first, so errors never reach Textual."""

from __future__ import annotations

import argparse
import os
import sys

from reader.article.fetching import is_url
from reader.article.loading import STDIN, find_articles, load_article
from reader.errors import ArticleError
from reader.keys.loader import load_keymap
from reader.notes.authors import current_user
from reader.store.opening import open_store
from reader.store.writer import BackgroundWriter


def launch(args: argparse.Namespace) -> int:
    """Open one article in the reader, or several (or a folder) in the library."""
    keymap = load_keymap(args.keymap)
    if STDIN in args.paths:
        if len(args.paths) > 1:
            raise ArticleError("-: standard input opens alone (give the files separately)")
        paths, article = [], load_article(STDIN)
        keys_from_terminal()
    elif len(args.paths) == 1 and is_url(args.paths[0]):
        paths, article = [], load_article(args.paths[0], refresh=args.refresh)
    else:
        paths = find_articles(args.paths, recursive=args.recursive)
        # One file (however often it was named) opens the reader; a folder, the library.
        single = len(paths) == 1 and not any(_is_folder(p) for p in args.paths)
        article = load_article(paths[0]) if single else None
    store = open_store(args.db)
    from reader.tui.app import ReaderApp

    writer = BackgroundWriter(store)
    options = {
        "keymap": keymap,
        "backend": args.backend,
        "writer": writer,
        "reading_width": max(0, args.reading_width),
        "user": current_user(args.user),
    }
    try:
        if article is not None:
            app = ReaderApp(article=article, **options)  # type: ignore[arg-type]
        else:
            app = ReaderApp(paths=paths, **options)  # type: ignore[arg-type]
        app.run()
    finally:
        writer.close()
        store.close()
    return app.return_code or 0  # 1 when the UI died of an error: never report success


def keys_from_terminal() -> None:
    """After the article came through a pipe, read keys from the terminal, as ``less`` does.

    Textual reads keys from file descriptor 0; once the pipe is drained, the
    controlling terminal takes its place.
    """
    if sys.stdin.isatty():
        return
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError as exc:
        raise ArticleError(
            f"-: read the article, but there is no terminal to read keys from ({exc.strerror})"
        ) from None
    os.dup2(tty, 0)
    os.close(tty)


def _is_folder(path: str) -> bool:
    from pathlib import Path

    return Path(path).expanduser().is_dir()
