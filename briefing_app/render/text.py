"""Plain-text layout for exports (PDF pages, chart images).

Every string from a package is inserted with ``QTextCursor.insertText``: it is
shown literally, never parsed as HTML.  Words longer than the line break
anywhere.  Text carrying right-to-left letters or bidi controls is wrapped in a
first-strong isolate, so an unbalanced override cannot reverse the text after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPaintDevice,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)

from briefing_app.content.text import clean


@dataclass(frozen=True)
class Style:
    """How a run of text looks: size in points, colour ``#rrggbb``, weight."""

    size: float
    colour: str
    bold: bool = False
    italic: bool = False
    family: str = "Inter"

    def but(self, **changes) -> Style:
        return replace(self, **changes)


Run = tuple[str, Style]


#: OpenType features that swap glyphs by context (Inter: "+", "=", "−", brackets next
#: to digits and capitals).  Qt's PDF writer cannot map a swapped glyph back to its
#: character, so the text could not be searched or copied: turn them off.
_CONTEXTUAL = ("calt", "case")


def plain_font(font: QFont) -> QFont:
    """*font* without contextual glyph swaps, so PDF text can be extracted."""
    f = QFont(font)
    for tag in _CONTEXTUAL:
        f.setFeature(QFont.Tag(tag), 0)
    return f


def qfont(style: Style) -> QFont:
    f = QFont(style.family)
    f.setPointSizeF(max(1.0, style.size))
    f.setBold(style.bold)
    f.setItalic(style.italic)
    return plain_font(f)


def char_format(style: Style) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFont(qfont(style))
    fmt.setForeground(QColor(style.colour))
    return fmt


class Para:
    """Wrapped plain text laid out at a width for a paint device (its DPI sets the metrics)."""

    def __init__(
        self,
        runs: Sequence[Run] | str,
        style: Style,
        width: float,
        device: QPaintDevice | None = None,
        *,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        spacing: float = 0.0,
    ) -> None:
        if isinstance(runs, str):
            runs = [(runs, style)]
        doc = QTextDocument()
        if device is not None:
            doc.documentLayout().setPaintDevice(device)
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        opt.setAlignment(align)
        doc.setDefaultTextOption(opt)
        doc.setDefaultFont(qfont(style))
        cursor = QTextCursor(doc)
        if spacing:
            bf = cursor.blockFormat()
            bf.setBottomMargin(spacing)
            cursor.setBlockFormat(bf)
        for text, st in runs:
            cursor.insertText(clean(text), char_format(st))
        doc.setTextWidth(max(1.0, width))
        self.doc = doc
        self.width = width
        self.style = style

    @property
    def height(self) -> float:
        return self.doc.size().height()

    def text(self) -> str:
        return self.doc.toPlainText()

    def natural_width(self) -> float:
        """Width of the longest line (for one-line labels)."""
        return self.doc.idealWidth()

    def breaks(self) -> list[float]:
        """Y positions below each line, where the paragraph may be cut across pages."""
        out: list[float] = []
        block = self.doc.begin()
        layout = self.doc.documentLayout()
        while block.isValid():
            top = layout.blockBoundingRect(block).top()
            bl = block.layout()
            for i in range(bl.lineCount()):
                line = bl.lineAt(i)
                out.append(top + line.y() + line.height())
            block = block.next()
        return out

    def draw(self, painter: QPainter, x: float, y: float, clip: QRectF | None = None) -> None:
        """Draw at (x, y); *clip* is in the paragraph's own coordinates."""
        painter.save()
        painter.translate(x, y)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        pal = QPalette()
        pal.setColor(QPalette.ColorRole.Text, QColor(self.style.colour))
        ctx.palette = pal
        if clip is not None:
            painter.setClipRect(clip, Qt.ClipOperation.IntersectClip)
            ctx.clip = clip
        elif painter.hasClipping():
            # only the lines inside the painter's clip (a paragraph cut across pages is
            # drawn on each page it runs over: a vector device would keep every line)
            ctx.clip = painter.clipBoundingRect()
        self.doc.documentLayout().draw(painter, ctx)
        painter.restore()
