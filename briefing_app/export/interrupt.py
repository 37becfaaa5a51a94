"""Stopping an export on SIGINT or SIGTERM: promptly, leaving no ``.part`` file behind.

A signal's Python handler runs in the main thread at its next bytecode, which during an
export is as likely as not inside a Python override Qt calls (pyqtgraph paints its items
in Python): an exception raised there is printed by PySide and swallowed, and the
export went on, ignoring Ctrl+C for minutes.  So the handler only notes the signal; the
export stops at its next checkpoint (`check`: between pages, images, charts and tabs),
where raising is safe, and its files are removed as the exception unwinds.  A watchdog
thread, woken by the signal itself (`signal.set_wakeup_fd`), makes sure of the rest:
if the export has not ended `GRACE_SECONDS` after the signal, it removes every ``.part``
file still there (`atomic.live_parts`), says so and ends the process (exit status 1).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

from briefing_app.export.atomic import live_parts
from briefing_app.export.errors import ExportError

#: how long the export has to stop by itself after a signal before the watchdog ends it
GRACE_SECONDS = 3.0
#: the signals that stop an export
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(ExportError):
    """The export was stopped by a signal; nothing was written."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}; nothing was written")
        self.signum = signum


_received: int | None = None


def check() -> None:
    """Raise `Interrupted` if a signal arrived: a checkpoint of a long export."""
    if _received is not None:
        raise Interrupted(_received)


def _note(signum: int, frame) -> None:
    """The Python handler: note the signal (raising here could be swallowed by Qt)."""
    global _received
    if _received is None:
        _received = signum


class _Watchdog:
    """Waits on the wakeup pipe; after a signal, gives the export `GRACE_SECONDS` to
    end, then removes its temporary files and ends the process."""

    def __init__(self, read_fd: int, grace: float) -> None:
        self.read_fd = read_fd
        self.grace = grace
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="export-watchdog", daemon=True)

    def _run(self) -> None:
        while True:
            try:
                got = os.read(self.read_fd, 64)
            except OSError:
                return
            if not got or self.done.is_set():
                return  # the pipe was closed: the export ended
            if any(b in SIGNALS for b in got):
                break
        if self.done.wait(self.grace):
            return
        remove_parts()
        name = signal.Signals(_received or signal.SIGTERM).name
        with contextlib.suppress(OSError):
            os.write(2, f"briefing-app export: stopped by {name}; nothing was written\n".encode())
        os._exit(1)


def remove_parts() -> None:
    """Remove every temporary file an export of this process is writing."""
    for path in live_parts():
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def stopping_on_signals(grace: float = GRACE_SECONDS) -> Iterator[_Guard]:
    """While the block runs, SIGINT and SIGTERM stop it (see the module's doc).  Yields a
    guard whose `_Guard.start_watchdog` starts the watchdog thread: the caller starts it
    once it has forked what it forks (a process with a second thread does not fork)."""
    global _received
    if threading.current_thread() is not threading.main_thread():
        yield _Guard(None)  # signals reach only the main thread: nothing to do
        return
    _received = None
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    old_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    for sig in SIGNALS:
        signal.signal(sig, _note)
    guard = _Guard(_Watchdog(read_fd, grace))
    try:
        yield guard
    finally:
        guard.stop()
        signal.set_wakeup_fd(old_fd)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if _received is not None:
            remove_parts()  # whatever an interrupted clean-up left
        with contextlib.suppress(OSError):
            os.write(write_fd, b"\0")  # wakes the watchdog, which sees it is done
        os.close(write_fd)
        guard.join()
        os.close(read_fd)


class _Guard:
    def __init__(self, watchdog: _Watchdog | None) -> None:
        self.watchdog = watchdog
        self.started = False

    def start_watchdog(self) -> None:
        if self.watchdog is not None and not self.started:
            self.watchdog.thread.start()
            self.started = True

    def stop(self) -> None:
        if self.watchdog is not None:
            self.watchdog.done.set()

    def join(self) -> None:
        if self.started and self.watchdog is not None:
            self.watchdog.thread.join(timeout=5)
