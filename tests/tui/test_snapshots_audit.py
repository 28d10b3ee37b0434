"""Snapshot of the Internal audit screen at 100×30 on a fixed audit: programme, scope, an
independence warning, two interviews, a nonconformity with an overdue corrective action, an
observation and a closed action.

Update only after looking at the report: ``pytest tests/tui/test_snapshots_audit.py --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt

from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir
from aims_tui.store import Store
from aims_tui.store import internal_audit as ia
from aims_tui.tui import context
from aims_tui.tui.app import make_app
from aims_tui.tui.screens import audit as audit_screen

AID = "snapaudit1"


def build_audit(db_path) -> None:
    content = load_content(builtin_questionnaires_dir())
    with Store.open(db_path, actor="Ann Auditor") as store:
        store.create_assessment("Acme [bold]Analytics[/] Ltd", "Customer-facing AI systems", kind="internal-audit",
                                assessors=["Ann Auditor"], date_=dt.date(2027, 3, 1),
                                matrix=content.scales.default_matrix(), assessment_id=AID)
        store.add_system(AID, name="Loan scorer", owner="Ben Brown", tier="high")
        programme = ia.save_programme(store, title="AIMS internal audits 2027", period_start=dt.date(2027, 1, 1),
                                      period_end=dt.date(2027, 12, 31), objectives="Cover clauses 4-10 and Annex A")
        audit = ia.save_audit(store, title="Q1 audit: risk and AI system impact", programme_id=programme.id,
                              assessment_id=AID, auditors=["Ann Auditor", "Ben Brown"],
                              start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 2),
                              scope={"clauses": ["6.1", "8.2"], "controls": ["A.5"], "systems": ["Loan scorer"]})
        ia.add_interview(store, audit.id, auditee="Dana Ng", role="CISO", topics=["6.1.2", "A.5"],
                         start=dt.datetime(2027, 3, 1, 10, 0), done=True)
        ia.add_interview(store, audit.id, auditee="Raj Patel", role="Data science lead", topics=["8.2"],
                         start=dt.datetime(2027, 3, 1, 14, 0), minutes=45)
        nc = ia.add_finding(store, AID, ref="6.1.2", type="minor-nc", text="No risk assessment for 2 of 3 systems",
                            evidence="risk register v3")
        ia.add_corrective_action(store, AID, title="Assess every AI system before release", finding_id=nc.id,
                                 owner="Bob", due=dt.date(2020, 1, 31), root_cause="no process owner")
        ob = ia.add_finding(store, AID, ref="A.5.2", type="observation", text="Impact template is [red]old[/]")
        done = ia.add_corrective_action(store, AID, title="Refresh the impact template", finding_id=ob.id,
                                        owner="Dana", due=dt.date(2099, 1, 31))
        ia.verify_action(store, done.id, effective=True, by="Ann Auditor", on=dt.date(2027, 3, 2))


def test_audit_screen_snapshot(snap_compare, db_path, monkeypatch):
    monkeypatch.setattr(context, "clock", lambda: dt.datetime(2027, 3, 2, 10, 15, 30))
    monkeypatch.setattr(audit_screen, "today", lambda: dt.date(2027, 3, 2))
    build_audit(db_path)

    async def run_before(pilot) -> None:
        pilot.app.open_assessment(AID, "audit")
        await pilot.pause()

    assert snap_compare(make_app(db_path), run_before=run_before, terminal_size=(100, 30))
