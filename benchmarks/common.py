"""Shared helpers of the benchmarks: statistics, memory, child environments, machine facts.

Nothing here imports Qt, pandas or the app, so every measured child process
starts from the same state.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
PACKAGED_EXE = ROOT / "dist" / "BriefingViewer" / "BriefingViewer"
#: a result line a child prints, for the parent to pick out of other output
RESULT_TAG = "BENCH-RESULT "
#: a partial result a child prints as it goes, kept if it dies before the end
PROGRESS_TAG = "BENCH-PROGRESS "
#: window size used for in-process timings (a full-HD laptop screen)
WIDTH, HEIGHT = 1920, 1080


# -- statistics -----------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Percentile by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


@dataclass
class Stats:
    n: int
    median: float
    p95: float
    lo: float
    hi: float
    q1: float
    q3: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        vs = [float(v) for v in values]
        if not vs:
            nan = math.nan
            return cls(0, nan, nan, nan, nan, nan, nan)
        return cls(
            len(vs),
            statistics.median(vs),
            percentile(vs, 95),
            min(vs),
            max(vs),
            percentile(vs, 25),
            percentile(vs, 75),
        )

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def growth_exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """Slope of log(time) against log(size) between the last two sizes (1 = linear)."""
    if len(sizes) < 2 or times[-2] <= 0 or times[-1] <= 0:
        return math.nan
    return math.log(times[-1] / times[-2]) / math.log(sizes[-1] / sizes[-2])


# -- memory -----------------------------------------------------------------------
def proc_status_kib(field: str, pid: int | str = "self") -> int | None:
    """A ``VmRSS``/``VmHWM`` style field of /proc/PID/status, in KiB (None if unknown)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def rss_mib() -> float:
    return (proc_status_kib("VmRSS") or 0) / 1024.0


def hwm_mib() -> float:
    return (proc_status_kib("VmHWM") or 0) / 1024.0


# -- children ---------------------------------------------------------------------
_SETTINGS_DIR: str | None = None


def temp_dir(prefix: str) -> str:
    """A temporary folder removed when this process exits."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def settings_dir() -> str:
    """A private config folder, so no remembered tab, theme or geometry leaks into a run."""
    global _SETTINGS_DIR
    if _SETTINGS_DIR is None:
        _SETTINGS_DIR = temp_dir("briefing-bench-config-")
    return _SETTINGS_DIR


def child_env(platform_name: str | None = "offscreen", **extra: str) -> dict[str, str]:
    """Environment of a measured child: this source tree first, fresh settings, a platform."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    env["XDG_CONFIG_HOME"] = settings_dir()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cache compiled modules, as an install does
    env.pop("QT_SCALE_FACTOR", None)
    if platform_name:
        env["QT_QPA_PLATFORM"] = platform_name
    else:
        env.pop("QT_QPA_PLATFORM", None)
    env.update(extra)
    return env


def emit(result: dict, progress: bool = False) -> None:
    """Print a result (or a partial one) for the parent: one JSON line, tagged."""
    print((PROGRESS_TAG if progress else RESULT_TAG) + json.dumps(result), flush=True)


def run_child(
    args: Sequence[str], env: dict[str, str], timeout: float = 600
) -> tuple[dict | None, str]:
    """Run a child, return its tagged JSON result (or None) and its stderr tail."""
    try:
        r = subprocess.run(
            list(args),
            env=env,
            cwd=str(ROOT),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    progress = None
    for line in r.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :]), r.stderr[-2000:]
        if line.startswith(PROGRESS_TAG):
            progress = json.loads(line[len(PROGRESS_TAG) :])
    fatal = [x for x in r.stderr.splitlines() if x.startswith("Fatal Python error")]
    if progress is not None:  # it died on the way: keep how far it got, and why
        progress["aborted"] = (fatal or [f"exit {r.returncode}"])[0]
        return progress, r.stderr[-2000:]
    text = r.stderr or r.stdout
    if len(text) > 3000:  # keep where it went wrong and how it ended
        text = text[:1500] + "\n…\n" + text[-1500:]
    return None, text + f"\n(exit {r.returncode})"


@dataclass
class Launch:
    """One timed launch: wall ms to the first stdout line, that line, CPU seconds, exit status."""

    ms: float | None
    line: str
    cpu_s: float
    status: int | None
    error: str = ""


