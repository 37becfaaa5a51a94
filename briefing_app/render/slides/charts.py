"""Charts made for the room: the window's charts (`render.charts`) retyped for a slide.

Data labels (values on bars, a reported figure's tag, poll shares) get body type, the
rest (axes, event markers, poll answers) the slide's other size; nothing is cut with
"…":

* events on a time axis become numbered markers, explained in a key below the chart
  (`SlideChart.key`), each whole;
* a legend that only names what the slide already says goes: a single series (the
  chart's title names it), a reported figure (its tag says "Reported"); the headline
  period is named under its bars; bars that compare sources over the same
  period are named on the axis under each bar;
* the value axis's title is written above the chart, level, not turned along the axis;
* value labels that would touch wrap to their bar's width, and if they still touch,
  only the headline bars keep theirs: the axis gives the scale, the presenter view
  every figure;
* a poll's answers go left of their bars, wrapped, as the value axis's labels; its
  shares right of their bars, each on one line, the value axis widened to take them in
  (in rows too short for them the largest keep theirs);
* a map shows one map, the end of its comparison (`MapCanvas.for_room`), its place
  labels, numbers, key and scale bar in the slide's other size, its areas in body type;
  where the whole key would leave the map under `MAP_SHARE` of the screen's height, the
  key gives each event's place and date only (the presenter view has the whole); its
  sources' licences are in the slide's source line.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass, field

import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QTextOption

from briefing_app.content.chartdata import ChartData
from briefing_app.content.chartdata.decimate import for_drawing
from briefing_app.model.fmt import fmt_date, fmt_month, month_abbr
from briefing_app.model.i18n import tr
from briefing_app.render.charts import build_chart, legend_colour
from briefing_app.render.charts.plot import Plot
from briefing_app.render.charts.room import TopRoom
from briefing_app.render.slides.layout import Metrics
from briefing_app.render.themes import Theme

#: the share of a slide chart's height its value labels and event markers may take: a
#: slide's chart is short, and its labels are large
ROOM_SHARE = 0.7
#: a map keeps at least this share of the screen's height: where its whole key beside
#: or under it would leave it less, the key gives each event's place and date only
MAP_SHARE = 0.45


@dataclass
class SlideChart:
    """A chart built for a slide, and what the slide writes round it."""

    plot: Plot
    #: (text, colour) entries still worth a legend
    legend: list[tuple[str, str]] = field(default_factory=list)
    #: lines under the chart explaining its numbered markers, in order
    key: list[str] = field(default_factory=list)
    #: the value axis's title, written above the chart
    y_title: str = ""
    #: category labels to wrap under the bars once the chart's width is known
    categories: list[str] = field(default_factory=list)
    #: the headline period's name, written under its bars
    highlight: str = ""


def pixel_font(theme: Theme, px: int, bold: bool = False) -> QFont:
    f = QFont(theme.font_family)
    f.setPixelSize(max(1, px))
    f.setBold(bold)
    return f


def _text_items(plot: Plot) -> list[pg.TextItem]:
    """The chart's texts, in the order they were drawn."""
    pi = plot.getPlotItem()
    items = {id(i): i for i in [*pi.items, *pi.vb.addedItems] if isinstance(i, pg.TextItem)}
    return list(items.values())


def _single_series(data: ChartData) -> bool:
    return data.series_count <= 1 and not data.by_series


