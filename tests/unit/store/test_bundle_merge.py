"""Merge order and the travelling audit history (issue 11, SPEC R9): a change wins by when it was
made, never by when it was imported or relayed; the bundle's history chains or is refused; an
import is idempotent; round trips do not grow the bundle."""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from aims_tui.store import Store, StoreError
from aims_tui.store.audit import entry_hash


@pytest.fixture
def pair(tmp_path, content, passphrase):
    alice = Store.open(tmp_path / "alice.db", actor="Alice", passphrase=passphrase)
    a = alice.create_assessment("Org", matrix=content.scales.default_matrix())
    alice.set_answer(a.id, "4.1-q1", status="partial")
    bob = Store.open(tmp_path / "bob.db", actor="Bob", passphrase=passphrase)
    bob.import_bundle(alice.export_bundle(a.id), content=content)
    assert alice.encrypted == bob.encrypted == (passphrase is not None)
    yield alice, bob, a.id
    alice.close()
    bob.close()


def _relay(tmp_path, name, bundle, content):
    """Carry a bundle through a third file that does nothing but import and export it."""
    relay = Store.open(tmp_path / f"{name}.db", actor="Relay")
    relay.import_bundle(json.loads(json.dumps(bundle)), content=content)
    return relay.export_bundle(bundle["assessment_id"])


@pytest.mark.both_kinds
def test_an_old_change_relayed_through_another_file_does_not_beat_a_newer_one(pair, tmp_path, content):
    alice, bob, aid = pair
    old = bob.export_bundle(aid)  # Bob's copy: 4.1-q1 partial, from Alice's first answer
    alice.set_answer(aid, "4.1-q1", status="met")  # a newer answer, made after that export
    relayed = _relay(tmp_path, "carol", old, content)  # imported later: its arrival is newer
    report = alice.import_bundle(relayed, content=content)
    assert alice.answer(aid, "4.1-q1").status == "met"
    assert not report.updated
    assert alice.verify().ok


@pytest.mark.both_kinds
def test_conflicts_are_listed_for_every_table_with_both_values_to_the_second(pair, content):
    alice, bob, aid = pair
    system = alice.add_system(aid, name="Chatbot", tier="limited")
    risk = alice.add_risk(aid, title="Bias", likelihood=2, impact=2, system_id=system.id)
    alice.set_soa_override(aid, "A.2.2", justification="policy", status="planned")
    bob.import_bundle(alice.export_bundle(aid), content=content)
    alice.update_system(system.id, tier="high")
    alice.update_risk(risk.id, likelihood=5)
    alice.set_soa_override(aid, "A.2.2", status="implemented")
    bob.update_system(system.id, tier="minimal")  # Bob's are newer
    bob.update_risk(risk.id, likelihood=1)
    bob.set_soa_override(aid, "A.2.2", status="not-implemented")
    report = alice.import_bundle(bob.export_bundle(aid), content=content)
    text = "\n".join(report.conflicts)
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"
    assert re.search(rf"AI system Chatbot: kept tier 'minimal' \(the bundle, {stamp}, Bob\) over tier 'high' "
                     rf"\(this file, {stamp}, Alice\)", text), text
    assert re.search(rf"risk R-001 \(Bias\): kept likelihood 1 \(the bundle, {stamp}, Bob\) over likelihood 5", text)
    assert re.search(rf"SoA entry A.2.2: kept not-implemented \(the bundle, {stamp}, Bob\) over implemented", text)
    assert alice.risk(risk.id).likelihood == 1 and alice.verify().ok


@pytest.mark.both_kinds
def test_a_history_time_after_the_export_time_is_refused(pair, tmp_path, content):
    alice, _bob, aid = pair
    bundle = alice.export_bundle(aid)
    # Forge an answer's change time far ahead, re-chaining so that only the time is wrong.
    future = (datetime.now(timezone.utc) + timedelta(days=365)).isoformat()
    prev = "0" * 64
    for entry in bundle["history"]:
        if entry["table"] == "answers":
            entry["ts"] = future
        entry["prev"] = prev
        entry["hash"] = prev = entry_hash(prev, entry["seq"], entry["ts"], entry["actor"], aid, entry["table"],
                                          entry["key"], entry["op"], entry["old"], entry["new"])
    bundle["history_head"] = prev
    target = Store.open(tmp_path / "t.db")
    with pytest.raises(StoreError, match=r"history\[\d+\]\.ts: .* after the bundle's export time"):
        target.import_bundle(bundle, content=content)
    assert target.list_assessments() == []


