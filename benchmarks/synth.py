"""Synthetic briefing packages with one large daily series, for the scale benchmarks.

``make_package(folder, rows)`` copies the small complete package of the tests
(``tests/fixtures/minimal``) and adds a series resource ``daily`` (``date``,
``value``) with *rows* consecutive days, charted by a ``line`` chart on a new
first tab.  The series ends on the briefing's as-of date when that fits after
1 January of year 1; 1,000,000 days (2,738 years) cannot, so that series starts
on 0001-01-01.  Values are a seeded random walk, so every run draws the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import FIXTURE

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


def first_day(rows: int, as_of: dt.date) -> dt.date:
    back = dt.timedelta(days=rows - 1)
    earliest = dt.date(1, 1, 1)
    return as_of - back if (as_of - earliest) >= back else earliest


def write_series(path: Path, rows: int, start: dt.date, seed: int = 20241210) -> None:
    """Write the ``date,value`` CSV fast (numpy dates, one pandas ``to_csv``)."""
    days = np.datetime64(start.isoformat(), "D") + np.arange(rows, dtype="int64")
    rng = np.random.default_rng(seed)
    values = np.round(1000.0 + np.cumsum(rng.normal(0.0, 5.0, rows)), 1)
    frame = pd.DataFrame({"date": days.astype(str), "value": values})
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
    write_series(out / f"{SERIES}.csv", rows, start)
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
            "schema": SCHEMA,
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
