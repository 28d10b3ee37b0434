"""Reading the fields the internal-audit forms share: required text, dates and periods, whole
numbers, comma-separated lists, clause and control ids checked against the loaded structure.

Each reader returns the value, or says why the form cannot be saved (``form.fail``: one line, the
cursor on the field) and raises :class:`Refused`, which a submit decorated with :func:`checked`
ends on: a form's submit reads as the list of its fields.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, NoReturn, TypeVar

from aims_tui.tui.dialogs.form_base import DateError, FormDialog

if TYPE_CHECKING:
    from aims_tui.domain.content import Structure

__all__ = ["FormResult", "Refused", "checked", "count", "dated", "id_list", "period", "refs", "refuse", "required"]

F = TypeVar("F", bound=FormDialog)


class Refused(Exception):
    """The form said why it cannot be saved; its submit stops here (see :func:`checked`)."""


class FormResult:
    """What an internal-audit form returns (a frozen dataclass): :meth:`fields` are the keyword
    arguments of the ``store.internal_audit`` function that saves it."""

    def fields(self) -> dict[str, Any]:
        return dict(self.__dict__)


def checked(submit: Callable[[F], None]) -> Callable[[F], None]:
    """A form's ``submit`` that ends quietly where a reader refused a field (it has said why)."""

    @functools.wraps(submit)
    def run(form: F) -> None:
        try:
            submit(form)
        except Refused:
            pass

    return run


def refuse(form: FormDialog, field_id: str, message: str) -> NoReturn:
    form.fail(field_id, message)
    raise Refused(message)


def required(form: FormDialog, field_id: str, message: str) -> str:
    """The text typed in a field that must not be blank; ``message`` says what is missing."""
    text = form.text(field_id)
    if not text:
        refuse(form, field_id, message)
    return text


def dated(form: FormDialog, labels: dict[str, str]) -> dict[str, date | None]:
    """The dates typed in the fields ``labels`` names (blank: None), checked in that order."""
    out: dict[str, date | None] = {}
    for field_id, label in labels.items():
        try:
            out[field_id] = form.date_value(field_id, label)
        except DateError as exc:
            refuse(form, field_id, str(exc))
    return out


def period(form: FormDialog, start: tuple[str, str], end: tuple[str, str],
           needed: str | None = None) -> tuple[date | None, date | None]:
    """The dates of a period, ``start`` and ``end`` each (field id, label): the end not before the
    start; with ``needed`` (what to say otherwise) both dates must be given."""
    dates = dated(form, dict([start, end]))
    first, last = dates[start[0]], dates[end[0]]
    if needed is not None and (first is None or last is None):
        refuse(form, start[0] if first is None else end[0], needed)
    if first is not None and last is not None and last < first:
        refuse(form, end[0], f"{end[1]}: {last.isoformat()} is before the start {first.isoformat()}.")
    return first, last


def count(form: FormDialog, field_id: str, label: str, *, default: int | None = None, required: bool = False,
          within: range | None = None, what: str = "a whole number") -> int | None:
    """The whole number typed in a field; blank gives ``default`` unless ``required``; ``within``
    the numbers allowed, ``what`` their description in the refusal."""
    text = form.text(field_id)
    if not text and not required:
        return default
    if not text.isdigit() or (within is not None and int(text) not in within):
        refuse(form, field_id, f"{label}: {text!r} is not {what}.")
    return int(text)


def id_list(text: str) -> list[str]:
    """``"6.1, A.6 ,"`` -> ``["6.1", "A.6"]``: comma-separated, blanks dropped, each once."""
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def refs(form: FormDialog, field_id: str, label: str, structure: Structure, kind: str = "any") -> list[str]:
    """The clause or control ids typed in a field, each one known to the structure (and under a clause
    for ``kind="clause"``, under Annex A for ``kind="control"``); the first that is not is named."""
    wanted = {"clause": structure.clause_ids, "control": structure.group_ids}.get(kind)
    words = {"clause": "a clause id (4 to 10, e.g. 6.1.2)", "control": "an Annex A id (e.g. A.6 or A.6.2.4)"}
    out = []
    for ref in id_list(form.text(field_id)):
        known = next((sid for sid in structure.sections if sid.lower() == ref.lower()), None)
        if known is None or (wanted is not None and structure.top(known) not in wanted):
            refuse(form, field_id, f"{label}: {ref!r} is not "
                                   f"{words.get(kind, 'a clause or control id (6.1.2, A.6.2.4)')}; "
                                   "separate several with commas.")
        out.append(known)
    return out
