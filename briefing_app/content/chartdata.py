"""What one chart shows, computed once: the values it draws, their categories, the events
it marks, its legend and its sources.

The painter (`briefing_app.render.charts`), the table behind a chart in the window, the
CSV export and the figures printed under a chart in the handout and in Markdown all read
this one object, so they cannot disagree about a value, a period or a source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from briefing_app.model.types import (
    Briefing,
    Chart,
    Poll,
    fmt_date,
    fmt_number,
    fmt_period,
    fmt_signed,
    fmt_value,
    with_unit,
)

#: the text of a reported figure's row label: "Reported: <series>"
REPORTED = "Reported: "
#: a series table's values get their text (`ChartData.points`) up to this many rows
MAX_TEXT = 200
#: the columns of a chart's table (window, CSV) for charts of observations, in order
OBS_COLUMNS = (
    "label",
    "id",
    "period_start",
    "period_end",
    "value",
    "unit",
    "series",
    "status",
    "qualifier",
    "later",
    "note",
    "attribution",
)


@dataclass(frozen=True)
class Legend:
    """One legend entry: its text and the colour it names (``("series", i)``,
    ``("highlight",)`` or ``("foreground",)``, resolved by the theme when drawn)."""

    text: str
    colour: tuple


@dataclass(frozen=True)
class EventMark:
    """An event marked on a chart's time axis."""

    id: str
    date: dt.date
    title: str
    description: str
    source_names: tuple[str, ...]
    later: bool

    @property
    def hover(self) -> str:
        text = f"{self.date.isoformat()}: {self.title}\n{self.description}\n"
        text += f"Source: {', '.join(self.source_names)}"
        return text.replace("\n\n", "\n")


@dataclass(frozen=True)
class ChartData:
    """One chart's data.

    ``points`` has one row per value drawn, in drawing order, with the columns
    ``series`` (the series' label), ``series_index`` (its place in the chart's series,
    which picks its colour), ``role`` ("value", or "reported" for a reported figure
    marked on a bar chart), ``category`` (index into `categories`, or -1), ``x`` (the
    date of a point on a time axis), ``period_start``, ``period_end``, ``value``,
    ``unit``, ``qualifier``, ``decimals`` (as published, or None), ``text`` (the value
    as its source published it, qualifier and decimals, without unit: "over 6,000"),
    ``status``, ``id`` (the observation's id, or ""),
    ``note``, ``attribution`` (who said it and through whom), ``cites`` (the source ids
    behind it), ``highlight`` (inside the chart's highlighted period), ``later`` (after
    the briefing's as-of date), ``shown`` (drawn: a reported figure equal to its
    series' value is not), ``difference`` (a reported figure less its series' value)
    and ``hover`` (the text shown when pointing at it).
    """

    chart: Chart
    as_of: dt.date
    categories: tuple[str, ...]
    points: pd.DataFrame
    #: the chart's table as the window and the CSV export show it
    table: pd.DataFrame
    legend: tuple[Legend, ...] = ()
    events: tuple[EventMark, ...] = ()
    #: "who said it" lines of everything drawn, each once, in order
    source_lines: tuple[str, ...] = ()
    #: the source ids behind everything drawn, each once, in order
    source_ids: tuple[str, ...] = ()
    poll: Poll | None = None
    #: a chart of several series on one axis (grouped bars, several sources compared)
    by_series: bool = False
    #: bars of several series side by side: how many
    series_count: int = 0
    #: (year, month) of each category of a bar chart, for placing events between them
    months: tuple[tuple[int, int], ...] = ()
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def kind(self) -> str:
        return self.chart.kind

    @property
    def id(self) -> str:
        return self.chart.id

    @property
    def title(self) -> str:
        return self.chart.title

    @property
    def caption(self) -> str:
        return self.chart.caption

    @property
    def y_label(self) -> str:
        return self.chart.y_label

    @property
    def highlight(self) -> tuple[dt.date, dt.date] | None:
        return self.chart.highlight

    @cached_property
    def values(self) -> pd.DataFrame:
        """The points that are values of a series (not reported figures)."""
        pts = self.points
        return pts[pts["role"] == "value"] if len(pts) else pts

    @cached_property
    def reported(self) -> pd.DataFrame:
        """Reported figures marked on the chart where they differ from the series."""
        pts = self.points
        if not len(pts):
            return pts
        return pts[(pts["role"] == "reported") & pts["shown"]]

    def describe(self) -> str:
        """The chart's data in words (the accessible description of the chart)."""
        return "\n".join(figure_lines(self))


