"""Write the app icon as Windows .ico and macOS .icns from the PNG sizes in resources/icons.

Both formats can hold PNG images as they are, so no image library is needed: the
spec calls this at build time (PyInstaller wants .ico on Windows, .icns on macOS).
"""

from __future__ import annotations

import struct
from pathlib import Path

ICON_NAME = "briefing-viewer"
#: the PNG sizes in resources/icons (briefing-viewer-<size>.png)
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: .ico holds up to 256 px
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: .icns element types that hold PNG data, by pixel size (retina "@2x" types reuse sizes)
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def icon_pngs(icons_dir: Path, sizes=SIZES) -> dict[int, bytes]:
    """The PNG bytes per size, checked to be square PNGs of the size their name says."""
    out = {}
    for size in sizes:
        path = icons_dir / f"{ICON_NAME}-{size}.png"
        data = path.read_bytes()
        if png_size(data) != (size, size):
            raise ValueError(f"{path} is {png_size(data)}, expected {size}x{size}")
        out[size] = data
    return out


def write_ico(icons_dir: Path, out: Path) -> Path:
    pngs = icon_pngs(icons_dir, ICO_SIZES)
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs.items():
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(header + entries + blobs)
    return out


def write_icns(icons_dir: Path, out: Path) -> Path:
    pngs = icon_pngs(icons_dir)
    body = b""
    for kind, size in ICNS_TYPES:
        data = pngs[size]
        body += kind + struct.pack(">I", 8 + len(data)) + data
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    return out


def read_ico(path: Path) -> list[tuple[int, bytes]]:
    """(size, png bytes) per image of an .ico written by `write_ico` (for tests)."""
    data = path.read_bytes()
    _, kind, count = struct.unpack("<HHH", data[:6])
    if kind != 1:
        raise ValueError("not an icon file")
    images = []
    for i in range(count):
        entry = data[6 + 16 * i : 22 + 16 * i]
        w, _, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", entry)
        images.append((w or 256, data[offset : offset + length]))
    return images


def read_icns(path: Path) -> list[tuple[bytes, bytes]]:
    """(type, png bytes) per element of an .icns (for tests)."""
    data = path.read_bytes()
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise ValueError("not an icns file")
    pos, out = 8, []
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        out.append((kind, data[pos + 8 : pos + length]))
        pos += length
    return out
