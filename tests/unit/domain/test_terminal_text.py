"""Stored text is shown literally: nothing in it acts on the terminal (issue 11)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from aims_tui.domain.terminal_text import UNSAFE, visible

OSC_TITLE = "\x1b]0;pwned\x07"
HOSTILE = f"a{OSC_TITLE}\x1b[31mred\x9b2J\u202eevil\u2066x\u2069 ok\x7f"


def test_escape_sequences_c1_bel_and_bidi_are_written_as_visible_escapes():
    shown = visible(HOSTILE)
    assert shown == ("a\\u001b]0;pwned\\u0007\\u001b[31mred\\u009b2J\\u202eevil\\u2066x\\u2069 ok\\u007f")
    assert not UNSAFE.search(shown)


def test_ordinary_text_with_newlines_tabs_and_accents_is_unchanged():
    text = "Café policy – “approved” ❤\n\tnext line [bold]not markup[/]"
    assert visible(text) is text


def test_a_windows_line_end_is_a_newline_and_a_lone_carriage_return_is_shown():
    assert visible("one\r\ntwo\rthree") == "one\ntwo\\u000dthree"


@given(st.text())
def test_nothing_unsafe_survives_and_json_escapes_decode_to_the_text(text):
    shown = visible(text)
    assert not UNSAFE.search(shown)
    # The escapes are JSON's: a JSON string passed through visible() decodes to the same text.
    assert json.loads(visible(json.dumps(text, ensure_ascii=False))) == text
