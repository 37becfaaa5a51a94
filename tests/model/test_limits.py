"""The format's limits (``briefing_app/model/limits.py``), each at N and at N + 1.

At N a package loads; at N + 1 it is refused with a message naming the limit.  How
fast packages at the limits load is measured by ``make bench`` (benchmarks/), not here.
The largest limits are lowered here (monkeypatch) where building N rows would be slow.
"""

from __future__ import annotations

import pytest
from conftest import edit_json

from briefing_app.model import limits as L
from briefing_app.model import load_package, resources


def _texts(result, severity: str | None = None) -> list[str]:
    return [str(p) for p in result.problems if severity is None or str(p.severity) == severity]


def _sources(n: int) -> str:
    rows = "".join(f"s{k},P{k},,T,,,\n" for k in range(n - 2))
    return lambda t: t + rows  # the minimal package has two sources


# -- rows, columns, cells ---------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 1])
def test_rows_of_a_known_table(make_package, extra):
    n = L.MAX_ROWS["sources"] + extra
    result = load_package(make_package({"sources.csv": _sources(n)}))
    message = (
        f"sources.csv: the table has more than {n - 1:,} rows; a sources table may have "
        f"at most {n - 1:,}"
    )
    assert result.ok is (extra == 0)
    assert (message in _texts(result)) is (extra == 1)


@pytest.mark.parametrize("extra", [0, 1])
def test_rows_of_observations_and_of_a_series_table(make_package, monkeypatch, extra):
    monkeypatch.setitem(L.MAX_ROWS, "observations", 4)
    monkeypatch.setattr(L, "MAX_SERIES_ROWS", 3)
    rows = "".join(f"2024-01-0{k + 1},{k}\n" for k in range(3 + extra))

    def add(doc):
        schema = {"fields": [{"name": "d", "type": "date"}, {"name": "v", "type": "number"}]}
        doc["resources"].append({"name": "daily", "path": "daily.csv", "schema": schema})

    obs = "m-11,losses,2024-11-01,2024-11-30,1,people,GS monthly,gs,,,derived,,\n"
    changes = {"datapackage.json": edit_json(add), "daily.csv": "d,v\n" + rows}
    if extra:
        changes["observations.csv"] = lambda t: t + obs
    result = load_package(make_package(changes))
    assert result.ok is (extra == 0), _texts(result, "error")
    if extra:
        assert (
            "observations.csv: the table has more than 4 rows; an observations table may have "
            "at most 4"
        ) in _texts(result)
        assert (
            "daily.csv: the table has more than 3 rows; a series table may have at most 3"
        ) in _texts(result)


@pytest.mark.parametrize("extra", [0, 1])
def test_columns_of_a_table(make_package, extra):
    n = L.MAX_COLUMNS + extra
    fields = [{"name": f"c{k}", "type": "number"} for k in range(n)]

    def add(doc):
        doc["resources"].append({"name": "wide", "path": "wide.csv", "schema": {"fields": fields}})

    header = ",".join(f"c{k}" for k in range(n))
    row = ",".join("1" for _ in range(n))
    result = load_package(
        make_package({"datapackage.json": edit_json(add), "wide.csv": f"{header}\n{row}\n"})
    )
    assert result.ok is (extra == 0), _texts(result, "error")[:3]
    if extra:
        assert (
            f"datapackage.json:resources[5].schema.fields: the schema lists {n} fields; "
            f"at most {L.MAX_COLUMNS} are read"
        ) in _texts(result)


def test_a_descriptor_of_100000_columns_is_refused_at_once(make_package):
    import json

    fields = [{"name": f"c{k}", "type": "string"} for k in range(100_000)]

    def add(text):
        doc = json.loads(text)
        doc["resources"].append({"name": "wide", "path": "wide.csv", "schema": {"fields": fields}})
        return json.dumps(doc, separators=(",", ":"))  # 3.9 MB: within the 5 MiB limit

    header = ",".join(f"c{k}" for k in range(100_000))
    result = load_package(make_package({"datapackage.json": add, "wide.csv": header + "\n"}))
    assert _texts(result, "error") == [
        "datapackage.json:resources[5].schema.fields: the schema lists 100,000 fields; "
        "at most 100 are read"
    ]


