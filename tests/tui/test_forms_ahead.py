"""Section forms built while nobody types (tui/ahead.py): the key shows the form built ahead when it
was built from what the key would build it from, a new one otherwise, and what is typed into it is
saved exactly as into a form built on the key."""

from __future__ import annotations

from aims_tui.tui.app import make_app
from aims_tui.tui.dialogs.risk_form import RiskForm
from aims_tui.tui.dialogs.soa_form import SoAForm
from aims_tui.tui.dialogs.system_form import SystemForm
from tests.tui.test_burst_typing import burst


async def built_ahead(app, pilot, slot: str):
    """Wait, as a person reading the screen, until the app has built the form for ``slot``."""
    for _ in range(100):
        await pilot.pause(0.1)
        held = app.ahead._built.get(slot)
        if held is not None and held.form.is_mounted:
            return held.form
    raise AssertionError(f"no form built ahead for {slot}")


async def section_with_form_ahead(app, pilot, section_key: str, slot: str):
    """Open a section with its key and wait until its form for ``slot`` is built."""
    await pilot.pause()
    await pilot.press(section_key)
    return await built_ahead(app, pilot, slot)


async def test_n_shows_the_risk_form_built_ahead_and_what_is_typed_is_saved(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await section_with_form_ahead(app, pilot, "f4", "new-risk")
        assert app.screen is not form and not form.is_current  # built out of sight
        await burst(pilot, "n", "Model drift", "enter", "Scores drift", "enter", "enter",
                    "space", "down", "down", "enter", "enter", "space", "down", "enter", "ctrl+s")
        risk = next(r for r in store.risks(assessment.id) if r.title == "Model drift")
        assert (risk.description, risk.likelihood, risk.impact) == ("Scores drift", 2, 1)
        assert "new-risk" not in app.ahead or app.ahead._built["new-risk"].form is not form  # used once


async def test_a_form_built_from_data_that_changed_since_is_not_shown(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        stale = await section_with_form_ahead(app, pilot, "f4", "new-risk")
        system = store.add_system(assessment.id, name="Claims triage model", tier="high")
        app.screen.engagement = app.screen.session.engagement()  # as the screen reloads on resume
        await burst(pilot, "n")
        assert isinstance(app.screen, RiskForm) and app.screen is not stale
        assert system.id in [value for _label, value in app.screen.query_one("#risk-system").options]
        await pilot.pause()
        assert not stale.is_running  # unmounted


async def test_forms_built_ahead_go_when_the_section_is_left_and_the_scope_has_its_own(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        risk_form = await section_with_form_ahead(app, pilot, "f4", "new-risk")
        await pilot.press("f2")
        system_form = await built_ahead(app, pilot, "new-system")
        assert not risk_form.is_running and "new-risk" not in app.ahead
        await burst(pilot, "a")
        assert app.screen is system_form and isinstance(system_form, SystemForm)
        assert app.focused is system_form.query_one("#name")


async def test_soa_forms_are_built_for_the_highlighted_control_and_follow_the_cursor(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, "soa")
        first = await built_ahead(app, pilot, "soa-edit")
        await built_ahead(app, pilot, "soa-exclude")
        assert first.entry.control_id == app.screen.selected.control_id
        await pilot.press("down")
        await pilot.pause(0.1)
        moved_to = app.screen.selected.control_id
        for _ in range(100):
            second = await built_ahead(app, pilot, "soa-exclude")
            if second.entry.control_id == moved_to:
                break
        assert second.entry.control_id == moved_to and not first.is_running
        await burst(pilot, "x")
        assert app.screen is second and isinstance(second, SoAForm) and second.exclude


async def test_a_theme_change_drops_the_forms_built_in_the_old_one(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await section_with_form_ahead(app, pilot, "f4", "new-risk")
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        assert not form.is_running
        assert app.ahead._built.get("new-risk") is None or app.ahead._built["new-risk"].form is not form


async def test_a_form_that_fails_to_build_ahead_is_not_tried_again_and_its_key_still_works(
        store, content, assessment, monkeypatch):
    from aims_tui.tui.screens.risks import RisksScreen

    tries: list[int] = []
    real = RisksScreen.build_ahead

    def failing(self):
        tries.append(1)
        raise RuntimeError("cannot build")

    monkeypatch.setattr(RisksScreen, "build_ahead", failing)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        for _ in range(30):
            await pilot.pause(0.1)
            if tries:
                break
        await pilot.pause(0.5)
        assert tries == [1] and "new-risk" not in app.ahead
        monkeypatch.setattr(RisksScreen, "build_ahead", real)
        await burst(pilot, "n")
        assert isinstance(app.screen, RiskForm)


async def test_a_resize_drops_the_forms_fitted_to_the_old_size(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await section_with_form_ahead(app, pilot, "f4", "new-risk")
        assert not form.has_class("-short")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not form.is_running
        rebuilt = await built_ahead(app, pilot, "new-risk")
        await burst(pilot, "n")
        assert app.screen is rebuilt and rebuilt.has_class("-short")  # fitted to 24 rows


async def test_a_section_builds_its_forms_as_soon_as_it_is_drawn(store, content, assessment, monkeypatch):
    """Not after half a second without keys: a key pressed a moment after the section appears finds
    its form ready (P8, the first second of a section). Each form is built once, not again while it
    is still starting."""
    from aims_tui.tui.idle import IdleWork
    from aims_tui.tui.screens.soa import SoAScreen

    monkeypatch.setattr(IdleWork, "PREPARE_AFTER", 60.0)  # the idle ticks do nothing in this test
    built: list[str] = []
    from aims_tui.tui.ahead import FormsAhead

    want = FormsAhead.want

    def counting_want(self, slot, source, build):
        made = want(self, slot, source, build)
        if made:
            built.append(slot)
        return made

    monkeypatch.setattr(FormsAhead, "want", counting_want)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        for _ in range(20):
            await pilot.pause()
            if "soa-exclude" in app.ahead:
                break
        assert isinstance(app.screen, SoAScreen)
        assert "soa-edit" in app.ahead and "soa-exclude" in app.ahead
        assert built == ["soa-edit", "soa-exclude"]


async def test_a_form_shown_for_the_first_time_does_not_restyle_the_whole_app(store, content, assessment,
                                                                            monkeypatch):
    """Textual adds a screen's CSS when it is first pushed and then restyles every widget of the app;
    the forms give theirs to the stylesheet as they are built (tui/ahead.py), built ahead or not."""
    from aims_tui.tui.idle import IdleWork

    monkeypatch.setattr(IdleWork, "PREPARE_AFTER", 60.0)  # no dialog CSS prepared while idle
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(app.idle, "section_shown", lambda screen: None)  # nothing built ahead
        await pilot.press("f4")
        await pilot.pause()
        assert "new-risk" not in app.ahead
        updates: list[object] = []
        original = app.stylesheet.update
        monkeypatch.setattr(app.stylesheet, "update", lambda *a, **k: updates.append(a) or original(*a, **k))
        await burst(pilot, "n")
        assert isinstance(app.screen, RiskForm)
        assert updates == []
