"""The briefing window: the header, one tab per package tab (built when first shown, or
ahead of time while the app is idle), the status bar.

Its other parts have modules of their own: the header bar (`header`), the menus
(`menus`), opening packages (`opening`), the message boxes (`dialogs`), building ahead
(`prebuild`) and what is remembered between runs (`window_state`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPainter, QRegion
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import language, ntr, tr
from briefing_app.model.problems import Severity
from briefing_app.model.safetext import safe_text
from briefing_app.render.kept import keeping_from_first
from briefing_app.render.themes import Theme
from briefing_app.ui import authoring, dialogs, window_state
from briefing_app.ui.accessibility import (
    describe_tabs,
    install_names,
    name_menus,
    name_status_bar,
)
from briefing_app.ui.dialogs import APP_NAME
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.header import HeaderBar
from briefing_app.ui.language import apply_language
from briefing_app.ui.language import remember as remember_language
from briefing_app.ui.menus import build_menus, check_theme, fill_goto_menu
from briefing_app.ui.opening import Opener
from briefing_app.ui.prebuild import HEAVY, SHOWABLE, UNSEEN, Build, Prebuilder, nearest_first
from briefing_app.ui.style import apply_theme
from briefing_app.ui.tabs import build_tab

if TYPE_CHECKING:
    from briefing_app.ui.compare import ComparePanel

#: the tabs kept ready: the current one and the next, built ahead while idle.  Building
#: every tab ahead (up to 12) kept a core busy for ~1.3 s after the first paint, with a
#: switch waiting up to ~300 ms behind a tab being built (issue #22); now idle work after
#: the first paint is one tab, in slices, and another tab's first visit builds it then
PREBUILD_MAX = 2
#: after a tab is shown, building ahead waits for its paint, this long at most (it used to
#: wait 250 ms: a key pressed 100 ms after the first paint then found nothing built ahead)
PREBUILD_DELAY_MS = 250
#: offscreen paints of a tab built ahead (see MainWindow._warm_up): one is kept to be put
#: back on its first visit
WARM_PAINTS = 1
#: a part painted ahead as tall as twice this (px) is painted in halves (`_warm_part`)
HALVED_FROM = 200
#: the property of a chart panel painted offscreen: the size it was painted at
PAINTED_AT = "painted_at"


def _painted_at(panel: QWidget):
    """The size *panel* was last painted at offscreen (a QSize), or None."""
    return panel.property(PAINTED_AT)


class ElidingLabel(QLabel):
    """One line of plain text that, short of room, shows the longest of its shorter
    forms (`set_forms`) that fits, and only when none does is drawn cut with "…" at its
    end; `text` keeps all of it.  It gives way first in a full status bar."""

    #: the narrowest it gets before the status bar's other widgets shrink
    MIN_WIDTH = 120

    def __init__(self, *args) -> None:
        super().__init__(*args)
        #: shorter ways of saying the text, longest first
        self.forms: list[str] = []

    def set_forms(self, text: str, *shorter: str) -> None:
        """Show *text*, or where it does not fit the longest of *shorter* that does."""
        self.forms = list(shorter)
        self.setText(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.MIN_WIDTH), hint.height())

    def shown_text(self) -> str:
        """What is drawn: the text, else the longest shorter form that fits, else the
        shortest cut with "…"."""
        room = self.contentsRect().width()
        metrics = self.fontMetrics()
        for form in (self.text(), *self.forms):
            if metrics.horizontalAdvance(form) <= room:
                return form
        last = self.forms[-1] if self.forms else self.text()
        return metrics.elidedText(last, Qt.TextElideMode.ElideRight, room)

    @property
    def elided(self) -> bool:
        """Whether the text is not shown whole (a shorter form, or cut)."""
        return self.shown_text() != self.text()

    def paintEvent(self, event) -> None:
        if not self.elided:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )


def focus_stops(container: QWidget) -> list[QWidget]:
    """The widgets inside *container* that Tab stops at, in the focus chain's order."""
    out = []
    w = container.nextInFocusChain()
    while w is not container and container.isAncestorOf(w):
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            out.append(w)
        w = w.nextInFocusChain()
    return out


