"""The Statement of Applicability draft: a landscape Word table of all 38 Annex A controls, and the
same rows as CSV for people who live in spreadsheets.

The rows are :func:`aims_tui.domain.soa.draft_soa`'s entries; nothing is decided here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from aims_tui.domain.content import Content, Scales
from aims_tui.domain.models import IMPLEMENTATION_STATUSES, Engagement
from aims_tui.domain.soa import TO_BE_LISTED, TO_BE_NAMED, SoAEntry, draft_soa, soa_blockers
from aims_tui.domain.wording import NO_VALUE
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.tables import Cell
from aims_tui.exports.sanitize import clean

SOA_COLUMNS = [("Control", 0.75), ("Title", 2.0), ("Applicable", 1.0), ("Reasons for inclusion", 1.4),
               ("Justification", 4.2), ("Implementation status", 1.3), ("Linked risks", 1.1), ("Owner", 1.1),
               ("Evidence", 2.2)]


EXCLUDED_STATUS = "n/a (excluded)"
"""Implementation status shown for an excluded control (Word and CSV): there is none to report."""
NONE_YET = "None yet: not in place"
"""Evidence shown for an applicable control that is planned or not implemented and lists none."""


def _status_cell(entry: SoAEntry, scales: Scales) -> Cell:
    if not entry.applicable:
        return Cell(EXCLUDED_STATUS, fill=w.STATUS_FILL["not-applicable"], color=w.MUTED)
    if entry.status is None:  # applicable and unknown: a genuine gap
        return Cell("Not yet known", color=w.DRAFT_RED)
    return Cell(scales.label("implementation_statuses", entry.status), fill=w.IMPLEMENTATION_FILL.get(entry.status))


def _owner_cell(entry: SoAEntry) -> Cell | str:
    if entry.owner.strip():
        return entry.owner
    return Cell(TO_BE_NAMED, color=w.DRAFT_RED) if entry.applicable else NO_VALUE


def _evidence_cell(entry: SoAEntry) -> Cell | str:
    """The evidence lines; for an applicable control without any, what the reader should make of
    the gap (listed as an open item where the control is reported in place or its status unknown)."""
    if entry.evidence:
        return "\n".join(entry.evidence)
    if not entry.applicable:
        return NO_VALUE
    if entry.status in ("planned", "not-implemented"):
        return Cell(NONE_YET, color=w.MUTED)
    return Cell(TO_BE_LISTED, color=w.DRAFT_RED)


def _row(entry: SoAEntry, scales: Scales) -> list:
    applicable = Cell("Yes", bold=True) if entry.applicable else Cell("No", bold=True, fill=w.STATUS_FILL[
        "not-applicable"])
    return [
        Cell(entry.control_id, bold=True),
        entry.title,
        applicable,
        "\n".join(scales.label("inclusion_reasons", r) for r in entry.reasons) or NO_VALUE,
        entry.justification or NO_VALUE,
        _status_cell(entry, scales),
        ", ".join(entry.linked_risks) or NO_VALUE,
        _owner_cell(entry),
        _evidence_cell(entry),
    ]


def _open_items(doc: w.Doc, entries: list[SoAEntry], blockers: list[str]) -> None:
    """What must be resolved before issue, once per kind of problem with the controls it concerns
    (sixteen controls without a status are one line, not sixteen), then the risk register's items."""
    by_problem: dict[str, list[str]] = {}
    per_entry = set()
    for e in entries:
        for problem in e.problems:
            per_entry.add(problem)
            rest = problem[len(e.control_id):].lstrip(" :") if problem.startswith(e.control_id) else problem
            rest = rest.removeprefix("is ")
            by_problem.setdefault(rest[:1].upper() + rest[1:], []).append(e.control_id)
    w.heading(doc, "Open items", 2)
    w.para(doc, "To be resolved before this Statement of Applicability is issued:", space_after=3, keep_with_next=True)
    if by_problem:
        tb.table(doc, [("To resolve", 3), ("Controls", 2)],
                [[problem, Cell(", ".join(ids) + (f" ({len(ids)})" if len(ids) > 1 else ""))]
                 for problem, ids in by_problem.items()])
    for b in blockers:
        if b not in per_entry:
            w.bullet(doc, b)


def _coverage_appendix(doc: w.Doc, entries: list[SoAEntry]) -> None:
    """The assessor's notes: what the interviews found per control, by question, kept out of the
    client's justifications."""
    rows = [[Cell(e.control_id, bold=True), e.coverage] for e in entries if e.coverage]
    if not rows:
        return
    w.heading(doc, "Appendix: interview coverage (assessor's notes)", 2)
    w.para(doc, "What the interviews found for each control, question by question. These notes support the "
                "implementation status; they are not part of the justifications.", space_after=3, keep_with_next=True)
    tb.table(doc, [("Control", 0.9), ("Interview coverage", 6)], rows)


