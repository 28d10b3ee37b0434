"""Engagement files encrypted at rest with a passphrase: SQLCipher, through ``sqlcipher3-wheels``.

SQLCipher encrypts every page of the database and of its ``-wal`` (AES-256, a key derived from the
passphrase with PBKDF2 and a per-file salt); everything else is SQLite as usual, so the store opens
an encrypted file exactly as a plain one once ``PRAGMA key`` has been applied first. The library is
an optional extra (``pip install 'aims-tui[encrypt]'``): without it plain files work as always and
any request for encryption says what to install. See docs/STORAGE.md, "Encryption at rest".

``sqlcipher3`` raises its own exception classes (a copy of the standard library's module), so the
store catches :data:`aims_tui.store.errors.SQL_ERROR` and friends, which list both.

The passphrase lives only in the connection: never stored, logged or written to the audit trail.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

from aims_tui.store.errors import StoreError, WrongPassphrase

INSTALL_HINT = "install the encryption support: pip install 'aims-tui[encrypt]'"
PASSPHRASE_ENV = "AIMS_PASSPHRASE"


def env_passphrase() -> str | None:
    """The passphrase scripts give in ``$AIMS_PASSPHRASE`` (None when unset or empty)."""
    return os.environ.get(PASSPHRASE_ENV) or None


def driver() -> ModuleType:
    """The SQLCipher DB-API module; StoreError saying what to install when it is missing."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise StoreError(f"encrypted files need the SQLCipher library: {INSTALL_HINT}") from None
    return dbapi2


def available() -> bool:
    """Whether the encryption library is installed."""
    try:
        driver()
    except StoreError:
        return False
    return True


def key_pragma(passphrase: str) -> str:
    """``PRAGMA key`` for ``passphrase`` as an SQL string literal (quotes doubled)."""
    if not passphrase:
        raise StoreError("the passphrase is empty; give one ($AIMS_PASSPHRASE or at the prompt)")
    return "PRAGMA key = '" + passphrase.replace("'", "''") + "'"


def connect(path: Path, target: str, passphrase: str, **kwargs: Any) -> Any:
    """A connection to ``target`` (a path or, with ``uri=True``, a URI) keyed with ``passphrase``,
    checked to open: WrongPassphrase (one line naming ``path``) when it does not."""
    dbapi2 = driver()
    conn = dbapi2.connect(target, **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our one line, not its log on stderr
        conn.execute(key_pragma(passphrase))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongPassphrase(f"{path}: wrong passphrase or not an aims file") from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn

