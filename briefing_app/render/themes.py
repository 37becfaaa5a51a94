"""Themes are data: colours, font sizes and pen widths, read from ``resources/themes``.

No Qt here: a theme can be checked (contrast) and listed without a display.
Font sizes are in points for a 1080-pixel-high screen; presentation mode scales
them with the screen's height (`Theme.scaled`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from functools import cache

from briefing_app.model.i18n import N_, msg
from briefing_app.paths import resource

DEFAULT_THEME = "screen"
THEME_NAMES = ("screen", "projector", "projector-dark")
#: the themes' titles (in their files), for the translations: shown through `tr`
THEME_TITLES = (N_("Screen"), N_("Projector (light)"), N_("Projector (dark)"))


@dataclass(frozen=True)
class Theme:
    name: str
    title: str
    background: str
    surface: str
    text: str
    muted: str
    accent: str
    border: str
    warning_bg: str
    warning_text: str
    ok_bg: str
    ok_text: str
    bad_bg: str
    bad_text: str
    plot_background: str
    plot_foreground: str
    grid_alpha: float
    #: colour-blind-safe palette (Okabe-Ito), one colour per series in order
    series: tuple[str, ...]
    highlight: str
    event: str
    font_family: str
    font_body: float
    font_small: float
    font_title: float
    font_takeaway: float
    font_axis: float
    pen_width: float
    bar_outline: float

    def scaled(self, factor: float) -> Theme:
        """The same theme with type and pens scaled (for a slide on a given screen)."""
        return replace(
            self,
            font_body=self.font_body * factor,
            font_small=self.font_small * factor,
            font_title=self.font_title * factor,
            font_takeaway=self.font_takeaway * factor,
            font_axis=self.font_axis * factor,
            pen_width=self.pen_width * factor,
            bar_outline=self.bar_outline * factor,
        )

    def series_colour(self, index: int) -> str:
        return self.series[index % len(self.series)]

    @property
    def is_dark(self) -> bool:
        return relative_luminance(self.background) < 0.2


class ThemeError(ValueError):
    pass


@cache
def load_theme(name: str) -> Theme:
    """Load a theme by name; raise ThemeError with the names available."""
    if name not in THEME_NAMES:
        raise ThemeError(
            msg(
                "unknown theme {name}: choose one of {names}",
                name=repr(name),
                names=", ".join(THEME_NAMES),
            )
        )
    data = json.loads(resource("themes", f"{name}.json").read_text(encoding="utf-8"))
    known = {f.name for f in fields(Theme)}
    missing = known - set(data)
    if missing:
        raise ThemeError(
            msg("theme {name} lacks {keys}", name=repr(name), keys=", ".join(sorted(missing)))
        )
    data = {k: v for k, v in data.items() if k in known}
    data["series"] = tuple(data["series"])
    return Theme(**data)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    c = colour.lstrip("#")
    rgb = [int(c[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    a, b = relative_luminance(fg), relative_luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)
