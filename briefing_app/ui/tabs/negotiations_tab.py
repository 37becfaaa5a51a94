"""Negotiation positions in a grid (a row per topic, a column per party), with what is
not recorded said plainly; then the tab's other sections."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from briefing_app.content.plan import Section
from briefing_app.model.i18n import tr
from briefing_app.render.labels import plain_label
from briefing_app.ui.cards import note_label
from briefing_app.ui.tabs.base import TabView


class NegotiationsTab(TabView):
    def arrange(self) -> None:
        for section in self.plan.sections:
            if section.key == "positions":
                self.body.addLayout(self._grid(section))
            else:
                self.add_section(section, self.body)
        self.body.addStretch(1)

    def _grid(self, section: Section) -> QGridLayout:
        positions = [b for b in section.blocks if b.kind == "position"]
        parties = list(dict.fromkeys(b.item.party for b in positions))
        topics = list(dict.fromkeys(b.group for b in section.blocks))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(plain_label(tr("Topic"), "section"), 0, 0)
        for c, party in enumerate(parties, start=1):
            grid.addWidget(plain_label(party, "section"), 0, c)
            grid.setColumnStretch(c, 1)
        for r, topic in enumerate(topics, start=1):
            head = QVBoxLayout()
            head.addWidget(plain_label(topic, "chart_title"))
            for note in (b for b in section.blocks if b.kind == "note" and b.group == topic):
                head.addWidget(note_label(note))
            head.addStretch(1)
            grid.addLayout(head, r, 0)
            for c, party in enumerate(parties, start=1):
                here = [b for b in positions if b.group == topic and b.item.party == party]
                if not here:
                    continue  # nothing recorded: the note under the topic says so
                box = QWidget()
                v = QVBoxLayout(box)
                v.setContentsMargins(0, 0, 0, 0)
                for block in here:
                    self.add_card(block, v, skip_heading=True)
                grid.addWidget(box, r, c)
        self.positions_grid = grid
        return grid


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("negotiations")
