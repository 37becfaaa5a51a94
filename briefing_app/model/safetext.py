"""Text from a package or a path, made safe to show where it could spoof or break what
is around it: a terminal line, a window title, a file name.

A title or a path can hold characters that are not shown but act: U+202E (RIGHT-TO-LEFT
OVERRIDE) makes ``report‮fdp.exe`` read ``reportexe.pdf``; a line break in a path
starts what looks like a line of the program's own output; an escape sequence drives
the terminal.  `safe_text` writes each of them as a visible escape (``\\u202e``,
``\\n``, ``\\x1b``), or, for a file name, as ``_``.  Everything else is kept, whatever
its script: Arabic and Hebrew titles still read right to left by themselves.

Call it wherever package text or a path reaches one of those places: ``briefing-app
validate`` prints through it (and every problem line, `Problem.__str__`); the window
title and exported file names must pass through it too.
"""

from __future__ import annotations

#: the bidirectional formatting controls: embeddings and overrides (U+202A–U+202E),
#: isolates (U+2066–U+2069), the marks (U+200E, U+200F, U+061C)
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
#: C0 and C1 control characters, DEL, and the Unicode line and paragraph separators
CONTROLS = frozenset(
    [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)] + ["\u2028", "\u2029"]
)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(c: str) -> str:
    if c in _SHORT:
        return _SHORT[c]
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


_DISPLAY = str.maketrans({c: _escape(c) for c in BIDI_CONTROLS | CONTROLS})
#: characters no file name should hold on any common file system, besides the above
_NOT_IN_FILE_NAMES = '/\\:*?"<>|'
_FILE_NAME = str.maketrans(dict.fromkeys([*BIDI_CONTROLS, *CONTROLS, *_NOT_IN_FILE_NAMES], "_"))


def safe_text(text: object, *, file_name: bool = False) -> str:
    """*text* (a title, a path, a message quoting either) safe to show on a terminal line
    or in a window title: bidirectional controls and control characters (line breaks
    included) written as escapes, ``\\u202e``, ``\\n``.

    With *file_name*, each of them and each of ``/ \\ : * ? " < > |`` becomes ``_``, a
    leading dot too, and an empty name ``_``: a name for one file, in one folder, on
    any common file system."""
    s = str(text)
    if not file_name:
        return s.translate(_DISPLAY)
    s = s.translate(_FILE_NAME).strip()
    if s.startswith("."):
        s = "_" + s[1:]
    return s or "_"


def is_safe(text: str) -> bool:
    """Whether *text* holds nothing `safe_text` would change for display."""
    return not any(c in BIDI_CONTROLS or c in CONTROLS for c in text)
