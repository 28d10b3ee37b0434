"""--template firm.docx: the firm's styles, header and footer; our body."""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
import time
import zipfile
from pathlib import Path

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
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    assert "FIRM LETTERHEAD" in header and "DRAFT" in header
    # The firm's footer is kept; it numbers no pages, so "Page x of y" is added under it (issue 13).
    assert footer == ["Smith & Partners LLP · Confidential", "Page 1 of 1"]
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


# -- bounded work (issue 11) -------------------------------------------------------------------


def test_a_folder_as_template_is_named_as_such(engagement, content, tmp_path):
    with pytest.raises(ExportError, match="is a folder, not a Word template"):
        write_gap_report(engagement, content, tmp_path / "r.docx", template=tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_as_template_is_refused_without_blocking(engagement, content, tmp_path):
    """Opening a FIFO for reading blocks until a writer comes: the check never opens it."""
    fifo = tmp_path / "firm.docx"
    os.mkfifo(fifo)
    done = threading.Event()
    errors: list[str] = []

    def run() -> None:
        try:
            write_soa_docx(engagement, content, tmp_path / "s.docx", template=fifo)
        except ExportError as exc:
            errors.append(str(exc))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    if not done.wait(10):  # unblock the reader so the test run can end, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("the export blocked on a FIFO template")
    assert len(errors) == 1 and "is a named pipe (FIFO), not a Word template" in errors[0]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_as_template_is_named_as_such(engagement, content, tmp_path):
    with pytest.raises(ExportError, match="/dev/null: is a device, not a Word template"):
        write_gap_report(engagement, content, tmp_path / "r.docx", template=Path("/dev/null"))


def test_a_zip_bomb_template_is_refused_fast(engagement, content, tmp_path, firm_template):
    """A 1.2 MB template expanding to 389 MB took 62 s and 10 GB; bounded, it is refused at once."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(firm_template) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED,
                                                                 compresslevel=9) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        with dst.open("word/media/padding.bin", "w") as fh:
            zeros = bytes(1024 * 1024)
            for _ in range(389):
                fh.write(zeros)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ExportError) as err:
        write_gap_report(engagement, content, tmp_path / "r.docx", template=bomb)
    assert time.perf_counter() - started < 2
    assert "unzips to 389 MB" in str(err.value) and "\n" not in str(err.value)
    assert not (tmp_path / "r.docx").exists()


def test_malformed_xml_in_a_template_says_not_a_valid_word_file(engagement, content, tmp_path, firm_template):
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(firm_template) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            dst.writestr(item, b"<w:document><w:body>" if item.filename == "word/styles.xml" else raw)
    with pytest.raises(ExportError) as err:
        write_soa_docx(engagement, content, tmp_path / "s.docx", template=broken)
    message = str(err.value)
    assert message.startswith(f"{broken}: not a valid Word file") and "\n" not in message
    assert "lxml" not in message and "line 1" not in message and "XMLSyntax" not in message
