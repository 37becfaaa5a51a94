"""The presenter view on the laptop: current and next slide, speaker notes, clock, sources.

It takes the same keys as the projector window. S swaps the two screens.
Preview: ``python -m briefing_app.ui.presentation.presenter [PACKAGE] [THEME]``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QScreen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from briefing_app.model.fmt import fmt_date
from briefing_app.model.safetext import safe_text
from briefing_app.render.labels import plain_label
from briefing_app.ui.presentation.controller import HELP, PresentationController
from briefing_app.ui.presentation.window import PresentationWindow, scaled_pixmap

NO_NOTES = "No speaker notes for this slide."
#: slide pictures kept drawn (previous, current, next and the one after)
PICTURES = 4


def _fmt_elapsed(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}"


class _Picture(QLabel):
    """A slide picture that asks to be redrawn when its size changes."""

    def __init__(self, name: str, on_resize) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(160, 90)
        self._on_resize = on_resize

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._on_resize()


class PresenterView(QWidget):
    """What the presenter sees while the projector shows the slide."""

    def __init__(
        self,
        projector: PresentationWindow,
        controller: PresentationController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.projector = projector
        self.controller = controller
        b = projector.briefing
        self.setObjectName("presenter_view")
        self.setWindowTitle(f"{safe_text(b.title)} — presenter view")
        self.setAccessibleName("Presenter view")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        theme = projector.theme
        big = f"font-size: {theme.font_takeaway:.0f}pt; font-weight: 700;"

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)

        top = QHBoxLayout()
        self.position_label = plain_label("", "title", wrap=False)
        self.elapsed_label = plain_label("", "", wrap=False)
        self.elapsed_label.setStyleSheet(big)
        self.elapsed_label.setAccessibleName("Elapsed time")
        self.clock_label = plain_label("", "", wrap=False)
        self.clock_label.setStyleSheet(big)
        self.clock_label.setAccessibleName("Clock")
        self.state_label = plain_label("", "caveat", wrap=False)
        self.entry_label = plain_label("", "badge_warn", wrap=False)
        top.addWidget(self.position_label)
        top.addSpacing(16)
        top.addWidget(self.state_label)
        top.addWidget(self.entry_label)
        top.addStretch(1)
        top.addWidget(plain_label("Elapsed", "muted", wrap=False))
        top.addWidget(self.elapsed_label)
        top.addSpacing(24)
        top.addWidget(plain_label("Time", "muted", wrap=False))
        top.addWidget(self.clock_label)
        root.addLayout(top)

        columns = QHBoxLayout()
        columns.setSpacing(18)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(plain_label("On the projector", "section", wrap=False))
        self.current_picture = _Picture("current_picture", self._schedule_pictures)
        left.addWidget(self.current_picture, 1)
        self.current_title = plain_label("", "chart_title")
        left.addWidget(self.current_title)
        self.sources_label = plain_label("", "source")
        self.sources_label.setObjectName("presenter_sources")
        left.addWidget(self.sources_label)
        columns.addLayout(left, 3)

        right = QVBoxLayout()
        right.setSpacing(6)
        self.next_heading = plain_label("Next", "section", wrap=False)
        right.addWidget(self.next_heading)
        self.next_picture = _Picture("next_picture", self._schedule_pictures)
        right.addWidget(self.next_picture, 2)
        self.next_title = plain_label("", "chart_title")
        self.next_title.setObjectName("next_title")
        right.addWidget(self.next_title)
        notes_box = QFrame()
        notes_box.setObjectName("card")
        nl = QVBoxLayout(notes_box)
        nl.setContentsMargins(12, 8, 12, 8)
        nl.addWidget(plain_label("Speaker notes", "section", wrap=False))
        self.notes_label = plain_label("", "")
        self.notes_label.setObjectName("speaker_notes")
        self.notes_label.setStyleSheet(f"font-size: {theme.font_body:.1f}pt;")
        self.notes_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.notes_label)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        nl.addWidget(scroll, 1)
        right.addWidget(notes_box, 3)
        columns.addLayout(right, 2)
        root.addLayout(columns, 1)

        for pic in (self.current_picture, self.next_picture):
            pic.setStyleSheet(
                f"QLabel#{pic.objectName()} {{ border: 2px solid {theme.border}; "
                f"background: {theme.surface}; }}"
            )
        self.help_label = plain_label(HELP, "muted")
        root.addWidget(self.help_label)
        footer = f"{b.title} · As of {fmt_date(b.as_of)}" + (f" · {b.caveat}" if b.caveat else "")
        root.addWidget(plain_label(footer, "muted"))

        for w in self.findChildren(QWidget):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self._pictures: dict[int, QImage] = {}
        self._pictures_key: tuple = ()
        self._pictures_timer = QTimer(self)
        self._pictures_timer.setSingleShot(True)
        self._pictures_timer.setInterval(30)
        self._pictures_timer.timeout.connect(self.update_pictures)
        self._clock = QTimer(self)
        self._clock.setInterval(500)
        self._clock.timeout.connect(self.update_clock)
        self._clock.start()

        controller.changed.connect(self.update_content)
        controller.blank_changed.connect(self._on_state)
        controller.entry_changed.connect(self._on_state)
        projector.deck_changed.connect(self._forget_pictures)
        projector.deck_changed.connect(lambda: self.update_content(controller.index))
        self.update_content(controller.index)
        self.update_clock()

    # -- content ----------------------------------------------------------------------------
    def update_content(self, index: int) -> None:
        deck = self.projector.deck
        if not deck:
            return
        index = max(0, min(index, len(deck) - 1))
        slide = deck[index]
        self.position_label.setText(f"Slide {slide.counter}")
        self.current_title.setText(slide.title)
        self.sources_label.setText(
            "Sources on the projector: " + "; ".join(slide.sources)
            if slide.sources
            else "Nothing sourced on this slide."
        )
        self.notes_label.setText(slide.notes or NO_NOTES)
        if index + 1 < len(deck):
            self.next_title.setText(deck[index + 1].title)
        else:
            self.next_title.setText("End of the briefing")
        self._on_state()
        self._schedule_pictures()

    def _schedule_pictures(self) -> None:
        self._pictures_timer.start()

    def update_pictures(self) -> None:
        deck = self.projector.deck
        if not deck or not self.isVisible():
            return
        i = self.controller.index
        dpr = self.devicePixelRatioF()
        self.current_picture.setPixmap(
            scaled_pixmap(self._picture(i), self.current_picture.size(), dpr)
        )
        if i + 1 < len(deck):
            self.next_picture.setPixmap(
                scaled_pixmap(self._picture(i + 1), self.next_picture.size(), dpr)
            )
        else:
            self.next_picture.clear()
            self.next_picture.setText("End of the briefing: Esc ends the presentation")

    def _picture(self, index: int) -> QImage:
        """Slide *index* drawn and scaled to the wider picture's width, kept for a few steps:
        a step forward shows as current the slide that was next, so each step draws one
        slide, not two."""
        dpr = self.devicePixelRatioF()
        m = self.projector.metrics
        slide = QSize(m.width, m.height) if m is not None else QSize(16, 9)
        # as wide as the wider picture: their heights change from step to step with the
        # text under them, their widths do not
        width = max(1, round(max(self.current_picture.width(), self.next_picture.width()) * dpr))
        size = QSize(width, max(1, round(width * slide.height() / slide.width())))
        key = (size.width(), size.height(), dpr, slide.width(), slide.height())
        if key != self._pictures_key:
            self._pictures.clear()
            self._pictures_key = key
        image = self._pictures.pop(index, None)
        if image is None:
            image = self.projector.render_slide(index).scaled(
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self._pictures[index] = image
        while len(self._pictures) > PICTURES:
            del self._pictures[next(iter(self._pictures))]
        return image

    def _forget_pictures(self) -> None:
        self._pictures.clear()

    def _on_state(self, *_args) -> None:
        blank = self.controller.blank
        self.state_label.setText(f"Projector shows a {blank} screen" if blank else "")
        self.state_label.setVisible(bool(blank))
        entry = self.controller.entry
        self.entry_label.setText(f"Go to slide {entry}: Enter" if entry else "")
        self.entry_label.setVisible(bool(entry))

    def update_clock(self) -> None:
        self.elapsed_label.setText(_fmt_elapsed(self.controller.elapsed_seconds()))
        self.clock_label.setText(dt.datetime.now().strftime("%H:%M"))

    # -- placing and keys -------------------------------------------------------------------------
    def present_on(self, screen: QScreen) -> None:
        if self.isVisible():
            self.showNormal()
        self.setScreen(screen)
        self.setGeometry(screen.availableGeometry())
        self.showFullScreen()
        self._schedule_pictures()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._schedule_pictures()

    def keyPressEvent(self, event) -> None:
        if not self.controller.handle_key(event):
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        self._clock.stop()
        super().closeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(1280, 800)


def _preview() -> None:  # pragma: no cover - manual preview
    import sys

    from PySide6.QtWidgets import QApplication

    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.style import apply_theme

    args = sys.argv[1:]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme = load_theme(args[1] if len(args) > 1 else "projector")
    apply_theme(app, theme)
    b = load_package(args[0] if args else None).briefing
    if b is None:
        raise SystemExit("the package does not load")
    controller = PresentationController()
    projector = PresentationWindow(b, theme, controller)
    projector.layout_for(QSize(1920, 1080))
    view = PresenterView(projector, controller)
    controller.finished.connect(app.quit)
    view.resize(1280, 800)
    view.show()
    raise SystemExit(app.exec())


if __name__ == "__main__":
    _preview()
