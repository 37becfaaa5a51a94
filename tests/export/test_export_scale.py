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
