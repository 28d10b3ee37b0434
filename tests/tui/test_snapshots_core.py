"""Snapshots of home, walker and scope at 80×24 and 120×40, from a database with fixed values.

Update with ``pytest tests/tui/test_snapshots_core.py --snapshot-update`` only after looking at
the report (``snapshot_report.html``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from aims_tui.store import Store
from aims_tui.tui import context
from aims_tui.tui.app import make_app

SIZES = [(80, 24), (120, 40)]
AID = "a1b2c3d4e5"


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    monkeypatch.setattr(context, "clock", lambda: datetime(2026, 3, 2, 10, 15, 30))


@pytest.fixture
def engagement_db(tmp_path, content):
    """Two assessments, a few answers, two AI systems; every id and date fixed."""
    store = Store.open(tmp_path / "snap.db", actor="Dana Auditor")
    matrix = content.scales.default_matrix()
    store.create_assessment("Northwind [bold]Lending[/] Ltd", "Retail credit decisions and the support chatbot.\n"
                            "Excluded: internal HR tools (no AI in use).", assessors=["Dana Auditor"],
                            date_=date(2026, 3, 2), matrix=matrix, assessment_id=AID)
    store.create_assessment("Contoso Health", "Triage assistant", assessors=["Dana Auditor"],
                            date_=date(2025, 9, 14), matrix=matrix, assessment_id="f0e1d2c3b4")
    ids = [q.id for q in content.questions]
    store.set_interviewee(AID, "Priya Shah", "Head of Risk")
    for qid, status, maturity in zip(ids[:5], ["met", "partial", "not-met", "not-applicable", "met"],
                                     [4, 2, 0, None, 3]):
        store.set_answer(AID, qid, status=status, maturity=maturity, interviewees=["Priya Shah"],
                         notes="Shown the register; \\[bold] markup stays literal [/]" if qid == ids[1] else "")
    store.set_answer("f0e1d2c3b4", ids[0], status="met")
    store.set_answer(AID, ids[0], maturity=4)  # changed last: the walker opens at the first question
    store.add_system(AID, name="Loan pre-screening", purpose="Scores applications", owner="Credit",
                     role="deployer", tier="high", supplier="ScoreCo", lifecycle_stage="operation")
    store.add_system(AID, name="Support chatbot", purpose="Answers customers", owner="Service",
                     role="deployer", tier="limited", in_scope=True)
    store.path = Path("/clients/northwind.db")  # shown in the home heading; the temp path varies
    yield store
    store.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, engagement_db, content, size):
    assert snap_compare(make_app(store=engagement_db, content=content), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_walker(snap_compare, engagement_db, content, size):
    app = make_app(store=engagement_db, content=content, assessment_id=AID)
    assert snap_compare(app, press=["j", "3", "e", *"ok", "escape"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_scope(snap_compare, engagement_db, content, size):
    app = make_app(store=engagement_db, content=content, assessment_id=AID)
    assert snap_compare(app, press=["f2"], terminal_size=size)


def test_new_assessment_form(snap_compare, tmp_path, content):
    store = Store.open(tmp_path / "empty.db", actor="Dana Auditor")
    store.path = Path("/clients/new.db")
    try:
        assert snap_compare(make_app(store=store, content=content), terminal_size=(80, 24))
    finally:
        store.close()
