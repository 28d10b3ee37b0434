"""A firm's template, faithfully (issue 13): its table font for column fitting, its accent colour
for table headers, label cells and the contents heading, "Page x of y" kept in its footer.

Two templates of different fonts and colours, built here with python-docx: Georgia 11 pt with a
dark green Heading 1, and Arial (a theme font) with a burgundy theme accent 1 and a footer that
numbers its own pages. The demo engagement's report, SoA and internal audit report are exported
with each and read back.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from lxml import etree

from aims_tui.exports import docx_common as w
from aims_tui.exports.audit_report import build_audit_report
from aims_tui.exports.fonts import UNKNOWN, metrics_for, text_em
from aims_tui.exports.report import build_gap_report
from aims_tui.exports.soa import build_soa_docx
from aims_tui.exports.tables import MAX_WORD_SHARE, text_width
from docx_reader import text_of

GREEN = "1E5631"
BURGUNDY = "800020"
CELL_MARGIN = 70


def _with_theme(path: Path, *, minor_font: str | None = None, accent1: str | None = None) -> None:
    """Rewrite the template's theme1.xml as Word would after a firm changes its theme."""
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "word/theme/theme1.xml":
                theme = parse_xml(raw)
                a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
                if minor_font:
                    theme.find(f".//{a}minorFont/{a}latin").set("typeface", minor_font)
                if accent1:
                    slot = theme.find(f".//{a}clrScheme/{a}accent1")
                    for child in list(slot):
                        slot.remove(child)
                    slot.append(parse_xml(f'<a:srgbClr xmlns:a="{a[1:-1]}" val="{accent1}"/>'))
                raw = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, raw)
    path.write_bytes(data.getvalue())


@pytest.fixture
def georgia_template(tmp_path) -> Path:
    """Georgia 11 pt throughout, a dark green Heading 1, a footer without page numbers."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(11)
    d.styles["Heading 1"].font.color.rgb = RGBColor.from_string(GREEN)
    d.styles["Heading 1"].font.name = "Georgia"
    d.sections[0].footer.paragraphs[0].text = "Greenfield Advisory LLP · Confidential"
    path = tmp_path / "georgia.docx"
    d.save(path)
    return path


@pytest.fixture
def arial_template(tmp_path) -> Path:
    """Arial as the theme's body font (no font named in any style), a burgundy theme accent 1,
    a Heading 1 with no colour of its own, and a footer that numbers its pages itself."""
    d = docx.Document()
    d.styles["Heading 1"].font.color.rgb = None
    footer = d.sections[0].footer.paragraphs[0]
    footer.text = "Burgundy & Co · "
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    path = tmp_path / "arial.docx"
    d.save(path)
    _with_theme(path, minor_font="Arial", accent1=BURGUNDY)
    return path


@pytest.fixture
def demo(store, content):
    from aims_tui.demo import write_demo

    return store.engagement(write_demo(store, content, today=date(2026, 11, 2)))


def _builds(engagement, content, template):
    yield "report", build_gap_report(engagement, content, template=template)
    yield "soa", build_soa_docx(engagement, content, template=template)
    yield "audit", build_audit_report(engagement, content, template=template)


def _header_fills(document) -> set[str]:
    fills = set()
    for tbl in document.tables:
        first = tbl._tbl.tr_lst[0]
        if first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            continue
        for tc in first.tc_lst:
            shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
            fills.add(shd.get(qn("w:fill")))
    return fills


def _cell_words(tc, header: bool) -> set[tuple[str, bool]]:
    """A cell's words, each with whether it is bold; line breaks, tabs and paragraph ends part
    words (a line may end there)."""
    chars: list[tuple[str, bool]] = []
    for p in tc.iter(qn("w:p")):
        for r in p.iter(qn("w:r")):
            bold = header or r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
            for el in r:
                if el.tag == qn("w:t"):
                    chars += [(c, bold) for c in el.text or ""]
                elif el.tag == qn("w:noBreakHyphen"):
                    chars.append(("-", bold))
                elif el.tag in (qn("w:br"), qn("w:tab")):
                    chars.append((" ", bold))
        chars.append((" ", False))
    words, word, bold = set(), "", False
    for c, b in chars:
        if c.isspace():
            if word:
                words.add((word, bold))
            word, bold = "", False
        else:
            word, bold = word + c, bold or b
    return words


def _split_words(document, font: str, size: float) -> list[tuple[str, int, int]]:
    """Words wider than their cell, measured in ``font``: (word, width needed, width there is).
    A word wider than the table's cap for one word (a URL) may wrap and is not counted."""
    out = []
    for tbl in document.tables:
        props = tbl._tbl.find(qn("w:tblPr"))
        if props.find(f"{qn('w:tblCellMar')}/{qn('w:left')}").get(qn("w:w")) == "0":
            continue  # bar charts: no text to split
        cap = int(props.find(qn("w:tblW")).get(qn("w:w"))) * MAX_WORD_SHARE
        for tr in tbl._tbl.tr_lst:
            header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            for tc in tr.tc_lst:
                room = int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) - 2 * CELL_MARGIN
                sz = tc.find(f".//{qn('w:rPr')}/{qn('w:sz')}")  # a crowded table's smaller size
                cell_size = size if sz is None else int(sz.get(qn("w:val"))) / 2
                for word, bold in _cell_words(tc, header):
                    need = text_width(word, bold=bold, size_pt=cell_size, font=font)
                    if room < need <= cap:
                        out.append((word, need, room))
    return out


