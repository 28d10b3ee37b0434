"""The SoA drafting rules (docs/CONTRACT.md §2), how multi-question controls combine, and overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from domain_builders import action, answer, answers, engagement, evidence, override, risk, system

from aims_tui.domain.soa import (
    AI_ACT_HIGH_RISK_OBLIGATIONS,
    control_answer_status,
    draft_soa,
    draft_status,
    soa_blockers,
)


def entry(content, e, control_id):
    return next(x for x in draft_soa(content, e) if x.control_id == control_id)


def single_question_control(content) -> str:
    return next(c for c in content.structure.controls if len(content.questions_for(c)) == 1)


def two_question_control(content) -> str:
    return next(c for c in content.structure.controls if len(content.questions_for(c)) == 2)


def qids(content, control_id):
    return [q.id for q in content.questions_for(control_id)]


def test_all_38_controls_in_standard_order(content):
    entries = draft_soa(content, engagement())
    assert len(entries) == 38
    assert [x.control_id for x in entries] == content.structure.controls
    a624 = next(x for x in entries if x.control_id == "A.6.2.4")
    assert (a624.group_id, a624.group_title) == ("A.6", content.structure.title("A.6"))
    assert a624.title == content.structure.title("A.6.2.4")
    assert a624.question_ids == qids(content, "A.6.2.4")


# --------------------------------------------------------------------------------------------
# Risks
# --------------------------------------------------------------------------------------------


def test_mitigated_risk_makes_control_applicable_and_is_named(content):
    e = engagement(risks=[risk("R-002", 3, 4, title="Biased credit decisions", controls=["A.7.4"]),
                          risk("R-001", 2, 2, title="Model drift", controls=["A.7.4", "A.6.2.6"])])
    x = entry(content, e, "A.7.4")
    assert x.applicable and x.reasons == ["risk-assessment"]
    assert x.linked_risks == ["R-001", "R-002"]
    assert "R-001 \u201cModel drift\u201d" in x.justification
    assert "R-002 \u201cBiased credit decisions\u201d" in x.justification
    assert x.justification.index("R-001") < x.justification.index("R-002")


@pytest.mark.parametrize("treatment", ["avoid", "transfer", "accept"])
def test_other_treatments_link_the_risk_but_do_not_select_the_control(content, treatment):
    e = engagement(risks=[risk("R-001", controls=["A.10.3"], treatment=treatment, acceptance_reason="ok")])
    x = entry(content, e, "A.10.3")
    assert x.linked_risks == ["R-001"] and x.reasons == ["best-practice"]
    participle = {"avoid": "avoided", "transfer": "transferred", "accept": "accepted"}[treatment]
    assert f"It also bears on the {participle} risk R-001 \u201cRisk R-001\u201d." in x.justification


def test_unlinked_unanswered_control_is_best_practice_pending_confirmation(content):
    """Issue 13: no "no risk in the register is mitigated through it", no coverage in the client's text."""
    x = entry(content, engagement(), "A.2.2")
    assert x.applicable and x.reasons == ["best-practice"] and x.status is None
    assert x.justification == content.soa_rationale("A.2.2")
    assert x.coverage == "Not yet asked A.2.2-q1 and A.2.2-q2."
    assert x.answer_status is None and x.linked_risks == []
    assert any("implementation status is not yet established" in p for p in x.problems)


# --------------------------------------------------------------------------------------------
# Answers set the status
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "actions", "expected"),
    [
        ("met", [], "implemented"),
        ("partial", [], "partially-implemented"),
        ("not-met", [], "not-implemented"),
        ("not-met", [dict(status="open", on="control")], "planned"),
        ("not-met", [dict(status="in-progress", on="question")], "planned"),
        ("not-met", [dict(status="done", on="control")], "not-implemented"),
        ("not-met", [dict(status="open", on="other")], "not-implemented"),
        ("partial", [dict(status="open", on="control")], "partially-implemented"),
        ("met", [dict(status="open", on="control")], "implemented"),
    ],
)
def test_answer_sets_draft_status(content, status, actions, expected):
    control = single_question_control(content)
    (qid,) = qids(content, control)
    other = next(c for c in content.structure.controls if c != control)
    acts = [action(f"act{i}", status=a["status"],
                   **({"control_id": control} if a["on"] == "control" else
                      {"question_id": qid} if a["on"] == "question" else {"control_id": other}))
            for i, a in enumerate(actions)]
    named = [override(control, owner="CISO", evidence="Procedure")]
    x = entry(content, engagement(answers=answers((qid, status)), actions=acts, overrides=named), control)
    assert x.applicable and x.status == expected and x.draft["status"] == expected
    assert x.answer_status == status
    assert qid not in x.justification and qid in x.coverage
    assert not x.problems
    if expected == "planned":
        assert "act0" in x.justification


