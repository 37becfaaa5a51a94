"""Problems found while loading a package, each located as FILE:ROW:FIELD.

A problem's message is made while the package loads and shown later, maybe in another
language (the window switches; ``validate --lang uk``; the cache of validated packages
keeps problems): the model writes it with `i18n.msg`, an `i18n.Message` whose ``str`` is
the English, and `Problem.text` and ``str(problem)`` give it in the language spoken
when asked.  The location stays as it is in every language, for scripts and editors.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from briefing_app.model.i18n import shown
from briefing_app.model.safetext import safe_text


class Severity(StrEnum):
    """An error makes a package invalid; a warning is about the package (a unit that
    differs, a byte-order mark); a finding is part of the briefing, not a fault of the
    package: a check whose figures disagree, which is what the briefing is there to show."""

    ERROR = "error"
    WARNING = "warning"
    FINDING = "finding"


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

    @property
    def text(self) -> str:
        """The message in the language spoken now (``message`` is its English)."""
        return shown(self.message)

    def __str__(self) -> str:
        """One line, ``FILE:ROW:FIELD: message``, safe to print (`safe_text`): a line
        break in a column name, say, or a right-to-left override in a path, is shown
        as an escape (``\\n``, ``\\u202e``), so that each problem stays one line and
        reads as it is stored.  The message is in the language spoken now; the location
        is the same in every language."""
        return safe_text(f"{self.location}: {self.text}")

    def to_dict(self) -> dict:
        """The problem for ``--json``: ``message`` and ``text`` in the language spoken,
        ``message_en`` the English, the same whatever the language (for scripts)."""
        d = asdict(self)
        d["message"] = self.text
        d["message_en"] = str.__str__(self.message)
        d["severity"] = str(self.severity)
        d["text"] = str(self)
        return d


class PackageError(Exception):
    """Raised inside the loader when a package cannot be read further."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
