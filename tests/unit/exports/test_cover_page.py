"""The gap report's cover fits one page in a firm's template font (issue 13): with Georgia 11 pt
the review-and-approval table ran onto a nearly blank second page. Rendered with LibreOffice,
which draws Georgia with a wider serif here: a worst case. Page 2 must be the contents."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from aims_tui.exports import docx_common as w
from aims_tui.exports import write_pdf
from aims_tui.exports.pdf import find_office
from aims_tui.exports.report import build_gap_report
from aims_tui.exports.report.front import SCOPE_CUT
from test_template_look import arial_template, demo, georgia_template  # noqa: F401  (fixtures)

needs_office = pytest.mark.skipif(find_office() is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice (soffice) and pdftotext are not installed")


def _page(pdf, n: int) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


LONG_SCOPE = " ".join(f"Sentence {i} of a long scope naming teams, sites and systems in some detail." for i in range(60))


@pytest.fixture
def long_names(store, content):
    """Everything on the cover long: organisation, assessors, scope."""
    team = ["A Very Long Assessor Name (Some Consulting Partners LLP)", "Second Assessor Person"]
    aid = store.create_assessment("A Rather Long Organisation Name Holdings (Europe) Ltd", LONG_SCOPE,
                                  assessors=team, matrix=content.scales.default_matrix()).id
    return store.engagement(aid)


@pytest.mark.slow
@needs_office
@pytest.mark.parametrize("which", ["georgia", "arial", "default", "georgia-long", "default-long"])
def test_cover_with_its_approval_table_fits_page_one(which, demo, long_names, content, georgia_template,
                                                     arial_template, tmp_path):
    font, _, long = which.partition("-")
    template = {"georgia": georgia_template, "arial": arial_template, "default": None}[font]
    path = tmp_path / "report.docx"
    path.write_bytes(w.to_bytes(build_gap_report(long_names if long else demo, content, template=template)))
    pdf = write_pdf(path)
    first, second = _page(pdf, 1), _page(pdf, 2)
    assert "Review and approval" in first and "Reviewed by" in first
    # The running header (two lines when the organisation's name is long), then the contents.
    assert "Contents" in second[1:3] and not {"Review and approval", "Reviewed by"} & set(second), second[:4]

def test_a_long_scope_is_cut_on_the_cover_and_whole_in_its_chapter(store, content, georgia_template):
    """A scope of several paragraphs would push the cover onto a second page whatever the spacing:
    the cover shows its first words and says where the whole scope is."""
    scope = LONG_SCOPE
    aid = store.create_assessment("Long Scope Ltd", scope, matrix=content.scales.default_matrix()).id
    doc = build_gap_report(store.engagement(aid), content, template=georgia_template)
    texts = [p.text for p in doc.document.paragraphs]
    cover_scope = next(t for t in (c.text for tbl in doc.document.tables[:1] for c in tbl.columns[1].cells)
                       if t.startswith("Sentence 0"))
    assert cover_scope.endswith(SCOPE_CUT) and len(cover_scope) < len(scope) // 4
    assert scope in texts  # the Scope chapter keeps it whole


def test_a_scope_of_a_few_lines_stays_whole_on_the_cover(store, content, georgia_template):
    scope = "The credit-scoring model and the team that runs it, at the Leeds site."
    aid = store.create_assessment("Short Scope Ltd", scope, matrix=content.scales.default_matrix()).id
    doc = build_gap_report(store.engagement(aid), content, template=georgia_template)
    assert scope in [c.text for c in doc.document.tables[0].columns[1].cells]
