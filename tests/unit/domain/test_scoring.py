"""Gap scores (docs/CONTRACT.md §2 formulas), section roll-ups, gap ranking and next steps."""

from __future__ import annotations

import pytest
from domain_builders import action, answer, answers, engagement, risk

from aims_tui.domain.scoring import next_steps, ranked_gaps, score_questions, section_scores


def _qs(content, n, ref="6.1.2"):
    qs = content.questions_for(ref)
    assert len(qs) >= n
    return qs[:n]


# --------------------------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "coverage", "conformance"),
    [
        ([None, None, None, None], 0.0, None),  # nothing answered
        (["not-applicable"] * 4, 100.0, None),  # all not applicable: nothing to conform to
        (["met"] * 4, 100.0, 100.0),
        (["not-met"] * 4, 100.0, 0.0),
        (["partial"] * 4, 100.0, 50.0),
        (["met", "met", "partial", "not-met"], 100.0, 62.5),
        (["met", "partial", None, None], 50.0, 75.0),
        (["met", "not-applicable", "not-met", None], 75.0, 50.0),  # N/A leaves the denominator
        (["partial", "not-applicable", None, None], 50.0, 50.0),
    ],
)
def test_score_formulas(content, statuses, coverage, conformance):
    qs = _qs(content, len(statuses))
    given = {q.id: answer(q.id, s) for q, s in zip(qs, statuses) if s}
    score = score_questions(qs, given)
    assert score.total == 4
    assert score.answered == sum(1 for s in statuses if s)
    assert score.coverage == pytest.approx(coverage)
    assert score.conformance == (None if conformance is None else pytest.approx(conformance))


def test_counts_by_status(content):
    qs = _qs(content, 5)
    statuses = ["met", "partial", "not-met", "not-applicable", None]
    s = score_questions(qs, {q.id: answer(q.id, st) for q, st in zip(qs, statuses) if st})
    assert (s.met, s.partial, s.not_met, s.not_applicable, s.unanswered, s.applicable) == (1, 1, 1, 1, 1, 3)


@pytest.mark.parametrize(
    ("given", "mean"),
    [
        ([("met", 4), ("partial", 2)], 3.0),
        ([("met", 4), ("partial", None)], 4.0),  # answers without a maturity are left out
        ([("met", None), ("partial", None)], None),
        ([("met", 5), ("not-applicable", 0)], 5.0),  # a not-applicable answer has no maturity to count
        ([("not-met", 0), ("not-met", 1), ("met", 5)], 2.0),
    ],
)
def test_mean_maturity(content, given, mean):
    qs = _qs(content, len(given))
    s = score_questions(qs, {q.id: answer(q.id, st, m) for q, (st, m) in zip(qs, given)})
    assert s.mean_maturity == (None if mean is None else pytest.approx(mean))


def test_no_questions_is_zero_coverage_and_no_conformance():
    s = score_questions([], {})
    assert (s.total, s.coverage, s.conformance, s.mean_maturity) == (0, 0.0, None, None)


def test_answers_to_other_questions_and_duplicates_are_ignored(content):
    q = _qs(content, 1)[0]
    other = content.questions_for("A.2.2")[0]
    s = score_questions([q, q], {q.id: answer(q.id, "met"), other.id: answer(other.id, "not-met")})
    assert (s.total, s.answered, s.conformance) == (1, 1, 100.0)


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def test_section_scores_cover_every_section_and_the_roll_ups(content):
    scores = section_scores(content, {})
    assert set(content.structure.sections) | {"clauses", "annex-a", "overall"} == set(scores)
    assert scores["clauses"].total == len([q for q in content.questions if q.questionnaire == "clauses"])
    assert scores["annex-a"].total == len([q for q in content.questions if q.questionnaire == "annex-a"])
    assert scores["overall"].total == len(content.questions)
    for sid in ("6.1", "6", "A.6", "A.6.2", "A.6.2.4", "9.3.2"):
        assert scores[sid].total == len(content.questions_for(sid)) > 0


