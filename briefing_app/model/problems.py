"""Problems found while loading a package, each located as FILE:ROW:FIELD."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

_ONE_LINE = {c: " " for c in [*range(0x20), 0x7F, 0x2028, 0x2029]}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem, located in the package.

    ``row`` is the CSV record number counting the header as row 1 (so the first
    data row is 2), as Frictionless counts; ``field`` is a column name or, for
    ``datapackage.json``, a path such as ``briefing.tabs[2].quotes``.
    """

    file: str
    message: str
    row: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        parts = [self.file or "<package>"]
        if self.row is not None:
            parts.append(str(self.row))
        if self.field:
            parts.append(self.field)
        return ":".join(parts)

    def __str__(self) -> str:
        """One line, ``FILE:ROW:FIELD: message``; control characters (a line break in a
        column name, say) are shown as spaces so that each problem stays one line."""
        return f"{self.location}: {self.message}".translate(_ONE_LINE)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = str(self.severity)
        d["text"] = str(self)
        return d


class PackageError(Exception):
    """Raised inside the loader when a package cannot be read further."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
