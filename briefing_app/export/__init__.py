"""Exporters: images, PDF handouts and data. Apart from the window, usable headless."""
