"""Open a briefing package (folder, datapackage.json or .zip) and validate it.

``load_package`` never raises on bad input: it returns a `LoadResult` whose
``problems`` list every error and warning at once, each located as
FILE:ROW:FIELD, and whose ``briefing`` is None when there are errors.

This module orders the work; each step lives in a module of its own, all sharing
one `LoadContext` (``context.py``): ``jsonio.py`` parses the descriptor,
``descriptor.py`` checks the ``briefing`` object, its tabs and charts,
``resources.py`` resolves schemas and reads the tables (``tables.py``),
``entities.py`` builds sources, observations, quotes and the like from them and
``checks.py`` evaluates the checks.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from briefing_app.model.briefing import Briefing
from briefing_app.model.checks import build_checks
from briefing_app.model.context import LoadContext
from briefing_app.model.descriptor import DescriptorReader
from briefing_app.model.entities import build_entities
from briefing_app.model.i18n import N_, Message, msg
from briefing_app.model.jsonio import read_json
from briefing_app.model.layers import build_maps
from briefing_app.model.limits import MAX_CHARTS, MAX_LIST, MAX_RESOURCES, MAX_SERIES, MAX_TABS
from briefing_app.model.maindeck import read_duration
from briefing_app.model.problems import PackageError, Problem, Severity
from briefing_app.model.resources import read_resources
from briefing_app.model.storage import (
    DEFAULT_LIMITS,
    DESCRIPTOR,
    Limits,
    PackageStorage,
    open_storage,
)
from briefing_app.model.translations import (
    descriptor_translations,
    read_languages,
    table_translations,
)

__all__ = [
    "BUNDLED_NAME",
    "INTERNAL_ERROR",
    "MAX_CHARTS",
    "MAX_LIST",
    "MAX_RESOURCES",
    "MAX_SERIES",
    "MAX_TABS",
    "LoadResult",
    "bundled_package_path",
    "iter_messages",
    "load_package",
]

#: start of the message when loading failed because of a bug in the viewer, not the package
INTERNAL_ERROR = N_("could not be read because of an error in the viewer; please report it")
_log = logging.getLogger(__name__)


def _internal(exc: BaseException) -> Message:
    """The problem of a package that a bug in the viewer kept from being read."""
    return msg(
        "{problem} ({error})", problem=Message(INTERNAL_ERROR), error=f"{type(exc).__name__}: {exc}"
    )


BUNDLED_NAME = "ukraine-2024-12"


@dataclass
class LoadResult:
    """What loading a package gave: the briefing (None if invalid) and all problems."""

    briefing: Briefing | None
    problems: list[Problem] = field(default_factory=list)
    location: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Problems of the package that leave it valid (not the briefing's findings)."""
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def findings(self) -> list[Problem]:
        """The briefing's findings: checks whose figures disagree."""
        return [p for p in self.problems if p.severity == Severity.FINDING]

    @property
    def ok(self) -> bool:
        return self.briefing is not None and not self.errors


def bundled_package_path() -> Path:
    """Path of the bundled briefing package, from source or frozen."""
    env = os.environ.get("BRIEFING_APP_DATA")
    if env:
        return Path(env) / BUNDLED_NAME
    import sys

    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "data" / BUNDLED_NAME
    try:  # installed as package data next to the code
        ref = resources.files("briefing_app").joinpath("data", BUNDLED_NAME)
        if ref.is_dir():
            return Path(str(ref))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        pass
    return Path(__file__).resolve().parents[2] / "data" / BUNDLED_NAME