class MainWindow(QMainWindow):
    """The application window."""

    tab_built = Signal(int)
    #: the interface now speaks this language (View > Language)
    language_changed = Signal(str)

    def __init__(
        self,
        doc: BriefingDocument,
        parent: QWidget | None = None,
        *,
        prebuild: bool = True,
        remember: bool = True,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.prebuild = prebuild  # build tabs ahead while idle (not when exporting)
        #: whether the window has painted: from then on a tab asked for is shown at once
        #: and finished on screen
        self._painted = False
        #: whether closing remembers the geometry and tab: not for a window the user never
        #: saw (the self-test's), which would overwrite what their last session left
        self.remember = remember
        self.setAcceptDrops(True)
        self.setMinimumSize(800, 560)
        central = QWidget()
        v = QVBoxLayout(central)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        self.header = HeaderBar(doc)
        v.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(tr("Briefing tabs"))
        self.tabs.currentChanged.connect(self._on_current_tab_changed)
        v.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        #: the tab views, and building them ahead (see prebuild_order)
        self.prebuilder = Prebuilder(
            self,
            build=self._build_tab,
            build_ahead=self._build_tab_ahead,
            warm=self._warm_up,
            order=self.prebuild_order,
            warm_paints=WARM_PAINTS,
            step=self._prebuild_step,
        )
        self.prebuilder.built.connect(self.tab_built)
        # the package's name, version and checksum: cut with "…" in a narrow window (a
        # longer language's findings button comes first), whole in its text and About
        self.status_label = ElidingLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.status_label)
        # the briefing's findings and the package's warnings apart: a check that does not
        # hold is what the briefing shows, not a fault of the package
        self.findings_button = QPushButton()
        self.findings_button.setFlat(True)
        self.findings_button.setToolTip(
            tr("List the checks of this briefing whose figures disagree")
        )
        self.findings_button.clicked.connect(self.show_findings)
        self.statusBar().addWidget(self.findings_button)
        self.warnings_button = QPushButton()
        self.warnings_button.setFlat(True)
        self.warnings_button.setToolTip(tr("List the warnings about the package"))
        self.warnings_button.clicked.connect(self.show_warnings)
        self.statusBar().addWidget(self.warnings_button)
        self.presentation = None
        build_menus(self)  # recent_menu, export_menu, theme_menu, goto_menu, theme_group...
        install_names()
        name_menus(self)
        name_status_bar(self)
        self.opener = Opener(self, doc, self.recent_menu)
        self._compare = None  # Compare with… (issue #19): made when first used (`compare`)
        authoring.attach(self)  # live preview (issue #19): live
        doc.briefing_changed.connect(self._on_briefing_changed)
        doc.theme_changed.connect(self._on_theme_changed)
        self._on_briefing_changed(doc.briefing)

    @property
    def compare(self) -> ComparePanel:
        """File > Compare with… (`ui.compare.ComparePanel`), made when first used: a
        comparison marks the tabs already built when it starts (`ComparePanel.refresh`)."""
        if self._compare is None:
            self._compare = authoring.compare_panel(self)
        return self._compare

    # -- tabs -------------------------------------------------------------------
    def _on_briefing_changed(self, b: Briefing) -> None:
        self.tabs.blockSignals(True)
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            w.deleteLater()  # and the tab's view in it
        self.prebuilder.clear()
        for t in b.tabs:
            holder = QWidget()
            holder.setAccessibleName(tr("Tab: {title}").format(title=t.title))
            QStackedLayout(holder)
            self.tabs.addTab(holder, t.title)
        describe_tabs(self.tabs, b.tabs)
        self.tabs.blockSignals(False)
        fill_goto_menu(self.goto_menu, [t.title for t in b.tabs], self.tabs.setCurrentIndex)
        # package text in a title bar: bidi controls and line breaks shown, not obeyed
        self.setWindowTitle(f"{safe_text(b.title)} — {APP_NAME}")
        name = b.name or Path(b.location).name
        version = b.version or "–"
        # in a narrow window the checksum goes first, then the version (whole in the
        # tooltip and Help > About)
        self.status_label.set_forms(
            tr("{name} · version {version} · checksum {checksum}").format(
                name=name, version=version, checksum=b.short_checksum
            ),
            tr("{name} · version {version}").format(name=name, version=version),
            name,
        )
        sha = tr("SHA-256 of the package files: {checksum}").format(checksum=b.checksum)
        self.status_label.setToolTip(f"{sha}\n{safe_text(b.location)}")
        n = len(b.problems(Severity.WARNING))
        self.warnings_button.setText(
            ntr("{n} package warning(s)", "{n} package warning(s)", n).format(n=fmt_number(n))
            if n
            else tr("No package warnings")
        )
        self.warnings_button.setEnabled(bool(n))
        f = len(b.problems(Severity.FINDING))
        self.findings_button.setText(dialogs.findings_summary(f))
        self.findings_button.setVisible(bool(f))
        self._on_current_tab_changed(self.tabs.currentIndex())

    def tab_view(self, index: int) -> QWidget:
        """The view of tab *index*, building it on first use (so start-up builds one)."""
        return self.prebuilder.view(index)

    def _build_tab(self, index: int) -> QWidget:
        # made in its holder, not put there after: the scroll area styles its content as
        # it takes it, and a view moved into the window afterwards had every widget styled
        # a second time (the first tab at start-up: ~128 widgets, ~20 ms; issue #22)
        view = build_tab(
            self.doc.plan.tab(index),
            self.doc.briefing,
            self.doc.theme,
            parent=self.tabs.widget(index),
        )
        self._place_tab(index, view)
        return view

    def _build_tab_ahead(self, index: int) -> Build:
        """`_build_tab` in slices, for building ahead or on screen (`Prebuilder.show_soon`):
        the tab's plan (each chart's data, then its items a few at a time), its frame
        (takeaway, headings, notes) put in its place, then each card and chart (a chart
        in steps: its empty plot, the drawing, its lines; 20-60 ms together), each
        widget's style, and the tab order once every part is there.

        Ahead, the parts out of sight come last: once those in sight are made and the tab
        is painted offscreen as it will first show (`_warm_up`), the build rests (UNSEEN),
        and the rest is made when the tab is shown or asked for."""
        plan = yield from self.doc.plan.tab_in_steps(index)  # a chart's data a step
        yield
        view = build_tab(plan, self.doc.briefing, self.doc.theme, parts_later=True)
        yield
        # in place before its parts: shown now if asked for, each part as it is made
        holder = self.tabs.widget(index)
        holder.layout().addWidget(view)
        yield SHOWABLE
        charts = 0
        laid_out_at = -1  # parts made when the hidden tab was last laid out

        def in_sight(part: QWidget) -> bool:
            # whether the tab shows *part* (a placeholder) unscrolled: always while it is
            # on screen; hidden, whether it is within its viewport laid out as the window
            # will show it.  Laid out again (the parts made since) only to leave a part for
            # later, once a part made: a layout not brought up to date errs towards making
            # a part now
            nonlocal laid_out_at
            if holder.isVisible():
                return True
            port = view.viewport()
            if part.mapTo(port, QPoint()).y() < port.height():
                return True
            if laid_out_at != view.parts_made:
                self._render_hidden(holder, self._offscreen_image(holder), QRegion(0, 0, 1, 1))
                laid_out_at = view.parts_made
            return part.mapTo(port, QPoint()).y() < port.height()

        for out in view.build_parts(in_sight=in_sight):
            if out is UNSEEN:
                if holder.isVisible():
                    continue  # shown meanwhile: the rest is made now
                # painted as the screen will first show it, then the rest waits
                for _ in range(WARM_PAINTS):
                    yield from self._warm_up(index, view)
                    yield  # each paint's last slice on its own
            yield out
            if len(view.chart_panels) > charts:  # a chart has just taken its place
                charts = len(view.chart_panels)
                if not holder.isVisible():
                    # ahead: laid out and painted offscreen as the screen will show it,
                    # now, not when a key shows the tab (10-20 ms a chart)
                    yield from self._warm_part(holder, view.chart_panels[-1])
        # style sheets resolved a widget at a time, not all at once when first painted
        for w in [view, *view.findChildren(QWidget)]:
            w.ensurePolished()
            yield
        self._set_tab_order(view)
        return view

    def _place_tab(self, index: int, view: QWidget) -> None:
        self.tabs.widget(index).layout().addWidget(view)
        self._set_tab_order(view)

    def _set_tab_order(self, view: QWidget) -> None:
        # Tab goes from the tab bar into the tab's content, then to the status bar: the
        # reading order (the content is built after the status bar, and would follow it)
        prev: QWidget = self.tabs.tabBar()
        for stop in focus_stops(view):
            QWidget.setTabOrder(prev, stop)
            prev = stop

    @property
    def _built(self) -> dict[int, QWidget]:
        """The views built, by tab (tests and benchmarks read it)."""
        return self.prebuilder.views

    def _on_current_tab_changed(self, index: int) -> None:
        # A hidden window builds nothing: start-up would otherwise build the first tab,
        # then the remembered one, each laid out at a size the window is about to lose.
        if self.isVisible() and 0 <= index < self.tabs.count():
            if self.prebuild and self._painted:
                # a key or a click: the tab at once, its charts as they are made (a tab
                # of charts takes 100-300 ms to make: issue #22)
                self.prebuilder.show_soon(index)
            else:
                self.tab_view(index)  # the first tab: whole in the first paint
            self.prebuilder.mark_warm(index)
            if self.prebuild:
                self.prebuilder.start_after_paint(PREBUILD_DELAY_MS)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        kind = event.type()
        # Painted: an update request handled while the window is on screen, or the paint
        # of the window itself.  The first update request comes before the window is
        # exposed and paints nothing; the first frame is painted on exposure, without
        # one.  Taken for a paint, it let a slice of building ahead run before the first
        # frame, which then came 7-13 ms later (issue #22).
        if kind == QEvent.Type.Paint or (kind == QEvent.Type.UpdateRequest and self._exposed()):
            self._painted = True
            # now, or within the paint: either way the building waits for the event loop,
            # after the whole frame
            self.prebuilder.painted()
        return handled

    def _exposed(self) -> bool:
        handle = self.windowHandle()
        return handle is not None and handle.isExposed()

    def showEvent(self, event) -> None:
        self._on_current_tab_changed(self.tabs.currentIndex())
        super().showEvent(event)

    # -- building ahead in idle time ------------------------------------------------------
    # A tab's first visit costs its build, style polish, layout and first paint (100-300
    # ms for a tab of charts and cards): a visible lag when a presenter first clicks it.
    # So while the app is idle, the next tab is built and painted offscreen, in slices
    # of one turn of the event loop each: a key press waits for one slice at most, and
    # a switch to it is a repaint (see prebuild.Prebuilder).

    def prebuild_order(self) -> list[int]:
        """Tabs to have ready, soonest needed first: the next, the previous, and outwards
        (PREBUILD_MAX - 1 of them: the next)."""
        return nearest_first(self.tabs.count(), self.tabs.currentIndex(), PREBUILD_MAX - 1)

    @property
    def prebuilding(self) -> bool:
        """Whether tabs are still to be built ahead."""
        return self.prebuilder.prebuilding

    def _prebuild_step(self) -> None:
        """One idle step: build or paint one tab (what the prebuilder's timer calls)."""
        self.prebuilder.step()

    def _warm_up(self, index: int, view: QWidget | None = None) -> Iterator[None]:
        """Lay out and paint a hidden tab offscreen at the size it will be shown at, a
        slice per step: the layout, each chart in sight not painted at its size yet (a
        chart's first paint lays its axes out: 10-60 ms; those built ahead were painted as
        they were made), then the whole tab.

        Once (WARM_PAINTS): a chart's axes are sized to their labels before its first
        paint (`Plot._size_axes_to_text`), so that paint leaves the layout as it is, and
        what it paints is kept from it (`render.kept.keeping_from_first`): the first
        visit puts it back.  (Painted twice before, 15-20 ms more idle work: pyqtgraph
        widened an axis after its first paint, and pictures were kept from the second.)
        """
        holder = self.tabs.widget(index)
        image = self._offscreen_image(holder)
        view = view if view is not None else self.prebuilder.views.get(index)
        panels = getattr(view, "chart_panels", [])
        # a pixel's paint polishes and lays out the whole tab: the charts in place
        self._render_hidden(holder, image, QRegion(0, 0, 1, 1))
        yield
        for panel in panels:
            # in sight, and not painted ahead at this size
            if _painted_at(panel) != panel.size():
                for _ in self._paint_part(holder, panel, image):
                    yield
        # charts painted as they were made ahead (`_warm_part`) are not painted again on
        # their own: this paints them a second time, the top half and the bottom half in
        # a slice each (the whole tab at once was ~12-22 ms of a key's wait)
        h = holder.height()
        for top, bottom in ((0, h // 2), (h // 2, h)):
            if holder.isVisible():  # shown in the meantime: the screen paints it
                return
            band = QRect(0, top, holder.width(), bottom - top)
            if not band.isEmpty():
                self._render_hidden(holder, image, QRegion(band), band.topLeft())
            if top == 0:
                yield

    def _offscreen_image(self, holder: QWidget) -> QImage:
        """An image to paint tab *holder* into offscreen as the window will show it: the
        holder where it is in the window (`_render_hidden`), at the size and pixel ratio
        it will be shown at (text and pictures are then cached at the sizes the screen
        asks for), in the format of the window's own pixels.  A label or chart keeps the
        picture it painted per format and place (`render.kept`): painted ahead elsewhere,
        its first paint on screen would paint it all again.  The holder is given the
        shown tab's geometry."""
        current = self.tabs.currentWidget()
        if current is not None and current is not holder:
            holder.setGeometry(current.geometry())
        dpr = self.devicePixelRatioF()
        store = self.backingStore()
        pixels = store.paintDevice() if store is not None else None
        fmt = QImage.Format.Format_ARGB32_Premultiplied
        if isinstance(pixels, QImage) and not pixels.isNull():
            fmt = pixels.format()
        origin = holder.mapTo(self, QPoint())
        size = QSize(origin.x() + holder.width(), origin.y() + holder.height())
        image = QImage(size * dpr, fmt)
        image.setDevicePixelRatio(dpr)
        return image

    def _warm_part(self, holder: QWidget, part: QWidget) -> Iterator[object]:
        """Lay out hidden tab *holder*, then paint its new *part* offscreen: a slice each
        (HEAVY: the tab's layout 4-9 ms, a chart's first paint, which places its axes and
        labels, 5-16 ms; a map's up to ~35 ms, so a tall part is painted in halves, a
        slice each).  In one slice with the next part's first step they kept a key
        waiting up to ~35 ms."""
        yield HEAVY
        if holder.isVisible():  # shown in the meantime: the screen lays it out and paints it
            return
        image = self._offscreen_image(holder)
        self._render_hidden(holder, image, QRegion(0, 0, 1, 1))  # polished and laid out
        yield HEAVY
        yield from self._paint_part(holder, part, image)

    def _paint_part(self, holder: QWidget, part: QWidget, image: QImage) -> Iterator[object]:
        """Paint *part* of hidden tab *holder* (laid out) into *image* where it is in
        sight, yielding after each piece (HEAVY between them), and note its size.  A part
        `HALVED_FROM` x 2 tall or taller is painted in halves: a map's first paint took
        up to ~35 ms in one piece.  What the part keeps of the pieces is joined into one
        picture (`render.kept`)."""
        r = QRect(part.mapTo(holder, QPoint()), part.size()).intersected(holder.rect())
        if r.isEmpty():
            return
        bands = [r]
        if r.height() >= 2 * HALVED_FROM:
            mid = r.top() + r.height() // 2
            bands = [QRect(r.left(), r.top(), r.width(), mid - r.top())]
            bands.append(QRect(r.left(), mid, r.width(), r.bottom() + 1 - mid))
        for i, band in enumerate(bands):
            if i:
                yield HEAVY
            if holder.isVisible():  # shown in the meantime: the screen paints it
                return
            self._render_hidden(holder, image, QRegion(band), band.topLeft())
        part.setProperty(PAINTED_AT, part.size())
        yield

    def _render_hidden(
        self,
        holder: QWidget,
        image: QImage,
        region: QRegion | None = None,
        at: QPoint | None = None,
    ) -> None:
        """``holder.render(image, at, region)`` for a hidden tab, without the repaint of
        the whole window that Qt adds: to lay a hidden page out, `QWidget.render` shows it
        for a moment and invalidates the tab stack's layout, and the QTabWidget repaints
        itself whole on the layout request that follows (10-20 ms, the shown tab's charts
        included; four such repaints came with each tab built ahead).  The stack's layout
        is activated here instead (the geometry it gives is the one it has), and the
        requests the render posted are dropped; those posted before it are handled first."""
        stack = holder.parentWidget()
        request = QEvent.Type.LayoutRequest
        for w in (stack, self.tabs):
            QCoreApplication.sendPostedEvents(w, request)
        origin = holder.mapTo(self, QPoint())  # where the window shows it (_offscreen_image)
        # the screen paints the tab next: what it paints is kept now, to be put back then
        with keeping_from_first():
            if region is None:
                holder.render(image, origin)
            else:
                holder.render(image, origin + (at or QPoint()), region)
        if stack is not None and stack.layout() is not None:
            stack.layout().activate()
        for w in (stack, self.tabs):
            QCoreApplication.removePostedEvents(w, request)

    def is_warm(self, index: int) -> bool:
        """Whether tab *index* is built, laid out and painted, so that showing it is a repaint."""
        return self.prebuilder.is_warm(index)

    # -- commands (see menus.MENUS) ---------------------------------------------------------
    def step_tab(self, step: int) -> None:
        n = self.tabs.count()
        if n:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % n)

    def select_tab(self, key: str | int) -> bool:
        """Select a tab by id, title or 1-based number."""
        for i, t in enumerate(self.doc.briefing.tabs):
            if key in (t.id, t.title) or str(key) == str(i + 1):
                self.tabs.setCurrentIndex(i)
                return True
        return False

    def toggle_tables(self) -> None:
        view = self.tab_view(self.tabs.currentIndex())
        panels = getattr(view, "chart_panels", [])
        on = not any(p.table_shown for p in panels)
        for p in panels:
            p.show_table(on)

    def _on_theme_changed(self, theme: Theme) -> None:
        apply_theme(QApplication.instance(), theme)
        check_theme(self.theme_group, theme.name)
        current = self.tabs.currentIndex()
        self._on_briefing_changed(self.doc.briefing)  # charts take colours at build time
        self.tabs.setCurrentIndex(current)

    def set_language(self, lang: str) -> None:
        """Speak *lang* (View > Language): the menus, the open briefing and its tabs are
        made again in it at once, on the tab shown; remembered for the next start (not by
        a window the user never saw)."""
        if lang == language():
            return
        apply_language(lang)
        if self.remember:
            remember_language(lang)
        self.retranslate()

    def retranslate(self) -> None:
        """Make every text of the window again in the current language."""
        current = self.tabs.currentIndex()
        for action in self.menuBar().actions():
            menu = action.menu()
            if menu is not None:
                menu.deleteLater()
        for old in (
            *self.theme_group.actions(),
            *self.language_group.actions(),
            *getattr(self, "export_actions", []),
        ):
            old.deleteLater()
        self.menuBar().clear()
        build_menus(self)
        self.opener.recent_menu = self.recent_menu
        self.opener.refresh_recent()
        self.tabs.setAccessibleName(tr("Briefing tabs"))
        self.header.refresh()
        self._on_briefing_changed(self.doc.briefing)
        self.tabs.setCurrentIndex(current)
        self.language_changed.emit(language())

    def open_path(self, path: str | None, *, wait: bool = False) -> None:
        """Load a package (None: the bundled one) in the background; show it, or its problems."""
        self.opener.open(path, wait=wait)

    def show_warnings(self) -> None:
        dialogs.show_warnings(self, self.doc.briefing)

    def show_findings(self) -> None:
        dialogs.show_findings(self, self.doc.plan)

    def show_shortcuts(self) -> None:
        dialogs.show_shortcuts(self)

    def show_about(self) -> None:
        dialogs.show_about(self, self.doc.briefing)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def start_presentation(self) -> None:
        try:
            from briefing_app.ui.presentation import start_presentation
        except ImportError:
            self.statusBar().showMessage(
                tr("Presentation mode is not available in this build"), 5000
            )
            return
        self.presentation = start_presentation(self)

    # -- events -------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.opener.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.opener.drop(event)

    def restore_state(self) -> None:
        """The geometry and tab of the last run (see window_state)."""
        window_state.restore(self)

    def closeEvent(self, event) -> None:
        if self.remember:
            window_state.save(self)
        super().closeEvent(event)
