"""Internal audits in the domain: finding grades, the corrective-action lifecycle, scope and the
auditor-independence check (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from aims_tui.domain.internal_audit import (
    Audit,
    AuditProgramme,
    AuditScope,
    Sample,
    action_state,
    action_summary,
    in_scope,
    independence_warnings,
    interview_refs_order,
    is_closed,
    is_overdue,
    nonconformities_without_action,
    nonconformity_statement,
    verification_changes,
    verification_text,
)
from aims_tui.domain.models import Action, AISystem, Finding, Risk

TODAY = dt.date(2026, 12, 3)


def action(**fields) -> Action:
    return Action(id="a1", assessment_id="x", title="Run the AI risk assessment", **fields)


def verified(act: Action, effective: bool) -> Action:
    return act.model_copy(update=verification_changes(effective, "Ann Auditor", TODAY, "re-sampled 5 records"))


def test_done_is_not_closed_until_verified_effective():
    done = action(status="done", due=dt.date(2026, 11, 1))
    assert action_state(done) == "awaiting-verification" and not is_closed(done)
    assert is_overdue(done, TODAY)  # the effectiveness review is still owed
    closed = verified(done, True)
    assert (action_state(closed), is_closed(closed), is_overdue(closed, TODAY)) == ("closed", True, False)
    assert verification_text(closed) == "Verified effective by Ann Auditor on 2026-12-03: re-sampled 5 records"


def test_not_effective_reopens_the_action():
    reopened = verified(action(status="done"), False)
    assert (reopened.status, action_state(reopened), is_closed(reopened)) == ("in-progress", "not-effective", False)
    assert verification_text(reopened).startswith("Verified NOT effective by Ann Auditor")


def test_verification_needs_a_name():
    with pytest.raises(ValueError, match="verified by"):
        verification_changes(True, "  ", TODAY)


def test_overdue_only_past_due_and_open():
    assert not is_overdue(action(due=TODAY), TODAY)
    assert is_overdue(action(due=TODAY - dt.timedelta(days=1)), TODAY)
    assert not is_overdue(action(), TODAY)  # no due date


def test_action_summary_for_the_cli():
    row = action_summary(verified(action(due=dt.date(2026, 1, 1), root_cause="no owner"), True), TODAY)
    assert {k: row[k] for k in ("status", "state", "verified", "effective", "closed", "overdue", "root_cause")} == {
        "status": "done", "state": "closed", "verified": True, "effective": True, "closed": True,
        "overdue": False, "root_cause": "no owner"}


def test_nonconformity_statement_and_missing_actions():
    nc = Finding(id="f1", assessment_id="x", type="minor-nc", ref="6.1.2", evidence="risk register v3",
                 text="two systems have no risk assessment")
    ofi = Finding(id="f2", assessment_id="x", type="ofi", ref="A.6.2.4", text="automate")
    assert nonconformity_statement(nc) == ("Requirement: 6.1.2. Evidence: risk register v3. "
                                           "Found: two systems have no risk assessment")
    assert nonconformities_without_action([nc, ofi], []) == [nc]
    assert nonconformities_without_action([nc, ofi], [action(finding_id="f1")]) == []


def test_scope_prefixes():
    scope = AuditScope(clauses=["6.1"], controls=["A.6"])
    assert in_scope("6.1.2", scope) and in_scope("A.6.2.4", scope)
    assert not in_scope("6.2", scope) and not in_scope("A.7.2", scope) and not in_scope("6.10", scope)
    assert in_scope("9.2", AuditScope())  # no limits: the whole standard


def test_interview_questions_follow_questionnaire_order():
    refs = [("4.1-q1", "4.1"), ("6.1.2-q1", "6.1.2"), ("6.2-q1", "6.2"), ("a.6.2.4-q1", "A.6.2.4")]
    assert interview_refs_order(["A.6", "6.1"], refs) == ["6.1.2-q1", "a.6.2.4-q1"]
    assert interview_refs_order([], refs) == []


def test_independence_warns_when_an_auditor_owns_something_in_scope():
    audit = Audit(id="au", title="Audit 1", auditors=["Ann Auditor", "Bo Lead"],
                  scope=AuditScope(clauses=["6"], controls=["A.6"], systems=["Chatbot"]))
    systems = [AISystem(id="s1", assessment_id="x", name="Chatbot", owner="ann auditor"),
               AISystem(id="s2", assessment_id="x", name="Scoring", owner="Bo Lead")]  # not in scope
    risks = [Risk(id="r1", assessment_id="x", ref="R-001", title="Bias", likelihood=3, impact=3, system_id="s1",
                  owner="Bo  Lead"),
             Risk(id="r2", assessment_id="x", ref="R-002", title="Drift", likelihood=3, impact=3, system_id="s2",
                  owner="Ann Auditor")]  # on a system out of scope
    actions = [action(owner="Bo Lead", control_id="A.6.2.4"), action(owner="Ann Auditor", control_id="A.9.2")]
    found = {(w.auditor, w.what, w.name) for w in independence_warnings(audit, systems, risks, actions)}
    assert found == {("Ann Auditor", "AI system", "Chatbot"), ("Bo Lead", "risk", "R-001 Bias"),
                     ("Bo Lead", "action", "Run the AI risk assessment")}
    assert "should not audit their own work" in str(independence_warnings(audit, systems, [], [])[0])


def test_independent_team_has_no_warning():
    audit = Audit(id="au", title="Audit 1", auditors=["Ann Auditor"])
    systems = [AISystem(id="s1", assessment_id="x", name="Chatbot", owner="Dana")]
    assert independence_warnings(audit, systems, [], [action(owner="Dana")]) == []


def test_plan_validation():
    with pytest.raises(ValidationError, match="ends before it starts"):
        AuditProgramme(id="p", title="2026", period_start=dt.date(2026, 12, 1), period_end=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="ends before it starts"):
        Audit(id="a", title="A", start=dt.date(2026, 5, 2), end=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError, match="larger than its population"):
        Sample(id="s", assessment_id="x", what="change records", population=3, size=5)


def test_now_interviewing_lists_the_topics_questions_in_order(content):
    from aims_tui.domain.internal_audit import Interview, interview_questions

    questions = interview_questions(content, Interview(id="i", audit_id="a", auditee="Dana", topics=["A.6.2", "6.1.2"]))
    refs = [q.ref for q in questions]
    assert refs and all(r == "6.1.2" or r.startswith("A.6.2.") for r in refs)
    assert [q.id for q in questions] == [q.id for q in content.questions if q in questions]  # questionnaire order
    assert {r for r in refs} >= {"6.1.2", "A.6.2.4"}


def test_scope_and_topics_do_not_guess_controls_from_their_spelling():
    # Review finding: refs were split into clauses and controls by startswith("A."). A control id
    # spelled otherwise (another annex, a firm's own control set) must still be matched.
    scope = AuditScope(controls=["B.2"])
    assert in_scope("B.2.1", scope) and not in_scope("6.1.2", scope) and not in_scope("B.3", scope)
    refs = [("6.1.2-q1", "6.1.2"), ("b.2.1-q1", "B.2.1")]
    assert interview_refs_order(["B.2"], refs) == ["b.2.1-q1"]
