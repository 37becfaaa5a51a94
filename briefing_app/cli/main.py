"""Command line: ``briefing-app [PACKAGE]``, ``validate``, ``export``; ``new``, ``import`` and
``diff`` are in `briefing_app.cli.authoring`.

Qt is imported only by the commands that need it, so ``validate`` runs on a
machine without a display (and starts quickly).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from briefing_app import __version__
from briefing_app.cli.argparse_text import (  # noqa: F401  (the --lang option, shared)
    LANG_CHOICES,
    LANG_HELP,
    LANG_METAVAR,
    add_lang_option,
)
from briefing_app.cli.console import print_ascii as _print_ascii
from briefing_app.cli.console import say_problems as _say_problems
from briefing_app.cli.console import stdout_takes_unicode as _stdout_takes_unicode
from briefing_app.model import i18n
from briefing_app.model.i18n import N_, ntr, tr

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
THEMES_HELP = N_("screen, projector or projector-dark")


def early_language(argv: Sequence[str]) -> str | None:
    """The ``--lang`` of *argv* (``--lang uk`` or ``--lang=uk``), read before the parser is
    built so that ``--help`` speaks it; None when not given or not one offered."""
    for k, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and k + 1 < len(argv):
            value = argv[k + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            return value if i18n.supported(value) else None
    return None


def _validate_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefing-app validate",
        description=tr(
            "Check a briefing package and report every problem with file, row and field."
        ),
    )
    p.add_argument(
        "package",
        nargs="?",
        metavar="PACKAGE",
        help=tr("folder, datapackage.json or .zip (default: bundled)"),
    )
    p.add_argument("--json", action="store_true", help=tr("print the result as JSON"))
    add_lang_option(p)
    return p


def _export_parser() -> argparse.ArgumentParser:
    """``briefing-app export FORMAT OUT ...``: a sub-command per registered format
    (`briefing_app.export.formats`)."""
    from briefing_app.export import formats

    p = argparse.ArgumentParser(
        prog="briefing-app export",
        description=tr("Export the briefing without opening a window."),
        epilog=(
            formats.outputs_help()
            + "\n\n"
            + tr(
                "Existing files are not overwritten without --force. Exit status: 0 written,\n"
                "1 not written (existing output, unwritable path, invalid package), 2 usage."
            )
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(
        dest="format", required=True, metavar="{" + ",".join(formats.names()) + "}"
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--package", help=tr("package to export (default: the bundled briefing)"))
    common.add_argument("--theme", default="screen", help=tr(THEMES_HELP))
    common.add_argument("--force", action="store_true", help=tr("overwrite existing output"))
    add_lang_option(common)
    for fmt in formats.FORMATS:
        sp = sub.add_parser(
            fmt.name, parents=[common], help=tr(fmt.help), description=tr(fmt.description)
        )
        sp.add_argument("out", metavar=fmt.metavar)
        groups: dict = {}  # the options that exclude one another, by name
        for opt in fmt.options:
            target = sp
            if opt.exclusive:
                if opt.exclusive not in groups:
                    groups[opt.exclusive] = sp.add_mutually_exclusive_group()
                target = groups[opt.exclusive]
            if opt.default is None:
                target.add_argument(opt.flag, action="store_true", help=tr(opt.help))
            else:
                target.add_argument(opt.flag, default=opt.default, help=tr(opt.help))
    return p


def _gui_parser() -> argparse.ArgumentParser:
    from briefing_app.cli.authoring import COMMANDS
    from briefing_app.export import formats

    commands = [
        ("briefing-app validate [PACKAGE] [--json]", tr("check a package")),
        (
            "briefing-app export {" + ",".join(formats.names()) + "} ...",
            tr("export without a window"),
        ),
        *((usage, tr(what)) for usage, what in COMMANDS),
    ]
    width = max(len(c) for c, _ in commands) + 2
    p = argparse.ArgumentParser(
        prog="briefing-app",
        description=(
            tr("Briefing Viewer: present a situation briefing from a local data package, offline.")
            + "\n\n"
            + tr("Other commands:")
            + "\n"
            + "\n".join(f"  {c:<{width}}{what}" for c, what in commands)
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "package",
        nargs="?",
        metavar="PACKAGE",
        help=tr("folder, datapackage.json or .zip (default: bundled)"),
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=tr("show the program's version and exit"),
    )
    p.add_argument("--present", action="store_true", help=tr("start presenting full screen"))
    p.add_argument(
        "--duration",
        metavar="LENGTH",
        help=tr(
            'planned length of the talk, for the presenter\'s countdown: "20m", "1h30m", '
            '"25:00" or minutes (default: the package\'s)'
        ),
    )
    p.add_argument("--theme", help=tr(THEMES_HELP))
    add_lang_option(p)
    p.add_argument("--tab", help=tr("open on this tab (id or 1-based number)"))
    p.add_argument(
        "--watch",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=tr("show each change saved to the package's files (default: on)"),
    )
    p.add_argument("--compare", metavar="OLD", help=tr("open with what changed since OLD"))
    p.add_argument(
        "--self-test",
        action="store_true",
        help=tr(
            "build and render every tab of PACKAGE (default: bundled) offscreen, check "
            "none is blank, exit 0 or 1"
        ),
    )
    p.add_argument(
        "--benchmark-startup",
        action="store_true",
        help=tr("print milliseconds from process start to the first painted tab, then exit"),
    )
    return p


def cmd_validate(argv: Sequence[str]) -> int:
    """``briefing-app validate [PACKAGE] [--json]``: 0 valid, 1 invalid, 2 usage error."""
    args = _validate_parser().parse_args(argv)
    from briefing_app.model import safe_text
    from briefing_app.model.loader import load_package

    unicode_ok = _stdout_takes_unicode()
    result = load_package(args.package)
    b = result.briefing
    if args.json:
        out = {
            "package": result.location,
            "valid": result.ok,
            "errors": [p.to_dict() for p in result.errors],
            "warnings": [p.to_dict() for p in result.warnings],
            "findings": [p.to_dict() for p in result.findings],
        }
        if b is not None:
            out["summary"] = _summary_dict(b)
        # escaped JSON is the same JSON, and survives any console
        json.dump(out, sys.stdout, indent=2, ensure_ascii=not unicode_ok)
        print()
        return EXIT_OK if result.ok else EXIT_INVALID
    say = print if unicode_ok else _print_ascii
    # package text and paths are printed through safe_text: no line break, escape
    # sequence or right-to-left override in them can forge or reorder a line
    where = safe_text(result.location)
    if result.ok and b is not None:
        s = _summary_dict(b)
        say(tr("{where}: valid briefing package").format(where=where))
        version = safe_text(s["version"]) or "–"
        say(
            "  "
            + tr("{title} — as of {date}, version {version}").format(
                title=safe_text(s["title"]), date=s["as_of"], version=version
            )
        )
        counts = ", ".join(
            _count(s[key], key)
            for key in ("tabs", "sources", "observations", "checks", "quotes", "events")
        )
        say(
            "  " + tr("{counts}; checksum {checksum}").format(counts=counts, checksum=s["checksum"])
        )
        if result.warnings:
            n = len(result.warnings)
            say(ntr("{n} warning(s):", "{n} warning(s):", n).format(n=n))
            _say_problems(say, result.warnings, "warning")
        if result.findings:  # part of the briefing, not problems of the package
            n = len(result.findings)
            say(
                ntr(
                    "{n} finding(s) of the briefing, checks whose figures disagree:",
                    "{n} finding(s) of the briefing, checks whose figures disagree:",
                    n,
                ).format(n=n)
            )
            _say_problems(say, result.findings, "finding")
        return EXIT_OK
    n = len(result.errors)
    say(
        ntr(
            "{where}: invalid briefing package, {n} error(s):",
            "{where}: invalid briefing package, {n} error(s):",
            n,
        ).format(where=where, n=n)
    )
    _say_problems(say, result.errors, "error")
    _say_problems(say, result.warnings, "warning", tr("warning: "))
    _say_problems(say, result.findings, "finding", tr("finding: "))
    return EXIT_INVALID


def _count(n: int, key: str) -> str:
    """'1 check', '2 checks', '1,234 observations' (1 перевірка, 2 перевірки, 5 перевірок)."""
    from briefing_app.model.fmt import fmt_number

    forms = {
        "tabs": ntr("{n} tab", "{n} tabs", n),
        "sources": ntr("{n} source", "{n} sources", n),
        "observations": ntr("{n} observation", "{n} observations", n),
        "checks": ntr("{n} check", "{n} checks", n),
        "quotes": ntr("{n} quote", "{n} quotes", n),
        "events": ntr("{n} event", "{n} events", n),
    }
    return forms[key].format(n=fmt_number(n))


def _summary_dict(b) -> dict:
    return {
        "title": b.title,
        "as_of": b.as_of.isoformat(),
        "version": b.version,
        "checksum": b.short_checksum,
        "tabs": len(b.tabs),
        "sources": len(b.sources),
        "observations": len(b.observations),
        "checks": len(b.checks),
        "quotes": len(b.quotes),
        "events": len(b.events),
    }


def cmd_export(argv: Sequence[str]) -> int:
    args = _export_parser().parse_args(argv)
    from briefing_app.cli.export import run_export

    return run_export(args)


def cmd_gui(argv: Sequence[str]) -> int:
    args = _gui_parser().parse_args(argv)
    from briefing_app.ui.app import run_app

    return run_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # numpy's OpenBLAS starts a thread per core when imported, and they spin after each
    # call; nothing here does linear algebra worth a thread (~50 ms less to start, and
    # no spinning thread taking the core an export compresses PNGs on).  Read by numpy
    # when it is first imported, so it has to be set before that.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Start-up creates ~170,000 objects and frees almost none: the cyclic collector
    # would walk them again and again (~50 ms).  Once its window is shown the GUI
    # collects from its event loop instead (briefing_app.ui.app.settle_memory, and
    # ui.collector for why not automatically); the other commands turn it back on at
    # their end.
    collecting = gc.isenabled()
    gc.disable()
    # the language first: the parsers' help and messages are made in it.  The window
    # starts in the one remembered when none is given (`ui.language`); the other
    # commands in the system's.
    i18n.set_language(early_language(argv) or i18n.system_language())
    from briefing_app.cli import argparse_text

    argparse_text.install()
    try:
        if argv and argv[0] == "validate":
            return cmd_validate(argv[1:])
        if argv and argv[0] == "export":
            return cmd_export(argv[1:])
        if argv and argv[0] in ("new", "import", "diff"):
            from briefing_app.cli.authoring import RUN

            return RUN[argv[0]](argv[1:])
        return cmd_gui(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        if collecting:
            gc.enable()


def run() -> NoReturn:
    """The console entry point (``briefing-app``, ``python -m briefing_app``, the executable).

    `main`, then exit without the interpreter's last pass of the cyclic collector: at
    exit it walks every object still alive, ~200,000 after an export (Qt wrappers, the
    briefing, pandas and pyqtgraph), about a quarter of a second the user waits for after
    the work is done.  Frozen, they are left to the operating system.  The rest of exit
    still happens: atexit handlers run, streams are flushed, modules are torn down, and
    objects freed by reference counting are finalised.  What is skipped is finalising
    objects kept alive only by reference cycles; nothing the app writes depends on that
    (files are written and closed inside `with` blocks, settings objects are short-lived).
    Not in `main` itself: callers in the same process (tests) want their garbage back.
    """
    rc = main()
    gc.freeze()
    sys.exit(rc)


if __name__ == "__main__":
    run()
