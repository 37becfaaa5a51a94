"""The presenter view on the laptop: the slide on the projector and the next one, the
detail of the slide on screen (the whole of each item, notes, sources), the backup
slides to jump to for a question, and the talk's clock: elapsed time (T pauses it,
Shift+T resets it), the time left of a planned length and a pace hint.

It takes the same keys as the projector window. L opens the list of backup slides: the
arrows choose one, Enter goes to it, Esc leaves the list; R returns to where the talk
was. S swaps the two screens. Preview:
``python -m briefing_app.ui.presentation.presenter [PACKAGE] [THEME]``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from briefing_app.content.detail import backup_entry, detail_text
from briefing_app.content.slides import describe
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import N_, tr
from briefing_app.model.safetext import safe_text
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import THEME_NAMES, Theme, load_theme
from briefing_app.ui.presentation.clock import fmt_elapsed, pace, time_left
from briefing_app.ui.presentation.controller import HELP, PresentationController
from briefing_app.ui.presentation.window import PresentationWindow, scaled_pixmap

NO_DETAIL = N_("Nothing more on this slide.")
#: slide pictures kept drawn (previous, current, next and the one after)
PICTURES = 4
K = Qt.Key
#: keys the backup list keeps for itself; every other key drives the talk
LIST_KEYS = frozenset({K.Key_Up, K.Key_Down, K.Key_PageUp, K.Key_PageDown, K.Key_Home, K.Key_End})


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


class BackupList(QListWidget):
    """The backup slides by title. Up, Down, PageUp, PageDown, Home and End choose one,
    Enter goes to it (and back to the talk's keys), Esc leaves without going; any other
    key drives the talk as anywhere else."""

    chosen = Signal(int)
    left = Signal()

    def __init__(self, controller: PresentationController) -> None:
        super().__init__()
        self.controller = controller
        self.setObjectName("backup_list")
        self.setAccessibleName(tr("Backup slides"))
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.itemActivated.connect(
            lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (K.Key_Return, K.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
            return
        if key in (K.Key_Escape, K.Key_L):
            self.left.emit()
            return
        if key in LIST_KEYS:
            super().keyPressEvent(event)
            return
        if not self.controller.handle_key(event):
            super().keyPressEvent(event)


class PresenterView(QWidget):
    """What the presenter sees while the projector shows the slide."""

    #: a theme chosen in the presenter view (the application applies it everywhere)
    theme_chosen = Signal(object)

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
        self.setWindowTitle(tr("{title} — presenter view").format(title=safe_text(b.title)))
        self.setAccessibleName(tr("Presenter view"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        root = QVBoxLayout(self)
        # the window takes its screen's size, whatever its top bar's one line would want:
        # on a narrow screen the bar goes onto two lines (`_fit_top_bar`) rather than the
        # window grow wider than the screen (1122 pixels on a 1024-pixel one)
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)
        root.addLayout(self._top_bar())

        columns = QHBoxLayout()
        columns.setSpacing(18)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(plain_label(tr("On the projector"), "section", wrap=False))
        self.current_picture = _Picture("current_picture", self._schedule_pictures)
        left.addWidget(self.current_picture, 3)
        self.current_title = plain_label("", "chart_title")
        left.addWidget(self.current_title)
        left.addWidget(plain_label(tr("Detail of this slide"), "section", wrap=False))
        self.detail_label = plain_label("", "")
        self.detail_label.setObjectName("slide_detail")
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        left.addWidget(_scrolling(self.detail_label), 2)
        self.sources_label = plain_label("", "source")
        self.sources_label.setObjectName("presenter_sources")
        left.addWidget(self.sources_label)
        columns.addLayout(left, 3)

        right = QVBoxLayout()
        right.setSpacing(6)
        self.next_heading = plain_label(tr("Next"), "section", wrap=False)
        right.addWidget(self.next_heading)
        self.next_picture = _Picture("next_picture", self._schedule_pictures)
        right.addWidget(self.next_picture, 2)
        self.next_title = plain_label("", "chart_title")
        self.next_title.setObjectName("next_title")
        right.addWidget(self.next_title)
        right.addWidget(plain_label(tr("Backup slides (L; R returns)"), "section", wrap=False))
        self.backup_list = BackupList(controller)
        right.addWidget(self.backup_list, 3)
        columns.addLayout(right, 2)
        root.addLayout(columns, 1)

        self.help_label = plain_label(tr(HELP), "muted")
        root.addWidget(self.help_label)
        as_of = tr("As of {date}").format(date=fmt_date(b.as_of))
        footer = f"{b.title} · {as_of}" + (f" · {b.caveat}" if b.caveat else "")
        root.addWidget(plain_label(footer, "muted"))

        for w in self.findChildren(QWidget):
            if w is not self.backup_list and w is not self.theme_box:
                w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.backup_list.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.backup_list.chosen.connect(self._go_to_backup)
        self.backup_list.left.connect(self.leave_backup_list)

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
        controller.timer_changed.connect(self.update_clock)
        controller.list_requested.connect(self.open_backup_list)
        projector.deck_changed.connect(self._forget_pictures)
        projector.deck_changed.connect(self._fill_backup_list)
        projector.deck_changed.connect(lambda: self.update_content(controller.index))
        self.set_theme(projector.theme)
        self._fill_backup_list()
        self.update_content(controller.index)
        self.update_clock()

    def _top_bar(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.position_label = plain_label("", "title", wrap=False)
        self.state_label = plain_label("", "caveat", wrap=False)
        self.entry_label = plain_label("", "badge_warn", wrap=False)
        self.elapsed_label = plain_label("", "", wrap=False)
        # a label's accessible name would replace its text: a screen reader hears the
        # time, then what it is
        self.elapsed_label.setAccessibleDescription(tr("Elapsed time"))
        self.left_label = plain_label("", "", wrap=False)
        self.left_label.setObjectName("time_left")
        self.left_label.setAccessibleDescription(tr("Time left"))
        self.pace_label = plain_label("", "badge_warn", wrap=False)
        self.pace_label.setObjectName("pace")
        self.clock_label = plain_label("", "", wrap=False)
        self.clock_label.setAccessibleDescription(tr("Clock"))
        self.theme_box = QComboBox()
        self.theme_box.setObjectName("presenter_theme")
        self.theme_box.setAccessibleName(tr("Theme of the slides"))
        self.theme_box.setToolTip(tr("Theme of the slides, on the projector and here"))
        self.theme_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for name in THEME_NAMES:
            self.theme_box.addItem(tr(load_theme(name).title), name)
        self.theme_box.activated.connect(
            lambda k: self.theme_chosen.emit(load_theme(self.theme_box.itemData(k)))
        )
        # where the slide is and the time left; then the clocks and the theme: side by
        # side, or the second under the first where one line would be wider than the
        # screen (a 1024-pixel one: the window must never be wider than its screen)
        where = QHBoxLayout()
        where.addWidget(self.position_label)
        where.addSpacing(16)
        where.addWidget(self.state_label)
        where.addWidget(self.entry_label)
        where.addStretch(1)
        where.addWidget(self.pace_label)
        where.addSpacing(12)
        where.addWidget(self.left_label)
        clocks = QHBoxLayout()
        clocks.addStretch(1)
        clocks.addWidget(plain_label(tr("Elapsed"), "muted", wrap=False))
        clocks.addWidget(self.elapsed_label)
        clocks.addSpacing(24)
        clocks.addWidget(plain_label(tr("Time"), "muted", wrap=False))
        clocks.addWidget(self.clock_label)
        clocks.addSpacing(24)
        clocks.addWidget(self.theme_box)
        top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.setSpacing(24)
        top.addLayout(where, 1)
        top.addLayout(clocks)
        self._top_parts = (top, where, clocks)
        return top

    def _fit_top_bar(self, width: int) -> None:
        """One line for the top bar where it fits in *width*, else two."""
        top, where, clocks = self._top_parts
        m = self.layout().contentsMargins()
        one_line = where.sizeHint().width() + top.spacing() + clocks.sizeHint().width()
        want = (
            QBoxLayout.Direction.LeftToRight
            if one_line <= width - m.left() - m.right()
            else QBoxLayout.Direction.TopToBottom
        )
        if top.direction() != want:
            top.setDirection(want)

    def resizeEvent(self, event) -> None:
        self._fit_top_bar(event.size().width())
        super().resizeEvent(event)

    def set_theme(self, theme: Theme) -> None:
        """Restyle what the application's stylesheet does not reach (it restyles the rest)."""
        self.theme = theme
        big = f"font-size: {theme.font_takeaway:.0f}pt; font-weight: 700;"
        for lab in (self.elapsed_label, self.clock_label, self.left_label):
            lab.setStyleSheet(big)
        self.detail_label.setStyleSheet(f"font-size: {theme.font_body:.1f}pt;")
        for pic in (self.current_picture, self.next_picture):
            pic.setStyleSheet(
                f"QLabel#{pic.objectName()} {{ border: 2px solid {theme.border}; "
                f"background: {theme.surface}; }}"
            )
        k = self.theme_box.findData(theme.name)
        if k >= 0:
            self.theme_box.setCurrentIndex(k)
        self._forget_pictures()
        self._schedule_pictures()

    # -- content ----------------------------------------------------------------------------
    def update_content(self, index: int) -> None:
        deck = self.projector.deck
        if not deck:
            return
        index = max(0, min(index, len(deck) - 1))
        slide = deck[index]
        where = tr("Backup slide {number}") if slide.is_backup else tr("Slide {number}")
        self.position_label.setText(where.format(number=slide.counter))
        self.current_title.setText(slide.title)
        # the pictures of the slides, to a screen reader: their titles and text
        self.current_picture.setAccessibleName(
            tr("On the projector: {title}").format(title=slide.title)
        )
        self.current_picture.setAccessibleDescription(describe(slide)[:4000])
        self.sources_label.setText(
            tr("Sources on the projector: {sources}").format(sources="; ".join(slide.sources))
            if slide.sources
            else tr("Nothing sourced on this slide.")
        )
        self.detail_label.setText(detail_text(slide, self.projector.briefing) or tr(NO_DETAIL))
        if index + 1 < len(deck):
            self.next_title.setText(deck[index + 1].title)
            self.next_picture.setAccessibleName(
                tr("Next: {title}").format(title=deck[index + 1].title)
            )
            self.next_picture.setAccessibleDescription(describe(deck[index + 1])[:4000])
        else:
            self.next_title.setText(tr("End of the briefing"))
            self.next_picture.setAccessibleName(tr("End of the briefing"))
            self.next_picture.setAccessibleDescription(tr("Esc ends the presentation"))
        self._mark_backup(index)
        self._on_state()
        self.update_clock()
        self._schedule_pictures()

    # -- backup slides ------------------------------------------------------------------------
    def _fill_backup_list(self) -> None:
        self.backup_list.clear()
        b = self.projector.briefing
        for k, slide in enumerate(self.projector.deck):
            if slide.is_backup:
                item = QListWidgetItem(backup_entry(slide, b))
                item.setData(Qt.ItemDataRole.UserRole, k)
                self.backup_list.addItem(item)

    def _mark_backup(self, index: int) -> None:
        """The slide on screen, if a backup slide, is the list's current one."""
        for row in range(self.backup_list.count()):
            if self.backup_list.item(row).data(Qt.ItemDataRole.UserRole) == index:
                self.backup_list.setCurrentRow(row)
                return

    def open_backup_list(self) -> None:
        """L: the keys go to the list of backup slides (the current one chosen)."""
        if self.backup_list.count() == 0:
            return
        if self.backup_list.currentRow() < 0:
            self.backup_list.setCurrentRow(0)
        self.activateWindow()
        self.backup_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def leave_backup_list(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _go_to_backup(self, index: int) -> None:
        self.controller.set_blank("")
        self.controller.jump(index)
        self.leave_backup_list()

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
            self.next_picture.setText(tr("End of the briefing: Esc ends the presentation"))

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
        screens = {"black": tr("Projector shows a black screen")}
        screens["white"] = tr("Projector shows a white screen")
        self.state_label.setText(screens.get(blank, blank) if blank else "")
        self.state_label.setVisible(bool(blank))
        entry = self.controller.entry
        self.entry_label.setText(
            tr("Go to slide {number}: Enter").format(number=entry) if entry else ""
        )
        self.entry_label.setVisible(bool(entry))

    def update_clock(self) -> None:
        c = self.controller
        paused = tr(" (paused)") if c.clock.paused else ""
        self.elapsed_label.setText(fmt_elapsed(c.elapsed_seconds()) + paused)
        self.clock_label.setText(dt.datetime.now().strftime("%H:%M"))
        duration = c.duration
        if not duration:
            self.left_label.setText("")
            self.pace_label.setVisible(False)
            return
        self.left_label.setText(time_left(c.elapsed_seconds(), duration))
        deck = self.projector.deck
        main = [k for k, s in enumerate(deck) if not s.is_backup]
        # on a backup slide the talk is where R returns to
        at = c.index
        if at not in main:
            at = c.back if c.back is not None and c.back in main else -1
        if at in main:
            hint = pace(c.elapsed_seconds(), duration, main.index(at), len(main))
        else:
            hint = tr("On a backup slide")
        self.pace_label.setText(hint)
        self.pace_label.setVisible(bool(hint))

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


def _scrolling(label: QLabel) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(label)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return scroll


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
