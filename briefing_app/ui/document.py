"""The open briefing and the chosen theme, as a Qt object views subscribe to."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QSettings, Signal

from briefing_app.content.plan import Plan, plan_of
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import language
from briefing_app.model.languages import briefing_for
from briefing_app.render.themes import DEFAULT_THEME, THEME_NAMES, Theme, load_theme

MAX_RECENT = 8


def settings() -> QSettings:
    """Application settings (an INI file in the user's config folder)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "BriefingViewer", "briefing-viewer"
    )


class BriefingDocument(QObject):
    """Holds the briefing on screen and the theme; emits when either changes."""

    briefing_changed = Signal(object)
    theme_changed = Signal(object)

    def __init__(self, briefing: Briefing, theme: Theme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._briefing = briefing
        self._theme = theme

    @property
    def briefing(self) -> Briefing:
        """The briefing as shown, in the interface's language (`languages.briefing_for`)."""
        return briefing_for(language(), self._briefing)

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def plan(self) -> Plan:
        """What each tab of the briefing shows, in the language shown (shared with the
        slides and exports)."""
        return plan_of(self.briefing)

    def set_briefing(self, briefing: Briefing) -> None:
        # The first briefing may be frozen out of the collector's sight (ui.app.
        # settle_memory): give it back, so whatever of it is left in cycles is freed.
        gc.unfreeze()
        self._briefing = briefing
        self.briefing_changed.emit(self.briefing)

    def set_theme(self, theme: Theme) -> None:
        if theme == self._theme:
            return
        self._theme = theme
        s = settings()
        s.setValue("theme", theme.name)
        self.theme_changed.emit(theme)


def remembered_theme(explicit: str | None = None) -> Theme:
    name = explicit or str(settings().value("theme", DEFAULT_THEME))
    return load_theme(name if name in THEME_NAMES else DEFAULT_THEME)


def recent_files() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])]


def add_recent(path: str) -> list[str]:
    items = [path] + [p for p in recent_files() if p != path]
    items = items[:MAX_RECENT]
    settings().setValue("recent", items)
    return items
