"""Annotations to and from the W3C Web Annotation Data Model (JSON-LD).

Why W3C: it is the one annotation format other tools (Hypothesis, Recogito, IIIF
viewers) read, and our model already is its TextQuote + TextPosition pair.

Export shape: an ``AnnotationCollection`` with ``total`` and the annotations
embedded in its ``first`` page (``AnnotationPage`` with ``items``), which is how
the model says to deliver several annotations in one document. What the model
has no term for (the article fingerprint and title, the quote's speaker, the
orphaned state) is kept under the ``reader:`` prefix, declared in ``@context``
as :data:`READER_NS`, so JSON-LD processors see well-formed extra properties and
our import restores every field exactly. The note's author is the model's own
``creator``, a ``Person`` with a ``nickname`` (a login or chosen handle, not
necessarily a full name); import also takes a ``name`` or a plain string.

Parsing one annotation (:func:`annotation_from_w3c`) is here too; reading and
validating a whole file, and filling in what foreign files lack, is
``reader.export.importer``.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes, urlsplit

from reader.notes.annotations import Annotation, normalize_tags

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
READER_NS = "urn:reader:"
"""Namespace of our extra properties: a URN, because we own no web domain."""
CONTEXT: list[Any] = [ANNO_CONTEXT, {"reader": READER_NS}]

FINGERPRINT = "reader:fingerprint"
TITLE = "reader:title"
SPEAKER = "reader:speaker"
ORPHANED = "reader:orphaned"
PATH = "reader:path"
"""Where the note's article was read from, when the target cites its URL instead (a
fetched page's cached copy): kept so our import restores the note exactly."""

UNKNOWN_SOURCE = READER_NS + "unknown-source"
"""Target source for an annotation whose article path was never known."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_COLLECTION_NS = uuid.UUID("6f1d3c55-2d4b-4f0e-9a8e-1f1b0d6c9a41")


class W3CError(ValueError):
    """One annotation does not fit the model; the message says what and where."""


# ---------------------------------------------------------------- paths and URIs


def path_to_uri(path: str) -> str:
    """``file://`` URI for an article path; other URIs pass through unchanged."""
    if not path:
        return UNKNOWN_SOURCE
    if _SCHEME.match(path) and not re.match(r"^[A-Za-z]:[\\/]", path):
        return path
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return Path(path).absolute().as_uri()
    raw = os.fsencode(os.path.abspath(path))
    return "file://" + quote(raw, safe="/")


def uri_to_path(uri: str) -> str:
    """The article path for a target source: a local path for ``file:`` URIs,
    ``""`` for our unknown-source placeholder, anything else unchanged."""
    if uri.startswith(READER_NS):
        return ""
    parts = urlsplit(uri)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return uri
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        from urllib.request import url2pathname

        return url2pathname(parts.path)
    return os.fsdecode(unquote_to_bytes(parts.path))


# ---------------------------------------------------------------- export


