"""Any stored text becomes text Word accepts (docs/CONTRACT.md R5)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from aims_tui.exports.sanitize import clean


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF)))
def test_clean_output_is_valid_xml_text_and_utf8(text):
    out = clean(text)
    el = etree.Element("t")
    el.text = out  # lxml refuses anything XML 1.0 cannot hold
    out.encode("utf-8")
    assert clean(out) == out


def test_clean_keeps_what_people_typed():
    kept = "[bold]x[/] \u200f\u202eRTL\u202c 😀 émoji\ttab\nline"
    assert clean(kept) == kept


def test_clean_strips_controls_and_replaces_surrogates():
    assert clean("a\x00b\x1b[31mc\x0bd\x0c") == "ab[31mcd"
    assert clean("x\ud800y\udfffz") == "x\ufffdy\ufffdz"
    assert clean(None) == "" and clean(3) == "3"
