"""Colours and text helpers shared by the screens, so a status looks the same everywhere."""

from __future__ import annotations

__all__ = ["GOOD", "WARN", "BAD", "INFO", "EDITED", "IMPLEMENTATION_STYLE", "PRIORITY_STYLE", "cut"]

GOOD, WARN, BAD, INFO, EDITED = "#4caf50", "#e0a030", "#e05d5d", "#5c9ded", "#d081e0"

IMPLEMENTATION_STYLE = {
    "implemented": GOOD,
    "partially-implemented": WARN,
    "planned": INFO,
    "not-implemented": BAD,
}
PRIORITY_STYLE = {"high": f"bold {BAD}", "medium": WARN, "low": ""}


def cut(text: str, width: int) -> str:
    """User text on one line of at most ``width`` cells: whitespace folded, an ellipsis if cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
