"""The window's authoring tools, attached in one call: the live preview (`live`) and the
comparison with an earlier edition (`compare`).  `MainWindow` calls `attach`; the menu
items File > Reload and File > Compare with… call ``live.reload`` and ``compare.choose``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing_app.ui.compare import ComparePanel
from briefing_app.ui.live import LiveReload

if TYPE_CHECKING:
    from briefing_app.ui.main_window import MainWindow


def attach(window: MainWindow) -> None:
    """Give *window* its ``live`` (`LiveReload`) and ``compare`` (`ComparePanel`)."""
    window.live = LiveReload(window)  # type: ignore[attr-defined]
    window.compare = ComparePanel(window)  # type: ignore[attr-defined]
