"""What the parts of one package load share: its limits, its problems, its checksum.

The loader makes one `LoadContext` per package and hands it to each part in turn
(resources, entities, checks, descriptor), so that every problem lands in one list
in the order it was found.
"""

from __future__ import annotations

import hashlib
from typing import Any

from briefing_app.model.problems import Problem, Severity
from briefing_app.model.storage import DESCRIPTOR, Limits


def short(text: str, n: int = 40) -> str:
    """*text* on one line, cut to *n* characters, for quoting it in a message."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class LoadContext:
    """The state of one load: the problems found so far and what later parts need to know."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.problems: list[Problem] = []
        #: SHA-256 of the files read, in the order read: the briefing's checksum
        self.hash = hashlib.sha256()
        #: resource name -> file path, for locating problems
        self.file_of: dict[str, str] = {}
        #: resources declared but not loaded: their own problems are reported,
        #: so ids that would be in them are not reported again as unknown
        self.failed: set[str] = set()
        #: (resource, id) of rows left out of the model because of their own errors
        self.refused: set[tuple[str, Any]] = set()
        #: map layers read (GeoJSON resources, `layers.Layer`), by resource name
        self.layers: dict[str, Any] = {}
        #: the licences the places table's resource names (`layers.Licence`)
        self.place_licences: tuple[Any, ...] = ()
        #: the package's languages, the default first (`translations.read_languages`)
        self.languages: tuple[str, ...] = ("en",)

    def err(
        self, message: str, where: str = "", file: str = DESCRIPTOR, row: int | None = None
    ) -> None:
        """Report an error at FILE:ROW:WHERE (by default a place in datapackage.json)."""
        self.problems.append(Problem(file, message, row=row, field=where or None))

    def warn(
        self, message: str, where: str = "", file: str = DESCRIPTOR, row: int | None = None
    ) -> None:
        """Report a warning at FILE:ROW:WHERE (by default a place in datapackage.json)."""
        self.problems.append(
            Problem(file, message, row=row, field=where or None, severity=Severity.WARNING)
        )

    def finding(self, message: str, file: str, row: int | None = None) -> None:
        """Record a finding of the briefing at FILE:ROW (a check whose figures disagree)."""
        self.problems.append(Problem(file, message, row=row, severity=Severity.FINDING))

    def has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self.problems)
