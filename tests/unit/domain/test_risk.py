"""Risk scoring: bands and their edges, the appetite rule, the EU AI Act tier floor, heat maps,
matrix validation and catalogue suggestions."""

from __future__ import annotations

import pytest
from domain_builders import DEFAULT, LARGE, SMALL, engagement, matrix, risk, system

from aims_tui.domain.risk import (
    achievable_scores,
    appetite_problem,
    assess_risk,
    assess_risks,
    band_for,
    band_weight,
    heat_map,
    impact_floor,
    ref_key,
    rescale,
    suggest_risks,
    validate_matrix,
)

# --------------------------------------------------------------------------------------------
# Bands
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [(1, "low"), (4, "low"), (5, "medium"), (9, "medium"), (10, "high"), (16, "high"), (20, "critical"),
     (25, "critical")],
)
def test_default_band_edges(score, band):
    assert band_for(score, DEFAULT).id == band


def test_content_default_matrix_has_the_spec_bands(content):
    m = content.scales.default_matrix()
    assert m.size == 5 and m.appetite == 10
    assert [(b.id, b.min, b.max) for b in m.bands] == [
        ("low", 1, 4), ("medium", 5, 9), ("high", 10, 16), ("critical", 20, 25)]
    assert validate_matrix(m) == []


@pytest.mark.parametrize(
    ("score", "band"),
    [(1, "low"), (2, "low"), (3, "medium"), (4, "medium"), (6, "high"), (9, "high")],
)
def test_three_by_three_band_edges(score, band):
    assert band_for(score, SMALL).id == band


@pytest.mark.parametrize(
    ("score", "band"),
    [(5, "low"), (6, "medium"), (11, "medium"), (12, "high"), (20, "high"), (24, "critical"), (36, "critical")],
)
def test_six_by_six_band_edges(score, band):
    assert band_for(score, LARGE).id == band


@pytest.mark.parametrize(("score", "m"), [(0, DEFAULT), (17, DEFAULT), (19, DEFAULT), (26, DEFAULT), (5, SMALL),
                                          (10, SMALL), (21, LARGE), (37, LARGE)])
def test_band_for_rejects_scores_no_band_covers(score, m):
    with pytest.raises(ValueError, match=str(score)):
        band_for(score, m)


def test_band_for_ignores_the_order_bands_are_listed_in():
    shuffled = DEFAULT.model_copy(update={"bands": list(reversed(DEFAULT.bands))})
    assert [band_for(s, shuffled).id for s in (4, 5, 10, 20)] == ["low", "medium", "high", "critical"]


def test_band_weight_rises_with_the_band():
    assert [band_weight(b, DEFAULT) for b in ("low", "medium", "high", "critical")] == [0.25, 0.5, 0.75, 1.0]
    assert band_weight(None, DEFAULT) == 0.0


def test_achievable_scores():
    assert achievable_scores(3) == [1, 2, 3, 4, 6, 9]
    assert 17 not in achievable_scores(5) and 25 in achievable_scores(5)


# --------------------------------------------------------------------------------------------
# Matrix validation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("m", [DEFAULT, SMALL, LARGE])
def test_valid_matrices_have_no_problems(m):
    assert validate_matrix(m) == []


@pytest.mark.parametrize(
    ("bands", "appetite", "expected"),
    [
        ([("low", 1, 4), ("medium", 4, 9), ("high", 10, 16), ("critical", 20, 25)], 10, "overlap"),
        ([("low", 1, 4), ("medium", 5, 9), ("high", 10, 15), ("critical", 20, 25)], 10, "No band covers score 16"),
        ([("low", 1, 4), ("medium", 5, 9), ("critical", 20, 25)], 10, "scores 10, 12, 15, 16"),
        ([("low", 1, 4), ("medium", 9, 5), ("high", 10, 16), ("critical", 20, 25)], 10, "minimum must not exceed"),
        ([("low", 1, 4), ("low", 5, 9), ("high", 10, 16), ("critical", 20, 25)], 10, "more than once"),
        ([("low", 1, 4), ("medium", 5, 9), ("high", 10, 16), ("gap", 17, 19), ("critical", 20, 25)], 10,
         "holds no score"),
        ([("low", 1, 4), ("medium", 5, 9), ("high", 10, 16), ("critical", 20, 25)], 26, "appetite 26 is outside"),
    ],
)
def test_validate_matrix_names_each_problem(bands, appetite, expected):
    problems = validate_matrix(matrix(5, bands, appetite))
    assert any(expected in p for p in problems), problems


