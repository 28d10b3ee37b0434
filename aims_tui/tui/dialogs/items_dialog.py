"""The evidence references, findings and actions of one question, to pick one to edit or delete."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

ItemKind = Literal["evidence", "finding", "action"]


@dataclass(frozen=True)
class ItemChoice:
    """What to do with which item."""

    kind: ItemKind
    item_id: str
    operation: Literal["edit", "delete"]


class ItemsDialog(ModalScreen[ItemChoice | None]):
    """A list of items; enter edits the highlighted one, d deletes it (after a confirmation)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d,delete", "choose('delete')", "Delete", id="items-delete"),
        Binding("e", "choose('edit')", "Edit", show=False, id="items-edit"),
        Binding("escape", "dismiss_none", "Close", id="items-close"),
    ]
    DEFAULT_CSS = """
    ItemsDialog #items { height: auto; max-height: 16; border: none; }
    """

    def __init__(self, title: str, items: list[tuple[ItemKind, str, Text]]) -> None:
        """``items``: (kind, id, label); labels are shown as given (user text stays literal)."""
        super().__init__()
        self._title = title
        self._items = items

    @property
    def options(self) -> OptionList:
        return self.query_one("#items", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            yield OptionList(*[Option(label, id=f"{kind}:{item_id}") for kind, item_id, label in self._items],
                             id="items")
            yield Static(Text("enter edit · d delete · esc close"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.options.focus()
        if self._items:
            self.options.highlighted = 0

    def _choice(self, operation: Literal["edit", "delete"]) -> ItemChoice | None:
        index = self.options.highlighted
        if index is None or not 0 <= index < len(self._items):
            return None
        kind, item_id, _label = self._items[index]
        return ItemChoice(kind, item_id, operation)

    @on(OptionList.OptionSelected, "#items")
    def _selected(self) -> None:
        self.action_choose("edit")

    def action_choose(self, operation: Literal["edit", "delete"]) -> None:
        if (choice := self._choice(operation)) is not None:
            self.dismiss(choice)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
