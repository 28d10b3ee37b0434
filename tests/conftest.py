"""Shared fixtures. Sockets are blocked for the whole suite (pytest-socket, see pyproject addopts):
the app must never touch the network (docs/CONTRACT.md R7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aims_tui.domain.content import Content
from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir
from aims_tui.store import Store


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Point the user data directory, $AIMS_DB and the questionnaires folder at a temp dir."""
    data = tmp_path_factory.mktemp("aims-data")
    monkeypatch.setenv("AIMS_DATA_DIR", str(data))
    monkeypatch.delenv("AIMS_DB", raising=False)
    monkeypatch.delenv("AIMS_QUESTIONNAIRES", raising=False)
    monkeypatch.setenv("AIMS_ASSESSOR", "Test Assessor")
    return data


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(builtin_questionnaires_dir())


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "engagement.db"


@pytest.fixture
def store(db_path):
    s = Store.open(db_path, actor="Test Assessor")
    yield s
    s.close()


@pytest.fixture
def assessment(store, content):
    return store.create_assessment("Acme Analytics Ltd", "Customer-facing AI systems", assessors=["Test Assessor"],
                                   matrix=content.scales.default_matrix())
