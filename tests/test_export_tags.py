"""``reader export --tag``: a tag matches however the user writes it (``#Politics``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from test_export_w3c import sample_annotations

from reader.cli.main import main
from reader.store.database import Store


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The sample annotations, the fourth one tagged ``#politics`` as typed."""
    anns = sample_annotations()
    anns[3] = replace(anns[3], tags=("#politics",))
    path = str(tmp_path / "db.json")
    with Store.open(path) as store:
        store.add_many(anns)
    return path


def exported(capsysbinary: pytest.CaptureFixture[bytes], db: str, *tags: str) -> list[str]:
    argv = ["export", "--format", "json", "--db", db]
    for tag in tags:
        argv += ["--tag", tag]
    assert main(argv) == 0
    out, _err = capsysbinary.readouterr()
    return [item["id"][-1] for item in json.loads(out)["first"]["items"]]


def test_a_leading_hash_is_not_part_of_the_tag(capsysbinary, db: str) -> None:
    assert exported(capsysbinary, db, "#quotes") == ["2"]
    assert exported(capsysbinary, db, "#Red Ken", "#quotes") == ["1", "2"]


def test_a_tag_stored_with_a_hash_matches_without_one(capsysbinary, db: str) -> None:
    assert exported(capsysbinary, db, "politics") == ["4"]
    assert exported(capsysbinary, db, "#politics") == ["4"]
    assert exported(capsysbinary, db, "#POLITICS") == ["4"]


def test_a_hash_alone_selects_nothing_special(capsysbinary, db: str) -> None:
    # "#" names no tag: like an empty --tag, it does not narrow the export.
    assert len(exported(capsysbinary, db, "#")) == len(sample_annotations())
