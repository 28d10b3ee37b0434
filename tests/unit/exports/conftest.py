"""Fixtures for export tests: engagements built through the real Store, and a reader for .docx."""

from __future__ import annotations

import pytest

from export_builders import build


@pytest.fixture
def engagement(store, content):
    """A realistic engagement: 90% answered, 5 AI systems, 20 risks, actions, evidence, a finding."""
    return store.engagement(build(store, content, answer=0.9))


@pytest.fixture
def complete_engagement(store, content):
    """Every question answered, nothing blocking the SoA: the report is final, not a draft."""
    aid = store.create_assessment("Final Co", "Everything", assessors=["A. Assessor"],
                                  matrix=content.scales.default_matrix()).id
    for q in content.questions:
        store.set_answer(aid, q.id, status="met", maturity=4)
    for control in content.structure.controls:
        store.set_soa_override(aid, control, reasons=["best-practice"], owner="A. Owner", evidence=f"Record of {control}")
    return store.engagement(aid)
