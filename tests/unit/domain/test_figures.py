"""Figures round halves up, as a reader (and a calculator) expects, and have one conformance level."""

from __future__ import annotations

import pytest

from aims_tui.domain.figures import conformance_level, maturity_text, number_text, pct


@pytest.mark.parametrize("value, text", [
    (3.25, "3.3"),  # f"{3.25:.1f}" is "3.2" (half to even)
    (2.45, "2.5"),
    (0.35, "0.4"),  # 0.35 is 0.34999999999999998 in binary; a reader sees 0.35
    (2.675, "2.7"),
    (3.2499, "3.2"),
    (4.0, "4.0"),
    (0, "0.0"),
    (None, "–"),
])
def test_maturity_one_decimal_half_up(value, text):
    assert maturity_text(value) == text


@pytest.mark.parametrize("value, text", [
    (12.5, "13%"),  # f"{12.5:.0f}" is "12"
    (66.5, "67%"),
    (0.5, "1%"),
    (99.5, "100%"),
    (66.65, "67%"),
    (66.4999, "66%"),
    (100 * 2 / 3, "67%"),
    (0.1 + 0.2, "0%"),
    (None, "–"),
])
def test_percent_whole_half_up(value, text):
    assert pct(value) == text


@pytest.mark.parametrize("value, places, text", [
    (66.65, 1, "66.7"),
    (66.65000000000001, 1, "66.7"),
    (66.64999999999999, 1, "66.7"),  # float noise of a computed 66.65
    (1.005, 2, "1.01"),
    (-0.04, 1, "0.0"),  # never "-0.0"
])
def test_number_text_settles_float_noise_then_rounds_half_up(value, places, text):
    assert number_text(value, places) == text


def test_blank_is_chosen_by_the_caller():
    assert pct(None, "—") == "—" and maturity_text(None, "—") == "—"


@pytest.mark.parametrize("value, level", [
    (100, "good"), (80, "good"), (79.5, "good"),  # shown as "80%": green, like every other 80%
    (79.4, "fair"), (50, "fair"), (49.5, "fair"),
    (49.4, "poor"), (0, "poor"), (None, None),
])
def test_conformance_level_follows_the_figure_shown(value, level):
    assert conformance_level(value) == level
