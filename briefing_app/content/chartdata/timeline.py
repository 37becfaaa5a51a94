"""Timeline data: the chart's events in date order."""

from __future__ import annotations

import pandas as pd

from briefing_app.content.chartdata.data import ChartData
from briefing_app.content.chartdata.points import empty_points, events_of
from briefing_app.content.text import NO_SOURCE
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr
from briefing_app.model.types import Chart


def build(b: Briefing, chart: Chart) -> ChartData:
    events = tuple(sorted(events_of(b, chart), key=lambda e: e.date))
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
            "sources": ["; ".join(e.source_names) or tr(NO_SOURCE) for e in events],
        }
    )
    return ChartData(
        chart, b.as_of, (), empty_points(), table, (), events, tuple(names), tuple(ids)
    )
