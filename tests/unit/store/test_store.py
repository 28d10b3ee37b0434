"""The repository: every change committed at once, audited, and read back as written."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aims_tui.store import Store, StoreError
from aims_tui.store.schema import SCHEMA_VERSION


@pytest.mark.both_kinds
def test_new_file_is_wal_with_foreign_keys_and_version(store, db_path):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = [r[0] for r in store.conn.execute("SELECT name FROM _migrations")]
    assert names == ["m001_initial", "m002_note_drafts", "m003_content_versions", "m004_internal_audit",
                     "m005_eu_act_reach"]


@pytest.mark.both_kinds
def test_answer_is_committed_without_save(store, assessment, db_path, connect):
    store.set_answer(assessment.id, "5.2-q1", status="partial", maturity=2, notes="draft policy", interviewees=["Ann"])
    other = connect(db_path)  # another connection sees it at once: nothing waits for a Save
    row = other.execute("SELECT status, maturity, notes FROM answers WHERE question_id = '5.2-q1'").fetchone()
    assert row == ("partial", 2, "draft policy")


@pytest.mark.both_kinds
def test_partial_update_keeps_other_fields(store, assessment):
    store.set_answer(assessment.id, "5.2-q1", status="met", maturity=3, notes="n1")
    store.set_answer(assessment.id, "5.2-q1", notes="n2")
    answer = store.answer(assessment.id, "5.2-q1")
    assert (answer.status, answer.maturity, answer.notes) == ("met", 3, "n2")


def test_new_answer_needs_status(store, assessment):
    with pytest.raises(ValueError):
        store.set_answer(assessment.id, "5.2-q1", notes="no status")
    assert store.answer(assessment.id, "5.2-q1") is None


def test_interviewee_registered_from_answer(store, assessment):
    store.set_answer(assessment.id, "4.1-q1", status="met", interviewees=["Dana (CISO)"])
    assert [p.name for p in store.interviewees(assessment.id)] == ["Dana (CISO)"]


@pytest.mark.both_kinds
def test_every_change_is_in_history_with_old_and_new(store, assessment):
    store.set_answer(assessment.id, "4.1-q1", status="met")
    store.set_answer(assessment.id, "4.1-q1", status="partial")
    store.clear_answer(assessment.id, "4.1-q1")
    entries = store.answer_history(assessment.id, "4.1-q1")
    assert [e.op for e in entries] == ["delete", "update", "insert"]
    assert entries[1].old["status"] == "met" and entries[1].new["status"] == "partial"
    assert all(e.actor == "Test Assessor" for e in entries)
    assert store.verify().ok


def test_risk_refs_and_controls(store, assessment):
    r1 = store.add_risk(assessment.id, title="Bias", likelihood=4, impact=4, controls=["A.7.4", "A.5.4"])
    r2 = store.add_risk(assessment.id, title="Drift", likelihood=3, impact=3)
    assert (r1.ref, r2.ref) == ("R-001", "R-002")
    store.update_risk(r1.id, controls=["A.5.4", "A.6.2.6"])
    assert store.risk(r1.id).controls == ["A.5.4", "A.6.2.6"]
    store.delete_risk(r2.id)
    assert [r.ref for r in store.risks(assessment.id)] == ["R-001"]
    assert store.verify().ok


def test_deleting_system_unlinks_its_risks(store, assessment):
    system = store.add_system(assessment.id, name="Chatbot", tier="high")
    risk = store.add_risk(assessment.id, title="Prompt injection", likelihood=3, impact=4, system_id=system.id)
    store.delete_system(system.id)
    assert store.risk(risk.id).system_id is None
    assert store.verify().ok


def test_follow_up_copies_scope_systems_and_risks(store, assessment):
    system = store.add_system(assessment.id, name="Scoring model", tier="high")
    store.add_risk(assessment.id, title="Bias", likelihood=4, impact=4, system_id=system.id, controls=["A.7.4"])
    store.set_answer(assessment.id, "4.1-q1", status="met")
    follow = store.duplicate_as_follow_up(assessment.id)
    assert follow.kind == "follow-up" and follow.baseline_id == assessment.id
    (copy,) = store.systems(follow.id)
    (risk,) = store.risks(follow.id)
    assert risk.system_id == copy.id and risk.controls == ["A.7.4"]
    assert store.answers(follow.id) == {}


def test_resolve_prefix(store, assessment):
    assert store.resolve_id(assessment.id[:4]) == assessment.id
    with pytest.raises(StoreError, match="no assessment"):
        store.resolve_id("zz")


def test_evidence_file_hash_and_verify_reports_change(store, assessment, tmp_path):
    doc = tmp_path / "policy.pdf"
    doc.write_bytes(b"v1")
    ev = store.add_evidence(assessment.id, title="AI policy v1", state="seen", question_id="5.2-q1", file=doc)
    assert ev.size == 2 and len(ev.sha256) == 64
    assert store.verify().ok
    doc.write_bytes(b"v2 changed")
    report = store.verify()
    assert not report.ok and "changed since it was attached" in report.evidence_problems[0]
    doc.unlink()
    assert "vanished" in store.verify().evidence_problems[0]


# -- docs/CONTRACT.md R5: hostile text stored verbatim -------------------------------------------

HOSTILE = ["[bold]x[/]", "[/]", "\x1b[31mred", "nul\x00byte", "\u202eRTL override", "emoji 🤖👩🏽‍💻",
           "tab\tand\r\nnewlines", "'; DROP TABLE answers; --", "x" * 1_000_000]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:12]))
def test_hostile_text_round_trips(store, assessment, text):
    store.set_answer(assessment.id, "4.1-q1", status="met", notes=text, interviewees=[text[:100] or "x"])
    store.add_system(assessment.id, name=text[:200], purpose=text)
    reopened = Store.open(store.path)
    answer = reopened.answer(assessment.id, "4.1-q1")
    assert answer.notes == text
    assert reopened.systems(assessment.id)[0].purpose == text
    assert reopened.verify().ok


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.text(st.characters(codec="utf-8"), max_size=300))
def test_any_text_round_trips(store, assessment, text):
    store.set_answer(assessment.id, "4.1-q1", status="partial", notes=text)
    assert store.answer(assessment.id, "4.1-q1").notes == text


def test_note_typed_before_status_is_kept_and_moves_into_the_answer(store, assessment, db_path):
    store.save_note_draft(assessment.id, "6.2-q1", "CISO says objectives exist [bold]")
    assert store.answer(assessment.id, "6.2-q1") is None  # still unanswered for scoring
    other = Store.open(db_path)  # committed at once: a crash now loses nothing
    assert other.note_draft(assessment.id, "6.2-q1") == "CISO says objectives exist [bold]"
    answer = store.set_answer(assessment.id, "6.2-q1", status="partial")
    assert answer.notes == "CISO says objectives exist [bold]"
    assert store.note_drafts(assessment.id) == {}
    store.clear_answer(assessment.id, "6.2-q1")  # clearing the status keeps the words
    assert store.note_draft(assessment.id, "6.2-q1") == "CISO says objectives exist [bold]"
    store.save_note_draft(assessment.id, "6.2-q1", "")
    assert store.note_draft(assessment.id, "6.2-q1") is None
    assert store.verify().ok
