"""Exports of large packages stay bounded, and say what they leave out (#21 item 5).

Behaviour only (the times are `make bench`'s, benchmarks/export_limits.py): a source's
card lists its first figures and counts the rest, which the data export lists; a
section of the handout prints at most `MAX_CARDS` cards and says how many more there are
and where; a chart marking thousands of events makes a label only for those it shows; a
chart of thousands of bars carries no value labels, and every bar and event keeps its
hover.
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest
from conftest import MINIMAL, derive_package, load_briefing

from briefing_app.content.blocks import FIGURES_LISTED_IN, MAX_FIGURES_LISTED
from briefing_app.content.plan import plan_of
from briefing_app.export.csv_export import write_zip

FIGURES = MAX_FIGURES_LISTED + 37
CHECKS = 150
EVENTS = 1_500


def _big(tmp_path):
    """The minimal package with FIGURES more figures from one source, CHECKS checks on
    its first tab and a chart marking EVENTS events."""

    def observations(text: str) -> str:
        rows = [
            f"x{k},losses,2024-{k % 12 + 1:02d}-01,2024-{k % 12 + 1:02d}-28,{k},people,"
            f"Extra {k % 5},gs,,,derived,,\n"
            for k in range(FIGURES)
        ]
        return text + "".join(rows)

    def checks(text: str) -> str:
        rows = [
            f"k{k},Check {k},a-tot,{{m-09}} + {{m-10}},equal,0,people,\n" for k in range(CHECKS)
        ]
        return text + "".join(rows)

    def events(text: str) -> str:
        rows = [
            f"v{k},2024-{k % 12 + 1:02d}-{k % 28 + 1:02d},Event {k},,art\n" for k in range(EVENTS)
        ]
        return text + "".join(rows)

    def descriptor(text: str) -> str:
        d = json.loads(text)
        tab = d["briefing"]["tabs"][0]
        tab["checks"] = ["c1"] + [f"k{k}" for k in range(CHECKS)]
        tab["charts"][0]["events"] = "all"
        return json.dumps(d)

    return derive_package(
        tmp_path / "big",
        {
            "observations.csv": observations,
            "checks.csv": checks,
            "events.csv": events,
            "datapackage.json": descriptor,
        },
    )


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return load_briefing(_big(tmp_path_factory.mktemp("scale")))


def test_a_source_card_lists_its_first_figures_and_says_where_the_rest_are(big, tmp_path):
    gs = plan_of(big).tab_by_id("sources").section("sources")
    card = next(b for b in gs.blocks if b.id == "gs")
    cited = len(big.observations_citing("gs"))
    assert cited > MAX_FIGURES_LISTED
    figures = [ln.text for ln in card.lines if ln.text.startswith("• Figure:")]
    assert len(figures) == MAX_FIGURES_LISTED
    more = cited - MAX_FIGURES_LISTED
    assert f"• … and {more:,} more figures, {FIGURES_LISTED_IN}" in [ln.text for ln in card.lines]
    assert f"Relied on by {cited:,} figures" in card.text
    # the data export lists every one of them
    out = tmp_path / "data.zip"
    write_zip(big, out)
    with zipfile.ZipFile(out) as zf:
        uses = pd.read_csv(io.BytesIO(zf.read("source_uses.csv")), encoding="utf-8-sig")
        readme = zf.read("README.txt").decode("utf-8")
    listed = uses[(uses["source"] == "gs") & (uses["use"] == "figure")]
    assert sorted(listed["id"]) == sorted(big.observations_citing("gs")["id"])
    assert "source_uses.csv" in readme


def test_a_handout_section_prints_at_most_max_cards_and_counts_the_rest(qapp, big):
    from briefing_app.render.handout import LEFT_OUT_WHERE, MAX_CARDS, Content, Styles, a4
    from briefing_app.render.themes import load_theme

    theme = load_theme("screen")
    content = Content(plan_of(big), theme, Styles.of(theme), a4(96), None, False)
    tp = plan_of(big).tab(0)
    shown = len(tp.section("checks").blocks)
    assert shown == CHECKS + 1 > MAX_CARDS
    entries = content.tab_entries(tp)
    cards = [e for e in entries if e.ref and e.ref[0] == "check"]
    assert [e.ref[1] for e in cards] == [b.id for b in tp.section("checks").blocks][:MAX_CARDS]
    from briefing_app.render.page import Notes

    texts = [e.build(Notes(big)) for e in entries if not e.ref]
    said = [t.para.text() for t in texts if hasattr(t, "para")]
    more = shown - MAX_CARDS
    expected = f"… and {more:,} more checks on this tab, not printed here: {LEFT_OUT_WHERE}."
    assert [t for t in said if "more checks" in t] == [expected]


def test_a_chart_of_many_events_makes_only_the_labels_it_shows(qapp, qtbot, big):
    from briefing_app.render.charts import build_chart
    from briefing_app.render.themes import load_theme

    data = plan_of(big).tab(0).charts[0].chart
    assert len(data.events) >= EVENTS
    plot = build_chart(data, load_theme("screen")).plot
    plot.resize(1200, 500)
    plot.show()
    qtbot.waitExposed(plot)
    qapp.processEvents()
    room = plot.top_room
    made = [m for m in room.events if m.made]
    shown = [m for m in made if m.item.isVisible()]
    assert shown and len(made) <= len(shown) + 1  # the first made for its metrics
    assert len(made) < 200 < len(room.events)
    hovers = {h.text for h in plot.hits}
    assert all(m.hover in hovers for m in room.events)  # every event keeps its hover
    plot.close()


def test_a_chart_of_thousands_of_bars_has_no_value_labels_but_every_hover(qapp, tmp_path):
    import pyqtgraph as pg

    from briefing_app.content.chartdata import chart_data
    from briefing_app.render.charts import build_chart
    from briefing_app.render.charts.room import MAX_VALUE_LABELS
    from briefing_app.render.themes import load_theme

    n = MAX_VALUE_LABELS + 10
    rows = "".join(
        f"d{k},losses,{1900 + k // 12}-{k % 12 + 1:02d}-01,{1900 + k // 12}-{k % 12 + 1:02d}-28,"
        f"{k},people,GS monthly,gs,,,derived,,\n"
        for k in range(n)
    )
    pkg = derive_package(
        tmp_path / "bars",
        {"observations.csv": lambda t: t + rows},
        base=MINIMAL,
    )
    b = load_briefing(pkg)
    data = chart_data(b, b.tabs[0].charts[0])
    assert len(data.values) > MAX_VALUE_LABELS
    plot = build_chart(data, load_theme("screen")).plot
    labels = [i for i in plot.getPlotItem().items if isinstance(i, pg.TextItem)]
    assert not [t for t in labels if t.toPlainText() in set(data.values["text"])]
    hovers = {h.text for h in plot.hits}
    assert set(data.values["hover"]) <= hovers
    plot.close()


# -- the handout: a page paints only what is on it ------------------------------------------
def test_an_item_cut_across_pages_paints_only_its_part_on_each_page(qapp):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from briefing_app.render.page import Item, Stack, in_view

    drawn: list[str] = []

    class Probe(Item):
        def __init__(self, name: str) -> None:
            self.name, self.height = name, 100.0

        def draw(self, painter, x, y, ctx) -> None:
            drawn.append(self.name)

    stack = Stack([Probe("a"), Probe("b"), Probe("c")], 10.0)  # at 0, 110, 220
    image = QImage(50, 50, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        assert in_view(painter, 0, 10)  # no clip: everything is in view
        stack.draw(painter, 0, 0, None)
        assert drawn == ["a", "b", "c"]
        drawn.clear()
        painter.setClipRect(QRectF(0, 105, 50, 100))  # this page shows 105..205
        assert in_view(painter, 110, 210) and not in_view(painter, 0, 100)
        stack.draw(painter, 0, 0, None)
        assert drawn == ["b"]
    finally:
        painter.end()


# -- the handout: bounded, and saying where the rest is ---------------------------------------
def _content(big):
    from briefing_app.render.handout import Content, Styles, a4
    from briefing_app.render.themes import load_theme

    theme = load_theme("screen")
    return Content(plan_of(big), theme, Styles.of(theme), a4(96), None, False)


def _said(entries, notes) -> list[str]:
    items = [e.build(notes) for e in entries if not e.ref]
    return [t.para.text() for t in items if hasattr(t, "para")]


def test_a_tab_prints_its_share_of_the_handout_s_cards(qapp, big, monkeypatch):
    from briefing_app.render import handout
    from briefing_app.render.page import Notes

    monkeypatch.setattr(handout, "HANDOUT_CARDS", 10)
    monkeypatch.setattr(handout, "HANDOUT_TAB_CARDS_MIN", 4)
    content = _content(big)
    assert content.tab_cards == 4  # 10 among 3 tabs is 3 each: at least 4
    tp = plan_of(big).tab(0)
    entries = content.tab_entries(tp)
    cards = [e for e in entries if e.ref and e.ref[0] != "chart"]
    assert len(cards) == 4
    shown = len(tp.section("checks").blocks)
    printed = sum(1 for e in cards if e.ref[0] == "check")
    expected = (
        f"… and {shown - printed:,} more checks on this tab, not printed here: "
        f"{handout.LEFT_OUT_WHERE}."
    )
    assert expected in _said(entries, Notes(big))


def test_the_title_page_lists_its_findings_and_counts_the_rest(qapp, big, monkeypatch):
    from briefing_app.render import handout
    from briefing_app.render.page import Notes

    monkeypatch.setattr(handout, "HANDOUT_FINDINGS", 3)
    entries = _content(big).title_page()
    found = plan_of(big).findings()
    assert len(found) > 3
    said = _said(entries, Notes(big))
    assert sum(1 for t in said if t.startswith("• ")) == 3
    assert (
        f"… and {len(found) - 3:,} more checks whose figures disagree, not listed here: "
        f"{handout.LISTED_ELSEWHERE}."
    ) in said


def test_the_last_pages_cite_their_sources_and_count_the_rest(qapp, big, monkeypatch):
    from briefing_app.render import handout
    from briefing_app.render.page import Notes

    monkeypatch.setattr(handout, "HANDOUT_SOURCES", 1)
    said = _said(_content(big).sources_entries(), Notes(big))
    assert sum(1 for t in said if t.startswith("1. ")) == 1
    assert not [t for t in said if t.startswith("2. ")]
    assert [t for t in said if t.startswith(f"… and {len(big.sources) - 1:,} more source")]


# -- a package at the limits: the handout, the slides and the tab images ---------------------
@pytest.fixture(scope="module")
def at_limits(tmp_path_factory):
    """The package at the format's limits (benchmarks/limits.py) with 20,000 figures,
    loaded: every tab, chart and list as long as the limits let them be."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.limits import make_at_limits
    finally:
        sys.path.remove(str(ROOT))
    pkg = make_at_limits(tmp_path_factory.mktemp("limits") / "pkg", observations=20_000)
    return load_briefing(pkg)


