"""The map as drawn: the compared pair in still pictures, one map stepping through the
layers in the window, place labels that never overlap, and vectors in SVG."""

from __future__ import annotations

import re

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from briefing_app.content.chartdata import chart_data
from briefing_app.model import i18n
from briefing_app.model.languages import briefing_for
from briefing_app.model.loader import load_package
from briefing_app.render.charts import build_chart
from briefing_app.render.charts.map_parts import Candidate, place_labels, scale_length
from briefing_app.render.themes import load_theme

SIZES = ((1280, 720), (900, 380), (640, 480))
THEMES = ("screen", "projector", "projector-dark")


@pytest.fixture(scope="module")
def bundled():
    result = load_package()
    assert result.ok
    return result.briefing


def _map(b, chart_id: str):
    return chart_data(b, next(c for t in b.tabs for c in t.charts if c.id == chart_id))


def _shown(qtbot, data, theme: str, width: int, height: int):
    plot = build_chart(data, load_theme(theme)).plot
    qtbot.addWidget(plot)
    plot.setMinimumSize(0, 0)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    for _ in range(4):
        QApplication.processEvents()
    return plot


def _labels(plot) -> list[tuple[str, QRectF]]:
    panels = plot.map_canvas.panels
    return [
        (lab.text(), lab.sceneBoundingRect()) for p in panels for lab in p.labels if lab.isVisible()
    ]


def _badges(plot) -> list[QRectF]:
    panels = plot.map_canvas.panels
    return [b.sceneBoundingRect() for p in panels for b in p.badges if b.isVisible()]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("chart_id", ["territory-map", "front-map"])
def test_place_labels_never_overlap_a_label_or_a_marker(qtbot, bundled, chart_id, size, theme):
    plot = _shown(qtbot, _map(bundled, chart_id), theme, *size)
    labels = _labels(plot)
    assert labels, "some places are labelled"
    for i, (a, ra) in enumerate(labels):
        for b, rb in labels[i + 1 :]:
            assert not ra.intersects(rb), (a, b)
        for badge in _badges(plot):
            assert not ra.intersects(badge), a


def test_the_most_important_places_keep_their_labels_when_room_is_short(qtbot, bundled):
    data = _map(bundled, "territory-map")
    small = {t for t, _ in _labels(_shown(qtbot, data, "screen", 640, 480))}
    large = {t for t, _ in _labels(_shown(qtbot, data, "screen", 1920, 1080))}
    assert small < large  # fewer labels, never others
    assert {"Kyiv", "Kharkiv", "Odesa"} <= small


def test_a_still_picture_is_the_compared_pair_and_the_window_steps(qtbot, bundled):
    plot = _shown(qtbot, _map(bundled, "front-map"), "screen", 1280, 720)
    canvas = plot.map_canvas
    furniture = canvas.furniture
    assert [d.textItem.toPlainText() for d in furniture.dates] == ["1 Sep 2024", "1 Dec 2024"]
    assert furniture.summary.textItem.toPlainText() == (
        "1 Sep 2024 · 109,858.6 km²\n"
        "1 Dec 2024 · 111,484.6 km² · +1,626.0 km² since 1 Sep 2024 (net change)"
    )
    # the later map shows what is new: the 1 Dec layer under the 1 Sep layer
    new_colour = QColor(load_theme("screen").highlight)
    fills = [
        item.brush().color()
        for item in canvas.panels[1].frame.childItems()
        if hasattr(item, "brush")
    ]
    assert new_colour in fills
    canvas.show_step(4)  # 1 Nov, in the window
    assert len(canvas.panels) == 1 and canvas.step == 4
    assert plot.getPlotItem().vb.state["mouseEnabled"] == [True, True]
    vb = plot.getPlotItem().vb
    # pointing at what is new between 1 Sep and 1 Nov names the change
    # (Vuhledar was taken in October: around it, land shown on 1 Nov and not on 1 Sep)
    town = next(p for p in canvas.geo.places if p.id == "vuhledar")
    around = range(-10, 11, 2)
    texts = {plot.hit_at(town.x + dx, town.y + dy) for dx in around for dy in around}
    assert any(t and "new after 1 Sep 2024" in t and "+900.1 km²" in t for t in texts), texts
    assert vb.viewRect().width() > 0


