"""Chart text that fits: axis labels cut at their end to the plot, event labels stacked
clear of the value labels (or shortened, or merged, when the plot is short), poll
answers within the plot, and every shortened text whole in its hover."""

from __future__ import annotations

import dataclasses
import os

import pyqtgraph as pg
import pytest
from conftest import FULL
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from briefing_app.content.chartdata import chart_data
from briefing_app.model.loader import load_package
from briefing_app.render.charts import ELLIPSIS, build_chart
from briefing_app.render.themes import load_theme
from briefing_app.ui.chart_panel import ChartPanel

SIZES = ((1024, 768), (1280, 720), (1920, 1080))
THEMES = ("screen", "projector", "projector-dark")


@pytest.fixture(scope="module")
def bundled():
    saved = os.environ.pop("BRIEFING_APP_DATA", None)
    try:
        result = load_package()
    finally:
        if saved is not None:
            os.environ["BRIEFING_APP_DATA"] = saved
    assert result.ok
    return result.briefing


def _chart(b, chart_id: str):
    return next(c for t in b.tabs for c in t.charts if c.id == chart_id)


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def _shown(qtbot, plot: pg.PlotWidget, width: int, height: int) -> pg.PlotWidget:
    qtbot.addWidget(plot)
    plot.setMinimumSize(0, 0)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    _settle()
    return plot


def text_rects(plot: pg.PlotWidget) -> list[tuple[str, QRectF]]:
    """Each visible text in the plot with its rectangle in scene pixels."""
    vb = plot.getPlotItem().vb
    out = []
    for item in plot.getPlotItem().items:
        if isinstance(item, pg.TextItem) and item.isVisible() and item.toPlainText():
            br = item.textItem.boundingRect()
            at = vb.mapViewToScene(item.pos())
            left = at.x() - item.anchor.x() * br.width()
            top = at.y() - item.anchor.y() * br.height()
            out.append((item.toPlainText(), QRectF(left, top, br.width(), br.height())))
    return out


def layout_problems(plot: pg.PlotWidget, where: str) -> list[str]:
    """Texts that overlap each other or leave the plot; an axis label longer than its axis."""
    pi = plot.getPlotItem()
    box = pi.vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    rects = text_rects(plot)
    problems = [f"{where}: {t!r} leaves the plot" for t, r in rects if not box.contains(r)]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if ra.adjusted(1, 1, -1, -1).intersects(rb.adjusted(1, 1, -1, -1)):
                problems.append(f"{where}: {a!r} overlaps {b!r}")
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        if ax.isVisible() and ax.label.isVisible():
            room = ax.size().height() if name == "left" else ax.size().width()
            if ax.label.boundingRect().width() > room + 0.5:
                problems.append(f"{where}: {name} axis label is longer than the axis")
    return problems


def test_a_long_axis_label_is_cut_at_its_end_to_the_plot_height_and_whole_when_it_fits(
    qtbot,
):
    b = load_package(FULL).briefing
    long = "people (killed and wounded), as reported by the General Staff each month"
    chart = dataclasses.replace(_chart(b, "losses-monthly"), y_label=long)
    plot = _shown(qtbot, build_chart(chart_data(b, chart), load_theme("projector")).plot, 700, 260)
    axis = plot.getPlotItem().getAxis("left")
    shown = axis.label.toPlainText()
    assert shown.endswith(ELLIPSIS)
    assert long.startswith(shown[:-1].rstrip())  # the start is kept: cut at the end only
    assert axis.label.boundingRect().width() <= axis.size().height()
    assert axis.label.toolTip() == long and axis.label_full_text == long
    # the label stays inside the axis: not cut at either end
    top = axis.label.mapRectToParent(axis.label.boundingRect())
    assert top.top() >= -0.5 and top.bottom() <= axis.size().height() + 0.5

    plot.resize(700, 1400)  # re-fitted on resize: now there is room for all of it
    _settle()
    assert axis.label.toPlainText().strip() == long
    assert axis.label.toolTip() == "" and axis.label_full_text is None
    assert axis.labelText == long  # the label's own text is never changed


