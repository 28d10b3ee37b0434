"""Issue 13: the SoA a partner signs as is, read back from the Word file. Justifications are the
client's text (no question ids, none alike, no nested brackets, no interview coverage); the coverage
is the assessor's appendix; blank owner or evidence cells are open items, never silently blank."""

from __future__ import annotations

import re
from datetime import date

import pytest

from aims_tui.demo import write_demo
from aims_tui.domain.soa import TO_BE_LISTED, TO_BE_NAMED
from aims_tui.exports import write_soa_docx
from docx_reader import find_table, open_docx, rows

QUESTION_ID = re.compile(r"\b\d+(\.\d+)+-q\d+\b|\bA\.\d+(\.\d+)+-q")
COVERAGE = re.compile(r"interview|not yet (covered|asked)|did not cover|partially met|partly in place", re.I)
OPENING, CLOSING = "([{", ")]}"


def nesting(text: str) -> int:
    """The deepest bracket nesting in ``text``."""
    depth = deepest = 0
    for ch in text:
        if ch in OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in CLOSING:
            depth = max(depth - 1, 0)
    return deepest


def _demo(store, content):
    return store.engagement(write_demo(store, content, today=date(2026, 11, 2)))


def _minimal(store, content):
    aid = store.create_assessment("Small Co (trading as Smallco)", "One chatbot", assessors=["A. Assessor"],
                                  matrix=content.scales.default_matrix()).id
    return store.engagement(aid)


def _minimal_with_a_high_risk_system(store, content):
    aid = store.create_assessment("Small Co", "Pricing", assessors=["A. Assessor"],
                                  matrix=content.scales.default_matrix()).id
    store.add_system(aid, name="Pricing (v2)", tier="high", role="developer")
    return store.engagement(aid)


ENGAGEMENTS = {"demo": _demo, "minimal": _minimal, "minimal, high-risk system": _minimal_with_a_high_risk_system}


@pytest.fixture(params=list(ENGAGEMENTS))
def soa_rows(request, store, content, tmp_path):
    engagement = ENGAGEMENTS[request.param](store, content)
    document = open_docx(write_soa_docx(engagement, content, tmp_path))
    table = find_table(document, "Control")
    control_rows = [r for r in rows(table)[1:] if len(r) > 1 and r[0] != r[1]]
    assert [r[0] for r in control_rows] == content.structure.controls
    return document, control_rows


def test_justifications_carry_no_question_id_no_nested_brackets_and_none_alike(soa_rows):
    _, control_rows = soa_rows
    justifications = [r[4] for r in control_rows]
    for control, text in zip((r[0] for r in control_rows), justifications):
        assert not QUESTION_ID.search(text), (control, text)
        assert nesting(text) <= 1, (control, text)
        assert "no risk in the register" not in text
    assert len(set(justifications)) == len(justifications)


def test_interview_coverage_is_the_assessors_appendix_not_the_justification(soa_rows, content):
    document, control_rows = soa_rows
    for r in control_rows:
        if r[2] == "Yes":
            assert not COVERAGE.search(r[4]), (r[0], r[4])
    appendix = rows(find_table(document, "Control", nth=1))
    assert appendix[0] == ["Control", "Interview coverage"]
    assert [r[0] for r in appendix[1:]] == content.structure.controls
    assert all(QUESTION_ID.search(r[1]) for r in appendix[1:])  # where the question ids belong


def test_blank_owner_or_evidence_is_an_open_item(soa_rows):
    document, control_rows = soa_rows
    open_items = rows(find_table(document, "To resolve"))[1:]
    def listed(control: str, words: str) -> bool:
        return any(words in problem.lower() and control in controls.split(" (")[0].split(", ")
                   for problem, controls in open_items)
    for r in control_rows:
        control, applicable, owner, evidence = r[0], r[2], r[7], r[8]
        assert owner and evidence  # never silently blank
        if applicable == "Yes" and owner == TO_BE_NAMED:
            assert listed(control, "no owner"), control
        if evidence == TO_BE_LISTED:
            assert listed(control, "no evidence") or listed(control, "status is not yet established"), control
