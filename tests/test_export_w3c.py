"""W3C Web Annotation JSON export: golden file, model shape, our extras.

Also home of the fixed sample annotations every export test and golden file uses
(real offsets in the sample article, fixed ids and dates, awkward notes).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from reader.article.loading import load_article
from reader.export import export_annotations
from reader.export.w3c import (
    ANNO_CONTEXT,
    READER_NS,
    annotation_from_w3c,
    path_to_uri,
    uri_to_path,
)
from reader.notes.annotations import Annotation, make_annotation

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_articles" / "livingstone-resigns.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"
SOURCE = "/articles/livingstone-resigns.txt"
"""A fixed, machine-independent source path, so golden files are portable."""
TITLE = 'Ken Livingstone quits Labour: "a distraction"'
NOW = "2024-06-01T12:00:00Z"


def sample_text() -> str:
    return load_article(SAMPLE).text


def sample_annotations() -> list[Annotation]:
    """Six annotations covering every motivation, orphans, speakers and hard text."""
    article = load_article(SAMPLE)
    text = article.text

    def at(
        exact: str,
        n: int,
        created: str,
        modified: str | None = None,
        **kw: object,
    ) -> Annotation:
        start = text.index(exact)
        ann = make_annotation(
            text,
            start,
            start + len(exact),
            fingerprint=article.fingerprint,
            source=SOURCE,
            title=TITLE,
            **kw,  # type: ignore[arg-type]
        )
        return replace(
            ann,
            id=f"urn:uuid:00000000-0000-4000-8000-00000000000{n}",
            created=created,
            modified=modified or created,
        )

    return [
        at(
            "distraction",
            1,
            "2024-05-01T09:00:00Z",
            "2024-05-02T10:30:00Z",
            tags=("red ken", "Labour party"),
            note='He calls it a "distraction", not a scandal, again.\n'
            "Second line: *stars*, _under_, <b>html</b> & [link](x).",
        ),
        at(
            "I am loyal to the Labour Party and to Jeremy Corbyn.",
            2,
            "2024-05-01T09:05:00Z",
            tags=("quotes",),
            speaker="Ken Livingstone",
            note="# not a heading\n- not a list\n1. not a list either\n> not a quote\n\n"
            "`code` ==highlight== $5 and $6 %%comment%% #hashtag",
        ),
        at(
            "truly sorry",
            3,
            "2024-05-01T09:10:00Z",
            tags=("日本語", "ελληνικά tag"),
            note="Ελληνικά: συγγνώμη; 日本語：本当に申し訳ない; عربي: آسف جدا",
        ),
        at("Good riddance Ken.", 4, "2024-05-03T18:45:00Z"),
        replace(
            at(
                "disciplinary action",
                5,
                "2024-05-02T08:00:00Z",
                tags=("=cmd|' /C calc'!A0", "a;b\\c"),
                note='=HYPERLINK("http://example.com/x","click")\n+1, -2, @SUM(A1)',
            ),
            orphaned=True,
        ),
        at("Jim Murphy", 6, "2024-05-02T08:30:00Z", tags=("people/Jim Murphy",)),
    ]


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` to ``tests/golden/name`` byte for byte.

    ``READER_UPDATE_GOLDEN=1 pytest`` rewrites the file instead; review the diff.
    """
    path = GOLDEN / name
    data = text.encode("utf-8")
    if os.environ.get("READER_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {name}; run with READER_UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"export differs from golden/{name}"


def test_sample_offsets_are_real() -> None:
    text = sample_text()
    for ann in sample_annotations():
        assert text[ann.start : ann.end] == ann.exact
        assert text[ann.start - len(ann.prefix) : ann.start] == ann.prefix


def test_json_matches_golden_file() -> None:
    check_golden("sample.json", export_annotations(sample_annotations(), "json", now=NOW))


def collection() -> dict:
    return json.loads(export_annotations(sample_annotations(), "json", now=NOW))


def test_collection_shape_follows_the_model() -> None:
    doc = collection()
    assert doc["@context"][0] == ANNO_CONTEXT
    assert doc["@context"][1] == {"reader": READER_NS}
    assert doc["type"] == "AnnotationCollection"
    assert doc["id"].startswith("urn:uuid:")
    assert doc["total"] == 6
    page = doc["first"]
    assert page["type"] == "AnnotationPage"
    assert page["startIndex"] == 0
    assert [item["id"] for item in page["items"]] == [
        a.id for a in sorted(sample_annotations(), key=lambda a: a.start)
    ]


def test_collection_id_is_stable_for_the_same_annotations() -> None:
    again = json.loads(export_annotations(sample_annotations()[::-1], "json", now=NOW))
    assert collection()["id"] == again["id"]
    fewer = json.loads(export_annotations(sample_annotations()[:2], "json", now=NOW))
    assert fewer["id"] != again["id"]


def by_id(doc: dict) -> dict[str, dict]:
    return {item["id"][-1]: item for item in doc["first"]["items"]}


def test_note_and_tags_become_bodies_with_purposes() -> None:
    item = by_id(collection())["1"]
    assert item["type"] == "Annotation"
    assert item["motivation"] == "commenting"
    assert item["created"] == "2024-05-01T09:00:00Z"
    assert item["modified"] == "2024-05-02T10:30:00Z"
    note, *tags = item["body"]
    assert note == {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": sample_annotations()[0].note,
        "format": "text/plain",
    }
    assert tags == [
        {"type": "TextualBody", "purpose": "tagging", "value": "red ken"},
        {"type": "TextualBody", "purpose": "tagging", "value": "Labour party"},
    ]


def test_target_has_file_uri_quote_and_position() -> None:
    ann = sample_annotations()[0]
    target = by_id(collection())["1"]["target"]
    assert target["source"] == "file:///articles/livingstone-resigns.txt"
    quote, position = target["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "distraction",
        "prefix": ann.prefix,
        "suffix": ann.suffix,
    }
    assert position == {"type": "TextPositionSelector", "start": ann.start, "end": ann.end}


def test_motivation_follows_what_the_user_added() -> None:
    items = by_id(collection())
    assert items["4"]["motivation"] == "highlighting"
    assert "body" not in items["4"]
    assert items["6"]["motivation"] == "tagging"
    assert [b["purpose"] for b in items["6"]["body"]] == ["tagging"]


def test_reader_extras_are_namespaced() -> None:
    items = by_id(collection())
    assert items["2"]["reader:speaker"] == "Ken Livingstone"
    assert "reader:speaker" not in items["1"]
    assert items["5"]["reader:orphaned"] is True
    assert items["1"]["reader:orphaned"] is False
    assert items["1"]["reader:title"] == TITLE
    assert len(items["1"]["reader:fingerprint"]) == 64


def test_each_annotation_parses_back_exactly() -> None:
    for ann in sample_annotations():
        item = json.loads(export_annotations([ann], "json", now=NOW))["first"]["items"][0]
        assert annotation_from_w3c(item, now=NOW).annotation == ann


@pytest.mark.parametrize(
    "path",
    ["/articles/a b/ünïcode #1?.txt", "/x/100%.md", "/plain.txt"],
)
def test_file_uris_round_trip_awkward_paths(path: str) -> None:
    uri = path_to_uri(path)
    assert uri.startswith("file:///")
    assert " " not in uri and "#" not in uri[8:] and "?" not in uri
    assert uri_to_path(uri) == path


def test_empty_export_is_an_empty_collection() -> None:
    doc = json.loads(export_annotations([], "json", now=NOW))
    assert doc["total"] == 0
    assert doc["first"]["items"] == []