def build_slide_chart(data: ChartData, theme: Theme, m: Metrics) -> SlideChart:
    """The chart of *data* with its texts sized and labelled for the room (a long line
    drawn from its outline, `chartdata.decimate`: a slide is a picture)."""
    content = build_chart(for_drawing(data), m.chart_theme())
    plot: Plot = content.plot  # type: ignore[assignment]
    out = SlideChart(plot)
    small = pixel_font(theme, m.small)
    # data labels first: every text of the chart, then the others below
    for item in _text_items(plot):
        bold = item.textItem.font().bold()
        item.setFont(pixel_font(theme, m.body, bold))
    room = plot.top_room
    if room is not None:
        room.max_share = ROOM_SHARE
    if room is not None and room.events:
        out.key = _number_events(room, data, small)
        if data.kind in ("bar", "grouped_bar"):
            _snap_to_months(room)
    if data.kind == "timeline":
        # a slide places and wraps the labels its own way (numbers, a band for "As of")
        fit = plot.label_fit
        if fit is not None:
            plot.getPlotItem().vb.sigResized.disconnect(fit)
            fit.undo()
            plot.label_fit = None
        for item in _text_items(plot):
            item.setFont(small)
        for item in _text_items(plot)[: len(data.events)]:
            # a row is a line of the small type and little more: the labels' boxes (their
            # backdrops) keep to their rows rather than touch the next row's
            item.textItem.document().setDocumentMargin(TIMELINE_LABEL_MARGIN)
            item.updateTextPos()
        _as_of_band(plot, data)
    if data.kind == "poll":
        for item, _hover in plot.label_hits:
            item.setFont(small)
    canvas = getattr(plot, "map_canvas", None)
    if canvas is not None:
        canvas.for_room(small, pixel_font(theme, m.small), MAP_SHARE * m.height)
    out.legend = _legend(data, theme)
    entry = next((e for e in data.legend if e.colour[0] == "highlight"), None)
    if entry is not None and highlight_span(data) is not None:
        out.highlight = entry.text
    if data.kind == "comparison" and data.by_series and len(set(data.categories)) == 1:
        out.categories = [str(s) for s in data.values["series"]]
        out.legend = []
    ax = plot.getPlotItem().getAxis("left")
    if data.y_label:
        out.y_title = data.y_label
        ax.showLabel(False)
    return out


def _legend(data: ChartData, theme: Theme) -> list[tuple[str, str]]:
    """The legend entries a slide still needs (see the module's docstring)."""
    out = []
    first = data.legend[0].text if data.legend else ""
    for entry in data.legend:
        slot = entry.colour
        text = entry.text
        if data.kind == "map" and slot[0] != "series" and text.startswith(f"{first}, "):
            # "…, new after 1 Sep 2024": the entry before names what it is
            text = text[len(first) + 2 :]
            text = text[:1].upper() + text[1:]
        if slot[0] == "foreground":  # the reported figure's tag says what it is
            continue
        if slot[0] == "highlight" and data.kind == "bar":  # labelled over its bars
            continue
        if slot[0] == "series" and _single_series(data):  # the title names it
            continue
        out.append((text, legend_colour(entry, theme)))
    return out


def _number_events(room: TopRoom, data: ChartData, font: QFont) -> list[str]:
    """The events of a bar or line chart as numbers over their lines; the key's lines."""
    by_hover = {e.hover: e for e in data.events}
    key = []
    numbered = [m for m in room.events if m.hover in by_hover]
    for k, mark in enumerate(numbered, start=1):
        ev = by_hover[mark.hover]
        mark.long = mark.short = mark.day = str(k)
        mark.month = ""
        mark.item.setFont(font)
        later = tr(" (later than the as-of date)") if ev.later else ""
        key.append(f"{k}  {fmt_date(ev.date)}: {ev.title}{later}")
    # neighbours whose numbers would touch share one label: "1, 2"
    room._dates = lambda group: ", ".join(m.day for m in group)  # type: ignore[method-assign]
    return key


#: a timeline's rows on a slide: one an event, and a band at the top for the "As of" label
def _timeline_rows(n: int) -> float:
    return n + TIMELINE_BAND + 0.5


TIMELINE_BAND = 0.8
#: the margin (px) round a slide timeline's event label, inside its backdrop
TIMELINE_LABEL_MARGIN = 1.0


def timeline_row(font: QFont) -> float:
    """The height of a slide timeline's row for a label of one line in *font*: the
    line and the label's margins, with a pixel to spare."""
    return QFontMetricsF(font).lineSpacing() + 2 * TIMELINE_LABEL_MARGIN + 1