def test_not_applicable_answer_proposes_exclusion_needing_a_reason(content):
    control = single_question_control(content)
    (qid,) = qids(content, control)
    e = engagement(answers={qid: answer(qid, "not-applicable", notes="We build no AI; we only buy it")})
    x = entry(content, e, control)
    assert not x.applicable and x.status is None and x.reasons == []
    assert "Proposed for exclusion" in x.justification and "We build no AI" in x.justification
    assert any("excluded without the assessor's reason" in p for p in x.problems)
    assert any(control in b for b in soa_blockers(content, e))

    reasoned = e.model_copy(update={"soa_overrides": {control: override(
        control, justification="Out of scope: the organisation only deploys bought-in systems.")}})
    y = entry(content, reasoned, control)
    assert not y.applicable and y.problems == [] and y.justification.startswith("Out of scope")
    assert not any(control in b for b in soa_blockers(content, reasoned))


def test_mitigated_risk_outweighs_a_not_applicable_answer(content):
    control = single_question_control(content)
    (qid,) = qids(content, control)
    e = engagement(risks=[risk("R-001", controls=[control])], answers=answers((qid, "not-applicable")))
    x = entry(content, e, control)
    assert x.applicable and x.reasons == ["risk-assessment"]
    assert qid not in x.justification and "not applicable" not in x.justification and x.status is None
    assert any("implementation status is not yet established" in p for p in x.problems)
    # Settling the conflict is an open point, listed as a problem, not left in the justification.
    assert f"{control}: the interviews marked it not applicable ({qid}), but the treatment of R-001 relies on it: " \
           "confirm with the client and record the justification." in x.problems
    settled = e.model_copy(update={"soa_overrides": {control: override(
        control, justification="Needed for R-001: the client confirmed it applies.", status="planned", owner="CISO")}})
    assert entry(content, settled, control).problems == []


def test_long_notes_are_shortened_in_the_draft(content):
    control = single_question_control(content)
    (qid,) = qids(content, control)
    x = entry(content, engagement(answers={qid: answer(qid, "not-applicable", notes="x" * 100_000)}), control)
    assert len(x.justification) < 600


# --------------------------------------------------------------------------------------------
# Several questions on one control
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "applicable", "status", "summary"),
    [
        (("met", "met"), True, "implemented", "met"),
        (("met", "partial"), True, "partially-implemented", "partial"),
        (("met", "not-met"), True, "partially-implemented", "not-met"),
        (("not-met", "not-met"), True, "not-implemented", "not-met"),
        (("partial", "not-met"), True, "partially-implemented", "not-met"),
        (("met", "not-applicable"), True, "implemented", "met"),
        (("not-met", "not-applicable"), True, "not-implemented", "not-met"),
        (("not-applicable", "not-applicable"), False, None, "not-applicable"),
        (("met", None), True, None, "met"),  # not "implemented" until every question is covered
        (("not-applicable", None), False, None, "not-applicable"),
        ((None, None), True, None, None),
    ],
)
def test_multi_question_controls_combine(content, statuses, applicable, status, summary):
    control = two_question_control(content)
    ids = qids(content, control)
    given = {q: answer(q, s) for q, s in zip(ids, statuses) if s}
    x = entry(content, engagement(answers=given), control)
    assert (x.applicable, x.status, x.answer_status) == (applicable, status, summary)
    if statuses[1] is None and statuses[0] == "met":
        assert x.coverage == f"Met {ids[0]}; not yet asked {ids[1]}." and ids[1] not in x.justification
        assert any("implementation status is not yet established" in p for p in x.problems)


