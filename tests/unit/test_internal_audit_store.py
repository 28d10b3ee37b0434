"""Internal audits in the store: findings, corrective actions, verification, the programme and plan,
the migration of existing files, and opening a file read-only (issue 14)."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest

import aims_tui.store.schema as schema
from aims_tui.store import Store, StoreError, open_read_only
from aims_tui.store import internal_audit as ia


def test_finding_and_corrective_action_round_trip_audited(store, assessment):
    nc = ia.add_finding(store, assessment.id, ref="6.1.2", type="major-nc", text="No AI risk assessment",
                        evidence="risk register v3; 3 of 3 systems sampled", question_id="6.1.2-q1")
    act = ia.add_corrective_action(store, assessment.id, title="Assess every AI system", finding_id=nc.id,
                                   owner="Bob", due=dt.date(2026, 1, 31), root_cause="no owner for the process",
                                   correction="interim assessment of the chatbot")
    assert act.question_id == "6.1.2-q1"  # the finding's question carries over to its action
    ia.verify_action(store, act.id, effective=True, by="Ann Auditor", note="re-sampled", on=dt.date(2026, 3, 1))
    eng = store.engagement(assessment.id)
    (f,) = eng.findings
    (a,) = eng.actions
    assert (f.ref, f.evidence, f.type) == ("6.1.2", "risk register v3; 3 of 3 systems sampled", "major-nc")
    assert (a.finding_id, a.root_cause, a.correction, a.status, a.effective, a.verified_by, a.verified_on) == (
        nc.id, "no owner for the process", "interim assessment of the chatbot", "done", True, "Ann Auditor",
        dt.date(2026, 3, 1))
    ops = [(e.table, e.op) for e in store.history(assessment.id, limit=3)]
    assert ops == [("actions", "update"), ("actions", "insert"), ("findings", "insert")]
    assert store.verify().ok


def test_bad_input_is_one_line(store, assessment, content):
    with pytest.raises(StoreError, match="--text: must not be empty"):
        ia.add_finding(store, assessment.id, ref="6.1", type="ofi", text="  ")
    with pytest.raises(StoreError, match="finding type 'nc'"):
        ia.add_finding(store, assessment.id, ref="6.1", type="nc", text="x")
    other = store.create_assessment("Other Ltd", matrix=content.scales.default_matrix())
    theirs = ia.add_finding(store, other.id, ref="6.1", type="minor-nc", text="x")
    with pytest.raises(StoreError, match="no finding with id .* in this assessment"):
        ia.add_corrective_action(store, assessment.id, title="Fix", finding_id=theirs.id)
    with pytest.raises(StoreError, match="no action with id 'nope'"):
        ia.verify_action(store, "nope", effective=True, by="Ann")
    act = ia.add_corrective_action(store, assessment.id, title="Fix")
    with pytest.raises(StoreError, match="--by: must not be empty"):
        ia.verify_action(store, act.id, effective=True, by=" ")
    assert store.actions(assessment.id)[0].effective is None  # nothing half-written


def test_programme_audit_interviews_and_samples(store, assessment):
    programme = ia.save_programme(store, title="AIMS audit programme 2026", period_start=dt.date(2026, 1, 1),
                                  period_end=dt.date(2026, 12, 31), earlier_results="2025: weak risk process")
    audit = ia.save_audit(store, programme_id=programme.id, assessment_id=assessment.id, title="Q1 audit",
                          auditors=["Ann Auditor"], scope={"clauses": ["6.1"], "systems": ["Chatbot"]},
                          start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 3))
    second = ia.add_interview(store, audit.id, auditee="Eve", topics=["A.6"],
                              start=dt.datetime(2026, 3, 2, 14, 0))
    first = ia.add_interview(store, audit.id, auditee="Dana Ng", role="CISO", topics=["6.1"],
                             start=dt.datetime(2026, 3, 2, 9, 30))
    ia.update_interview(store, first.id, done=True)
    ia.add_sample(store, assessment.id, what="model change records 2026", population=40, size=5,
                  items=["CR-3", "CR-9"], question_id="6.1.2-q1")
    assert [i.auditee for i in ia.interviews(store, audit.id)] == ["Dana Ng", "Eve"]
    assert ia.interviews(store, audit.id)[0].done and second.topics == ["A.6"]
    assert ia.audit_of(store, assessment.id).scope.systems == ["Chatbot"]
    assert [a.title for a in ia.audits(store, programme.id)] == ["Q1 audit"]
    assert ia.programmes(store)[0].earlier_results == "2025: weak risk process"
    assert ia.samples(store, assessment.id)[0].items == ["CR-3", "CR-9"]
    updated = ia.save_audit(store, audit.id, conclusion="Conforms with two minor NCs")
    assert updated.title == "Q1 audit" and updated.conclusion == "Conforms with two minor NCs"
    assert {e.table for e in store.history()} >= {"programmes", "audits", "interviews", "samples"}
    assert store.verify().ok
    with pytest.raises(StoreError, match="no audit with id 'nope'"):
        ia.add_interview(store, "nope", auditee="X")


def _schema_2_file(path):
    """A file as release 2 left it (two migrations), with a finding and an action in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    saved = list(schema.MIGRATIONS)
    schema.MIGRATIONS[:] = saved[:2]
    try:
        conn.execute("BEGIN")
        schema.migrate(conn)
        conn.execute("COMMIT")
    finally:
        schema.MIGRATIONS[:] = saved
    old = Store(conn, path, "Old Release")
    old.put_row("assessments", "a1", {"id": "a1", "org": "Acme", "scope": "", "assessors": "[]",
                                      "date": "2025-05-01", "kind": "internal-audit", "archived": 0,
                                      "document_version": "0.1", "created_at": "2025-05-01T00:00:00+00:00",
                                      "updated_at": "2025-05-01T00:00:00+00:00"})
    old.put_row("findings", "a1", {"id": "f1", "assessment_id": "a1", "question_id": "6.1.2-q1",
                                   "type": "minor-nc", "text": "old finding"})
    old.put_row("actions", "a1", {"id": "x1", "assessment_id": "a1", "title": "old action", "owner": "",
                                  "priority": "medium", "status": "open", "created_at": "2025-05-01T00:00:00+00:00"})
    conn.close()


