"""Bundles carry each AI system's EU AI Act reach and basis; a bundle written before the columns
existed (schema 4, migration m005) still imports, its systems' reach "unknown" (issue 13)."""

from __future__ import annotations

import json

from aims_tui.store import Store
from aims_tui.store.audit import GENESIS, canonical, entry_hash

REACH = ("eu_act_reach", "eu_act_basis")


def _without_reach(text):
    value = json.loads(text) if isinstance(text, str) else text
    if isinstance(value, dict):
        for col in REACH:
            value.pop(col, None)
    return canonical(value) if isinstance(text, str) else value


def _as_written_before_m005(bundle):
    """The bundle an earlier release wrote: no reach columns in the rows nor in the history, which
    is re-chained as that release would have chained it."""
    bundle = json.loads(json.dumps(bundle))
    bundle["schema"] = 4
    for row in bundle["tables"]["systems"]:
        for col in REACH:
            del row[col]
    prev = GENESIS
    for entry in bundle["history"]:
        if entry["table"] == "systems":
            entry["old"], entry["new"] = _without_reach(entry["old"]), _without_reach(entry["new"])
        entry["prev"] = prev
        entry["hash"] = prev = entry_hash(prev, entry["seq"], entry["ts"], entry["actor"], bundle["assessment_id"],
                                          entry["table"], entry["key"], entry["op"], entry["old"], entry["new"])
    bundle["history_head"] = prev
    return bundle


def test_bundle_carries_the_reach_and_its_basis(tmp_path, content):
    source = Store.open(tmp_path / "a.db")
    aid = source.create_assessment("Org", matrix=content.scales.default_matrix()).id
    source.add_system(aid, name="Scorer", tier="high", eu_act_reach="yes", eu_act_basis="output used in the EU")
    target = Store.open(tmp_path / "b.db")
    target.import_bundle(json.loads(json.dumps(source.export_bundle(aid))), content=content)
    (system,) = target.systems(aid)
    assert (system.eu_act_reach, system.eu_act_basis) == ("yes", "output used in the EU")


def test_a_bundle_written_before_the_reach_columns_imports_as_unknown(tmp_path, content):
    source = Store.open(tmp_path / "a.db")
    aid = source.create_assessment("Org", matrix=content.scales.default_matrix()).id
    source.add_system(aid, name="Scorer", tier="high", eu_act_reach="no", eu_act_basis="UK only")
    bundle = _as_written_before_m005(source.export_bundle(aid))
    assert "eu_act_reach" not in json.dumps(bundle)
    target = Store.open(tmp_path / "b.db")
    report = target.import_bundle(bundle, content=content)
    (system,) = target.systems(aid)
    assert report.inserted["systems"] == 1 and (system.eu_act_reach, system.eu_act_basis) == ("unknown", "")
    assert target.verify().ok