#: pages the handout of the package at the limits may have: 50 tabs' share of 1,000 cards,
#: 100 charts with their figures, the title page's findings and 500 sources
MAX_HANDOUT_PAGES = 400


def test_the_handout_of_a_package_at_the_limits_is_bounded_and_says_where_the_rest_is(
    qapp, at_limits
):
    from briefing_app.content.bounds import LISTED_ELSEWHERE
    from briefing_app.render.chart_image import screen_dpi
    from briefing_app.render.handout import layout_handout
    from briefing_app.render.page import Text
    from briefing_app.render.themes import load_theme

    lay, _, _ = layout_handout(at_limits, load_theme("screen"), None, screen_dpi())
    assert len(at_limits.tabs) == 50
    assert len(lay.pages) <= MAX_HANDOUT_PAGES
    said = [
        pl.item.para.text()
        for page in lay.pages
        for pl in page.placements
        if isinstance(pl.item, Text) and pl.top == 0
    ]
    told = [t for t in said if t.startswith("… and ") and t.endswith(f"{LISTED_ELSEWHERE}.")]
    # every tab of 2,000 items says so for each section it cuts; the findings and sources
    assert len(told) >= 47 * 4 + 3
    assert [t for t in said if "more checks whose figures disagree" in t]


def test_the_slides_of_a_package_at_the_limits_are_bounded_and_say_where_the_rest_is(
    qapp, at_limits
):
    from briefing_app.content.bounds import BACKUP_ITEMS
    from briefing_app.render.slides.deck import build_deck
    from briefing_app.render.slides.layout import Metrics
    from briefing_app.render.slides.view import SlideView
    from briefing_app.render.themes import load_theme

    theme = load_theme("projector")
    deck = build_deck(at_limits, theme, 1280, 720)
    backup = [s for s in deck if s.is_backup]
    items = sum(1 for s in backup if s.kind == "cards" for b in s.blocks if b.is_item)
    charts = sum(1 for s in deck if s.kind in ("chart", "timeline"))
    assert items <= BACKUP_ITEMS + len(at_limits.tabs)  # a card split over two slides
    assert charts == 101  # every chart, and the timeline tab's
    notes = [b.lines[0].text for s in backup for b in s.blocks if b.kind == "note"]
    assert len([t for t in notes if "not on the slides" in t]) >= 47
    # the timeline of 2,000 events, labelled every 20th, makes its slide
    timeline = next(s for s in deck if s.kind == "timeline")
    view = SlideView(timeline, at_limits, theme, Metrics(theme, 1280, 720))
    try:
        labels = view.plot.timeline_labels
        assert 0 < len(labels) <= 100 and len(timeline.chart.events) == 2_000
    finally:
        view.close()