@pytest.mark.parametrize(
    ("statuses", "summary"),
    [([], None), (["met"], "met"), (["met", "partial"], "partial"), (["partial", "not-met", "met"], "not-met"),
     (["not-applicable", "met"], "met"), (["not-applicable"], "not-applicable")],
)
def test_control_answer_status_is_the_worst(statuses, summary):
    assert control_answer_status(statuses) == summary


def test_draft_status_planned_for_unanswered_control_with_an_open_action():
    assert draft_status([], has_open_action=True) == "planned"
    assert draft_status([], has_open_action=False) is None


# --------------------------------------------------------------------------------------------
# The justification reads as prose for the client's SoA
# --------------------------------------------------------------------------------------------

DUE = dt.date(2024, 6, 30)
# "{R}" stands for the control's rationale (questionnaires/soa_rationale.yaml); the interviews' findings
# are the assessor's coverage note, never the client's justification.
JUSTIFICATIONS = [
    ("met", "A.2.3", dict(answers=answers(("A.2.3-q1", "met"))), "{R}", "Met A.2.3-q1."),
    ("partial", "A.2.3", dict(answers=answers(("A.2.3-q1", "partial"))), "{R}", "Partially met A.2.3-q1."),
    ("not met, action planned", "A.2.3",
     dict(answers=answers(("A.2.3-q1", "not-met")),
          actions=[action("Write the policy", control_id="A.2.3", owner="Dana", due=DUE)]),
     "{R} The treatment plan includes \u201cWrite the policy\u201d, owned by Dana and due 2024-06-30.",
     "Not met A.2.3-q1."),
    ("action in progress, no owner", "A.2.3",
     dict(answers=answers(("A.2.3-q1", "not-met")),
          actions=[action("Write the policy", question_id="A.2.3-q1", status="in-progress")]),
     "{R} The treatment plan includes \u201cWrite the policy\u201d, in progress.", "Not met A.2.3-q1."),
    ("two actions", "A.2.3",
     dict(answers=answers(("A.2.3-q1", "partial")),
          actions=[action("A", control_id="A.2.3", owner="Dana"), action("B", control_id="A.2.3", status="in-progress"),
                   action("C", control_id="A.2.3", status="done")]),
     "{R} The treatment plan includes \u201cA\u201d, owned by Dana. It also includes \u201cB\u201d, in progress.",
     "Partially met A.2.3-q1."),
    ("mixed answers", "A.6.2.4", dict(answers=answers(("A.6.2.4-q1", "met"), ("A.6.2.4-q2", "not-met"))),
     "{R}", "Met A.6.2.4-q1; not met A.6.2.4-q2."),
    ("met and not applicable", "A.6.2.4", dict(answers=answers(("A.6.2.4-q1", "met"), ("A.6.2.4-q2", "not-applicable"))),
     "{R}", "Met A.6.2.4-q1; not applicable A.6.2.4-q2."),
    ("one question unanswered", "A.6.2.4", dict(answers=answers(("A.6.2.4-q2", "partial"))),
     "{R}", "Partially met A.6.2.4-q2; not yet asked A.6.2.4-q1."),
    ("mitigated risk, evidence seen", "A.2.3",
     dict(risks=[risk("R-001", title="Biased outcomes", controls=["A.2.3"])], answers=answers(("A.2.3-q1", "met")),
          evidence=[evidence("Policy map", question_id="A.2.3-q1", state="seen"),
                    evidence("Minutes", question_id="A.2.3-q1", state="claimed")]),
     "{R} The AI risk assessment selected it to treat R-001 \u201cBiased outcomes\u201d. In place: \u201cPolicy map\u201d.",
     "Met A.2.3-q1."),
    ("other treatment", "A.2.3",
     dict(risks=[risk("R-002", title="Vendor outage (cloud)", controls=["A.2.3"], treatment="transfer"),
                 risk("R-003", title="Misuse", controls=["A.2.3"], treatment="accept", acceptance_reason="ok"),
                 risk("R-004", title="Leak", controls=["A.2.3"], treatment="transfer")]),
     "{R} It also bears on the transferred risks R-002 \u201cVendor outage (cloud)\u201d and R-004 \u201cLeak\u201d "
     "and the accepted risk R-003 \u201cMisuse\u201d.", "Not yet asked A.2.3-q1."),
    ("proposed exclusion", "A.2.3",
     dict(answers={"A.2.3-q1": answer("A.2.3-q1", "not-applicable", notes="No other policies apply.")}),
     "Proposed for exclusion: the interviews found \u201cAlignment with other organizational policies\u201d "
     "not applicable to this scope. Interview notes: \u201cNo other policies apply.\u201d.", "Not applicable A.2.3-q1."),
    ("high-risk system the Act reaches", "A.6.2.8",
     dict(systems=[system("s1", "high", name="Pricing model", role="developer", eu_act_reach="yes")],
          answers=answers(("A.6.2.8-q1", "met"), ("A.6.2.8-q2", "met"), ("A.6.2.8-q3", "met"))),
     "{R} For the high-risk Pricing model it supports Article 12 of the EU AI Act, on record-keeping.",
     "Met A.6.2.8-q1, A.6.2.8-q2 and A.6.2.8-q3."),
    ("high-risk system, reach not yet known", "A.6.2.8",
     dict(systems=[system("s1", "high", name="Pricing model", role="developer")]),
     "{R} Where the EU AI Act applies to the high-risk Pricing model, to be confirmed, it supports Article 12 of the "
     "Act, on record-keeping.", "Not yet asked A.6.2.8-q1, A.6.2.8-q2 and A.6.2.8-q3."),
    ("high-risk system the Act does not reach", "A.6.2.8",
     dict(systems=[system("s1", "high", name="Pricing model", role="developer", eu_act_reach="no")]),
     "{R}", "Not yet asked A.6.2.8-q1, A.6.2.8-q2 and A.6.2.8-q3."),
]


