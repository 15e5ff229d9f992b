"""Crash-safe, fast persistence under TinyDB: a compacted snapshot plus an append-only journal.

Why not TinyDB's ``JSONStorage``: it rewrites the whole file on every write (over a second
with 100k annotations stored) and a crash in the middle of that rewrite leaves a torn file.
This storage keeps TinyDB's file format and query layer but changes how bytes reach disk
(the formats themselves are in ``reader.store.fileformat``):

* ``<db>`` is the *snapshot*. It is only ever replaced whole (``reader.store.atomic``), so
  at any instant it is the old or the new file, never a mix.
* ``<db>-journal`` holds the changes made since the snapshot, one checksummed line per
  commit. A commit is one line appended and fsynced, so saving one annotation costs one
  small write whatever the size of the database, and ``add_many`` is all or nothing
  because all its records share one line. A torn last line is ignored on reading and cut
  off by the next writer.
* *Compaction* folds the journal into a new snapshot once the journal outgrows a fraction
  of the snapshot, which bounds both the disk used and the time to open. Journal records
  are whole-record puts and deletes, so replaying a journal over a snapshot that already
  contains it changes nothing: a crash between the rename and the journal truncation
  loses nothing and duplicates nothing.
* Several processes: an ``fcntl`` lock on the sidecar ``<db>.lock`` (shared to read,
  exclusive to write), taken per operation rather than per session so the open app and a
  ``reader annotate`` in another terminal can both save. Under the lock the caller calls
  ``refresh()``, which re-reads only what changed since our last look (the journal tail,
  or everything when another process compacted), so no process writes over changes it has
  not seen. A lock beats an "in use" refusal here because the app stays open for hours.
* Read-only: a folder or file the user may not write (permissions, a read-only mount)
  is opened for reading only, so notes can still be read and exported; every write is
  refused with one ``StoreError`` line naming the database.

TinyDB's own ``write(data)`` hands over the whole database; it is honoured (as a
compaction) but the hot path is ``commit(ops)``, which carries only what changed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from tinydb.storages import Storage

from reader.store.atomic import fsync_dir, fsync_fd, temp_glob, write_all, write_atomic
from reader.store.errors import StoreError
from reader.store.fileformat import (
    Data,
    Op,
    apply_ops,
    encode_line,
    encode_snapshot,
    parse_journal,
    parse_snapshot,
    valid_op,
)

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]

__all__ = ["JOURNAL_SUFFIX", "LOCK_SUFFIX", "JournalStorage", "Refresh"]

JOURNAL_SUFFIX = "-journal"
LOCK_SUFFIX = ".lock"


@dataclass(slots=True)
class Refresh:
    """What ``refresh()`` found: nothing new, a few commits by others, or a full reload."""

    full: bool = False
    ops: list[Op] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.full or bool(self.ops)


def _signature(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
"""Errors that mean "you may not write here" rather than a broken disk."""


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


class JournalStorage(Storage):
    """TinyDB storage over a snapshot file and its journal (see the module docstring).

    Not thread-safe by itself: the owner serializes calls and wraps them in ``locked()``.
    """

    def __init__(
        self,
        path: Path,
        *,
        compact_ratio: float = 0.5,
        compact_min_bytes: int = 1 << 20,
    ) -> None:
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + JOURNAL_SUFFIX)
        self.lock_path = self.path.with_name(self.path.name + LOCK_SUFFIX)
        self.compact_ratio = compact_ratio
        self.compact_min_bytes = compact_min_bytes
        self._data: Data = {}
        self._snapshot_sig: tuple[int, ...] | None = None
        self._snapshot_size = 0
        self._journal_fd: int | None = None
        self._journal_id: tuple[int, int] | None = None
        self._journal_end = 0
        """Bytes of the journal already applied (end of its valid prefix)."""
        self._loaded = False
        self._mode: str | None = None
        self.read_only_reason: str | None = None
        """Why this database cannot be written (a read-only folder or file), else None."""
        self._lock_fd = self._open_lock()

    # -- locking -------------------------------------------------------------------------

    def _open_lock(self) -> int:
        """Open the lock file; in a folder or file we may not write, open read-only.

        Read-only is decided up front (``os.access``, which also sees a read-only mount)
        and confirmed by the lock file itself: creating it failing with EACCES, EPERM or
        EROFS means nothing could be saved either. A read-only store keeps a shared lock
        when the lock file exists (so it never reads a writer's half-done compaction)
        and no lock at all when it does not (nobody can write there anyway).
        """
        folder = self.path.parent
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{self.path}: {folder} is not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{folder}: cannot create the database folder ({_reason(exc)})"
            ) from None
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a database file")
        self.read_only_reason = self._unwritable()
        if self.read_only_reason is None:
            try:
                return os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                if exc.errno not in _READ_ONLY_ERRNOS:
                    raise StoreError(
                        f"{self.path}: cannot write next to the database in {folder} "
                        f"({_reason(exc)})"
                    ) from None
                self.read_only_reason = f"cannot create {self.lock_path.name} ({_reason(exc)})"
        try:
            return os.open(self.lock_path, os.O_RDONLY)
        except OSError:
            return -1

    def _unwritable(self) -> str | None:
        """Why the files could not be written, judged from their permissions; else None."""
        if not os.access(self.path.parent, os.W_OK):
            return f"the folder {self.path.parent} is read-only"
        for path in (self.path, self.journal_path, self.lock_path):
            if path.exists() and not os.access(path, os.W_OK):
                return f"{path.name} is read-only"
        return None

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def _refuse_if_read_only(self) -> None:
        if self.read_only_reason is not None:
            raise StoreError(
                f"{self.path}: the database is read-only ({self.read_only_reason}); "
                "nothing was saved"
            )

    @contextmanager
    def locked(self, *, exclusive: bool) -> Iterator[None]:
        """Hold the cross-process lock: shared to read, exclusive to write. Not reentrant
        across modes; re-entering an exclusive hold is a no-op."""
        if self._mode == "ex" or (self._mode == "sh" and not exclusive):
            yield
            return
        if self._mode is not None:
            raise RuntimeError("cannot upgrade a shared storage lock to exclusive")
        self._acquire(exclusive)
        self._mode = "ex" if exclusive else "sh"
        try:
            yield
        finally:
            self._mode = None
            self._release()

    def _acquire(self, exclusive: bool) -> None:
        if exclusive:
            self._refuse_if_read_only()
        if self._lock_fd == -1:  # read-only without a lock file: nothing to coordinate
            return
        if _fcntl is not None:
            _fcntl.flock(self._lock_fd, _fcntl.LOCK_EX if exclusive else _fcntl.LOCK_SH)
        else:  # pragma: no cover - Windows: one exclusive byte-range lock
            import msvcrt

            os.lseek(self._lock_fd, 0, os.SEEK_SET)
            msvcrt.locking(self._lock_fd, msvcrt.LK_LOCK, 1)

    def _release(self) -> None:
        if self._lock_fd == -1:
            return
        if _fcntl is not None:
            _fcntl.flock(self._lock_fd, _fcntl.LOCK_UN)
        else:  # pragma: no cover - Windows
            import msvcrt

            os.lseek(self._lock_fd, 0, os.SEEK_SET)
            msvcrt.locking(self._lock_fd, msvcrt.LK_UNLCK, 1)

    def _require(self, mode: str) -> None:
        if self._mode is None or (mode == "ex" and self._mode != "ex"):
            raise RuntimeError("storage used without holding its lock")

    # -- reading -------------------------------------------------------------------------

    def refresh(self) -> Refresh:
        """Bring memory up to date with the files; call with the lock held."""
        self._require("sh")
        if not self._loaded:
            self._load_all()
            return Refresh(full=True)
        try:
            sig: tuple[int, ...] | None = _signature(os.stat(self.path))
        except FileNotFoundError:
            sig = None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read ({_reason(exc)})") from None
        if sig != self._snapshot_sig:
            self._load_all()
            return Refresh(full=True)
        try:
            jst = os.stat(self.journal_path)
        except FileNotFoundError:
            if self._journal_end or self._journal_fd is not None:
                self._load_all()
                return Refresh(full=True)
            return Refresh()
        if (jst.st_dev, jst.st_ino) != self._journal_id and self._journal_id is not None:
            self._load_all()
            return Refresh(full=True)
        if jst.st_size < self._journal_end:
            self._load_all()
            return Refresh(full=True)
        if jst.st_size == self._journal_end:
            return Refresh()
        with open(self.journal_path, "rb") as fh:
            self._journal_id = (jst.st_dev, jst.st_ino)
            fh.seek(self._journal_end)
            tail = fh.read()
        ops, used = parse_journal(tail, str(self.journal_path))
        apply_ops(self._data, ops)
        self._journal_end += used
        return Refresh(ops=ops)

    def _load_all(self) -> None:
        self._close_journal()
        data: Data = {}
        sig: tuple[int, ...] | None = None
        size = 0
        try:
            with open(self.path, "rb") as fh:
                st = os.fstat(fh.fileno())
                if not stat.S_ISREG(st.st_mode):
                    raise StoreError(f"{self.path}: not a regular file")
                raw = fh.read()
            sig, size = _signature(st), st.st_size
            data = parse_snapshot(raw, str(self.path))
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            raise StoreError(f"{self.path}: is a folder, not a database file") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read ({_reason(exc)})") from None
        journal_end = 0
        journal_id: tuple[int, int] | None = None
        try:
            with open(self.journal_path, "rb") as fh:
                jst = os.fstat(fh.fileno())
                raw_journal = fh.read()
            journal_id = (jst.st_dev, jst.st_ino)
            ops, journal_end = parse_journal(raw_journal, str(self.journal_path))
            apply_ops(data, ops)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"{self.journal_path}: cannot read ({_reason(exc)})") from None
        self._data = data
        self._snapshot_sig = sig
        self._snapshot_size = size
        self._journal_end = journal_end
        self._journal_id = journal_id
        self._loaded = True

    def set_in_memory(self, data: Data) -> None:
        """Use ``data`` without writing it: how a read-only store sees a new or older file
        (empty tables, or the upgraded tables) without saving anything."""
        self._require("sh")
        self._data = data

    def read(self) -> Data:
        """TinyDB's read: the tables as of the last ``refresh()``; treat as read-only."""
        return self._data

    @property
    def journal_bytes(self) -> int:
        return self._journal_end

    @property
    def snapshot_bytes(self) -> int:
        return self._snapshot_size

    # -- writing -------------------------------------------------------------------------

    def commit(self, ops: list[Op]) -> None:
        """Append ``ops`` as one journal line and fsync: durable and atomic on return."""
        self._require("ex")
        self._refuse_if_read_only()
        if not ops:
            return
        for op in ops:
            if not valid_op(op):
                raise ValueError(f"not a storage operation: {op!r}")
        line = encode_line(ops)
        fd = self._journal()
        try:
            if os.fstat(fd).st_size != self._journal_end:
                os.ftruncate(fd, self._journal_end)  # cut a torn line left by a crash
            write_all(fd, line)
            fsync_fd(fd)
        except OSError as exc:
            self._undo_append(fd)
            raise StoreError(f"{self.journal_path}: cannot save ({_reason(exc)})") from None
        except BaseException:
            self._undo_append(fd)
            raise
        self._journal_end += len(line)
        apply_ops(self._data, ops)
        if self._journal_end > max(
            self.compact_min_bytes, int(self.compact_ratio * self._snapshot_size)
        ):
            self.compact()

    def _undo_append(self, fd: int) -> None:
        # If even this fails, the torn line is ignored on reading and cut by the next writer.
        with suppress(OSError):
            os.ftruncate(fd, self._journal_end)

    def _journal(self) -> int:
        if self._journal_fd is None:
            existed = self.journal_path.exists()
            try:
                fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            except OSError as exc:
                raise StoreError(f"{self.journal_path}: cannot write ({_reason(exc)})") from None
            st = os.fstat(fd)
            self._journal_fd = fd
            self._journal_id = (st.st_dev, st.st_ino)
            if not existed:
                fsync_dir(self.path.parent)
        return self._journal_fd

    def _close_journal(self) -> None:
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None

    def write(self, data: Data) -> None:
        """TinyDB's whole-database write: replace everything, atomically."""
        with self.locked(exclusive=True):
            if not self._loaded:
                self._load_all()
            self._data = data
            self.compact()

    def compact(self) -> None:
        """Write memory as the new snapshot (atomic replace), then empty the journal."""
        self._require("ex")
        self._refuse_if_read_only()
        self._replace_snapshot(encode_snapshot(self._data))
        if self._journal_end or self.journal_path.exists():
            fd = self._journal()
            try:
                os.ftruncate(fd, 0)
                fsync_fd(fd)
            except OSError as exc:
                raise StoreError(f"{self.journal_path}: cannot write ({_reason(exc)})") from None
        self._journal_end = 0

    def _replace_snapshot(self, raw: bytes) -> None:
        try:
            st = write_atomic(self.path, raw)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot save ({_reason(exc)})") from None
        self._snapshot_sig = _signature(st)
        self._snapshot_size = st.st_size

    def remove_stale_temps(self) -> int:
        """Delete snapshot temp files left by a process killed while compacting."""
        self._require("ex")
        removed = 0
        for tmp in self.path.parent.glob(temp_glob(self.path)):
            with suppress(OSError):
                tmp.unlink()
                removed += 1
        return removed

    def close(self) -> None:
        self._close_journal()
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
        self._lock_fd = -2  # closed (-1 is "read-only without a lock file")
