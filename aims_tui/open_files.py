"""Which database files this process has open, so that nothing but SQLite ever opens them.

SQLite locks a database with POSIX advisory locks, and the kernel drops *all* of a process's locks
on a file as soon as *any* descriptor of that file is closed. Reading an open database with Python's
``open()`` (its header, a bundle or template path mistyped as the database, an evidence file, an
export written over it) would silently unlock it; another process (``aims list`` in a second
terminal) could then take the file for unused, checkpoint and delete the WAL the app is still
writing to, and the app's next answers would be lost when it died. The store registers every file
it opens here; everything that reads or writes a user-given path asks :func:`refuse_open_database`
first. ``stat`` opens no descriptor, so asking is safe.

No SQLite here: the exports use it too, and they must not import the store.
"""

from __future__ import annotations

import errno
import threading
from pathlib import Path

__all__ = ["SQLITE_MAGIC", "register", "unregister", "is_open_database", "is_database", "refuse_open_database",
           "OpenDatabaseError"]

SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""

_OPEN: dict[tuple[int, int], int] = {}
"""(device, inode) of each open database, with how many Stores hold it."""
_LOCK = threading.Lock()


class OpenDatabaseError(OSError):
    """A path that is (part of) a database this process has open."""


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except (OSError, ValueError):
        return None
    if not st.st_ino:  # some file systems report no inode numbers: every file would look alike
        return None
    return (st.st_dev, st.st_ino)


def register(path: Path) -> tuple[int, int] | None:
    """Record that a Store holds ``path``; returns the key to :func:`unregister` with."""
    fid = _file_id(path)
    if fid is not None:
        with _LOCK:
            _OPEN[fid] = _OPEN.get(fid, 0) + 1
    return fid


def unregister(fid: tuple[int, int] | None) -> None:
    if fid is None:
        return
    with _LOCK:
        if _OPEN.get(fid, 0) <= 1:
            _OPEN.pop(fid, None)
        else:
            _OPEN[fid] -= 1


def is_open_database(path: Path) -> bool:
    """Whether ``path`` is, or is the -wal/-shm/-journal file of, a database open in this process."""
    path = Path(path)
    candidates = [path]
    for suffix in ("-wal", "-shm", "-journal"):
        if path.name.endswith(suffix):
            candidates.append(path.with_name(path.name[: -len(suffix)]))
    ids = [fid for fid in map(_file_id, candidates) if fid is not None]
    with _LOCK:
        return any(fid in _OPEN for fid in ids)


def is_database(path: Path) -> bool:
    """Whether ``path`` is a database open here or any SQLite file. The registry is asked first: the
    file's header is read only when no Store in this process holds it."""
    if is_open_database(path):
        return True
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def refuse_open_database(path: Path, what: str, instead: str = "give another file") -> None:
    """Raise :class:`OpenDatabaseError` when ``path`` is an open database: ``what`` says what the
    path was given as ("an evidence file", "a bundle"), ``instead`` what to give."""
    if is_open_database(path):
        raise OpenDatabaseError(errno.EBUSY, f"{path}: is an assessment database open in aims-tui, not {what}; "
                                             f"{instead}")
