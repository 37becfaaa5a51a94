"""Qt widgets of the Briefing Viewer: one module per tab kind or widget."""
