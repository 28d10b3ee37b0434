"""The private Textual names the app relies on (aims_tui.tui.textual_private) are still there and
still mean what they meant. When this fails after a Textual upgrade, fix textual_private.py (and only
it) before anything else."""

from __future__ import annotations

import inspect

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input

from aims_tui.tui import textual_private as tp


class _Probe(App[None]):
    BINDINGS = [Binding("f9", "probe", "Probe", id="probe")]

    def compose(self) -> ComposeResult:
        yield Input(id="field")

    def action_probe(self) -> None:
        pass

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "probe" else True


async def test_binding_chain_and_action_state_read_the_bindings_keys_reach():
    app = _Probe()
    async with app.run_test() as pilot:
        await pilot.pause()
        chain = list(tp.binding_chain(app.screen))
        nodes = [node for node, _bindings in chain]
        assert nodes[0] is app.query_one("#field") and nodes[-1] is app
        app_bindings = dict(chain)[app]
        assert [b.action for _key, b in app_bindings if b.id == "probe"] == ["probe"]
        assert tp.action_state(app, "probe", app) is None


async def test_is_settled_tells_a_waiting_node_from_a_busy_one():
    app = _Probe()
    async with app.run_test() as pilot:
        await pilot.pause()
        field = app.query_one("#field")
        assert tp.is_settled(app) and tp.is_settled(app.screen) and tp.is_settled(field)
        field.call_later(lambda: None)
        assert not tp.is_settled(field)  # a message waits
        await pilot.pause()
        assert tp.is_settled(field)
        unmounted = Input()
        assert not tp.is_settled(unmounted)


def test_footer_pieces_are_widgets_with_the_arguments_the_footer_passes():
    for cls in (tp.FooterKey, tp.FooterLabel, tp.KeyGroup):
        assert issubclass(cls, Widget)
    params = list(inspect.signature(tp.FooterKey.__init__).parameters)
    assert params[1:5] == ["key", "key_display", "description", "action"]
    assert {"disabled", "tooltip", "classes"} <= set(params)


def _keys(parser, *chunks: str) -> list[str]:
    return [event.key for chunk in chunks for event in parser.feed(chunk) if hasattr(event, "key")]


def test_escape_then_keys_in_one_burst_are_escape_and_those_keys():
    # As tmux delivers `e`, text, esc, `n`, esc, `v`, text: one read.
    keys = _keys(tp.EscapeFirstParser(), "ab\x1bn\x1bvX")
    assert keys == ["a", "b", "escape", "n", "escape", "v", "X"]
    # Textual's own parser read this as "^", "n" and alt+v (the reason for the subclass).
    assert _keys(tp.XTermParser(), "ab\x1bn\x1bvX", "") != keys


def test_escape_at_the_end_of_one_read_and_a_key_at_the_start_of_the_next():
    assert _keys(tp.EscapeFirstParser(), "\x1b", "n") == ["escape", "n"]


def test_real_escape_sequences_still_parse():
    parser = tp.EscapeFirstParser()
    assert _keys(parser, "\x1b[A\x1bOP\x1b[1;5C") == ["up", "f1", "ctrl+right"]


def test_inside_a_bracketed_paste_the_parser_is_textuals_own():
    # No escape key is made up in the middle of pasted text (what Textual does with it is its own).
    data = "\x1b[200~a\x1bnb\x1b[201~x"
    ours, textuals = list(tp.EscapeFirstParser().feed(data)), list(tp.XTermParser().feed(data))
    assert [repr(e) for e in ours] == [repr(e) for e in textuals]
    assert "escape" not in [getattr(e, "key", "") for e in ours]


def test_content_and_rich_text_show_control_characters_as_symbols():
    from rich.text import Text as RichText
    from textual.content import Content

    tp.show_control_characters()
    assert Content("a\x1b[31mb\x9bc\u202ed\x07").plain == "a␛[31mb\ufffdc\ufffdd"  # BEL: dropped, as before
    assert RichText("a\x1b]0;t").plain == "a␛]0;t"
    assert Content("tab\tand\nnewline").plain == "tab\tand\nnewline"


