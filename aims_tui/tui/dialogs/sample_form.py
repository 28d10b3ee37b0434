"""What an auditor sampled to test a requirement, recorded with the evidence: the population, how
many were taken, which items, and whether they were seen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select

from aims_tui.tui.dialogs.audit_fields import id_list
from aims_tui.tui.dialogs.form_base import Field, FormDialog

__all__ = ["SampleForm", "SampleInput"]


@dataclass(frozen=True)
class SampleInput:
    what: str
    population: int | None
    size: int
    items: list[str]
    seen: bool
    evidence_id: str | None

    def fields(self) -> dict[str, Any]:
        """The fields for ``internal_audit.add_sample`` (with the question added by the caller)."""
        return dict(self.__dict__)


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
        yield Field("With evidence", Select([(Text(title), eid) for eid, title in self._evidence],
                                            prompt="(none)" if self._evidence else "(no evidence on this question)",
                                            id="evidence_id"))

    def _count(self, field_id: str, label: str, required: bool) -> int | None | bool:
        text = self.text(field_id)
        if not text and not required:
            return None
        if not text.isdigit():
            self.fail(field_id, f"{label}: {text!r} is not a whole number.")
            return False
        return int(text)

    def submit(self) -> None:
        what = self.text("what")
        if not what:
            self.fail("what", "Say what was sampled (the population the items were taken from).")
            return
        population = self._count("population", "Population", required=False)
        size = False if population is False else self._count("size", "Sample size", required=True)
        if population is False or size is False:
            return
        items = id_list(self.text("items"))
        if population is not None and size > population:  # type: ignore[operator]
            self.fail("size", f"Sample size: {size} is more than the population ({population}).")
            return
        evidence = self.query_one("#evidence_id", Select).value
        self.dismiss(SampleInput(what, population, int(size), items,  # type: ignore[arg-type]
                                 self.query_one("#seen", Checkbox).value,
                                 None if evidence is Select.NULL else str(evidence)))
