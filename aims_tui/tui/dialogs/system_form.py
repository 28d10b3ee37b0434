"""Add or edit an AI system of the inventory (every docs/CONTRACT.md §2 field)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input

from aims_tui.domain.content import Scales
from aims_tui.domain.models import AISystem
from aims_tui.tui.dialogs.form_base import Field, FormDialog
from aims_tui.tui.widgets.choice import Choice


__all__ = ["EU_ACT_BASES", "SystemForm", "SystemInput"]

EU_ACT_BASES = ["placed on the EU market", "put into service in the EU", "output used in the EU",
                "none of these"]
"""What the basis field suggests as it is typed (the assessor may write anything)."""
REACH_CHOICES = [("yes: the EU AI Act reaches it", "yes"), ("no: it does not (no tier floor)", "no"),
                 ("unknown: not yet confirmed", "unknown")]


@dataclass(frozen=True)
class SystemInput:
    """What the form collected: every field of an AI system the assessor edits."""

    name: str
    purpose: str
    owner: str
    role: str
    data_sources: str
    lifecycle_stage: str
    supplier: str
    tier: str
    eu_act_reach: str
    eu_act_basis: str
    affected_groups: list[str]
    in_scope: bool
    scope_reason: str

    def fields(self) -> dict[str, Any]:
        """The fields for ``Store.add_system`` / ``Store.update_system``."""
        return asdict(self)


class SystemForm(FormDialog[SystemInput | None]):
    """Add an AI system, or edit one (``system``); returns a :class:`SystemInput`, or None."""

    dialog_id = "system-form"
    DEFAULT_CSS = """
    SystemForm Field { margin-bottom: 0; }
    """

    def __init__(self, scales: Scales, system: AISystem | None = None) -> None:
        super().__init__("Edit AI system" if system else "Add AI system")
        self._scales = scales
        self._system = system

    def fields(self) -> ComposeResult:
        s = self._system
        roles = list(dict.fromkeys(self._scales.system_roles + ([s.role] if s and s.role else [])))
        act_terms = {t.id: t.eu_ai_act for t in self._scales.system_role_terms}
        stages = list(dict.fromkeys(self._scales.lifecycle_stages
                                    + ([s.lifecycle_stage] if s and s.lifecycle_stage else [])))
        tiers = [(Text(f"{t.id}: {t.label}" if t.label.lower() != t.id else t.id), t.id)
                 for t in self._scales.eu_ai_act_tiers]
        with VerticalScroll(classes="dialog-body"):
            yield Field("Name", Input(s.name if s else "", placeholder="e.g. Loan pre-screening model",
                                      id="name"))
            yield Field("Purpose", Input(s.purpose if s else "", placeholder="what it decides or produces",
                                         id="purpose"))
            yield Field("Owner", Input(s.owner if s else "", placeholder="accountable person or team",
                                       id="owner"))
            # The organisation's role is its role under the EU AI Act: each option names the Act's term.
            yield Field("Role under Act", Choice([(Text(f"{r}: {act_terms[r]}" if act_terms.get(r) else r), r)
                                                  for r in roles], value=s.role if s else "deployer",
                                                 allow_blank=False, id="role"))
            yield Field("Data sources", Input(s.data_sources if s else "", id="data_sources"))
            yield Field("Lifecycle stage", Choice([(x, x) for x in stages],
                                                  value=s.lifecycle_stage if s and s.lifecycle_stage
                                                  else Choice.BLANK, prompt="(not set)", id="lifecycle_stage"))
            yield Field("Supplier", Input(s.supplier if s else "", placeholder="third party, if any",
                                          id="supplier"))
            yield Field("EU AI Act tier", Choice(tiers, value=s.tier if s else "unknown", allow_blank=False,
                                                 id="tier"))
            yield Field("EU AI Act reach", Choice([(Text(label), v) for label, v in REACH_CHOICES],
                                                  value=s.eu_act_reach if s else "unknown", allow_blank=False,
                                                  id="eu_act_reach"))
            yield Field("Basis", Input(s.eu_act_basis if s else "", id="eu_act_basis",
                                       placeholder="placed on the EU market, put into service in the EU, "
                                                   "output used in the EU, none of these",
                                       suggester=SuggestFromList(EU_ACT_BASES, case_sensitive=False)))
            yield Field("Affected groups", Input(", ".join(s.affected_groups) if s else "",
                                                 placeholder="customers, staff, applicants (comma-separated)",
                                                 id="affected_groups"))
            yield Field("In scope", Checkbox("in scope of the AIMS", s.in_scope if s else True,
                                             id="in_scope"))
            yield Field("Reason", Input(s.scope_reason if s else "",
                                        placeholder="why in or out of scope", id="scope_reason"))

    def submit(self) -> None:
        name = self.text("name")
        if not name:
            self.fail("name", "A name is required.")
            return
        stage = self.query_one("#lifecycle_stage", Choice).value
        text = self.text
        self.dismiss(SystemInput(
            name=name,
            purpose=text("purpose"),
            owner=text("owner"),
            role=str(self.query_one("#role", Choice).value),
            data_sources=text("data_sources"),
            lifecycle_stage="" if stage is Choice.BLANK else str(stage),
            supplier=text("supplier"),
            tier=str(self.query_one("#tier", Choice).value),
            eu_act_reach=str(self.query_one("#eu_act_reach", Choice).value),
            eu_act_basis=text("eu_act_basis"),
            affected_groups=[g.strip() for g in text("affected_groups").split(",") if g.strip()],
            in_scope=self.query_one("#in_scope", Checkbox).value,
            scope_reason=text("scope_reason"),
        ))
