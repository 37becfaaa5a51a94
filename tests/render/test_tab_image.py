"""Tab images (`render.tab_image`): each tab as one tall page, as the handout shows it,
under a header with the briefing's title, as-of date and caveat; the width asked for,
the height the content's; no window around it."""

from __future__ import annotations

import itertools
import math

import pytest
from conftest import MINIMAL
from PySide6.QtGui import QColor, QImage

from briefing_app.content.plan import plan_of
from briefing_app.export.png import image_is_blank
from briefing_app.model.fmt import fmt_date
from briefing_app.model.loader import load_package
from briefing_app.render import tab_image
from briefing_app.render.chart_image import PlotHost, plot_host, screen_dpi
from briefing_app.render.page import Box, ChartItem, Stack, Text
from briefing_app.render.tab_image import TabPage, TabPages, TooLarge
from briefing_app.render.themes import THEME_NAMES, load_theme

WHITE = "#ffffff"  # the screen theme's background


@pytest.fixture(scope="module")
def bundled(qapp):
    result = load_package(None)
    assert result.ok
    return result.briefing


@pytest.fixture(scope="module")
def minimal(qapp):
    return load_package(MINIMAL).briefing


def pages(b, theme_name: str, width: int, min_height: int = 0) -> list[tuple[TabPage, QImage]]:
    """Every tab of *b* laid out and painted, as `render_tab_pages` does."""
    from briefing_app.render.labels import load_fonts

    load_fonts()
    tp = TabPages(b, load_theme(theme_name), width, min_height)
    with plot_host() as host:
        return [(page, tp.paint(page, host)) for page in map(tp.layout, plan_of(b).tabs)]


@pytest.fixture(scope="module")
def bundled_pages(bundled):
    return pages(bundled, "screen", 1920, 1080)


def texts(item) -> list[str]:
    """The text of every paragraph of a placed item."""
    if isinstance(item, Text):
        return [item.para.text()]
    if isinstance(item, Box):
        return [p.text() for p in item.paras]
    if isinstance(item, Stack):
        return [t for i in item.items for t in texts(i)]
    return []


def page_text(page: TabPage) -> str:
    return "\n".join(t for pl in page.page.placements for t in texts(pl.item))


def has_ink(image: QImage, top: int, bottom: int, background: str) -> bool:
    """Whether rows [top, bottom) hold a pixel clearly not the background."""
    bg = QColor(background)
    for y in range(max(0, top), min(image.height(), bottom)):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            diff = abs(c.red() - bg.red()) + abs(c.green() - bg.green())
            if diff + abs(c.blue() - bg.blue()) > 60:
                return True
    return False


def uniform(image: QImage, xs: range, ys: range, colour: str) -> bool:
    rgb = QColor(colour).rgb()
    return all(image.pixel(x, y) == rgb for y in ys for x in xs)


def test_width_as_asked_height_as_the_content(bundled_pages):
    heights = {}
    for page, image in bundled_pages:
        assert image.width() == 1920 and page.width == 1920
        assert image.height() == page.height >= 1080
        units = page.content_bottom() + tab_image.NOTES_GAP
        units += page.layout.notes_height(page.page.notes) + page.geometry.bottom
        assert page.height == max(1080, math.ceil(units * page.scale))
        heights[page.tab.id] = image.height()
    # the casualties tab (a chart, eight checks, notes) is several screens tall
    assert heights["casualties"] > 3 * 1080
    assert len(set(heights.values())) > 1, "the height follows each tab's content"


def test_a_short_tab_is_as_tall_as_the_least_height(minimal):
    shots = pages(minimal, "screen", 1024, 768)
    by_id = {p.tab.id: (p, image) for p, image in shots}
    page, image = by_id["timeline"]
    assert page.content_bottom() * page.scale < 768 - 100
    assert (image.width(), image.height()) == (1024, 768)
    # the foot of the page holds its footer: nothing is left hanging in the middle
    assert has_ink(image, 768 - round(page.geometry.bottom * page.scale), 768, WHITE)


