"""Bring an assessment answered with earlier questionnaires up to the current content, keeping every answer.

The ``content_versions`` table (migration ``m003_content_versions``) holds, per assessment, the
version of each questionnaire it was answered with. No row: answered before versions were kept
(version 1). A ``'*'`` row: a new assessment (the row comes from a trigger), stamped with the content
that first opens it. When an assessment is opened with newer content, the answers of split or
renamed questions are copied to their new ids as the content's ``changes`` say
(``domain.content_changes.carry_plan``), each copy an ordinary audited answer write, and one
``content-upgrade`` entry in the audit trail records the versions before and after and what was
carried. Nothing is deleted: an answer to a question the content no longer asks stays in the file,
shown as asked in an earlier version (``domain.content_changes.earlier_answers``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aims_tui.domain.content_changes import FIRST_VERSION, Carry, carry_plan, content_versions
from aims_tui.store.audit import canonical

if TYPE_CHECKING:
    from aims_tui.domain.content import Content
    from aims_tui.store.answers import AnswerStore as Store  # the answers' part of the Store (no import circle)

NEW = "*"
"""The questionnaire name of the row a new assessment gets: no version yet, nothing to carry."""


@dataclass
class UpgradeReport:
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    carried: list[Carry] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def lines(self) -> list[str]:
        """What happened, for a notice: nothing when the assessment was already current."""
        if not self.carried:
            return []
        pairs = ", ".join(f"{c.old_id} → {c.new_id}" for c in self.carried)
        return [f"Questionnaires updated: {len(self.carried)} answer(s) carried over to new questions ({pairs}); "
                "review them."]


def imported(store: "Store", assessment_id: str, bundle_schema: object) -> None:
    """After a bundle import: an assessment first created here by a bundle from a file that kept no
    content versions (schema before ``m003_content_versions``) was answered with version 1, not with
    the content that opens it next; drop its new-assessment row so it is carried forward too."""
    from aims_tui.store.schema import MIGRATIONS, m003_content_versions

    versions_kept_since = MIGRATIONS.index(m003_content_versions) + 1
    if isinstance(bundle_schema, int) and bundle_schema < versions_kept_since:
        store.conn.execute("DELETE FROM content_versions WHERE assessment_id = ? AND questionnaire = ?",
                           (assessment_id, NEW))


def recorded_versions(store: "Store", assessment_id: str) -> dict[str, int | None]:
    """The versions recorded for an assessment (``'*'``: new, not yet stamped)."""
    return {q: v for q, v in store.conn.execute(
        "SELECT questionnaire, version FROM content_versions WHERE assessment_id = ?", (assessment_id,))}


def bring_up_to_date(store: "Store", content: "Content", assessment_id: str) -> UpgradeReport:
    """Carry the assessment's answers forward to the current content and record its versions.

    Cheap when nothing changed (one query). Idempotent: a second call finds the versions current.
    """
    current = content_versions(content)
    recorded = recorded_versions(store, assessment_id)
    if NEW in recorded:
        before = dict(current)
    else:
        before = {q: recorded.get(q) or FIRST_VERSION for q in current}
    report = UpgradeReport(before=before, after=dict(current))
    if NEW not in recorded and all(recorded.get(q) == v for q, v in current.items()):
        return report
    if store.read_only:  # aims --read-only: shown as answered, never carried (nothing may be written)
        return UpgradeReport(before=before, after=before)
    with store.transaction():
        answers = store.answers(assessment_id)
        report.carried = carry_plan(content, before, set(answers))
        for carry in report.carried:
            old = store.answer(assessment_id, carry.old_id)  # may itself have been carried a step earlier
            assert old is not None
            notes = carry.note(old.notes)
            draft = store.note_draft(assessment_id, carry.new_id)
            if draft:  # words typed on the new question before the upgrade are kept, first
                notes = f"{draft}\n{notes}"
            store.set_answer(assessment_id, carry.new_id, status=old.status, maturity=old.maturity, notes=notes,
                             interviewees=list(old.interviewees), assessor=old.assessor)
        store.conn.execute("DELETE FROM content_versions WHERE assessment_id = ? AND questionnaire = ?",
                           (assessment_id, NEW))
        store.conn.executemany(
            "INSERT OR REPLACE INTO content_versions (assessment_id, questionnaire, version) VALUES (?, ?, ?)",
            [(assessment_id, q, v) for q, v in current.items()])
        if report.changed or report.carried:
            store._append_history(
                assessment_id, "content_versions", canonical([assessment_id]), "content-upgrade",
                canonical({"versions": report.before}),
                canonical({"versions": report.after,
                           "carried": [{"from": c.old_id, "to": c.new_id, "version": c.version}
                                       for c in report.carried]}),
            )
    return report