def test_a_range_change_does_not_fit_the_label_again_but_a_new_text_or_size_does(
    qtbot, monkeypatch
):
    """pyqtgraph asks for the label again at every change of range (its SI prefix); the
    fitting lays the label out in a QTextDocument, so it is done only when the label's
    text, font or room has changed (issue #22: ~20 ms of a tab built ahead)."""
    import briefing_app.render.charts.axes as axes

    b = load_package(FULL).briefing
    long = "people (killed and wounded), as reported by the General Staff each month"
    chart = dataclasses.replace(_chart(b, "losses-monthly"), y_label=long)
    plot = _shown(qtbot, build_chart(chart_data(b, chart), load_theme("screen")).plot, 700, 260)
    axis = plot.getPlotItem().getAxis("left")
    fits = []
    real = axes.fit_label_html
    # the left axis's (the bottom axis has no label here; its room changes with the
    # left axis's width, and an empty label is fitted again then)
    monkeypatch.setattr(axes, "fit_label_html", lambda *a: (a[1] and fits.append(a[1])) or real(*a))
    shown = axis.label.toPlainText()
    assert shown.endswith(ELLIPSIS)
    for top in (10, 1_000, 1_000_000):
        plot.getPlotItem().vb.setYRange(0, top)
        _settle()
    assert fits == [] and axis.label.toPlainText() == shown
    axis.setLabel("km")  # a new text: fitted (it fits whole)
    assert len(fits) == 1 and axis.label.toPlainText().strip() == "km"
    axis.setLabel(long)
    plot.resize(700, 1400)  # more room: fitted again, now whole
    _settle()
    assert len(fits) >= 3 and axis.label.toPlainText().strip() == long
    assert axis.label_full_text is None


def test_a_label_that_fits_is_left_alone(qtbot):
    b = load_package(FULL).briefing
    chart = dataclasses.replace(_chart(b, "losses-monthly"), y_label="km²")
    plot = _shown(qtbot, build_chart(chart_data(b, chart), load_theme("screen")).plot, 600, 240)
    axis = plot.getPlotItem().getAxis("left")
    assert axis.label.toPlainText().strip() == "km²"
    assert axis.label_full_text is None


@pytest.mark.parametrize(
    ("theme", "lang"), [(t, "en") for t in THEMES] + [("projector-dark", "uk"), ("screen", "xx")]
)
def test_bundled_tabs_have_no_overlapping_or_clipped_chart_text(qtbot, bundled, theme, lang):
    """As the window shows them: a window of each size, each tab in turn; in Ukrainian
    and the pseudo-language too, whose longer labels (a timeline's events) once ran out
    of the plot at 1024x768."""
    from briefing_app.model import i18n
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    i18n.set_language(lang)

    t = load_theme(theme)
    apply_theme(QApplication.instance(), t)
    problems: list[str] = []
    checked = 0
    for width, height in SIZES:
        w = MainWindow(BriefingDocument(bundled, t), prebuild=False)
        qtbot.addWidget(w)
        w.setMinimumSize(1, 1)
        w.resize(width, height)
        w.show()
        for i in range(w.tabs.count()):
            w.tabs.setCurrentIndex(i)
            w.tab_view(i)
            _settle()
            for panel in w.tab_view(i).findChildren(ChartPanel):
                checked += 1
                where = f"{theme} {lang} {width}x{height} {panel.chart.id}"
                problems += layout_problems(panel.plot, where)
                room = getattr(panel.plot, "top_room", None)
                for m in room.events if room is not None else ():
                    text = m.item.toPlainText() if m.made and m.item.isVisible() else ""
                    if ELLIPSIS in text:  # a title is whole or left to the hover
                        problems.append(f"{where}: event label cut: {text!r}")
        w.close()
    assert checked >= 3 * 9
    assert not problems, "\n".join(problems)