def test_a_header_of_too_many_columns_is_refused(make_package):
    header = "id,date,title,description,sources," + ",".join(f"x{k}" for k in range(200))
    result = load_package(make_package({"events.csv": header + "\n"}))
    assert "events.csv:1: the header has 205 columns; a table may have at most 100" in _texts(
        result, "error"
    )


@pytest.mark.parametrize("extra", [0, 1])
def test_cells_of_all_tables_together(make_package, monkeypatch, extra):
    # the minimal package: 14 + 52 + 8 + 9 + 5 cells, read in this order
    monkeypatch.setattr(resources, "MAX_TOTAL_CELLS", 14 + 52 + 8 + 9 + 5 - extra)
    monkeypatch.setattr(
        resources, "_TOTAL_WORDS", "at most 87 cells are read from all tables together"
    )
    result = load_package(make_package())
    assert result.ok is (extra == 0), _texts(result, "error")
    if extra:
        assert (
            "events.csv: the table has more than 0 rows of its columns; at most "
            f"{resources.MAX_TOTAL_CELLS:,} cells are read from all tables together"
        ) in _texts(result)


# -- the descriptor ---------------------------------------------------------------------------


def _charts(tabs: int, per_tab: int):
    def edit(doc):
        chart = doc["briefing"]["tabs"][0]["charts"][0]
        doc["briefing"]["tabs"] = [
            {
                "id": f"t{i}",
                "title": "T",
                "charts": [dict(chart, id=f"c{i}-{j}") for j in range(per_tab)],
            }
            for i in range(tabs)
        ]

    return edit_json(edit)


@pytest.mark.parametrize("extra", [0, 1])
def test_charts_in_a_tab(make_package, extra):
    n = L.MAX_CHARTS + extra
    result = load_package(make_package({"datapackage.json": _charts(1, n)}))
    assert result.ok is (extra == 0)
    if extra:
        assert (
            f"datapackage.json:briefing.tabs[0].charts: lists {n} items; at most "
            f"{L.MAX_CHARTS} are read"
        ) in _texts(result)


@pytest.mark.parametrize("extra", [0, 1])
def test_charts_in_the_briefing(make_package, extra):
    tabs = L.MAX_CHARTS_TOTAL // L.MAX_CHARTS
    pkg = make_package({"datapackage.json": _charts(tabs + extra, L.MAX_CHARTS)})
    result = load_package(pkg)
    assert result.ok is (extra == 0)
    if extra:
        assert (
            f"datapackage.json:briefing.tabs[{tabs}].charts[0]: more than "
            f"{L.MAX_CHARTS_TOTAL} charts in the briefing; at most {L.MAX_CHARTS_TOTAL} "
            "are read"
        ) in _texts(result)


@pytest.mark.parametrize("extra", [0, 1])
def test_tabs_and_series(make_package, extra):
    def edit(doc):
        tabs = doc["briefing"]["tabs"]
        tabs[0]["charts"][0]["series"] *= L.MAX_SERIES + extra
        tabs.extend(
            {"id": f"t{i}", "title": "T", "kind": "topic"}
            for i in range(L.MAX_TABS + extra - len(tabs))
        )

    result = load_package(make_package({"datapackage.json": edit_json(edit)}))
    assert result.ok is (extra == 0), _texts(result, "error")
    assert (
        f"datapackage.json:briefing.tabs: {L.MAX_TABS + 1} tabs; at most {L.MAX_TABS} are read"
        in _texts(result)
    ) is (extra == 1)