@pytest.mark.parametrize(("case", "control", "given", "expected", "coverage"), JUSTIFICATIONS,
                         ids=[c[0] for c in JUSTIFICATIONS])
def test_drafted_justification_sentences(content, case, control, given, expected, coverage):
    assert set(given.get("answers", {})) <= set(qids(content, control))  # the case names real questions
    x = entry(content, engagement(**given), control)
    expected = expected.replace("{R}", content.soa_rationale(control))
    assert x.justification == expected
    assert x.draft["justification"] == expected
    assert x.coverage == coverage


@pytest.mark.parametrize(("case", "control", "given", "expected", "coverage"), JUSTIFICATIONS,
                         ids=[c[0] for c in JUSTIFICATIONS])
def test_open_points_stay_out_of_every_justification(content, case, control, given, expected, coverage):
    for x in draft_soa(content, engagement(**given)):
        assert "To resolve" not in x.justification and "Interview:" not in x.justification
        assert "set one" not in x.justification and "the assessor must" not in x.justification
        for problem in x.problems:
            assert problem not in x.justification


# --------------------------------------------------------------------------------------------
# Owner and evidence
# --------------------------------------------------------------------------------------------


def test_single_owner_is_proposed_an_open_action_owner_beats_a_risk_owner(content):
    one = engagement(risks=[risk("R-001", controls=["A.7.4"], owner="Head of Data")],
                     actions=[action("a", control_id="A.7.4", owner="Head of Data")])
    assert entry(content, one, "A.7.4").owner == "Head of Data"
    two = engagement(risks=[risk("R-001", controls=["A.7.4"], owner="Head of Data")],
                     actions=[action("a", control_id="A.7.4", owner="CTO")])
    assert entry(content, two, "A.7.4").owner == "CTO"


