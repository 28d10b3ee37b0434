"""The forms' one-line list (aims_tui.tui.widgets.choice): keys, clicks, typing to pick, and the
risk form filled in one burst through it."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Input

from aims_tui.tui.app import make_app
from aims_tui.tui.widgets.choice import BLANK, Choice
from tests.tui.test_burst_typing import burst

TIERS = [("unacceptable", "unacceptable"), ("high", "high"), ("limited", "limited"), ("minimal", "minimal"),
         ("unknown", "unknown")]


class _Host(App[None]):
    def __init__(self, choice: Choice) -> None:
        super().__init__()
        self.choice = choice
        self.changes: list[object] = []

    def compose(self) -> ComposeResult:
        yield Input(id="before")
        yield self.choice
        yield Input(id="after")

    def on_mount(self) -> None:
        self.set_focus(self.choice)

    def on_choice_changed(self, event: Choice.Changed) -> None:
        self.changes.append(event.value)


async def test_space_opens_arrows_move_and_enter_picks_with_the_blank_row_first():
    app = _Host(Choice(TIERS, prompt="(choose)", id="tier"))
    async with app.run_test(size=(60, 20)) as pilot:
        choice = app.choice
        assert choice.value is BLANK and not choice.expanded
        assert "(choose)" in str(choice.render())
        await pilot.press("space")
        assert choice.expanded and choice.region.height == 1 + len(TIERS) + 1  # the prompt's row, then each tier
        await pilot.press("down", "down", "enter")
        assert choice.value == "high" and not choice.expanded and choice.region.height == 1
        assert app.changes == ["high"] and app.focused is choice
        assert "high" in str(choice.render())


async def test_escape_closes_the_list_unchanged_and_stays_in_the_list():
    app = _Host(Choice(TIERS, value="limited", allow_blank=False, id="tier"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("down", "down", "escape")
        assert app.choice.value == "limited" and not app.choice.expanded and app.changes == []
        assert app.focused is app.choice


async def test_typing_jumps_to_the_option_that_starts_with_it_even_from_the_closed_list():
    app = _Host(Choice(TIERS, allow_blank=False, id="tier"))
    async with app.run_test(size=(60, 20)) as pilot:
        assert app.choice.value == "unacceptable"  # no blank: it starts at the first option
        await pilot.press("m")  # a letter on the closed list opens it there
        assert app.choice.expanded
        await pilot.press("enter")
        assert app.choice.value == "minimal"
        await pilot.press("space", "u", "n", "k", "enter")  # "unk": unknown, not unacceptable
        assert app.choice.value == "unknown"
        await pilot.press("space", "i", "m", "enter")  # no option starts with "im": the one containing it
        assert app.choice.value == "limited"


async def test_tab_closes_the_open_list_unchanged_and_moves_on():
    app = _Host(Choice(TIERS, value="high", allow_blank=False, id="tier"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("space", "down", "tab")
        assert app.choice.value == "high" and not app.choice.expanded
        assert app.focused.id == "after"


async def test_a_click_opens_the_list_and_a_click_on_a_row_picks_it():
    app = _Host(Choice(TIERS, value="high", allow_blank=False, id="tier"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.click("#tier")
        assert app.choice.expanded
        await pilot.click("#tier", offset=(3, 4))  # rows under the current line: unacceptable, high, limited, minimal
        assert app.choice.value == "minimal" and not app.choice.expanded


async def test_a_long_list_shows_eight_rows_and_scrolls_to_the_one_picked():
    systems = [(Text(f"System {n:02d}"), f"s{n}") for n in range(50)]
    app = _Host(Choice(systems, prompt="(organisation-wide)", id="system"))
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.press("space")
        assert app.choice.region.height == 1 + Choice.VISIBLE_ROWS
        await pilot.press("end")
        shown = str(app.choice.render())
        assert "System 49" in shown and "System 10" not in shown
        await pilot.press("enter")
        assert app.choice.value == "s49"


async def test_a_value_that_is_not_an_option_is_refused():
    choice = Choice(TIERS, id="tier")
    with pytest.raises(ValueError, match="'extreme' is not one of the options of tier"):
        choice.value = "extreme"
    with pytest.raises(ValueError, match="not one of the options"):
        Choice(TIERS, value="extreme")
    with pytest.raises(ValueError, match="at least one option"):
        Choice([], allow_blank=False)


async def test_setting_the_value_in_code_posts_one_change_and_shows_it():
    app = _Host(Choice(TIERS, id="tier"))
    async with app.run_test(size=(60, 20)) as pilot:
        app.choice.value = "limited"
        app.choice.value = "limited"
        await pilot.pause()
        assert app.changes == ["limited"] and "limited" in str(app.choice.render())
        app.choice.value = BLANK
        await pilot.pause()
        assert app.changes == ["limited", BLANK] and app.choice.is_blank()


async def test_a_whole_risk_typed_in_one_burst_is_saved_with_the_levels_picked(store, content, assessment):
    """As in the tmux journey: title, description, past the AI system, likelihood 4 and impact 3
    picked with space and arrows, ctrl+s — every key posted before the app handles the first."""
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        before = len(store.risks(assessment.id))
        await burst(pilot, "n", "Model drift", "enter", "Scores drift", "enter", "enter",
                    "space", "down", "down", "down", "down", "enter", "enter",
                    "space", "down", "down", "down", "enter", "ctrl+s")
        risks = store.risks(assessment.id)
        assert len(risks) == before + 1
        risk = next(r for r in risks if r.title == "Model drift")
        assert (risk.description, risk.likelihood, risk.impact, risk.system_id) == ("Scores drift", 4, 3, None)


async def test_the_risk_form_is_light(store, content, assessment):
    """The form that was slowest to appear: each widget is styled against the whole stylesheet as
    it opens, so its widget count is what its opening time follows (docs/PERFORMANCE.md, P8)."""
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "RiskForm"
        assert len(form.query("Choice")) == 6
        assert len(list(form.walk_children())) <= 50
