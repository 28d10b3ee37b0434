"""What the walker reads from the store, and when (issue 16 review): one query per own write is
enough, and a change made in another window between two looks is never taken for its own."""

from __future__ import annotations

import sys

from test_walker import walker

from aims_tui.store import Store
from aims_tui.store.content_upgrade import bring_up_to_date
from aims_tui.tui.app import make_app


async def test_answering_asks_the_store_nothing_more_after_its_own_write(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        asked = []
        count = store.change_count

        def counted() -> int:  # the screen's look every 2 s for others' changes does not count
            if sys._getframe(1).f_code.co_name != "check_external_changes":
                asked.append(1)
            return count()

        store.change_count = counted
        await pilot.press("m", "3", "e", *"ok", "escape")
        await pilot.pause()
        assert asked == []
        assert walker(app).check_external_changes() is False  # its own writes are known
        assert store.answer(assessment.id, content.questions[0].id).notes == "ok"


async def test_a_change_made_elsewhere_just_before_an_own_write_is_still_read(store, content, assessment, db_path):
    first, second = content.questions[0].id, content.questions[1].id
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = walker(app)
        with Store.open(db_path, actor="Other Window") as other:
            other.set_answer(assessment.id, second, status="partial")
        await pilot.press("m")  # before the screen looked for changes
        await pilot.pause()
        assert screen.answers[first].status == "met"
        screen.check_external_changes()  # (the screen's own look every 2 s may have come first)
        assert screen.answers[second].status == "partial"  # not taken for part of its own write


async def test_on_mount_and_a_reread_show_the_same(store, content, assessment):
    first = content.questions[0].id
    store.save_note_draft(assessment.id, first, "draft before opening")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = walker(app)
        assert screen.notes.text == "draft before opening"
        assert screen._drafts == {first: "draft before opening"}


async def test_opening_reads_the_answers_once_and_returns_where_the_assessor_left_off(
        store, content, assessment, monkeypatch):
    first, fifth = content.questions[0].id, content.questions[4].id
    store.set_answer(assessment.id, fifth, status="met", interviewees=["Dana Ng"])
    store.set_answer(assessment.id, first, status="partial", interviewees=["Lee Park"])
    store.set_answer(assessment.id, fifth, notes="left off here")  # changed last
    bring_up_to_date(store, content, assessment.id)  # as on its first opening (reads them to stamp versions)
    reads = []
    answers = Store.answers
    monkeypatch.setattr(Store, "answers", lambda self, aid: reads.append(aid) or answers(self, aid))
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = walker(app)
        assert screen.current == fifth and app.session.interviewees == ["Dana Ng"]
        assert len(reads) == 1  # the engagement snapshot; resuming read them all once more
