"""File > Compare with…: what changed since an earlier edition, in a panel and on the charts.

`ComparePanel` loads the earlier edition the user picks (or ``--compare OLD``) in the
background, compares it with the briefing on screen (`content.changes.tab_changes`, the
same result ``briefing-app diff`` prints) and lists the differences tab by tab in a dock;
choosing a tab's entry goes to the tab.  On the charts of each tab, as it is built,
changed and new figures get a star (`render.change_marks`) and a line under the chart
says what changed.  A live reload of the package compares again.  Closing the panel
takes the marks off.  Nothing is written anywhere.
"""

from __future__ import annotations

import contextlib
import html
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.content.changes import ELSEWHERE, STATUS_WORDS, Changes, tab_changes
from briefing_app.model.briefing import Briefing
from briefing_app.model.cache import load_package_cached
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import tr
from briefing_app.model.loader import LoadResult
from briefing_app.model.safetext import safe_text
from briefing_app.render.change_marks import changed_points, mark_changes, unmark
from briefing_app.ui.dialogs import show_problems
from briefing_app.ui.document import settings

if TYPE_CHECKING:
    from briefing_app.ui.chart_panel import ChartPanel
    from briefing_app.ui.main_window import MainWindow

#: a chart's line of changes lists at most this many figures
MAX_LISTED = 6


class _Signals(QObject):
    loaded = Signal(object)


