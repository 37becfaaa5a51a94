"""Charts as SVG, through QSvgGenerator, with every shape in output coordinates.

pyqtgraph's own SVGExporter fails on this Qt; painting the chart with QPainter into
a QSvgGenerator gives paths for bars, lines and axes and text for labels.  But Qt
writes each shape in the coordinates it was painted in, under the item's transform:
a bar is a rectangle 0.37 units wide and 604 high, scaled by 185 and −0.2 into
pixels, with a 1-pixel outline kept thin by ``vector-effect="non-scaling-stroke"``.
librsvg and ImageMagick ignore that property and scale the outline too: every bar a
black blob.  So `flatten_transforms` applies each group's scale and offset to the
coordinates of its shapes (paths, polylines, polygons, rectangles, lines, ellipses)
and drops it; a pen that was not cosmetic gets its width scaled instead.  A group of
text or images keeps its transform, which every renderer handles (ImageMagick only
on the group, not on the text itself), as does a rectangle or ellipse turned by
one.
"""

from __future__ import annotations

import contextlib
import copy
import math
import re
import xml.etree.ElementTree as ET

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter

from briefing_app.content.chartdata import ChartData
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr
from briefing_app.render.chart_image import (
    PlotHost,
    paint_chart_card,
    plot_host,
    provenance,
    scale_for,
    screen_dpi,
)
from briefing_app.render.themes import Theme


def chart_svg(
    data: ChartData,
    b: Briefing,
    theme: Theme,
    width: int,
    height: int,
    host: PlotHost | None = None,
) -> bytes:
    """The chart as an SVG document (QSvgGenerator: vectors and text)."""
    from PySide6.QtSvg import QSvgGenerator

    out = QByteArray()
    buf = QBuffer(out)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(QSize(width, height))
    gen.setViewBox(QRectF(0, 0, width, height))
    gen.setResolution(screen_dpi())
    gen.setTitle(data.title)
    sources = tr("Source: {source}").format(source="; ".join(data.source_lines))
    gen.setDescription("; ".join([sources, provenance(b)]))
    with contextlib.ExitStack() as stack:
        if host is None:
            host = stack.enter_context(plot_host())
        p = QPainter(gen)
        try:
            paint_chart_card(
                p, QRectF(0, 0, width, height), data, b, theme, scale_for(width, height), host
            )
        finally:
            p.end()
    buf.close()
    return flatten_transforms(bytes(out.data()))


