"""The data layer: package loading, validation and the briefing model. Imports no Qt.

The names below are looked up when first used (PEP 562), not imported with the package:
every command imports `briefing_app.model.i18n` first, and importing the briefing model
imports numpy and pandas.  The command line has to set numpy's OpenBLAS thread count
before numpy is imported (`briefing_app.cli.main.main`); it also means ``--help`` and
``--version`` need neither.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing_app.model.briefing import Briefing
    from briefing_app.model.loader import LoadResult, bundled_package_path, load_package
    from briefing_app.model.problems import Problem, Severity
    from briefing_app.model.safetext import safe_text

#: each name of the package, and the module it comes from
_FROM = {
    "Briefing": "briefing_app.model.briefing",
    "LoadResult": "briefing_app.model.loader",
    "bundled_package_path": "briefing_app.model.loader",
    "load_package": "briefing_app.model.loader",
    "Problem": "briefing_app.model.problems",
    "Severity": "briefing_app.model.problems",
    "safe_text": "briefing_app.model.safetext",
}

__all__ = [
    "Briefing",
    "LoadResult",
    "Problem",
    "Severity",
    "bundled_package_path",
    "load_package",
    "safe_text",
]


def __getattr__(name: str) -> object:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