def test_existing_file_migrates_and_still_verifies(tmp_path):
    path = tmp_path / "release2.db"
    _schema_2_file(path)
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        (f,) = store.findings("a1")
        (a,) = store.actions("a1")
        assert (f.text, f.ref, f.evidence) == ("old finding", "", "")
        assert (a.title, a.finding_id, a.root_cause, a.effective) == ("old action", None, "", None)
        report = store.verify()
        assert report.ok, report.problems  # the new columns are in the audit trail, not "changed outside"
        migrated = [e for e in store.history() if e.actor.startswith("aims-tui schema migration")]
        assert {(e.table, e.op) for e in migrated} == {("findings", "update"), ("actions", "update")}
        ia.verify_action(store, a.id, effective=False, by="Ann")
        assert store.verify().ok


# -- read-only ------------------------------------------------------------------------------------


def _files(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def closed_file(db_path, content):
    with Store.open(db_path) as store:
        a = store.create_assessment("Acme", matrix=content.scales.default_matrix())
        ia.add_finding(store, a.id, ref="6.1", type="ofi", text="keep")
    return db_path, a.id


def test_read_only_open_writes_nothing(closed_file):
    path, aid = closed_file
    before = _files(path.parent)
    mtime = path.stat().st_mtime_ns
    with open_read_only(path) as store:
        assert store.read_only
        assert store.engagement(aid).findings[0].text == "keep"
        assert store.verify().ok and store.history(aid)
        with pytest.raises(StoreError, match="opened read-only"):
            ia.add_finding(store, aid, ref="6.1", type="ofi", text="new")
        with pytest.raises(StoreError, match="opened read-only"):
            store.update_assessment(aid, org="Changed")
        with pytest.raises(sqlite3.OperationalError):  # SQLite itself refuses too
            store.conn.execute("DELETE FROM findings")
    assert _files(path.parent) == before  # no -wal, no -shm, same bytes
    assert path.stat().st_mtime_ns == mtime


def test_read_only_sees_what_another_program_has_not_checkpointed(closed_file):
    path, aid = closed_file
    writer = Store.open(path)
    try:
        ia.add_finding(writer, aid, ref="6.2", type="observation", text="just written")
        assert (path.parent / f"{path.name}-wal").exists()
        with open_read_only(path) as reader:
            assert [f.text for f in reader.findings(aid)] == ["keep", "just written"]
    finally:
        writer.close()


def test_read_only_refuses_what_it_cannot_open_without_writing(tmp_path):
    with pytest.raises(StoreError, match="no such file"):
        open_read_only(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    old = tmp_path / "release2.db"
    _schema_2_file(old)
    before = _files(tmp_path)
    with pytest.raises(StoreError, match="older aims-tui .* open a copy"):
        open_read_only(old)
    assert _files(tmp_path) == before
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(StoreError, match="not an aims database"):
        open_read_only(tmp_path / "notes.txt")


def test_open_actions_carry_into_the_next_audit(store, assessment, content):
    nc = ia.add_finding(store, assessment.id, ref="6.1.2", type="minor-nc", text="no owner", evidence="RACI v1")
    open_act = ia.add_corrective_action(store, assessment.id, title="Name an owner", finding_id=nc.id,
                                        root_cause="unclear roles")
    closed = ia.add_corrective_action(store, assessment.id, title="Done and verified")
    ia.verify_action(store, closed.id, effective=True, by="Ann")
    follow_up = store.duplicate_as_follow_up(assessment.id)
    (copy,) = ia.carry_forward(store, assessment.id, follow_up.id)
    (finding,) = store.findings(follow_up.id)
    assert (copy.title, copy.root_cause, copy.created_at) == ("Name an owner", "unclear roles", open_act.created_at)
    assert copy.finding_id == finding.id != nc.id and (finding.ref, finding.evidence) == ("6.1.2", "RACI v1")
    assert [a.title for a in store.actions(follow_up.id)] == ["Name an owner"]
    assert store.verify().ok


def test_statements_and_verifications_travel_in_a_bundle(store, assessment, tmp_path):
    nc = ia.add_finding(store, assessment.id, ref="6.1.2", type="major-nc", text="x", evidence="register v3")
    act = ia.add_corrective_action(store, assessment.id, title="Fix", finding_id=nc.id, root_cause="no owner")
    ia.verify_action(store, act.id, effective=False, by="Ann", note="2 of 5 missing")
    with Store.open(tmp_path / "other.db") as other:
        other.import_bundle(store.export_bundle(assessment.id))
        (a,) = other.actions(assessment.id)
        assert (other.findings(assessment.id)[0].evidence, a.root_cause, a.effective, a.verification_note) == (
            "register v3", "no owner", False, "2 of 5 missing")
        assert other.verify().ok


def test_a_sample_is_recorded_with_evidence_of_the_same_assessment(store, assessment, content):
    evidence = store.add_evidence(assessment.id, title="Change log export", state="seen")
    sample = ia.add_sample(store, assessment.id, evidence_id=evidence.id, what="model changes", population=40,
                           size=5, items=["CR-1", "CR-7"])
    assert ia.samples(store, assessment.id) == [sample]
    other = store.create_assessment("Other", matrix=content.scales.default_matrix())
    theirs = store.add_evidence(other.id, title="elsewhere")
    with pytest.raises(StoreError, match="no evidence reference with id"):
        ia.add_sample(store, assessment.id, evidence_id=theirs.id, what="x", size=1)
