"""Start the app from parsed CLI arguments: load first, so errors never reach Textual."""

from __future__ import annotations

import argparse

from reader.article import find_articles, load_article
from reader.keymap import load_keymap


def launch(args: argparse.Namespace) -> int:
    """Open one article in the reader, or several (or a folder) in the library."""
    keymap = load_keymap(args.keymap)
    paths = find_articles(args.paths)
    from reader.tui.app import ReaderApp

    if len(paths) == 1 and len(args.paths) == 1 and not _is_folder(args.paths[0]):
        article = load_article(paths[0])
        app = ReaderApp(article=article, keymap=keymap, backend=args.backend)
    else:
        app = ReaderApp(paths=paths, keymap=keymap, backend=args.backend)
    app.run()
    return 0


def _is_folder(path: str) -> bool:
    from pathlib import Path

    return Path(path).expanduser().is_dir()
