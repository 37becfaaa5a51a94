"""Read the package's resources: resolve each one's Table Schema and read its CSV file.

A resource of a known name (``spec.SCHEMAS``) is read with the format's own schema:
the package may declare more fields or constraints, never fewer or other types.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from briefing_app.model import spec
from briefing_app.model.context import LoadContext
from briefing_app.model.i18n import Message, msg, nmsg
from briefing_app.model.jsonio import read_json
from briefing_app.model.layers import is_layer, read_layer, read_licences
from briefing_app.model.limits import MAX_CELLS, MAX_RESOURCES, MAX_TOTAL_CELLS, max_rows
from briefing_app.model.problems import PackageError
from briefing_app.model.published import decimals_list
from briefing_app.model.storage import DESCRIPTOR, PackageStorage, check_relative_path
from briefing_app.model.tables import read_table
from briefing_app.model.tableschema import schema_problems

__all__ = ["MAX_RESOURCES", "read_resources", "resource_schema"]


def read_resources(
    ctx: LoadContext, storage: PackageStorage, res: Any
) -> dict[str, pd.DataFrame] | None:
    """The tables of the resources listed in *res*, by resource name.

    None when there is nothing to build a briefing from: no resources, or errors and
    a required table missing.  A resource that fails stays in ``ctx.failed``.
    """
    if not isinstance(res, list) or not res:
        ctx.err(msg("the package lists no resources"), "resources")
        return None
    if len(res) > MAX_RESOURCES:
        ctx.err(
            nmsg(
                "{count} resource; at most {limit} are read",
                "{count} resources; at most {limit} are read",
                len(res),
                count=len(res),
                limit=MAX_RESOURCES,
            ),
            "resources",
        )
        return None
    tables: dict[str, pd.DataFrame] = {}
    seen: set[str] = set()
    cells = 0  # in the tables read so far
    for i, r in enumerate(res):
        where = f"resources[{i}]"
        if not isinstance(r, dict):
            ctx.err(msg("must be an object"), where)
            continue
        name = r.get("name")
        if not isinstance(name, str) or not name:
            ctx.err(msg("resource needs a name"), f"{where}.name")
            continue
        if name in seen:
            ctx.err(msg("duplicate resource name {name}", name=repr(name)), f"{where}.name")
            continue
        seen.add(name)
        # until it has loaded; a missing table's ids are not reported as unknown
        ctx.failed.add(name)
        if "data" in r and "path" not in r:
            ctx.err(msg("inline data is not supported: give a CSV file path"), f"{where}.data")
            continue
        try:
            rpath = check_relative_path(r.get("path"), DESCRIPTOR, f"{where}.path")
        except PackageError as exc:
            ctx.problems.append(exc.problem)
            continue
        if is_layer(r, rpath):  # a map layer, not a table (layers.py)
            if name in spec.SCHEMAS:
                ctx.err(
                    msg(
                        "{name} names one of the briefing's tables, not a map layer",
                        name=repr(name),
                    ),
                    f"{where}.name",
                )
            else:
                read_layer(ctx, storage, r, name, where, rpath)
            continue
        schema = resource_schema(ctx, storage, r, name, where)
        if schema is None:
            continue
        fmt = str(r.get("format", "csv")).lower()
        if fmt != "csv" and not rpath.lower().endswith(".csv"):
            ctx.err(
                msg("format {format} is not supported: resources are CSV", format=repr(fmt)),
                f"{where}.format",
            )
            continue
        enc = str(r.get("encoding", "utf-8")).lower().replace("_", "-")
        if enc not in ("utf-8", "utf8", "utf-8-sig"):
            ctx.err(
                msg("encoding {encoding} is not supported: use UTF-8", encoding=repr(enc)),
                f"{where}.encoding",
            )
            continue
        delim = ","
        dialect = r.get("dialect")
        if isinstance(dialect, dict) and "delimiter" in dialect:
            d = dialect["delimiter"]
            if isinstance(d, str) and len(d) == 1 and d not in '"\r\n\x00' and not _surrogate(d):
                delim = d  # any one character: ',', ';', a tab, '¦', ...
            else:
                ctx.err(
                    msg("delimiter must be one character (not a quote or a line break)"),
                    f"{where}.dialect.delimiter",
                )
                continue
        try:
            data = storage.read(rpath)
        except PackageError as exc:
            ctx.problems.append(exc.problem)
            continue
        ctx.hash.update(rpath.encode() + b"\0")
        ctx.hash.update(data)  # not concatenated: that would copy the file
        keep = spec.PUBLISHED_DECIMALS.get(name, ())
        result = read_table(
            data,
            rpath,
            schema,
            delimiter=delim,
            keep_text=keep,
            max_rows=max_rows(name),
            max_cells=min(MAX_CELLS, MAX_TOTAL_CELLS - cells),
            cells_words=None if MAX_TOTAL_CELLS - cells >= MAX_CELLS else _TOTAL_WORDS,
            what=_table_words(name) if name in spec.SCHEMAS else msg("a series table"),
        )
        del data  # its bytes are freed before the next file is read
        ctx.problems.extend(result.problems)
        if result.frame is not None:
            cells += result.frame.size
            for text in result.text.values():  # "16.0" is shown as 16.0
                result.frame["decimals"] = decimals_list(text)
            tables[name] = result.frame
            ctx.file_of[name] = rpath
            if name == "places" and "licenses" in r:  # credited on the maps that use it
                ctx.place_licences = read_licences(ctx, storage, r["licenses"], f"{where}.licenses")
            ctx.failed.discard(name)
    for req in spec.REQUIRED_RESOURCES:
        if req not in seen:
            ctx.err(msg("required resource {name} is missing", name=repr(req)), "resources")
    if ctx.has_errors():
        return tables if all(r in tables for r in spec.REQUIRED_RESOURCES) else None
    return tables


def _table_words(name: str) -> Message:
    """'a sources table', 'an observations table' (in Ukrainian, one form for both)."""
    if name[:1] in "aeiou":
        return msg("an {name} table", name=name)
    return msg("a {name} table", name=name)


_TOTAL_WORDS = msg("at most {limit} cells are read from all tables together", limit=MAX_TOTAL_CELLS)


def _surrogate(c: str) -> bool:
    """A lone surrogate, which JSON can write and UTF-8 cannot."""
    return 0xD800 <= ord(c) <= 0xDFFF


def resource_schema(
    ctx: LoadContext, storage: PackageStorage, r: dict, name: str, where: str
) -> dict | None:
    """The Table Schema to read resource *r* with, or None (problems reported)."""
    schema = r.get("schema")
    if isinstance(schema, str):
        try:
            spath = check_relative_path(schema, DESCRIPTOR, f"{where}.schema")
            raw = storage.read(spath, limit=ctx.limits.descriptor)
        except PackageError as exc:
            ctx.problems.append(exc.problem)
            return None
        schema, problems = read_json(raw, spath)
        ctx.problems.extend(problems)
        if schema is None:
            return None
    canonical = spec.SCHEMAS.get(name)
    if schema is None:
        if canonical is None:
            ctx.err(
                msg("resource needs a Table Schema (its fields and their types)"), f"{where}.schema"
            )
            return None
        return spec.schema_for(name)
    # the format's own patterns are known to be quick (each repetition starts unambiguously)
    bad = schema_problems(schema, (spec.ID_PATTERN, spec.IDS_PATTERN, spec.LANGUAGE_PATTERN))
    for loc, text in bad:
        ctx.err(text, f"{where}.schema.{loc}" if loc else f"{where}.schema")
    if bad:
        return None
    if canonical is not None:
        schema = _with_canonical(ctx, schema, canonical, name, where)
        if schema is None:
            return None
    schema.setdefault("missingValues", list(spec.MISSING_VALUES))
    return schema


def _with_canonical(
    ctx: LoadContext, schema: dict, canonical: dict, name: str, where: str
) -> dict | None:
    """*schema* checked against the format's schema of *name*, with its constraints added."""
    ok = True
    declared = {f["name"]: (j, f) for j, f in enumerate(schema["fields"])}
    for cf in canonical["fields"]:
        j, df = declared.get(cf["name"], (None, None))
        if df is None:
            ctx.err(
                msg(
                    "field {field} is missing from the schema of {name}",
                    field=repr(cf["name"]),
                    name=repr(name),
                ),
                f"{where}.schema.fields",
            )
            ok = False
        elif df.get("type", "string") != cf["type"]:
            ctx.err(
                msg(
                    "field {field} must have type {type}, not {declared}",
                    field=repr(cf["name"]),
                    type=repr(cf["type"]),
                    declared=repr(df.get("type", "string")),
                ),
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
    return merged
