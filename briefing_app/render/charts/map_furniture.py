"""What is around and over a map, in pixels: the date above each map, the text beside or
under the maps (what each shows, with its area and the change; the numbered events'
key; the source and licence line), the scale bar, and opaque strips under the text that
a moved map runs under.

The text goes under the maps or in a column beside them, whichever leaves the maps
larger: a still picture is wide (a slide, the handout's column), and the pair of maps
beside it is short of height, not of width.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem

from briefing_app.content.chartdata.map import MapData
from briefing_app.model.fmt import fmt_date
from briefing_app.render.charts.map_parts import MapColours, km_text, scale_length
from briefing_app.render.charts.plot import font_for, text_item
from briefing_app.render.themes import Theme

#: pixels around the map inside the plot
PAD = 6.0
#: the text column beside the maps: its shares of the plot's width, tried in turn until
#: the text fits, and its bounds (px)
SIDE_SHARES, SIDE_MIN, SIDE_MAX = (0.3, 0.4, 0.5), 220.0, 640.0
#: the text's sizes, as shares of the theme's, tried in turn in a plot short of room
TYPE_STEPS = (1.0, 0.8, 0.65)
#: on a slide (`Furniture.for_room`) the type is never smaller: the column beside the map
#: may be wider instead
ROOM_SIDE_SHARES = (0.3, 0.4, 0.5, 0.6, 0.7)
#: ... and as wide as the map leaves it, up to lines this many line heights long
ROOM_LINE_EMS = 22


@dataclass(frozen=True)
class Arrangement:
    """Where the maps go (pixels of the view box) and where the text goes."""

    maps: QRectF
    #: the text's column: under the maps (its full width) or beside them
    text: QRectF
    side: bool


class Furniture:
    """The texts and the scale bar of one map plot, children of its view box (pixels)."""

    def __init__(self, vb: pg.ViewBox, geo: MapData, theme: Theme, colours: MapColours) -> None:
        self.vb, self.geo, self.theme, self.colours = vb, geo, theme, colours
        self._heights: dict[tuple[int, float], float] = {}
        #: the text's size, as a share of the theme's (`TYPE_STEPS`)
        self._factor = 1.0
        #: arrangements worked out, by the plot's size and the maps' (a pan changes neither)
        self._arranged: dict[tuple[float, ...], tuple[float, Arrangement]] = {}
        small = theme.font_small
        self.summary = self.text("", small, bold=True)
        self.key = self.text("\n".join(m.text for m in geo.markers), small)
        self.credit = self.text(geo.credit, small * 0.9, muted=True)
        self.strips = [self._strip(), self._strip()]
        self.scale_bar = QGraphicsPathItem(vb)
        self.scale_bar.setZValue(30)
        self.scale_text = self.text("", small * 0.9)
        self.dates: list[pg.TextItem] = []
        self._date_height = QFontMetricsF(font_for(theme, small, bold=True)).height()
        #: a slide's fonts (`for_room`): (other text, the areas), None for the theme's
        self.room: tuple[QFont, QFont] | None = None

    def for_room(self, small: QFont, figures: QFont) -> None:
        """Type for a slide, read from the back of the room: the areas in *figures*, every
        other text in *small* (pixel fonts, never shrunk to fit, the column beside the map
        wider instead); each date in its map's top-left corner, not over it (the height
        is the map's); no credit line, which the slide prints in its source line."""
        self.room = (small, figures)
        self._factor = 1.0
        self.summary.setFont(_bold(figures))
        self.key.setFont(small)
        self.scale_text.setFont(small)
        self.credit.setText("")
        for item in self.dates:
            item.setFont(_bold(small))
        self._date_height = QFontMetricsF(_bold(small)).height()
        self._heights.clear()
        self._arranged.clear()

    def _strip(self) -> QGraphicsRectItem:
        strip = QGraphicsRectItem(self.vb)
        strip.setBrush(QBrush(self.colours.paper))
        strip.setPen(QPen(Qt.PenStyle.NoPen))
        strip.setZValue(35)
        return strip

    def text(self, text: str, size: float, bold=False, muted=False) -> pg.TextItem:
        """Text placed in pixels over the plot (not moved by panning), plain text."""
        colour = self.theme.muted if muted and not self.theme.is_dark else None
        item = text_item(self.theme, text, colour, anchor=(0, 0), size=size, bold=bold)
        item.setParentItem(self.vb)
        item.setZValue(40)
        return item

    def show_steps(
        self, steps: list[int | None], still: bool, summary: list[int] | None = None
    ) -> None:
        """The texts of the steps shown: a date above each map of a still picture, and
        what each shows (its area, the change) with the text, or what *summary*'s steps
        show (the window's slider says it for the window's map)."""
        scene = self.vb.scene()
        for item in self.dates:
            if scene is not None:
                scene.removeItem(item)
        self.dates = []
        shown = [s for s in steps if s is not None] if still else []
        for s in shown:
            date = fmt_date(self.geo.steps[s].date)
            item = self.text(date, self.theme.font_small, bold=True)
            if self.room is not None:
                item.setFont(_bold(self.room[0]))
            self.dates.append(item)
        told = shown if summary is None else summary
        self.summary.setText("\n".join(self.geo.heading(s) for s in told))
        self._heights.clear()
        self._arranged.clear()

    def height(self, item: pg.TextItem, width: float) -> float:
        """The height of *item* wrapped to *width* (wrapping it so)."""
        if not item.textItem.toPlainText():
            return 0.0
        width = max(40.0, width)
        if item.textItem.textWidth() != width:
            item.setTextWidth(width)
        key = (id(item), width)
        if key not in self._heights:
            self._heights[key] = item.textItem.boundingRect().height()
        return self._heights[key]

    def _texts(self) -> list[pg.TextItem]:
        return [self.summary, self.key, self.credit]

    def arrange(self, width_km: float, height_km: float) -> Arrangement:
        """The text under the maps or beside them, whichever leaves the maps (a block of
        width_km by height_km) at the larger scale; in smaller type when the text would
        leave the maps less than half the plot's height (a short plot in large type)."""
        r = self.vb.boundingRect()
        key = (r.width(), r.height(), width_km, height_km)
        found = self._arranged.get(key)
        if found is not None:
            self._set_type(found[0])
            return found[1]
        for factor in TYPE_STEPS if self.room is None else (1.0,):
            self._set_type(factor)
            best = self._arrange(width_km, height_km)
            if best.side or best.maps.height() >= 0.5 * r.height():
                break
        self._arranged[key] = (self._factor, best)
        return best

    def _set_type(self, factor: float) -> None:
        if factor == self._factor or self.room is not None:
            return
        self._factor = factor
        small = self.theme.font_small * factor
        for item, size, bold in (
            (self.summary, small, True),
            (self.key, small, False),
            (self.credit, small * 0.9, False),
        ):
            item.setFont(font_for(self.theme, size, bold))
        self._heights.clear()

    def _arrange(self, width_km: float, height_km: float) -> Arrangement:
        r = self.vb.boundingRect()
        over = self.dates and self.room is None  # a slide's dates are in the maps' corners
        top = PAD + (self._date_height if over else 0.0)
        w, h = r.width() - 2 * PAD, r.height() - top - PAD
        under = sum(self.height(t, w) for t in self._texts())
        below = Arrangement(
            QRectF(PAD, top, w, max(10.0, h - under)),
            QRectF(PAD, top + max(10.0, h - under), w, under),
            False,
        )
        if not self.dates and not self.key.textItem.toPlainText():
            return below  # a credit line alone: under the map
        best, best_s = below, self._scale(below, width_km, height_km) * 1.05
        # a wider column when the text does not fit a narrow one
        for share in SIDE_SHARES if self.room is None else ROOM_SIDE_SHARES:
            side_w = min(SIDE_MAX, max(SIDE_MIN, r.width() * share))
            beside_h = sum(self.height(t, side_w) for t in self._texts())
            maps_w = w - side_w - PAD
            if beside_h > r.height() - 2 * PAD or maps_w < 40:
                continue
            s = min(maps_w / width_km, h / height_km)
            # the maps and the column beside them, together in the middle
            used = min(maps_w, width_km * s)
            if self.room is not None and w - used - PAD > side_w:
                # the maps are as high as the plot: the text takes the width they leave,
                # in lines of a readable length, in fewer lines
                em = QFontMetricsF(self.room[0]).height()
                side_w = max(side_w, min(w - used - PAD, ROOM_LINE_EMS * em))
                beside_h = sum(self.height(t, side_w) for t in self._texts())
            left = PAD + max(0.0, (w - (used + PAD + side_w)) / 2)
            beside = Arrangement(
                QRectF(left, top, used, h),
                QRectF(left + used + PAD, top, side_w, beside_h),
                True,
            )
            if self._scale(beside, width_km, height_km) > best_s:
                best, best_s = beside, self._scale(beside, width_km, height_km)
            break
        return best

    @staticmethod
    def _scale(a: Arrangement, width_km: float, height_km: float) -> float:
        return min(a.maps.width() / width_km, a.maps.height() / height_km)

    def place(self, a: Arrangement, maps: list[QRectF], km_per_px: float) -> list[QRectF]:
        """Put the texts where *a* says, each date above its map (*maps*, pixels), the
        scale bar in the first map's corner; return what labels must not cover."""
        r = self.vb.boundingRect()
        y = a.text.top()
        for item in self._texts():
            item.setPos(a.text.left(), y)
            y += self.height(item, a.text.width())
        # opaque strips under the text: a moved map runs under them
        self.strips[0].setRect(QRectF(0, 0, r.width(), a.maps.top()))
        if a.side:
            self.strips[1].setRect(QRectF(a.text.left() - PAD / 2, 0, r.width(), r.height()))
        else:
            self.strips[1].setRect(QRectF(0, a.maps.bottom(), r.width(), r.height()))
        taken: list[QRectF] = []
        right = 0.0  # dates over narrow maps move right rather than overlap
        for item, rect in zip(self.dates, maps, strict=False):
            size = item.textItem.boundingRect()
            if self.room is not None:  # in the map's corner: no label goes under it
                item.setPos(rect.left() + PAD / 2, rect.top() + PAD / 2)
                taken.append(QRectF(item.pos(), size.size()))
                continue
            x = max(rect.left(), right)
            item.setPos(x, rect.top() - self._date_height - 1)
            right = x + size.width() + PAD
        return taken + (self._scale_bar(maps[0], km_per_px) if maps else [])

    def _scale_bar(self, rect: QRectF, km_per_px: float) -> list[QRectF]:
        """A bar of a round length in the bottom-left corner of *rect*, and its text."""
        km = scale_length(km_per_px, min(160.0, rect.width() * 0.3))
        if km <= 0:
            self.scale_bar.setPath(QPainterPath())
            self.scale_text.setText("")
            return []
        px = km / km_per_px
        x, y = rect.left() + PAD * 2, rect.bottom() - PAD * 2
        tick = 4.0 + self.theme.pen_width
        path = QPainterPath()
        path.moveTo(x, y - tick)
        path.lineTo(x, y)
        path.lineTo(x + px, y)
        path.lineTo(x + px, y - tick)
        self.scale_bar.setPen(QPen(self.colours.ink, max(1.0, self.theme.pen_width * 0.6)))
        self.scale_bar.setPath(path)
        text = km_text(km)
        if self.scale_text.textItem.toPlainText() != text:
            self.scale_text.setText(text)
        fm = QFontMetricsF(self.scale_text.textItem.font())
        self.scale_text.setPos(x + px + 4, y - fm.height() * 0.8)
        w = px + 10 + fm.horizontalAdvance(text)
        return [QRectF(x - 2, y - fm.height() - 2, w, fm.height() + 4)]


def _bold(font: QFont) -> QFont:
    f = QFont(font)
    f.setBold(True)
    return f
