"""The rows a chart draws, built from observations, and the helpers the chart kinds
share: categories by month, highlight, events, legend entries, sources, hover text."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from briefing_app.content.chartdata.data import OBS_COLUMNS, REPORTED, EventMark, Legend
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_period, fmt_value
from briefing_app.model.i18n import language, tr
from briefing_app.model.types import Chart

POINT_COLUMNS = (
    "series",
    "series_index",
    "role",
    "category",
    "x",
    "period_start",
    "period_end",
    "value",
    "unit",
    "qualifier",
    "decimals",
    "text",
    "status",
    "id",
    "note",
    "attribution",
    "cites",
    "highlight",
    "later",
    "shown",
    "difference",
    "hover",
)


#: `fmt_period` remembered: a chart's thousands of points share a few dozen periods, and
#: the text of each (a hover, a label) cost a chart of 2,860 points 0.1 s
_period_text = functools.lru_cache(maxsize=65_536)(lambda start, end, lang: fmt_period(start, end))


def period_text(start, end) -> str:
    """`fmt_period` in the current language, remembered."""
    return _period_text(start, end, language())


def period_texts(starts: pd.Series, ends: pd.Series) -> list[str]:
    """`period_text` of each (start, end), each distinct period formatted once (a chart's
    thousands of points share a few dozen periods; a Timestamp made for each point cost
    more than the text)."""
    a, z = starts.to_numpy(), ends.to_numpy()
    if a.dtype.kind != "M" or z.dtype.kind != "M":  # not plain dates: one at a time
        return [period_text(s, e) for s, e in zip(starts, ends, strict=True)]
    keys = list(zip(a.view("i8").tolist(), z.view("i8").tolist(), strict=True))
    first: dict[tuple[int, int], int] = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)
    text = {k: period_text(starts.iloc[i], ends.iloc[i]) for k, i in first.items()}
    return [text[k] for k in keys]


def month_keys(starts: pd.Series) -> list[tuple[int, int]]:
    """`month_key` of each date, at once."""
    if not len(starts):
        return []
    return list(zip(starts.dt.year.tolist(), starts.dt.month.tolist(), strict=True))


def cell_text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def cites_of(source, via) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for x in (cell_text(source), *cell_text(via).split()) if x))


def hover_text(label: str, value: str, period: str, source: str, extra: str = "") -> str:
    """What pointing at a value shows: series, the value with its unit (as published),
    period, source."""
    lines = [label, value, period]
    if extra:
        lines.append(extra)
    if source:
        lines.append(tr("Source: {source}").format(source=source))
    return "\n".join(x for x in lines if x)


def in_highlight(chart: Chart, start: pd.Timestamp, end: pd.Timestamp) -> bool:
    hl = chart.highlight
    return hl is not None and start.date() >= hl[0] and end.date() <= hl[1]


def highlights(chart: Chart, starts: pd.Series, ends: pd.Series) -> np.ndarray:
    """`in_highlight` of each period, at once: its first day on or after the highlight's
    first, its last on or before the highlight's last."""
    hl = chart.highlight
    if hl is None or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    first = starts.dt.normalize() >= pd.Timestamp(hl[0])
    last = ends.dt.normalize() <= pd.Timestamp(hl[1])
    return (first & last).to_numpy(dtype=bool, na_value=False)


def series_points(
    b: Briefing, chart: Chart, parts: list[tuple[pd.DataFrame, str, int]]
) -> pd.DataFrame:
    """The points of several series of observations, each (its rows, its label, its
    index), one after the other, with the observations' own series (``obs_series``):
    as `observation_points` a series and `concat`, in one frame made once (a frame a
    series cost more than the points of a short one)."""
    parts = [(obs, label, index) for obs, label, index in parts if len(obs)]
    if not parts:
        return empty_points()
    rows = pd.concat([obs for obs, _, _ in parts]) if len(parts) > 1 else parts[0][0]
    labels = [label for obs, label, _ in parts for _ in range(len(obs))]
    indexes = [index for obs, _, index in parts for _ in range(len(obs))]
    points = observation_points(b, rows, chart, labels, indexes, "value")
    points["obs_series"] = rows["series"].astype(str).to_numpy()
    return points


