"""Pages of text, cards and charts: measured first, cut at line ends, then painted.

The engine of the PDF handout and of the tab images: `Entry`s (a heading, a card, a
chart) flow onto `Page`s of a `Geometry`; an item taller than the room left is cut at
the end of a line; each page keeps room at its foot for its numbered source notes
(`Notes`), so that page numbers and notes are known before anything is painted.
Device units throughout (a QPdfWriter's or a QImage's, at its resolution).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr
from briefing_app.render.chart_image import PlotHost, paint_plot
from briefing_app.render.text import Para, Style

# -- source notes -------------------------------------------------------------------


class Notes:
    """The numbered source notes of one page: [n] attribution — citations."""

    def __init__(self, b: Briefing) -> None:
        self.b = b
        self.keys: list[tuple[str, tuple[str, ...]]] = []

    def mark(self, attribution: str, ids: Sequence[str]) -> str:
        """The marker " [n]" for an attribution resting on the sources *ids*."""
        key = (attribution, tuple(dict.fromkeys(i for i in ids if i)))
        if not attribution and not key[1]:
            return ""
        if key not in self.keys:
            self.keys.append(key)
        return f" [{self.keys.index(key) + 1}]"

    def truncate(self, n: int) -> None:
        del self.keys[n:]

    def copy(self) -> Notes:
        other = Notes(self.b)
        other.keys = list(self.keys)
        return other

    def lines(self) -> list[str]:
        out = []
        for k, (attribution, ids) in enumerate(self.keys, start=1):
            cites = [self.citation(i) for i in ids]
            text = attribution or "; ".join(self.b.source_name(i) for i in ids)
            out.append(f"[{k}] {text} — {' · '.join(cites)}" if cites else f"[{k}] {text}")
        return out

    def citation(self, source_id: str) -> str:
        src = self.b.sources.get(source_id)
        return (
            src.citation()
            if src
            else tr("{source} (not in the sources list).").format(source=source_id)
        )


# -- page items -----------------------------------------------------------------------


def in_view(painter: QPainter, top: float, bottom: float) -> bool:
    """Whether the band from *top* to *bottom* (the painter's coordinates) meets the
    painter's clip.  An item cut across pages is painted on each of them, clipped to its
    part there: its children outside the clip are skipped, not drawn and clipped away
    (a vector device keeps what is clipped: a chart and its 3,000 figures, drawn whole on
    each of the 24 pages they ran over, made a handout of 123 MB)."""
    if not painter.hasClipping():
        return True
    clip = painter.clipBoundingRect()
    return bottom > clip.top() and top < clip.bottom()


class Item:
    """Something placed on a page: it knows its height and where it may be cut."""

    height: float = 0.0
    #: the plan's item it shows, (kind, id), if any
    ref: tuple[str, str] | None = None

    def breaks(self) -> list[float]:
        return []

    def draw(self, painter: QPainter, x: float, y: float, ctx: DrawContext) -> None:
        raise NotImplementedError


@dataclass
class DrawContext:
    host: PlotHost
    page_of_tab: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    #: device pixels per page unit (a tab image is painted scaled): charts are laid out
    #: at their size in pixels, so their lines and type are not stretched
    scale: float = 1.0


class Text(Item):
    def __init__(self, para: Para) -> None:
        self.para = para
        self.height = para.height

    def breaks(self) -> list[float]:
        return self.para.breaks()

    def draw(self, painter, x, y, ctx) -> None:
        self.para.draw(painter, x, y)


class Space(Item):
    def __init__(self, h: float) -> None:
        self.height = h

    def draw(self, painter, x, y, ctx) -> None:
        pass


class Box(Item):
    """Paragraphs in a box with a coloured rule on the left (a card)."""

    def __init__(
        self,
        paras: list[Para],
        width: float,
        fill: str,
        border: str,
        rule: str,
        pad: float,
        gap: float,
    ) -> None:
        self.paras = paras
        self.width = width
        self.fill, self.border, self.rule = fill, border, rule
        self.pad, self.gap = pad, gap
        self.height = 2 * pad + sum(p.height for p in paras) + gap * max(0, len(paras) - 1)

    def breaks(self) -> list[float]:
        out, y = [], self.pad
        for p in self.paras:
            out += [y + b for b in p.breaks()]
            y += p.height + self.gap
        return out

    def draw(self, painter, x, y, ctx) -> None:
        painter.save()
        rect = QRectF(x, y, self.width, self.height)
        painter.setPen(QPen(QColor(self.border), 1.0))
        painter.setBrush(QColor(self.fill))
        painter.drawRect(rect)
        painter.fillRect(QRectF(x, y, 3.0, self.height), QColor(self.rule))
        painter.restore()
        yy = y + self.pad
        for p in self.paras:
            if in_view(painter, yy, yy + p.height):
                p.draw(painter, x + self.pad + 2, yy)
            yy += p.height + self.gap


class Row(Item):
    """Items side by side (cards in columns)."""

    def __init__(self, items: list[Item], col_width: float, gap: float) -> None:
        self.items = items
        self.col_width, self.gap = col_width, gap
        self.height = max((i.height for i in items), default=0.0)

    def breaks(self) -> list[float]:
        """Cuts safe for every column: a line end in each, or below a shorter one."""
        candidates = sorted({b for i in self.items for b in i.breaks()})
        out = []
        for c in candidates:
            if all(
                c >= i.height - 0.5 or any(abs(c - b) < 0.5 for b in i.breaks()) for i in self.items
            ):
                out.append(c)
        return out

    def draw(self, painter, x, y, ctx) -> None:
        for k, item in enumerate(self.items):
            item.draw(painter, x + k * (self.col_width + self.gap), y, ctx)


class ChartItem(Item):
    """A plot, built when painted, at a fixed height."""

    def __init__(self, make_plot: Callable[[], object], width: float, height: float) -> None:
        self.make_plot = make_plot
        self.width = width
        self.height = height

    def draw(self, painter, x, y, ctx) -> None:
        if not in_view(painter, y, y + self.height):
            return  # built only where it is seen: a plot is the costliest item
        plot = self.make_plot()
        try:
            rect = QRectF(x, y, self.width, self.height)
            paint_plot(painter, rect, plot, ctx.host, ctx.scale)
        finally:
            ctx.host.release(plot)


class Contents(Item):
    """The table of contents: tab titles with the page each starts on (``tabs`` has
    ``.id`` and ``.title``)."""

    def __init__(self, tabs: Sequence, width: float, style: Style, device) -> None:
        self.tabs = tabs
        self.width = width
        self.style = style
        self.device = device
        self.lines = [self._line(t.title, "000") for t in tabs]
        self.height = sum(p.height for p in self.lines)

    def _line(self, title: str, page: str) -> Para:
        return Para([(f"{title}\t{page}", self.style)], self.style, self.width, self.device)

    def draw(self, painter, x, y, ctx) -> None:
        for t, measured in zip(self.tabs, self.lines, strict=True):
            title = Para(t.title, self.style, self.width - 40, self.device)
            num = Para(
                str(ctx.page_of_tab.get(t.id, "")),
                self.style,
                40,
                self.device,
                align=Qt.AlignmentFlag.AlignRight,
            )
            title.draw(painter, x, y)
            num.draw(painter, x + self.width - 40, y)
            y += max(measured.height, title.height)


class Stack(Item):
    """Items one above the other (a column of a Row)."""

    def __init__(self, items: list[Item], gap: float) -> None:
        self.items, self.gap = items, gap
        self.height = sum(i.height for i in items) + gap * max(0, len(items) - 1)

    def breaks(self) -> list[float]:
        out, y = [], 0.0
        for i in self.items:
            out += [y + b for b in i.breaks()] + [y + i.height]
            y += i.height + self.gap
        return out

    def draw(self, painter, x, y, ctx) -> None:
        for i in self.items:
            if in_view(painter, y, y + i.height):
                i.draw(painter, x, y, ctx)
            y += i.height + self.gap


# -- pages and flow -------------------------------------------------------------------


@dataclass
class Placement:
    item: Item
    y: float
    top: float = 0.0  # part of the item shown: [top, bottom)
    bottom: float | None = None


@dataclass
class Page:
    kind: str  # "title", "tab", "sources"
    label: str
    notes: Notes
    tab_id: str = ""
    placements: list[Placement] = field(default_factory=list)
    y: float = 0.0


@dataclass
class Entry:
    make: Callable[[Notes], Item]
    gap: float = 6.0
    #: a heading: keep it on the page of the entry that follows
    keep_next: bool = False
    #: the plan's item the entry shows, (kind, id): its item carries it onto the page
    ref: tuple[str, str] | None = None
    _cache: tuple | None = field(default=None, repr=False)

    def build(self, notes: Notes) -> Item:
        """The item, numbered for *notes*; reused when the notes are as last time."""
        before = tuple(notes.keys)
        if self._cache is not None and self._cache[0] == before:
            notes.keys = list(self._cache[2])
            return self._cache[1]
        item = self.make(notes)
        if self.ref is not None:
            item.ref = self.ref
        self._cache = (before, item, tuple(notes.keys))
        return item


@dataclass
class Geometry:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right


class Layout:
    """Flows entries onto pages; keeps room at each page's foot for its source notes.

    *note_style* is the type of the notes; an *endless* layout never starts a new page
    (one tall page: a tab image), so its page grows to what it holds."""

    def __init__(
        self, b: Briefing, g: Geometry, note_style: Style, device, *, endless: bool = False
    ) -> None:
        self.b, self.g, self.note_style, self.device = b, g, note_style, device
        self.endless = endless
        self.pages: list[Page] = []
        self._notes_cache: dict[tuple, float] = {}

    @property
    def top(self) -> float:
        return self.g.top

    @property
    def bottom(self) -> float:
        return self.g.height - self.g.bottom

    def notes_para(self, notes: Notes) -> Para | None:
        lines = notes.lines()
        if not lines:
            return None
        return Para("\n".join(lines), self.note_style, self.g.content_width, self.device)

    def notes_height(self, notes: Notes) -> float:
        key = tuple(notes.keys)
        if not key:
            return 0.0
        if key not in self._notes_cache:
            para = self.notes_para(notes)
            self._notes_cache[key] = (para.height if para else 0.0) + 10.0
        return self._notes_cache[key]

    def new_page(self, kind: str, label: str, tab_id: str = "") -> Page:
        page = Page(kind, label, Notes(self.b), tab_id, y=self.top)
        self.pages.append(page)
        return page

    def flow(self, entries: list[Entry], kind: str, label: str, tab_id: str = "") -> None:
        page = self.new_page(kind, label, tab_id)
        for i, entry in enumerate(entries):
            keep = 0.0
            if entry.keep_next and i + 1 < len(entries):
                nxt = entries[i + 1].build(page.notes.copy())
                full = self.bottom - self.top - 60
                first = next((b for b in nxt.breaks() if b > 0), nxt.height)
                keep = nxt.height if nxt.height <= full else first
            page = self._place(entry, page, kind, label, tab_id, keep)

    def _room(self, page: Page) -> float:
        if self.endless:
            return float("inf")
        return self.bottom - self.notes_height(page.notes) - page.y

    def _place(
        self, entry: Entry, page: Page, kind: str, label: str, tab_id: str, keep: float
    ) -> Page:
        mark = len(page.notes.keys)
        item = entry.build(page.notes)
        fresh = not page.placements
        room = self._room(page)
        if item.height + keep <= room or (fresh and item.height <= room):
            page.placements.append(Placement(item, page.y))
            page.y += item.height + entry.gap
            return page
        if not fresh:
            page.notes.truncate(mark)
            page = self.new_page(kind, f"{label} {tr('(continued)')}", tab_id)
            item = entry.build(page.notes)
            if item.height <= self._room(page):
                page.placements.append(Placement(item, page.y))
                page.y += item.height + entry.gap
                return page
        # taller than a page: cut it at line ends across as many pages as it needs
        top = 0.0
        while True:
            room = self._room(page)
            if item.height - top <= room:
                page.placements.append(Placement(item, page.y - top, top, None))
                page.y += item.height - top + entry.gap
                return page
            cuts = [b for b in item.breaks() if top < b <= top + room]
            cut = max(cuts) if cuts else top + room
            page.placements.append(Placement(item, page.y - top, top, cut))
            top = cut
            page = self.new_page(kind, f"{label} {tr('(continued)')}", tab_id)
