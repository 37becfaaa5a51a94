"""What one chart shows, computed once: the values it draws, their categories, the events
it marks, its legend and its sources.

The painter (`briefing_app.render.charts`), the table behind a chart in the window, the
CSV export and the figures printed under a chart in the handout and in Markdown all read
this one object, so they cannot disagree about a value, a period or a source.  One module
per chart kind computes it (`BUILDERS`, one entry per kind of
`briefing_app.model.kinds.CHART_KINDS`); the rows they share are built in `points`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

from briefing_app.content.chartdata import (
    bar,
    comparison,
    grouped_bar,
    line,
    poll,
    timeline,
)
from briefing_app.content.chartdata.data import (
    MAX_TEXT,
    OBS_COLUMNS,
    REPORTED,
    ChartData,
    EventMark,
    Figures,
    Legend,
    figure_lines,
    figures,
)
from briefing_app.content.chartdata.describe import describe_chart
from briefing_app.content.chartdata.points import hover_text
from briefing_app.model.briefing import Briefing
from briefing_app.model.types import Chart


def _map(b: Briefing, chart: Chart) -> ChartData:
    # imported when a map is first built: its projection and geometry are ~3 ms of
    # every start whose first tab has no map (issue #22)
    from briefing_app.content.chartdata import map as map_kind

    return map_kind.build(b, chart)


#: the module each kind's data is built by that is imported only when first used: a map's
#: (its projection and geometry), ~3-7 ms (`import_builder`)
LAZY_BUILDERS: dict[str, str] = {"map": "briefing_app.content.chartdata.map"}


def import_lazily(modules: dict[str, str], kind: str) -> bool:
    """Import the module *modules* names for chart kind *kind*, if it names one and it is
    not imported yet; whether it was imported now (a step's work: a caller building in
    steps yields after it)."""
    name = modules.get(kind)
    if name is None or name in sys.modules:
        return False
    importlib.import_module(name)
    return True


def import_builder(kind: str) -> bool:
    """`import_lazily` for the module that builds *kind*'s data (`Plan.tab_in_steps`)."""
    return import_lazily(LAZY_BUILDERS, kind)


#: the data of each chart kind
BUILDERS: dict[str, Callable[[Briefing, Chart], ChartData]] = {
    "bar": bar.build,
    "grouped_bar": grouped_bar.build,
    "comparison": comparison.build,
    "line": line.build,
    "poll": poll.build,
    "timeline": timeline.build,
    "map": _map,
}


def chart_data(b: Briefing, chart: Chart) -> ChartData:
    """The `ChartData` of *chart* in briefing *b*."""
    return BUILDERS[chart.kind](b, chart)


__all__ = [
    "BUILDERS",
    "MAX_TEXT",
    "OBS_COLUMNS",
    "REPORTED",
    "ChartData",
    "EventMark",
    "Figures",
    "Legend",
    "chart_data",
    "describe_chart",
    "figure_lines",
    "figures",
    "hover_text",
    "import_builder",
    "import_lazily",
]
