"""Grouped bar data: the series side by side in each period."""

from __future__ import annotations

from briefing_app.content.chartdata.data import ChartData, Legend
from briefing_app.content.chartdata.points import (
    events_of,
    hover_text,
    obs_table,
    period_texts,
    series_points,
    sources_of,
)
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_period, with_unit
from briefing_app.model.types import Chart


def build(b: Briefing, chart: Chart) -> ChartData:
    parts = [(b.series_observations(ref), ref.label, si) for si, ref in enumerate(chart.series)]
    points = series_points(b, chart, parts)
    periods = (
        sorted(set(zip(points["period_start"], points["period_end"], strict=True)))
        if len(points)
        else []
    )
    index = {p: i for i, p in enumerate(periods)}
    if len(points):
        points["category"] = [
            index[p] for p in zip(points["period_start"], points["period_end"], strict=True)
        ]
        points["hover"] = [
            hover_text(s, with_unit(t, u), period, src)
            for s, t, u, period, src in zip(
                points["series"].tolist(),
                points["text"].tolist(),
                points["unit"].tolist(),
                period_texts(points["period_start"], points["period_end"]),
                points["attribution"].tolist(),
                strict=True,
            )
        ]
    lines, ids = sources_of(b, points)
    return ChartData(
        chart,
        b.as_of,
        tuple(fmt_period(s, e) for s, e in periods),
        points,
        obs_table(points),
        tuple(Legend(ref.label, ("series", si)) for si, ref in enumerate(chart.series)),
        events_of(b, chart),
        lines,
        ids,
        by_series=True,
        series_count=len(chart.series),
    )