def _as_of_band(plot: Plot, data: ChartData) -> None:
    """The "As of" label in a band of its own over the events' rows: on a narrow slide
    chart it would cover the numbers of the events just before the date."""
    n = len(data.events)
    if not n:
        return
    item = plot.as_of_label
    if item is not None:
        item.setPos(item.pos().x(), n - 0.2 + TIMELINE_BAND)
    plot.getPlotItem().vb.setYRange(-0.7, n - 0.2 + TIMELINE_BAND, padding=0)


def number_timeline(plot: Plot, data: ChartData, marks: tuple[int, int] | None = None) -> list[str]:
    """A timeline's event labels become their numbers; the key's lines have them whole.
    With *marks* (first, last), only those numbers are shown and explained: the other
    events keep their dots, unnumbered (they are explained on the slide before or after)."""
    key = []
    labelled = [(item, data.events[i]) for item, i in plot.timeline_labels]
    for k, (item, ev) in enumerate(labelled, start=1):
        if marks is not None and not marks[0] <= k <= marks[1]:
            item.setText("")
            item.setVisible(False)
            continue
        item.setText(str(k))
        later = tr(" (later than the as-of date)") if ev.later else ""
        key.append(f"{k}  {fmt_date(ev.date)}: {ev.title}{later}")
    return key


def _timeline_room(plot: Plot, data: ChartData, width: float, height: float):
    """(label item, text, pixels it may take across) of each event of a timeline whose
    plot is *width* x *height*, and the pixels of a row."""
    events = data.events
    xs = [pd.Timestamp(e.date).timestamp() for e in events]
    lo, hi = min(xs), max(xs)
    span = max(hi - lo, 86400 * 30)
    x0, x1 = lo - span * 0.04, hi + span * 0.04  # the range `render.charts.timeline` sets
    out = []
    # the labelled events (past `timeline.MAX_LABELS` every k-th), each row an event's
    for item, i in plot.timeline_labels:
        x, ev = xs[i], events[i]
        at = (x - x0) / (x1 - x0) * width
        margin = 2 * item.textItem.document().documentMargin() + _label_offset(plot, width) + 4
        room = (at if item.anchor.x() == 1 else width - at) - margin
        text = f"{fmt_date(ev.date)}: {ev.title}" + (
            tr(" (later than the as-of date)") if ev.later else ""
        )
        out.append((item, text, max(1.0, room)))
    return out, height / _timeline_rows(len(events))


def timeline_fits(plot: Plot, data: ChartData, width: float, height: float) -> bool:
    """Whether each event's label, wrapped beside its dot, fits the event's row."""
    if not data.events:
        return True
    labels, row = _timeline_room(plot, data, width, height)
    font = labels[0][0].textItem.font()
    metrics, line = QFontMetricsF(font), QFontMetrics(font).lineSpacing()
    # the label's box, its margins included, inside its row
    margins = 2 * labels[0][0].textItem.document().documentMargin()
    return all(
        len(_wrap(text, metrics, room - 2)) * line + margins <= row - 1 for _, text, room in labels
    )


def wrap_timeline(plot: Plot, data: ChartData) -> None:
    """Each event's label wrapped beside its dot, whole, again whenever the plot is resized."""
    vb = plot.getPlotItem().vb

    def fit(*_) -> None:
        if vb.width() < 2 or not data.events:
            return
        labels, _row = _timeline_room(plot, data, vb.width(), vb.height())
        for item, text, room in labels:
            item.setText(text)
            metrics = QFontMetricsF(item.textItem.font())
            if metrics.horizontalAdvance(text) > room - 2:
                item.setTextWidth(room)
            item.updateTextPos()

    fit()
    vb.sigResized.connect(fit)


def _label_offset(plot: Plot, width: float) -> float:
    """Pixels from an event's dot to its label's box: the window's share of the width, or
    on a narrow slide chart the dot's radius and a little (the label's backdrop hid half
    of each dot)."""
    dots = next((i for i in plot.getPlotItem().items if isinstance(i, pg.ScatterPlotItem)), None)
    radius = float(dots.opts["size"]) / 2 if dots is not None else 0.0
    return max(0.012 * width, radius + 2)