def map_text_problems(plot, where: str) -> list[str]:
    """A map's own texts (`MapCanvas.texts`: place labels, numbers, dates, the areas, the
    key, the credit, the scale bar) as drawn in the scene, each whole inside the plot and
    touching no other."""
    box = plot.getPlotItem().vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    rects = [
        (t, item.mapRectToScene(item.boundingRect())) for item, t, _ in plot.map_canvas.texts()
    ]
    out = [
        f"{where}: {t[:30]!r} leaves the plot: {r} in {box}"
        for t, r in rects
        if not box.contains(r)
    ]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if ra.adjusted(1, 1, -1, -1).intersects(rb.adjusted(1, 1, -1, -1)):
                out.append(f"{where}: {a[:20]!r} and {b[:20]!r} overlap")
    return out


def _is_map(block) -> bool:
    return block.chart is not None and block.chart.kind == "map"


@pytest.mark.parametrize("lang", ["en", "uk", i18n.PSEUDO])
def test_a_maps_text_is_whole_inside_its_chart_in_every_tab_image(qapp, bundled, monkeypatch, lang):
    """The tab images (`export png`) of the map tab in every theme at 1024, 1280 and 1920
    pixels: the text beside or under the maps (areas, key, map data and licences) and
    every other text of the maps, as drawn, inside the chart and touching nothing. (In a
    projector theme's larger type at 1024 pixels the text was set beside the maps taller
    than they are, and its last line, "places: GeoNames (CC-BY-4.0)", was cut off.)"""
    from briefing_app.render.chart_image import PlotHost, plot_host
    from briefing_app.render.labels import load_fonts
    from briefing_app.render.tab_image import TabPages

    load_fonts()
    problems: list[str] = []
    painted: list[str] = []
    release = PlotHost.release

    def measured(host, plot):  # each chart once painted, before it is let go
        if getattr(plot, "map_canvas", None) is not None:
            painted.append(plot.map_canvas.geo.label)
            problems.extend(map_text_problems(plot, where))
        release(host, plot)

    monkeypatch.setattr(PlotHost, "release", measured)
    with i18n.language_as(lang):
        b = briefing_for(lang, bundled)
        for theme in THEMES:
            for width in (1024, 1280, 1920):
                where = f"{lang} {theme} {width}"
                pages = TabPages(b, load_theme(theme), width)
                tab = next(t for t in pages.plan.tabs if any(_is_map(c) for c in t.charts))
                with plot_host() as host:
                    pages.paint(pages.layout(tab), host)
    assert len(painted) == 2 * len(THEMES) * 3
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", [(1280, 230), (700, 260), (420, 330), (300, 200)])
def test_a_maps_text_never_runs_out_of_a_short_or_narrow_chart(qtbot, bundled, theme, size):
    """Whatever the chart's size, the map's text is whole inside it: set smaller, or at
    the last left out (the handout prints the events and the credit under the chart),
    never cut off; and the scale bar's text stays inside its map."""
    plot = _shown(qtbot, _map(bundled, "territory-map"), theme, *size)
    assert not map_text_problems(plot, f"{theme} {size}")
    canvas = plot.map_canvas
    scale = canvas.furniture.scale_text
    if scale.isVisible():
        frame = canvas._panel_rect(canvas.panels[0], canvas._arrangement().maps)
        assert frame.adjusted(-0.5, -0.5, 0.5, 0.5).contains(
            scale.mapRectToParent(scale.boundingRect())
        )


def test_the_scale_bar_is_a_round_length():
    assert scale_length(1.0, 160) == 100.0
    assert scale_length(2.7, 160) == 200.0
    assert scale_length(0.04, 160) == 5.0
    assert scale_length(0.0, 160) == 0.0


def test_labels_are_left_out_in_order_and_never_cover_a_dot():
    inside = QRectF(0, 0, 200, 100)
    cands = [Candidate(50, 50, 60, 12, 4, 3), Candidate(60, 50, 60, 12, 4, 3)]
    first, second = place_labels(cands, inside, [])
    assert first is not None and second is not None
    assert not first[1].intersects(second[1])
    # a dot under the first label: the second place is left out, not the first
    cands = [Candidate(50, 50, 60, 12, 4, 3), Candidate(80, 50, 60, 12, 4, 3)]
    first, second = place_labels(cands, QRectF(0, 0, 120, 100), [])
    assert first is not None


