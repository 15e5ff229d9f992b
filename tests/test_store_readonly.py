"""A database the user may not write (read-only folder or mount) can still be read and exported.

The tests run as root in CI containers, where permission bits stop nothing, so they
simulate the two ways the operating system says "read-only": ``os.access`` answering
no (what a ``chmod a-w`` folder or a read-only mount reports), and creating the lock
file failing with EROFS (a read-only mount, with ``os.access`` not consulted in time).
Either way the store must open for reading, say so, and refuse writes in one line.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.notes.annotations import make_annotation
from reader.store import journal
from reader.store.database import Store
from reader.store.errors import StoreError

TEXT = "The mayor said the budget was balanced.\n"


def _filled(folder: Path) -> Path:
    db = folder / "reader.json"
    with Store(db) as store:
        store.add(make_annotation(TEXT, 4, 9, fingerprint="f" * 64, source="/a.txt", note="n"))
        store.add(make_annotation(TEXT, 19, 25, fingerprint="f" * 64, source="/a.txt"))
    (folder / "reader.json.lock").unlink()  # as if copied to a read-only place without it
    return db


def _no_writes_in(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``os.access`` says nothing under ``folder`` may be written (as for a user)."""
    real = os.access

    def access(path: object, mode: int, **kw: object) -> bool:
        if mode & os.W_OK and str(path).startswith(str(folder)):
            return False
        return real(path, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(journal.os, "access", access)


def _read_only_mount(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Opening a file under ``folder`` for writing fails with EROFS."""
    real = os.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def fake_open(path: object, flags: int, *args: object, **kw: object) -> int:
        if flags & writing and str(path).startswith(str(folder)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(journal.os, "open", fake_open)


@pytest.mark.parametrize("make_read_only", [_no_writes_in, _read_only_mount])
def test_read_only_database_reads_and_refuses_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_read_only
) -> None:
    db = _filled(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    make_read_only(monkeypatch, tmp_path)
    with Store(db) as store:
        assert store.read_only
        assert len(store.annotations("f" * 64)) == 2
        with pytest.raises(StoreError) as info:
            store.add(make_annotation(TEXT, 0, 3, fingerprint="f" * 64, source="/a.txt"))
        message = str(info.value)
        assert str(db) in message and "read-only" in message and "\n" not in message
        with pytest.raises(StoreError, match="read-only"):
            store.remember_article(fingerprint="f" * 64, path="/a.txt")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing written


def test_a_writable_database_is_not_read_only(tmp_path: Path) -> None:
    with Store(tmp_path / "reader.json") as store:
        assert not store.read_only and store.read_only_reason is None


def test_export_from_a_read_only_database_works_with_one_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = _filled(data)
    _no_writes_in(monkeypatch, data)
    out_file = tmp_path / "notes.csv"
    assert main(["export", "--db", str(db), "-o", str(out_file)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == 3  # header + 2 notes
    notices = [line for line in err if "read-only" in line]
    assert len(notices) == 1 and str(db) in notices[0]


def test_annotate_into_a_read_only_database_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = _filled(data)
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    _read_only_mount(monkeypatch, data)
    assert main(["annotate", str(article), "--match", "mayor", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "read-only" in err and str(db) in err