@dataclass(frozen=True)
class Figures:
    """The figures of one series of a chart in words, and whom they come from."""

    label: str
    values: str
    attribution: str
    cites: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        head = f"{self.label}: {self.values}" if self.label else self.values
        return f"{head} — Source: {self.attribution}" if self.attribution else head


def figures(data: ChartData, max_listed: int = 40) -> list[Figures]:
    """The figures behind a chart, one entry per series and source: "Sep 2024 100;
    Oct 2024 120 people".  A series of more than *max_listed* values is summarised
    (count, period, lowest and highest)."""
    if data.kind == "poll":
        poll = data.poll
        if poll is None:
            return [Figures("", "No poll data.", "")]
        vals = "; ".join(f"{a.answer}: {a.share_text}" for a in poll.answers)
        src = data.source_lines[0] if data.source_lines else ""
        return [Figures("Figures", vals, src, data.source_ids)]
    if data.kind == "timeline":
        vals = "; ".join(f"{fmt_date(e.date)} {e.title}" for e in data.events)
        return [Figures("Events", vals or "none", "")]
    pts = data.points
    if not len(pts):
        return [Figures("", "No data behind this chart.", "")]
    out = []
    for (label, attribution), rows in pts.groupby(["series", "attribution"], sort=False):
        label = REPORTED + str(label) if rows["role"].iloc[0] == "reported" else str(label)
        unit = str(rows["unit"].iloc[0])
        if len(rows) > max_listed:
            v = rows["value"].astype(float)
            when = fmt_period(rows["x"].min(), rows["x"].max())
            vals = (
                f"{len(rows):,} values, {when}, from {fmt_number(v.min())} "
                f"to {fmt_number(v.max())} {unit}"
            )
        else:
            parts = []
            for start, end, x, text in zip(
                rows["period_start"], rows["period_end"], rows["x"], rows["text"], strict=True
            ):
                when = fmt_period(start, end) if not pd.isna(start) else fmt_date(x)
                parts.append(f"{when} {text}".strip())
            vals = with_unit("; ".join(parts), unit)
        out.append(Figures(label, vals, str(attribution), tuple(rows["cites"].iloc[0])))
    return out


def figure_lines(data: ChartData, max_listed: int = 40) -> list[str]:
    """`figures` as plain lines: "GS monthly: Sep 2024 100; Oct 2024 120 people — Source: GS"."""
    return [f.text for f in figures(data, max_listed)]


# -- building -------------------------------------------------------------------------


_POINT_COLUMNS = (
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


def chart_data(b: Briefing, chart: Chart) -> ChartData:
    """The `ChartData` of *chart* in briefing *b*."""
    return _BUILDERS[chart.kind](b, chart)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _cites(source, via) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for x in (_text(source), *_text(via).split()) if x))


def hover_text(label: str, value: str, period: str, source: str, extra: str = "") -> str:
    """What pointing at a value shows: series, the value with its unit (as published),
    period, source."""
    lines = [label, value, period]
    if extra:
        lines.append(extra)
    if source:
        lines.append(f"Source: {source}")
    return "\n".join(x for x in lines if x)


def _in_highlight(chart: Chart, start: pd.Timestamp, end: pd.Timestamp) -> bool:
    hl = chart.highlight
    return hl is not None and start.date() >= hl[0] and end.date() <= hl[1]


