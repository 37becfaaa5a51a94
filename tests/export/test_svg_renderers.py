"""An exported SVG looks the same outside Qt: rendered by librsvg (``rsvg-convert``), every
chart matches its PNG export.  Qt wrote bars as tiny shapes scaled into place, kept thin
by ``vector-effect="non-scaling-stroke"``, which librsvg ignores: black blobs."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from conftest import FULL, load_briefing
from PySide6.QtCore import QEvent
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from briefing_app.content.chartdata import chart_data
from briefing_app.export.svg import SHAPES, chart_svg, flatten_transforms
from briefing_app.render.chart_image import chart_image, plot_host
from briefing_app.render.themes import load_theme

SVG = "{http://www.w3.org/2000/svg}"
W, H = 960, 540
#: blocks of this many pixels a side are compared by their mean colour
BLOCK = 12
#: a block whose mean differs by more than this (0-255) differs; text, rasterised a
#: little differently by each renderer, makes a few such blocks
BLOCK_DIFF = 30
#: the share of the blocks that may differ, and the most the whole picture may differ on
#: average (drawn right: under 0.4 % and 1.5; the blobs: 20-50 % and 25-75)
MAX_DIFFERING = 0.01
MAX_MEAN_DIFF = 3.0

needs_rsvg = pytest.mark.skipif(not shutil.which("rsvg-convert"), reason="needs rsvg-convert")


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    return raw[:, : image.width(), :3].astype(float)


def _blocks(a: np.ndarray) -> np.ndarray:
    h, w = (a.shape[0] // BLOCK) * BLOCK, (a.shape[1] // BLOCK) * BLOCK
    return a[:h, :w].reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK, 3).mean(axis=(1, 3))


def rsvg(svg: bytes, tmp_path) -> QImage:
    src, out = tmp_path / "chart.svg", tmp_path / "chart.png"
    src.write_bytes(svg)
    subprocess.run(
        ["rsvg-convert", "-w", str(W), "-h", str(H), str(src), "-o", str(out)],
        check=True,
        timeout=60,
    )
    return QImage(str(out))


def difference(a: QImage, b: QImage) -> tuple[float, float]:
    """(mean absolute difference, share of differing blocks) of two pictures of one size."""
    d = np.abs(_blocks(_pixels(a)) - _blocks(_pixels(b)))
    return float(d.mean()), float((d.max(axis=2) > BLOCK_DIFF).mean())


@needs_rsvg
@pytest.mark.parametrize(("package", "theme"), [("bundled", "screen"), ("full", "projector-dark")])
def test_every_chart_renders_in_librsvg_as_its_png(qapp, tmp_path, package, theme):
    b = load_briefing(None if package == "bundled" else FULL)
    t = load_theme(theme)
    failed = []
    with plot_host() as host:
        for tab in b.tabs:
            for chart in tab.charts:
                data = chart_data(b, chart)
                png = chart_image(data, b, t, W, H, host)
                svg = rsvg(chart_svg(data, b, t, W, H, host), tmp_path)
                assert svg.size() == png.size()
                mean, differing = difference(svg, png)
                if mean > MAX_MEAN_DIFF or differing > MAX_DIFFERING:
                    failed.append(f"{chart.id}: mean {mean:.1f}, {differing:.1%} of blocks")
                    svg.save(str(tmp_path / f"{chart.id}-rsvg.png"))
    # the plots are deleted later: now, or every stylesheet set after this re-polishes them
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert failed == []


def test_shapes_are_written_in_output_coordinates(qapp):
    b = load_briefing(None)
    chart = b.tabs[0].charts[0]
    root = ET.fromstring(chart_svg(chart_data(b, chart), b, load_theme("screen"), W, H))
    for g in root.iter(f"{SVG}g"):
        if any(child.tag.removeprefix(SVG) in SHAPES for child in g):
            assert "transform" not in g.attrib, g.attrib["transform"]
    for el in root.iter():
        assert el.get("vector-effect") is None


def test_flattening_maps_every_kind_of_shape():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg">'
        b'<g stroke="#000" stroke-width="2" transform="matrix(10,0,0,-2,100,50)">'
        b'<path vector-effect="non-scaling-stroke" d="M0,0 L1,0 L1,5 Z"/>'
        b'<polyline points="0,0 1,1"/><rect x="0" y="0" width="1" height="5"/>'
        b'<line x1="0" y1="0" x2="1" y2="1"/><ellipse cx="1" cy="1" rx="1" ry="1"/></g>'
        b'<g transform="matrix(0,-1,1,0,10,20)"><text x="0" y="0">turned</text></g>'
        b'<g transform="matrix(0,-2,2,0,0,0)"><polyline points="0,0 3,0"/></g></svg>'
    )
    root = ET.fromstring(flatten_transforms(svg))
    g1, g2, g3 = root.findall(f"{SVG}g")
    path, polyline, rect, line, ellipse = list(g1)
    assert "transform" not in g1.attrib
    assert path.get("d") == "M100,50 L110,50 L110,40 Z"
    assert path.get("vector-effect") is None and path.get("stroke-width") is None
    assert polyline.get("points") == "100,50 110,48"
    assert polyline.get("stroke-width") == "8.944", "a scaled pen: 2 × √20"
    assert (rect.get("x"), rect.get("y"), rect.get("width"), rect.get("height")) == (
        "100",
        "40",
        "10",
        "10",
    )
    assert (line.get("x2"), line.get("y2")) == ("110", "48")
    assert (ellipse.get("cx"), ellipse.get("rx"), ellipse.get("ry")) == ("110", "10", "2")
    assert g2.get("transform") == "matrix(0,-1,1,0,10,20)", "text keeps its group's transform"
    assert "transform" not in g3.attrib
    assert next(iter(g3)).get("points") == "0,0 0,-6", "a turned line is mapped too"
