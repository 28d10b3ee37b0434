"""The forms that edit an evidence reference, a finding or an action already recorded; each returns
the changed fields for the store's ``update_*``. Each is the same form that records a new one
(evidence_form, finding_form, action_form), opened on the item; this module keeps one import for
the walker's edit flow."""

from aims_tui.tui.dialogs.action_form import ActionEditForm
from aims_tui.tui.dialogs.evidence_form import EvidenceEditForm
from aims_tui.tui.dialogs.finding_form import FindingEditForm

__all__ = ["ActionEditForm", "EvidenceEditForm", "FindingEditForm"]
