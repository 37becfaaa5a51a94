"""PySide6 6.12 on Python 3.11 drops references to None/True/False; the app must survive."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import briefing_app.ui  # installs the guard
    from PySide6.QtGui import QFont
    f = QFont()
    for i in range(200_000):
        f.setBold(i % 2 == 0)   # a void method: the leaking kind
        f.bold()                # a bool method
    print("survived")
    """
)


def test_many_void_calls_do_not_abort_the_interpreter():
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "survived"
    assert "dealloc" not in r.stderr
