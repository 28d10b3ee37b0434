"""Exports: domain objects in, Word, CSV and JSON files out (the gap report, the SoA draft, the bundle).

Imports neither sqlite nor textual; every figure comes from the domain core. :func:`export` is the
one routine the TUI and the CLI call.
"""

from aims_tui.exports.files import ExportCancelled, ExportError, atomic_write_bytes, clean_leftovers, default_filename
from aims_tui.exports.report import build_gap_report
from aims_tui.exports.routine import (EXPORT_KINDS, ExportKind, export, write_bundle, write_gap_report,
                                      write_soa_csv, write_soa_docx)
from aims_tui.exports.soa import build_soa_docx
from aims_tui.exports.pdf import write_pdf
from aims_tui.exports.template import check_template

__all__ = [
    "EXPORT_KINDS",
    "ExportCancelled",
    "ExportError",
    "ExportKind",
    "atomic_write_bytes",
    "build_gap_report",
    "build_soa_docx",
    "check_template",
    "clean_leftovers",
    "default_filename",
    "export",
    "write_bundle",
    "write_gap_report",
    "write_pdf",
    "write_soa_csv",
    "write_soa_docx",
]
