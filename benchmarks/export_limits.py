"""Exports of packages at the format's limits, for ``make bench`` (#21 item 5).

Each export runs as a user runs it, ``briefing-app export FORMAT OUT --package P``, in a
child process with the package cache off: wall time, exit status and the child's peak
resident memory.  The packages (`CASES`) are the worst the limits allow for the exports:

* *at the limits*: `benchmarks.limits.make_at_limits` (every table at its row limit, a
  series of 1,000,000 rows, 50 tabs listing 2,000 items each, charts of 20 series
  marking all 2,000 events, 2,000 checks that fail);
* *100 charts*: the same with the most charts a briefing may have, 100 (the cases of
  "100 tabs of 100 charts" before the limits);
* *one event listed 2,000 times*: a chart of the small test package listing one event
  as often as a list may hold an id (once 10,000 times: 192 s and a frozen window).

Run alone: ``python -m benchmarks.export_limits [CASE ...]``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import FIXTURE, ROOT
from benchmarks.limits import make_at_limits
from briefing_app.model import limits as L

#: the exports measured, and the output each writes
FORMATS = {
    "pdf": ("handout.pdf", []),
    "png": ("tabs", []),
    "csv": ("data.zip", []),
    "md": ("briefing.md", []),
}
#: every export of a package within the limits finishes in this time (the issue's target)
TARGET_SECONDS = 30.0
#: and is stopped if it takes this long (a regression must not hang make bench)
TIMEOUT_SECONDS = 600


def make_100_charts(folder: str | Path) -> Path:
    """The package at the limits with 100 charts (as many per tab as it takes)."""
    out = make_at_limits(folder)
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    tabs = [t for t in desc["briefing"]["tabs"] if t.get("charts")]
    charts = [c for t in tabs for c in t["charts"]]
    k = 0
    while len(charts) < L.MAX_CHARTS_TOTAL:
        extra = dict(charts[k % len(charts)], id=f"extra-{k}")
        tab = tabs[k % len(tabs)]
        if len(tab["charts"]) < L.MAX_CHARTS:
            tab["charts"].append(extra)
            charts.append(extra)
        k += 1
    (out / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    return out


def make_repeated_event(folder: str | Path) -> Path:
    """The small test package whose chart lists its one event `MAX_LIST` times."""
    out = Path(folder)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(FIXTURE, out)
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    chart = desc["briefing"]["tabs"][0]["charts"][0]
    chart["events"] = [chart["events"][0]] * L.MAX_LIST
    (out / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    return out


CASES = {
    "at the limits": make_at_limits,
    "100 charts": make_100_charts,
    "one event listed 2,000 times": make_repeated_event,
}

#: runs the export in a grandchild, so that RUSAGE_CHILDREN is the export's peak alone
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run([sys.executable, '-m', 'briefing_app', 'export', *sys.argv[1:]],"
    " capture_output=True, text=True, stdin=subprocess.DEVNULL)\n"
    "s = time.perf_counter() - t\n"
    "print(s, p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "print((p.stderr.strip().splitlines() or [''])[-1][:300])\n"
)


def measure_export(fmt: str, package: Path, out: Path) -> dict:
    """``briefing-app export FMT OUT --package PACKAGE`` in a child: seconds, exit status,
    peak memory, what it wrote."""
    name, options = FORMATS[fmt]
    out.mkdir(parents=True, exist_ok=True)
    target = out / name
    env = {
        **os.environ,
        "BRIEFING_NO_CACHE": "1",
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    argv = [fmt, str(target), "--package", str(package), "--force", *options]
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURE, *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"still running after {TIMEOUT_SECONDS} s"}
    lines = proc.stdout.splitlines()
    if not lines:
        return {"error": proc.stderr[-800:]}
    seconds, status, rss = lines[0].split()
    files = [p for p in target.rglob("*") if p.is_file()] if target.is_dir() else [target]
    files = [f for f in files if f.exists()]
    return {
        "seconds": float(seconds),
        "exit": int(status),
        "peak_mib": int(rss) / 1024,
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "message": lines[1] if len(lines) > 1 and int(status) else "",
    }


def bench_export_limits(tmp: Path, cases: list[str] | None = None) -> dict:
    """Every format of every case: {case: {"package_bytes": n, "pdf": {...}, ...}}."""
    out: dict = {}
    for name in cases or list(CASES):
        t = time.perf_counter()
        pkg = CASES[name](tmp / name.replace(" ", "-").replace(",", ""))
        row: dict = {"generate_s": time.perf_counter() - t}
        row["package_bytes"] = sum(f.stat().st_size for f in pkg.rglob("*") if f.is_file())
        for fmt in FORMATS:
            where = tmp / f"out-{fmt}"
            row[fmt] = measure_export(fmt, pkg, where)
            shutil.rmtree(where, ignore_errors=True)
            print(f"  {name}: export {fmt}: {json.dumps(row[fmt])}", flush=True)
        out[name] = row
        shutil.rmtree(pkg, ignore_errors=True)
    return out


if __name__ == "__main__":  # python -m benchmarks.export_limits [CASE ...]
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-export-limits-"))
    try:
        print(json.dumps(bench_export_limits(tmp, sys.argv[1:] or None), indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
