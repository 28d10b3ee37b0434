"""The one export routine, used by the Export screen and ``aims export`` alike.

:func:`export` resolves where the file goes (the same naming rule for both: a default name never
replaces a file, a named file of the right type is replaced, anything else is refused in one line),
renders the document, writes it through a recognisable temporary file renamed into place, and
returns the path written. The bundle's content comes from the store's public ``export_bundle``,
read by the caller on its own thread and passed in as data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from aims_tui.domain.content import Content
from aims_tui.domain.internal_audit import Audit, AuditRecords, Interview, Sample
from aims_tui.domain.models import Engagement
from aims_tui.exports import docx_common as w
from aims_tui.exports.files import atomic_write_bytes, resolve_target
from aims_tui.exports.audit_report import build_audit_report
from aims_tui.exports.report import build_gap_report
from aims_tui.exports.soa import build_soa_docx, soa_csv_text
from aims_tui.exports.template import check_template
from aims_tui.exports.wordml import checkpoint, stoppable

__all__ = ["ExportKind", "EXPORT_KINDS", "export", "write_gap_report", "write_soa_docx", "write_soa_csv",
           "write_bundle", "write_audit_report"]


@dataclass(frozen=True)
class ExportKind:
    """One thing that can be exported."""

    id: str
    label: str
    """As the Export screen names it."""
    name_kind: str
    """The word for it in default file names (``files.KINDS``)."""
    ext: str
    uses_template: bool
    in_all: bool = True
    """Written by the Export screen's "All"."""


EXPORT_KINDS: dict[str, ExportKind] = {
    "report": ExportKind("report", "Gap report .docx", "gap-report", "docx", True),
    "soa-docx": ExportKind("soa-docx", "SoA .docx", "soa", "docx", True),
    "soa-csv": ExportKind("soa-csv", "SoA .csv", "soa", "csv", False),
    "bundle": ExportKind("bundle", "Bundle .json", "bundle", "json", False),
    "audit-report": ExportKind("audit-report", "Audit report .docx", "audit-report", "docx", True, in_all=False),
}


def export(kind: str, engagement: Engagement, content: Content, out: Path | str | None = None, *,
           template: Path | None = None, bundle: dict[str, Any] | None = None,
           stop: Callable[[], bool] | None = None, audit: AuditRecords | None = None) -> Path:
    """Write one export and return its path; any thread.

    ``out``: None (the default exports folder), an existing folder (a default name inside it) or
    a file name with the kind's extension. ``template`` is used by the Word exports only.
    ``bundle`` (kind "bundle" only) is the store's ``export_bundle`` for the assessment.
    ``audit`` (kind "audit-report" only): the store's ``internal_audit.audit_records``.
    ``stop``, polled while the document is built, ends the export early with ExportCancelled.
    Raises ExportError with one line naming the path and what to do; nothing is written then.
    """
    spec = EXPORT_KINDS[kind]
    target = resolve_target(out, engagement, spec.name_kind, spec.ext)
    if spec.uses_template and template is not None:
        check_template(template)
    with stoppable(stop):
        data = _render(spec, engagement, content, template if spec.uses_template else None, bundle, audit)
        checkpoint()
    return atomic_write_bytes(target.path, data, replace=target.named)


def _render(spec: ExportKind, engagement: Engagement, content: Content, template: Path | None,
            bundle: dict[str, Any] | None, audit: AuditRecords | None = None) -> bytes:
    if spec.id == "audit-report":  # internal audits (issue 14)
        records = audit or AuditRecords()
        return w.render(build_audit_report(engagement, content, audit=records.audit, interviews=records.interviews,
                                           samples=records.samples, template=template))
    if spec.id == "report":
        return w.render(build_gap_report(engagement, content, template=template))
    if spec.id == "soa-docx":
        return w.render(build_soa_docx(engagement, content, template=template))
    if spec.id == "soa-csv":
        # UTF-8 with a byte-order mark, so Excel reads accents
        return soa_csv_text(engagement, content).encode("utf-8-sig")
    if bundle is None:
        raise ValueError("a bundle export needs the store's export_bundle() for the assessment")
    return json.dumps(bundle, indent=1, ensure_ascii=False).encode("utf-8", "surrogatepass")


def write_gap_report(engagement: Engagement, content: Content, out: Path | str | None = None, *,
                     template: Path | None = None) -> Path:
    """The gap report (.docx); see :func:`export`."""
    return export("report", engagement, content, out, template=template)


def write_soa_docx(engagement: Engagement, content: Content, out: Path | str | None = None, *,
                   template: Path | None = None) -> Path:
    """The SoA draft (.docx, landscape); see :func:`export`."""
    return export("soa-docx", engagement, content, out, template=template)


def write_soa_csv(engagement: Engagement, content: Content, out: Path | str | None = None) -> Path:
    """The SoA as CSV; see :func:`export`."""
    return export("soa-csv", engagement, content, out)


def write_bundle(engagement: Engagement, content: Content, bundle: dict[str, Any],
                 out: Path | str | None = None) -> Path:
    """The JSON bundle (``bundle`` from the store's ``export_bundle``); see :func:`export`."""
    return export("bundle", engagement, content, out, bundle=bundle)


def write_audit_report(engagement: Engagement, content: Content, out: Path | str | None = None, *,
                       template: Path | None = None, audit: Audit | None = None,
                       interviews: Sequence[Interview] = (), samples: Sequence[Sample] = ()) -> Path:
    """The internal audit report (.docx); see :func:`export`."""
    return export("audit-report", engagement, content, out, template=template,
                  audit=AuditRecords(audit, tuple(interviews), tuple(samples)))
