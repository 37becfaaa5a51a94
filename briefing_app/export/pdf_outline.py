"""PDF bookmarks (the outline a viewer shows beside the pages) added to a PDF that
QPdfWriter wrote: Qt has no API for them.

The bookmarks go in as an incremental update, as PDF allows (ISO 32000-1, 7.5.6): the
file's bytes are kept and new objects are appended (the outline's items and a catalog
that names them) with an xref section of their own that points back to the old one.
Only what QPdfWriter writes is read: a classic xref table, a catalog and one page tree
node listing the pages.  Titles are written as UTF-16 hex strings: any text, no escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


class OutlineError(ValueError):
    """The PDF is not one this module can add bookmarks to."""


@dataclass
class Bookmark:
    """An entry of the outline: its title, the page it opens (0-based) and its children."""

    title: str
    page: int
    children: list[Bookmark] = field(default_factory=list)


def _xref_offsets(data: bytes, at: int) -> dict[int, int]:
    """Object number -> byte offset, from the classic xref table at byte *at*."""
    if data[at : at + 4] != b"xref":
        raise OutlineError("no classic xref table")
    lines = data[at:].split(b"\n")
    offsets: dict[int, int] = {}
    k = 1
    while k < len(lines) and not lines[k].startswith(b"trailer"):
        head = lines[k].split()
        k += 1
        if len(head) != 2:
            continue
        first, count = int(head[0]), int(head[1])
        for n in range(count):
            entry = lines[k + n].split()
            if len(entry) >= 3 and entry[2] == b"n":
                offsets[first + n] = int(entry[0])
        k += count
    return offsets


def _object(data: bytes, offsets: dict[int, int], number: int) -> bytes:
    """The dictionary text of object *number* ("<< ... >>")."""
    if number not in offsets:
        raise OutlineError(f"object {number} is not in the xref table")
    start = offsets[number]
    m = re.match(rb"\s*%d\s+0\s+obj\s*(<<.*?>>)\s*endobj" % number, data[start:], re.S)
    if m is None:
        raise OutlineError(f"object {number} is not a dictionary")
    return m.group(1)


def _text(title: str) -> bytes:
    """A PDF text string of *title*: UTF-16BE with a byte order mark, in hex."""
    return b"<FEFF" + title.encode("utf-16-be").hex().upper().encode() + b">"


def add_outline(path: str | Path, bookmarks: list[Bookmark], *, open_pane: bool = True) -> None:
    """Append *bookmarks* to the PDF at *path* (written by QPdfWriter), in place."""
    path = Path(path)
    data = path.read_bytes()
    tail = data[-1024:]
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
    if m is None:
        raise OutlineError("no startxref")
    prev = int(m.group(1))
    trailer = data[data.rindex(b"trailer") :]
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))  # type: ignore[union-attr]
    root = int(re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer).group(1))  # type: ignore[union-attr]
    info = re.search(rb"/Info\s+\d+\s+0\s+R", trailer)
    ident = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    offsets = _xref_offsets(data, prev)
    catalog = _object(data, offsets, root)
    pages_ref = re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog)
    if pages_ref is None:
        raise OutlineError("the catalog names no page tree")
    pages = _object(data, offsets, int(pages_ref.group(1)))
    kids_m = re.search(rb"/Kids\s*\[([^\]]*)\]", pages)
    if kids_m is None:
        raise OutlineError("the page tree lists no pages")
    kids = [int(x) for x in re.findall(rb"(\d+)\s+0\s+R", kids_m.group(1))]

    # number the outline's objects: the root, then the entries depth first
    numbers: dict[int, int] = {}
    flat: list[tuple[Bookmark, Bookmark | None]] = []

    def walk(items: list[Bookmark], parent: Bookmark | None) -> None:
        for item in items:
            flat.append((item, parent))
            walk(item.children, item)

    walk(bookmarks, None)
    outline_root = size
    for k, (item, _) in enumerate(flat):
        numbers[id(item)] = size + 1 + k
    objects: dict[int, bytes] = {}

    def ref(n: int) -> bytes:
        return b"%d 0 R" % n

    def siblings(items: list[Bookmark], parent_n: int) -> None:
        for k, item in enumerate(items):
            page = kids[max(0, min(item.page, len(kids) - 1))]
            parts = [b"/Title " + _text(item.title), b"/Parent " + ref(parent_n)]
            parts.append(b"/Dest [" + ref(page) + b" /Fit]")
            if k > 0:
                parts.append(b"/Prev " + ref(numbers[id(items[k - 1])]))
            if k + 1 < len(items):
                parts.append(b"/Next " + ref(numbers[id(items[k + 1])]))
            if item.children:
                parts.append(b"/First " + ref(numbers[id(item.children[0])]))
                parts.append(b"/Last " + ref(numbers[id(item.children[-1])]))
                parts.append(b"/Count -%d" % len(item.children))  # closed: the deck's parts
                siblings(item.children, numbers[id(item)])
            objects[numbers[id(item)]] = b"<< " + b" ".join(parts) + b" >>"

    if bookmarks:
        siblings(bookmarks, outline_root)
        first, last = numbers[id(bookmarks[0])], numbers[id(bookmarks[-1])]
        objects[outline_root] = b"<< /Type /Outlines /First %s /Last %s /Count %d >>" % (
            ref(first),
            ref(last),
            len(bookmarks),
        )
    # the catalog again, naming the outline (and opening its pane)
    body = re.sub(rb"/(Outlines|PageMode)\s+(\d+\s+0\s+R|/\w+)", b"", catalog[2:-2])
    extra = b" /Outlines " + ref(outline_root) if bookmarks else b""
    if bookmarks and open_pane:
        extra += b" /PageMode /UseOutlines"
    objects[root] = b"<<" + body.rstrip() + extra + b" >>"

    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    where: dict[int, int] = {}
    for n in sorted(objects):
        where[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for n in sorted(where):
        out += b"%d 1\n%010d 00000 n \n" % (n, where[n])
    new_size = max(size, max(where) + 1)
    out += b"trailer\n<< /Size %d /Root %s" % (new_size, ref(root))
    if info:
        out += b" " + info.group(0)
    if ident:
        out += b" " + ident.group(0)
    out += b" /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (prev, xref_at)
    path.write_bytes(bytes(out))
