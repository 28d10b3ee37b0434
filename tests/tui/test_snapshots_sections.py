"""Snapshots of the Risks, SoA and Dashboard screens at 80×24 and 120×40 on a fixed engagement.

Update only after looking at the report: ``pytest tests/tui/test_snapshots_sections.py --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir
from aims_tui.store import Store
from aims_tui.tui.app import make_app

ASSESSMENT_ID = "snapacme01"


def build_engagement(db_path) -> str:
    """A small, fixed engagement: two AI systems, five risks, every third question answered."""
    content = load_content(builtin_questionnaires_dir())
    with Store.open(db_path, actor="Snapshot Assessor") as store:
        store.create_assessment("Acme Analytics Ltd", "Customer-facing AI systems", assessors=["Snapshot Assessor"],
                                date_=dt.date(2026, 1, 15), matrix=content.scales.default_matrix(),
                                assessment_id=ASSESSMENT_ID)
        scorer = store.add_system(ASSESSMENT_ID, name="Loan scorer", tier="high", owner="CRO")
        bot = store.add_system(ASSESSMENT_ID, name="Support bot [beta]", tier="limited")
        store.add_risk(ASSESSMENT_ID, title="Biased credit decisions", likelihood=3, impact=3, treatment="mitigate",
                       controls=["A.7.4", "A.5.4", "A.6.2.4"], system_id=scorer.id, owner="Head of Risk",
                       residual_likelihood=2, residual_impact=2, category="fairness")
        store.add_risk(ASSESSMENT_ID, title="Model drift after release", likelihood=4, impact=3, treatment="accept",
                       acceptance_reason="Pilot volume only; reviewed monthly", system_id=scorer.id)
        store.add_risk(ASSESSMENT_ID, title="Prompt injection [bold]leak[/]", likelihood=5, impact=5,
                       treatment="accept", system_id=bot.id)
        store.add_risk(ASSESSMENT_ID, title="Vendor outage", likelihood=2, impact=2, treatment="transfer",
                       controls=["A.10.3"], due=dt.date(2026, 6, 30))
        store.add_risk(ASSESSMENT_ID, title="Hallucinated answers", likelihood=3, impact=2, treatment="mitigate",
                       controls=["A.6.2.6", "A.8.2"], system_id=bot.id)
        statuses = itertools.cycle(["met", "partial", "not-met", "met", "not-applicable"])
        for i, question in enumerate(content.questions[::3]):
            store.set_answer(ASSESSMENT_ID, question.id, status=next(statuses), maturity=i % 6)
        store.add_action(ASSESSMENT_ID, title="Approve the AI policy", owner="CEO", priority="high",
                         control_id="A.2.2")
        store.set_soa_override(ASSESSMENT_ID, "A.2.3", owner="Compliance", status="planned")
    return ASSESSMENT_ID


def open_section(name: str):
    async def run_before(pilot) -> None:
        pilot.app.open_assessment(ASSESSMENT_ID, name)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("section", ["risks", "soa", "dashboard"])
def test_section_snapshot(snap_compare, db_path, section, size):
    build_engagement(db_path)
    assert snap_compare(make_app(db_path), run_before=open_section(section), terminal_size=size)


def open_form(section: str, *keys: str):
    async def run_before(pilot) -> None:
        pilot.app.open_assessment(ASSESSMENT_ID, section)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_risk_form_refusing_an_acceptance_snapshot(snap_compare, db_path):
    """The first risk (25, accepted without a reason): its form after ctrl+s, keys and buttons in view."""
    build_engagement(db_path)
    assert snap_compare(make_app(db_path), run_before=open_form("risks", "e", "ctrl+s"), terminal_size=(80, 24))


def test_soa_form_excluding_snapshot(snap_compare, db_path):
    """Excluding the first control: empty justification, the draft above it, keys and buttons in view."""
    build_engagement(db_path)
    assert snap_compare(make_app(db_path), run_before=open_form("soa", "x"), terminal_size=(80, 24))


def test_risk_form_with_a_list_open_snapshot(snap_compare, db_path):
    """A new risk with the likelihood list open in place (tui/widgets/choice.py): its rows under the
    field, the first level highlighted, the fields below moved down."""
    build_engagement(db_path)
    assert snap_compare(make_app(db_path), run_before=open_form("risks", "n", "tab", "tab", "tab", "space", "down"),
                        terminal_size=(100, 30))
