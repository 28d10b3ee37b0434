"""Read a .docx back the way a reader sees it: headings, tables, cell text and fill colour."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn


def open_docx(path: Path):
    return docx.Document(str(path))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def cell_fill(cell) -> str | None:
    shd = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shd is None else shd.get(qn("w:fill"))


def text_of(element) -> str:
    """The text under an element as a reader sees it: w:t runs, and Word's non-breaking hyphen."""
    return "".join((el.text or "") if el.tag == qn("w:t") else "-"
                   for el in element.iter(qn("w:t"), qn("w:noBreakHyphen")))


def rows(table) -> list[list[str]]:
    """Cell texts row by row; a cell spanning columns appears once."""
    return [[text_of(tc) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def find_table(document, first_header: str, *, nth: int = 0):
    found = [t for t in document.tables if t.rows and t.rows[0].cells[0].text == first_header]
    return found[nth] if len(found) > nth else None


def all_text(document) -> str:
    return text_of(document.element.body)


def instr_texts(part_element) -> list[str]:
    out = [el.text or "" for el in part_element.iter(qn("w:instrText"))]
    out += [el.get(qn("w:instr")) or "" for el in part_element.iter(qn("w:fldSimple"))]
    return out
