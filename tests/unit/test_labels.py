"""Labels of the closed lists have one source, the scales file, whose ids are checked against the
vocabulary (tests/unit/exports/test_soa_labels.py: the SoA export follows a relabelled copy)."""

from __future__ import annotations

import shutil

import pytest

from aims_tui.domain import vocabulary
from aims_tui.domain.content import ContentError
from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir


def _with_scales(tmp_path, old: str, new: str):
    folder = tmp_path / "builtin"
    shutil.copytree(builtin_questionnaires_dir(), folder)
    scales = folder / "scales.yaml"
    text = scales.read_text(encoding="utf-8")
    assert old in text
    scales.write_text(text.replace(old, new), encoding="utf-8")
    return folder, scales


def test_every_labelled_scale_holds_exactly_the_vocabulary(content):
    s = content.scales
    for name, ids in [("statuses", vocabulary.STATUSES), ("treatments", vocabulary.TREATMENTS),
                      ("action_statuses", vocabulary.ACTION_STATUSES),
                      ("implementation_statuses", vocabulary.IMPLEMENTATION_STATUSES),
                      ("inclusion_reasons", vocabulary.INCLUSION_REASONS),
                      ("finding_types", vocabulary.FINDING_TYPES), ("eu_ai_act_tiers", vocabulary.TIERS)]:
        assert sorted(i.id for i in getattr(s, name)) == sorted(ids), name
    assert s.label("implementation_statuses", "partially-implemented") == "Partially implemented"
    assert s.label("action_statuses", "in-progress") == "In progress"
    assert s.label("treatments", "mitigate") == "Mitigate"
    assert s.short("inclusion_reasons", "legal-contractual") == "LC"
    assert s.short("implementation_statuses", "not-implemented") == "not impl."
    assert [s.short("finding_types", t) for t in vocabulary.FINDING_TYPES] == [  # the report's findings list
        "Major NC", "Minor NC", "Observation", "OFI"]
    assert s.short("treatments", "avoid") == "Avoid"  # no short form: the label
    assert s.label("treatments", "unheard-of") == "unheard-of"


def test_a_scales_file_that_changes_an_id_fails_in_one_line(tmp_path):
    folder, scales = _with_scales(tmp_path, "{id: planned, label: Planned", "{id: scheduled, label: Planned")
    with pytest.raises(ContentError) as err:
        load_content(folder)
    [message] = err.value.messages
    line = next(n for n, text in enumerate(scales.read_text().splitlines(), 1) if text.startswith("implementation_"))
    assert message.startswith(f"{scales}:{line + 1}: implementation_statuses: the ids must be exactly ")
    assert "(got implemented, partially-implemented, scheduled, not-implemented)" in message
    assert "\n" not in message

