"""Shared pieces of the modal forms: a labelled field row, the dialog frame with its one-line error
area and Save/Cancel buttons, and date parsing."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

T = TypeVar("T")


class Field(Horizontal):
    """A label on the left, one input widget on the right."""

    DEFAULT_CSS = """
    Field { height: auto; margin-bottom: 1; }
    Field > Label { width: 16; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    Field > Input, Field > Select, Field > TextArea { width: 1fr; }
    Field > Checkbox, Field > RadioSet { width: 1fr; border: none; }
    """

    def __init__(self, label: str, widget: Widget) -> None:
        super().__init__()
        self._label = label
        self._widget = widget
        # Borderless inputs: a form of six fields fits an 80×24 terminal.
        if hasattr(widget, "compact"):
            widget.compact = True  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Label(Text(self._label))
        yield self._widget


def parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` or blank (None); ValueError names the expected form."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD") from None


class FormDialog(ModalScreen[T]):
    """A modal form: title, fields, a one-line error and Save/Cancel.

    Escape cancels (dismisses None); ctrl+s, enter in a text input or the Save button call
    :meth:`submit`, which dismisses with a value or calls :meth:`fail` to say what is wrong.
    Subclasses implement :meth:`fields` and :meth:`submit`, and may set ``save_label``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "submit", "Save", id="form-submit"),
    ]
    save_label = "Save"
    dialog_id: str | None = None
    first_field: str | None = None
    """Id of the widget focused when the form opens (default: the first input)."""
    keys_hint: str | None = "ctrl+s save (or enter in a text field) · esc cancel · tab next field"
    """Shown inside the dialog: the app's footer shows the screen underneath, not the form's keys."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def submit(self) -> None:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id=self.dialog_id):
            yield Static(Text(self._title), classes="dialog-title")
            yield from self.fields()
            yield Static("", classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.save_label, variant="primary", compact=True, id="save")
                yield Button("Cancel", compact=True, id="cancel")
            if self.keys_hint:
                yield Static(Text(self.keys_hint), classes="dialog-hint", id="form-keys")

    def on_mount(self) -> None:
        target = self.query_one(f"#{self.first_field}") if self.first_field else self.query(Input).first()
        target.focus()

    def text(self, field_id: str) -> str:
        """The stripped value of a text input."""
        return self.query_one(f"#{field_id}", Input).value.strip()

    def fail(self, field_id: str, message: str) -> None:
        """Show why the form cannot be saved and put the cursor on the field at fault."""
        self.query_one("#error", Static).update(Text(message))
        self.query_one(f"#{field_id}").focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        self.submit()
