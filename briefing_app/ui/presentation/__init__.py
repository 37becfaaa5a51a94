"""Presentation mode: slides laid out for the screen, a clicker's keys, a presenter view.

`start_presentation(main_window)` (F5, ``--present``) presents the open briefing;
`render_slides` draws the slides offscreen for ``export png --slides``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing_app.ui.presentation.session import Presentation


def render_slides(briefing, theme, width: int, height: int):
    """Yield (slide, QImage) for every slide; see `render.render_slides`."""
    from briefing_app.render.slides.images import render_slides as _render

    return _render(briefing, theme, width, height)


def start_presentation(main_window: Any) -> Presentation:
    """Present the main window's briefing full screen; see `session.start_presentation`."""
    from briefing_app.ui.presentation.session import start_presentation as _start

    return _start(main_window)


def plan_duration(seconds: float | None) -> None:
    """The talk's planned length (``--duration``); see `session.plan_duration`."""
    from briefing_app.ui.presentation.session import plan_duration as _plan

    _plan(seconds)


__all__ = ["plan_duration", "render_slides", "start_presentation"]
