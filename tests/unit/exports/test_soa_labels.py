"""The SoA export reads its labels from the scales (the one source), not from a copy of its own."""

from __future__ import annotations

import dataclasses

from docx_reader import open_docx


def test_relabelled_scales_reach_the_soa_export(tmp_path, engagement, content):
    from aims_tui.exports import write_soa_docx

    relabelled = dataclasses.replace(content, scales=dataclasses.replace(
        content.scales,
        implementation_statuses=[dataclasses.replace(i, label=f"{i.label} (x)")
                                 for i in content.scales.implementation_statuses],
        inclusion_reasons=[dataclasses.replace(i, label=f"{i.label} (y)") for i in content.scales.inclusion_reasons]))
    doc = open_docx(write_soa_docx(engagement, relabelled, tmp_path))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Control")
    cells = [c.text for r in table.rows[1:] for c in r.cells]
    assert any(c.endswith(" (x)") for c in cells) and any(c.endswith(" (y)") for c in cells)
