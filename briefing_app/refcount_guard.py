"""Keep None, True and False alive under PySide6 6.12 on Python 3.11.

PySide6 6.12's wheels are built for the stable ABI (abi3) and return None from
every void method (``QPainter.drawLine``, ``QWidget.resize``, ``QFont.setBold``…)
without taking a reference to it.  From Python 3.12 None is immortal and that is
harmless; on 3.11 each call drops one reference, and after some tens of thousands
of calls (an export paints far more than that) CPython frees None and aborts with
"Fatal Python error: none_dealloc".  Some methods returning bool do the same to
True and False ("bool_dealloc") over a long presentation.

`protect_none` gives these objects reference counts they cannot lose in a
process's life.  It changes nothing on Python 3.12+ (immortal objects) or on
builds where the object layout differs.  ``briefing_app.ui`` and
``briefing_app.export`` call it on import, so every Qt code path is covered.
"""

from __future__ import annotations

import ctypes
import sys

#: references added to None: far more than any session makes calls
_RESERVE = 1 << 40
_done = False


def protect_none() -> bool:
    """Make None, True and False effectively immortal on CPython < 3.12."""
    global _done
    if _done:
        return False
    _done = True
    if (
        sys.implementation.name != "cpython"
        or sys.version_info >= (3, 12)
        or hasattr(sys, "gettotalrefcount")  # debug build: the object header differs
    ):
        return False
    guarded = False
    for obj in (None, True, False):
        refcnt = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt, the header's first field
        if abs(refcnt.value - sys.getrefcount(obj)) > 16:
            continue  # not the layout we expect: leave it alone
        refcnt.value += _RESERVE
        guarded = True
    return guarded