def test_event_labels_clear_the_value_labels_at_1024x768(qtbot, bundled):
    """The casualties chart as the projector shows it at 1024x768: two event labels over
    the November bar and its value, which used to overlap."""
    chart = _chart(bundled, "casualties-monthly")
    plot = build_chart(chart_data(bundled, chart), load_theme("projector-dark")).plot
    _shown(qtbot, plot, 980, 300)
    rects = dict(text_rects(plot))
    value = rects["45,720"]
    events = [r for t, r in rects.items() if t.startswith(("5 Nov", "21 Nov"))]
    assert len(events) == 2
    for r in events:
        assert not r.intersects(value)
        assert r.bottom() <= value.top() + 0.5  # the event rows are above the values
    assert not layout_problems(plot, "casualties")


@pytest.mark.parametrize("height", [180, 240, 320, 600])
def test_crowded_events_on_a_short_chart_fit_and_keep_their_hover(qtbot, bundled, height):
    """Four events in one month: at any height the labels neither overlap nor crowd out
    the bars, and each event's title is in the hover of a label or of its line."""
    chart = _chart(bundled, "air-strikes-monthly")
    plot = build_chart(chart_data(bundled, chart), load_theme("projector")).plot
    _shown(qtbot, plot, 760, height)
    assert not layout_problems(plot, f"air strikes at {height}px")
    room = plot.top_room
    vb = plot.getPlotItem().vb
    rows_px = room.rows * room._row_height()
    assert rows_px <= vb.height() * 0.45
    _, (_, ymax) = vb.viewRange()
    assert room.top < ymax  # the bars keep most of the height
    assert room.top / ymax >= 0.4
    hovers = "\n".join(text for _, text in plot.label_hits) + "\n".join(h.text for h in plot.hits)
    for eid in chart.events:
        assert bundled.events[eid].title in hovers


def test_poll_answers_stay_in_the_plot_and_are_whole_in_the_hover(qtbot, bundled):
    chart = _chart(bundled, "poll-2024-negotiate")
    plot = build_chart(chart_data(bundled, chart), load_theme("projector")).plot
    _shown(qtbot, plot, 500, 240)
    assert not layout_problems(plot, "poll")
    answers = {a.answer for a in bundled.polls[chart.poll].answers}
    shown = [item.toPlainText() for item, _ in plot.label_hits]
    assert any(s.endswith(ELLIPSIS) for s in shown)
    assert {next(a for a in answers if a in text) for _, text in plot.label_hits} == answers


def _bar_rects(plot: pg.PlotWidget) -> list[QRectF]:
    vb = plot.getPlotItem().vb
    return [
        vb.mapViewToScene(item.boundingRect()).boundingRect()
        for item in plot.getPlotItem().items
        if isinstance(item, pg.BarGraphItem)
    ]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", (420, 640))
def test_a_poll_as_tall_as_it_asks_shows_every_answer_whole_above_its_bar(
    qtbot, bundled, theme, width
):
    """Given `height_for_width`, every answer wraps above its bar: none is cut with "…",
    none touches a bar or another text (the window and the handout give a poll that)."""
    from briefing_app.render.charts.poll import height_for_width

    for chart_id in ("poll-2024-negotiate", "poll-2024-circumstances"):
        chart = _chart(bundled, chart_id)
        plot = build_chart(chart_data(bundled, chart), load_theme(theme)).plot
        height = height_for_width(plot, width)
        assert height > 0
        _shown(qtbot, plot, width, height)
        where = f"{chart_id} {theme} {width}x{height}"
        assert not layout_problems(plot, where)
        shown = [item.toPlainText() for item, _ in plot.label_hits]
        answers = [a.answer for a in bundled.polls[chart.poll].answers]
        assert shown == answers, f"{where}: every answer whole"
        bars = _bar_rects(plot)
        for text, rect in text_rects(plot):
            if text in answers:
                assert not any(rect.adjusted(1, 1, -1, -1).intersects(b) for b in bars), (
                    f"{where}: {text!r} runs into a bar"
                )


