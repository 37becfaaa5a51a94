"""One plan, shown the same everywhere: a package that puts every kind of item and every
kind of chart on every kind of tab shows the same items, in the same order, in the
window, the slides, the handout (its layout, and the text of the PDF written) and the
registries name a renderer for every kind."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FULL, derive_package, run_python

from briefing_app.content.plan import plan_of
from briefing_app.model import kinds
from briefing_app.model.loader import load_package

#: a marker word in each item's most visible text, to find it in written output
TOKENS = {
    ("check", "c1"): "Zc1Z",
    ("check", "c2"): "Zc2Z",
    ("claim", "cl1"): "Zcl1Z",
    ("claim", "cl2"): "Zcl2Z",
    ("quote", "q1"): "Zq1Z",
    ("quote", "q2"): "Zq2Z",
    ("position", "p1"): "Zp1Z",
    ("position", "p2"): "Zp2Z",
    ("poll", "poll1"): "Zpoll1Z",
    ("poll", "poll2"): "Zpoll2Z",
    ("event", "e1"): "Ze1Z",
    ("event", "e2"): "Ze2Z",
    ("source", "art"): "Zart",
    ("source", "gs"): "Zgs",
    ("source", "s3"): "Zs3",
}


def _every_chart(tab_id: str) -> list[dict]:
    """A chart of every kind a package can hold, with ids unique to the tab."""
    return [
        {
            "id": f"{tab_id}-bar",
            "title": f"Bar {tab_id}",
            "kind": "bar",
            "series": [{"label": "GS monthly", "indicator": "losses", "series": "GS monthly"}],
            "reported": ["a-10"],
            "events": ["e1"],
        },
        {
            "id": f"{tab_id}-grouped",
            "title": f"Grouped {tab_id}",
            "kind": "grouped_bar",
            "series": [
                {"label": "GS", "indicator": "losses", "series": "GS monthly"},
                {"label": "Article", "indicator": "losses", "series": "Article"},
            ],
        },
        {
            "id": f"{tab_id}-compare",
            "title": f"Compare {tab_id}",
            "kind": "comparison",
            "observations": ["a-10", "m-10"],
        },
        {
            "id": f"{tab_id}-line",
            "title": f"Line {tab_id}",
            "kind": "line",
            "series": [
                {
                    "label": "GS daily",
                    "resource": "daily",
                    "x": "date",
                    "y": "cumulative",
                    "source": "gs",
                    "unit": "people",
                }
            ],
            "events": "all",
        },
        {"id": f"{tab_id}-poll", "title": f"Poll {tab_id}", "kind": "poll", "poll": "poll2"},
        {
            "id": f"{tab_id}-events",
            "title": f"Events {tab_id}",
            "kind": "timeline",
            "events": "all",
        },
        {
            "id": f"{tab_id}-map",
            "title": f"Map {tab_id}",
            "kind": "map",
            "label": "Shaded land",
            "base": "countries",
            "country": "Testland",
            "layers": ["land-10", "land-11"],
            "places": "all",
            "events": ["e1"],
        },
    ]


def _square(lon: float, lat: float, size: float) -> list:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size]]
    return [[*ring, ring[0]]]


def _layer(features: list[tuple[str, list]]) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": n},
                    "geometry": {"type": "Polygon", "coordinates": c},
                }
                for n, c in features
            ],
        }
    )


#: the map's files: two countries, land shown on two dates, two places
MAP_FILES = {
    "countries.geojson": _layer(
        [("Testland", _square(30, 48, 2)), ("Otherland", _square(32, 48, 2))]
    ),
    "land-10.geojson": _layer([("", _square(31, 48.5, 0.5))]),
    "land-11.geojson": _layer([("", _square(31, 48.5, 0.8))]),
    "LICENSE.txt": "Licence text of the example map data.\n",
    "places.csv": (
        "id,name,latitude,longitude,source\nalpha,Alpha,49.2,30.5,gs\nbeta,Beta,48.2,31.2,gs\n"
    ),
}


def _map_resources(doc: dict) -> None:
    from briefing_app.model import spec

    licence = [{"name": "EXAMPLE", "path": "LICENSE.txt"}]
    doc["resources"].append(
        {"name": "places", "path": "places.csv", "schema": spec.schema_for("places")}
    )
    doc["resources"].append(
        {
            "name": "countries",
            "path": "countries.geojson",
            "format": "geojson",
            "title": "Countries",
            "sources": [{"id": "gs", "title": "GS"}],
            "licenses": licence,
        }
    )
    for day in ("10", "11"):
        doc["resources"].append(
            {
                "name": f"land-{day}",
                "path": f"land-{day}.geojson",
                "format": "geojson",
                "title": f"Land on 1 {day}",
                "date": f"2024-{day}-01",
                "licenses": licence,
                "sources": [{"id": "s3", "title": "Third"}, {"id": "gs", "title": "GS"}],
            }
        )
    for r in doc["resources"]:
        if r["name"] == "events":
            r["schema"]["fields"].append(spec.EVENT_PLACE_FIELD)


def _everywhere(doc: dict) -> None:
    lists = {
        "checks": ["c2", "c1"],
        "claims": ["cl2", "cl1"],
        "quotes": ["q2", "q1"],
        "positions": ["p2", "p1"],
        "polls": ["poll1", "poll2"],
        "events": ["e2", "e1"],
        "sources": ["s3", "gs", "art"],
    }
    assert set(lists) == set(kinds.ITEM_KEYS), "every item kind is placed"
    tabs = []
    for kind in kinds.TAB_KINDS:  # one tab of every kind, each holding everything
        tab = {"id": f"t-{kind}", "title": f"Tab {kind}", "kind": kind, "takeaway": "Zt"}
        tab |= lists
        tab["charts"] = _every_chart(f"t-{kind}")
        tabs.append(tab)
    doc["briefing"]["tabs"] = tabs
    _map_resources(doc)


def _append(name: str, rows: str):
    return lambda text: text.rstrip("\n") + "\n" + rows


def _mark(pairs: dict[str, str]):
    def change(text: str) -> str:
        for old, new in pairs.items():
            assert old in text, old
            text = text.replace(old, new, 1)
        return text

    return change


@pytest.fixture(scope="module")
def everything(tmp_path_factory) -> Path:
    """tests/fixtures/full with a second item of every kind, every item marked with its
    token, and every tab kind listing every item kind and charts of every kind."""
    from conftest import edit_json

    dest = tmp_path_factory.mktemp("everything") / "pkg"
    return derive_package(
        dest,
        {
            "datapackage.json": edit_json(_everywhere),
            "checks.csv": lambda t: (
                _mark({"Two-month total": "Two-month total Zc1Z"})(t)
                + "c2,Derived Zc2Z,,{m-09} * 2,equal,,people,\n"
            ),
            "claims.csv": lambda t: (
                _mark({"Losses rose in October": "Losses rose Zcl1Z"})(t)
                + "cl2,losses,Second claim Zcl2Z,,,,gs,\n"
            ),
            "quotes.csv": lambda t: (
                _mark({"stays literal": "stays literal Zq1Z"})(t)
                + "q2,B. Person,,Second quote Zq2Z,2024-11-29,gs,,verified,\n"
            ),
            "positions.csv": lambda t: (
                _mark({"Wants talks": "Wants talks Zp1Z"})(t)
                + "p2,Party B,guarantees,Wants guarantees Zp2Z,,gs,\n"
            ),
            "polls.csv": lambda t: (
                _mark({"Should talks start?": "Should talks start Zpoll1Z?"})(t)
                + "poll2,Pollster Y,,2024-11-02,2024-11-09,500,online,Second poll Zpoll2Z?,gs,\n"
            ),
            "poll_answers.csv": _append("poll_answers", "poll2,Yes,60\npoll2,No,40\n"),
            "events.csv": lambda t: (
                _mark(
                    {
                        "Something happened": "Something happened Ze1Z",
                        "sources\n": "sources,place\n",
                    }
                )(t).replace(",art\n", ",art,alpha\n")
                + "e2,2024-09-10,Earlier event Ze2Z,,gs,\n"
            ),
            **MAP_FILES,
            "sources.csv": lambda t: (
                _mark(
                    {
                        '"Example article"': '"Example article Zart"',
                        "daily loss reports": "reports Zgs",
                    }
                )(t)
                + "s3,Third Publisher,Third,Third report Zs3,2024-11-01,,\n"
            ),
        },
        base=FULL,
    )


@pytest.fixture(scope="module")
def briefing(everything):
    result = load_package(everything)
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


def test_the_package_places_every_item_kind_on_every_tab_kind(briefing):
    plan = plan_of(briefing)
    assert {t.kind for t in briefing.tabs} == set(kinds.TAB_KINDS)
    for tp in plan.tabs:
        shown = {k for k, _ in tp.items()}
        assert shown == {"chart", *(k.singular for k in kinds.ITEM_KINDS)}, tp.id
        charts = {b.chart.kind for b in tp.charts}
        assert charts == set(kinds.CHART_KINDS), tp.id
        # items keep the tab's order within their kind (events by date)
        assert [i for k, i in tp.items() if k == "check"] == ["c2", "c1"]
        assert [i for k, i in tp.items() if k == "event"] == ["e2", "e1"]


def test_the_window_shows_the_plan_of_every_tab(qtbot, briefing):
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow

    w = MainWindow(BriefingDocument(briefing, load_theme("screen")), prebuild=False)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    plan = plan_of(briefing)
    for i, tp in enumerate(plan.tabs):
        w.tabs.setCurrentIndex(i)
        view = w.tab_view(i)
        assert view.items == tp.items(), tp.id
        # and every one of them is a visible widget of the tab
        shown = [
            child.property("plan_item")
            for child in view.findChildren(object)
            if hasattr(child, "property")
            and child.property("plan_item")
            and child.isVisibleTo(view)
        ]
        assert sorted(shown) == sorted(f"{k}:{i}" for k, i in tp.items()), tp.id


def test_the_slides_show_the_plan_of_every_tab(qapp, briefing):
    from briefing_app.render.slides.deck import build_deck
    from briefing_app.render.themes import load_theme

    deck = build_deck(briefing, load_theme("projector"), 1280, 720)
    slides_show_the_plan(deck, plan_of(briefing))


def slides_show_the_plan(deck, plan) -> None:
    """Each tab's items are on its main or its backup slides, each once (none dropped,
    none added), in the plan's order within the main deck and within the backup slides;
    the main deck comes first."""
    for i, tp in enumerate(plan.tabs):
        order = {ref: k for k, ref in enumerate(tp.items())}
        main = [ref for s in deck if s.tab_index == i and not s.is_backup for ref in s.items()]
        backup = [ref for s in deck if s.tab_index == i and s.is_backup for ref in s.items()]
        assert sorted(main + backup) == sorted(tp.items()), tp.id
        assert main == sorted(main, key=order.__getitem__), tp.id
        assert backup == sorted(backup, key=order.__getitem__), tp.id
    parts = [s.part for s in deck]
    assert parts.index("closing") == max(k for k, p in enumerate(parts) if p == "main") + 1
    assert all(p in ("backup", "appendix") for p in parts[parts.index("closing") + 1 :])


def test_the_slides_check_fails_for_a_dropped_item(qapp, briefing):
    """The check above fails when a slide leaves out an item of the plan."""
    from dataclasses import replace

    from briefing_app.render.slides.deck import build_deck
    from briefing_app.render.themes import load_theme

    deck = build_deck(briefing, load_theme("projector"), 1280, 720)
    k = next(i for i, s in enumerate(deck) if s.is_backup and len(s.blocks) > 1)
    dropped = replace(deck[k], columns=((deck[k].blocks[0],),))
    with pytest.raises(AssertionError):
        slides_show_the_plan([*deck[:k], dropped, *deck[k + 1 :]], plan_of(briefing))
    swapped = replace(deck[k], columns=(tuple(reversed(deck[k].blocks)),))
    with pytest.raises(AssertionError):
        slides_show_the_plan([*deck[:k], swapped, *deck[k + 1 :]], plan_of(briefing))


def test_the_handout_lays_out_the_plan_of_every_tab(qapp, briefing):
    from PySide6.QtGui import QImage

    from briefing_app.render.handout import layout_handout
    from briefing_app.render.themes import load_theme

    device = QImage(10, 10, QImage.Format.Format_ARGB32)
    lay, _, _ = layout_handout(briefing, load_theme("screen"), device, 96)
    plan = plan_of(briefing)
    for tp in plan.tabs:
        refs: list[tuple[str, str]] = []
        for page in lay.pages:
            if page.tab_id != tp.id:
                continue
            for pl in page.placements:
                if pl.item.ref is not None and (not refs or refs[-1] != pl.item.ref):
                    refs.append(pl.item.ref)  # an item cut across pages counts once
        assert refs == tp.items(), tp.id


def _in_order(text: str, tokens: list[str], where: str) -> None:
    """Each token occurs after the one before it."""
    at = -1
    for t in tokens:
        found = text.find(t, at + 1)
        assert found > at, f"{where}: {t} missing or out of order"
        at = found


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_written_pdf_shows_the_items_of_every_tab_in_the_plans_order(tmp_path, briefing):
    out = tmp_path / "handout.pdf"
    r = run_python("-m", "briefing_app", "export", "pdf", str(out), "--package", briefing.location)
    assert r.returncode == 0, r.stderr
    text = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    plan = plan_of(briefing)
    starts = [m.start() for m in re.finditer(r"^Tab [a-z]+$", text, re.M)]
    assert len(starts) >= len(plan.tabs)
    for tp in plan.tabs:
        begin = text.index(f"{tp.title}\n", starts[0])
        tokens = [TOKENS[ref] for ref in tp.items() if ref in TOKENS]
        _in_order(text[begin:], tokens, tp.id)


def test_the_markdown_shows_the_items_of_every_tab_in_the_plans_order(tmp_path, briefing):
    out = tmp_path / "briefing.md"
    r = run_python("-m", "briefing_app", "export", "md", str(out), "--package", briefing.location)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    plan = plan_of(briefing)
    for k, tp in enumerate(plan.tabs):
        begin = text.index(f"\n## {tp.title}\n")
        nxt = plan.tabs[k + 1].title if k + 1 < len(plan.tabs) else "All sources"
        end = text.index(f"\n## {nxt}", begin + 1)
        part = text[begin:end]
        tokens = [TOKENS[ref] for ref in tp.items() if ref in TOKENS]
        _in_order(part, tokens, tp.id)
        # each item once, outside lists (a chart's figures and a source's uses are lists
        # that name items again)
        prose = "\n".join(ln for ln in part.splitlines() if not ln.startswith("- "))
        for ref in tp.items():
            if ref in TOKENS and ref[0] != "source":
                assert prose.count(TOKENS[ref]) == 1, (tp.id, ref)


def test_every_registered_kind_has_a_renderer_in_every_view():
    from briefing_app.content.blocks import _BUILDERS as BLOCKS
    from briefing_app.content.chartdata import BUILDERS
    from briefing_app.content.plan import SECTION_TITLES
    from briefing_app.render.charts import RENDERERS
    from briefing_app.ui.tabs import TAB_VIEWS

    for kind in kinds.CHART_KINDS:
        assert kind in BUILDERS, f"chart kind {kind} has no chart data"
        assert kind in RENDERERS, f"chart kind {kind} is not drawn"
    for kind in kinds.TAB_KINDS:
        assert kind in TAB_VIEWS, f"tab kind {kind} has no window view"
    for item in kinds.ITEM_KINDS:
        assert item.key in SECTION_TITLES, f"{item.key} has no section title"
        assert item.key in BLOCKS or item.key == "positions", f"{item.key} has no block"


def test_the_chart_data_check_covers_a_kind_added_without_a_renderer(monkeypatch):
    """The registry test above fails for a kind registered without its renderers."""
    monkeypatch.setitem(kinds.CHART_KINDS, "pie", kinds.ChartKind("pie", "a pie", "series"))
    with pytest.raises(AssertionError, match="pie"):
        test_every_registered_kind_has_a_renderer_in_every_view()


def test_the_package_validates_with_frictionless_too(everything):
    if shutil.which("frictionless") is None and not Path(".venv/bin/frictionless").exists():
        pytest.skip("frictionless is not installed")
    exe = shutil.which("frictionless") or ".venv/bin/frictionless"
    r = subprocess.run(
        [exe, "validate", str(everything / "datapackage.json")], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout[-2000:]
    assert json.loads((everything / "datapackage.json").read_text())["briefing"]["tabs"]


def test_a_tab_planned_in_steps_is_the_tab_planned_at_once(briefing):
    """`Plan.tab_in_steps` (the window building ahead) makes the plan `Plan.tab` makes:
    the same sections and blocks, and each chart's data the same, a step per chart's data
    at least."""
    import pandas as pd

    from briefing_app.content.plan import Plan

    at_once = Plan(briefing)
    for i in range(len(at_once)):
        stepped = Plan(briefing)
        steps, n = stepped.tab_in_steps(i), 0
        while True:
            try:
                next(steps)
                n += 1
            except StopIteration as done:
                tp = done.value
                break
        expect = at_once.tab(i)
        assert n >= len(expect.charts) > 0, expect.id
        assert tp == expect and tp.items() == expect.items(), expect.id
        assert stepped.tab(i) is tp, "kept: asked for again, not made again"
        for got, want in zip(tp.charts, expect.charts, strict=True):
            a, b = got.chart, want.chart
            assert a.chart == b.chart and a.source_lines == b.source_lines, want.id
            assert (a.legend, a.events, a.categories) == (b.legend, b.events, b.categories)
            pd.testing.assert_frame_equal(a.points, b.points)
            pd.testing.assert_frame_equal(a.table, b.table)


def test_a_map_kinds_module_is_imported_in_a_step_of_its_own(monkeypatch, tmp_path):
    """Imported when first used, a map's data module is a step of `Plan.tab_in_steps`
    by itself: with the map's data, the first step of the bundled Territory tab was
    ~19 ms, which a key pressed then waited for (issue #22).  A module of its own stands
    for the map's: importing the map's anew would leave two of its classes in this
    process for the tests after."""
    import sys

    from briefing_app.content.chartdata import LAZY_BUILDERS
    from briefing_app.content.plan import Plan

    assert LAZY_BUILDERS["map"] == "briefing_app.content.chartdata.map"
    (tmp_path / "lazy_map_data_probe.py").write_text("IMPORTED = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(LAZY_BUILDERS, "map", "lazy_map_data_probe")
    result = load_package(None)
    assert result.ok
    b = result.briefing
    index = next(i for i, t in enumerate(b.tabs) if any(c.kind == "map" for c in t.charts))
    plan = Plan(b)
    steps = plan.tab_in_steps(index)
    seen: list[tuple[bool, int]] = []  # after each step: imported, charts' data made
    try:
        while True:
            try:
                next(steps)
            except StopIteration:
                break
            seen.append(("lazy_map_data_probe" in sys.modules, len(plan._charts)))
    finally:
        sys.modules.pop("lazy_map_data_probe", None)
    first = next(i for i, (imported, _) in enumerate(seen) if imported)
    before = seen[first - 1][1] if first else 0
    assert seen[first][1] == before, "the step that imported made no chart's data"
    assert seen[first + 1][1] == before + 1, "the map's data the step after"
