"""What a slide read from the back of the room is, for the tests of every layer that
shows slides: the least text sizes as shares of the screen's height (`FLOORS`), the kind
of each slide label, and `check_deck`, which lays out every slide of a briefing and lists
what is clipped, overlapping, outside, cut with "…" or too small."""

from __future__ import annotations

import itertools
import re

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel

from briefing_app.content.slide_forms import body_words
from briefing_app.content.slides import MAX_CARDS, max_words
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import ntr, tr
from briefing_app.render.slides.charts import MAP_SHARE
from briefing_app.render.slides.deck import build_deck
from briefing_app.render.slides.images import device_pixel_ratio_for
from briefing_app.render.slides.layout import Metrics
from briefing_app.render.slides.view import SlideView, plot_text_rects
from briefing_app.render.themes import load_theme

SIZES = [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]
#: the least text size, as a share of the screen's height (24 pt and 18 pt on a 7.5-inch
#: slide are 4.4 % and 3.3 %); only the footer line (source, caveat, number) is smaller
FLOORS = {"title": 0.06, "body": 0.044, "other": 0.033, "footer": 0.025}
#: what each kind of slide label is; any other label is "other"
LABEL_KINDS = {
    "s_heading": "title",
    "s_title_heading": "title",
    "s_body": "body",
    "s_figures": "body",
    "s_card_heading": "body",
    "s_quote": "body",
    "s_big_takeaway": "body",
    "s_takeaway": "body",
    "s_as_of": "body",
    "s_footer_source": "footer",
    "s_caveat": "footer",
    "s_number": "footer",
}
ELLIPSIS = "…"


def _rect_in(view, widget) -> QRect:
    return QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())


def _px(font, dpr: int) -> int:
    return QFontInfo(font).pixelSize() * dpr


def data_labels(plot) -> set[int]:
    """ids of a chart's data labels: values on bars, reported figures' tags, poll shares."""
    out = set()
    room = getattr(plot, "top_room", None)
    if room is not None:
        out |= {id(lab) for lab, _ in room.values}
    answers = {id(item) for item, _ in getattr(plot, "label_hits", [])}
    events = {id(m.item) for m in room.events} if room is not None else set()
    for item in plot.getPlotItem().items:
        if not isinstance(item, pg.TextItem) or id(item) in answers or id(item) in events:
            continue
        # a reported figure's tag (framed), a poll's share
        framed = item.border.style() != Qt.PenStyle.NoPen
        if framed or re.fullmatch(r"[\d.,]+%", item.toPlainText()):
            out.add(id(item))
    return out


def axis_overlaps(plot, where: str) -> list[str]:
    """Category names (under bars, left of a poll's bars) that touch each other."""
    out = []
    vb = plot.getPlotItem().vb
    for name in ("bottom", "left"):
        ax = plot.getPlotItem().getAxis(name)
        levels = getattr(ax, "_tickLevels", None)
        if not ax.isVisible() or not levels:
            continue
        metrics = QFontMetrics(ax.style["tickFont"])
        spans = []
        for value, text in levels[0]:
            lines = text.split("\n")
            at = vb.mapViewToScene(QPointF(value, value))
            if name == "bottom":
                half = max(metrics.horizontalAdvance(ln) for ln in lines) / 2
                spans.append((at.x() - half, at.x() + half, text))
            else:
                half = len(lines) * metrics.lineSpacing() / 2
                spans.append((at.y() - half, at.y() + half, text))
        spans.sort()
        for (_, a1, ta), (b0, _, tb) in itertools.pairwise(spans):
            if a1 > b0 + 1:
                out.append(f"{where}: {name} axis labels {ta[:20]!r} and {tb[:20]!r} touch")
    return out


