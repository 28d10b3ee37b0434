"""The store's errors, and the SQLite exception classes of both drivers (plain and SQLCipher)."""

import sqlite3


def _driver_errors(name: str) -> tuple[type[Exception], ...]:
    """``sqlite3.<name>`` and, when the encryption library is installed, ``sqlcipher3``'s own class of
    the same name (a copy of the standard library's module, not a subclass of it)."""
    classes: list[type[Exception]] = [getattr(sqlite3, name)]
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        pass
    else:
        classes.append(getattr(dbapi2, name))
    return tuple(classes)


SQL_ERROR = _driver_errors("Error")
"""Catch this, not ``sqlite3.Error``: an encrypted file's connection raises sqlcipher3's classes."""
SQL_OPERATIONAL_ERROR = _driver_errors("OperationalError")


class StoreError(Exception):
    """A problem with the database file, as one line a person can act on."""


class StaleWriteError(StoreError):
    """A write refused because what it was based on changed meanwhile (another window or process)."""

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current
        """What is stored now (an Answer, or None)."""


class PassphraseNeeded(StoreError):
    """The file is not a plain SQLite file: encrypted (or not an aims file); a passphrase is needed."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the file (or the file is not an aims file)."""
