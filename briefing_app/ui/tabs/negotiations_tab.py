"""Negotiation positions in a grid (a row per topic, a column per party), with what is
not recorded said plainly; then the tab's other sections.

The grid follows the width it has (`PositionsGrid.fit`):

* **table** — wide enough for the topics' column and a column per party, each at least
  `MIN_CARD_CHARS` characters wide: the topic left of its row, the parties over their
  columns (1920x1080);
* **columns** — the topic over its row, across the width, with its note; the parties
  still over their columns (a window of 1024 pixels in the screen theme, four parties);
* **flow** — fewer columns than parties fit: each topic's recorded positions flow in as
  many columns as fit, each under its party's name (a projector theme at 1024 pixels).

No card is squeezed under `MIN_CARD_CHARS` characters a line, unless one column is all
the window has.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLayout, QVBoxLayout, QWidget

from briefing_app.content.plan import Section
from briefing_app.model.i18n import tr
from briefing_app.render.labels import plain_label
from briefing_app.ui.cards import note_label
from briefing_app.ui.tabs.base import TabView

#: the least width of a position's card, in average characters of the body type
MIN_CARD_CHARS = 26
#: ... and of the topics' column in the table
MIN_TOPIC_CHARS = 16
#: the card's padding and border either side (px, `ui.cards.card`)
CARD_PADDING = 24
SPACING = 12
#: the grid's layouts, widest first
TABLE, COLUMNS, FLOW = "table", "columns", "flow"


class NegotiationsTab(TabView):
    def arrange(self) -> None:
        for section in self.plan.sections:
            if section.key == "positions":
                self.positions = PositionsGrid(self, section)
                self.body.addWidget(self.positions)
            else:
                self.add_section(section, self.body)
        self.body.addStretch(1)

    @property
    def positions_grid(self) -> QGridLayout:
        return self.positions.grid

    def resizeEvent(self, event) -> None:
        if hasattr(self, "positions"):
            # the viewport's width once the scroll bar has its place, less the margins
            margins = self.body.contentsMargins()
            bar = self.verticalScrollBar().sizeHint().width()
            self.positions.fit(event.size().width() - bar - margins.left() - margins.right())
        super().resizeEvent(event)


class PositionsGrid(QWidget):
    """The positions of one section: topics by parties, laid out for the width it has."""

    def __init__(self, tab: NegotiationsTab, section: Section) -> None:
        super().__init__()
        positions = [b for b in section.blocks if b.kind == "position"]
        self.parties = list(dict.fromkeys(b.item.party for b in positions))
        self.topics = list(dict.fromkeys(b.group for b in section.blocks))
        # every part is this widget's child from the start: a parentless widget made
        # visible is a window of its own (it flashed on the desktop and took the keyboard
        # focus from the tab bar while this tab was built ahead)
        self.corner = plain_label(tr("Topic"), "section", parent=self)
        self.party_heads = [plain_label(p, "section", parent=self) for p in self.parties]
        #: per topic: its box (title and notes), and its cells: (party index, the cell)
        self.rows: list[tuple[QWidget, list[tuple[int, QWidget, QWidget]]]] = []
        for topic in self.topics:
            head = QWidget(self)
            hv = QVBoxLayout(head)
            hv.setContentsMargins(0, 0, 0, 0)
            hv.addWidget(plain_label(topic, "chart_title"))
            for note in (b for b in section.blocks if b.kind == "note" and b.group == topic):
                hv.addWidget(note_label(note))
            hv.addStretch(1)
            cells = []
            for c, party in enumerate(self.parties):
                here = [b for b in positions if b.group == topic and b.item.party == party]
                if not here:
                    continue  # nothing recorded: the note under the topic says so
                box = QWidget(self)
                v = QVBoxLayout(box)
                v.setContentsMargins(0, 0, 0, 0)
                # the party's name over its cards where no column head says it
                name = plain_label(party, "section")
                v.addWidget(name)
                for block in here:
                    tab.add_card(block, v, skip_heading=True)
                cells.append((c, box, name))
            self.rows.append((head, cells))
        self.mode: tuple[str, int] | None = None
        self.grid = QGridLayout()
        self._place(TABLE, len(self.parties))

    # -- width ----------------------------------------------------------------------------
    def card_width(self) -> int:
        """The least width of a card: `MIN_CARD_CHARS` of the body type, and its padding."""
        return self.fontMetrics().averageCharWidth() * MIN_CARD_CHARS + CARD_PADDING

    def layout_for(self, width: int) -> tuple[str, int]:
        """The grid's layout for *width* pixels, and its number of card columns."""
        n = max(1, len(self.parties))
        card = self.card_width() + SPACING
        topic = self.fontMetrics().averageCharWidth() * MIN_TOPIC_CHARS
        if topic + n * card <= width:
            return TABLE, n
        fit = max(1, min(n, (width + SPACING) // card))
        return (COLUMNS, n) if fit == n else (FLOW, fit)

    def fit(self, width: int) -> None:
        want = self.layout_for(width)
        if want != self.mode:
            self._place(*want)

    def _place(self, mode: str, columns: int) -> None:
        """Put every part where *mode* wants it, in a new grid of *columns* card columns."""
        self.mode = (mode, columns)
        grid = self.grid
        # out of the old grid, its layout items deleted: a widget's size changes reach
        # only the first item made for it while that lives (a later card left its row
        # the height of its placeholder)
        for widget in (self.corner, *self.party_heads):
            grid.removeWidget(widget)
        for head, cells in self.rows:
            grid.removeWidget(head)
            for _, box, _ in cells:
                grid.removeWidget(box)
        fresh = QGridLayout()
        fresh.setHorizontalSpacing(SPACING)
        fresh.setVerticalSpacing(8)
        first = 1 if mode == TABLE else 0  # the card columns' first
        heads = mode != FLOW
        self.corner.setVisible(mode == TABLE)
        if mode == TABLE:
            fresh.addWidget(self.corner, 0, 0)
        for c, head in enumerate(self.party_heads):
            head.setVisible(heads)
            if heads:
                fresh.addWidget(head, 0, first + c)
        for c in range(columns):
            fresh.setColumnStretch(first + c, 1)
        r = 1 if heads else 0
        for head, cells in self.rows:
            if mode == TABLE:
                fresh.addWidget(head, r, 0)
            else:
                fresh.addWidget(head, r, 0, 1, columns)
                r += 1
            for k, (c, box, name) in enumerate(cells):
                name.setVisible(mode == FLOW)
                if mode == FLOW:
                    fresh.addWidget(box, r + k // columns, k % columns)
                else:
                    fresh.addWidget(box, r, first + c)
            r += 1 if mode != FLOW else max(1, -(-len(cells) // columns))
        # the old grid gives its place to the new one (its widgets stay this widget's)
        QWidget().setLayout(grid)
        self.grid = fresh
        self.setLayout(fresh)
        fresh.setSizeConstraint(QLayout.SizeConstraint.SetDefaultConstraint)


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("negotiations")
