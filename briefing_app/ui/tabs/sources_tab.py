"""Every source with its full citation, and what in the briefing relies on it."""

from __future__ import annotations

from briefing_app.ui.tabs.base import TabView


class SourcesTab(TabView):
    """The default arrangement: the sources one under the other."""


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("sources")
