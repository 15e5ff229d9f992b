"""``reader annotate``: saves the chosen match, says so in one line, fails clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.article.loading import load_article
from reader.cli.main import main
from reader.store.database import Store
from reader.store.paths import DB_ENV

TEXT = "The cat sat on the mat. Then the cat ran off.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_user_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DB_ENV, raising=False)
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "default"))


def _stored(db: Path) -> list:
    with Store(db) as store:
        return store.annotations()


def test_saves_the_nth_match_with_tags_and_note(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.json"
    code = main(
        ["annotate", str(article), "--match", "cat", "--occurrence", "2",
         "--tag", "animals", "--tag", " pets ", "--note", "again?", "--db", str(db)]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out == f'saved annotation on "cat" in {article} (tags: animals, pets; with a note)\n'
    [ann] = _stored(db)
    assert ann.start == TEXT.index("cat", 10) and ann.exact == "cat"
    assert ann.tags == ("animals", "pets") and ann.note == "again?"
    assert ann.fingerprint == load_article(article).fingerprint
    with Store(db) as store:
        assert store.article_record(ann.fingerprint) is not None


def test_default_is_the_first_match(article: Path, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    assert main(["annotate", str(article), "--match", "the cat", "--db", str(db)]) == 0
    [ann] = _stored(db)
    assert ann.start == TEXT.index("the cat")


def test_no_match_is_one_line_exit_1_and_nothing_saved(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.json"
    assert main(["annotate", str(article), "--match", "dog", "--db", str(db)]) == 1
    _, err = capsys.readouterr()
    assert err == f'reader: {article}: "dog" not found\n'
    assert not db.exists()


def test_too_few_matches_says_how_many(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.json"
    args = ["annotate", str(article), "--match", "cat", "--occurrence", "3", "--db", str(db)]
    assert main(args) == 1
    _, err = capsys.readouterr()
    assert "found only 2 times" in err and err.count("\n") == 1
    assert not db.exists()


def test_reader_db_environment_and_db_flag_precedence(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_db, flag_db = tmp_path / "env.json", tmp_path / "flag.json"
    monkeypatch.setenv(DB_ENV, str(env_db))
    assert main(["annotate", str(article), "--match", "mat"]) == 0
    assert main(["annotate", str(article), "--match", "sat", "--db", str(flag_db)]) == 0
    assert [a.exact for a in _stored(env_db)] == ["mat"]
    assert [a.exact for a in _stored(flag_db)] == ["sat"]
    assert not (tmp_path / "default").exists()


def test_default_location_without_flag_or_environment(article: Path, tmp_path: Path) -> None:
    assert main(["annotate", str(article), "--match", "ran off"]) == 0
    assert [a.exact for a in _stored(tmp_path / "default" / "reader.json")] == ["ran off"]


def test_corrupt_database_is_exit_2_and_left_alone(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.json"
    db.write_text('{"annotations": ', encoding="utf-8")
    assert main(["annotate", str(article), "--match", "cat", "--db", str(db)]) == 2
    _, err = capsys.readouterr()
    assert err.startswith(f"reader: {db}: not valid JSON") and err.count("\n") == 1
    assert db.read_text(encoding="utf-8") == '{"annotations": '


def test_unwritable_database_location_is_exit_2(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = article / "notes.json"  # below a regular file: fails even for root
    assert main(["annotate", str(article), "--match", "cat", "--db", str(db)]) == 2
    _, err = capsys.readouterr()
    assert str(db) in err and err.count("\n") == 1


def test_missing_article_and_bad_occurrence_are_exit_2(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "notes.json")
    assert main(["annotate", str(tmp_path / "nope.txt"), "--match", "x", "--db", db]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["annotate", str(article), "--match", "cat", "--occurrence", "0", "--db", db]) == 2
    assert "--occurrence" in capsys.readouterr().err


def test_annotations_from_cli_and_open_store_meet(article: Path, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    with Store(db) as app_store:  # the app has the database open meanwhile
        assert main(["annotate", str(article), "--match", "mat", "--db", str(db)]) == 0
        assert [a.exact for a in app_store.annotations()] == ["mat"]


def test_annotating_inside_a_quote_credits_its_speaker(tmp_path: Path, capsys) -> None:
    sample = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"
    db = tmp_path / "db.json"
    assert main(["annotate", str(sample), "--match", "Good riddance", "--db", str(db)]) == 0
    assert "said by Ruth Smeeth" in capsys.readouterr().out
    with Store(db) as store:
        [annotation] = store.annotations()
    assert annotation.speaker == "Ruth Smeeth"


def test_annotate_with_user_stores_that_author(article: Path, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    args = ["annotate", str(article), "--match", "cat", "--user", "bob", "--db", str(db)]
    assert main(args) == 0
    [ann] = _stored(db)
    assert ann.author == "bob"  # recorded, so the team's Notes lists and exports say "bob"


def test_annotate_without_user_signs_as_the_os_user(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "carol")
    db = tmp_path / "notes.json"
    assert main(["annotate", str(article), "--match", "mat", "--db", str(db)]) == 0
    assert [a.author for a in _stored(db)] == ["carol"]
