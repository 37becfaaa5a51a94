"""Packages at the format's limits, and just above them, for ``make bench``.

``make_at_limits(folder)`` writes the largest package the limits allow
(``briefing_app/model/limits.py``): every known table at its row limit, a series table
of a million rows, 50 tabs listing 2,000 items each, 100 charts (20 on one tab) drawing
together what all charts may draw (the whole series table; 99 charts of 20 series,
99,000 figures; 10,000 event marks with the timeline's), lists of 2,000 ids.  ``make_above``
adds one row to the observations (refused).  ``make_big_cells(folder, n)`` writes *n*
files each holding one cell as large as a resource may be (refused, in bounded memory),
and ``make_big_text(folder)`` a series table of text cells filling the resource size
limit.  ``measure(path)`` runs ``briefing-app validate`` in a child process and gives
its wall time, exit status and peak memory.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import sys
import time
from pathlib import Path

from benchmarks.common import FIXTURE, ROOT, loadavg, run_measured
from briefing_app.model import limits as L
from briefing_app.model.storage import DEFAULT_LIMITS

SERIES_ROWS = L.MAX_SERIES_ROWS
SERIES_COLUMNS = 5


def _write(path: Path, header: str, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(header + "\n")
        fh.writelines(rows)


def _base(folder: Path) -> tuple[Path, dict]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    desc = json.loads((FIXTURE / "datapackage.json").read_text(encoding="utf-8"))
    return folder, desc


def make_at_limits(folder: str | Path, observations: int | None = None) -> Path:
    out, desc = _base(Path(folder))
    n = L.MAX_ROWS
    n_obs = n["observations"] if observations is None else observations
    _write(
        out / "sources.csv",
        "id,publisher,short_name,title,published,url,note",
        (
            f"s{k},Publisher {k},P{k},Title {k},2024-11-{k % 28 + 1:02d},,\n"
            for k in range(n["sources"])
        ),
    )
    inds = 100
    # (indicator, series) groups of `per_series` figures each: a chart of MAX_SERIES such
    # series draws its share of what all charts may draw (50 figures a series)
    per_series = L.MAX_CHART_FIGURES_TOTAL // (L.MAX_CHARTS_TOTAL * L.MAX_SERIES)
    groups = max(1, n_obs // (inds * max(1, per_series)))
    _write(
        out / "observations.csv",
        "id,indicator,period_start,period_end,value,unit,series,source,via,"
        "article_attribution,status,qualifier,note",
        (
            f"o{k},i{k % inds},2024-{k % 12 + 1:02d}-01,2024-{k % 12 + 1:02d}-28,{k}.5,people,"
            f"series {(k // inds) % groups},s{k % n['sources']},"
            f"s{(k + 1) % n['sources']} s{(k + 2) % 50},the ministry,reported,,\n"
            for k in range(n_obs)
        ),
    )
    _write(
        out / "checks.csv",
        "id,title,reported,formula,relation,tolerance,unit,note",
        (
            f"c{k},Check {k},o{k},{{o{k + 1}}} + {{o{k + 2}}} - 1,equal,0,people,\n"
            for k in range(n["checks"])
        ),
    )
    _write(
        out / "claims.csv",
        "id,topic,claim,article_says,actually_said,cross_check,sources,date",
        (f"cl{k},topic,Claim {k},,,,s{k} s{(k + 1) % 9},2024-10-01\n" for k in range(n["claims"])),
    )
    _write(
        out / "quotes.csv",
        "id,speaker,role,text,date,source,via,status,note",
        (f"q{k},Speaker {k},,Words {k},2024-11-30,s{k},,verified,\n" for k in range(n["quotes"])),
    )
    _write(
        out / "positions.csv",
        "id,party,topic,position,article_wording,source,date",
        (
            f"p{k},Party {k % 9},topic {k % 50},Position,,s{k},2024-11-01\n"
            for k in range(n["positions"])
        ),
    )
    _write(
        out / "polls.csv",
        "id,pollster,commissioner,fieldwork_start,fieldwork_end,sample,method,question,source,note",
        (f"poll{k},P,,2024-11-01,2024-11-05,1000,,Q?,s{k},\n" for k in range(n["polls"])),
    )
    per = n["poll_answers"] // n["polls"]
    _write(
        out / "poll_answers.csv",
        "poll,answer,share",
        (f"poll{k},answer {a},{100 / per:.1f}\n" for k in range(n["polls"]) for a in range(per)),
    )
    _write(
        out / "events.csv",
        "id,date,title,description,sources",
        (
            f"e{k},2024-{k % 12 + 1:02d}-{k % 28 + 1:02d},Event {k},,s{k}\n"
            for k in range(n["events"])
        ),
    )
    cols = ["t"] + [f"v{j}" for j in range(SERIES_COLUMNS - 1)]
    start = dt.datetime.combine(L.DATE_MIN, dt.time())
    _write(
        out / "daily.csv",
        ",".join(cols),
        (
            # hourly from the first day a package may name: a million hours is 114 years
            f"{(start + dt.timedelta(hours=k)).isoformat()}Z,{k % 1009},{k % 97}.5,{k % 13},"
            f"{k % 7}\n"
            for k in range(SERIES_ROWS)
        ),
    )
    names = ("sources", "observations", "checks", "claims", "quotes", "positions", "polls")
    names += ("poll_answers", "events")
    desc["resources"] = [{"name": r, "path": f"{r}.csv"} for r in names]
    fields = [{"name": "t", "type": "datetime"}] + [{"name": c, "type": "number"} for c in cols[1:]]
    desc["resources"].append({"name": "daily", "path": "daily.csv", "schema": {"fields": fields}})
    b = desc["briefing"]
    b["source_article"] = "s0"
    b["indicators"] = {
        f"i{k}": {"title": f"I{k}", "unit": "people", "minimum": 0} for k in range(inds)
    }
    tabs = [
        {
            "id": f"t{t}",
            "title": f"Tab {t}",
            "charts": [],
            "checks": [f"c{k}" for k in range(500)],
            "quotes": [f"q{k}" for k in range(500)],
            "claims": [f"cl{k}" for k in range(500)],
            "polls": [f"poll{k}" for k in range(500)],
        }
        for t in range(L.MAX_TABS - 3)
    ]
    for c, chart in enumerate(at_limits_charts(inds, groups)):
        # the first tab as many charts as a tab may have, the others the rest in turn
        t = 0 if c < L.MAX_CHARTS else 1 + (c - L.MAX_CHARTS) % (len(tabs) - 1)
        tabs[t]["charts"].append(chart)
    tabs.append({"id": "neg", "title": "Negotiations", "kind": "negotiations"})
    tabs.append({"id": "timeline", "title": "Timeline", "kind": "timeline"})
    tabs.append({"id": "sources", "title": "Sources", "kind": "sources"})
    b["tabs"] = tabs
    (out / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    return out


def at_limits_charts(indicators: int, groups: int) -> list[dict]:
    """`L.MAX_CHARTS_TOTAL` charts drawing together what the limits allow: a line of the
    whole daily series (`L.MAX_CHART_ROWS_TOTAL` rows), the others bars, grouped bars and
    lines of `L.MAX_SERIES` series of observations (`L.MAX_CHART_FIGURES_TOTAL` figures
    in all); some mark every event, up to `L.MAX_CHART_EVENTS_TOTAL` with the timeline
    tab's own (all of them)."""
    out = [
        {
            "id": "daily-line",
            "title": "Chart",
            "kind": "line",
            "series": [
                {"label": "daily", "resource": "daily", "x": "t", "y": "v0", "source": "s0"}
            ],
        }
    ]
    events_left = L.MAX_CHART_EVENTS_TOTAL - L.MAX_ROWS["events"]  # the timeline tab's
    for c in range(1, L.MAX_CHARTS_TOTAL):
        kind = ("bar", "grouped_bar", "line")[c % 3]
        chart = {
            "id": f"c{c}",
            "title": "Chart",
            "kind": kind,
            "series": [
                {
                    "label": f"S{j}",
                    "indicator": f"i{(c + j) % indicators}",
                    "series": f"series {(c * L.MAX_SERIES + j) % groups}",
                }
                for j in range(L.MAX_SERIES)
            ],
        }
        if events_left >= L.MAX_ROWS["events"]:
            chart["events"] = "all"
            events_left -= L.MAX_ROWS["events"]
        out.append(chart)
    return out


