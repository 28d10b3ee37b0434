"""The internal-audit forms read and check their fields the same way: a missing required field, a bad
date, a period that ends before it starts, a number that is not one, each said in one line with the
cursor on that field; a good form returns what was typed (issue 16: the shared reading in
dialogs/audit_fields.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input, Static

from aims_tui.domain.models import Action
from aims_tui.tui.app import make_app
from aims_tui.tui.dialogs.audit_form import AuditForm
from aims_tui.tui.dialogs.interview_form import InterviewForm
from aims_tui.tui.dialogs.programme_form import ProgrammeForm
from aims_tui.tui.dialogs.sample_form import SampleForm
from aims_tui.tui.dialogs.verify_form import VerifyForm

TODAY = dt.date(2027, 3, 5)


def forms(content):
    action = Action(id="act1", assessment_id="a", title="Keep V&V records")
    return {
        "programme": lambda: ProgrammeForm(),
        "audit": lambda: AuditForm(content.structure, ["Loan scorer"]),
        "interview": lambda: InterviewForm(content.structure),
        "sample": lambda: SampleForm("6.1.2-q1", []),
        "verify": lambda: VerifyForm(action, "Ann Auditor", TODAY),
    }


CASES = [  # form, {field: typed}, the field at fault (None: saved), the error said
    ("programme", {"title": ""}, "title", "The programme needs a title."),
    ("programme", {"title": "P", "period_start": "2027-02-30"}, "period_start", "Period from: "),
    ("programme", {"title": "P", "period_start": "2027-01-01"}, "period_end",
     "The programme needs the period it covers: both dates (2027-01-01)."),
    ("programme", {"title": "P", "period_start": "2027-01-01", "period_end": "2026-12-31"}, "period_end",
     "Period to: 2026-12-31 is before the start 2027-01-01."),
    ("programme", {"title": "P", "period_start": "2027-01-01", "period_end": "2027-12-31"}, None, ""),
    ("audit", {"title": ""}, "title", "The audit needs a title."),
    ("audit", {"title": "Q3", "clauses": "6.1, A.6"}, "clauses", "Clauses: 'A.6' is not a clause id"),
    ("audit", {"title": "Q3", "controls": "A.6, 6.1"}, "controls", "Controls: '6.1' is not an Annex A id"),
    ("audit", {"title": "Q3", "systems": "Chatbot"}, "systems", "AI systems: 'Chatbot' is not in the inventory"),
    ("audit", {"title": "Q3", "start": "2027-03-03", "end": "2027-03-01"}, "end",
     "To: 2027-03-01 is before the start 2027-03-03."),
    ("audit", {"title": "Q3", "start": "soon"}, "start", "From: "),
    ("audit", {"title": "Q3", "clauses": "6.1", "systems": "loan  SCORER", "start": "2027-03-01"}, None, ""),
    ("interview", {"auditee": ""}, "auditee", "Who is interviewed? The auditee's name is needed."),
    ("interview", {"auditee": "Dana", "start": "monday"}, "start", "When: 'monday' is not a date and time"),
    ("interview", {"auditee": "Dana", "minutes": "3"}, "minutes", "Minutes: '3' is not a length from 5 to 600"),
    ("interview", {"auditee": "Dana", "topics": "6.1, 99"}, "topics", "Topics: '99' is not a clause or control id"),
    ("interview", {"auditee": "Dana", "topics": "6.1, A.6"}, None, ""),
    ("sample", {"what": ""}, "what", "Say what was sampled"),
    ("sample", {"what": "records", "population": "ten"}, "population", "Population: 'ten' is not a whole number."),
    ("sample", {"what": "records", "size": ""}, "size", "Sample size: '' is not a whole number."),
    ("sample", {"what": "records", "population": "4", "size": "5"}, "size",
     "Sample size: 5 is more than the population (4)."),
    ("sample", {"what": "records", "size": "3", "items": "r1, r2,, r1"}, None, ""),
    ("verify", {"by": ""}, "by", "Verified by: who verified the action's effectiveness?"),
    ("verify", {"on": "yesterday"}, "on", "On: "),
    ("verify", {"on": ""}, None, ""),
]


@pytest.mark.parametrize("form_name, typed, at_fault, said", CASES)
async def test_audit_forms_read_and_check_their_fields(store, content, assessment, form_name, typed, at_fault, said):
    app = make_app(store=store, content=content)
    results = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        form = forms(content)[form_name]()
        app.push_screen(form, results.append)
        await pilot.pause()
        for field_id, text in typed.items():
            form.query_one(f"#{field_id}", Input).value = text
        form.submit()
        await pilot.pause()
        if at_fault is None:
            assert results and results[0] is not None, str(form.query_one("#error", Static).render())
            saved = results[0]
        else:
            assert not results
            assert str(form.query_one("#error", Static).render()).startswith(said)
            assert app.focused is form.query_one(f"#{at_fault}")
    if at_fault is None:
        expected = {
            "programme": lambda s: (s.title, s.period_start, s.period_end) == ("P", dt.date(2027, 1, 1),
                                                                              dt.date(2027, 12, 31)),
            "audit": lambda s: (s.scope, s.start, s.end) == (
                {"clauses": ["6.1"], "controls": [], "processes": [], "systems": ["Loan scorer"]},
                dt.date(2027, 3, 1), None),
            "interview": lambda s: (s.auditee, s.minutes, s.topics, s.start, s.done) == ("Dana", 60, ["6.1", "A.6"],
                                                                                        None, False),
            "sample": lambda s: (s.population, s.size, s.items, s.seen) == (None, 3, ["r1", "r2"], True),
            "verify": lambda s: (s.effective, s.by, s.on) == (True, "Ann Auditor", TODAY),
        }
        assert expected[form_name](saved), saved
