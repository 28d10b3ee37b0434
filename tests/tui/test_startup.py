"""Start-up: the home list is drawn before pydantic and the questionnaires are loaded (when the
content cache is warm); opening an assessment waits for them; errors stay one line, exit 2."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from aims_tui.cli import main
from aims_tui.domain.content import ContentError
from aims_tui.store import Store
from aims_tui.tui.app import AimsApp, make_app
from aims_tui.tui.screens.home import HomeScreen


def test_warm_start_builds_the_app_without_pydantic(db_path, assessment, store):
    make_app(db_path)  # first start: validates the questionnaires and writes the cache
    code = textwrap.dedent(f"""
        import sys
        from aims_tui.tui.app import make_app
        app = make_app({str(db_path)!r})
        assert app._content is None and app.question_count > 100, app.question_count
        assert "pydantic" not in sys.modules and "yaml" not in sys.modules
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


async def test_opening_an_assessment_at_once_waits_for_the_content(db_path, assessment, content):
    make_app(db_path)  # warm the cache
    app = make_app(db_path)
    assert app._content is None
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert f"/{len(content.questions)}" in str(app.screen.table.get_row_at(0)[3])
        await pilot.press("enter")  # possibly before the warm-up thread is done
        await pilot.pause()
        assert type(app.screen).__name__ == "WalkerScreen"
        assert [q.id for q in app.content.questions] == [q.id for q in content.questions]
        assert f"Question 1/{len(content.questions)}" in str(app.screen.query_one("#q-position").render())
        await app.workers.wait_for_complete()


async def test_content_failing_in_the_background_exits_with_code_2(store, assessment):
    def broken():
        raise ContentError(["questionnaires/x.yaml:3: questions[0].id: required field is missing"])

    app = AimsApp(store, broken, question_count=134)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.content_error == "aims: error: questionnaires/x.yaml:3: questions[0].id: required field is missing"


def test_bad_database_is_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 10)
    assert main(["--db", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("aims: error: ") and "not an aims database" in err


def test_invalid_user_questionnaire_is_one_line_and_exit_2_even_with_a_warm_cache(
        tmp_path, capsys, monkeypatch, _isolated_data_dir):
    db = tmp_path / "x.db"
    Store.open(db).close()
    make_app(db)  # warm cache for the built-in content
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "bad.yaml").write_text("questionnaire: {id: bad, title: Bad}\nquestions:\n  - id: q1\n",
                                   encoding="utf-8")
    monkeypatch.setenv("AIMS_QUESTIONNAIRES", str(mine))
    assert main(["--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("aims: error: ") and "bad.yaml:3" in err


async def test_the_home_list_is_read_once_at_start_and_not_at_all_under_an_assessment_opened_at_once(
        db_path, store, assessment, content, monkeypatch):
    reads = []
    list_assessments = Store.list_assessments
    monkeypatch.setattr(Store, "list_assessments",
                        lambda self, **kw: reads.append(kw) or list_assessments(self, **kw))
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.table.row_count == 1
        assert len(reads) == 1  # it was read (and 3,000 cells laid out for 500 assessments) twice
    reads.clear()
    app = make_app(db_path, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WalkerScreen"
        assert reads == []
        await pilot.press("escape")  # back to the list: read now
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.table.row_count == 1
        assert len(reads) == 1
