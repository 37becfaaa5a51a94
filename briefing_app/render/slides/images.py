"""Render slides offscreen to images: ``briefing-app export png OUTDIR --slides``.

At 3840x2160 the slides are laid out for 1920x1080 logical pixels and drawn at a
device pixel ratio of 2, as a 4K screen with 200 % scaling shows them.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from briefing_app.content.slides import Slide
from briefing_app.model.briefing import Briefing
from briefing_app.render.settle import Steps
from briefing_app.render.slides.deck import build_deck
from briefing_app.render.slides.layout import Metrics
from briefing_app.render.slides.view import SlideView
from briefing_app.render.themes import Theme


def device_pixel_ratio_for(width: int, height: int) -> int:
    """2 for 4K-class sizes (3840x2160), else 1; always a whole divisor of the size."""
    dpr = max(1, int(height / 1080 + 0.25))
    while dpr > 1 and (width % dpr or height % dpr):
        dpr -= 1
    return dpr


def render_view(view: SlideView, dpr: float = 1.0) -> QImage:
    """Draw a slide view into an image of its size times *dpr*."""
    w, h = view.width(), view.height()
    if view.plot is not None:
        # charts size their axes to their tick labels when first painted: paint once, then
        # again (a slide of cards is laid out before it is painted: once is enough)
        view.render(QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied))
        QApplication.processEvents()
    image = QImage(round(w * dpr), round(h * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(QColor(view.theme.background))
    view.render(image)
    return image


def show_offscreen(view: SlideView) -> None:
    """Make a view 'visible' for layout and painting without putting it on a screen."""
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.show()
    QApplication.processEvents()


def render_slides(
    b: Briefing, theme: Theme, width: int, height: int
) -> Iterator[tuple[Slide, QImage]]:
    """Yield (slide, image) for every slide of the briefing at width x height pixels."""
    from briefing_app.render.labels import load_fonts

    load_fonts()
    dpr = device_pixel_ratio_for(width, height)
    lw, lh = width // dpr, height // dpr
    m = Metrics(theme, lw, lh)
    with Steps() as steps:
        for slide in build_deck(b, theme, lw, lh):
            view = SlideView(slide, b, theme, m)
            try:
                show_offscreen(view)
                image = render_view(view, dpr)
            finally:
                view.close()
                view.deleteLater()
            del view
            steps.settle()  # the slide's widgets go before the next slide's are made
            yield slide, image
    QApplication.processEvents()
