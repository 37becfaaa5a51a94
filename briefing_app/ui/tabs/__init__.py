"""Tab views, one module per tab kind; `build_tab` picks the view for a tab."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from briefing_app.model.types import Briefing, Tab
from briefing_app.render.themes import Theme


def build_tab(tab: Tab, briefing: Briefing, theme: Theme) -> QWidget:
    from briefing_app.ui.tabs.negotiations_tab import NegotiationsTab
    from briefing_app.ui.tabs.polling_tab import PollingTab
    from briefing_app.ui.tabs.sources_tab import SourcesTab
    from briefing_app.ui.tabs.timeline_tab import TimelineTab
    from briefing_app.ui.tabs.topic_tab import TopicTab

    cls = {
        "topic": TopicTab,
        "negotiations": NegotiationsTab,
        "polling": PollingTab,
        "timeline": TimelineTab,
        "sources": SourcesTab,
    }[tab.kind]
    return cls(tab, briefing, theme)
