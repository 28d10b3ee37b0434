"""Figures in the exports round halves up, as a reader (and a calculator) expects."""

from __future__ import annotations

import pytest

from aims_tui.exports.docx_common import maturity_text, number_text, pct


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