@pytest.mark.parametrize("extra", [0, 1])
def test_ids_in_a_list(make_package, extra):
    sources = "".join(f"s{k},P{k},,T,,,\n" for k in range(L.MAX_ROWS["sources"] - 2))
    ids = ["art", "gs", *(f"s{k}" for k in range(L.MAX_LIST - 2))] + ["extra"] * extra

    def edit(doc):
        doc["briefing"]["tabs"][2]["sources"] = ids

    pkg = make_package({"datapackage.json": edit_json(edit), "sources.csv": lambda t: t + sources})
    result = load_package(pkg)
    errors = _texts(result, "error")
    assert result.ok is (extra == 0), errors[:3]
    if extra:
        assert errors == [
            f"datapackage.json:briefing.tabs[2].sources: lists {L.MAX_LIST + 1:,} items; at "
            f"most {L.MAX_LIST:,} are read"
        ]


def test_items_in_a_tab_together(make_package):
    half = L.MAX_TAB_ITEMS // 2 + 1
    sources = "".join(f"s{k},P{k},,T,,,\n" for k in range(half))
    quotes = "".join(f"q{k},A,,T,,art,,as-quoted,\n" for k in range(2, half + 1))

    def edit(doc):
        doc["briefing"]["tabs"][0]["quotes"] = [f"q{k}" for k in range(1, half + 1)]
        doc["briefing"]["tabs"][0]["sources"] = [f"s{k}" for k in range(half)]

    pkg = make_package(
        {
            "datapackage.json": edit_json(edit),
            "sources.csv": lambda t: t + sources,
            "quotes.csv": lambda t: t + quotes,
        }
    )
    assert (  # and its one check
        f"datapackage.json:briefing.tabs[0]: the tab lists {2 * half + 1:,} items in all; a tab "
        f"may list at most {L.MAX_TAB_ITEMS:,}"
    ) in _texts(load_package(pkg), "error")


def test_an_id_listed_again_is_a_warning_and_shown_once(make_package):
    def edit(doc):
        chart = doc["briefing"]["tabs"][0]["charts"][0]
        chart["events"] = ["e1"] * L.MAX_CHART_EVENTS
        doc["briefing"]["tabs"][0]["quotes"] = ["q1", "q1"]

    result = load_package(make_package({"datapackage.json": edit_json(edit)}))
    assert result.ok
    assert (
        f"datapackage.json:briefing.tabs[0].charts[0].events[0]: lists 'e1' "
        f"{L.MAX_CHART_EVENTS:,} times; it is shown once"
    ) in _texts(result, "warning")
    assert (
        "datapackage.json:briefing.tabs[0].quotes[0]: lists 'q1' 2 times; it is shown once"
        in _texts(result, "warning")
    )
    tab = result.briefing.tabs[0]
    assert tab.charts[0].events == ("e1",) and tab.quotes == ("q1",)


@pytest.mark.parametrize("extra", [0, 1])
def test_indicators(make_package, extra):
    def edit(doc):
        doc["briefing"]["indicators"].update(
            {f"i{k}": {"title": "I"} for k in range(L.MAX_INDICATORS - 1 + extra)}
        )

    result = load_package(make_package({"datapackage.json": edit_json(edit)}))
    assert result.ok is (extra == 0)
    if extra:
        assert (
            f"datapackage.json:briefing.indicators: {L.MAX_INDICATORS + 1:,} indicators; "
            f"at most {L.MAX_INDICATORS:,} are read"
        ) in _texts(result)


# -- what all charts draw together ------------------------------------------------------------
#: the message of a limit on what the charts draw together, as the loader words it
def _drawn(where: str, total: int, words: str, what: str, own: int, limit: int) -> str:
    return (
        f"datapackage.json:{where}: the briefing's charts draw {total:,} {words} with {what} "
        f"({own:,}): all charts together may draw at most {limit:,} (every export draws them "
        "all)"
    )