def test_an_answer_counts_in_its_subclause_parents_clause_and_roll_ups_only(content):
    qid = content.questions_for("6.1.2")[0].id
    scores = section_scores(content, {qid: answer(qid, "met", 3)})
    for sid in ("6.1.2", "6.1", "6", "clauses", "overall"):
        assert scores[sid].met == 1 and scores[sid].conformance == 100.0 and scores[sid].mean_maturity == 3.0
    for sid in ("6.1.1", "6.2", "5", "annex-a", "A.6"):
        assert scores[sid].answered == 0 and scores[sid].conformance is None


def test_group_score_matches_score_questions(content):
    qs = content.questions_for("A.7")
    given = {q.id: answer(q.id, s) for q, s in zip(qs, ["met", "partial", "not-met", "not-applicable"])}
    assert section_scores(content, given)["A.7"] == score_questions(qs, given)


# --------------------------------------------------------------------------------------------
# Ranked gaps
# --------------------------------------------------------------------------------------------


def _q(content, ref, i=0):
    return content.questions_for(ref)[i].id


def test_only_not_met_and_partial_answers_are_gaps(content):
    e = engagement(answers=answers((_q(content, "A.2.2"), "met"), (_q(content, "A.2.3"), "not-applicable"),
                                   (_q(content, "A.2.4"), "partial")))
    assert [g.question_id for g in ranked_gaps(content, e)] == [_q(content, "A.2.4")]


def test_not_met_before_partial_whatever_the_risk(content):
    critical = risk("R-001", 5, 5, controls=["A.7.4"])
    e = engagement(risks=[critical], answers=answers((_q(content, "A.7.4"), "partial"), (_q(content, "A.2.2"), "not-met")))
    gaps = ranked_gaps(content, e)
    assert [g.severity for g in gaps] == ["not-met", "partial"]
    assert gaps[1].risk_refs == ["R-001"] and gaps[1].worst_band == "critical" and gaps[1].weight == 1.0
    assert gaps[0].risk_refs == [] and gaps[0].worst_band is None and gaps[0].weight == 0.0


def test_within_severity_the_worst_linked_band_ranks_first(content):
    e = engagement(
        risks=[risk("R-001", 1, 2, controls=["A.2.2"]), risk("R-002", 4, 5, controls=["A.9.2"]),
               risk("R-003", 2, 3, controls=["A.5.2", "A.2.2"])],
        answers=answers((_q(content, "A.2.2"), "not-met"), (_q(content, "A.5.2"), "not-met"),
                        (_q(content, "A.9.2"), "not-met"), (_q(content, "A.2.3"), "not-met")),
    )
    gaps = ranked_gaps(content, e)
    # A.9.2 (critical), then A.2.2 and A.5.2 (both medium; A.2.2 has two risks), then A.2.3 (none)
    assert [g.ref for g in gaps] == ["A.9.2", "A.2.2", "A.5.2", "A.2.3"]
    assert gaps[1].risk_refs == ["R-003", "R-001"]


def test_lower_maturity_then_standard_order_break_ties(content):
    e = engagement(answers=answers((_q(content, "4.1"), "partial", 3), (_q(content, "5.1"), "partial", 1),
                                   (_q(content, "4.2"), "partial"), (_q(content, "4.3"), "partial", 3)))
    assert [g.ref for g in ranked_gaps(content, e)] == ["5.1", "4.1", "4.3", "4.2"]


def test_risk_process_clauses_carry_every_risk(content):
    e = engagement(risks=[risk("R-001", 5, 5), risk("R-002", 1, 1, controls=["A.2.2"])],
                   answers=answers((_q(content, "6.1.2"), "not-met"), (_q(content, "4.1"), "not-met")))
    gaps = {g.ref: g for g in ranked_gaps(content, e)}
    assert gaps["6.1.2"].risk_refs == ["R-001", "R-002"] and gaps["6.1.2"].worst_band == "critical"
    assert gaps["4.1"].risk_refs == []