class ComparePanel(QObject):
    """The Compare dock of *window*, and the marks on its charts (see the module)."""

    #: the changes were shown (or cleared: None)
    compared = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.doc = window.doc
        self.old: Briefing | None = None
        self.changes: Changes | None = None
        self.dock = QDockWidget(tr("What changed"), window)
        self.dock.setObjectName("compare_panel")
        self.dock.setAccessibleName(tr("What changed since the earlier edition"))
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(8, 4, 8, 8)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        # hidden, but read by screen readers: Qt would say "1"
        self.tree.setHeaderLabels([tr("What changed")])
        self.tree.setAccessibleName(tr("Changes by tab: press Enter on a tab to go to it"))
        self.tree.itemActivated.connect(self._activated)
        lay.addWidget(self.tree, 1)
        close = QPushButton(tr("Stop comparing"))
        close.setToolTip(tr("Close this panel and take the marks of what changed off the charts"))
        close.clicked.connect(self.stop)
        lay.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.dock.setWidget(body)
        self.dock.setMinimumWidth(420)
        self.dock.hide()
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        #: marks and notes added to chart panels, to take them off again
        self._marks: list[tuple[ChartPanel, list, QLabel]] = []
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._on_loaded)
        self.doc.briefing_changed.connect(lambda _b: self.refresh())
        window.tab_built.connect(self._mark_tab)

    # -- choosing the earlier edition -------------------------------------------------------
    def choose(self) -> None:
        """File > Compare with…: pick the earlier edition."""
        start = str(settings().value("compare_dir", str(Path(self.doc.briefing.location).parent)))
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            tr("Compare with an earlier edition"),
            start,
            tr("Briefing packages (datapackage.json *.zip *.json);;All files (*)"),
        )
        if path:
            settings().setValue("compare_dir", str(Path(path).parent))
            self.compare_with(path)

    def compare_with(self, path: str, *, wait: bool = False) -> None:
        """Compare the briefing on screen with the edition at *path*."""
        self.window.statusBar().showMessage(
            tr("Loading {path} to compare…").format(path=safe_text(path))
        )
        if wait:
            self._on_loaded(load_package_cached(path))
            return
        signals = self._signals

        def work() -> None:
            result = load_package_cached(path)
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                signals.loaded.emit(result)

        threading.Thread(target=work, name="compare-load", daemon=True).start()

    def _on_loaded(self, result: LoadResult) -> None:
        self.window.statusBar().clearMessage()
        if not result.ok or result.briefing is None:
            show_problems(self.window, result)
            return
        self.old = result.briefing
        self.refresh()

    def stop(self) -> None:
        """Stop comparing: the panel closes and the marks come off."""
        self.old = None
        self.changes = None
        self._unmark_all()
        self.dock.hide()
        self.compared.emit(None)

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compare again (the briefing on screen changed) and show the result."""
        if self.old is None:
            return
        self.changes = tab_changes(self.old, self.doc.briefing)
        self._fill()
        self._unmark_all()
        for index in list(self.window.prebuilder.views):
            self._mark_tab(index)
        self.dock.show()
        self.dock.raise_()
        self.compared.emit(self.changes)

    def _fill(self) -> None:
        c = self.changes
        assert c is not None
        d = c.diff
        since = tr("Since {edition}:").format(edition=safe_text(d.old.label))
        self.heading.setText(f"{since}\n{d.summary()}.")
        self.tree.clear()
        for t in c.tabs:
            if t.empty and t.status == "changed":
                continue
            if t.id == ELSEWHERE:
                title = tr(ELSEWHERE)
            elif t.status in STATUS_WORDS:
                title = tr("{title} ({status})").format(
                    title=safe_text(t.title), status=tr(STATUS_WORDS[t.status])
                )
            else:
                title = safe_text(t.title)
            top = QTreeWidgetItem([title])
            top.setData(0, Qt.ItemDataRole.UserRole, t.id)
            for heading, items in t.sections():
                sec = QTreeWidgetItem([f"{heading} ({len(items)})"])
                sec.setData(0, Qt.ItemDataRole.UserRole, t.id)
                for x in items:
                    text = safe_text(x.text.replace("\n    ", " — "))
                    leaf = QTreeWidgetItem([text])
                    # a tool tip is rich text when it looks like markup: escaped
                    leaf.setToolTip(0, f"<span>{html.escape(text)}</span>")
                    leaf.setData(0, Qt.ItemDataRole.UserRole, t.id)
                    sec.addChild(leaf)
                top.addChild(sec)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
            for k in range(top.childCount()):
                top.child(k).setExpanded(True)

    def lines(self) -> list[str]:
        """The tree's text, one line an entry, indented by level (tests)."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem, depth: int) -> None:
            out.append("  " * depth + item.text(0))
            for k in range(item.childCount()):
                walk(item.child(k), depth + 1)

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i), 0)
        return out

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        tab_id = item.data(0, Qt.ItemDataRole.UserRole)
        if tab_id and tab_id != ELSEWHERE:
            self.window.select_tab(tab_id)

    # -- marks on the charts ----------------------------------------------------------------
    def _mark_tab(self, index: int) -> None:
        if self.changes is None:
            return
        view = self.window.prebuilder.views.get(index)
        ids = self.changes.diff.changed_figure_ids()
        figures = {f.id: f for f in self.changes.diff.figures}
        for panel in getattr(view, "chart_panels", []):
            if any(p is panel for p, _, _ in self._marks):
                continue
            data = panel.data
            rows = changed_points(data, ids)
            if not rows:
                continue
            pts = data.points

            def note(k: int, pts=pts) -> str:
                oid = str(pts["id"].iloc[k])
                f = figures.get(oid)
                if f:
                    return tr("Changed: {figure}").format(figure=f.text)
                return tr("New: {figure}").format(figure=oid)

            items = mark_changes(panel.plot, data, ids, self.doc.theme, note)
            listed = [note(k) for k in rows[:MAX_LISTED]]
            more = ""
            if len(rows) > MAX_LISTED:
                more = tr("; and {n} more").format(n=fmt_number(len(rows) - MAX_LISTED))
            since = tr("★ Since the last edition: {changes}").format(changes="; ".join(listed))
            label = QLabel(since + more)
            label.setObjectName("source")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setAccessibleName(tr("What changed in this chart since the last edition"))
            panel.layout().addWidget(label)
            self._marks.append((panel, items, label))

    def _unmark_all(self) -> None:
        for panel, items, label in self._marks:
            with contextlib.suppress(RuntimeError):  # the tab was rebuilt meanwhile
                unmark(panel.plot, items)
                label.deleteLater()
        self._marks = []

    def marked(self) -> list[ChartPanel]:
        """The chart panels that carry marks (tests)."""
        return [p for p, _, _ in self._marks]
