"""The library's corpus lists as data: who said what, who is mentioned, every note."""

from __future__ import annotations

from pathlib import Path

from conftest import article_file, note_on

from reader.analysis.model import Analysis, Entity, Quote
from reader.view.corpus_index import (
    CorpusItem,
    entity_hits,
    entity_rows,
    matches,
    note_rows,
    speaker_hits,
    speaker_rows,
)


def _item(tmp_path: Path, name: str, text: str, quotes, entities=(), notes=()) -> CorpusItem:
    article = article_file(tmp_path, text, name)
    return CorpusItem(article, Analysis(tuple(quotes), tuple(entities)), tuple(notes))


def test_speakers_count_quotes_and_articles_and_list_their_quotes_in_order(
    tmp_path: Path,
) -> None:
    text = '"One," said Ann. "Two," said Bob. "Three," said Ann.\n'
    a = _item(
        tmp_path,
        "a.txt",
        text,
        [
            Quote(0, 6, '"One,"', "Ann"),
            Quote(17, 23, '"Two,"', "Bob"),
            Quote(34, 42, '"Three,"', "Ann"),
        ],
    )
    b = _item(
        tmp_path,
        "b.txt",
        '"Four," said Bob.\n',
        [Quote(0, 7, '"Four,"', "Bob"), Quote(0, 7, "x", None)],
    )
    rows = speaker_rows([a, b])
    assert [(r.name, r.quotes, r.articles) for r in rows] == [("Ann", 2, 1), ("Bob", 2, 2)]
    assert [h.text for h in speaker_hits([a, b], "Bob")] == ['"Two,"', '"Four,"']
    assert speaker_hits([a, b], "Bob")[1].article is b.article


def test_a_correction_moves_a_quote_to_the_corrected_speaker(tmp_path: Path) -> None:
    text = '"One," said Ann.\n'
    article = article_file(tmp_path, text, "a.txt")
    fix = note_on(article, '"One,"', corrected_speaker="Cy")
    item = CorpusItem(article, Analysis((Quote(0, 6, '"One,"', "Ann"),)), (fix,))
    assert [(r.name, r.quotes) for r in speaker_rows([item])] == [("Cy", 1)]


def test_entities_group_by_canonical_name_and_kind_most_mentioned_first(tmp_path: Path) -> None:
    text = "Ann Lee met Lee at Acme in Paris. Acme grew.\n"
    ents = [
        Entity(0, 7, "Ann Lee", "PERSON", "Ann Lee"),
        Entity(12, 15, "Lee", "PERSON", "Ann Lee"),
        Entity(19, 23, "Acme", "ORG", "Acme"),
        Entity(27, 32, "Paris", "GPE", "Paris"),
        Entity(34, 38, "Acme", "ORG", "Acme"),
        Entity(0, 4, "2024", "DATE", "2024"),
    ]
    item = _item(tmp_path, "a.txt", text, [], ents)
    rows = entity_rows([item])
    assert [(r.name, r.kind, r.mentions) for r in rows] == [
        ("Acme", "organisation", 2),
        ("Ann Lee", "person", 2),
        ("Paris", "place", 1),
    ]
    assert [h.text for h in entity_hits([item], "Ann Lee", "person")] == ["Ann Lee", "Lee"]


def test_notes_are_listed_by_article_title_with_their_article_when_known(tmp_path: Path) -> None:
    from dataclasses import replace

    art = article_file(tmp_path)
    late = replace(note_on(art, "disagreed"), title="B")
    early = replace(note_on(art, "council"), title="A")
    rows = note_rows([late, early], [art])
    assert [r.note.id for r in rows] == [early.id, late.id]
    assert rows[0].article is art
    assert note_rows([late], [])[0].article is None


def test_a_filter_needs_every_word_anywhere_ignoring_case() -> None:
    assert matches("murphy jim", "Jim Murphy", "3")
    assert not matches("murphy ken", "Jim Murphy")
    assert matches("", "anything")
