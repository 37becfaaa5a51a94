"""Plain-text labels for data and the bundled fonts: what any widget drawing package text uses.

Package text is data, never markup: `plain_label` shows it literally, and `rich_tooltip`
escapes it for Qt's rich-text tooltips.  Long unbroken runs get break opportunities
(`briefing_app.content.text.breakable`) so that data cannot widen a window.
"""

from __future__ import annotations

import html
import unicodedata

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPaintEngine,
    QPainter,
    QTransform,
)
from PySide6.QtWidgets import QLabel, QWidget

from briefing_app.content.text import MAX_NOWRAP, ZWSP, breakable
from briefing_app.paths import resource

_FONTS_LOADED: list[str] = []


def load_fonts() -> None:
    """Register the bundled fonts once (Inter, Latin and Cyrillic)."""
    if _FONTS_LOADED:
        return
    for path in sorted(resource("fonts").glob("*.otf")):
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0:
            _FONTS_LOADED.extend(QFontDatabase.applicationFontFamilies(fid))


def _strip_breaks_from_clipboard() -> None:
    """Text copied from a label leaves without the break opportunities added for display."""
    cb = QGuiApplication.clipboard()
    if cb.ownsClipboard():
        text = cb.text()
        if ZWSP in text:
            cb.setText(text.replace(ZWSP, ""))


_CLIPBOARD_HOOKED: list[bool] = []


#: bidirectional classes that make a text right to left, or its direction a question for
#: the bidi algorithm: such a label paints as QLabel does, every time
_NOT_PLAIN_LTR = frozenset(
    ("R", "AL", "RLE", "RLO", "RLI", "FSI", "LRE", "LRO", "LRI", "PDF", "PDI")
)


#: interaction that makes QLabel lay out and paint through a text document of its own
_THROUGH_DOCUMENT = (
    Qt.TextInteractionFlag.TextSelectableByMouse
    | Qt.TextInteractionFlag.TextSelectableByKeyboard
    | Qt.TextInteractionFlag.TextEditable
)


_EXPAND_TABS = Qt.TextFlag.TextExpandTabs.value
_WORD_WRAP = Qt.TextFlag.TextWordWrap.value
_FORCE_LTR = Qt.TextFlag.TextForceLeftToRight.value
_LEFT = Qt.AlignmentFlag.AlignLeft.value
_RIGHT = Qt.AlignmentFlag.AlignRight.value
_TOP = Qt.AlignmentFlag.AlignTop.value
_BOTTOM = Qt.AlignmentFlag.AlignBottom.value


def _whole_pixels(p: QPainter, dpr: float) -> bool:
    """Whether *p* paints on a raster device at scale *dpr*, moved by whole pixels: an
    image drawn at that scale then lands pixel for pixel."""
    if p.paintEngine().type() != QPaintEngine.Type.Raster:
        return False
    t = p.deviceTransform()
    return (
        t.type().value <= QTransform.TransformationType.TxScale.value
        and abs(t.m11() - dpr) < 1e-9
        and abs(t.m22() - dpr) < 1e-9
        and t.dx() == int(t.dx())
        and t.dy() == int(t.dy())
    )


def _left_to_right(text: str) -> bool:
    return not any(unicodedata.bidirectional(c) in _NOT_PLAIN_LTR for c in text)


