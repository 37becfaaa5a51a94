"""All events in date order on one axis, with their sources."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import QWidget

from briefing_app.model.types import Briefing, Tab
from briefing_app.render.charts import timeline_plot
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import Theme
from briefing_app.ui.data_table import DataTableView
from briefing_app.ui.tabs.base import TabView


class TimelineTab(TabView):
    def __init__(
        self, tab: Tab, briefing: Briefing, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(tab, briefing, theme, parent)
        self.plot = timeline_plot(briefing, theme)
        self.plot.setMinimumHeight(max(320, 46 * len(briefing.events)))
        self.body.addWidget(self.plot, 2)
        self.body.addWidget(plain_label("Events, in date order", "section"))
        events = sorted(briefing.events.values(), key=lambda e: e.date)
        frame = pd.DataFrame(
            {
                "date": [pd.Timestamp(e.date) for e in events],
                "event": [e.title for e in events],
                "description": [e.description for e in events],
                "sources": ["; ".join(briefing.source_name(s) for s in e.sources) for e in events],
            }
        )
        self.table = DataTableView(frame)
        self.table.setAccessibleName("Events table")
        self.table.setMinimumHeight(min(420, 40 + 30 * len(events)))
        self.body.addWidget(self.table, 1)
        for chart in tab.charts:
            self.add_chart(chart)


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("timeline")
