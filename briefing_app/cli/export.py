"""``briefing-app export FORMAT OUT``: exports without a window.

The formats are registered in `briefing_app.export.formats`: `run_export` loads the
package and the theme, sets up Qt for the formats drawn with it, and calls the format's
function (the Qt-drawn ones are in `briefing_app.export.run`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app.export import formats
from briefing_app.export.atomic import ExportError, refuse_inside_package
from briefing_app.model.i18n import language, msg, shown, tr
from briefing_app.model.languages import briefing_for

if TYPE_CHECKING:
    from briefing_app.model.briefing import Briefing
    from briefing_app.model.loader import LoadResult

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _load(package: str | None, opening: Callable[[], LoadResult] | None = None) -> Briefing:
    # the same cache as the window: an unchanged package is not validated again
    from briefing_app.model.cache import load_package_cached

    result = opening() if opening is not None else load_package_cached(package)
    if not result.ok or result.briefing is None:
        lines = [
            tr("cannot export: {location} is not a valid briefing package:").format(
                location=result.location
            )
        ]
        lines += [f"  {p}" for p in result.errors]
        raise ExportError("\n".join(lines))
    return result.briefing


def _bundled() -> Path:
    from briefing_app.model.loader import bundled_package_path

    return bundled_package_path()


def run_export(args: argparse.Namespace) -> int:
    if not os.environ.get("DISPLAY"):  # exports need no screen: render offscreen
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # No cyclic collection passes while exporting: briefing_app.cli.main.main holds the
    # collector off for every command, start to end.
    from briefing_app.export.interrupt import stopping_on_signals

    try:
        # SIGINT and SIGTERM stop an export promptly, its temporary files removed
        with stopping_on_signals() as guard:
            written = _export(args, guard.start_watchdog)
    except ExportError as exc:
        print(f"briefing-app export: {shown(str(exc))}", file=sys.stderr)
        return EXIT_FAIL
    for p in written:
        print(p)
    return EXIT_OK


def _export(args: argparse.Namespace, started: Callable[[], None] = lambda: None) -> list[Path]:
    """Load the package and perform the format; *started* is called once the process
    has forked what it forks (the preload): the signal watchdog's thread may start."""
    from briefing_app.render.themes import ThemeError, load_theme

    fmt = formats.get(args.format)
    try:
        theme = load_theme(args.theme)
    except ThemeError as exc:
        raise ExportError(str(exc)) from None
    out = Path(args.out)
    # before the package is read: the output may not be inside it (nor be its zip)
    refuse_inside_package(args.package or _bundled(), out)
    if fmt.out == "file" and out.is_dir():
        example = out / fmt.default_name()
        raise ExportError(
            msg(
                "{out} is a folder: give a file name, for example {example}",
                out=str(out),
                example=str(example),
            )
        )
    opening = None
    if fmt.qt:  # the others (CSV, Markdown) import no Qt
        from briefing_app.model.preload import Preload

        # as the window opens a package (ui.app.run_app): one exported for the first time
        # is validated on another core while Qt and pyqtgraph import
        opening = Preload(args.package)
    started()
    if fmt.qt:
        from briefing_app.render.pyside_hook import import_qt

        import_qt()
    b = _load(args.package, opening)
    # in the language asked for (--lang), else the system's: set by cli.main
    return fmt.performer()(args, briefing_for(language(), b), theme)
