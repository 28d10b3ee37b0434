"""SPEC R12 (issue 11, two TUIs on one file), the store's part: a write based on a stale read is
refused, saying who changed what meanwhile, and a view can tell that the file changed."""

from __future__ import annotations

import pytest

from aims_tui.store import StaleWriteError, Store

pytestmark = pytest.mark.both_kinds


@pytest.fixture
def two_windows(db_path, store, assessment, passphrase):
    other = Store.open(db_path, actor="Bob", passphrase=passphrase)  # a second TUI (or the CLI) on the same file
    yield store, other, assessment.id
    other.close()


def test_a_stale_answer_never_overwrites_a_newer_one(two_windows):
    mine, other, aid = two_windows
    mine.set_answer(aid, "5.2-q1", status="partial")
    seen = mine.answer(aid, "5.2-q1")  # what my screen shows
    other.set_answer(aid, "5.2-q1", status="met", notes="checked with the CISO")
    with pytest.raises(StaleWriteError, match=r"5.2-q1: the answer was changed by Bob at .* \(now met\)") as info:
        mine.set_answer(aid, "5.2-q1", seen=seen, status="not-met")
    assert info.value.current.status == "met"
    assert mine.answer(aid, "5.2-q1").status == "met"
    mine.set_answer(aid, "5.2-q1", seen=info.value.current, status="not-met")  # after looking again
    assert other.answer(aid, "5.2-q1").status == "not-met"


def test_an_answer_made_meanwhile_on_an_unanswered_question_is_not_overwritten(two_windows):
    mine, other, aid = two_windows
    other.set_answer(aid, "6.1.2-q1", status="met")
    with pytest.raises(StaleWriteError):
        mine.set_answer(aid, "6.1.2-q1", seen=None, status="partial")
    assert mine.answer(aid, "6.1.2-q1").status == "met"


def test_stale_notes_never_overwrite_newer_notes(two_windows):
    mine, other, aid = two_windows
    mine.save_note_draft(aid, "4.1-q1", "first words")
    other.save_note_draft(aid, "4.1-q1", "Bob's better words")
    with pytest.raises(StaleWriteError, match="notes"):
        mine.save_note_draft(aid, "4.1-q1", "first words, extended", seen_notes="first words")
    assert mine.note_draft(aid, "4.1-q1") == "Bob's better words"
    mine.save_note_draft(aid, "4.1-q1", "merged by hand", seen_notes="Bob's better words")
    assert other.note_draft(aid, "4.1-q1") == "merged by hand"


def test_change_count_tells_a_view_the_file_changed(two_windows):
    mine, other, aid = two_windows
    before = mine.change_count()
    other.set_answer(aid, "4.2-q1", status="met")  # e.g. 'aims answer' from a script
    assert mine.change_count() > before
