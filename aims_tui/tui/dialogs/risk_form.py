"""The risk form: add or edit one register entry, with its band shown live as it is scored.

The form refuses to save a risk that breaks the risk appetite (docs/CONTRACT.md §2): accepting a risk at or
above appetite needs a documented reason, and the form shows the domain's sentence saying so.
Keys, buttons and the error line come from :class:`FormDialog`: ctrl+s, enter in a one-line field or
Save saves; escape or Cancel cancels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, SelectionList, Static

from aims_tui.domain.models import TREATMENTS, AISystem, Risk, RiskMatrix
from aims_tui.domain.risk import appetite_problem, assess_risk
from aims_tui.tui.dialogs.form_base import KEYS_HINT as FORM_KEYS
from aims_tui.tui.dialogs.form_base import (FILTER, DateError, FormDialog, LabelledRow, parse_date, type_into_filter,
                                            with_list_keys)
from aims_tui.tui.widgets.choice import Choice
from aims_tui.tui.widgets.risk_colours import band_text

__all__ = ["RiskDraft", "RiskForm", "RiskFormValues"]


@dataclass
class RiskFormValues:
    """What the form starts from: an existing risk, a catalogue suggestion, or blanks."""

    title: str = ""
    description: str = ""
    category: str = ""
    catalogue_id: str | None = None
    system_id: str | None = None
    likelihood: int | None = None
    """None for a new risk: the assessor chooses; a silent 1 × 1 "Low" would mislead."""
    impact: int | None = None
    treatment: str = "mitigate"
    controls: list[str] = field(default_factory=list)
    owner: str = ""
    due: dt.date | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    acceptance_reason: str = ""
    ref: str = "This risk"
    """How the appetite sentence names the risk ("R-004 scores 16 …"); the store assigns a new
    risk's ref, so until then it is "This risk", which starts the sentence well."""

    @classmethod
    def from_risk(cls, risk: Risk) -> "RiskFormValues":
        data = risk.model_dump(include=set(cls.__dataclass_fields__))
        return cls(**data)


@dataclass(frozen=True)
class RiskDraft:
    """The form's result: the fields to pass to ``Store.add_risk`` / ``Store.update_risk``."""

    fields: dict[str, Any]


def _levels(labels: list[str]) -> list[tuple[Text, int]]:
    return [(Text(f"{i} {label}"), i) for i, label in enumerate(labels, start=1)]


class _Unusable(ValueError):
    """A field the store cannot take, with the sentence for the person at the keyboard."""

    def __init__(self, field_id: str, message: str) -> None:
        super().__init__(message)
        self.field_id = field_id


