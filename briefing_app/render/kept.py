"""What a widget painted, kept to be put back while nothing it depends on has changed.

A tab switch paints every label and chart in sight, and Qt lays text out and draws every
glyph and line of them anew each time.  A widget that knows when its picture can no
longer be the same (`render.labels.KeptLabel`, `render.charts.plot.Plot`) keeps what it
painted (`KeptPicture`), copied from the pixels it painted on once Qt has painted it, and
puts that back at the next paint instead.  So the picture is always the one Qt painted.

Only on a raster image (the window's backing store, an offscreen image painted ahead) at
whole pixels and the widget's own scale: then an image drawn back lands pixel for pixel.
Elsewhere (a PDF, an SVG, a scaled export) the widget paints as Qt does, so an export
keeps its text as text and its lines as lines.

All kept pictures together take at most `BUDGET` bytes: past it, those put back least
lately are forgotten (a window's tabs at 1920x1080 keep ~50 MB; a 4K screen, a deck of
slides of charts or a briefing of many tabs would keep more).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter, QRegion


def raster_device(p: QPainter, dpr: float) -> QImage | None:
    """The image *p* paints on, if it paints on one at scale *dpr* moved by whole pixels
    (an image drawn at that scale then lands pixel for pixel); else None.  (Only the raster
    engine paints on a QImage; the checks avoid Qt's enums, each a few microseconds from
    Python, as this runs at every paint of every label.)"""
    engine = p.paintEngine()
    if engine is None:
        return None  # a painter that could not begin
    device = engine.paintDevice()
    if not isinstance(device, QImage):
        return None  # a PDF, an SVG, a printer, a pixmap not in main memory
    t = p.deviceTransform()
    dx, dy = t.dx(), t.dy()
    if (
        t.m11() == dpr
        and t.m22() == dpr
        and not t.m12()
        and not t.m21()
        and not t.m13()
        and not t.m23()
        and dx == int(dx)
        and dy == int(dy)
    ):
        return device
    return None


_RGB32 = QImage.Format.Format_RGB32
_ARGB32 = QImage.Format.Format_ARGB32


def pixels(device: QImage, rect: QRect, rgb32: bool) -> QImage:
    """A copy of *device*'s pixels in *rect*, comparable byte for byte with ``==``
    (*rgb32*: whether the device's format is RGB32)."""
    image = device.copy(rect)
    if rgb32:
        # compared byte for byte (memcmp), the unused byte too, rather than pixel by pixel
        # with it masked: a third of the instructions of a tab switch otherwise
        image.reinterpretAsFormat(_ARGB32)
    return image


_SOURCE = QPainter.CompositionMode.CompositionMode_Source

#: what all kept pictures may take together (bytes)
BUDGET = 96 * 1024 * 1024

#: the kept pictures, put back least lately first: id -> (weak reference, bytes taken)
_KEPT: OrderedDict[int, tuple[weakref.ref, int]] = OrderedDict()
_TAKEN = [0]


def kept_bytes() -> int:
    """What all kept pictures take now (bytes)."""
    return _TAKEN[0]


def _keep(picture: KeptPicture, nbytes: int) -> None:
    """Count *picture*'s new image in, and forget the pictures put back least lately while
    all of them take more than `BUDGET`."""
    key = id(picture)
    _let_go(key)
    _KEPT[key] = (weakref.ref(picture, lambda _ref, key=key: _let_go(key)), nbytes)
    _TAKEN[0] += nbytes
    while _TAKEN[0] > BUDGET and len(_KEPT) > 1:
        oldest_key, (ref, _) = next(iter(_KEPT.items()))
        _let_go(oldest_key)
        oldest = ref()
        if oldest is not None:
            oldest.forget()


def _let_go(key: int) -> None:
    entry = _KEPT.pop(key, None)
    if entry is not None:
        _TAKEN[0] -= entry[1]


#: whether pictures are kept from their first paint at a key (`keeping_from_first`)
_FROM_FIRST = [False]


@contextmanager
def keeping_from_first() -> Iterator[None]:
    """Within it, a picture is kept from its first paint at a key, not its second: for a
    tab painted ahead offscreen, whose next paint is the screen's (`MainWindow._warm_up`).
    Kept from the second, a tab built ahead was painted offscreen twice (15-20 ms of
    idle work) so that its first paint on screen put pictures back."""
    before = _FROM_FIRST[0]
    _FROM_FIRST[0] = True
    try:
        yield
    finally:
        _FROM_FIRST[0] = before


def covers(region: QRegion, rect: QRect) -> bool:
    """Whether *region* (what a paint event paints) holds all of *rect*."""
    return (QRegion(rect) - region).isEmpty()


class KeptPicture:
    """The picture a widget painted at one key (its size, scale, device format and place on
    the device), with the pixels that were under it, from its second paint at that key on
    (its first, painted ahead: `keeping_from_first`): most widgets are painted once at each
    size of a window, and keep nothing.  What is
    kept is the part painted (a widget cut by the edge of a scroll area is only ever
    painted in part), and put back for any paint within that part.

    `begin` says whether to paint: if it returns False the kept picture was put back.
    Otherwise the widget paints as Qt does, then calls `end`, which keeps what was painted.
    """

    __slots__ = (
        "__weakref__",
        "_device",
        "_dpr",
        "_rgb32",
        "_src",
        "_take",
        "_under_before",
        "image",
        "key",
        "paints",
        "part",
        "under",
    )

    def __init__(self) -> None:
        self.key: tuple | None = None
        #: what was painted of the widget's rectangle `part`, and the pixels under it
        #: before (None: not compared)
        self.image: QImage | None = None
        self.under: QImage | None = None
        self.part = QRect()
        self.paints = 0
        self._device: QImage | None = None
        self._src = QRect()
        self._take = QRect()
        self._dpr = 1.0
        self._rgb32 = False
        self._under_before: QImage | None = None

    def forget(self) -> None:
        """What was painted no longer holds (the text, the scene or a style changed)."""
        if self.image is not None:
            _let_go(id(self))
        self.image = self.under = self._under_before = None
        self.paints = 0
        self._device = None

    def begin(
        self, p: QPainter, rect: QRect, region: QRegion, dpr: float, key: tuple, *, compare: bool
    ) -> bool:
        """Before the widget paints *region* of its *rect* (its own coordinates) through
        open painter *p*: False if the picture kept for *key* was put back (then *p* is
        ended), else True (the widget should end *p*, paint as Qt does, and call `end`).
        With *compare*, the pixels under the part painted must be the same as when the
        picture was kept (what the widget paints does not cover them: a label's text over
        its parent's background)."""
        self._device = None
        device = raster_device(p, dpr)
        if device is None:
            return True
        part = region.boundingRect() & rect
        if part.isEmpty():
            return True
        t = p.deviceTransform()
        dx, dy = int(t.dx()), int(t.dy())
        # where on the device, too: Qt's rasteriser rounds some edges (an aliased line
        # ending on a pixel's edge) one way or the other with the whole-pixel offset
        fmt = device.format()
        key = (*key, dpr, dx, dy, fmt)
        if self.key != key:
            # another size or place, or another device (painted ahead, then the screen)
            self.forget()
            self.key = key
            self._rgb32 = fmt == _RGB32
        if self.image is None:
            self.paints += 1
            if self.paints < 2 and not _FROM_FIRST[0]:
                return True
        if dpr == 1.0:
            src = part.translated(dx, dy)
        else:
            src = QRect(
                dx + round(part.x() * dpr),
                dy + round(part.y() * dpr),
                round(part.width() * dpr),
                round(part.height() * dpr),
            )
        under = pixels(device, src, self._rgb32) if compare else None
        if self.image is not None and self.part.contains(part):
            kept_under = self.under
            if compare and part != self.part:
                kept_under = self.under.copy(device_rect_in(part, self.part, dpr))
            if not compare or under == kept_under:
                # the pixels as they were, not blended again over themselves (a rounded
                # corner's partly transparent pixels, on an image that has alpha); only
                # within the region painted (the painter's clip)
                p.setCompositionMode(_SOURCE)
                p.drawImage(self.part.topLeft(), self.image)
                p.end()
                if id(self) in _KEPT:
                    _KEPT.move_to_end(id(self))  # put back lately: kept longest
                return False
        if not covers(region, part):
            return True  # painted in pieces: kept at a paint of one piece
        self._under_before = self.under if self.image is not None else None
        self.under = under
        self._device, self._src, self._take, self._dpr = device, src, part, dpr
        return True

    def end(self, painted: bool = True) -> None:
        """After the widget painted as Qt does, when `begin` said to: keep the picture
        (not if *painted* is False: the paint failed)."""
        device, self._device = self._device, None
        if device is None or not painted:
            return
        image = device.copy(self._src)
        part = QRect(self._take)
        if self.image is not None:
            # painted in pieces (a tab painted ahead in two halves, a scroll area's edge):
            # the piece kept before and this one, when together they make a rectangle
            whole = self.part | part
            if QRegion(self.part) + QRegion(part) == QRegion(whole):
                image = _joined(self.image, self.part, image, part, whole, self._dpr)
                if self.under is not None and self._under_before is not None:
                    self.under = _joined(
                        self._under_before, self.part, self.under, part, whole, self._dpr
                    )
                part = whole
        image.setDevicePixelRatio(self._dpr)
        self.image, self.part = image, part
        self._under_before = None
        under = self.under.sizeInBytes() if self.under is not None else 0
        _keep(self, image.sizeInBytes() + under)


def _joined(a: QImage, a_at: QRect, b: QImage, b_at: QRect, whole: QRect, dpr: float) -> QImage:
    """One image of rectangle *whole* from image *a* of its part *a_at* and *b* of *b_at*
    (widget coordinates; images at scale *dpr*), *b* over *a* where they overlap."""
    out = QImage(device_rect_in(whole, whole, dpr).size(), b.format())
    p = QPainter(out)
    p.setCompositionMode(_SOURCE)
    for image, at in ((a, a_at), (b, b_at)):
        copy = QImage(image)
        copy.setDevicePixelRatio(1.0)  # placed in pixels
        p.drawImage(device_rect_in(at, whole, dpr).topLeft(), copy)
    p.end()
    return out


def device_rect_in(part: QRect, whole: QRect, dpr: float) -> QRect:
    """*part* of rectangle *whole* in the pixels of an image of *whole* at scale *dpr*."""
    return QRect(
        round((part.x() - whole.x()) * dpr),
        round((part.y() - whole.y()) * dpr),
        round(part.width() * dpr),
        round(part.height() * dpr),
    )
