"""The export formats, registered in one place.

Each `Format` says what it is called, what it writes (a file or a folder of files, and
the name a file gets by default), its options, whether it needs Qt, which function
performs it and where it sits in the window's File > Export menu. The command line
builds ``briefing-app export``'s sub-commands, help and dispatch from `FORMATS`
(`briefing_app.cli.main`, `briefing_app.cli.export`), and the window its menu
(`briefing_app.ui.export_dialogs`). Adding a format is one module plus an entry here.

A format's function is named as ``"module:function"`` and imported only when the format
runs, so listing the formats imports nothing (no Qt). It is called as
``perform(args, briefing, theme)`` with the parsed arguments (``args.out``,
``args.force`` and the format's own options) and returns the paths it wrote; it raises
`briefing_app.export.atomic.ExportError` with a message for the user. The formats drawn
with Qt are performed in `briefing_app.export.run`, which sets up the application first.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefing_app.model.i18n import N_, tr

#: the groups of the window's export menu, in order (a separator between two)
MENU_GROUPS = ("document", "image", "data")


@dataclass(frozen=True)
class Option:
    """An option of one format: ``--notes`` (a switch) or ``--size 1920x1080``."""

    flag: str
    help: str
    #: the value when not given; None makes the option a switch (off unless given)
    default: str | None = None
    #: switches with the same name here cannot be given together
    exclusive: str = ""

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class MenuEntry:
    """An action of the window's File > Export menu that writes this format."""

    label: str
    tip: str
    #: which of the format's exports, when it has several ("tabs", "charts")
    variant: str = ""
    shortcut: str = ""
    group: str = "document"


@dataclass(frozen=True)
class Format:
    """One export format."""

    name: str
    #: one line, for ``briefing-app export --help``
    help: str
    #: what OUT is: a file, or a folder the files are written into
    out: Literal["file", "folder"]
    #: how OUT is shown in usage lines: "OUT.md", "OUTDIR"
    metavar: str
    #: "module:function" that performs the export (imported when it runs)
    perform: str
    #: whether it draws with Qt (then it needs the application, fonts and plots)
    qt: bool
    #: the sub-command's description
    description: str
    #: the lines of ``export --help``'s list of outputs: (usage, what it writes)
    outputs: tuple[tuple[str, str], ...]
    options: tuple[Option, ...] = ()
    #: a file's default name, "{name}" standing for the package's name ("" for a folder)
    file_name: str = ""
    #: the save dialog's filter, "Markdown (*.md)"
    file_filter: str = ""
    #: what is written, in words: "the handout" (for messages)
    what: str = ""
    menu: tuple[MenuEntry, ...] = ()

    @property
    def suffix(self) -> str:
        """A file's suffix, ".md" ("" for a folder)."""
        return Path(self.file_name).suffix

    def default_name(self, name: str = "briefing") -> str:
        return self.file_name.format(name=name)

    def performer(self) -> Callable[..., list[Path]]:
        """The format's function, which never writes inside the package it exports
        (checked here for every format, whatever the function checks itself)."""
        module, _, function = self.perform.partition(":")
        perform = getattr(importlib.import_module(module), function)

        def guarded(args: argparse.Namespace, b, theme=None) -> list[Path]:
            from briefing_app.export.atomic import refuse_inside_package

            refuse_inside_package(getattr(b, "location", None), Path(args.out))
            return perform(args, b, theme)

        return guarded

    def arguments(self, out: str | Path, *, force: bool = False, **given) -> argparse.Namespace:
        """Arguments as the command line would parse them: OUT, --force, and each option
        given or at its default (for running the format from the window)."""
        values = {o.dest: (False if o.default is None else o.default) for o in self.options}
        unknown = set(given) - set(values)
        if unknown:
            raise TypeError(f"{self.name} has no option {sorted(unknown)[0]!r}")
        values.update(given)
        return argparse.Namespace(format=self.name, out=str(out), force=force, **values)


