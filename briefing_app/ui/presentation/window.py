"""The projector's window: the current slide full screen, black/white screen, number entry.

The slides are laid out for this window's size (the projector screen): when the
size changes the deck is cut again. The mouse pointer hides after two idle seconds.
Preview: ``python -m briefing_app.ui.presentation.window [PACKAGE] [THEME]`` (windowed, 1280x720).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QImage, QPalette, QPixmap, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from briefing_app.content.changes import Changes
from briefing_app.content.slides import Slide
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr
from briefing_app.model.safetext import safe_text
from briefing_app.render.slides.deck import build_deck
from briefing_app.render.slides.images import render_view
from briefing_app.render.slides.layout import Metrics
from briefing_app.render.slides.view import SlideView
from briefing_app.render.themes import Theme
from briefing_app.ui.prebuild import Prebuilder, ahead_first
from briefing_app.ui.presentation.controller import PresentationController

#: the pointer hides after this many milliseconds without moving
CURSOR_IDLE_MS = 2000
#: slide views kept built: the KEEP slides round the current one (at 1920x1080 about
#: 0.6 MB a text slide, 1.7 MB a chart).  A deck of up to KEEP slides keeps every view once
#: built; a longer deck keeps a window round the current slide (a chart rebuilt after
#: leaving it leaves 1-2 KB behind in pyqtgraph: small next to hundreds of views)
KEEP = 100
#: slides built ahead of need in idle time (and painted once offscreen, which lays charts
#: out and fills the glyph caches), one per event-loop pass, round the current one: two the
#: way the presenter goes and one behind, so that a step is a repaint.  Building the whole
#: deck ahead (58-83 slides in the bundled briefing) kept a core busy ~2 s after the
#: presentation opened (issue #22); a jump elsewhere (a backup slide for a question) builds
#: its slide then (~5-70 ms), and the slides round it ahead
AHEAD = 3
#: while the slide just shown waits for its first paint, idle building waits at most this
PAINT_WAIT_MS = 50


class PresentationWindow(QWidget):
    """Shows ``controller.index``'s slide, laid out for the window's size."""

    deck_changed = Signal()

    def __init__(
        self,
        briefing: Briefing,
        theme: Theme,
        controller: PresentationController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.briefing = briefing
        self.theme = theme
        self.controller = controller
        #: what changed since the edition the window compares with (File > Compare
        #: with…): a slide after the title says it; None without a comparison
        self.changes: Changes | None = None
        self.deck: list[Slide] = []
        self.metrics: Metrics | None = None
        #: the slide views, and building them ahead (see prebuild_order); a view is warm
        #: once painted (on screen or offscreen)
        self.prebuilder = Prebuilder(
            self,
            build=self._build_view,
            warm=self._paint_offscreen,
            order=self.prebuild_order,
            step=self._prebuild_step,
        )
        self.current_view: SlideView | None = None
        #: +1 after a step forward, -1 after a step back: idle building looks that way first
        self.direction = 1
        self._shown_index: int | None = None
        self.setObjectName("presentation_window")
        self.setWindowTitle(tr("{title} — presentation").format(title=safe_text(briefing.title)))
        self.setAccessibleName(tr("Presentation"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        self._paint_background()

        self.blank_overlay = QWidget(self)
        self.blank_overlay.setObjectName("blank_overlay")
        self.blank_overlay.setAutoFillBackground(True)
        self.blank_overlay.hide()
        self.entry_label = QLabel(self)
        self.entry_label.setObjectName("entry_label")
        self.entry_label.setTextFormat(Qt.TextFormat.PlainText)
        self.entry_label.hide()

        controller.changed.connect(self._show_current)
        controller.blank_changed.connect(self._on_blank)
        controller.entry_changed.connect(self._on_entry)

        self._cursor_timer = QTimer(self)
        self._cursor_timer.setSingleShot(True)
        self._cursor_timer.setInterval(CURSOR_IDLE_MS)
        self._cursor_timer.timeout.connect(self.hide_cursor)
        self._filtering = False

    def _paint_background(self) -> None:
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(self.theme.background))
        self.setPalette(pal)
        bg = self.theme.background
        self.setStyleSheet(f"QWidget#presentation_window {{ background: {bg}; }}")

    def set_theme(self, theme: Theme) -> None:
        """Restyle the open presentation: the deck is laid out again in *theme*, on the
        slide it showed."""
        if theme == self.theme:
            return
        self.theme = theme
        self._paint_background()
        m = self.metrics
        size = QSize(m.width, m.height) if m is not None else self.size()
        self.metrics = None
        if self.deck:
            self.layout_for(size)

    # -- deck -----------------------------------------------------------------------------
    def layout_for(self, size: QSize) -> None:
        """Cut the deck for *size* (logical pixels), keeping the slide of the current tab."""
        w, h = max(320, size.width()), max(240, size.height())
        if self.metrics is not None and (self.metrics.width, self.metrics.height) == (w, h):
            return
        old = self.deck[self.controller.index] if self.deck else None
        self.metrics = Metrics(self.theme, w, h)
        self.deck = build_deck(self.briefing, self.theme, w, h, self.changes)
        self._drop_views()
        index = self.controller.index
        if old is not None:
            index = _matching_slide(self.deck, old, self.controller.index)
        self.controller.set_count(len(self.deck))
        self.controller.index = max(0, min(index, len(self.deck) - 1))
        self.deck_changed.emit()
        self._show_current(self.controller.index)

    def show_briefing(self, briefing: Briefing) -> None:
        """Present *briefing* in place of the one shown (a live reload, issue #19): the
        deck is cut again, on the slide that shows what the current one showed."""
        self.briefing = briefing
        self.metrics = None  # layout_for cuts the deck again even at the same size
        self.layout_for(self.size())

    def show_changes(self, changes: Changes | None) -> None:
        """The window compared with an earlier edition (or stopped comparing): the deck
        is cut again with (or without) the slide of what changed since then."""
        if changes is self.changes:
            return
        self.changes = changes
        if self.deck:
            self.metrics = None
            self.layout_for(self.size())

    def _drop_views(self) -> None:
        for v in self.prebuilder.clear():
            v.hide()
            v.deleteLater()
        self.current_view = None
        self._shown_index = None

    def view(self, index: int) -> SlideView:
        """The view of slide *index*, built on first use (hidden until shown)."""
        return self.prebuilder.view(index)  # type: ignore[return-value]

    def _build_view(self, index: int) -> SlideView:
        assert self.metrics is not None
        v = SlideView(self.deck[index], self.briefing, self.theme, self.metrics, self)
        v.move(0, 0)
        v.hide()
        return v

    @property
    def _views(self) -> dict[int, SlideView]:
        """The views built, by slide (tests read it)."""
        return self.prebuilder.views  # type: ignore[return-value]

    def _show_current(self, index: int) -> None:
        if not self.deck:
            return
        if self._shown_index is not None and index != self._shown_index:
            self.direction = 1 if index > self._shown_index else -1
        self._shown_index = index
        view = self.view(index)
        if self.current_view is not view:
            old, self.current_view = self.current_view, view
            view.lower()  # under the blank screen and the number entry
            view.show()
            if old is not None:
                old.hide()
            # showing posts an UpdateLater event to the view and each of its children; an
            # update request already pending (from building ahead, say) would paint the new
            # slide before they arrive, and they would then have it painted a second time:
            # take them now, so the slide is painted once
            QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)
        self.prebuilder.mark_warm(index)
        # forget the views far from here (a long deck)
        lo, hi = self.keep_range()
        for v in self.prebuilder.drop([k for k in self._views if not lo <= k < hi]):
            v.deleteLater()
        # build ahead once the slide just shown has been painted (a fallback timer if not)
        self.prebuilder.start_after_paint(PAINT_WAIT_MS)

    # -- building ahead in idle time ----------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.UpdateRequest:
            self.prebuilder.painted()  # the window's widgets have just been painted
        return handled

    def keep_range(self) -> tuple[int, int]:
        """[lo, hi): the KEEP slides round the current one whose views are kept."""
        n, c = len(self.deck), self.controller.index
        lo = max(0, min(c - KEEP // 2, n - KEEP))
        return lo, min(n, lo + KEEP)

    def prebuild_order(self) -> list[int]:
        """Slides to have ready, soonest needed first: the current one, then AHEAD more,
        two ahead for each one behind."""
        order = ahead_first(*self.keep_range(), self.controller.index, self.direction)
        return order[: 1 + AHEAD]

    def _prebuild_step(self) -> None:
        """Build or first paint one slide view (what the prebuilder's timer calls)."""
        self.prebuilder.step()

    def _paint_offscreen(self, index: int) -> None:
        """Paint a hidden view once, as its first paint on screen would (charts lay out)."""
        view = self._views[index]
        view.render(QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied))

    @property
    def prebuilding(self) -> bool:
        """Whether slide views are still to be built ahead."""
        return self.prebuilder.prebuilding

    @property
    def built(self) -> list[int]:
        """Indices of the slides whose views are built."""
        return sorted(self._views)

    @property
    def painted(self) -> list[int]:
        """Indices of the built slides whose views have been painted (on screen or not)."""
        return self.prebuilder.warm_indices

    @property
    def current_slide(self) -> Slide | None:
        return self.deck[self.controller.index] if self.deck else None

    def slide_image(self, index: int, size: QSize, dpr: float = 1.0) -> QPixmap:
        """Slide *index* drawn and scaled into *size* (for the presenter view)."""
        return scaled_pixmap(self.render_slide(index), size, dpr)

    def render_slide(self, index: int) -> QImage:
        """Slide *index* drawn at its full size."""
        view = self.view(index)
        if not self.prebuilder.is_warm(index):
            self.prebuilder.mark_warm(index)
            return render_view(view)  # paints twice: charts lay out at their first paint
        image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(self.theme.background))
        view.render(image)
        return image

    # -- placing ----------------------------------------------------------------------------
    def present_on(self, screen: QScreen) -> None:
        """Full screen on *screen*."""
        if self.isVisible():
            self.showNormal()
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.layout_for(screen.geometry().size())
        self.showFullScreen()
        self._install_filter()
        self.hide_cursor_later()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        r = self.rect()
        self.blank_overlay.setGeometry(r)
        self._place_entry()
        if self.isVisible():
            self.layout_for(event.size())

    # -- blank screen and number entry -------------------------------------------------------
    def _on_blank(self, colour: str) -> None:
        if colour:
            fill = "#000000" if colour == "black" else "#ffffff"
            pal = self.blank_overlay.palette()
            pal.setColor(QPalette.ColorRole.Window, QColor(fill))
            self.blank_overlay.setPalette(pal)
            # its own stylesheet: the application's gives every widget the theme's background
            self.blank_overlay.setStyleSheet(f"QWidget#blank_overlay {{ background: {fill}; }}")
            self.blank_overlay.setGeometry(self.rect())
            self.blank_overlay.show()
            self.blank_overlay.raise_()
        else:
            self.blank_overlay.hide()

    def _on_entry(self, text: str) -> None:
        if not text:
            self.entry_label.hide()
            return
        m = self.metrics or Metrics(self.theme, max(1, self.width()), max(1, self.height()))
        t = self.theme
        self.entry_label.setStyleSheet(
            f"QLabel#entry_label {{ background: {t.surface}; color: {t.text}; "
            f"border: {m.border}px solid {t.border}; border-radius: {m.sp(8)}px; "
            f"padding: {m.sp(8)}px {m.sp(16)}px; font-family: '{t.font_family}'; "
            f"font-size: {m.body}px; font-weight: 700; }}"
        )
        n = len(self.deck)
        self.entry_label.setText(
            tr("Go to slide {number} of {count}: press Enter").format(number=text, count=n)
        )
        self._place_entry()
        self.entry_label.show()
        self.entry_label.raise_()

    def _place_entry(self) -> None:
        self.entry_label.adjustSize()
        m = self.metrics
        pad = m.margin_x if m else 20
        self.entry_label.move(
            self.width() - self.entry_label.width() - pad,
            self.height() - self.entry_label.height() - 3 * pad,
        )

    # -- keys and the pointer -----------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if not self.controller.handle_key(event):
            super().keyPressEvent(event)

    def _install_filter(self) -> None:
        # the native window sees every pointer move, whichever widget is under it
        handle = self.windowHandle()
        if handle is not None and not self._filtering:
            handle.installEventFilter(self)
            self._filtering = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseMove:  # installed on this window's handle only
            self.show_cursor()
        return False

    def hide_cursor_later(self) -> None:
        self._cursor_timer.start()

    def hide_cursor(self) -> None:
        self.setCursor(QCursor(Qt.CursorShape.BlankCursor))

    def show_cursor(self) -> None:
        if self.cursor().shape() == Qt.CursorShape.BlankCursor:
            self.unsetCursor()
        self._cursor_timer.start()

    @property
    def cursor_hidden(self) -> bool:
        return self.cursor().shape() == Qt.CursorShape.BlankCursor

    def closeEvent(self, event) -> None:
        if self._filtering and self.windowHandle() is not None:
            self.windowHandle().removeEventFilter(self)
        self._filtering = False
        self._cursor_timer.stop()
        self.prebuilder.stop()
        super().closeEvent(event)


