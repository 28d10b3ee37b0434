"""The report's risk pages read back with python-docx (issue 13): each impact adjustment on its own
row, the EU AI Act's reach stated per system and no article cited where it reaches none, risk ids
and the appetite line in the heat map, bars without inner cell edges."""

from __future__ import annotations

import re

import pytest
from docx.oxml.ns import qn

from aims_tui.domain.risk import UNCONFIRMED
from aims_tui.exports import write_gap_report
from docx_reader import all_text, find_table, open_docx, rows, text_of

RAISED = "Impact 4, raised from 3: high-risk under the EU AI Act"


def _engagement(store, content, reaches):
    aid = store.create_assessment("Acme", "Scoring", matrix=content.scales.default_matrix()).id
    for i, reach in enumerate(reaches):
        name = f"System {reach}" + (f" {i}" if reaches.count(reach) > 1 else "")
        system = store.add_system(aid, name=name, tier="high", role="provider", eu_act_reach=reach,
                                  eu_act_basis={"yes": "placed on the EU market", "no": "UK customers only"}.get(
                                      reach, ""))
        store.add_risk(aid, title=f"Bias {reach}", likelihood=3, impact=3, system_id=system.id,
                       description="A long description. " * 5)
    store.set_answer(aid, content.questions[0].id, status="met")
    return store.engagement(aid)


def _report(store, content, tmp_path, reaches):
    return open_docx(write_gap_report(_engagement(store, content, reaches), content, tmp_path))


def _register(document):
    return [t for t in document.tables if rows(t)[0][:2] == ["Ref", "Risk"]][-1]  # after the top risks


def test_each_raised_impact_is_stated_on_its_row(store, content, tmp_path):
    document = _report(store, content, tmp_path, ["yes", "unknown", "no"])
    register = {r[0]: r for r in rows(_register(document))[1:]}
    by_title = {r[1].split("A long")[0]: r for r in register.values()}
    assert by_title["Bias yes"][1].endswith(RAISED) and by_title["Bias yes"][3] == "3×4 = 12 High"
    assert by_title["Bias unknown"][1].endswith(f"{RAISED} {UNCONFIRMED}")
    assert "raised" not in by_title["Bias no"][1] and by_title["Bias no"][3] == "3×3 = 9 Medium"
    top = find_table(document, "Ref")  # the executive summary's top risks come first
    assert any(r[1] == f"Bias yes{RAISED}" for r in rows(top)[1:])
    text = all_text(document)
    ref = by_title["Bias yes"][0]
    assert f"{ref}: {RAISED[0].lower()}{RAISED[1:]}" in text  # the heat map's note


def test_the_report_states_the_reach_and_its_basis_per_system(store, content, tmp_path):
    document = _report(store, content, tmp_path, ["yes", "unknown", "no"])
    assert rows(find_table(document, "AI system", nth=1))[1:] == [  # after the inventory
        ["System yes", "Yes", "placed on the EU market", "Provider"],
        ["System unknown", "Not yet confirmed", "–", "Provider"],
        ["System no", "No", "UK customers only", "–"]]
    text = all_text(document)
    assert "The Act does not reach System no: no tier floor applies to its risks" in text
    assert "Open point: confirm whether the Act reaches System unknown" in text


def test_no_article_and_no_raise_where_the_act_reaches_no_system(store, content, tmp_path):
    text = all_text(_report(store, content, tmp_path, ["no", "no"]))
    assert not re.search(r"\bArt(icle|\.)\s*\d", text)
    assert "raised from" not in text and "The Act does not reach System no 0 and System no 1" in text


def _heat_map(document):
    return next(t for t in document.tables if rows(t)[0][0].startswith("5 "))


def test_heat_map_cells_hold_the_risk_ids_and_at_most_a_few(store, content, tmp_path):
    aid = store.create_assessment("Acme", matrix=content.scales.default_matrix()).id
    for i in range(9):
        store.add_risk(aid, title=f"Risk {i}", likelihood=2, impact=2)
    store.add_risk(aid, title="Alone", likelihood=5, impact=5)
    document = open_docx(write_gap_report(store.engagement(aid), content, tmp_path))
    table = _heat_map(document)
    cells = {(5 - r, c): text_of(tc) for r, tr in enumerate(table._tbl.tr_lst[:5])
             for c, tc in enumerate(tr.tc_lst) if c}
    assert cells[(5, 5)] == "R-010"
    assert cells[(2, 2)] == "R-001 R-002 R-003 R-004 R-005 +4"


def _borders(tc) -> set[str]:
    found = tc.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}")
    return set() if found is None else {el.tag.split("}")[1] for el in found}


def test_heat_map_draws_the_appetite_line(store, content, tmp_path):
    document = _report(store, content, tmp_path, ["yes"])
    table = _heat_map(document)._tbl
    appetite = 10  # the default matrix
    for r, tr in enumerate(table.tr_lst[:5]):
        likelihood = 5 - r
        for impact, tc in enumerate(tr.tc_lst[1:], 1):
            sides = _borders(tc)
            if likelihood * impact < appetite:
                assert not sides
            else:  # the line runs where the next cell to the left or below is under appetite
                assert ("left" in sides) == (likelihood * (impact - 1) < appetite)
                assert ("bottom" in sides) == (likelihood == 1 or (likelihood - 1) * impact < appetite)
    assert "The heavy line marks the risk appetite" in all_text(document)


def test_bars_have_no_cell_edges_inside(store, content, tmp_path):
    document = _report(store, content, tmp_path, ["yes"])
    charts = [t for t in document.tables if t._tbl.tblPr.find(f"{qn('w:tblBorders')}/{qn('w:insideV')}") is not None
              and t._tbl.tblPr.find(f"{qn('w:tblBorders')}/{qn('w:insideV')}").get(qn("w:val")) == "nil"]
    assert charts
    for chart in charts:
        for tr in chart._tbl.tr_lst:
            fills = [tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") for tc in tr.tc_lst[1:-1]]
            colours = [f.get(qn("w:fill")) for f in fills]
            assert len(colours) == len(set(colours)) <= 2  # one bar, one track, each a single cell


@pytest.mark.parametrize("reaches", [["yes", "unknown", "no"]])
def test_register_gives_the_risk_its_width(store, content, tmp_path, reaches):
    grid = [int(g.get(qn("w:w"))) for g in _register(_report(store, content, tmp_path, reaches))._tbl.iter(
        qn("w:gridCol"))]
    assert grid[1] >= 0.42 * sum(grid)
