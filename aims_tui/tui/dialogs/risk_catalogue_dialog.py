"""Pick a risk from the catalogue: the domain's suggestions for this engagement, best first."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from aims_tui.domain.models import AISystem, RiskMatrix
from aims_tui.domain.risk import SuggestedRisk
from aims_tui.domain.wording import counted
from aims_tui.tui.dialogs.form_base import type_into_filter
from aims_tui.tui.widgets.risk_colours import band_style

__all__ = ["CatalogueDialog"]


class CatalogueDialog(ModalScreen[SuggestedRisk | None]):
    """Lists ``suggest_risks`` results; enter picks one (the risk form then opens prefilled)."""

    DEFAULT_CSS = """
    CatalogueDialog {
        align: center middle;
    }
    CatalogueDialog > #catalogue {
        width: 100;
        max-width: 100%;
        height: 100%;
        max-height: 40;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    CatalogueDialog #catalogue-heading {
        text-style: bold;
    }
    CatalogueDialog #catalogue-list {
        height: 1fr;
    }
    CatalogueDialog #catalogue-empty {
        color: $text-muted;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="catalogue-cancel"),
    ]

    def __init__(self, suggestions: list[SuggestedRisk], *, matrix: RiskMatrix, systems: list[AISystem]) -> None:
        super().__init__()
        self.suggestions = suggestions
        self.matrix = matrix
        self.system_names = {s.id: s.name for s in systems}

    @property
    def options(self) -> OptionList:
        return self.query_one("#catalogue-list", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="catalogue"):
            yield Static("Add a risk from the catalogue (enter picks, escape cancels)", id="catalogue-heading")
            yield Input(placeholder="type to filter by title, category or AI system (↓ to the list)",
                        id="catalogue-filter", select_on_focus=False)
            yield OptionList(id="catalogue-list")
            yield Static(id="catalogue-empty")

    @property
    def filter_input(self) -> Input:
        return self.query_one("#catalogue-filter", Input)

    def on_mount(self) -> None:
        self._fill("")
        self.set_focus(self.filter_input)  # at once: letters typed as it opens filter the list

    def _prompt(self, s: SuggestedRisk) -> Text:
        line = Text(no_wrap=False)
        line.append(f"{s.catalogue_id}  ", style="dim")
        line.append(s.title, style="bold")
        system = self.system_names.get(s.system_id or "", "organisation-wide")
        line.append("  · ")
        line.append(system)
        line.append(f"  · {s.category}  L{s.likelihood}×I{s.impact}={s.score} ")
        band = next((b for b in self.matrix.bands if b.id == s.band), None)
        if band is not None:
            line.append(f" {band.label} ", style=band_style(band, self.matrix))
        line.append("\n  " + s.reason, style="italic dim")
        return line

    def _fill(self, text: str) -> None:
        needle = text.strip().lower()
        options = []
        for i, s in enumerate(self.suggestions):
            haystack = f"{s.catalogue_id} {s.title} {s.category} {self.system_names.get(s.system_id or '', '')}"
            if needle and needle not in haystack.lower():
                continue
            options.append(Option(self._prompt(s), id=str(i)))
        self.options.clear_options()
        self.options.add_options(options)
        if options:
            self.options.highlighted = 0
        empty = self.query_one("#catalogue-empty", Static)
        if not self.suggestions:
            empty.update("Every catalogue risk is already in the register for every AI system in scope.")
        elif not options:
            empty.update("No catalogue risk matches the filter.")
        else:
            empty.update(f"{len(options)} of {counted(len(self.suggestions), 'suggestion')}")

    @on(Input.Changed, "#catalogue-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#catalogue-filter")
    def _submit_filter(self) -> None:
        self._pick(self.options.highlighted)

    def key_down(self) -> None:
        if self.filter_input.has_focus:
            self.set_focus(self.options)

    def on_key(self, event: events.Key) -> None:
        """Typing in the list filters it too: the letters go to the filter."""
        type_into_filter(event, self.focused is self.options, self.filter_input)

    @on(OptionList.OptionSelected, "#catalogue-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        if index is None or index >= self.options.option_count:
            return
        option_id = self.options.get_option_at_index(index).id
        self.dismiss(self.suggestions[int(option_id)])

    def action_cancel(self) -> None:
        self.dismiss(None)
