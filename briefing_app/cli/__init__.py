"""The command line: ``briefing-app`` (the window), ``validate`` and ``export``.

The top layer: it parses arguments and hands over to the layers below (`ui` for the
window, `export` for files, `model` for validation). Qt is imported only by the commands
that need it.
"""
