"""Qt widgets of the Briefing Viewer: windows, tab views, dialogs, presenting."""
