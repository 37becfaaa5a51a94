"""A topic tab: takeaway, charts with source lines, checks, attribution notes and quotes."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from briefing_app.model.types import Briefing, Tab
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import Theme
from briefing_app.ui.cards import check_card, claim_card, quote_card
from briefing_app.ui.tabs.base import TabView, TwoColumns


class TopicTab(TabView):
    def __init__(
        self, tab: Tab, briefing: Briefing, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(tab, briefing, theme, parent)
        self.columns = TwoColumns(theme.font_body)
        left = QVBoxLayout()
        left.setSpacing(14)
        for chart in tab.charts:
            self.add_chart(chart, left)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(8)
        self.check_cards = []
        if tab.checks:
            right.addWidget(plain_label("Checks: reported against computed", "section"))
            for cid in tab.checks:
                card = check_card(briefing.checks[cid], briefing)
                self.check_cards.append(card)
                right.addWidget(card)
        if tab.claims:
            right.addWidget(plain_label("Attribution notes", "section"))
            for cid in tab.claims:
                right.addWidget(claim_card(briefing.claims[cid], briefing))
        self.quote_cards = []
        if tab.quotes:
            right.addWidget(plain_label("Quotes", "section"))
            for qid in tab.quotes:
                card = quote_card(briefing.quotes[qid], briefing)
                self.quote_cards.append(card)
                right.addWidget(card)
        right.addStretch(1)
        if tab.charts:
            self.columns.addLayout(left, 3)
        if right.count() > 1:
            self.columns.addLayout(right, 2)
        self.body.addLayout(self.columns, 1)

    def resizeEvent(self, event) -> None:
        self.columns.fit(event.size().width())
        self._fit_charts(event.size().height())
        super().resizeEvent(event)

    def showEvent(self, event) -> None:
        self._fit_charts(self.height())
        super().showEvent(event)

    def _fit_charts(self, height: int) -> None:
        """Charts share the visible height (two at most per screen), not the column's."""
        if not self.chart_panels:
            return
        width = self.viewport().width() - 32
        top = self.takeaway.heightForWidth(width) if hasattr(self, "takeaway") else 0
        margins = self.body.contentsMargins()
        free = height - top - margins.top() - margins.bottom() - 3 * self.body.spacing()
        # smallest legible panel: grows with the theme's type (projector themes are larger)
        smallest = int(320 * self.theme.font_body / 11)
        per = free // 2 if len(self.chart_panels) > 1 and free // 2 >= smallest else free
        for panel in self.chart_panels:
            panel.setFixedHeight(max(smallest, per))


if __name__ == "__main__":  # preview on the bundled briefing
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("topic")
