"""Opening the reader with a database it must not touch: one line, exit 2, file intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli.main import main

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"someone": "else"}', b"\x00\x01binary"],
    ids=["invalid-json", "foreign-json", "binary"],
)
def test_a_bad_database_is_refused_before_the_app_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    db = tmp_path / "reader.json"
    db.write_bytes(content)
    assert main([str(SAMPLE), "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("reader: ") and str(db) in err[0]
    assert db.read_bytes() == content


def test_reader_db_environment_variable_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.json"
    db.write_bytes(b"[1, 2, 3]")
    monkeypatch.setenv("READER_DB", str(db))
    assert main([str(SAMPLE)]) == 2
    assert str(db) in capsys.readouterr().err
