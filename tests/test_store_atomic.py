"""One atomic replace for every rewritten file: the snapshot and exported notes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import reader.store.atomic
from reader.errors import ReaderError
from reader.export import write_atomic as export_write
from reader.notes.annotations import Annotation
from reader.store.atomic import write_atomic
from reader.store.database import Store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def dir_syncs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Folders fsynced after a rename (the rename is only durable once its folder is)."""
    synced: list[Path] = []
    real = reader.store.atomic.fsync_dir
    monkeypatch.setattr(
        reader.store.atomic, "fsync_dir", lambda p: (synced.append(Path(p)), real(p))
    )
    return synced


def test_replace_keeps_an_existing_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o600


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "fresh.json", b"{}")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "fresh.json") == 0o640


def test_failed_replace_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old", encoding="utf-8")

    def fail(fd: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reader.store.atomic, "write_all", fail)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_export_uses_the_same_durable_replace(tmp_path: Path, dir_syncs: list[Path]) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    export_write(target, "# Notes\n")
    assert target.read_text(encoding="utf-8") == "# Notes\n"
    assert _mode(target) == 0o600
    assert dir_syncs == [tmp_path]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_export_error_is_one_line_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.md"
    with pytest.raises(ReaderError) as info:
        export_write(target, "x")
    message = str(info.value)
    assert message.startswith(f"{target}: cannot write (") and "\n" not in message


def test_snapshot_uses_the_same_durable_replace(tmp_path: Path, dir_syncs: list[Path]) -> None:
    path = tmp_path / "db.json"
    with Store(path) as store:
        path.chmod(0o600)
        dir_syncs.clear()
        store.add(Annotation(id="a", fingerprint="fp", source="s", start=0, end=1, exact="x"))
        store.compact()
        assert dir_syncs == [tmp_path]
    assert _mode(path) == 0o600
