"""The walker's outline: the clauses and Annex A groups as a tree, each question marked with its
status and maturity, each section with its progress and a colour for its conformance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from aims_tui.domain.figures import conformance_level
from aims_tui.domain.gap_score import GapScore, section_scores
from aims_tui.domain.terminal_text import visible

if TYPE_CHECKING:
    from rich.text import TextType
    from textual.theme import Theme

    from aims_tui.domain.content import Content
    from aims_tui.domain.models import Answer

STATUS_MARK = {"met": "✓", "partial": "◐", "not-met": "✗", "not-applicable": "–"}


class Outline(Tree[tuple[str, str]]):
    """The clause / Annex A tree. Never takes focus: keys belong to the walker, the mouse still
    clicks nodes."""

    can_focus = False
    DEFAULT_CSS = """
    Outline { width: 40%; min-width: 28; max-width: 64; height: 1fr; border-right: vkey $foreground 20%;
              background: $surface; padding: 0; overflow-x: hidden; }
    /* Never focused, so Textual would draw the cursor in its faint blurred style. */
    Outline > .tree--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                              text-style: $block-cursor-text-style; }
    """

    def __init__(self, content: Content, **kwargs: Any) -> None:
        super().__init__("ISO/IEC 42001", **kwargs)
        self.questionnaires = content
        self.nodes: dict[str, TreeNode] = {}
        """Tree node of each section and question shown."""
        self.show_root = False
        self.guide_depth = 2
        self._theme: Theme | None = None
        """The app's theme while the tree is being (re)built: looked up once, not once per label."""

    def process_label(self, label: TextType) -> Text:
        """The labels built here are one line of Text already: kept as they are, where Tree would
        split each into lines and copy the first (about a fifth of building the 252 nodes)."""
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def _colour(self, score: GapScore) -> str:
        theme = self._theme or self.app.current_theme
        if score.answered == 0:
            return theme.foreground or "default"
        level = conformance_level(score.conformance)
        if level is None:
            return "dim"
        if level == "good":
            return theme.success or "green"
        if level == "fair":
            return theme.warning or "yellow"
        return theme.error or "red"

    def _section_label(self, sid: str, score: GapScore) -> Text:
        label = Text()
        label.append(sid, style="bold")
        label.append(f" {score.answered}/{score.total} ")
        label.append("●" if score.answered else "○", style=self._colour(score) if score.answered else "dim")
        label.append(" " + visible(self.questionnaires.structure.title(sid)), style="dim" if not score.answered else "")
        return label

    def _question_label(self, qid: str, answers: dict[str, Answer]) -> Text:
        answer = answers.get(qid)
        theme = self._theme or self.app.current_theme
        label = Text()
        if answer is None:
            label.append("· ", style="dim")
        else:
            colour = {"met": theme.success, "partial": theme.warning, "not-met": theme.error}.get(answer.status)
            label.append(STATUS_MARK[answer.status] + " ", style=colour or "dim")
        label.append(qid)
        if answer is not None and answer.maturity is not None:
            label.append(f" [{answer.maturity}]", style="dim")
        return label

    def build(self, shown: list[str], answers: dict[str, Answer]) -> None:
        """(Re)build the tree for the questions the filter shows."""
        self._theme = self.app.current_theme
        try:
            self._add_nodes(shown, answers)
        finally:
            self._theme = None

    def _add_nodes(self, shown: list[str], answers: dict[str, Answer]) -> None:
        tree = self
        tree.clear()
        self.nodes = {}
        structure = self.questionnaires.structure
        scores = section_scores(self.questionnaires, answers)
        in_view = set(shown)

        def add(parent: TreeNode, sid: str) -> None:
            questions = [q for q in self.questionnaires.questions_for(sid) if q.id in in_view]
            if not questions:
                return
            node = parent.add(self._section_label(sid, scores[sid]), data=("section", sid))
            self.nodes[sid] = node
            section = structure[sid]
            for child in section.children:
                add(node, child)
            direct = [q for q in questions if q.ref == sid]
            for q in direct:
                self.nodes[q.id] = node.add_leaf(self._question_label(q.id, answers), data=("question", q.id))

        for top in structure.clause_ids + structure.group_ids:
            add(tree.root, top)
        others = [q for q in self.questionnaires.questions if q.ref not in structure and q.id in in_view]
        for q in others:
            self.nodes[q.id] = tree.root.add_leaf(self._question_label(q.id, answers), data=("question", q.id))

    def refresh_labels(self, qid: str, answers: dict[str, Answer]) -> None:
        """Update the question's node and its sections after an answer changed."""
        scores = section_scores(self.questionnaires, answers)
        if (node := self.nodes.get(qid)) is not None:
            node.set_label(self._question_label(qid, answers))
        ref = self.questionnaires.question(qid).ref
        if ref in self.questionnaires.structure:
            for sid in self.questionnaires.structure.ancestors(ref):
                if (node := self.nodes.get(sid)) is not None:
                    node.set_label(self._section_label(sid, scores[sid]))

    def reveal(self, qid: str) -> None:
        """Open the question's sections, put the cursor on it and scroll it (and its clause) into view."""
        node = self.nodes.get(qid)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        # Expanding drops the tree's line numbers until they are rebuilt; move_cursor reads the
        # node's line, so rebuild them now (last_line does) or the cursor stays where it was.
        _ = self.last_line
        self.move_cursor(node, animate=False)
        # Show the clause heading when it fits, then make sure the question itself is in view; again
        # once laid out, as the first time the tree's height is not known yet (it opened scrolled
        # past the heading in a real terminal).
        top = node
        while top.parent is not None and top.parent is not self.root:
            top = top.parent

        def scroll() -> None:
            self.scroll_to_node(top, animate=False)
            self.scroll_to_node(node, animate=False)

        scroll()
        self.call_after_refresh(scroll)
