"""Every section's header at 80 columns says where you are, whole, even for a long organisation name,
an internal audit or a read-only file (issue 16): the organisation is cut instead."""

from __future__ import annotations

import pytest

from aims_tui.store import Store, open_read_only
from aims_tui.tui.app import make_app

ORG = "Northern Regional Health Data Trust Ltd."  # 40 characters
SECTIONS = {"scope": "Scope", "questionnaire": "Questionnaire", "risks": "Risks", "soa": "SoA",
            "dashboard": "Dashboard", "export": "Export", "audit": "Internal audit"}


def header_text(app) -> str:
    """The header's title as drawn, cut where the terminal cuts it."""
    title = app.screen.query_one("HeaderTitle")
    return title.render_line(0).text.strip()


CASES = pytest.mark.parametrize("kind, read_only", [("gap", False), ("internal-audit", True)])


async def headers_at_80_columns(db_path, content, kind: str, read_only: bool, sections) -> dict[str, str]:
    """The header each section draws at 80×24 for an assessment of ORG."""
    with Store.open(db_path) as store:
        aid = store.create_assessment(ORG, "AI systems", kind=kind, matrix=content.scales.default_matrix()).id
    store = open_read_only(db_path) if read_only else Store.open(db_path)
    app = make_app(db_path, store=store, content=content, assessment_id=aid)
    seen = {}
    async with app.run_test(size=(80, 24)) as pilot:
        for section in sections:
            app.open_section(section)
            for _ in range(50):  # a loaded machine may take more than one turn to compose the header
                await pilot.pause()
                if app.screen.query("HeaderTitle"):
                    break
            seen[section] = header_text(app)
    store.close()
    return seen


def check(seen: dict[str, str], read_only: bool) -> None:
    title = "aims · read-only" if read_only else "aims"
    for section, text in seen.items():
        assert text.startswith(f"{title} — North") and text.endswith(f" · {SECTIONS[section]}"), (section, text)
        assert ORG in text or "…" in text  # the organisation gives way, only as much as needed


@CASES
async def test_every_section_header_names_its_section_whole_at_80_columns(db_path, content, kind, read_only):
    assert len(ORG) == 40
    seen = await headers_at_80_columns(db_path, content, kind, read_only,
                                       [s for s in SECTIONS if s != "questionnaire"])
    check(seen, read_only)
    if not read_only:
        assert seen["scope"] == f"aims — {ORG} · Scope"


@CASES
async def test_the_questionnaire_header_names_it_whole_at_80_columns(db_path, content, kind, read_only):
    check(await headers_at_80_columns(db_path, content, kind, read_only, ["questionnaire"]), read_only)


async def test_a_wide_terminal_shows_the_whole_name_of_the_soa(db_path, content):
    with Store.open(db_path) as store:
        aid = store.create_assessment(ORG, "AI systems", matrix=content.scales.default_matrix()).id
    with Store.open(db_path) as store:
        app = make_app(db_path, store=store, content=content, assessment_id=aid)
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_section("soa")
            await pilot.pause()
            assert header_text(app) == f"aims — {ORG} · Statement of Applicability"


async def test_a_header_is_fitted_again_when_the_terminal_is_resized(db_path, content):
    with Store.open(db_path) as store:
        aid = store.create_assessment(ORG, "AI systems", matrix=content.scales.default_matrix()).id
    app = make_app(db_path, content=content, assessment_id=aid)
    async with app.run_test(size=(140, 30)) as pilot:
        app.open_section("soa")
        await pilot.pause()
        assert header_text(app).endswith(f"{ORG} · Statement of Applicability")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        narrow = header_text(app)
        assert narrow.endswith(f"{ORG} · SoA")  # the short name, where the long one does not fit
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        assert header_text(app).endswith(f"{ORG} · Statement of Applicability")
