"""``briefing-app export pdf OUT.pdf [--notes] [--force]``: the handout."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing_app.export.atomic import ExportError, atomic_path


def export(args: argparse.Namespace, briefing, theme) -> list[Path]:
    from briefing_app.export.cli import ensure_app
    from briefing_app.export.pdf import write_pdf

    out = Path(args.out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder: give a file name, for example {out / 'handout.pdf'}")
    ensure_app(theme)
    with atomic_path(out, force=args.force) as tmp:
        write_pdf(briefing, theme, tmp, notes=getattr(args, "notes", False))
    return [out]
