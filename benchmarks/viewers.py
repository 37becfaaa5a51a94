"""Against PDF viewers: from launch to the final content on screen, under Xvfb with openbox.

``bench_viewers(rounds)`` (the runner's ``viewers`` stage) exports the handout PDF, installs
evince and mupdf when missing (as root, with apt-get), starts a private Xvfb (1920x1080)
with the openbox window manager, and runs this module as a child on that display: the
child launches each program in turn, round after round (one warm-up round not kept), and
for each launch

* notes when its first window is mapped, from the X server's own events (``xev -root
  -event substructure``: a MapNotify), and
* grabs the whole screen every 20 ms (Qt's ``QScreen.grabWindow``) until it has stayed the
  same for STABLE_S; the time kept is that of the first grab showing the final screen.

A program is compared with the others of the same round (same-round ratios, their median),
so that a slow spell of the machine falls on all of them alike.  LibreOffice Impress
(installed too when missing: ~400 MB) opens the same slides as a deck: the slides PDF
that ``briefing-app export pdf --slides`` writes, turned into an ``.odp`` by LibreOffice's
own PDF import before the runs (not timed), in Impress's editor.  Its slide show
(``soffice --show``) is not measured: under Xvfb here it leaves a blank document window,
no slide, after 30 s (LibreOffice 7.4, Debian 12).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import PACKAGED_EXE, ROOT, Stats, child_env, emit, run_child, temp_dir

#: grab the screen this often (s)
GRAB_S = 0.02
#: the screen is final once it has not changed for this long (s)
STABLE_S = 1.5
#: give up on a launch after this long (s)
LAUNCH_TIMEOUT_S = 30.0
SCREEN = "1920x1080"


# -- the parent: set up, run the child ---------------------------------------------------------
def ensure_viewers() -> dict[str, str]:
    """evince, mupdf and LibreOffice Impress, installed with apt-get when missing and
    allowed (root)."""
    wanted = (("evince", "evince"), ("mupdf", "mupdf"), ("libreoffice-impress", "soffice"))
    missing = [p for p, exe in wanted if not shutil.which(exe)]
    notes = {}
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        r = subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", *missing],
            capture_output=True,
            text=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            timeout=900,
        )
        if r.returncode != 0:
            notes["install"] = (r.stderr or r.stdout).strip()[-300:]
    for exe in ("evince", "mupdf", "soffice"):
        if not shutil.which(exe):
            notes[exe] = "not installed"
    return notes


@contextlib.contextmanager
def x_session():
    """A private Xvfb display with openbox; yields the display name (None if impossible)."""
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        yield None
        return
    procs = []
    display = None
    try:
        for n in range(120, 160):
            if os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
                continue
            p = subprocess.Popen(
                [xvfb, f":{n}", "-screen", "0", f"{SCREEN}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            procs.append(p)
            for _ in range(100):
                if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                    display = f":{n}"
                    break
                time.sleep(0.05)
            break
        if display is None:
            yield None
            return
        wm = shutil.which("openbox")
        if wm:
            procs.append(
                subprocess.Popen(
                    [wm],
                    env={**os.environ, "DISPLAY": display},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            time.sleep(1.0)
        yield display
    finally:
        for p in reversed(procs):
            p.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(5)


def export_handout(folder: Path) -> Path:
    out = folder / "handout.pdf"
    subprocess.run(
        [sys.executable, "-m", "briefing_app", "export", "pdf", str(out), "--force"],
        env=child_env("offscreen"),
        cwd=str(ROOT),
        capture_output=True,
        timeout=300,
        check=True,
    )
    return out


def export_deck(folder: Path, notes: dict[str, str]) -> Path | None:
    """The slides as an Impress deck: the slides PDF through LibreOffice's PDF import."""
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    pdf = folder / "slides.pdf"
    subprocess.run(
        [sys.executable, "-m", "briefing_app", "export", "pdf", "--slides", str(pdf), "--force"],
        env=child_env("offscreen"),
        cwd=str(ROOT),
        capture_output=True,
        timeout=300,
        check=True,
    )
    home = folder / "soffice-home"
    r = subprocess.run(
        [
            *(soffice, "--headless", "--infilter=impress_pdf_import"),
            *("--convert-to", "odp", "--outdir", str(folder), str(pdf)),
        ],
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    deck = folder / "slides.odp"
    if r.returncode != 0 or not deck.exists():
        notes["soffice"] = "the slides PDF did not convert: " + (r.stderr or r.stdout)[-200:]
        return None
    return deck


def bench_viewers(rounds: int) -> dict:
    notes = ensure_viewers()
    tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-viewers-"))
    try:
        pdf = export_handout(tmp)
        deck = export_deck(tmp, notes)
        with x_session() as display:
            if display is None:
                return {"skipped": "Xvfb is not installed or did not start"}
            env = child_env("xcb", DISPLAY=display)
            cmd = [sys.executable, "-m", "benchmarks.viewers", str(rounds), str(pdf)]
            cmd += [str(deck)] if deck else []
            out, err = run_child(cmd, env, timeout=3600)
            if out is None:
                return {"error": err.strip()[-800:]}
            out["notes"] = notes
            out["window_manager"] = "openbox" if shutil.which("openbox") else "none"
            return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- the child: launch, watch, grab --------------------------------------------------------------
def variants(pdf: str, deck: str | None = None) -> dict[str, list[str]]:
    py = sys.executable
    out = {
        "app": [py, "-m", "briefing_app"],
        "app_present": [py, "-m", "briefing_app", "--present"],
    }
    if PACKAGED_EXE.exists():
        out["packaged"] = [str(PACKAGED_EXE)]
    if shutil.which("evince"):
        out["evince"] = ["evince", pdf]
    if shutil.which("mupdf"):
        out["mupdf"] = ["mupdf", pdf]
    if deck and shutil.which("soffice"):
        out["impress"] = ["soffice", "--nologo", "--norestore", deck]
    return out


class MapWatch:
    """The X server's MapNotify events on the root window's children, with their times."""

    def __init__(self) -> None:
        self.maps: list[float] = []
        self.proc: subprocess.Popen | None = None
        if not (shutil.which("xev") and shutil.which("stdbuf")):
            return  # no map times (x11-utils or coreutils missing): content times only
        self.proc = subprocess.Popen(
            ["stdbuf", "-oL", "xev", "-root", "-event", "substructure"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        time.sleep(0.3)

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("MapNotify"):
                self.maps.append(time.perf_counter())

    def first_after(self, t0: float) -> float | None:
        return next((t for t in self.maps if t >= t0), None)

    def close(self) -> None:
        if self.proc is not None:
            self.proc.terminate()


def launch(argv: list[str], env: dict[str, str], screen, watch: MapWatch) -> dict:
    """Start *argv*, grab the screen until it stays the same; end it."""
    from PySide6.QtGui import QGuiApplication

    def grab() -> int:
        img = screen.grabWindow(0).toImage()
        return zlib.crc32(bytes(img.constBits()))

    blank = grab()
    frames: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    p = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(ROOT)
    )
    last_change = t0
    prev = blank
    grabs: list[float] = []
    while True:
        t = time.perf_counter()
        h = grab()
        grabs.append(time.perf_counter() - t)
        frames.append((t, h))
        if h != prev:
            prev, last_change = h, t
        if prev != blank and t - last_change >= STABLE_S:
            break
        if t - t0 > LAUNCH_TIMEOUT_S:
            break
        QGuiApplication.processEvents()
        time.sleep(max(0.0, GRAB_S - (time.perf_counter() - t)))
    final = prev
    content = next((t for t, h in frames if h == final), None)
    mapped = watch.first_after(t0)

    p.terminate()
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    # back to an empty screen before the next launch
    deadline = time.perf_counter() + 5
    while grab() != blank and time.perf_counter() < deadline:
        time.sleep(0.05)
    ok = final != blank and content is not None and t - last_change >= STABLE_S
    return {
        "content_ms": (content - t0) * 1000.0 if ok else None,
        "mapped_ms": (mapped - t0) * 1000.0 if mapped else None,
        "frames": len(frames),
        # how long a grab of the screen took: the resolution of "content on screen"
        "grab_ms": statistics.median(grabs) * 1000.0,
    }


def windows_mapped(argv: list[str], env: dict[str, str], watch: MapWatch, wait_s: float = 8.0):
    """Top-level windows *argv* maps in its first *wait_s* seconds (with a window manager,
    each window's frame), with no grabbing going on: under the grabs' load the X server
    was seen to report one MapNotify where there were two."""
    t0 = time.perf_counter()
    p = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(ROOT)
    )
    time.sleep(wait_s)
    p.terminate()
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    time.sleep(0.5)
    return sum(1 for m in watch.maps if t0 <= m <= t0 + wait_s)


def child(rounds: int, pdf: str, deck: str | None = None) -> dict:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    vs = variants(pdf, deck)
    env = child_env("xcb", DISPLAY=os.environ["DISPLAY"])
    env["XDG_CONFIG_HOME"] = temp_dir("briefing-bench-viewers-cfg-")
    env["BRIEFING_CACHE_DIR"] = temp_dir("briefing-bench-viewers-cache-")
    env["HOME"] = temp_dir("briefing-bench-viewers-home-")  # viewers' own settings, fresh
    watch = MapWatch()
    runs: dict[str, list[dict]] = {k: [] for k in vs}
    try:
        for r in range(rounds + 1):  # round 0 warms caches, not kept
            order = list(vs) if r % 2 else list(reversed(vs))
            for k in order:
                out = launch(vs[k], env, screen, watch)
                if r:
                    runs[k].append(out)
        # `--present` maps the slide only, not the main window first (issue #22)
        present = []
        if watch.proc is not None:
            present = [windows_mapped(vs["app_present"], env, watch) for _ in range(3)]
    finally:
        watch.close()
    del app
    return {"runs": runs, "rounds": rounds, "screen": SCREEN, "present_windows": present}


def summarise(data: dict) -> dict:
    """Medians per program, and the median of same-round ratios of the app to each other."""
    runs = data["runs"]
    out = {}
    for k, rs in runs.items():
        out[k] = {
            "content": Stats.of([x["content_ms"] for x in rs if x["content_ms"]]).to_dict(),
            "mapped": Stats.of([x["mapped_ms"] for x in rs if x["mapped_ms"]]).to_dict(),
            "failed": sum(1 for x in rs if not x["content_ms"]),
            "grab_ms": statistics.median(x["grab_ms"] for x in rs) if rs else None,
        }
    ratios: dict[str, dict[str, float]] = {}
    for app in ("app", "app_present", "packaged"):
        for other in ("evince", "mupdf", "impress"):
            if app not in runs or other not in runs:
                continue
            rs = [
                a["content_ms"] / b["content_ms"]
                for a, b in zip(runs[app], runs[other], strict=False)
                if a["content_ms"] and b["content_ms"]
            ]
            if rs:
                ratios.setdefault(app, {})[other] = statistics.median(rs)
    return {"programs": out, "ratios": ratios}


if __name__ == "__main__":
    result = child(int(sys.argv[1]), sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    result.update(summarise(result))
    emit(result)
    sys.stdout.flush()
    os._exit(0)