OWNERS = [
    ("nobody named", dict(), ""),
    ("most urgent open action first",
     dict(actions=[action("low", control_id="A.7.4", owner="Low", priority="low"),
                   action("high", control_id="A.7.4", owner="High", priority="high")],
          risks=[risk("R-001", controls=["A.7.4"], owner="Risk owner")]), "High"),
    ("earlier due date among equal priorities",
     dict(actions=[action("late", control_id="A.7.4", owner="Late", due=dt.date(2024, 9, 1)),
                   action("soon", control_id="A.7.4", owner="Soon", due=dt.date(2024, 5, 1))]), "Soon"),
    ("action without an owner, done action ignored",
     dict(actions=[action("nobody", control_id="A.7.4"), action("done", control_id="A.7.4", owner="Old",
                                                               status="done")],
          risks=[risk("R-001", controls=["A.7.4"], owner="Risk owner")]), "Risk owner"),
    ("owner of most mitigated risks",
     dict(risks=[risk("R-001", 5, 5, controls=["A.7.4"], owner="Ana"), risk("R-002", controls=["A.7.4"], owner="Ben"),
                 risk("R-003", controls=["A.7.4"], owner="Ben")]), "Ben"),
    ("tie: highest-scored risk",
     dict(risks=[risk("R-001", 2, 2, controls=["A.7.4"], owner="Ana"),
                 risk("R-002", 4, 4, controls=["A.7.4"], owner="Ben")]), "Ben"),
    ("mitigated risks before other treatments",
     dict(risks=[risk("R-001", 5, 5, controls=["A.7.4"], owner="Ana", treatment="transfer"),
                 risk("R-002", 1, 1, controls=["A.7.4"], owner="Ben")]), "Ben"),
    ("only a transferred risk", dict(risks=[risk("R-001", controls=["A.7.4"], owner="Ana", treatment="transfer")]),
     "Ana"),
]


@pytest.mark.parametrize(("case", "given", "expected"), OWNERS, ids=[c[0] for c in OWNERS])
def test_draft_owner(content, case, given, expected):
    x = entry(content, engagement(**given), "A.7.4")
    assert x.owner == expected and x.draft["owner"] == expected
    mine = engagement(**given, overrides=[override("A.7.4", owner="CISO")])
    y = entry(content, mine, "A.7.4")
    assert (y.owner, y.draft["owner"], y.edited) == ("CISO", expected, ["owner"])


def test_evidence_from_the_control_its_questions_and_the_override(content):
    qid = qids(content, "A.7.4")[0]
    e = engagement(
        evidence=[evidence("Data quality procedure v2", question_id=qid, state="seen"),
                  evidence("Data lineage diagram", control_id="A.7.4", state="seen"),
                  evidence("Unrelated", control_id="A.2.2", state="seen")],
        overrides=[override("A.7.4", evidence="Data steward RACI; Data lineage diagram")],
    )
    x = entry(content, e, "A.7.4")
    assert x.evidence == ["Data lineage diagram", "Data quality procedure v2", "Data steward RACI"]
    assert x.draft["evidence"] == ["Data lineage diagram", "Data quality procedure v2"]
    assert "evidence" in x.edited


def test_evidence_only_claimed_says_so_and_seen_once_counts_as_seen(content):
    q1, q2 = qids(content, "A.7.4")[:2]
    e = engagement(evidence=[evidence("Data quality procedure", question_id=q1, state="claimed"),
                             evidence("Lineage diagram", question_id=q1, state="claimed", id="ev-a"),
                             evidence("Lineage diagram", question_id=q2, state="seen", id="ev-b")],
                   overrides=[override("A.7.4", evidence="Data quality procedure")])
    x = entry(content, e, "A.7.4")
    assert x.evidence == ["Data quality procedure (claimed, not seen)", "Lineage diagram"]


# --------------------------------------------------------------------------------------------
# The assessor's edits win
# --------------------------------------------------------------------------------------------


