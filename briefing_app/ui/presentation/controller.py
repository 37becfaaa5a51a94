"""What a clicker's keys do: the slide shown, black or white screen, number entry, jumps
and the way back, the talk's clock.

The projector window and the presenter view both hand their key presses to one
`PresentationController`, so either window can have the keyboard focus.

Keys (as presentation software has them):
  next      PageDown, Right, Down, Space, Enter, N
  previous  PageUp, Left, Up, Backspace, P
  first     Home                       last   End
  go to     a slide number, then Enter (Backspace edits it, Esc cancels it)
  backup    L: the list of backup slides in the presenter view (arrows, Enter goes to one)
  return    R: back to the slide shown before the last jump (again: to the jump's slide)
  black     B or .    white   W or ,   (press again to return; a move key also returns)
  timer     T pauses and resumes it, Shift+T sets it back to 0:00
  swap      S (the projector and presenter screens)
  end       Esc
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from briefing_app.model.i18n import N_
from briefing_app.ui.presentation.clock import TalkClock

K = Qt.Key
NEXT_KEYS = frozenset({K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space, K.Key_N})
PREVIOUS_KEYS = frozenset({K.Key_PageUp, K.Key_Left, K.Key_Up, K.Key_Backspace, K.Key_P})
ENTER_KEYS = frozenset({K.Key_Return, K.Key_Enter})
BLACK_KEYS = frozenset({K.Key_B, K.Key_Period})
WHITE_KEYS = frozenset({K.Key_W, K.Key_Comma})
SWAP_KEYS = frozenset({K.Key_S})
RETURN_KEYS = frozenset({K.Key_R})
LIST_KEYS = frozenset({K.Key_L})
TIMER_KEYS = frozenset({K.Key_T})
#: clickers' "start show" button sends F5 (or Shift+F5): already presenting, so nothing to do
IGNORED_KEYS = frozenset({K.Key_F5})
DIGITS = {getattr(K, f"Key_{d}"): str(d) for d in range(10)}

HELP = N_(
    "Next: → ↓ PgDn Space Enter · Back: ← ↑ PgUp Backspace · Home / End · "
    "slide number + Enter: go to · L backup slides · R return · B black · W white · "
    "T pause timer · Shift+T reset timer · S swap screens · Esc end"
)

#: a half-typed slide number is forgotten after this many milliseconds
ENTRY_TIMEOUT_MS = 5000


class PresentationController(QObject):
    """The state of a presentation, changed by keys; views follow its signals."""

    #: the slide index (0-based) changed
    changed = Signal(int)
    #: "" (showing the slide), "black" or "white"
    blank_changed = Signal(str)
    #: the slide number being typed ("" when none)
    entry_changed = Signal(str)
    swap_requested = Signal()
    #: L: the presenter view's list of backup slides
    list_requested = Signal()
    #: the timer was paused, resumed or reset
    timer_changed = Signal()
    finished = Signal()

    def __init__(self, count: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.count = count
        self.index = 0
        self.blank = ""
        self.entry = ""
        self.clock = TalkClock()
        #: the planned length of the talk in seconds (None: no countdown)
        self.duration: float | None = None
        #: where R goes: the slide shown before the last jump (None before any)
        self.back: int | None = None
        self._entry_timer = QTimer(self)
        self._entry_timer.setSingleShot(True)
        self._entry_timer.setInterval(ENTRY_TIMEOUT_MS)
        self._entry_timer.timeout.connect(lambda: self._set_entry(""))

    # -- state ----------------------------------------------------------------------------
    def set_count(self, count: int) -> None:
        self.count = count
        if count and self.index >= count:
            self.go(count - 1)

    def go(self, index: int) -> None:
        if self.count <= 0:
            return
        index = max(0, min(self.count - 1, index))
        if index != self.index:
            self.index = index
            self.changed.emit(index)

    def jump(self, index: int) -> None:
        """Go to *index* remembering where from, for R."""
        if self.count <= 0:
            return
        before = self.index
        self.go(index)
        if self.index != before:
            self.back = before

    def return_back(self) -> None:
        """Back to the slide shown before the last jump; the jump's slide becomes the way
        back, so R again returns there."""
        if self.back is not None and 0 <= self.back < self.count:
            self.jump(self.back)

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def set_blank(self, colour: str) -> None:
        if colour != self.blank:
            self.blank = colour
            self.blank_changed.emit(colour)

    def toggle_blank(self, colour: str) -> None:
        self.set_blank("" if self.blank == colour else colour)

    def _set_entry(self, text: str) -> None:
        if text != self.entry:
            self.entry = text
            self.entry_changed.emit(text)
        if text:
            self._entry_timer.start()
        else:
            self._entry_timer.stop()

    def elapsed_seconds(self) -> float:
        return self.clock.elapsed()

    def restart_clock(self) -> None:
        """The talk starts: the timer runs from 0:00."""
        self.clock = TalkClock()
        self.timer_changed.emit()

    # -- keys -----------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on a key press; False if the key means nothing here."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        return self.handle(Qt.Key(event.key()), shift=shift)

    def handle(self, key: Qt.Key, *, shift: bool = False) -> bool:
        if key in DIGITS:
            if len(self.entry) < 4:
                self._set_entry(self.entry + DIGITS[key])
            return True
        if self.entry:
            if key in ENTER_KEYS:
                target = int(self.entry) - 1
                self._set_entry("")
                self.set_blank("")
                self.jump(target)
                return True
            if key == K.Key_Backspace:
                self._set_entry(self.entry[:-1])
                return True
            if key == K.Key_Escape:
                self._set_entry("")
                return True
            self._set_entry("")
        if key == K.Key_Escape:
            self.finished.emit()
            return True
        if key in BLACK_KEYS:
            self.toggle_blank("black")
            return True
        if key in WHITE_KEYS:
            self.toggle_blank("white")
            return True
        if key in TIMER_KEYS:
            self.clock.reset() if shift else self.clock.toggle()
            self.timer_changed.emit()
            return True
        if key in LIST_KEYS:
            self.list_requested.emit()
            return True
        moves = {K.Key_Home: lambda: self.jump(0), K.Key_End: lambda: self.jump(self.count - 1)}
        for k in RETURN_KEYS:
            moves[k] = self.return_back
        for keys, action in ((NEXT_KEYS | ENTER_KEYS, self.next), (PREVIOUS_KEYS, self.previous)):
            for k in keys:
                moves[k] = action
        if key in moves:
            if self.blank:  # the first press after a blank screen brings the slide back
                self.set_blank("")
            else:
                moves[key]()
            return True
        if key in SWAP_KEYS:
            self.swap_requested.emit()
            return True
        return key in IGNORED_KEYS
