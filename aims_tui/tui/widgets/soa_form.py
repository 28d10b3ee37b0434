"""Edit one Statement of Applicability entry. Every field can go back to the draft on its own
(its ↺ button), or the whole entry at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, Switch, TextArea

from aims_tui.domain.models import IMPLEMENTATION_STATUSES, INCLUSION_REASONS, SoAOverride
from aims_tui.domain.soa import SOA_FIELDS, SoAEntry

__all__ = ["SoAEdit", "SoAForm"]


@dataclass(frozen=True)
class SoAEdit:
    """The form's result: SoAOverride fields to write; None sends a field back to the draft."""

    control_id: str
    changes: dict[str, Any]


def _shown(field: str, value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return "applicable" if value else "excluded"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class SoAForm(ModalScreen[SoAEdit | None]):
    """Applicability, reasons, justification, status, owner and evidence of one control."""

    DEFAULT_CSS = """
    SoAForm {
        align: center middle;
    }
    SoAForm > #soa-form {
        width: 100;
        max-width: 100%;
        height: 100%;
        max-height: 34;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    SoAForm #soa-form-heading {
        text-style: bold;
        height: auto;
    }
    SoAForm #soa-form-fields {
        height: 1fr;
    }
    SoAForm .soa-row {
        height: auto;
        margin-bottom: 1;
    }
    SoAForm .soa-row > Label {
        width: 14;
        padding: 0 1 0 0;
        text-align: right;
        color: $text-muted;
    }
    SoAForm .soa-row > Input, SoAForm .soa-row > Select {
        width: 1fr;
    }
    SoAForm .soa-row > Switch {
        width: auto;
        height: 1;
        border: none;
        padding: 0;
    }
    SoAForm .soa-row > .soa-draft {
        width: 1fr;
        padding: 0 0 0 2;
        color: $text-muted;
    }
    SoAForm .soa-row > Button {
        min-width: 3;
        width: 3;
        margin-left: 1;
    }
    SoAForm #soa-reasons {
        height: 4;
        width: 1fr;
        border: none;
        padding: 0;
    }
    SoAForm #soa-justification {
        height: 6;
        width: 1fr;
    }
    SoAForm .soa-edited > Label {
        color: $accent;
        text-style: bold;
    }
    SoAForm #soa-form-error {
        color: $error;
        height: auto;
    }
    SoAForm #soa-form-buttons {
        height: auto;
        align-horizontal: right;
    }
    SoAForm #soa-form-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="soa-form-save", priority=True),
        Binding("ctrl+r", "reset_entry", "Reset entry to draft", id="soa-form-reset-entry"),
        Binding("escape", "cancel", "Cancel", id="soa-form-cancel"),
    ]

    def __init__(self, entry: SoAEntry, override: SoAOverride | None, *, exclude: bool = False) -> None:
        super().__init__()
        self.exclude = exclude
        """Open with applicability switched off and the cursor in the justification."""
        self.entry = entry
        self.override = override
        self.reset: set[str] = set()
        """Fields sent back to the draft with their ↺ button."""

    # -- typed accessors -------------------------------------------------------------------------

    @property
    def applicable(self) -> Switch:
        return self.query_one("#soa-applicable", Switch)

    @property
    def reasons(self) -> SelectionList[str]:
        return self.query_one("#soa-reasons", SelectionList)

    @property
    def justification(self) -> TextArea:
        return self.query_one("#soa-justification", TextArea)

    @property
    def status(self) -> Select[str]:
        return self.query_one("#soa-status", Select)

    @property
    def owner(self) -> Input:
        return self.query_one("#soa-owner", Input)

    @property
    def evidence(self) -> Input:
        return self.query_one("#soa-evidence", Input)

    @property
    def error(self) -> Static:
        return self.query_one("#soa-form-error", Static)

    # -- layout ----------------------------------------------------------------------------------

    def _row_classes(self, field: str) -> str:
        return "soa-row soa-edited" if field in self.entry.edited else "soa-row"

    def _reset_button(self, field: str) -> Button:
        return Button("↺", id=f"soa-reset-{field}", tooltip=f"Back to the draft {field}", compact=True)

    def compose(self) -> ComposeResult:
        e = self.entry
        heading = Text(f"{e.control_id} ", style="bold")
        heading.append(e.title)
        heading.append(f"\n{e.group_id} {e.group_title}", style="dim")
        if e.edited:
            heading.append("\nLabels in colour: edited by you; ↺ puts one field back to the draft.", style="italic")
        with Vertical(id="soa-form"):
            yield Static(heading, id="soa-form-heading")
            with VerticalScroll(id="soa-form-fields"):
                with Horizontal(classes=self._row_classes("applicable")):
                    yield Label("Applicable")
                    yield Switch(e.applicable, id="soa-applicable")
                    yield Static(Text(f"draft: {_shown('applicable', e.draft['applicable'])}"), classes="soa-draft")
                    yield self._reset_button("applicable")
                with Horizontal(classes=self._row_classes("reasons")):
                    yield Label("Reasons")
                    yield SelectionList[str](*[(Text(r), r, r in e.reasons) for r in INCLUSION_REASONS],
                                             id="soa-reasons")
                    yield self._reset_button("reasons")
                with Horizontal(classes=self._row_classes("justification")):
                    yield Label("Justification")
                    yield TextArea(e.justification, id="soa-justification", soft_wrap=True, show_line_numbers=False,
                                   compact=True)
                    yield self._reset_button("justification")
                with Horizontal(classes=self._row_classes("status")):
                    yield Label("Status")
                    yield Select([(s, s) for s in IMPLEMENTATION_STATUSES], id="soa-status", compact=True,
                                 prompt="(not known)", value=e.status if e.status is not None else Select.NULL)
                    yield self._reset_button("status")
                with Horizontal(classes=self._row_classes("owner")):
                    yield Label("Owner")
                    yield Input(e.owner, id="soa-owner", compact=True)
                    yield self._reset_button("owner")
                with Horizontal(classes=self._row_classes("evidence")):
                    yield Label("Evidence")
                    yield Input((self.override.evidence if self.override else None) or "", id="soa-evidence",
                                compact=True, placeholder="your own references, separated by ;")
                    yield self._reset_button("evidence")
                recorded = e.draft.get("evidence") or []
                yield Static(Text("Recorded in the interview: " + ("; ".join(recorded) if recorded else "none"),
                                  style="dim"), classes="soa-draft")
            yield Static(id="soa-form-error")
            with Horizontal(id="soa-form-buttons"):
                yield Button("Reset entry", id="soa-form-reset-entry", compact=True)
                yield Button("Save", variant="primary", id="soa-form-save", compact=True)
                yield Button("Cancel", id="soa-form-cancel", compact=True)

    def on_mount(self) -> None:
        if self.exclude:
            self.applicable.value = False
            self.justification.focus()
        else:
            self.applicable.focus()

    # -- values ----------------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        status = self.status.value
        return {
            "applicable": self.applicable.value,
            "reasons": [r for r in INCLUSION_REASONS if r in self.reasons.selected],
            "justification": self.justification.text.strip(),
            "status": None if status is Select.NULL else status,
            "owner": self.owner.value.strip(),
            "evidence": self.evidence.value.strip(),
        }

    def _current(self) -> dict[str, Any]:
        e = self.entry
        return {"applicable": e.applicable, "reasons": list(e.reasons), "justification": e.justification.strip(),
                "status": e.status, "owner": e.owner,
                "evidence": ((self.override.evidence if self.override else None) or "").strip()}

    def _draft(self) -> dict[str, Any]:
        d = self.entry.draft
        return {"applicable": d["applicable"], "reasons": list(d["reasons"]),
                "justification": d["justification"].strip(), "status": d["status"], "owner": d["owner"],
                "evidence": ""}

    def changes(self) -> dict[str, Any]:
        """What to write: changed fields with their value, reset fields as None (the draft wins)."""
        values, current, draft = self._values(), self._current(), self._draft()
        out: dict[str, Any] = {}
        for name in SOA_FIELDS:
            value = values[name]
            if name in ("reasons",):
                same_as_draft = set(value) == set(draft[name])
                same_as_now = set(value) == set(current[name])
            else:
                same_as_draft = value == draft[name]
                same_as_now = value == current[name]
            if name in self.reset:
                out[name] = None if same_as_draft else value
            elif not same_as_now:
                out[name] = value if value not in ("",) else None
        return out

    # -- reset buttons ---------------------------------------------------------------------------

    @on(Button.Pressed, ".soa-row Button")
    def _reset_field(self, event: Button.Pressed) -> None:
        field = (event.button.id or "").removeprefix("soa-reset-")
        draft = self._draft()
        if field == "applicable":
            self.applicable.value = draft["applicable"]
        elif field == "reasons":
            self.reasons.deselect_all()
            for reason in draft["reasons"]:
                self.reasons.select(reason)
        elif field == "justification":
            self.justification.text = self.entry.draft["justification"]
        elif field == "status":
            self.status.value = draft["status"] if draft["status"] is not None else Select.NULL
        elif field == "owner":
            self.owner.value = draft["owner"]
        elif field == "evidence":
            self.evidence.value = ""
        else:
            return
        self.reset.add(field)
        self.notify(f"{field} back to the draft (saved when you save)", timeout=2)

    # -- actions ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#soa-form-save")
    def action_save(self) -> None:
        changes = self.changes()
        values = self._values()
        excluding = not values["applicable"]
        own_reason = ("justification" in changes and changes["justification"] is not None) or (
            "justification" in self.entry.edited and "justification" not in changes)
        if excluding and not own_reason:
            self.error.update(Text(
                f"Excluding {self.entry.control_id} needs your reason: write in the justification why it does "
                "not apply to this scope."))
            self.justification.focus()
            return
        self.dismiss(SoAEdit(self.entry.control_id, changes))

    @on(Button.Pressed, "#soa-form-reset-entry")
    def action_reset_entry(self) -> None:
        self.dismiss(SoAEdit(self.entry.control_id, {name: None for name in SOA_FIELDS}))

    @on(Button.Pressed, "#soa-form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
