"""Table layout: no column narrower than its longest word (headers and ids never split mid-word)."""

from __future__ import annotations

from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from aims_tui.exports.docx_common import new_document
from aims_tui.exports.tables import Cell, fit_widths, table, text_width


def _grid(tbl) -> list[int]:
    return [int(c.get(qn("w:w"))) for c in tbl._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]


def test_a_narrow_column_is_widened_to_its_longest_word():
    doc = new_document()
    total = doc.body_width
    # "#" at weight 0.2 of 10 would be ~180 dxa: too narrow for "Conformance" or "A.10.2".
    tbl = table(doc, [("#", 0.2), ("Conformance", 0.6), ("Text", 9.2)],
                [[Cell("47"), "100%", "plain words that can wrap anywhere " * 5], ["A.10.2", "–", ""]])
    widths = _grid(tbl)
    assert widths[0] >= text_width("A.10.2") + 140
    assert widths[1] >= text_width("Conformance", bold=True) + 140
    assert abs(sum(widths) - total) <= len(widths)  # the table still fills the text width
    assert widths[2] > total * 0.6  # the wide column kept most of its share


def test_columns_wide_enough_are_left_as_weighted():
    doc = new_document()
    tbl = table(doc, [("A", 1), ("B", 1)], [["x", "y"]])
    assert _grid(tbl)[0] == _grid(tbl)[1] == doc.body_width // 2


def test_a_very_long_word_does_not_take_the_whole_table():
    doc = new_document()
    url = "https://intranet.example/" + "x" * 300
    tbl = table(doc, [("Evidence", 1), ("Title", 3)], [[url, "Policy"]])
    assert _grid(tbl)[0] <= doc.body_width * 0.4 + 140 + 1


def test_bold_is_wider_than_regular_and_empty_is_nothing():
    assert text_width("Maturity", bold=True) > text_width("Maturity") > text_width("Mat")
    assert text_width("") <= 1


@given(st.lists(st.tuples(st.integers(50, 4000), st.integers(0, 3000)), min_size=1, max_size=12))
def test_fit_widths_keeps_the_total_and_meets_minimums_when_possible(pairs):
    widths, minimums = [w for w, _ in pairs], [m for _, m in pairs]
    fitted = fit_widths(widths, minimums)
    assert len(fitted) == len(widths)
    assert sum(widths) - len(widths) <= sum(fitted) <= sum(widths)
    if sum(minimums) < sum(widths):
        assert all(f >= m - 1 for f, m in zip(fitted, minimums))
        # a column already wide enough only ever gives width away
        assert all(f <= w for f, w, m in zip(fitted, widths, minimums) if w >= m)


def test_references_never_break_at_their_hyphen():
    from docx_reader import rows

    doc = new_document()
    text = "Weakens R-001 and R-010; see 8.3-q1, A.7.2-q1, due 2027-01-02; a third-party model; x-y"
    tbl = table(doc, [("Text", 1)], [[text]])
    cell = tbl._tbl.tr_lst[1].tc_lst[0]
    assert rows(tbl)[1][0] == text  # read back exactly, hyphens and all
    assert len(cell.findall(f".//{qn('w:noBreakHyphen')}")) == 6  # 8.3-q1, A.7.2-q1, 2 in the date
    plain = "".join(t.text for t in cell.iter(qn("w:t")))
    assert "third-party" in plain and "x-y" in plain  # words without a number keep ordinary hyphens


def test_a_paragraph_with_a_carriage_return_still_breaks_the_line():
    from aims_tui.exports.docx_common import para

    doc = new_document()
    p = para(doc, "first line\rsecond line")
    assert p._p.findall(f".//{qn('w:br')}") or p._p.findall(f".//{qn('w:cr')}")
    assert "first line" in p.text and "second line" in p.text
