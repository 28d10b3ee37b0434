"""The engagement file the TUI starts on, when it cannot be opened before the first frame: an
encrypted file whose passphrase the user types into the prompt (``dialogs/passphrase_dialog.py``),
or a file that does not exist yet, which the user may create encrypted (issue 15).

Kept apart from the dialog, and free of widgets, so that ``make_app`` decides which it is without
importing the dialog's widgets when the file opens as it is.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from aims_tui import open_files
from aims_tui.store import Store, cipher, open_read_only
from aims_tui.store.errors import PassphraseNeeded


@dataclass(frozen=True)
class LockedFile:
    """A file the TUI opens once the prompt is answered."""

    path: Path
    read_only: bool = False
    """Opened with ``open_read_only`` (``aims --read-only``)."""
    new: bool = False
    """The file does not exist yet (or is empty): the prompt asks whether to encrypt it."""

    def open(self, passphrase: str | None) -> Store:
        """Open (a new file: create) the file, encrypted with ``passphrase`` (plain when None);
        StoreError with one line otherwise (WrongPassphrase for a wrong one)."""
        if self.read_only:
            return open_read_only(self.path, passphrase=passphrase)
        return Store.open(self.path, passphrase=passphrase)


def open_or_locked(path: Path, *, read_only: bool = False, offer_encryption: bool = False) -> Store | LockedFile:
    """``path`` opened when it needs no passphrase or ``$AIMS_PASSPHRASE`` gives it (a wrong one is
    a StoreError, as on the command line); else the LockedFile the prompt unlocks. With
    ``offer_encryption`` (and the library installed) a file that does not exist yet is not created
    here: the prompt asks whether to encrypt it."""
    if offer_encryption and not read_only and cipher.available() and _is_new(path):
        return LockedFile(path, new=True)
    locked = LockedFile(path, read_only)
    try:
        return locked.open(None)
    except PassphraseNeeded:
        given = cipher.env_passphrase()
        if given is None:
            return locked
        return locked.open(given)


def _is_new(path: Path) -> bool:
    """Missing, or an empty regular file (what Store.open would make a new engagement file)."""
    if open_files.is_open_database(path):
        return False
    try:
        st = path.expanduser().stat()
    except FileNotFoundError:
        return True
    except OSError:  # Store.open names the problem
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == 0
