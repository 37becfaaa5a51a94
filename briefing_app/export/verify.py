"""Checking a written file before it takes its place (`atomic.FileSet` runs these).

Each check raises `Unverified` saying what is wrong.  No new dependency: a PDF is read
for its structure (header, trailer, cross-reference table, every object where the table
says it is) and, where poppler's ``pdfinfo`` is installed, opened by it; a PNG is
read chunk by chunk, each chunk's CRC checked; an SVG parsed as XML and by Qt's SVG
renderer; a zip tested with `zipfile`; text files (Markdown, CSV) read back byte for
byte.  Qt is imported only by
the checks that need it: ``export csv`` and ``export md`` run without it.
"""

from __future__ import annotations

import mmap
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app.export.errors import Unverified
from briefing_app.model.i18n import msg, nmsg
from briefing_app.model.reasons import os_reason, zip_reason

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QSize

    Verify = Callable[[Path], None]

#: ``startxref`` and the offset after it, near the end of a PDF
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
#: a cross-reference subsection's header: first object number and count
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
#: pdfinfo on a large handout takes well under a second; past this it is not waited for
PDFINFO_SECONDS = 60


def same_bytes(path: Path, data: bytes) -> None:
    """The file at *path* holds exactly *data* (a text export read back)."""
    size = path.stat().st_size
    if size != len(data):
        raise Unverified(
            nmsg(
                "{size} byte was written of {total} (is the disk full?)",
                "{size} bytes were written of {total} (is the disk full?)",
                size,
                size=size,
                total=len(data),
            )
        )
    with open(path, "rb") as fh:
        if fh.read() != data:
            raise Unverified(msg("the file read back differs from what was written"))


def check_pdf(path: Path) -> None:
    """A PDF that opens: its header, its trailer and the cross-reference table it points
    to, every object at the offset the table gives; then ``pdfinfo`` where installed."""
    size = path.stat().st_size
    if size < 64:
        raise Unverified(
            nmsg(
                "the PDF is {size} byte long: it was not written",
                "the PDF is {size} bytes long: it was not written",
                size,
                size=size,
            )
        )
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if not data[:8].startswith(b"%PDF-1."):
            raise Unverified(msg("the PDF has no PDF header"))
        tail = data[max(0, size - 1024) :]
        m = _STARTXREF.search(tail)
        if m is None:
            raise Unverified(msg("the PDF ends without its trailer (it was cut short)"))
        _check_xref(data, int(m.group(1)), size)
    _pdfinfo(path)


def _check_xref(data: mmap.mmap, offset: int, size: int) -> None:
    """The classic cross-reference table at *offset* (what QPdfWriter writes): each
    object it lists in use starts where the table says."""
    if offset >= size or data[offset : offset + 4] != b"xref":
        if re.match(rb"\d+ \d+ obj", data[offset : offset + 32]):
            return  # a cross-reference stream (not written by Qt): pdfinfo judges it
        raise Unverified(msg("the PDF's cross-reference table is not where its trailer says"))
    pos = offset + 4
    while pos < size and data[pos : pos + 1] in b"\r\n ":
        pos += 1
    listed = 0
    while True:
        m = _SUBSECTION.match(data[pos : pos + 40])
        if m is None:
            break
        first, count = int(m.group(1)), int(m.group(2))
        pos += m.end()
        table = data[pos : pos + 20 * count]
        if len(table) != 20 * count:
            raise Unverified(msg("the PDF's cross-reference table is cut short"))
        for k in range(count):
            entry = table[20 * k : 20 * k + 18]
            if entry[17:18] != b"n":
                continue
            where, gen = int(entry[:10]), int(entry[11:16])
            head = f"{first + k} {gen} obj".encode()
            if where >= size or data[where : where + len(head)] != head:
                raise Unverified(
                    msg("object {n} of the PDF is not where its table says", n=str(first + k))
                )
            listed += 1
        pos += 20 * count
    if not listed or b"/Root" not in data[pos : pos + 4096]:
        raise Unverified(msg("the PDF's trailer names no document"))


