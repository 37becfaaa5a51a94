"""A chart's data in words: what a screen reader says for a chart.

"Bars, people. General Staff monthly: May 2024 38,940; … Nov 2024 45,720 people —
Source: Ukrainian General Staff. Nov 2024 reported by Source article as 45,680 people,
−40 against the series — Source: …".  One function for every chart kind, from the
chart's `ChartData` alone (no Qt), so that the window's accessible description, the
handout or the Markdown export can say the same thing.  In the language of the
interface (`model.i18n`), numbers and dates written its way (`model.fmt`).

A description longer than a screen reader can usefully read out (*max_chars*, the
window's `MAX_DESCRIPTION`) is summarised, never cut mid-word: each series says its
first values and how many more there are, fewer events are listed, and the end says
that the full data is in the chart's data table.
"""

from __future__ import annotations

import pandas as pd

from briefing_app.content.chartdata.data import REPORTED, ChartData, figures
from briefing_app.model.fmt import fmt_date, fmt_number, fmt_period, fmt_signed, with_unit
from briefing_app.model.i18n import N_, language, ntr, tr

#: what each chart kind is, said first (every kind of `model.kinds.CHART_KINDS`)
KIND_WORDS: dict[str, str] = {
    "bar": N_("Bars"),
    "grouped_bar": N_("Bars side by side"),
    "comparison": N_("Bars compared"),
    "line": N_("Lines"),
    "poll": N_("Poll"),
    "timeline": N_("Timeline"),
    "map": N_("Map"),
}
#: events listed in full on a chart's time axis; more are counted
MAX_EVENTS = 12
#: the longest description the window and the slides give a chart (characters): a
#: screen reader reads a description in one go, and past this a listener is better
#: served by the chart's data table, which the summary points to
MAX_DESCRIPTION = 2000
#: the values each series says, then the events listed, as a long description is
#: summarised step by step (`describe_chart`)
_SUMMARY_STEPS = ((12, 8), (6, 5), (3, 3), (1, 1))


#: lines of figures said at most (a series and source each), then how many more there are
MAX_LINES = 40


def describe_chart(data: ChartData, max_listed: int = 40, max_chars: int | None = None) -> str:
    """*data* in words: the kind of chart and its unit, every figure it draws with its
    period and source (a long series summarised), reported figures against the series,
    the highlighted period and the events marked.

    With *max_chars*, a longer description is summarised to fit (see the module).  Said
    once per chart, length and language (the window and a slide each ask for it)."""
    key = ("describe", max_listed, max_chars, language())
    if key not in data._cache:
        data._cache[key] = _described(data, max_listed, max_chars)
    return data._cache[key]


def _described(data: ChartData, max_listed: int, max_chars: int | None) -> str:
    text = _describe(data, max_listed, None, MAX_EVENTS)
    if max_chars is None or len(text) <= max_chars:
        return text
    note = tr("The full data is in the chart's data table.")
    for points, events in _SUMMARY_STEPS:
        text = _describe(data, max_listed, points, events)
        if len(text) + 1 + len(note) <= max_chars:
            return f"{text}\n{note}"
    # still too long (many series, or long names): whole lines while they fit, then
    # how many were left out
    lines = text.split("\n")
    kept: list[str] = []
    for k, line in enumerate(lines):
        rest = len(lines) - k
        tail = ntr("… and {n} more line. {note}", "… and {n} more lines. {note}", rest).format(
            n=fmt_number(rest), note=note
        )
        if len("\n".join([*kept, line, tail])) > max_chars:
            if not kept:  # even the first line is too long: its words up to the limit
                room = max(0, max_chars - len(tail) - 2)
                kept.append(line[:room].rsplit(" ", 1)[0] + " …")
                rest = len(lines) - 1
                tail = ntr(
                    "… and {n} more line. {note}", "… and {n} more lines. {note}", rest
                ).format(n=fmt_number(rest), note=note)
            return "\n".join([*kept, tail if rest else note])
        kept.append(line)
    return "\n".join(kept)  # pragma: no cover - the loop returns once the text is too long


