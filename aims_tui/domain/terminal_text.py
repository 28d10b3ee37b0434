"""Text from the file, made safe to show in a terminal.

Everything an assessment holds was typed by someone, or came in a colleague's bundle. A terminal
acts on some characters instead of showing them: ESC starts colour, cursor and OSC sequences
(an OSC retitles the window, writes the clipboard, makes links), C1 controls do the same in one
byte, BEL rings, and the bidi controls reorder what follows ("Trojan source"). :func:`visible`
writes each of them as a visible escape, so that what is shown is what is stored, literally.
Used by the TUI for every stored text it shows and by the CLI for everything it prints.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "visible"]

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal acts on rather than shows: C0 controls except tab and newline (ESC, BEL,
CR among them), DEL, C1 controls (CSI, OSC, … in one byte) and the bidirectional controls."""


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """``text`` with every character of :data:`UNSAFE` written as ``\\uXXXX`` (ESC is
    ``\\u001b``); tab and newline kept, a Windows line end read as a newline.

    The escapes are valid JSON string escapes too, so JSON output stays valid and decodes to the
    stored text."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(_escape, text.replace("\r\n", "\n"))
