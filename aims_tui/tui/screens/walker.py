"""The questionnaire walker: clauses 4–10 and Annex A, one question at a time, answered by key.

Over 450 lines on purpose: moving, answering, notes, filters and search share the screen's state
(the question on show, the answers, the filter) and read best together. Its parts live apart: the
dialog flows in ``walker_dialogs``, the outline, answer panel and autosaving notes in ``widgets/``."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, Tree

from aims_tui.domain.content_changes import linked_answer_for
from aims_tui.domain.glance import Glance
from aims_tui.domain.terminal_text import visible
from aims_tui.store import StaleWriteError, Store, StoreError
from aims_tui.tui import context
from aims_tui.tui.context import Session
from aims_tui.tui.screens.heading import Headed
from aims_tui.tui.screens.walker_dialogs import WalkerDialogs
from aims_tui.tui.messages import AnswerSaved
from aims_tui.tui.widgets.footer import SectionFooter
from aims_tui.tui.widgets.answer_panel import AnswerPanel
from aims_tui.tui.widgets.outline import Outline
from aims_tui.tui.textual_private import after_first_frame
from aims_tui.tui.widgets.text_area import AutosaveArea

if TYPE_CHECKING:  # the first frame is drawn before pydantic is loaded (SPEC P2; domain/glance.py)
    from aims_tui.domain.content import Question
    from aims_tui.domain.models import Answer, Engagement

SHORT_HEIGHT = 30
"""Below this many rows (80×24 and the like) the notes box and the item list shrink, so the
question itself keeps room to be read."""

_STATUS_GROUP = Binding.Group("Status", compact=True)
_MATURITY_GROUP = Binding.Group("Maturity", compact=True)


EXTERNAL_CHECK_S = 2.0
"""How often the questionnaire looks for changes another window or process made to the file."""


class WalkerScreen(Headed, WalkerDialogs, Screen[None]):
    """Walk the questions; single keys record status and maturity, notes save as typed."""

    SECTION: ClassVar[str] = "questionnaire"
    """The section this screen is (the footer marks its key)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "status('met')", "met", id="walker-met", group=_STATUS_GROUP),
        Binding("p", "status('partial')", "partial", id="walker-partial", group=_STATUS_GROUP),
        Binding("x", "status('not-met')", "not met", id="walker-not-met", group=_STATUS_GROUP),
        Binding("a", "status('not-applicable')", "n/a", id="walker-not-applicable", group=_STATUS_GROUP),
        *[Binding(str(n), f"maturity({n})", f"maturity {n}", id=f"walker-maturity-{n}", group=_MATURITY_GROUP)
          for n in range(6)],
        Binding("e", "edit_notes", "Notes", id="walker-notes"),
        # Priority: in the notes, ctrl+e would otherwise move to the end of the line.
        Binding("ctrl+e", "external_editor", "Note in $EDITOR", show=False, priority=True, id="walker-editor"),
        Binding("n", "next_unanswered", "Next unanswered", id="walker-next-unanswered"),
        # Obvious or secondary keys stay out of the footer (still in F1 help and the palette).
        Binding("b", "previous_unanswered", "Previous unanswered", show=False, id="walker-previous-unanswered"),
        Binding("down", "move(1)", "Next question", show=False, id="walker-next"),
        Binding("up", "move(-1)", "Previous question", show=False, id="walker-previous"),
        Binding("j", "move(1)", "Next question", show=False, id="walker-next-vim"),
        Binding("k", "move(-1)", "Previous question", show=False, id="walker-previous-vim"),
        Binding("pagedown", "scroll_question(1)", "Scroll question down", show=False, id="walker-page-down"),
        Binding("pageup", "scroll_question(-1)", "Scroll question up", show=False, id="walker-page-up"),
        Binding("v", "evidence", "Evidence", id="walker-evidence"),
        Binding("i", "interviewee", "Interviewee", id="walker-interviewee"),
        Binding("t", "finding", "Finding", id="walker-finding"),
        Binding("r", "raise_action", "Action", id="walker-action"),
        Binding("l", "items", "Edit items", id="walker-items"),
        Binding("g", "go_to", "Go to", id="walker-go-to"),
        Binding("f", "filter", "Filter", id="walker-filter"),
        Binding("slash", "search", "Search", id="walker-search"),
        Binding("h", "history", "History", show=False, id="walker-history"),
        Binding("s", "sample", "Sample", id="walker-sample"),  # interviews only (check_action)
        Binding("c", "clear_answer", "Clear answer", show=False, id="walker-clear"),
        Binding("=", "take_linked", "Take the linked question's answer", show=False, id="walker-take-linked"),
        Binding("ctrl+z", "undo_clear", "Undo clear", show=False, id="walker-undo-clear"),
        Binding("escape", "leave", "Back", id="walker-leave"),
    ]

    AUTO_FOCUS = ""
    """Nothing focused: single keys answer. The notes take focus only when asked (e, tab, click)."""

    DEFAULT_CSS = """
    WalkerScreen #walker-body { height: 1fr; }
    WalkerScreen #question-pane { width: 1fr; height: 1fr; padding: 0 1; }
    WalkerScreen #q-position { height: 1; color: $text-muted; }
    WalkerScreen #q-heading { height: auto; text-style: bold; color: $text-primary; }
    WalkerScreen #q-scroll { height: 1fr; min-height: 3; }
    WalkerScreen #q-text { margin-bottom: 1; }
    WalkerScreen #q-evidence-hints { color: $text-muted; margin-bottom: 1; }
    WalkerScreen #q-guidance { color: $text-muted; }
    WalkerScreen #q-answer { height: auto; padding: 0 0; background: $boost; }
    WalkerScreen #q-notes-row { height: 1; }
    WalkerScreen #q-notes-label { width: 1fr; color: $text-muted; }
    WalkerScreen #q-saved { width: auto; color: $text-muted; }
    WalkerScreen #notes { height: 6; border: round $foreground 30%; padding: 0 1; }
    WalkerScreen #notes:focus { border: round $accent; }
    WalkerScreen.-short #notes { height: 4; }
    WalkerScreen.-short #q-text, WalkerScreen.-short #q-evidence-hints { margin-bottom: 0; }
    """

    def __init__(self, session: Session, *, questions: list[str] | None = None, banner: str | None = None,
                 back_to: str | None = None) -> None:
        """``questions``: only these, in this order (an interview's); ``banner`` heads the screen
        ("Now interviewing X (role)"); ``back_to``: the section esc returns to."""
        super().__init__()
        self.session = session
        self.store: Store = session.store
        self.content = session.content
        self.aid = session.assessment_id
        self.all_ids: list[str] = list(questions) if questions is not None else [q.id for q in self.content.questions]
        self.shown: list[str] = list(self.all_ids)
        """The questions the current filter shows, in the standard's order."""
        self.filter_name = "all"
        self.banner, self.back_to = banner, back_to
        if questions and session.current_question not in questions:
            session.current_question = questions[0]
        self.current: str = session.current_question or (self.all_ids[0] if self.all_ids else "")
        self.engagement_: Engagement | Glance | None = None
        self.answers: dict[str, Answer] = {}
        self._notes_question: str | None = None
        self._notes_area = AutosaveArea(self._save_notes, id="notes", soft_wrap=True, tab_behavior="focus",
                                        show_line_numbers=False)
        self._drafts: dict[str, str] = {}
        """Notes typed on unanswered questions, as committed in the store; they move into the answer
        when its status is set."""
        self._footer_answered: bool | None = None
        self._cleared: Answer | None = None
        """The answer cleared last with c, for ctrl+z."""

    # -- typed accessors -------------------------------------------------------------------------

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def notes(self) -> AutosaveArea:
        # Held, not queried: notes are flushed on unmount, when the DOM is already gone.
        return self._notes_area

    @property
    def question(self) -> Question:
        return self.content.question(self.current)

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="walker-body"):
            yield Outline(self.content, id="outline")
            with Vertical(id="question-pane"):
                yield Static("", id="q-position")
                yield Static("", id="q-heading")
                with VerticalScroll(id="q-scroll", can_focus=False):
                    yield Static("", id="q-text")
                    # What to ask for before how to judge it: in view at 100×30 for nearly every question.
                    yield Static("", id="q-evidence-hints")
                    yield Static("", id="q-guidance")
                yield AnswerPanel(self.content, id="q-answer")
                with Horizontal(id="q-notes-row"):
                    yield Static(Text("Notes (e edit · esc leave)"), id="q-notes-label")
                    yield Static("", id="q-saved")
                yield self._notes_area
        yield SectionFooter()

    def heading_section(self) -> str:
        return self.banner or "Questionnaire"

    def on_mount(self) -> None:
        self._known_changes = self.store.change_count()
        self.fit_heading()
        glance = self.session.take_glance()
        if glance is None:
            self._reread()
        else:  # opened at start: drawn at once from the glance, the engagement is read just after
            self._show_read(glance)
            self.app.before_input = self.complete_first_frame
            after_first_frame(self, self.complete_first_frame)
        # Another window or process (a second TUI, the CLI) may write to the same file: look for its
        # changes now and then and show them (docs/CONTRACT.md R12).
        self.set_interval(EXTERNAL_CHECK_S, self.check_external_changes)

    def check_external_changes(self) -> bool:
        """Read the answers again when the file was changed by anyone but this screen; True if so.
        Notes being typed stay on screen: their next save is refused if the stored notes changed."""
        try:
            count = self.store.change_count()
        except StoreError:
            return False
        if count == self._known_changes:
            return False
        self._known_changes = count
        self._reread(keep_notes=self.notes.has_focus)
        return True

    def complete_first_frame(self) -> None:
        """Replace the glance the first frame was drawn from with the validated engagement (just
        after that frame, or before the first key or click if that comes first)."""
        if self.app.before_input == self.complete_first_frame:
            self.app.before_input = None
        if isinstance(self.engagement_, Glance) and self.is_attached:
            self._reread()

    def _reread(self, *, keep_notes: bool = False) -> None:
        """Read the answers and note drafts from the store and show them (on mount, and after a
        change made elsewhere). ``keep_notes``: the notes being typed stay as they are."""
        self._show_read(self.session.engagement(), keep_notes=keep_notes)

    def _show_read(self, read: Engagement | Glance, *, keep_notes: bool = False) -> None:
        """Show the answers of ``read`` (a glance only for the first frame: nothing is written from it)."""
        self.engagement_ = read
        self.answers = dict(read.answers)
        self._drafts = self.store.note_drafts(self.aid)
        self.outline.build(self.shown, self.answers)
        if keep_notes:
            self.outline.reveal(self.current)
            self._show_answer()
            self._show_position()
        else:
            self.show_question(self.current)

    def _after_own_write(self) -> None:
        """Count this screen's write as seen, if nobody else wrote since the screen last looked: then
        ``check_external_changes`` still reads again what another window wrote meanwhile."""
        span = self.store.last_write
        if span is not None and span[0] == self._known_changes:
            self._known_changes = span[1]

    def on_screen_suspend(self) -> None:
        self.flush_notes()

    def on_unmount(self) -> None:
        self.flush_notes()

    # -- the outline -----------------------------------------------------------------------------

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        kind, ident = event.node.data or ("", "")
        if kind == "question":
            self.go_to(ident)
        elif kind == "section":
            first = next((q.id for q in self.content.questions_for(ident) if q.id in self.shown), None)
            if first and not event.node.is_expanded:
                self.go_to(first)

    # -- showing a question ----------------------------------------------------------------------

    def go_to(self, qid: str) -> None:
        """Leave the current question (committing its notes) and show ``qid``."""
        if qid == self.current and self._notes_question == qid:
            return
        self.flush_notes()
        self.show_question(qid)

    def show_question(self, qid: str) -> None:
        if qid != self.current:
            self._indicate("")  # "saved" belongs to the question it was said on
        self.current = qid
        self.session.current_question = qid
        q = self.question
        structure = self.content.structure
        title = structure.title(q.ref) if q.ref in structure else ""
        heading = Text()
        heading.append(visible(q.ref))
        if title:
            heading.append(f" {visible(title)}")
        heading.append(f"  ({q.id})", style="not bold dim")
        self.query_one("#q-heading", Static).update(heading)
        self.query_one("#q-text", Static).update(Text(visible(q.text)))
        self.query_one("#q-guidance", Static).update(Text("Guidance: " + visible(q.guidance)))
        hints = Text("Evidence to ask for:")
        for item in q.evidence:
            hints.append(f"\n • {visible(item)}")
        self.query_one("#q-evidence-hints", Static).update(hints)
        self.query_one("#q-scroll", VerticalScroll).scroll_home(animate=False)
        self._load_notes(qid)
        self._show_answer()
        self._show_position()
        self.outline.reveal(qid)
        self._refresh_bindings_if_changed()

    def _show_position(self) -> None:
        pos = self.shown.index(self.current) + 1 if self.current in self.shown else 0
        answered = sum(1 for qid in self.all_ids if qid in self.answers)
        text = Text(f"Question {pos}/{len(self.shown)}")
        text.append(f" · {answered} answered")
        text.append(f" · filter: {self.filter_name}")
        self.query_one("#q-position", Static).update(text)

    def on_resize(self) -> None:
        short = self.size.height < SHORT_HEIGHT
        if short != self.has_class("-short"):
            self.set_class(short, "-short")
            if self.engagement_ is not None:
                self._show_answer()

    def _linked(self) -> tuple[str, Answer] | None:
        """The answer already given to the question that asks the same thing as this unanswered one."""
        given = linked_answer_for(self.content, self.answers, self.current)
        return (given.question_id, given) if given is not None else None

    def _show_answer(self) -> None:
        answer = self.answers.get(self.current)
        people = answer.interviewees if answer is not None else self.session.interviewees
        self.query_one("#q-answer", AnswerPanel).show(self.current, answer, people, self.engagement_,
                                                      short=self.has_class("-short"), linked=self._linked())

    def action_take_linked(self) -> None:
        """Answer this question as its linked twin was answered (content ``same_as``), so the client
        is not asked the same thing twice; recorded as an ordinary, audited answer."""
        linked = self._linked()
        if linked is None:
            self.notify("No linked question with an answer to take here.", markup=False)
            return
        other, given = linked
        notes = f"As answered for {other}." + (f"\n{given.notes}" if given.notes else "")
        self.flush_notes()
        if self._save(self.current, status=given.status, maturity=given.maturity, notes=notes,
                      interviewees=list(given.interviewees)) is not None:
            self._load_notes(self.current)

    # -- notes -----------------------------------------------------------------------------------

    def _load_notes(self, qid: str) -> None:
        answer = self.answers.get(qid)
        # Shown literally (control characters as escapes); stored as shown only once edited.
        saved = visible(answer.notes if answer is not None else self._drafts.get(qid, ""))
        self._notes_question = qid
        self.notes.load(saved)

    def flush_notes(self) -> None:
        """Commit the notes on screen if they differ from what the store has."""
        self.notes.flush()

    def _save_notes(self, text: str) -> bool:
        """The notes area's save: into the answer, or a note draft while unanswered."""
        qid = self._notes_question
        if qid is None:
            return False
        if qid not in self.answers:
            # Not answered yet: the note is committed as a draft, never held only in memory.
            try:
                self.store.save_note_draft(self.aid, qid, text, seen_notes=self._drafts.get(qid, ""))
            except StaleWriteError as exc:
                self._stale(exc)
                return False
            except StoreError as exc:
                self.notify(str(exc), title="Not saved", severity="error", markup=False)
                return False
            self._after_own_write()
            if text:
                self._drafts[qid] = text
            else:
                self._drafts.pop(qid, None)
            if self.is_mounted:
                self._indicate(f"draft ✓ {context.clock():%H:%M:%S}")  # short: it shares the notes' label row
            return True
        return self._save(qid, notes=text) is not None

    # -- writing ---------------------------------------------------------------------------------

    def _save(self, qid: str, **changes: object) -> Answer | None:
        """One committed write; the indicator and the outline follow."""
        try:
            answer = self.store.set_answer(self.aid, qid, seen=self.answers.get(qid), **changes)
        except StaleWriteError as exc:
            self._stale(exc)
            return None
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return None
        self._after_own_write()
        self.answers[qid] = answer
        if self.is_attached:
            self.post_message(AnswerSaved(qid))
        return answer

    def _stale(self, exc: StaleWriteError) -> None:
        """Another window or process changed this answer since the screen read it: nothing was
        written; show what is stored now, and say so."""
        self.notify(f"{exc} The screen now shows the stored version.", title="Changed elsewhere",
                    severity="warning", markup=False, timeout=10)
        self._known_changes = self.store.change_count()
        self._reread()

    def on_answer_saved(self, message: AnswerSaved) -> None:
        self._indicate(f"saved ✓ {context.clock():%H:%M:%S}")
        if message.question_id in self.outline.nodes:
            self.outline.refresh_labels(message.question_id, self.answers)
        if message.question_id == self.current:
            self._show_answer()
            self._show_position()
            self._refresh_bindings_if_changed()

    def _indicate(self, message: str) -> None:
        for widget in self.query("#q-saved").results(Static):
            widget.update(Text(message))

    def action_status(self, status: str) -> None:
        qid = self.current
        changes: dict[str, object] = {"status": status}
        if qid not in self.answers:
            changes["interviewees"] = list(self.session.interviewees)
        if self._notes_question == qid and self.notes.text != self.notes.saved_text:
            changes["notes"] = self.notes.text
        answer = self._save(qid, **changes)
        if answer is not None:
            self._drafts.pop(qid, None)  # the store moved any draft note into the answer
            self.notes.saved_text = visible(answer.notes)
            if status == "not-applicable" and not self.content.is_control(self.content.question(qid).ref):
                # Recorded all the same: the consultant decides, the report shows the reason.
                self.notify("Clauses 4–10 are requirements of the standard and cannot be excluded. "
                            "Recorded as n/a: write the reason in the notes (e).",
                            title="Not applicable?", severity="warning", markup=False)

    def action_maturity(self, level: int) -> None:
        if self.current not in self.answers:
            self.notify("Set a status first (m met, p partial, x not met, a n/a).", markup=False)
            return
        self._save(self.current, maturity=level)

    def action_clear_answer(self) -> None:
        """Back to unanswered at once; recorded in the history, undone by ctrl+z or from h."""
        if self.current in self.answers:
            self.flush_notes()
            cleared = self.answers[self.current]
            self.store.clear_answer(self.aid, self.current)  # keeps the notes as a draft
            self._after_own_write()
            del self.answers[self.current]
            if cleared.notes:
                self._drafts[self.current] = cleared.notes
            self._cleared = cleared
            self._load_notes(self.current)
            self.post_message(AnswerSaved(self.current))
            self.notify(f"Answer to {self.current} cleared: ctrl+z brings it back (or restore it from h).",
                        markup=False)

    def action_undo_clear(self) -> None:
        """Bring back the answer cleared last (if it was not answered again since)."""
        cleared, self._cleared = self._cleared, None
        if cleared is None or cleared.question_id in self.answers:
            self.notify("Nothing to undo: ctrl+z brings back an answer just cleared with c.", markup=False)
            return
        self._restore(cleared.question_id, {"status": cleared.status, "maturity": cleared.maturity,
                                            "notes": cleared.notes, "interviewees": cleared.interviewees})

    def _restore(self, qid: str, fields: dict[str, Any]) -> None:
        """Write an answer back as it was (status, maturity, notes, interviewees)."""
        interviewees = fields.get("interviewees") or []
        if isinstance(interviewees, str):  # as the audit trail stores it
            interviewees = json.loads(interviewees)
        if self._notes_question == qid:
            self.flush_notes()
        if self._save(qid, status=fields["status"], maturity=fields.get("maturity"),
                      notes=fields.get("notes") or "", interviewees=list(interviewees)) is None:
            return
        self._drafts.pop(qid, None)
        self.go_to(qid)
        self._load_notes(qid)

    def _refresh_bindings_if_changed(self) -> None:
        # Recomposing the footer costs tens of ms: only when what check_action says has changed.
        answered = self.current in self.answers
        if answered != self._footer_answered:
            first, self._footer_answered = self._footer_answered is None, answered
            if not first:  # the footer's first keys come with the screen's own bindings signal
                self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_answer":  # maturity, history and finding say why they cannot, when they cannot
            return True if self.current in self.answers else None
        if action == "sample":
            return self.banner is not None
        return True

    # -- moving ----------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if not self.shown:
            return
        pos = self.shown.index(self.current) if self.current in self.shown else -1
        pos = max(0, min(len(self.shown) - 1, pos + step))
        self.go_to(self.shown[pos])

    def _next_unanswered(self, step: int) -> None:
        ids = self.shown
        if not ids:
            return
        start = ids.index(self.current) if self.current in ids else -1
        for i in range(1, len(ids) + 1):
            qid = ids[(start + step * i) % len(ids)]
            if qid not in self.answers:
                self.go_to(qid)
                return
        self.notify("Every question in this view is answered.", markup=False)

    def action_next_unanswered(self) -> None:
        self._next_unanswered(1)

    def action_previous_unanswered(self) -> None:
        self._next_unanswered(-1)

    def action_edit_notes(self) -> None:
        self.notes.focus()
        self.notes.move_cursor(self.notes.document.end)

    def action_external_editor(self) -> None:
        """Long notes: open this question's note in $VISUAL or $EDITOR and read it back on exit."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify("Set $EDITOR (or $VISUAL) to write notes in your own editor.", markup=False)
            return
        self.flush_notes()
        qid = self.current
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix=f"aims-{qid}-", suffix=".txt",
                                         delete=False) as handle:
            handle.write(self.notes.text)
        path = Path(handle.name)
        try:
            with self.app.suspend():
                code = subprocess.run([*shlex.split(editor), str(path)], check=False).returncode
            text = path.read_text(encoding="utf-8")
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor.", severity="warning", markup=False)
            return
        except (OSError, ValueError, UnicodeDecodeError) as exc:  # no such editor, unreadable result
            self.notify(f"$EDITOR {editor}: {exc}; the note is unchanged.", severity="error", markup=False)
            return
        finally:
            path.unlink(missing_ok=True)
        if code != 0:
            self.notify(f"{editor} exited with code {code}; the note is unchanged.", severity="warning",
                        markup=False)
            return
        if qid != self.current:
            return
        self.notes.load_text(text[:-1] if text.endswith("\n") else text)  # editors end the file with a newline
        self.flush_notes()

    def action_scroll_question(self, direction: int) -> None:
        body = self.query_one("#q-scroll", VerticalScroll)
        body.scroll_page_down(animate=False) if direction > 0 else body.scroll_page_up(animate=False)

    def action_leave(self) -> None:
        """Escape: out of the notes if editing them, else back to the home list."""
        if self.focused is self.notes:
            self.set_focus(None)
            self.flush_notes()
        else:
            self.flush_notes()
            if self.back_to:  # an interview: back to the audit it belongs to
                self.app.open_section(self.back_to)  # type: ignore[attr-defined]
                return
            self.app.action_back()  # type: ignore[attr-defined]

    def action_go_to(self) -> None:
        from aims_tui.tui.dialogs.prompt_dialog import Prompt

        def done(value: str | None) -> None:
            if not value:
                return
            wanted = value.strip()
            qid = next((q.id for q in self.content.questions if q.id.lower() == wanted.lower()), None)
            if qid is None:  # a clause or control id, in any case ("a.7.4")
                section = next((sid for sid in self.content.structure.sections if sid.lower() == wanted.lower()),
                               wanted)
                qid = next((q.id for q in self.content.questions_for(section)), None)
            if qid is None:
                self.notify(f"No question or clause {wanted!r}.", severity="warning", markup=False)
                return
            if qid not in self.shown:
                self._apply_filter("all", list(self.all_ids))
            self.go_to(qid)

        self.app.push_screen(Prompt("Go to question, clause or control", placeholder="6.1.2-q1, 6.1.2, A.6.2.4",
                                    suggestions=self.all_ids), done)

    # -- filters and search ----------------------------------------------------------------------

    def _apply_filter(self, name: str, ids: list[str]) -> None:
        self.flush_notes()
        self.filter_name = name
        self.shown = ids
        self.outline.build(self.shown, self.answers)
        target = self.current if self.current in ids else ids[0]
        self.show_question(target)

    def action_filter(self) -> None:
        from aims_tui.tui.dialogs.choice_dialog import Choice

        structure = self.content.structure
        options = [("all", "All questions"), ("unanswered", "Unanswered"),
                   ("gaps", "Gaps only (partial or not met)")]
        options += [(f"section:{sid}", f"{sid} {structure.title(sid)}")
                    for sid in structure.clause_ids + structure.group_ids]

        def done(choice: str | None) -> None:
            if choice is None:
                return
            if choice == "all":
                ids, name = list(self.all_ids), "all"
            elif choice == "unanswered":
                ids, name = [q for q in self.all_ids if q not in self.answers], "unanswered"
            elif choice == "gaps":
                ids = [q for q in self.all_ids
                       if q in self.answers and self.answers[q].status in ("partial", "not-met")]
                name = "gaps"
            else:
                sid = choice.split(":", 1)[1]
                ids, name = [q.id for q in self.content.questions_for(sid)], sid
            if not ids:
                self.notify(f"No questions match “{name}”.", severity="warning", markup=False)
                return
            self._apply_filter(name, ids)

        current = self.filter_name if self.filter_name in ("all", "unanswered", "gaps") \
            else f"section:{self.filter_name}"
        self.app.push_screen(Choice("Show", options, current=current), done)

    def action_search(self) -> None:
        from aims_tui.tui.dialogs.prompt_dialog import Prompt

        def done(term: str | None) -> None:
            if term is None:
                return
            needle = term.strip().lower()
            if not needle:
                self._apply_filter("all", list(self.all_ids))
                return
            ids = []
            for q in self.content.questions:
                answer = self.answers.get(q.id)
                haystack = " ".join((q.id, q.ref, q.text, answer.notes if answer else "",
                                     self._drafts.get(q.id, ""))).lower()
                if needle in haystack:
                    ids.append(q.id)
            if not ids:
                self.notify(f"Nothing matches {term.strip()!r}.", severity="warning", markup=False)
                return
            self._apply_filter(f"search “{term.strip()}”", ids)

        self.app.push_screen(Prompt("Search question text and notes", placeholder="words to find",
                                    hint="Blank shows every question again."), done)
