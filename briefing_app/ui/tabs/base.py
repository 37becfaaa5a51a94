"""What every tab view shares: a scroll area with the takeaway on top, and the widgets of
the plan's sections (a heading, then a chart panel or a card per block, in order).

A tab kind's view only arranges the sections (two columns, a grid of positions, a row
per chart); it never adds or drops an item: `items` lists what it shows, in reading
order, and `tests/ui/test_plan_views.py` holds it to the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from briefing_app.content.blocks import Block
from briefing_app.content.chartdata import ChartData
from briefing_app.content.plan import Section, TabPlan
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import Theme
from briefing_app.ui.cards import card, note_label
from briefing_app.ui.chart_panel import ChartPanel
from briefing_app.ui.prebuild import HEAVY, UNSEEN

#: a part of a tab made a step at a time: yields between steps, returns the part
Part = Generator[None, None, QWidget]

#: a widget's width when nothing limits it (Qt's QWIDGETSIZE_MAX)
QWIDGETSIZE_MAX = (1 << 24) - 1
#: below this width the two columns stack
NARROW = 1250
#: body size NARROW was set for; larger type (projector themes) stacks sooner
NARROW_BODY_PT = 11
#: the widest a card beside its chart gets (a poll's details)
BESIDE_MAX_WIDTH = 460
#: the least height of a chart's plot at NARROW_BODY_PT, axes included
SMALLEST_CHART = 220


class TabView(QScrollArea):
    """Base of the tab views: takeaway, then ``self.body`` (a vertical layout) which the
    subclass fills with the plan's sections (`arrange`)."""

    def __init__(
        self,
        plan: TabPlan,
        briefing: Briefing,
        theme: Theme,
        parent: QWidget | None = None,
        *,
        parts_later: bool = False,
    ) -> None:
        """The tab's view; with *parts_later* each card and chart is a placeholder until
        `build_parts` makes it, one at a time (building ahead in slices, issue #22: a
        chart takes 10-60 ms to make, a tab's cards as much together)."""
        super().__init__(parent)
        #: cards and charts still to make: (make it, its layout, its placeholder)
        self._later: list[tuple[Callable[[], QWidget | Part], QBoxLayout, QWidget]] | None = (
            [] if parts_later else None
        )
        self.plan = plan
        self.tab = plan.tab
        self.briefing = briefing
        self.theme = theme
        self.chart_panels: list[ChartPanel] = []
        #: parts made by `build_parts` so far
        self.parts_made = 0
        #: (kind, id) of every item shown, in reading order
        self.items: list[tuple[str, str]] = []
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # not a Tab stop of its own (it would show no focus): its cards and buttons are,
        # and the keys they leave (PgDn, arrows) still scroll it
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(tr("Tab: {title}").format(title=plan.title))
        self.setAccessibleDescription(plan.takeaway or plan.title)
        # Qt leaves a scroll bar unnamed
        self.verticalScrollBar().setAccessibleName(
            tr("Scroll the tab {title}").format(title=plan.title)
        )
        self.horizontalScrollBar().setAccessibleName(
            tr("Scroll the tab {title} sideways").format(title=plan.title)
        )
        inner = QWidget()
        inner.setObjectName("tab_inner")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(16, 10, 16, 12)
        self.body.setSpacing(8)
        if plan.takeaway:
            self.takeaway = plain_label(plan.takeaway, "takeaway")
            self.takeaway.set_selectable(now=True)  # large type: see PlainLabel.set_selectable
            self.takeaway.setAccessibleName(tr("Takeaway: {text}").format(text=plan.takeaway))
            self.body.addWidget(self.takeaway)
        self.arrange()
        self.setWidget(inner)

    def arrange(self) -> None:
        """Lay out the plan's sections; by default one under the other."""
        for section in self.plan.sections:
            self.add_section(section, self.body)
        self.body.addStretch(1)

    # -- building blocks ------------------------------------------------------------------
    def add_section(self, section: Section, layout: QBoxLayout) -> None:
        """The section's heading, then each of its blocks, into *layout*."""
        if section.title:
            layout.addWidget(plain_label(section.title, "section"))
        for block in section.blocks:
            self.add_block(block, layout)

    def add_block(self, block: Block, layout: QBoxLayout) -> None:
        """A chart panel (with its attached blocks beside it), a card or a note."""
        if block.kind == "chart":
            if block.attached:
                row = QHBoxLayout()
                row.setSpacing(14)
                self.add_chart(block, row)
                for other in block.attached:
                    w = self.add_card(other, row)
                    w.setMaximumWidth(BESIDE_MAX_WIDTH)
                layout.addLayout(row)
            else:
                self.add_chart(block, layout)
        elif block.kind == "note":
            layout.addWidget(note_label(block))
        else:
            self.add_card(block, layout)

    def add_card(self, block: Block, layout: QBoxLayout, **options) -> QWidget:
        """The block's card into *layout* (or its placeholder, with parts later: sizes
        set on it go to the card)."""
        self.items.append((block.kind, block.id))
        w = self._later_or_now(lambda: card(block, **options), layout, 0)
        return w

    def add_chart(self, block: Block, layout: QBoxLayout) -> ChartPanel | None:
        """The chart's panel, into *layout*; a placeholder (None) when charts come later."""
        self.items.append(("chart", block.id))
        # across a row it takes the room its neighbours leave; down a column its own height
        across = layout.direction() in (
            QBoxLayout.Direction.LeftToRight,
            QBoxLayout.Direction.RightToLeft,
        )
        # a chart's placeholder holds its room: the parts under it stay where they will be
        w = self._later_or_now(
            (lambda: self._chart_panel(block))
            if self._later is None
            else (lambda: self._chart_steps(block)),
            layout,
            1 if across else 0,
            height=chart_height(block.chart, self.theme) if block.chart is not None else 0,
        )
        return w if isinstance(w, ChartPanel) else None

    def _later_or_now(
        self, make: Callable[[], QWidget | Part], layout: QBoxLayout, stretch: int, height: int = 0
    ):
        """*make()* into *layout* now, or a placeholder for it (*height* high) when parts
        come later."""
        if self._later is not None:
            w = QWidget()
            w.setMinimumHeight(height)
        else:
            w = make()
        layout.addWidget(w, stretch)
        if self._later is not None:
            self._later.append((make, layout, w))
        return w

    def _chart_panel(self, block: Block) -> ChartPanel:
        panel = ChartPanel(block, self.briefing, self.theme)
        panel.set_chart_height(chart_height(panel.data, self.theme))
        self.chart_panels.append(panel)
        return panel

    def _chart_steps(self, block: Block) -> Part:
        """`_chart_panel` a step at a time (`ChartPanel.in_steps`)."""
        panel = yield from ChartPanel.in_steps(block, self.briefing, self.theme)
        panel.set_chart_height(chart_height(panel.data, self.theme))
        self.chart_panels.append(panel)
        return panel

    def build_parts(self, in_sight: Callable[[QWidget], bool] | None = None) -> Iterator[object]:
        """Make the cards and charts left for later, in reading order, yielding after each
        (and between the steps of a chart's).  Before each step of a part made in steps
        it yields `HEAVY`: the part comes to tens of milliseconds, so a view asked for is
        shown before it, not after (`Prebuilder.show_soon`).

        With *in_sight* (a placeholder → whether the view shows it unscrolled), the parts
        out of sight are made after the others: between the two it yields `UNSEEN`, where
        a view built ahead rests until it is shown (a long tab's lower charts were most of
        the work after the first paint, for a screen that may never show them; issue #22)."""
        later, self._later = self._later or [], None
        unseen = []
        for item in later:
            if in_sight is not None and not in_sight(item[2]):
                unseen.append(item)
                yield  # the check may have laid the view out: a slice of its own
                continue
            yield from self._make_part(*item)
        if unseen:
            yield UNSEEN
            for item in unseen:
                yield from self._make_part(*item)

    def _make_part(
        self, make: Callable[[], QWidget | Part], layout: QBoxLayout, placeholder: QWidget
    ) -> Iterator[object]:
        """Make a part and put it in its placeholder's place (`build_parts`)."""
        made = make()
        if isinstance(made, Generator):
            while True:  # HEAVY before each of its steps
                yield HEAVY
                try:
                    next(made)
                except StopIteration as done:
                    w = done.value
                    break
        else:
            w = made
        # the placeholder's place and stretch in its layout go to the part, and the
        # widest it may be (a card beside a chart)
        if placeholder.maximumWidth() < QWIDGETSIZE_MAX:
            w.setMaximumWidth(placeholder.maximumWidth())
        layout.replaceWidget(placeholder, w)
        placeholder.setParent(None)  # Python's now: gone with the last reference
        # styled in its place before it is measured (a chart's panel is fitted to the
        # window from the height of its lines), not after: else measured again
        for x in (w, *w.findChildren(QWidget)):
            x.ensurePolished()
        self.parts_made += 1
        self.part_made(w)
        yield

    def part_made(self, part: QWidget) -> None:
        """*part* has just taken its placeholder's place (`build_parts`): a view that fits
        its parts to the window fits this one too (it may be on screen already)."""


def smallest_chart(theme: Theme) -> int:
    """The least height of a chart's plot, axes included: grows with the theme's type."""
    return int(SMALLEST_CHART * theme.font_body / NARROW_BODY_PT)


def chart_height(data: ChartData, theme: Theme) -> int:
    """The height of a chart's plot before a tab fits it to the window."""
    line = theme.font_body * 2.0
    if data.kind == "poll" and data.poll is not None:
        # a bar per answer, with its text above: height follows the number of answers
        return int(70 + line * 3.4 * len(data.poll.answers))
    if data.kind == "timeline":
        return max(260, 56 * len(data.events) + int(line * 2))
    return max(smallest_chart(theme), int(theme.font_body * 20))


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
