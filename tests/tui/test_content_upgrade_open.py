"""Opening an assessment answered with earlier questionnaires carries its answers forward (issue 12)."""

from __future__ import annotations

from aims_tui.store.content_upgrade import recorded_versions
from aims_tui.tui.app import make_app


async def test_opening_an_old_assessment_carries_split_answers_and_says_so(db_path, store, assessment, content):
    store.conn.execute("DELETE FROM content_versions WHERE assessment_id = ?", (assessment.id,))  # made before
    store.set_answer(assessment.id, "9.2.2-q1", status="met", notes="programme for 2026")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_assessment(assessment.id)
        await pilot.pause()
        assert any("9.2.2-q1 → 9.2.2-q4" in str(n.message) for n in app._notifications)
    carried = store.answer(assessment.id, "9.2.2-q4")
    assert carried.status == "met" and carried.notes.endswith("programme for 2026")
    assert recorded_versions(store, assessment.id) == {"clauses": 2, "annex-a": 2}
