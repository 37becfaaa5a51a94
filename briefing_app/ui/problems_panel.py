"""The problems panel: every problem of a package that stopped validating while it was
open, one ``FILE:ROW:FIELD: message`` a line; choosing one opens its file in the user's
editor.

Only a file inside the package folder, of a kind that is text (CSV, JSON, Markdown,
plain text), is opened: a package names its files, and a name must not make the viewer
launch a program (a ``.desktop`` file, a script).  A problem inside a zip opens nothing;
the panel says so.  All text is plain text.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import ntr, tr
from briefing_app.model.problems import Problem, Severity
from briefing_app.model.safetext import safe_text

#: the kinds of file a problem may open in the user's editor
OPENABLE = (".csv", ".tsv", ".json", ".txt", ".md")


def openable_file(folder: Path, problem: Problem) -> Path | None:
    """The file *problem* is in, if it may be opened: inside *folder*, a regular file,
    of a text kind (`OPENABLE`)."""
    if not problem.file:
        return None
    path = folder / problem.file
    try:
        real = Path(os.path.realpath(path))
        inside = real.is_relative_to(Path(os.path.realpath(folder)))
    except (OSError, ValueError):
        return None
    if not inside or not real.is_file() or real.suffix.lower() not in OPENABLE:
        return None
    return real


def _open_url(url: QUrl) -> bool:
    # not ``staticmethod(QDesktopServices.openUrl)``: wrapping a PySide function reads its
    # __doc__, which starts shiboken's signature support (~16 ms of every start-up)
    return QDesktopServices.openUrl(url)


class ProblemsPanel(QDockWidget):
    """A dock listing problems; choosing one opens its file and emits `opened` with what
    was done, for the status bar."""

    opened = Signal(str)
    #: how a file is opened (replaced in tests: nothing is launched)
    open_url: Callable[[QUrl], bool] = staticmethod(_open_url)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Problems"), parent)
        self.setObjectName("problems_panel")
        self.setAccessibleName(tr("Problems of the package"))
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(8, 4, 8, 8)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Problems: press Enter to open the file"))
        self.list.itemActivated.connect(self._activated)
        lay.addWidget(self.list, 1)
        self.setWidget(body)
        self.problems: list[Problem] = []
        self.folder: Path | None = None
        self.zipped = False

    def show_problems(self, problems: list[Problem], folder: Path | None, zipped: bool) -> None:
        """List *problems*, errors first; files are opened from *folder*."""
        self.folder, self.zipped = folder, zipped
        self.problems = sorted(problems, key=lambda p: p.severity != Severity.ERROR)
        self.list.clear()
        for p in self.problems:
            prefix = "" if p.severity == Severity.ERROR else tr("warning: ")
            item = QListWidgetItem(prefix + str(p))  # str(p) is safe_text: one line
            item.setToolTip(str(p))
            self.list.addItem(item)
        n = sum(p.severity == Severity.ERROR for p in problems)
        how = (
            "" if zipped else " " + tr("Double-click a problem (or press Enter) to open its file.")
        )
        self.summary.setText(
            ntr(
                "The package has {n} error(s) since it was last saved; the last valid version "
                "stays on screen until they are fixed.",
                "The package has {n} error(s) since it was last saved; the last valid version "
                "stays on screen until they are fixed.",
                n,
            ).format(n=fmt_number(n))
            + how
        )
        self.show()
        if not self.isWindow():
            self.raise_()  # in front of a dock tabbed with it

    def clear(self) -> None:
        self.problems = []
        self.list.clear()
        self.hide()

    @property
    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        self.opened.emit(self.open_problem(self.problems[self.list.row(item)]))

    def open_problem(self, p: Problem) -> str:
        """Open the file of *p* in the user's editor; what was done, for the status bar."""
        if self.zipped or self.folder is None:
            return tr(
                "This problem is inside a zip archive: edit the package's folder, then zip it"
            )
        path = openable_file(self.folder, p)
        if path is None:
            return tr("{file} is not a text file inside the package; not opened").format(
                file=safe_text(p.file)
            )
        self.open_url(QUrl.fromLocalFile(str(path)))
        return tr("Opened {file}").format(file=safe_text(p.file))
