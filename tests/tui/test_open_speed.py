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


def _question_pane(screen: Screen) -> list[str]:
    """The screen's rows above the footer (its keys come after the first frame)."""
    return [strip.text for strip in screen._compositor.render_strips()][:-2]


async def test_opened_straight_the_first_frame_is_drawn_from_a_glance_then_from_the_engagement(
        store, content, assessment, monkeypatch):
    """The first frame is drawn from a glance read without pydantic (SPEC P2: domain/glance.py), and
    right after it from the validated engagement: the two show the same."""
    from aims_tui.domain.glance import Glance
    from aims_tui.domain.models import Engagement

    aid = assessment.id
    last = _answer_some(store, content, aid)
    store.set_interviewee(aid, "Ana Ruiz", "CISO")
    store.set_answer(aid, last, status="partial", maturity=2, notes=f"notes on {last}", interviewees=["Ana Ruiz"])
    store.add_evidence(aid, title="AI policy v2", question_id=last, state="seen", location="SharePoint")
    store.add_finding(aid, question_id=last, type="minor-nc", text="No owner named")
    store.add_action(aid, title="Name an owner", question_id=last, owner="Ana", priority="high")
    first: dict[str, object] = {}
    original = Screen._compositor_refresh

    def refresh(self: Screen) -> None:
        original(self)
        if type(self).__name__ == "WalkerScreen" and "rows" not in first and self is self.app.screen:
            first["rows"], first["read"] = _question_pane(self), type(self.engagement_)

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)
    app = make_app(store=store, content=content, assessment_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert first["read"] is Glance
        assert isinstance(app.screen.engagement_, Engagement) and app.before_input is None
        rows = _question_pane(app.screen)
        assert rows == first["rows"]
        shown = "\n".join(rows)
        for text in ("Ana Ruiz (CISO)", "AI policy v2", "No owner named", "Name an owner", f"notes on {last}"):
            assert text in shown


async def test_a_key_before_the_engagement_is_read_waits_for_it(store, content, assessment, monkeypatch):
    """A key typed with the command that opened the app, before the engagement replaced the glance,
    reads it first: the answer it changes is checked against the stored one, not the glance."""
    from aims_tui.domain.glance import Glance
    from aims_tui.tui.screens import walker

    aid = assessment.id
    last = _answer_some(store, content, aid)
    monkeypatch.setattr(walker, "after_first_frame", lambda screen, callback: None)  # the read after it never comes
    app = make_app(store=store, content=content, assessment_id=aid)
    notices: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.engagement_, Glance)
        monkeypatch.setattr(app, "notify", lambda message, **kw: notices.append(str(message)))
        await pilot.press("m", "4")
        await pilot.pause()
        answer = store.answer(aid, last)
        assert (answer.status, answer.maturity) == ("met", 4), notices
        assert not isinstance(app.screen.engagement_, Glance)
