"""``briefing-app export svg OUTDIR [--size WxH]``: one SVG per chart, ``<tab>-<chart>.svg``."""

from __future__ import annotations

import argparse
from pathlib import Path


def export(args: argparse.Namespace, briefing, theme) -> list[Path]:
    from briefing_app.export.cli import export_chart_images

    return export_chart_images(args, briefing, theme, "svg")
