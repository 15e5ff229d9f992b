"""``reader export`` and ``reader import`` end to end through ``reader.cli.main.main``."""

from __future__ import annotations

import json
import shutil
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from test_export_w3c import GOLDEN, SAMPLE, sample_annotations

from reader.article.loading import load_article
from reader.cli.main import main
from reader.store.database import Store


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database holding the sample annotations."""
    path = str(tmp_path / "db.json")
    with Store.open(path) as store:
        store.add_many(sample_annotations())
    return path


def run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def exported_ids(out: str) -> list[str]:
    return [item["id"][-1] for item in json.loads(out)["first"]["items"]]


def test_export_prints_markdown_by_default(capsysbinary, db: str) -> None:
    code, out, err = run(capsysbinary, "export", "--db", db)
    assert code == 0
    assert err == ""
    assert out == (GOLDEN / "sample.md").read_text(encoding="utf-8")


def test_export_csv_to_stdout_keeps_crlf(capsysbinary, db: str) -> None:
    main(["export", "--format", "csv", "--db", db])
    out, _ = capsysbinary.readouterr()
    assert out == (GOLDEN / "sample.csv").read_bytes()


def test_tag_filter_keeps_annotations_with_any_given_tag(capsysbinary, db: str) -> None:
    code, out, _ = run(
        capsysbinary,
        "export",
        "--format",
        "json",
        "--tag",
        "quotes",
        "--tag",
        "RED KEN",
        "--db",
        db,
    )
    assert code == 0
    assert exported_ids(out) == ["1", "2"]


def test_tag_filter_matching_nothing_says_so(capsysbinary, db: str) -> None:
    code, out, err = run(capsysbinary, "export", "--format", "json", "--tag", "nope", "--db", db)
    assert code == 0
    assert json.loads(out)["total"] == 0
    assert err == "reader: no annotations match\n"


def test_article_filter_matches_by_fingerprint_and_by_path(capsysbinary, tmp_path: Path) -> None:
    article_path = tmp_path / "livingstone.txt"
    shutil.copy(SAMPLE, article_path)
    article = load_article(article_path)
    here, edited_before, moved, elsewhere = sample_annotations()[:4]
    db = str(tmp_path / "db.json")
    with Store.open(db) as store:
        store.add_many(
            [
                replace(here, source=str(article.path)),
                # made before the file was edited: old fingerprint, same path
                replace(edited_before, source=str(article.path), fingerprint="1" * 64),
                # made on a copy somewhere else: same content
                replace(moved, source="/elsewhere/copy.txt"),
                replace(elsewhere, source="/elsewhere/other.txt", fingerprint="2" * 64),
            ]
        )
    code, out, _ = run(
        capsysbinary, "export", "--format", "json", "--article", str(article_path), "--db", db
    )
    assert code == 0
    assert sorted(exported_ids(out)) == ["1", "2", "3"]


def test_article_filter_uses_fingerprints_remembered_for_the_path(
    capsysbinary, tmp_path: Path
) -> None:
    article_path = tmp_path / "a.txt"
    article_path.write_text("First version of the article.\n", encoding="utf-8")
    old = load_article(article_path)
    ann = replace(sample_annotations()[0], fingerprint=old.fingerprint, source="/old/place.txt")
    db = str(tmp_path / "db.json")
    with Store.open(db) as store:
        store.remember_article(fingerprint=old.fingerprint, path=old.path, title=old.title)
        store.add_many([ann])
    article_path.write_text("Second version of the article.\n", encoding="utf-8")
    code, out, _ = run(
        capsysbinary, "export", "--format", "json", "--article", str(article_path), "--db", db
    )
    assert code == 0
    assert exported_ids(out) == ["1"]


def test_missing_article_is_one_line_and_exit_2(capsysbinary, db: str) -> None:
    code, out, err = run(capsysbinary, "export", "--article", "nope.txt", "--db", db)
    assert code == 2
    assert out == ""
    assert err == "reader: nope.txt: no such file\n"


def test_output_file_is_written_and_reported(capsysbinary, db: str, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "notes.md"
    code, out, err = run(capsysbinary, "export", "-o", str(target), "--db", db)
    assert code == 0
    assert out == ""
    assert err == f"wrote 6 annotations to {target}\n"
    assert target.read_bytes() == (GOLDEN / "sample.md").read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["notes.md"]  # no temp file left


def test_output_file_replaces_the_old_one_keeping_its_mode(
    capsysbinary, db: str, tmp_path: Path
) -> None:
    target = tmp_path / "notes.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    code, _, _ = run(capsysbinary, "export", "--format", "csv", "-o", str(target), "--db", db)
    assert code == 0
    assert target.read_bytes() == (GOLDEN / "sample.csv").read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_unwritable_output_is_one_line_and_exit_2(capsysbinary, db: str, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "notes.md"
    code, _, err = run(capsysbinary, "export", "-o", str(target), "--db", db)
    assert code == 2
    assert err.startswith(f"reader: {target}: cannot write (")
    assert err.count("\n") == 1


def test_export_import_export_through_the_cli(capsysbinary, db: str, tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    assert main(["export", "--format", "json", "-o", str(dump), "--db", db]) == 0
    fresh = str(tmp_path / "fresh.json")
    code, out, _ = run(capsysbinary, "import", str(dump), "--db", fresh)
    assert code == 0
    assert out == f"imported 6 annotations (0 already present) from {dump}\n"
    again = tmp_path / "again.json"
    assert main(["export", "--format", "json", "-o", str(again), "--db", fresh]) == 0
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (dump, again))
    assert second["first"] == first["first"]
    assert second["id"] == first["id"]


def test_import_skips_annotations_already_present(capsysbinary, db: str, tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    main(["export", "--format", "json", "-o", str(dump), "--db", db])
    code, out, _ = run(capsysbinary, "import", str(dump), "--db", db)
    assert code == 0
    assert out.endswith("imported 0 annotations (6 already present) from " + str(dump) + "\n")
    with Store.open(db) as store:
        assert len(store.annotations()) == 6


def test_bad_import_changes_nothing(capsysbinary, db: str, tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    main(["export", "--format", "json", "-o", str(dump), "--db", db])
    doc = json.loads(dump.read_text(encoding="utf-8"))
    for item in doc["first"]["items"]:
        item["id"] += "-new"
    doc["first"]["items"][3]["target"]["selector"] = []
    dump.write_text(json.dumps(doc), encoding="utf-8")
    capsysbinary.readouterr()
    before = Path(db).read_bytes()
    code, out, err = run(capsysbinary, "import", str(dump), "--db", db)
    assert code == 2
    assert out == ""
    assert err == f"reader: {dump}: annotation 4 of 6: target has no 'selector'\n"
    assert Path(db).read_bytes() == before
    with Store.open(db) as store:
        assert len(store.annotations()) == 6
