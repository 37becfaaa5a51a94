"""The data layer: package loading, validation and the briefing model. Imports no Qt."""

from __future__ import annotations

from briefing_app.model.briefing import Briefing
from briefing_app.model.loader import LoadResult, bundled_package_path, load_package
from briefing_app.model.problems import Problem, Severity
from briefing_app.model.safetext import safe_text

__all__ = [
    "Briefing",
    "LoadResult",
    "Problem",
    "Severity",
    "bundled_package_path",
    "load_package",
    "safe_text",
]
