"""The exports drawn with Qt, as the command line and the window run them: chart images
(PNG, SVG), tab images and slides (PNG), the handout (PDF).

Each takes the parsed arguments of its format (`formats.Format.arguments` makes them
for the window), the briefing and the theme, sets up the Qt application it paints
with, refuses to overwrite without ``force`` and returns the files it wrote.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from briefing_app.export import interrupt
from briefing_app.export.atomic import ExportError, refuse_inside_package
from briefing_app.model.i18n import msg, nmsg
from briefing_app.model.reasons import os_reason


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text or "")
    if not m:
        raise ExportError(
            msg("size {text} is not WIDTHxHEIGHT (for example 1920x1080)", text=repr(text))
        )
    w, h = int(m.group(1)), int(m.group(2))
    if not (320 <= w <= 8192 and 240 <= h <= 8192):
        raise ExportError(msg("size {size} is outside 320x240 … 8192x8192", size=f"{w}x{h}"))
    return w, h


def _outdir(path: str, force: bool, package: str = "") -> Path:
    """The output folder, made if need be (never inside *package*, the package's location)."""
    out = Path(path)
    refuse_inside_package(package, out)
    if out.exists() and not out.is_dir():
        raise ExportError(msg("{out} exists and is not a folder", out=str(out)))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            msg("cannot create folder {out}: {reason}", out=str(out), reason=os_reason(exc))
        ) from None
    if not os.access(out, os.W_OK):
        raise ExportError(msg("cannot write into {out}: permission denied", out=str(out)))
    return out


def ensure_app(theme):
    """The QApplication, with the theme's fonts loaded (exports paint text)."""
    from briefing_app.render.app import ensure_application

    return ensure_application(theme)


def refuse_existing(targets: list[Path], force: bool) -> None:
    """Refuse before writing anything when an output exists and --force is not given."""
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        if len(existing) > 1:
            raise ExportError(
                nmsg(
                    "{path} already exists (and {n} more) (use --force to overwrite)",
                    "{path} already exists (and {n} more) (use --force to overwrite)",
                    len(existing) - 1,
                    path=str(existing[0]),
                    n=len(existing) - 1,
                )
            )
        raise ExportError(
            msg("{target} already exists (use --force to overwrite)", target=str(existing[0]))
        )


def export_chart_images(args: argparse.Namespace, b, theme, fmt: str) -> list[Path]:
    """One image per chart: ``<tab>-<chart>.png`` or ``.svg`` in OUTDIR, all or none."""
    from briefing_app.content.chartdata import chart_data
    from briefing_app.export.csv_export import chart_file_name, plan_charts
    from briefing_app.render.chart_image import chart_image, plot_host
    from briefing_app.render.settle import Steps

    w, h = parse_size(args.size)
    out = _outdir(args.out, args.force, b.location)
    charts = plan_charts(b)
    if not charts:
        raise ExportError(msg("this briefing has no charts"))
    targets = [out / chart_file_name(t, c, fmt) for t, c in charts]
    refuse_inside_package(b.location, *targets)
    refuse_existing(targets, args.force)
    ensure_app(theme)
    # each chart's data made when it is drawn and let go after it (a line of a million
    # points is ~190 MB of data), its plot deleted before the next is built
    pairs = list(zip((c for _, c in charts), targets, strict=True))
    with plot_host() as host, Steps() as steps:
        if fmt == "png":
            from briefing_app.export.png import write_pngs

            def images():
                for chart, target in pairs:
                    image = chart_image(chart_data(b, chart), b, theme, w, h, host)
                    steps.settle()
                    yield image, target

            return write_pngs(images(), force=args.force)
        from briefing_app.export.atomic import FileSet, write_checked
        from briefing_app.export.svg import chart_svg
        from briefing_app.export.verify import svg_checker

        with FileSet(force=args.force) as files:  # every SVG, or none (#21)
            for chart, target in pairs:
                interrupt.check()
                data = chart_svg(chart_data(b, chart), b, theme, w, h, host)
                write_checked(files.add(target, svg_checker(data)), data)
                del data
                steps.settle()
        return targets


def export_png(args: argparse.Namespace, b, theme) -> list[Path]:
    if getattr(args, "charts", False):
        return export_chart_images(args, b, theme, "png")
    from briefing_app.content.text import slug
    from briefing_app.export.png import tab_targets, write_pngs, write_tab_pngs

    # tabs: W is the width, H the least height (a tab image is as tall as its content)
    w, h = parse_size(args.size)
    out = _outdir(args.out, args.force, b.location)
    targets = tab_targets(b, out)
    refuse_inside_package(b.location, *targets)
    existing = [t for t in targets if t.exists()]
    if existing and not args.force:
        raise ExportError(
            msg("{target} already exists (use --force to overwrite)", target=str(existing[0]))
        )
    ensure_app(theme)
    if not getattr(args, "slides", False):
        return write_tab_pngs(b, theme, targets, w, h, force=args.force)
    from briefing_app.render.slides.images import render_slides

    def images():
        for k, (slide, image) in enumerate(render_slides(b, theme, w, h)):
            title = getattr(slide, "title", f"slide-{k + 1}")
            yield image, out / f"{k + 1:02d}-{slug(title)}.png"

    return write_pngs(images(), force=args.force)


def export_svg(args: argparse.Namespace, b, theme) -> list[Path]:
    """``export svg OUTDIR [--size WxH]``: one SVG per chart, ``<tab>-<chart>.svg``."""
    return export_chart_images(args, b, theme, "svg")


def export_pdf(args: argparse.Namespace, b, theme) -> list[Path]:
    """``export pdf OUT.pdf [--notes]``: the handout."""
    from briefing_app.export.atomic import atomic_path
    from briefing_app.export.pdf import write_pdf

    out = Path(args.out)
    refuse_inside_package(b.location, out)
    ensure_app(theme)
    with atomic_path(out, force=args.force) as tmp:
        write_pdf(b, theme, tmp, notes=getattr(args, "notes", False))
    return [out]
