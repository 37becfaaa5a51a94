"""Loading valid packages: typed tables, the model, warnings; and the loader's messages."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import FULL, MINIMAL, edit_json

from briefing_app.content.chartdata import chart_data
from briefing_app.model import LoadResult, Problem, Severity, load_package
from briefing_app.model.loader import INTERNAL_ERROR

C1_WARNING = (
    "checks.csv:2: check 'c1' does not hold: reported 230, computed 100 + 120 = 220 "
    "(difference −10)"
)


def texts(result: LoadResult, severity: Severity | None = None) -> list[str]:
    return [str(p) for p in result.problems if severity is None or p.severity == severity]


# -- the reference packages -------------------------------------------------------------


def test_the_minimal_package_loads_with_typed_tables():
    result = load_package(MINIMAL)
    assert result.ok and result.errors == []
    assert texts(result) == [C1_WARNING]
    b = result.briefing
    assert b.title == "Minimal example briefing"
    assert b.as_of == dt.date(2024, 12, 1)
    assert b.licence == "Creative Commons Attribution 4.0"
    assert b.location == str(MINIMAL) == result.location
    obs = b.observations
    assert list(obs["id"]) == ["m-09", "m-10", "a-10", "a-tot"]
    assert str(obs["period_start"].dtype).startswith("datetime64")
    assert obs["value"].dtype == np.float64
    assert obs["period_end"].iat[0] == pd.Timestamp("2024-09-30")
    # pandas is told not to turn "NA" into missing: the text stays
    assert obs["note"].iat[3] == "NA"
    assert obs["note"].iat[0] is None  # an empty cell is missing
    assert b.quotes["q1"].text == "<b>Not bold</b> & stays literal"
    assert b.sources["gs"].name == "GS" and b.sources["art"].name == "Example News"
    assert [t.id for t in b.tabs] == ["losses", "timeline", "sources"]
    assert b.events["e1"].date == dt.date(2024, 10, 15)


def test_a_check_that_does_not_hold_is_a_finding_with_both_numbers():
    result = load_package(MINIMAL)
    b = result.briefing
    c = b.checks["c1"]
    assert (c.computed, c.reported, c.holds, c.difference) == (220, 230, False, -10)
    assert c.inputs == ("m-09", "m-10")
    assert b.problems(Severity.FINDING)[0].row == 2
    # part of the briefing, not a problem of the package
    assert b.problems(Severity.WARNING) == result.warnings == []
    assert [str(p) for p in result.findings] == [str(p) for p in b.problems(Severity.FINDING)]


def test_the_full_package_loads_every_kind():
    result = load_package(FULL)
    assert result.ok, texts(result, Severity.ERROR)
    b = result.briefing
    assert [t.kind for t in b.tabs] == ["topic", "negotiations", "polling", "timeline", "sources"]
    poll = b.polls["poll1"]
    assert [(a.answer, a.share) for a in poll.answers] == [
        ("Yes", 52.0),
        ("No", 38.0),
        ("Don't know", 10.0),
    ]
    assert poll.sample == 1000 and poll.fieldwork_start == dt.date(2024, 11, 1)
    assert b.claims["cl1"].sources == ("gs", "art")
    assert b.positions["p1"].article_wording == '"open to talks"'
    daily = b.series_tables["daily"]
    assert daily["cumulative"].dtype == np.int64
    charts = {c.id: c for t in b.tabs for c in t.charts}
    assert set(charts) == {"losses-monthly", "daily-line", "compare", "grouped", "poll-chart"}
    for chart in charts.values():
        assert not chart_data(b, chart).table.empty, chart.id
    assert charts["daily-line"].events == ("e1",)  # "all"


def test_loading_twice_gives_the_same_checksum_and_a_change_another(make_package):
    a = load_package(MINIMAL).briefing.checksum
    assert a == load_package(MINIMAL).briefing.checksum
    pkg = make_package({"events.csv": lambda t: t.replace("Something", "Nothing")})
    assert load_package(pkg).briefing.checksum != a


# -- where a package may be ---------------------------------------------------------------


def _zip_minimal(path: Path, prefix: str = "", extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(MINIMAL.iterdir()):
            z.write(f, prefix + f.name)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("prefix", "extra"),
    [
        ("", None),
        ("minimal/", None),
        ("minimal/", {"__MACOSX/minimal/._events.csv": b"\0\5\26\7"}),
    ],
)
def test_a_zip_is_read_in_place(tmp_path, monkeypatch, prefix, extra):
    z = _zip_minimal(tmp_path / "package.zip", prefix, extra)

    def no_extracting(*args, **kw):
        raise AssertionError("a package must never be extracted")

    monkeypatch.setattr(zipfile.ZipFile, "extract", no_extracting)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", no_extracting)
    before = sorted(tmp_path.rglob("*"))
    result = load_package(z)
    assert result.ok, texts(result)
    assert sorted(tmp_path.rglob("*")) == before
    assert result.briefing.checksum == load_package(MINIMAL).briefing.checksum


def test_a_descriptor_path_opens_its_folder():
    result = load_package(MINIMAL / "datapackage.json")
    assert result.ok and len(result.briefing.observations) == 4


# -- CSV details -------------------------------------------------------------------------


def test_crlf_line_ends_are_valid_csv(make_package):
    pkg = make_package({n: (lambda t: t.replace("\n", "\r\n")) for n in ("observations.csv",)})
    result = load_package(pkg)
    assert result.ok and texts(result) == [C1_WARNING]
    assert result.briefing.observations["note"].iat[3] == "NA"  # no stray '\r'


def test_blank_lines_at_the_end_are_ignored(make_package):
    pkg = make_package({"observations.csv": lambda t: t + "\n\n"})
    result = load_package(pkg)
    assert result.ok and len(result.briefing.observations) == 4


def test_rows_count_records_not_lines(make_package):
    # a quoted cell over three lines is one record: the next row is still row 3
    pkg = make_package(
        {
            "events.csv": (
                'id,date,title,description,sources\ne1,2024-10-15,Title,"one\ntwo\nthree",art\n'
                "e2,someday,Later,,art\n"
            )
        }
    )
    assert texts(load_package(pkg), Severity.ERROR) == [
        "events.csv:3:date: 'someday' is not a date (YYYY-MM-DD)"
    ]


def test_na_in_a_number_column_is_an_error_not_a_missing_value(make_package):
    pkg = make_package({"observations.csv": lambda t: t.replace(",100,", ",NA,")})
    assert texts(load_package(pkg), Severity.ERROR) == [
        "observations.csv:2:value: 'NA' is not a number"
    ]


def test_a_byte_order_mark_is_a_warning(make_package):
    pkg = make_package({"sources.csv": lambda t: "\ufeff" + t})
    result = load_package(pkg)
    assert result.ok
    assert "sources.csv: starts with a UTF-8 byte-order mark; it was ignored" in texts(result)


def test_a_declared_delimiter_is_used(make_package):
    def semicolons(doc):
        doc["resources"][4]["dialect"] = {"delimiter": ";"}

    pkg = make_package(
        {
            "datapackage.json": edit_json(semicolons),
            "events.csv": lambda t: t.replace(",", ";"),
        }
    )
    result = load_package(pkg)
    assert result.ok, texts(result)
    assert result.briefing.events["e1"].title == "Something happened"


def test_a_duplicate_composite_key_names_both_fields(make_package):
    pkg = make_package(
        {"poll_answers.csv": lambda t: t.replace("poll1,No,38", "poll1,Yes,38")}, base=FULL
    )
    assert (
        "poll_answers.csv:3:poll,answer: duplicate row: poll 'poll1' and answer 'Yes' already "
        "appear together at row 2"
    ) in texts(load_package(pkg))


# -- series tables with their own schemas -----------------------------------------------------


def _with_series(make_package, csv_text: str, fields: list[dict], **schema) -> Path:
    def add(doc):
        doc["resources"].append(
            {"name": "s", "path": "s.csv", "schema": {"fields": fields, **schema}}
        )

    return make_package({"datapackage.json": edit_json(add), "s.csv": csv_text})


def test_declared_missing_values_are_missing(make_package):
    pkg = _with_series(
        make_package,
        "d,v\n2024-01-01,1\n2024-01-02,-\n",
        [{"name": "d", "type": "date"}, {"name": "v", "type": "number"}],
        missingValues=["", "-"],
    )
    result = load_package(pkg)
    assert result.ok, texts(result)
    assert np.isnan(result.briefing.series_tables["s"]["v"].iat[1])


def test_datetimes_with_mixed_time_zones_load_as_utc(make_package):
    pkg = _with_series(
        make_package,
        "t,v\n2024-01-01T00:00:00+01:00,1\n2024-01-01T00:00:00Z,2\n2024-01-01T06:00:00,3\n",
        [{"name": "t", "type": "datetime"}, {"name": "v", "type": "integer"}],
    )
    result = load_package(pkg)
    assert result.ok, texts(result)
    assert list(result.briefing.series_tables["s"]["t"]) == [
        pd.Timestamp("2023-12-31 23:00"),
        pd.Timestamp("2024-01-01 00:00"),
        pd.Timestamp("2024-01-01 06:00"),
    ]


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        (
            "2024-01-01,9007199254740993",
            {"type": "integer"},
            "is too large: figures may be at most 1e15 either side of 0",
        ),
        ("2024-01-01,1.5", {"type": "integer"}, "'1.5' is not a whole number"),
        ("2024-01-01,maybe", {"type": "boolean"}, "'maybe' is not true or false"),
        (
            "2024-01-01,7",
            {"type": "number", "constraints": {"enum": [1, 2]}},
            "7 is not one of: 1, 2",
        ),
        (
            "2024-01-01,150",
            {"type": "number", "constraints": {"maximum": 100}},
            "150 is above the maximum of 100",
        ),
        (
            "2024-01-01,abcdef",
            {"type": "string", "constraints": {"maxLength": 3}},
            "text is 6 characters; at most 3 allowed",
        ),
        (
            "2024-01-01,x1",
            {"type": "string", "constraints": {"pattern": "[0-9]+"}},
            "'x1' does not match the pattern [0-9]+",
        ),
        ("1999-12-31,1", None, "1999-12-31 is before 2000-01-01, the earliest date allowed"),
    ],
)
def test_series_table_constraints(make_package, cells, field, message):
    fields = [
        {"name": "d", "type": "date", "constraints": {"minimum": "2000-01-01"}},
        {"name": "v", **(field or {"type": "integer"})},
    ]
    pkg = _with_series(make_package, f"d,v\n2024-01-02,1\n{cells}\n", fields)
    errors = texts(load_package(pkg), Severity.ERROR)
    assert len(errors) == 1 and errors[0].startswith("s.csv:3:") and message in errors[0], errors


@pytest.mark.parametrize(
    ("field", "where", "message"),
    [
        ({"name": "v", "type": "decimal"}, "fields[1].type", "type 'decimal' is not supported"),
        (
            {"name": "v", "constraints": "required"},
            "fields[1].constraints",
            "constraints must be an object",
        ),
        (
            {"name": "v", "constraints": {"required": "yes"}},
            "fields[1].constraints.required",
            "required must be true or false",
        ),
        (
            {"name": "v", "type": "number", "constraints": {"minimum": "0"}},
            "fields[1].constraints.minimum",
            "minimum must be a number, at most 1e15 either side of 0",
        ),
        (
            {"name": "v", "constraints": {"minimum": 0}},
            "fields[1].constraints.minimum",
            "minimum applies only to number and date fields",
        ),
        (
            {"name": "v", "constraints": {"enum": []}},
            "fields[1].constraints.enum",
            "enum must be a non-empty list",
        ),
        (
            {"name": "v", "constraints": {"maxLength": -1}},
            "fields[1].constraints.maxLength",
            "maxLength must be a whole number, 0 or more",
        ),
        ({"name": "d"}, "fields[1].name", "field name 'd' appears twice"),
        ({"type": "string"}, "fields[1]", "each field needs a name"),
    ],
)
def test_bad_schemas_are_reported_where_they_are(make_package, field, where, message):
    pkg = _with_series(make_package, "d,v\n2024-01-01,1\n", [{"name": "d", "type": "date"}, field])
    errors = texts(load_package(pkg), Severity.ERROR)
    assert f"datapackage.json:resources[5].schema.{where}: {message}" in "\n".join(errors), errors


@pytest.mark.parametrize(
    ("schema_extra", "where", "message"),
    [
        (
            {"missingValues": None},
            "missingValues",
            'missingValues must be a list of texts, e.g. [""]',
        ),
        (
            {"primaryKey": 1},
            "primaryKey",
            "primaryKey must be a field name or a list of field names",
        ),
        ({"primaryKey": ["x"]}, "primaryKey", "primaryKey names 'x', which is not a field"),
    ],
)
def test_bad_schema_keys_are_reported(make_package, schema_extra, where, message):
    fields = [{"name": "d", "type": "date"}, {"name": "v", "type": "integer"}]
    pkg = _with_series(make_package, "d,v\n2024-01-01,1\n", fields, **schema_extra)
    assert f"datapackage.json:resources[5].schema.{where}: {message}" in texts(load_package(pkg))


# -- the briefing object: tabs, charts, series ---------------------------------------------


def _set(path: list, value):
    def edit(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit_json(edit)


CHART = ["briefing", "tabs", 0, "charts", 0]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["briefing", "tabs"], [], "briefing.tabs: the briefing lists no tabs"),
        (["briefing", "tabs", 1, "kind"], "map", "briefing.tabs[1].kind: unknown tab kind 'map'"),
        (["briefing", "tabs", 1, "id"], ["x"], "briefing.tabs[1].id: tab needs an id (text)"),
        (
            ["briefing", "tabs", 0, "quotes"],
            "q1",
            "briefing.tabs[0].quotes: must be a list, not text",
        ),
        (
            ["briefing", "tabs", 0, "quotes"],
            [1],
            "briefing.tabs[0].quotes[0]: must be an id (text), not a number",
        ),
        ([*CHART, "series"], [], "charts[0].series: a bar chart needs at least one series"),
        ([*CHART, "kind"], "poll", "charts[0].poll: a poll chart needs the id of a poll"),
        ([*CHART, "poll"], ["p"], None),  # ignored on a bar chart
        (
            [*CHART, "kind"],
            "comparison",
            "charts[0].observations: a comparison chart needs a list of observations",
        ),
        ([*CHART, "highlight"], "October", "charts[0].highlight: must be [start, end] dates"),
        (
            [*CHART, "highlight"],
            ["2024-10-01", 20241031],
            'highlight[1]: must be a date written as text, "YYYY-MM-DD", not a number',
        ),
        (
            [*CHART, "highlight"],
            ["2024-10-1", "2024-10-31"],
            "highlight[0]: '2024-10-1' is not a date (YYYY-MM-DD)",
        ),
        (
            [*CHART, "series", 0, "series"],
            ["GS"],
            "series[0].series: must be the name of a series (text), not a list",
        ),
        (
            [*CHART, "series", 0, "indicator"],
            "deaths",
            "series[0].indicator: unknown indicator 'deaths'",
        ),
        (
            [*CHART, "series", 0, "source"],
            {"id": "gs"},
            "series[0].source: must be a source id (text), not an object",
        ),
        (
            [*CHART, "series", 0, "resource"],
            "observations",
            "series[0].resource: resource 'observations' is one of the briefing's own tables",
        ),
        (
            [*CHART, "series", 0, "resource"],
            "nothing",
            "series[0].resource: unknown series resource 'nothing'",
        ),
        (
            ["briefing", "as_of"],
            "2024-12-1",
            "briefing.as_of: '2024-12-1' is not a date (YYYY-MM-DD)",
        ),
        (["briefing", "as_of"], None, "briefing.as_of: a date is required (YYYY-MM-DD)"),
        (
            ["briefing", "indicators", "losses", "minimum"],
            True,
            "briefing.indicators.losses.minimum: "
            "minimum must be a number, at most 1e15 either side of 0",
        ),
        (
            ["briefing", "source_article"],
            "paper",
            "briefing.source_article: unknown source 'paper'",
        ),
        (
            ["briefing", "format_version"],
            1.0,
            "briefing.format_version: the format version must be text in quotes, not a number "
            '1.0; write "format_version": "1.3"',
        ),
        (
            ["briefing", "format_version"],
            None,
            'briefing.format_version: the format version is missing; write "format_version": "1.3"',
        ),
        (
            ["resources", 0, "path"],
            ["a.csv", "b.csv"],
            "resources[0].path: must be the path of a file inside the package",
        ),
        (
            ["resources", 2, "encoding"],
            "latin-1",
            "resources[2].encoding: encoding 'latin-1' is not supported: use UTF-8",
        ),
        (["resources", 4, "name"], "checks", "resources[4].name: duplicate resource name 'checks'"),
        (["title"], "", "title: the package needs a title"),
    ],
)
def test_descriptor_problems_are_located(make_package, path, value, expected):
    result = load_package(make_package({"datapackage.json": _set(path, value)}))
    errors = [str(p) for p in result.errors]
    if expected is None:
        assert result.ok, errors
        return
    assert any(e.startswith("datapackage.json:") and expected in e for e in errors), errors


def test_a_list_where_a_poll_id_belongs_does_not_crash(make_package):
    def poll_chart(doc):
        doc["briefing"]["tabs"][2]["charts"][0]["poll"] = ["poll1"]

    result = load_package(make_package({"datapackage.json": edit_json(poll_chart)}, base=FULL))
    assert (
        "datapackage.json:briefing.tabs[2].charts[0].poll: a poll chart needs the id of a poll"
        in texts(result)
    )


def test_a_line_chart_x_column_must_hold_dates_or_numbers(make_package):
    def x_text(doc):
        doc["resources"][9]["schema"]["fields"][0]["type"] = "string"

    result = load_package(make_package({"datapackage.json": edit_json(x_text)}, base=FULL))
    assert texts(result, Severity.ERROR) == [
        "datapackage.json:briefing.tabs[0].charts[1].series[0].x: column 'date' of 'daily' must "
        "hold dates or numbers (declare its type in the resource's schema)"
    ]


def test_repeated_json_keys_are_a_warning(make_package):
    pkg = make_package(
        {
            "datapackage.json": lambda t: t.replace(
                '"version": "1.0.0",', '"version": "0.9", "version": "1.0.0",'
            )
        }
    )
    result = load_package(pkg)
    assert result.ok and result.briefing.version == "1.0.0"
    assert (
        "datapackage.json: key 'version' appears twice in one object; the last one is used"
        in texts(result, Severity.WARNING)
    )


def test_a_table_that_fails_does_not_cascade(make_package):
    # the events table cannot be read: the chart's event 'e1' is not reported as unknown
    pkg = make_package({"events.csv": lambda t: t.replace("id,date", "id;date")})
    assert texts(load_package(pkg), Severity.ERROR) == [
        "events.csv:1:id: column is missing from the header",
        "events.csv:1:date: column is missing from the header",
        "events.csv:1:id;date: column is not in the table's schema; remove it or add it to "
        "the schema in datapackage.json",
    ]


def test_a_check_with_a_bad_input_is_not_computed(make_package):
    pkg = make_package({"observations.csv": lambda t: t.replace(",100,", ",1OO,")})
    assert texts(load_package(pkg)) == ["observations.csv:2:value: '1OO' is not a number"]


@pytest.mark.parametrize(
    ("relation", "tolerance", "judgement", "message"),
    [
        (
            "equal",
            "5",
            "does not hold",
            "reported 230, computed 100 + 120 = 220 (difference −10; tolerance 5)",
        ),
        (
            "at_least",
            "0",
            "does not hold",
            "computed 100 + 120 = 220 should be at least the reported 230 (difference −10)",
        ),
        # holds, but overstates: a finding all the same
        ("at_most", "0", "overstates", "reported 230, computed 100 + 120 = 220 (difference −10)"),
        ("at_least", "10", "holds", None),
        # "more than" is strict: 220 is not more than 230 − 10
        (
            "more_than",
            "10",
            "does not hold",
            "computed 100 + 120 = 220 should be more than the reported 230 (difference −10; "
            "tolerance 10)",
        ),
        ("more_than", "10.5", "holds", None),
        ("less_than", "0", "overstates", "reported 230, computed 100 + 120 = 220 (difference −10)"),
        # within the tolerance, 230 for 220 is no overstatement
        ("at_most", "20", "holds", None),
        ("about", "10", "holds", None),
        (
            "about",
            "5",
            "does not hold",
            "reported 230, computed 100 + 120 = 220 (difference −10; tolerance 5)",
        ),
    ],
)
def test_check_relations(make_package, relation, tolerance, judgement, message):
    pkg = make_package(
        {"checks.csv": lambda t: t.replace(",equal,0,", f",{relation},{tolerance},")}
    )
    result = load_package(pkg)
    assert result.ok
    check = result.briefing.checks["c1"]
    assert check.holds is (judgement != "does not hold")
    assert check.judgement == judgement
    assert texts(result, Severity.WARNING) == [], "a check is never a warning about the package"
    findings = texts(result, Severity.FINDING)
    if message is None:
        assert findings == []
    else:
        assert findings == [f"checks.csv:2: check 'c1' {judgement}: {message}"]


def test_a_relation_outside_the_format_is_an_error(make_package):
    pkg = make_package({"checks.csv": lambda t: t.replace(",equal,0,", ",roughly,0,")})
    result = load_package(pkg)
    assert not result.ok
    assert texts(result, Severity.ERROR) == [
        "checks.csv:2:relation: 'roughly' is not one of: equal, at_least, more_than, at_most, "
        "less_than, about"
    ]


def test_an_unexpected_error_is_a_problem_not_a_crash(monkeypatch):
    from briefing_app.model import loader

    def boom(self, b, t):
        raise KeyError("surprise")

    monkeypatch.setattr(loader._Loader, "_build_tables", boom)
    result = load_package(MINIMAL)
    assert result.briefing is None
    assert [p.message for p in result.errors] == [f"{INTERNAL_ERROR} (KeyError: 'surprise')"]


# -- problems ---------------------------------------------------------------------------------


def test_problems_print_as_file_row_field():
    assert str(Problem("a.csv", "bad", row=3, field="value")) == "a.csv:3:value: bad"
    assert str(Problem("a.csv", "bad", row=1)) == "a.csv:1: bad"
    assert str(Problem("datapackage.json", "bad", field="title")) == "datapackage.json:title: bad"
    assert str(Problem("", "bad")) == "<package>: bad"
    d = Problem("a.csv", "odd", row=2, severity=Severity.WARNING).to_dict()
    assert d == {
        "file": "a.csv",
        "message": "odd",
        "message_en": "odd",
        "row": 2,
        "field": None,
        "severity": "warning",
        "text": "a.csv:2: odd",
    }
    json.dumps(d)


def test_load_result_sorts_errors_and_warnings():
    r = LoadResult(None, [Problem("a", "e"), Problem("b", "w", severity=Severity.WARNING)])
    assert [p.file for p in r.errors] == ["a"] and [p.file for p in r.warnings] == ["b"]
    assert not r.ok


# -- bounds: a hostile descriptor or table cannot make loading slow ---------------------------


def test_long_lists_in_the_descriptor_are_cut_with_an_error(make_package):
    from briefing_app.model.limits import MAX_LIST, MAX_SERIES, MAX_TABS

    def many(doc):
        tabs = doc["briefing"]["tabs"]
        tabs[0]["quotes"] = ["q1"] * (MAX_LIST + 1)
        tabs.extend({"id": f"t{i}", "title": "T", "kind": "timeline"} for i in range(MAX_TABS))
        tabs[0]["charts"][0]["series"] *= MAX_SERIES + 1

    result = load_package(make_package({"datapackage.json": edit_json(many)}))
    errors = texts(result, Severity.ERROR)
    assert f"datapackage.json:briefing.tabs: {MAX_TABS + 3} tabs; at most {MAX_TABS} are read" in (
        errors
    )
    assert (
        f"datapackage.json:briefing.tabs[0].quotes: lists {MAX_LIST + 1:,} items; "
        f"at most {MAX_LIST:,} are read" in errors
    )
    assert (
        f"datapackage.json:briefing.tabs[0].charts[0].series: lists {MAX_SERIES + 1} items; "
        f"at most {MAX_SERIES} are read" in errors
    )


def test_many_indicators_polls_and_series_load(make_package):
    """Thousands of indicators, polls and answers, and the most series the limits allow;
    how fast they load is measured by ``make bench``, not here."""
    from briefing_app.model.limits import MAX_CHARTS, MAX_SERIES

    n = 2000

    def many(doc):
        doc["briefing"]["indicators"].update(
            {f"i{k}": {"title": "x", "unit": "u", "minimum": 0} for k in range(n)}
        )
        doc["briefing"]["tabs"][2]["charts"] = [
            {
                "id": f"c{k}",
                "title": "c",
                "kind": "bar",
                "series": [
                    {"label": "s", "indicator": f"i{(k * MAX_SERIES + j) % n}", "series": "x"}
                    for j in range(MAX_SERIES)
                ],
            }
            for k in range(MAX_CHARTS)
        ]

    obs_rows = "".join(
        f"o{k},i{k},2024-01-01,2024-01-31,{k},u,x,gs,,,reported,,\n" for k in range(n)
    )
    polls = "".join(f"p{k},P,,,,,,Q,art,\n" for k in range(n - 1))
    answers = "".join(f"p{k},{a},{10}\n" for k in range(n - 1) for a in ("yes", "no"))
    pkg = make_package(
        {
            "datapackage.json": edit_json(many),
            "observations.csv": lambda t: t + obs_rows,
            "polls.csv": lambda t: t + polls,
            "poll_answers.csv": lambda t: t + answers,
        },
        base=FULL,
    )
    result = load_package(pkg)
    assert result.ok, texts(result, Severity.ERROR)[:5]
    assert len(result.briefing.polls) == n


def test_observation_rows_follow_the_order_asked_and_the_current_frame():
    from briefing_app.model.briefing import Briefing

    obs = pd.DataFrame({"id": ["a", "b", "c", "d"], "value": [1.0, 2.0, 3.0, 4.0]})
    b = Briefing(name="x", title="x", as_of=dt.date(2024, 12, 1), format_version="1")
    b.observations = obs
    rows = b.observation_rows(["c", "missing", "a", "c"])
    assert rows["id"].tolist() == ["c", "a"], "in the order asked, each once, unknown left out"
    assert rows.index.tolist() == [2, 0], "the frame's own row labels"
    assert b.observation_rows([]).empty and list(b.observation_rows([]).columns) == ["id", "value"]
    # another frame (a package opened again, say) is not answered from the old one
    b.observations = obs.iloc[::-1].reset_index(drop=True)
    assert b.observation_rows(["a"])["value"].tolist() == [1.0]
    assert b.observation_rows(["a"]).index.tolist() == [3]
