"""Open a briefing package (folder, datapackage.json or .zip) and validate it.

``load_package`` never raises on bad input: it returns a `LoadResult` whose
``problems`` list every error and warning at once, each located as
FILE:ROW:FIELD, and whose ``briefing`` is None when there are errors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from briefing_app.model import spec
from briefing_app.model.formula import FormulaError, evaluate, references
from briefing_app.model.problems import PackageError, Problem, Severity
from briefing_app.model.published import check_decimals, decimals_list
from briefing_app.model.storage import (
    DEFAULT_LIMITS,
    DESCRIPTOR,
    Limits,
    PackageStorage,
    check_relative_path,
    open_storage,
)
from briefing_app.model.tables import MAX_CELL_CHARS, decode_text, read_table, schema_problems
from briefing_app.model.types import (
    Briefing,
    Chart,
    CheckResult,
    Claim,
    Event,
    Indicator,
    Poll,
    PollAnswer,
    Position,
    Quote,
    SeriesRef,
    Source,
    Tab,
    fmt_number,
    fmt_signed,
    fmt_value,
)

MAX_RESOURCES = 100
#: bounds on the briefing object, so that a hostile descriptor cannot make loading slow
MAX_TABS = 100
MAX_CHARTS = 100  # per tab
MAX_SERIES = 50  # per chart
MAX_LIST = 10_000  # ids in one list
#: start of the message when loading failed because of a bug in the viewer, not the package
INTERNAL_ERROR = "could not be read because of an error in the viewer; please report it"
_log = logging.getLogger(__name__)


class _JSONConstantError(ValueError):
    """NaN, Infinity or -Infinity in JSON, which the standard does not allow."""


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
        return [p for p in self.problems if p.severity == Severity.WARNING]

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
    try:
        storage = open_storage(path, limits)
    except PackageError as exc:
        return LoadResult(None, [exc.problem], str(path))
    except Exception as exc:  # a bug in the viewer, as below
        _log.exception("error while opening %s", path)
        problem = Problem(str(path), f"{INTERNAL_ERROR} ({type(exc).__name__}: {exc})")
        return LoadResult(None, [problem], str(path))
    try:
        briefing = loader.load(storage)
    except PackageError as exc:
        loader.problems.append(exc.problem)
        briefing = None
    except (MemoryError, RecursionError) as exc:  # a hostile package; never a traceback
        loader.problems.append(
            Problem(DESCRIPTOR, f"package too complex to read ({type(exc).__name__})")
        )
        briefing = None
    except Exception as exc:  # a bug in the viewer: say so, keep the traceback in the log
        _log.exception("error while loading %s", path)
        loader.problems.append(
            Problem(str(path), f"{INTERNAL_ERROR} ({type(exc).__name__}: {exc})")
        )
        briefing = None
    finally:
        storage.close()
    errors = [p for p in loader.problems if p.severity == Severity.ERROR]
    if errors:
        briefing = None
    elif briefing is not None:
        briefing.warnings = list(loader.problems)
        briefing.location = str(path)
    return LoadResult(briefing, loader.problems, str(path))


# -----------------------------------------------------------------------------


def _s(value: Any) -> str:
    """Plain string of a cell, '' for missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def _date(value: Any) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_JSON_ERRORS = {
    "Expecting property name enclosed in double quotes": (
        "expected a key in double quotes (is there a comma too many, or a key without quotes?)"
    ),
    "Expecting ',' delimiter": "expected a ',' between two items (is a comma missing?)",
    "Expecting ':' delimiter": "expected a ':' after the key",
    "Expecting value": "expected a value (is there a comma too many, or text without quotes?)",
    "Unterminated string starting at": "a text in quotes is never closed",
    "Invalid control character at": (
        "a line break or tab inside a text in quotes; write it as \\n or \\t"
    ),
    "Extra data": "more text after the end of the JSON object",
    "Invalid \\escape": "a '\\' inside a text in quotes; write '\\\\' for a backslash",
}


def _json_error_words(msg: str) -> str:
    """Python's JSON error message in plain words."""
    for key, words in _JSON_ERRORS.items():
        if msg.startswith(key):
            return words
    return msg[:1].lower() + msg[1:]


