"""The analyser's version: what must change for a cached analysis to be stale.

A cached analysis is only as good as the analyser that made it, so its key includes a
sha256 over reader's version, the backend's name, and the bytes of the model files the
analysis would load now (``$READER_ENTITY_MODEL`` / ``$READER_SPEAKER_MODEL`` or the
shipped ones, chosen exactly as the analysis chooses them). The analysis code and word
lists are hashed too: a checkout whose rules change without a version bump (every
developer's) must not read yesterday's answers. Each file is hashed once per process
(again only if its size or modification time changes).

Only the ``rules`` backend has a version: a spaCy model is an installed folder whose
bytes this cannot cheaply name, so its analyses are not cached.
"""

from __future__ import annotations

import hashlib
import os
import threading
from functools import cache
from pathlib import Path

import reader

__all__ = ["CACHED_BACKENDS", "analyser_version", "model_files"]

CACHED_BACKENDS = ("rules",)
_CODE_ROOTS = ("analysis", "lexicon")
"""The packages under ``reader/`` whose files decide what analysis returns."""
_CODE_SUFFIXES = frozenset({".py", ".txt", ".tsv", ".json", ".csv"})
_lock = threading.Lock()
_file_hashes: dict[tuple[str, int, int], str] = {}


def model_files() -> dict[str, Path | None]:
    """The entity and speaker model files analysis would load now (``None``: no model)."""
    from reader.analysis.ner.recognise import model_path
    from reader.analysis.speakers.ranker import MODEL_VARIABLE, ranker_path

    speakers: Path | None = ranker_path()
    if not speakers.is_file() and os.environ.get(MODEL_VARIABLE) is None:
        speakers = None  # nothing trained: the rules alone decide (as ranker._load does)
    return {"entities": model_path(), "speakers": speakers}


def _file_hash(path: Path) -> str:
    """sha256 of the file's bytes, once per process per (path, size, mtime)."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"unreadable:{type(exc).__name__}"  # analysis will say what is wrong
    key = (str(path), info.st_size, info.st_mtime_ns)
    with _lock:
        found = _file_hashes.get(key)
    if found is None:
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
        except OSError as exc:
            return f"unreadable:{type(exc).__name__}"
        found = digest.hexdigest()
        with _lock:
            _file_hashes[key] = found
    return found


@cache
def _code_hash() -> str:
    """The analysis code and word lists, as shipped in (or checked out with) this reader."""
    package = Path(reader.__file__).resolve().parent
    digest = hashlib.sha256()
    for root in _CODE_ROOTS:
        files = sorted(
            p
            for p in (package / root).rglob("*")
            if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts and p.is_file()
        )
        for path in files:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def analyser_version(backend: str = "rules") -> str | None:
    """A hex sha256 naming the analyser ``backend`` is now, or ``None`` when the backend
    cannot be named (its analyses are then not cached)."""
    if backend not in CACHED_BACKENDS:
        return None
    digest = hashlib.sha256()
    for part in (reader.__version__, backend, _code_hash()):
        digest.update(part.encode() + b"\0")
    for role, path in sorted(model_files().items()):
        digest.update(f"{role}:{_file_hash(path) if path else 'none'}".encode() + b"\0")
    return digest.hexdigest()
