"""Polls: shares as horizontal bars, with fieldwork, sample, method and source."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from briefing_app.model.types import Briefing, Poll, Tab, fmt_number
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import Theme
from briefing_app.ui.cards import LATER
from briefing_app.ui.tabs.base import TabView


def poll_details(p: Poll, b: Briefing) -> QFrame:
    f = QFrame()
    f.setObjectName("card")
    lay = QVBoxLayout(f)
    lay.setContentsMargins(10, 8, 10, 8)
    if b.is_later(p.fieldwork_end):
        lay.addWidget(plain_label(f"{LATER}: shown for context", "badge_warn", wrap=False))
    lay.addWidget(plain_label(p.question, "chart_title"))
    who = p.pollster + (f", for {p.commissioner}" if p.commissioner else "")
    lines = [
        f"Pollster: {who}",
        f"Fieldwork: {p.fieldwork_text()}",
        f"Sample: {fmt_number(p.sample)} respondents" if p.sample else "Sample: not stated",
        f"Method: {p.method}" if p.method else "Method: not stated",
    ]
    for line in lines:
        lay.addWidget(plain_label(line, ""))
    if p.source:
        lay.addWidget(plain_label(f"Source: {b.attribution(p.source)}", "source"))
    if p.note:
        lay.addWidget(plain_label(p.note, "muted"))
    lay.addStretch(1)
    return f


class PollingTab(TabView):
    def __init__(
        self, tab: Tab, briefing: Briefing, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(tab, briefing, theme, parent)
        shown: set[str] = set()
        for chart in tab.charts:
            row = QHBoxLayout()
            row.setSpacing(14)
            panel = self.add_chart(chart, row)
            if chart.poll in briefing.polls:
                # a bar per answer, with its text above: height follows the number of answers
                n = len(briefing.polls[chart.poll].answers)
                line = theme.font_body * 2.0
                panel.setFixedHeight(int(130 + line * 3.4 * n + line * len(panel.source_lines)))
            if chart.poll and chart.poll in briefing.polls:
                d = poll_details(briefing.polls[chart.poll], briefing)
                d.setMaximumWidth(460)
                row.addWidget(d)
                shown.add(chart.poll)
            self.body.addLayout(row)
        for pid in tab.polls:
            if pid not in shown:
                self.body.addWidget(poll_details(briefing.polls[pid], briefing))
        self.add_quotes_and_claims()
        self.body.addStretch(1)


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("polling")