def test_the_tab_images_of_a_package_at_the_limits_are_bounded(qapp, at_limits):
    from briefing_app.content.bounds import TAB_IMAGE_PAGES_MIN, TAB_IMAGES_PAGES
    from briefing_app.render.handout import a4
    from briefing_app.render.page import Text
    from briefing_app.render.tab_image import IN_HANDOUT, TabPages
    from briefing_app.render.themes import load_theme

    pages = TabPages(at_limits, load_theme("screen"), 1920, 1080)
    page_height = a4(pages.dpi).height * pages.scale  # pixels
    heights, cut = [], 0
    for tp in pages.plan.tabs:
        tab_page = pages.layout(tp)
        heights.append(tab_page.height)
        said = [pl.item.para.text() for pl in tab_page.page.placements if isinstance(pl.item, Text)]
        cut += any(t.endswith(f"{IN_HANDOUT}.") and "not in this image" in t for t in said)
    assert cut >= 47
    # 40 pages together, or the least a tab may have where the share is smaller
    assert sum(heights) <= (TAB_IMAGES_PAGES + TAB_IMAGE_PAGES_MIN * 10) * page_height


# -- plots deleted as an export goes ------------------------------------------------------------
def test_steps_delete_the_plots_an_export_releases(qapp):
    import shiboken6

    from briefing_app.content.chartdata import chart_data
    from briefing_app.render.chart_image import build_for_export, plot_host
    from briefing_app.render.settle import Steps
    from briefing_app.render.themes import load_theme

    b = load_briefing(MINIMAL)
    data = chart_data(b, b.tabs[0].charts[0])
    with plot_host() as host, Steps() as steps:
        assert steps.active  # no event loop runs in a test
        plot = build_for_export(data, load_theme("screen"), 1.0).plot
        host.layout(plot, 400, 300)
        host.release(plot)
        assert shiboken6.isValid(plot)  # released: deleted later, by nothing here
        steps.settle()
        assert not shiboken6.isValid(plot)
