"""`aims system add --eu-act/--eu-act-basis` and the impact adjustment on `aims risk add/list`
(issue 13)."""

from __future__ import annotations

import json

import pytest

from test_cli import aid, db, run  # noqa: F401  (the fixtures and runner of the CLI tests)

RAISED = "impact 4, raised from 3: high-risk under the EU AI Act"


def test_system_add_records_the_reach_and_its_basis(db, aid, capsys):
    code, out, _ = run("system", "add", aid, "--name", "Scorer", "--tier", "high", "--eu-act", "yes",
                       "--eu-act-basis", "placed on the EU market", "--role", "provider", "--json", "--db", db,
                       capsys=capsys)
    system = json.loads(out)
    assert code == 0 and (system["eu_act_reach"], system["eu_act_basis"], system["role"]) == (
        "yes", "placed on the EU market", "provider")
    code, out, _ = run("system", "add", aid, "--name", "Other", "--db", db, capsys=capsys)
    assert code == 0 and out.strip().isalnum()  # without --json: the id alone, as before


def test_system_add_refuses_an_unknown_reach_in_one_line(db, aid, capsys):
    code, _, err = run("system", "add", aid, "--name", "S", "--eu-act", "maybe", "--db", db, capsys=capsys)
    assert code == 2 and "--eu-act" in err and "Traceback" not in err


@pytest.mark.parametrize(("reach", "adjustment"), [("yes", RAISED), ("unknown", RAISED + " (reach not yet confirmed)"),
                                                   ("no", None)])
def test_risk_add_and_list_say_how_the_impact_was_adjusted(db, aid, capsys, reach, adjustment):
    run("system", "add", aid, "--name", "Scorer", "--tier", "high", "--eu-act", reach, "--db", db, capsys=capsys)
    code, out, _ = run("risk", "add", aid, "--title", "Bias", "--likelihood", "3", "--impact", "3",
                       "--system", "Scorer", "--db", db, capsys=capsys)
    first, *rest = out.strip().splitlines()
    assert code == 0 and first == ("R-001 score 12 high" if adjustment else "R-001 score 9 medium")
    assert [line.strip() for line in rest] == ([adjustment] if adjustment else [])
    (risk,) = json.loads(run("risk", "list", aid, "--json", "--db", db, capsys=capsys)[1])
    assert (risk["impact"], risk["impact_entered"], risk["impact_adjustment"], risk["eu_act_reach"]) == (
        4 if adjustment else 3, 3, adjustment, reach)
    listed = run("risk", "list", aid, "--db", db, capsys=capsys)[1]
    assert (adjustment in listed) if adjustment else ("raised" not in listed)
