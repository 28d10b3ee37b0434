"""Make the README screenshots: the demo engagement, driven headless through the real app.

    python docs/screenshots/make_screenshots.py [OUT_DIR]

Builds the fictional Fenwick & Hale Mutual engagement (``aims demo``) into a temporary database
with a fixed date, so every run draws the same screens, then presses the same keys a consultant
would (Enter on the home list, F3-F7 for the sections) and saves one SVG per screen into
``docs/screenshots/`` (or OUT_DIR): home, walker, risks, soa, dashboard, export.

Runs are repeatable except for the assessment id on the home screen, which is random.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # run from a checkout without installing

from aims_tui.demo import write_demo  # noqa: E402
from aims_tui.domain.content_files import load_content  # noqa: E402
from aims_tui.locations import builtin_questionnaires_dir  # noqa: E402
from aims_tui.store import Store  # noqa: E402
from aims_tui.tui.app import make_app  # noqa: E402

TODAY = date(2026, 11, 23)
SIZE = (120, 36)


def pick_question(store: Store, assessment_id: str, content) -> str:
    """The first question (in walking order) answered partially with notes and evidence:
    the walker at its most telling."""
    answers = store.answers(assessment_id)
    with_evidence = {e.question_id for e in store.evidence(assessment_id)}
    fallback = None
    for q in content.questions:
        a = answers.get(q.id)
        if a is None or not a.notes:
            continue
        fallback = fallback or q.id
        if a.status == "partial" and q.id in with_evidence:
            return q.id
    return fallback or content.questions[0].id


async def shoot(db: Path, out: Path) -> list[Path]:
    content = load_content(builtin_questionnaires_dir())
    with Store.open(db, actor="Alex Morgan (Demo Consulting)") as store:
        return await drive(store, content, db, out)


async def drive(store: Store, content, db: Path, out: Path) -> list[Path]:
    assessment_id = write_demo(store, content, today=TODAY)
    db.parent.joinpath("exports").mkdir(exist_ok=True)
    question_id = pick_question(store, assessment_id, content)
    app = make_app(db, store=store, content=content)
    written: list[Path] = []

    async with app.run_test(size=SIZE) as pilot:

        async def settle() -> None:
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()

        def save(name: str) -> None:
            path = app.save_screenshot(f"{name}.svg", str(out))
            written.append(Path(path))

        await settle()
        save("home")

        await pilot.press("enter")  # open the assessment: the questionnaire walker
        await settle()
        await pilot.press("g")  # go to a question answered with notes
        await settle()
        await pilot.press(*question_id)
        await pilot.press("enter")
        await settle()
        save("walker")

        for key, name in (("f4", "risks"), ("f5", "soa"), ("f6", "dashboard")):
            await pilot.press(key)
            await settle()
            save(name)

        await pilot.press("f7")  # export the gap report and the SoA into ./exports of the temporary folder
        await settle()
        # Clicks, not tabs: the focus order changes whenever the form gains a field or a button.
        await pilot.click("#export-out")
        await pilot.press("end", "ctrl+u", *"exports")
        for button in ("#export-report", "#export-soa-docx"):
            await pilot.click(button)
            await app.workers.wait_for_complete()
            await settle()
        save("export")

        await pilot.press("ctrl+q")
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[1]).resolve() if len(argv) > 1 else HERE
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aims-screenshots-") as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)  # the app shows the database path: keep it short and the same on every run
        try:
            written = asyncio.run(shoot(Path("demo.db"), out))
        finally:
            os.chdir(cwd)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
