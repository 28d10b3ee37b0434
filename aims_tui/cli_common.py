"""What every subcommand of the ``aims`` command line shares: exit codes, the one-line usage
error, argument types, opening the --db file (with its passphrase), JSON output, and bringing an
assessment up to date with the questionnaires. Kept apart from cli.py so the subcommand groups
(cli.py, cli_audit.py) import it without importing each other."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aims_tui import content_loader
from aims_tui.locations import default_db
from aims_tui.store import Store, cipher, open_read_only
from aims_tui.store.errors import PassphraseNeeded

if TYPE_CHECKING:  # pydantic and PyYAML load only for the commands that need the questionnaires
    from aims_tui.domain.content import Content

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the user: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        self.exit(EXIT_USAGE, f"aims: error: {message} (see '{self.prog} --help')\n")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}: use YYYY-MM-DD") from None


def _level(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: use a whole number") from None
    return value


# ---------------------------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------------------------


load_app_content = content_loader.app_content
"""Built-in questionnaires plus the user's own folder (through the validated-content cache)."""
_question_count = content_loader.app_question_count


def _db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or default_db())


def _passphrase(path: Path, *, new: bool = False) -> str | None:
    """``$AIMS_PASSPHRASE``, else asked on a terminal (twice for a new file); None when neither.
    Never stored, printed or logged."""
    given = cipher.env_passphrase()
    if given or not sys.stdin.isatty():
        return given
    first = getpass.getpass(f"{'new passphrase' if new else 'passphrase'} for {path}: ")
    if new and getpass.getpass("the same passphrase again: ") != first:
        raise UsageError("the two passphrases differ; nothing was written")
    return first


def _open_file(path: Path, read_only: bool = False, **kwargs: Any) -> Store:
    """Open ``path``; an encrypted file with ``$AIMS_PASSPHRASE``, else the passphrase asked once.
    A new file is plain (``aims new --encrypt`` makes an encrypted one)."""
    opener = open_read_only if read_only else Store.open
    try:
        return opener(path, **kwargs)
    except PassphraseNeeded:
        passphrase = _passphrase(path)
        if passphrase is None:
            raise
        return opener(path, passphrase=passphrase, **kwargs)


def _open(args: argparse.Namespace) -> Store:
    if getattr(args, "read_only", False):  # aims --read-only COMMAND: reads work, writes are refused
        return _open_file(_db_path(args), read_only=True)
    store = _open_file(_db_path(args))
    # A mistyped --db should not pass unnoticed where the command would succeed on an empty file
    # (other commands fail naming the path anyway).
    if store.created and args.command in ("list", "verify"):
        print(f"aims: note: created a new, empty database at {store.path}", file=sys.stderr)
    return store


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _assessment_id(store: Store, given: str) -> str:
    return store.resolve_id(given)


def _up_to_date(store: Store, content: Content, assessment_id: str) -> None:
    """Carry the assessment's answers forward to the current questionnaires (store/content_upgrade.py)."""
    from aims_tui.store.content_upgrade import bring_up_to_date

    for line in bring_up_to_date(store, content, assessment_id).lines():
        print(f"aims: note: {line}", file=sys.stderr)


def _usage(command: str, actions: str) -> int:
    raise UsageError(f"'aims {command}' needs an action: {actions}")
