"""Negotiation positions side by side by topic, with their sources and quotes."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from briefing_app.model.types import Briefing, Tab
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import Theme
from briefing_app.ui.cards import position_card
from briefing_app.ui.tabs.base import TabView


class NegotiationsTab(TabView):
    def __init__(
        self, tab: Tab, briefing: Briefing, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(tab, briefing, theme, parent)
        ids = tab.positions or tuple(briefing.positions)
        positions = [briefing.positions[i] for i in ids]
        parties = list(dict.fromkeys(p.party for p in positions))
        topics = list(dict.fromkeys(p.topic for p in positions))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(plain_label("Topic", "section"), 0, 0)
        for c, party in enumerate(parties, start=1):
            grid.addWidget(plain_label(party, "section"), 0, c)
            grid.setColumnStretch(c, 1)
        for r, topic in enumerate(topics, start=1):
            grid.addWidget(plain_label(topic, "chart_title"), r, 0)
            for c, party in enumerate(parties, start=1):
                cell = [p for p in positions if p.party == party and p.topic == topic]
                if cell:
                    box = QWidget()
                    from PySide6.QtWidgets import QVBoxLayout

                    v = QVBoxLayout(box)
                    v.setContentsMargins(0, 0, 0, 0)
                    for p in cell:
                        v.addWidget(position_card(p, briefing))
                    grid.addWidget(box, r, c)
                else:
                    grid.addWidget(plain_label("No stated position in the sources", "muted"), r, c)
        self.positions_grid = grid
        self.body.addLayout(grid)
        for chart in tab.charts:
            self.add_chart(chart)
        self.add_quotes_and_claims()
        self.body.addStretch(1)


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("negotiations")
