"""Home screen: first start, create, follow-up, archive (pilot tests)."""

from __future__ import annotations

import pytest

from aims_tui.store import Store
from aims_tui.tui.app import make_app
from aims_tui.tui.screens.home import HomeScreen
from aims_tui.tui.dialogs.assessment_form import NewAssessmentForm
from aims_tui.tui.dialogs.prompt_dialog import Prompt


async def test_first_start_creates_an_assessment_from_the_form(db_path, content):
    app = make_app(db_path, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewAssessmentForm)  # empty database: straight to the form
        await pilot.press(*"Acme Analytics Ltd", "tab", *"Credit scoring models")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session is not None
        aid = app.session.assessment_id
    with Store.open(db_path) as store:
        assessment = store.assessment(aid)
        assert assessment.org == "Acme Analytics Ltd"
        assert assessment.scope == "Credit scoring models"
        assert assessment.kind == "gap"
        assert assessment.assessors == ["Test Assessor"]


async def test_form_requires_an_organisation(db_path, content):
    app = make_app(db_path, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewAssessmentForm)
        assert "required" in str(app.screen.query_one("#error").render())


async def test_list_open_follow_up_and_archive(store, content, assessment):
    app = make_app(store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f", "n")  # asked first: no creates nothing
        await pilot.pause()
        assert [a.kind for a in store.list_assessments()] == ["gap"]
        await pilot.press("f", "y")
        await pilot.pause()
        follow_ups = [a for a in store.list_assessments() if a.kind == "follow-up"]
        assert len(follow_ups) == 1 and store.assessment(follow_ups[0].id).baseline_id == assessment.id
        # the new follow-up is selected: archive it, it disappears; t shows it again
        await pilot.press("a", "y")
        await pilot.pause()
        assert store.assessment(follow_ups[0].id).archived
        assert len(app.screen.query_one("#assessments").rows) == 1
        await pilot.press("t")
        await pilot.pause()
        assert len(app.screen.query_one("#assessments").rows) == 2
        await pilot.press("escape")  # nothing to go back to on home
        await pilot.press("k", "k", "j")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None
        assert type(app.screen).__name__ == "WalkerScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.session is None


async def test_help_lists_screen_and_app_bindings(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        does = {r[1] for r in rows}
        assert {"Next unanswered", "Evidence", "Interviewee", "Help", "Quit", "Scope", "Search"} <= does
        keys = {r[1]: r[0] for r in rows}
        assert "j" in keys["Next question"] and "↓" in keys["Next question"]
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WalkerScreen"


async def test_missing_section_module_is_a_notice_not_a_crash(store, content, assessment, monkeypatch):
    from aims_tui.tui import app as app_module

    monkeypatch.setitem(app_module.SECTIONS, "risks", ("aims_tui.tui.screens.no_such_module", "Nope"))
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert type(app.screen).__name__ == "WalkerScreen"
        assert any("not available" in str(n.message) for n in app._notifications)
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "ScopeScreen"
        # the section replaced the walker; no home list was built under an assessment opened at start
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["ScopeScreen"]


async def test_escape_from_an_assessment_opened_at_start_builds_the_home_list(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not any(type(s).__name__ == "HomeScreen" for s in app.screen_stack)  # P2: not composed
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.session is None
        assert app.screen.table.row_count == 1 and app.screen.selected_id == assessment.id
        assert not app.check_action("back", ())  # nothing behind the home list
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WalkerScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen" and len(app.screen_stack) == 2


async def test_section_keys_on_the_home_list_open_the_highlighted_assessment(store, content, assessment):
    app = make_app(store=store, content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"
        assert app.session is not None and app.session.assessment_id == assessment.id
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen" and app.session is None


async def test_section_keys_with_nothing_listed_say_to_open_an_assessment(store, content, assessment):
    store.archive_assessment(assessment.id)  # the list is empty, the first-start form is not shown
    app = make_app(store=store, content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2", "f6")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        messages = [n.message for n in app._notifications]
        assert messages.count("Open an assessment first: enter on the list, n for a new one.") == 2


@pytest.mark.parametrize("section, title", [("scope", "Scope"), ("questionnaire", "Questionnaire"),
                                            ("risks", "Risks"), ("soa", "Statement of Applicability"),
                                            ("dashboard", "Dashboard"), ("export", "Export")])
async def test_every_section_title_names_the_organisation(store, content, assessment, section, title):
    app = make_app(store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, section)
        await pilot.pause()
        assert app.screen.sub_title == f"Acme Analytics Ltd · {title}"


async def _import(pilot, path) -> None:
    await pilot.press("i")
    await pilot.pause()
    await pilot.press(*str(path), "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_import_a_bundle_from_the_home_list(store, content, assessment, tmp_path):
    import json

    from aims_tui.tui.dialogs.notice_dialog import Notice

    # Another assessor's file: a different assessment with one answer, exported as a bundle.
    with Store.open(tmp_path / "other.db", actor="Second Assessor") as other:
        theirs = other.create_assessment("Borealis Bank", "Fraud scoring", matrix=content.scales.default_matrix())
        other.set_answer(theirs.id, "5.2-q1", status="partial", maturity=2, notes="[bold]draft[/] policy")
        bundle_path = tmp_path / "borealis-bundle.json"
        bundle_path.write_text(json.dumps(other.export_bundle(theirs.id)), encoding="utf-8")
    app = make_app(store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _import(pilot, bundle_path)
        assert isinstance(app.screen, Notice)
        shown = str(app.screen.query_one("#notice-text").render())
        assert f"merged assessment {theirs.id} (Borealis Bank)" in shown and "added 1 answer" in shown and "added 1 assessment" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.selected_id == theirs.id  # the list shows it, selected
        assert len(app.screen.query_one("#assessments").rows) == 2
    merged = store.answer(theirs.id, "5.2-q1")
    assert merged is not None and merged.notes == "[bold]draft[/] policy" and merged.maturity == 2
    assert store.verify().ok


@pytest.mark.parametrize("text, error", [
    (None, "no such file"),
    ("{not json", "not valid JSON"),
    ('{"format": "something else"}', "not an aims-tui bundle"),
])
async def test_import_of_a_bad_file_says_why_and_changes_nothing(store, content, assessment, tmp_path,
                                                                 text, error):
    path = tmp_path / "bad.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    before = store.head_hash()
    app = make_app(store=store, content=content)
    notices: list[str] = []
    app.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _import(pilot, path)
        assert isinstance(app.screen, Prompt)  # asked again, the path as typed, to correct it
        assert app.screen.query_one("#prompt-input").value == str(path)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert any(str(path) in n and error in n for n in notices), notices
    assert store.head_hash() == before and len(store.list_assessments()) == 1


async def test_t_shows_then_hides_archived_and_the_footer_says_which(store, content, assessment):
    from aims_tui.tui.textual_private import FooterKey

    store.archive_assessment(assessment.id)
    app = make_app(store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        def offered() -> set[str]:
            return {k.description for k in app.screen.query(FooterKey) if k.key == "t"}

        table = app.screen.query_one("#assessments")
        assert offered() == {"Show archived"} and table.row_count == 0
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert offered() == {"Hide archived"} and table.row_count == 1
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert offered() == {"Show archived"} and table.row_count == 0


async def test_a_on_an_archived_row_is_restore_and_the_footer_says_so(store, content, assessment):
    from aims_tui.tui.textual_private import FooterKey

    store.archive_assessment(assessment.id)
    app = make_app(store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert {k.description for k in app.screen.query(FooterKey) if k.key == "a"} == {"Restore"}
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        assert not store.assessment(assessment.id).archived
        assert {k.description for k in app.screen.query(FooterKey) if k.key == "a"} == {"Archive"}


async def test_notifications_leave_the_footer_keys_visible(store, content, assessment):
    from textual.widgets._toast import Toast

    from aims_tui.tui.widgets.footer import SectionFooter

    app = make_app(store=store, content=content)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("A fairly long message that would cover the footer keys at eighty columns.")
        await pilot.pause()
        await pilot.pause()
        await pilot.pause(0.3)
        toast = app.screen.query(Toast).last()
        footer = app.screen.query_one(SectionFooter)
        assert toast.region.bottom <= footer.region.y


async def test_with_everything_archived_the_list_says_so_not_first_assessment(store, content, assessment):
    store.archive_assessment(assessment.id)
    app = make_app(store=store, content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#home-empty").render())
        assert "All assessments are archived: t shows them" in shown


async def test_a_long_list_is_drawn_with_its_first_rows_and_filled_right_after(store, content):
    from aims_tui.tui.screens.home import HomeScreen

    matrix = content.scales.default_matrix()
    with store.transaction():
        for n in range(HomeScreen.FIRST_ROWS + 30):
            store.create_assessment(f"Client {n:03d}" + ("  with a much longer name" if n == 7 else ""), "scope",
                                    matrix=matrix)
    app = make_app(store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.table.row_count == HomeScreen.FIRST_ROWS + 30
        # the columns were sized from every row, the ones added later too
        assert screen.table.columns["org"].width == len("Client 007  with a much longer name")
        late = screen._rows[HomeScreen.FIRST_ROWS + 20].id
        screen.refresh_list(select=late)  # e.g. after creating or importing that one
        await pilot.pause()
        await pilot.pause()
        assert screen.selected_id == late
        assert screen.table.row_count == HomeScreen.FIRST_ROWS + 30
