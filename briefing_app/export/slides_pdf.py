"""The deck as a PDF: ``briefing-app export pdf OUT.pdf --slides [--size WxH]``.

For the projector PC with no viewer installed: one slide a page, main deck then backup
slides and the appendix, each page at the slide's aspect ratio (7.5 inches high, as
presentation software makes them; 16:9 unless ``--size`` says otherwise), drawn as
vectors (text stays text), with bookmarks for the main deck, each tab's backup slides
and the appendix.  The slides are laid out for ``--size`` logical pixels exactly as the
presentation lays them out for a screen of that size, so the type keeps its shares of
the page's height.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from briefing_app.export.atomic import ExportError
from briefing_app.export.formats import SLIDES_SIZE
from briefing_app.model.i18n import msg, tr

#: a slide page is 7.5 inches high, in points
PAGE_HEIGHT_PT = 540.0

Progress = Callable[[int, int, str], bool]


def export_pdf(args: argparse.Namespace, b, theme) -> list[Path]:
    """``export pdf``: the slides with ``--slides``, else the handout."""
    from briefing_app.export import run

    size = getattr(args, "size", "") or ""
    if not getattr(args, "slides", False):
        if size:
            raise ExportError(msg("--size sets the slides' size: give it with --slides"))
        return run.export_pdf(args, b, theme)
    if getattr(args, "notes", False):
        raise ExportError(
            msg("--notes is for the handout; the slides' notes are in the presenter view")
        )
    from briefing_app.export.atomic import atomic_path

    width, height = run.parse_size(size or SLIDES_SIZE)
    out = Path(args.out)
    run.ensure_app(theme)
    with atomic_path(out, force=args.force) as tmp:
        write_slides_pdf(b, theme, tmp, width, height)
    return [out]


def bookmarks_of(deck) -> list:
    """The outline: the main deck, each tab's backup slides, the appendix; each opens on
    its first slide and lists its slides by title."""
    from briefing_app.content.slides import APPENDIX, BACKUP
    from briefing_app.export.pdf_outline import Bookmark

    out: list[Bookmark] = []
    main = Bookmark(tr("Main deck"), 0)
    out.append(main)
    current: Bookmark | None = None
    key = None
    for k, slide in enumerate(deck):
        entry = Bookmark(f"{slide.number}. {slide.title}", k)
        if not slide.is_backup:
            main.children.append(entry)
            continue
        part = tr(APPENDIX if slide.part == "appendix" else BACKUP)
        tab = slide.kicker.split(" · ", 1)[-1] if slide.kicker else ""
        if (part, slide.tab_index) != key:
            key = (part, slide.tab_index)
            current = Bookmark(f"{part}: {tab}" if tab else part, k)
            out.append(current)
        assert current is not None
        current.children.append(entry)
    return out


@contextlib.contextmanager
def _painting(writer, path: Path) -> Iterator:
    """A painter on *writer*, antialiased, ended however the painting ends."""
    from PySide6.QtGui import QPainter

    painter = QPainter(writer)
    if not painter.isActive():
        raise ExportError(msg("cannot write {path}", path=str(path)))
    hint = QPainter.RenderHint
    painter.setRenderHints(hint.Antialiasing | hint.TextAntialiasing)
    try:
        yield painter
    finally:
        painter.end()


def write_slides_pdf(
    b, theme, path: str | Path, width: int, height: int, *, progress: Progress | None = None
) -> list:
    """Write every slide of *b*, laid out for *width* x *height* pixels, to the PDF *path*
    (the caller makes it atomic); return the deck."""
    from PySide6.QtCore import QMarginsF, QPoint, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter
    from PySide6.QtWidgets import QApplication

    from briefing_app import __version__
    from briefing_app.export.pdf_outline import add_outline
    from briefing_app.render.labels import load_fonts
    from briefing_app.render.settle import Steps
    from briefing_app.render.slides.deck import build_deck
    from briefing_app.render.slides.images import show_offscreen
    from briefing_app.render.slides.layout import Metrics
    from briefing_app.render.slides.view import SlideView

    load_fonts()
    path = Path(path)
    page = QSizeF(PAGE_HEIGHT_PT * width / height, PAGE_HEIGHT_PT)
    writer = QPdfWriter(str(path))
    writer.setResolution(72)  # a device unit is a point
    writer.setPageLayout(
        QPageLayout(
            QPageSize(page, QPageSize.Unit.Point, "Slide"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(b.title)
    writer.setCreator(f"Briefing Viewer {__version__}")
    writer.setPdfVersion(QPdfWriter.PdfVersion.PdfVersion_1_6)
    deck = build_deck(b, theme, width, height)
    m = Metrics(theme, width, height)
    scale = PAGE_HEIGHT_PT / height
    with _painting(writer, path) as painter, Steps() as steps:
        for k, slide in enumerate(deck):
            if progress is not None and not progress(k, len(deck), slide.title):
                raise ExportError(msg("export cancelled"))
            if k and not writer.newPage():
                raise ExportError(
                    msg("cannot write {path}: the PDF writer refused a new page", path=str(path))
                )
            view = SlideView(slide, b, theme, m)
            try:
                show_offscreen(view)  # charts lay out as on screen
                painter.save()
                painter.scale(scale, scale)
                view.render(painter, QPoint(0, 0))
                painter.restore()
            finally:
                view.close()
                view.deleteLater()
            del view
            QApplication.processEvents()
            steps.settle()  # the slide's widgets go before the next slide's are made
    if not path.exists() or path.stat().st_size == 0:
        raise ExportError(msg("cannot write {path}", path=str(path)))
    add_outline(path, bookmarks_of(deck))
    return deck
