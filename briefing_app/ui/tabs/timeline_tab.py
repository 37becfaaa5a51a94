"""All events in date order on one axis with the as-of date (the chart's table lists them,
Ctrl+T), then each event with its sources."""

from __future__ import annotations

from briefing_app.ui.tabs.base import TabView


class TimelineTab(TabView):
    """The default arrangement: the timeline chart, then the events, one under the other."""


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("timeline")
