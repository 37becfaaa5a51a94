"""Drawing the plan with Qt: charts, text, pages and slides, on any paint device.

Nothing here is a window or a dialog (those are `briefing_app.ui`), so the exporters can
use all of it. Importing this package imports no Qt: `themes` is plain data.
"""
