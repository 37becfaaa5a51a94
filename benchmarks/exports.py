"""Exports, as a user runs them: ``briefing-app export pdf|png`` in a fresh process, timed whole.

The time includes starting Python and Qt and loading the package: it is what
the person typing the command waits for.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, Stats, child_env, run_measured


def _run(args: list[str], timeout: float = 120) -> tuple[float, int, str, str, float]:
    """Wall ms, exit status, stdout, stderr and peak RSS (MiB) of *args*: the export's
    own, measured under a small parent (`common.run_measured`)."""
    # every run validates the package, as a first export does; and nothing is written to
    # the user's cache folder
    env = {**child_env("offscreen"), "BRIEFING_NO_CACHE": "1"}
    m = run_measured(args, env, ROOT, timeout)
    return m.ms, m.returncode, m.stdout, m.stderr, m.peak_mib


#: the exports timed: name -> (the output under the temporary folder, export arguments)
EXPORTS: dict[str, tuple[str, list[str]]] = {
    "pdf": ("handout.pdf", ["pdf"]),
    "png": ("png", ["png", "--size", "1920x1080"]),
    "slides-pdf": ("slides.pdf", ["pdf", "--slides"]),
    "slides-png": ("slides", ["png", "--slides"]),
    "svg": ("svg", ["svg"]),
    "md": ("briefing.md", ["md"]),
    "csv": ("data.zip", ["csv"]),
    "xlsx": ("briefing.xlsx", ["xlsx"]),
}


def bench_export(fmt: str, runs: int) -> dict:
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix=f"briefing-bench-{fmt}-"))
    try:
        name, argv = EXPORTS[fmt]
        target = tmp / name
        args = [py, "-m", "briefing_app", "export", argv[0], str(target), *argv[1:], "--force"]
        times, peaks = [], []
        cmd = "briefing-app " + " ".join(args[3:]).replace(str(tmp), "TMP")
        for k in range(runs + 1):  # the first run warms caches and is not kept
            ms, rc, out, err, peak = _run(args)
            if rc != 0:  # e.g. the PDF export is still being written
                last = (err or out).strip().splitlines()[-1:] or [""]
                return {"available": False, "why": f"exit {rc}: {last[0][:300]}", "command": cmd}
            if k:
                times.append(ms)
                peaks.append(peak)
        files = sorted(target.iterdir()) if target.is_dir() else [target]
        return {
            "available": True,
            "command": cmd,
            "wall": Stats.of(times).to_dict(),
            "peak_rss_mib": Stats.of(peaks).to_dict(),
            "files": len(files),
            "bytes": sum(f.stat().st_size for f in files if f.exists()),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
