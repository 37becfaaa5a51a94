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

from briefing_app.content.bounds import TAB_IMAGE_PAGES_MIN, TAB_IMAGES_PAGES
from briefing_app.content.plan import TabPlan, plan_of
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date, fmt_number
from briefing_app.model.i18n import N_, nmsg, ntr, tr
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
from briefing_app.render.settle import Steps
from briefing_app.render.text import Para
from briefing_app.render.themes import Theme

#: the space between the end of the tab and its source notes, in page units
NOTES_GAP = 16.0
#: where the charts and cards a tab image leaves out are
IN_HANDOUT = N_("the handout (export pdf) prints them, and the window shows them")
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
        #: tabs laid out so far, and the pages of `TAB_IMAGES_PAGES` they left
        self._laid_out = 0
        self._pages_left: float = TAB_IMAGES_PAGES
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
        """The header and the tab's entries on one endless page; the height follows, up to
        the tab's share of the pixels (`pixels_each`): past it, the entries that fit and a
        line that says how many charts and cards are left out and where they are."""
        head = header_entries(self.content)
        body = self.content.tab_entries(tp)
        most = self.pages_each * a4(self.dpi).height  # page units
        tab_page, units = self._flow(tp, head + body)
        if units > most:
            tab_page, units = self._cut(tp, head, body, most)
        self._laid_out += 1
        self._pages_left -= units / a4(self.dpi).height
        tab_page.height = max(self.min_height, math.ceil(units * self.scale))
        if tab_page.width * tab_page.height > MAX_PIXELS:
            # the height grows with the width: this width fits (less the rounding)
            fits = math.isqrt(int(MAX_PIXELS * self.g.width / units)) - 1
            raise TooLarge(
                nmsg(
                    "the tab {title} would be {size} pixels, more than {mp} megapixels: export "
                    "it at most {width} pixel wide",
                    "the tab {title} would be {size} pixels, more than {mp} megapixels: export "
                    "it at most {width} pixels wide",
                    min(fits, self.width - 1),
                    title=repr(tp.title),
                    size=f"{tab_page.width}x{tab_page.height}",
                    mp=round(MAX_PIXELS / 1e6),
                    width=str(min(fits, self.width - 1)),  # a value to type: no separators
                )
            )
        # the notes at its foot
        tab_page.layout.g = replace(self.g, height=tab_page.height / self.scale)
        return tab_page

    @property
    def pages_each(self) -> float:
        """How many handout pages long the next tab's image may be: an equal share of
        what is left of `TAB_IMAGES_PAGES` among the tabs left, at least
        `TAB_IMAGE_PAGES_MIN` (whatever the width: a wider image has the same content,
        larger)."""
        left = max(1, len(self.plan.tabs) - self._laid_out)
        return max(TAB_IMAGE_PAGES_MIN, self._pages_left / left)

    def _flow(self, tp: TabPlan, entries: list[Entry]) -> tuple[TabPage, float]:
        """*entries* on one endless page, and its height in page units."""
        lay = Layout(self.b, self.g, self.styles.note, self.device, endless=True)
        lay.flow(entries, "tab", tp.title, tp.id)
        assert len(lay.pages) == 1, "an endless layout has one page"
        page = lay.pages[0]
        tab_page = TabPage(tp.tab, lay, page, entries, self.scale, self.width, 0)
        notes = lay.notes_height(page.notes)
        return tab_page, tab_page.content_bottom() + NOTES_GAP + notes + self.g.bottom

    def _cut(
        self, tp: TabPlan, head: list[Entry], body: list[Entry], most: float
    ) -> tuple[TabPage, float]:
        """The most of *body* that fits in *most* page units with the line that counts
        the charts and cards left out (found by halving: each try is a layout of entries
        already measured)."""

        def attempt(k: int) -> tuple[TabPage, float]:
            left = sum(1 for e in body[k:] if e.ref is not None)
            return self._flow(tp, [*head, *body[:k], self.left_out(left)])

        lo, hi = 0, len(body) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if attempt(mid)[1] <= most:
                lo = mid
            else:
                hi = mid - 1
        return attempt(lo)

    def left_out(self, n: int) -> Entry:
        """The line saying that *n* charts and cards of the tab are not in its image."""
        line = ntr(
            "… and {n} more chart or card of this tab, not in this image (a briefing's tab "
            "images are at most {pages} handout pages long together): {where}.",
            "… and {n} more charts and cards of this tab, not in this image (a briefing's tab "
            "images are at most {pages} handout pages long together): {where}.",
            n,
        )
        text = line.format(
            n=fmt_number(n), pages=fmt_number(TAB_IMAGES_PAGES), where=tr(IN_HANDOUT)
        )
        return self.content.text(text, self.styles.muted)

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
        with plot_host() as host, Steps() as steps:
            for tp in self.plan.tabs:
                image = self.paint(self.layout(tp), host)
                steps.settle()  # the tab's plots and pages go before the next tab's
                yield tp.tab, image


def render_tab_pages(
    b: Briefing, theme: Theme, width: int, min_height: int = 0
) -> Iterator[tuple[Tab, QImage]]:
    """Yield (tab, image) for every tab: *width* pixels wide, as tall as the tab's page
    (at least *min_height*)."""
    from briefing_app.render.labels import load_fonts

    load_fonts()
    yield from TabPages(b, theme, width, min_height)