def _observation_points(
    b: Briefing, obs: pd.DataFrame, chart: Chart, label: str | None, index: int, role: str
) -> pd.DataFrame:
    """Points of observation rows (*label* None: each row's own series)."""
    n = len(obs)
    labels = list(obs["series"].astype(str)) if label is None else [label] * n
    attribution = b.observation_attributions(obs)
    starts, ends = list(obs["period_start"]), list(obs["period_end"])
    qualifier = [_text(q) for q in obs["qualifier"]] if "qualifier" in obs.columns else [""] * n
    decimals = list(obs["decimals"]) if "decimals" in obs.columns else [None] * n
    values = obs["value"].astype(float).to_numpy()
    return pd.DataFrame(
        {
            "series": labels,
            "series_index": [index] * n,
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
                fmt_value(v, "", q, d) for v, q, d in zip(values, qualifier, decimals, strict=True)
            ],
            "status": obs["status"].astype(str).to_numpy(),
            "id": obs["id"].astype(str).to_numpy(),
            "note": [_text(x) for x in obs["note"]],
            "attribution": attribution,
            "cites": [_cites(s, v) for s, v in zip(obs["source"], obs["via"], strict=True)],
            "highlight": [_in_highlight(chart, s, e) for s, e in zip(starts, ends, strict=True)],
            # after the as-of date: its period ends later, or its source published it later
            "later": list(b.observation_later_flags(obs)) if n else [],
            "shown": [True] * n,
            "difference": [0.0] * n,
            "hover": [""] * n,
        },
        columns=list(_POINT_COLUMNS),
    )


def _empty_points() -> pd.DataFrame:
    return pd.DataFrame(columns=list(_POINT_COLUMNS))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else _empty_points()


def _obs_table(points: pd.DataFrame) -> pd.DataFrame:
    """The table of a chart of observations: a row per value, reported figures labelled."""
    if not len(points):
        return pd.DataFrame(columns=[*OBS_COLUMNS])
    label = [
        REPORTED + s if r == "reported" else s
        for s, r in zip(points["series"], points["role"], strict=True)
    ]
    table = points[list(OBS_COLUMNS[1:])].copy()
    table.insert(0, "label", label)
    # the series column names whose estimate it is: the observation's own series
    table["series"] = points["obs_series"] if "obs_series" in points.columns else points["series"]
    return table.reset_index(drop=True)


def _sources(b: Briefing, points: pd.DataFrame, extra_ids: tuple[str, ...] = ()) -> tuple:
    lines: list[str] = []
    ids: list[str] = []
    if len(points):
        for a in points["attribution"]:
            if a and a not in lines:
                lines.append(a)
        for cites in points["cites"]:
            for i in cites:
                if i not in ids:
                    ids.append(i)
    for i in extra_ids:
        if i and i not in ids:
            ids.append(i)
    return tuple(lines), tuple(ids)


def _events(b: Briefing, chart: Chart) -> tuple[EventMark, ...]:
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


def _month_key(ts: pd.Timestamp) -> tuple[int, int]:
    return (ts.year, ts.month)


def _highlight_legend(chart: Chart, words: str) -> tuple[Legend, ...]:
    hl = chart.highlight
    if hl is None:
        return ()
    period = fmt_period(pd.Timestamp(hl[0]), pd.Timestamp(hl[1]))
    return (Legend(f"{words} ({period})", ("highlight",)),)


