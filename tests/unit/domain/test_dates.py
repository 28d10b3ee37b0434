"""Dates typed the ISO way or the locale's way, always kept as a date (stored as ISO)."""

from __future__ import annotations

from datetime import date

import pytest

from aims_tui.domain.dates import DateError, locale_day_order, parse_date


@pytest.mark.parametrize("text", ["2027-03-31", "31/03/2027", "31.03.2027", "31-03-2027", " 2027-3-31 "])
def test_iso_and_day_first_forms_give_the_same_date(text):
    assert parse_date(text, "Due", day_order=None) == date(2027, 3, 31)


def test_blank_is_no_date():
    assert parse_date("  ", "Due") is None


def test_a_day_above_twelve_settles_the_order_whatever_the_locale():
    assert parse_date("31/03/2027", "Due", day_order="month-first") == date(2027, 3, 31)
    assert parse_date("03/31/2027", "Due", day_order="day-first") == date(2027, 3, 31)


def test_the_locale_decides_a_date_that_could_be_either():
    assert parse_date("03/04/2027", "Due", day_order="day-first") == date(2027, 4, 3)
    assert parse_date("03/04/2027", "Due", day_order="month-first") == date(2027, 3, 4)
    assert parse_date("04/04/2027", "Due", day_order=None) == date(2027, 4, 4)


def test_ambiguous_without_a_locale_order_is_one_line_naming_the_field():
    with pytest.raises(DateError) as err:
        parse_date("03/04/2027", "Due", day_order=None)
    message = str(err.value)
    assert message.startswith("Due: '03/04/2027' is ambiguous (3 April or 4 March?)")
    assert "2027-04-03" in message and "\n" not in message


@pytest.mark.parametrize(("text", "words"), [
    ("2027-02-30", "not a date on the calendar"),
    ("31/02/2027", "not a date on the calendar"),
    ("next tuesday", "is not a date"),
    ("31/03/27", "four-digit year"),
    ("2027/03/31", "is not a date"),
])
def test_invalid_dates_name_the_field_and_the_value(text, words):
    with pytest.raises(DateError) as err:
        parse_date(text, "Evidence date", day_order=None)
    assert str(err.value).startswith(f"Evidence date: {text!r}")
    assert words in str(err.value)


@pytest.mark.parametrize(("lang", "order"), [("en_GB.UTF-8", "day-first"), ("de_DE.UTF-8", "day-first"),
                                             ("en_US.UTF-8", "month-first"), ("C", None), ("C.UTF-8", None)])
def test_locale_order_read_from_the_environment(monkeypatch, lang, order):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.setenv("LANG", lang)
    assert locale_day_order() == order


def test_a_c_utf8_process_locale_decides_nothing(monkeypatch):
    """C.UTF-8 writes %m/%d/%y, but that is no one's locale: 03/04/2027 stays ambiguous."""
    monkeypatch.setattr("locale.setlocale", lambda category, value=None: "C.UTF-8")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    assert locale_day_order() is None
    with pytest.raises(DateError, match="ambiguous"):
        parse_date("03/04/2027", "Due")