class PlainLabel(QLabel):
    """A QLabel for data: plain text, long runs made breakable (also on later `setText`),
    its text kept drawn between paints (see `paintEvent`)."""

    #: heights for width kept per label (a window resized by hand asks for many widths)
    HFW_KEEP = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selectable = False
        self._hfw: dict[int, int] = {}
        # the pixels under the text and the same with the text drawn (see paintEvent)
        self._kept_under: QImage | None = None
        self._kept: QImage | None = None
        self._kept_key: tuple | None = None
        self._box = QRect()
        self._ltr: bool | None = None
        self._paints = 0
        if not _CLIPBOARD_HOOKED:
            _CLIPBOARD_HOOKED.append(True)
            QGuiApplication.clipboard().dataChanged.connect(_strip_breaks_from_clipboard)

    def set_selectable(self, on: bool = True, *, now: bool = False) -> None:
        """Let the mouse select the text (and copy it from the context menu).

        A selectable QLabel lays out and paints through a QTextDocument of its own,
        about a quarter of a tab's cost to build and paint, so the label becomes
        selectable when a mouse button is first pressed on it: the press then starts
        the selection, or opens the Copy menu, as on any selectable label.  The
        document places some text a pixel lower (large type, padding); *now* makes it
        at once for labels that must not move when clicked.
        """
        self._selectable = on
        flag = Qt.TextInteractionFlag
        if not on:
            self.setTextInteractionFlags(flag.NoTextInteraction)
        elif now:
            self.setTextInteractionFlags(flag.TextSelectableByMouse)

    def is_selectable(self) -> bool:
        return self._selectable

    def mousePressEvent(self, event) -> None:
        flag = Qt.TextInteractionFlag
        if self._selectable and not (self.textInteractionFlags() & flag.TextSelectableByMouse):
            self.setTextInteractionFlags(flag.TextSelectableByMouse)
        super().mousePressEvent(event)

    def setText(self, text: str) -> None:
        text = text or ""
        if len(text) > MAX_NOWRAP and not self.wordWrap():
            self.setWordWrap(True)
        self._forget()
        self._ltr = None
        super().setText(breakable(text) if self.wordWrap() else text)

    def _forget(self) -> None:
        """What was measured and drawn no longer holds."""
        self._hfw.clear()
        self._drop_kept()
        self._kept_key = None

    def _drop_kept(self) -> None:
        self._kept_under = self._kept = None
        self._paints = 0

    # -- the text drawn once, painted many times ------------------------------------------
    # A tab switch paints every label in sight, and QLabel lays its text out (shaping) and
    # draws every glyph anew each time: about half the instructions of a switch to a tab of
    # cards (callgrind, 3 Dec 2026).  So, from the second paint on in one place, a label
    # keeps a copy of the pixels under its text and the same pixels with its text drawn on
    # them.  At each paint it copies the pixels under its text again: the same as kept, it
    # puts back the kept picture (two copies and a comparison instead of laying out and
    # drawing glyphs); else it draws its text on the new copy.  The picture is therefore
    # always what QLabel would have painted there, pixel for pixel, whatever changed
    # around it: text is drawn on opaque pixels with the blending the screen gets (text
    # drawn apart on a transparent image blends differently, up to 43 levels at its edges).
    # Only where that holds: plain left-to-right text without a text document (not
    # selectable, no mnemonic), painted on a raster image at whole pixels and the label's
    # own scale; elsewhere (a PDF or SVG export, a scaled export) the text is drawn as
    # QLabel draws it.  Whatever changes the text or how it is drawn (font, palette,
    # style, enabled, margins, alignment) reaches `changeEvent` or a setter and forgets.

    def paintEvent(self, event) -> None:
        if not self._may_keep_drawn():
            super().paintEvent(event)
            return
        # what QLabel.paintEvent does for such a label, in the same order
        p = QPainter(self)
        if self.frameWidth():
            self.drawFrame(p)
        dpr = self.devicePixelRatioF()
        device = p.paintEngine().paintDevice()
        if not isinstance(device, QImage) or not _whole_pixels(p, dpr):
            self._draw_text(p)
            p.end()
            return
        key = (self.width(), self.height(), dpr, device.format())
        if self._kept_key != key:
            # a new size, or another device (an offscreen paint ahead, then the screen):
            # painted once there before anything is kept
            self._drop_kept()
            self._kept_key = key
        if self._kept is None:
            self._paints += 1
            if self._paints < 2:  # most labels are painted once at each size of a window
                self._draw_text(p)
                p.end()
                return
            self._box = self._text_box()
        box = self._box
        t = p.deviceTransform()
        under = device.copy(
            int(t.dx()) + round(box.x() * dpr),
            int(t.dy()) + round(box.y() * dpr),
            round(box.width() * dpr),
            round(box.height() * dpr),
        )
        if under.format() == QImage.Format.Format_RGB32:
            # compared byte for byte (memcmp), the unused byte too, rather than pixel by
            # pixel with it masked: a third of the instructions of a switch otherwise
            under.reinterpretAsFormat(QImage.Format.Format_ARGB32)
        if self._kept is not None and under == self._kept_under:
            p.drawImage(box.topLeft(), self._kept)
            p.end()
            return
        drawn = under.copy()
        drawn.reinterpretAsFormat(device.format())  # drawn on as the device is
        drawn.setDevicePixelRatio(dpr)
        # the font's size in pixels follows the device's dots per inch
        drawn.setDotsPerMeterX(round(self.logicalDpiX() / 0.0254))
        drawn.setDotsPerMeterY(round(self.logicalDpiY() / 0.0254))
        q = QPainter(drawn)
        q.setFont(self.font())
        q.translate(-box.x(), -box.y())
        self._draw_text(q)
        q.end()
        self._kept_under, self._kept = under, drawn
        p.drawImage(box.topLeft(), drawn)
        p.end()

    def _text_box(self) -> QRect:
        """Where the text may put ink: the rectangle it is laid out in, widened by half a
        line each way for glyphs that reach past their advance or line, within the label."""
        rect, flags = self._text_place()
        fm = self.fontMetrics()
        pad = max(4, fm.height() // 2)
        laid = fm.boundingRect(rect, flags, self.text())
        return laid.adjusted(-pad, -pad, pad, pad).intersected(self.rect())

    def _may_keep_drawn(self) -> bool:
        if (
            self.textFormat() != Qt.TextFormat.PlainText
            or self.textInteractionFlags() & _THROUGH_DOCUMENT
            or self.focusPolicy() != Qt.FocusPolicy.NoFocus
            or self.buddy() is not None
            or not self.text()
        ):
            return False
        if self._ltr is None:
            self._ltr = _left_to_right(self.text())
        return self._ltr

    def _text_place(self) -> tuple[QRect, int]:
        """The rectangle and flags QLabel draws the text of a plain, left-to-right label
        without a text document with (QLabelPrivate::documentRect, QLabel::paintEvent)."""
        m = self.margin()
        cr = self.contentsRect().adjusted(m, m, -m, -m)
        align = int(self.alignment().value) | _EXPAND_TABS
        if self.wordWrap():
            align |= _WORD_WRAP
        indent = self.indent()
        if indent < 0 and self.frameWidth():
            indent = self.fontMetrics().horizontalAdvance("x") // 2 - m
        if indent > 0:
            if align & _LEFT:
                cr.setLeft(cr.left() + indent)
            if align & _RIGHT:
                cr.setRight(cr.right() - indent)
            if align & _TOP:
                cr.setTop(cr.top() + indent)
            if align & _BOTTOM:
                cr.setBottom(cr.bottom() - indent)
        return cr, align | _FORCE_LTR

    def _draw_text(self, p: QPainter) -> None:
        """The text as `QLabel.paintEvent` draws it (see `_text_place`)."""
        rect, flags = self._text_place()
        self.style().drawItemText(
            p, rect, flags, self.palette(), self.isEnabled(), self.text(), self.foregroundRole()
        )

    # -- height for width, remembered ---------------------------------------------------
    # Layouts ask a wrapped label its height for a width many times over while a tab is
    # built, shown and painted, and QLabel lays its text out anew for every ask: a PNG
    # export of the bundled briefing asked 8,000 times for 1,400 distinct answers, about a
    # quarter of the instructions spent rendering its tabs.  The answer depends on the
    # label's own text, font, margins and flags only; a change of font, style or margins
    # reaches changeEvent, and the setters for the rest are below.

    def heightForWidth(self, width: int) -> int:
        h = self._hfw.get(width)
        if h is None:
            if len(self._hfw) >= self.HFW_KEEP:
                self._hfw.clear()
            h = self._hfw[width] = super().heightForWidth(width)
        return h

    def changeEvent(self, event) -> None:
        self._forget()
        super().changeEvent(event)

    def setWordWrap(self, on: bool) -> None:
        self._forget()
        super().setWordWrap(on)

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        self._forget()
        super().setTextFormat(fmt)

    def setTextInteractionFlags(self, flags: Qt.TextInteractionFlag) -> None:
        self._forget()  # a selectable label lays out through a text document
        super().setTextInteractionFlags(flags)

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        self._forget()
        super().setAlignment(alignment)

    def setIndent(self, indent: int) -> None:
        self._forget()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:
        self._forget()
        super().setMargin(margin)

    def setNum(self, number: float) -> None:
        self._forget()
        self._ltr = None
        super().setNum(number)

    def clear(self) -> None:
        self._forget()
        self._ltr = None
        super().clear()


def plain_label(
    text: str, name: str = "", *, wrap: bool = True, parent: QWidget | None = None
) -> PlainLabel:
    """A QLabel that shows *text* literally: data is never interpreted as HTML.

    Very long unbroken runs get zero-width break opportunities (see `breakable`)
    and overlong text wraps even when *wrap* is False, so data cannot widen the
    window; the accessible name keeps the text as given.
    """
    label = PlainLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    label.set_selectable()
    if name:
        label.setObjectName(name)
    label.setAccessibleName(text[:200])
    return label


def rich_tooltip(text: str) -> str:
    """Tooltips are rich text in Qt; escape data and force rich mode with <qt>."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
