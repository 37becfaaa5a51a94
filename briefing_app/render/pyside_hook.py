"""A lighter PySide6 import hook: call `lighten` before PySide6 is first imported
(`import_qt` does, then imports Qt's widgets and pyqtgraph).

Once PySide6 is imported it looks at every module imported after it, as it is imported,
to know which use PySide6 and so may ask for its ``__feature__`` options (snake_case
names, true properties).  It finds out with ``inspect.getsource(module)``: each module's
source is read, decoded line by line and kept in `linecache` for the life of the
process.  The window imports ~280 modules after PySide6 (pyqtgraph and its own, and what
they import): ~11 MB of source text kept for nothing and ~2,700 page faults of every
start (issue #22; ~25 ms here, more where a fresh page of memory is dear).

`lighten` gives that hook the same answer a cheaper way: the module's file read as bytes
and searched for ``b"PySide6"``, which is what PySide's own check searches the source
for.  A module without a ``.py`` file that can be read (built in, compiled, frozen in the
packaged app, whose modules name ``.py`` files that are not there) is left to PySide's
check, as is any call the hook did not expect.  The hook is private to PySide
(``shibokensupport.feature._mod_uses_pyside``); where a PySide6 has none, nothing is
changed and PySide works as shipped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

#: PySide's name for the check, in ``shibokensupport.feature``
HOOK = "_mod_uses_pyside"
#: what a module that uses PySide6 names in its source
MARK = b"PySide6"


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether *module*'s source names PySide6 (as PySide's own check finds out), from
    its ``.py`` file's bytes; *fallback(module)* for a module without one."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return fallback(module)
    try:
        with open(path, "rb") as fh:
            return MARK in fh.read()
    except OSError:
        return fallback(module)


def lighten() -> bool:
    """Put `uses_pyside` in place of PySide's check, before PySide6 is imported (PySide
    checks the modules imported after it); whether it is in place."""
    try:
        import shiboken6  # noqa: F401  (loads PySide's support modules, not Qt)
    except ImportError:
        return False
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, HOOK, None)
    if original is None:
        return False
    if getattr(original, "lightened", False):
        return True

    def check(module: ModuleType, *rest, **kwargs) -> bool:
        # a PySide that calls its check another way, or a module this cannot read, gets
        # PySide's own check: never an import that fails because of this
        if rest or kwargs or not isinstance(module, ModuleType):
            return original(module, *rest, **kwargs)
        try:
            return uses_pyside(module, original)
        except Exception:
            return original(module)

    check.lightened = True  # type: ignore[attr-defined]
    check.original = original  # type: ignore[attr-defined]  (PySide's, for the tests)
    setattr(feature, HOOK, check)
    return True


def import_qt() -> None:
    """Import Qt's widgets and pyqtgraph (with the app's charts), `lighten`-ed: what the
    window and the exports that draw need before their first Qt call."""
    lighten()
    import PySide6.QtWidgets  # noqa: F401

    import briefing_app.render.charts  # noqa: F401  (pyqtgraph)