def load_package(
    path: str | os.PathLike[str] | None = None, limits: Limits = DEFAULT_LIMITS
) -> LoadResult:
    """Load and validate the package at *path* (default: the bundled briefing)."""
    path = bundled_package_path() if path is None else path
    loader = _Loader(limits)
    problems = loader.ctx.problems
    try:
        storage = open_storage(path, limits)
    except PackageError as exc:
        return LoadResult(None, [exc.problem], str(path))
    except Exception as exc:  # a bug in the viewer, as below
        _log.exception("error while opening %s", path)
        problem = Problem(str(path), _internal(exc))
        return LoadResult(None, [problem], str(path))
    try:
        briefing = loader.load(storage)
    except PackageError as exc:
        problems.append(exc.problem)
        briefing = None
    except (MemoryError, RecursionError) as exc:  # a hostile package; never a traceback
        problems.append(
            Problem(
                DESCRIPTOR, msg("package too complex to read ({name})", name=type(exc).__name__)
            )
        )
        briefing = None
    except Exception as exc:  # a bug in the viewer: say so, keep the traceback in the log
        _log.exception("error while loading %s", path)
        problems.append(Problem(str(path), _internal(exc)))
        briefing = None
    finally:
        storage.close()
    errors = [p for p in problems if p.severity == Severity.ERROR]
    if errors:
        briefing = None
    elif briefing is not None:
        briefing.warnings = list(problems)
        briefing.location = str(path)
    return LoadResult(briefing, problems, str(path))


class _Loader:
    """One package's load, step by step, in the order its problems are reported."""

    def __init__(self, limits: Limits) -> None:
        self.ctx = LoadContext(limits)
        self.descriptor = DescriptorReader(self.ctx)

    def load(self, storage: PackageStorage) -> Briefing | None:
        """The briefing of *storage*, or None where a problem stops it being read further."""
        ctx, d = self.ctx, self.descriptor
        descriptor_name = getattr(storage, "descriptor_name", DESCRIPTOR)
        raw = storage.read(descriptor_name, limit=ctx.limits.descriptor)
        ctx.hash.update(descriptor_name.encode() + b"\0" + raw)
        if not raw.strip():
            ctx.err(msg("file is empty"), file=descriptor_name)
            return None
        desc, problems = read_json(raw, descriptor_name)
        ctx.problems.extend(problems)
        if desc is None:
            return None
        head = d.briefing_object(desc, descriptor_name)
        if head is None:
            return None
        meta, fv = head
        # first: the tables' translated columns are checked against them
        ctx.languages = read_languages(ctx, desc)
        title = d.package_title(desc)
        as_of = d.date(meta.get("as_of"), "briefing.as_of", required=True)

        tables = read_resources(ctx, storage, desc.get("resources"))
        if tables is None:
            return None

        b = Briefing(
            name=str(desc.get("name", "")),
            title=title,
            as_of=as_of or dt.date.today(),
            format_version=fv,
            version=str(desc.get("version", "")),
            subtitle=d.text(meta, "subtitle", "briefing"),
            caveat=d.text(meta, "caveat", "briefing"),
            licence=d.licence(desc.get("licenses")),
            source_article=d.text(meta, "source_article", "briefing") or None,
            duration=read_duration(ctx, meta),
        )
        b.indicators = d.indicators(meta.get("indicators"))
        b.languages, b.language = ctx.languages, ctx.languages[0]
        b.translations = table_translations(ctx, tables)
        b.translations.descriptor = descriptor_translations(ctx, desc)
        self._build_tables(b, tables)
        if b.source_article and b.source_article not in b.sources:
            ctx.err(
                msg("unknown source {ref}", ref=repr(b.source_article)),
                "briefing.source_article",
            )
        # last: the tabs name entities of every table
        b.tabs = d.tabs(meta.get("tabs"), b)
        b.checksum = ctx.hash.hexdigest()
        return b

    def _build_tables(self, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
        """The entities, then the checks, which are computed from the observations.

        A method of its own so that a test can make it fail as a bug in the viewer would.
        """
        build_entities(self.ctx, b, t)
        build_maps(self.ctx, b, t)  # places, layers and their areas, which checks may use
        build_checks(self.ctx, b, t)


def iter_messages(problems: Iterable[Problem]) -> list[str]:
    """Each problem as one line, FILE:ROW:FIELD: message."""
    return [str(p) for p in problems]