def test_is_text_field_knows_inputs_and_text_areas_and_their_subclasses():
    from textual.widgets import Button, TextArea

    class Notes(TextArea):
        pass

    assert tp.is_text_field(Input()) and tp.is_text_field(TextArea()) and tp.is_text_field(Notes())
    assert not tp.is_text_field(Button("ok"))


async def test_a_dialog_is_laid_out_once_as_it_appears_and_a_real_resize_still_lays_out():
    from textual.screen import ModalScreen, Screen

    class _Dialog(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="in-dialog")

    layouts: list[tuple[str, tuple[int, int]]] = []
    original = Screen._refresh_layout

    def counting(self, size=None, scroll=False):
        layouts.append((type(self).__name__, tuple(size or self.outer_size)))
        return original(self, size, scroll)

    Screen._refresh_layout = counting
    try:
        tp.skip_repeated_layout()
        tp.skip_repeated_layout()  # idempotent: the app calls it once per app
        assert getattr(Screen.__dict__["_on_resize"], "aims_skips_repeats", False)
        app = _Probe()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            layouts.clear()
            app.push_screen(_Dialog())
            await pilot.pause()
            await pilot.pause()
            assert app.screen.focused is not None or app.screen.query_one("#in-dialog")
            # without the patch, the Resize event that follows the dialog's first layout lays out the
            # dialog and the screen under it again: 4 layouts, 1 of the screen under it
            names = [name for name, _size in layouts]
            assert "Screen" not in names and names.count("_Dialog") <= 2, names
            layouts.clear()
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            assert ("_Dialog", (100, 30)) in layouts and ("Screen", (100, 30)) in layouts
    finally:
        Screen._refresh_layout = original


async def test_a_screen_is_styled_once_as_it_first_appears_and_again_each_time_it_comes_back():
    from textual.screen import ModalScreen, Screen

    class _Dialog(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="in-dialog")

    restyled: list[str] = []
    original = Screen.update_node_styles

    def counting(self, animate=True):
        restyled.append(type(self).__name__)
        return original(self, animate)

    Screen.update_node_styles = counting
    try:
        tp.skip_first_restyle()
        tp.skip_first_restyle()
        app = _Probe()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            dialog = _Dialog()
            app.install_screen(dialog, "dialog")
            restyled.clear()
            app.push_screen("dialog")
            await pilot.pause()
            assert "_Dialog" not in restyled  # styled as it mounted, not again on resume
            app.pop_screen()
            await pilot.pause()
            restyled.clear()
            app.push_screen("dialog")  # shown again: restyled as before (the theme may have changed)
            await pilot.pause()
            assert "_Dialog" in restyled
            assert dialog.query_one("#in-dialog").styles.width is not None
    finally:
        Screen.update_node_styles = original


async def test_prepare_styles_adds_the_css_under_the_names_textual_gives_it():
    from textual.screen import ModalScreen
    from textual.widgets import Static

    class _Fancy(Static):
        DEFAULT_CSS = "_Fancy { color: red; }"

    class _FancyDialog(ModalScreen[None]):
        CSS = "#fancy { width: 10; }"

        def compose(self) -> ComposeResult:
            yield _Fancy("x", id="fancy")

    app = _Probe()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tp.prepare_styles(app, [_Fancy, _FancyDialog], [_FancyDialog])  # as the app: a screen is a widget too
        names = {name for _path, name in app.stylesheet.source}
        assert {"_Fancy.DEFAULT_CSS", "_FancyDialog.CSS"} <= names
        before = dict(app.stylesheet.source)
        app.push_screen(_FancyDialog())
        await pilot.pause()
        # Textual found both already there: nothing added, nothing parsed again
        assert app.stylesheet.source.keys() == before.keys()
        fancy = app.screen.query_one("#fancy")
        assert fancy.styles.color.rgb == (255, 0, 0) and fancy.styles.width.value == 10


