"""The Word gap report: domain objects in, a .docx a consultant would sign out.

Every figure comes from the domain core (scoring, risk, soa); this module only lays them out.
Chapter order follows a consultancy gap report: cover and document control, contents, executive
summary, method, scope and AI systems, clause 4–10 results, Annex A, risk register, remediation
roadmap, appendices (evidence, interviewees, audit trail).

The chapters live beside this module, one unit per part of the report: ``front`` (cover,
contents, executive summary, method, scope), ``results`` (clauses 4–10, Annex A, findings),
``risks`` (risk register), ``roadmap`` (ranked gaps, action plan) and ``back`` (appendices); ``common`` holds the figures they
share (:class:`ReportData`) and the cells they draw with. Word mechanics are in
``docx_common``/``tables``/``wordml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement
from aims_tui.exports import docx_common as w
from aims_tui.exports.report.back import appendices
from aims_tui.exports.report.common import KIND_TITLES, ReportData
from aims_tui.exports.report.front import cover, executive_summary, insert_contents, last_block, method, scope
from aims_tui.exports.report.results import annex_a, clause_results, findings
from aims_tui.exports.report.risks import risk_register
from aims_tui.exports.report.roadmap import roadmap

__all__ = ["build_gap_report", "ReportData"]


def build_gap_report(engagement: Engagement, content: Content, *, template: Path | None = None,
                     today: dt.date | None = None, exported_at: dt.datetime | None = None) -> w.Doc:
    """The gap report as a python-docx document (not yet saved). ``exported_at`` (default: now)
    is the file's created and modified time."""
    today = today or dt.date.today()
    data = ReportData.build(engagement, content, today)
    a = engagement.assessment
    doc = w.new_document(template)
    kind = KIND_TITLES.get(a.kind, a.kind)
    w.set_core_properties(doc, title=f"{a.org} — AIMS {kind.lower()} report",
                          subject=f"ISO/IEC 42001:2023 {kind.lower()} of {a.org}, version {a.document_version}",
                          author=", ".join(a.assessors), version=a.document_version,
                          status="Draft" if data.draft else "Final", exported_at=exported_at)
    w.header_footer(doc, header_left=f"{a.org} · AIMS {kind.lower()} report (ISO/IEC 42001:2023)",
                    footer_left=f"{a.org} · version {a.document_version} · {today.isoformat()}",
                    draft=data.draft)

    cover(doc, engagement, content, data)
    toc_after = last_block(doc)
    headings: list[tuple[int, str]] = []

    def h(text: str, level: int):
        if level <= 2:
            headings.append((level, text))
        return w.heading(doc, text, level)

    executive_summary(doc, h, engagement, content, data)
    method(doc, h, engagement, content, data)
    scope(doc, h, engagement, content)
    clause_results(doc, h, engagement, content, data)
    annex_a(doc, h, engagement, content, data)
    findings(doc, h, engagement, content, data)
    risk_register(doc, h, engagement, content, data)
    roadmap(doc, h, engagement, content, data)
    appendices(doc, h, engagement, content, data)
    insert_contents(doc, toc_after, headings)
    return doc
