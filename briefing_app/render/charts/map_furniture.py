"""What is around and over a map, in pixels: the date above each map, the text beside or
under the maps (what each shows, with its area and the change; the numbered events'
key; the source and licence line), the scale bar, and opaque strips under the text that
a moved map runs under.

The text goes under the maps or in a column beside them, whichever leaves the maps
larger: a still picture is wide (a slide, the handout's column), and the pair of maps
beside it is short of height, not of width.  The text is measured in the fonts it is drawn
in and is always whole inside the plot: where it fits neither way it is set smaller, or
(on a slide) the key is shortened to each event's place and date, and only as a last
resort left out (`Furniture._trials`).
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
#: ... and on a slide, whose chart has no axes and every pixel of height counts
ROOM_EDGE = 1.0
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
#: the least width and height of the maps (px) beside or over which the text is set
MIN_MAP = 40.0
#: the key to the numbered events: whole ("1  Kursk, 5 Nov 2024: First clashes …"), short
#: ("1  Kursk, 5 Nov 2024"), or none
KEY_WHOLE, KEY_SHORT, KEY_NONE = "whole", "short", "none"


@dataclass(frozen=True)
class Trial:
    """One way of setting the text: its type (a share of the theme's), the key's form,
    whether the credit line and the areas are written."""

    factor: float
    key: str
    credit: bool
    summary: bool = True


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
        self._heights: dict[tuple[int, float, str], float] = {}
        #: the text's size, as a share of the theme's (`TYPE_STEPS`)
        self._factor = 1.0
        #: arrangements worked out, by the plot's size and the maps' (a pan changes neither)
        self._arranged: dict[tuple[float, ...], tuple[Trial, Arrangement]] = {}
        small = theme.font_small
        #: what the areas line says (`show_steps`), written unless no text fits
        self._summary = ""
        self.summary = self.text("", small, bold=True)
        self.key = self.text("\n".join(m.text for m in geo.markers), small)
        self.credit = self.text(geo.credit, small * 0.9, muted=True)
        self.strips = [self._strip(), self._strip()]
        self.scale_bar = QGraphicsPathItem(vb)
        self.scale_bar.setZValue(30)
        self.scale_text = self.text("", small * 0.9)
        self.dates: list[pg.TextItem] = []
        #: the height a date over a map takes: a line and its text item's margins
        self._date_height = self._line_box(font_for(theme, small, bold=True))
        #: a slide's fonts (`for_room`): (other text, the areas), None for the theme's
        self.room: tuple[QFont, QFont] | None = None
        #: on a slide, the map's least height (px) before its key is shortened
        self.min_map = 0.0
        #: pixels round the maps' box inside the plot
        self.edge = PAD

    def for_room(self, small: QFont, figures: QFont, min_map: float = 0.0) -> None:
        """Type for a slide, read from the back of the room: the areas in *figures*, every
        other text in *small* (pixel fonts, never shrunk to fit, the column beside the map
        wider instead); each date in its map's top-left corner, not over it (the height
        is the map's); no credit line, which the slide prints in its source line.  The
        key is shortened to each event's place and date where the whole key would leave
        the map under *min_map* pixels high (or under the plot's height, if less)."""
        self.room = (small, figures)
        self.min_map = min_map
        self.edge = ROOM_EDGE
        self._factor = 1.0
        self.summary.setFont(_bold(figures))
        self.key.setFont(small)
        self.scale_text.setFont(small)
        self.credit.setText("")
        for item in self.dates:
            item.setFont(_bold(small))
        self._date_height = self._line_box(_bold(small))
        self._heights.clear()
        self._arranged.clear()

    def _line_box(self, font: QFont) -> float:
        """The height of a text item of one line in *font*, its margins included."""
        margin = self.summary.textItem.document().documentMargin()
        return QFontMetricsF(font).height() + 2 * margin

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
        self._summary = "\n".join(self.geo.heading(s) for s in told)
        self.summary.setText(self._summary)
        self._heights.clear()
        self._arranged.clear()

    def height(self, item: pg.TextItem, width: float) -> float:
        """The height of *item* wrapped to *width* (wrapping it so)."""
        if not item.textItem.toPlainText():
            return 0.0
        width = max(40.0, width)
        if item.textItem.textWidth() != width:
            item.setTextWidth(width)
        # by the font too: a text set in another type is measured again
        key = (id(item), width, item.textItem.font().key())
        if key not in self._heights:
            self._heights[key] = item.textItem.boundingRect().height()
        return self._heights[key]

    def _texts(self) -> list[pg.TextItem]:
        return [self.summary, self.key, self.credit]

    def _trials(self) -> tuple[list[Trial], list[Trial]]:
        """What the text may be: the ways tried in turn, and those of the last resort.
        Tried: in the theme's type, then smaller; on a slide in its own type with the whole
        key, then the key in short. The last resort, where none of those fits: without the
        key (the handout prints the events and the credit under the map, a slide's
        presenter view has them), without the credit, without any text."""
        if self.room is None:
            tried = [Trial(f, KEY_WHOLE, True) for f in TYPE_STEPS]
            last = TYPE_STEPS[-1]
            resort = [Trial(last, KEY_NONE, True), Trial(last, KEY_NONE, False)]
        else:
            tried = [Trial(1.0, KEY_WHOLE, False), Trial(1.0, KEY_SHORT, False)]
            last = 1.0
            resort = [Trial(last, KEY_NONE, False)]
        return tried, [*resort, Trial(last, KEY_NONE, False, summary=False)]

    def _apply(self, trial: Trial) -> None:
        """Set the texts' type and what they say as *trial* says."""
        self._set_type(trial.factor)
        key = {
            KEY_WHOLE: "\n".join(m.text for m in self.geo.markers),
            KEY_SHORT: "\n".join(m.short for m in self.geo.markers),
            KEY_NONE: "",
        }[trial.key]
        credit = self.geo.credit if trial.credit and self.room is None else ""
        summary = self._summary if trial.summary else ""
        for item, text in ((self.key, key), (self.credit, credit), (self.summary, summary)):
            if item.textItem.toPlainText() != text:
                item.setText(text)
                self._heights.clear()

    def arrange(self, width_km: float, height_km: float) -> Arrangement:
        """The text under the maps or beside them, whichever leaves the maps (a block of
        width_km by height_km) at the larger scale, the text measured in the fonts it is
        drawn in and always whole inside the plot: in smaller type when the text would
        leave the maps less than half the plot's height (a short plot in large type); on
        a slide, the key in its short form when the whole key would leave the map under
        `min_map` pixels high (`_trials`)."""
        r = self.vb.boundingRect()
        key = (r.width(), r.height(), width_km, height_km)
        found = self._arranged.get(key)
        if found is not None:
            self._apply(found[0])
            return found[1]
        tried, resort = self._trials()
        chosen: tuple[Trial, Arrangement] | None = None
        largest = 0.0
        for trial in tried:
            self._apply(trial)
            best = self._arrange(width_km, height_km)
            if best is None:
                continue  # the text does not fit, beside or under the maps
            if self._enough(best, width_km, height_km):
                chosen = (trial, best)
                break
            # none large enough: the way that leaves the maps largest
            scale = self._scale(best, width_km, height_km)
            if scale > largest:
                chosen, largest = (trial, best), scale
        for trial in resort if chosen is None else ():
            # less text until the maps are large enough: the last, no text, always is
            self._apply(trial)
            best = self._arrange(width_km, height_km)
            if best is not None and self._enough(best, width_km, height_km):
                chosen = (trial, best)
                break
        if chosen is None:  # not even the maps alone fit: the maps in all there is
            chosen = (resort[-1], self._bare())
        self._apply(chosen[0])
        self._arranged[key] = chosen
        return chosen[1]

    def _bare(self) -> Arrangement:
        """The maps in the whole plot and no text (a plot too small for anything else)."""
        r = self.vb.boundingRect()
        e = self.edge
        maps = QRectF(e, e, max(1.0, r.width() - 2 * e), max(1.0, r.height() - 2 * e))
        return Arrangement(maps, QRectF(maps.bottomLeft(), maps.bottomLeft()), False)

    def _enough(self, a: Arrangement, width_km: float, height_km: float) -> bool:
        """Whether *a* leaves the maps large enough to stop trying other text."""
        r = self.vb.boundingRect()
        if self.room is None:
            return a.side or a.maps.height() >= 0.5 * r.height()
        # a slide: the map drawn at least `min_map` high, or as high as the plot lets it
        drawn = height_km * self._scale(a, width_km, height_km)
        return drawn >= min(self.min_map, r.height() - 2 * self.edge) - 1

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

    def _arrange(self, width_km: float, height_km: float) -> Arrangement | None:
        """The better of the text under the maps and beside them, of those where it fits
        whole (None if neither does)."""
        r = self.vb.boundingRect()
        over = self.dates and self.room is None  # a slide's dates are in the maps' corners
        e = self.edge
        top = e + (self._date_height if over else 0.0)
        w, h = r.width() - 2 * e, r.height() - top - e
        under = sum(self.height(t, w) for t in self._texts())
        below: Arrangement | None = None
        if h - under >= MIN_MAP:
            below = Arrangement(
                QRectF(e, top, w, h - under), QRectF(e, top + h - under, w, under), False
            )
        if not self.dates and not self.key.textItem.toPlainText():
            return below  # a credit line alone: under the map
        best, best_s = below, self._scale(below, width_km, height_km) * 1.05 if below else 0.0
        # a wider column when the text does not fit a narrow one
        # a slide's column of type in pixels: as wide as lines of a readable length
        widest = SIDE_MAX if self.room is None else ROOM_LINE_EMS * self._em()
        for share in SIDE_SHARES if self.room is None else ROOM_SIDE_SHARES:
            side_w = min(widest, max(SIDE_MIN, r.width() * share))
            beside_h = sum(self.height(t, side_w) for t in self._texts())
            maps_w = w - side_w - PAD
            # the column no higher than the maps' box (under the dates over them)
            if beside_h > h or maps_w < MIN_MAP:
                continue
            s = min(maps_w / width_km, h / height_km)
            # the maps and the column beside them, together in the middle
            used = min(maps_w, width_km * s)
            if self.room is not None and w - used - PAD > side_w:
                # the maps are as high as the plot: the text takes the width they leave,
                # in lines of a readable length, in fewer lines
                side_w = max(side_w, min(w - used - PAD, widest))
                beside_h = sum(self.height(t, side_w) for t in self._texts())
            left = e + max(0.0, (w - (used + PAD + side_w)) / 2)
            # level with the maps' top (they are centred in their box), or centred on
            # them when the text is the taller
            drawn = height_km * min(used / width_km, h / height_km)
            y = top + (h - (drawn if beside_h <= drawn else beside_h)) / 2
            beside = Arrangement(
                QRectF(left, top, used, h),
                QRectF(left + used + PAD, y, side_w, beside_h),
                True,
            )
            if self._scale(beside, width_km, height_km) > best_s:
                best, best_s = beside, self._scale(beside, width_km, height_km)
            break
        return best

    def _em(self) -> float:
        """A line's height in a slide's type (`for_room`)."""
        return QFontMetricsF(self.room[0]).height() if self.room is not None else 0.0

    @staticmethod
    def _scale(a: Arrangement, width_km: float, height_km: float) -> float:
        return min(a.maps.width() / width_km, a.maps.height() / height_km)

    def place(
        self, a: Arrangement, maps: list[QRectF], km_per_px: float, avoid: list[QRectF]
    ) -> list[QRectF]:
        """Put the texts where *a* says, each date above its map (*maps*, pixels; on a
        slide in a corner of it), the scale bar in a bottom corner of the first map, both
        clear of what is *avoid*ed (the events' numbers); return what labels must not
        cover."""
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
                spot = self._corner(rect, size.size(), avoid)
                item.setPos(spot.topLeft())
                taken.append(spot)
                continue
            x = max(rect.left(), right)
            item.setPos(x, rect.top() - size.height())  # its box, margins and all, above
            right = x + size.width() + PAD
        return taken + (self._scale_bar(maps[0], km_per_px, taken + avoid) if maps else [])

    @staticmethod
    def _corner(rect: QRectF, size, avoid: list[QRectF]) -> QRectF:
        """A box of *size* in the first corner of *rect* that covers nothing *avoid*ed:
        top left, top right, bottom left, bottom right (top left if none is free)."""
        inset = PAD / 2
        xs = (rect.left() + inset, rect.right() - inset - size.width())
        ys = (rect.top() + inset, rect.bottom() - inset - size.height())
        spots = [QRectF(x, y, size.width(), size.height()) for y in ys for x in xs]
        return next((s for s in spots if not any(s.intersects(o) for o in avoid)), spots[0])

    def _scale_bar(self, rect: QRectF, km_per_px: float, avoid: list[QRectF]) -> list[QRectF]:
        """A bar of a round length in a bottom corner of *rect* with its text, both inside
        the map and clear of what is *avoid*ed (a date in the map's corner): the left
        corner, else the right; none on a map too small for it. Returns what it covers
        (the text as drawn, its margins included), for the labels to keep clear of."""
        km = scale_length(km_per_px, min(160.0, rect.width() * 0.3))
        text = km_text(km) if km > 0 else ""
        if self.scale_text.textItem.toPlainText() != text:
            self.scale_text.setText(text)
        if km > 0:
            px = km / km_per_px
            box = self.scale_text.textItem.boundingRect()  # as drawn: with its margins
            margin = self.scale_text.textItem.document().documentMargin()
            ascent = QFontMetricsF(self.scale_text.textItem.font()).ascent()
            tick = 4.0 + self.theme.pen_width
            width = PAD * 2 + px + 4 + box.width()
            # the text's foot just inside the map; the bar on the text's baseline
            top = rect.bottom() - 1 - box.height()
            y = top + margin + ascent
            for x in (rect.left() + PAD * 2, rect.right() - width):
                covers = QRectF(x - 2, min(top, y - tick) - 1, px + 6 + box.width(), 0)
                covers.setBottom(rect.bottom())
                inside = rect.contains(covers) and y - tick > rect.top()
                if inside and not any(covers.intersects(o) for o in avoid):
                    break
            else:
                km = 0.0  # no corner holds it
        if km <= 0:
            self.scale_bar.setPath(QPainterPath())
            self.scale_text.setVisible(False)
            return []
        path = QPainterPath()
        path.moveTo(x, y - tick)
        path.lineTo(x, y)
        path.lineTo(x + px, y)
        path.lineTo(x + px, y - tick)
        self.scale_bar.setPen(QPen(self.colours.ink, max(1.0, self.theme.pen_width * 0.6)))
        self.scale_bar.setPath(path)
        self.scale_text.setVisible(True)
        self.scale_text.setPos(x + px + 4, top)
        return [covers]


def _bold(font: QFont) -> QFont:
    f = QFont(font)
    f.setBold(True)
    return f
