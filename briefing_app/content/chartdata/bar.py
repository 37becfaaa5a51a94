"""Bar chart data: a value per month of each series; reported figures marked where they
differ from the series."""

from __future__ import annotations

import pandas as pd

from briefing_app.content.chartdata.data import ChartData, Legend
from briefing_app.content.chartdata.points import (
    concat,
    empty_points,
    events_of,
    highlight_legend,
    hover_text,
    month_key,
    month_keys,
    obs_table,
    observation_points,
    period_text,
    period_texts,
    series_points,
    sources_of,
)
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_month, fmt_signed, with_unit
from briefing_app.model.i18n import tr
from briefing_app.model.types import Chart


def build(b: Briefing, chart: Chart) -> ChartData:
    parts = [(b.series_observations(ref), ref.label, si) for si, ref in enumerate(chart.series)]
    values = series_points(b, chart, parts)
    keys = month_keys(values["period_start"]) if len(values) else []
    months = sorted(set(keys))
    categories = tuple(fmt_month(pd.Timestamp(year=y, month=m, day=1)) for y, m in months)
    index = {key: i for i, key in enumerate(months)}
    if len(values):
        values["category"] = [index[k] for k in keys]
        later = tr(" (later than the briefing's as-of date)")
        values["hover"] = [
            hover_text(s, with_unit(t, u), period + (later if late else ""), src)
            for s, t, u, period, late, src in zip(
                values["series"].tolist(),
                values["text"].tolist(),
                values["unit"].tolist(),
                period_texts(values["period_start"], values["period_end"]),
                values["later"].tolist(),
                values["attribution"].tolist(),
                strict=True,
            )
        ]
    reported = empty_points()
    if chart.reported:
        rep = b.observation_rows(chart.reported)
        reported = observation_points(b, rep, chart, None, -1, "reported")
        reported["obs_series"] = rep["series"].astype(str).to_numpy()
        # the first series' value of each month: a reported figure is marked where it differs
        series_vals: dict[tuple[int, int], float] = {}
        for t, v in zip(values["period_start"], values["value"], strict=False):
            series_vals.setdefault(month_key(t), float(v))
        shown, cats, diffs, hovers = [], [], [], []
        for t, v, text, e, u, s, src in zip(
            reported["period_start"],
            reported["value"],
            reported["text"],
            reported["period_end"],
            reported["unit"],
            reported["series"],
            reported["attribution"],
            strict=True,
        ):
            key = month_key(t)
            diff = v - series_vals.get(key, v)
            cats.append(index.get(key, -1))
            shown.append(key in index and series_vals.get(key) != v)
            diffs.append(diff)
            hovers.append(
                hover_text(
                    tr("Reported: {series}").format(series=s),
                    with_unit(text, u),
                    period_text(t, e),
                    src,
                    tr("differs from the series by {difference}").format(
                        difference=fmt_signed(diff)
                    ),
                )
            )
        reported["category"] = cats
        reported["shown"] = shown
        reported["difference"] = diffs
        reported["hover"] = hovers
    points = concat([values, reported])
    legend = [Legend(ref.label, ("series", si)) for si, ref in enumerate(chart.series)]
    legend += highlight_legend(chart, tr("Headline months"))
    if chart.reported:
        legend.append(
            Legend(tr("Reported figure where it differs from the series (line)"), ("foreground",))
        )
    lines, ids = sources_of(b, points)
    return ChartData(
        chart,
        b.as_of,
        categories,
        points,
        obs_table(points),
        tuple(legend),
        events_of(b, chart),
        lines,
        ids,
        series_count=len(chart.series),
        months=tuple(months),
    )
