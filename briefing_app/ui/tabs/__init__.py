"""Tab views, one module per tab kind; `build_tab` picks the view for a tab's plan.

Every view renders the tab's plan (`briefing_app.content.plan`); a kind only arranges
its sections. `TAB_VIEWS` has one entry per kind of `briefing_app.model.kinds.TAB_KINDS`
(a test fails when one is missing).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from briefing_app.content.plan import TabPlan
from briefing_app.model.briefing import Briefing
from briefing_app.render.themes import Theme
from briefing_app.ui.tabs.base import TabView
from briefing_app.ui.tabs.negotiations_tab import NegotiationsTab
from briefing_app.ui.tabs.polling_tab import PollingTab
from briefing_app.ui.tabs.sources_tab import SourcesTab
from briefing_app.ui.tabs.timeline_tab import TimelineTab
from briefing_app.ui.tabs.topic_tab import TopicTab

TAB_VIEWS: dict[str, type[TabView]] = {
    "topic": TopicTab,
    "negotiations": NegotiationsTab,
    "polling": PollingTab,
    "timeline": TimelineTab,
    "sources": SourcesTab,
}


def build_tab(
    plan: TabPlan,
    briefing: Briefing,
    theme: Theme,
    *,
    parts_later: bool = False,
    parent: QWidget | None = None,
) -> TabView:
    """The view of *plan*'s tab (with *parts_later*, see `TabView.build_parts`), made in
    *parent* when given."""
    return TAB_VIEWS[plan.kind](plan, briefing, theme, parent, parts_later=parts_later)
