"""`ChartData`: what one chart shows, computed once, and its figures in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from briefing_app.content.text import NO_SOURCE
from briefing_app.model.fmt import fmt_date, fmt_number, fmt_period, with_unit
from briefing_app.model.i18n import N_, ntr, tr
from briefing_app.model.types import Chart, Poll

REPORTED = N_("Reported: ")
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
        if self.source_names:
            text += tr("Source: {source}").format(source=", ".join(self.source_names))
        else:
            text += tr(NO_SOURCE)
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
    #: a map's layers, places and markers, projected (`chartdata.map.MapData`)
    geo: Any = None
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
        """The points that are values of a series (not reported figures): the points
        themselves when they all are (a copy of a line of a million points is ~150 MB)."""
        pts = self.points
        if not len(pts):
            return pts
        is_value = pts["role"] == "value"
        return pts if is_value.all() else pts[is_value]

    @cached_property
    def reported(self) -> pd.DataFrame:
        """Reported figures marked on the chart where they differ from the series."""
        pts = self.points
        if not len(pts):
            return pts
        return pts[(pts["role"] == "reported") & pts["shown"]]


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
        if not self.attribution:
            return head
        return tr("{figures} — Source: {source}").format(figures=head, source=self.attribution)


#: where the figures a bounded list under a chart leaves out are
FIGURES_ELSEWHERE = N_("the chart's table in the window and the data export (export csv) list them")


def figures(
    data: ChartData,
    max_listed: int = 40,
    max_lines: int | None = None,
    max_points: int | None = None,
) -> list[Figures]:
    """The figures behind a chart, one entry per series and source: "Sep 2024 100;
    Oct 2024 120 people".  A series of more than *max_listed* values is summarised
    (count, period, lowest and highest), and so are a timeline's events; one of more
    than *max_points* (when given) says its first *max_points* values and how many more
    there are.  With *max_lines*, at most that many entries, then one that counts the
    figures of the others and says where they are (a chart whose every figure has a
    source of its own had 2,860 entries)."""
    if data.kind == "poll":
        poll = data.poll
        if poll is None:
            return [Figures("", tr("No poll data."), "")]
        vals = "; ".join(f"{a.answer}: {a.share_text}" for a in poll.answers)
        src = data.source_lines[0] if data.source_lines else ""
        return [Figures(tr("Figures"), vals, src, data.source_ids)]
    if data.kind == "timeline":
        events = data.events
        vals = "; ".join(f"{fmt_date(e.date)} {e.title}" for e in events[:max_listed])
        if len(events) > max_listed:
            more = len(events) - max_listed
            vals += "; " + ntr(
                "… and {n} more event: the tab's list of events has it",
                "… and {n} more events: the tab's list of events has them",
                more,
            ).format(n=fmt_number(more))
        return [Figures(tr("Events"), vals or tr("none"), "")]
    pts = data.points
    if not len(pts):
        return [Figures("", tr("No data behind this chart."), "")]
    out = []
    left_out = 0
    keys = ["series", "attribution"]
    if max_lines is not None:
        # numbered in the order they first appear: only the first groups are gone through
        group = pts.groupby(keys, sort=False).ngroup()
        left_out = int((group >= max_lines).sum())
        pts = pts[group < max_lines]
    for (label, attribution), rows in pts.groupby(keys, sort=False):
        label = tr(REPORTED) + str(label) if rows["role"].iloc[0] == "reported" else str(label)
        unit = str(rows["unit"].iloc[0])
        if len(rows) > max_listed:
            v = rows["value"].astype(float)
            when = fmt_period(rows["x"].min(), rows["x"].max())
            vals = ntr(
                "{n} value, {when}, from {low} to {high} {unit}",
                "{n} values, {when}, from {low} to {high} {unit}",
                len(rows),
            ).format(
                n=fmt_number(len(rows)),
                when=when,
                low=fmt_number(v.min()),
                high=fmt_number(v.max()),
                unit=unit,
            )
        else:
            parts = []
            shown = rows if max_points is None else rows.iloc[:max_points]
            for start, end, x, text in zip(
                shown["period_start"], shown["period_end"], shown["x"], shown["text"], strict=True
            ):
                when = fmt_period(start, end) if not pd.isna(start) else fmt_date(x)
                parts.append(f"{when} {text}".strip())
            vals = with_unit("; ".join(parts), unit)
            if len(shown) < len(rows):
                more = len(rows) - len(shown)
                vals = ntr("{values}; … and {n} more", "{values}; … and {n} more", more).format(
                    values=vals, n=fmt_number(more)
                )
        out.append(Figures(label, vals, str(attribution), tuple(rows["cites"].iloc[0])))
    if left_out:  # never silently: how many, and where they are
        more = ntr(
            "… and {n} more figure, not listed here: {where}",
            "… and {n} more figures, not listed here: {where}",
            left_out,
        )
        out.append(
            Figures("", more.format(n=fmt_number(left_out), where=tr(FIGURES_ELSEWHERE)), "")
        )
    if data.geo is not None:  # a map: the events it marks, and the licences of its data
        out += data.geo.figures()
    return out


def figure_lines(data: ChartData, max_listed: int = 40) -> list[str]:
    """`figures` as plain lines: "GS monthly: Sep 2024 100; Oct 2024 120 people — Source: GS"."""
    return [f.text for f in figures(data, max_listed)]


# -- building -------------------------------------------------------------------------