def test_default_bands_on_a_three_by_three_leave_bands_with_no_achievable_score():
    m = matrix(3, [("low", 1, 4), ("medium", 5, 9), ("high", 10, 16), ("critical", 20, 25)], 10)
    problems = validate_matrix(m)
    assert any("'high'" in p and "holds no score" in p for p in problems)
    assert any("appetite 10 is outside" in p for p in problems)


# --------------------------------------------------------------------------------------------
# Scoring and the EU AI Act tier floor
# --------------------------------------------------------------------------------------------


def test_assess_risk_scores_likelihood_times_impact():
    a = assess_risk(risk(likelihood=4, impact=3, residual_likelihood=2, residual_impact=3), DEFAULT)
    assert (a.score, a.band.id, a.impact, a.impact_floor) == (12, "high", 3, None)
    assert (a.residual_score, a.residual_band.id) == (6, "medium")
    assert a.above_appetite and not a.needs_acceptance_reason


def test_residual_is_none_until_both_parts_are_rated():
    a = assess_risk(risk(residual_likelihood=2), DEFAULT)
    assert a.residual_score is None and a.residual_band is None


@pytest.mark.parametrize(
    ("tier", "m", "floor"),
    [("unacceptable", DEFAULT, 5), ("high", DEFAULT, 4), ("limited", DEFAULT, None), ("minimal", DEFAULT, None),
     ("unknown", DEFAULT, None), ("unacceptable", SMALL, 3), ("high", SMALL, 2), ("high", LARGE, 5),
     ("unacceptable", LARGE, 6)],
)
def test_impact_floor_by_tier(tier, m, floor):
    assert impact_floor(system(tier=tier), m) == floor


def test_no_system_no_floor():
    assert impact_floor(None, DEFAULT) is None


@pytest.mark.parametrize(
    ("tier", "entered", "scored"),
    [("high", 1, 4), ("high", 4, 4), ("high", 5, 5), ("unacceptable", 2, 5), ("limited", 1, 1), ("unknown", 2, 2)],
)
def test_tier_floor_raises_impact_never_lowers_it(tier, entered, scored):
    a = assess_risk(risk(likelihood=2, impact=entered), DEFAULT, system(tier=tier))
    assert a.impact == scored
    assert a.score == 2 * scored
    assert a.impact_raised == (scored > entered)


def test_tier_floor_applies_to_residual_impact():
    a = assess_risk(risk(likelihood=3, impact=4, residual_likelihood=1, residual_impact=1), DEFAULT,
                    system(tier="high"))
    assert (a.residual_impact, a.residual_score) == (4, 4)


def test_levels_above_a_smaller_matrix_are_read_at_its_top():
    a = assess_risk(risk(likelihood=6, impact=6), DEFAULT)
    assert (a.likelihood, a.impact, a.score, a.band.id) == (5, 5, 25, "critical")


def test_assess_risks_sorts_by_score_then_residual_then_ref():
    e = engagement(risks=[
        risk("R-010", 2, 2),
        risk("R-002", 2, 2),
        risk("R-003", 4, 4, residual_likelihood=1, residual_impact=1),
        risk("R-004", 4, 4, residual_likelihood=3, residual_impact=3),
        risk("R-001", 1, 1),
    ])
    assert [a.risk.ref for a in assess_risks(e)] == ["R-004", "R-003", "R-002", "R-010", "R-001"]


def test_assess_risks_uses_each_risks_system_tier():
    e = engagement(systems=[system("s1", "high")], risks=[risk("R-001", 2, 1, system_id="s1"), risk("R-002", 2, 1)])
    scores = {a.risk.ref: a.score for a in assess_risks(e)}
    assert scores == {"R-001": 8, "R-002": 2}


def test_ref_key_is_natural():
    assert sorted(["R-10", "R-9", "R-100"], key=ref_key) == ["R-9", "R-10", "R-100"]


