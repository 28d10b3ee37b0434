"""Figures as people read them: the one home of rounding, maturity text and conformance levels.

The dashboard, the gap report, the SoA export and the command line all show percentages and mean
maturities; they all format them here, so the same figure never reads 66 % on screen and 67 % on
paper. Halves round up, as on a calculator (12.5 % → 13 %, 3.25 → 3.3), and the 80 %/50 %
conformance thresholds that colour bars, outline dots and the report's "strongest"/"weakest"
lists are defined once.

Pure: no Textual, SQLite or Word.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Literal

__all__ = ["GOOD_AT", "FAIR_AT", "Level", "LEVELS_CAPTION", "BLANK", "round_half_up", "number_text", "pct",
           "maturity_text", "conformance_level"]

GOOD_AT = 80.0
"""Conformance (or coverage) at or above this percentage is good: green."""
FAIR_AT = 50.0
"""At or above this and below GOOD_AT it is fair: amber; below it, poor: red."""

Level = Literal["good", "fair", "poor"]

LEVELS_CAPTION = f"green ≥ {GOOD_AT:.0f}%, amber {FAIR_AT:.0f}–{GOOD_AT - 1:.0f}%, red < {FAIR_AT:.0f}%"
"""The thresholds in words, for chart captions."""

BLANK = "–"
"""What a figure that cannot be computed (nothing answered) reads as."""

_NOISE = Decimal("1e-9")


def round_half_up(value: float, places: int = 0) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero, as on a calculator.

    Python's ``round`` and ``f"{x:.1f}"`` round halves to even (3.25 → "3.2") and see the binary
    value (2.45 is 2.4500000000000002 → "2.5", but 0.35 is 0.34999999999999998 → "0.3"). The value
    is first settled to nine decimals, which removes that binary noise (and the noise of sums such
    as 0.1 + 0.2) without touching any figure we show, then rounded half up.
    """
    settled = Decimal(repr(float(value))).quantize(_NOISE, rounding=ROUND_HALF_EVEN)
    return settled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number_text(value: float | None, places: int = 0, blank: str = BLANK) -> str:
    """``value`` with ``places`` decimals, rounded half up; ``blank`` for None. Never "-0"."""
    if value is None:
        return blank
    text = str(round_half_up(value, places))
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def pct(value: float | None, blank: str = BLANK) -> str:
    """A percentage, whole: "67%" for 66.5; ``blank`` for None."""
    return blank if value is None else number_text(value) + "%"


def maturity_text(value: float | None, blank: str = BLANK) -> str:
    """A mean maturity (0–5) with one decimal: "3.3" for 3.25; ``blank`` for None."""
    return number_text(value, 1, blank)


def conformance_level(percent: float | None) -> Level | None:
    """good (≥ 80 %), fair (≥ 50 %) or poor; None when there is no figure.

    Compared on the figure as shown, so a bar labelled "80%" (79.6 rounded) is green, never amber.
    """
    if percent is None:
        return None
    shown = round_half_up(percent)
    if shown >= Decimal(repr(GOOD_AT)):
        return "good"
    if shown >= Decimal(repr(FAIR_AT)):
        return "fair"
    return "poor"
