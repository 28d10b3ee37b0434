"""Reading the fields the internal-audit forms share: dates, comma-separated lists, clause and
control ids checked against the loaded structure."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from aims_tui.tui.dialogs.form_base import DateError, FormDialog

if TYPE_CHECKING:
    from aims_tui.domain.content import Structure

__all__ = ["dated", "id_list", "refs"]


def dated(form: FormDialog, labels: dict[str, str]) -> dict[str, date | None] | None:
    """The dates typed in the fields ``labels`` names (blank: None); None after saying which one is
    wrong, with the cursor there."""
    out: dict[str, date | None] = {}
    for field_id, label in labels.items():
        try:
            out[field_id] = form.date_value(field_id, label)
        except DateError as exc:
            form.fail(field_id, str(exc))
            return None
    return out


def id_list(text: str) -> list[str]:
    """``"6.1, A.6 ,"`` -> ``["6.1", "A.6"]``: comma-separated, blanks dropped, each once."""
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def refs(form: FormDialog, field_id: str, label: str, structure: Structure, kind: str = "any") -> list[str] | None:
    """The clause or control ids typed in a field, each one known to the structure (and under a clause
    for ``kind="clause"``, under Annex A for ``kind="control"``); None after naming the first that
    is not."""
    wanted = {"clause": structure.clause_ids, "control": structure.group_ids}.get(kind)
    words = {"clause": "a clause id (4 to 10, e.g. 6.1.2)", "control": "an Annex A id (e.g. A.6 or A.6.2.4)"}
    out = []
    for ref in id_list(form.text(field_id)):
        known = next((sid for sid in structure.sections if sid.lower() == ref.lower()), None)
        if known is None or (wanted is not None and structure.top(known) not in wanted):
            form.fail(field_id, f"{label}: {ref!r} is not {words.get(kind, 'a clause or control id (6.1.2, A.6.2.4)')}; "
                                "separate several with commas.")
            return None
        out.append(known)
    return out
