"""``aims --read-only`` in the TUI: the header says so, and a key that would write says one line
instead of opening a form whose save could only fail."""

from __future__ import annotations

from textual.dom import DOMNode

REFUSED = "read-only: nothing is written (this file was opened read-only: aims --read-only)"
"""What a writing key says in a read-only session."""

WRITING_ACTIONS: dict[str, frozenset[str]] = {
    "HomeScreen": frozenset({"new", "follow_up", "archive", "restore", "import_bundle"}),
    "ScopeScreen": frozenset({"edit_scope", "add_system", "edit_system", "delete_system"}),
    "WalkerScreen": frozenset({"status", "maturity", "edit_notes", "external_editor", "evidence", "interviewee",
                               "finding", "raise_action", "items", "clear_answer", "take_linked", "undo_clear",
                               "sample"}),
    "RisksScreen": frozenset({"new_risk", "from_catalogue", "edit_risk", "delete_risk"}),
    "SoAScreen": frozenset({"edit_entry", "toggle_applicable", "reset_entry"}),
}
"""The actions of the other section screens that write, by screen class. A screen may instead name
its own in a ``WRITES`` class attribute (the Audit screen does)."""


def writes(namespace: DOMNode, action_name: str) -> bool:
    """Whether running ``action_name`` on ``namespace`` would change the file."""
    own = getattr(type(namespace), "WRITES", None)
    if own is not None:
        return action_name in own
    return action_name in WRITING_ACTIONS.get(type(namespace).__name__, frozenset())
