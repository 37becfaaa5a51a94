"""Plain-text labels for data and the bundled fonts: what any widget drawing package text uses.

Package text is data, never markup: `plain_label` shows it literally, and `rich_tooltip`
escapes it for Qt's rich-text tooltips.  Long unbroken runs get break opportunities
(`briefing_app.content.text.breakable`) so that data cannot widen a window.
"""

from __future__ import annotations

import html
import unicodedata

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from briefing_app.content.text import MAX_NOWRAP, ZWSP, breakable
from briefing_app.paths import resource
from briefing_app.render.kept import KeptPicture

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
#: the bidi algorithm: where such a label paints is not worked out (`KeptLabel._keep_box`)
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


def _left_to_right(text: str) -> bool:
    return not any(unicodedata.bidirectional(c) in _NOT_PLAIN_LTR for c in text)


#: interaction that makes what QLabel paints follow the keyboard (a link's focus, a cursor);
#: links for the mouse (QLabel's default) change only the pointer's shape
_FOLLOWS_KEYS = (
    Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    | Qt.TextInteractionFlag.TextSelectableByKeyboard
    | Qt.TextInteractionFlag.TextEditable
)


class KeptLabel(QLabel):
    """A QLabel that keeps what it painted, to put it back while nothing changed (see
    `paintEvent`), and its heights for width (see `heightForWidth`): for labels painted
    at every tab switch, of any text format (a chart's legend is rich text)."""

    #: heights for width kept per label (a window resized by hand asks for many widths)
    HFW_KEEP = 16
    #: plain text this long or longer keeps its picture (`_may_keep`).  Counted in
    #: callgrind over 20 tab switches, keeping from 40 characters rather than 100 took
    #: 727 M instructions to 614 M, and a tab's first visit 30 M to 23 M: a source line
    #: or a card's wrapped lines cost QLabel a layout and a shaping at every paint
    KEEP_FROM = 40

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hfw: dict[int, int] = {}
        #: what QLabel painted, and the pixels under it (see paintEvent)
        self._kept = KeptPicture()
        #: where QLabel paints (`_keep_box`), for the size it was worked out at
        self._box = QRect()
        self._box_for: tuple[int, int] | None = None
        self._ltr: bool | None = None
        #: whether keeping the picture is worth it (`_may_keep`), once worked out
        self._worth: bool | None = None

    def setText(self, text: str) -> None:
        self._forget()
        super().setText(text)

    def _forget(self) -> None:
        """What was measured and painted no longer holds."""
        self._hfw.clear()
        self._kept.forget()
        self._box_for = None
        self._ltr = None
        self._worth = None

    # -- the picture painted once, put back many times ---------------------------------
    # A tab switch paints every label in sight, and QLabel lays its text out (shaping) and
    # draws every glyph anew each time: about half the instructions of a switch to a tab of
    # cards (callgrind, 3 Dec 2026), and a selectable or rich-text label does it through a
    # text document, dearer still (a tab's takeaway: 2.2 M instructions a paint).  So, from
    # the second paint on in one place, a label keeps a copy of the pixels under its text
    # (`_keep_box`) and of the same pixels once QLabel has painted them
    # (`render.kept.KeptPicture`).  At each paint it copies the pixels under its text
    # again: the same as kept, it puts back the kept picture (a copy, a comparison and a
    # copy back instead of laying out and drawing glyphs); else QLabel paints, and that is
    # kept.  The picture is therefore always what QLabel painted there, pixel for pixel,
    # whatever changed around it.  Not while the label has the focus or a selection, links
    # for the keyboard or a buddy (what QLabel then draws follows the keyboard), nor on a
    # PDF or SVG (`render.kept.raster_device`).  Whatever changes the text or how it is
    # drawn (font, palette, style, enabled, active window, margins, alignment,
    # interaction) reaches `changeEvent` or a setter and forgets.

    def paintEvent(self, event) -> None:
        if not self._may_keep():
            super().paintEvent(event)
            return
        p = QPainter(self)
        size = (self.width(), self.height())
        if self._box_for != size:
            self._box, self._box_for = self._keep_box(), size
        dpr = self.devicePixelRatioF()
        if not self._kept.begin(p, self._box, event.region(), dpr, size, compare=True):
            return  # put back
        p.end()
        painted = False
        try:
            super().paintEvent(event)
            painted = True
        finally:
            self._kept.end(painted)

    def _keep_box(self) -> QRect:
        """Where QLabel may put ink: for plain left-to-right text drawn without a document
        or a frame, the rectangle it lays its text out in, widened by half a line each way
        (glyphs that reach past their advance or line), within the label: the copies made
        at each paint are a fraction of a wide label's.  Else the whole label (QLabel
        paints a frame, and a style sheet's padded and rounded background, outside its
        text)."""
        if (
            self.frameWidth()
            or self.textFormat() != Qt.TextFormat.PlainText
            or self.textInteractionFlags() & _THROUGH_DOCUMENT
        ):
            return self.rect()
        if self._ltr is None:
            self._ltr = _left_to_right(self.text())
        if not self._ltr:
            return self.rect()
        rect, flags = self._text_place()
        fm = self.fontMetrics()
        pad = max(4, fm.height() // 2)
        laid = fm.boundingRect(rect, flags, self.text())
        return laid.adjusted(-pad, -pad, pad, pad).intersected(self.rect())

    def _text_place(self) -> tuple[QRect, int]:
        """The rectangle and flags QLabel lays out the text of a plain, left-to-right label
        without a text document in (QLabelPrivate::documentRect, QLabel::paintEvent)."""
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

    def _may_keep(self) -> bool:
        """Whether to keep the picture: for a label whose painting costs more than keeping
        it does (through a text document, rich text, or `KEEP_FROM` characters or more:
        a copy, a comparison and a copy back cost 30-50 us from Python, more than QLabel
        takes to draw a word or two), and not while what QLabel paints follows the
        keyboard."""
        worth = self._worth
        if worth is None:
            text = self.text()
            flags = self.textInteractionFlags()
            worth = self._worth = bool(
                text
                and not flags & _FOLLOWS_KEYS
                and self.buddy() is None
                and (
                    len(text) >= self.KEEP_FROM
                    or flags & _THROUGH_DOCUMENT
                    or self.textFormat() == Qt.TextFormat.RichText
                    or (self.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text))
                )
            )
        if not worth:
            return False
        selectable = self.textInteractionFlags() & _THROUGH_DOCUMENT
        if self.hasFocus() or (selectable and self.hasSelectedText()):
            self._kept.forget()
            return False
        return True

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

    def setBuddy(self, buddy: QWidget | None) -> None:
        self._forget()  # a buddy's mnemonic is drawn as the keyboard goes
        super().setBuddy(buddy)

    def setNum(self, number: float) -> None:
        self._forget()
        super().setNum(number)

    def clear(self) -> None:
        self._forget()
        super().clear()


class PlainLabel(KeptLabel):
    """A KeptLabel for data: plain text, long runs made breakable (also on later
    `setText`), selectable once a mouse button is pressed on it (`set_selectable`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selectable = False
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
        super().setText(breakable(text) if self.wordWrap() else text)


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
