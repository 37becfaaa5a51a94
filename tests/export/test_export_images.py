"""Chart images: PNG at the requested size with scaled pens and type, SVG with paths."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import FULL, MINIMAL
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from briefing_app.content.chartdata import chart_data
from briefing_app.export.png import image_is_blank
from briefing_app.export.svg import chart_svg
from briefing_app.model.loader import load_package
from briefing_app.render.chart_image import chart_image, plot_host, scale_for
from briefing_app.render.themes import load_theme
from briefing_app.ui.style import apply_theme

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = {"path", "rect", "polyline", "polygon", "line", "circle", "ellipse"}


@pytest.fixture(scope="module")
def full(qapp):
    result = load_package(FULL)
    assert result.ok, [str(p) for p in result.errors]
    theme = load_theme("screen")
    apply_theme(qapp, theme)
    return result.briefing, theme


def _charts(b):
    return [c for t in b.tabs for c in t.charts]


def _ink(image: QImage, background: str) -> float:
    """Share of pixels that differ clearly from the background (at 480x270)."""
    small = image.scaled(480, 270)
    bg = QColor(background)
    ink = 0
    for y in range(small.height()):
        for x in range(small.width()):
            c = QColor(small.pixel(x, y))
            if (
                abs(c.red() - bg.red()) + abs(c.green() - bg.green()) + abs(c.blue() - bg.blue())
                > 90
            ):
                ink += 1
    return ink / (small.width() * small.height())


def test_png_has_the_requested_size_and_is_not_blank(full):
    b, theme = full
    with plot_host() as host:
        for chart in _charts(b):
            for w, h in ((800, 450), (1280, 720)):
                image = chart_image(chart_data(b, chart), b, theme, w, h, host)
                assert (image.width(), image.height()) == (w, h), chart.id
                assert not image_is_blank(image), chart.id


def test_type_and_lines_scale_with_the_image(full):
    """A 4K image looks like the 960x540 one, only sharper: no hairlines, no tiny text."""
    b, theme = full
    chart = _charts(b)[0]
    assert scale_for(3840, 2160) == 4 * scale_for(960, 540)
    small = chart_image(chart_data(b, chart), b, theme, 960, 540)
    large = chart_image(chart_data(b, chart), b, theme, 3840, 2160)
    a, z = _ink(small, theme.plot_background), _ink(large, theme.plot_background)
    assert a > 0.02
    assert z == pytest.approx(a, rel=0.3), (a, z)


def test_svg_is_xml_with_paths_and_the_title(full):
    b, theme = full
    for chart in _charts(b):
        data = chart_svg(chart_data(b, chart), b, theme, 960, 540)
        root = ET.fromstring(data)
        assert root.tag == f"{SVG}svg"
        shapes = [e for e in root.iter() if e.tag[len(SVG) :] in SHAPES]
        assert len(shapes) > 5, chart.id  # bars, axes, grid: drawn, not a picture
        assert any(e.tag == f"{SVG}path" for e in shapes)
        assert not list(root.iter(f"{SVG}image")), chart.id
        assert chart.title in data.decode("utf-8")  # title text, and in <title>
        renderer = QSvgRenderer(QByteArray(data))
        assert renderer.isValid()


def test_svg_renders_like_the_png(full):
    b, theme = full
    chart = _charts(b)[0]
    renderer = QSvgRenderer(QByteArray(chart_svg(chart_data(b, chart), b, theme, 960, 540)))
    image = QImage(960, 540, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    renderer.render(p)
    p.end()
    assert not image_is_blank(image)
    png = chart_image(chart_data(b, chart), b, theme, 960, 540)
    assert _ink(image, "#ffffff") == pytest.approx(_ink(png, "#ffffff"), rel=0.35)


def test_hostile_title_is_text_in_svg_not_markup(qapp, tmp_path):
    from conftest import derive_package, edit_json

    def edit(doc):
        doc["briefing"]["tabs"][0]["charts"][0]["title"] = "<script>alert(1)</script> & co"

    pkg = derive_package(tmp_path / "pkg", {"datapackage.json": edit_json(edit)}, base=MINIMAL)
    result = load_package(pkg)
    assert result.ok, [str(p) for p in result.errors]
    b = result.briefing
    data = chart_svg(chart_data(b, b.tabs[0].charts[0]), b, load_theme("screen"), 960, 540).decode(
        "utf-8"
    )
    assert "<script>" not in data
    root = ET.fromstring(data)  # still well-formed XML
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text")) + "".join(
        t.text or "" for t in root.iter(f"{SVG}title")
    )
    assert "<script>alert(1)</script>" in texts or "&lt;script&gt;" in data


def test_a_png_written_is_checked_whole_and_one_cut_short_or_changed_is_not(qapp, tmp_path):
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage

    from briefing_app.export.errors import Unverified
    from briefing_app.export.png import save_png
    from briefing_app.export.verify import check_png

    image = QImage(640, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    path = tmp_path / "a.png"
    assert save_png(image, path)
    back = QImage(str(path))
    assert back.size() == image.size() and back.pixelColor(10, 10) == QColor("#336699")
    check_png(path, QSize(640, 400))
    with pytest.raises(Unverified, match="is 640x400, not 640x401"):
        check_png(path, QSize(640, 401))
    data = path.read_bytes()
    for name, broken, words in [
        ("short", data[: len(data) // 2], "cut short"),
        ("no end", data[:-12], "cut short"),
        ("changed", data[:60] + bytes([data[60] ^ 1]) + data[61:], "damaged"),
        ("text", b"not a png at all", "not a PNG"),
    ]:
        bad = tmp_path / f"{name}.png"
        bad.write_bytes(broken)
        with pytest.raises(Unverified, match=words):
            check_png(bad)