# --------------------------------------------------------------------------------------------
# The appetite rule
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("treatment", "likelihood", "impact", "reason", "m", "needs_reason"),
    [
        ("accept", 2, 5, "", DEFAULT, True),  # 10: exactly the appetite
        ("accept", 3, 3, "", DEFAULT, False),  # 9: just below
        ("accept", 5, 5, "", DEFAULT, True),
        ("accept", 2, 5, "Board minute 12: cost of control exceeds benefit", DEFAULT, False),
        ("accept", 2, 5, "   ", DEFAULT, True),  # blank is no reason
        ("mitigate", 5, 5, "", DEFAULT, False),
        ("avoid", 5, 5, "", DEFAULT, False),
        ("transfer", 5, 5, "", DEFAULT, False),
        ("accept", 2, 3, "", SMALL, True),  # 6 on the 3×3, appetite 6
        ("accept", 2, 2, "", SMALL, False),
        ("accept", 3, 4, "", LARGE, True),  # 12 on the 6×6, appetite 12
        ("accept", 2, 5, "", LARGE, False),
    ],
)
def test_appetite_rule(treatment, likelihood, impact, reason, m, needs_reason):
    r = risk(likelihood=likelihood, impact=impact, treatment=treatment, acceptance_reason=reason)
    a = assess_risk(r, m)
    assert a.needs_acceptance_reason is needs_reason
    assert (appetite_problem(r, m) is not None) is needs_reason
    assert a.above_appetite is (likelihood * impact >= m.appetite)


def test_appetite_problem_is_one_sentence_naming_the_risk_and_appetite():
    problem = appetite_problem(risk("R-007", 4, 4, treatment="accept"), DEFAULT)
    assert problem.startswith("R-007 scores 16 (High)")
    assert "appetite of 10" in problem and problem.endswith(".") and problem.count(". ") == 0


def test_tier_floor_can_push_an_accepted_risk_over_appetite():
    r = risk(likelihood=3, impact=2, treatment="accept")
    assert appetite_problem(r, DEFAULT) is None
    assert "scores 12" in appetite_problem(r, DEFAULT, system(tier="high"))


def test_a_prohibited_practice_cannot_be_accepted_even_with_a_reason():
    r = risk(likelihood=1, impact=1, treatment="accept", acceptance_reason="We like it")
    problem = appetite_problem(r, DEFAULT, system(tier="unacceptable", name="Social scorer"))
    assert problem and "Social scorer" in problem and "unacceptable" in problem
    assert appetite_problem(r.model_copy(update={"treatment": "avoid"}), DEFAULT, system(tier="unacceptable")) is None


def test_custom_appetite():
    m = DEFAULT.model_copy(update={"appetite": 16})
    assert assess_risk(risk(likelihood=4, impact=4, treatment="accept"), m).needs_acceptance_reason
    assert not assess_risk(risk(likelihood=3, impact=5, treatment="accept"), m).needs_acceptance_reason


# --------------------------------------------------------------------------------------------
# Heat map
# --------------------------------------------------------------------------------------------


def test_heat_map_counts_by_likelihood_then_impact():
    e = engagement(risks=[risk("R-001", 1, 5), risk("R-002", 1, 5, residual_likelihood=1, residual_impact=2),
                          risk("R-003", 4, 2)])
    assessed = assess_risks(e)
    grid = heat_map(assessed, DEFAULT)
    assert len(grid) == 5 and all(len(row) == 5 for row in grid)
    assert grid[0][4] == 2 and grid[3][1] == 1 and sum(map(sum, grid)) == 3
    residual = heat_map(assessed, DEFAULT, residual=True)
    assert residual[0][1] == 1 and sum(map(sum, residual)) == 1


def test_heat_map_places_risks_at_the_floored_impact():
    e = engagement(systems=[system("s1", "high")], risks=[risk("R-001", 2, 1, system_id="s1")])
    assert heat_map(assess_risks(e), DEFAULT)[1][3] == 1


# --------------------------------------------------------------------------------------------
# Suggestions from the catalogue
# --------------------------------------------------------------------------------------------


