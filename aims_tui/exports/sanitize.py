"""Make any stored text safe for a Word document or a CSV file (docs/CONTRACT.md R5).

What the consultant typed is stored verbatim; exports must never fail on it. XML 1.0 (and so
Word) cannot hold most C0 control characters, lone surrogates or U+FFFE/U+FFFF. Those are
dropped (controls) or replaced with U+FFFD (surrogates, non-characters); everything else, including
markup-like text such as ``[bold]``, RTL marks and emoji, passes through unchanged.
"""

from __future__ import annotations

import re

# Tab, line feed and carriage return are legal in XML and meaningful in notes; keep them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]+")
_INVALID = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """``text`` as a string that XML, Word and UTF-8 all accept."""
    if text is None:
        return ""
    s = text if isinstance(text, str) else str(text)
    if s.isascii():
        return _CONTROLS.sub("", s) if not s.isprintable() else s
    return _INVALID.sub("\ufffd", _CONTROLS.sub("", s))
