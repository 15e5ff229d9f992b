"""Crash-safe, fast persistence under TinyDB: a compacted snapshot plus an append-only journal.

Why not TinyDB's ``JSONStorage``: it rewrites the whole file on every write (over a second
with 100k annotations stored) and a crash in the middle of that rewrite leaves a torn file.
This storage keeps TinyDB's file format and query layer but changes how bytes reach disk:

* ``<db>`` is the *snapshot*, a plain TinyDB JSON document (``{table: {doc_id: doc}}``).
  It is only ever replaced whole: temp file, fsync, rename, fsync of the directory, so at
  any instant it is the old or the new file, never a mix.
* ``<db>-journal`` holds the changes made since the snapshot, one line per commit:
  ``<crc32 hex> <json>\\n`` whose JSON is ``{"ops": [["put", table, id, doc] | ["del",
  table, id], ...]}``. A commit is one line appended and fsynced, so saving one annotation
  costs one small write whatever the size of the database, and ``add_many`` is all or
  nothing because all its records share one line. A last line that fails its CRC or lacks
  its newline is a write cut short by a crash: it is ignored on reading and cut off by the
  next writer. A bad line *before* the end is damage, not a crash, and is refused.
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

TinyDB's own ``write(data)`` hands over the whole database; it is honoured (as a
compaction) but the hot path is ``commit(ops)``, which carries only what changed.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reader.errors import ReaderError

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]

Doc = dict[str, Any]
Data = dict[str, dict[str, Doc]]
Op = list[Any]
"""``["put", table, doc_id, doc]`` or ``["del", table, doc_id]``."""

JOURNAL_SUFFIX = "-journal"
LOCK_SUFFIX = ".lock"


class StoreError(ReaderError):
    """The annotation database cannot be read or written; the message names the file."""


@dataclass(slots=True)
class Refresh:
    """What ``refresh()`` found: nothing new, a few commits by others, or a full reload."""

    full: bool = False
    ops: list[Op] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.full or bool(self.ops)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte (``os.write`` may write less than asked). A seam for tests."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_fd(fd: int) -> None:
    """Flush to the disk itself (macOS's plain fsync stops at the drive's cache)."""
    if _fcntl is not None and hasattr(_fcntl, "F_FULLFSYNC"):
        try:
            _fcntl.fcntl(fd, _fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass
    os.fsync(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (the entry lives in the directory)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - platforms that cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - filesystems without directory fsync
        pass
    finally:
        os.close(fd)


def encode_line(ops: list[Op]) -> bytes:
    """One self-checking journal line holding one commit."""
    body = json.dumps({"ops": ops}, ensure_ascii=False, separators=(",", ":"))
    raw = body.encode("utf-8", "surrogatepass")
    return b"%08x " % zlib.crc32(raw) + raw + b"\n"


def _valid_op(op: Any) -> bool:
    if not isinstance(op, list) or len(op) < 3:
        return False
    if not (isinstance(op[1], str) and isinstance(op[2], str)):
        return False
    if op[0] == "put":
        return len(op) == 4 and isinstance(op[3], dict)
    return op[0] == "del" and len(op) == 3


def decode_line(line: bytes) -> list[Op] | None:
    """The ops of one journal line (without its newline), or None when it does not check."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    body = line[9:]
    if zlib.crc32(body) != crc:
        return None
    try:
        obj = json.loads(body.decode("utf-8", "surrogatepass"))
    except ValueError:
        return None
    ops = obj.get("ops") if isinstance(obj, dict) else None
    if not isinstance(ops, list) or not all(_valid_op(op) for op in ops):
        return None
    return ops


def parse_journal(data: bytes, name: str) -> tuple[list[Op], int]:
    """All ops of the valid lines and the byte length of that valid prefix.

    A bad last line is a torn write and is left out; a bad line followed by more lines
    is damage and raises ``StoreError``.
    """
    ops: list[Op] = []
    pos = 0
    size = len(data)
    while pos < size:
        newline = data.find(b"\n", pos)
        if newline == -1:
            break  # torn tail: the crash came before the newline
        decoded = decode_line(data[pos:newline])
        if decoded is None:
            if any(decode_line(line) is not None for line in data[newline + 1 :].split(b"\n")):
                lineno = data.count(b"\n", 0, pos) + 1
                raise StoreError(
                    f"{name}: damaged at line {lineno} with saved changes after it; "
                    "left untouched (move it aside to open the database without it)"
                )
            break  # a torn last write (possibly followed by garbage from a power cut)
        ops.extend(decoded)
        pos = newline + 1
    return ops, pos


