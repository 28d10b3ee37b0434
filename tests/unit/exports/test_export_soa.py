"""The SoA draft (.docx and CSV) read back."""

from __future__ import annotations

import csv
import io

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from aims_tui.domain.soa import draft_soa, soa_blockers
from aims_tui.domain.wording import NO_VALUE
from aims_tui.exports import write_soa_csv, write_soa_docx
from aims_tui.exports.docx_common import ACCENT_LIGHT, DRAFT_RED, IMPLEMENTATION_FILL, MUTED, STATUS_FILL
from aims_tui.exports.soa import EXCLUDED_STATUS
from docx_reader import all_text, cell_fill, instr_texts, open_docx


@pytest.fixture
def soa(engagement, content, tmp_path):
    return open_docx(write_soa_docx(engagement, content, tmp_path))


def _control_rows(document):
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Control")
    return table, [r for r in table.rows[1:] if len(r._tr.tc_lst) > 1]


def test_landscape_with_header_and_footer(soa, engagement):
    section = soa.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    header = "".join(p.text for p in section.header.paragraphs)
    footer = "".join(p.text for p in section.footer.paragraphs)
    assert engagement.assessment.org in header and "DRAFT" in header
    assert "version 0.3" in footer and "Page" in footer
    assert {"PAGE", "NUMPAGES"} <= {i.strip() for i in instr_texts(section.footer._element)}


def test_all_38_controls_once_grouped_by_objective(soa, content):
    table, control_rows = _control_rows(soa)
    ids = [r.cells[0].text for r in control_rows]
    assert ids == content.structure.controls and len(set(ids)) == 38
    groups = [tr for tr in table._tbl.tr_lst[1:] if len(tr.tc_lst) == 1]
    assert ["".join(t.text for t in g.iter("{*}t")).split()[0] for g in groups] == list(content.structure.group_ids)
    assert table.rows[0]._tr.trPr.find("{*}tblHeader") is not None  # header repeats on every page


def test_values_match_the_domain_draft(soa, engagement, content):
    _, control_rows = _control_rows(soa)
    entries = draft_soa(content, engagement)
    for row, e in zip(control_rows, entries):
        cells = [c.text for c in row.cells]
        assert cells[1] == e.title
        assert cells[2] == ("Yes" if e.applicable else "No")
        assert cells[4] == (e.justification or NO_VALUE)  # open items are listed at the end, not in the row
        if not e.applicable:
            assert cells[5] == EXCLUDED_STATUS
        elif e.status:
            assert cells[5] == content.scales.label("implementation_statuses", e.status)
            assert cell_fill(row.cells[5]) == IMPLEMENTATION_FILL[e.status]
        else:
            assert cells[5] == "Not yet known"
        assert cells[6] == (", ".join(e.linked_risks) or NO_VALUE)
    text = all_text(soa)
    open_items = [t for t in soa.tables if t.rows[0].cells[0].text == "To resolve"]
    assert len(open_items) == 1
    items = [(r.cells[0].text, r.cells[1].text) for r in open_items[0].rows[1:]]
    per_control = {p: e.control_id for e in entries for p in e.problems}
    for blocker in soa_blockers(content, engagement):
        if blocker in per_control:  # one row per kind of problem, naming every control it concerns
            cid = per_control[blocker]
            rest = blocker.removeprefix(cid).lstrip(" :").removeprefix("is ")
            assert any(problem.lower() == rest.lower() and cid in controls.split(" (")[0].split(", ")
                       for problem, controls in items), blocker
        else:
            assert blocker in text
    assert sum(len(c.split(" (")[0].split(", ")) for _, c in items) == len(per_control)


def test_final_soa_has_no_draft_mark(complete_engagement, content, tmp_path):
    document = open_docx(write_soa_docx(complete_engagement, content, tmp_path))
    assert soa_blockers(content, complete_engagement) == []
    assert "DRAFT" not in all_text(document)
    assert "DRAFT" not in "".join(p.text for p in document.sections[0].header.paragraphs)


def test_group_rows_are_shaded(soa):
    table, _ = _control_rows(soa)
    group_cells = [tr.tc_lst[0] for tr in table._tbl.tr_lst[1:] if len(tr.tc_lst) == 1]
    assert all(tc.find("{*}tcPr/{*}shd").get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")
               == ACCENT_LIGHT for tc in group_cells)


def test_csv_has_one_row_per_control(engagement, content, tmp_path):
    path = write_soa_csv(engagement, content, tmp_path)
    assert path.suffix == ".csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 correctly
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    entries = draft_soa(content, engagement)
    assert [r["control_id"] for r in records] == content.structure.controls
    for r, e in zip(records, entries):
        assert r["applicable"] == ("yes" if e.applicable else "no")
        assert r["implementation_status"] == ((e.status or "") if e.applicable else EXCLUDED_STATUS)
        assert r["linked_risks"] == "; ".join(e.linked_risks)