def _bar(b: Briefing, chart: Chart) -> ChartData:
    frames = []
    for si, ref in enumerate(chart.series):
        obs = b.series_observations(ref)
        pts = _observation_points(b, obs, chart, ref.label, si, "value")
        pts["obs_series"] = obs["series"].astype(str).to_numpy()
        frames.append(pts)
    values = _concat(frames)
    months = sorted({_month_key(t) for t in values["period_start"]}) if len(values) else []
    categories = tuple(pd.Timestamp(year=y, month=m, day=1).strftime("%b %Y") for y, m in months)
    index = {key: i for i, key in enumerate(months)}
    if len(values):
        values["category"] = [index[_month_key(t)] for t in values["period_start"]]
        values["hover"] = [
            hover_text(
                s,
                with_unit(t, u),
                fmt_period(a, z) + (" (later than the briefing's as-of date)" if late else ""),
                src,
            )
            for s, t, u, a, z, late, src in zip(
                values["series"],
                values["text"],
                values["unit"],
                values["period_start"],
                values["period_end"],
                values["later"],
                values["attribution"],
                strict=True,
            )
        ]
    reported = _empty_points()
    if chart.reported:
        rep = b.observation_rows(chart.reported)
        reported = _observation_points(b, rep, chart, None, -1, "reported")
        reported["obs_series"] = rep["series"].astype(str).to_numpy()
        # the first series' value of each month: a reported figure is marked where it differs
        series_vals: dict[tuple[int, int], float] = {}
        for t, v in zip(values["period_start"], values["value"], strict=False):
            series_vals.setdefault(_month_key(t), float(v))
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
            key = _month_key(t)
            diff = v - series_vals.get(key, v)
            cats.append(index.get(key, -1))
            shown.append(key in index and series_vals.get(key) != v)
            diffs.append(diff)
            hovers.append(
                hover_text(
                    f"Reported: {s}",
                    with_unit(text, u),
                    fmt_period(t, e),
                    src,
                    f"differs from the series by {fmt_signed(diff)}",
                )
            )
        reported["category"] = cats
        reported["shown"] = shown
        reported["difference"] = diffs
        reported["hover"] = hovers
    points = _concat([values, reported])
    legend = [Legend(ref.label, ("series", si)) for si, ref in enumerate(chart.series)]
    legend += _highlight_legend(chart, "Headline months")
    if chart.reported:
        legend.append(
            Legend("Reported figure where it differs from the series (line)", ("foreground",))
        )
    lines, ids = _sources(b, points)
    return ChartData(
        chart,
        b.as_of,
        categories,
        points,
        _obs_table(points),
        tuple(legend),
        _events(b, chart),
        lines,
        ids,
        series_count=len(chart.series),
        months=tuple(months),
    )


def _grouped_bar(b: Briefing, chart: Chart) -> ChartData:
    frames = []
    for si, ref in enumerate(chart.series):
        obs = b.series_observations(ref)
        pts = _observation_points(b, obs, chart, ref.label, si, "value")
        pts["obs_series"] = obs["series"].astype(str).to_numpy()
        frames.append(pts)
    points = _concat(frames)
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
            hover_text(s, with_unit(t, u), fmt_period(a, z), src)
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
    lines, ids = _sources(b, points)
    return ChartData(
        chart,
        b.as_of,
        tuple(fmt_period(s, e) for s, e in periods),
        points,
        _obs_table(points),
        tuple(Legend(ref.label, ("series", si)) for si, ref in enumerate(chart.series)),
        _events(b, chart),
        lines,
        ids,
        by_series=True,
        series_count=len(chart.series),
    )


