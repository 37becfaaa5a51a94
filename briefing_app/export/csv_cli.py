"""``briefing-app export csv OUT.zip``: the rows behind every chart, checks, sources, README."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing_app.export.atomic import ExportError


def export(args: argparse.Namespace, briefing, theme) -> list[Path]:
    from briefing_app.export.csv_export import write_zip

    out = Path(args.out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder: give a file name, for example {out / 'data.zip'}")
    write_zip(briefing, out, force=args.force)
    return [out]
