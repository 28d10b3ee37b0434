"""Every path the app uses, and nothing else."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Callable

import platformdirs

APP_NAME = "aims-tui"


def data_dir() -> Path:
    """The user data directory ($AIMS_DATA_DIR overrides it; tests point it at a temp dir)."""
    override = os.environ.get("AIMS_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Where the app keeps what it can rebuild (the validated-content cache): $AIMS_CACHE_DIR, else
    ``cache/`` in $AIMS_DATA_DIR when that is set (tests, benchmarks), else the user cache directory."""
    return _own_dir("AIMS_CACHE_DIR", "cache", platformdirs.user_cache_dir)


def state_dir() -> Path:
    """Where the app remembers small things between runs (the last export folder of each file):
    $AIMS_STATE_DIR, else ``state/`` in $AIMS_DATA_DIR when that is set (tests), else the user
    state directory. Never engagement data."""
    return _own_dir("AIMS_STATE_DIR", "state", platformdirs.user_state_dir)


def _own_dir(variable: str, name: str, user_dir: Callable[..., str]) -> Path:
    """$``variable``, else ``name`` in $AIMS_DATA_DIR when that is set, else the platform's folder."""
    env = os.environ.get(variable)
    if env:
        return Path(env)
    if os.environ.get("AIMS_DATA_DIR"):
        return data_dir() / name
    return Path(user_dir(APP_NAME, appauthor=False))


def default_db() -> Path:
    """$AIMS_DB, else ``assessments.db`` in the user data directory."""
    env = os.environ.get("AIMS_DB")
    return Path(env) if env else data_dir() / "assessments.db"


def user_questionnaires_dir() -> Path:
    """Where a consultant drops extra questionnaire files ($AIMS_QUESTIONNAIRES overrides it)."""
    env = os.environ.get("AIMS_QUESTIONNAIRES")
    return Path(env) if env else data_dir() / "questionnaires"


@lru_cache(maxsize=1)
def builtin_questionnaires_dir() -> Path:
    """The shipped content: inside the wheel, or the checkout's ``questionnaires/`` folder."""
    here = Path(__file__).resolve().parent
    packaged = here / "_questionnaires"
    if packaged.is_dir():
        return packaged
    return here.parent / "questionnaires"


def exports_dir() -> Path:
    """Default folder for exports: the checkout's ``exports/`` when run from inside a source
    checkout, else the current directory."""
    root = Path(__file__).resolve().parent.parent
    checkout = root / "exports"
    cwd = Path.cwd().resolve()
    if (checkout / "README.md").is_file() and (cwd == root or root in cwd.parents):
        return checkout
    return cwd
