"""Writing PNG images: all of a set or none, compressed on a worker thread; the tab
images (`write_tab_pngs`) of ``export png OUTDIR`` and of File > Export tab images."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

from briefing_app.content.text import slug
from briefing_app.export import interrupt
from briefing_app.export.atomic import (
    ExportError,
    FileSet,
    Unverified,
    cannot_write,
    explained,
    refuse_inside_package,
)
from briefing_app.export.verify import check_png
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import msg
from briefing_app.model.types import Tab
from briefing_app.render.themes import Theme

#: QImage.save's quality for PNG picks zlib's level, (100 - quality) * 9 // 91: 60 is
#: level 3, about a third less CPU than the default level 6 for files ~3% larger
#: (screenshots: large flat areas).  The pixels are the same at every level.
PNG_QUALITY = 60

#: images rendered but not yet written, at most: each is width x height x 4 bytes
MAX_PENDING = 2


def tab_file_stem(tab: Tab) -> str:
    """A tab's file name: its title in Latin letters, or its id (always ASCII) when the
    title has too few of them (a Cyrillic title made '01-tab.png', '02-tab.png' ...)."""
    return slug(tab.title, "tab") if re.search(r"[A-Za-z]{2}", tab.title) else slug(tab.id, "tab")


def tab_targets(b: Briefing, folder: Path) -> list[Path]:
    """Where each tab's image goes: ``NN-<tab>.png`` in *folder*, in the tabs' order."""
    return [folder / f"{i + 1:02d}-{tab_file_stem(t)}.png" for i, t in enumerate(b.tabs)]


def write_tab_pngs(
    b: Briefing,
    theme: Theme,
    targets: Sequence[Path],
    width: int,
    min_height: int = 0,
    *,
    force: bool = False,
) -> list[Path]:
    """Each tab as one tall page image (`briefing_app.render.tab_image`), *width* pixels
    wide and as tall as its content (at least *min_height*), into *targets* (one per
    tab, `tab_targets`): all of them, or none (`write_pngs`)."""
    from briefing_app.render.tab_image import TooLarge, render_tab_pages

    if len(targets) != len(b.tabs):
        raise ValueError(f"{len(targets)} targets for {len(b.tabs)} tabs")
    refuse_inside_package(b.location, *targets)
    pages = render_tab_pages(b, theme, width, min_height)
    try:
        return write_pngs(
            ((image, target) for (_, image), target in zip(pages, targets, strict=True)),
            force=force,
        )
    except TooLarge as exc:
        raise ExportError(str(exc)) from None  # a Message raised stays one


#: zlib's level for the images `save_png` writes (Qt's `PNG_QUALITY` is the same level)
PNG_LEVEL = 3
#: rows of an image compressed at a time (a 67-megapixel image is 200 MB of pixels)
ROWS_AT_A_TIME = 512


def save_png(image: QImage, path: str | Path) -> bool:
    """Write *image* as PNG; False when it cannot be written.

    Every image exported is painted on an opaque background, so it is written as RGB
    (three bytes a pixel): a quarter less to compress than ARGB, and about twice as fast
    (a 1920x8285 tab page: 0.32 s against 0.73 s at the same level), the same pixels.
    The file is made by `png_bytes`: Qt's writer took 31 ms for a 1920x1080 slide, most of
    it libpng's work on each row and not the compression; this takes 10 ms, the files as
    large (zlib's level 3 as before), the pixels the same.
    """
    if image.format() != QImage.Format.Format_RGB888:
        image = image.convertToFormat(QImage.Format.Format_RGB888)
    try:
        with open(path, "wb") as fh:
            for part in png_bytes(image):
                fh.write(part)
    except OSError:
        return False
    return True


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(image: QImage) -> Iterator[bytes]:
    """An RGB888 *image* as a PNG file, in parts: 8-bit RGB, its resolution (``pHYs``, as
    Qt writes it), its rows unfiltered, compressed a block of rows at a time."""
    if image.format() != QImage.Format.Format_RGB888:
        raise ValueError("png_bytes takes an RGB888 image")
    w, h, line = image.width(), image.height(), image.bytesPerLine()
    yield b"\x89PNG\r\n\x1a\n"
    yield _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    x, y = image.dotsPerMeterX(), image.dotsPerMeterY()
    if x > 0 and y > 0:
        yield _chunk(b"pHYs", struct.pack(">IIB", x, y, 1))
    pixels = np.frombuffer(image.constBits(), dtype=np.uint8, count=line * h).reshape(h, line)
    deflate = zlib.compressobj(PNG_LEVEL)
    for top in range(0, h, ROWS_AT_A_TIME):
        rows = pixels[top : top + ROWS_AT_A_TIME, : w * 3]
        block = np.zeros((len(rows), w * 3 + 1), dtype=np.uint8)  # a 0 a row: no filter
        block[:, 1:] = rows
        data = deflate.compress(block)
        if data:
            yield _chunk(b"IDAT", data)
    yield _chunk(b"IDAT", deflate.flush())
    yield _chunk(b"IEND", b"")


def _save_checked(image: QImage, path: Path) -> None:
    """Save *image* to *path* and decode the file again (on the worker thread, beside the
    rendering of the next image): a write that failed, a full disk, a file cut short."""
    if not save_png(image, path):
        raise explained(msg("the image could not be saved"), path)
    try:
        check_png(path, image.size())
    except Unverified as exc:  # QImage.save said yes to a file cut short
        raise explained(str(exc), path) from None


def write_pngs(items: Iterable[tuple[QImage, Path]], *, force: bool = False) -> list[Path]:
    """Write each (image, target) as PNG; all of them, or none.

    Compressing takes a worker thread (QImage.save releases the GIL and a QImage is
    safe to save from another thread), so while image N is compressed and decoded again
    to check it, *items* renders image N+1.  Each image goes to a temporary file beside
    its target (`FileSet`); only when every one is written and checked are they renamed
    onto the targets.  On any failure (a save, a check, an exception while rendering, a
    signal) the temporary files are removed and no target is touched.  Refuses to
    overwrite a target without *force*.
    """
    jobs: list[tuple[Path, Future[None]]] = []
    checked = 0  # jobs[:checked] are written

    def check(job: tuple[Path, Future[None]]) -> None:
        target, future = job
        try:
            future.result()
        except Unverified as exc:
            raise ExportError(cannot_write(target, exc)) from None
        except OSError as exc:
            raise ExportError(cannot_write(target, exc)) from None

    with FileSet(force=force) as files:  # exits last: renames, or removes, the files
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="png")
        try:
            for image, target in items:
                interrupt.check()  # a signal stops the export here, between images
                tmp = files.add(target)
                jobs.append((target, pool.submit(_save_checked, image, tmp)))
                # a failed save stops the export early; waiting for all but the newest
                # MAX_PENDING bounds the images held in memory
                while checked < len(jobs) and (
                    len(jobs) - checked > MAX_PENDING or jobs[checked][1].done()
                ):
                    check(jobs[checked])
                    checked += 1
            for job in jobs[checked:]:
                check(job)
        finally:
            # before the temporary files are renamed or removed: nothing writes them after
            pool.shutdown(wait=True, cancel_futures=True)
    return [target for target, _ in jobs]


def image_is_blank(image: QImage, min_colours: int = 8) -> bool:
    """True when an image has (nearly) one colour: nothing was drawn."""
    small = image.scaled(160, 100)
    colours = set()
    for y in range(small.height()):
        for x in range(small.width()):
            colours.add(small.pixel(x, y))
            if len(colours) >= min_colours:
                return False
    return True
