"""Risks: the AI risk register with a likelihood × impact heat map (ISO/IEC 42001 6.1.2, 8.2).

Scores, bands, the appetite rule and the catalogue suggestions all come from
``aims_tui.domain.risk``; this screen only shows them and writes what the assessor decides.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from aims_tui.domain.models import TREATMENTS, Engagement
from aims_tui.domain.risk import (
    AssessedRisk,
    SuggestedRisk,
    appetite_problem,
    assess_risks,
    heat_map,
    rescale,
    suggest_risks,
)
from aims_tui.store import StoreError
from aims_tui.tui.context import Session
from aims_tui.tui.dialogs.confirm_dialog import Confirm
from aims_tui.tui.screens.heading import Headed
from aims_tui.tui.widgets.footer import SectionFooter
from aims_tui.tui.widgets.key_table import Column, KeyTable, flex_text
from aims_tui.tui.widgets.heatmap import HeatMap
from aims_tui.tui.widgets.look import cut
from aims_tui.tui.dialogs.risk_catalogue_dialog import CatalogueDialog
from aims_tui.tui.widgets.risk_colours import band_text
from aims_tui.tui.dialogs.risk_form import RiskDraft, RiskForm, RiskFormValues

__all__ = ["RisksScreen"]


class RisksScreen(Headed, Screen[None]):
    """The risk register: a table of scored risks beside the heat map."""
    SECTION: ClassVar[str] = "risks"  # the footer marks its key
    HEADING = "Risks"

    DEFAULT_CSS = """
    RisksScreen #risks-body {
        height: 1fr;
    }
    RisksScreen #risks-table {
        width: 1fr;
        height: 1fr;
    }
    RisksScreen #risks-side {
        width: auto;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $foreground 20%;
    }
    RisksScreen #risks-legend {
        height: auto;
        width: auto;
        padding-top: 1;
    }
    RisksScreen #risks-detail {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $boost;
    }
    RisksScreen #risks-empty {
        height: auto;
        padding: 1 2;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_risk", "New risk", id="risks-new"),
        Binding("c", "from_catalogue", "From catalogue", id="risks-from-catalogue"),
        Binding("e", "edit_risk", "Edit", id="risks-edit"),
        Binding("d,delete", "delete_risk", "Delete", id="risks-delete"),
        Binding("v", "toggle_residual", "Residual map", id="risks-toggle-residual"),
    ]

    COLUMN_KEYS = ("ref", "title", "score", "band", "likelihood", "impact", "residual", "treatment", "system",
                   "controls", "owner")
    """The keys of :meth:`_cells`, in order."""

    show_residual: reactive[bool] = reactive(False)
    """Whether the heat map counts residual ratings instead of inherent ones."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.engagement: Engagement = session.engagement()
        self.assessed: list[AssessedRisk] = []
        self._narrow = False

    # -- typed accessors -------------------------------------------------------------------------

    @property
    def table(self) -> KeyTable:
        return self.query_one("#risks-table", KeyTable)

    @property
    def heatmap(self) -> HeatMap:
        return self.query_one("#risks-heatmap", HeatMap)

    @property
    def detail(self) -> Static:
        return self.query_one("#risks-detail", Static)

    @property
    def selected(self) -> AssessedRisk | None:
        """The risk under the table cursor."""
        if not self.assessed or self.table.row_count == 0:
            return None
        index = self.table.cursor_row
        return self.assessed[index] if 0 <= index < len(self.assessed) else None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="risks-heading", classes="screen-heading")
        with Horizontal(id="risks-body"):
            yield KeyTable(id="risks-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="risks-side"):
                yield HeatMap(self.engagement.settings.matrix, id="risks-heatmap")
                yield Static(id="risks-legend")
        yield Static(id="risks-empty")
        yield Static(id="risks-detail")
        yield SectionFooter()

    def on_mount(self) -> None:
        self.fit_heading()
        table = self.table
        self._narrow = self.app.size.width < 120
        self.heatmap.compact = self._narrow
        self.query_one("#risks-side").display = self.app.size.width >= 100  # below, the columns need it
        self._add_columns(self.app.size.width - (33 if self.app.size.width >= 100 else 2))
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        # Below 120 columns the table needs the room more than the heat map needs its labels.
        narrow = self.app.size.width < 120
        self.heatmap.compact = narrow
        self._narrow = narrow
        self.query_one("#risks-side").display = self.app.size.width >= 100

    @on(KeyTable.WidthChanged, "#risks-table")
    def _refit(self) -> None:
        keep = self.selected.risk.id if self.selected else None
        if self._add_columns():
            self.reload(select=keep)

    def _add_columns(self, available: int | None = None) -> bool:
        """Every rating column whole, the title taking the rest (cut with an ellipsis), Band, System,
        Controls and Owner while they fit (the detail line has them). The residual view shows the
        residual rating in Score, Band, L and I, and the inherent one where the inherent view shows
        the residual. False when the columns were already so."""
        residual = self.show_residual
        band = max(len(b.label) for b in self.engagement.settings.matrix.bands) + 2
        return self.table.fit_columns([
            Column("ref", "Ref", 5),
            Column("title", "Title", 80, flex=True),
            Column("score", "Res." if residual else "Score", 2),
            Column("band", "Res. band" if residual else "Band", band, optional=1),  # the map's colour
            Column("likelihood", "RL" if residual else "L", 1),
            Column("impact", "RI" if residual else "I", 2),
            # Residual beside the rating it follows: never the column cut off at the right.
            Column("residual", "Inherent" if residual else "Residual", 3 + band),
            Column("treatment", "Treatment", max(map(len, TREATMENTS)) + 2),
            Column("system", "System", 14, optional=2),
            Column("controls", "Controls", 18, optional=4),
            Column("owner", "Owner", 12, optional=3),
        ], available)

    # -- showing the register --------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read a fresh snapshot, re-score and redraw; keep (or move to) the selected risk."""
        current = self.selected
        keep = select or (current.risk.id if current else None)
        self.engagement = self.session.engagement()
        matrix = self.engagement.settings.matrix
        try:
            self.assessed = assess_risks(self.engagement)
        except ValueError as exc:  # the firm's matrix has a gap in its bands
            self.assessed = []
            self.notify(f"The risk matrix cannot score these risks: {exc}", severity="error", markup=False)
        table = self.table
        table.clear()
        for a in self.assessed:
            table.add_fitted_row(dict(zip(self.COLUMN_KEYS, self._cells(a))), key=a.risk.id)
        if keep is not None:
            row = next((i for i, a in enumerate(self.assessed) if a.risk.id == keep), None)
            if row is not None:
                table.move_cursor(row=row)
        self.heatmap.set_matrix(matrix)
        self._draw_map()
        self._draw_heading()
        self._draw_legend()
        self._draw_detail()
        empty = self.query_one("#risks-empty", Static)
        empty.display = not self.assessed
        empty.update("No risks yet. Press c to add one from the catalogue, n to write one yourself.")

    def _cells(self, a: AssessedRisk) -> list[Text | str]:
        matrix = self.engagement.settings.matrix
        risk = a.risk
        system = a.system.name if a.system else "Organisation"
        impact = Text(str(a.impact))
        if a.impact_raised:
            impact.append("↑", style="bold")
        score = Text(str(a.score), style="bold" if a.above_appetite else "")
        treatment = Text(risk.treatment)
        if appetite_problem(risk, matrix, a.system):
            treatment.append(" !", style="bold red")
        inherent = Text(f"{a.score} ")
        inherent.append_text(band_text(a.band, matrix))
        residual: Text
        if a.residual_band is not None:
            residual = Text(f"{a.residual_score} ")
            residual.append_text(band_text(a.residual_band, matrix))
        else:
            residual = Text("—", style="dim")
        rating = [score, band_text(a.band, matrix), Text(str(a.likelihood)), impact]
        if self.show_residual:
            unrated = Text("—", style="dim")
            rating = [Text(str(a.residual_score), style="bold" if a.residual_above_appetite else "")
                      if a.residual_score is not None else unrated,
                      band_text(a.residual_band, matrix) if a.residual_band is not None else unrated,
                      Text(str(a.residual_likelihood)) if a.residual_likelihood is not None else unrated,
                      Text(str(a.residual_impact)) if a.residual_impact is not None else unrated]
            residual = inherent
        return [
            Text(risk.ref),
            flex_text(risk.title),
            *rating,
            residual,
            treatment,
            Text(cut(system, 14)),
            Text(cut(", ".join(risk.controls), 18)),
            Text(cut(risk.owner, 12)),
        ]

    def _draw_map(self) -> None:
        matrix = self.engagement.settings.matrix
        rated = sum(1 for a in self.assessed if a.residual_score is not None)
        if not self.show_residual:
            self.heatmap.caption = "Inherent risk"
        elif rated < len(self.assessed):  # a blank map otherwise reads as "no residual risk"
            self.heatmap.caption = f"Residual risk · {rated} of {len(self.assessed)} rated (e sets it)"
        else:
            self.heatmap.caption = "Residual risk"
        self.heatmap.counts = tuple(tuple(row) for row in heat_map(self.assessed, matrix, residual=self.show_residual))
        current = self.selected
        if current is None:
            self.heatmap.marked = None
        elif self.show_residual:
            self.heatmap.marked = ((current.residual_likelihood, current.residual_impact)
                                   if current.residual_likelihood is not None else None)
        else:
            self.heatmap.marked = (current.likelihood, current.impact)

    def _draw_heading(self) -> None:
        matrix = self.engagement.settings.matrix
        above = sum(1 for a in self.assessed if a.above_appetite)
        n = len(self.assessed)
        heading = Text(f"Risk register · {n} risk{'' if n == 1 else 's'} · {above} at or above appetite "
                       f"({matrix.appetite}) · {matrix.size}×{matrix.size} matrix")
        self.query_one("#risks-heading", Static).update(heading)

    def _draw_legend(self) -> None:
        matrix = self.engagement.settings.matrix
        legend = Text()
        for band in sorted(matrix.bands, key=lambda b: b.min):
            legend.append_text(band_text(band, matrix))
            legend.append(f" {band.min}–{band.max}\n")
        legend.append(f"Accepting {matrix.appetite}+ needs a reason", style="dim")
        self.query_one("#risks-legend", Static).update(legend)

    def _draw_detail(self) -> None:
        current = self.selected
        detail = self.detail
        detail.display = current is not None
        if current is None:
            return
        risk = current.risk
        text = Text()
        text.append(f"{risk.ref} ", style="bold")
        text.append(risk.title, style="bold")
        if risk.category:
            text.append(f"  [{risk.category}]", style="dim")
        text.append_text(self._hidden_columns(current))
        if risk.description.strip():
            text.append("\n")
            text.append(cut(risk.description, 240))
        if current.adjustment:  # the same words as the report's row and `aims risk list`
            text.append("\n" + current.adjustment[:1].upper() + current.adjustment[1:] + ".", style="italic")
        problem = appetite_problem(risk, self.engagement.settings.matrix, current.system)
        if problem:
            text.append("\n")
            text.append(problem, style="bold red")
        elif risk.acceptance_reason.strip():
            text.append("\nAccepted because: ", style="dim")
            text.append(cut(risk.acceptance_reason, 200))
        detail.update(text)

    def _hidden_columns(self, a: AssessedRisk) -> Text:
        """The values of the columns left out at this width, for the detail line."""
        shown = self.table.shown_keys
        values = {
            "band": ("Band", band_text(a.band, self.engagement.settings.matrix)),
            "system": ("System", Text(a.system.name if a.system else "Organisation")),
            "controls": ("Controls", Text(", ".join(a.risk.controls) or "—")),
            "owner": ("Owner", Text(a.risk.owner or "—")),
        }
        line = Text()
        for key, (label, value) in values.items():
            if key not in shown:
                line.append(" · " if line else "\n")
                line.append(f"{label} ", style="dim")
                line.append_text(value)
        return line

    @on(DataTable.RowHighlighted, "#risks-table")
    def _highlighted(self) -> None:
        self._draw_map()
        self._draw_detail()

    def watch_show_residual(self) -> None:
        if self.is_mounted:
            keep = self.selected.risk.id if self.selected else None
            self._add_columns()
            self.reload(select=keep)

    # -- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_risk", "delete_risk"):
            return self.selected is not None
        return True

    def action_toggle_residual(self) -> None:
        self.show_residual = not self.show_residual

    def _controls(self) -> list[tuple[str, str]]:
        structure = self.session.content.structure
        return [(cid, structure.title(cid)) for cid in structure.controls]

    def _form(self, values: RiskFormValues, heading: str) -> RiskForm:
        return RiskForm(values, matrix=self.engagement.settings.matrix, systems=self.engagement.systems,
                        controls=self._controls(), heading=heading)

    def _new_risk_source(self) -> tuple[object, ...]:
        """What a new risk's form is built from (tui/ahead.py)."""
        return (self.engagement.settings.matrix, self.engagement.systems, self._controls())

    def build_ahead(self) -> bool:
        """While nobody types: have the new-risk form ready for ``n``."""
        return self.app.ahead.want("new-risk", self._new_risk_source(),  # type: ignore[attr-defined]
                                   lambda: self._form(RiskFormValues(), "New risk"))

    def action_new_risk(self) -> None:
        form = self.app.ahead.take("new-risk", self._new_risk_source(),  # type: ignore[attr-defined]
                                   lambda: self._form(RiskFormValues(), "New risk"))
        self.app.push_screen(form, self._add)

    def action_from_catalogue(self) -> None:
        engagement = self.session.engagement()
        dialog = CatalogueDialog(suggest_risks(engagement, self.session.content),
                                 matrix=engagement.settings.matrix, systems=engagement.systems)
        self.app.push_screen(dialog, self._picked)

    def _picked(self, suggestion: SuggestedRisk | None) -> None:
        if suggestion is None:
            return
        # The suggestion's impact is already raised to the tier floor; the register keeps the
        # catalogue's own impact (on this matrix) so that assess_risk raises it and the table marks
        # it I↑, as for a risk written by hand.
        matrix = self.engagement.settings.matrix
        try:
            impact = rescale(self.session.content.catalogue_risk(suggestion.catalogue_id).impact, matrix)
        except StopIteration:  # the questionnaires changed since the dialog opened
            impact = suggestion.impact
        values = RiskFormValues(
            title=suggestion.title, description=suggestion.description, category=suggestion.category,
            catalogue_id=suggestion.catalogue_id, system_id=suggestion.system_id,
            likelihood=suggestion.likelihood, impact=impact, controls=list(suggestion.controls),
        )
        self.app.push_screen(self._form(values, f"New risk from catalogue {suggestion.catalogue_id}"), self._add)

    def _add(self, draft: RiskDraft | None) -> None:
        if draft is None:
            return
        try:
            risk = self.session.store.add_risk(self.session.assessment_id, **draft.fields)
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), title="Risk not saved", severity="error", markup=False)
            return
        self.reload(select=risk.id)
        self.notify(f"{risk.ref} added", markup=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_risk()

    def action_edit_risk(self) -> None:
        current = self.selected
        if current is None:
            return
        risk = current.risk
        risk_id = risk.id

        def save(draft: RiskDraft | None) -> None:
            if draft is None:
                return
            try:
                self.session.store.update_risk(risk_id, **draft.fields)
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), title="Risk not saved", severity="error", markup=False)
                return
            self.reload(select=risk_id)

        self.app.push_screen(self._form(RiskFormValues.from_risk(risk), f"Edit {risk.ref}"), save)

    def action_delete_risk(self) -> None:
        current = self.selected
        if current is None:
            return
        risk = current.risk

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.session.store.delete_risk(risk.id)
            except StoreError as exc:
                self.notify(str(exc), title="Risk not deleted", severity="error", markup=False)
                return
            self.reload()

        self.app.push_screen(Confirm(f"Delete {risk.ref} {risk.title}? Its control links go with it; "
                                     "the audit trail keeps the record.", yes="Delete"), delete)
