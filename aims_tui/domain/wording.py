"""Small helpers for the sentences the domain and the reports write."""

from __future__ import annotations

__all__ = ["join_and"]


def join_and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``; empty for no items."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
