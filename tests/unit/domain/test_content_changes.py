"""Questions asked twice are linked, and a changed questionnaire says how answers carry forward (issue 12)."""

from __future__ import annotations

from aims_tui.domain.content_changes import Carry, carry_plan, content_versions, linked_answer_for, linked_question
from aims_tui.domain.models import Answer

PAIRS = [("5.2-q1", "A.2.2-q1"), ("6.1.4-q1", "A.5.2-q1"), ("8.4-q2", "A.5.3-q1")]


def _answer(qid: str, status: str = "met") -> Answer:
    return Answer(assessment_id="a", question_id=qid, status=status)


def test_linked_pairs_work_both_ways(content):
    for clause_q, annex_q in PAIRS:
        assert linked_question(content, annex_q) == clause_q
        assert linked_question(content, clause_q) == annex_q
    assert linked_question(content, "4.1-q1") is None
    assert linked_question(content, "no-such-question") is None


def test_linked_answer_is_offered_only_to_the_unanswered_twin(content):
    answers = {"5.2-q1": _answer("5.2-q1", "partial")}
    assert linked_answer_for(content, answers, "A.2.2-q1") == answers["5.2-q1"]
    assert linked_answer_for(content, answers, "5.2-q1") is None  # answered itself
    answers["A.2.2-q1"] = _answer("A.2.2-q1")
    assert linked_answer_for(content, answers, "A.2.2-q1") is None
    assert linked_answer_for(content, {}, "A.5.2-q1") is None  # twin unanswered
    assert linked_answer_for(content, {"8.4-q2": _answer("8.4-q2")}, "A.5.3-q1").question_id == "8.4-q2"


def test_the_other_pairs_the_issue_named_now_ask_different_things(content):
    for a, b in [("5.3-q1", "A.3.2-q1"), ("5.1-q2", "7.1-q1"), ("6.1.2-q5", "8.2-q3"), ("4.4-q2", "10.1-q1")]:
        assert content.question(a).text != content.question(b).text
        assert linked_question(content, a) is None and linked_question(content, b) is None


def test_carry_plan_copies_split_answers_only_from_version_1(content):
    answered = {"6.1.3-q4", "6.2-q2", "6.2-q5"}
    plan = carry_plan(content, {}, answered)
    assert Carry("clauses", 2, "6.1.3-q5", "6.1.3-q4") in plan
    assert all(c.new_id != "6.2-q5" for c in plan)  # answered already: kept as it is
    assert {c.new_id for c in plan} == {"6.1.3-q5", "6.1.3-q6", "6.1.3-q7", "6.2-q4", "6.2-q6"}
    assert carry_plan(content, content_versions(content), answered) == []
