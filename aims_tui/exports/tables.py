"""Tables, written as WordprocessingML directly (one parse per table) rather than cell by cell
through python-docx's object model: a 200-risk register is then a few milliseconds, not a second,
and the output is the same markup Word itself writes. Columns are fitted so that no word is split
("Conformance", "A.6.1.2"), measured in the document's table font (:mod:`fonts`); bar charts are
shaded cells, which print crisply in any viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence, Union

from docx.oxml.ns import nsdecls, qn
from docx.table import Table

from aims_tui.domain.figures import pct, round_half_up
from aims_tui.exports.docx_common import (ACCENT, ACCENT_LIGHT, FONT, GRID, TABLE_FONT_PT, TABLE_HEAD, TABLE_TEXT,
                                          TRACK, Doc, bar_fill, caption, para)
from aims_tui.exports.fonts import metrics_for, text_em
from aims_tui.exports.wordml import Runs, checkpoint, graft, runs_xml

@dataclass(slots=True)
class Cell:
    """One table cell: text (or (text, bold) runs), and how it looks."""

    text: Union[str, Runs] = ""
    fill: str | None = None
    bold: bool = False
    color: str | None = None
    align: str | None = None  # "center" | "right"
    span: int = 1
    keep_next: bool = False
    """Keep this row on the same page as the next one (group headings inside a table)."""


CellLike = Union[Cell, str, int, float, None]


SMALL_TABLE = 6
"""A table with a header and at most this many rows is kept on one page."""
MAX_WORD_SHARE = 0.4
"""No single word makes its column wider than this share of the table (a URL wraps instead)."""
MIN_TABLE_FONT_PT = 7.0
"""A crowded table's text may shrink to this size so that no word is split; no smaller."""


def text_width(text: str, *, bold: bool = False, size_pt: float = TABLE_FONT_PT, font: str = FONT) -> int:
    """Width of ``text`` on one line in ``font`` (a family name; an unknown one is measured wide)
    in twentieths of a point (dxa), a little on the generous side."""
    em = text_em(text, metrics_for(font))
    return int(em * size_pt * 20 * (1.1 if bold else 1.0) * 1.05) + 1


def _as_cell(cell: CellLike) -> Cell:
    return cell if isinstance(cell, Cell) else Cell("" if cell is None else str(cell))


def _longest_word_per_pt(cell: CellLike, doc: Doc, *, bold: bool = False) -> float:
    """Width of the cell's longest word in dxa per point of font size (as :func:`text_width`)."""
    cell = _as_cell(cell)
    parts = [(cell.text, False)] if isinstance(cell.text, str) else cell.text
    metrics = metrics_for(doc.table_font)
    return max((text_em(word, metrics) * 20 * (1.1 if bold or cell.bold or run_bold else 1.0) * 1.05
                for chunk, run_bold in parts for word in set(chunk.split())), default=0.0)


def fit_widths(widths: Sequence[int], minimums: Sequence[int]) -> list[int]:
    """Widen the columns narrower than their minimum, taking the width from the others in
    proportion to what they can spare; the total stays the same. When the minimums alone exceed
    the total, the total is shared in proportion to them."""
    total = sum(widths)
    if sum(minimums) >= total:
        need = sum(minimums) or 1
        return [int(total * m / need) for m in minimums]
    short = sum(max(m - w, 0) for w, m in zip(widths, minimums))
    if not short:
        return list(widths)
    spare = sum(max(w - m, 0) for w, m in zip(widths, minimums))
    return [m if w <= m else int(w - short * (w - m) / spare) for w, m in zip(widths, minimums)]


def _cell_xml(doc: Doc, cell: CellLike, width: int, pstyle: str, *, header: bool = False,
              keep_next: bool = False, size: str = "") -> str:
    cell = _as_cell(cell)
    keep = "<w:keepNext/>" if keep_next or cell.keep_next else ""
    span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
    fill = doc.colour(ACCENT if header and cell.fill is None else cell.fill)
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    jc = f'<w:jc w:val="{cell.align}"/>' if cell.align else ""
    rpr = ""
    if cell.bold and not header:
        rpr += "<w:b/>"
    if cell.color:
        rpr += f'<w:color w:val="{doc.colour(cell.color)}"/>'
    rpr += size  # after the colour: CT_RPr is an ordered sequence
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{shd}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{pstyle}"/>{keep}{jc}</w:pPr>{runs_xml(cell.text, rpr)}</w:p></w:tc>')


def _append_block(doc: Doc, xml: str):
    body = doc.document.element.body
    sect = body.find(qn("w:sectPr"))
    return graft(xml, sect.addprevious if sect is not None and sect.getparent() is body else body.append)


