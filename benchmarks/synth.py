"""Synthetic briefing packages with one large daily series, for the scale benchmarks.

``make_package(folder, rows)`` copies the small complete package of the tests
(``tests/fixtures/minimal``) and adds a series resource ``daily`` (``date``,
``value``) with *rows* consecutive days, charted by a ``line`` chart on a new
first tab.  The series ends on the briefing's as-of date.  Dates must fall in the
format's range (from 1900-01-01, ``limits.DATE_MIN``): a series longer than the days
since then (1,000,000 days are 2,738 years) is hourly instead, a ``datetime`` column.
Values are a seeded random walk, so every run draws the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import FIXTURE
from briefing_app.model.limits import DATE_MIN

SERIES = "daily"
TAB_ID = "daily"
CHART_ID = "daily-line"

SCHEMA = {
    "fields": [
        {"name": "date", "type": "date", "constraints": {"required": True}},
        {"name": "value", "type": "number", "constraints": {"required": True}},
    ],
    "missingValues": [""],
}


def hourly(rows: int, as_of: dt.date) -> bool:
    """Whether a series of *rows* values must be hourly to fit in the format's dates."""
    return as_of - DATE_MIN < dt.timedelta(days=rows - 1)


def first_day(rows: int, as_of: dt.date) -> dt.date:
    """The first day of *rows* consecutive days ending on *as_of*; for an hourly series,
    the day its *rows* hours start on, ending on *as_of*."""
    if hourly(rows, as_of):
        return as_of - dt.timedelta(days=-(-(rows - 1) // 24))
    return as_of - dt.timedelta(days=rows - 1)


def write_series(
    path: Path, rows: int, start: dt.date, seed: int = 20241210, hours: bool = False
) -> None:
    """Write the ``date,value`` CSV fast (numpy dates, one pandas ``to_csv``); with
    *hours*, ISO 8601 date-times an hour apart."""
    unit = "h" if hours else "D"
    stamps = np.datetime64(start.isoformat(), unit) + np.arange(rows, dtype="int64")
    rng = np.random.default_rng(seed)
    values = np.round(1000.0 + np.cumsum(rng.normal(0.0, 5.0, rows)), 1)
    text = np.char.add(stamps.astype(str), ":00Z") if hours else stamps.astype(str)
    frame = pd.DataFrame({"date": text, "value": values})
    frame.to_csv(path, index=False, float_format="%.1f", lineterminator="\n")


def make_package(folder: str | Path, rows: int, source: str = "gs") -> Path:
    """Create the package in *folder* (made if needed); return the folder."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for f in FIXTURE.iterdir():
        if f.is_file():
            shutil.copy2(f, out / f.name)
    desc = json.loads((FIXTURE / "datapackage.json").read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(desc["briefing"]["as_of"])
    start = first_day(rows, as_of)
    write_series(out / f"{SERIES}.csv", rows, start, hours=hourly(rows, as_of))
    schema = json.loads(json.dumps(SCHEMA))
    if hourly(rows, as_of):
        schema["fields"][0]["type"] = "datetime"
    desc["name"] = f"synthetic-{rows}"
    desc["title"] = f"Synthetic briefing: one daily series of {rows:,} rows"
    desc["resources"].append(
        {
            "name": SERIES,
            "path": f"{SERIES}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }
    )
    tab = {
        "id": TAB_ID,
        "title": "Daily series",
        "kind": "topic",
        "takeaway": f"{rows:,} daily values from {start.isoformat()}.",
        "charts": [
            {
                "id": CHART_ID,
                "title": "Daily value",
                "kind": "line",
                "series": [
                    {"label": "Daily value", "resource": SERIES, "x": "date", "y": "value"}
                    | {"source": source}
                ],
            }
        ],
    }
    desc["briefing"]["tabs"].insert(0, tab)
    (out / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")
    return out


if __name__ == "__main__":  # python -m benchmarks.synth FOLDER ROWS
    import sys

    print(make_package(sys.argv[1], int(sys.argv[2])))