def labels_clear_of_dots(plot: Plot, data: ChartData) -> None:
    """A timeline's event labels (numbers or wrapped titles) beside their dots, not over
    them."""
    if data.kind != "timeline" or not data.events:
        return
    vb = plot.getPlotItem().vb
    width = vb.width()
    if width <= 0:
        return
    (x0, x1), _ = vb.viewRange()
    per_px = (x1 - x0) / width
    offset = _label_offset(plot, width) * per_px
    for item, i in plot.timeline_labels:
        x = pd.Timestamp(data.events[i].date).timestamp()
        side = -1 if item.anchor.x() == 1 else 1
        item.setPos(x + side * offset, item.pos().y())


#: month steps a slide's date axis may label, the finest that fits first
MONTH_STEPS = (1, 2, 3, 6, 12)


def date_ticks(plot: Plot, data: ChartData, font: QFont, gap: float) -> None:
    """A slide timeline's dates: the first of every *k* months, labelled "Sep 2024", "Nov",
    "Jan 2025" (the year on the first label and on January), the finest step whose labels
    fit inside the axis without touching; on a narrow chart in large type the window's
    axis, which labels every month or only the years, showed none."""
    if data.kind != "timeline" or not data.events:
        return
    pi = plot.getPlotItem()
    vb, ax = pi.vb, pi.getAxis("bottom")
    width = vb.width()
    if width <= 0:
        return
    (x0, x1), _ = vb.viewRange()
    metrics = QFontMetricsF(font)
    first = pd.Timestamp(x0, unit="s").to_period("M").to_timestamp()
    months = [m for m in pd.date_range(first, pd.Timestamp(x1, unit="s"), freq="MS")]
    months = [m for m in months if x0 <= m.timestamp() <= x1]
    best: list[tuple[float, str]] = []
    for k in MONTH_STEPS:
        kept: list[tuple[float, str]] = []
        right = -1.0
        touching = False
        for m in months:
            if (m.year * 12 + m.month - 1) % k:
                continue
            text = fmt_month(m) if not kept or m.month == 1 else month_abbr(m.month)
            at = (m.timestamp() - x0) / (x1 - x0) * width
            half = metrics.horizontalAdvance(text) / 2 + 2
            if at - half < 0 or at + half > width:
                continue  # it would leave the axis: pyqtgraph leaves it out
            if at - half < right + gap:
                touching = True
                break
            kept.append((m.timestamp(), text))
            right = at + half
        if not touching and kept:
            best = kept
            break
    if best:
        minor = [(m.timestamp(), "") for m in months]
        ax.setTicks([best, minor])


def highlight_span(data: ChartData) -> tuple[float, float] | None:
    """The x range of a bar chart's highlighted bars (category units), None if none."""
    if data.kind != "bar" or not len(data.values) or not data.values["highlight"].any():
        return None
    hl = data.values[data.values["highlight"]]
    return float(hl["category"].min()) - 0.45, float(hl["category"].max()) + 0.45


def _snap_to_months(room: TopRoom) -> None:
    """Events in the same month share one label ("2, 3, 4") over the first of them: a few
    days apart, their own labels would need a row each."""
    first: dict[int, float] = {}
    for mark in room.events:
        month = round(mark.x)
        mark.x = first.setdefault(month, mark.x)


def wrap_categories(plot: Plot, labels: list[str], width: float, font: QFont) -> int:
    """Name each bar under it, each name wrapped to its bar's width; the axis's height."""
    metrics = QFontMetricsF(font)
    lines_needed = 1
    wrapped = []
    for text in labels:
        lines = _wrap(text, metrics, max(20.0, width))
        lines_needed = max(lines_needed, len(lines))
        wrapped.append("\n".join(lines))
    ax = plot.getPlotItem().getAxis("bottom")
    ax.setTicks([list(enumerate(wrapped)), []])
    height = QFontMetrics(font).lineSpacing() * lines_needed
    ax.setStyle(autoExpandTextSpace=False, tickTextHeight=height)
    ax.setHeight(height + ax.style["tickTextOffset"][1] + 4)
    return height


