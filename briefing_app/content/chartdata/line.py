"""Line chart data: series over time, from observations or a series table."""

from __future__ import annotations

import pandas as pd

from briefing_app.content.chartdata.data import MAX_TEXT, ChartData, Legend
from briefing_app.content.chartdata.points import (
    POINT_COLUMNS,
    concat,
    events_of,
    highlight_legend,
    obs_table,
    observation_points,
    series_points,
    sources_of,
)
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import tr
from briefing_app.model.types import Chart


def build(b: Briefing, chart: Chart) -> ChartData:
    frames = []
    tables = []
    batched = not any(ref.resource for ref in chart.series)
    if batched:
        # series of observations only: their points made at once (`series_points`)
        parts = [(b.series_observations(ref), ref.label, si) for si, ref in enumerate(chart.series)]
        pts = series_points(b, chart, parts)
        if len(pts):
            tables.append(obs_table(pts).rename(columns={"period_start": "x"}))
            frames.append(pts.drop(columns="obs_series"))
    for si, ref in enumerate(() if batched else chart.series):
        if ref.resource:
            tbl = b.series_tables.get(ref.resource)
            if tbl is None or ref.x not in tbl or ref.y not in tbl:
                continue
            n = len(tbl)
            xs = pd.to_datetime(tbl[ref.x])
            attribution = b.attribution(ref.source)
            cites = (ref.source,) if ref.source else ()
            frames.append(
                pd.DataFrame(
                    {
                        "series": ref.label,
                        "series_index": si,
                        "role": "value",
                        "category": -1,
                        "x": xs,
                        "period_start": pd.NaT,
                        "period_end": pd.NaT,
                        "value": tbl[ref.y].astype(float),
                        "unit": ref.unit or "",
                        "qualifier": "",
                        "decimals": None,
                        # a value's text is read only where a series' values are listed
                        # (`figures`, up to MAX_TEXT): not a million calls for a long one
                        "text": [fmt_number(v) for v in tbl[ref.y].astype(float)]
                        if n <= MAX_TEXT
                        else "",
                        "status": "",
                        "id": "",
                        "note": "",
                        "attribution": attribution,
                        "cites": [cites] * n,
                        "highlight": False,
                        "later": False,
                        "shown": True,
                        "difference": 0.0,
                        "hover": "",
                    },
                    columns=list(POINT_COLUMNS),
                )
            )
            tables.append(
                pd.DataFrame(
                    {
                        "x": tbl[ref.x],
                        "value": tbl[ref.y],
                        "series": ref.label,
                        "unit": ref.unit or "",
                        "attribution": attribution,
                    }
                )
            )
        else:
            obs = b.series_observations(ref)
            pts = observation_points(b, obs, chart, ref.label, si, "value")
            frames.append(pts)
            table = obs_table(pts).rename(columns={"period_start": "x"})
            table["series"] = obs["series"].astype(str).to_numpy()
            tables.append(table)
    points = concat(frames)
    # a series label names a line (two series of one label are one line, as drawn)
    labels = list(dict.fromkeys(points["series"])) if len(points) else []
    if len(points):
        points["series_index"] = [labels.index(s) for s in points["series"]]
    tables = [t for t in tables if len(t)]
    table = (
        pd.concat(tables, ignore_index=True)
        if tables
        else pd.DataFrame(columns=["x", "value", "series", "unit", "attribution"])
    )
    legend = [Legend(str(label), ("series", k)) for k, label in enumerate(labels)]
    legend += highlight_legend(chart, tr("Headline period"))
    lines, ids = sources_of(b, points)
    events = events_of(b, chart)
    if len(points):  # events outside the data's dates are not marked
        lo, hi = points["x"].min(), points["x"].max()
        events = tuple(e for e in events if lo <= pd.Timestamp(e.date) <= hi)
    return ChartData(chart, b.as_of, (), points, table, tuple(legend), events, lines, ids)