def _matching_slide(deck: list[Slide], old: Slide, fallback: int) -> int:
    """After re-cutting the deck: the slide that now shows what *old* showed first."""
    if old.number == old.total:
        return len(deck) - 1
    cards = [b for b in old.blocks if not b.is_heading]
    for k, s in enumerate(deck):
        if cards and cards[0] in s.blocks:
            return k
    for k, s in enumerate(deck):
        if s.tab_index == old.tab_index and s.kind == old.kind and s.block == old.block:
            return k
    for k, s in enumerate(deck):
        if s.tab_index == old.tab_index:
            return k
    return fallback


def scaled_pixmap(image: QImage, size: QSize, dpr: float = 1.0) -> QPixmap:
    """*image* scaled smoothly to fit *size* (logical pixels) at device pixel ratio *dpr*."""
    scaled = image.scaled(
        size * dpr,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    pix = QPixmap.fromImage(scaled)
    pix.setDevicePixelRatio(dpr)
    return pix


def screen_image(window: QWidget) -> QImage:
    """What the window shows (for tests): the slide or the blank screen."""
    return window.grab().toImage()


def _preview() -> None:  # pragma: no cover - manual preview
    import sys

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
    w = PresentationWindow(b, theme, controller)
    controller.finished.connect(w.close)
    w.resize(1280, 720)
    w.show()
    w.layout_for(QSize(1280, 720))
    QGuiApplication.processEvents()
    raise SystemExit(app.exec())


if __name__ == "__main__":
    _preview()