SVG_NS = "http://www.w3.org/2000/svg"
_Q = f"{{{SVG_NS}}}"
_MATRIX = re.compile(r"^\s*matrix\(([^)]*)\)\s*$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
#: the elements whose coordinates take their group's transform
SHAPES = frozenset({"path", "polyline", "polygon", "rect", "line", "ellipse"})
#: the absolute path commands QSvgGenerator writes, and how many numbers each takes
_PATH_ARGS = {"M": 2, "L": 2, "C": 6, "Q": 4, "Z": 0}


def flatten_transforms(svg: bytes) -> bytes:
    """*svg* with each group's transform applied to its shapes' coordinates (see the
    module's docstring)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)
    for g in root.iter(f"{_Q}g"):
        m = _matrix(g.get("transform", ""))
        if m is None:
            continue
        if m == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0):
            del g.attrib["transform"]
            continue
        shapes = [child.tag.removeprefix(_Q) in SHAPES for child in g]
        if not shapes or not all(shapes):
            continue  # text (and images) keep their group's transform, as renderers expect
        flat = [copy.deepcopy(child) for child in g]  # all rewritten, or none
        if all(_flatten(child, m, g) for child in flat):
            g[:] = flat
            del g.attrib["transform"]
    # an empty QPainterPath (the first map of a pair draws nothing new) is written as
    # d="": it draws nothing, and SVG readers warn of "invalid path data"
    for parent in root.iter():
        for child in [c for c in parent if c.tag == f"{_Q}path" and not c.get("d", "").strip()]:
            parent.remove(child)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body).encode("utf-8")


Matrix = tuple[float, float, float, float, float, float]


def _matrix(transform: str) -> Matrix | None:
    """(a, b, c, d, e, f) of 'matrix(a,b,c,d,e,f)'; None for anything else."""
    found = _MATRIX.match(transform)
    if not found:
        return None
    values = [float(v) for v in _NUMBER.findall(found.group(1))]
    return tuple(values) if len(values) == 6 else None  # type: ignore[return-value]


def _flatten(el: ET.Element, m: Matrix, group: ET.Element) -> bool:
    """Apply *m* to *el* in place; False if *el* is a shape this cannot rewrite."""
    a, b, c, d, tx, ty = m
    tag = el.tag.removeprefix(_Q)

    def pt(px: str | float, py: str | float) -> str:
        px, py = float(px), float(py)
        return f"{_f(a * px + c * py + tx)},{_f(b * px + d * py + ty)}"

    if el.get("transform"):
        return False
    sx, sy = a, d  # of an axis-aligned matrix (b = c = 0): rectangles and ellipses
    axis_aligned = not b and not c

    def x(v: str | float) -> float:
        return sx * float(v) + tx

    def y(v: str | float) -> float:
        return sy * float(v) + ty

    if tag == "path":
        path = _path(el.get("d", ""), pt)
        if path is None:
            return False
        el.set("d", path)
    elif tag in ("polyline", "polygon"):
        nums = _NUMBER.findall(el.get("points", ""))
        pairs = zip(nums[0::2], nums[1::2], strict=False)
        el.set("points", " ".join(pt(px, py) for px, py in pairs))
    elif tag == "line":
        (x1, y1), (x2, y2) = (
            pt(el.get("x1", 0), el.get("y1", 0)).split(","),
            pt(el.get("x2", 0), el.get("y2", 0)).split(","),
        )
        el.set("x1", x1)
        el.set("y1", y1)
        el.set("x2", x2)
        el.set("y2", y2)
    elif not axis_aligned:
        return False
    elif tag == "rect":
        x0, y0 = x(el.get("x", 0)), y(el.get("y", 0))
        x1 = x(float(el.get("x", 0)) + float(el.get("width", 0)))
        y1 = y(float(el.get("y", 0)) + float(el.get("height", 0)))
        el.set("x", _f(min(x0, x1)))
        el.set("y", _f(min(y0, y1)))
        el.set("width", _f(abs(x1 - x0)))
        el.set("height", _f(abs(y1 - y0)))
    elif tag == "ellipse":
        el.set("cx", _f(x(el.get("cx", 0))))
        el.set("cy", _f(y(el.get("cy", 0))))
        el.set("rx", _f(abs(sx) * float(el.get("rx", 0))))
        el.set("ry", _f(abs(sy) * float(el.get("ry", 0))))
    else:
        return False
    if el.get("vector-effect") == "non-scaling-stroke":
        del el.attrib["vector-effect"]  # a cosmetic pen: its width is in output pixels
    elif group.get("stroke", "none") != "none":
        # a pen that scaled with the shape: its width in output pixels now
        width = float(el.get("stroke-width") or group.get("stroke-width") or 1)
        el.set("stroke-width", _f(width * math.sqrt(abs(a * d - b * c))))
    return True


def _path(d: str, pt) -> str | None:
    """Path data with every point mapped through *pt*; None if it has a command
    QSvgGenerator does not write (relative or arc commands)."""
    out: list[str] = []
    tokens = _PATH_TOKEN.findall(d)
    i = 0
    while i < len(tokens):
        cmd = tokens[i]
        if cmd not in _PATH_ARGS:
            return None
        n = _PATH_ARGS[cmd]
        i += 1
        args = tokens[i : i + n]
        if len(args) != n or any(a.isalpha() for a in args):
            return None
        i += n
        points = [pt(px, py) for px, py in zip(args[0::2], args[1::2], strict=True)]
        out.append(cmd + " ".join(points))
    return " ".join(out)


def _f(v: float) -> str:
    """A coordinate to 1/1000 of a pixel, without trailing zeros."""
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"
