"""The remediation roadmap (docs/DOMAIN.md): one item per requirement, workstreams, phases, owners,
the suggested Stage 1 date, action numbers and the traceability matrix."""

from __future__ import annotations

import datetime as dt

from domain_builders import AID, action, answer, engagement, risk

from aims_tui.domain.models import Finding
from aims_tui.domain.roadmap import PHASES, action_numbers, phase_for, plan_roadmap, traceability


def _qs(content, ref):
    return [q.id for q in content.questions_for(ref)]


def test_phase_rule():
    assert phase_for(True, "partial", False) is PHASES[0]
    assert phase_for(False, "not-met", False) is PHASES[1]
    assert phase_for(False, "partial", True) is PHASES[1]
    assert phase_for(False, "partial", False) is PHASES[2]


def test_one_item_per_requirement_with_its_actions_once(content):
    q1, q2 = _qs(content, "A.7.4")[:2]
    act = action("Data quality procedure", control_id="A.7.4", owner="Dana")
    e = engagement(answers={q1: answer(q1, "not-met"), q2: answer(q2, "partial")}, actions=[act])
    (item,) = plan_roadmap(content, e).items
    assert (item.ref, item.question_ids, item.status, item.major) == ("A.7.4", (q1, q2), "not-met", False)
    assert [a.title for a in item.actions] == ["Data quality procedure"] and item.owners == ("Dana",)
    assert item.workstream == ("data", "Data") and item.phase is PHASES[1]


def test_workstreams_phases_owners_and_stage1_date(content):
    clause_q = _qs(content, "9.2.2")[0]
    partial_q = _qs(content, "A.10.3")[0]
    e = engagement(answers={clause_q: answer(clause_q, "not-met"), partial_q: answer(partial_q, "partial")},
                   actions=[action("Done one", question_id=partial_q, owner="Old", status="done")])
    plan = plan_roadmap(content, e)
    by_ref = {it.ref: it for it in plan.items}
    assert by_ref["9.2.2"].major and by_ref["9.2.2"].phase is PHASES[0] and by_ref["9.2.2"].owners == ()
    assert by_ref["A.10.3"].phase is PHASES[2] and by_ref["A.10.3"].owners == ("Old",)
    assert [ws for ws, _ in plan.workstreams()] == [("third-parties", "Suppliers, customers and interested parties"),
                                                     ("improvement", "Monitoring, audit and improvement")]
    assert plan.start == dt.date(2024, 3, 1) and plan.stage1 == dt.date(2024, 3, 31)  # a major only: day 30


def test_stage1_after_day_90_when_a_requirement_is_not_met(content):
    q = _qs(content, "A.7.4")[0]
    plan = plan_roadmap(content, engagement(answers={q: answer(q, "not-met")}))
    assert plan.stage1 == dt.date(2024, 3, 1) + dt.timedelta(days=90)


def test_action_numbers_follow_the_action_plan_order(content):
    e = engagement(actions=[action("Low", priority="low"), action("High", priority="high"),
                            action("Done", priority="high", status="done")])
    assert action_numbers(e) == {"act-High": "A-01", "act-Low": "A-02", "act-Done": "A-03"}


def test_traceability_links_both_ways_and_keeps_a_requirement_with_only_a_risk(content):
    q = _qs(content, "A.7.4")[0]
    f = Finding(id="f1", assessment_id=AID, question_id=q, type="minor-nc", text="no checks")
    e = engagement(
        answers={q: answer(q, "not-met")},
        risks=[risk("R-001", 4, 4, controls=["A.7.4", "A.9.2"], id="r1")],
        actions=[action("Checks", question_id=q, risk_id="r1")],
    ).model_copy(update={"findings": [f]})
    rows = {r.ref: r for r in traceability(content, e)}
    assert set(rows) == {"A.7.4", "A.9.2"}
    a = rows["A.7.4"]
    assert (a.status, a.finding_ids, a.action_ids, a.risk_refs, a.soa_control) == (
        "not-met", ("f1",), ("act-Checks",), ("R-001",), "A.7.4")
    b = rows["A.9.2"]  # no finding, no gap, no action: still there through its risk
    assert (b.status, b.finding_ids, b.action_ids, b.risk_refs) == (None, (), (), ("R-001",))


def test_a_requirement_in_no_workstream_is_planned_under_other(content):
    import dataclasses

    from aims_tui.domain.roadmap import OTHER_WORKSTREAM

    q = _qs(content, "A.7.4")[0]
    bare = dataclasses.replace(content, workstreams=())
    (item,) = plan_roadmap(bare, engagement(answers={q: answer(q, "partial")})).items
    assert item.workstream == OTHER_WORKSTREAM and item.phase is PHASES[2]
