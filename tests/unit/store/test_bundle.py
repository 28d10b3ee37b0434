"""Bundles: lossless round trip, and merging two assessors' work."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aims_tui.cli import main
from aims_tui.store import Store, StoreError

STATUSES = ["met", "partial", "not-met", "not-applicable"]


def _tables(store, aid):
    return json.loads(json.dumps(store.export_bundle(aid)["tables"], sort_keys=True))


@pytest.mark.both_kinds
def test_round_trip_is_lossless(store, assessment, tmp_path, content, passphrase):
    system = store.add_system(assessment.id, name="Chatbot", tier="limited", affected_groups=["customers"])
    store.set_answer(assessment.id, "4.1-q1", status="met", maturity=4, notes="ok", interviewees=["Ann"])
    store.add_evidence(assessment.id, title="Policy", state="seen", question_id="4.1-q1")
    store.add_finding(assessment.id, question_id="4.1-q1", type="ofi", text="could be better")
    risk = store.add_risk(assessment.id, title="Injection", likelihood=3, impact=4, system_id=system.id,
                          controls=["A.6.2.4"])
    store.add_action(assessment.id, title="Fix", risk_id=risk.id, priority="high")
    store.set_soa_override(assessment.id, "A.2.2", justification="Policy in place", status="implemented")
    other = Store.open(tmp_path / "other.db", passphrase=passphrase)
    report = other.import_bundle(store.export_bundle(assessment.id))
    assert report.inserted["answers"] == 1 and not report.conflicts
    assert _tables(other, assessment.id) == _tables(store, assessment.id)
    assert other.verify().ok
    # Both histories kept: the source's entries travel along as imported entries.
    assert report.history_imported == len(store.history(assessment.id))
    # Importing again changes nothing.
    again = other.import_bundle(store.export_bundle(assessment.id))
    assert not again.inserted and not again.updated and again.history_imported == 0


answers_strategy = st.dictionaries(
    st.sampled_from(["4.1-q1", "4.2-q1", "5.2-q1", "6.1.2-q1", "A.2.2-q1", "A.7.4-q1"]),
    st.tuples(st.sampled_from(STATUSES), st.one_of(st.none(), st.integers(0, 5)), st.text(max_size=50)),
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answers_strategy, risks=st.lists(st.tuples(st.text(min_size=1, max_size=30), st.integers(1, 5),
                                                            st.integers(1, 5)), max_size=4))
def test_round_trip_property(tmp_path_factory, content, answers, risks):
    folder = tmp_path_factory.mktemp("rt")
    source = Store.open(folder / "a.db")
    a = source.create_assessment("Org", "scope", matrix=content.scales.default_matrix())
    for qid, (status, maturity, notes) in answers.items():
        source.set_answer(a.id, qid, status=status, maturity=maturity, notes=notes)
    for title, likelihood, impact in risks:
        source.add_risk(a.id, title=title, likelihood=likelihood, impact=impact)
    target = Store.open(folder / "b.db")
    target.import_bundle(json.loads(json.dumps(source.export_bundle(a.id))))
    assert _tables(target, a.id) == _tables(source, a.id)
    assert target.verify().ok


def test_merge_two_assessors_newer_answer_wins(tmp_path, content):
    alice = Store.open(tmp_path / "alice.db", actor="Alice")
    a = alice.create_assessment("Org", matrix=content.scales.default_matrix())
    alice.set_answer(a.id, "4.1-q1", status="partial")
    bob = Store.open(tmp_path / "bob.db", actor="Bob")
    bob.import_bundle(alice.export_bundle(a.id))
    # Both work on, apart: Alice later than Bob on 4.1-q1; Bob alone on 5.2-q1.
    bob.set_answer(a.id, "4.1-q1", status="not-met")
    bob.set_answer(a.id, "5.2-q1", status="met")
    alice.set_answer(a.id, "4.1-q1", status="met")
    report = alice.import_bundle(bob.export_bundle(a.id))
    assert alice.answer(a.id, "4.1-q1").status == "met"  # Alice's is newer
    assert alice.answer(a.id, "5.2-q1").status == "met"  # Bob's new answer merged
    assert any("4.1-q1" in c and "kept met" in c for c in report.conflicts)
    # The other way round, Alice's newer answer wins in Bob's file too.
    report = bob.import_bundle(alice.export_bundle(a.id))
    assert bob.answer(a.id, "4.1-q1").status == "met"
    assert any("4.1-q1" in c for c in report.conflicts)
    actors = {e.new.get("actor") for e in bob.history(a.id) if e.op == "imported"}
    assert "Alice" in actors
    assert alice.verify().ok and bob.verify().ok


def test_cli_export_import(tmp_path, capsys):
    db1, db2 = tmp_path / "1.db", tmp_path / "2.db"
    assert main(["new", "--org", "Org", "--scope", "s", "--db", str(db1)]) == 0
    aid = capsys.readouterr().out.strip()
    assert main(["answer", aid, "4.1-q1", "--status", "met", "--db", str(db1)]) == 0
    out = tmp_path / "b.json"
    assert main(["export", "bundle", aid, "--out", str(out), "--db", str(db1)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert main(["--db", str(db2), "import", str(out)]) == 0
    assert "added 1 answer\n" in capsys.readouterr().out
    assert main(["list", "--json", "--db", str(db2)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["answered"] == 1


@pytest.mark.parametrize("payload, message", [
    ("{not json", "not valid JSON"),
    ('{"format": "something else"}', "not an aims-tui bundle"),
    ('{"format": "aims-tui bundle", "version": 99, "tables": {}}', "newer than this aims-tui"),
])
def test_bad_bundles(tmp_path, capsys, payload, message):
    path = tmp_path / "bad.json"
    path.write_text(payload)
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_bundle_with_invalid_row(store, assessment, tmp_path):
    bundle = store.export_bundle(assessment.id)
    bundle["tables"]["answers"] = [{"assessment_id": assessment.id, "question_id": "4.1-q1", "status": "great"}]
    other = Store.open(tmp_path / "o.db")
    with pytest.raises(StoreError, match=r"tables.answers\[0\].status"):
        other.import_bundle(bundle, "b.json")
    assert other.list_assessments() == []