def test_the_svg_export_draws_the_map_as_vectors(qtbot, bundled):
    from briefing_app.export.svg import chart_svg

    svg = chart_svg(_map(bundled, "front-map"), bundled, load_theme("screen"), 1280, 720)
    text = svg.decode("utf-8")
    # the layers are paths of hundreds of points, not a picture
    assert "<image" not in text
    longest = max(len(d) for d in re.findall(r' d="([^"]*)"', text))
    assert longest > 5_000
    assert "Map data: DeepStateMap" in text and "GPL-3.0" in text


def test_a_still_picture_cuts_its_shapes_to_the_view(qtbot, bundled):
    """SVG readers do not clip what Qt clips: the shapes themselves end at the view."""
    plot = _shown(qtbot, _map(bundled, "territory-map"), "screen", 1280, 720)
    x0, y0, x1, y1 = plot.map_canvas.geo.view
    view = QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(-1e-6, -1e-6, 1e-6, 1e-6)
    for panel in plot.map_canvas.panels:
        for item in [*panel.shapes, panel.base, panel.new]:
            if not item.path().isEmpty():  # the first map of a pair shows nothing new
                assert view.contains(item.path().boundingRect())


def test_the_dark_theme_draws_what_is_new_in_its_highlight(qtbot, bundled):
    plot = _shown(qtbot, _map(bundled, "front-map"), "projector-dark", 900, 600)
    colours = {
        item.brush().color().name()
        for item in plot.map_canvas.panels[1].frame.childItems()
        if isinstance(item, pg.QtWidgets.QGraphicsPathItem)
    }
    assert load_theme("projector-dark").highlight.lower() in colours


def test_maps_need_no_geometry_library():
    """Maps are measured with numpy and drawn with Qt: shapely, pyproj and geopandas
    stay out of the viewer (and so of the executable)."""
    import subprocess
    import sys

    from conftest import ROOT

    code = (
        "import sys\n"
        "from briefing_app.model.loader import load_package\n"
        "from briefing_app.content.plan import plan_of\n"
        "import briefing_app.render.charts.map\n"
        "b = load_package().briefing\n"
        "[plan_of(b).chart(c) for t in b.tabs for c in t.charts]\n"
        "print(sorted(m for m in ('shapely', 'pyproj', 'geopandas') if m in sys.modules))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_the_map_kinds_module_is_imported_in_a_step_of_its_own(
    qtbot, bundled, monkeypatch, tmp_path
):
    """`build_chart_in_steps`: the empty plot, the kind's modules when first drawn, then
    the drawing, a step each (a map's modules and drawing together were a ~30 ms step).
    A module of its own stands for the map's: importing the map's anew would leave two
    `MapCanvas` classes in this process for the tests after."""
    import sys

    from briefing_app.render.charts import LAZY_RENDERERS, build_chart_in_steps

    assert LAZY_RENDERERS["map"] == "briefing_app.render.charts.map"
    (tmp_path / "lazy_map_probe.py").write_text("IMPORTED = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(LAZY_RENDERERS, "map", "lazy_map_probe")
    chart = next(c for t in bundled.tabs for c in t.charts if c.kind == "map")
    try:
        steps = build_chart_in_steps(chart_data(bundled, chart), load_theme("screen"))
        next(steps)  # the empty plot
        assert "lazy_map_probe" not in sys.modules
        next(steps)  # the modules
        assert "lazy_map_probe" in sys.modules
        with pytest.raises(StopIteration) as done:
            next(steps)  # the drawing
        plot = done.value.value.plot
        qtbot.addWidget(plot)
        assert getattr(plot, "map_canvas", None) is not None, "drawn in the last step"
        again = build_chart_in_steps(chart_data(bundled, chart), load_theme("screen"))
        next(again)
        with pytest.raises(StopIteration) as done:
            next(again)  # imported already: the drawing follows the plot
        qtbot.addWidget(done.value.value.plot)
    finally:
        sys.modules.pop("lazy_map_probe", None)
