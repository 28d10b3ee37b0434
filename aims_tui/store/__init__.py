"""Storage: one SQLite file per engagement file, every change committed and audited at once."""

from aims_tui.store.errors import StaleWriteError, StoreError
from aims_tui.store.import_report import ImportReport
from aims_tui.store.read_only import open_read_only
from aims_tui.store.repository import AssessmentSummary, HistoryEntry, Store

__all__ = ["Store", "StoreError", "StaleWriteError", "AssessmentSummary", "HistoryEntry", "ImportReport",
           "open_read_only"]
