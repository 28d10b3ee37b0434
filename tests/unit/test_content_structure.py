"""Which ids are Annex A controls is known from the loaded structure, not from how an id is spelt."""

from __future__ import annotations

import dataclasses


def test_is_control_is_true_for_controls_only(content):
    assert content.is_control("A.6.2.4") and content.is_control("A.2.2")
    assert all(content.is_control(c) for c in content.structure.controls)
    # Annex A groups and subgroups start with "A." too, but are not controls an answer or an action can be
    # linked to; clauses and unknown ids are not controls either.
    groups = [g for g in content.structure.sections.values() if g.kind in ("group", "subgroup")]
    assert groups and not any(content.is_control(g.id) for g in groups)
    assert not content.is_control("6.1.2") and not content.is_control("A.99.9") and not content.is_control("")
    assert sum(content.is_control(s) for s in content.structure.sections) == len(content.structure.controls) == 38


def test_the_demo_links_only_controls(tmp_path, content):
    """A question on an Annex A group (possible in a user's own questionnaire) links its evidence and
    actions to no control: 'A.6' is not a control the SoA knows."""
    from datetime import date

    from aims_tui.demo import write_demo
    from aims_tui.store import Store

    group_question = dataclasses.replace(content.questions_for("A.6.2.4")[0], id="grp-q1", ref="A.6")
    questionnaire = dataclasses.replace(content.questionnaires[-1],
                                        questions=content.questionnaires[-1].questions + (group_question,))
    with_group = dataclasses.replace(content, questionnaires=content.questionnaires[:-1] + (questionnaire,))
    assert with_group.has_question("grp-q1")
    with Store.open(tmp_path / "demo.db") as store:
        engagement = store.engagement(write_demo(store, with_group, seed=2, today=date(2026, 11, 2)))
    assert [e.control_id for e in engagement.evidence if e.question_id == "grp-q1"] == [None]  # seed 2 answers it (with this round's content)
    linked = {e.control_id for e in engagement.evidence} | {a.control_id for a in engagement.actions}
    assert linked - {None} and all(with_group.is_control(c) for c in linked - {None})
