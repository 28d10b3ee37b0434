"""Dates as people type them: ISO (``2027-03-31``) or the day/month order of their locale
(``31/03/2027``, ``31.03.2027``). Whatever was typed, the value kept is a :class:`datetime.date`,
stored as ISO.

A form like ``03/04/2027`` is refused as ambiguous unless the locale says which part is the day:
a silent guess would put an audit on the wrong month.
"""

from __future__ import annotations

import locale
import os
import re
from datetime import date
from typing import Literal

__all__ = ["DateError", "DayOrder", "locale_day_order", "parse_date"]

DayOrder = Literal["day-first", "month-first"]

_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_LOCAL = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{2,4})$")
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
"""Territories that write the month first (the US and places that follow its usage)."""
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


class DateError(ValueError):
    """A date that cannot be read; the message names the field, the value and what to type."""


def locale_day_order() -> DayOrder | None:
    """Which comes first in the user's locale date form, or None when the locale does not say
    (C/POSIX, or no territory). Read from the locale the process runs in, else from the
    environment (``LC_ALL``, ``LC_TIME``, ``LANG``), by its territory: month first in the US and a
    few others, day first everywhere else."""
    try:
        name = locale.setlocale(locale.LC_TIME)
    except locale.Error:
        name = ""
    if _unset(name):
        name = next((os.environ[v] for v in ("LC_ALL", "LC_TIME", "LANG") if os.environ.get(v)), "")
    if _unset(name):
        return None
    territory = name.split(".")[0].split("@")[0].partition("_")[2].upper()
    if not territory:
        return None
    return "month-first" if territory in _MONTH_FIRST else "day-first"


def _unset(name: str) -> bool:
    return not name or name.split(".")[0] in ("C", "POSIX")


def _make(field: str, text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{field}: {text!r} is not a date on the calendar; use YYYY-MM-DD "
                        "(e.g. 2027-03-31) or DD/MM/YYYY.") from None


def parse_date(text: str, field: str = "Date", *, day_order: DayOrder | None | Literal["locale"] = "locale"
               ) -> date | None:
    """The date in ``text``, or None when it is blank.

    Accepts ``YYYY-MM-DD`` and the local ``DD/MM/YYYY`` (``/``, ``.`` or ``-`` between the parts).
    A day above 12 settles the order; otherwise ``day_order`` (by default the locale's) does, and
    without one the date is ambiguous. Raises :class:`DateError` naming ``field``.
    """
    value = text.strip()
    if not value:
        return None
    if match := _ISO.match(value):
        return _make(field, value, int(match["y"]), int(match["m"]), int(match["d"]))
    match = _LOCAL.match(value)
    if match is None:
        raise DateError(f"{field}: {value!r} is not a date; use YYYY-MM-DD (e.g. 2027-03-31) or DD/MM/YYYY.")
    if len(match["y"]) != 4:
        raise DateError(f"{field}: {value!r} needs a four-digit year, e.g. {match['a']}{match['sep']}"
                        f"{match['b']}{match['sep']}20{match['y'][-2:].zfill(2)}.")
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    order = locale_day_order() if day_order == "locale" else day_order
    if a > 12 or (b <= 12 and a == b):
        order = "day-first"
    elif b > 12:
        order = "month-first"
    if order is None:
        raise DateError(f"{field}: {value!r} is ambiguous ({a} {_month(b)} or {b} {_month(a)}?); "
                        f"write it as YYYY-MM-DD, e.g. {year:04d}-{b:02d}-{a:02d}.")
    day, month = (a, b) if order == "day-first" else (b, a)
    return _make(field, value, year, month, day)


def _month(n: int) -> str:
    return _MONTHS[n - 1] if 1 <= n <= 12 else str(n)