def test_gap_carries_actions_on_the_question_or_control(content):
    qid = _q(content, "A.7.4")
    e = engagement(answers=answers((qid, "not-met", 1, "No data quality checks")),
                   actions=[action("On question", question_id=qid), action("On control", control_id="A.7.4"),
                            action("Elsewhere", control_id="A.2.2")])
    gap = ranked_gaps(content, e)[0]
    assert [a.title for a in gap.actions] == ["On question", "On control"]
    assert (gap.notes, gap.maturity, gap.ref_title) == ("No data quality checks", 1, content.structure.title("A.7.4"))


# --------------------------------------------------------------------------------------------
# Next steps
# --------------------------------------------------------------------------------------------


def test_next_steps_cite_questions_risks_and_actions(content):
    qid = _q(content, "A.7.4")
    e = engagement(
        risks=[risk("R-001", 4, 4, controls=["A.7.4"]), risk("R-002", 4, 4, treatment="accept")],
        answers=answers((qid, "not-met")),
        actions=[action("Write the data quality procedure", control_id="A.7.4", owner="Dana")],
    )
    steps = next_steps(content, e)
    assert len(steps) <= 5
    assert "R-002" in steps[0] and "appetite" in steps[0]
    gap_step = next(s for s in steps if qid in s)
    assert "A.7.4" in gap_step and "R-001" in gap_step and "Write the data quality procedure" in gap_step
    assert "Dana" in gap_step
    assert all(s.endswith(".") for s in steps)


def test_next_steps_respects_the_limit(content):
    e = engagement(answers={q.id: answer(q.id, "not-met") for q in content.questions})
    assert len(next_steps(content, e, limit=3)) == 3
    assert next_steps(content, e, limit=0) == []


def test_next_steps_on_an_empty_engagement_asks_to_finish(content):
    steps = next_steps(content, engagement())
    assert steps[0].startswith("Finish the interviews")
    clauses, annex_a = section_scores(content, {})["clauses"].total, section_scores(content, {})["annex-a"].total
    assert f"{clauses} of {clauses} clause questions" in steps[0]
    assert f"{annex_a} of {annex_a} Annex A questions" in steps[0]
    assert steps[1].startswith("Settle the Statement of Applicability")


def test_next_steps_group_questions_of_one_control(content):
    q1, q2 = (q.id for q in content.questions_for("A.7.4")[:2])
    steps = next_steps(content, engagement(answers=answers((q1, "not-met"), (q2, "partial"))))
    assert sum(1 for s in steps if "A.7.4" in s) == 1
    assert any(q1 in s and q2 in s for s in steps)


def test_next_steps_count_the_questions_and_name_every_risk_of_a_risk_process_clause(content):
    qs = content.questions_for("6.1.2")
    assert len(qs) >= 3
    e = engagement(
        risks=[risk(f"R-{i:03d}", 4, 4) for i in (10, 2, 1)],
        answers=answers((qs[0].id, "not-met"), (qs[1].id, "not-met"), (qs[2].id, "partial")),
    )
    step = next(s for s in next_steps(content, e) if "6.1.2" in s)
    assert f"2 of its {len(qs)} questions are not met and 1 is partially met" in step
    assert f"({qs[0].id}, {qs[1].id}, {qs[2].id})" in step
    assert "all 3 risks in the register, the highest rated" in step


def test_next_steps_list_a_controls_risks_in_ref_order(content):
    qid = _q(content, "A.7.4")
    e = engagement(risks=[risk("R-010", 5, 5, controls=["A.7.4"]), risk("R-002", 2, 2, controls=["A.7.4"])],
                   answers=answers((qid, "partial")))
    step = next(s for s in next_steps(content, e) if "A.7.4" in s)
    assert "R-002 and R-010" in step
    n = len(content.questions_for("A.7.4"))
    assert ("its only question is partially met" if n == 1 else f"1 of its {n} questions is partially met") in step
