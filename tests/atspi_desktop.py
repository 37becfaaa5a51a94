"""A desktop a screen reader could use, for tests: an X server (Xvfb), a D-Bus session and
the AT-SPI accessibility bus with its registry, each started here and stopped with every
process it started.

Qt's offscreen platform never reaches the accessibility bus: an application under test
runs on this display with ``QT_QPA_PLATFORM=xcb`` and ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``
(`Desktop.env`), and `read_tree` reads it with Debian's ``python3-pyatspi`` in the system
Python (``tests/atspi_reader.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

#: the system Python, which has Debian's pyatspi (the venv's Python is another one)
SYSTEM_PYTHON = "/usr/bin/python3"
#: the AT-SPI bus launcher of at-spi2-core (it starts the bus and its registry)
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
READER = Path(__file__).resolve().parent / "atspi_reader.py"
#: what the desktop needs: a program or file, and the Debian package that has it (the
#: Makefile's DEB_PACKAGES installs them)
NEEDS: tuple[tuple[str, str], ...] = (
    ("Xvfb", "xvfb"),
    ("dbus-daemon", "dbus-x11"),
    ("dbus-send", "dbus-x11"),
    (BUS_LAUNCHER, "at-spi2-core"),
    ("/usr/libexec/at-spi2-registryd", "at-spi2-core"),
    (SYSTEM_PYTHON, "python3"),
)


def missing_packages() -> list[str]:
    """The Debian packages the desktop needs that are not installed, each once."""
    missing = [pkg for prog, pkg in NEEDS if not (shutil.which(prog) or Path(prog).exists())]
    if Path(SYSTEM_PYTHON).exists():
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=60
        )
        if probe.returncode != 0:
            missing.append("python3-pyatspi")
    return list(dict.fromkeys(missing))


class DesktopError(RuntimeError):
    """A part of the desktop did not start."""


def _wait(what: str, probe, timeout: float, interval: float = 0.1):
    """Poll *probe* until it gives something true (a loaded machine starts things slowly)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = probe()
        if found:
            return found
        time.sleep(interval)
    raise DesktopError(f"timed out after {timeout:.0f} s waiting for {what}")


def _read_line(fd: int, what: str, timeout: float) -> str:
    """A line a starting program writes to *fd*."""
    data = b""
    end = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise DesktopError(f"timed out waiting for {what}")
        chunk = os.read(fd, 4096)
        if not chunk:
            raise DesktopError(f"{what}: the program ended first")
        data += chunk
    return data.decode().strip()


class Desktop:
    """Xvfb, a D-Bus session bus and the AT-SPI bus, in a home of their own (*home*: the
    settings and caches of the programs run on it stay there).  Use as a context manager;
    leaving it ends every process started in it."""

    def __init__(self, home: Path, timeout: float = 60.0) -> None:
        self.home = home
        self.timeout = timeout
        self.procs: list[subprocess.Popen] = []
        self.env: dict[str, str] = {}

    def _start(self, argv: Sequence[str], **kw) -> subprocess.Popen:
        # a session of its own: stopping it stops what it started (the bus launcher's
        # bus and registry), and nothing of the test run's own
        proc = subprocess.Popen(argv, start_new_session=True, stdin=subprocess.DEVNULL, **kw)
        self.procs.append(proc)
        return proc

    def __enter__(self) -> Desktop:
        try:
            self._start_all()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start_all(self) -> None:
        for sub in ("config", "cache", "data", "runtime"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        (self.home / "runtime").chmod(0o700)
        # the first free display: Xvfb writes its number when it is ready for clients
        r, w = os.pipe()
        try:
            self._start(
                ["Xvfb", "-displayfd", str(w), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                pass_fds=(w,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            os.close(w)
            display = _read_line(r, "Xvfb to start", self.timeout)
        finally:
            os.close(r)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DBUS_", "XDG_"))}
        env = {
            **base,
            "DISPLAY": f":{display}",
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_RUNTIME_DIR": str(self.home / "runtime"),
        }
        dbus = self._start(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert dbus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = _read_line(
            dbus.stdout.fileno(), "the D-Bus session bus", self.timeout
        )
        self._start(
            [BUS_LAUNCHER, "--launch-immediately"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.env = env
        # the accessibility bus is up when its launcher answers with its address
        _wait("the AT-SPI bus", self._a11y_bus_address, self.timeout, interval=0.2)

    def _a11y_bus_address(self) -> str:
        done = subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply=literal",
                "--reply-timeout=5000",
                "--dest=org.a11y.Bus",
                "/org/a11y/bus",
                "org.a11y.Bus.GetAddress",
            ],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    def app_env(self) -> dict[str, str]:
        """The environment of an application on this desktop, seen by screen readers."""
        return {
            **self.env,
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        }

    def start(self, argv: Sequence[str], **kw) -> subprocess.Popen:
        """Start *argv* on this desktop (stopped with it, or earlier with `stop`)."""
        return self._start(argv, env=self.app_env(), **kw)

    def read_tree(self, pid: int, timeout: float = 180.0) -> dict:
        """The accessibility tree of process *pid*, every tab visited (`atspi_reader`)."""
        done = subprocess.run(
            [SYSTEM_PYTHON, str(READER), str(pid), "--timeout", str(timeout)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout * 3,
        )
        if done.returncode != 0:
            raise DesktopError(f"reading the tree failed ({done.returncode}): {done.stderr}")
        return json.loads(done.stdout)

    def stop(self, proc: subprocess.Popen) -> None:
        """End *proc* and everything in its session: politely, then not."""
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)
        # what it started may outlive it in its session (the bus's registry)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.wait(10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()

    def close(self) -> None:
        """Stop everything started here, the last started first."""
        while self.procs:
            self.stop(self.procs.pop())
