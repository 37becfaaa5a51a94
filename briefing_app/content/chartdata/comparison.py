"""Comparison data: one bar per observation, in the order listed."""

from __future__ import annotations

from briefing_app.content.chartdata.data import ChartData, Legend
from briefing_app.content.chartdata.points import (
    events_of,
    hover_text,
    obs_table,
    observation_points,
    period_text,
    sources_of,
)
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_period, with_unit
from briefing_app.model.types import Chart


def build(b: Briefing, chart: Chart) -> ChartData:
    rows = b.observation_rows(chart.observations)
    points = observation_points(b, rows, chart, None, 0, "value")
    points["obs_series"] = points["series"]
    series = list(dict.fromkeys(points["series"]))
    by_series = len(series) > 1
    if len(points):
        points["series_index"] = [series.index(s) for s in points["series"]]
        points["category"] = list(range(len(points)))
        points["hover"] = [
            hover_text(s, with_unit(t, u), period_text(a, z), src)
            for s, t, u, a, z, src in zip(
                points["series"],
                points["text"],
                points["unit"],
                points["period_start"],
                points["period_end"],
                points["attribution"],
                strict=True,
            )
        ]
    categories = tuple(
        fmt_period(s, e) for s, e in zip(points["period_start"], points["period_end"], strict=True)
    )
    lines, ids = sources_of(b, points)
    return ChartData(
        chart,
        b.as_of,
        categories,
        points,
        obs_table(points),
        tuple(Legend(name, ("series", k if by_series else 0)) for k, name in enumerate(series)),
        events_of(b, chart),
        lines,
        ids,
        by_series=by_series,
        series_count=1,
    )