def _comparison(b: Briefing, chart: Chart) -> ChartData:
    rows = b.observation_rows(chart.observations)
    points = _observation_points(b, rows, chart, None, 0, "value")
    points["obs_series"] = points["series"]
    series = list(dict.fromkeys(points["series"]))
    by_series = len(series) > 1
    if len(points):
        points["series_index"] = [series.index(s) for s in points["series"]]
        points["category"] = list(range(len(points)))
        points["hover"] = [
            hover_text(s, with_unit(t, u), fmt_period(a, z), src)
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
    lines, ids = _sources(b, points)
    return ChartData(
        chart,
        b.as_of,
        categories,
        points,
        _obs_table(points),
        tuple(Legend(name, ("series", k if by_series else 0)) for k, name in enumerate(series)),
        _events(b, chart),
        lines,
        ids,
        by_series=by_series,
        series_count=1,
    )


def _line(b: Briefing, chart: Chart) -> ChartData:
    frames = []
    tables = []
    for si, ref in enumerate(chart.series):
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
                    columns=list(_POINT_COLUMNS),
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
            pts = _observation_points(b, obs, chart, ref.label, si, "value")
            frames.append(pts)
            table = _obs_table(pts).rename(columns={"period_start": "x"})
            table["series"] = obs["series"].astype(str).to_numpy()
            tables.append(table)
    points = _concat(frames)
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
    legend += _highlight_legend(chart, "Headline period")
    lines, ids = _sources(b, points)
    events = _events(b, chart)
    if len(points):  # events outside the data's dates are not marked
        lo, hi = points["x"].min(), points["x"].max()
        events = tuple(e for e in events if lo <= pd.Timestamp(e.date) <= hi)
    return ChartData(chart, b.as_of, (), points, table, tuple(legend), events, lines, ids)


def _poll(b: Briefing, chart: Chart) -> ChartData:
    poll = b.polls.get(chart.poll or "")
    if poll is None:
        empty = pd.DataFrame(columns=["answer", "share", "unit", "source"])
        return ChartData(chart, b.as_of, (), _empty_points(), empty)
    src = b.attribution(poll.source)
    n = len(poll.answers)
    cites = (poll.source,) if poll.source else ()
    points = pd.DataFrame(
        {
            "series": [a.answer for a in poll.answers],
            "series_index": [0] * n,
            "role": ["value"] * n,
            "category": list(range(n)),
            "x": [pd.NaT] * n,
            "period_start": [pd.NaT] * n,
            "period_end": [pd.NaT] * n,
            "value": [float(a.share) for a in poll.answers],
            "unit": ["%"] * n,
            "qualifier": [""] * n,
            "decimals": [a.decimals for a in poll.answers],
            "text": [fmt_value(a.share, "", "", a.decimals) for a in poll.answers],
            "status": [""] * n,
            "id": [""] * n,
            "note": [""] * n,
            "attribution": [src] * n,
            "cites": [cites] * n,
            "highlight": [False] * n,
            "later": [b.is_later(poll.fieldwork_end)] * n,
            "shown": [True] * n,
            "difference": [0.0] * n,
            "hover": [
                hover_text(a.answer, a.share_text, f"fieldwork {poll.fieldwork_text()}", src)
                for a in poll.answers
            ],
        },
        columns=list(_POINT_COLUMNS),
    )
    table = pd.DataFrame(
        {
            "answer": [a.answer for a in poll.answers],
            "share": [a.share for a in poll.answers],
            "unit": ["%"] * n,
            "attribution": [src] * n,
        }
    )
    lines = (src,) if src else ()
    return ChartData(
        chart,
        b.as_of,
        tuple(a.answer for a in poll.answers),
        points,
        table,
        (),
        (),
        lines,
        cites,
        poll=poll,
    )


def _timeline(b: Briefing, chart: Chart) -> ChartData:
    events = tuple(sorted(_events(b, chart), key=lambda e: e.date))
    names: list[str] = []
    ids: list[str] = []
    for eid in (e.id for e in events):
        for s in b.events[eid].sources:
            if s not in ids:
                ids.append(s)
            n = b.source_name(s)
            if n not in names:
                names.append(n)
    table = pd.DataFrame(
        {
            "date": [pd.Timestamp(e.date) for e in events],
            "event": [e.title for e in events],
            "description": [e.description for e in events],
            "sources": ["; ".join(e.source_names) for e in events],
        }
    )
    return ChartData(
        chart, b.as_of, (), _empty_points(), table, (), events, tuple(names), tuple(ids)
    )


_BUILDERS = {
    "bar": _bar,
    "grouped_bar": _grouped_bar,
    "comparison": _comparison,
    "line": _line,
    "poll": _poll,
    "timeline": _timeline,
}