_SIZE = Option(
    "--size",
    N_("WIDTHxHEIGHT in pixels (default 1920x1080); type and lines scale with it"),
    default="1920x1080",
)
_PNG_SIZE = Option(
    "--size",
    N_(
        "WIDTHxHEIGHT in pixels (default 1920x1080); type and lines scale with it. A tab "
        "image is WIDTH wide and as tall as the tab (at least HEIGHT); --charts and "
        "--slides images are WIDTHxHEIGHT"
    ),
    default="1920x1080",
)
_NOTES = Option("--notes", N_("include speaker notes"))
#: the size slides are laid out for when --size is not given
SLIDES_SIZE = "1920x1080"

FORMATS: tuple[Format, ...] = (
    Format(
        "png",
        N_("one PNG per tab (or per chart, --charts) into OUTDIR"),
        "folder",
        "OUTDIR",
        "briefing_app.export.run:export_png",
        qt=True,
        description=N_("one PNG per tab (or per chart, --charts)"),
        outputs=(
            (
                "png OUTDIR",
                N_(
                    "one PNG per tab, NN-<tab>.png: the tab as a page, as the handout shows "
                    "it, under the briefing's title, as-of date and caveat, with its source "
                    "notes; --size WxH: W wide, as tall as the tab's content and at least H"
                ),
            ),
            ("png OUTDIR --charts", N_("one PNG per chart, <tab>-<chart>.png")),
            ("png OUTDIR --slides", N_("one PNG per presentation slide")),
        ),
        options=(
            _PNG_SIZE,
            Option("--charts", N_("one PNG per chart, <tab>-<chart>.png"), exclusive="mode"),
            Option("--slides", N_("render presentation slides, not tabs"), exclusive="mode"),
        ),
        what=N_("the images"),
        menu=(
            MenuEntry(
                N_("Export &tab images (PNG)…"),
                N_("One picture per tab: the tab as a page, as the handout shows it"),
                variant="tabs",
                group="image",
            ),
            MenuEntry(
                N_("Export &chart images (PNG)…"),
                N_("One picture per chart, with its title, legend and sources"),
                variant="charts",
                group="image",
            ),
        ),
    ),
    Format(
        "svg",
        N_("one SVG per chart, <tab>-<chart>.svg into OUTDIR"),
        "folder",
        "OUTDIR",
        "briefing_app.export.run:export_svg",
        qt=True,
        description=N_("one SVG per chart, <tab>-<chart>.svg"),
        outputs=(("svg OUTDIR", N_("one SVG per chart, <tab>-<chart>.svg")),),
        options=(_SIZE,),
        what=N_("the chart images"),
        menu=(
            MenuEntry(
                N_("Export chart images (&SVG)…"), N_("One vector drawing per chart"), group="image"
            ),
        ),
    ),
    Format(
        "pdf",
        N_("handout PDF"),
        "file",
        "OUT.pdf",
        "briefing_app.export.slides_pdf:export_pdf",
        qt=True,
        description=N_(
            "The handout: a title page, a page per tab (charts as vector graphics, "
            "figures with numbered source notes, checks, quotes), and the sources. With "
            "--slides, the slides instead: the main deck, then the backup slides and the "
            "appendix, one a page at the slides' aspect ratio, as vectors, with bookmarks."
        ),
        outputs=(
            ("pdf OUT.pdf", N_("the handout: title page, a page per tab, sources")),
            (
                "pdf OUT.pdf --slides",
                N_(
                    "the slides, one a page (16:9, or --size WxH), with bookmarks for\n"
                    "the main deck, each tab's backup slides and the appendix"
                ),
            ),
        ),
        options=(
            Option("--notes", N_("include speaker notes (the handout)")),
            Option(
                "--slides",
                N_(
                    "the presentation's slides, one a page, not the handout (for a projector "
                    "PC with no viewer installed)"
                ),
            ),
            Option(
                "--size",
                N_(
                    "with --slides: WIDTHxHEIGHT the slides are laid out for (default "
                    "1920x1080, 16:9); each page is 7.5 inches high at that aspect ratio"
                ),
                default="",
            ),
        ),
        file_name="{name}.pdf",
        file_filter=N_("PDF (*.pdf)"),
        what=N_("the handout"),
        menu=(
            MenuEntry(
                N_("Export &handout (PDF)…"),
                N_("A PDF of the whole briefing with its sources, for handing out"),
                shortcut="Ctrl+P",
            ),
        ),
    ),
    Format(
        "csv",
        N_("the data behind every chart, zipped"),
        "file",
        "OUT.zip",
        "briefing_app.export.csv_export:export",
        qt=False,
        description=N_(
            "A zip with <tab>-<chart>.csv per chart, checks.csv, sources.csv and "
            "README.txt (sources with full citations, licence, how to cite, checks)."
        ),
        outputs=(
            (
                "csv OUT.zip",
                N_(
                    "the rows behind every chart, checks.csv, sources.csv,\n"
                    "README.txt with citations and how to cite"
                ),
            ),
        ),
        file_name="{name}-data.zip",
        file_filter=N_("Zip archive (*.zip)"),
        what=N_("the data"),
        menu=(
            MenuEntry(
                N_("Export &data (CSV zip)…"),
                N_("The rows behind every chart, with sources, citations and checks"),
                shortcut="Ctrl+Shift+E",
                group="data",
            ),
        ),
    ),
    Format(
        "md",
        N_("the whole briefing as Markdown"),
        "file",
        "OUT.md",
        "briefing_app.export.markdown:export",
        qt=False,
        description=N_(
            "The whole briefing as Markdown, for e-mail and screen readers: each "
            "tab's takeaway and items (charts with the figures behind them and their sources, "
            "checks, quotes, positions, polls, events), then every source's full citation and "
            "how to cite. Package text is escaped: it shows literally."
        ),
        outputs=(("md OUT.md", N_("the whole briefing as Markdown, with sources and citations")),),
        options=(_NOTES,),
        file_name="{name}.md",
        file_filter=N_("Markdown (*.md)"),
        what=N_("the briefing as Markdown"),
        menu=(
            MenuEntry(
                N_("Export briefing as &Markdown…"),
                N_("The whole briefing as text with its sources, for e-mail and screen readers"),
            ),
        ),
    ),
    Format(
        "xlsx",
        N_("the package as a workbook to edit and import back"),
        "file",
        "OUT.xlsx",
        "briefing_app.export.xlsx:export",
        qt=False,
        description=N_(
            "The package as a workbook: a sheet per table with the same columns as "
            "its CSV file, and a 'briefing' sheet with the fields of datapackage.json. Edit it "
            "in LibreOffice or Excel, then bring it back with 'briefing-app import'."
        ),
        outputs=(("xlsx OUT.xlsx", N_("the package as a workbook, for briefing-app import")),),
        file_name="{name}.xlsx",
        file_filter=N_("Excel workbook (*.xlsx)"),
        what=N_("the workbook"),
        menu=(
            MenuEntry(
                N_("Export package as &workbook (XLSX)…"),
                N_("Every table of the package as a sheet, to edit and import back"),
                group="data",
            ),
        ),
    ),
)

BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}


def get(name: str) -> Format:
    return BY_NAME[name]


def names() -> list[str]:
    return [f.name for f in FORMATS]


def outputs_help() -> str:
    """The list of outputs for ``briefing-app export --help``, a line per output."""
    lines = [tr("outputs:")]
    for f in FORMATS:
        for usage, what in f.outputs:
            first, *rest = tr(what).split("\n")
            lines.append(f"  {usage:<21} {first}")
            lines += [" " * 24 + more for more in rest]
    return "\n".join(lines)


def menu_entries() -> list[tuple[Format, MenuEntry]]:
    """Every entry of the window's export menu with its format, by group, then in the
    order of `FORMATS`."""
    entries = [(f, e) for f in FORMATS for e in f.menu]
    return sorted(entries, key=lambda fe: MENU_GROUPS.index(fe[1].group))
