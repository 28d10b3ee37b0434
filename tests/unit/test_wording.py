"""One home for the one-line forms of user text (CLI tables) and of errors (the export screen)."""

from __future__ import annotations

from aims_tui.domain.wording import error_line, one_line


def test_one_line_keeps_user_text_on_one_line_and_shows_control_characters():
    assert one_line("Acme\nLtd") == "Acme Ltd"
    assert one_line("a\tb\x1b[31mred") == "a\\tb\\x1b[31mred"
    assert one_line("Ærø — “quoted”") == "Ærø — “quoted”"


def test_error_line_collapses_the_message_and_names_a_silent_error():
    assert error_line(OSError("disk\n  full")) == "disk full"
    assert error_line(KeyError()) == "KeyError"


def test_the_cli_and_the_export_screen_use_the_one_helper_each():
    import aims_tui.cli as cli
    import aims_tui.tui.screens.export as export_screen

    assert cli.one_line is one_line and export_screen.error_line is error_line
    assert not hasattr(cli, "_one_line") and not hasattr(export_screen, "_one_line")

