"""The reading screen's background jobs: analysis, loading notes, polling for changes.

Each runs on a worker thread and reports only by posting a typed message (see
``reader.tui.messages``); none touches a widget or waits for the UI. Any error —
not only the ones the core anticipates — becomes a one-line failure message, so a
bug in one job is a notification, never a crashed app.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message import Message

from reader.analysis.isolated import PROCESS_THRESHOLD, AnalysisJob
from reader.analysis.model import Analysis
from reader.article.model import Article, fingerprint_text
from reader.corpus.cache import cached_run
from reader.errors import ReaderError
from reader.store.interface import AnnotationStore
from reader.tui.messages import (
    AnalysisFailed,
    AnalysisReady,
    NotesChanged,
    NotesFailed,
    NotesLoaded,
)
from reader.view.analysis_spans import analysis_layers
from reader.view.spans import HighlightLayer

FIRST_PAINT_GRACE = 0.15
"""Seconds a large article's analysis waits before reading the cache (see ``_run``)."""
Post = Callable[[Message], object]
Analyzer = Callable[[str], Analysis]
"""Text in, analysis out: the rules (or spaCy) by default; tests pass a fixed one."""


def one_line(exc: BaseException) -> str:
    """An exception as one line a user can read (our errors are already such lines)."""
    if isinstance(exc, ReaderError):
        return str(exc)
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class AnalysisRun:
    """One analysis of the open article, cancellable when the screen closes."""

    def __init__(
        self,
        text: str,
        *,
        backend: str,
        analyzer: Analyzer | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self.text = text
        self.analyzer = analyzer
        self.fingerprint = fingerprint
        """The article's, when known: the cache key, not hashed again."""
        self._job = AnalysisJob(text, backend=backend)

    def __call__(self, post: Post) -> None:
        """Analyse and build the highlight layers here, so the UI only swaps them in."""
        try:
            analysis = self.analyzer(self.text) if self.analyzer else self._run()
            layers = {kind: HighlightLayer(s) for kind, s in analysis_layers(analysis).items()}
        except Exception as exc:
            post(AnalysisFailed(f"Analysis failed: {one_line(exc)}"))
            return
        post(AnalysisReady(analysis, layers))

    def _run(self) -> Analysis:
        """The kept analysis of this text when the analysis cache has it (an article
        opened before), else the job's, kept for next time."""
        job = self._job
        if len(self.text) >= PROCESS_THRESHOLD:
            # Reading a large kept analysis is ~0.2 s of this process's CPU (the child
            # does the fresh one): let the article's first frame be drawn first.
            time.sleep(FIRST_PAINT_GRACE)
        fingerprint = self.fingerprint or fingerprint_text(self.text)
        return cached_run(fingerprint, job.run, backend=job.backend, explain=job.explain)

    def cancel(self) -> None:
        self._job.cancel()


def load_notes(store: AnnotationStore, article: Article, post: Post) -> None:
    """Read (and re-anchor, if the file changed) the article's notes, position and tags."""
    from reader.notes.relocation import annotations_for_article, remember_article

    try:
        remember_article(store, article)
        annotations = annotations_for_article(store, article)
        position = store.position(article.fingerprint)
        tags = store.tags()
    except Exception as exc:
        post(NotesFailed(f"Could not read the notes: {one_line(exc)}"))
        return
    post(NotesLoaded(annotations, position, tags))


def poll_changes(store: AnnotationStore, fingerprint: str, token: int, post: Post) -> None:
    """Ask the store what other writers changed; post only when something did."""
    try:
        new_token, changed, removed = store.changed_since(token, fingerprint)
    except Exception:
        return  # the next poll tries again; saving reports store problems loudly
    if new_token != token or changed or removed:
        post(NotesChanged(new_token, changed, removed))
