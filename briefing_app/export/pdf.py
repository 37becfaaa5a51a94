"""The handout as PDF, written with QPdfWriter: vector charts, text that copies out.

The pages are the plan's (`briefing_app.render.handout`): laid out first, so page
numbers ("page 3 of 12", the contents) are known when painting; charts are built once
each, in one hidden host widget, and painted with QPainter straight into the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from briefing_app import __version__
from briefing_app.export import interrupt
from briefing_app.export.atomic import ExportError, Unverified, explained, refuse_inside_package
from briefing_app.export.verify import check_pdf
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import msg
from briefing_app.render.chart_image import plot_host, screen_dpi
from briefing_app.render.handout import layout_handout, paint_page
from briefing_app.render.page import DrawContext
from briefing_app.render.settle import Steps
from briefing_app.render.themes import Theme

Progress = Callable[[int, int, str], bool]


class ExportCancelled(ExportError):
    pass


@dataclass
class PdfReport:
    """What was written: one label per page, and where each tab starts (1-based)."""

    path: Path
    pages: list[str]
    tab_pages: dict[str, list[int]]
    source_pages: list[int]


def write_pdf(
    b: Briefing,
    theme: Theme,
    path: str | Path,
    *,
    notes: bool = False,
    progress: Progress | None = None,
) -> PdfReport:
    """Write the handout to *path* and check the file (`verify.check_pdf`: a file cut
    short by a full disk is `Unverified`); the caller makes it atomic (`atomic_path`)."""
    path = Path(path)
    refuse_inside_package(b.location, path)
    dpi = screen_dpi()
    writer = QPdfWriter(str(path))
    writer.setResolution(dpi)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(b.title)
    writer.setCreator(f"Briefing Viewer {__version__}")
    writer.setPdfVersion(QPdfWriter.PdfVersion.PdfVersion_1_6)
    lay, g, styles = layout_handout(b, theme, writer, dpi, notes=notes)
    pages = lay.pages
    tab_pages: dict[str, list[int]] = {}
    for k, page in enumerate(pages, start=1):
        if page.kind == "tab":
            tab_pages.setdefault(page.tab_id, []).append(k)
    ctx = DrawContext(
        host=None,  # type: ignore[arg-type]
        page_of_tab={t: v[0] for t, v in tab_pages.items()},
        pages=len(pages),
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise explained(msg("the PDF writer could not open the file"), path)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        with plot_host() as host, Steps() as steps:
            ctx.host = host
            for k, page in enumerate(pages, start=1):
                interrupt.check()  # a signal stops the export here, between pages
                if progress is not None and not progress(k - 1, len(pages), page.label):
                    raise ExportCancelled(msg("export cancelled"))
                if k > 1 and not writer.newPage():
                    raise explained(msg("the PDF writer could not start a new page"), path)
                paint_page(painter, page, k, lay, g, styles, theme, ctx)
                steps.settle()  # the page's plots go before the next page's are built
    finally:
        # the close writes the trailer and the cross-reference table: checked below
        ended = painter.end()
    if not ended:
        raise explained(msg("the PDF writer could not finish the file"), path)
    try:  # the writer reports no failed write: a full disk shows as a file cut short
        check_pdf(path)
    except Unverified as exc:
        raise explained(str(exc), path) from None
    if progress is not None:
        progress(len(pages), len(pages), "done")
    return PdfReport(
        path,
        [p.label for p in pages],
        tab_pages,
        [k for k, p in enumerate(pages, start=1) if p.kind == "sources"],
    )