def test_csv_neutralises_spreadsheet_formulas(store, content, tmp_path):
    aid = store.create_assessment("Formula Ltd", matrix=content.scales.default_matrix()).id
    store.set_soa_override(aid, "A.2.2", owner="=HYPERLINK(\"http://evil\")", justification="@SUM(1)")
    path = write_soa_csv(store.engagement(aid), content, tmp_path / "soa.csv")
    row = next(r for r in csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))) if r["control_id"] == "A.2.2")
    assert row["owner"] == "'=HYPERLINK(\"http://evil\")"
    assert row["justification"].startswith("'@SUM(1)")


def _text_colour(cell) -> str | None:
    colours = {c.get(qn("w:val")) for c in cell._tc.iter(qn("w:color"))}
    assert len(colours) <= 1
    return next(iter(colours), None)


@pytest.fixture
def excluded_and_unknown(store, content):
    """A.2.2 excluded (with and without a status left over), A.2.3 applicable with no status."""
    aid = store.create_assessment("Excl Ltd", matrix=content.scales.default_matrix()).id
    store.set_soa_override(aid, "A.2.2", applicable=False, justification="No AI policy needed: parent group's.")
    store.set_soa_override(aid, "A.2.3", applicable=True, reasons=["best-practice"])
    store.set_soa_override(aid, "A.2.4", applicable=False, status="planned", justification="Out of scope.")
    return store.engagement(aid)


def test_excluded_control_shows_no_implementation_status(excluded_and_unknown, content, tmp_path):
    """QA: an excluded control read "Not yet known" in red, as if it were a gap."""
    entries = {e.control_id: e for e in draft_soa(content, excluded_and_unknown)}
    assert not entries["A.2.2"].applicable and entries["A.2.3"].applicable and entries["A.2.3"].status is None
    _, control_rows = _control_rows(open_docx(write_soa_docx(excluded_and_unknown, content, tmp_path)))
    by_id = {r.cells[0].text: r for r in control_rows}
    for cid in ("A.2.2", "A.2.4"):
        status = by_id[cid].cells[5]
        assert status.text == EXCLUDED_STATUS
        assert cell_fill(status) == STATUS_FILL["not-applicable"]  # neutral grey, like the "No" beside it
        assert _text_colour(status) == MUTED
    # Applicable without a status is a genuine gap and stays red.
    unknown = by_id["A.2.3"].cells[5]
    assert unknown.text == "Not yet known" and _text_colour(unknown) == DRAFT_RED and cell_fill(unknown) is None


def test_excluded_control_in_csv(excluded_and_unknown, content, tmp_path):
    path = write_soa_csv(excluded_and_unknown, content, tmp_path / "soa.csv")
    rows = {r["control_id"]: r for r in csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))}
    assert rows["A.2.2"]["implementation_status"] == rows["A.2.4"]["implementation_status"] == EXCLUDED_STATUS
    assert rows["A.2.3"]["implementation_status"] == ""


def test_soa_core_properties(engagement, content, tmp_path):
    """QA: the SoA said it was created on 2013-12-23 by python-docx."""
    props = open_docx(write_soa_docx(engagement, content, tmp_path)).core_properties
    assert props.title == "Acme Analytics Ltd — Statement of Applicability"
    assert "Annex A" in props.subject and props.version == "0.3" and "ISO/IEC 42001" in props.keywords
    assert props.author == "Jane Consultant, Raj Auditor"
    assert props.created.year >= 2025 and props.created == props.modified


def test_application_properties_name_aims_tui_and_no_field_prompt(engagement, content, tmp_path):
    """QA: app.xml said 'Microsoft Macintosh Word', 1 page, 0 words (the template's last save), and
    the SoA asked Word to update fields although it has no contents list."""
    import zipfile

    path = write_soa_docx(engagement, content, tmp_path)
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
    assert "<Application>aims-tui</Application>" in app
    for stale in ("Macintosh", "<Pages>", "<Words>", "<TotalTime>", "<AppVersion>"):
        assert stale not in app
    assert open_docx(path).settings.element.find(qn("w:updateFields")) is None


def test_soa_ends_with_an_approval_block(soa, engagement):
    approval = [t for t in soa.tables if t.rows[0].cells[0].text == "Role"]
    assert len(approval) == 1
    assert [r.cells[0].text for r in approval[0].rows[1:]] == [
        "Prepared by", f"Approved for {engagement.assessment.org} (top management)"]
