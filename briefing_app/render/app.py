"""The Qt application every drawing needs, window or not: names, icon and bundled fonts.

Exports create it without a window (offscreen when there is no display); the window's
`briefing_app.ui.app.make_app` builds on it with error handling and the theme's
stylesheet.
"""

from __future__ import annotations

import sys

from briefing_app import __version__
from briefing_app.render.themes import Theme


def ensure_application(theme: Theme | None = None, argv: list[str] | None = None):
    """The QApplication (created once), with the bundled fonts loaded and, given a theme,
    the theme's font as the default: text is measured and drawn as in the window."""
    from PySide6.QtGui import QFont, QIcon
    from PySide6.QtWidgets import QApplication

    from briefing_app.paths import resource
    from briefing_app.render.labels import load_fonts

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationName("Briefing Viewer")
        app.setOrganizationName("BriefingViewer")
        app.setApplicationVersion(__version__)
        app.setDesktopFileName("briefing-viewer")
        icon = resource("icons", "briefing-viewer.svg")
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    load_fonts()
    if theme is not None:
        font = QFont(theme.font_family)
        font.setPointSizeF(theme.font_body)
        app.setFont(font)
    return app