def thin_categories(plot: Plot, gap: float) -> None:
    """Bar names that touch once the chart's room is taken (a reported figure's tag right
    of the last bar narrows every bar): every k-th named, counted back from the last bar,
    the fewest left out that no two touch. The bars stay; the table and the presenter
    view name each."""
    ax = plot.getPlotItem().getAxis("bottom")
    levels = getattr(ax, "_tickLevels", None)
    if not ax.isVisible() or not levels or not levels[0]:
        return
    vb = plot.getPlotItem().vb
    (x0, x1), _ = vb.viewRange()
    if vb.width() <= 0 or x1 <= x0:
        return
    scale = vb.width() / (x1 - x0)
    metrics = QFontMetricsF(ax.style["tickFont"])
    names = sorted(levels[0])
    half = [max(metrics.horizontalAdvance(ln) for ln in t.split("\n")) / 2 for _v, t in names]

    def touch(kept: list[int]) -> bool:
        return any(
            names[a][0] * scale + half[a] + gap > names[b][0] * scale - half[b]
            for a, b in itertools.pairwise(kept)
        )

    last = len(names) - 1
    for k in range(1, len(names) + 1):
        kept = [i for i in range(len(names)) if (last - i) % k == 0]
        if not touch(kept):
            break
    if k > 1:
        ax.setTicks([[names[i] for i in kept], []])