def build_soa_docx(engagement: Engagement, content: Content, *, template: Path | None = None,
                   today: dt.date | None = None, exported_at: dt.datetime | None = None) -> w.Doc:
    """The SoA draft as a python-docx document (not yet saved). ``exported_at`` (default: now)
    is the file's created and modified time."""
    today = today or dt.date.today()
    a = engagement.assessment
    entries = draft_soa(content, engagement)
    blockers = soa_blockers(content, engagement)
    draft = bool(blockers)
    doc = w.new_document(template, landscape=True)
    w.set_core_properties(doc, title=f"{a.org} — Statement of Applicability",
                          subject=f"ISO/IEC 42001:2023 Annex A Statement of Applicability of {a.org}, "
                                  f"version {a.document_version}",
                          author=", ".join(a.assessors), version=a.document_version,
                          status="Draft" if draft else "Final", exported_at=exported_at)
    w.header_footer(doc, header_left=f"{a.org} · Statement of Applicability (ISO/IEC 42001:2023 Annex A)",
                    footer_left=f"{a.org} · version {a.document_version} · {today.isoformat()}", draft=draft)

    w.para(doc, "Statement of Applicability" + (" — draft" if draft else ""), style="Title")
    w.para(doc, f"{a.org} · ISO/IEC 42001:2023 Annex A · version {a.document_version} · {today.isoformat()}",
           style="Subtitle")
    if draft:
        w.para(doc, "DRAFT", size=20, bold=True, color=w.DRAFT_RED, space_after=0)
        w.para(doc, (f"{len(blockers)} item{'s' if len(blockers) != 1 else ''} must be resolved before this "
                     "Statement of Applicability can be issued; they are listed, grouped by kind, at the end of the "
                     "document."),
               italic=True, color=w.DRAFT_RED, size=9)
    applicable = sum(1 for e in entries if e.applicable)
    counts = {k: sum(1 for e in entries if e.applicable and e.status == k) for k in IMPLEMENTATION_STATUSES}
    scope = a.scope.strip().rstrip(".") or "not recorded"
    w.para(doc, (f"Scope: {scope}. "
                 + (f"All {len(entries)} Annex A controls are applicable; none is excluded. "
                    if applicable == len(entries) else
                    f"{applicable} of {len(entries)} Annex A controls are applicable and "
                    f"{len(entries) - applicable} excluded. ")
                 + "Of the applicable controls: "
                 + ", ".join(f"{n} {content.scales.label('implementation_statuses', k).lower()}" for k, n in counts.items())
                 + (f", {applicable - sum(counts.values())} not yet known" if applicable - sum(counts.values())
                    else "") + "."))

    rows: list[list] = []
    group = None
    ncols = len(SOA_COLUMNS)
    for e in entries:
        if e.group_id != group:
            group = e.group_id
            rows.append([Cell(f"{e.group_id} {e.group_title}", bold=True, fill=w.ACCENT_LIGHT, span=ncols,
                             keep_next=True)])
        rows.append(_row(e, content.scales))
    tb.table(doc, SOA_COLUMNS, rows)

    if draft:
        _open_items(doc, entries, blockers)
    tb.approval_table(doc, [("Prepared by", ", ".join(a.assessors)),
                           (f"Approved for {a.org} (top management)", "")])
    w.para(doc, (f"Drafted from the assessment record; audit trail hash {engagement.audit_head or NO_VALUE}."),
           size=8, color=w.MUTED)
    _coverage_appendix(doc, entries)
    return doc


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

CSV_HEADER = ["control_id", "title", "group_id", "group_title", "applicable", "reasons", "justification",
              "implementation_status", "linked_risks", "owner", "evidence", "answer_status", "final", "problems", "interview_coverage"]


def _spreadsheet_safe(value: str) -> str:
    """Clean text, and keep a spreadsheet from running it as a formula (=, +, -, @ at the start)."""
    value = clean(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_status(entry: SoAEntry) -> str:
    """The status id; "n/a (excluded)" for an excluded control; empty while applicable and unknown."""
    if not entry.applicable:
        return EXCLUDED_STATUS
    return entry.status or ""


def soa_csv_text(engagement: Engagement, content: Content) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(CSV_HEADER)
    for e in draft_soa(content, engagement):
        out.writerow([_spreadsheet_safe(v) for v in (
            e.control_id, e.title, e.group_id, e.group_title, "yes" if e.applicable else "no",
            "; ".join(e.reasons), e.justification, _csv_status(e), "; ".join(e.linked_risks), e.owner,
            "; ".join(e.evidence), e.answer_status or "", "yes" if e.final else "no", " ".join(e.problems),
            e.coverage,
        )])
    return buf.getvalue()