def test_a_poll_panel_grows_as_it_narrows_rather_than_cut_its_answers(qtbot, bundled):
    from briefing_app.content.blocks import Block
    from briefing_app.content.plan import plan_of
    from briefing_app.render.charts.poll import height_for_width

    plan = plan_of(bundled)
    block: Block = next(
        b
        for i in range(len(plan))
        for sec in plan.tab(i).sections
        for b in sec.blocks
        if b.kind == "chart" and b.chart is not None and b.chart.kind == "poll"
    )
    panel = ChartPanel(block, bundled, load_theme("projector-dark"))
    qtbot.addWidget(panel)
    panel.set_chart_height(120)  # less than its answers need once wrapped
    panel.resize(1000, 600)
    panel.show()
    qtbot.waitExposed(panel)
    wide = panel.stack.height()
    panel.resize(420, 600)
    qtbot.waitUntil(lambda: panel.stack.height() > wide)
    assert panel.stack.height() >= height_for_width(panel.plot, panel.width())
    _settle()
    shown = [item.toPlainText() for item, _ in panel.plot.label_hits]
    assert not any(s.endswith(ELLIPSIS) for s in shown)


def test_an_event_on_a_line_chart_stays_at_the_top_of_the_view(qtbot):
    b = load_package(FULL).briefing
    chart = _chart(b, "daily-line")
    frame = chart_data(b, chart).table
    eid = next(iter(b.events))
    inside = dataclasses.replace(
        b.events[eid], date=(frame["x"].min() + (frame["x"].max() - frame["x"].min()) / 2).date()
    )
    b.events[eid] = inside
    chart = dataclasses.replace(chart, events=(eid,))
    plot = _shown(qtbot, build_chart(chart_data(b, chart), load_theme("screen")).plot, 800, 300)
    assert not layout_problems(plot, "line")
    label = plot.top_room.events[0].item
    assert label.isVisible() and inside.title in label.toPlainText()
    vb = plot.getPlotItem().vb
    _, (_, y1) = vb.viewRange()
    assert label.pos().y() <= y1
    vb.setYRange(0, y1 * 3, padding=0)  # the y range follows the data: the label follows it
    _settle()
    assert abs(label.pos().y() - y1 * 3) < y1 * 3 * 0.1


def _with_values(tmp_path, values: dict[str, str]):
    """The minimal package with some observations' values replaced (id -> text)."""
    import csv
    import json
    import shutil

    from conftest import MINIMAL

    pkg = shutil.copytree(MINIMAL, tmp_path / "pkg")
    # the indicator allows any value (the fixture's has a minimum of 0)
    desc = pkg / "datapackage.json"
    data = json.loads(desc.read_text(encoding="utf-8"))
    for ind in data["briefing"]["indicators"].values():
        ind.pop("minimum", None)
    desc.write_text(json.dumps(data), encoding="utf-8")
    path = pkg / "observations.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["value"] = values.get(r["id"], r["value"])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    result = load_package(pkg)
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


def test_negative_bars_are_drawn_down_from_zero_with_their_labels_underneath(qtbot, tmp_path):
    b = _with_values(tmp_path, {"m-09": "-100", "m-10": "-37.2"})
    chart = b.tabs[0].charts[0]
    plot = _shown(qtbot, build_chart(chart_data(b, chart), load_theme("projector")).plot, 800, 360)
    assert not layout_problems(plot, "negative bars")
    vb = plot.getPlotItem().vb
    _, (y0, y1) = vb.viewRange()
    assert y0 < -100 < 0 < y1, "the range takes in the lowest bar and zero"
    texts = dict(text_rects(plot))
    # with the minus sign (U+2212)
    assert "−100" in texts and "−37.2" in texts, "each negative value is labelled"
    bottom_of_bar = vb.mapViewToScene(pg.Point(0, -100)).y()
    assert texts["−100"].top() >= bottom_of_bar, "the label hangs under its bar"
    # the hover of a bar that runs down from zero answers inside the bar
    assert any("100" in h.text for h in plot.hits if h.rect.contains(pg.Point(0, -50)))