def _pdfinfo(path: Path) -> None:
    """Open the PDF with poppler's pdfinfo, where it is installed (not on every machine:
    the structural check above stands alone)."""
    exe = shutil.which("pdfinfo")
    if exe is None:
        return
    try:
        r = subprocess.run(
            [exe, str(path)],
            capture_output=True,
            text=True,
            timeout=PDFINFO_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return  # the checker could not run: the structural check stands
    if r.returncode != 0 or "Pages:" not in r.stdout:
        first = (r.stderr.strip().splitlines() or ["no page count"])[0]
        raise Unverified(msg("the PDF does not open (pdfinfo: {detail})", detail=first[:200]))


def png_checker(size: QSize | None = None) -> Verify:
    """A check that a PNG is whole (of *size*, when given): `check_png`."""

    def check(path: Path) -> None:
        check_png(path, size)

    return check


def check_png(path: Path, size: QSize | None = None) -> None:
    """The PNG at *path* is whole: its signature, every chunk whole and its CRC right, a
    header of *size* (when given) first, image data, and the end chunk last; a file cut
    short by a full disk or changed on its way to the disk fails.  Read, not decoded (a
    decode of every image again took longer than writing them: a second for the bundled
    briefing's tab images); the encoder's pixels are the tests' to check.  Safe on a
    worker thread."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise Unverified(
            msg("the PNG cannot be read back ({reason})", reason=os_reason(exc))
        ) from None
    if not data.startswith(_PNG_SIGNATURE):
        raise Unverified(msg("the file is not a PNG (no PNG signature)"))
    at, kinds = len(_PNG_SIGNATURE), []
    while at < len(data):
        if at + 12 > len(data):
            raise Unverified(msg("the PNG is cut short (a chunk's header is missing)"))
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 8 + length
        if end + 4 > len(data):
            raise Unverified(
                msg("the PNG is cut short (in its {kind} chunk)", kind=kind.decode("latin-1"))
            )
        (crc,) = struct.unpack(">I", data[end : end + 4])
        if zlib.crc32(data[at + 4 : end]) != crc:
            raise Unverified(
                msg("the PNG's {kind} chunk is damaged (its CRC)", kind=kind.decode("latin-1"))
            )
        if kind == b"IHDR" and size is not None:
            w, h = struct.unpack(">II", data[at + 8 : at + 16])
            if (w, h) != (size.width(), size.height()):
                raise Unverified(
                    msg(
                        "the PNG is {got}, not {wanted}",
                        got=f"{w}x{h}",
                        wanted=f"{size.width()}x{size.height()}",
                    )
                )
        kinds.append(kind)
        at = end + 4
    if not kinds or kinds[0] != b"IHDR" or b"IDAT" not in kinds or kinds[-1] != b"IEND":
        raise Unverified(msg("the PNG is cut short (no header, no image data or no end)"))


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def check_svg_bytes(data: bytes) -> None:
    """*data* is an SVG document: XML whose root is ``svg``, that Qt's renderer loads."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise Unverified(
            msg(
                "the SVG is not well-formed XML (line {line}, column {column})",
                line=str(exc.position[0]),
                column=str(exc.position[1]),
            )
        ) from None
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise Unverified(msg("the SVG's root element is not <svg>"))
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer

    if not QSvgRenderer(QByteArray(data)).isValid():
        raise Unverified(msg("the SVG does not render"))


def svg_checker(data: bytes) -> Verify:
    """A check that the file written holds the SVG *data*, checked before writing."""

    def check(path: Path) -> None:
        same_bytes(path, data)

    check_svg_bytes(data)
    return check


def zip_checker(names: Sequence[str]) -> Verify:
    """A check that a zip holds *names*, in order, each reading back with its CRC."""

    def check(path: Path) -> None:
        try:
            with zipfile.ZipFile(path) as zf:
                bad = zf.testzip()
                if bad is not None:
                    raise Unverified(msg("member {name} of the zip does not read back", name=bad))
                if zf.namelist() != list(names):
                    raise Unverified(msg("the zip does not hold the files written into it"))
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise Unverified(
                msg("the zip does not open ({reason})", reason=zip_reason(exc))
            ) from None

    return check
