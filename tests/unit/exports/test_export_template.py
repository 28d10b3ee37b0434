"""--template firm.docx: the firm's styles, header and footer; our body."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from aims_tui.exports import ExportError, write_gap_report, write_soa_docx
from docx_reader import all_text, headings, open_docx


@pytest.fixture
def firm_template(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "FIRM LETTERHEAD · Smith & Partners"
    d.sections[0].footer.paragraphs[0].text = "Smith & Partners LLP · Confidential"
    h1 = d.styles["Heading 1"]
    h1.font.color.rgb = RGBColor(0x80, 0x00, 0x80)
    h1.font.size = Pt(20)
    d.styles.add_style("Firm Quote", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("Template body text that must not survive.")
    d.add_table(rows=2, cols=2)
    path = tmp_path / "firm.docx"
    d.save(path)
    return path


def test_report_keeps_firm_header_footer_and_styles(engagement, content, tmp_path, firm_template):
    document = open_docx(write_gap_report(engagement, content, tmp_path / "r.docx", template=firm_template))
    header = "".join(p.text for p in document.sections[0].header.paragraphs)
    footer = "".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "FIRM LETTERHEAD" in header and "DRAFT" in header
    assert footer == "Smith & Partners LLP · Confidential"
    assert "Template body text" not in all_text(document)
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x00, 0x80)
    assert document.styles["Heading 1"].font.size == Pt(20)
    assert "Firm Quote" in [s.name for s in document.styles]
    assert headings(document, 1)[0] == "Executive summary"


def test_soa_with_template_is_landscape(engagement, content, tmp_path, firm_template):
    document = open_docx(write_soa_docx(engagement, content, tmp_path / "s.docx", template=firm_template))
    s = document.sections[0]
    assert s.page_width > s.page_height
    assert "FIRM LETTERHEAD" in "".join(p.text for p in s.header.paragraphs)


def test_dotx_template_is_accepted(engagement, content, tmp_path, firm_template):
    dotx = tmp_path / "firm.dotx"
    src = zipfile.ZipFile(firm_template)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                raw = raw.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, raw)
    dotx.write_bytes(buf.getvalue())
    document = open_docx(write_gap_report(engagement, content, tmp_path / "r.docx", template=dotx))
    assert "FIRM LETTERHEAD" in "".join(p.text for p in document.sections[0].header.paragraphs)


def test_template_without_heading_styles_gets_them(engagement, content, tmp_path):
    d = docx.Document()
    styles = d.styles.element
    for s in list(styles):
        name = s.find("{*}name")
        if name is not None and name.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") in (
                "heading 1", "heading 2", "heading 3", "Title", "List Bullet", "List Number", "Caption"):
            styles.remove(s)
    bare = tmp_path / "bare.docx"
    d.save(bare)
    document = open_docx(write_gap_report(engagement, content, tmp_path / "r.docx", template=bare))
    assert headings(document, 1)[0] == "Executive summary"


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.write_text("not a zip")])
def test_bad_template_is_a_one_line_error(engagement, content, tmp_path, make):
    bad = tmp_path / "firm.docx"
    make(bad)
    with pytest.raises(ExportError) as err:
        write_gap_report(engagement, content, tmp_path / "r.docx", template=bad)
    assert str(bad) in str(err.value) and "\n" not in str(err.value)
    assert not (tmp_path / "r.docx").exists()