def test_each_override_field_wins_and_the_draft_is_kept(content):
    control = single_question_control(content)
    (qid,) = qids(content, control)
    e = engagement(
        risks=[risk("R-001", controls=[control])],
        answers=answers((qid, "not-met")),
        overrides=[override(control, reasons=["legal-contractual"], justification="Contract clause 7 requires it.",
                            status="planned", owner="CISO")],
    )
    x = entry(content, e, control)
    assert (x.reasons, x.justification, x.status, x.owner) == (
        ["legal-contractual"], "Contract clause 7 requires it.", "planned", "CISO")
    assert x.edited == ["reasons", "justification", "status", "owner"]
    assert x.draft["status"] == "not-implemented" and x.draft["reasons"] == ["risk-assessment"]
    assert "R-001" in x.draft["justification"]


def test_override_exclusion_needs_its_own_reason_and_clashes_with_mitigated_risks(content):
    e = engagement(risks=[risk("R-001", controls=["A.7.4"])], overrides=[override("A.7.4", applicable=False)])
    x = entry(content, e, "A.7.4")
    assert not x.applicable and x.status is None and x.edited == ["applicable"]
    assert any("without the assessor's reason" in p for p in x.problems)
    assert any("R-001 relies on it" in p for p in x.problems)


def test_including_a_drafted_exclusion_needs_a_status(content):
    control = single_question_control(content)
    (qid,) = qids(content, control)
    e = engagement(answers=answers((qid, "not-applicable")), overrides=[override(control, applicable=True)])
    x = entry(content, e, control)
    assert x.applicable and x.reasons == ["best-practice"] and x.draft["applicable"] is False
    assert any("implementation status is not yet established" in p for p in x.problems)


def test_empty_reasons_override_is_a_problem(content):
    e = engagement(overrides=[override("A.2.2", reasons=[], status="implemented")])
    assert any("no reason for inclusion" in p for p in entry(content, e, "A.2.2").problems)


def test_exclusion_keeping_the_drafted_inclusion_text_is_a_problem(content):
    """The QA case: a reason typed in front of the draft, which then goes into the client's SoA."""
    (qid,) = qids(content, "A.10.4")
    base = engagement(answers=answers((qid, "partial")))
    drafted = entry(content, base, "A.10.4").justification
    rationale = content.soa_rationale("A.10.4")
    assert drafted.startswith(rationale)
    for kept in (drafted, f"Excluded: no customers.{drafted}", "We sell nothing. Applicable as best practice: old",
                 f"We sell nothing. {rationale}"):
        e = engagement(answers=answers((qid, "partial")),
                       overrides=[override("A.10.4", applicable=False, justification=kept)])
        x = entry(content, e, "A.10.4")
        assert any("still carries the drafted text" in p for p in x.problems), kept
        assert any("A.10.4" in b and "drafted text" in b for b in soa_blockers(content, e))
    own = engagement(answers=answers((qid, "partial")),
                     overrides=[override("A.10.4", applicable=False, justification="We sell no AI products.")])
    assert entry(content, own, "A.10.4").problems == []


def test_a_drafted_exclusion_may_keep_its_sentence_with_the_assessors_reason_added(content):
    """QA: the draft proposed excluding A.10.4 (interviews: not applicable); the assessor added their
    reason after the drafted sentence and was refused."""
    (qid,) = qids(content, "A.10.4")
    base = engagement(answers=answers((qid, "not-applicable")))
    drafted = entry(content, base, "A.10.4")
    assert not drafted.applicable and drafted.justification
    added = engagement(answers=answers((qid, "not-applicable")), overrides=[override(
        "A.10.4", applicable=False, justification=drafted.justification + " We sell no AI products or services.")])
    assert not any("drafted text" in p for p in entry(content, added, "A.10.4").problems)
    unchanged = engagement(answers=answers((qid, "not-applicable")), overrides=[override(
        "A.10.4", applicable=False, justification=drafted.justification)])
    assert any("drafted text" in p for p in entry(content, unchanged, "A.10.4").problems)


