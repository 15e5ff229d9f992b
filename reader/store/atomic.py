"""Replace a file whole, so that readers and crashes only ever see the old or the new one.

One helper for every file the app rewrites (the store's snapshot, exported notes): a
temp file in the same folder (a rename across filesystems is not atomic), fsynced before
the rename (else a crash may leave the new name pointing at empty blocks), then an fsync
of the folder (the rename lives in the directory entry). A file already at the target
keeps its permission bits, so a user's ``chmod 600`` survives a save.
"""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import suppress
from glob import escape as glob_escape
from pathlib import Path

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]

__all__ = ["TEMP_SUFFIX", "fsync_dir", "fsync_fd", "temp_glob", "write_all", "write_atomic"]

TEMP_SUFFIX = ".tmp"


def temp_glob(target: Path) -> str:
    """A glob matching the temp files ``write_atomic`` may leave behind for ``target``."""
    return f".{glob_escape(target.name)}.*{TEMP_SUFFIX}"


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


def write_atomic(target: Path, data: bytes, *, durable: bool = True) -> os.stat_result:
    """Replace ``target`` with ``data`` atomically and durably; return the new file's stat.

    Raises ``OSError`` (the caller names the file in its own error); on failure ``target``
    is untouched and no temp file is left. A new file gets the usual ``0o666 & ~umask``.
    ``durable=False`` skips syncing the folder: the rename may be lost in a crash (the
    old file, or none, remains), for files that can be made again (a cache entry).
    """
    folder = target.parent
    tmp = folder / f".{target.name}.{os.getpid()}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = None
        if mode is not None:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:  # pragma: no cover - Windows
                os.chmod(tmp, mode)
        write_all(fd, data)
        fsync_fd(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
    except BaseException:
        if fd != -1:
            os.close(fd)
        with suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(folder)
    return os.stat(target)
