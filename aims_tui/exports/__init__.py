"""Exports: domain objects in, Word and CSV files out (the gap report and the SoA draft).

Imports neither sqlite nor textual; every figure comes from the domain core.
"""

from aims_tui.exports.files import ExportError, atomic_write_bytes, default_filename
from aims_tui.exports.report import build_gap_report, write_gap_report
from aims_tui.exports.soa import build_soa_docx, write_soa_csv, write_soa_docx

__all__ = [
    "ExportError",
    "atomic_write_bytes",
    "build_gap_report",
    "build_soa_docx",
    "default_filename",
    "write_gap_report",
    "write_soa_csv",
    "write_soa_docx",
]
