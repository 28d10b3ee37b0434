"""``Store.last_write``: the audit trail's head before and after the last write transaction, so a
window knows whether anyone else wrote meanwhile without asking the file again."""

from __future__ import annotations

from aims_tui.store import Store


def test_last_write_spans_the_transaction_and_shows_a_write_from_elsewhere(store, content, assessment, db_path):
    first, second = content.questions[0].id, content.questions[1].id
    head = store.change_count()
    store.set_answer(assessment.id, first, status="met")
    assert store.last_write == (head, store.change_count())
    with store.transaction():
        store.set_answer(assessment.id, first, status="partial")
        store.set_answer(assessment.id, second, status="met")
    assert store.last_write == (head + 1, head + 3)
    with Store.open(db_path, actor="Other Window") as other:
        other.set_answer(assessment.id, second, status="not-met")
    store.set_answer(assessment.id, first, status="met")
    assert store.last_write == (head + 4, head + 5)  # one more than this window had seen


def test_a_write_that_changes_nothing_leaves_no_span(store, content, assessment):
    store.save_note_draft(assessment.id, content.questions[0].id, "")
    assert store.last_write is None

