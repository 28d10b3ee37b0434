"""Default names, output resolution and atomic writes (docs/CONTRACT.md R6)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from aims_tui.exports import (ExportError, atomic_write_bytes, clean_leftovers, default_filename, write_bundle,
                              write_gap_report, write_soa_csv)
from aims_tui.exports.files import resolve_out, slugify, version_tag


def test_default_filename_carries_organisation_kind_version_and_date(engagement):
    name = default_filename(engagement, "gap-report", "docx")
    assert name == f"Acme-Analytics-Ltd-AIMS-gap-report-v0.3-{dt.date.today().isoformat()}.docx"
    assert default_filename(engagement, "soa", "csv", on=dt.date(2026, 11, 23)) == \
        "Acme-Analytics-Ltd-AIMS-SoA-v0.3-2026-11-23.csv"
    assert default_filename(engagement, "soa", ".csv").endswith(".csv")
    assert "-AIMS-bundle-" in default_filename(engagement, "bundle", "json")
    with pytest.raises(ValueError):
        default_filename(engagement, "poster", "pdf")


@pytest.mark.parametrize("org, slug", [
    ("Acme Analytics", "Acme-Analytics"),
    ("Société Générale S.A.", "Societe-Generale-S-A"),
    ("../../etc/passwd", "etc-passwd"),
    ('A<B>C:D"E|F?G*H', "A-B-C-D-E-F-G-H"),
    ("株式会社 AI", "株式会社-AI"),
    ("\x00\x1b[31m", "31m"),
    ("!!!", "assessment"),
])
def test_slugify_is_safe_for_every_file_system(org, slug):
    assert slugify(org) == slug


def test_out_may_be_a_folder_a_file_or_none(engagement, tmp_path, monkeypatch):
    assert resolve_out(tmp_path, engagement, "soa", "docx").parent == tmp_path
    assert resolve_out(tmp_path / "x.docx", engagement, "soa", "docx") == tmp_path / "x.docx"
    monkeypatch.setattr("aims_tui.locations.exports_dir", lambda: tmp_path / "exp")
    assert resolve_out(None, engagement, "soa", "docx").parent == tmp_path / "exp"


def test_a_default_name_never_replaces_an_earlier_export(engagement, content, tmp_path):
    first = write_soa_csv(engagement, content, tmp_path)
    first.write_text("edited by hand", encoding="utf-8")
    second = write_soa_csv(engagement, content, tmp_path)
    third = write_soa_csv(engagement, content, tmp_path)
    assert first.read_text(encoding="utf-8") == "edited by hand"
    assert second.name == first.stem + "-2.csv" and third.name == first.stem + "-3.csv"
    assert "A.2.2" in second.read_text(encoding="utf-8-sig")
    # a file the user names is theirs to replace
    named = tmp_path / "soa.csv"
    named.write_text("old", encoding="utf-8")
    assert write_soa_csv(engagement, content, named) == named and "A.2.2" in named.read_text(encoding="utf-8-sig")


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_missing_folder_gives_one_line_error_and_no_file(engagement, content, tmp_path):
    out = tmp_path / "nope" / "report.docx"
    with pytest.raises(ExportError) as err:
        write_gap_report(engagement, content, out)
    msg = str(err.value)
    assert "\n" not in msg and str(out.parent) in msg and "does not exist" in msg
    assert not (tmp_path / "nope").exists()


def test_folder_that_is_a_file_is_refused(content, engagement, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        write_soa_csv(engagement, content, blocker / "soa.csv")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_clear_error_and_no_partial_file(engagement, content, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="read-only"):
            write_gap_report(engagement, content, folder / "r.docx")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


def test_failure_while_writing_leaves_no_partial_or_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "r.docx"
    target.write_bytes(b"previous export")

    def fail(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ExportError) as err:
        atomic_write_bytes(target, b"x" * 1000)
    assert "No space left" in str(err.value) and "\n" not in str(err.value)
    assert target.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


def test_simulated_read_only_folder(tmp_path, monkeypatch):
    """Root ignores chmod, so also simulate the EACCES the OS gives an ordinary user."""
    import tempfile

    def denied(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(ExportError, match="read-only"):
        atomic_write_bytes(tmp_path / "a.docx", b"x")
    assert list(tmp_path.iterdir()) == []


def test_out_is_an_existing_folder_uses_default_name(engagement, content, tmp_path):
    path = write_soa_csv(engagement, content, tmp_path)
    assert path.parent == tmp_path and path.name == default_filename(engagement, "soa", "csv")
    assert Path(path).stat().st_size > 0


def test_a_new_version_does_not_overwrite_the_previous_export_of_the_day(store, content, tmp_path):
    """QA: re-exporting v0.2 on the day v0.1 was exported silently replaced the v0.1 file."""
    aid = store.create_assessment("Acme Analytics", matrix=content.scales.default_matrix()).id
    first = write_gap_report(store.engagement(aid), content, tmp_path)
    store.update_assessment(aid, document_version="0.2")
    second = write_gap_report(store.engagement(aid), content, tmp_path)
    assert first != second and "-v0.1-" in first.name and "-v0.2-" in second.name
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == sorted([first.name, second.name])
    # The same version again on the same day is numbered: the earlier file may have been edited in Word.
    again = write_gap_report(store.engagement(aid), content, tmp_path)
    assert again.name == second.stem + "-2.docx" and len(list(tmp_path.glob("*.docx"))) == 3


@pytest.mark.parametrize("version, tag", [
    ("0.1", "v0.1"), ("v2", "v2"), ("1.0 final", "v1.0-final"), ("0.3/draft", "v0.3-draft"),
    ("../..", ""), ("", ""), ("  ", ""), ("1..2", "v1.2"), ("Ré-v1", "vRe-v1"),
])
def test_version_tag_is_a_safe_file_name_part(version, tag):
    assert version_tag(version) == tag
    assert "/" not in tag and "\\" not in tag and ".." not in tag and not tag.startswith(".")


def test_no_version_leaves_it_out_of_the_name(store, content):
    aid = store.create_assessment("Acme", matrix=content.scales.default_matrix()).id
    store.update_assessment(aid, document_version="")
    assert default_filename(store.engagement(aid), "soa", "docx", on=dt.date(2026, 1, 2)) == \
        "Acme-AIMS-SoA-2026-01-02.docx"


# -- one routine, one naming rule (issue 16) ----------------------------------------------------


@pytest.mark.parametrize("name, message", [
    ("nowhere/report", "no such folder"),  # a missing folder, no extension: wrote a file called "report"
    ("report", "no such folder"),
    ("report.pdf", "ending in .docx"),
    ("report.docx.bak", "ending in .docx"),
])
def test_a_path_without_the_right_extension_is_refused_in_one_line(engagement, content, tmp_path, name, message):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / name
    with pytest.raises(ExportError) as err:
        write_gap_report(engagement, content, out)
    assert message in str(err.value) and str(out) in str(err.value) and "\n" not in str(err.value)
    assert list(folder.iterdir()) == []


def test_an_existing_file_of_another_kind_is_never_replaced(engagement, content, tmp_path):
    """QA: the second export to the same extension-less path silently replaced the first."""
    folder = tmp_path / "out"
    folder.mkdir()
    notes = folder / "notes"
    notes.write_text("the consultant's own notes", encoding="utf-8")
    for writer in (write_gap_report, write_soa_csv):
        with pytest.raises(ExportError, match="not a folder, and not a"):
            writer(engagement, content, notes)
    assert notes.read_text(encoding="utf-8") == "the consultant's own notes"
    assert [p.name for p in folder.iterdir()] == ["notes"]


def test_the_extension_is_matched_without_regard_to_case(engagement, content, tmp_path):
    assert write_soa_csv(engagement, content, tmp_path / "SoA.CSV") == tmp_path / "SoA.CSV"


def test_cli_and_routine_number_a_same_day_bundle_alike(store, engagement, content, tmp_path, capsys):
    """QA: the CLI bundle export replaced a same-day file that the TUI would number -2."""
    from aims_tui.cli import main

    aid = engagement.assessment.id
    db = str(store.path)
    first = write_bundle(engagement, content, store.export_bundle(aid), tmp_path)
    first.write_text("edited", encoding="utf-8")
    assert main(["export", "bundle", aid, "--out", str(tmp_path), "--db", db]) == 0
    second = Path(capsys.readouterr().out.strip())
    assert second.name == first.stem + "-2.json" and first.read_text(encoding="utf-8") == "edited"
    assert main(["export", "report", aid, "--out", str(tmp_path / "nowhere" / "r"), "--db", db]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_a_default_name_taken_while_the_export_ran_is_not_replaced(tmp_path):
    """The free name is claimed at the rename, not when the export started."""
    target = tmp_path / "r.docx"
    target.write_bytes(b"written by another export meanwhile")
    assert atomic_write_bytes(target, b"ours", replace=False) == tmp_path / "r-2.docx"
    assert target.read_bytes() == b"written by another export meanwhile"
    assert (tmp_path / "r-2.docx").read_bytes() == b"ours"


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_an_export_killed_mid_write_leaves_a_named_leftover_that_the_next_export_removes(tmp_path):
    import signal
    import subprocess
    import sys

    script = ("import os, signal, sys; from pathlib import Path; from aims_tui.exports import atomic_write_bytes\n"
              "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
              "atomic_write_bytes(Path(sys.argv[1]), b'x' * 100000)\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "r.docx")], timeout=60,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == -signal.SIGKILL
    [leftover] = list(tmp_path.iterdir())
    assert leftover.name.startswith(".r.docx.aims-export-") and leftover.name.endswith(".tmp")
    ours = tmp_path / f".s.csv.aims-export-{os.getpid()}-abc.tmp"  # an export of this process, under way
    ours.write_bytes(b"")
    dead = tmp_path / f".s.csv.aims-export-{_dead_pid()}-abc.tmp"
    dead.write_bytes(b"")
    unrelated = tmp_path / ".r.docx.tmp"
    unrelated.write_bytes(b"not ours")
    atomic_write_bytes(tmp_path / "s.csv", b"a,b")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([ours.name, unrelated.name, "s.csv"])
    assert clean_leftovers(tmp_path) == []
