"""The talk's clock: time elapsed (paused and reset by the presenter), the time left of a
planned length, and a pace hint from how far through the main deck the presenter is.

No Qt: the controller reads it, the presenter view shows it, tests set its time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from briefing_app.model.i18n import ntr, tr


class TalkClock:
    """Seconds elapsed since the talk started, not counting paused time."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._started = now()
        self._paused_at: float | None = None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def elapsed(self) -> float:
        end = self._paused_at if self._paused_at is not None else self._now()
        return max(0.0, end - self._started)

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._started += self._now() - self._paused_at
            self._paused_at = None

    def toggle(self) -> None:
        self.resume() if self.paused else self.pause()

    def reset(self) -> None:
        """Back to 0:00, paused or running as it was."""
        self._started = self._now()
        if self._paused_at is not None:
            self._paused_at = self._started


def fmt_elapsed(seconds: float) -> str:
    """'0:03:07'."""
    s = int(seconds)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}"


def fmt_minutes(seconds: float) -> str:
    """'12:05', '1:02:30' past an hour."""
    s = round(seconds)
    if s >= 3600:
        return fmt_elapsed(s)
    return f"{s // 60:d}:{s % 60:02d}"


def time_left(elapsed: float, duration: float) -> str:
    """'12:30 left' of a planned length, or '1:05 over'."""
    left = duration - elapsed
    if left >= 0:
        return tr("{time} left").format(time=fmt_minutes(left))
    return tr("{time} over").format(time=fmt_minutes(-left))


def pace(elapsed: float, duration: float, position: int, count: int) -> str:
    """How the talk keeps to its plan: *position* is the main-deck slide on screen (0 the
    first) of *count*; each slide has an even share of *duration*. 'On pace', '2 slides
    behind: 1:05 a slide left', '1 slide ahead'."""
    if count <= 1 or duration <= 0:
        return ""
    expected = elapsed / duration * (count - 1)
    ahead = position - expected
    if abs(ahead) < 1:
        return tr("On pace")
    n = int(abs(ahead))
    if ahead > 0:
        return ntr("{n} slide ahead", "{n} slides ahead", n).format(n=n)
    remaining = max(1, count - 1 - position)
    per = max(0.0, duration - elapsed) / remaining
    return ntr(
        "{n} slide behind: {time} a slide left", "{n} slides behind: {time} a slide left", n
    ).format(n=n, time=fmt_minutes(per))