@pytest.mark.parametrize("extra", [0, 1])
def test_figures_all_charts_draw_together(make_package, monkeypatch, extra):
    # the minimal chart draws its series' two figures and its reported one; a second chart
    # drawing the same series counts them again
    def edit(doc):
        tab = doc["briefing"]["tabs"][0]
        tab["charts"].append(dict(tab["charts"][0], id="again", reported=[]))

    monkeypatch.setattr(L, "MAX_CHART_FIGURES_TOTAL", 5 - extra)
    result = load_package(make_package({"datapackage.json": edit_json(edit)}))
    assert result.ok is (extra == 0), _texts(result, "error")
    message = _drawn("briefing.tabs[0].charts[1]", 5, "figures (observations)", "this chart", 2, 4)
    assert (message in _texts(result, "error")) is (extra == 1)


@pytest.mark.parametrize("extra", [0, 1])
def test_event_marks_of_all_charts_and_of_a_timeline_tab_together(make_package, monkeypatch, extra):
    # the chart marks its one event, and the timeline tab's timeline every event (one)
    monkeypatch.setattr(L, "MAX_CHART_EVENTS_TOTAL", 2 - extra)
    result = load_package(make_package())
    assert result.ok is (extra == 0), _texts(result, "error")
    message = _drawn("briefing.tabs[1]", 2, "event marks", "the timeline this tab leads with", 1, 1)
    assert (message in _texts(result, "error")) is (extra == 1)


@pytest.mark.parametrize("extra", [0, 1])
def test_rows_of_series_tables_all_charts_draw_together(make_package, monkeypatch, extra):
    from conftest import FULL

    def edit(doc):
        line = next(c for c in doc["briefing"]["tabs"][0]["charts"] if c["kind"] == "line")
        doc["briefing"]["tabs"][0]["charts"].append(dict(line, id="twice"))

    # the full package's daily series has three rows: charted twice, six
    monkeypatch.setattr(L, "MAX_CHART_ROWS_TOTAL", 6 - extra)
    result = load_package(make_package({"datapackage.json": edit_json(edit)}, base=FULL))
    assert result.ok is (extra == 0), _texts(result, "error")
    errors = [e for e in _texts(result, "error") if "rows of series tables" in e]
    assert len(errors) == extra
    if extra:
        assert errors[0].endswith(
            "the briefing's charts draw 6 rows of series tables with this chart (3): all "
            "charts together may draw at most 5 (every export draws them all)"
        )


def test_map_vertices_all_map_charts_draw_together(monkeypatch):
    from conftest import ROOT

    bundled = ROOT / "data" / "ukraine-2024-12"
    # the bundled briefing's maps draw 37,374 vertices together (layers and base each time)
    monkeypatch.setattr(L, "MAX_CHART_VERTICES_TOTAL", 37_374)
    assert load_package(bundled).ok
    monkeypatch.setattr(L, "MAX_CHART_VERTICES_TOTAL", 37_373)
    result = load_package(bundled)
    errors = _texts(result, "error")
    assert not result.ok and len(errors) == 1
    assert "map vertices with this chart" in errors[0]
    assert errors[0].endswith(
        "all charts together may draw at most 37,373 (every export draws them all)"
    )
    assert errors[0].startswith("datapackage.json:briefing.tabs[")


def test_what_the_bundled_charts_draw_is_far_inside_the_limits():
    """The figures the limits' comment and docs/briefing-package.md give for the bundled
    briefing, and a margin of a hundred times or more."""
    from conftest import ROOT

    from briefing_app.model.descriptor import chart_load

    b = load_package(ROOT / "data" / "ukraine-2024-12").briefing
    total = {"figures": 0, "rows": 0, "events": 0, "vertices": 0}
    for t in b.tabs:
        for c in t.charts:
            for k, v in chart_load(b, c).items():
                total[k] += v
    assert total == {"figures": 37, "rows": 0, "events": 10, "vertices": 37_374}
    assert total["figures"] * 100 < L.MAX_CHART_FIGURES_TOTAL
    assert total["events"] * 100 < L.MAX_CHART_EVENTS_TOTAL
    assert total["vertices"] * 10 < L.MAX_CHART_VERTICES_TOTAL
