"""The ``reader analyze`` contract that scripts and the scorer rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main

ARTICLE = (
    "Minister quits\n\n"
    "KEN Livingstone has resigned from the Labour Party, saying the row had become a "
    '"distraction".\n\n'
    "READ MORE: Livingstone resignation not enough\n\n"
    '"I am sorry," said Mr Livingstone in London.\n'
)
QUOTE_KEYS = {
    "start",
    "end",
    "text",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_confidence",
}
ENTITY_KEYS = {"start", "end", "text", "label", "canonical"}


def _write(tmp_path: Path, name: str, text: str, newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def _check_record(record: dict, source: str, text: str) -> None:
    assert set(record) == {
        "source",
        "title",
        "author",
        "published",
        "url",
        "text",
        "quotes",
        "entities",
        "boilerplate",
    }
    assert record["source"] == source
    assert record["text"] == text
    for quote in record["quotes"]:
        assert set(quote) == QUOTE_KEYS
        assert text[quote["start"] : quote["end"]] == quote["text"]
        if quote["speaker_start"] is not None:
            assert 0 <= quote["speaker_start"] < quote["speaker_end"] <= len(text)
        assert 0.0 <= quote["speaker_confidence"] <= 1.0
    for entity in record["entities"]:
        assert set(entity) == ENTITY_KEYS
        assert text[entity["start"] : entity["end"]] == entity["text"]
    for start, end in record["boilerplate"]:
        assert 0 <= start < end <= len(text)


def test_jsonl_is_one_valid_record_per_file(tmp_path, capsys) -> None:
    first = _write(tmp_path, "a.txt", ARTICLE)
    second = _write(tmp_path, "b.txt", "Angela Merkel visited Paris on Monday.\n")
    assert main(["analyze", "--format", "jsonl", str(first), str(second)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    _check_record(records[0], str(first), ARTICLE)
    _check_record(records[1], str(second), "Angela Merkel visited Paris on Monday.\n")


def test_record_content_matches_the_article(tmp_path, capsys) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    main(["analyze", "--format", "jsonl", str(path)])
    record = json.loads(capsys.readouterr().out)
    people = {e["canonical"] for e in record["entities"] if e["label"] == "PERSON"}
    assert people == {"Ken Livingstone"}
    assert [record["text"][s:e] for s, e in record["boilerplate"]] == [
        "READ MORE: Livingstone resignation not enough"
    ]
    bp_start, bp_end = record["boilerplate"][0]
    assert all(e["end"] <= bp_start or e["start"] >= bp_end for e in record["entities"])
    assert any(q["text"] == '"I am sorry,"' for q in record["quotes"])


def test_crlf_file_gives_lf_text_and_matching_offsets(tmp_path, capsys) -> None:
    path = _write(tmp_path, "crlf.txt", ARTICLE, newline="\r\n")
    assert main(["analyze", "--format", "jsonl", str(path)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert "\r" not in record["text"]
    _check_record(record, str(path), ARTICLE)


def test_json_is_one_document_for_one_file_and_a_list_for_several(tmp_path, capsys) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    main(["analyze", "--format", "json", str(path)])
    single = json.loads(capsys.readouterr().out)
    assert isinstance(single, dict)
    _check_record(single, str(path), ARTICLE)
    main(["analyze", "--format", "json", str(path), str(path)])
    several = json.loads(capsys.readouterr().out)
    assert isinstance(several, list) and len(several) == 2
    assert several[0] == single


def test_json_is_the_default_format(tmp_path, capsys) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    main(["analyze", str(path)])
    assert isinstance(json.loads(capsys.readouterr().out), dict)


def test_bad_file_is_reported_once_and_the_others_still_processed(tmp_path, capsys) -> None:
    good = _write(tmp_path, "good.txt", ARTICLE)
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    code = main(["analyze", "--format", "jsonl", str(missing), str(good), str(binary)])
    captured = capsys.readouterr()
    assert code == 1
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["source"] for r in records] == [str(good)]
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2
    assert "missing.txt" in errors[0] and errors[0].startswith("reader: ")
    assert "binary.txt" in errors[1]


def test_table_shows_grouped_entities_and_speakers(tmp_path, capsys) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    assert main(["analyze", "--format", "table", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Ken Livingstone" in out
    row = next(line for line in out.splitlines() if "Ken Livingstone" in line and "PERSON" in line)
    # "KEN Livingstone" and "Mr Livingstone"; the READ MORE line does not count
    assert row.split()[row.split().index("PERSON") + 1] == "2"
    assert "Labour Party" in out


def test_table_never_interprets_article_text_as_markup(tmp_path, capsys) -> None:
    text = '[bold]Alert[/bold] "[red]Danger[/red]," said [link=x]Jo Smith[/link].\n'
    path = _write(tmp_path, "markup.txt", text)
    assert main(["analyze", "--format", "table", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[red]Danger[/red]" in out
    assert "[bold]Alert[/bold]" in out


def test_unknown_backend_is_a_one_line_error(tmp_path, capsys) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    code = main(["analyze", "--backend", "nonsense", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "nonsense" in err


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table"])
def test_text_without_names_gives_empty_lists(tmp_path, capsys, fmt) -> None:
    path = _write(tmp_path, "plain.txt", "nothing here is worth a second look.\n")
    assert main(["analyze", "--format", fmt, str(path)]) == 0
    out = capsys.readouterr().out
    if fmt == "table":
        assert "0 quotes, 0 entity mentions" in out
    else:
        record = json.loads(out)
        assert (record["quotes"], record["entities"], record["boilerplate"]) == ([], [], [])


def test_a_plain_file_has_no_author_date_or_url(tmp_path, capsys) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    main(["analyze", "--format", "jsonl", str(path)])
    record = json.loads(capsys.readouterr().out)
    assert (record["author"], record["published"], record["url"]) == (None, None, None)


def test_explain_adds_the_evidence_for_each_speaker(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    assert main(["analyze", str(path), "--explain"]) == 0
    record = json.loads(capsys.readouterr().out)
    said = next(q for q in record["quotes"] if q["text"] == '"I am sorry,"')
    assert said["speaker"] == "Ken Livingstone"
    evidence = said["speaker_evidence"]
    mention = evidence["mention"]
    assert ARTICLE[mention["start"] : mention["end"]] == mention["text"] == "Mr Livingstone"
    assert evidence["rule"] == {"speaker": "Ken Livingstone", "stage": "tag", "pattern": "after"}
    assert evidence["decided_by"] and all(
        {"feature", "weight"} == set(d) for d in evidence["decided_by"]
    )
    assert all(a["speaker"] != "Ken Livingstone" for a in evidence["alternatives"])
    assert all(0 <= a["score"] <= evidence["score"] for a in evidence["alternatives"])
    assert evidence["sequence"] is False  # news is ranked quote by quote


def test_without_explain_there_is_no_evidence(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    assert main(["analyze", str(path)]) == 0
    quotes = json.loads(capsys.readouterr().out)["quotes"]
    assert quotes and all("speaker_evidence" not in q for q in quotes)


def test_a_tagged_quote_is_more_certain_than_an_untagged_one(tmp_path: Path, capsys) -> None:
    text = (
        'The minister said: "We will build the bridge next year."\n\n'
        'Critics were unconvinced. "Nobody believes that."\n'
    )
    path = _write(tmp_path, "a.txt", text)
    assert main(["analyze", str(path)]) == 0
    tagged, untagged = json.loads(capsys.readouterr().out)["quotes"]
    assert tagged["speaker_confidence"] > untagged["speaker_confidence"]
