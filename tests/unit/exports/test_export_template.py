"""--template firm.docx: the firm's styles, header and footer; our body."""

from __future__ import annotations

import datetime as dt
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
    props = d.core_properties
    props.title, props.subject, props.author = "Smith & Partners report template", "Template", "Template Author"
    props.category, props.keywords = "Client deliverable", "template"
    props.created = props.modified = props.last_printed = dt.datetime(2015, 3, 1, 9, 0)
    path = tmp_path / "firm.docx"
    d.save(path)
    # python-docx cannot set the company (docProps/app.xml): write it as Word would.
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                raw = raw.replace(b"<Company/>", b"<Company>Smith &amp; Partners LLP</Company>")
            dst.writestr(item, raw)
    path.write_bytes(data.getvalue())
    return path


def test_template_metadata_is_replaced_but_company_and_category_kept(engagement, content, tmp_path, firm_template):
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for write, title in ((write_gap_report, "Acme Analytics Ltd — AIMS gap assessment report"),
                         (write_soa_docx, "Acme Analytics Ltd — Statement of Applicability")):
        path = write(engagement, content, tmp_path / "out.docx", template=firm_template)
        props = open_docx(path).core_properties
        assert props.title == title and "ISO/IEC 42001" in props.subject
        assert props.author == "Jane Consultant, Raj Auditor" and props.version == "0.3"
        assert props.created >= start and props.modified == props.created and props.last_printed is None
        assert "ISO/IEC 42001" in props.keywords
        assert props.category == "Client deliverable"
        with zipfile.ZipFile(path) as z:
            assert b"<Company>Smith &amp; Partners LLP</Company>" in z.read("docProps/app.xml")


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
