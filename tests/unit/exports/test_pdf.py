"""--pdf (issue 13): a PDF beside the .docx whose contents list has page numbers, made by
LibreOffice headless; without LibreOffice one line says what to install and the .docx stays."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from aims_tui.cli import main
from aims_tui.exports import ExportError, write_gap_report, write_pdf
from aims_tui.exports.pdf import find_office
from docx_reader import open_docx

needs_office = pytest.mark.skipif(find_office() is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice (soffice) and pdftotext are not installed")


def _run(*argv, capsys):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert _run("demo", "--no-open", "--db", str(db), capsys=capsys)[0] == 0
    (row,) = json.loads(_run("list", "--json", "--db", str(db), capsys=capsys)[1])
    return str(db), row["id"]


@pytest.fixture
def fake_office(tmp_path, monkeypatch):
    """A stand-in ``soffice`` on an otherwise empty PATH; ``body`` is its shell script."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))

    def install(body: str) -> Path:
        script = folder / "soffice"
        script.write_text("#!/bin/sh\n" + body)
        script.chmod(0o755)
        return script
    return install


def _contents_page(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "4", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    page = next(p for p in text.split("\f") if re.search(r"^\s*Contents\s*$", p, re.M))
    return page


@needs_office
def test_pdf_contents_list_has_page_numbers(engagement, content, tmp_path):
    docx_path = write_gap_report(engagement, content, tmp_path / "report.docx")
    before = docx_path.read_bytes()
    pdf = write_pdf(docx_path)
    assert pdf == tmp_path / "report.pdf" and pdf.read_bytes().startswith(b"%PDF")
    page = _contents_page(pdf)
    numbered = re.findall(r"^\s*(Executive summary|Method|Risk register|Remediation roadmap)\b.*?(\d+)\s*$",
                          page, re.M)
    assert len(numbered) == 4, page
    assert int(dict(numbered)["Executive summary"]) >= 2
    assert int(dict(numbered)["Remediation roadmap"]) > int(dict(numbered)["Risk register"])
    # The Word file is as written: its contents stay a field that Word updates on opening.
    assert docx_path.read_bytes() == before
    instr = [t.text for t in open_docx(docx_path).element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instr)


@needs_office
def test_cli_export_report_pdf(demo_db, tmp_path, capsys):
    db, aid = demo_db
    code, out, err = _run("export", "report", aid, "--db", db, "--out", str(tmp_path / "r.docx"), "--pdf",
                          capsys=capsys)
    assert code == 0, err
    assert out.splitlines() == [str(tmp_path / "r.docx"), str(tmp_path / "r.pdf")]
    assert re.search(r"Executive summary\s*\.*\s*\d+\s*$", _contents_page(tmp_path / "r.pdf"), re.M)


def test_without_libreoffice_one_line_says_what_to_install_and_the_docx_stays(
        demo_db, tmp_path, capsys, monkeypatch):
    db, aid = demo_db
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for what in ("report", "soa", "audit-report"):
        out_file = tmp_path / f"{what}.docx"
        code, out, err = _run("export", what, aid, "--db", db, "--out", str(out_file), "--pdf", capsys=capsys)
        assert code != 0
        assert out.strip() == str(out_file) and out_file.is_file()
        assert len(err.strip().splitlines()) == 1 and "apt install libreoffice-writer-nogui" in err, err
        assert "Traceback" not in err and not out_file.with_suffix(".pdf").exists()


def test_pdf_is_refused_for_csv_and_bundles(demo_db, tmp_path, capsys):
    db, aid = demo_db
    for argv in (("bundle", aid), ("soa", aid, "--out", str(tmp_path / "s.csv"))):
        code, _, err = _run("export", *argv, "--db", db, "--pdf", capsys=capsys)
        assert code == 2 and "--pdf applies to the Word exports" in err
        assert not list(tmp_path.glob("s.*")) and not list(tmp_path.glob("*bundle*"))


def test_the_macro_runs_in_a_private_profile_and_writes_through_a_temporary_file(
        engagement, content, tmp_path, fake_office):
    """What write_pdf asks of LibreOffice, checked with a stand-in that records its arguments."""
    log = tmp_path / "calls.txt"
    fake_office(f'echo "$@" >> {log}\n'
                'case "$*" in *macro:*) printf "%%PDF-1.4 stand-in" > "$AIMS_PDF_OUT";; esac\n')
    docx_path = write_gap_report(engagement, content, tmp_path / "report.docx")
    pdf = write_pdf(docx_path)
    assert pdf.read_bytes() == b"%PDF-1.4 stand-in"
    first, second = log.read_text().splitlines()
    for call in (first, second):
        profile = re.search(r"-env:UserInstallation=file://(\S+)", call).group(1)
        assert "/aims-pdf-" in profile
        assert "--headless" in call and "--norestore" in call
        assert not Path(profile).exists()  # thrown away afterwards
    assert "--terminate_after_init" in first and "macro:///Standard.AimsPdf.ToPdf" in second
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_libreoffice_that_hangs_is_stopped_and_named(engagement, content, tmp_path, fake_office):
    fake_office("/bin/sleep 30\n")
    docx_path = write_gap_report(engagement, content, tmp_path / "report.docx")
    start = time.monotonic()
    with pytest.raises(ExportError) as err:
        write_pdf(docx_path, timeout=1)
    assert time.monotonic() - start < 10
    assert "took more than 1 s" in str(err.value) and "\n" not in str(err.value)
    assert docx_path.is_file() and not docx_path.with_suffix(".pdf").exists()


def test_libreoffice_that_writes_nothing_is_one_line(engagement, content, tmp_path, fake_office):
    fake_office("exit 0\n")
    docx_path = write_gap_report(engagement, content, tmp_path / "report.docx")
    with pytest.raises(ExportError, match="LibreOffice did not write the PDF"):
        write_pdf(docx_path)


async def test_export_screen_p_adds_a_pdf_and_names_what_to_install(db_path, store, assessment, tmp_path,
                                                                     fake_office, monkeypatch):
    from aims_tui.tui.app import make_app
    from aims_tui.tui.screens.export import ExportScreen

    fake_office('case "$*" in *macro:*) printf "%%PDF-1.4 stand-in" > "$AIMS_PDF_OUT";; esac\n')
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_assessment(assessment.id, "export")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.out_input.value = str(tmp_path)
        screen.query_one("#export-report").focus()
        await pilot.press("p", "g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (kind, docx_path, _), (pdf_kind, pdf, error) = screen.results
        assert (kind, pdf_kind, error) == ("report", "pdf", None)
        assert pdf == docx_path.with_suffix(".pdf") and pdf.read_bytes().startswith(b"%PDF")
        assert str(pdf) in str(screen.query_one("#export-results").render())

        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (kind, soa, _), (pdf_kind, pdf, error) = screen.results[2:]
        assert (kind, pdf_kind, pdf) == ("soa-docx", "pdf", None) and soa.is_file()
        assert "install" in error and "libreoffice" in error.lower()

        await pilot.press("p", "c")  # off again: no PDF
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [k for k, _, _ in screen.results[4:]] == ["soa-csv"]


@needs_office
def test_no_near_blank_page_after_the_contents_with_a_larger_template_font(demo_db, tmp_path, capsys):
    import docx
    from docx.shared import Pt

    template = docx.Document()
    template.styles["Normal"].font.name = "Georgia"
    template.styles["Normal"].font.size = Pt(11)
    template.save(tmp_path / "georgia.docx")
    db, aid = demo_db
    code, _, err = _run("export", "report", aid, "--db", db, "--out", str(tmp_path / "r.docx"), "--pdf",
                        "--template", str(tmp_path / "georgia.docx"), capsys=capsys)
    assert code == 0, err
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    at = next(i for i, p in enumerate(pages) if re.search(r"^\s*Contents\s*$", p, re.M))
    assert re.search(r"^\s*Executive summary\s*$", pages[at + 1], re.M), pages[at + 1][:400]
    assert re.search(r"Executive summary\s*\.*\s*\d+\s*$", pages[at], re.M)
