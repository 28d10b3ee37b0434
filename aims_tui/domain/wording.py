"""Small helpers for the sentences the domain and the reports write."""

from __future__ import annotations

__all__ = ["counted", "join_and"]


def counted(n: int, one: str, many: str | None = None) -> str:
    """``1 conflict``, ``2 conflicts``, ``0 SoA entries`` (``many`` when adding an s is wrong)."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def join_and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``; empty for no items."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
