"""The real daily series from ``../shared/data`` load into the model as series tables.

Each test builds a package in tmp_path: the minimal package plus a copy of a public
CSV as an extra resource, plotted by a ``line`` chart via {resource, x, y}.  Nothing
is copied into the repository; the tests skip cleanly when ``../shared`` is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED_DATA, edit_json

from briefing_app.content.chartdata import chart_data
from briefing_app.model import load_package

GS_DAILY = SHARED_DATA / "derived" / "gs_personnel_daily.csv"
AREA = SHARED_DATA / "economist-ukraine" / "area_assessed_as_controlled_by_russia.csv"


def _need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"public reference data not found: {path}")
    return path


def _package_with_series(make_package, csv_path: Path, name: str, fields, x: str, y: str):
    def add(doc):
        doc["resources"].append(
            {
                "name": name,
                "path": f"series/{csv_path.name}",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "missingValues": [""]},
            }
        )
        doc["briefing"]["tabs"][0]["charts"].append(
            {
                "id": f"{name}-line",
                "title": name,
                "kind": "line",
                "series": [{"label": name, "resource": name, "x": x, "y": y, "source": "gs"}],
            }
        )

    pkg = make_package({"datapackage.json": edit_json(add)})
    (pkg / "series").mkdir()
    shutil.copyfile(csv_path, pkg / "series" / csv_path.name)
    return pkg


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_general_staff_daily_series_loads_with_its_types(make_package):
    src = _need(GS_DAILY)
    fields = [
        {"name": "report_date", "type": "date", "constraints": {"required": True, "unique": True}},
        {"name": "cumulative", "type": "integer", "constraints": {"required": True, "minimum": 0}},
        {"name": "increment_vs_prev_report", "type": "integer"},
    ]
    pkg = _package_with_series(make_package, src, "gs_daily", fields, "report_date", "cumulative")
    result = load_package(pkg)
    assert result.ok, [str(p) for p in result.errors]
    b = result.briefing
    table = b.series_tables["gs_daily"]
    rows = _rows(src)
    assert len(table) == len(rows) >= 1600  # about 1,626 daily reports since Feb 2022
    assert str(table["report_date"].dtype).startswith("datetime64")
    assert table["cumulative"].dtype == np.int64
    assert table["increment_vs_prev_report"].dtype == np.int64
    assert table["report_date"].iat[0] == pd.Timestamp(rows[0]["report_date"])
    assert table["cumulative"].iat[-1] == int(rows[-1]["cumulative"])
    assert table["report_date"].is_monotonic_increasing
    assert table["cumulative"].is_monotonic_increasing

    chart = next(c for t in b.tabs for c in t.charts if c.id == "gs_daily-line")
    frame = chart_data(b, chart).table
    assert len(frame) == len(rows)
    assert list(frame["value"][:2]) == [int(rows[0]["cumulative"]), int(rows[1]["cumulative"])]
    assert frame["attribution"].iat[0] == "GS"


def test_the_economist_area_series_loads_with_missing_cells(make_package):
    src = _need(AREA)
    header = _rows(src)[0].keys()
    fields = [{"name": "date", "type": "date", "constraints": {"required": True}}] + [
        {"name": h, "type": "number"} for h in header if h != "date"
    ]
    pkg = _package_with_series(
        make_package, src, "area", fields, "date", "area_assessed_as_russia_controlled"
    )
    result = load_package(pkg)
    assert result.ok, [str(p) for p in result.errors]
    table = result.briefing.series_tables["area"]
    rows = _rows(src)
    assert len(table) == len(rows) >= 1600
    assert table["date"].iat[0].date() == dt.date.fromisoformat(rows[0]["date"])
    for h in header:
        if h != "date":
            assert table[h].dtype == np.float64, h
    # the first day has no change yet: an empty cell is missing, not zero
    change = "change_in_area_assessed_as_russia_controlled"
    assert rows[0][change] == "" and np.isnan(table[change].iat[0])
    assert table["area_assessed_as_russia_controlled"].iat[-1] == pytest.approx(
        float(rows[-1]["area_assessed_as_russia_controlled"])
    )


def test_a_series_with_a_text_column_as_y_is_refused(make_package):
    src = _need(GS_DAILY)
    fields = [
        {"name": "report_date", "type": "date"},
        {"name": "cumulative", "type": "string"},
        {"name": "increment_vs_prev_report", "type": "integer"},
    ]
    pkg = _package_with_series(make_package, src, "gs_daily", fields, "report_date", "cumulative")
    errors = [str(p) for p in load_package(pkg).errors]
    assert errors == [
        "datapackage.json:briefing.tabs[0].charts[1].series[0].y: column 'cumulative' of "
        "'gs_daily' is not numeric (declare it as a number or integer in the resource's schema)"
    ]


def test_a_real_series_with_one_bad_cell_names_its_row(make_package, tmp_path):
    src = _need(GS_DAILY)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[500] = lines[500].replace(",", ",1O", 1)  # a letter O for a zero, on row 501
    bad = tmp_path / "gs_personnel_daily.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    fields = [
        {"name": "report_date", "type": "date"},
        {"name": "cumulative", "type": "integer"},
        {"name": "increment_vs_prev_report", "type": "integer"},
    ]
    pkg = _package_with_series(make_package, bad, "gs_daily", fields, "report_date", "cumulative")
    errors = [str(p) for p in load_package(pkg).errors]
    value = lines[500].split(",")[1]
    assert errors == [
        f"series/gs_personnel_daily.csv:501:cumulative: {value!r} is not a whole number"
    ]
