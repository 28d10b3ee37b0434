"""The demo engagement reads like a real one (issue 13): what a partner reading its report would notice."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from aims_tui.demo import ASSESSOR, is_business_day, write_demo
from aims_tui.domain.internal_audit import NONCONFORMITIES

QUESTION_ID = re.compile(r"^(A\.)?\d+(\.\d+)*\b")


@pytest.fixture(scope="module", params=[(42003, date(2026, 11, 2)), (42003, date(2026, 12, 20)),
                                        (42003, date(2027, 1, 4)), (2, date(2027, 3, 6))],
                ids=["default", "before-christmas", "after-new-year", "seed-2-on-a-saturday"])
def demo(request, tmp_path_factory, content):
    from aims_tui.store import Store

    seed, today = request.param
    with Store.open(tmp_path_factory.mktemp("demo") / "demo.db") as store:
        yield store.engagement(write_demo(store, content, seed=seed, today=today)), today


def test_every_answer_has_its_own_note_naming_who_said_it(demo):
    e, _ = demo
    notes = [a.notes for a in e.answers.values()]
    assert len(notes) == len(set(notes)) > 50
    for a in e.answers.values():
        first_names = {name.split()[0] for name in a.interviewees}
        assert any(name in a.notes for name in first_names), a.notes


def test_interviewees_have_roles(demo):
    e, _ = demo
    assert e.interviewees and all(p.role for p in e.interviewees)


def test_findings_are_distinct_nonconformity_statements(demo):
    e, _ = demo
    texts = [f.text for f in e.findings]
    assert texts and len(texts) == len(set(texts))
    assert all(f.ref and f.evidence and f.ref == f.question_id.split("-q")[0] for f in e.findings)
    acted_on = {a.finding_id for a in e.actions}
    assert all(f.id in acted_on for f in e.findings if f.type in NONCONFORMITIES)  # 10.2: each NC has its action


def test_actions_are_titled_by_their_deliverable(demo):
    e, _ = demo
    titles = [a.title for a in e.actions]
    assert len(titles) == len(set(titles))
    for title in titles:
        assert not QUESTION_ID.match(title) and "produce the" not in title and not title.startswith("Fix"), title
    assert not any(a.owner in a.title for a in e.actions)  # the owner stands beside it, not in it


def test_dates_are_ones_a_consultant_would_write(demo):
    e, today = demo
    start, end = e.assessment.date, e.assessment.end_date
    assert end is not None and start < end < today
    assert all(is_business_day(d) for d in (start, end)) and (end - start).days == 2  # Tuesday to Thursday
    interview_days = {x.date for x in e.evidence}
    assert len(interview_days) > 1  # spread over the workshop days
    assert all(start <= d <= end and is_business_day(d) for d in interview_days)
    for f in e.findings:  # "Interview with … on 28 Oct 2026"
        (said,) = re.findall(r"\d{1,2} \w{3} \d{4}", f.evidence)
        day = datetime.strptime(said, "%d %b %Y").date()
        assert start <= day <= end and is_business_day(day), f.evidence
    for a in e.actions:
        assert a.due and a.due > end and is_business_day(a.due), (a.title, a.due)
    for r in e.risks:
        assert r.due is None or (r.due > end and is_business_day(r.due))


def test_the_eu_ai_act_reaches_only_some_systems_each_with_its_basis(demo):
    e, _ = demo
    reach = {s.name: s.eu_act_reach for s in e.systems}
    assert reach["Health premium pricing model"] == "no"  # high-risk use, but UK only
    assert reach["Fraud scoring engine"] == "yes" and reach["Member chatbot"] == "unknown"
    assert all(s.eu_act_basis for s in e.systems)
    assert "output used in the eu" in next(s.eu_act_basis for s in e.systems if s.eu_act_reach == "yes").lower()


def test_a_major_nonconformity_with_its_corrective_action_and_one_verified_action(content, tmp_path):
    from aims_tui.domain.internal_audit import action_state
    from aims_tui.store import Store

    today = date(2026, 11, 2)
    with Store.open(tmp_path / "demo.db") as store:
        e = store.engagement(write_demo(store, content, today=today))
    majors = {f.id for f in e.findings if f.type == "major-nc"}
    corrective = [a for a in e.actions if a.finding_id in majors and a.root_cause and a.correction]
    assert majors and corrective and corrective[0].priority == "high"
    (verified,) = [a for a in e.actions if a.effective is not None]
    assert action_state(verified) == "closed" and verified.verified_by == ASSESSOR
    assert e.assessment.end_date < verified.verified_on <= today and verified.root_cause and verified.correction


def test_the_app_opens_the_demo_at_its_first_answered_question(demo, content):
    """The app resumes at the most recently changed answer: for the demo, where a reader starts."""
    e, _ = demo
    latest = max(e.answers.values(), key=lambda a: a.updated_at)
    first = next(q.id for q in content.questions if q.id in e.answers)
    assert latest.question_id == first


@pytest.mark.parametrize("example, title", [
    ("AI system inventory with purpose and organisational role per system", "AI system inventory"),
    ("Deployment plan or release checklist", "Deployment plan"),
    ("Management review or board minutes asking for improvements", "Management review or board minutes"),
    ("Context analysis entry on climate change, with the decision and reason",
     "Context analysis entry on climate change"),
    ("Rollback procedure", "Rollback procedure"),
    ("", "evidence"),
])
def test_an_evidence_example_becomes_the_name_of_one_document(example, title):
    from aims_tui.demo import short_title

    assert short_title(example) == title