def observation_points(
    b: Briefing,
    obs: pd.DataFrame,
    chart: Chart,
    label: str | Sequence[str] | None,
    index: int | Sequence[int],
    role: str,
) -> pd.DataFrame:
    """Points of observation rows (*label* None: each row's own series; a label and an
    index each, or one for every row)."""
    n = len(obs)
    if label is None:
        labels = list(obs["series"].astype(str))
    else:
        labels = [label] * n if isinstance(label, str) else list(label)
    index_of = [index] * n if isinstance(index, int) else list(index)
    attribution = b.observation_attributions(obs)
    # the dates as they are, not a Timestamp made for each (a chart's thousands of
    # points spent most of their time there)
    starts, ends = obs["period_start"].array, obs["period_end"].array
    qualifier = (
        [cell_text(q) for q in obs["qualifier"].tolist()]
        if "qualifier" in obs.columns
        else [""] * n
    )
    decimals = list(obs["decimals"]) if "decimals" in obs.columns else [None] * n
    values = obs["value"].astype(float).to_numpy()
    cites: dict[tuple, tuple[str, ...]] = {}  # rows share their chains of sources
    chains = zip(obs["source"].tolist(), obs["via"].tolist(), strict=True)
    return pd.DataFrame(
        {
            "series": labels,
            "series_index": index_of,
            "role": [role] * n,
            "category": [-1] * n,
            "x": starts,
            "period_start": starts,
            "period_end": ends,
            "value": values,
            "unit": obs["unit"].astype(str).to_numpy(),
            "qualifier": qualifier,
            "decimals": decimals,
            "text": [
                fmt_value(v, "", q, d)
                for v, q, d in zip(values.tolist(), qualifier, decimals, strict=True)
            ],
            "status": obs["status"].astype(str).to_numpy(),
            "id": obs["id"].astype(str).to_numpy(),
            "note": [cell_text(x) for x in obs["note"].tolist()],
            "attribution": attribution,
            "cites": [
                cites[k] if k in cites else cites.setdefault(k, cites_of(*k)) for k in chains
            ],
            "highlight": highlights(chart, obs["period_start"], obs["period_end"]),
            # after the as-of date: its period ends later, or its source published it later
            "later": list(b.observation_later_flags(obs)) if n else [],
            "shown": [True] * n,
            "difference": [0.0] * n,
            "hover": [""] * n,
        },
        columns=list(POINT_COLUMNS),
    )


def empty_points() -> pd.DataFrame:
    return pd.DataFrame(columns=list(POINT_COLUMNS))


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty_points()


def obs_table(points: pd.DataFrame) -> pd.DataFrame:
    """The table of a chart of observations: a row per value, reported figures labelled."""
    if not len(points):
        return pd.DataFrame(columns=[*OBS_COLUMNS])
    label = [
        tr(REPORTED) + s if r == "reported" else s
        for s, r in zip(points["series"], points["role"], strict=True)
    ]
    table = points[list(OBS_COLUMNS[1:])].copy()
    table.insert(0, "label", label)
    # the series column names whose estimate it is: the observation's own series
    table["series"] = points["obs_series"] if "obs_series" in points.columns else points["series"]
    return table.reset_index(drop=True)


def sources_of(b: Briefing, points: pd.DataFrame, extra_ids: tuple[str, ...] = ()) -> tuple:
    # dicts keep the first-seen order, and find a repeat at once (a list scan per point
    # took a chart of thousands of attributions quadratic time)
    lines: dict[str, None] = {}
    ids: dict[str, None] = {}
    if len(points):
        # each distinct value once first (a line of a million points shares one source)
        lines = dict.fromkeys(a for a in pd.unique(points["attribution"].to_numpy()) if a)
        cited = pd.unique(points["cites"].to_numpy())
        ids = dict.fromkeys(i for cites in cited for i in cites)
    ids.update(dict.fromkeys(i for i in extra_ids if i))
    return tuple(lines), tuple(ids)


def events_of(b: Briefing, chart: Chart) -> tuple[EventMark, ...]:
    out = []
    for eid in chart.events:
        e = b.events.get(eid)
        if e is None:
            continue
        out.append(
            EventMark(
                e.id,
                e.date,
                e.title,
                e.description,
                tuple(b.source_name(s) for s in e.sources),
                b.is_later(e.date),
            )
        )
    return tuple(out)


def month_key(ts: pd.Timestamp) -> tuple[int, int]:
    return (ts.year, ts.month)


def highlight_legend(chart: Chart, words: str) -> tuple[Legend, ...]:
    hl = chart.highlight
    if hl is None:
        return ()
    period = fmt_period(pd.Timestamp(hl[0]), pd.Timestamp(hl[1]))
    return (Legend(f"{words} ({period})", ("highlight",)),)