def test_small_values_keep_their_digits_on_the_chart(qtbot, tmp_path):
    b = _with_values(tmp_path, {"m-09": "0.0034", "m-10": "0.00005"})
    chart = b.tabs[0].charts[0]
    plot = _shown(qtbot, build_chart(chart_data(b, chart), load_theme("screen")).plot, 800, 360)
    texts = [t for t, _ in text_rects(plot)]
    assert "0.0034" in texts and "0.00005" in texts


def test_bars_of_several_sources_for_one_period_have_a_colour_each_named_in_the_legend(
    qtbot, bundled
):
    chart = _chart(bundled, "territory-totals")
    content = build_chart(chart_data(bundled, chart), load_theme("screen"))
    plot = _shown(qtbot, content.plot, 900, 400)
    bars = [i for i in plot.getPlotItem().items if isinstance(i, pg.BarGraphItem)]
    fills = [bar.opts["brush"].color().name() for bar in bars]
    names = [name for name, _ in content.legend]
    colours = [colour.lower() for _, colour in content.legend]
    sources = list(dict.fromkeys(bundled.observation_rows(chart.observations)["series"]))
    assert names == sources and len(set(colours)) == len(sources) > 1
    assert fills == colours, "each bar has its source's colour in the legend"


def test_a_line_chart_shades_its_highlighted_period_and_names_it_in_the_legend(qtbot):
    import datetime as dt

    import pandas as pd

    b = load_package(FULL).briefing
    chart = _chart(b, "daily-line")
    frame = chart_data(b, chart).table
    start = pd.Timestamp(frame["x"].min()).date() + dt.timedelta(days=10)
    end = start + dt.timedelta(days=20)
    chart = dataclasses.replace(chart, highlight=(start, end))
    content = build_chart(chart_data(b, chart), load_theme("screen"))
    _shown(qtbot, content.plot, 800, 300)
    (region,) = [i for i in content.plot.getPlotItem().items if isinstance(i, pg.LinearRegionItem)]
    lo, hi = region.getRegion()
    assert lo == pd.Timestamp(start).timestamp()
    assert hi == (pd.Timestamp(end) + pd.Timedelta(days=1)).timestamp()  # the last day included
    assert any(name.startswith("Headline period") for name, _ in content.legend)


@pytest.mark.parametrize("theme", THEMES)
def test_no_grid_line_runs_through_a_poll_answer_or_its_share(qtbot, bundled, theme):
    """The value grid is drawn behind the data, and each answer and its share are
    written on the plot's background: a grid line stops at the text instead of running
    through it (it ran through every answer, plainest on the projector-dark theme)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor

    chart = _chart(bundled, "poll-2024-negotiate")
    t = load_theme(theme)
    plot = _shown(qtbot, build_chart(chart_data(bundled, chart), t).plot, 900, 360)
    image = plot.grab().toImage()
    background = QColor(t.plot_background).rgb()
    rects = text_rects(plot)
    assert len(rects) == 2 * len(bundled.polls[chart.poll].answers), "answers and shares"
    crossed = []
    for text, rect in rects:
        # the row just inside the text's top edge: its margin, clear of the glyphs
        top = plot.mapFromScene(QPointF(rect.left(), rect.top() + 1.5))
        right = plot.mapFromScene(QPointF(rect.right(), rect.top() + 1.5))
        row = [image.pixel(x, top.y()) & 0xFFFFFF for x in range(top.x() + 2, right.x() - 2)]
        if any(px != background & 0xFFFFFF for px in row):
            crossed.append(text)
    assert not crossed, f"{theme}: the grid runs through {crossed}"
