"""A topic tab: the takeaway, then the charts on the left and the tab's other sections
(checks, attribution notes, quotes, ...) on the right; stacked when the window is narrow."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from briefing_app.ui.tabs.base import TabView, TwoColumns


class TopicTab(TabView):
    def arrange(self) -> None:
        self.columns = TwoColumns(self.theme.font_body)
        left = QVBoxLayout()
        left.setSpacing(14)
        right = QVBoxLayout()
        right.setSpacing(8)
        for section in self.plan.sections:
            self.add_section(section, left if section.key == "charts" else right)
        left.addStretch(1)
        right.addStretch(1)
        if left.count() > 1:
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
        panels = [p for p in self.chart_panels if p.data.kind not in ("poll", "timeline")]
        if not panels:
            return
        width = self.viewport().width() - 32
        top = self.takeaway.heightForWidth(width) if hasattr(self, "takeaway") else 0
        margins = self.body.contentsMargins()
        free = height - top - margins.top() - margins.bottom() - 3 * self.body.spacing()
        # smallest legible panel: grows with the theme's type (projector themes are larger)
        smallest = int(320 * self.theme.font_body / 11)
        per = free // 2 if len(panels) > 1 and free // 2 >= smallest else free
        for panel in panels:
            # a map needs the screen's height, and more room than a chart for its slider
            # and source lines: its land, labels and key at a legible size
            if panel.data.kind == "map":
                panel.setFixedHeight(max(int(smallest * 1.4), free))
            else:
                panel.setFixedHeight(max(smallest, per))


if __name__ == "__main__":  # preview on the bundled briefing
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("topic")
