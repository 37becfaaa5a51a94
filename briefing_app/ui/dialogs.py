"""The main window's message boxes: the briefing's findings, package warnings, keyboard
shortcuts, about, and the problems of a package that cannot be opened.  Every text in them
is plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from briefing_app import __version__
from briefing_app.content.plan import Plan
from briefing_app.model.briefing import Briefing
from briefing_app.model.loader import LoadResult
from briefing_app.model.problems import Severity

APP_NAME = "Briefing Viewer"

SHORTCUTS = (
    "Ctrl+1…9  go to tab\nCtrl+PgDown / Ctrl+PgUp  next / previous tab\n"
    "Ctrl+T  chart or table\nF5  present, Esc  stop\nF11  full screen\n"
    "Ctrl+O  open briefing\nCtrl+Q  quit"
)


def _message_box(parent: QWidget | None, title: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_warnings(parent: QWidget | None, b: Briefing) -> None:
    """The warnings about the open package (Help > Package warnings, or the status bar):
    not the briefing's findings, which are part of what it says (`show_findings`)."""
    box = _message_box(parent, "Package warnings")
    warnings = b.problems(Severity.WARNING)
    if warnings:
        box.setText(f"{len(warnings)} warning(s) about the package {b.location}:")
        box.setInformativeText("\n".join(str(p) for p in warnings[:30]))
        box.setDetailedText("\n".join(str(p) for p in warnings))
    else:
        box.setText("This package has no warnings.")
    box.exec()


def findings_summary(n: int) -> str:
    """The status bar's line for *n* findings."""
    return f"{n} finding{'' if n == 1 else 's'}: checks whose figures disagree"


def show_findings(parent: QWidget | None, plan: Plan) -> None:
    """The briefing's findings (View > Findings, or the status bar): each check whose
    figures disagree, with the tab that shows it and its verdict."""
    box = _message_box(parent, "Findings of this briefing")
    found = plan.findings()
    if not found:
        box.setText("Every check of this briefing holds.")
        box.exec()
        return
    box.setText(
        f"{findings_summary(len(found))}. They are part of the briefing: the reported "
        "figure against the figure computed from its sources."
    )
    lines = []
    for tab, block in found:
        lines.append(f"{tab}: {block.title}" if tab else block.title)
        lines += [f"    {ln.text}" for ln in block.lines if ln.role == "body"]
    box.setInformativeText("\n".join(lines))
    box.setDetailedText("\n\n".join(block.text for _, block in found))
    box.exec()


def show_shortcuts(parent: QWidget | None) -> None:
    box = _message_box(parent, "Keyboard shortcuts")
    box.setText(SHORTCUTS)
    box.exec()


def show_about(parent: QWidget | None, b: Briefing) -> None:
    box = _message_box(parent, f"About {APP_NAME}")
    box.setText(f"{APP_NAME} {__version__}")
    box.setInformativeText(
        "Offline situation briefings from Frictionless data packages.\n\n"
        f"Open briefing: {b.title}\nVersion {b.version or '–'}, checksum {b.short_checksum}\n"
        f"Licence of the data: {b.licence or 'not stated'}\n\n"
        "Font: Inter (SIL Open Font License 1.1). Charts: pyqtgraph. UI: Qt for Python."
    )
    box.exec()


def show_problems(parent: QWidget | None, result: LoadResult) -> None:
    """The dialog for a package that cannot be opened: every problem, as plain text."""
    box = _message_box(parent, "Cannot open this briefing")
    box.setIcon(QMessageBox.Icon.Warning)
    n = len(result.errors)
    box.setText(f"{result.location or 'The package'} has {n} problem(s); it was not opened.")
    lines = [str(p) for p in result.errors]
    shown = lines[:15] + (
        [f"… and {len(lines) - 15} more (see details)"] if len(lines) > 15 else []
    )
    box.setInformativeText(
        "\n".join(shown) + "\n\nThe briefing on screen stays open. Fix the package and try again."
    )
    box.setDetailedText("\n".join(str(p) for p in result.problems))
    box.setObjectName("problems_dialog")
    # open(), not exec(): window-modal without a nested event loop, so tests can inspect it
    box.open()
    if parent is not None:
        parent._problems_box = box  # type: ignore[attr-defined]
