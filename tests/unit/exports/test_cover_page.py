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
from test_template_look import arial_template, demo, georgia_template  # noqa: F401  (fixtures)

needs_office = pytest.mark.skipif(find_office() is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice (soffice) and pdftotext are not installed")


def _page(pdf, n: int) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.slow
@needs_office
@pytest.mark.parametrize("which", ["georgia", "arial", "default"])
def test_cover_with_its_approval_table_fits_page_one(which, demo, content, georgia_template, arial_template,
                                                     tmp_path):
    template = {"georgia": georgia_template, "arial": arial_template, "default": None}[which]
    path = tmp_path / "report.docx"
    path.write_bytes(w.to_bytes(build_gap_report(demo, content, template=template)))
    pdf = write_pdf(path)
    first, second = _page(pdf, 1), _page(pdf, 2)
    assert "Review and approval" in first and "Reviewed by" in first
    # Line 1 is the running header; the contents start page 2.
    assert second[1] == "Contents", second[:4]