def make_above(folder: str | Path) -> Path:
    """The package at the limits with one observation too many."""
    return make_at_limits(folder, observations=L.MAX_ROWS["observations"] + 1)


def make_big_cells(folder: str | Path, files: int) -> Path:
    """*files* resources (quotes, events, ...) each one cell as large as a file may be."""
    out, _ = _base(Path(folder))
    for f in FIXTURE.iterdir():
        if f.is_file() and f.name != "datapackage.json":
            shutil.copy2(f, out / f.name)
    size = min(DEFAULT_LIMITS.resource, DEFAULT_LIMITS.total // files) - 100
    for name in ("quotes.csv", "events.csv", "checks.csv")[:files]:
        header = (FIXTURE / name).read_text(encoding="utf-8").splitlines()[0]
        with open(out / name, "w", encoding="utf-8") as fh:
            fh.write(header + '\nx,"')
            block = "y" * 1024**2
            for _ in range(size // len(block)):
                fh.write(block)
            fh.write('"' + "," * (header.count(",") - 1) + "\n")
    shutil.copy2(FIXTURE / "datapackage.json", out / "datapackage.json")
    return out


def make_big_text(folder: str | Path) -> Path:
    """Series tables of short text cells (the most memory per byte), as many cells as all
    tables may hold together, each file within the size limit."""
    out, desc = _base(Path(folder))
    for f in FIXTURE.iterdir():
        if f.is_file() and f.name != "datapackage.json":
            shutil.copy2(f, out / f.name)
    cols, left, t = 5, L.MAX_TOTAL_CELLS - 100, 0
    while left > 0:
        rows = min(L.MAX_CELLS, left) // cols
        left -= rows * cols
        width = max(1, DEFAULT_LIMITS.resource // (rows * cols) - 2 - len(str(rows)))
        cell = "w" * width
        _write(
            out / f"text{t}.csv",
            ",".join(f"c{j}" for j in range(cols)),
            (",".join(f"{k}{cell}" for _ in range(cols)) + "\n" for k in range(rows)),
        )
        fields = [{"name": f"c{j}", "type": "string"} for j in range(cols)]
        desc["resources"].append(
            {"name": f"text{t}", "path": f"text{t}.csv", "schema": {"fields": fields}}
        )
        t += 1
    (out / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    return out


def measure(path: Path) -> dict:
    """``briefing-app validate PATH`` in a child: seconds, exit status, peak memory."""
    env = {**os.environ, "BRIEFING_NO_CACHE": "1", "PYTHONPATH": str(ROOT)}
    load = loadavg()
    # under a small parent: the validation's own peak RSS, not this process's
    m = run_measured(
        [sys.executable, "-m", "briefing_app", "validate", str(path)], env, ROOT, timeout=600
    )
    if math.isnan(m.ms):  # the parent itself failed: measured nothing
        return {"error": m.stderr[-800:]}
    out = m.stdout.splitlines()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return {
        "seconds": m.ms / 1000.0,
        "exit": m.returncode,
        "peak_mib": m.peak_mib,
        "load": load[0] if load else None,
        "bytes": size,
        "first_line": (out[0] if out else m.stderr[-300:])[-200:],
        "second_line": out[1][-200:] if len(out) > 1 else "",
    }


CASES = {
    "at the limits": make_at_limits,
    "one observation over": make_above,
    "text cells filling the cell limits": make_big_text,
    "one cell filling a resource": lambda f: make_big_cells(f, 1),
    "two cells filling the total": lambda f: make_big_cells(f, 2),
}


def bench_limits(tmp: Path) -> dict:
    out = {}
    for name, make in CASES.items():
        t = time.perf_counter()
        pkg = make(tmp / name.replace(" ", "-"))
        gen = time.perf_counter() - t
        r = measure(pkg)
        r["generate_s"] = gen
        out[name] = r
        shutil.rmtree(pkg, ignore_errors=True)
    return out


if __name__ == "__main__":  # python -m benchmarks.limits [CASE]
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-limits-"))
    try:
        cases = sys.argv[1:] or list(CASES)
        for name in cases:
            pkg = CASES[name](tmp / name.replace(" ", "-"))
            print(name, json.dumps(measure(pkg)), flush=True)
            shutil.rmtree(pkg, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
