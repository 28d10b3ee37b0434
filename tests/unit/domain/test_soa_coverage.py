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


def test_the_demo_shows_implemented_only_where_every_question_is_met(store, content):
    """Issue 13: the demo's A.8.4 read Implemented with its question never answered."""
    from datetime import date

    from aims_tui.demo import write_demo

    engagement = store.engagement(write_demo(store, content, today=date(2026, 11, 2)))
    entries = {e.control_id: e for e in draft_soa(content, engagement)}
    for e in entries.values():
        if e.status == "implemented" and "status" not in e.edited:
            answers = [engagement.answers.get(qid) for qid in e.question_ids]
            assert all(a is not None and a.status in ("met", "not-applicable") for a in answers), e.control_id
    a84 = entries["A.8.4"]
    if any(qid not in engagement.answers for qid in a84.question_ids):
        assert a84.status != "implemented"