def chart_problems(view: SlideView, where: str, dpr: int, height: int) -> list[str]:
    problems: list[str] = []
    plot = view.plot
    pi = plot.getPlotItem()
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        font = ax.style.get("tickFont")
        if ax.isVisible() and font is not None and _px(font, dpr) < FLOORS["other"] * height:
            problems.append(f"{where}: {name} axis ticks are {_px(font, dpr)}px")
    problems += axis_overlaps(plot, where)
    box = pi.vb.sceneBoundingRect().adjusted(-2, -2, 2, 2)
    data = data_labels(plot)
    texts = plot_text_rects(plot)
    for item, r in texts:
        text = item.toPlainText()
        kind = "body" if id(item) in data else "other"
        px = _px(item.textItem.font(), dpr)
        if px < FLOORS[kind] * height:
            problems.append(f"{where}: chart {kind} text {text[:30]!r} is {px}px")
        if not box.contains(r):
            problems.append(f"{where}: chart text {text[:30]!r} leaves the plot: {r} in {box}")
        if text.rstrip().endswith(ELLIPSIS):
            problems.append(f"{where}: chart text {text[:30]!r} is cut with '…'")
    for i, (a, ra) in enumerate(texts):
        for b, rb in texts[i + 1 :]:
            if ra.adjusted(1, 1, -1, -1).intersects(rb.adjusted(1, 1, -1, -1)):
                problems.append(
                    f"{where}: chart texts {a.toPlainText()[:20]!r} and "
                    f"{b.toPlainText()[:20]!r} overlap"
                )
    problems += map_problems(view, where, dpr, height)
    # every numbered marker the key explains is on the chart
    shown = " ".join(item.toPlainText() for item, _ in texts)
    for lab in view.key_labels:
        number = lab.text().split(" ", 1)[0]
        if number.isdigit() and not re.search(rf"\b{number}\b", shown):
            problems.append(f"{where}: marker {number} of the key is not on the chart")
    return problems


def map_problems(view: SlideView, where: str, dpr: int, height: int) -> list[str]:
    """A map's own texts (`MapCanvas.texts`: place labels, marker numbers, the date, the
    areas, the key, the scale bar, a credit line), which are no pyqtgraph TextItems of the
    plot: each at least the "other" share, inside the plot, cut with no "…", touching no
    other; the licences of the map's data on the slide (its source line); and the map
    itself at least `MAP_SHARE` of the screen's height."""
    canvas = getattr(view.plot, "map_canvas", None)
    if canvas is None:
        return []
    problems = []
    for r in canvas.map_rects():
        if r.height() < MAP_SHARE * view.m.height - 1:
            share = r.height() / view.m.height
            problems.append(f"{where}: the map is {share:.1%} of the height, under {MAP_SHARE:.0%}")
    box = view.plot.getPlotItem().vb.sceneBoundingRect().adjusted(-2, -2, 2, 2)
    rects = []
    for item, text, font in canvas.texts():
        r = item.mapRectToScene(item.boundingRect())
        px = _px(font, dpr)
        if px < FLOORS["other"] * height:
            problems.append(f"{where}: map text {text[:30]!r} is {px}px")
        if not box.contains(r):
            problems.append(f"{where}: map text {text[:30]!r} leaves the plot: {r} in {box}")
        if text.rstrip().endswith(ELLIPSIS):
            problems.append(f"{where}: map text {text[:30]!r} is cut with '…'")
        rects.append((text, r))
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if ra.adjusted(1, 1, -1, -1).intersects(rb.adjusted(1, 1, -1, -1)):
                problems.append(f"{where}: map texts {a[:20]!r} and {b[:20]!r} overlap")
    shown = " ".join(lab.text() for lab in view.text_labels()) + " ".join(t for t, _ in rects)
    for part in canvas.geo.licensed:
        if part not in shown:
            problems.append(f"{where}: the map data's {part!r} is not on the slide")
    return problems


