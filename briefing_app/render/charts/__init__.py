"""pyqtgraph charts of the chart kinds of the format, drawn from their `ChartData`.

One module per chart kind, each with a ``draw(plot, data, theme)``; `RENDERERS`
registers them by the kinds of `briefing_app.model.kinds.CHART_KINDS` (a test fails
when a kind has none).  Every text drawn inside a plot comes from the package, so it
goes through ``TextItem.setText`` (plain text) or ``html.escape`` (axis labels, which
pyqtgraph renders as HTML).  Hovering a bar or point shows its value, period, unit and
source.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Generator

from briefing_app.content.chartdata import ChartData, Legend, import_lazily
from briefing_app.model.i18n import tr
from briefing_app.render.charts import bar, comparison, grouped_bar, line, poll, timeline
from briefing_app.render.charts.axes import ELLIPSIS, MIN_TICK_PX, DateAxis, NumberAxis
from briefing_app.render.charts.plot import ChartContent, HitBox, Plot
from briefing_app.render.themes import Theme


def _draw_map(plot: Plot, data: ChartData, theme: Theme) -> None:
    # imported when a map is first drawn: the map's modules are ~8 ms of every start
    # whose first tab has no map (issue #22)
    from briefing_app.render.charts import map as map_kind

    map_kind.draw(plot, data, theme)


#: the module each kind is drawn by that is imported only when first used (`import_renderer`)
LAZY_RENDERERS: dict[str, str] = {"map": "briefing_app.render.charts.map"}


def import_renderer(kind: str) -> bool:
    """`import_lazily` for the module that draws *kind* (`build_chart_in_steps` yields
    after it: with the drawing, a map's first slice was ~30 ms)."""
    return import_lazily(LAZY_RENDERERS, kind)


#: the drawing of each chart kind
RENDERERS: dict[str, Callable[[Plot, ChartData, Theme], None]] = {
    "bar": bar.draw,
    "grouped_bar": grouped_bar.draw,
    "comparison": comparison.draw,
    "line": line.draw,
    "poll": poll.draw,
    "timeline": timeline.draw,
    "map": _draw_map,
}


def legend_colour(entry: Legend, theme: Theme) -> str:
    """The theme's colour for a legend entry's colour slot."""
    slot = entry.colour
    if slot[0] == "series":
        return theme.series_colour(slot[1])
    if slot[0] == "highlight":
        return theme.highlight
    if slot[0] == "map_layer":
        from briefing_app.render.charts.map_parts import layer_colour

        return layer_colour(theme)
    return theme.plot_foreground


def chart_legend(data: ChartData, theme: Theme) -> list[tuple[str, str]]:
    """The chart's legend, (text, colour) in the theme's colours, without building it."""
    return [(e.text, legend_colour(e, theme)) for e in data.legend]


def build_chart(data: ChartData, theme: Theme) -> ChartContent:
    """The plot of a chart, its hover boxes and its legend in the theme's colours."""
    steps = build_chart_in_steps(data, theme)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def build_chart_in_steps(data: ChartData, theme: Theme) -> Generator[None, None, ChartContent]:
    """`build_chart` in steps, yielding between them: the empty plot (pyqtgraph's widget,
    axes and view: ~10 ms), the modules of its kind when first drawn (a map's), then the
    chart drawn in it (as long again).  For a window building charts while it must
    answer a key between steps (issue #22)."""
    plot = Plot(theme)
    plot.setAccessibleName(tr("Chart: {title}").format(title=data.title))
    yield
    if import_renderer(data.kind):
        yield
    RENDERERS[data.kind](plot, data, theme)
    if data.y_label:
        plot.getPlotItem().getAxis("left").setLabel(html.escape(data.y_label))
    return ChartContent(plot, plot.hits, chart_legend(data, theme))


__all__ = [
    "ELLIPSIS",
    "MIN_TICK_PX",
    "RENDERERS",
    "ChartContent",
    "DateAxis",
    "HitBox",
    "NumberAxis",
    "Plot",
    "build_chart",
    "build_chart_in_steps",
    "chart_legend",
    "import_renderer",
    "legend_colour",
]