def test_every_entry_is_placed_whole_in_order_and_inside_the_image(bundled_pages):
    for page, image in bundled_pages:
        placements = page.page.placements
        assert len(page.layout.pages) == 1
        assert len(placements) == len(page.entries), page.tab.id  # no entry left out
        for pl in placements:
            assert pl.top == 0 and pl.bottom is None, f"{page.tab.id}: an entry is cut"
        for a, b in itertools.pairwise(placements):
            assert a.y + a.item.height <= b.y + 0.01, f"{page.tab.id}: entries overlap"
        notes = page.layout.notes_para(page.page.notes)
        notes_top = page.layout.bottom - (notes.height if notes else 0)
        assert page.content_bottom() < notes_top - 5, f"{page.tab.id}: notes over the content"
        footer = page.geometry.height - page.geometry.bottom
        assert page.layout.bottom <= footer and footer * page.scale < image.height()
        # every entry is painted where it was placed: something in each one's rows
        for pl in placements:
            if pl.item.height < 2:
                continue
            top, bottom = pl.y * page.scale, (pl.y + pl.item.height) * page.scale
            assert has_ink(image, math.floor(top), math.ceil(bottom), WHITE), (
                f"{page.tab.id}: nothing painted at {top:.0f}-{bottom:.0f}"
            )


def test_every_item_of_the_tab_and_its_source_notes_are_on_its_page(bundled, bundled_pages):
    plan = plan_of(bundled)
    for page, _ in bundled_pages:
        text = page_text(page)
        tp = plan.tab_by_id(page.tab.id)
        if tp.takeaway:
            assert tp.takeaway in text
        cited = False
        for section in tp.sections:
            for block in section.blocks:
                for b in (block, *block.attached):
                    if b.kind == "chart":
                        assert b.chart.title in text
                        cited = True  # its figures' sources
                        continue  # a chart shows its figures, not the window's lines
                    for line in b.lines:
                        assert line.text in text, f"{page.tab.id}: {line.text!r} is missing"
                        cited = cited or line.cite is not None
        # a note [n] per source cited, and the notes listed at the foot
        lines = page.page.notes.lines()
        assert bool(lines) == cited, page.tab.id
        assert all(f"[{k}]" in text for k in range(1, len(lines) + 1))
        if lines:
            assert page.layout.notes_para(page.page.notes).text() == "\n".join(lines)
        assert sum(isinstance(pl.item, Stack) for pl in page.page.placements) >= len(tp.charts)


def test_the_header_has_title_as_of_caveat_and_the_tab_title(bundled, bundled_pages):
    theme = load_theme("screen")
    for page, image in bundled_pages:
        head = [t for pl in page.page.placements[:6] for t in texts(pl.item)]
        assert head[0] == bundled.title
        assert f"As of {fmt_date(bundled.as_of)}" in head
        assert bundled.caveat in head
        assert page.tab.title in head  # the tab's own title follows the header
        # the caveat in the warning colours, near the top
        caveat = next(pl for pl in page.page.placements if bundled.caveat in texts(pl.item))
        y = round((caveat.y + 3) * page.scale)
        x = round((page.geometry.left + 20) * page.scale)
        assert image.pixelColor(x, y) == QColor(theme.warning_bg)
        assert caveat.y * page.scale < 400


def test_no_window_around_the_page(minimal, qapp):
    """No menu bar over the page and no scroll bar beside it: the top margin and the
    side margins are the page's background all the way (a screenshot of the window is
    not, which is what the tab images used to be)."""
    shots = pages(minimal, "screen", 1280, 800)
    for page, image in shots:
        g, k = page.geometry, page.scale
        bg = load_theme("screen").background
        assert uniform(image, range(0, image.width(), 3), range(0, math.floor(g.top * k) - 1), bg)
        right = range(math.ceil((g.width - g.right) * k) + 2, image.width())
        left = range(0, math.floor(g.left * k) - 2)
        assert uniform(image, right, range(0, image.height(), 3), bg), page.tab.id
        assert uniform(image, left, range(0, image.height(), 3), bg), page.tab.id

    from briefing_app.ui.style import apply_theme
    from briefing_app.ui.tab_images import render_tabs

    apply_theme(qapp, load_theme("screen"))
    _, window = next(iter(render_tabs(minimal, load_theme("screen"), 1280, 800)))
    g, k = shots[0][0].geometry, shots[0][0].scale
    assert not uniform(
        window, range(0, window.width(), 3), range(0, math.floor(g.top * k) - 1), bg
    ), "the check would not see a menu bar"