def test_risk_assessment_reason_needs_a_linked_risk(content):
    e = engagement(overrides=[override("A.2.2", reasons=["risk-assessment"], status="implemented")])
    x = entry(content, e, "A.2.2")
    assert any("no risk in the register links it" in p for p in x.problems)
    assert any(b.startswith("A.2.2 gives the risk assessment") for b in soa_blockers(content, e))
    linked = engagement(risks=[risk("R-001", controls=["A.2.2"], treatment="transfer")],
                        overrides=[override("A.2.2", reasons=["risk-assessment"], status="implemented", owner="CISO",
                                            evidence="AI policy v2")])
    assert entry(content, linked, "A.2.2").problems == []
    # The draft itself never gives this reason without a (mitigated) risk.
    assert not any("links it" in b for b in soa_blockers(content, engagement()))


# --------------------------------------------------------------------------------------------
# EU AI Act obligations: legal-contractual
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "role", "in_scope", "control", "reasons"),
    [
        ("high", "developer", True, "A.6.2.8", ["legal-contractual"]),
        ("high", "provider", True, "A.6.2.7", ["legal-contractual"]),
        ("high", "deployer", True, "A.9.4", ["legal-contractual"]),
        ("high", "user", True, "A.6.2.6", ["legal-contractual"]),
        ("high", "deployer", True, "A.6.2.7", ["best-practice"]),  # technical documentation: the provider's duty
        ("high", "developer", True, "A.9.4", ["best-practice"]),
        ("high", "importer", True, "A.6.2.8", ["best-practice"]),
        ("high", "developer", False, "A.6.2.8", ["best-practice"]),  # out of scope
        ("limited", "developer", True, "A.6.2.8", ["best-practice"]),
        ("unknown", "developer", True, "A.6.2.8", ["best-practice"]),
        ("high", "developer", True, "A.2.2", ["best-practice"]),
    ],
)
def test_high_risk_system_makes_mapped_controls_legal_contractual(content, tier, role, in_scope, control, reasons):
    e = engagement(systems=[system("s1", tier, name="Pricing model", role=role, in_scope=in_scope)])
    x = entry(content, e, control)
    assert x.applicable and x.reasons == reasons and x.draft["reasons"] == reasons
    assert ("EU AI Act" in x.justification) == (reasons == ["legal-contractual"])


def test_every_mapped_control_exists(content):
    for side in AI_ACT_HIGH_RISK_OBLIGATIONS.values():
        assert set(side) <= set(content.structure.controls)


def test_legal_reason_joins_the_risk_reason_and_names_each_system(content):
    e = engagement(systems=[system("s2", "high", name="Underwriting", role="deployer", eu_act_reach="yes"),
                            system("s3", "high", name="Claims triage", role="user", eu_act_reach="yes"),
                            system("s4", "high", name="Chat", role="user", eu_act_reach="no"),
                            system("s1", "high", name="Pricing", role="developer")],
                   risks=[risk("R-001", title="Drift", controls=["A.6.2.6"])])
    x = entry(content, e, "A.6.2.6")
    assert x.reasons == ["risk-assessment", "legal-contractual"]
    assert x.justification == (
        f"{content.soa_rationale('A.6.2.6')} The AI risk assessment selected it to treat R-001 \u201cDrift\u201d. "
        "For the high-risk Claims triage and Underwriting it supports Article 26 of the EU AI Act, on monitoring the "
        "system's operation. Where the EU AI Act applies to the high-risk Pricing, to be confirmed, it supports "
        "Article 72 of the Act, on post-market monitoring.")
    assert ("A.6.2.6 gives the EU AI Act as a legal reason, but whether the Act reaches \u201cPricing\u201d is not "
            "yet confirmed: record the system's EU AI Act reach in the inventory.") in x.problems


@pytest.mark.parametrize(("reach", "reasons"), [("yes", ["legal-contractual"]), ("unknown", ["legal-contractual"]),
                                                ("no", ["best-practice"])])
def test_legal_reason_only_from_systems_the_act_may_reach(content, reach, reasons):
    """Issue 13: a UK-only scope cited EU articles with no basis."""
    e = engagement(systems=[system("s1", "high", name="Pricing", role="developer", eu_act_reach=reach)])
    x = entry(content, e, "A.6.2.7")
    assert x.reasons == reasons
    assert ("EU AI Act" in x.justification) == (reach != "no")
    assert ("to be confirmed" in x.justification) == (reach == "unknown")
    assert any("whether the Act reaches \u201cPricing\u201d" in p for p in x.problems) == (reach == "unknown")


