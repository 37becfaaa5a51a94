"""A sortable, copyable table of the rows behind a chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import N_, tr

_Index = QModelIndex | QPersistentModelIndex
#: the header of each column of a chart's table (`content.chartdata`): the CSV export
#: keeps the column names, the window shows them in words
COLUMN_TITLES = {
    "label": N_("label"),
    "id": N_("id"),
    "period_start": N_("period start"),
    "period_end": N_("period end"),
    "value": N_("value"),
    "unit": N_("unit"),
    "series": N_("series"),
    "status": N_("status"),
    "qualifier": N_("qualifier"),
    "later": N_("later"),
    "note": N_("note"),
    "attribution": N_("attribution"),
    "answer": N_("answer"),
    "share": N_("share"),
    "date": N_("date"),
    "event": N_("event"),
    "description": N_("description"),
    "sources": N_("sources"),
}
#: the widest a column gets, in average characters; longer cells wrap
MAX_COLUMN_CHARS = 48


def _cell_text(v: Any) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return ""
    if isinstance(v, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(v)
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat(sep=" ")
    if isinstance(v, float | int | np.integer | np.floating) and not isinstance(v, bool):
        return fmt_number(float(v))
    return str(v)


class DataFrameModel(QAbstractTableModel):
    """Read-only Qt model of a pandas frame; values shown as plain text."""

    def __init__(self, frame: pd.DataFrame, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the rows in the plan's order (events by date), which column -1 restores
        self._original = self._frame = frame.reset_index(drop=True)

    @property
    def frame(self) -> pd.DataFrame:
        return self._frame

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self._frame.iat[index.row(), index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cell_text(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(v, float | int | np.number):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            name = str(self._frame.columns[section])
            title = COLUMN_TITLES.get(name)
            return tr(title) if title else name.replace("_", " ")
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        if 0 <= column < len(self._frame.columns):
            self._frame = self._original.sort_values(
                self._frame.columns[column],
                ascending=order == Qt.SortOrder.AscendingOrder,
                kind="stable",
                na_position="last",
            ).reset_index(drop=True)
        else:  # no column: the rows as the chart gave them
            self._frame = self._original
        self.layoutChanged.emit()


class DataTableView(QTableView):
    """QTableView with Ctrl+C copying the selection as tab-separated text."""

    def __init__(self, frame: pd.DataFrame, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(DataFrameModel(frame, self))
        # sortable by a click on a column's header, but shown first in the chart's own
        # order (events by date): Qt's default indicator would sort by the first
        # column, descending
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.horizontalHeader().setStretchLastSection(True)
        self.setAlternatingRowColors(True)
        # the arrow keys move between cells; Tab leaves the table, not walks every cell
        self.setTabKeyNavigation(False)
        self.fit_columns()

    def showEvent(self, event) -> None:
        # fitted again as shown: the stylesheet's font (larger in the projector themes)
        # applies once the table is polished, after it was first fitted
        self.fit_columns()
        super().showEvent(event)

    def fit_columns(self) -> None:
        """Columns as wide as their text, up to `MAX_COLUMN_CHARS`; a longer text (an
        event's description, a citation) wraps onto more lines in its row, never cut
        off with "…"."""
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.resizeColumnsToContents()
        widest = self.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        for c in range(self.model().columnCount()):
            if self.columnWidth(c) > widest:
                self.setColumnWidth(c, widest)
        self.resizeRowsToContents()

    def selected_text(self) -> str:
        idx = self.selectedIndexes()
        if not idx:
            return ""
        rows = sorted({i.row() for i in idx})
        cols = sorted({i.column() for i in idx})
        model = self.model()
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in cols)]
        for r in rows:
            lines.append("\t".join(str(model.index(r, c).data() or "") for c in cols))
        return "\n".join(lines)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.selected_text())
            event.accept()
            return
        super().keyPressEvent(event)
