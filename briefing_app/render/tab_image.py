"""Each tab of the plan as one tall page image: ``export png OUTDIR`` and File > Export
tab images (both through `briefing_app.export.png`).

A tab image is the handout's page of the tab (`render.handout`: the same takeaway,
charts with the figures behind them, cards, numbered source notes [n]) on one page as
long as the tab, under a header with the briefing's title, as-of date and caveat, and
over a footer with the caveat, version and checksum.  Nothing is cut off and there is
no window around it: no menu bar, scroll bar or buttons.

The page is laid out as the handout's is, A4 wide at the handout's resolution, then
painted scaled to the requested width: a 1920-pixel image has the proportions of a
handout page, type included (as a page printed at 1920 / 8.27 ≈ 232 dpi).  Charts are
laid out at their size in pixels, with their type scaled to match, so their lines stay
crisp.  The height follows the content, at least the *min_height* asked for.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from briefing_app.content.plan import TabPlan, plan_of
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import tr
from briefing_app.model.types import Tab
from briefing_app.render.chart_image import PlotHost, match_dpi, plot_host, screen_dpi
from briefing_app.render.handout import (
    CHART_SCALE,
    MM,
    Content,
    Styles,
    a4,
    footer_text,
    paint_notes,
    paint_placements,
)
from briefing_app.render.page import DrawContext, Entry, Geometry, Item, Layout, Page
from briefing_app.render.text import Para
from briefing_app.render.themes import Theme

#: the space between the end of the tab and its source notes, in page units
NOTES_GAP = 16.0
#: the most pixels a tab image may have: what Qt reads back by default (QImageReader's
#: allocation limit, 256 MB at 4 bytes a pixel).  A long tab at 8192 pixels wide would
#: otherwise be over a gigabyte, in memory and in any viewer that opens it.
MAX_PIXELS = 256 * 1024 * 1024 // 4


class TooLarge(ValueError):
    """A tab's page at the width asked for would have more than `MAX_PIXELS`."""


class Rule(Item):
    """A thin line across the page, with room above and below it."""

    def __init__(self, width: float, colour: str, space: float = 4.0) -> None:
        self.width, self.colour, self.space = width, colour, space
        self.height = 2 * space

    def draw(self, painter, x, y, ctx) -> None:
        painter.save()
        painter.setPen(QPen(QColor(self.colour), 0.8))
        painter.drawLine(QPointF(x, y + self.space), QPointF(x + self.width, y + self.space))
        painter.restore()


def header_entries(content: Content) -> list[Entry]:
    """The briefing's title (and subtitle), its as-of date and its caveat, then a rule."""
    b, s = content.b, content.s
    out = [content.text(b.title, s.title.but(size=17.0), gap=3)]
    if b.subtitle:
        out.append(content.text(b.subtitle, s.muted.but(size=10.0), gap=3))
    out.append(content.text(tr("As of {date}").format(date=fmt_date(b.as_of)), s.h3, gap=8))
    if b.caveat:
        out.append(content.caveat_box(gap=6))
    out.append(Entry(lambda n: Rule(content.width, content.theme.border), gap=8))
    return out


def geometry(dpi: float) -> Geometry:
    """A4 wide at *dpi*, with the handout's side margins; a header rather than a running
    head at the top, so a narrower top margin."""
    return replace(a4(dpi), top=12 * MM * dpi, bottom=14 * MM * dpi)


@dataclass
class TabPage:
    """A tab laid out as one page, before anything is painted: every entry placed (the
    header's, then the tab's), the image's size in pixels and its pixels per page unit."""

    tab: Tab
    layout: Layout
    page: Page
    entries: list[Entry]
    scale: float
    width: int
    height: int

    @property
    def geometry(self) -> Geometry:
        return self.layout.g

    def content_bottom(self) -> float:
        """Where the last entry ends, in page units."""
        return max((pl.y + pl.item.height for pl in self.page.placements), default=0.0)


class TabPages:
    """Lays out and paints the tab images of one briefing at one width and theme."""

    def __init__(self, b: Briefing, theme: Theme, width: int, min_height: int = 0) -> None:
        self.b, self.theme = b, theme
        self.width, self.min_height = width, min_height
        self.dpi = screen_dpi()  # the handout's: the resolution pyqtgraph lays text out at
        self.g = geometry(self.dpi)
        self.scale = width / self.g.width
        self.styles = Styles.of(theme)
        # the device the text is measured on: the handout's resolution, kept alive as long
        # as the paragraphs laid out on it
        self.device = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
        match_dpi(self.device, self.dpi)
        self.plan = plan_of(b)
        self.content = Content(
            self.plan,
            theme,
            self.styles,
            self.g,
            self.device,
            False,
            chart_scale=CHART_SCALE * self.scale,
        )

    def layout(self, tp: TabPlan) -> TabPage:
        """The header and the tab's entries on one endless page; the height follows."""
        entries = header_entries(self.content) + self.content.tab_entries(tp)
        lay = Layout(self.b, self.g, self.styles.note, self.device, endless=True)
        lay.flow(entries, "tab", tp.title, tp.id)
        assert len(lay.pages) == 1, "an endless layout has one page"
        page = lay.pages[0]
        tab_page = TabPage(tp.tab, lay, page, entries, self.scale, self.width, 0)
        notes = lay.notes_height(page.notes)
        units = tab_page.content_bottom() + NOTES_GAP + notes + self.g.bottom
        tab_page.height = max(self.min_height, math.ceil(units * self.scale))
        if tab_page.width * tab_page.height > MAX_PIXELS:
            # the height grows with the width: this width fits (less the rounding)
            fits = math.isqrt(int(MAX_PIXELS * self.g.width / units)) - 1
            raise TooLarge(
                f"the tab {tp.title!r} would be {tab_page.width}x{tab_page.height} pixels, "
                f"more than {MAX_PIXELS / 1e6:.0f} megapixels: export it at most "
                f"{min(fits, self.width - 1)} pixels wide"
            )
        lay.g = replace(self.g, height=tab_page.height / self.scale)  # notes at its foot
        return tab_page

    def paint(self, tab_page: TabPage, host: PlotHost) -> QImage:
        g, lay, k = tab_page.geometry, tab_page.layout, tab_page.scale
        image = QImage(tab_page.width, tab_page.height, QImage.Format.Format_ARGB32_Premultiplied)
        # the resolution the text and the charts were laid out at: a device of another
        # would have the charts' type (in points) drawn at its size
        match_dpi(image, self.dpi)
        image.fill(QColor(self.theme.background))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.scale(k, k)
            ctx = DrawContext(host=host, pages=1, scale=k)
            paint_placements(painter, tab_page.page, g, ctx)
            paint_notes(painter, tab_page.page, lay, self.theme)
            foot = Para(footer_text(self.b), self.styles.note, g.content_width, self.device)
            foot.draw(painter, g.left, g.height - g.bottom + 10)
        finally:
            painter.end()
        return image

    def __iter__(self) -> Iterator[tuple[Tab, QImage]]:
        with plot_host() as host:
            for tp in self.plan.tabs:
                yield tp.tab, self.paint(self.layout(tp), host)


def render_tab_pages(
    b: Briefing, theme: Theme, width: int, min_height: int = 0
) -> Iterator[tuple[Tab, QImage]]:
    """Yield (tab, image) for every tab: *width* pixels wide, as tall as the tab's page
    (at least *min_height*)."""
    from briefing_app.render.labels import load_fonts

    load_fonts()
    yield from TabPages(b, theme, width, min_height)
