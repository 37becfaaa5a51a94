"""One chart with its title, legend, source lines and a chart/table switch."""

from __future__ import annotations

import html
from collections.abc import Generator, Iterator

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.content.blocks import Block
from briefing_app.content.chartdata import ChartData, describe_chart
from briefing_app.content.chartdata.describe import MAX_DESCRIPTION
from briefing_app.content.text import breakable
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr
from briefing_app.render.charts import build_chart_in_steps
from briefing_app.render.charts.poll import height_for_width as poll_height_for_width
from briefing_app.render.labels import KeptLabel, plain_label
from briefing_app.render.themes import Theme
from briefing_app.ui.accessibility import describe_action, name_menu
from briefing_app.ui.data_table import DataTableView
from briefing_app.ui.map_controls import map_controls


class ChartPanel(QWidget):
    """A chart, switchable to the table of rows behind it."""

    #: emitted with True when the table is shown
    view_changed = Signal(bool)

    def __init__(
        self,
        block: Block,
        briefing: Briefing,
        theme: Theme,
        parent: QWidget | None = None,
        *,
        in_steps: bool = False,
    ) -> None:
        """The panel of *block*'s chart; with *in_steps* only begun: `made_in_steps`
        makes the rest of it (`ChartPanel.in_steps`)."""
        super().__init__(parent)
        assert block.chart is not None, "a chart panel shows a chart block"
        self.block = block
        self.data: ChartData = block.chart
        self.chart = self.data.chart
        self.briefing = briefing
        self.theme = theme
        if not in_steps:
            for _ in self.made_in_steps():
                pass

    @classmethod
    def in_steps(
        cls, block: Block, briefing: Briefing, theme: Theme
    ) -> Generator[None, None, ChartPanel]:
        """A panel made a step at a time, yielding between steps (each a few to ~15 ms:
        pyqtgraph's empty plot, the chart drawn in it, a map's date slider, the lines and
        the description), for a window that must answer a key between them (issue #22).
        The same panel as ``ChartPanel(block, briefing, theme)``."""
        panel = cls(block, briefing, theme, in_steps=True)
        yield from panel.made_in_steps()
        return panel

    def made_in_steps(self) -> Iterator[None]:
        """Make the panel's parts, yielding between steps (see `in_steps`)."""
        chart, theme, block = self.chart, self.theme, self.block
        self.setAccessibleName(tr("Chart panel: {title}").format(title=chart.title))
        self.setProperty("plan_item", f"chart:{chart.id}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)

        top = QHBoxLayout()
        self.title_label = plain_label(chart.title, "chart_title")
        top.addWidget(self.title_label, 1)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setText(tr("Table"))
        self.toggle.setToolTip(
            tr("Switch between the chart and the rows behind it (Ctrl+T: every chart of the tab)")
        )
        self.toggle.setAccessibleName(
            tr("Show the data table of {title}").format(title=chart.title)
        )
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.toggled.connect(self._on_toggle_changed)
        top.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)

        self.content = yield from build_chart_in_steps(self.data, theme)
        self.plot = self.content.plot
        # a map's date slider (None for other charts), made before the event loop lays the
        # plot out: it sets what the window's map shows (one date, moved at will), and the
        # map is drawn once, at its first layout.  Made after, the map was first drawn as
        # the still pair of a slide, 15-30 ms thrown away (issue #22)
        self.controls = map_controls(self.plot)
        yield
        if self.content.legend:
            # one wrapping label, so a long legend flows onto more lines instead of
            # widening the window; series names are escaped (data is never markup)
            items = [
                f'<span style="color:{colour}">■</span>&nbsp;{html.escape(breakable(text))}'
                for text, colour in self.content.legend
            ]
            # painted at every visit to its tab: a label that keeps its picture
            self.legend = KeptLabel()
            self.legend.setTextFormat(Qt.TextFormat.RichText)
            self.legend.setText(" &nbsp;&nbsp; ".join(items))
            self.legend.setObjectName("muted")
            self.legend.setWordWrap(True)
            self.legend.setAccessibleName(
                tr("Legend: {items}").format(
                    items="; ".join(text for text, _ in self.content.legend)
                )
            )
            lay.addWidget(self.legend)

        self.stack = QStackedWidget()
        #: the chart's height as last given (`set_chart_height`); a poll's may grow past it
        self._chart_height = 0
        self.stack.addWidget(self.plot)
        self._table: DataTableView | None = None
        self.stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        lay.addWidget(self.stack, 1)
        if self.controls is not None:
            lay.addWidget(self.controls)
            yield

        self.source_lines = list(self.data.source_lines)
        # the block's lines after its title: the source lines, then the caption
        for line in block.lines[1:]:
            lay.addWidget(plain_label(line.text, "source" if line.role == "source" else "muted"))
        data = self.data
        self.plot.describe_later(lambda: describe_chart(data, max_chars=MAX_DESCRIPTION))
        # the panel is as tall as its parts: a chart of the height it is given, its title,
        # legend and source lines at the height their text takes at the panel's width (a
        # panel of a fixed height cut the chart's axes off when the lines wrapped); room to
        # spare (beside a taller card) goes below them
        lay.addStretch(1)

    def set_chart_height(self, height: int) -> None:
        """The height of the chart (or its table); the panel adds its title and lines.
        A poll's is at least what its answers need, wrapped at the panel's width."""
        self._chart_height = height
        least = poll_height_for_width(self.plot, self.width()) if self.width() > 1 else 0
        self.stack.setFixedHeight(max(self.plot.minimumHeight(), height, least))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # a poll's answers wrap onto more lines as the panel narrows: its chart grows
        # rather than cut them with "…"
        if event.size().width() != event.oldSize().width() and self.data.kind == "poll":
            self.set_chart_height(self._chart_height)

    def chrome_height(self, width: int) -> int:
        """The height of everything but the chart at *width*: title, legend, lines."""
        lay = self.layout()
        m = lay.contentsMargins()
        heights = []
        for i in range(lay.count()):
            item = lay.itemAt(i)
            if item.widget() is self.stack:
                continue
            inner = width - m.left() - m.right()
            heights.append(
                item.heightForWidth(inner) if item.hasHeightForWidth() else item.sizeHint().height()
            )
        return sum(heights) + lay.spacing() * len(heights) + m.top() + m.bottom()

    @property
    def table(self) -> DataTableView:
        """The table view, built on first use."""
        if self._table is None:
            self._table = DataTableView(self.data.table)
            self._table.setAccessibleName(
                tr("Data table of {title}").format(title=self.chart.title)
            )
            self.stack.addWidget(self._table)
            QWidget.setTabOrder(self.toggle, self._table)  # Tab: the button, then its table
        return self._table

    def show_table(self, on: bool) -> None:
        self.toggle.setChecked(on)

    @property
    def table_shown(self) -> bool:
        return self.stack.currentIndex() == 1

    def _on_toggle_changed(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.table if on else self.plot)
        self.toggle.setText(tr("Chart") if on else tr("Table"))
        self.view_changed.emit(on)

    def contextMenuEvent(self, event) -> None:
        menu = QMenu(self)
        name_menu(menu, tr("Chart: {title}").format(title=self.chart.title))
        act = QAction(tr("Show chart") if self.table_shown else tr("Show table"), menu)
        act.triggered.connect(lambda: self.show_table(not self.table_shown))
        describe_action(
            act,
            tr("Show the chart instead of its data")
            if self.table_shown
            else tr("Show the figures behind the chart as a table"),
        )
        menu.addAction(act)
        copy = QAction(tr("Copy data"), menu)
        describe_action(copy, tr("Copy the chart's data as text, to paste into a spreadsheet"))
        copy.triggered.connect(self.copy_data)
        menu.addAction(copy)
        for action in chart_menu_extensions(self, menu):
            menu.addAction(action)
        menu.exec(event.globalPos())

    def copy_data(self) -> None:
        """Copy the rows behind the chart as tab-separated text."""
        frame = self.data.table
        QGuiApplication.clipboard().setText(frame.to_csv(sep="\t", index=False))


def chart_menu_extensions(panel: ChartPanel, menu: QMenu) -> list[QAction]:
    """Extra context-menu actions (exports) for a chart panel."""
    try:
        from briefing_app.ui.chart_actions import actions_for
    except ImportError:
        return []
    return actions_for(panel, menu)
