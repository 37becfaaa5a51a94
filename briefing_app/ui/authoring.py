"""The window's authoring tools: the live preview (`live`), attached when the window is
made, and the comparison with an earlier edition (`compare`), made when first used.
`MainWindow` calls `attach`, and its ``compare`` property calls `compare_panel`; the menu
items File > Reload and File > Compare with… call ``live.reload`` and ``compare.choose``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing_app.ui.live import LiveReload

if TYPE_CHECKING:
    from briefing_app.ui.compare import ComparePanel
    from briefing_app.ui.main_window import MainWindow


def attach(window: MainWindow) -> None:
    """Give *window* its ``live`` (`LiveReload`)."""
    window.live = LiveReload(window)  # type: ignore[attr-defined]


def compare_panel(window: MainWindow) -> ComparePanel:
    """*window*'s comparison panel, new: its module and its hidden dock are ~13 ms that a
    start-up does not need (issue #22), so the window makes it when first asked for."""
    from briefing_app.ui.compare import ComparePanel

    return ComparePanel(window)