def annotation_to_w3c(ann: Annotation, url: str | None = None) -> dict[str, Any]:
    """One annotation as a W3C ``Annotation`` object (no ``@context``).

    ``url``: where the article was fetched from, which the target cites as its
    ``source`` (the W3C model's "the resource being annotated") instead of the file.
    """
    obj: dict[str, Any] = {
        "id": ann.id,
        "type": "Annotation",
        "motivation": ann.motivation,
        "created": ann.created,
        "modified": ann.modified,
    }
    if ann.author:
        # who made the note; a nickname, because it is a login or a chosen handle
        obj["creator"] = {"type": "Person", "nickname": ann.author}
    bodies: list[dict[str, Any]] = []
    if ann.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": ann.note,
                "format": "text/plain",
            }
        )
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in ann.tags]
    if ann.corrected_speaker:
        # the user's correction of who said the quote: the body identifies the speaker
        bodies.append(
            {"type": "TextualBody", "purpose": "identifying", "value": ann.corrected_speaker}
        )
    if bodies:
        obj["body"] = bodies
    quote_selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": ann.exact}
    if ann.prefix:
        quote_selector["prefix"] = ann.prefix
    if ann.suffix:
        quote_selector["suffix"] = ann.suffix
    obj["target"] = {
        "source": url or path_to_uri(ann.source),
        "selector": [
            quote_selector,
            {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
        ],
    }
    obj[FINGERPRINT] = ann.fingerprint
    obj[TITLE] = ann.title
    if url and ann.source and ann.source != url:
        obj[PATH] = ann.source
    if ann.speaker is not None:
        obj[SPEAKER] = ann.speaker
    obj[ORPHANED] = ann.orphaned
    return obj


def collection_id(anns: Sequence[Annotation]) -> str:
    """A stable id: the same set of annotations is the same collection."""
    key = "\n".join(sorted(a.id for a in anns))
    return f"urn:uuid:{uuid.uuid5(_COLLECTION_NS, key)}"


def to_collection(
    anns: Sequence[Annotation], *, now: str, urls: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The ``AnnotationCollection`` holding ``anns`` (in order) in its first page;
    ``urls`` maps an article fingerprint to the URL it was fetched from."""
    urls = urls or {}
    cid = collection_id(anns)
    return {
        "@context": CONTEXT,
        "id": cid,
        "type": "AnnotationCollection",
        "label": "Annotations exported from reader",
        "created": now,
        "total": len(anns),
        "first": {
            "id": f"urn:uuid:{uuid.uuid5(_COLLECTION_NS, cid + '#page-1')}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation_to_w3c(a, urls.get(a.fingerprint)) for a in anns],
        },
    }


# ---------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class Parsed:
    """An annotation read from W3C JSON and what it did not say.

    ``ours`` is true when the reader: extras are present (our own export), so
    nothing needs to be guessed; otherwise the importer may fill in the
    fingerprint, title and missing selector halves from the article file.
    """

    annotation: Annotation
    ours: bool
    has_position: bool
    has_quote: bool


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def has_type(obj: Any, name: str) -> bool:
    """Whether a JSON-LD object's ``type`` (string or list) includes ``name``."""
    return isinstance(obj, dict) and name in _types(obj.get("type", obj.get("@type")))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _string(obj: dict[str, Any], key: str, where: str, *, default: str | None = None) -> str:
    value = obj.get(key, default)
    if value is None:
        raise W3CError(f"{where} has no {key!r}")
    if not isinstance(value, str):
        raise W3CError(f"{where}: {key!r} must be a string, not {_kind(value)}")
    return value


def _integer(obj: dict[str, Any], key: str, where: str) -> int:
    value = obj.get(key)
    if value is None:
        raise W3CError(f"{where} has no {key!r}")
    if isinstance(value, bool) or not isinstance(value, int):
        raise W3CError(f"{where}: {key!r} must be a whole number, not {_kind(value)}")
    if value < 0:
        raise W3CError(f"{where}: {key!r} must not be negative")
    return value


def _timestamp(obj: dict[str, Any], key: str, default: str) -> str:
    value = obj.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise W3CError(f"{key!r} must be a date-time string, not {_kind(value)}")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise W3CError(f"{key!r} is not an ISO 8601 date-time: {value!r}") from None
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _target(obj: dict[str, Any]) -> dict[str, Any]:
    targets = _as_list(obj.get("target"))
    if not targets:
        raise W3CError("no 'target'")
    if len(targets) > 1:
        raise W3CError(f"{len(targets)} targets; reader annotates one text at a time")
    target = targets[0]
    if isinstance(target, str):
        raise W3CError("target is a bare IRI without a selector; reader needs a text span")
    if not isinstance(target, dict):
        raise W3CError(f"target must be an object, not {_kind(target)}")
    return target


def _source(target: dict[str, Any]) -> str:
    """The target's source IRI, given as a string or as a resource object with ``id``."""
    source = target.get("source")
    if isinstance(source, dict):
        return _string(source, "id", "target source")
    return _string(target, "source", "target")


def _selectors(target: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    selectors = _as_list(target.get("selector"))
    if not selectors:
        raise W3CError("target has no 'selector'")
    found_quote: dict[str, Any] | None = None
    found_position: dict[str, Any] | None = None
    for selector in selectors:
        if not isinstance(selector, dict):
            raise W3CError(f"a selector must be an object, not {_kind(selector)}")
        if has_type(selector, "TextQuoteSelector") and found_quote is None:
            found_quote = selector
        elif has_type(selector, "TextPositionSelector") and found_position is None:
            found_position = selector
    if found_quote is None and found_position is None:
        raise W3CError("target has no TextQuoteSelector or TextPositionSelector")
    return found_quote, found_position


def _bodies(obj: dict[str, Any], motivations: list[str]) -> tuple[tuple[str, ...], str, str]:
    """Tags, note and speaker from the bodies: ``tagging`` bodies are tags, an
    ``identifying`` text body names the quote's speaker, other text is the note."""
    tags: list[str] = []
    notes: list[str] = []
    speaker = ""
    for body in _as_list(obj.get("body")):
        if isinstance(body, str):  # an IRI body: a semantic tag or a link
            (tags if "tagging" in motivations else notes).append(body)
            continue
        if not isinstance(body, dict):
            raise W3CError(f"a body must be an object or an IRI, not {_kind(body)}")
        purposes = _types(body.get("purpose")) or motivations
        value = body.get("value")
        if value is None:
            if isinstance(body.get("id"), str):  # a linked resource, not text
                (tags if "tagging" in purposes else notes).append(body["id"])
            continue
        if not isinstance(value, str):
            raise W3CError(f"a body's 'value' must be a string, not {_kind(value)}")
        if "identifying" in purposes and "tagging" not in purposes:
            speaker = value.strip()
            continue
        (tags if "tagging" in purposes else notes).append(value)
    return normalize_tags(tags), "\n\n".join(notes), speaker


def _creator(obj: dict[str, Any]) -> str:
    """The note's author from ``creator``: a Person's ``nickname`` or ``name``, or a
    plain string (a name or an IRI); the first of several that names someone."""
    for creator in _as_list(obj.get("creator")):
        if isinstance(creator, str):
            value: Any = creator
        elif isinstance(creator, dict):
            value = creator.get("nickname") or creator.get("name") or ""
        else:
            raise W3CError(f"'creator' must be an object or a string, not {_kind(creator)}")
        if not isinstance(value, str):
            raise W3CError(f"the creator's name must be a string, not {_kind(value)}")
        if value.strip():
            return " ".join(value.split())
    return ""


def annotation_from_w3c(obj: Any, *, now: str) -> Parsed:
    """Parse one W3C annotation; raise :class:`W3CError` naming the problem.

    Missing ``created`` becomes ``now``; missing ``modified`` becomes ``created``.
    A missing ``id`` is derived from the annotation's content, so importing the
    same foreign file twice still skips what is already there.
    """
    if not isinstance(obj, dict):
        raise W3CError(f"an annotation must be a JSON object, not {_kind(obj)}")
    if not has_type(obj, "Annotation"):
        raise W3CError("not of type 'Annotation'")
    target = _target(obj)
    source = _string(obj, PATH, "annotation", default="") or uri_to_path(_source(target))
    quote_sel, position = _selectors(target)
    exact = prefix = suffix = ""
    if quote_sel is not None:
        exact = _string(quote_sel, "exact", "TextQuoteSelector")
        prefix = _string(quote_sel, "prefix", "TextQuoteSelector", default="")
        suffix = _string(quote_sel, "suffix", "TextQuoteSelector", default="")
        if not exact:
            raise W3CError("TextQuoteSelector has an empty 'exact'")
    start = end = 0
    if position is not None:
        start = _integer(position, "start", "TextPositionSelector")
        end = _integer(position, "end", "TextPositionSelector")
        if end <= start:
            raise W3CError(f"TextPositionSelector: end {end} is not after start {start}")
    motivations = _types(obj.get("motivation"))
    tags, note, corrected_speaker = _bodies(obj, motivations)
    created = _timestamp(obj, "created", now)
    modified = _timestamp(obj, "modified", created)
    ann_id = obj.get("id")
    if ann_id is None:
        canonical = json.dumps(obj, sort_keys=True, ensure_ascii=False)
        ann_id = f"urn:uuid:{uuid.uuid5(_COLLECTION_NS, canonical)}"
    elif not isinstance(ann_id, str) or not ann_id:
        raise W3CError(f"'id' must be a non-empty string, not {_kind(ann_id)}")
    fingerprint = _string(obj, FINGERPRINT, "annotation", default="")
    title = _string(obj, TITLE, "annotation", default="")
    speaker = obj.get(SPEAKER)
    if speaker is not None and not isinstance(speaker, str):
        raise W3CError(f"{SPEAKER!r} must be a string, not {_kind(speaker)}")
    orphaned = obj.get(ORPHANED, False)
    if not isinstance(orphaned, bool):
        raise W3CError(f"{ORPHANED!r} must be true or false, not {_kind(orphaned)}")
    annotation = Annotation(
        id=ann_id,
        fingerprint=fingerprint,
        source=source,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        tags=tags,
        note=note,
        created=created,
        modified=modified,
        orphaned=orphaned,
        title=title,
        speaker=speaker,
        corrected_speaker=corrected_speaker,
        author=_creator(obj),
    )
    return Parsed(
        annotation,
        ours=FINGERPRINT in obj,
        has_position=position is not None,
        has_quote=quote_sel is not None,
    )
