"""A presentation: the projector window and, with two screens, the presenter view.

With two or more screens the slide goes to a screen other than the main window's
(the projector) and the presenter view to the main window's (the laptop); S swaps
them. With one screen the slide fills it and there is no presenter view. Esc ends
both. A screen unplugged during the talk moves everything to the screens left. A theme
chosen during the talk (View > Theme, or the presenter view's) restyles both. The
countdown's planned length is the command line's ``--duration``, else the package's.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from briefing_app.model.briefing import Briefing
from briefing_app.render.themes import Theme
from briefing_app.ui.errors import register_presentation
from briefing_app.ui.presentation.controller import PresentationController
from briefing_app.ui.presentation.presenter import PresenterView
from briefing_app.ui.presentation.window import PresentationWindow

#: the planned length of the talk the command line gave (seconds), over the package's
_planned: dict[str, float | None] = {"duration": None}


def plan_duration(seconds: float | None) -> None:
    """The talk's planned length for the presentations started from now on (``--duration``)."""
    _planned["duration"] = seconds


def choose_screens(home: QScreen | None, screens: list[QScreen]) -> tuple[QScreen, QScreen | None]:
    """(projector, presenter): the presenter stays on *home*, the slide goes elsewhere."""
    if not screens:
        raise RuntimeError("no screen to present on")
    home = home if home in screens else screens[0]
    others = [s for s in screens if s is not home]
    if not others:
        return home, None
    return others[0], home


class Presentation(QObject):
    """Starts, swaps and ends a presentation of one briefing."""

    finished = Signal()
    #: the presentation is about to close its windows (`stop`)
    ending = Signal()
    #: a theme chosen in the presenter view
    theme_chosen = Signal(object)

    def __init__(
        self,
        briefing: Briefing,
        theme: Theme,
        home: QScreen | None = None,
        parent: QObject | None = None,
        *,
        duration: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.briefing = briefing
        self.home = home
        self.theme = theme
        self.controller = PresentationController(parent=self)
        self.controller.duration = duration or briefing.duration
        self.window = PresentationWindow(briefing, theme, self.controller)
        self.presenter: PresenterView | None = None
        self.projector_screen: QScreen | None = None
        self.presenter_screen: QScreen | None = None
        self.active = False
        register_presentation(self)  # an error while presenting: a note, never a dialog
        self.controller.finished.connect(self.stop)
        self.controller.swap_requested.connect(self.swap)
        app = QGuiApplication.instance()
        app.screenRemoved.connect(self._on_screens_changed)
        app.screenAdded.connect(self._on_screens_changed)

    def start(self, index: int = 0) -> None:
        projector, presenter = choose_screens(self.home, QGuiApplication.screens())
        self.active = True
        self.controller.restart_clock()
        self._place(projector, presenter)
        self.controller.go(index)

    def _place(self, projector: QScreen, presenter: QScreen | None) -> None:
        self.projector_screen, self.presenter_screen = projector, presenter
        self.window.present_on(projector)
        if presenter is not None:
            if self.presenter is None:
                self.presenter = PresenterView(self.window, self.controller)
                self.presenter.theme_chosen.connect(self.theme_chosen)
            self.presenter.present_on(presenter)
            self.presenter.raise_()
            self.presenter.activateWindow()
            self.presenter.setFocus()
        else:
            if self.presenter is not None:
                self.presenter.close()
                self.presenter.deleteLater()
                self.presenter = None
            self.window.raise_()
            self.window.activateWindow()
            self.window.setFocus()

    def set_theme(self, theme: Theme) -> None:
        """Restyle the open presentation, slides and presenter view."""
        self.theme = theme
        self.window.set_theme(theme)
        if self.presenter is not None:
            self.presenter.set_theme(theme)

    def swap(self) -> None:
        """The projector's screen becomes the presenter's and the other way round."""
        if self.active and self.presenter_screen is not None and self.projector_screen:
            self._place(self.presenter_screen, self.projector_screen)

    def _on_screens_changed(self, *_args) -> None:
        if not self.active:
            return
        screens = QGuiApplication.screens()
        if not screens:
            return
        home = self.presenter_screen or self.home
        if home not in screens:
            home = None
        projector, presenter = choose_screens(home, screens)
        if (projector, presenter) != (self.projector_screen, self.presenter_screen):
            self._place(projector, presenter)

    def stop(self) -> None:
        """End the presentation: close both windows."""
        if not self.active:
            return
        self.active = False
        app = QGuiApplication.instance()
        app.screenRemoved.disconnect(self._on_screens_changed)
        app.screenAdded.disconnect(self._on_screens_changed)
        # before the windows close: a main window kept hidden while presenting (--present)
        # is shown first, so that closing the last visible window does not quit the app
        self.ending.emit()
        if self.presenter is not None:
            self.presenter.close()
            self.presenter.deleteLater()
        self.window.close()
        self.window.deleteLater()
        self.finished.emit()

    @property
    def index(self) -> int:
        return self.controller.index


def start_presentation(main_window: QWidget) -> Presentation:
    """Present the main window's briefing (F5, View > Present, ``--present``)."""
    current = getattr(main_window, "presentation", None)
    if isinstance(current, Presentation) and current.active:
        current.window.raise_()
        return current
    doc = main_window.doc
    p = Presentation(
        doc.briefing,
        doc.theme,
        main_window.screen(),
        parent=main_window,
        duration=_planned["duration"],
    )
    doc.theme_changed.connect(p.set_theme)
    p.theme_chosen.connect(doc.set_theme)
    compare = getattr(main_window, "compare", None)  # File > Compare with… (issue #19)
    if compare is not None:
        p.window.changes = compare.changes
        compare.compared.connect(p.window.show_changes)

    def show_window() -> None:
        # started with --present, the main window was never shown (ui.app.show_first)
        if not main_window.isVisible():
            main_window.show()

    def back_to_window() -> None:
        doc.theme_changed.disconnect(p.set_theme)
        if compare is not None:
            compare.compared.disconnect(p.window.show_changes)
        main_window.raise_()
        main_window.activateWindow()

    p.ending.connect(show_window)
    p.finished.connect(back_to_window)
    p.start()
    return p
