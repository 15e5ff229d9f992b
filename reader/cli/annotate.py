"""``reader annotate``: add an annotation from a script or another terminal.

It talks to the same store as the app (which may be open at the same time: the store
locks and re-reads), and reports success only once the annotation is on disk.
"""

from __future__ import annotations

import argparse
import sys

from reader.article.decoding import normalize_newlines
from reader.article.display import visible_text
from reader.article.loading import load_article
from reader.errors import ReaderError
from reader.notes.annotations import make_annotation, normalize_tags
from reader.notes.authors import current_user
from reader.notes.relocation import remember_article
from reader.store.opening import open_store

EXCERPT_CHARS = 60
SPEAKER_LOOKUP_LIMIT = 1_000_000
"""Characters up to which ``annotate`` analyses the article to credit a quote's speaker."""


def find_occurrences(text: str, needle: str) -> list[int]:
    """Starts of the non-overlapping occurrences of ``needle``, as ``str.count`` counts."""
    starts: list[int] = []
    pos = text.find(needle)
    while pos != -1:
        starts.append(pos)
        pos = text.find(needle, pos + len(needle))
    return starts


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One printable line of at most ``limit`` characters."""
    flat = " ".join(visible_text(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def quote_speaker(text: str, start: int, end: int) -> str | None:
    """Who said it, when the span lies inside a quotation analysis found."""
    if len(text) > SPEAKER_LOOKUP_LIMIT:
        return None
    from reader.analysis import analyze

    for quote in analyze(text).quotes:
        if quote.start <= start and end <= quote.end:
            return quote.speaker
    return None


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def annotate_command(args: argparse.Namespace) -> int:
    """Annotate the Nth occurrence of ``--match`` in PATH; exit 0 only once it is saved."""
    match = normalize_newlines(args.match)
    if not match:
        raise ReaderError("--match is empty: give the text to annotate")
    if args.occurrence < 1:
        raise ReaderError(f"--occurrence must be 1 or more, not {args.occurrence}")
    article = load_article(args.path, refresh=args.refresh)
    starts = find_occurrences(article.text, match)
    if len(starts) < args.occurrence:
        found = "not found" if not starts else f"found only {_times(len(starts))}"
        print(
            f'reader: {args.path}: "{excerpt(match)}" {found}'
            + (f" (asked for occurrence {args.occurrence})" if starts else ""),
            file=sys.stderr,
        )
        return 1
    start = starts[args.occurrence - 1]
    ann = make_annotation(
        article.text,
        start,
        start + len(match),
        fingerprint=article.fingerprint,
        source=str(article.path),
        title=article.title,
        tags=normalize_tags(args.tag),
        note=args.note,
        speaker=quote_speaker(article.text, start, start + len(match)),
        author=current_user(args.user),
    )
    with open_store(args.db) as store:
        remember_article(store, article)
        store.add(ann)
    details = []
    if ann.tags:
        details.append("tags: " + ", ".join(ann.tags))
    if ann.note:
        details.append("with a note")
    if ann.speaker:
        details.append(f"said by {ann.speaker}")
    suffix = f" ({'; '.join(details)})" if details else ""
    print(f'saved annotation on "{excerpt(ann.exact)}" in {args.path}{suffix}')
    return 0
