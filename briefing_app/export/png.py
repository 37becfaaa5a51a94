"""Render each tab of a briefing to an image, offscreen, at a given size."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsView, QGraphicsWidget, QWidget

from briefing_app.export.atomic import ExportError, atomic_path
from briefing_app.model.types import Briefing, Tab
from briefing_app.themes import Theme

#: QImage.save's quality for PNG picks zlib's level, (100 - quality) * 9 // 91: 60 is
#: level 3, about a third less CPU than the default level 6 for files ~3% larger
#: (screenshots: large flat areas).  The pixels are the same at every level.
PNG_QUALITY = 60

#: images rendered but not yet written, at most: each is width x height x 4 bytes
MAX_PENDING = 2


def slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:60] or "tab"


def tab_file_stem(tab: Tab) -> str:
    """A tab's file name: its title in Latin letters, or its id (always ASCII) when the
    title has too few of them (a Cyrillic title made '01-tab.png', '02-tab.png' ...)."""
    return slug(tab.title) if re.search(r"[A-Za-z]{2}", tab.title) else slug(tab.id)


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

    doc = BriefingDocument(b, theme)
    window = MainWindow(doc, prebuild=False)  # builds each tab itself, in turn
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


def save_png(image: QImage, path: str | Path) -> bool:
    """Write *image* as PNG at `PNG_QUALITY`; False when it cannot be written."""
    return image.save(str(path), "PNG", PNG_QUALITY)


def write_pngs(items: Iterable[tuple[QImage, Path]], *, force: bool = False) -> list[Path]:
    """Write each (image, target) as PNG; all of them, or none.

    Compressing takes a worker thread (QImage.save releases the GIL and a QImage is
    safe to save from another thread), so while image N is compressed *items* renders
    image N+1.  Each image goes to a temporary file beside its target; only when every
    one is written are they renamed onto the targets.  On any failure (a save, an
    exception while rendering) the temporary files are removed and no target is
    touched.  Refuses to overwrite a target without *force* (see `atomic_path`).
    """
    jobs: list[tuple[Path, Future[bool]]] = []
    checked = 0  # jobs[:checked] are written

    def check(job: tuple[Path, Future[bool]]) -> None:
        target, future = job
        if not future.result():
            raise ExportError(f"cannot write {target}")

    with contextlib.ExitStack() as files:  # exits last: renames, or removes, the files
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="png")
        try:
            for image, target in items:
                tmp = files.enter_context(atomic_path(target, force=force))
                jobs.append((target, pool.submit(save_png, image, tmp)))
                # a failed save stops the export early; waiting for all but the newest
                # MAX_PENDING bounds the images held in memory
                while checked < len(jobs) and (
                    len(jobs) - checked > MAX_PENDING or jobs[checked][1].done()
                ):
                    check(jobs[checked])
                    checked += 1
            for job in jobs[checked:]:
                check(job)
        finally:
            # before the temporary files are renamed or removed: nothing writes them after
            pool.shutdown(wait=True, cancel_futures=True)
    return [target for target, _ in jobs]


def image_is_blank(image: QImage, min_colours: int = 8) -> bool:
    """True when an image has (nearly) one colour: nothing was drawn."""
    small = image.scaled(160, 100)
    colours = set()
    for y in range(small.height()):
        for x in range(small.width()):
            colours.add(small.pixel(x, y))
            if len(colours) >= min_colours:
                return False
    return True