async def test_a_widget_is_not_styled_before_it_mounts_and_is_styled_with_its_classes_when_it_does():
    from textual.css.stylesheet import Stylesheet
    from textual.widgets import Select

    applied: list[str] = []
    original = Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        applied.append(type(node).__name__)
        return original(self, node, *args, **kwargs)

    Stylesheet.apply = counting
    try:
        tp.skip_unmounted_restyle()
        tp.skip_unmounted_restyle()
        app = _Probe()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            applied.clear()
            built = Input(compact=True, id="late")  # its constructor adds a class
            choice = Select([("a", 1)], compact=True, id="choice")
            assert built.has_class("-textual-compact") and applied == []
            await app.screen.mount(built, choice)
            await pilot.pause()
            assert "Input" in applied and "Select" in applied  # styled as it mounts
            assert built.styles.border_top[0] in ("", "none")  # compact: the class's rule applies
            applied.clear()
            built.add_class("-later")  # mounted: a class change restyles as before
            assert applied and applied[0] == "Input"
            built.remove_class("-textual-compact")
            assert built.styles.border_top[0] not in ("", "none")
    finally:
        Stylesheet.apply = original


async def test_a_screen_mounted_offscreen_is_composed_unseen_and_shown_as_built():
    from textual.screen import ModalScreen

    composed: list[str] = []

    class _Form(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            composed.append("form")
            yield Input(id="first")

        def on_mount(self) -> None:
            self.set_focus(self.query_one("#first"))

    app = _Probe()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        form = _Form()
        tp.mount_offscreen(app, form)
        await pilot.pause()
        assert form.is_mounted and composed == ["form"] and app.screen is home
        app.push_screen(form)
        await pilot.pause()
        assert app.screen is form and composed == ["form"] and app.focused is form.query_one("#first")
        await pilot.press("a")
        assert form.query_one("#first").value == "a"
        unused = _Form()
        tp.mount_offscreen(app, unused)
        await pilot.pause()
        tp.discard_offscreen(unused)
        await pilot.pause()
        assert not unused.is_running and app.screen is form
        tp.discard_offscreen(form)  # on screen: left alone
        await pilot.pause()
        assert form.is_running


async def test_after_first_frame_runs_its_callbacks_once_the_screen_in_front_has_been_drawn():
    """As the app opens straight onto a screen (tui/app.py), callbacks given before and as it mounts
    run once each, in order, after its first frame; Textual may queue the frame's refresh twice
    (the second found the screen's own method already restored). The walker's case, where Textual's
    call_after_refresh would run before the frame: tests/tui/test_open_speed.py."""
    from textual.screen import Screen

    ran: list[tuple[str, int]] = []
    drawn: list[Screen] = []

    class _Section(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="first")

        def on_mount(self) -> None:
            tp.after_first_frame(self, lambda: ran.append(("second", drawn.count(self))))

        def _compositor_refresh(self) -> None:
            super()._compositor_refresh()
            drawn.append(self)

    class _Straight(App[None]):
        def on_mount(self) -> None:
            section = _Section()
            self.push_screen(section)
            tp.after_first_frame(section, lambda: ran.append(("first", drawn.count(section))))

    app = _Straight()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.pause()
        section = app.screen
        assert ran == [("first", 1), ("second", 1)]  # in the order given, after its first frame, once each
        assert "_compositor_refresh" not in section.__dict__


async def test_is_closed_tells_a_screen_still_starting_from_one_removed():
    from textual.screen import ModalScreen

    class _Form(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = _Probe()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = _Form()
        tp.mount_offscreen(app, form)
        assert not tp.is_closed(form)  # not running yet, and not closed either
        await pilot.pause()
        assert form.is_running and not tp.is_closed(form)
        tp.discard_offscreen(form)
        await pilot.pause()
        assert tp.is_closed(form)
