"""The ``reader quotes`` and ``reader entities`` contract: rows, fields, filters, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SAMPLE, SAMPLES, note_on

import reader.analysis
from reader.analysis import analyze
from reader.article.loading import load_article
from reader.cli.main import main
from reader.corpus.quotes import QUOTE_FIELDS

RAIL = (
    "Labour row deepens over rail plan\n\n"
    'Jeremy Corbyn, the Labour leader, said on Monday: "We will bring the railways back '
    'into public hands."\n\n'
    'The Transport Secretary, Grant Shapps, called the plan "a fantasy" and said it would '
    "cost billions.\n\n"
    '"Every passenger deserves a railway that works," Corbyn told supporters in Leeds.\n'
)
"""A full name, then the surname alone: "corbyn" must find Jeremy Corbyn."""
FERRY = (
    "=HYPERLINK(A1) ferry deal\n\n"
    'Fiona MacLeod, the council leader, said: "We had three serious bids and looked at '
    'every one of them in Gdansk."\n\n'
    '"Islanders have waited too long already," said Ms MacLeod.\n'
)
"""A title a spreadsheet would run as a formula."""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "rail.txt").write_text(RAIL, encoding="utf-8")
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    return folder


def _jsonl(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main(["quotes", *args, "--format", "jsonl"])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_one_row_per_quote_with_exactly_the_fields(corpus: Path, capsys) -> None:
    code, rows, err = _jsonl(capsys, str(corpus))
    assert (code, err) == (0, "")
    expected = []
    for path in sorted(corpus.iterdir()):
        article = load_article(path)
        expected += [(str(path), article, q) for q in analyze(article.text).quotes]
    assert len(rows) == len(expected) == 5
    for row, (source, article, quote) in zip(rows, expected, strict=True):
        assert list(row) == list(QUOTE_FIELDS)
        assert row["source"] == source and row["title"] == article.title
        assert row["published"] is None
        assert (row["start"], row["end"], row["text"]) == (quote.start, quote.end, quote.text)
        assert article.text[row["start"] : row["end"]] == row["text"]
        assert (row["speaker"], row["speaker_confidence"]) == (
            quote.speaker,
            quote.speaker_confidence,
        )


def test_a_surname_finds_a_speaker_the_article_only_names_in_full(tmp_path: Path, capsys) -> None:
    story = tmp_path / "speech.txt"
    story.write_text(
        'Labour leader speaks\n\n"We will bring the railways home," said Jeremy Corbyn.\n',
        encoding="utf-8",
    )
    assert not any(e.text == "Corbyn" for e in analyze(story.read_text()).entities)
    _, rows, _ = _jsonl(capsys, str(story), "--speaker", "corbyn")
    assert [(r["speaker"], r["text"]) for r in rows] == [
        ("Jeremy Corbyn", '"We will bring the railways home,"')
    ]


def test_a_surname_finds_the_full_name(corpus: Path, capsys) -> None:
    assert any(  # the premise: the article calls him "Corbyn", grouped under his full name
        e.text == "Corbyn" and e.canonical == "Jeremy Corbyn" and e.label == "PERSON"
        for e in analyze(RAIL).entities
    )
    _, rows, _ = _jsonl(capsys, str(corpus), "--speaker", "corbyn")
    assert [r["text"] for r in rows] == [
        '"We will bring the railways back into public hands."',
        '"Every passenger deserves a railway that works,"',
    ]
    assert {r["speaker"] for r in rows} == {"Jeremy Corbyn"}
    _, rows, _ = _jsonl(capsys, str(corpus), "--speaker", "JEREMY  corbyn")
    assert len(rows) == 2
    _, rows, _ = _jsonl(capsys, str(corpus), "--speaker", "jeremy")
    assert rows == []  # not a name the article writes


def test_entity_keeps_the_articles_that_mention_it(corpus: Path, capsys) -> None:
    _, rows, _ = _jsonl(capsys, str(corpus), "--entity", "gdansk")
    assert {r["source"] for r in rows} == {str(corpus / "ferry.txt")}
    assert len(rows) == 2  # both quotes of the article, not only the one naming it
    _, rows, _ = _jsonl(capsys, str(corpus), "--entity", "corbyn")
    assert {r["source"] for r in rows} == {str(corpus / "rail.txt")}
    _, rows, _ = _jsonl(capsys, str(corpus), "--entity", "Atlantis")
    assert rows == []


def test_search_is_a_substring_ignoring_case(corpus: Path, capsys) -> None:
    _, rows, _ = _jsonl(capsys, str(corpus), "--search", "RAILWAY")
    assert [r["text"] for r in rows] == [
        '"We will bring the railways back into public hands."',
        '"Every passenger deserves a railway that works,"',
    ]


def test_min_confidence(corpus: Path, capsys) -> None:
    _, everything, _ = _jsonl(capsys, str(corpus), str(SAMPLE))
    levels = sorted({r["speaker_confidence"] for r in everything})
    assert len(levels) >= 3  # the premise: some quotes are surer than others
    cut = str(levels[-2])
    _, rows, _ = _jsonl(capsys, str(corpus), str(SAMPLE), "--min-confidence", cut)
    assert rows == [r for r in everything if r["speaker_confidence"] >= levels[-2]]
    assert 0 < len(rows) < len(everything)
    _, rows, _ = _jsonl(capsys, str(corpus), "--min-confidence", "1")
    assert rows == []
    with pytest.raises(SystemExit):
        main(["quotes", str(corpus), "--min-confidence", "1.5"])


def test_filters_combine(corpus: Path, capsys) -> None:
    _, rows, _ = _jsonl(capsys, str(corpus), "--speaker", "corbyn", "--search", "passenger")
    assert [r["text"] for r in rows] == ['"Every passenger deserves a railway that works,"']


def test_a_speaker_set_in_the_app_shows(corpus: Path, tmp_path: Path, capsys) -> None:
    from reader.store.database import Store

    article = load_article(corpus / "rail.txt")
    fantasy = '"a fantasy"'
    db = tmp_path / "notes.json"
    with Store(db) as store:
        store.add(note_on(article, fantasy, corrected_speaker="Keir Starmer"))
        store.add(note_on(article, "public hands", tags=("rail",)))  # a plain note
    _, rows, _ = _jsonl(capsys, str(corpus), "--db", str(db))
    by_text = {r["text"]: r for r in rows}
    assert (by_text[fantasy]["speaker"], by_text[fantasy]["speaker_confidence"]) == (
        "Keir Starmer",
        1.0,
    )
    others = [r for r in rows if r["text"] != fantasy]
    assert all(r["speaker"] != "Keir Starmer" for r in others)
    _, rows, _ = _jsonl(capsys, str(corpus), "--db", str(db), "--speaker", "keir starmer")
    assert [r["text"] for r in rows] == [fantasy]
    _, rows, _ = _jsonl(capsys, str(corpus), "--db", str(db), "--speaker", "shapps")
    assert rows == []  # the analysis's answer no longer counts
    main(["quotes", str(corpus), "--db", str(db), "--search", "fantasy"])
    assert "✓ Keir Starmer" in capsys.readouterr().out


def test_no_database_is_created(corpus: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "none" / "reader.json"
    assert main(["quotes", str(corpus), "--db", str(db)]) == 0
    assert not db.exists()


def test_csv(corpus: Path, capsys) -> None:
    _, rows, _ = _jsonl(capsys, str(corpus))
    assert main(["quotes", str(corpus), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(",".join(QUOTE_FIELDS) + "\r\n")
    parsed = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(parsed) == len(rows)
    for cells, row in zip(parsed, rows, strict=True):
        assert cells["text"] == row["text"]
        assert cells["start"] == str(row["start"])
        assert cells["published"] == ""
        if row["title"].startswith("="):
            assert cells["title"] == "'" + row["title"]  # inert in a spreadsheet
        else:
            assert cells["title"] == row["title"]
    assert any(c["title"].startswith("'=HYPERLINK") for c in parsed)


def test_table_fits_the_terminal_and_shows_controls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "escape.txt"
    path.write_text(
        'Headline\n\nAnn Lee said: "Look \x1b[31mred\x1b[0m here, and at this very long '
        'sentence that goes on and on past any terminal width anyone would use."\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["quotes", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Speaker", "Conf", "Article", "Quote"]
    assert len(lines) == 2
    assert all(len(line) <= 60 for line in lines)
    assert "\x1b" not in lines[1] and "␛" in lines[1]
    assert lines[1].startswith("Ann Lee") and lines[1].endswith("…")


def test_a_file_that_fails_is_one_line_and_the_others_go_on(corpus: Path, capsys) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    code, rows, err = _jsonl(capsys, str(corpus), str(corpus / "missing.txt"))
    assert code == 1
    assert len(rows) == 5
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"reader: {corpus / 'broken.txt'}: ")
    assert lines[1].startswith(f"reader: {corpus / 'missing.txt'}: ")


def test_a_folder_named_twice_is_read_once(corpus: Path, capsys) -> None:
    _, rows, _ = _jsonl(capsys, str(corpus), str(corpus) + "/", str(corpus / "rail.txt"))
    assert len(rows) == 5


def test_recursive(corpus: Path, capsys) -> None:
    sub = corpus / "more"
    sub.mkdir()
    (sub / "again.txt").write_text(RAIL.replace("Leeds", "York"), encoding="utf-8")
    _, rows, _ = _jsonl(capsys, str(corpus))
    assert len(rows) == 5
    _, rows, _ = _jsonl(capsys, str(corpus), "-r")
    assert len(rows) == 8


def test_a_second_run_does_not_analyse(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _, first, _ = _jsonl(capsys, str(corpus))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(reader.analysis, "analyze", refuse)
    code, again, err = _jsonl(capsys, str(corpus))
    assert (code, err) == (0, "")
    assert again == first


# ------------------------------------------------------------------ entities


def _entities(capsys, *args: str) -> list[dict]:
    assert main(["entities", *args, "--format", "jsonl"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_entities_count_articles_and_mentions(corpus: Path, capsys) -> None:
    (corpus / "rail-2.txt").write_text(RAIL.replace("Leeds", "York"), encoding="utf-8")
    rows = _entities(capsys, str(corpus))
    assert all(list(r) == ["canonical", "label", "articles", "mentions"] for r in rows)
    by_key = {(r["canonical"], r["label"]): r for r in rows}
    corbyn = by_key["Jeremy Corbyn", "PERSON"]
    assert (corbyn["articles"], corbyn["mentions"]) == (2, 4)  # full name + surname, twice
    assert by_key["Leeds", "GPE"]["articles"] == 1
    expected = {}
    for path in corpus.iterdir():
        for e in analyze(load_article(path).text).entities:
            expected[e.canonical, e.label] = expected.get((e.canonical, e.label), 0) + 1
    assert {k: r["mentions"] for k, r in by_key.items()} == expected
    order = [(-r["mentions"], r["canonical"].casefold()) for r in rows]
    assert order == sorted(order)


def test_entities_by_label(corpus: Path, capsys) -> None:
    rows = _entities(capsys, str(corpus), "--label", "person")
    assert rows and {r["label"] for r in rows} == {"PERSON"}
    assert "Jeremy Corbyn" in {r["canonical"] for r in rows}


def test_entities_as_csv_and_table(corpus: Path, monkeypatch, capsys) -> None:
    rows = _entities(capsys, str(corpus))
    assert main(["entities", str(corpus), "--format", "csv"]) == 0
    parsed = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [(c["canonical"], int(c["mentions"])) for c in parsed] == [
        (r["canonical"], r["mentions"]) for r in rows
    ]
    monkeypatch.setenv("COLUMNS", "70")
    assert main(["entities", str(corpus)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Entity", "Label", "Articles", "Mentions"]
    assert len(lines) == len(rows) + 1
    assert lines[1].split()[-2:] == [str(rows[0]["articles"]), str(rows[0]["mentions"])]


def test_the_samples_work(capsys) -> None:
    assert main(["quotes", str(SAMPLES), "--speaker", "livingstone", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["speaker"] for r in rows} == {"Ken Livingstone"}
