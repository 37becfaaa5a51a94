"""A topic tab: the takeaway, then the charts on the left and the tab's other sections
(checks, attribution notes, quotes, ...) on the right; stacked when the window is narrow."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QVBoxLayout

from briefing_app.ui.tabs.base import TabView, TwoColumns, smallest_chart


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

    #: whether the view has been given a size (laid out, shown or not)
    _sized = False

    def resizeEvent(self, event) -> None:
        self._sized = True
        self.columns.fit(event.size().width())
        self._fit_charts(event.size().height())
        super().resizeEvent(event)

    def showEvent(self, event) -> None:
        self._fit_charts(self.height())
        super().showEvent(event)

    def part_made(self, part) -> None:
        # on screen, or laid out offscreen at the window's size (built ahead and warmed
        # a chart at a time): fitted now, not when first shown
        if part in self.chart_panels and (self.isVisible() or self._sized):
            self._fit_charts(self.height())

    def _fit_charts(self, height: int) -> None:
        """Charts share the visible height (two at most per screen), not the column's;
        each keeps at least its smallest legible plot, axes and all, and its panel grows
        by the lines under it (the tab scrolls)."""
        panels = [p for p in self.chart_panels if p.data.kind not in ("poll", "timeline")]
        if not panels:
            return
        width = self.viewport().width() - 32
        top = self.takeaway.heightForWidth(width) if hasattr(self, "takeaway") else 0
        margins = self.body.contentsMargins()
        free = height - top - margins.top() - margins.bottom() - 3 * self.body.spacing()
        smallest = smallest_chart(self.theme)
        column = self._chart_column_width(width)
        # shared by the tab's charts, those still to be made too: a chart keeps its
        # height as the others come (built ahead, or finished on screen)
        fitted = [
            b for b in self.plan.charts if b.chart and b.chart.kind not in ("poll", "timeline")
        ]
        per = free // 2 if len(fitted) > 1 else free
        for panel in panels:
            # a map needs the screen's height, and more room than a chart for its slider
            # and source lines: its land, labels and key at a legible size
            if panel.data.kind == "map":
                tall = max(int(smallest * 1.4), free - panel.chrome_height(column))
                panel.set_chart_height(tall)
            else:
                panel.set_chart_height(max(smallest, per - panel.chrome_height(column)))

    def _chart_column_width(self, width: int) -> int:
        """The width of the charts' column in a tab *width* wide (before it is laid out)."""
        if self.columns.direction() == QBoxLayout.Direction.TopToBottom:
            return width
        return int((width - self.columns.spacing()) * 3 / 5)


if __name__ == "__main__":  # preview on the bundled briefing
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("topic")
