"""Every source with its full citation, and what in the briefing relies on it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from briefing_app.model.types import Briefing, Source, Tab
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import Theme
from briefing_app.ui.tabs.base import TabView


def source_card(s: Source, b: Briefing) -> QFrame:
    f = QFrame()
    f.setObjectName("card")
    lay = QVBoxLayout(f)
    lay.setContentsMargins(10, 8, 10, 8)
    lay.setSpacing(2)
    lay.addWidget(plain_label(f"[{s.id}] {s.publisher}", "chart_title"))
    lay.addWidget(plain_label(s.citation(), ""))
    if s.note:
        lay.addWidget(plain_label(s.note, "muted"))
    if s.id == b.source_article:
        lay.addWidget(
            plain_label("This is the briefing's source article.", "badge_warn", wrap=False)
        )
    uses = b.uses_of_source(s.id)
    if uses:
        lay.addWidget(plain_label(f"Relied on by {len(uses)} item(s):", "muted"))
        # one label for the whole list: a source may back dozens of figures
        lay.addWidget(plain_label("\n".join(f"• {u}" for u in uses), "source"))
    else:
        lay.addWidget(plain_label("Not cited by any figure, quote or event.", "source"))
    f.setAccessibleName(f"Source: {s.publisher}")
    return f


class SourcesTab(TabView):
    def __init__(
        self, tab: Tab, briefing: Briefing, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(tab, briefing, theme, parent)
        self.cards = []
        for s in briefing.sources.values():
            card = source_card(s, briefing)
            self.cards.append(card)
            self.body.addWidget(card)
        self.body.addStretch(1)


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("sources")
