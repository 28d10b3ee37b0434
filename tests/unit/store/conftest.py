"""Store tests on plain and encrypted files: a test marked ``both_kinds`` runs once on a plain file
and once on an SQLCipher-encrypted one (issue 15: every guarantee of the plain file holds for the
encrypted one). ``store`` opens ``db_path`` with the ``passphrase`` of the run, ``connect`` opens a
raw connection the same way, and the CLI gets it through ``$AIMS_PASSPHRASE``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aims_tui.store import Store
from aims_tui.store import cipher

PASSPHRASE = "the store tests' passphrase, with a ' quote"


def pytest_configure(config):
    config.addinivalue_line("markers", "both_kinds: run on a plain and on an encrypted engagement file")


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("both_kinds"):
        metafunc.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])


@pytest.fixture
def passphrase():
    """None: a plain file (tests not marked ``both_kinds``)."""
    return None


@pytest.fixture(autouse=True)
def _passphrase_for_the_cli(passphrase, monkeypatch):
    if passphrase is not None:
        monkeypatch.setenv("AIMS_PASSPHRASE", passphrase)


@pytest.fixture
def store(db_path, passphrase):
    s = Store.open(db_path, actor="Test Assessor", passphrase=passphrase)
    assert s.encrypted == (passphrase is not None)
    yield s
    s.close()


@pytest.fixture
def connect(passphrase):
    """A raw connection to a file of this run's kind (what another program, or a forger, holds)."""
    def _connect(path, **kwargs):
        if passphrase is None:
            return sqlite3.connect(path, **kwargs)
        return cipher.connect(Path(path), str(path), passphrase, **kwargs)
    return _connect
