"""Render both documents once with LibreOffice, when it is installed: Word files that a real
office suite opens and lays out (python-docx can write markup no suite will open)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from aims_tui.exports import write_gap_report, write_soa_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_both_documents(engagement, content, tmp_path):
    report = write_gap_report(engagement, content, tmp_path)
    soa = write_soa_docx(engagement, content, tmp_path)
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(report), str(soa)],
                   check=True, capture_output=True, timeout=180)
    for docx_path in (report, soa):
        pdf = docx_path.with_suffix(".pdf")
        assert pdf.exists() and pdf.stat().st_size > 10_000
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert "Acme Analytics Ltd" in text
            assert "A.10.4" in text
