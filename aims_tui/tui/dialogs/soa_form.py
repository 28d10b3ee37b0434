"""Edit one Statement of Applicability entry. Every field can go back to the draft on its own
(its ↺ button, or ctrl+r in the field), or the whole entry at once (Reset entry).

Excluding a control starts the justification empty, with the draft's text above it for reference:
the reason for an exclusion is the assessor's, and a reason typed in front of the draft would reach
the client's SoA as "Excluded: … Applicable as best practice: …". The form refuses an exclusion with
no reason of the assessor's own. Keys, the error line and Save/Cancel come from :class:`FormDialog`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, SelectionList, Static, Switch

from aims_tui.domain.models import IMPLEMENTATION_STATUSES, INCLUSION_REASONS, SoAOverride
from aims_tui.domain.soa import SOA_FIELDS, SoAEntry, keeps_draft_wording
from aims_tui.tui.dialogs.form_base import FormDialog, LabelledRow
from aims_tui.tui.widgets.look import WARN, cut
from aims_tui.tui.widgets.text_area import NoteArea
from aims_tui.tui.widgets.choice import Choice

__all__ = ["SoAEdit", "SoAForm"]

_FOUND = {"implemented": "met", "partially-implemented": "partially met"}
"""Drafted statuses that make an exclusion doubtful, as the interview found them: any answer met or
partial (a mix of met and not-met answers drafts partially-implemented)."""
_CONTEXT_CHARS = 160  # of the draft justification shown above an exclusion's empty field


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


class SoAForm(FormDialog[SoAEdit | None]):
    """Applicability, justification, status, owner, evidence and reasons of one control, in the
    order people edit them (Tab follows it; the ↺ buttons are for the mouse, ctrl+r for keys)."""

    dialog_id = "soa-form"
    # Screen CSS, not DEFAULT_CSS: it must win over the app's ``.dialog`` rules (height: auto), so
    # that the fields scroll between the heading and the buttons instead of pushing them off screen.
    CSS = """
    #soa-form {
        width: 100%;
        max-width: 100;
        height: 100%;
        max-height: 34;
    }
    #soa-form-fields {
        height: 1fr;
    }
    """
    DEFAULT_CSS = """
    SoAForm #soa-form-subheading {
        color: $text-muted;
        height: auto;
    }
    SoAForm .soa-row {
        height: auto;
        margin-bottom: 1;
    }
    SoAForm .soa-row > Input, SoAForm .soa-row > Choice {
        width: 1fr;
    }
    SoAForm .soa-row > Switch {
        width: auto;
        height: 1;
        border: none;
        padding: 0;
    }
    SoAForm .soa-draft {
        width: 1fr;
        padding: 0 0 0 2;
        color: $text-muted;
    }
    SoAForm .soa-row > Button {
        min-width: 3;
        width: 3;
        margin-left: 1;
    }
    SoAForm #soa-exclusion-context {
        height: auto;
        padding: 0 0 1 14;
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
    SoAForm.-short .soa-row {
        margin-bottom: 0;
    }
    SoAForm.-short #soa-justification {
        height: 4;
    }
    SoAForm.-short #soa-exclusion-context {
        padding: 0 0 0 14;
    }
    SoAForm .soa-edited {
        border-title-color: $accent;
        border-title-style: bold;
    }
    SoAForm #soa-form-keys {
        height: auto;
    }
    SoAForm #soa-form-keys > Static {
        width: 1fr;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "reset_field", "Field back to draft", id="soa-form-reset-field"),
    ]
    keys_hint = None  # this form shows its own keys line, with more keys
    KEYS_HINT = "enter next · space opens a list · ctrl+s save · esc cancel · ctrl+r to draft"

    def __init__(self, entry: SoAEntry, override: SoAOverride | None, *, exclude: bool = False) -> None:
        super().__init__(f"{entry.control_id} {entry.title}")
        self.exclude = exclude
        """Opened to exclude the control: applicability off, the justification empty and focused."""
        self.first_field = "soa-justification" if exclude else "soa-applicable"
        self.entry = entry
        self.override = override
        self.reset: set[str] = set()
        """Fields sent back to the draft with their ↺ button or ctrl+r."""
        self._set_aside = ""
        """The justification cleared when applicability was switched off, put back if switched on."""
        self._exclusion_reason = ""
        """An excluded control's reason, replaced by the draft when switched on, put back if off again."""

    # -- typed accessors -------------------------------------------------------------------------

    @property
    def applicable(self) -> Switch:
        return self.query_one("#soa-applicable", Switch)

    @property
    def reasons(self) -> SelectionList[str]:
        return self.query_one("#soa-reasons", SelectionList)

    @property
    def justification(self) -> NoteArea:
        return self.query_one("#soa-justification", NoteArea)

    @property
    def status(self) -> Choice[str]:
        return self.query_one("#soa-status", Choice)

    @property
    def owner(self) -> Input:
        return self.query_one("#soa-owner", Input)

    @property
    def evidence(self) -> Input:
        return self.query_one("#soa-evidence", Input)

    @property
    def error(self) -> Static:
        return self.query_one("#error", Static)

    @property
    def exclusion_context(self) -> Static:
        return self.query_one("#soa-exclusion-context", Static)

    # -- layout ----------------------------------------------------------------------------------

    def _row(self, field: str, label: str) -> LabelledRow:
        classes = "soa-row soa-edited" if field in self.entry.edited else "soa-row"
        return LabelledRow(label, label_width=14, classes=classes, id=f"soa-row-{field}")

    def _reset_button(self, field: str) -> Button:
        button = Button("↺", id=f"soa-reset-{field}", tooltip=f"Back to the draft {field} (ctrl+r)", compact=True)
        button.can_focus = False  # Tab goes field to field; ctrl+r resets the field with the cursor
        return button

    def fields(self) -> ComposeResult:
        e = self.entry
        sub = Text(f"{e.group_id} {e.group_title}")
        if e.edited:
            sub.append("\nLabels in colour: edited by you; ↺ or ctrl+r puts one field back to the draft.",
                       style="italic")
        yield Static(sub, id="soa-form-subheading")
        with VerticalScroll(id="soa-form-fields"):
            with self._row("applicable", "Applicable"):
                yield Switch(e.applicable and not self.exclude, id="soa-applicable")
                yield Static(Text(f"draft: {_shown('applicable', e.draft['applicable'])}"), classes="soa-draft")
                yield self._reset_button("applicable")
            yield Static(id="soa-exclusion-context")
            with self._row("justification", "Justification"):
                yield NoteArea("" if self.exclude else e.justification, id="soa-justification", soft_wrap=True,
                               show_line_numbers=False, compact=True)
                yield self._reset_button("justification")
            with self._row("status", "Status"):
                yield Choice([(s, s) for s in IMPLEMENTATION_STATUSES], id="soa-status",
                             prompt="(not known)", value=e.status if e.status is not None else Choice.BLANK)
                yield self._reset_button("status")
            with self._row("owner", "Owner"):
                yield Input(e.owner, id="soa-owner", compact=True)
                yield self._reset_button("owner")
            with self._row("evidence", "Evidence"):
                yield Input((self.override.evidence if self.override else None) or "", id="soa-evidence",
                            compact=True, placeholder="your own references, separated by ;")
                yield self._reset_button("evidence")
            recorded = e.draft.get("evidence") or []
            yield Static(Text("Recorded in the interview: " + ("; ".join(recorded) if recorded else "none"),
                              style="dim"), classes="soa-draft")
            with self._row("reasons", "Reasons"):
                yield SelectionList[str](*[(Text(r), r, r in e.reasons) for r in INCLUSION_REASONS],
                                         id="soa-reasons")
                yield self._reset_button("reasons")
        with Horizontal(id="soa-form-keys"):
            yield Static(self.KEYS_HINT, markup=False)
            yield Button("Reset entry", id="soa-form-reset-entry", compact=True,
                         tooltip="Every field back to the draft")

    def on_mount(self) -> None:
        # FormDialog.on_mount runs too (Textual calls each class's handler) and focuses first_field.
        if self.exclude:
            self._set_aside = self.entry.justification
        # Words typed into the justification go after what is there, not in front of it.
        self.justification.move_cursor(self.justification.document.end)
        self._show_exclusion_context()

    # -- excluding -------------------------------------------------------------------------------

    def _show_exclusion_context(self) -> None:
        """Above an exclusion's justification: a warning when the interview found the control in
        place, and what the justification said before (for reference, not to edit)."""
        context = self.exclusion_context
        if self.applicable.value:
            context.display = False
            return
        text = Text()
        found = _FOUND.get(self.entry.draft["status"] or "")
        if found:
            text.append(f"The interview found this control {found}: excluding it needs a strong reason.\n",
                        style=f"bold {WARN}")
        before = self._set_aside or self.entry.draft["justification"]
        said = "Draft said" if "justification" not in self.entry.edited else "It said"
        text.append(f"{said}: ", style="dim italic")
        text.append(cut(before, _CONTEXT_CHARS), style="dim")
        context.update(text)
        context.display = True

    @on(Switch.Changed, "#soa-applicable")
    def _applicability_changed(self, event: Switch.Changed) -> None:
        text = self.justification.text.strip()
        if not event.value and self._exclusion_reason and text == self.entry.draft["justification"].strip():
            self.justification.text, self._exclusion_reason = self._exclusion_reason, ""  # off again
        elif not event.value:
            # Excluding: the text written to include the control is not a reason to exclude it.
            if text and text in (self.entry.justification.strip(), self.entry.draft["justification"].strip()):
                self._set_aside = self.justification.text
                self.justification.text = ""
        elif not text and self._set_aside:
            self.justification.text = self._set_aside
            self._set_aside = ""
        elif not self.entry.applicable and text and text == self.entry.justification.strip():
            # Including an excluded control: the reason for excluding it is no reason to include it.
            self._exclusion_reason = self.justification.text
            self.justification.text = self.entry.draft["justification"]
        self._show_exclusion_context()

    # -- values ----------------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        status = self.status.value
        return {
            "applicable": self.applicable.value,
            "reasons": [r for r in INCLUSION_REASONS if r in self.reasons.selected],
            "justification": self.justification.text.strip(),
            "status": None if status is Choice.BLANK else status,
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

    # -- putting fields back to the draft --------------------------------------------------------

    @on(Button.Pressed, ".soa-row Button")
    def _reset_button_pressed(self, event: Button.Pressed) -> None:
        self.reset_field((event.button.id or "").removeprefix("soa-reset-"))

    def action_reset_field(self) -> None:
        """ctrl+r: the field with the cursor back to the draft."""
        row = next((node for node in (self.focused.ancestors_with_self if self.focused else [])
                    if (node.id or "").startswith("soa-row-")), None)
        if row is None:
            self.notify("Move to a field first: ctrl+r puts the field with the cursor back to the draft.",
                        timeout=3)
            return
        self.reset_field((row.id or "").removeprefix("soa-row-"))

    def reset_field(self, field: str) -> None:
        """Show the draft value of one field; saving then sends it back to the draft."""
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
            self.status.value = draft["status"] if draft["status"] is not None else Choice.BLANK
        elif field == "owner":
            self.owner.value = draft["owner"]
        elif field == "evidence":
            self.evidence.value = ""
        else:
            return
        self.reset.add(field)
        self.notify(f"{field} back to the draft (saved when you save)", timeout=2)

    # -- saving ----------------------------------------------------------------------------------

    def submit(self) -> None:
        values = self._values()
        if not values["applicable"]:
            control = self.entry.control_id
            if not values["justification"]:
                self.fail("soa-justification", f"Excluding {control} needs your reason: write in the "
                                                "justification why it does not apply to this scope.")
                return
            if keeps_draft_wording(values["justification"], self.entry.draft["justification"]):
                self.fail("soa-justification", f"The justification still holds the draft's text: write why "
                                                f"{control} does not apply to this scope in its place.")
                return
        self.dismiss(SoAEdit(self.entry.control_id, self.changes()))

    @on(Button.Pressed, "#soa-form-reset-entry")
    def action_reset_entry(self) -> None:
        self.dismiss(SoAEdit(self.entry.control_id, {name: None for name in SOA_FIELDS}))