def _wrap(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _span(lab: pg.TextItem) -> tuple[float, float]:
    r = lab.mapRectToScene(lab.boundingRect())
    return r.left(), r.right()


def _touching(labels: list[pg.TextItem], gap: float) -> bool:
    spans = sorted(_span(lab) for lab in labels if lab.isVisible())
    return any(a[1] + gap > b[0] for a, b in itertools.pairwise(spans))


def fit_value_labels(plot: Plot, data: ChartData, gap: float) -> None:
    """Value labels that would touch: wrapped to their bar's width ("about / 28"); if
    they still touch, a bar chart's headline bars keep theirs, and then, from the latest,
    each label that touches none kept (the axis gives the scale, the presenter view every
    figure). The x range then widens, if need be, to take in the labels at its ends."""
    room = plot.top_room
    vb = plot.getPlotItem().vb
    if room is None or not room.values or vb.width() <= 0:
        return
    labels = [lab for lab, _y in room.values]
    if _touching(labels, gap):
        (x0, x1), _ = vb.viewRange()
        slot = vb.width() / max(1e-9, x1 - x0) * 0.8 / max(1, data.series_count)
        centred = QTextOption(Qt.AlignmentFlag.AlignHCenter)
        for lab in labels:
            if QFontMetricsF(lab.textItem.font()).horizontalAdvance(lab.toPlainText()) > slot:
                lab.textItem.document().setDefaultTextOption(centred)
                lab.setTextWidth(slot)
        room.relayout()
    if _touching(labels, gap) and data.kind == "bar" and data.values["highlight"].any():
        headline = data.values.reset_index(drop=True)["highlight"].tolist()
        for lab, hl in zip(labels, headline, strict=False):
            lab.setVisible(bool(hl))
    if _touching(labels, gap):
        kept: list[tuple[float, float]] = []
        for lab in sorted(labels, key=lambda lab: -_span(lab)[0]):
            lo, hi = _span(lab)
            clear = all(hi + gap <= a or lo >= b + gap for a, b in kept)
            lab.setVisible(lab.isVisible() and clear)
            if lab.isVisible():
                kept.append((lo, hi))
    _take_in(vb, [lab for lab in labels if lab.isVisible()], gap + 1)


def reported_tags(plot: Plot) -> list[pg.TextItem]:
    """The tags of a bar chart's reported figures ("Reported 45,680": framed texts)."""
    return [i for i in _text_items(plot) if i.border.style() != Qt.PenStyle.NoPen]


def place_reported_tags(plot: Plot, data: ChartData) -> None:
    """A reported figure marked on the last bar is labelled right of its line, at its
    level, in room made at the chart's end: in the bar, a tag in body type is wider than
    the bar on a slide and would cover the next bar's value."""
    if data.kind != "bar" or not len(data.reported):
        return
    last = len(data.categories) - 1
    vb = plot.getPlotItem().vb
    for tag, (i, v) in zip(
        reported_tags(plot),
        zip(data.reported["category"], data.reported["value"], strict=True),
        strict=False,
    ):
        if int(i) != last or vb.width() <= 0:
            continue
        (x0, x1), _ = vb.viewRange()
        w = vb.width()
        width = tag.boundingRect().width() + 6
        # right of the bar, and of the bar's value label where that is wider than the bar:
        # at a scale of s units a pixel the tag starts at max(edge, centre + half * s) and
        # ends at that plus width * s, which must be inside the range: solved for s
        edge, half = last + 0.47, 0.0
        for lab, _y in plot.top_room.values if plot.top_room else ():
            if abs(lab.pos().x() - last) < 0.5:
                half = max(half, lab.boundingRect().width() / 2 + 4)
        span = max(
            x1 - x0,
            (edge - x0) / max(0.05, 1 - width / w),
            (last - x0) / max(0.05, 1 - (half + width) / w),
        )
        vb.setXRange(x0, x0 + span, padding=0)
        scale = span / w
        tag.setAnchor((0, 0.5))
        tag.setPos(max(edge, last + half * scale), float(v))


def fit_categories(plot: Plot, data: ChartData, font: QFont) -> bool:
    """Category names wider than their bars ("May 2024") wrap under them ("May / 2024");
    True if they did (the chart is then laid out again)."""
    if data.kind not in ("bar", "grouped_bar", "comparison") or not data.categories:
        return False
    vb = plot.getPlotItem().vb
    (x0, x1), _ = vb.viewRange()
    slot = vb.width() / max(1e-9, x1 - x0) * 0.94
    metrics = QFontMetricsF(font)
    if max(metrics.horizontalAdvance(c) for c in data.categories) <= slot:
        return False
    wrap_categories(plot, list(data.categories), slot, font)
    plot.getPlotItem().layout.activate()
    return True


def keep_texts_inside(plot: Plot, data: ChartData, pad: float = 2.0) -> None:
    """Texts that would run out of the plot's right edge: a poll's shares get room at the
    end of the axis, *pad* pixels clear of its edge, each on one line; a timeline's "As
    of" label goes left of its line."""
    vb = plot.getPlotItem().vb
    if data.kind == "poll":
        shares = [i for i in _text_items(plot) if i.isVisible() and i.anchor.x() == 0]
        _take_in(vb, shares, pad + 1)
        _shares_clear(shares)
    if data.kind == "timeline" and data.events:
        box = vb.sceneBoundingRect()
        for item in [plot.as_of_label] if plot.as_of_label is not None else []:
            r = item.mapRectToScene(item.boundingRect())
            if r.right() <= box.right():
                continue
            # on the side of its line with more room, wrapped at its spaces if need be
            left, right = r.left() - box.left(), box.right() - r.left()
            if left > right:
                item.setAnchor((1, 0))
            margin = 2 * item.textItem.document().documentMargin() + 4
            natural = QFontMetricsF(item.textItem.font()).horizontalAdvance(item.toPlainText())
            if natural + margin > max(left, right):
                item.setTextWidth(max(left, right) - 4)
            # the band over the rows as tall as the label now is: a share k of the height
            # for it, so (top - rows) = k (top - y0)
            n = len(data.events)
            _, (y0, y1) = vb.viewRange()
            k = min(0.5, item.boundingRect().height() * 1.1 / max(1.0, vb.height()))
            rows = n - 0.5
            if (y1 - rows) < k * (y1 - y0):
                top = (rows - k * y0) / (1 - k)
                vb.setYRange(y0, top, padding=0)
                item.setPos(item.pos().x(), top)


def _shares_clear(shares: list[pg.TextItem]) -> None:
    """A poll's shares in rows too short for them would touch: the largest keep theirs,
    then each that touches none kept (the axis gives the scale, the presenter view every
    figure), as value labels do (`fit_value_labels`)."""
    rects = {id(lab): lab.mapRectToScene(lab.boundingRect()) for lab in shares}
    if not any(rects[id(a)].intersects(rects[id(b)]) for a, b in itertools.combinations(shares, 2)):
        return
    kept: list = []
    for lab in sorted(shares, key=lambda lab: -rects[id(lab)].left()):  # longest bar first
        r = rects[id(lab)]
        lab.setVisible(not any(r.intersects(k) for k in kept))
        if lab.isVisible():
            kept.append(r)


def _take_in(vb, labels: list[pg.TextItem], margin: float = 2.0) -> None:
    """Widen the x range so that labels at its ends are inside the plot, *margin* pixels
    clear of its edges, and the range shown before stays shown.

    A label is anchored at a value and stands out from it by a fixed number of pixels
    (a share written right of its bar's end): widening the range moves the anchor, not
    the label's width, so the range is solved for, not scaled by the overhang (which
    left a poll's largest share running out of the plot, to be wrapped onto a second
    line over the next bar's)."""
    if not labels:
        return
    box = vb.sceneBoundingRect()
    width = box.width()
    (x0, x1), _ = vb.viewRange()
    if width <= 0 or x1 <= x0:
        return
    scale = width / (x1 - x0)  # pixels a unit
    # each label: its anchor (a value) and how far it reaches left and right of it (px)
    reach = []
    for lab in labels:
        left, right = _span(lab)
        at = box.left() + (lab.pos().x() - x0) * scale
        reach.append((lab.pos().x(), left - at - margin, right - at + margin))
    if all((a - x0) * scale + lo >= 0 and (a - x0) * scale + hi <= width for a, lo, hi in reach):
        return  # inside already
    # the range's own ends are kept in view: anchors that reach nowhere
    ends = [*reach, (x0, 0.0, 0.0), (x1, 0.0, 0.0)]
    # the largest scale u (px a unit) at which, for every pair, what reaches furthest
    # right from one anchor and furthest left from another both fit the width
    u = scale
    for a, _lo, hi in ends:
        for b, lo, _hi in ends:
            if a > b:
                u = min(u, (width - hi + lo) / (a - b))
    if u <= 0:
        return  # a label wider than the plot: nothing to widen to
    # the left end as far right as every label's left reach allows
    start = min(b + lo / u for b, lo, _hi in ends)
    vb.setXRange(start, start + width / u, padding=0)


#: the share of a poll chart's width its answers, written left of their bars, may take
POLL_ANSWER_SHARES = (0.36, 0.44, 0.52)


def answers_on_axis(plot: Plot, data: ChartData, font: QFont, offset: int) -> None:
    """A poll's answers to the left of their bars, each wrapped to the column (never cut
    with "…"), as the value axis's labels: each bar then needs a row no taller than its
    answer or its share, where the window writes the answer over the bar."""
    poll = data.poll
    if poll is None:
        return
    pi = plot.getPlotItem()
    for item, _hover in plot.label_hits:  # the window's answers over the bars
        item.setVisible(False)
    plot.label_hits = []
    n = len(poll.answers)
    axis = pi.getAxis("left")
    pi.showAxis("left")
    axis.setTickFont(font)
    axis.setStyle(tickTextOffset=offset, tickLength=0, autoExpandTextSpace=False)
    metrics = QFontMetricsF(font)
    line = QFontMetrics(font).lineSpacing()

    def fit(*_) -> None:
        total = plot.width()
        rows_px = max(1.0, pi.vb.height()) / max(1, n)
        for share in POLL_ANSWER_SHARES:
            width = total * share
            wrapped = [_wrap(a.answer, metrics, width) for a in poll.answers]
            if max(len(w) for w in wrapped) * line <= rows_px:
                break
        ticks = [(n - 1 - k - 0.12, "\n".join(w)) for k, w in enumerate(wrapped)]
        axis.setTicks([ticks, []])
        axis.setWidth(round(width + offset))

    vb = pi.vb
    with contextlib.suppress(RuntimeError, TypeError):
        vb.sigResized.disconnect()  # the window's fitting of the answers over the bars
    vb.sigResized.connect(plot._update_matrix)
    fit()
    vb.sigResized.connect(fit)
