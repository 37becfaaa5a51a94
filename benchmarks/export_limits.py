"""Exports of packages at the format's limits, for ``make bench`` (#21 item 5).

Each export runs as a user runs it, ``briefing-app export FORMAT OUT --package P``, in a
child process with the package cache off: wall time, exit status, the child's peak
resident memory, its CPU time (with the validation the export starts on another core) and
the machine's load average when it started (the machine is shared:
a load above its two cores lengthens wall times).  The packages (`CASES`) are the worst
the limits allow for the exports:

* *at the limits*: `benchmarks.limits.make_at_limits` (every table at its row limit, a
  series of 1,000,000 rows, 50 tabs listing 2,000 items each, 100 charts drawing together
  all that charts may draw: the whole series, 99,000 figures, 10,000 event marks; 2,000
  checks that fail);
* *text cells filling the cell limits*: `benchmarks.limits.make_big_text`, series
  tables of short text cells up to the cells all tables may hold (8,000,000), the most
  memory a package can take per byte;
* *one event listed 2,000 times*: a chart of the small test package listing one event
  as often as a list may hold an id (once 10,000 times: 192 s and a frozen window).

Every export of every case should finish in `TARGET_SECONDS` in under `TARGET_MIB` of
memory (the issue's targets).  Run alone: ``python -m benchmarks.export_limits [CASE ...]``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import time
from pathlib import Path

from benchmarks.common import FIXTURE, ROOT, loadavg, run_measured
from benchmarks.limits import make_at_limits, make_big_text
from briefing_app.model import limits as L

#: the exports measured: (format, what it writes, its options), by the name the report
#: gives them
FORMATS = {
    "pdf": ("pdf", "handout.pdf", []),
    "pdf --slides": ("pdf", "slides.pdf", ["--slides"]),
    "png": ("png", "tabs", []),
    "png --slides": ("png", "slides", ["--slides"]),
    "svg": ("svg", "charts", []),
    "md": ("md", "briefing.md", []),
    "csv": ("csv", "data.zip", []),
    "xlsx": ("xlsx", "package.xlsx", []),
}
#: every export of a package within the limits finishes in this time, in this memory (the
#: issue's targets)
TARGET_SECONDS = 30.0
TARGET_MIB = 1000.0
#: and is stopped if it takes this long (a regression must not hang make bench)
TIMEOUT_SECONDS = 600


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
    "text cells filling the cell limits": make_big_text,
    "one event listed 2,000 times": make_repeated_event,
}


def measure_export(name: str, package: Path, out: Path) -> dict:
    """The export *name* of `FORMATS` of *package* in a child: seconds, exit status, peak
    memory, the load average when it started, what it wrote."""
    fmt, target_name, options = FORMATS[name]
    out.mkdir(parents=True, exist_ok=True)
    target = out / target_name
    env = {
        **os.environ,
        "BRIEFING_NO_CACHE": "1",
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    argv = [fmt, str(target), "--package", str(package), "--force", *options]
    load = loadavg()
    # under a small parent: the export's own peak RSS, not this process's
    m = run_measured(
        [sys.executable, "-m", "briefing_app", "export", *argv], env, ROOT, TIMEOUT_SECONDS
    )
    if m.timed_out:
        return {"error": f"still running after {TIMEOUT_SECONDS} s"}
    if math.isnan(m.ms):  # the parent itself failed: measured nothing
        return {"error": m.stderr[-800:]}
    files = [p for p in target.rglob("*") if p.is_file()] if target.is_dir() else [target]
    files = [f for f in files if f.exists()]
    last = (m.stderr.strip().splitlines() or [""])[-1][:300]
    return {
        "seconds": m.ms / 1000.0,
        "exit": m.returncode,
        "peak_mib": m.peak_mib,
        "cpu_seconds": m.cpu_s,
        "load": load[0] if load else None,
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "message": last if m.returncode else "",
    }


def bench_export_limits(tmp: Path, cases: list[str] | None = None) -> dict:
    """Every export of every case: {case: {"package_bytes": n, "pdf": {...}, ...}}."""
    out: dict = {}
    for name in cases or list(CASES):
        t = time.perf_counter()
        pkg = CASES[name](tmp / name.replace(" ", "-").replace(",", ""))
        row: dict = {"generate_s": time.perf_counter() - t}
        row["package_bytes"] = sum(f.stat().st_size for f in pkg.rglob("*") if f.is_file())
        for fmt in FORMATS:
            where = tmp / "out"
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
