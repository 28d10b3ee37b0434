"""The Export screen offers, per engagement file, the folder its last export went to (issue 16):
remembered in a small state file on this machine, never in the engagement file; a corrupt state
file is ignored."""

from __future__ import annotations

from aims_tui import locations, user_state
from aims_tui.store import Store
from aims_tui.tui.app import make_app
from aims_tui.tui.screens.export import ExportScreen


async def export_to(db_path, assessment_id: str, folder=None) -> str:
    """Open the Export screen of ``db_path``; export the SoA .csv to ``folder`` if given. Returns
    the folder the screen offered on opening."""
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_assessment(assessment_id, "export")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        offered = screen.out_input.value
        if folder is not None:
            screen.out_input.value = str(folder)
            screen.query_one("#export-report").focus()
            await pilot.press("c")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [error for _, _, error in screen.results] == [None]
    return offered


async def test_the_last_export_folder_is_offered_again_for_that_file_only(store, assessment, db_path, content,
                                                                          tmp_path):
    default = str(locations.exports_dir())
    folder = tmp_path / "client exports"
    folder.mkdir()
    assert await export_to(db_path, assessment.id, folder) == default
    assert await export_to(db_path, assessment.id) == str(folder.resolve())

    other_db = tmp_path / "other.db"
    with Store.open(other_db, actor="Test Assessor") as other:
        other_id = other.create_assessment("Globex", "scope", matrix=content.scales.default_matrix()).id
    assert await export_to(other_db, other_id) == default
    assert str(folder.resolve()) not in db_path.read_bytes().decode("latin-1")  # not in the engagement file


async def test_a_corrupt_state_file_is_ignored_and_replaced(store, assessment, db_path, tmp_path):
    state = locations.state_dir() / user_state.STATE_FILE
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text('{"export_folders": ["not", "a", "map"', encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    assert await export_to(db_path, assessment.id, folder) == str(locations.exports_dir())
    assert await export_to(db_path, assessment.id) == str(folder.resolve())


def test_a_remembered_folder_that_is_gone_is_not_offered(db_path, tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    user_state.remember_export_folder(db_path, folder)
    assert user_state.export_folder(db_path) == folder.resolve()
    folder.rmdir()
    assert user_state.export_folder(db_path) is None