@pytest.mark.parametrize("theme_name", THEME_NAMES)
def test_the_page_is_in_the_themes_colours(minimal, theme_name):
    theme = load_theme(theme_name)
    for page, image in pages(minimal, theme_name, 1024, 768):
        assert not image_is_blank(image)
        for x, y in ((0, 0), (image.width() - 1, image.height() - 1), (image.width() // 2, 2)):
            assert image.pixelColor(x, y) == QColor(theme.background), (theme_name, x, y)
        # the tab's title in the theme's text colour
        title = next(pl for pl in page.page.placements if texts(pl.item) == [page.tab.title])
        top = round(title.y * page.scale)
        rows = range(top, top + round(title.item.height * page.scale))
        xs = range(round(page.geometry.left * page.scale), image.width() // 2)
        found = {image.pixel(x, y) for y in rows for x in xs}
        assert QColor(theme.text).rgb() in found, theme_name


def test_the_page_scales_with_the_width(minimal):
    """Laid out once, A4 wide, and painted at the width: a page 1920 wide is the page
    1024 wide, larger, type and all."""
    narrow = pages(minimal, "screen", 1024, 240)
    wide = pages(minimal, "screen", 1920, 240)
    for (a, ia), (b, ib) in zip(narrow, wide, strict=True):
        assert [pl.y for pl in a.page.placements] == [pl.y for pl in b.page.placements]
        assert abs(ia.height() * 1920 / 1024 - ib.height()) <= 2
        assert a.scale == pytest.approx(1024 / a.geometry.width)
        assert b.scale / a.scale == pytest.approx(1920 / 1024)
    # A4 wide at the handout's resolution: 1920 px is a page at 1920 / 8.27 ≈ 232 dpi
    g = wide[0][0].geometry
    assert g.width == pytest.approx(210 / 25.4 * screen_dpi())


def test_charts_are_laid_out_at_their_size_in_pixels(minimal, monkeypatch):
    sizes = []
    layout = PlotHost.layout

    def record(self, plot, width, height):
        sizes.append((width, height))
        return layout(self, plot, width, height)

    monkeypatch.setattr(PlotHost, "layout", record)
    (page, _), *_ = pages(minimal, "screen", 1920, 240)
    charts = [i for pl in page.page.placements if isinstance(pl.item, Stack) for i in pl.item.items]
    charts = [c for c in charts if isinstance(c, ChartItem)]
    assert charts and sizes
    assert sizes[0] == (round(charts[0].width * page.scale), round(charts[0].height * page.scale))


def test_a_long_tab_makes_a_tall_image_and_nothing_is_cut(make_package, qapp):
    long_quote = " ".join(f"line{k} of a very long quote that runs on and on." for k in range(400))
    pkg = make_package(
        {"quotes.csv": lambda t: t.replace("<b>Not bold</b> & stays literal", long_quote)}
    )
    b = load_package(pkg).briefing
    (page, image), *_ = pages(b, "screen", 1024, 768)
    assert image.height() > 3 * 768
    quote = next(pl for pl in page.page.placements if any("line399" in t for t in texts(pl.item)))
    assert quote.top == 0 and quote.bottom is None
    bottom = (quote.y + quote.item.height) * page.scale
    assert bottom < image.height()
    assert has_ink(image, math.floor(bottom) - 40, math.floor(bottom) - 10, WHITE)


def test_a_page_over_the_pixel_limit_is_refused_with_a_width_that_fits(bundled):
    theme = load_theme("screen")
    tab = plan_of(bundled).tab_by_id("sources")
    with pytest.raises(TooLarge, match=r"at most (\d+) pixels wide") as info:
        TabPages(bundled, theme, 8192).layout(tab)
    fits = int(info.value.args[0].rsplit("at most ", 1)[1].split()[0])
    page = TabPages(bundled, theme, fits).layout(tab)
    assert page.width * page.height <= tab_image.MAX_PIXELS
    with pytest.raises(TooLarge):
        TabPages(bundled, theme, fits + 20).layout(tab)


def test_each_figure_under_a_chart_is_a_line_of_its_own(bundled, bundled_pages):
    """Under a map, its events and then its credit ("Map data: …", a figure without a
    label): each starts a line (the credit ran on after the last event: "… at DniproMap
    data: …")."""
    from briefing_app.content.chartdata import figure_lines

    plan = plan_of(bundled)
    page = next(
        p
        for p, _ in bundled_pages
        if any(c.chart.kind == "map" for c in plan.tab_by_id(p.tab.id).charts)
    )
    lines = page_text(page).splitlines()
    for block in plan.tab_by_id(page.tab.id).charts:
        for figure in figure_lines(block.chart):
            start = figure.split(" — ", 1)[0]
            assert any(line.startswith(start) for line in lines), start


def _chart_items(item) -> list[ChartItem]:
    if isinstance(item, ChartItem):
        return [item]
    if isinstance(item, Stack):
        return [c for i in item.items for c in _chart_items(i)]
    return []


def _map_bands(items: list[ChartItem], scale: float) -> list[tuple[str, float, float]]:
    """For each map chart of *items*, painted *scale* pixels a unit: its view's width over
    its height, its box's height as a share of its width, and the share of its maps' box
    the maps leave empty above and below them."""
    out = []
    with plot_host() as host:
        for item in items:
            plot = item.make_plot()
            canvas = getattr(plot, "map_canvas", None)
            if canvas is not None:
                host.layout(plot, round(item.width * scale), round(item.height * scale))
                box = canvas._arrangement().maps
                rects = canvas.map_rects()
                drawn = max(r.bottom() for r in rects) - min(r.top() for r in rects)
                x0, y0, x1, y1 = canvas.geo.view
                band = 1 - drawn / box.height()
                out.append(((x1 - x0) / (y1 - y0), item.height / item.width, band))
            host.release(plot)
    return out


@pytest.mark.parametrize("where", ["handout", "image 1024", "image 1920"])
def test_a_maps_box_follows_the_maps_shape(bundled, where):
    """The map's box was width x 0.42 whatever the map's shape: the wide pair of the whole
    country had half of it empty above and below. Now it is the least height (within
    `MAP_HEIGHT_SHARES`) at which the maps are drawn as large as they can be: no empty band
    over or under them, unless the box is at its least height; the tall front pair's box
    taller than the country's."""
    from briefing_app.render.chart_image import MAP_HEIGHT_SHARES, match_dpi, screen_dpi
    from briefing_app.render.handout import layout_handout
    from briefing_app.render.labels import load_fonts

    load_fonts()
    theme = load_theme("screen")
    if where == "handout":
        device = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
        match_dpi(device, screen_dpi())
        lay, _, _ = layout_handout(bundled, theme, device, screen_dpi())
        placements = [pl for page in lay.pages for pl in page.placements]
        scale = 1.0
    else:
        tp = TabPages(bundled, theme, int(where.split()[1]))
        page = tp.layout(next(t for t in plan_of(bundled).tabs if t.id == "territory"))
        placements, scale = page.page.placements, page.scale
    items = [c for pl in placements for c in _chart_items(pl.item)]
    bands = sorted(_map_bands(items, scale))  # the tall front's view first
    assert len(bands) == 2, bands
    lo, hi = MAP_HEIGHT_SHARES
    for aspect, share, band in bands:
        assert lo - 0.01 <= share <= hi + 0.01, (aspect, share)
        assert band <= 0.05 or share <= lo + 0.01, (aspect, share, band)
    (front, _, _), (country, _, _) = bands
    assert front < 1 < country
    assert bands[0][1] > bands[1][1]  # the front's box is the taller
