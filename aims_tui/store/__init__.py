"""Storage: one SQLite file per engagement file, every change committed and audited at once."""

from aims_tui.store.errors import StoreError
from aims_tui.store.repository import AssessmentSummary, HistoryEntry, ImportReport, Store

__all__ = ["Store", "StoreError", "AssessmentSummary", "HistoryEntry", "ImportReport"]
