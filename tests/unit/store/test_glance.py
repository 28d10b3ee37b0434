"""The glance the questionnaire's first frame is drawn from (domain/glance.py, store/glance.py): it
holds what the validated engagement holds, and a row the models would refuse makes no glance at all."""

from __future__ import annotations

from datetime import date

import pytest

from aims_tui.domain.glance import Glance


def _fill(store, content, aid) -> None:
    q = [question.id for question in content.questions[:4]]
    store.set_interviewee(aid, "Ana Ruiz", "CISO")
    store.set_interviewee(aid, "Ben Ode")
    store.set_answer(aid, q[0], status="met", maturity=4, notes="all in place", interviewees=["Ana Ruiz"])
    store.set_answer(aid, q[1], status="not-met", notes="", interviewees=["Ana Ruiz", "Ben Ode"])
    store.set_answer(aid, q[2], status="not-applicable")
    store.add_evidence(aid, title="AI policy v2", question_id=q[0], state="seen", location="SharePoint")
    store.add_evidence(aid, title="Board minutes", question_id=q[1])
    store.add_finding(aid, question_id=q[1], type="minor-nc", text="No owner named")
    store.add_action(aid, title="Name an owner", question_id=q[1], owner="Ana", due=date(2027, 3, 31), priority="high")
    store.add_action(aid, title="Review policy", question_id=q[3])


def test_a_glance_holds_what_the_engagement_holds(store, content, assessment):
    aid = assessment.id
    _fill(store, content, aid)
    glance, eng = store.glance(aid), store.engagement(aid)
    assert isinstance(glance, Glance)
    assert set(glance.answers) == set(eng.answers)
    for qid, a in eng.answers.items():
        g = glance.answers[qid]
        assert (g.question_id, g.status, g.maturity, g.notes, g.interviewees) == (
            a.question_id, a.status, a.maturity, a.notes, a.interviewees)
    assert [(p.name, p.role) for p in glance.interviewees] == [(p.name, p.role) for p in eng.interviewees]
    assert [(e.question_id, e.title, e.state, e.location) for e in glance.evidence] == [
        (e.question_id, e.title, e.state, e.location) for e in eng.evidence]
    assert [(f.question_id, f.type, f.text) for f in glance.findings] == [
        (f.question_id, f.type, f.text) for f in eng.findings]
    assert [(a.question_id, a.title, a.owner, a.due, a.priority, a.status) for a in glance.actions] == [
        (a.question_id, a.title, a.owner, str(a.due) if a.due else None, a.priority, a.status) for a in eng.actions]


def test_an_empty_assessment_has_an_empty_glance(store, assessment):
    assert store.glance(assessment.id) == Glance()


@pytest.mark.parametrize("table, column, value", [
    ("answers", "status", "done"),
    ("answers", "maturity", 7),
    ("answers", "maturity", "three"),
    ("answers", "notes", None),
    ("answers", "interviewees", "not json"),
    ("answers", "interviewees", '{"name": "Ana"}'),
    ("evidence", "state", "maybe"),
    ("evidence", "title", ""),
    ("findings", "type", "remark"),
    ("actions", "due", "2027-02-31"),
    ("actions", "priority", "urgent"),
])
def test_a_row_the_models_refuse_makes_no_glance(store, content, assessment, table, column, value):
    """The glance is a fast path for well-formed files, not a second validator: whatever it does not
    take plainly, the models refuse too, and reading the engagement reports it as always."""
    aid = assessment.id
    _fill(store, content, aid)
    store.conn.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE rowid = (SELECT min(rowid) FROM [{table}])",
                       (value,))
    assert store.glance(aid) is None
    with pytest.raises(Exception):
        store.engagement(aid)


def test_left_off_is_the_answer_changed_last(store, content, assessment):
    aid = assessment.id
    assert store.left_off(aid) is None
    first, second = content.questions[0].id, content.questions[1].id
    store.set_answer(aid, second, status="met", interviewees=["Ana Ruiz"])
    store.set_answer(aid, first, status="partial", interviewees=["Ben Ode", "Ana Ruiz"])
    assert store.left_off(aid) == (first, ["Ben Ode", "Ana Ruiz"])
    store.set_answer(aid, second, maturity=2)  # changing an answer makes it the last one again
    assert store.left_off(aid) == (second, ["Ana Ruiz"])
    store.set_answer(aid, first, maturity=3)
    store.conn.execute("UPDATE answers SET interviewees = 'not json' WHERE question_id = ?", (first,))
    assert store.left_off(aid) == (first, [])  # the place is kept; reading the engagement reports the rest
