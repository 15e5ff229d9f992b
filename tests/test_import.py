"""Importing W3C JSON: exact round trips, accepted shapes, foreign files, and
bad files rejected whole with one line naming the file, the item and the problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_export_w3c import NOW, SAMPLE, sample_annotations

from reader.article.loading import load_article
from reader.export import export_annotations, order_for_export
from reader.export.importer import ImportFileError, read_annotation_file
from reader.store.database import Store


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def exported_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.json"
    path.write_text(export_annotations(sample_annotations(), "json", now=NOW), encoding="utf-8")
    return path


def items(tmp_path: Path) -> list[dict[str, Any]]:
    return json.loads(exported_file(tmp_path).read_text(encoding="utf-8"))["first"]["items"]


def test_export_then_import_restores_every_field(tmp_path: Path) -> None:
    imported = read_annotation_file(exported_file(tmp_path))
    assert imported == order_for_export(sample_annotations())


def test_round_trip_through_an_empty_store_exports_the_same(tmp_path: Path) -> None:
    first = export_annotations(sample_annotations(), "json", now=NOW)
    with Store.open(str(tmp_path / "db.json")) as store:
        assert store.add_many(read_annotation_file(exported_file(tmp_path))) == 6
        again = export_annotations(store.annotations(), "json", now=NOW)
    assert again == first
    for fmt in ("markdown", "csv"):
        assert export_annotations(sample_annotations(), fmt, now=NOW) == export_annotations(
            read_annotation_file(exported_file(tmp_path)), fmt, now=NOW
        )


def test_a_plain_list_and_a_single_annotation_are_accepted(tmp_path: Path) -> None:
    listed = read_annotation_file(write_json(tmp_path / "list.json", items(tmp_path)))
    assert len(listed) == 6
    single = {"@context": "http://www.w3.org/ns/anno.jsonld", **items(tmp_path)[0]}
    one = read_annotation_file(write_json(tmp_path / "one.json", single))
    assert one == listed[:1]


def test_importing_twice_skips_ids_already_stored(tmp_path: Path) -> None:
    path = exported_file(tmp_path)
    with Store.open(str(tmp_path / "db.json")) as store:
        assert store.add_many(read_annotation_file(path)) == 6
        assert store.add_many(read_annotation_file(path)) == 0
        assert len(store.annotations()) == 6


def error_for(tmp_path: Path, data: Any) -> str:
    path = write_json(tmp_path / "bad.json", data)
    with pytest.raises(ImportFileError) as info:
        read_annotation_file(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message


def broken(tmp_path: Path, index: int, change: Any) -> list[dict[str, Any]]:
    data = items(tmp_path)
    change(data[index])
    return data


def test_missing_target_is_reported_with_its_index(tmp_path: Path) -> None:
    data = broken(tmp_path, 2, lambda item: item.pop("target"))
    assert error_for(tmp_path, data).endswith("annotation 3 of 6: no 'target'")


def test_missing_selector_is_reported(tmp_path: Path) -> None:
    data = broken(tmp_path, 0, lambda item: item["target"].pop("selector"))
    assert error_for(tmp_path, data).endswith("annotation 1 of 6: target has no 'selector'")


def test_bad_types_are_reported(tmp_path: Path) -> None:
    def text_start(item: dict[str, Any]) -> None:
        item["target"]["selector"][1]["start"] = "12"

    message = error_for(tmp_path, broken(tmp_path, 5, text_start))
    assert message.endswith(
        "annotation 6 of 6: TextPositionSelector: 'start' must be a whole number, not a string"
    )
    message = error_for(tmp_path, broken(tmp_path, 1, lambda i: i.update(body=[{"value": 3}])))
    assert "annotation 2 of 6: a body's 'value' must be a string, not a number" in message
    message = error_for(tmp_path, broken(tmp_path, 1, lambda i: i.update(created="yesterday")))
    assert "annotation 2 of 6: 'created' is not an ISO 8601 date-time" in message


def test_not_json_and_wrong_shapes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"notes\.json: not valid JSON \(line 1, column 2"):
        read_annotation_file(path)
    assert "expected a W3C annotation" in error_for(tmp_path, {"hello": "world"})
    assert "expected a W3C annotation" in error_for(tmp_path, 42)
    assert "annotation 1 of 1: not of type 'Annotation'" in error_for(tmp_path, [{"id": "x"}])
    with pytest.raises(ImportFileError, match=r"missing\.json: no such file"):
        read_annotation_file(tmp_path / "missing.json")


def test_a_truncated_collection_is_refused(tmp_path: Path) -> None:
    doc = json.loads(exported_file(tmp_path).read_text(encoding="utf-8"))
    doc["first"]["items"].pop()
    assert "says it holds 6 annotations but 5 are embedded" in error_for(tmp_path, doc)


def test_the_same_id_twice_in_one_file_is_refused(tmp_path: Path) -> None:
    data = items(tmp_path)
    data.append(dict(data[0]))
    assert "annotation 7 of 7: id urn:uuid:" in error_for(tmp_path, data)


def test_a_bad_file_imports_nothing(tmp_path: Path) -> None:
    data = broken(tmp_path, 5, lambda item: item["target"].pop("source"))
    db = str(tmp_path / "db.json")
    with Store.open(db) as store:
        store.add_many(sample_annotations()[:1])
    with pytest.raises(ImportFileError, match="annotation 6 of 6: target has no 'source'"):
        read_annotation_file(write_json(tmp_path / "bad.json", data))
    with Store.open(db) as store:
        assert [a.id for a in store.annotations()] == [sample_annotations()[0].id]


def foreign(source: str, **target: Any) -> dict[str, Any]:
    """An annotation as another tool would write it: no reader: extras."""
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno/1",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "A note from elsewhere"},
        "target": {"source": source, **target},
    }


QUOTE = {"type": "TextQuoteSelector", "exact": "truly sorry"}


def test_foreign_annotation_takes_fingerprint_and_title_from_its_file(tmp_path: Path) -> None:
    article_path = tmp_path / "article.txt"
    shutil.copy(SAMPLE, article_path)
    article = load_article(article_path)
    start = article.text.index("truly sorry")
    position = {"type": "TextPositionSelector", "start": start, "end": start + 11}
    data = foreign(article_path.as_uri(), selector=[QUOTE, position])
    (ann,) = read_annotation_file(write_json(tmp_path / "foreign.json", data), now=NOW)
    assert ann.id == "http://example.org/anno/1"
    assert ann.note == "A note from elsewhere"
    assert ann.fingerprint == article.fingerprint
    assert ann.title == article.title
    assert ann.source == str(article.path)
    assert ann.prefix == article.text[start - 32 : start]
    assert ann.created == ann.modified == NOW
    assert not ann.orphaned


def test_foreign_quote_without_position_is_located_in_the_file(tmp_path: Path) -> None:
    article_path = tmp_path / "article.txt"
    shutil.copy(SAMPLE, article_path)
    data = foreign(article_path.as_uri(), selector=QUOTE)
    (ann,) = read_annotation_file(write_json(tmp_path / "foreign.json", data))
    text = load_article(article_path).text
    assert text[ann.start : ann.end] == "truly sorry"
    assert ann.fingerprint == load_article(article_path).fingerprint


def test_foreign_annotation_on_an_unknown_source_keeps_the_source(tmp_path: Path) -> None:
    data = foreign("https://example.org/story", selector=QUOTE)
    (ann,) = read_annotation_file(write_json(tmp_path / "foreign.json", data))
    assert ann.source == "https://example.org/story"
    assert ann.fingerprint == ""
    assert ann.exact == "truly sorry"
    assert ann.orphaned  # no position and no text to find it in: shown, not lost


def test_foreign_source_may_be_a_resource_object(tmp_path: Path) -> None:
    data = foreign("", selector=QUOTE)
    data["target"]["source"] = {"id": "https://example.org/story", "type": "Text"}
    (ann,) = read_annotation_file(write_json(tmp_path / "foreign.json", data))
    assert ann.source == "https://example.org/story"


def test_foreign_position_without_quote_needs_the_file(tmp_path: Path) -> None:
    position = {"type": "TextPositionSelector", "start": 1, "end": 5}
    message = error_for(tmp_path, foreign("file:///nowhere/gone.txt", selector=position))
    assert "annotation 1 of 1: a TextPositionSelector alone needs the article file" in message


def test_foreign_tagging_bodies_without_purpose_become_tags(tmp_path: Path) -> None:
    data = foreign("https://example.org/story", selector=QUOTE)
    data["motivation"] = "tagging"
    data["body"] = [{"type": "TextualBody", "value": "red ken"}, "http://example.org/tag/x"]
    (ann,) = read_annotation_file(write_json(tmp_path / "foreign.json", data))
    assert ann.tags == ("red ken", "http://example.org/tag/x")
    assert ann.note == ""
