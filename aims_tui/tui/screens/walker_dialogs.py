"""The walker's dialog flows: interviewees, evidence, findings, actions, the question's item list
(edit or delete one) and its history. A mixin of :class:`~aims_tui.tui.screens.walker.WalkerScreen`,
apart so that the screen itself stays about walking and answering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual import work

from aims_tui.domain.terminal_text import visible
from aims_tui.store import Store, StoreError
from aims_tui.tui import context
from aims_tui.tui.messages import EvidenceAdded, EvidenceFailed

if TYPE_CHECKING:  # the dialogs are imported when first opened: not needed to draw the walker
    from aims_tui.domain.content import Content, Question
    from aims_tui.domain.models import Answer, Engagement
    from aims_tui.domain.people import IntervieweeChoice
    from aims_tui.store import HistoryEntry
    from aims_tui.tui.context import Session
    from aims_tui.tui.dialogs.action_form import ActionInput
    from aims_tui.tui.dialogs.evidence_form import EvidenceInput
    from aims_tui.tui.dialogs.finding_form import FindingInput
    from aims_tui.tui.dialogs.items_dialog import ItemChoice


class WalkerDialogs:
    """The dialogs a walker key opens, and what their answers write."""

    # Provided by WalkerScreen (and Textual's Screen).
    session: Session
    store: Store
    content: Content
    aid: str
    current: str
    answers: dict[str, Answer]
    engagement_: Engagement | None
    question: Question
    app: Any
    notify: Any
    post_message: Any
    # and its methods _save, _show_answer, _indicate, _restore, go_to, action_clear_answer.

    def action_interviewee(self) -> None:
        from aims_tui.tui.dialogs.interviewee_form import IntervieweeForm

        answer = self.answers.get(self.current)
        current = answer.interviewees if answer is not None and answer.interviewees else self.session.interviewees
        known = self.store.interviewees(self.aid)

        def done(choice: IntervieweeChoice | None) -> None:
            if choice is None:
                return
            try:
                for name in choice.names:
                    self.store.set_interviewee(self.aid, name, choice.roles.get(name))
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.session.interviewees = list(choice.names)
            self._reload_engagement()
            if self.current in self.answers:
                self._save(self.current, interviewees=list(choice.names))
            else:
                self._show_answer()

        self.app.push_screen(IntervieweeForm(list(current), known), done)

    def action_evidence(self) -> None:
        from aims_tui.tui.dialogs.evidence_form import EvidenceForm

        qid = self.current
        q = self.question

        def done(value: EvidenceInput | None) -> None:
            if value is not None:
                self._record_evidence(qid, q.ref, value)

        self.app.push_screen(EvidenceForm(list(q.evidence)), done)

    @work(thread=True, group="evidence")
    def _record_evidence(self, qid: str, ref: str, value: EvidenceInput) -> None:
        """Hashing a local file can take a while: done on a thread with its own connection."""
        try:
            with Store.open(self.store.path, actor=self.store.actor) as store:
                store.add_evidence(
                    self.aid, title=value.title, location=value.location, state=value.state, file=value.file,
                    date=value.date, question_id=qid, control_id=ref if self.content.is_control(ref) else None,
                )
        except (StoreError, ValueError) as exc:
            self.post_message(EvidenceFailed(str(exc)))
            return
        self.post_message(EvidenceAdded(qid, value.title))

    def on_evidence_added(self, message: EvidenceAdded) -> None:
        self._reload_engagement()
        self._show_answer()
        self._indicate(f"saved ✓ {context.clock():%H:%M:%S}")

    def on_evidence_failed(self, message: EvidenceFailed) -> None:
        self.notify(message.error, title="Evidence not saved", severity="error", markup=False)

    def action_finding(self) -> None:
        from aims_tui.tui.dialogs.finding_form import FindingForm

        qid = self.current

        def done(value: FindingInput | None) -> None:
            if value is None:
                return
            self.store.add_finding(self.aid, question_id=qid, type=value.type, text=value.text, ref=value.ref,
                                   evidence=value.evidence)
            self._after_side_write()

        answer = self.answers.get(self.current)
        self.app.push_screen(FindingForm(list(self.content.scales.finding_types),
                                         status=answer.status if answer else None, ref=self.question.ref,
                                         known_refs=self.content.structure.sections), done)

    def action_raise_action(self) -> None:
        from aims_tui.tui.dialogs.action_form import ActionForm

        qid = self.current
        ref = self.question.ref

        def done(value: ActionInput | None) -> None:
            if value is None:
                return
            self.store.add_action(self.aid, title=value.title, owner=value.owner, due=value.due,
                                  priority=value.priority, question_id=qid,
                                  control_id=ref if self.content.is_control(ref) else None,
                                  finding_id=value.finding_id, correction=value.correction,
                                  root_cause=value.root_cause)
            self._after_side_write()

        here = self._findings_here()  # a corrective action answers the latest finding here, by default
        self.app.push_screen(ActionForm(f"{qid} ({ref})", findings=here, finding_id=here[-1][0] if here else None),
                             done)

    def _findings_here(self) -> list[tuple[str, str]]:
        """The findings on the question on screen, which a corrective action raised here may answer."""
        from aims_tui.domain.internal_audit import finding_label

        return [(f.id, finding_label(f)) for f in self.store.findings(self.aid) if f.question_id == self.current]

    def action_sample(self) -> None:
        """In an interview: record what was sampled for this question, with its evidence."""
        from aims_tui.store import internal_audit
        from aims_tui.tui.dialogs.sample_form import SampleForm, SampleInput

        qid = self.current
        evidence = [(e.id, e.title) for e in self.store.evidence(self.aid) if e.question_id == qid]

        def done(value: SampleInput | None) -> None:
            if value is None:
                return
            try:
                internal_audit.add_sample(self.store, self.aid, question_id=qid, **value.fields())
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), title="Sample not saved", severity="error", markup=False)
                return
            self._after_side_write()

        self.app.push_screen(SampleForm(f"{qid} ({self.question.ref})", evidence), done)

    def action_items(self) -> None:
        """List this question's evidence, findings and actions; edit or delete one."""
        from aims_tui.tui.dialogs.items_dialog import ItemChoice, ItemKind, ItemsDialog

        self._reload_engagement()
        eng = self.engagement_
        assert eng is not None
        qid = self.current
        labels = {t.id: t.label for t in self.content.scales.finding_types}
        items: list[tuple[ItemKind, str, Text]] = []
        for e in eng.evidence:
            if e.question_id == qid:
                items.append(("evidence", e.id, Text.assemble("Evidence: ", visible(e.title), (f" ({e.state})", "dim"))))
        for f in eng.findings:
            if f.question_id == qid:
                items.append(("finding", f.id, Text.assemble((labels.get(f.type, f.type), "bold"), ": ", visible(f.text))))
        for a in eng.actions:
            if a.question_id == qid:
                items.append(("action", a.id, Text.assemble("Action: ", visible(a.title), (f" ({a.status})", "dim"))))
        if not items:
            self.notify("No evidence, findings or actions on this question yet (v, t, r add them).", markup=False)
            return

        def chosen(choice: ItemChoice | None) -> None:
            if choice is not None:
                self._edit_or_delete(choice)

        self.app.push_screen(ItemsDialog(f"Evidence, findings and actions of {qid}", items), chosen)

    def _edit_or_delete(self, choice: ItemChoice) -> None:
        from aims_tui.tui.dialogs.confirm_dialog import Confirm
        from aims_tui.tui.dialogs.item_forms import ActionEditForm, EvidenceEditForm, FindingEditForm

        eng = self.engagement_
        assert eng is not None
        store = self.store
        if choice.kind == "evidence":
            item: Any = next(e for e in eng.evidence if e.id == choice.item_id)
            update, delete, name = store.update_evidence, store.delete_evidence, f"the evidence “{item.title}”"
            form: Any = EvidenceEditForm(item)
        elif choice.kind == "finding":
            item = next(f for f in eng.findings if f.id == choice.item_id)
            update, delete, name = store.update_finding, store.delete_finding, "this finding"
            form = FindingEditForm(item, list(self.content.scales.finding_types))
        else:
            item = next(a for a in eng.actions if a.id == choice.item_id)
            update, delete, name = store.update_action, store.delete_action, f"the action “{item.title}”"
            form = ActionEditForm(item, self._findings_here())

        def write(change: Callable[[], object]) -> None:
            try:
                change()  # committed by the store at once
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), title="Not saved", severity="error", markup=False)
                return
            self._after_side_write()

        def edited(changes: dict[str, Any] | None) -> None:
            if changes:
                write(lambda: update(choice.item_id, **changes))

        def confirmed(yes: bool | None) -> None:
            if yes:
                write(lambda: delete(choice.item_id))

        if choice.operation == "delete":
            self.app.push_screen(Confirm(f"Delete {name}?", yes="Delete"), confirmed)
        else:
            self.app.push_screen(form, edited)

    def action_history(self) -> None:
        from aims_tui.tui.dialogs.history_dialog import HistoryView

        qid = self.current
        entries = self.store.answer_history(self.aid, qid)

        def restore(entry: HistoryEntry | None) -> None:
            if entry is None:
                return
            if entry.old is None:  # before its first answer: unanswered
                if qid in self.answers:
                    self.go_to(qid)
                    self.action_clear_answer()
                return
            self._restore(qid, entry.old)

        self.app.push_screen(HistoryView(f"History of {qid}", entries), restore)

    def _reload_engagement(self) -> None:
        self.engagement_ = self.session.engagement()

    def _after_side_write(self) -> None:
        self._reload_engagement()
        self._show_answer()
        self._indicate(f"saved ✓ {context.clock():%H:%M:%S}")
