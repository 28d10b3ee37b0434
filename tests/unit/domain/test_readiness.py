"""Readiness for Stage 1 (docs/DOMAIN.md): the verdict and its reasons, what counts as a major
nonconformity, and majors ranking above every minor gap."""

from __future__ import annotations

from domain_builders import AID, answer, engagement, risk

from aims_tui.domain.models import Finding
from aims_tui.domain.readiness import assess_readiness, unanswered_by_section
from aims_tui.domain.scoring import major_questions, next_steps, ranked_gaps


def _finding(question_id: str | None, type: str, ref: str = "", fid: str = "") -> Finding:
    return Finding(id=fid or f"f-{question_id}-{type}", assessment_id=AID, question_id=question_id, type=type,
                   ref=ref, text="found")


def _all_met(content, **statuses):
    """Every question answered met, except ``statuses`` (question id → status)."""
    return {q.id: answer(q.id, statuses.get(q.id, "met")) for q in content.questions}


def _first(content, ref: str) -> str:
    return content.questions_for(ref)[0].id


def test_everything_met_and_answered_is_ready(content):
    r = assess_readiness(content, engagement(answers=_all_met(content)))
    assert r.ready and r.reasons == () and r.majors == () and r.unanswered == 0


def test_a_clause_requirement_not_met_is_a_major_nonconformity(content):
    qid = _first(content, "4.2")
    r = assess_readiness(content, engagement(answers=_all_met(content, **{qid: "not-met"})))
    assert not r.ready
    assert [(m.ref, m.question_ids, m.from_finding) for m in r.majors] == [("4.2", (qid,), False)]
    assert r.reasons == ("1 requirement has a major nonconformity",)
    assert r.not_met == ("4.2",)


def test_a_minor_finding_on_a_clause_question_keeps_it_minor(content):
    qid = _first(content, "8.1")
    e = engagement(answers=_all_met(content, **{qid: "not-met"})).model_copy(
        update={"findings": [_finding(qid, "minor-nc")]})
    assert major_questions(content, e) == set()
    assert assess_readiness(content, e).ready


def test_a_major_finding_on_a_control_is_major_and_named_by_finding(content):
    qid = _first(content, "A.2.2")
    e = engagement(answers=_all_met(content, **{qid: "partial"})).model_copy(
        update={"findings": [_finding(qid, "major-nc", fid="f1")]})
    (m,) = assess_readiness(content, e).majors
    assert (m.ref, m.finding_ids, m.question_ids) == ("A.2.2", ("f1",), (qid,))


def test_a_major_finding_raised_on_the_requirement_makes_its_gaps_major(content):
    q1, q2 = content.questions_for("A.7.4")[:2]
    e = engagement(answers=_all_met(content, **{q1.id: "partial", q2.id: "not-met"})).model_copy(
        update={"findings": [_finding(None, "major-nc", ref="A.7.4", fid="f9")]})
    assert major_questions(content, e) == {q1.id, q2.id}
    (m,) = assess_readiness(content, e).majors
    assert (m.ref, m.finding_ids) == ("A.7.4", ("f9",))


def test_annex_a_not_met_without_a_major_finding_is_not_major(content):
    qid = _first(content, "A.7.4")
    r = assess_readiness(content, engagement(answers=_all_met(content, **{qid: "not-met"})))
    assert r.ready and r.majors == () and r.not_met == ("A.7.4",)


def test_residual_risk_at_or_above_appetite_needs_a_decision(content):
    e = engagement(answers=_all_met(content), risks=[
        risk("R-001", 4, 4, treatment="mitigate", residual_likelihood=3, residual_impact=4),  # 12 ≥ 10
        risk("R-002", 4, 4, treatment="mitigate", residual_likelihood=2, residual_impact=2),
        risk("R-003", 4, 4, treatment="accept")])  # accepted above appetite, no reason
    r = assess_readiness(content, e)
    assert not r.ready
    assert r.residual_decisions == ("R-001",) and r.acceptance_reasons_missing == ("R-003",)
    assert r.decisions == ("R-001", "R-003")
    assert any("1 treated risk is still at or above the risk appetite" in x for x in r.reasons)


def test_unanswered_questions_block_the_verdict(content):
    given = _all_met(content)
    qid = _first(content, "A.9.2")
    del given[qid]
    r = assess_readiness(content, engagement(answers=given))
    assert not r.ready and r.unanswered == 1
    assert r.reasons == (f"1 of {len(content.questions)} questions has not yet been covered, so the verdict "
                         "cannot rest on the whole standard",)


def test_unanswered_questions_grouped_by_clause_and_group(content):
    given = _all_met(content)
    gone = [_first(content, "A.9.2"), _first(content, "4.1"), content.questions_for("4.3")[0].id]
    for qid in gone:
        del given[qid]
    assert unanswered_by_section(content, engagement(answers=given)) == [("4", [gone[1], gone[2]]), ("A.9", [gone[0]])]


def test_majors_rank_above_every_minor_gap_whatever_the_risk(content):
    clause_q = _first(content, "4.2")
    control_q = _first(content, "A.7.4")
    major_control_q = _first(content, "A.2.2")
    e = engagement(
        risks=[risk("R-001", 5, 5, controls=["A.7.4"])],
        answers={clause_q: answer(clause_q, "not-met"), control_q: answer(control_q, "not-met"),
                 major_control_q: answer(major_control_q, "partial")},
    ).model_copy(update={"findings": [_finding(major_control_q, "major-nc")]})
    ranked = [g.question_id for g in ranked_gaps(content, e)]
    assert ranked == [clause_q, major_control_q, control_q]
    steps = next_steps(content, e, limit=2)
    assert steps[0].startswith("Close the major nonconformity at clause 4.2")
    assert steps[1].startswith("Close the major nonconformity at control A.2.2")


def test_majors_come_before_the_appetite_step(content):
    clause_q = _first(content, "4.2")
    e = engagement(risks=[risk("R-002", 4, 4, treatment="accept")], answers={clause_q: answer(clause_q, "not-met")})
    steps = next_steps(content, e)
    assert "4.2" in steps[0] and "R-002" in steps[1]
