"""User text as WordprocessingML, in linear time (issue 13, docs/CONTRACT.md P7), and the stop switch of a
document being built.

Text becomes ``w:t`` elements, with Word tabs, line breaks and non-breaking hyphens inside
references (``R-001``, ``8.3-q1``), written as one XML string per table or run and parsed once.
Every step is linear in the length of the text: see docs/PERFORMANCE.md (P7) for the quadratic
steps this replaced.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Union
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from aims_tui.exports.files import ExportCancelled
from aims_tui.exports.sanitize import clean

Runs = list[tuple[str, bool]]
"""Text as (text, bold) runs."""

# ---------------------------------------------------------------------------------------------
# Stopping: an export running in a worker stops at the next paragraph or table when asked
# ---------------------------------------------------------------------------------------------

_STOP: ContextVar[Callable[[], bool] | None] = ContextVar("aims_export_stop", default=None)


@contextmanager
def stoppable(stop: Callable[[], bool] | None) -> Iterator[None]:
    """While in this block (on this thread), building a document raises ExportCancelled as soon as
    ``stop()`` is true: the TUI quits at once instead of waiting for a long export to finish."""
    token = _STOP.set(stop)
    try:
        yield
    finally:
        _STOP.reset(token)


def checkpoint() -> None:
    """Raise ExportCancelled if the export under way has been asked to stop."""
    stop = _STOP.get()
    if stop is not None and stop():
        raise ExportCancelled("export stopped before it finished; nothing was written")



def text_xml(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _t_bare(text: str) -> str:
    """Text elements for user text, for a fragment that :func:`graft` puts in the document:
    ``w:t`` elements, with ``w:tab`` for each tab and ``w:br`` for each newline.

    ``xml:space="preserve"`` is needed where Word would otherwise drop spaces (at the edges, runs
    of spaces), but lxml moves an element carrying ``xml:`` attributes from a parsed fragment
    into the document in time quadratic in their number (a 1 MB note of tabs: minutes). So the
    fragment carries a plain marker attribute instead, which :func:`graft` turns into
    ``xml:space`` once the element is in place: linear.
    """
    if "\t" not in text and "\n" not in text:
        return _t_one(text)
    return "<w:br/>".join("<w:tab/>".join(_t_one(part) for part in line.split("\t")) for line in text.split("\n"))


def _t_one(text: str) -> str:
    if not text:
        return ""
    escaped = escape(text)
    if text[0] == " " or text[-1] == " " or "  " in text:
        return f"<w:t {_MARK}>{escaped}</w:t>"
    return f"<w:t>{escaped}</w:t>"


def run_content(text: str) -> str:
    """The inside of a ``w:r`` for ``text`` (already clean): texts, unbroken references, tabs and
    line breaks, in one pass."""
    return _t_unbroken_ids(text.replace("\r\n", "\n").replace("\r", "\n"))


_MARK = 'w:aimsPreserve="1"'
_MARK_ATTR = qn("w:aimsPreserve")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MARKED = etree.XPath(".//w:t[@w:aimsPreserve]",
                      namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})


def graft(xml: str, place: Callable[[etree._Element], object]) -> etree._Element:
    """Parse ``xml``, ``place`` the element in the document, then set ``xml:space`` where
    :func:`_t_bare` marked it."""
    el = parse_xml(xml)
    place(el)
    if _MARK in xml:
        for t in _MARKED(el):
            del t.attrib[_MARK_ATTR]
            t.set(_XML_SPACE, "preserve")
    return el


_HYPHENATED = re.compile(r"(?<![\w.])[\w.]+(?:-[\w.]+)+")


def _t_unbroken_ids(text: str) -> str:
    """Like :func:`_t_bare`, but the hyphens inside references that carry a number (R-001, 8.3-q1,
    A.7.2-q1, 2026-12-03) are Word's non-breaking hyphen, so a line never ends at "R-"."""
    out, last = [], 0
    for m in _HYPHENATED.finditer(text):
        token = m.group()
        if not any(c.isdigit() for c in token) or len(token) > 24:
            continue
        if m.start() > last:
            out.append(_t_bare(text[last:m.start()]))
        out.append("<w:noBreakHyphen/>".join(_t_bare(part) if part else "" for part in token.split("-")))
        last = m.end()
    if last < len(text):
        out.append(_t_bare(text[last:]))
    return "".join(out)



def runs_xml(text: Union[str, Runs], rpr_extra: str) -> str:
    parts = [(text, False)] if isinstance(text, str) else text
    out = []
    for chunk, bold in parts:
        chunk = clean(chunk)
        if not chunk:
            continue
        rpr = ("<w:b/>" if bold and "<w:b/>" not in rpr_extra else "") + rpr_extra  # w:b first (CT_RPr order)
        rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        out.append(f"<w:r>{rpr_xml}{run_content(chunk)}</w:r>")
    return "".join(out)
