"""When the garbage collector may run (aims_tui/tui/heap.py, tui/idle.py): held while the app starts and while a
key takes effect, the start-up heap collected once and frozen, everything given back at the end."""

from __future__ import annotations

import asyncio
import gc

import pytest

from aims_tui.tui.app import make_app
from aims_tui.tui.heap import SETTLE_AFTER_COLLECTIONS, Heap, held


@pytest.fixture(autouse=True)
def _collector_restored():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_held_stops_the_collector_in_its_block_and_restores_it_even_on_error():
    assert gc.isenabled()
    with held():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), held():
        raise ValueError("boom")
    assert gc.isenabled()


def test_settle_collects_freezes_and_lets_the_collector_run_again():
    heap = Heap()
    heap.hold()
    assert not gc.isenabled()
    garbage = []
    garbage.append(garbage)  # a cycle: only the collector frees it
    del garbage
    heap.settle()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    assert not heap.worth_settling()
    for _ in range(SETTLE_AFTER_COLLECTIONS):
        gc.collect(1)
    assert heap.worth_settling()
    heap.close()
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_collector_disabled_by_someone_else_stays_disabled():
    gc.disable()
    heap = Heap()
    heap.hold()
    heap.settle()
    assert not gc.isenabled()  # the heap only gives back what it took
    heap.close()
    assert not gc.isenabled()


async def test_the_app_holds_the_collector_while_a_key_takes_effect(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() > 0  # settled once the walker was up
        app.idle.KEY_HOLD = 60.0  # as if the keys went on
        await pilot.press("g")  # opens the go-to dialog
        assert type(app.screen).__name__ != "WalkerScreen"
        assert not gc.isenabled()
        app.idle.KEY_HOLD = 0.0  # the keys stopped
        await asyncio.sleep(app.idle.TICK * 3)
        await pilot.pause()
        assert gc.isenabled()  # released at the next tick
    assert gc.isenabled() and gc.get_freeze_count() == 0  # the app gave everything back
