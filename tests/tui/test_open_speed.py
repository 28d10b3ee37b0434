"""Opening straight into an assessment (issue 16, SPEC P2): the walker's first frame carries the
question and its answers; the footer's keys follow, composed once and only when they change."""

from __future__ import annotations

from textual.screen import Screen

from aims_tui.tui.app import make_app
from aims_tui.tui.textual_private import FooterKey
from aims_tui.tui.widgets.footer import SectionFooter


def _answer_some(store, content, aid) -> str:
    for q in content.questions[:3]:
        store.set_answer(aid, q.id, status="partial", maturity=2, notes=f"notes on {q.id}")
    return content.questions[2].id


async def test_opened_straight_the_first_frame_shows_where_the_assessor_left_off(
        store, content, assessment, monkeypatch):
    """The first frame of the walker (no footer keys yet: they come with the screen's own bindings
    signal, as on the home list) already has the question last worked on and every answer."""
    last = _answer_some(store, content, assessment.id)
    first: dict[str, object] = {}
    original = Screen._compositor_refresh

    def refresh(self: Screen) -> None:
        original(self)
        if type(self).__name__ == "WalkerScreen" and "text" not in first and self is self.app.screen:
            first["text"] = "\n".join(strip.text for strip in self._compositor.render_strips())
            first["keys"] = len(self.query(FooterKey))

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert f"({last})" in first["text"]
        assert f"Question 3/{len(content.questions)} · 3 answered" in first["text"]
        assert f"notes on {last}" in first["text"]
        assert "Partial" in first["text"] or "partial" in first["text"]
        assert first["keys"] == 0
        keys = {key.action for key in app.screen.query(FooterKey)}  # and then the footer has them
        assert "status('met')" in keys and "section('risks')" in keys


async def test_the_footer_is_rebuilt_only_when_its_keys_change(store, content, assessment):
    aid = assessment.id
    app = make_app(store=store, content=content, assessment_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(SectionFooter)
        before = list(app.screen.query(FooterKey))
        assert before
        app.screen.refresh_bindings()  # nothing changed: the same keys stay
        await pilot.pause()
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == before
        await pilot.resize_terminal(90, 40)  # narrower than WIDE: no palette key, the keys are built again
        await pilot.pause()
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) != before
        assert not app.screen.query(".-command-palette")
        assert footer.is_attached


async def test_footer_keys_are_not_restyled_after_they_mount(store, content, assessment, monkeypatch):
    """A key is built with the footer's compact class already set: setting it on the mounted key
    (Textual's compact binding) restyled every key again against the whole stylesheet."""
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        restyled: list[FooterKey] = []
        original = FooterKey.update_node_styles

        def update_node_styles(self, animate: bool = True) -> None:
            restyled.append(self)
            original(self, animate)

        monkeypatch.setattr(FooterKey, "update_node_styles", update_node_styles)
        before = list(app.screen.query(FooterKey))
        await pilot.resize_terminal(90, 40)  # the footer is composed again (no palette key)
        await pilot.pause()
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert keys and not set(keys) & set(before)
        assert all(key.has_class("-compact") for key in keys)
        assert [key for key in restyled if key in keys] == []