def parse_snapshot(raw: bytes, name: str) -> Data:
    """The snapshot's tables, or ``StoreError`` when it is not a TinyDB JSON document."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw.decode("utf-8", "surrogatepass"))
    except UnicodeDecodeError:
        raise StoreError(
            f"{name}: not a reader database (not UTF-8 text); left untouched"
        ) from None
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "left untouched"
        ) from None
    if not isinstance(data, dict):
        raise StoreError(
            f"{name}: not a reader database (JSON {type(data).__name__}, not an object); "
            "left untouched"
        )
    for table, docs in data.items():
        if not isinstance(docs, dict) or not all(isinstance(d, dict) for d in docs.values()):
            raise StoreError(
                f"{name}: not a reader database (table {table!r} is not a set of records); "
                "left untouched"
            )
    return data


def apply_ops(data: Data, ops: list[Op]) -> None:
    """Replay ops in order; idempotent for a prefix already applied."""
    for op in ops:
        if op[0] == "put":
            data.setdefault(op[1], {})[op[2]] = op[3]
        else:
            table = data.get(op[1])
            if table is not None:
                table.pop(op[2], None)


def _signature(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


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
        self._lock_fd = self._open_lock()

    # -- locking -------------------------------------------------------------------------

    def _open_lock(self) -> int:
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
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise StoreError(
                f"{self.path}: cannot write next to the database in {folder} ({_reason(exc)})"
            ) from None
        if self.path.exists() and not os.access(self.path, os.W_OK):
            os.close(fd)
            raise StoreError(f"{self.path}: database file is read-only")
        return fd

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
        if _fcntl is not None:
            _fcntl.flock(self._lock_fd, _fcntl.LOCK_EX if exclusive else _fcntl.LOCK_SH)
        else:  # pragma: no cover - Windows: one exclusive byte-range lock
            import msvcrt

            os.lseek(self._lock_fd, 0, os.SEEK_SET)
            msvcrt.locking(self._lock_fd, msvcrt.LK_LOCK, 1)

    def _release(self) -> None:
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
        if not ops:
            return
        for op in ops:
            if not _valid_op(op):
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
        self._replace_snapshot(
            json.dumps(self._data, ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8", "surrogatepass"
            )
        )
        if self._journal_end or self.journal_path.exists():
            fd = self._journal()
            try:
                os.ftruncate(fd, 0)
                fsync_fd(fd)
            except OSError as exc:
                raise StoreError(f"{self.journal_path}: cannot write ({_reason(exc)})") from None
        self._journal_end = 0

    def _replace_snapshot(self, raw: bytes) -> None:
        folder = self.path.parent
        tmp = folder / f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write in {folder} ({_reason(exc)})") from None
        try:
            try:
                old = os.stat(self.path)
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, stat.S_IMODE(old.st_mode))
            except FileNotFoundError:
                pass
            write_all(fd, raw)
            fsync_fd(fd)
            os.close(fd)
            fd = -1
            os.replace(tmp, self.path)
        except BaseException as exc:
            if fd != -1:
                os.close(fd)
            with suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise StoreError(f"{self.path}: cannot save ({_reason(exc)})") from None
            raise
        fsync_dir(folder)
        st = os.stat(self.path)
        self._snapshot_sig = _signature(st)
        self._snapshot_size = st.st_size

    def remove_stale_temps(self) -> int:
        """Delete snapshot temp files left by a process killed while compacting."""
        self._require("ex")
        removed = 0
        for tmp in self.path.parent.glob(f".{glob_escape(self.path.name)}.*.tmp"):
            with suppress(OSError):
                tmp.unlink()
                removed += 1
        return removed

    def close(self) -> None:
        self._close_journal()
        if self._lock_fd != -1:
            os.close(self._lock_fd)
            self._lock_fd = -1
