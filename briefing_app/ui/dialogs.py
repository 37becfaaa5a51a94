"""The main window's message boxes: the briefing's findings, package warnings, keyboard
shortcuts, about, and the problems of a package that cannot be opened.  Every text in them
is plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from briefing_app import __version__
from briefing_app.content.plan import Plan
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import ntr, tr
from briefing_app.model.loader import LoadResult
from briefing_app.model.problems import Severity
from briefing_app.model.safetext import safe_text

APP_NAME = "Briefing Viewer"


def _message_box(parent: QWidget | None, title: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_warnings(parent: QWidget | None, b: Briefing) -> None:
    """The warnings about the open package (Help > Package warnings, or the status bar):
    not the briefing's findings, which are part of what it says (`show_findings`)."""
    box = _message_box(parent, tr("Package warnings"))
    warnings = b.problems(Severity.WARNING)
    if warnings:
        n = len(warnings)
        box.setText(
            ntr(
                "{n} warning(s) about the package {location}:",
                "{n} warning(s) about the package {location}:",
                n,
            ).format(n=fmt_number(n), location=b.location)
        )
        box.setInformativeText("\n".join(str(p) for p in warnings[:30]))
        box.setDetailedText("\n".join(str(p) for p in warnings))
    else:
        box.setText(tr("This package has no warnings."))
    box.exec()


def findings_summary(n: int) -> str:
    """The status bar's line for *n* findings."""
    return ntr(
        "{n} finding: checks whose figures disagree",
        "{n} findings: checks whose figures disagree",
        n,
    ).format(n=fmt_number(n))


def show_findings(parent: QWidget | None, plan: Plan) -> None:
    """The briefing's findings (View > Findings, or the status bar): each check whose
    figures disagree, with the tab that shows it and its verdict."""
    box = _message_box(parent, tr("Findings of this briefing"))
    found = plan.findings()
    if not found:
        box.setText(tr("Every check of this briefing holds."))
        box.exec()
        return
    box.setText(
        findings_summary(len(found))
        + ". "
        + tr(
            "They are part of the briefing: the reported figure against the figure computed "
            "from its sources."
        )
    )
    lines = []
    for tab, block in found:
        lines.append(f"{tab}: {block.title}" if tab else block.title)
        lines += [f"    {ln.text}" for ln in block.lines if ln.role == "body"]
        lines.append("")
    box.setInformativeText("\n".join(lines).rstrip())
    box.setDetailedText("\n\n".join(block.text for _, block in found))
    box.exec()


def shortcuts_text() -> str:
    """The keyboard shortcuts: the menus' (`menus.shortcut_table`), moving through a tab,
    and the keys of a presentation (its controller's `HELP`)."""
    from briefing_app.ui.menus import shortcut_table

    lines = [tr("In the window:")]
    lines += [f"  {keys}   {what}" for keys, what in shortcut_table()]
    lines += [
        "  " + tr("Tab / Shift+Tab   the next / previous chart button, table or card of the tab"),
        "  " + tr("Page Down / Page Up, arrows   scroll the tab"),
    ]
    try:
        from briefing_app.ui.presentation.controller import HELP
    except ImportError:  # a build without presenting
        return "\n".join(lines)
    lines += ["", tr("While presenting (F5):")]
    lines += [f"  {item.strip()}" for item in tr(HELP).split(" · ")]
    return "\n".join(lines)


def show_shortcuts(parent: QWidget | None) -> None:
    box = _message_box(parent, tr("Keyboard shortcuts"))
    box.setText(shortcuts_text())
    box.exec()


def show_about(parent: QWidget | None, b: Briefing) -> None:
    box = _message_box(parent, tr("About {app}").format(app=APP_NAME))
    box.setText(f"{APP_NAME} {__version__}")
    box.setInformativeText(
        tr(
            "Offline situation briefings from Frictionless data packages.\n\n"
            "Open briefing: {title}\nVersion {version}, checksum {checksum}\n"
            "Licence of the data: {licence}\n\n"
            "Font: Inter (SIL Open Font License 1.1). Charts: pyqtgraph. UI: Qt for Python."
        ).format(
            title=b.title,
            version=b.version or "–",
            checksum=b.short_checksum,
            licence=b.licence or tr("not stated"),
        )
    )
    box.exec()


def problems_box(parent: QWidget | None, result: LoadResult, what_now: str) -> QMessageBox:
    """The dialog for a package that cannot be opened: every problem (file, row, field,
    what is wrong) as plain text, then *what_now*."""
    box = _message_box(parent, tr("Cannot open this briefing"))
    box.setIcon(QMessageBox.Icon.Warning)
    n = len(result.errors)
    where = safe_text(result.location) if result.location else tr("The package")
    box.setText(
        ntr(
            "{where} has {n} problem(s); it was not opened.",
            "{where} has {n} problem(s); it was not opened.",
            n,
        ).format(where=where, n=fmt_number(n))
    )
    lines = [str(p) for p in result.errors]
    more = tr("… and {n} more (see details)").format(n=fmt_number(len(lines) - 15))
    shown = lines[:15] + ([more] if len(lines) > 15 else [])
    box.setInformativeText("\n".join(shown) + "\n\n" + what_now)
    box.setDetailedText("\n".join(str(p) for p in result.problems))
    box.setObjectName("problems_dialog")
    return box


def show_problems(parent: QWidget | None, result: LoadResult) -> None:
    """A package opened from the window cannot be: its problems; the briefing stays."""
    box = problems_box(
        parent, result, tr("The briefing on screen stays open. Fix the package and try again.")
    )
    # open(), not exec(): window-modal without a nested event loop, so tests can inspect it
    box.open()
    if parent is not None:
        parent._problems_box = box  # type: ignore[attr-defined]


#: what the user chose after the package the app was started on could not be opened
OPEN_ANOTHER, OPEN_BUNDLED, QUIT = "open another", "open bundled", "quit"


def ask_after_failed_start(result: LoadResult, *, offer_bundled: bool) -> str:
    """The app was started on a package it cannot open (from a file manager, say, with no
    terminal to read): its problems, and a way on: another package, the bundled
    briefing, or quit.  Returns `OPEN_ANOTHER`, `OPEN_BUNDLED` or `QUIT`."""
    box = problems_box(
        None, result, tr("Open another briefing instead, or fix the package and start again.")
    )
    choices = {
        box.addButton(tr("Open Another Briefing…"), QMessageBox.ButtonRole.AcceptRole): OPEN_ANOTHER
    }
    if offer_bundled:
        button = box.addButton(tr("Open the Bundled Briefing"), QMessageBox.ButtonRole.AcceptRole)
        choices[button] = OPEN_BUNDLED
    quit_button = box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    choices[quit_button] = QUIT
    box.setDefaultButton(next(iter(choices)))
    box.setEscapeButton(quit_button)
    box.exec()
    return choices.get(box.clickedButton(), QUIT)