def table(doc: Doc, columns: Sequence[tuple[str, float]], rows: Iterable[Sequence[CellLike]], *,
          header: bool = True, widths_are_weights: bool = True, borders: bool = True,
          cell_margin: int = 70, keep_together: bool = False, keep_with_next: bool = False) -> Table:
    """A table with a shaded header row repeated on every page. ``columns`` are (title, weight)
    pairs; the weights are scaled to the page's text width. Rows are sequences of cells (a cell
    spanning n columns stands for n of them).

    ``keep_together`` keeps all rows on one page; ``keep_with_next`` also keeps the last row (and
    the spacing paragraph after the table) with the paragraph that follows: a chart's caption."""
    checkpoint()
    total = doc.body_width
    rows = list(rows)
    keep_together = keep_together or (header and len(rows) <= SMALL_TABLE)
    size = doc.table_font_pt
    if widths_are_weights:
        weight = sum(w for _, w in columns) or 1
        widths = [int(total * w / weight) for _, w in columns]
        # No column narrower than its longest word: "Conformance" or "A.6.1.2" never split mid-word.
        longest = [_longest_word_per_pt(title, doc, bold=True) if header else 0.0 for title, _ in columns]
        for row in rows:
            col = 0
            for cell in row:
                span = cell.span if isinstance(cell, Cell) else 1
                if span == 1 and col < len(longest):
                    longest[col] = max(longest[col], _longest_word_per_pt(cell, doc))
                col += span
        cap = int(total * MAX_WORD_SHARE)

        def minimums(pt: float) -> list[int]:
            return [min(int(n * pt) + 1 if n else 0, cap) + 2 * cell_margin for n in longest]

        # Too many columns for their longest words (an 8-column inventory in a wide font): a
        # smaller size for this table rather than words split across lines.
        while sum(minimums(size)) > total and size > MIN_TABLE_FONT_PT:
            size -= 0.5
        widths = fit_widths(widths, minimums(size))
    else:
        widths = [int(w) for _, w in columns]
    text, head = doc.sid(TABLE_TEXT), doc.sid(TABLE_HEAD)
    sz = f'<w:sz w:val="{round(size * 2)}"/>' if size != doc.table_font_pt else ""
    border = (f'<w:tblBorders>' + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{GRID}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + '</w:tblBorders>'
        if borders else
        # Bar charts: no lines, but a white gap between rows so each bar stands apart.
        '<w:tblBorders>' + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right"))
        + '<w:insideH w:val="single" w:sz="24" w:space="0" w:color="FFFFFF"/><w:insideV w:val="nil"/>'
        '</w:tblBorders>')
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{border}'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="20" w:type="dxa"/>'
        f'<w:left w:w="{cell_margin}" w:type="dxa"/><w:bottom w:w="20" w:type="dxa"/>'
        f'<w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    if header:
        parts.append('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>')
        parts.extend(_cell_xml(doc, Cell(title), w, head, header=True, size=sz)
                     for (title, _), w in zip(columns, widths))
        parts.append("</w:tr>")
    last = len(rows) - 1
    for i, row in enumerate(rows):
        keep = (keep_together and i < last) or keep_with_next
        # A row moves to the next page whole rather than split mid-sentence (Word still splits a row
        # taller than a page).
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        col = 0
        for cell in row:
            span = cell.span if isinstance(cell, Cell) else 1
            w = sum(widths[col:col + span])
            parts.append(_cell_xml(doc, cell, w, text, keep_next=keep, size=sz))
            col += span
        while col < len(widths):  # short rows are padded so Word never sees a ragged grid
            parts.append(_cell_xml(doc, "", widths[col], text, keep_next=keep, size=sz))
            col += 1
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    el = _append_block(doc, "".join(parts))
    # An empty paragraph after each table keeps consecutive tables from merging in Word.
    para(doc, space_after=2, keep_with_next=keep_with_next)
    return Table(el, doc.document._body)


def approval_table(doc: Doc, roles: Sequence[tuple[str, str]]) -> Table:
    """Review and sign-off: one row per role, with room to write the date and sign."""
    para(doc, "Review and approval", bold=True, color=ACCENT, space_after=3, keep_with_next=True)
    return table(doc, [("Role", 2), ("Name", 2.5), ("Date", 1.2), ("Signature", 2.3)],
                 [[Cell(role, bold=True), name or "", "", ""] for role, name in roles], keep_together=True)


def key_value_table(doc: Doc, pairs: Sequence[tuple[str, CellLike]], *, key_weight: float = 1.0,
                    value_weight: float = 3.0) -> Table:
    """A two-column table of labels (shaded, bold) and values: cover details, summaries."""
    rows = [[Cell(k, fill=ACCENT_LIGHT, bold=True), v] for k, v in pairs]
    return table(doc, [("", key_weight), ("", value_weight)], rows, header=False)


def bar_chart(doc: Doc, items: Sequence[tuple[str, float | None]], *, label_weight: float = 5.5,
              steps: int = 25, caption_text: str | None = None) -> Table:
    """A horizontal bar chart drawn as shaded cells: one row per item, ``steps`` cells per 100%.
    Pure table markup, so it prints crisply and survives any template or viewer. The chart is kept
    on one page, and with its caption (written under it) when ``caption_text`` is given."""
    total = doc.body_width
    label_w = int(total * label_weight / 10)
    value_w = int(total * 1.2 / 10)
    step_w = (total - label_w - value_w) // steps
    columns = [("", label_w)] + [("", step_w)] * steps + [("", value_w)]
    rows = []
    for label, value in items:
        row: list[CellLike] = [Cell(label)]
        filled = 0 if value is None else int(round_half_up(value / 100 * steps))
        colour = bar_fill(value or 0)
        # One merged cell for the bar and one for the track: no cell edges (hairlines) inside a bar.
        row += [Cell("", fill=fill, span=n) for fill, n in ((colour, filled), (TRACK, steps - filled)) if n]
        row.append(Cell(pct(value), bold=True, align="right"))
        rows.append(row)
    chart = table(doc, columns, rows, header=False, widths_are_weights=False, borders=False, cell_margin=0,
                  keep_together=True, keep_with_next=caption_text is not None)
    if caption_text is not None:
        caption(doc, caption_text)
    return chart