def test_suggest_risks_per_in_scope_system_minus_the_register(content):
    e = engagement(
        systems=[system("s1", "high", name="Credit scorer"), system("s2", "minimal", name="Chatbot"),
                 system("s3", "high", name="Retired model", in_scope=False)],
        risks=[risk("R-001", catalogue_id="RC-01", system_id="s1")],
    )
    suggested = suggest_risks(e, content)
    pairs = {(s.catalogue_id, s.system_id) for s in suggested}
    n = sum(1 for c in content.catalogue if c.applies_to("deployer", ""))  # the builder's default system
    assert 20 <= n < len(content.catalogue)
    assert len(suggested) == 2 * n - 1
    assert ("RC-01", "s1") not in pairs and ("RC-01", "s2") in pairs
    assert not any(s.system_id == "s3" for s in suggested)
    scores = [s.score for s in suggested]
    assert scores == sorted(scores, reverse=True)


def test_suggested_impact_is_raised_by_the_floor_and_says_why(content):
    low_impact = min(content.catalogue, key=lambda c: c.impact)
    assert low_impact.impact < 4, "catalogue needs a risk with impact below 4 for this test"
    e = engagement(systems=[system("s1", "high", name="Credit scorer", role="developer", supplier="Acme")])
    s = next(s for s in suggest_risks(e, content) if s.catalogue_id == low_impact.id)
    assert s.impact == 4 and s.score == s.likelihood * 4
    assert "raised from" in s.reason and "Credit scorer" in s.reason


@pytest.mark.parametrize(("role", "supplier", "suggested", "not_suggested"), [
    ("developer", "", {"RC-03", "RC-05", "RC-24"}, {"RC-09", "RC-18", "RC-29"}),
    ("deployer", "", {"RC-01", "RC-08"}, {"RC-03", "RC-05", "RC-24", "RC-09"}),
    ("deployer", "OpenModel Ltd", {"RC-09", "RC-18", "RC-29"}, {"RC-03", "RC-05"}),
    ("data-provider", "", {"RC-03", "RC-26"}, {"RC-05", "RC-24"}),
])
def test_suggestions_follow_the_organisations_role_and_supplier(content, role, supplier, suggested, not_suggested):
    e = engagement(systems=[system("s1", "limited", name="Claims triage", role=role, supplier=supplier)])
    ids = {s.catalogue_id for s in suggest_risks(e, content)}
    assert suggested <= ids and not (not_suggested & ids)
    expected = {c.id for c in content.catalogue if (not c.roles or role in c.roles)
                and (not c.needs_supplier or supplier)}
    assert ids == expected
    if supplier:
        third = next(s for s in suggest_risks(e, content) if s.catalogue_id == "RC-09")
        assert "comes from a supplier, OpenModel Ltd" in third.reason


def test_suggestions_without_systems_are_organisation_wide(content):
    suggested = suggest_risks(engagement(), content)
    assert len(suggested) == len(content.catalogue)
    assert all(s.system_id is None for s in suggested)


def test_suggestions_fit_a_three_by_three(content):
    suggested = suggest_risks(engagement(matrix=SMALL, systems=[system("s1", "limited")]), content)
    assert all(1 <= s.likelihood <= 3 and 1 <= s.impact <= 3 and s.band for s in suggested)


@pytest.mark.parametrize(("value", "m", "expected"), [(1, SMALL, 1), (3, SMALL, 2), (5, SMALL, 3), (2, SMALL, 2),
                                                      (1, LARGE, 1), (5, LARGE, 6), (3, DEFAULT, 3)])
def test_rescale_keeps_the_ends(value, m, expected):
    assert rescale(value, m) == expected


@pytest.mark.parametrize(("treatment", "residual", "flag"), [
    ("mitigate", (4, 3), True),    # 12: still at or above the appetite of 10
    ("mitigate", (2, 5), True),    # 10: the edge counts
    ("mitigate", (3, 3), False),   # 9: below
    ("mitigate", None, False),     # no residual rating yet
    ("accept", (4, 3), False),     # accepted risks are judged by the acceptance rule instead
])
def test_residual_above_appetite(treatment, residual, flag):
    kw = dict(residual_likelihood=residual[0], residual_impact=residual[1]) if residual else {}
    a = assess_risk(risk("R-001", 5, 5, treatment=treatment, acceptance_reason="x", **kw), DEFAULT)
    assert a.residual_above_appetite is flag
