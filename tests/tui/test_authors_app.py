"""A team on one database: the Notes list says whose each note is; new notes are signed."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE, open_reader, reader_screen, screen_lines, settle

from reader.article.loading import load_article
from reader.notes.annotations import make_annotation
from reader.store.database import Store


async def test_alices_note_says_alice_and_bobs_new_note_is_stored_as_bobs(
    tmp_path: Path,
) -> None:
    db = tmp_path / "notes.json"
    article = load_article(SAMPLE)
    start = article.text.index("He stressed")
    with Store(db) as alice:  # alice annotated this article earlier
        alice.add(
            make_annotation(
                article.text,
                start,
                start + 11,
                fingerprint=article.fingerprint,
                source=str(article.path),
                title=article.title,
                tags=("check",),
                author="alice",
            )
        )
    async with open_reader(article, db=db, user="bob") as (app, pilot):
        shown = [line for line in screen_lines(app) if "#check" in line]
        assert len(shown) == 1 and "by alice · #check" in shown[0]
        await pilot.press("S", "t", *"mine", "enter")  # bob tags the first sentence
        await settle(pilot)
        [bobs] = [a for a in reader_screen(app).session.sorted() if a.tags == ("mine",)]
        [mine_line] = [line for line in screen_lines(app) if "#mine" in line]
        assert "by " not in mine_line  # one's own notes are not labelled
    with Store(db) as store:
        authors = {a.tags: a.author for a in store.annotations()}
    assert authors == {("check",): "alice", ("mine",): "bob"}
    assert bobs.author == "bob"