def slide_problems(view: SlideView, dpr: int, height: int) -> list[str]:
    """Clipped, overlapping, outside, cut or too small text on one slide; too much on it.

    *height* is the screen's height in physical pixels."""
    problems: list[str] = []
    slide = view.slide
    where = f"slide {slide.counter} ({slide.title[:40]})"
    labels = [lab for lab in view.findChildren(QLabel) if lab.text() and lab.isVisibleTo(view)]
    rects = []
    for lab in labels:
        r = _rect_in(view, lab)
        text = lab.text()[:50]
        if not view.rect().contains(r):
            problems.append(f"{where}: {text!r} is outside the slide: {r}")
        cr = lab.contentsRect()
        flags = lab.alignment() | (Qt.TextFlag.TextWordWrap if lab.wordWrap() else 0)
        need = lab.fontMetrics().boundingRect(cr, int(flags), lab.text())
        if need.height() > cr.height() or need.width() > cr.width():
            problems.append(f"{where}: {text!r} needs {need.size()} but has {cr.size()}")
        kind = LABEL_KINDS.get(lab.objectName(), "other")
        px = _px(lab.font(), dpr)
        if px < FLOORS[kind] * height:
            problems.append(f"{where}: {kind} text {text!r} is {px}px, under {FLOORS[kind]:.1%}")
        rects.append((r, text))
    for i, (a, ta) in enumerate(rects):
        for b, tb in rects[i + 1 :]:
            if a.intersects(b):
                problems.append(f"{where}: {ta!r} overlaps {tb!r}")
    if view.plot is not None:
        p = _rect_in(view, view.plot)
        for r, t in rects:
            if p.intersects(r):
                problems.append(f"{where}: {t!r} overlaps the chart")
        problems += chart_problems(view, where, dpr, height)
    if view.key_shortened:
        problems.append(f"{where}: its key explains only some of its numbered markers")
    if view.plot is not None and slide.kind == "timeline" and view.chart and view.chart.key:
        explained = {line.split()[0] for line in view.chart.key if line[:1].isdigit()}
        numbers = {
            item.toPlainText()
            for item, _ in plot_text_rects(view.plot)
            if item.toPlainText().isdigit()
        }
        if numbers - explained:
            problems.append(f"{where}: markers {sorted(numbers - explained)} are not explained")
    if slide.subheading:
        # a title cut in two keeps every word: its heading, then its line under it
        shown = [
            lab.text().replace("\u200b", "")
            for lab in (view.heading_label, view.subheading_label)
            if lab is not None
        ]
        whole = slide.chart is None or slide.chart.title in (slide.title, slide.subheading)
        if shown != [slide.heading, slide.subheading] or not whole:
            problems.append(f"{where}: its title is not whole on it: {shown}")
    body = view.body_rect
    for card in view.cards:
        if not body.contains(card.geometry()):
            problems.append(f"{where}: card {card.block.text[:40]!r} leaves the body")
    items = [b for b in slide.blocks if b.is_item]
    if len(items) > MAX_CARDS:
        problems.append(f"{where}: {len(items)} cards")
    words = sum(body_words(b) for b in slide.blocks)
    if len(slide.blocks) > 1 and words > max_words():
        problems.append(f"{where}: {words} words of body text")
    return problems


def free_deleted() -> None:
    """Delete the widgets given to deleteLater now: processEvents leaves them to the event
    loop, and the hundreds of slide views a deck check makes would stay alive for the
    rest of the session (a stylesheet set later would re-polish every one)."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def check_deck(b, theme_name: str, width: int, height: int) -> list:
    """Every slide of *b* at width x height physical pixels; fails with the problems found."""
    theme = load_theme(theme_name)
    dpr = device_pixel_ratio_for(width, height)
    lw, lh = width // dpr, height // dpr
    m = Metrics(theme, lw, lh)
    deck = build_deck(b, theme, lw, lh)
    problems: list[str] = []
    for slide in deck:
        view = SlideView(slide, b, theme, m)
        try:
            # painted and laid out again first, as the room sees it: an axis that took
            # the width of its tick labels only at its first paint narrowed the plot its
            # texts had been fitted to (a tag ran out of the slide)
            view.grab()
            QCoreApplication.processEvents()
            problems += slide_problems(view, dpr, height)
            # every slide shows its number, the briefing's date and caveat, its sources
            assert view.number_label.text() == f"{slide.number} / {len(deck)}"
            shown = " ".join(lab.text() for lab in view.text_labels())
            # in the language of the interface (English unless a test asks for another)
            assert tr("As of {date}").format(date=fmt_date(b.as_of)) in shown, slide.title
            assert view.caveat_label is not None and view.caveat_label.text() == b.caveat
            if slide.sources:
                assert view.source_label is not None
                heads = tuple(
                    ntr("Source: {names}", "Sources: {names}", n).split("{", 1)[0] for n in (1, 2)
                )
                assert view.source_label.text().startswith(heads)
        finally:
            view.deleteLater()
    free_deleted()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    return deck
