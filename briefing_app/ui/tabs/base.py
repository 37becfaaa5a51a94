"""Shared frame of every tab: a scroll area with the takeaway on top."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QScrollArea, QVBoxLayout, QWidget

from briefing_app.model.types import Briefing, Tab
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import Theme
from briefing_app.ui.chart_panel import ChartPanel

#: below this width the two columns stack
NARROW = 1250
#: body size NARROW was set for; larger type (projector themes) stacks sooner
NARROW_BODY_PT = 11


class TabView(QScrollArea):
    """Base of the tab views: takeaway, then ``self.body`` (a vertical layout)."""

    def __init__(
        self, tab: Tab, briefing: Briefing, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tab = tab
        self.briefing = briefing
        self.theme = theme
        self.chart_panels: list[ChartPanel] = []
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(f"Tab: {tab.title}")
        inner = QWidget()
        inner.setObjectName("tab_inner")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(16, 10, 16, 12)
        self.body.setSpacing(8)
        if tab.takeaway:
            self.takeaway = plain_label(tab.takeaway, "takeaway")
            self.takeaway.set_selectable(now=True)  # large type: see PlainLabel.set_selectable
            self.takeaway.setAccessibleName(f"Takeaway: {tab.takeaway}")
            self.body.addWidget(self.takeaway)
        self.setWidget(inner)

    def section(self, text: str) -> None:
        self.body.addWidget(plain_label(text, "section"))

    def add_quotes_and_claims(self) -> None:
        """The tab's quotes, then its attribution notes, each under a heading."""
        from briefing_app.ui.cards import claim_card, quote_card

        if self.tab.quotes:
            self.section("Quotes")
            for qid in self.tab.quotes:
                self.body.addWidget(quote_card(self.briefing.quotes[qid], self.briefing))
        if self.tab.claims:
            self.section("Attribution notes")
            for cid in self.tab.claims:
                self.body.addWidget(claim_card(self.briefing.claims[cid], self.briefing))

    def add_chart(self, chart, layout=None) -> ChartPanel:
        panel = ChartPanel(chart, self.briefing, self.theme)
        panel.setMinimumHeight(max(300, int(self.theme.font_body * 26)))
        self.chart_panels.append(panel)
        (layout or self.body).addWidget(panel, 1)
        return panel


class TwoColumns(QBoxLayout):
    """Side by side when wide, stacked when narrow."""

    def __init__(self, body_pt: float = NARROW_BODY_PT) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight)
        self.narrow = int(NARROW * max(1.0, body_pt / NARROW_BODY_PT))
        self.setSpacing(16)

    def fit(self, width: int) -> None:
        want = (
            QBoxLayout.Direction.TopToBottom
            if width < self.narrow
            else QBoxLayout.Direction.LeftToRight
        )
        if self.direction() != want:
            self.setDirection(want)
