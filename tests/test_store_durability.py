"""Crashes, kills, rivals and bad files: the store never tears, loses or overwrites data."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import reader.store.atomic
import reader.store.journal
from reader.notes.annotations import Annotation
from reader.store.database import Store
from reader.store.errors import StoreError

_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reader.notes.annotations import Annotation
    from reader.store.database import Store

    path, prefix, start, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    go = Path(path + ".go")
    # Compact every few writes, so that kills also land while the snapshot is replaced.
    store = Store(Path(path), compact_min_bytes=2048, compact_ratio=0.0)
    print("ready", flush=True)
    while len(sys.argv) > 5 and not go.exists():
        time.sleep(0.001)
    i = start
    while count < 0 or i < start + count:
        store.add(Annotation(id=f"{prefix}-{i:06d}", fingerprint="fp", source="s",
                             start=i, end=i + 1, exact="x" * 40, note="n" * 300))
        print(i, flush=True)
        i += 1
    store.close()
    """
)


def _ann(i: int, prefix: str = "a") -> Annotation:
    return Annotation(
        id=f"{prefix}-{i:06d}", fingerprint="fp", source="s", start=i, end=i + 1, exact="word"
    )


def _ids(path: Path) -> list[str]:
    with Store(path) as store:
        return sorted(a.id for a in store.annotations())


def _writer(path: Path, prefix: str, start: int, count: int, *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), prefix, str(start), str(count), *flags],
        stdout=subprocess.PIPE,
        text=True,
    )


# -- failures injected in the middle of a write -------------------------------------------


def test_failed_journal_write_leaves_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    store.add_many([_ann(i) for i in range(3)])

    def half_then_fail(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reader.store.journal, "write_all", half_then_fail)
    with pytest.raises(StoreError, match="No space left") as info:
        store.add_many([_ann(i) for i in range(3, 10)])
    assert "db.json" in str(info.value)
    monkeypatch.undo()

    assert len(store) == 3  # memory was not changed either
    assert _ids(path) == [f"a-{i:06d}" for i in range(3)]
    store.add(_ann(99))
    store.close()
    assert _ids(path) == [*(f"a-{i:06d}" for i in range(3)), "a-000099"]


def test_failed_snapshot_replace_leaves_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    store.add_many([_ann(i) for i in range(5)])
    store.compact()
    store.add(_ann(5))
    before = path.read_bytes()

    def fail(*_: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(reader.store.atomic.os, "replace", fail)
    with pytest.raises(StoreError, match="Input/output error"):
        store.compact()
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert json.loads(before)["annotations"]  # still a complete, readable snapshot
    assert not list(tmp_path.glob(".db.json.*.tmp"))
    store.close()
    assert _ids(path) == [f"a-{i:06d}" for i in range(6)]


def test_torn_last_line_is_ignored_then_cut(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.add(_ann(1))
    journal = tmp_path / "db.json-journal"
    with journal.open("ab") as fh:
        fh.write(b'0badc0de {"ops":[["put","annotations","a-000002",{"id":"a-0000')
    assert _ids(path) == ["a-000001"]
    with Store(path) as store:
        store.add(_ann(3))
    assert _ids(path) == ["a-000001", "a-000003"]
    assert b"0badc0de" not in journal.read_bytes()


def test_damaged_journal_middle_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.add(_ann(1))
        store.add(_ann(2))
    journal = tmp_path / "db.json-journal"
    raw = bytearray(journal.read_bytes())
    raw[20] ^= 0x01  # flip a bit inside the first line
    journal.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match="damaged") as info:
        Store(path)
    assert str(journal) in str(info.value)
    assert journal.read_bytes() == bytes(raw)


# -- a real kill -9 while writing ---------------------------------------------------------


def test_kill_9_while_writing_leaves_a_prefix_of_the_writes(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    rng = random.Random(20260101)
    next_index = 0
    for _round in range(10):
        proc = _writer(path, "k", next_index, -1)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        acked = next_index - 1
        for _ in range(rng.randint(3, 60)):
            acked = int(proc.stdout.readline())
        time.sleep(rng.uniform(0, 0.004))  # land anywhere: mid-append, mid-compaction
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read().split()
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        acked = int(rest[-1]) if rest else acked

        ids = _ids(path)  # opens cleanly: nothing torn
        expected = [f"k-{i:06d}" for i in range(len(ids))]
        assert ids == expected  # a prefix of the writes, in order
        assert len(ids) >= acked + 1  # everything reported saved is there
        assert len(ids) <= acked + 2  # at most the one in flight besides
        next_index = len(ids)
    assert next_index > 20
    assert not list(tmp_path.glob(".db.json.*.tmp"))  # leftovers of killed compactions go


# -- two processes writing at once --------------------------------------------------------


def test_two_writer_processes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    count = 150
    writers = [_writer(path, name, 0, count, "wait") for name in ("left", "right")]
    for proc in writers:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    (tmp_path / "db.json.go").touch()
    for proc in writers:
        assert proc.stdout is not None
        proc.stdout.read()
        assert proc.wait(timeout=120) == 0
    ids = _ids(path)
    assert len(ids) == 2 * count
    assert sum(i.startswith("left-") for i in ids) == count


# -- files that are not ours --------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'{"annotations": {"a": ',  # cut short
        b"\x89PNG\r\n\x1a\n\x00\x00",  # not text
        b"[1, 2, 3]",  # JSON, not an object
        b'{"users": {"1": {"name": "ann"}}}',  # someone else's TinyDB file
        b'{"annotations": "nope"}',  # our table name, not our shape
        b'{"meta": {"schema": {"version": 1, "app": "reader"}}, '
        b'"annotations": {"x": {"id": "y", "start": 0, "end": 1, "exact": "a"}}}',
    ],
)
def test_bad_file_is_refused_and_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.json"
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    assert path.read_bytes() == content
    assert not (tmp_path / "notes.json-journal").exists()


def test_path_below_a_regular_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as info:
        Store(blocker / "db.json")
    assert str(blocker) in str(info.value) and "\n" not in str(info.value)
    assert blocker.read_text() == "not a folder"


def test_database_path_that_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        Store(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with Store(folder / "db.json") as store:
            assert store.read_only and store.annotations() == []
            with pytest.raises(StoreError) as info:
                store.add(_ann(1))
        assert str(folder) in str(info.value)
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_database_file_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.add(_ann(1))
    path.chmod(0o444)
    with Store(path) as store:
        assert store.read_only and len(store) == 1
        with pytest.raises(StoreError, match="read-only") as info:
            store.add(_ann(2))
    assert str(path) in str(info.value)
