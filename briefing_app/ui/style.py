"""Apply a `Theme` to the application: its font, palette and stylesheet."""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from briefing_app.paths import resource
from briefing_app.render.labels import load_fonts
from briefing_app.render.themes import Theme


def stylesheet(theme: Theme) -> str:
    template = Template(resource("themes", "style.qss").read_text(encoding="utf-8"))
    return template.substitute(
        text=theme.text,
        background=theme.background,
        surface=theme.surface,
        border=theme.border,
        accent=theme.accent,
        muted=theme.muted,
        bad_bg=theme.bad_bg,
        bad_text=theme.bad_text,
        warning_bg=theme.warning_bg,
        warning_text=theme.warning_text,
        ok_bg=theme.ok_bg,
        ok_text=theme.ok_text,
        family=theme.font_family,
        body=f"{theme.font_body:.1f}",
        small=f"{theme.font_small:.1f}",
        title=f"{theme.font_title:.1f}",
        takeaway=f"{theme.font_takeaway:.1f}",
    )


def apply_theme(app: QApplication, theme: Theme) -> None:
    load_fonts()
    font = QFont(theme.font_family)
    font.setPointSizeF(theme.font_body)
    app.setFont(font)
    pal = app.palette()
    # every role a widget may paint text or its background with, from the theme: a role
    # left to the platform (a table's alternate rows were near-white) can put the
    # theme's text on a background it was never checked against
    for role, colour in (
        (QPalette.ColorRole.Window, theme.background),
        (QPalette.ColorRole.Base, theme.background),
        (QPalette.ColorRole.AlternateBase, theme.surface),
        (QPalette.ColorRole.Button, theme.surface),
        (QPalette.ColorRole.Text, theme.text),
        (QPalette.ColorRole.WindowText, theme.text),
        (QPalette.ColorRole.ButtonText, theme.text),
        (QPalette.ColorRole.PlaceholderText, theme.muted),
        (QPalette.ColorRole.ToolTipBase, theme.surface),
        (QPalette.ColorRole.ToolTipText, theme.text),
        (QPalette.ColorRole.Highlight, theme.accent),
        (QPalette.ColorRole.HighlightedText, theme.background),
        (QPalette.ColorRole.Link, theme.accent),
    ):
        pal.setColor(role, QColor(colour))
    app.setPalette(pal)
    app.setStyleSheet(stylesheet(theme))
