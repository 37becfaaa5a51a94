"""Polls: each poll chart with the poll's details beside it (fieldwork, sample, method,
source), then the tab's other polls and sections, one under the other."""

from __future__ import annotations

from briefing_app.ui.tabs.base import TabView


class PollingTab(TabView):
    """The default arrangement: sections one under the other, details beside charts."""


if __name__ == "__main__":
    from briefing_app.ui.tabs.preview import preview_tab

    preview_tab("polling")