class RiskForm(FormDialog[RiskDraft | None]):
    """Add or edit a risk. Dismisses with a RiskDraft, or None when cancelled."""

    dialog_id = "risk-form"
    first_field = "risk-title"
    # Screen CSS, not DEFAULT_CSS: it must win over the app's ``.dialog`` rules (height: auto), so
    # that the fields scroll between the heading and the buttons instead of pushing them off screen.
    CSS = """
    #risk-form {
        width: 100%;
        max-width: 96;
        height: 100%;
        max-height: 36;
    }
    #risk-form-fields {
        height: 1fr;
    }
    """
    DEFAULT_CSS = """
    RiskForm .risk-form-row {
        height: auto;
        margin-bottom: 1;
    }
    RiskForm .risk-form-row > Label {
        color: $text-muted;
    }
    RiskForm .risk-form-row > Input, RiskForm .risk-form-row > Choice {
        width: 1fr;
    }
    RiskForm .risk-form-row > Label.second {
        width: auto;
        padding: 0 1;
    }
    RiskForm.-short .risk-form-row {
        margin-bottom: 0;
    }
    RiskForm.-short #risk-score {
        padding: 0 0 0 14;
    }
    RiskForm.-short #risk-controls {
        height: 4;
    }
    RiskForm #risk-controls {
        height: 8;
        width: 1fr;
        border: none;
        padding: 0;
    }
    RiskForm #risk-score {
        padding: 0 0 1 14;
        height: auto;
    }
    RiskForm #risk-form-keys {
        color: $text-muted;
        height: auto;
    }
    """
    keys_hint = None  # this form shows its own keys line, with more keys
    KEYS_HINT = FORM_KEYS

    def __init__(self, values: RiskFormValues, *, matrix: RiskMatrix, systems: list[AISystem],
                 controls: list[tuple[str, str]], heading: str) -> None:
        super().__init__(heading)
        self.values = values
        self.matrix = matrix
        self.systems = systems
        self.control_choices = controls
        self.heading = heading
        self._ticked: set[str] = set(values.controls)
        """Ticked controls as of the last filter change (the list holds only those shown)."""

    # -- typed accessors -------------------------------------------------------------------------

    @property
    def title_input(self) -> Input:
        return self.query_one("#risk-title", Input)

    @property
    def likelihood(self) -> Choice[int]:
        return self.query_one("#risk-likelihood", Choice)

    @property
    def impact(self) -> Choice[int]:
        return self.query_one("#risk-impact", Choice)

    @property
    def treatment(self) -> Choice[str]:
        return self.query_one("#risk-treatment", Choice)

    @property
    def controls(self) -> SelectionList[str]:
        return self.query_one("#risk-controls", SelectionList)

    @property
    def error(self) -> Static:
        return self.query_one("#error", Static)

    # -- layout ----------------------------------------------------------------------------------

    def fields(self) -> ComposeResult:
        v = self.values
        size = self.matrix.size
        clamp = lambda n: n if n is not None and 1 <= n <= size else None  # noqa: E731
        with VerticalScroll(id="risk-form-fields"):
            with LabelledRow("Title", label_width=14, classes="risk-form-row"):
                yield Input(v.title, id="risk-title", placeholder="what could go wrong", compact=True)
            with LabelledRow("Description", label_width=14, classes="risk-form-row"):
                yield Input(v.description, id="risk-description", compact=True)
            with LabelledRow("AI system", label_width=14, classes="risk-form-row"):
                yield Choice([(Text(s.name), s.id) for s in self.systems], id="risk-system",
                             prompt="(organisation-wide)",
                             value=v.system_id if any(s.id == v.system_id for s in self.systems)
                             else Choice.BLANK)
            with LabelledRow("Likelihood", label_width=14, classes="risk-form-row"):
                yield Choice(_levels(self.matrix.likelihood_labels), id="risk-likelihood", prompt="(choose)",
                             value=clamp(v.likelihood) or Choice.BLANK)
                yield Label("Impact", classes="second")
                yield Choice(_levels(self.matrix.impact_labels), id="risk-impact", prompt="(choose)",
                             value=clamp(v.impact) or Choice.BLANK)
            yield Static(id="risk-score")
            with LabelledRow("Treatment", label_width=14, classes="risk-form-row"):
                yield Choice([(t, t) for t in TREATMENTS], id="risk-treatment", allow_blank=False,
                             value=v.treatment)
            with LabelledRow("Accept reason", label_width=14, classes="risk-form-row"):
                yield Input(v.acceptance_reason, id="risk-acceptance-reason",
                            placeholder="why the risk owner accepts it (needed at or above appetite)", compact=True)
            with LabelledRow("Owner", label_width=14, classes="risk-form-row"):
                yield Input(v.owner, id="risk-owner", compact=True)
                yield Label("Due", classes="second")
                yield Input(v.due.isoformat() if v.due else "", id="risk-due", placeholder="2027-03-31 or 31/03/2027",
                            compact=True)
            with LabelledRow("Residual L", label_width=14, classes="risk-form-row"):
                yield Choice(_levels(self.matrix.likelihood_labels), id="risk-residual-likelihood",
                             prompt="(none)", value=clamp(v.residual_likelihood) or Choice.BLANK)
                yield Label("Residual I", classes="second")
                yield Choice(_levels(self.matrix.impact_labels), id="risk-residual-impact",
                             prompt="(none)", value=clamp(v.residual_impact) or Choice.BLANK)
            with LabelledRow("Controls", label_width=14, classes="risk-form-row"):
                yield Input(placeholder="type to filter the controls: id or words of the title",
                            id="risk-controls-filter", classes=FILTER, compact=True, select_on_focus=False)
            with LabelledRow("", label_width=14, classes="risk-form-row"):
                yield SelectionList[str](*self._control_options(""), id="risk-controls")
        yield Static(with_list_keys(self.KEYS_HINT), id="risk-form-keys", markup=False)

    def on_mount(self) -> None:
        # FormDialog.on_mount runs too (Textual calls each class's handler) and focuses the title.
        self._show_score()

    # -- the controls, filtered as you type ------------------------------------------------------

    @property
    def controls_filter(self) -> Input:
        return self.query_one("#risk-controls-filter", Input)

    def _control_options(self, needle: str) -> list[tuple[Text, str, bool]]:
        words = needle.lower().split()
        return [(Text(f"{cid}  {title}"), cid, cid in self._ticked) for cid, title in self.control_choices
                if all(w in f"{cid} {title}".lower() for w in words)]

    def _ticked_now(self) -> set[str]:
        """Ticked controls, hidden by the filter or not."""
        shown = {self.controls.get_option_at_index(i).value for i in range(self.controls.option_count)}
        return (self._ticked - shown) | set(self.controls.selected)

    @on(Input.Changed, "#risk-controls-filter")
    def _filter_controls(self, event: Input.Changed) -> None:
        self._ticked = self._ticked_now()
        self.controls.clear_options()
        self.controls.add_options(self._control_options(event.value))
        if self.controls.option_count:
            self.controls.highlighted = 0

    @on(Input.Submitted, "#risk-controls-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        if self.controls.option_count:
            self.set_focus(self.controls)

    def on_key(self, event: events.Key) -> None:
        """Typing in the list of controls filters it (space still ticks; ↓ from the filter enters it)."""
        if type_into_filter(event, self.focused is self.controls, self.controls_filter):
            return
        if self.focused is self.controls_filter and event.key == "down" and self.controls.option_count:
            event.stop()
            self.set_focus(self.controls)

    # -- live scoring ----------------------------------------------------------------------------

    @on(Choice.Changed)
    def _select_changed(self) -> None:
        self.error.update("")  # "choose an impact" and the like are answered by choosing
        self._show_score()

    @on(Input.Changed, "#risk-acceptance-reason")
    def _reason_changed(self) -> None:
        self.error.update("")

    def _system(self, system_id: str | None) -> AISystem | None:
        return next((s for s in self.systems if s.id == system_id), None)

    def _candidate(self, fields: dict[str, Any]) -> Risk:
        """The risk as it would be saved, for scoring and the appetite check."""
        return Risk.model_validate({"id": "candidate", "assessment_id": "candidate", "ref": self.values.ref,
                                    **{k: v for k, v in fields.items() if k != "ref"}, "title": fields["title"] or "-"})

    def _show_score(self) -> None:
        try:
            fields = self._fields(strict=False)
            risk = self._candidate(fields)
            assessed = assess_risk(risk, self.matrix, self._system(fields["system_id"]))
        except (ValueError, ValidationError):
            self.query_one("#risk-score", Static).update(Text("score: —", style="dim"))
            return
        line = Text("Score ")
        line.append(str(assessed.score), style="bold")
        line.append(" ")
        line.append_text(band_text(assessed.band, self.matrix))
        if assessed.residual_band is not None:
            line.append(f"   residual {assessed.residual_score} ")
            line.append_text(band_text(assessed.residual_band, self.matrix))
        if assessed.above_appetite:
            line.append(f"   at or above appetite ({self.matrix.appetite})", style="bold")
        if assessed.adjustment:  # the same words as the register's row, the risks screen and `aims risk list`
            line.append("\n" + assessed.adjustment[:1].upper() + assessed.adjustment[1:] + ".", style="italic")
        self.query_one("#risk-score", Static).update(line)

    # -- reading the fields ----------------------------------------------------------------------

    def _value(self, selector: str) -> Any:
        value = self.query_one(selector, Choice).value
        return None if value is Choice.BLANK else value

    def _fields(self, *, strict: bool = True) -> dict[str, Any]:
        """The fields as the store takes them. With ``strict``, raise :class:`_Unusable` naming the
        field and saying what is wrong when one is unusable."""
        due: dt.date | None = None
        try:
            due = parse_date(self.query_one("#risk-due", Input).value, "Due date")
        except DateError as exc:
            if strict:
                raise _Unusable("risk-due", str(exc)) from None
        title = self.title_input.value.strip()
        if strict and not title:
            raise _Unusable("risk-title", "Give the risk a title.")
        if strict and self._value("#risk-likelihood") is None:
            raise _Unusable("risk-likelihood", "Choose a likelihood: how likely is this to happen?")
        if strict and self._value("#risk-impact") is None:
            raise _Unusable("risk-impact", "Choose an impact: how bad would it be?")
        residual = (self._value("#risk-residual-likelihood"), self._value("#risk-residual-impact"))
        if strict and (residual[0] is None) != (residual[1] is None):
            raise _Unusable("risk-residual-likelihood",
                            "Residual risk needs both a likelihood and an impact (or neither).")
        return {
            "title": title,
            "description": self.query_one("#risk-description", Input).value,
            "category": self.values.category,
            "catalogue_id": self.values.catalogue_id,
            "system_id": self._value("#risk-system"),
            "likelihood": self._value("#risk-likelihood"),
            "impact": self._value("#risk-impact"),
            "treatment": self._value("#risk-treatment"),
            "controls": self._selected_controls(),
            "owner": self.query_one("#risk-owner", Input).value.strip(),
            "due": due,
            "residual_likelihood": residual[0],
            "residual_impact": residual[1],
            "acceptance_reason": self.query_one("#risk-acceptance-reason", Input).value.strip(),
        }

    def _selected_controls(self) -> list[str]:
        """Ticked controls: those the risk already had keep their order, new ones follow."""
        ticked = self._ticked_now()
        kept = [c for c in self.values.controls if c in ticked]
        return kept + [cid for cid, _title in self.control_choices if cid in ticked and cid not in kept]

    # -- saving ----------------------------------------------------------------------------------

    def submit(self) -> None:
        try:
            fields = self._fields()
            risk = self._candidate(fields)
        except _Unusable as exc:
            self.fail(exc.field_id, str(exc))
            return
        except ValidationError as exc:
            self.fail("risk-title", f"Cannot save: {exc.errors()[0]['msg']}")
            return
        system = self._system(fields["system_id"])
        problem = appetite_problem(risk, self.matrix, system)
        if problem is not None:
            prohibited = system is not None and system.tier == "unacceptable"
            self.fail("risk-treatment" if prohibited else "risk-acceptance-reason", problem)
            return
        self.dismiss(RiskDraft(fields))
