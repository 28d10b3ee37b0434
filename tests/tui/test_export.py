"""Pilot tests of the Export screen: files land on disk, errors are one line, nothing partial."""

from __future__ import annotations

import csv
import json

import docx

from aims_tui.tui.app import make_app
from aims_tui.tui.screens.export import ExportScreen


async def open_export(app, pilot, assessment_id: str, out) -> ExportScreen:
    app.open_assessment(assessment_id, "export")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    screen.out_input.value = str(out)
    return screen


async def test_export_gap_report_from_the_ui(db_path, store, assessment, content, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    store.add_risk(assessment.id, title="[bold]x[/] risk", likelihood=3, impact=4)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(app, pilot, assessment.id, out)
        screen.query_one("#export-report").focus()
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [written] = list(out.iterdir())
        assert written.suffix == ".docx" and "gap-report" in written.name
        assert screen.results == [("report", written, None)]
        assert str(written) in str(screen.query_one("#export-results").render())
        assert screen.progress.percentage == 1.0
        assert not screen.running
    text = "\n".join(p.text for p in docx.Document(written).paragraphs)
    assert "Acme Analytics Ltd" in text


async def test_export_all_writes_four_files(db_path, store, assessment, tmp_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(app, pilot, assessment.id, tmp_path)
        screen.query_one("#export-all").focus()
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(p.suffix for p in tmp_path.iterdir() if p.is_file() and p.suffix != ".db"
                      and not p.name.endswith(("-wal", "-shm"))) == [".csv", ".docx", ".docx", ".json"]
        assert [err for _, _, err in screen.results] == [None] * 4
    bundle = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert json.dumps(bundle)  # a readable bundle
    rows = list(csv.reader(next(tmp_path.glob("*.csv")).open(encoding="utf-8-sig")))
    assert len(rows) == 1 + 38


async def test_export_into_a_missing_folder_shows_one_line(db_path, store, assessment, tmp_path):
    missing = tmp_path / "nowhere" / "report.docx"
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(app, pilot, assessment.id, missing)
        screen.query_one("#export-report").focus()
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [(kind, path, error)] = screen.results
        assert kind == "report" and path is None
        assert "does not exist" in error and "\n" not in error
        assert not (tmp_path / "nowhere").exists()


async def test_missing_template_is_refused_before_writing(db_path, store, assessment, tmp_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(app, pilot, assessment.id, tmp_path)
        screen.template_input.value = str(tmp_path / "firm.dotx")
        screen.query_one("#export-report").focus()
        await pilot.press("g")
        await pilot.pause()
        [(_, path, error)] = screen.results
        assert path is None and "no such template file" in error
        assert not list(tmp_path.glob("*.docx"))


async def test_a_path_in_a_missing_folder_without_extension_is_refused_every_time(db_path, store, assessment,
                                                                                   tmp_path):
    """QA: the first export wrote a file with no extension, the next one silently replaced it."""
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(app, pilot, assessment.id, out / "nowhere" / "report")
        screen.query_one("#export-report").focus()
        for key in ("g", "c"):
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert [(kind, path) for kind, path, _ in screen.results] == [("report", None), ("soa-csv", None)]
        assert all("no such folder" in error and "\n" not in error for _, _, error in screen.results)
    assert list(out.iterdir()) == []


async def test_ctrl_q_during_a_long_export_quits_at_once(db_path, store, assessment, tmp_path, monkeypatch):
    """QA: quitting during a long export waited 65 s for it to finish; now the export stops at its
    next paragraph, and leaves neither the file nor a temporary file."""
    import threading
    import time

    from aims_tui.exports import docx_common as w
    from aims_tui.exports import report

    started, ended = threading.Event(), threading.Event()

    def slow_appendices(doc, *_args) -> None:  # a chapter that takes 20 s, paragraph by paragraph
        started.set()
        try:
            for _ in range(2000):
                w.para(doc, "a long appendix")
                time.sleep(0.01)
        finally:
            ended.set()

    monkeypatch.setattr(report, "appendices", slow_appendices)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(app, pilot, assessment.id, tmp_path)
        screen.query_one("#export-report").focus()
        await pilot.press("g")
        assert started.wait(30)
        assert screen.running
        quit_at = time.perf_counter()
        await pilot.press("ctrl+q")
    assert ended.wait(5)
    assert time.perf_counter() - quit_at < 2
    assert not list(tmp_path.glob("*.docx")) and not list(tmp_path.glob(".*.tmp"))


async def test_export_the_internal_audit_report_from_the_ui(db_path, store, assessment, tmp_path):
    """Issue 14: the audit report is an entry of the Export screen, through the same routine; its
    plan (the audit, interviews) is read from the store on the UI thread."""
    import datetime as dt

    from aims_tui.store import internal_audit as ia

    audit = ia.save_audit(store, title="Q1 audit: risk", assessment_id=assessment.id, auditors=["Ann Auditor"])
    ia.add_interview(store, audit.id, auditee="Dana Ng", role="CISO", topics=["6.1.2"],
                     start=dt.datetime(2027, 3, 1, 10, 0))
    nc = ia.add_finding(store, assessment.id, ref="6.1.2", type="major-nc", text="No risk assessment")
    ia.add_corrective_action(store, assessment.id, title="Assess every system", finding_id=nc.id,
                             root_cause="no process owner")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(app, pilot, assessment.id, tmp_path)
        screen.query_one("#export-report").focus()  # the Output field has the focus on entry
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [(kind, written, error)] = screen.results
        assert (kind, error) == ("audit-report", None) and "audit-report" in written.name
    doc = docx.Document(written)
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "Q1 audit: risk" in text and "Dana Ng" in text and "no process owner" in text