@pytest.mark.parametrize("which", ["georgia", "arial"])
def test_template_font_size_and_accent_are_read(which, demo, content, georgia_template, arial_template):
    template, font, accent = {"georgia": (georgia_template, "Georgia", GREEN),
                              "arial": (arial_template, "Arial", BURGUNDY)}[which]
    doc = build_gap_report(demo, content, template=template)
    # Table text keeps our 8.5 pt (the templates have no "Table Text" style) in the firm's font.
    assert (doc.table_font, doc.table_font_pt, doc.accent) == (font, w.TABLE_FONT_PT, accent)


def test_default_look_is_unchanged(demo, content):
    doc = build_gap_report(demo, content)
    assert (doc.table_font, doc.table_font_pt, doc.accent, doc.accent_light) == (
        "Calibri", w.TABLE_FONT_PT, w.ACCENT, w.ACCENT_LIGHT)


@pytest.mark.parametrize("which", ["georgia", "arial"])
def test_columns_fit_the_template_font_no_word_split(which, demo, content, georgia_template, arial_template):
    template, font = {"georgia": (georgia_template, "Georgia"), "arial": (arial_template, "Arial")}[which]
    for kind, doc in _builds(demo, content, template):
        split = _split_words(doc.document, font, w.TABLE_FONT_PT)
        assert not split, f"{kind}: words wider than their column in {font}: {split[:5]}"


def test_columns_measured_in_calibri_would_split_georgia_words(demo, content, georgia_template, monkeypatch):
    """What the test above guards against: a Georgia template measured in Calibri, as before
    issue 13, has words wider than their columns ("Conforman ce", "R-00 2")."""
    monkeypatch.setattr(w, "style_font", lambda document, name: "Calibri")
    doc = build_gap_report(demo, content, template=georgia_template)
    assert doc.table_font == "Calibri"
    assert {"Conformance"} <= {word for word, _, _ in _split_words(doc.document, "Georgia", w.TABLE_FONT_PT)}


@pytest.mark.parametrize("which", ["georgia", "arial"])
def test_accent_colours_table_headers_labels_and_contents(which, demo, content, georgia_template, arial_template):
    template, accent = {"georgia": (georgia_template, GREEN), "arial": (arial_template, BURGUNDY)}[which]
    for kind, doc in _builds(demo, content, template):
        assert _header_fills(doc.document) == {accent}, kind
        assert w.ACCENT not in doc.document.element.xml, f"{kind}: navy left in a {which} document"
        assert doc.accent_light in doc.document.element.xml, kind  # label cells: the accent's tint
    report = build_gap_report(demo, content, template=template).document
    contents = next(p for p in report.paragraphs if p.text == "Contents")
    assert str(contents.runs[0].font.color.rgb) == accent


def test_page_x_of_y_is_added_to_a_footer_without_page_numbers(demo, content, georgia_template):
    for kind, doc in _builds(demo, content, georgia_template):
        footer = doc.document.sections[0].footer
        assert [p.text for p in footer.paragraphs] == ["Greenfield Advisory LLP · Confidential", "Page 1 of 1"], kind
        instr = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
        assert instr == ["PAGE", "NUMPAGES"], kind


def test_a_footer_that_numbers_its_pages_is_kept_as_it_is(demo, content, arial_template):
    for kind, doc in _builds(demo, content, arial_template):
        footer = doc.document.sections[0].footer._element
        assert [text_of(p) for p in footer.iter(qn("w:p"))] == ["Burgundy & Co · 1"], kind
        assert not list(footer.iter(qn("w:instrText"))), kind


def test_font_table():
    assert metrics_for("GEORGIA") is metrics_for("georgia")
    assert metrics_for("Liberation Serif") is metrics_for("Times New Roman")
    assert metrics_for("Some Firm Sans") is UNKNOWN and metrics_for(None) is UNKNOWN
    widest = max(text_em("Conformance", metrics_for(f)) for f in ("Calibri", "Arial", "Georgia", "Cambria",
                                                                   "Times New Roman", "Segoe UI", "Garamond"))
    assert text_em("Conformance", UNKNOWN) >= widest
    assert text_em("é", metrics_for("Arial")) == text_em("e", metrics_for("Arial"))


def _toc(document) -> tuple[str, list[str]]:
    instr = next(t.text for t in document.element.body.iter(qn("w:instrText")) if "TOC" in t.text)
    styles = [p.style.name for p in document.paragraphs if p.style.name.lower().startswith("toc")]
    return instr, styles


def test_contents_that_would_spill_onto_a_second_page_list_chapters_only(demo, content, georgia_template):
    """Georgia 11 pt on a Letter page: the 44 entries take more than a page, so only the chapters
    are listed and nothing spills onto a nearly blank page before the executive summary."""
    instr, styles = _toc(build_gap_report(demo, content, template=georgia_template).document)
    assert '\\o "1-1"' in instr and set(styles) == {"toc 1"} and len(styles) >= 10


def test_contents_that_fit_keep_both_levels(demo, content):
    instr, styles = _toc(build_gap_report(demo, content).document)
    assert '\\o "1-2"' in instr and {"toc 1", "toc 2"} == set(styles)


def test_a_hostile_template_look_is_bounded(demo, content, tmp_path):
    """A colour that is not one and a 5,000 pt table font: the default accent, a sane size."""
    d = docx.Document()
    d.styles["Heading 1"].font.color.rgb = None
    d.styles["Heading 1"].element.get_or_add_rPr().append(parse_xml(f'<w:color {nsdecls("w")} w:val="ZZZZZZ"/>'))
    d.styles.add_style("Table Text", 1).font.size = Pt(5000)
    d.save(tmp_path / "odd.docx")
    _with_theme(tmp_path / "odd.docx", accent1="12345G")
    doc = build_gap_report(demo, content, template=tmp_path / "odd.docx")
    assert doc.accent == w.ACCENT and doc.table_font_pt == 20.0
