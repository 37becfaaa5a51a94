"""PySide6 6.12 on Python < 3.12 drops a reference to None/True/False on void and bool
calls (PYSIDE-3474); the dependency pins keep such a build out (pyproject.toml)."""

from __future__ import annotations

import sys
import textwrap

from conftest import run_python

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtGui import QFont
    f = QFont()
    f.setBold(True)
    f.bold()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for i in range(10_000):
        f.setBold(False)   # a void method: the kind that leaked
        f.bold()           # a bool method: False
    for i in range(10_000):
        f.setBold(True)
        f.bold()           # True
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    print(*[a - b for a, b in zip(after, before)])
    """
)


def test_void_and_bool_calls_keep_their_references():
    r = run_python("-c", SCRIPT)
    assert r.returncode == 0, r.stderr[-2000:]
    lost = [int(x) for x in r.stdout.split()]
    # 20,000 calls each way: a leaking build loses ~20,000 references to None, ~10,000 to
    # True and to False; a clean one loses none (a few may come and go with the loop)
    assert all(abs(d) < 50 for d in lost), f"reference counts moved by {lost}"


def test_installed_pyside_is_the_pinned_one():
    from importlib.metadata import version

    major, minor = (int(x) for x in version("PySide6-Essentials").split(".")[:2])
    assert (major, minor) >= (6, 11)
    if sys.version_info < (3, 12):
        assert (major, minor) < (6, 12), "PySide6 6.12 leaks references on Python < 3.12"
