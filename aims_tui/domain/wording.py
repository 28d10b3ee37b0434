"""Small helpers for the words the app writes: sentences in the domain and the reports, one-line text
in the terminal, and the mark for a value that is not there."""

from __future__ import annotations

__all__ = ["NO_VALUE", "counted", "error_line", "join_and", "one_line"]

NO_VALUE = "—"
"""What an empty cell or a missing figure shows, in the TUI and in the exports alike (an em dash, the
usual mark for "no entry" in a table; the en dash stays for ranges such as "clauses 4–10")."""


def counted(n: int, one: str, many: str | None = None) -> str:
    """``1 conflict``, ``2 conflicts``, ``0 SoA entries`` (``many`` when adding an s is wrong)."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def join_and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``; empty for no items."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def one_line(text: str) -> str:
    """User text shown on one line of a terminal (a table row, a list): line breaks become spaces and
    other control characters are shown escaped (``\\t``, ``\\x1b``), so the text cannot break the layout
    or drive the terminal."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text.replace("\n", " "))


def error_line(exc: BaseException) -> str:
    """An error's message on one line (runs of whitespace and line breaks collapsed); its class name
    when it has no message."""
    return " ".join(str(exc).split()) or type(exc).__name__
