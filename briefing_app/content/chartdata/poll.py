"""Poll chart data: the answers of one poll and their shares, as published."""

from __future__ import annotations

import pandas as pd

from briefing_app.content.chartdata.data import ChartData
from briefing_app.content.chartdata.points import POINT_COLUMNS, empty_points, hover_text
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_value
from briefing_app.model.i18n import tr
from briefing_app.model.types import Chart


def build(b: Briefing, chart: Chart) -> ChartData:
    poll = b.polls.get(chart.poll or "")
    if poll is None:
        empty = pd.DataFrame(columns=["answer", "share", "unit", "source"])
        return ChartData(chart, b.as_of, (), empty_points(), empty)
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
                hover_text(
                    a.answer,
                    a.share_text,
                    tr("fieldwork {dates}").format(dates=poll.fieldwork_text()),
                    src,
                )
                for a in poll.answers
            ],
        },
        columns=list(POINT_COLUMNS),
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
