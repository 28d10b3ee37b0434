"""Dashboard: the engagement at a glance. Conformance and coverage per clause and Annex A group
(from ``aims_tui.domain.scoring.section_scores``), risks by band, open actions and SoA blockers."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from aims_tui.domain.figures import maturity_text, pct
from aims_tui.domain.models import Engagement
from aims_tui.domain.risk import assess_risks
from aims_tui.domain.scoring import GapScore, section_scores
from aims_tui.domain.soa import soa_blockers
from aims_tui.tui.context import Session
from aims_tui.tui.screens.heading import Headed
from aims_tui.tui.widgets.bars import BarChart, BarRow, percent_style
from aims_tui.tui.widgets.footer import SectionFooter
from aims_tui.tui.widgets.look import PRIORITY_STYLE
from aims_tui.tui.widgets.risk_colours import band_style

__all__ = ["DashboardScreen"]


_BLANK = "—"


def _pct(value: float | None) -> str:
    return pct(value, _BLANK)


def _note(score: GapScore) -> str:
    return f"{score.answered:>2}/{score.total:<2} m{maturity_text(score.mean_maturity, _BLANK)}"


class DashboardScreen(Headed, Screen[None]):
    """Read-only overview; refreshed whenever the screen is shown again."""
    SECTION: ClassVar[str] = "dashboard"  # the footer marks its key
    HEADING = "Dashboard"

    DEFAULT_CSS = """
    DashboardScreen #dashboard-body {
        height: 1fr;
    }
    DashboardScreen #dashboard-summary {
        height: auto;
        padding: 0 1;
    }
    DashboardScreen #dashboard-charts {
        height: auto;
    }
    DashboardScreen .dashboard-pane {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    DashboardScreen .dashboard-title {
        text-style: bold;
        height: 1;
    }
    DashboardScreen #dashboard-bottom {
        height: auto;
        padding: 0 1;
    }
    DashboardScreen #dashboard-risks, DashboardScreen #dashboard-actions {
        width: 1fr;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Refresh", id="dashboard-refresh"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.engagement: Engagement | None = None
        self.scores: dict[str, GapScore] = {}

    @property
    def clause_bars(self) -> BarChart:
        return self.query_one("#dashboard-clauses", BarChart)

    @property
    def group_bars(self) -> BarChart:
        return self.query_one("#dashboard-groups", BarChart)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="dashboard-heading", classes="screen-heading")
        with VerticalScroll(id="dashboard-body"):
            yield Static(id="dashboard-summary")
            with Horizontal(id="dashboard-charts"):
                with Vertical(classes="dashboard-pane"):
                    yield Static("Clauses 4–10: conformance", classes="dashboard-title")
                    yield BarChart(label_width=14, note_width=10, id="dashboard-clauses")
                with Vertical(classes="dashboard-pane"):
                    yield Static("Annex A: conformance", classes="dashboard-title")
                    yield BarChart(label_width=14, note_width=10, id="dashboard-groups")
            with Horizontal(id="dashboard-bottom"):
                yield Static(id="dashboard-risks")
                yield Static(id="dashboard-actions")
        yield SectionFooter()

    def on_mount(self) -> None:
        self.fit_heading()
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Re-read the engagement and redraw every figure."""
        engagement = self.session.engagement()
        content = self.session.content
        self.engagement = engagement
        self.scores = scores = section_scores(content, engagement.answers)
        structure = content.structure
        heading = Text("Dashboard · ")
        heading.append(engagement.assessment.org)
        heading.append(" · bars: conformance, then answered/total and m(ean maturity)")
        self.query_one("#dashboard-heading", Static).update(heading)
        self.clause_bars.rows = tuple(
            BarRow(f"{cid} {structure.title(cid)}", scores[cid].conformance, _note(scores[cid]))
            for cid in structure.clause_ids
        )
        self.group_bars.rows = tuple(
            BarRow(f"{gid} {structure.title(gid)}", scores[gid].conformance, _note(scores[gid]))
            for gid in structure.group_ids
        )
        self._draw_summary()
        self._draw_risks()
        self._draw_actions()

    def _draw_summary(self) -> None:
        text = Text()
        for key, label in (("overall", "Overall"), ("clauses", "Clauses 4–10"), ("annex-a", "Annex A")):
            s = self.scores[key]
            if key == "clauses":
                text.append("\n")
            elif key == "annex-a":
                text.append("   ")
            text.append(f"{label} ", style="bold")
            text.append(_pct(s.conformance), style=f"bold {percent_style(s.conformance)}")
            text.append(" conformance · ")
            text.append(_pct(s.coverage), style=percent_style(s.coverage))
            text.append(f" covered ({s.answered}/{s.total})")
            if key == "overall":
                text.append(f" · mean maturity {maturity_text(s.mean_maturity, _BLANK)}")
        self.query_one("#dashboard-summary", Static).update(text)

    def _draw_risks(self) -> None:
        engagement = self.engagement
        assert engagement is not None
        matrix = engagement.settings.matrix
        try:
            assessed = assess_risks(engagement)
        except ValueError as exc:
            self.query_one("#dashboard-risks", Static).update(Text(f"Risks: {exc}", style="red"))
            return
        text = Text("Risks by band", style="bold")
        text.append(f"  ({len(assessed)} in the register)\n", style="dim")
        for band in sorted(matrix.bands, key=lambda b: b.min, reverse=True):
            n = sum(1 for a in assessed if a.band.id == band.id)
            text.append(f" {n:>3} ", style=band_style(band, matrix))
            text.append(f" {band.label}\n")
        above = sum(1 for a in assessed if a.above_appetite)
        blocked = sum(1 for a in assessed if a.needs_acceptance_reason)
        text.append(f"{above} at or above appetite ({matrix.appetite})")
        if blocked:
            text.append(f", {blocked} accepted without a reason", style="bold red")
        self.query_one("#dashboard-risks", Static).update(text)

    def _draw_actions(self) -> None:
        engagement = self.engagement
        assert engagement is not None
        open_actions = [a for a in engagement.actions if a.status != "done"]
        text = Text("Open actions", style="bold")
        text.append(f"  ({len(open_actions)} of {len(engagement.actions)})\n", style="dim")
        for priority, style in PRIORITY_STYLE.items():
            n = sum(1 for a in open_actions if a.priority == priority)
            text.append(f" {n:>3} ", style=f"reverse {style}".strip() if n else "dim")
            text.append(f" {priority}\n")
        blockers = soa_blockers(self.session.content, engagement)
        text.append("SoA: ")
        if blockers:
            text.append(f"{len(blockers)} blockers", style="bold red")
        else:
            text.append("ready to finalise", style="#4caf50")
        self.query_one("#dashboard-actions", Static).update(text)
