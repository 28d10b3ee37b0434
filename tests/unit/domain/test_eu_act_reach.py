"""The EU AI Act reaches a system or not (issue 13): the tier floor, the prohibition and the
suggested-risk floor follow only where it does, and every adjustment is said in words."""

from __future__ import annotations

import pytest
from domain_builders import DEFAULT, engagement, risk, system

from aims_tui.domain.risk import (
    UNCONFIRMED,
    appetite_problem,
    assess_risk,
    heat_map,
    heat_map_refs,
    impact_adjustment,
    impact_floor,
    suggest_risks,
)


@pytest.mark.parametrize(("reach", "floor"), [("yes", 4), ("unknown", 4), ("no", None)])
def test_high_tier_floor_only_where_the_act_may_reach(reach, floor):
    assert impact_floor(system(tier="high", eu_act_reach=reach), DEFAULT) == floor


def test_no_floor_when_the_act_does_not_reach_the_system():
    a = assess_risk(risk(impact=2, residual_likelihood=1, residual_impact=1), DEFAULT,
                    system(tier="unacceptable", eu_act_reach="no"))
    assert (a.impact, a.residual_impact, a.impact_floor, a.adjustment) == (2, 1, None, None)


def test_adjustment_on_a_reached_system_states_the_basis_of_the_raise():
    a = assess_risk(risk(impact=3), DEFAULT, system(tier="high", eu_act_reach="yes"))
    assert impact_adjustment(a) == a.adjustment == "impact 4, raised from 3: high-risk under the EU AI Act"


def test_adjustment_on_an_unknown_reach_is_marked_not_yet_confirmed():
    a = assess_risk(risk(impact=3), DEFAULT, system(tier="high", eu_act_reach="unknown"))
    assert a.adjustment == f"impact 4, raised from 3: high-risk under the EU AI Act {UNCONFIRMED}"


def test_adjustment_names_a_raised_residual_impact_and_the_prohibited_tier():
    a = assess_risk(risk(impact=5, residual_likelihood=1, residual_impact=2), DEFAULT,
                    system(tier="unacceptable", eu_act_reach="yes"))
    assert a.adjustment == ("residual impact 5, raised from 2: a prohibited practice under the EU AI Act "
                            "(unacceptable tier)")


@pytest.mark.parametrize("sys", [None, system(tier="high", eu_act_reach="yes")])
def test_no_adjustment_when_nothing_was_raised(sys):
    assert assess_risk(risk(impact=5), DEFAULT, sys).adjustment is None


def test_prohibited_tier_may_be_accepted_only_where_the_act_does_not_reach():
    accepted = risk(likelihood=1, impact=1, treatment="accept", acceptance_reason="tolerated")
    reached = system(tier="unacceptable", eu_act_reach="unknown")
    assert "prohibited practice" in appetite_problem(accepted, DEFAULT, reached)
    assert appetite_problem(accepted, DEFAULT, system(tier="unacceptable", eu_act_reach="no")) is None


def test_suggested_risks_floor_only_where_the_act_may_reach(content):
    def impacts(reach):
        e = engagement(systems=[system(tier="high", eu_act_reach=reach)])
        return {s.catalogue_id: (s.impact, s.reason) for s in suggest_risks(e, content)}

    no, unknown, yes = impacts("no"), impacts("unknown"), impacts("yes")
    raised = [cid for cid in no if unknown[cid][0] > no[cid][0]]
    assert raised, "the catalogue has risks below the high tier's floor"
    assert all(unknown[cid][0] == yes[cid][0] == 4 for cid in raised)
    assert all("raised" not in reason for _, reason in no.values())
    assert all(UNCONFIRMED in unknown[cid][1] and UNCONFIRMED not in yes[cid][1] for cid in raised)


def test_heat_map_refs_hold_each_risk_in_its_cell_in_ref_order():
    sys = system(tier="high", eu_act_reach="yes")
    assessed = [assess_risk(risk("R-010", 2, 4), DEFAULT), assess_risk(risk("R-002", 2, 1), DEFAULT, sys),
                assess_risk(risk("R-003", 1, 1), DEFAULT)]
    refs = heat_map_refs(assessed, DEFAULT)
    assert refs[1][3] == ["R-002", "R-010"] and refs[0][0] == ["R-003"]
    assert heat_map(assessed, DEFAULT) == [[len(c) for c in row] for row in refs]
