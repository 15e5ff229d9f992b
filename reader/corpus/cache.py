"""Analyses kept on disk, so a question asked again of many articles costs no analysis.

Why: analysing a news article takes ~10 ms of pure Python, so a thousand take seconds
every time ``reader quotes`` runs, while reading a kept answer takes a fraction of a
millisecond. An entry is keyed by the article's content fingerprint and by the
analyser's version (``reader.corpus.version``), so an edited file or a new model
(``READER_SPEAKER_MODEL``, a reader upgrade) simply misses. The layout is
``<user cache dir>/analysis/<version>/<fp[:2]>/<fp>.json`` (``.explain.json`` when the
speaker evidence is kept, as the app wants it): one folder per analyser version, so an
old one can be deleted whole.

Several processes share the folder: an entry is written to a temp file of its own,
fsynced and renamed over the name (``os.replace``), so a reader sees a whole entry or
none. The folder is not fsynced after the rename: losing a fresh entry in a crash costs
one analysis, nothing more. An entry that cannot be read or parsed, or that names
another version or article, is a miss, and the next ``put`` replaces it. A cache that
cannot be written (a read-only or full disk) is not an error: analysis just runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs

import reader.analysis
from reader.analysis.model import Analysis
from reader.article.model import Article
from reader.corpus.version import analyser_version
from reader.store.atomic import write_atomic

__all__ = [
    "ENTRY_FORMAT",
    "AnalysisCache",
    "cache_dir",
    "cached_analysis",
    "cached_run",
    "library_analysis",
]

ENTRY_FORMAT = "reader-analysis-cache/1"


def cache_dir() -> Path:
    """Where analyses are kept by default (``~/.cache/reader/analysis`` on Linux)."""
    return Path(platformdirs.user_cache_dir("reader")) / "analysis"


class AnalysisCache:
    """Analyses by (fingerprint, analyser version) in ``folder``; safe across threads and
    processes (it holds no state but the folder)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else cache_dir()

    def entry_path(self, fingerprint: str, version: str, *, explain: bool = False) -> Path:
        """The file that holds (or would hold) this entry."""
        if not fingerprint.isalnum() or not version.isalnum():
            raise ValueError("fingerprints and versions are hex digests")
        name = f"{fingerprint}.explain.json" if explain else f"{fingerprint}.json"
        return self.folder / version[:32] / fingerprint[:2] / name

    def get(
        self, fingerprint: str, backend: str = "rules", *, explain: bool = False
    ) -> Analysis | None:
        """The kept analysis of the text with ``fingerprint`` by the analyser ``backend`` is
        now, or ``None`` (never kept, stale, unreadable, or a backend not cached)."""
        version = analyser_version(backend)
        if version is None:
            return None
        try:
            raw = self.entry_path(fingerprint, version, explain=explain).read_bytes()
            entry = json.loads(raw)
            if (
                entry["format"] != ENTRY_FORMAT
                or entry["version"] != version
                or entry["fingerprint"] != fingerprint
                or entry["backend"] != backend
            ):
                return None
            return Analysis.from_json(entry["analysis"], backend=backend)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, half a file from an older writer, or not ours: a miss

    def put(self, fingerprint: str, analysis: Analysis, *, explain: bool = False) -> bool:
        """Keep ``analysis`` (of the text with ``fingerprint``) for the analyser its backend
        is now; ``explain`` keeps the speaker evidence. False when it could not be kept."""
        version = analyser_version(analysis.backend)
        if version is None:
            return False
        entry: dict[str, Any] = {
            "format": ENTRY_FORMAT,
            "version": version,
            "fingerprint": fingerprint,
            "backend": analysis.backend,
            "explain": explain,
            "analysis": analysis.to_json(explain=explain),
        }
        # ASCII with escapes: a lone surrogate in the text comes back exactly
        data = json.dumps(entry, separators=(",", ":")).encode("ascii")
        try:
            _replace(self.entry_path(fingerprint, version, explain=explain), data)
        except OSError:
            return False
        return True


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to a temp file of this writer's own, fsync it, rename it over
    ``target``: readers see the old entry, the new one or none, never part of one. The
    folder is not synced: an entry lost in a crash costs one analysis, not a note."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data, durable=False)


def cached_run(
    fingerprint: str,
    run: Callable[[], Analysis],
    *,
    backend: str = "rules",
    explain: bool = False,
    cache: AnalysisCache | None = None,
) -> Analysis:
    """The kept analysis for ``fingerprint``, else ``run()``'s, kept for next time.

    ``run`` must analyse with ``backend`` and ``explain`` as given (the app passes its
    child-process job here; ``cached_analysis`` passes ``reader.analysis.analyze``)."""
    cache = cache if cache is not None else AnalysisCache()
    found = cache.get(fingerprint, backend, explain=explain)
    if found is not None:
        return found
    analysis = run()
    cache.put(fingerprint, analysis, explain=explain)
    return analysis


def cached_analysis(
    article: Article,
    backend: str = "rules",
    cache: AnalysisCache | None = None,
    *,
    explain: bool = False,
) -> Analysis:
    """``reader.analysis.analyze(article.text, backend)``, read from ``cache`` (the user's,
    by default) when kept and kept there when not."""
    return cached_run(
        article.fingerprint,
        lambda: reader.analysis.analyze(article.text, backend=backend, explain=explain),
        backend=backend,
        explain=explain,
        cache=cache,
    )


def library_analysis(
    article: Article, backend: str = "rules", cache: AnalysisCache | None = None
) -> Analysis:
    """An analysis for the app's corpus lists, which need no evidence: whichever entry is
    kept (``reader quotes`` keeps plain ones, the reader screen explained ones), else one
    run as the reader screen runs it — a large text in a child process, so the lists'
    worker never holds the UI's interpreter for seconds — and kept for both."""
    from reader.analysis.isolated import AnalysisJob

    cache = cache if cache is not None else AnalysisCache()
    for explain in (False, True):
        found = cache.get(article.fingerprint, backend, explain=explain)
        if found is not None:
            return found
    job = AnalysisJob(article.text, backend=backend)
    return cached_run(
        article.fingerprint, job.run, backend=backend, explain=job.explain, cache=cache
    )