def _json_kind(value: Any) -> str:
    """What a JSON value is, in words: 'a number', 'a list', ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover


def _ids(value: Any) -> tuple[str, ...]:
    return tuple(_s(value).split())


class _Loader:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.problems: list[Problem] = []
        self.hash = hashlib.sha256()
        #: resource name -> file path, for locating problems
        self._file_of: dict[str, str] = {}
        #: resources declared but not loaded: their own problems are reported,
        #: so ids that would be in them are not reported again as unknown
        self._failed: set[str] = set()
        #: (resource, id) of rows left out of the model because of their own errors
        self._refused: set[tuple[str, Any]] = set()
        # computed once, on first use, from the observations
        self._obs_ids: set | None = None
        self._obs_pairs: set[tuple[Any, Any]] | None = None
        self._obs_indicators: set = set()

    # -- reporting ----------------------------------------------------------
    def err(
        self, message: str, where: str = "", file: str = DESCRIPTOR, row: int | None = None
    ) -> None:
        self.problems.append(Problem(file, message, row=row, field=where or None))

    def warn(
        self, message: str, where: str = "", file: str = DESCRIPTOR, row: int | None = None
    ) -> None:
        self.problems.append(
            Problem(file, message, row=row, field=where or None, severity=Severity.WARNING)
        )

    # -- descriptor ---------------------------------------------------------
    def load(self, storage: PackageStorage) -> Briefing | None:
        descriptor_name = getattr(storage, "descriptor_name", DESCRIPTOR)
        raw = storage.read(descriptor_name, limit=self.limits.descriptor)
        self.hash.update(descriptor_name.encode() + b"\0" + raw)
        if not raw.strip():
            self.err("file is empty", file=descriptor_name)
            return None
        text, probs = decode_text(raw, descriptor_name)
        self.problems.extend(probs)
        if text is None:
            return None
        desc = self._parse_json(text, descriptor_name)
        if desc is None:
            return None
        if not isinstance(desc, dict):
            self.err(
                f"must hold a JSON object ({{ ... }}), not {_json_kind(desc)}",
                file=descriptor_name,
            )
            return None
        self._check_long_strings(desc, "")
        meta = desc.get("briefing")
        if not isinstance(meta, dict):
            self.err("missing the 'briefing' object (is this a briefing package?)", "briefing")
            return None
        fv = meta.get("format_version")
        if fv is not None and not isinstance(fv, str):
            self.err(
                f"the format version must be text in quotes, not {_json_kind(fv)} "
                f'{json.dumps(fv)[:40]}; write "format_version": "{spec.FORMAT_VERSION}"',
                "briefing.format_version",
            )
            return None
        if not isinstance(fv, str) or not fv.strip():
            self.err(
                f'the format version is missing; write "format_version": "{spec.FORMAT_VERSION}"',
                "briefing.format_version",
            )
            return None
        try:
            major = int(fv.split(".")[0])
        except ValueError:
            major = -1
        if major != spec.SUPPORTED_MAJOR:
            self.err(
                f"unsupported format version {fv!r}: this viewer reads version "
                f"{spec.SUPPORTED_MAJOR}.x",
                "briefing.format_version",
            )
            return None

        title = desc.get("title")
        if not isinstance(title, str) or not title.strip():
            self.err("the package needs a title", "title")
        as_of = self._parse_date(meta.get("as_of"), "briefing.as_of", required=True)

        tables = self._read_resources(storage, desc.get("resources"))
        if tables is None:
            return None

        b = Briefing(
            name=str(desc.get("name", "")),
            title=str(title or ""),
            as_of=as_of or dt.date.today(),
            format_version=fv,
            version=str(desc.get("version", "")),
            subtitle=self._text(meta, "subtitle", "briefing"),
            caveat=self._text(meta, "caveat", "briefing"),
            licence=self._licence(desc.get("licenses")),
            source_article=self._text(meta, "source_article", "briefing") or None,
        )
        b.indicators = self._indicators(meta.get("indicators"))
        self._build_tables(b, tables)
        if b.source_article and b.source_article not in b.sources:
            self.err(f"unknown source {b.source_article!r}", "briefing.source_article")
        b.tabs = self._tabs(meta.get("tabs"), b)
        b.checksum = self.hash.hexdigest()
        return b

    def _parse_json(self, text: str, file: str) -> Any:
        """Parse JSON strictly: NaN and Infinity are refused, repeated keys warned of."""
        repeated: list[str] = []

        def pairs(items: list[tuple[str, Any]]) -> dict:
            out: dict = {}
            for k, v in items:
                if k in out and len(repeated) < 10:
                    repeated.append(k)
                out[k] = v
            return out

        def constant(name: str) -> Any:
            raise _JSONConstantError(name)

        try:
            desc = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
        except json.JSONDecodeError as exc:
            if not text[exc.pos :].strip():
                what = "the file ends too early (is it cut short?)"
            else:
                what = _json_error_words(exc.msg)
            self.problems.append(
                Problem(
                    file,
                    f"invalid JSON on line {exc.lineno}, column {exc.colno}: {what}",
                    row=exc.lineno,
                )
            )
            return None
        except _JSONConstantError as exc:
            self.err(
                f"invalid JSON: {exc.args[0]} is not a JSON number; write a number or null",
                file=file,
            )
            return None
        except RecursionError:
            self.err("invalid JSON: nested too deeply", file=file)
            return None
        for k in repeated:
            self.warn(f"key {k!r} appears twice in one object; the last one is used", file=file)
        return desc

    def _check_long_strings(self, obj: Any, where: str, depth: int = 0) -> None:
        if depth > 50:
            self.err("nested too deeply", where)
            return
        if isinstance(obj, str) and len(obj) > MAX_CELL_CHARS:
            self.err(f"text is {len(obj):,} characters; the limit is {MAX_CELL_CHARS:,}", where)
        elif isinstance(obj, dict):
            for k, v in obj.items():
                self._check_long_strings(v, f"{where}.{k}" if where else str(k), depth + 1)
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                self._check_long_strings(v, f"{where}[{i}]", depth + 1)

    def _text(self, obj: dict, key: str, where: str) -> str:
        v = obj.get(key, "")
        if v is None:
            return ""
        if not isinstance(v, str):
            self.err("must be text", f"{where}.{key}")
            return ""
        return v if len(v) <= MAX_CELL_CHARS else ""

    def _parse_date(self, value: Any, where: str, required: bool = False) -> dt.date | None:
        if value is None or value == "":
            if required:
                self.err("a date is required (YYYY-MM-DD)", where)
            return None
        if not isinstance(value, str):
            self.err(
                f'must be a date written as text, "YYYY-MM-DD", not {_json_kind(value)}', where
            )
            return None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.err(f"{_short(value)!r} is not a date (YYYY-MM-DD)", where)
        return None

    def _licence(self, lic: Any) -> str:
        if isinstance(lic, list) and lic and isinstance(lic[0], dict):
            return str(lic[0].get("title") or lic[0].get("name") or "")
        return ""

    # -- resources ------------------------------------------------------------
    def _read_resources(self, storage: PackageStorage, res: Any) -> dict[str, pd.DataFrame] | None:
        if not isinstance(res, list) or not res:
            self.err("the package lists no resources", "resources")
            return None
        if len(res) > MAX_RESOURCES:
            self.err(f"{len(res):,} resources; at most {MAX_RESOURCES} are read", "resources")
            return None
        tables: dict[str, pd.DataFrame] = {}
        seen: set[str] = set()
        for i, r in enumerate(res):
            where = f"resources[{i}]"
            if not isinstance(r, dict):
                self.err("must be an object", where)
                continue
            name = r.get("name")
            if not isinstance(name, str) or not name:
                self.err("resource needs a name", f"{where}.name")
                continue
            if name in seen:
                self.err(f"duplicate resource name {name!r}", f"{where}.name")
                continue
            seen.add(name)
            # until it has loaded; a missing table's ids are not reported as unknown
            self._failed.add(name)
            if "data" in r and "path" not in r:
                self.err("inline data is not supported: give a CSV file path", f"{where}.data")
                continue
            try:
                rpath = check_relative_path(r.get("path"), DESCRIPTOR, f"{where}.path")
            except PackageError as exc:
                self.problems.append(exc.problem)
                continue
            schema = self._resource_schema(storage, r, name, where)
            if schema is None:
                continue
            fmt = str(r.get("format", "csv")).lower()
            if fmt != "csv" and not rpath.lower().endswith(".csv"):
                self.err(f"format {fmt!r} is not supported: resources are CSV", f"{where}.format")
                continue
            enc = str(r.get("encoding", "utf-8")).lower().replace("_", "-")
            if enc not in ("utf-8", "utf8", "utf-8-sig"):
                self.err(f"encoding {enc!r} is not supported: use UTF-8", f"{where}.encoding")
                continue
            delim = ","
            dialect = r.get("dialect")
            if isinstance(dialect, dict) and "delimiter" in dialect:
                d = dialect["delimiter"]
                if isinstance(d, str) and len(d) == 1 and d not in '"\r\n':
                    delim = d
                else:
                    self.err("delimiter must be one character", f"{where}.dialect.delimiter")
                    continue
            try:
                data = storage.read(rpath)
            except PackageError as exc:
                self.problems.append(exc.problem)
                continue
            self.hash.update(rpath.encode() + b"\0" + data)
            keep = spec.PUBLISHED_DECIMALS.get(name, ())
            result = read_table(data, rpath, schema, delimiter=delim, keep_text=keep)
            self.problems.extend(result.problems)
            if result.frame is not None:
                for text in result.text.values():  # "16.0" is shown as 16.0
                    result.frame["decimals"] = decimals_list(text)
                tables[name] = result.frame
                self._file_of[name] = rpath
                self._failed.discard(name)
        for req in spec.REQUIRED_RESOURCES:
            if req not in seen:
                self.err(f"required resource {req!r} is missing", "resources")
        if any(p.severity == Severity.ERROR for p in self.problems):
            return tables if all(r in tables for r in spec.REQUIRED_RESOURCES) else None
        return tables

    def _resource_schema(
        self, storage: PackageStorage, r: dict, name: str, where: str
    ) -> dict | None:
        schema = r.get("schema")
        if isinstance(schema, str):
            try:
                spath = check_relative_path(schema, DESCRIPTOR, f"{where}.schema")
                raw = storage.read(spath, limit=self.limits.descriptor)
            except PackageError as exc:
                self.problems.append(exc.problem)
                return None
            text, probs = decode_text(raw, spath)
            self.problems.extend(probs)
            if text is None:
                return None
            schema = self._parse_json(text, spath)
            if schema is None:
                return None
        canonical = spec.SCHEMAS.get(name)
        if schema is None:
            if canonical is None:
                self.err(
                    "resource needs a Table Schema (its fields and their types)", f"{where}.schema"
                )
                return None
            return spec.schema_for(name)
        bad = schema_problems(schema, (spec.ID_PATTERN, spec.IDS_PATTERN))
        for loc, msg in bad:
            self.err(msg, f"{where}.schema.{loc}" if loc else f"{where}.schema")
        if bad:
            return None
        ok = True
        if canonical is not None:
            declared = {f["name"]: (j, f) for j, f in enumerate(schema["fields"])}
            for cf in canonical["fields"]:
                j, df = declared.get(cf["name"], (None, None))
                if df is None:
                    self.err(
                        f"field {cf['name']!r} is missing from the schema of {name!r}",
                        f"{where}.schema.fields",
                    )
                    ok = False
                elif df.get("type", "string") != cf["type"]:
                    self.err(
                        f"field {cf['name']!r} must have type {cf['type']!r}, not "
                        f"{df.get('type', 'string')!r}",
                        f"{where}.schema.fields[{j}].type",
                    )
                    ok = False
            if not ok:
                return None
            # the format's constraints hold whatever the package declares
            merged = json.loads(json.dumps(schema))
            for f in merged["fields"]:
                cf = next((c for c in canonical["fields"] if c["name"] == f["name"]), None)
                if cf and "constraints" in cf:
                    f["constraints"] = {**(f.get("constraints") or {}), **cf["constraints"]}
            merged.setdefault("primaryKey", canonical.get("primaryKey"))
            schema = merged
        schema.setdefault("missingValues", list(spec.MISSING_VALUES))
        return schema

    # -- tables -> model ------------------------------------------------------
    def _indicators(self, obj: Any) -> dict[str, Indicator]:
        out: dict[str, Indicator] = {}
        if obj is None:
            return out
        if not isinstance(obj, dict):
            self.err("must be an object of indicator definitions", "briefing.indicators")
            return out
        for k, v in obj.items():
            where = f"briefing.indicators.{k}"
            if not isinstance(v, dict):
                self.err("must be an object", where)
                continue
            mn = v.get("minimum")
            if mn is not None and (
                not isinstance(mn, int | float) or isinstance(mn, bool) or not np.isfinite(mn)
            ):
                self.err("minimum must be a number", f"{where}.minimum")
                mn = None
            title = self._text(v, "title", where) or str(k)
            unit = self._text(v, "unit", where)
            out[k] = Indicator(str(k), title, unit, mn)
        return out

    def _unknown(
        self,
        what: str,
        ref: Any,
        where: str,
        file: str = DESCRIPTOR,
        row: int | None = None,
        table: str | None = None,
    ) -> None:
        """Report an id that names nothing, unless its table failed to load (its own
        problems are reported) or the row it names was refused (ditto)."""
        table = table or f"{what}s"
        if table in self._failed or (table, ref) in self._refused:
            return
        self.err(f"unknown {what} {_short(str(ref))!r}", where, file, row)

    def _build_tables(self, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
        f = self._file_of
        src = t.get("sources")
        if src is not None:
            for r in src.itertuples(index=False):
                if not _s(r.id):
                    continue
                b.sources[r.id] = Source(
                    r.id,
                    _s(r.publisher),
                    _s(r.title),
                    _s(r.short_name),
                    _s(r.published),
                    _s(r.url),
                    _s(r.note),
                )
        self._foreign_keys(t)
        obs = t.get("observations")
        if obs is not None:
            b.observations = obs
            self._check_observations(b, obs, f["observations"])
        for name, frame in t.items():
            if name not in spec.SCHEMAS:
                b.series_tables[name] = frame
        cl = t.get("claims")
        if cl is not None:
            self._check_ids(cl["sources"], "sources", f["claims"], b)
            for r in cl.itertuples(index=False):
                if not _s(r.id):
                    continue
                b.claims[r.id] = Claim(
                    r.id,
                    _s(r.topic),
                    _s(r.claim),
                    _s(r.article_says),
                    _s(r.actually_said),
                    _s(r.cross_check),
                    _ids(r.sources),
                    _date(r.date),
                )
        q = t.get("quotes")
        if q is not None:
            self._check_ids(q["via"], "via", f["quotes"], b)
            for r in q.itertuples(index=False):
                if not _s(r.id):
                    continue
                b.quotes[r.id] = Quote(
                    r.id,
                    _s(r.speaker),
                    _s(r.text),
                    _s(r.status),
                    _s(r.role),
                    _date(r.date),
                    _s(r.source) or None,
                    _ids(r.via),
                    _s(r.note),
                )
        p = t.get("positions")
        if p is not None:
            for r in p.itertuples(index=False):
                if not _s(r.id):
                    continue
                b.positions[r.id] = Position(
                    r.id,
                    _s(r.party),
                    _s(r.topic),
                    _s(r.position),
                    _s(r.article_wording),
                    _s(r.source) or None,
                    _date(r.date),
                )
        self._build_polls(b, t)
        ev = t.get("events")
        if ev is not None:
            self._check_ids(ev["sources"], "sources", f["events"], b)
            for r in ev.itertuples(index=False):
                if not _s(r.id):
                    continue
                if r.date is None or pd.isna(r.date):
                    self._refused.add(("events", r.id))
                    continue
                b.events[r.id] = Event(
                    r.id, _date(r.date), _s(r.title), _s(r.description), _ids(r.sources)
                )
        ch = t.get("checks")
        if ch is not None and obs is not None:
            self._build_checks(b, ch, obs, f["checks"])

    def _check_observations(self, b: Briefing, obs: pd.DataFrame, file: str) -> None:
        rows = np.arange(len(obs)) + 2
        bad = (obs["period_end"] < obs["period_start"]).to_numpy()
        for i in np.flatnonzero(bad)[:10]:
            self.err(
                f"the period ends ({_iso(obs['period_end'].iat[i])}) before it starts "
                f"({_iso(obs['period_start'].iat[i])})",
                "period_end",
                file,
                int(rows[i]),
            )
        self._check_ids(obs["via"], "via", file, b)
        if not b.indicators:
            return
        known = obs["indicator"].isin(list(b.indicators)).to_numpy()
        for i in np.flatnonzero(~known & obs["indicator"].notna().to_numpy())[:10]:
            self.err(
                f"unknown indicator {obs['indicator'].iat[i]!r} (declare it in "
                "briefing.indicators in datapackage.json)",
                "indicator",
                file,
                int(rows[i]),
            )
        # vectorised: a package may declare many indicators and many rows
        values = obs["value"].to_numpy(dtype=float)
        minimum = {k: i.minimum for k, i in b.indicators.items() if i.minimum is not None}
        mins = obs["indicator"].map(minimum).to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            low = values < mins  # False where either is missing
        for i in np.flatnonzero(low)[:10]:
            self.err(
                f"{fmt_number(values[i])} is below {fmt_number(mins[i])}, the minimum for "
                f"indicator {obs['indicator'].iat[i]!r}",
                "value",
                file,
                int(rows[i]),
            )
        unit_of = {k: i.unit for k, i in b.indicators.items() if i.unit}
        units = obs["indicator"].map(unit_of)
        odd = (units.notna() & obs["unit"].notna() & (obs["unit"] != units)).to_numpy()
        listed: dict[str, int] = {}
        for i in np.flatnonzero(odd):
            ind = obs["indicator"].iat[i]
            if listed.get(ind, 0) >= 3:  # the first three rows of each indicator
                continue
            listed[ind] = listed.get(ind, 0) + 1
            self.warn(
                f"unit {obs['unit'].iat[i]!r} differs from the unit of indicator "
                f"{ind!r}, {unit_of[ind]!r}",
                "unit",
                file,
                int(rows[i]),
            )
            if sum(listed.values()) >= 30:
                break

    def _build_polls(self, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
        polls = t.get("polls")
        answers = t.get("poll_answers")
        if polls is None:
            return
        file = self._file_of["polls"]
        by_poll: dict[Any, list[PollAnswer]] = {}
        if answers is not None:
            decimals = answers.get("decimals", pd.Series([None] * len(answers)))
            for poll_id, a, share, d in zip(
                answers["poll"], answers["answer"], answers["share"], decimals, strict=True
            ):
                if not pd.isna(share):
                    answer = PollAnswer(_s(a), float(share), None if d is None else int(d))
                    by_poll.setdefault(poll_id, []).append(answer)
        for i, r in enumerate(polls.itertuples(index=False)):
            if not _s(r.id):
                continue
            ans = tuple(by_poll.get(r.id, ()))
            if answers is not None:
                total = sum(a.share for a in ans)
                if total > 100.5:
                    self.warn(
                        f"answer shares of poll {r.id!r} add up to {total:.1f}%, over 100%",
                        "share",
                        self._file_of.get("poll_answers", ""),
                    )
            start, end = _date(r.fieldwork_start), _date(r.fieldwork_end)
            if start and end and end < start:
                self.err(
                    f"fieldwork ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                    "fieldwork_end",
                    file,
                    i + 2,
                )
            sample = None if pd.isna(r.sample) else int(r.sample)
            b.polls[r.id] = Poll(
                r.id,
                _s(r.pollster),
                _s(r.question),
                ans,
                _s(r.commissioner),
                start,
                end,
                sample,
                _s(r.method),
                _s(r.source) or None,
                _s(r.note),
            )

    def _build_checks(self, b: Briefing, ch: pd.DataFrame, obs: pd.DataFrame, file: str) -> None:
        values: dict[str, float] = {}
        published: dict[str, tuple[int | None, str]] = {}  # decimals, qualifier
        decimals = obs.get("decimals", pd.Series([None] * len(obs)))
        for k, v, d, q in zip(obs["id"], obs["value"], decimals, obs["qualifier"], strict=True):
            if isinstance(k, str) and k:
                values.setdefault(k, float(v))  # a duplicate id is an error; use the first
                published.setdefault(k, (None if d is None else int(d), _s(q)))
        for i, r in enumerate(ch.itertuples(index=False)):
            row = i + 2
            if not _s(r.id):
                continue
            formula = _s(r.formula)
            reported_id = _s(r.reported) or None
            # an observation without a valid value has its own error; do not compute with it
            inputs = [*references(formula), *([reported_id] if reported_id else [])]
            if not formula or any(k in values and np.isnan(values[k]) for k in inputs):
                self._refused.add(("checks", r.id))
                continue
            published_in = [k for k in inputs if k in published]
            shown = {k: fmt_number(values[k], published[k][0]) for k in published_in}
            try:
                computed, expr = evaluate(formula, values, fmt_number, shown)
            except FormulaError as exc:
                self.err(str(exc), "formula", file, row)
                self._refused.add(("checks", r.id))
                continue
            reported = values.get(reported_id) if reported_id else None
            tol = 0.0 if pd.isna(r.tolerance) else float(r.tolerance)
            relation = _s(r.relation)
            if tol < 0 or relation not in spec.RELATIONS:  # schema errors
                self._refused.add(("checks", r.id))
                continue
            res = CheckResult(
                r.id,
                _s(r.title),
                _s(r.unit),
                formula,
                expr,
                computed,
                reported,
                reported_id,
                relation,
                tol,
                _s(r.note),
                tuple(references(formula)),
                reported_qualifier=published.get(reported_id or "", (None, ""))[1],
                reported_decimals=published.get(reported_id or "", (None, ""))[0],
                decimals=check_decimals(computed, [published[k][0] for k in published_in]),
                later=tuple(k for k in dict.fromkeys(inputs) if b.observation_is_later(k)),
            )
            b.checks[r.id] = res
            if res.holds is False:
                self.warn(_check_warning(res), "", file, row)

    def _check_ids(self, col: pd.Series, fname: str, file: str, b: Briefing) -> None:
        """Space-separated source ids must name existing sources."""
        listed = 0
        sources_file = self._file_of.get("sources", "sources.csv")
        for i, v in enumerate(col):
            for sid in _ids(v):
                if sid not in b.sources:
                    if listed < 10:
                        self.err(
                            f"unknown source {_short(sid)!r} (no such id in {sources_file})",
                            fname,
                            file,
                            i + 2,
                        )
                    listed += 1

    def _foreign_keys(self, t: dict[str, pd.DataFrame]) -> None:
        for name, frame in t.items():
            sch = spec.SCHEMAS.get(name)
            if not sch:
                continue
            for fk in sch.get("foreignKeys", []):
                col = fk["fields"][0]
                target = fk["reference"]["resource"]
                tcol = fk["reference"]["fields"][0]
                tframe = t.get(target)
                if tframe is None:
                    if target not in self._failed and frame[col].notna().any():
                        self.err(
                            f"refers to resource {target!r}, which the package does not have",
                            col,
                            self._file_of[name],
                        )
                    continue
                vals = frame[col]
                present = vals.notna() & (vals.astype(str) != "")
                dangling = (present & ~vals.isin(set(tframe[tcol]))).to_numpy()
                for i in np.flatnonzero(dangling)[:10]:
                    self.err(
                        f"unknown {target.removesuffix('s')} {_short(str(vals.iat[i]))!r} "
                        f"(no such id in {self._file_of.get(target, target)})",
                        col,
                        self._file_of[name],
                        int(i) + 2,
                    )

    # -- tabs -------------------------------------------------------------------
    def _tabs(self, obj: Any, b: Briefing) -> tuple[Tab, ...]:
        if not isinstance(obj, list) or not obj:
            self.err("the briefing lists no tabs", "briefing.tabs")
            return ()
        if len(obj) > MAX_TABS:
            self.err(f"{len(obj):,} tabs; at most {MAX_TABS} are read", "briefing.tabs")
            obj = obj[:MAX_TABS]
        tabs: list[Tab] = []
        tab_ids: set[str] = set()
        chart_ids: set[str] = set()
        for i, t in enumerate(obj):
            where = f"briefing.tabs[{i}]"
            if not isinstance(t, dict):
                self.err("must be an object", where)
                continue
            tid = t.get("id")
            if not isinstance(tid, str) or not tid.strip():
                self.err("tab needs an id (text)", f"{where}.id")
                tid = f"tab-{i + 1}"
            elif tid in tab_ids:
                self.err(f"duplicate tab id {tid!r}", f"{where}.id")
            tab_ids.add(tid)
            title = t.get("title")
            if not isinstance(title, str) or not title.strip():
                self.err("tab needs a title", f"{where}.title")
                title = tid
            kind = t.get("kind", "topic")
            if not isinstance(kind, str) or kind not in spec.TAB_KINDS:
                self.err(
                    f"unknown tab kind {_short(str(kind))!r} (one of: {', '.join(spec.TAB_KINDS)})",
                    f"{where}.kind",
                )
                continue
            charts = []
            for j, c in enumerate(self._list(t, "charts", where, MAX_CHARTS)):
                chart = self._chart(c, f"{where}.charts[{j}]", b)
                if chart is None:
                    continue
                if chart.id in chart_ids:
                    self.err(f"duplicate chart id {chart.id!r}", f"{where}.charts[{j}].id")
                chart_ids.add(chart.id)
                charts.append(chart)
            refs = {}
            for key, table in (
                ("checks", b.checks),
                ("quotes", b.quotes),
                ("claims", b.claims),
                ("positions", b.positions),
                ("polls", b.polls),
            ):
                ids = self._id_list(t, key, where)
                for k, ref in enumerate(ids):
                    if ref not in table:
                        self._unknown(key[:-1], ref, f"{where}.{key}[{k}]", table=key)
                refs[key] = tuple(r for r in ids if r in table)
            tabs.append(
                Tab(
                    tid,
                    title,
                    kind,
                    self._text(t, "takeaway", where),
                    self._text(t, "notes", where),
                    tuple(charts),
                    **refs,
                )
            )
        return tuple(tabs)

    def _list(self, obj: dict, key: str, where: str, limit: int = MAX_LIST) -> list:
        v = obj.get(key, [])
        if v is None:
            return []
        if not isinstance(v, list):
            self.err(f"must be a list, not {_json_kind(v)}", f"{where}.{key}")
            return []
        if len(v) > limit:
            self.err(f"lists {len(v):,} items; at most {limit:,} are read", f"{where}.{key}")
            return v[:limit]
        return v

    def _id_list(self, obj: dict, key: str, where: str) -> tuple[str, ...]:
        out = []
        for k, v in enumerate(self._list(obj, key, where)):
            if not isinstance(v, str):
                self.err(f"must be an id (text), not {_json_kind(v)}", f"{where}.{key}[{k}]")
            else:
                out.append(v)
        return tuple(out)

    def _chart(self, c: Any, where: str, b: Briefing) -> Chart | None:
        if not isinstance(c, dict):
            self.err("must be an object", where)
            return None
        cid = c.get("id")
        if not isinstance(cid, str) or not cid.strip():
            self.err("chart needs an id (text)", f"{where}.id")
            return None
        kind = c.get("kind")
        if not isinstance(kind, str) or kind not in spec.CHART_KINDS:
            self.err(
                f"unknown chart kind {_short(str(kind))!r} (one of: {', '.join(spec.CHART_KINDS)})",
                f"{where}.kind",
            )
            return None
        series = []
        for k, s in enumerate(self._list(c, "series", where, MAX_SERIES)):
            ref = self._series(s, f"{where}.series[{k}]", b, kind)
            if ref is not None:
                series.append(ref)
        observations = self._id_list(c, "observations", where)
        obs_ids = self._observation_ids(b)
        for k, o in enumerate(observations):
            if o not in obs_ids:
                self._unknown("observation", o, f"{where}.observations[{k}]")
        reported = self._id_list(c, "reported", where)
        for k, o in enumerate(reported):
            if o not in obs_ids:
                self._unknown("observation", o, f"{where}.reported[{k}]")
        ev = c.get("events", [])
        if ev == "all":
            events = tuple(sorted(b.events, key=lambda e: b.events[e].date))
        else:
            events = self._id_list(c, "events", where)
            for k, e in enumerate(events):
                if e not in b.events:
                    self._unknown("event", e, f"{where}.events[{k}]")
        poll = c.get("poll")
        if kind == "poll":
            if not isinstance(poll, str) or not poll:
                self.err("a poll chart needs the id of a poll", f"{where}.poll")
                return None
            if poll not in b.polls:
                self._unknown("poll", poll, f"{where}.poll")
                return None
        elif kind in ("bar", "grouped_bar", "line") and not series:
            if not self._list(c, "series", where):
                self.err(f"a {kind} chart needs at least one series", f"{where}.series")
            return None
        elif kind == "comparison" and not observations:
            self.err("a comparison chart needs a list of observations", f"{where}.observations")
            return None
        highlight = None
        hl = c.get("highlight")
        if hl is not None:
            if isinstance(hl, list) and len(hl) == 2:
                a = self._parse_date(hl[0], f"{where}.highlight[0]")
                z = self._parse_date(hl[1], f"{where}.highlight[1]")
                if a and z:
                    if z < a:
                        self.err(
                            f"highlight ends ({z.isoformat()}) before it starts ({a.isoformat()})",
                            f"{where}.highlight",
                        )
                    highlight = (a, z)
            else:
                self.err(
                    'must be [start, end] dates, e.g. ["2024-10-01", "2024-10-31"]',
                    f"{where}.highlight",
                )
        title = c.get("title")
        if not isinstance(title, str) or not title.strip():
            self.err("chart needs a title", f"{where}.title")
            title = cid
        return Chart(
            cid,
            title,
            kind,
            tuple(series),
            tuple(observations),
            poll if kind == "poll" else None,
            highlight,
            tuple(r for r in reported if r in obs_ids),
            tuple(e for e in events if e in b.events),
            self._text(c, "caption", where),
            self._text(c, "y_label", where),
        )

    def _series(self, s: Any, where: str, b: Briefing, kind: str) -> SeriesRef | None:
        if not isinstance(s, dict):
            self.err("must be an object", where)
            return None
        label = s.get("label")
        if not isinstance(label, str) or not label.strip():
            self.err("series needs a label (text)", f"{where}.label")
            return None
        start = self._parse_date(s.get("start"), f"{where}.start")
        end = self._parse_date(s.get("end"), f"{where}.end")
        if start and end and end < start:
            self.err(f"ends ({end.isoformat()}) before it starts ({start.isoformat()})", where)
        unit = s.get("unit")
        if unit is not None and not isinstance(unit, str):
            self.err(f"must be text, not {_json_kind(unit)}", f"{where}.unit")
            unit = None
        srcid = s.get("source")
        if srcid is not None:
            if not isinstance(srcid, str):
                self.err(f"must be a source id (text), not {_json_kind(srcid)}", f"{where}.source")
                srcid = None
            elif srcid not in b.sources:
                self._unknown("source", srcid, f"{where}.source")
                srcid = None
        if "resource" in s:
            return self._resource_series(s, where, b, label, srcid, unit)
        ind = s.get("indicator")
        if not isinstance(ind, str) or not ind:
            self.err("series needs an indicator (or a resource)", f"{where}.indicator")
            return None
        ser = s.get("series")
        if ser is not None and not isinstance(ser, str):
            self.err(
                f"must be the name of a series (text), not {_json_kind(ser)}", f"{where}.series"
            )
            return None
        ref = SeriesRef(label, indicator=ind, series=ser, start=start, end=end)
        if b.indicators and ind not in b.indicators:
            self.err(f"unknown indicator {_short(ind)!r}", f"{where}.indicator")
            return None
        if not self._matches_observations(b, ref):
            self.warn(f"series {label!r} matches no observations", where)
        return ref

    def _observation_ids(self, b: Briefing) -> set:
        if self._obs_ids is None:
            self._obs_ids = set(b.observations["id"]) if not b.observations.empty else set()
        return self._obs_ids

    def _matches_observations(self, b: Briefing, ref: SeriesRef) -> bool:
        """Whether a series selects any observation, without a scan per series."""
        obs = b.observations
        if obs.empty:
            return False
        if ref.start is not None or ref.end is not None:
            return not b.series_observations(ref).empty
        if self._obs_pairs is None:
            self._obs_pairs = set(zip(obs["indicator"], obs["series"], strict=True))
            self._obs_indicators = {i for i, _ in self._obs_pairs}
        if ref.series is None:
            return ref.indicator in self._obs_indicators
        return (ref.indicator, ref.series) in self._obs_pairs

    def _resource_series(
        self, s: dict, where: str, b: Briefing, label: str, srcid: str | None, unit: str | None
    ) -> SeriesRef | None:
        res = s["resource"]
        if not isinstance(res, str) or not res:
            self.err(f"must be a resource name (text), not {_json_kind(res)}", f"{where}.resource")
            return None
        tbl = b.series_tables.get(res)
        if tbl is None:
            if res in spec.SCHEMAS:
                self.err(
                    f"resource {res!r} is one of the briefing's own tables, not a series; "
                    "plot observations with an indicator instead",
                    f"{where}.resource",
                )
            elif res not in self._failed:
                self.err(f"unknown series resource {_short(res)!r}", f"{where}.resource")
            return None
        x, y = s.get("x"), s.get("y")
        for key, col in (("x", x), ("y", y)):
            if not isinstance(col, str) or not col:
                self.err(f"needs the name of a column of {res!r}", f"{where}.{key}")
                return None
            if col not in tbl.columns:
                self.err(
                    f"resource {res!r} has no column {_short(col)!r} (its columns: "
                    f"{', '.join(map(str, tbl.columns))})",
                    f"{where}.{key}",
                )
                return None
        if not (
            pd.api.types.is_datetime64_any_dtype(tbl[x]) or pd.api.types.is_numeric_dtype(tbl[x])
        ):
            self.err(
                f"column {x!r} of {res!r} must hold dates or numbers (declare its type in the "
                "resource's schema)",
                f"{where}.x",
            )
            return None
        if not pd.api.types.is_numeric_dtype(tbl[y]) or pd.api.types.is_bool_dtype(tbl[y]):
            self.err(
                f"column {y!r} of {res!r} is not numeric (declare it as a number or integer "
                "in the resource's schema)",
                f"{where}.y",
            )
            return None
        return SeriesRef(label, resource=res, x=x, y=y, source=srcid, unit=unit or "")


def _iso(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


#: what a one-sided relation asks of the computed figure
_SHOULD_BE = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
}


def _check_warning(res: CheckResult) -> str:
    """A check that does not hold, with both numbers and the difference."""
    diff = f"difference {fmt_signed(res.difference or 0, res.decimals)}"
    if res.tolerance:
        diff += f"; tolerance {fmt_number(res.tolerance)}"
    reported = fmt_value(res.reported, "", res.reported_qualifier, res.reported_decimals)
    should = _SHOULD_BE.get(res.relation)
    if should:
        return (
            f"check {res.id!r} does not hold: computed {res.computed_text} should be {should} "
            f"the reported {reported} ({diff})"
        )
    return (
        f"check {res.id!r} does not hold: reported {reported}, "
        f"computed {res.computed_text} ({diff})"
    )


def iter_messages(problems: Iterable[Problem]) -> list[str]:
    return [str(p) for p in problems]