@pytest.mark.parametrize("tamper, match", [
    (lambda h: h[1].update(actor="Mallory"), r"history\[1\]: its hash does not match"),
    (lambda h: h.pop(1), r"history\[1\]: .*does not follow the entry before it"),
    (lambda h: h[1].pop("hash"), r"history\[1\]: expected exactly the fields"),
    (lambda h: h.pop(), r"history_head: does not match the last history entry"),
])
@pytest.mark.both_kinds
def test_history_that_does_not_chain_is_refused_not_appended(pair, tmp_path, content, tamper, match):
    alice, _bob, aid = pair
    alice.set_answer(aid, "5.2-q1", status="met")
    bundle = alice.export_bundle(aid)
    tamper(bundle["history"])
    target = Store.open(tmp_path / "t.db")
    with pytest.raises(StoreError, match=match):
        target.import_bundle(bundle, content=content)
    assert target.conn.execute("SELECT count(*) FROM history").fetchone()[0] == 0


@pytest.mark.both_kinds
def test_importing_the_same_bundle_again_changes_nothing(pair, content):
    alice, bob, aid = pair
    bob.set_answer(aid, "5.2-q1", status="met")
    bundle = bob.export_bundle(aid)
    alice.import_bundle(copy.deepcopy(bundle), content=content)
    entries = alice.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    again = alice.import_bundle(copy.deepcopy(bundle), content=content)
    assert (again.inserted, again.updated, again.history_imported, again.conflicts) == ({}, {}, 0, [])
    assert alice.conn.execute("SELECT count(*) FROM history").fetchone()[0] == entries


def test_round_trips_of_an_unchanged_assessment_keep_the_bundle_size(tmp_path, content):
    a_store = Store.open(tmp_path / "a.db", actor="Same")
    b_store = Store.open(tmp_path / "b.db", actor="Same")
    aid = a_store.create_assessment("Org", matrix=content.scales.default_matrix()).id
    for qid in ("4.1-q1", "4.2-q1", "5.2-q1"):
        a_store.set_answer(aid, qid, status="met", notes="n")
    a_store.add_risk(aid, title="Bias", likelihood=2, impact=3, controls=["A.7.4"])
    first = a_store.export_bundle(aid)
    sizes, bundle = [], first
    for _trip in range(5):
        b_store.import_bundle(json.loads(json.dumps(bundle)), content=content)
        bundle = b_store.export_bundle(aid)
        a_store.import_bundle(json.loads(json.dumps(bundle)), content=content)
        bundle = a_store.export_bundle(aid)
        sizes.append(len(json.dumps(bundle)))
        assert bundle["history"] == first["history"] and bundle["tables"] == first["tables"]
    assert max(sizes) - min(sizes) <= 8, sizes  # only the export time's digits may differ
    assert a_store.verify().ok and b_store.verify().ok


@pytest.mark.both_kinds
def test_a_row_deleted_here_after_the_bundles_change_stays_deleted(pair, content):
    alice, bob, aid = pair
    finding = alice.add_finding(aid, question_id="4.1-q1", type="ofi", text="x")
    bob.import_bundle(alice.export_bundle(aid), content=content)
    bundle = bob.export_bundle(aid)
    alice.delete_finding(finding.id)
    report = alice.import_bundle(bundle, content=content)
    assert alice.findings(aid) == []
    assert any("kept this file's deletion" in c for c in report.conflicts)


def test_a_version_1_bundle_written_by_earlier_releases_still_imports(tmp_path, content):
    source = Store.open(tmp_path / "s.db", actor="Old")
    first = source.create_assessment("First", matrix=content.scales.default_matrix())
    aid = source.create_assessment("Second", matrix=content.scales.default_matrix()).id
    source.set_answer(first.id, "4.1-q1", status="met")  # interleaved: the v1 history has gaps
    source.set_answer(aid, "4.1-q1", status="partial")
    bundle = source.export_bundle(aid)
    bundle["version"] = 1
    del bundle["history_head"]
    bundle["history"] = [dict(zip(("seq", "ts", "actor", "table", "key", "op", "old", "new", "prev", "hash"), r))
                         for r in source.trail(aid)]
    target = Store.open(tmp_path / "t.db")
    report = target.import_bundle(bundle, content=content)
    assert report.inserted["answers"] == 1 and report.history_imported == len(bundle["history"])
    bundle["history"][0]["actor"] = "Mallory"
    with pytest.raises(StoreError, match=r"history\[0\]: its hash does not match"):
        Store.open(tmp_path / "u.db").import_bundle(bundle, content=content)


@pytest.mark.both_kinds
def test_a_row_its_own_history_does_not_explain_never_wins(pair, content):
    alice, bob, aid = pair
    bob.set_answer(aid, "4.1-q1", status="met")  # a real, newer change
    bundle = bob.export_bundle(aid)
    row = next(r for r in bundle["tables"]["answers"] if r["question_id"] == "4.1-q1")
    row["status"] = "not-applicable"  # edited in the tables only, its time left as it was
    report = alice.import_bundle(bundle, content=content)
    assert alice.answer(aid, "4.1-q1").status == "partial"
    assert any("kept partial" in c and "time unknown" in c for c in report.conflicts), report.conflicts
