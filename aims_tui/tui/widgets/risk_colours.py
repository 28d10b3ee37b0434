"""Colours for risk bands. A firm's matrix may have 3 to 6 bands with its own ids, so colour
follows a band's rank (lowest scores green, highest red), not its name."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from aims_tui.domain.models import RiskBand, RiskMatrix

__all__ = ["band_style", "band_text"]

# Green → red, by how many bands the matrix has (1 to 6).
_GREEN, _LIME, _YELLOW, _ORANGE, _RED, _PURPLE = "#2e7d32", "#7cb342", "#fdd835", "#fb8c00", "#e53935", "#8e24aa"
_RAMPS = {
    1: [_RED],
    2: [_GREEN, _RED],
    3: [_GREEN, _YELLOW, _RED],
    4: [_GREEN, _YELLOW, _ORANGE, _RED],
    5: [_GREEN, _LIME, _YELLOW, _ORANGE, _RED],
    6: [_GREEN, _LIME, _YELLOW, _ORANGE, _RED, _PURPLE],
}
_DARK_TEXT = {"#7cb342", "#fdd835", "#fb8c00"}


def band_style(band: RiskBand | str | None, matrix: RiskMatrix) -> Style:
    """Background and text colour for a band (by id or model) of this matrix."""
    if band is None:
        return Style(dim=True)
    band_id = band if isinstance(band, str) else band.id
    ordered = sorted(matrix.bands, key=lambda b: b.min)
    ids = [b.id for b in ordered]
    if band_id not in ids:
        return Style(bold=True)
    ramp = _RAMPS[min(len(ids), 6)]
    colour = ramp[min(ids.index(band_id), len(ramp) - 1)]
    return Style(bgcolor=colour, color="black" if colour in _DARK_TEXT else "white", bold=True)


def band_text(band: RiskBand | None, matrix: RiskMatrix, *, width: int = 0) -> Text:
    """A band's label in its colour (``—`` when there is no band)."""
    if band is None:
        return Text("—", style="dim")
    label = f" {band.label} "
    if width:
        label = label.ljust(width)
    return Text(label, style=band_style(band, matrix))