def time_until_line(args: Sequence[str], env: dict[str, str], timeout: float = 120) -> Launch:
    """Wall ms from just before spawning *args* to the first line on its stdout.

    The child prints that line when its first frame is painted.  This clock
    (``perf_counter`` of the parent) does not depend on the 10 ms clock-tick
    resolution of /proc/PID/stat that a process's own "age" has.  The child's
    CPU time (user + system, from ``wait4``) is kept too: unlike wall time it
    hardly moves when other work shares the machine.
    """
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(
            list(args),
            env=env,
            cwd=str(ROOT),
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        assert p.stdout is not None
        line = p.stdout.readline()
        ms = (time.perf_counter() - t0) * 1000.0
        usage = reap(p, timeout)  # the child exits right after its line
        p.stdout.close()
        err.seek(0)
        error = err.read()[-1500:]
    cpu = usage.ru_utime + usage.ru_stime
    if not line.strip():
        return Launch(None, "", cpu, p.returncode, error)
    return Launch(ms, line.strip(), cpu, p.returncode, error)


def reap(p: subprocess.Popen, timeout: float, poll: float = 0.002) -> resource.struct_rusage:
    """Wait for *p* (killed after *timeout* seconds), set its ``returncode`` and give
    its resource usage (``wait4``: CPU time, peak RSS), which ``Popen.wait`` loses."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            p.kill()
            pid, status, usage = os.wait4(p.pid, 0)
            break
        time.sleep(poll)
    p.returncode = os.waitstatus_to_exitcode(status)
    return usage


#: runs a command as the child of this small process and writes what it measured to a
#: file: the command's wall seconds, exit status, peak RSS (KiB), CPU seconds and whether
#: it was killed for running past its timeout.  A child starts with its parent's peak RSS
#: (``ru_maxrss`` survives the fork and the exec), so a command started by the benchmark
#: runner, hundreds of MiB after its in-process stages, reads at least the runner's peak:
#: every export read 586.1 MiB so (3 Dec 2026).  This parent runs without site (``-I
#: -S``), a few MiB, under any command measured.
_SMALL_PARENT = (
    "import resource, subprocess, sys, time\n"
    "out, timeout, args = sys.argv[1], float(sys.argv[2]), sys.argv[3:]\n"
    "t = time.perf_counter()\n"
    "try:\n"
    "    rc, late = subprocess.run(args, stdin=subprocess.DEVNULL, timeout=timeout).returncode, 0\n"
    "except subprocess.TimeoutExpired:\n"
    "    rc, late = -9, 1\n"
    "s = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "with open(out, 'w') as f:\n"
    "    f.write(f'{s} {rc} {u.ru_maxrss} {u.ru_utime + u.ru_stime} {late}')\n"
)


@dataclass
class Measured:
    """A command run under a small parent (`run_measured`)."""

    ms: float
    returncode: int
    stdout: str
    stderr: str
    #: the command's own peak resident set
    peak_mib: float
    #: its CPU time, user and system
    cpu_s: float
    #: killed for running past its timeout (its status then reads -9, as for any SIGKILL:
    #: the out-of-memory killer's too)
    timed_out: bool = False


def run_measured(
    args: Sequence[str], env: dict[str, str], cwd: Path | str = ROOT, timeout: float = 120
) -> Measured:
    """Run *args* as the child of a small Python process (`_SMALL_PARENT`), so that the
    peak RSS read is the command's own, not this process's: its wall time from start to
    exit as that parent saw it, exit status, output, peak RSS and CPU time."""
    with (
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
        tempfile.TemporaryDirectory(prefix="briefing-bench-measure-") as tmp,
    ):
        report = Path(tmp) / "measured"
        p = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _SMALL_PARENT, str(report), str(timeout), *args],
            env=env,
            cwd=str(cwd),
            stdout=out,
            stderr=err,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        reap(p, timeout + 30)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        try:
            s, rc, kib, cpu, late = report.read_text(encoding="utf-8").split()
        except (OSError, ValueError):  # the parent itself failed: say so, measured nothing
            return Measured(math.nan, p.returncode or -1, stdout, stderr, math.nan, math.nan)
    ms, mib = float(s) * 1000.0, int(kib) / 1024.0
    return Measured(ms, int(rc), stdout, stderr, mib, float(cpu), late == "1")


# -- machine ----------------------------------------------------------------------
def loadavg() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except OSError:
        return None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError):
        pass
    return None


def has_gpu() -> str:
    dri = Path("/dev/dri")
    if dri.exists() and any(dri.iterdir()):
        return "a /dev/dri device exists (not used: Qt paints in software here)"
    return "none (no /dev/dri): all drawing is in software"


def python_yardstick_s() -> float:
    """CPU seconds of a pure-Python loop of 10 million additions (best of 3): how fast this
    machine runs Python, to compare runs made on different machines (one spliced into
    another's document, `report.splice`)."""
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        s = 0
        for i in range(10_000_000):
            s += i
        best = min(best, time.process_time() - t)
    return best


def page_fault_us() -> float:
    """Microseconds to touch a fresh page of memory (512 MiB of anonymous memory, a byte
    a page, best of 3): what starting a process, importing libraries and painting into
    new buffers pay for and a loop in the cache does not. On the virtual machine of 2 Dec
    2026 ~7.5 µs, where a loop of Python additions ran at full speed."""
    import mmap

    size, page = 512 << 20, mmap.PAGESIZE
    best = float("inf")
    for _ in range(3):
        m = mmap.mmap(-1, size)
        t = time.perf_counter()
        for off in range(0, size, page):
            m[off] = 1
        best = min(best, time.perf_counter() - t)
        m.close()
    return best / (size // page) * 1e6


def machine() -> dict:
    return {
        "python_loop_s": python_yardstick_s(),
        "page_fault_us": page_fault_us(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": mem_total_gib(),
        "gpu": has_gpu(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "loadavg_start": loadavg(),
    }


def versions() -> dict:
    """Library versions, read in a child so this process stays free of Qt."""
    code = (
        "import json, PySide6, PySide6.QtCore as c, pyqtgraph, pandas, numpy, briefing_app;"
        "print(json.dumps({'briefing_app': briefing_app.__version__,"
        "'PySide6': PySide6.__version__, 'Qt': c.qVersion(), 'pyqtgraph': pyqtgraph.__version__,"
        "'pandas': pandas.__version__, 'numpy': numpy.__version__}))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], env=child_env(), capture_output=True, text=True, cwd=ROOT
    )
    try:
        return json.loads(r.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"error": r.stderr[-500:]}


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        return "unknown"
