"""What an auditor sampled to test a requirement, recorded with the evidence: the population, how
many were taken, which items, and whether they were seen."""

from __future__ import annotations

from dataclasses import dataclass
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input

from aims_tui.tui.dialogs.audit_fields import FormResult, checked, count, id_list, refuse, required
from aims_tui.tui.dialogs.form_base import Field, FormDialog
from aims_tui.tui.widgets.choice import Choice

__all__ = ["SampleForm", "SampleInput"]


@dataclass(frozen=True)
class SampleInput(FormResult):
    """The fields for ``internal_audit.add_sample`` (with the question added by the caller)."""

    what: str
    population: int | None
    size: int
    items: list[str]
    seen: bool
    evidence_id: str | None


class SampleForm(FormDialog[SampleInput | None]):
    """A sample on the question on screen; ``evidence`` (id, title) are its evidence references,
    one of which the sample may be recorded with."""

    dialog_id = "sample-form"

    def __init__(self, about: str, evidence: list[tuple[str, str]]) -> None:
        super().__init__(f"Sample for {about}")
        self._evidence = evidence

    def fields(self) -> ComposeResult:
        yield Field("Sampled", Input(placeholder="the population: e.g. model change records 2026", id="what"))
        yield Field("Population", Input(placeholder="optional: how many there were", id="population"))
        yield Field("Sample size", Input(placeholder="how many were taken", id="size"))
        yield Field("Items", Input(placeholder="which ones: record ids or dates, commas between", id="items"))
        yield Field("Seen", Checkbox("the items were seen (not only described)", True, id="seen"))
        yield Field("With evidence", Choice([(Text(title), eid) for eid, title in self._evidence],
                                            prompt="(none)" if self._evidence else "(no evidence on this question)",
                                            id="evidence_id"))

    @checked
    def submit(self) -> None:
        what = required(self, "what", "Say what was sampled (the population the items were taken from).")
        population = count(self, "population", "Population")
        size = count(self, "size", "Sample size", required=True)
        assert size is not None  # required
        items = id_list(self.text("items"))
        if population is not None and size > population:
            refuse(self, "size", f"Sample size: {size} is more than the population ({population}).")
        evidence = self.query_one("#evidence_id", Choice).value
        self.dismiss(SampleInput(what, population, size, items, self.query_one("#seen", Checkbox).value,
                                 None if evidence is Choice.BLANK else str(evidence)))
