"""How wide text is in the fonts firms use, from a small built-in table (no font file is read: the
export runs air-gapped, on machines with none of these fonts installed).

Only used to keep a table column at least as wide as its longest word, so the widths are each
class's widest common letter, rounded up: a column may come out a little wide, never so narrow
that Word splits "Conformance" or "R-002" inside the word. A font not in the table is measured as
the widest family here (Verdana), which is safe for any text font.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["FontMetrics", "metrics_for", "text_em"]

_NARROW = "fijlrt.,:;!|'()[]{}/ "
_LOWER = "abcdeghknopqsuvxyz"
_LOWER_WIDE = "mw"
_DIGITS = "0123456789#$+-=<>_~*"
_UPPER = "ABCDEFGHIJKLNOPQRSTUVXYZ&"
_UPPER_WIDE = "MW@%"


@dataclass(frozen=True)
class FontMetrics:
    """Widths in em of each class of characters in one family (see the module docstring)."""

    narrow: float
    lower: float
    lower_wide: float
    digits: float
    upper: float
    upper_wide: float
    other: float
    """Accented letters take their base letter's width; other scripts and symbols this."""

    def table(self) -> dict[str, float]:
        widths: dict[str, float] = {}
        for chars, em in ((_NARROW, self.narrow), (_LOWER, self.lower), (_LOWER_WIDE, self.lower_wide),
                          (_DIGITS, self.digits), (_UPPER, self.upper), (_UPPER_WIDE, self.upper_wide)):
            widths.update(dict.fromkeys(chars, em))
        return widths


# Calibri's row is the one the default look has always used (LibreOffice draws it with the
# metric-compatible Carlito); the others are each family's widest letters per class.
_CALIBRI = FontMetrics(0.3, 0.55, 0.82, 0.51, 0.64, 0.82, 0.7)
_ARIAL = FontMetrics(0.34, 0.56, 0.84, 0.56, 0.73, 0.95, 0.8)
_TIMES = FontMetrics(0.34, 0.5, 0.78, 0.5, 0.73, 0.95, 0.8)
_GEORGIA = FontMetrics(0.41, 0.59, 0.89, 0.62, 0.76, 1.03, 0.85)
_CAMBRIA = FontMetrics(0.38, 0.58, 0.88, 0.56, 0.72, 0.95, 0.8)
_VERDANA = FontMetrics(0.43, 0.64, 0.98, 0.64, 0.79, 1.08, 0.9)
_SEGOE = FontMetrics(0.36, 0.59, 0.89, 0.56, 0.76, 0.97, 0.85)
_GARAMOND = FontMetrics(0.32, 0.5, 0.78, 0.5, 0.72, 0.95, 0.8)
_TAHOMA = FontMetrics(0.37, 0.56, 0.84, 0.55, 0.7, 0.95, 0.8)
_TREBUCHET = FontMetrics(0.4, 0.56, 0.84, 0.53, 0.66, 0.92, 0.8)
_APTOS = FontMetrics(0.36, 0.57, 0.86, 0.56, 0.68, 0.92, 0.8)
_PALATINO = FontMetrics(0.35, 0.55, 0.83, 0.5, 0.73, 0.95, 0.8)
_CENTURY_GOTHIC = FontMetrics(0.38, 0.62, 0.94, 0.56, 0.76, 1.02, 0.9)
UNKNOWN = _VERDANA
"""A family not in the table: measured as the widest one here."""

_FAMILIES = {
    "calibri": _CALIBRI, "carlito": _CALIBRI, "calibri light": _CALIBRI,
    "arial": _ARIAL, "helvetica": _ARIAL, "helvetica neue": _ARIAL, "liberation sans": _ARIAL, "arimo": _ARIAL,
    "arial nova": _ARIAL, "nimbus sans": _ARIAL,
    "times new roman": _TIMES, "times": _TIMES, "liberation serif": _TIMES, "tinos": _TIMES,
    "nimbus roman": _TIMES,
    "georgia": _GEORGIA, "gelasio": _GEORGIA,
    "cambria": _CAMBRIA, "caladea": _CAMBRIA,
    "verdana": _VERDANA, "dejavu sans": _VERDANA,
    "segoe ui": _SEGOE, "open sans": _SEGOE, "source sans pro": _SEGOE, "roboto": _SEGOE,
    "garamond": _GARAMOND, "eb garamond": _GARAMOND, "adobe garamond pro": _GARAMOND,
    "tahoma": _TAHOMA,
    "trebuchet ms": _TREBUCHET,
    "aptos": _APTOS,
    "palatino linotype": _PALATINO, "palatino": _PALATINO, "book antiqua": _PALATINO,
    "century gothic": _CENTURY_GOTHIC, "avenir": _CENTURY_GOTHIC, "futura": _CENTURY_GOTHIC,
}
_TABLES: dict[FontMetrics, dict[str, float]] = {}


def metrics_for(family: str | None) -> FontMetrics:
    """The metrics of a font family by name (any case); :data:`UNKNOWN` when not in the table."""
    return _FAMILIES.get((family or "").strip().lower(), UNKNOWN)


def text_em(text: str, metrics: FontMetrics) -> float:
    """Width of ``text`` on one line, in em."""
    table = _TABLES.get(metrics)
    if table is None:
        table = _TABLES[metrics] = metrics.table()
    other = metrics.other
    total = 0.0
    for c in text:
        em = table.get(c)
        if em is None:  # "é" is as wide as "e"; other scripts and symbols are wide
            em = table.get(unicodedata.normalize("NFKD", c)[:1], other)
        total += em
    return total
