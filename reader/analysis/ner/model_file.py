"""The tagger's weights on disk: small, quick to load, the same answer everywhere.

Why this format: a JSON dict of hundreds of thousands of features is slow to parse and
large. Here the feature names are one newline-separated block and the weights one
array of 16-bit integers with a single scale, all gzip-compressed, so the shipped model
stays a few megabytes and loads in a fraction of a second with the standard library.
"""

from __future__ import annotations

import gzip
import json
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "reader-tagger/1"


@dataclass(frozen=True, slots=True)
class TaggerModel:
    """Feature → row of weights (one per tag), stored flat; scores are ``sum * scale``."""

    tags: tuple[str, ...]
    index: dict[str, int]
    weights: array
    scale: float
    meta: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, str] = field(default_factory=dict)
    """What plain text says about each word (see ``profile.py``); may be empty."""

    def row(self, feature: str) -> int:
        """Offset of ``feature``'s weights in :attr:`weights`, or -1 if unknown."""
        found = self.index.get(feature)
        return -1 if found is None else found * len(self.tags)


def quantise(
    tags: tuple[str, ...],
    rows: dict[str, list[float]],
    meta: dict[str, Any],
    profile: dict[str, str] | None = None,
) -> TaggerModel:
    """Turn float weights into the stored 16-bit form (rows that round to zero are dropped)."""
    peak = max((abs(w) for row in rows.values() for w in row), default=1.0) or 1.0
    scale = peak / 32767
    index: dict[str, int] = {}
    flat = array("h")
    for name in sorted(rows):
        quantised = [round(w / scale) for w in rows[name]]
        if any(quantised):
            index[name] = len(index)
            flat.extend(quantised)
    return TaggerModel(
        tags=tags, index=index, weights=flat, scale=scale, meta=meta, profile=dict(profile or {})
    )


def save(model: TaggerModel, path: Path) -> None:
    """Write ``model`` to ``path`` (gzip; a JSON header line, names, then weights)."""
    names = "\n".join(sorted(model.index, key=model.index.__getitem__)).encode("utf-8")
    weights = array("h", model.weights)
    if sys.byteorder != "little":
        weights.byteswap()
    profile = "\n".join(f"{w}\t{p}" for w, p in sorted(model.profile.items())).encode("utf-8")
    header = {
        "format": FORMAT,
        "tags": list(model.tags),
        "scale": model.scale,
        "names_bytes": len(names),
        "profile_bytes": len(profile),
        "meta": model.meta,
    }
    blob = json.dumps(header).encode("utf-8") + b"\n" + names + profile + weights.tobytes()
    path.write_bytes(gzip.compress(blob, compresslevel=9, mtime=0))


def load(path: Path) -> TaggerModel:
    """Read a model written by :func:`save`; ``ValueError`` says what is wrong with it."""
    try:
        blob = gzip.decompress(path.read_bytes())
        line_end = blob.index(b"\n")
        header = json.loads(blob[:line_end])
    except (OSError, EOFError, ValueError, gzip.BadGzipFile) as error:
        raise ValueError(f"not a tagger model ({error})") from None
    if header.get("format") != FORMAT:
        raise ValueError(f"not a tagger model (format {header.get('format')!r})")
    names_end = line_end + 1 + header["names_bytes"]
    names = blob[line_end + 1 : names_end].decode("utf-8").split("\n")
    profile_end = names_end + header.get("profile_bytes", 0)
    lines = (
        blob[names_end:profile_end].decode("utf-8").split("\n") if profile_end > names_end else []
    )
    profile = dict(line.split("\t", 1) for line in lines)
    weights = array("h")
    weights.frombytes(blob[profile_end:])
    if sys.byteorder != "little":
        weights.byteswap()
    tags = tuple(header["tags"])
    if len(weights) != len(names) * len(tags):
        raise ValueError("not a tagger model (weights and features disagree)")
    return TaggerModel(
        tags=tags,
        index=dict(zip(names, range(len(names)), strict=True)),
        weights=weights,
        scale=float(header["scale"]),
        meta=dict(header.get("meta") or {}),
        profile=profile,
    )
