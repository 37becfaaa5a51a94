"""A chart's context menu: copy it as an image, save it as PNG or SVG, save its data as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from briefing_app.content.text import slug
from briefing_app.export.atomic import write_bytes, write_png
from briefing_app.export.csv_export import write_chart_csv
from briefing_app.model.i18n import N_, tr
from briefing_app.render.chart_image import DEFAULT_SIZE, chart_image
from briefing_app.ui import export_dialogs as gui
from briefing_app.ui.accessibility import describe_action


def _parent(panel):
    return panel.window() if hasattr(panel, "window") else None


def _name(panel, ext: str) -> str:
    return f"{slug(panel.chart.id)}.{ext}"


def copy_chart_image(panel, size: tuple[int, int] = DEFAULT_SIZE) -> bool:
    """Put the chart, with its title, legend and sources, on the clipboard."""

    def job() -> None:
        QApplication.clipboard().setImage(
            chart_image(panel.data, panel.briefing, panel.theme, *size)
        )

    ok = gui.run(_parent(panel), tr("the chart image"), job)
    if ok:
        gui._status(_parent(panel), tr("Chart copied: paste it into your slides"))
    return ok


def export_png(panel, path: Path | None = None, size: tuple[int, int] | None = None):
    parent = _parent(panel)
    if path is None:
        path = gui.ask_save_path(
            parent,
            tr("Export chart image (PNG)"),
            _name(panel, "png"),
            tr("PNG image (*.png)"),
            ".png",
        )
        if path is None:
            return None
    if size is None:
        size = gui.ask_size(parent, DEFAULT_SIZE)
        if size is None:
            return None
    w, h = size

    def job() -> None:
        write_png(chart_image(panel.data, panel.briefing, panel.theme, w, h), path, force=True)

    return path if gui.run(parent, tr("the chart image"), job) else None


def export_svg(panel, path: Path | None = None, size: tuple[int, int] = DEFAULT_SIZE):
    from briefing_app.export.svg import chart_svg

    parent = _parent(panel)
    if path is None:
        path = gui.ask_save_path(
            parent,
            tr("Export chart image (SVG)"),
            _name(panel, "svg"),
            tr("SVG image (*.svg)"),
            ".svg",
        )
        if path is None:
            return None
    w, h = size

    def job() -> None:
        write_bytes(chart_svg(panel.data, panel.briefing, panel.theme, w, h), path, force=True)

    return path if gui.run(parent, tr("the chart image"), job) else None


def export_csv(panel, path: Path | None = None):
    parent = _parent(panel)
    if path is None:
        path = gui.ask_save_path(
            parent, tr("Export chart data (CSV)"), _name(panel, "csv"), tr("CSV (*.csv)"), ".csv"
        )
        if path is None:
            return None

    def job() -> None:
        write_chart_csv(panel.data, panel.briefing, path, force=True)

    return path if gui.run(parent, tr("the chart data"), job) else None


def actions_for(panel, menu: QMenu) -> list[QAction]:
    """The export actions of a chart panel's context menu."""
    out = []
    for text, tip, slot in (
        (
            N_("Copy image"),
            N_("Copy the chart as a picture, to paste elsewhere"),
            lambda: copy_chart_image(panel),
        ),
        (
            N_("Export image (PNG)…"),
            N_("Save the chart as a PNG image"),
            lambda: export_png(panel),
        ),
        (
            N_("Export image (SVG)…"),
            N_("Save the chart as an SVG drawing"),
            lambda: export_svg(panel),
        ),
        (
            N_("Export data (CSV)…"),
            N_("Save the figures behind the chart, with their sources, as a CSV file"),
            lambda: export_csv(panel),
        ),
    ):
        act = QAction(tr(text), menu)
        describe_action(act, tr(tip))
        act.triggered.connect(lambda _=False, slot=slot: slot())
        out.append(act)
    return out
