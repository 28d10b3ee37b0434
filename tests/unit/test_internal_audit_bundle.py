"""Bundles carry the internal audit (issue 14): the audit's programme, the audit, its interview
schedule and the samples round-trip; a hostile bundle's audit rows are checked like every other row
(named in one line, nothing written), and a bundle never changes a programme this file already has."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from aims_tui.store import Store
from aims_tui.store import internal_audit as ia
from tests.unit.store.test_bundle_hostile import _refused


@pytest.fixture
def audited(store, assessment):
    programme = ia.save_programme(store, title="AIMS audits 2027", period_start=dt.date(2027, 1, 1),
                                  period_end=dt.date(2027, 12, 31), objectives="cover 4-10")
    audit = ia.save_audit(store, title="Q1 audit", programme_id=programme.id, assessment_id=assessment.id,
                          auditors=["Ann"], scope={"clauses": ["6.1"], "controls": ["A.6"]})
    interview = ia.add_interview(store, audit.id, auditee="Dana Ng", role="CISO", topics=["6.1.2"],
                                 start=dt.datetime(2027, 3, 1, 10, 0))
    evidence = store.add_evidence(assessment.id, title="Change log", question_id="6.1.2-q1")
    sample = ia.add_sample(store, assessment.id, question_id="6.1.2-q1", evidence_id=evidence.id,
                           what="model changes 2026", population=40, size=5, items=["CR-3", "CR-9"])
    nc = ia.add_finding(store, assessment.id, ref="6.1.2", type="minor-nc", text="no assessment")
    act = ia.add_corrective_action(store, assessment.id, title="Assess", finding_id=nc.id, root_cause="no owner")
    ia.verify_action(store, act.id, effective=True, by="Ann", on=dt.date(2027, 4, 1))
    return programme, audit, interview, sample


def test_the_internal_audit_round_trips_through_a_bundle(store, assessment, audited, tmp_path, content):
    programme, audit, interview, sample = audited
    bundle = json.loads(json.dumps(store.export_bundle(assessment.id)))
    assert [len(bundle["tables"][t]) for t in ("programmes", "audits", "interviews", "samples")] == [1, 1, 1, 1]
    with Store.open(tmp_path / "other.db") as other:
        report = other.import_bundle(bundle, "b.json", content=content)
        assert ia.programmes(other) == [programme]
        assert ia.audit_of(other, assessment.id) == audit
        assert ia.interviews(other, audit.id) == [interview]
        assert ia.samples(other, assessment.id) == [sample]
        assert ia.action(other, other.actions(assessment.id)[0].id).effective is True
        lines = "\n".join(report.lines())
        assert "added 1 audit programme" in lines and "added 1 interview" in lines and "added 1 sample" in lines
        again = other.import_bundle(bundle, "b.json", content=content)  # the same bundle twice: nothing new
        assert again.inserted == {} and again.conflicts == []


def test_a_bundle_never_changes_this_files_programme(store, assessment, audited, tmp_path, content):
    programme = audited[0]
    bundle = json.loads(json.dumps(store.export_bundle(assessment.id)))
    with Store.open(tmp_path / "other.db") as other:
        other.create_assessment("Other", "x", matrix=content.scales.default_matrix())
        ia.save_programme(other, None, **{**programme.model_dump(), "objectives": "ours, shared by our audits"})
        report = other.import_bundle(bundle, "b.json", content=content)
        assert ia.programmes(other)[0].objectives == "ours, shared by our audits"
        assert any("audit programme" in c or "programmes" in c for c in report.conflicts), report.conflicts


@pytest.mark.parametrize(("table", "field", "value", "match"), [
    ("interviews", "audit_id", "notanaudit", r"tables\.interviews\[0\]\.audit_id: 'notanaudit' is not an audit"),
    ("audits", "programme_id", "nope", r"tables\.audits\[0\]\.programme_id: 'nope' is not one of this bundle"),
    ("samples", "evidence_id", "nope", r"tables\.samples\[0\]\.evidence_id: 'nope' is not one of this bundle"),
    ("samples", "size", 99, r"tables\.samples\[0\]\..*larger than its population"),
    ("samples", "question_id", "9.9-q9", r"tables\.samples\[0\]\.question_id: '9\.9-q9' is not a question"),
    ("interviews", "minutes", -5, r"tables\.interviews\[0\]\.minutes"),
    ("audits", "scope", "[not json", r"tables\.audits\[0\]"),
    ("audits", "assessment_id", "someoneelse", r"tables\.audits\[0\]\.assessment_id"),
    ("actions", "finding_id", "nope", r"tables\.actions\[0\]\.finding_id: 'nope' is not one of this bundle"),
])
def test_hostile_audit_rows_are_named(store, assessment, audited, tmp_path, content, table, field, value, match):
    evil = copy.deepcopy(store.export_bundle(assessment.id))
    evil["tables"][table][0][field] = value
    with Store.open(tmp_path / "target.db") as target:
        _refused(target, evil, match, content)


def test_a_stray_programme_and_a_taken_over_interview_are_refused(store, assessment, audited, tmp_path, content):
    bundle = store.export_bundle(assessment.id)
    stray = copy.deepcopy(bundle)
    stray["tables"]["programmes"].append({**stray["tables"]["programmes"][0], "id": "strayprog"})
    with Store.open(tmp_path / "target.db") as target:
        _refused(target, stray, r"tables\.programmes\[1\]: no audit of this bundle", content)
        # The target's own audit has an interview; the bundle reuses its id under the bundle's audit.
        mine = target.create_assessment("Victim", "x", matrix=content.scales.default_matrix())
        victim_audit = ia.save_audit(target, title="Victim audit", assessment_id=mine.id)
        theirs = ia.add_interview(target, victim_audit.id, auditee="Confidential")
        takeover = copy.deepcopy(bundle)
        takeover["tables"]["interviews"][0]["id"] = theirs.id
        _refused(target, takeover, r"tables\.interviews\[0\]\.id: .* belongs to another audit", content)
        assert ia.interviews(target, victim_audit.id)[0].auditee == "Confidential"
