"""Issue 13: a control reads "Implemented" only when the interviews covered it."""

from __future__ import annotations

from aims_tui.domain.soa import draft_soa


def test_a_control_with_a_question_never_answered_is_not_implemented(store, assessment, content):
    """A.8.4 read Implemented with one of its two questions never answered."""
    first, second = content.questions_for("A.8.4")
    store.set_answer(assessment.id, first.id, status="met")
    [entry] = [e for e in draft_soa(content, store.engagement(assessment.id)) if e.control_id == "A.8.4"]
    assert entry.status is None and not entry.final
    assert any("implementation status is not yet established" in p for p in entry.problems)
    store.set_answer(assessment.id, second.id, status="met")
    [entry] = [e for e in draft_soa(content, store.engagement(assessment.id)) if e.control_id == "A.8.4"]
    assert entry.status == "implemented"
