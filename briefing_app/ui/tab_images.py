"""Each tab of the window rendered to an image, offscreen (a screenshot of the window
without a screen): the self-test's check that the real window draws every tab.

The tab images ``export png`` writes are pages drawn from the plan, not screenshots
(`briefing_app.render.tab_image`)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsView, QGraphicsWidget, QWidget

from briefing_app.model.briefing import Briefing
from briefing_app.model.types import Tab
from briefing_app.render.themes import Theme

#: offscreen paints of a tab's charts before it is captured, at most: pyqtgraph sizes a
#: chart's axes from the tick text it measures while painting, the new axes can change
#: the ticks, and so on until the layout stops moving (after one paint, in practice)
MAX_SETTLE_PAINTS = 4


def _chart_layout(charts: list[QGraphicsView]) -> list[tuple[float, ...]]:
    """Where every laid-out part (plot, axes, view box, titles) of *charts* sits."""
    return [
        item.geometry().getRect()
        for chart in charts
        for item in chart.items()
        if isinstance(item, QGraphicsWidget)
    ]


def settle_charts(view: QWidget) -> int:
    """Paint *view*'s charts offscreen until their layout stops moving; the paints done.

    Only the charts: a tab's labels, cards and frames lay themselves out without being
    painted, and painting them as well (as showing the window on a screen did) doubled
    or tripled their cost in an export.
    """
    charts = [c for c in view.findChildren(QGraphicsView) if c.isVisibleTo(view)]
    if not charts:
        return 0
    scratch = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
    dpm = round(view.logicalDpiX() / 0.0254)  # text is measured as on the window's screen
    scratch.setDotsPerMeterX(dpm)
    scratch.setDotsPerMeterY(dpm)
    paints, layout, before = 0, _chart_layout(charts), None
    while layout != before and paints < MAX_SETTLE_PAINTS:
        painter = QPainter(scratch)
        for chart in charts:
            # the whole chart, clipped to the scratch image: every item paints, little is drawn
            chart.render(painter, QRectF(chart.rect()), chart.rect())
        painter.end()
        QApplication.processEvents()
        paints, before, layout = paints + 1, layout, _chart_layout(charts)
    return paints


def render_tabs(b: Briefing, theme: Theme, width: int, height: int) -> Iterator[tuple[Tab, QImage]]:
    """Yield (tab, image) for every tab, rendered in a window of width x height.

    The window is laid out as if shown but never goes on a screen, so nothing flashes
    when the app exports from a desktop session.  Each tab is painted once, when it is
    captured, after its charts are settled (`settle_charts`): a shown window paints
    itself whenever events are processed, which painted every tab two to four times.
    """
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    apply_theme(QApplication.instance(), theme)
    doc = BriefingDocument(b, theme)
    # builds each tab itself, in turn; an offscreen window leaves the user's settings alone
    window = MainWindow(doc, prebuild=False, remember=False)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.setMinimumSize(1, 1)
    window.resize(width, height)
    window.show()
    window.setUpdatesEnabled(False)  # no painting while tabs are built and laid out
    try:
        for i, tab in enumerate(b.tabs):
            window.tabs.setCurrentIndex(i)
            view = window.tab_view(i)
            QApplication.processEvents()
            window.resize(width, height)
            QApplication.processEvents()
            settle_charts(view)
            window.setUpdatesEnabled(True)  # grab() draws nothing without them
            image = window.grab().toImage()
            window.setUpdatesEnabled(False)
            yield tab, image
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
