"""Every note records who made it; others' notes say so in the list and in every export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import article_file, note_on
from test_export_w3c import NOW

from reader.article.model import Article
from reader.cli.main import main
from reader.export.csv_format import COLUMNS, read_rows, to_csv
from reader.export.importer import parse_annotations
from reader.export.markdown import annotation_lines, to_markdown
from reader.export.w3c import annotation_to_w3c, to_collection
from reader.notes.annotations import Annotation
from reader.notes.authors import current_user
from reader.notes.session import AnnotationSession
from reader.store.database import Store
from reader.tui.app import ReaderApp

# ------------------------------------------------------------------ who is the user


def test_the_user_given_wins_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "os-login")
    assert current_user("  bob ") == "bob"


@pytest.mark.parametrize("given", [None, "", "   "])
def test_without_a_name_the_os_user_is_the_author(
    monkeypatch: pytest.MonkeyPatch, given: str | None
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "carol")
    assert current_user(given) == "carol"


def test_an_os_without_a_user_name_gives_an_unknown_author(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_name() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr("getpass.getuser", no_name)
    assert current_user(None) == ""


# ------------------------------------------------------------------ the model


@pytest.fixture
def article(tmp_path: Path) -> Article:
    return article_file(tmp_path)


def test_author_is_kept_in_the_stored_form_and_old_records_have_none(article: Article) -> None:
    ann = note_on(article, "budget", author=" alice ")
    assert ann.author == "alice"
    assert Annotation.from_dict(ann.to_dict()) == ann
    old = ann.to_dict()
    del old["author"]  # a note saved before authors were recorded
    assert Annotation.from_dict(old).author == ""


# ------------------------------------------------------------------ the session


def _session(article: Article, user: str, *notes: Annotation) -> AnnotationSession:
    return AnnotationSession.start(article, notes, user=user)


def test_a_note_made_in_a_session_is_signed_by_its_user(article: Article) -> None:
    session = _session(article, "bob")
    made, _ = session.create(4, 11, tags=["council"])
    assert made.author == "bob"


def test_notes_list_shows_the_author_of_other_peoples_notes_only(article: Article) -> None:
    mine = note_on(article, "council", author="bob", tags=("local",))
    unknown = note_on(article, "Tuesday", tags=("when",))
    theirs = note_on(article, "mayor", author="alice", tags=("people",))
    bare = note_on(article, "budget", author="alice")
    corrected = note_on(article, "Critics", author="alice", corrected_speaker="Ken")
    session = _session(article, "bob", mine, unknown, theirs, bare, corrected)
    details = {span.key: span.detail for span in session.spans()}
    assert details[mine.id] == "#local"  # own notes look as they always did
    assert details[unknown.id] == "#when"  # so do notes without an author
    assert details[theirs.id] == "by alice · #people"
    assert details[bare.id] == "by alice"
    assert details[corrected.id] == "by alice · ✓ Ken"


def test_without_a_user_every_signed_note_shows_its_author(article: Article) -> None:
    theirs = note_on(article, "mayor", author="alice")
    [span] = _session(article, "", theirs).spans()
    assert span.detail == "by alice"


def test_someone_else_editing_a_note_keeps_its_author(article: Article, store: Store) -> None:
    alices = note_on(article, "budget", author="alice", note="check this")
    store.add(alices)
    bobs = _session(article, "bob", *store.annotations(article.fingerprint))
    changed, op = bobs.update(alices.id, tags=["checked"], note="checked: fine")
    assert changed.author == "alice"
    op(store)
    [saved] = store.annotations(article.fingerprint)
    assert (saved.author, saved.tags, saved.note) == ("alice", ("checked",), "checked: fine")
    _, op = bobs.delete(alices.id)
    op(store)
    undone = bobs.undo_delete()
    assert undone is not None
    undone[1](store)
    assert store.annotations(article.fingerprint)[0].author == "alice"


# ------------------------------------------------------------------ exports


def test_w3c_names_the_author_as_creator_and_import_reads_it_back(article: Article) -> None:
    signed = note_on(article, "budget", author="alice", note="n")
    unsigned = note_on(article, "mayor")
    assert annotation_to_w3c(signed)["creator"] == {"type": "Person", "nickname": "alice"}
    assert "creator" not in annotation_to_w3c(unsigned)
    doc = json.loads(json.dumps(to_collection([signed, unsigned], now=NOW)))
    back = parse_annotations(doc, name="notes.json", now=NOW)
    assert [a.author for a in back] == ["alice", ""]
    assert back == [signed, unsigned]


@pytest.mark.parametrize(
    ("creator", "author"),
    [
        ({"type": "Person", "name": "Alice Smith"}, "Alice Smith"),
        ({"type": "Person", "nickname": "al", "name": "Alice Smith"}, "al"),
        ("alice", "alice"),
        ([{"id": "https://example.org/u/1"}, {"name": "Alice"}], "Alice"),
        ({"id": "https://example.org/u/1"}, ""),
    ],
)
def test_foreign_creators_become_the_author(article: Article, creator: object, author: str) -> None:
    obj = annotation_to_w3c(note_on(article, "budget"))
    obj["creator"] = creator
    [ann] = parse_annotations([obj], name="foreign.json", now=NOW)
    assert ann.author == author


def test_csv_has_the_author_after_the_speaker_columns(article: Article) -> None:
    notes = [note_on(article, "budget", author="alice"), note_on(article, "mayor")]
    rows = read_rows(to_csv(notes))
    assert COLUMNS.index("author") == COLUMNS.index("corrected_speaker") + 1
    assert [row["author"] for row in rows] == ["alice", ""]


def test_markdown_names_the_author_after_the_tags(article: Article) -> None:
    tagged = note_on(article, "budget", author="alice", tags=("money",), note="n")
    assert "#money — alice" in annotation_lines(tagged)
    untagged = note_on(article, "mayor", author="*bob*")
    assert annotation_lines(untagged)[-1] == r"— \*bob\*"
    unsigned = note_on(article, "council", tags=("local",))
    assert "—" not in to_markdown([unsigned], now=NOW).split("#local")[-1]


# ------------------------------------------------------------------ command line


@pytest.mark.parametrize(
    "argv",
    [["--user", "bob", "{path}"], ["{path}", "--user", "bob"], ["open", "{path}", "--user", "bob"]],
)
def test_open_with_user_gives_the_app_that_user(
    article: Article, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    apps: list[ReaderApp] = []
    monkeypatch.setattr(ReaderApp, "run", lambda self, *a, **k: apps.append(self))
    assert main([arg.format(path=article.path) for arg in argv]) == 0
    assert [app.user for app in apps] == ["bob"]
    screen = apps[0]._reader_screen(article)
    assert screen.session.user == "bob"
