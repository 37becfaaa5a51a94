"""Run every benchmark and write ``docs/benchmarks.md``: ``make bench``.

Options: ``--quick`` (fewer runs, for trying the runner out), ``--only NAME[,NAME]``
(startup, phases, xvfb, tabs, slides, memory, scale, exports, limits,
export-limits, maps, firstkey, viewers), ``--out FILE``
(default docs/benchmarks.md), ``--splice`` (with ``--only``: put those stages' sections
and summary rows into the existing document, keeping the rest), ``--json FILE`` (the raw
results; by default
briefing-bench-last.json in the temporary folder), ``--from-json FILE`` (write
the document again from saved results, e.g. after editing benchmarks/notes.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import report
from benchmarks.common import (
    ROOT,
    child_env,
    git_revision,
    loadavg,
    machine,
    run_child,
    versions,
)
from benchmarks.exports import bench_export
from benchmarks.startup import Xvfb, run_startup
from benchmarks.synth import make_package

ALL = (
    "startup",
    "phases",
    "xvfb",
    "tabs",
    "slides",
    "memory",
    "scale",
    "exports",
    "limits",
    "export-limits",
    "maps",
    "firstkey",
    "viewers",
)
SIZES = (1_000, 10_000, 100_000, 1_000_000)


def log(msg: str) -> None:
    la = loadavg()
    load = f" [load {la[0]:.2f}]" if la else ""
    print(f"{time.strftime('%H:%M:%S')} {msg}{load}", flush=True)


def inproc(kind: str, *args: str, timeout: float = 900) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.inproc", kind, *args]
    out, err = run_child(cmd, child_env("offscreen"), timeout=timeout)
    if out is None:
        return {"error": err.strip()[-800:]}
    return out


def _add_notes(res: dict) -> None:
    notes = ROOT / "benchmarks" / "notes.md"
    if notes.exists():  # the analysis behind targets that are not met; kept by hand
        res["notes_md"] = notes.read_text(encoding="utf-8").strip()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__)
    p.add_argument("--quick", action="store_true", help="fewer runs (not for the record)")
    p.add_argument("--only", help="comma-separated subset of: " + ", ".join(ALL))
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    p.add_argument("--json", help="also write the raw results here")
    p.add_argument("--from-json", help="render the results saved by --json again; run nothing")
    p.add_argument(
        "--splice",
        action="store_true",
        help="with --only: put the stages' sections and summary rows into the existing "
        "document (--out) in place of theirs, keeping the rest of it",
    )
    a = p.parse_args(argv)
    if a.splice and not (a.only or a.from_json):
        p.error("--splice needs --only (or --from-json of such a run)")
    if a.from_json:
        res = json.loads(Path(a.from_json).read_text(encoding="utf-8"))
        _add_notes(res)
        out = Path(a.out)
        if a.splice and out.exists():  # a partial run's results put in again
            out.write_text(report.splice(out.read_text(encoding="utf-8"), res), encoding="utf-8")
        else:
            out.write_text(report.render(res), encoding="utf-8")
        log(f"wrote {a.out} from {a.from_json}")
        return 0

    only = set(a.only.split(",")) if a.only else set(ALL)
    unknown = only - set(ALL)
    if unknown:
        p.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    q = a.quick
    n = {
        "startup": 3 if q else 11,
        "xvfb": 3 if q else 9,
        "switches": 70 if q else 210,
        "slides": 70 if q else 210,
        "cycles": 20 if q else 1000,
        "deck_cycles": 20 if q else 1000,
        "exports": 2 if q else 5,
        "loads": 2 if q else 5,
        "builds": 2 if q else 3,
        "pans": 30 if q else 60,
        "firstkey": 3 if q else 9,
        "viewers": 3 if q else 11,
    }
    t_start = time.perf_counter()
    res: dict = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "revision": git_revision(),
        "machine": machine(),
        "versions": versions(),
        "runs": n,
        "quick": q,
        "load": [],
    }

    def stage(name: str, fn):
        log(f"{name}…")
        t = time.perf_counter()
        la0 = loadavg()
        res[name] = fn()
        res["load"].append(
            {"stage": name, "before": la0, "after": loadavg(), "seconds": time.perf_counter() - t}
        )

    if "startup" in only:
        stage("startup", lambda: run_startup(n["startup"], "offscreen"))
    if "phases" in only:

        def phases() -> dict:
            runs = [inproc("phases") for _ in range(3 if q else 5)]
            good = [r for r in runs if "steps" in r]
            if not good:
                return runs[0]
            names = [s["step"] for s in good[0]["steps"]]
            med = statistics.median
            return {
                "runs": len(good),
                "steps": [
                    {
                        "step": name,
                        "wall_ms": med(r["steps"][i]["wall_ms"] for r in good),
                        "cpu_ms": med(r["steps"][i]["cpu_ms"] for r in good),
                    }
                    for i, name in enumerate(names)
                ],
                "total_wall_ms": med(r["total_wall_ms"] for r in good),
                "total_cpu_ms": med(r["total_cpu_ms"] for r in good),
            }

        stage("phases", phases)
    if "xvfb" in only:

        def on_xvfb() -> dict:
            with Xvfb() as x:
                if x is None:
                    return {"skipped": "Xvfb is not installed or did not start"}
                return run_startup(n["xvfb"], "xcb", x.display)

        stage("xvfb", on_xvfb)
    if "tabs" in only:
        stage("tabs", lambda: inproc("tabs", "--n", str(n["switches"])))
        # the same in Ukrainian (issue #18): translated text, longer labels
        stage("tabs-uk", lambda: inproc("tabs", "--n", str(n["switches"]), "--lang", "uk"))
    if "slides" in only:
        stage("slides", lambda: inproc("slides", "--n", str(n["slides"])))
    if "memory" in only:

        def memory() -> dict:
            return inproc("memory", "--n", str(n["cycles"]))

        stage("memory", memory)
        # presenting (--present): passes through the whole deck
        stage("slides-memory", lambda: inproc("slides-memory", "--n", str(n["deck_cycles"])))
    if "scale" in only:

        def scale() -> dict:
            out = {}
            tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-scale-"))
            try:
                for rows in SIZES:
                    t = time.perf_counter()
                    pkg = make_package(tmp / f"rows-{rows}", rows)
                    gen_s = time.perf_counter() - t
                    log(f"  {rows:,} rows (generated in {gen_s:.1f} s)")
                    loads = n["loads"] if rows < 1_000_000 else max(2, n["loads"] - 2)
                    r = inproc(
                        "scale",
                        "--package",
                        str(pkg),
                        "--loads",
                        str(loads),
                        "--builds",
                        str(n["builds"]),
                        "--pans",
                        str(n["pans"]),
                    )
                    r["csv_bytes"] = (pkg / "daily.csv").stat().st_size
                    r["generate_s"] = gen_s
                    out[str(rows)] = r
                    shutil.rmtree(pkg, ignore_errors=True)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            return out

        stage("scale", scale)
    if "exports" in only:
        from benchmarks.exports import EXPORTS

        # the handout PDF and tab PNGs against their 2 s, the others for their peak RSS
        stage(
            "exports",
            lambda: {
                fmt: bench_export(fmt, n["exports"] if fmt in ("pdf", "png") else 2)
                for fmt in EXPORTS
            },
        )
    if "limits" in only:

        def at_limits() -> dict:
            from benchmarks.limits import bench_limits

            tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-limits-"))
            try:
                return bench_limits(tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)

        stage("limits", at_limits)
    if "export-limits" in only:

        def exports_at_limits() -> dict:
            from benchmarks.export_limits import bench_export_limits

            tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-export-limits-"))
            try:
                return bench_export_limits(tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)

        stage("export-limits", exports_at_limits)
    if "maps" in only:

        def maps() -> dict:
            cmd = [sys.executable, "-m", "benchmarks.maps", "--builds", str(n["builds"] + 2)]
            cmd += ["--steps", str(n["pans"])]
            out, err = run_child(cmd, child_env("offscreen"), timeout=900)
            return out if out is not None else {"error": err.strip()[-800:]}

        stage("maps", maps)
    if "firstkey" in only:

        def first_key() -> dict:
            from benchmarks.firstkey import DELAYS, MODES

            runs: list[dict] = []
            # a fresh process a run; every mode and delay in turn each round, so that a
            # burst of load from elsewhere falls on all of them alike
            for _ in range(n["firstkey"]):
                for mode in MODES:
                    for delay in DELAYS:
                        cmd = [sys.executable, "-m", "benchmarks.firstkey", mode, delay]
                        out, err = run_child(cmd, child_env("offscreen"), timeout=120)
                        runs.append(out or {"mode": mode, "delay": delay, "error": err[-300:]})
            return {"runs": runs}

        stage("firstkey", first_key)
    if "viewers" in only:

        def viewers() -> dict:
            from benchmarks.viewers import bench_viewers

            return bench_viewers(n["viewers"])

        stage("viewers", viewers)
    res["machine"]["loadavg_end"] = loadavg()
    _add_notes(res)
    res["seconds"] = time.perf_counter() - t_start
    raw = Path(a.json or Path(tempfile.gettempdir()) / "briefing-bench-last.json")
    raw.write_text(json.dumps(res, indent=1), encoding="utf-8")
    log(f"raw results: {raw}")
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if a.splice and out.exists():
        out.write_text(report.splice(out.read_text(encoding="utf-8"), res), encoding="utf-8")
    else:
        out.write_text(report.render(res), encoding="utf-8")
    log(f"wrote {out} in {res['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
