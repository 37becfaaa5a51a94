"""Apply a `Theme` to Qt: bundled fonts, the application stylesheet, plain-text helpers."""

from __future__ import annotations

import html
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from briefing_app.paths import resource
from briefing_app.themes import Theme

_FONTS_LOADED: list[str] = []


def load_fonts() -> None:
    """Register the bundled fonts once (Inter, Latin and Cyrillic)."""
    if _FONTS_LOADED:
        return
    for path in sorted(resource("fonts").glob("*.otf")):
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0:
            _FONTS_LOADED.extend(QFontDatabase.applicationFontFamilies(fid))


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
    for role, colour in (
        (QPalette.ColorRole.Window, theme.background),
        (QPalette.ColorRole.Base, theme.background),
        (QPalette.ColorRole.Text, theme.text),
        (QPalette.ColorRole.WindowText, theme.text),
        (QPalette.ColorRole.ToolTipBase, theme.surface),
        (QPalette.ColorRole.ToolTipText, theme.text),
        (QPalette.ColorRole.Highlight, theme.accent),
    ):
        pal.setColor(role, QColor(colour))
    app.setPalette(pal)
    app.setStyleSheet(stylesheet(theme))


def plain_label(
    text: str, name: str = "", *, wrap: bool = True, parent: QWidget | None = None
) -> QLabel:
    """A QLabel that shows *text* literally: data is never interpreted as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    label.setAccessibleName(text[:200])
    return label


def rich_tooltip(text: str) -> str:
    """Tooltips are rich text in Qt; escape data and force rich mode with <qt>."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
