"""Making a briefing: ``briefing-app new``, ``import`` and ``diff``.

``new DIR`` writes the starting package (`model.template`); ``import BOOK.xlsx DIR``
reads a workbook into a package (`model.xlsx_import`); ``diff OLD NEW`` lists what
changed between two editions, tab by tab (`content.changes`).  Only ``new`` and
``import`` write, and only a package that validates, whole (`model.writer`).  None of
them imports Qt.  Exit status: 0 done, 1 not done (the reason printed), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from briefing_app.model.i18n import N_, ntr, shown, tr

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

#: the commands, one line each, for ``briefing-app --help``
COMMANDS = (
    ("briefing-app new DIR [--title T]", N_("write a starting package to fill in")),
    ("briefing-app import BOOK.xlsx DIR", N_("a workbook into a package (export xlsx: back)")),
    ("briefing-app diff OLD NEW [--json]", N_("what changed between two editions")),
)


def _lang(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    from briefing_app.cli.argparse_text import add_lang_option

    add_lang_option(p)
    return p


def _new_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefing-app new",
        description=tr(
            "Write a small, valid starting package into DIR: a tab of each kind, a "
            "chart of each kind and an example of every item, each with a note on what it is "
            "for. Its sources are placeholders, which validate reports as warnings until they "
            "are replaced. DIR must not exist, or be empty."
        ),
    )
    p.add_argument("dir", metavar="DIR", help=tr("the new package's folder"))
    p.add_argument("--title", default=None, help=tr("the briefing's title"))
    return _lang(p)


def _import_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefing-app import",
        description=tr(
            "Read a workbook (a sheet per table, with the CSV files' columns, and a "
            "'briefing' sheet of the descriptor's fields, as 'briefing-app export xlsx' writes "
            "it) into a package folder. The package is checked first and written only if it "
            "is valid; every problem is reported as BOOK.xlsx:SHEET!CELL: message. Formulas "
            "are not read: a cell must hold its value."
        ),
        epilog=tr("Exit status: 0 written, 1 not written (problems listed), 2 usage."),
    )
    p.add_argument("book", metavar="BOOK.xlsx", help=tr("the workbook"))
    p.add_argument("dir", metavar="DIR", help=tr("the package's folder: new, or empty"))
    p.add_argument(
        "--force",
        action="store_true",
        help=tr("DIR may hold a package: its files are replaced, each as a whole"),
    )
    p.add_argument("--json", action="store_true", help=tr("print the result as JSON"))
    return _lang(p)


def _diff_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefing-app diff",
        description=tr(
            "What changed from the OLD edition of a briefing to the NEW one, tab by "
            "tab: figures changed (old → new, with their sources), items added and removed, "
            "checks whose verdict changed, sources added or revised. Each is a folder, a "
            "datapackage.json or a .zip."
        ),
        epilog=tr(
            "Exit status: 0 compared (with or without changes), 1 a package is not valid, 2 usage."
        ),
    )
    p.add_argument("old", metavar="OLD", help=tr("the earlier edition"))
    p.add_argument("new", metavar="NEW", help=tr("the later edition"))
    p.add_argument("--json", action="store_true", help=tr("print the result as JSON"))
    return _lang(p)


def _printer() -> Callable[[str], None]:
    """print, or a printer of ASCII where the console takes no Unicode; every line is
    package text made safe (`safe_text`: no escape sequence or line break obeyed)."""
    from briefing_app.cli.console import print_ascii, stdout_takes_unicode
    from briefing_app.model.safetext import safe_text

    out = print if stdout_takes_unicode() else print_ascii
    return lambda line: out(safe_text(line))


def _dump(obj: object) -> None:
    from briefing_app.cli.console import stdout_takes_unicode

    json.dump(obj, sys.stdout, indent=2, ensure_ascii=not stdout_takes_unicode())
    print()


def cmd_new(argv: Sequence[str]) -> int:
    """``briefing-app new DIR [--title T]``."""
    args = _new_parser().parse_args(argv)
    from briefing_app.model.loader import load_package
    from briefing_app.model.template import DEFAULT_TITLE, template_files
    from briefing_app.model.writer import WriteError, staged_package

    say = _printer()
    title = args.title or DEFAULT_TITLE
    try:
        with staged_package(args.dir) as stage:
            for name, data in template_files(title).items():
                stage.write(name, data)
            result = load_package(stage.folder)
            if not result.ok:  # a bug: the template must always validate
                for p in result.errors:
                    print(f"briefing-app new: {p}", file=sys.stderr)
                print(
                    "briefing-app new: " + tr("the template does not validate; nothing written"),
                    file=sys.stderr,
                )
                return EXIT_FAIL
            written = stage.commit()
    except WriteError as exc:
        print(f"briefing-app new: {shown(str(exc))}", file=sys.stderr)
        return EXIT_FAIL
    n = len(written)
    say(
        ntr(
            "{dir}: new briefing package, {n} file", "{dir}: new briefing package, {n} files", n
        ).format(dir=args.dir, n=n)
    )
    n = len(result.warnings)
    say(
        "  "
        + ntr(
            "{n} warning(s): the placeholders to replace, for example",
            "{n} warning(s): the placeholders to replace, for example",
            n,
        ).format(n=n)
    )
    for p in result.warnings[:3]:
        say(f"  {p}")
    say(tr("Next:"))
    window = tr("the window, which shows each change you save")
    every = tr("every problem as FILE:ROW:FIELD: message")
    say(f"  briefing-app {args.dir}             {window}")
    say(f"  briefing-app validate {args.dir}    {every}")
    say("  " + tr("see {path}").format(path=f"{args.dir}/README.md"))
    return EXIT_OK


def cmd_import(argv: Sequence[str]) -> int:
    """``briefing-app import BOOK.xlsx DIR [--force] [--json]``."""
    args = _import_parser().parse_args(argv)
    from briefing_app.model.writer import WriteError
    from briefing_app.model.xlsx_import import import_workbook

    try:
        result = import_workbook(args.book, args.dir, replace=args.force)
    except WriteError as exc:
        hint = "" if args.force else " " + tr("(--force replaces its files)")
        print(
            f"briefing-app import: {shown(str(exc))}"
            f"{hint if 'holds a package' in str(exc) else ''}",
            file=sys.stderr,
        )
        return EXIT_FAIL
    if args.json:
        _dump(
            {
                "book": args.book,
                "package": args.dir,
                "written": result.ok,
                "files": [str(p) for p in result.written],
                "errors": [p.to_dict() for p in result.errors],
                "warnings": [p.to_dict() for p in result.warnings],
            }
        )
        return EXIT_OK if result.ok else EXIT_FAIL
    say = _printer()
    from briefing_app.cli.console import say_problems as _say_problems

    if result.ok:
        n = len(result.written)
        say(
            ntr(
                "{dir}: written from {book}, {n} file; valid",
                "{dir}: written from {book}, {n} files; valid",
                n,
            ).format(dir=args.dir, book=args.book, n=n)
        )
        if result.warnings:
            n = len(result.warnings)
            say(ntr("{n} warning(s):", "{n} warning(s):", n).format(n=n))
            _say_problems(say, result.warnings, "warning")
        return EXIT_OK
    n = len(result.errors)
    say(
        ntr(
            "{book}: not imported, {n} problem(s); nothing was written:",
            "{book}: not imported, {n} problem(s); nothing was written:",
            n,
        ).format(book=args.book, n=n)
    )
    _say_problems(say, result.errors, "error")
    _say_problems(say, result.warnings, "warning", tr("warning: "))
    return EXIT_FAIL


def cmd_diff(argv: Sequence[str]) -> int:
    """``briefing-app diff OLD NEW [--json]``."""
    args = _diff_parser().parse_args(argv)
    from briefing_app.content.changes import tab_changes
    from briefing_app.model.cache import load_package_cached

    loaded = []
    for which, path in (("OLD", args.old), ("NEW", args.new)):
        result = load_package_cached(path)
        if not result.ok or result.briefing is None:
            print(
                "briefing-app diff: "
                + tr("{which} {location} is not a valid briefing package:").format(
                    which=which, location=result.location
                ),
                file=sys.stderr,
            )
            for p in result.errors[:20]:
                print(f"  {p}", file=sys.stderr)
            return EXIT_FAIL
        loaded.append(result.briefing)
    changes = tab_changes(*loaded)
    if args.json:
        _dump(changes.to_dict())
        return EXIT_OK
    say = _printer()
    for line in changes.lines():
        say(line)
    return EXIT_OK


#: the commands by name (`briefing_app.cli.main` dispatches to them)
RUN: dict[str, Callable[[Sequence[str]], int]] = {
    "new": cmd_new,
    "import": cmd_import,
    "diff": cmd_diff,
}