def test_legal_obligation_outweighs_a_not_applicable_answer_until_the_assessor_settles_it(content):
    e = engagement(systems=[system("s1", "high", name="Pricing", role="developer")],
                   answers=answers(("A.6.2.8-q1", "not-applicable")))
    x = entry(content, e, "A.6.2.8")
    assert x.applicable and x.reasons == ["legal-contractual"]
    assert "A.6.2.8-q1" not in x.justification
    assert any(p.startswith("A.6.2.8: the interviews marked it not applicable") for p in x.problems)
    excluded = e.model_copy(update={"soa_overrides": {"A.6.2.8": override(
        "A.6.2.8", applicable=False, justification="The pricing model writes no logs of its own: the platform does.")}})
    y = entry(content, excluded, "A.6.2.8")
    assert not y.applicable and y.reasons == [] and y.problems == []
    assert entry(content, engagement(
        systems=[system("s1", "high", role="developer")],
        overrides=[override("A.6.2.8", reasons=["best-practice"])]), "A.6.2.8").reasons == ["best-practice"]


# --------------------------------------------------------------------------------------------
# Blockers
# --------------------------------------------------------------------------------------------


def test_blockers_list_entry_problems_then_appetite_breaches(content):
    e = engagement(
        systems=[system("s1", "high")],
        risks=[risk("R-002", 3, 4, treatment="accept"), risk("R-001", 3, 1, treatment="accept", system_id="s1")],
    )
    blockers = soa_blockers(content, e)
    assert len([b for b in blockers if "implementation status is not yet established" in b]) == 38
    assert [b.split()[0] for b in blockers[-2:]] == ["R-001", "R-002"]


def test_a_settled_soa_has_no_blockers(content):
    e = engagement(
        answers={q.id: answer(q.id, "met") for q in content.questions},
        risks=[risk("R-001", 5, 5, treatment="accept", acceptance_reason="Insured; board minute 2024-02")],
        overrides=[override(c, owner="CISO", evidence=f"Record of {c}") for c in content.structure.controls],
    )
    assert soa_blockers(content, e) == []
    assert all(x.status == "implemented" and x.final for x in draft_soa(content, e))


# --------------------------------------------------------------------------------------------
# Issue 13: blank owner or evidence are open items, named per control
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "owner", "evidence", "expected"), [
    ("met", "", "", ["A.2.3 has no owner: name the person accountable for it.",
                     "A.2.3 is reported in place but lists no evidence: list the documents or records that show it."]),
    ("partial", "CISO", "", ["A.2.3 is reported in place but lists no evidence: list the documents or records that "
                             "show it."]),
    ("not-met", "", "", ["A.2.3 has no owner: name the person accountable for it."]),  # nothing in place to show
    ("met", "CISO", "Policy map", []),
])
def test_blank_owner_or_evidence_is_an_open_item(content, status, owner, evidence, expected):
    given = [override("A.2.3", **{k: v for k, v in (("owner", owner), ("evidence", evidence)) if v})]
    x = entry(content, engagement(answers=answers(("A.2.3-q1", status)), overrides=given), "A.2.3")
    assert x.problems == expected
    excluded = engagement(overrides=[override("A.2.3", applicable=False, justification="We have no other policies.")])
    assert entry(content, excluded, "A.2.3").problems == []


def test_a_provisional_status_is_an_open_item_until_the_rest_is_asked(content):
    q1, q2 = qids(content, "A.6.2.4")
    named = override("A.6.2.4", owner="QA lead", evidence="Test plan")
    x = entry(content, engagement(answers=answers((q1, "not-met")), overrides=[named]), "A.6.2.4")
    assert x.status == "not-implemented"
    assert x.problems == ["A.6.2.4: some of its questions are not yet asked, so its status is provisional "
                          "(see the interview coverage)."]
    assert entry(content, engagement(answers=answers((q1, "not-met"), (q2, "met")), overrides=[named]),
                 "A.6.2.4").problems == []
