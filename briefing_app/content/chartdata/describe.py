"""A chart's data in words: what a screen reader says for a chart.

"Bars, people. General Staff monthly: May 2024 38,940; … Nov 2024 45,720 people —
Source: Ukrainian General Staff. Nov 2024 reported by Source article as 45,680 people,
−40 against the series — Source: …".  One function for every chart kind, from the
chart's `ChartData` alone (no Qt), so that the window's accessible description, the
handout or the Markdown export can say the same thing.
"""

from __future__ import annotations

import pandas as pd

from briefing_app.content.chartdata.data import REPORTED, ChartData, figures
from briefing_app.model.fmt import fmt_date, fmt_period, fmt_signed, with_unit
from briefing_app.model.i18n import language

#: what each chart kind is, said first (every kind of `model.kinds.CHART_KINDS`)
KIND_WORDS: dict[str, str] = {
    "bar": "Bars",
    "grouped_bar": "Bars side by side",
    "comparison": "Bars compared",
    "line": "Lines",
    "poll": "Poll",
    "timeline": "Timeline",
    "map": "Map",
}
#: events listed in full on a chart's time axis; more are counted
MAX_EVENTS = 12


#: lines of figures said at most (a series and source each), then how many more there are:
#: the window keeps the first 2,000 characters of a description in any case
MAX_LINES = 40


def describe_chart(data: ChartData, max_listed: int = 40) -> str:
    """*data* in words: the kind of chart and its unit, every figure it draws with its
    period and source (a long series summarised, at most `MAX_LINES` series and sources),
    reported figures against the series, the highlighted period and the events marked.
    Said once per chart and language (the window and a slide each ask for it)."""
    key = ("describe", max_listed, language())
    if key not in data._cache:
        data._cache[key] = _describe(data, max_listed)
    return data._cache[key]


def _describe(data: ChartData, max_listed: int) -> str:
    parts = [_lead(data)]
    if data.kind == "poll":
        parts += _poll(data)
    elif data.kind == "timeline":
        parts += _events(data, "Events")
    else:
        parts += [
            f.text for f in figures(data, max_listed, MAX_LINES) if not f.label.startswith(REPORTED)
        ]
        parts += _reported(data)
        if data.highlight is not None:
            parts.append(f"Highlighted: {fmt_period(*data.highlight)}.")
        if data.kind != "map":  # a map's events are among its figures, with their places
            parts += _events(data, "Events marked")
    return "\n".join(p for p in parts if p)


def _lead(data: ChartData) -> str:
    """The kind of chart and what its values measure: "Bars, people."."""
    words = KIND_WORDS.get(data.kind, data.kind.replace("_", " ").capitalize())
    units = []
    if len(data.points):
        units = [u for u in pd.unique(data.points["unit"].astype(str).to_numpy()) if u]
    what = data.y_label or ", ".join(units)
    if data.kind == "poll":  # its shares are said with each answer
        what = ""
    elif data.kind == "map" and data.legend:
        what = "showing " + "; ".join(e.text for e in data.legend)
    return f"{words}, {what}." if what else f"{words}."


def _poll(data: ChartData) -> list[str]:
    poll = data.poll
    if poll is None:
        return ["No poll data."]
    head = f"{poll.pollster}: {poll.question}" if poll.pollster else poll.question
    head = head if head.endswith((".", "?", "!")) else head + "."
    field = f"Fieldwork {poll.fieldwork_text()}"
    if poll.sample:
        field += f", {poll.sample:,} respondents"
    answers = "; ".join(f"{a.answer}: {a.share_text}" for a in poll.answers)
    source = f"Source: {data.source_lines[0]}" if data.source_lines else ""
    return [f"{head} {field}.", f"{answers}.", source]


def _reported(data: ChartData) -> list[str]:
    """Each reported figure that differs from its series, said against it."""
    out = []
    for row in data.reported.itertuples(index=False):
        when = (
            fmt_period(row.period_start, row.period_end)
            if not pd.isna(row.period_start)
            else fmt_date(row.x)
        )
        text = f"{when} reported by {row.series} as {with_unit(str(row.text), str(row.unit))}"
        diff = getattr(row, "difference", None)
        if diff is not None and not pd.isna(diff) and diff:
            text += f", {fmt_signed(diff)} against the series"
        if row.attribution:
            text += f" — Source: {row.attribution}"
        out.append(text + ".")
    return out


def _events(data: ChartData, what: str) -> list[str]:
    events = data.events
    if not events:
        return [f"{what}: none."] if data.kind == "timeline" else []
    listed = "; ".join(
        f"{fmt_date(e.date)} {e.title}" + (" (later than the as-of date)" if e.later else "")
        for e in events[:MAX_EVENTS]
    )
    more = f"; and {len(events) - MAX_EVENTS} more" if len(events) > MAX_EVENTS else ""
    first, last = min(e.date for e in events), max(e.date for e in events)
    span = f"{len(events)} from {fmt_date(first)} to {fmt_date(last)}" if len(events) > 1 else "1"
    return [f"{what} ({span}; as of {fmt_date(data.as_of)}): {listed}{more}."]
