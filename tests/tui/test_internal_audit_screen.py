"""Pilot tests of the internal audit path in the TUI (issue 14): programme and audit, interview plan,
"Now interviewing X" in the questionnaire with samples, findings, corrective actions and their
verification, and the read-only refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input

from aims_tui.store import internal_audit as ia
from aims_tui.tui.app import make_app
from aims_tui.tui.screens.audit import AuditScreen
from tests.tui.test_burst_typing import burst, typed


async def open_audit(app, pilot) -> AuditScreen:
    await pilot.pause()
    await pilot.press("f8")
    await pilot.pause()
    assert isinstance(app.screen, AuditScreen)
    return app.screen


def fill(form, **values: str) -> None:
    for field_id, value in values.items():
        form.query_one(f"#{field_id}", Input).value = value


@pytest.fixture
def app(store, content, assessment):
    return make_app(store=store, content=content, assessment_id=assessment.id)


@pytest.fixture
def planned(store, assessment):
    """A programme, an audit in this assessment (an auditor who owns an AI system in scope) and one
    interview on 6.1.2 and A.6.2.4."""
    programme = ia.save_programme(store, title="AIMS audits 2027", period_start=dt.date(2027, 1, 1),
                                  period_end=dt.date(2027, 12, 31))
    store.add_system(assessment.id, name="Loan scorer", owner="Ann Auditor")
    audit = ia.save_audit(store, title="Q1 audit: risk", programme_id=programme.id, assessment_id=assessment.id,
                          auditors=["Ann Auditor"], scope={"clauses": ["6.1"], "controls": ["A.6"],
                                                           "systems": ["Loan scorer"]})
    interview = ia.add_interview(store, audit.id, auditee="Dana Ng", role="CISO", topics=["6.1.2", "A.6.2.4"],
                                 start=dt.datetime(2027, 3, 1, 10, 0))
    return audit, interview


async def test_plan_a_programme_an_audit_and_an_interview(app, store, assessment):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_audit(app, pilot)
        assert "no audit planned" in str(screen.query_one("#audit-heading").render())
        await burst(pilot, "p", "AIMS audits 2027", "enter", "2027-01-01", "enter", "2027-12-31", "enter",
                    "Yearly cover of clauses 4-10", "enter", "none: first year", "enter")
        [programme] = ia.programmes(store)
        assert (programme.title, programme.period_end, programme.earlier_results) == (
            "AIMS audits 2027", dt.date(2027, 12, 31), "none: first year")
        await pilot.press("a")
        await pilot.pause()
        fill(app.screen, title="Q1 audit", clauses="6.1, 8.2", controls="a.6", start="2027-03-01",
             end="2027-03-02", auditors="Ann Auditor, Ben")
        await pilot.press("ctrl+s")
        await pilot.pause()
        audit = ia.audit_of(store, assessment.id)
        assert (audit.title, audit.scope.clauses, audit.scope.controls, audit.auditors, audit.programme_id) == (
            "Q1 audit", ["6.1", "8.2"], ["A.6"], ["Ann Auditor", "Ben"], programme.id)
        await burst(pilot, "n", "Dana Ng", "enter", "CISO", "enter", "2027-03-01 10:30", "enter", "45", "enter",
                    "6.1.2, A.6.2.4", "enter")
        [interview] = ia.interviews(store, audit.id)
        assert (interview.auditee, interview.role, interview.minutes, interview.topics, interview.start) == (
            "Dana Ng", "CISO", 45, ["6.1.2", "A.6.2.4"], dt.datetime(2027, 3, 1, 10, 30))
        assert screen.interviews_table.row_count == 1
        await pilot.press("h")  # held
        await pilot.pause()
        assert ia.interviews(store, audit.id)[0].done


async def test_bad_input_in_the_audit_forms_is_one_line_on_the_field(app, store, assessment):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_audit(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        fill(form, title="Q1", clauses="6.1, A.6")  # a control among the clauses
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.focused.id == "clauses"
        assert "'A.6' is not a clause id" in str(form.query_one("#error").render())
        fill(form, clauses="6.1", systems="Unknown bot")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused.id == "systems" and "not in the inventory" in str(form.query_one("#error").render())
    assert ia.audit_of(store, assessment.id) is None


async def test_independence_warning_on_the_audit_screen(app, planned):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_audit(app, pilot)
        summary = str(screen.query_one("#audit-summary").render())
        assert "Independence" in summary and "Ann Auditor owns the AI system 'Loan scorer'" in summary


async def test_now_interviewing_walks_the_interview_questions_and_records_samples(app, store, content,
                                                                                 assessment, planned):
    audit, interview = planned
    wanted = [q.id for q in content.questions if q.ref == "6.1.2" or q.ref == "A.6.2.4"]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_audit(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        walker = app.screen
        assert type(walker).__name__ == "WalkerScreen"
        assert walker.shown == wanted and walker.current == wanted[0]
        assert "Now interviewing Dana Ng (CISO)" in walker.sub_title
        await pilot.press("p")  # partial, answered by Dana
        await pilot.pause()
        await burst(pilot, "s", "model change records 2026", "enter", "40", "enter", "5", "enter", "CR-3, CR-9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
    answer = store.answer(assessment.id, wanted[0])
    assert (answer.status, answer.interviewees) == ("partial", ["Dana Ng"])
    [sample] = ia.samples(store, assessment.id)
    assert (sample.question_id, sample.what, sample.population, sample.size, sample.items, sample.seen) == (
        wanted[0], "model change records 2026", 40, 5, ["CR-3", "CR-9"], True)


async def test_finding_corrective_action_and_verification(app, store, assessment, planned):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_audit(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        fill(app.screen, ref="6.1.2", evidence="3 systems sampled, 2 not assessed",
             text="Risk assessments not done for every AI system")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [finding] = store.findings(assessment.id)
        assert (finding.ref, finding.type, finding.evidence) == ("6.1.2", "observation",
                                                                 "3 systems sampled, 2 not assessed")
        screen.findings_table.focus()
        await pilot.press("r")
        await pilot.pause()
        fill(app.screen, correction="interim assessment", root_cause="no owner for the process",
             title="Assess every AI system before release", owner="Bob", due="2020-01-31")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [action] = store.actions(assessment.id)
        assert (action.finding_id, action.correction, action.root_cause) == (
            finding.id, "interim assessment", "no owner for the process")
        assert "OVERDUE" in str(screen.findings_table.get_row_at(1)[-1])
        await pilot.press("j")  # the action, under its finding
        await burst(pilot, "v", "re-sampled 3 systems", "enter")
        verified = ia.action(store, action.id)
        assert (verified.effective, verified.verified_by, verified.verification_note) == (
            True, "Test Assessor", "re-sampled 3 systems")
        assert "closed" in str(screen.findings_table.get_row_at(1)[-1])
        assert "OVERDUE" not in str(screen.findings_table.get_row_at(1)[-1])


@pytest.mark.parametrize(("keys", "text"), [
    (("p",), "AIMS audits 2027"),  # programme title
    (("a",), "Q1 audit"),  # audit title
    (("n",), "Dana Ng"),  # interview: auditee
    (("f",), "No risk owner"),  # finding text
    (("j", "v"), "re-sampled"),  # verification note
])
async def test_text_typed_while_an_audit_form_opens_goes_into_it(app, store, assessment, planned, keys, text):
    ia.add_corrective_action(store, assessment.id, title="Name a risk owner")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_audit(app, pilot)
        if "v" in keys:
            screen.findings_table.focus()
            await pilot.pause()
            keys = keys[1:]
        await burst(pilot, *keys, text)
        assert app.screen.is_modal
        assert typed(app).endswith(text)


async def test_read_only_audit_keys_say_one_line(store, content, assessment, planned, db_path):
    from aims_tui.store import open_read_only
    from aims_tui.tui.read_only import REFUSED

    store.close()
    ro = open_read_only(db_path)
    app = make_app(db_path, store=ro, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_audit(app, pilot)
        for key in ("a", "p", "n", "f", "h"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
        assert [n.message for n in app._notifications].count(REFUSED) == 5
        await pilot.press("i")  # interviewing reads: the questionnaire opens, its keys refuse
        await pilot.pause()
        assert "Now interviewing" in app.screen.sub_title and "read-only" in app.title
    ro.close()


async def test_walker_finding_takes_the_question_ref_and_the_action_answers_it(app, store, content, assessment):
    first = content.questions[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x", "t")
        await pilot.pause()
        assert app.screen.query_one("#ref", Input).value == first.ref  # prefilled from the question
        await pilot.press("shift+tab")
        await pilot.press(*"register v3", "tab", *"No context analysis", "enter")
        await pilot.pause()
        [finding] = store.findings(assessment.id)
        assert (finding.ref, finding.evidence, finding.type) == (first.ref, "register v3", "minor-nc")
        await pilot.press("r")
        await pilot.pause()
        fill(app.screen, correction="listed the issues", root_cause="nobody owned it")
        await pilot.press(*"Write the context analysis", "ctrl+s")
        await pilot.pause()
    [action] = store.actions(assessment.id)
    assert (action.finding_id, action.correction, action.root_cause, action.question_id) == (
        finding.id, "listed the issues", "nobody owned it", first.id)


async def test_f8_is_listed_in_help_and_enter_on_a_row_edits_it(app, store, planned):
    audit, interview = planned
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_audit(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        rows = [(r[0].plain, r[1].plain) for r in (table.get_row_at(i) for i in range(table.row_count))]
        assert ("f8", "Internal audit") in rows and ("i", "Interview now") in rows
        await pilot.press("escape")
        await pilot.pause()
        screen.interviews_table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewForm"
        assert app.screen.query_one("#auditee", Input).value == "Dana Ng"
