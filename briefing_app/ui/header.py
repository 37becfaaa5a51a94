"""The header bar above every tab of the main window: title, "as of" date and caveat."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import tr
from briefing_app.render.labels import plain_label
from briefing_app.ui.document import BriefingDocument


class HeaderBar(QWidget):
    """Title, "as of" date and caveat, shown above every tab."""

    def __init__(self, doc: BriefingDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 8, 16, 4)
        left = QVBoxLayout()
        left.setSpacing(0)
        self.title = plain_label("", "title")
        self.title.set_selectable(now=True)  # large type: see PlainLabel.set_selectable
        self.subtitle = plain_label("", "muted")
        left.addWidget(self.title)
        left.addWidget(self.subtitle)
        lay.addLayout(left, 1)
        right = QVBoxLayout()
        right.setSpacing(2)
        self.as_of = plain_label("", "chart_title", wrap=False)
        self.as_of.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.caveat = plain_label("", "caveat")
        self.caveat.set_selectable(now=True)  # padded: see PlainLabel.set_selectable
        self.caveat.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.caveat.setMaximumWidth(520)
        right.addWidget(self.as_of, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.caveat, 0, Qt.AlignmentFlag.AlignRight)
        lay.addLayout(right)
        doc.briefing_changed.connect(self._on_briefing_changed)
        self._on_briefing_changed(doc.briefing)

    def _on_briefing_changed(self, b: Briefing) -> None:
        self.title.setText(b.title)
        self.subtitle.setText(b.subtitle)
        self.subtitle.setVisible(bool(b.subtitle))
        self.as_of.setText(tr("As of {date}").format(date=fmt_date(b.as_of)))
        self.caveat.setText(b.caveat)
        self.caveat.setVisible(bool(b.caveat))
        self.setAccessibleName(
            tr("{title}, as of {date}.").format(title=b.title, date=fmt_date(b.as_of))
            + (f" {b.caveat}" if b.caveat else "")
        )

    def refresh(self) -> None:
        """Show the briefing again (in the language now spoken)."""
        self._on_briefing_changed(self.doc.briefing)
