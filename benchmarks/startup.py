"""Start-up: the app from source, the packaged app, and the two floors, in fresh processes.

Each round launches every variant once, in turn, so that a burst of load from
elsewhere on the machine falls on all of them alike; one discarded round first
warms the disk cache and writes the compiled-module caches.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

from benchmarks.common import (
    BENCH,
    PACKAGED_EXE,
    Launch,
    Stats,
    child_env,
    temp_dir,
    time_until_line,
)


@dataclass
class Variant:
    key: str
    title: str
    argv: list[str]
    launches: list[Launch] = field(default_factory=list)
    #: environment variables of this variant only
    env: dict[str, str] = field(default_factory=dict)

    def ok(self) -> list[Launch]:
        return [x for x in self.launches if x.ms is not None and x.status == 0]

    def summary(self) -> dict:
        good = self.ok()
        reported = []
        for x in good:
            with contextlib.suppress(ValueError):
                reported.append(float(x.line))
        return {
            "title": self.title,
            "runs": len(self.launches),
            "ok": len(good),
            "wall": Stats.of([x.ms for x in good]).to_dict(),
            "cpu_ms": Stats.of([x.cpu_s * 1000 for x in good]).to_dict(),
            "self_reported": Stats.of(reported).to_dict(),
            "errors": sorted(
                {
                    x.error.strip().splitlines()[-1]
                    for x in self.launches
                    if x.ms is None and x.error.strip()
                }
            ),
        }


UNTUNED = (
    "import gc, os, sys; "
    "os.environ['OPENBLAS_NUM_THREADS'] = str(os.cpu_count() or 1); "
    "gc.disable = lambda: None; "
    "from briefing_app.cli.main import main; "
    "sys.exit(main(['--benchmark-startup']))"
)


TUNED_FLOOR = (
    "import gc, os, runpy, sys; "
    "os.environ['OPENBLAS_NUM_THREADS'] = '1'; "
    "gc.disable(); "
    "sys.argv = [{floors!r}, 'plots']; "
    "runpy.run_path({floors!r}, run_name='__main__')"
)


def variants() -> list[Variant]:
    py = sys.executable
    out = [
        Variant("bare", "Floor 1: bare PySide6 window", [py, str(BENCH / "floors.py"), "bare"]),
        Variant(
            "plots",
            "Floor 2: PySide6 + pyqtgraph + pandas, five empty plots in tabs",
            [py, str(BENCH / "floors.py"), "plots"],
        ),
        Variant(
            "source",
            "Briefing Viewer from source",
            [py, "-m", "briefing_app", "--benchmark-startup"],
        ),
        # issue #18: the interface and the bundled briefing in Ukrainian (its second
        # language), translations loaded and the text longer
        Variant(
            "source_uk",
            "Briefing Viewer from source, in Ukrainian (--lang uk)",
            [py, "-m", "briefing_app", "--lang", "uk", "--benchmark-startup"],
        ),
        # the first opening of a package: nothing in the cache of validated packages
        # (briefing_app.model.cache), which the runs above read from after the warm-up
        Variant(
            "source_cold",
            "Briefing Viewer from source, first opening of the package (not cached)",
            [py, "-m", "briefing_app", "--benchmark-startup"],
            env={"BRIEFING_NO_CACHE": "1"},
        ),
        # For comparison only (no target): floor 2 with the app's two start-up settings,
        # and the app without them: the like-for-like ratios.
        Variant(
            "plots_tuned",
            "Floor 2 with the app's OpenBLAS and collector settings",
            [py, "-c", TUNED_FLOOR.format(floors=str(BENCH / "floors.py"))],
        ),
        # For comparison only (no target): the app without its two start-up settings,
        # i.e. OpenBLAS with its default thread per core, and the cyclic collector on
        # throughout start-up (briefing_app.cli.main.main), which the floors do not have.
        Variant(
            "untuned",
            "Briefing Viewer from source, without its OpenBLAS and collector settings",
            [py, "-c", UNTUNED],
        ),
    ]
    if PACKAGED_EXE.exists():
        out.append(
            Variant(
                "packaged",
                "Briefing Viewer, packaged (dist/BriefingViewer)",
                [str(PACKAGED_EXE), "--benchmark-startup"],
            )
        )
        out.append(
            Variant(
                "packaged_uk",
                "Briefing Viewer, packaged, in Ukrainian (--lang uk)",
                [str(PACKAGED_EXE), "--lang", "uk", "--benchmark-startup"],
            )
        )
        out.append(
            Variant(
                "packaged_cold",
                "Briefing Viewer, packaged, first opening of the package (not cached)",
                [str(PACKAGED_EXE), "--benchmark-startup"],
                env={"BRIEFING_NO_CACHE": "1"},
            )
        )
    return out


class Xvfb:
    """A private X server for the start-up runs on a real window system (software GL)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.display = ""

    def __enter__(self) -> Xvfb | None:
        exe = shutil.which("Xvfb")
        if not exe:
            return None
        for n in range(91, 120):
            if os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
                continue
            self.proc = subprocess.Popen(
                [exe, f":{n}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(100):
                if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                    self.display = f":{n}"
                    time.sleep(0.2)
                    return self
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
            self.__exit__()
        return None

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None


def run_startup(runs: int, platform_name: str = "offscreen", display: str = "") -> dict:
    """Time every variant *runs* times (after one warm-up round) on one Qt platform."""
    extra = {"DISPLAY": display} if display else {}
    env = child_env(platform_name, **extra)
    # a fresh settings folder per platform: no remembered tab or window geometry
    env["XDG_CONFIG_HOME"] = temp_dir("briefing-bench-startup-")
    # validated packages are cached (briefing_app.model.cache): the warm-up round fills
    # this folder, as a first launch fills the user's, and the "not cached" variants
    # turn the cache off
    env["BRIEFING_CACHE_DIR"] = temp_dir("briefing-bench-cache-")
    env.pop("BRIEFING_NO_CACHE", None)
    vs = variants()
    for v in vs:  # warm-up, not kept
        time_until_line(v.argv, {**env, **v.env})
    for _ in range(runs):
        for v in vs:
            v.launches.append(time_until_line(v.argv, {**env, **v.env}))
    out = {v.key: v.summary() for v in vs}
    out["platform"] = platform_name + (f" (Xvfb {display})" if display else "")
    out["packaged_present"] = PACKAGED_EXE.exists()
    return out