def _describe(data: ChartData, max_listed: int, max_points: int | None, max_events: int) -> str:
    parts = [_lead(data)]
    if data.kind == "poll":
        parts += _poll(data)
    elif data.kind == "timeline":
        parts += _events(data, tr("Events"), max_events)
    else:
        reported = tr(REPORTED)
        parts += [
            f.text
            for f in figures(data, max_listed, max_lines=MAX_LINES, max_points=max_points)
            if not f.label.startswith(reported)
        ]
        parts += _reported(data)
        if data.highlight is not None:
            parts.append(tr("Highlighted: {period}.").format(period=fmt_period(*data.highlight)))
        if data.kind != "map":  # a map's events are among its figures, with their places
            parts += _events(data, tr("Events marked"), max_events)
    return "\n".join(p for p in parts if p)


def _lead(data: ChartData) -> str:
    """The kind of chart and what its values measure: "Bars, people."."""
    kind = KIND_WORDS.get(data.kind)
    words = tr(kind) if kind else data.kind.replace("_", " ").capitalize()
    units = []
    if len(data.points):
        units = [u for u in pd.unique(data.points["unit"].astype(str).to_numpy()) if u]
    what = data.y_label or ", ".join(units)
    if data.kind == "poll":  # its shares are said with each answer
        what = ""
    elif data.kind == "map" and data.legend:
        what = tr("showing {legend}").format(legend="; ".join(e.text for e in data.legend))
    if not what:
        return tr("{kind}.").format(kind=words)
    return tr("{kind}, {what}.").format(kind=words, what=what)


def _poll(data: ChartData) -> list[str]:
    poll = data.poll
    if poll is None:
        return [tr("No poll data.")]
    head = f"{poll.pollster}: {poll.question}" if poll.pollster else poll.question
    head = head if head.endswith((".", "?", "!")) else head + "."
    if poll.sample:
        field = ntr(
            "Fieldwork {dates}, {n} respondent.",
            "Fieldwork {dates}, {n} respondents.",
            int(poll.sample),
        ).format(dates=poll.fieldwork_text(), n=fmt_number(poll.sample))
    else:
        field = tr("Fieldwork {dates}.").format(dates=poll.fieldwork_text())
    answers = "; ".join(f"{a.answer}: {a.share_text}" for a in poll.answers)
    source = tr("Source: {source}").format(source=data.source_lines[0]) if data.source_lines else ""
    return [f"{head} {field}", f"{answers}.", source]


def _reported(data: ChartData) -> list[str]:
    """Each reported figure that differs from its series, said against it."""
    out = []
    for row in data.reported.itertuples(index=False):
        when = (
            fmt_period(row.period_start, row.period_end)
            if not pd.isna(row.period_start)
            else fmt_date(row.x)
        )
        values = dict(when=when, series=row.series, figure=with_unit(str(row.text), str(row.unit)))
        diff = getattr(row, "difference", None)
        if diff is not None and not pd.isna(diff) and diff:
            text = tr("{when} reported by {series} as {figure}, {difference} against the series")
            values["difference"] = fmt_signed(diff)
        else:
            text = tr("{when} reported by {series} as {figure}")
        text = text.format(**values)
        if row.attribution:
            text = tr("{figures} — Source: {source}").format(figures=text, source=row.attribution)
        out.append(text + ".")
    return out


def _events(data: ChartData, what: str, max_events: int = MAX_EVENTS) -> list[str]:
    events = data.events
    if not events:
        return [tr("{what}: none.").format(what=what)] if data.kind == "timeline" else []
    later = tr("{date} {title} (later than the as-of date)")
    listed = "; ".join(
        (later if e.later else "{date} {title}").format(date=fmt_date(e.date), title=e.title)
        for e in events[:max_events]
    )
    if len(events) > max_events:
        more = len(events) - max_events
        listed = ntr("{listed}; and {n} more", "{listed}; and {n} more", more).format(
            listed=listed, n=fmt_number(more)
        )
    first, last = min(e.date for e in events), max(e.date for e in events)
    as_of = fmt_date(data.as_of)
    if len(events) > 1:
        head = ntr(
            "{what} ({n} from {first} to {last}; as of {as_of})",
            "{what} ({n} from {first} to {last}; as of {as_of})",
            len(events),
        ).format(
            what=what,
            n=fmt_number(len(events)),
            first=fmt_date(first),
            last=fmt_date(last),
            as_of=as_of,
        )
    else:
        head = tr("{what} (1; as of {as_of})").format(what=what, as_of=as_of)
    return [tr("{head}: {listed}.").format(head=head, listed=listed)]
