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


def test_a_moved_article_exports_at_its_new_path_and_both_paths_select_it(
    capsysbinary, tmp_path: Path
) -> None:
    from reader.notes.relocation import annotations_for_article, remember_article

    db = str(tmp_path / "db.json")
    old = tmp_path / "old.txt"
    old.write_text("The mayor said the budget was balanced.\n", encoding="utf-8")
    assert main(["annotate", str(old), "--match", "budget", "--tag", "money", "--db", db]) == 0
    new = tmp_path / "moved" / "new.txt"
    new.parent.mkdir()
    old.rename(new)
    with Store.open(db) as store:  # the app opens it at its new place
        article = load_article(new)
        remember_article(store, article)
        annotations_for_article(store, article)
    capsysbinary.readouterr()

    for selection in ([], ["--article", str(new)], ["--article", str(old)]):
        code, out, err = run(capsysbinary, "export", "--format", "csv", *selection, "--db", db)
        assert (code, err) == (0, ""), selection
        rows = out.splitlines()
        assert len(rows) == 2 and str(new) in rows[1] and str(old) not in rows[1], selection


def test_a_moved_article_not_yet_reopened_is_found_at_either_path(
    capsysbinary, tmp_path: Path
) -> None:
    db = str(tmp_path / "db.json")
    old = tmp_path / "old.txt"
    old.write_text("The mayor said the budget was balanced.\n", encoding="utf-8")
    assert main(["annotate", str(old), "--match", "budget", "--db", db]) == 0
    new = tmp_path / "new.txt"
    old.rename(new)
    capsysbinary.readouterr()
    code, out, _ = run(capsysbinary, "export", "--format", "csv", "--article", str(new), "--db", db)
    assert code == 0
    assert len(out.splitlines()) == 2 and str(new) in out
    code, out, _ = run(capsysbinary, "export", "--format", "csv", "--article", str(old), "--db", db)
    assert code == 0 and len(out.splitlines()) == 2  # where the store last saw it


@pytest.mark.parametrize(
    ("name", "golden"),
    [
        ("notes.json", None),
        ("notes.JSONLD", None),
        ("n.csv", "sample.csv"),
        ("n.markdown", "sample.md"),
    ],
)
def test_output_extension_picks_the_format(
    capsysbinary, db: str, tmp_path: Path, name: str, golden: str | None
) -> None:
    target = tmp_path / name
    code, _, _ = run(capsysbinary, "export", "-o", str(target), "--db", db)
    assert code == 0
    if golden is None:
        doc = json.loads(target.read_text(encoding="utf-8"))
        assert doc["type"] == "AnnotationCollection" and doc["total"] == 6
    else:
        assert target.read_bytes() == (GOLDEN / golden).read_bytes()


def test_explicit_format_wins_over_the_extension(capsysbinary, db: str, tmp_path: Path) -> None:
    target = tmp_path / "notes.json"
    code, _, _ = run(capsysbinary, "export", "--format", "csv", "-o", str(target), "--db", db)
    assert code == 0
    assert target.read_bytes() == (GOLDEN / "sample.csv").read_bytes()


def test_unknown_output_extension_without_format_is_one_line(
    capsysbinary, db: str, tmp_path: Path
) -> None:
    target = tmp_path / "notes.txt"
    code, out, err = run(capsysbinary, "export", "-o", str(target), "--db", db)
    assert code == 2 and out == ""
    assert err.startswith(f"reader: {target}: ") and "--format" in err
    assert err.count("\n") == 1
    assert not target.exists()
