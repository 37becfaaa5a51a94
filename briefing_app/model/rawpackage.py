"""A package as it is written: its descriptor and the text of every cell of its tables.

The loader turns cells into typed values (``16.0`` becomes the number 16 and the decimals
1); a spreadsheet of the package must give back the text exactly, so `read_raw_package`
reads the files again through the same storage (no links out, size limits, zips read in
place), parsing nothing but JSON and CSV.  Meant for a package that validates: a table
that cannot be read is a `PackageError`, not a list of problems.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from briefing_app.model import spec
from briefing_app.model.csvtext import decode_text
from briefing_app.model.i18n import msg
from briefing_app.model.jsonio import read_json
from briefing_app.model.layers import is_layer
from briefing_app.model.problems import PackageError, Problem
from briefing_app.model.reasons import csv_reason
from briefing_app.model.storage import (
    DEFAULT_LIMITS,
    DESCRIPTOR,
    Limits,
    check_relative_path,
    open_storage,
)


@dataclass
class RawTable:
    """One resource's table: its header and rows, each cell's text as written.

    Read with ``read_raw_package(..., rows=False)``, a table keeps its file's text
    instead of its rows (`rows` is empty) and `iter_rows` reads them one at a time: the
    rows of a million-row table as lists of strings were ~400 MB."""

    name: str
    path: str
    #: the Table Schema's field types by field name ("string" when not given)
    types: dict[str, str]
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    #: the file's text, when its rows are read by `iter_rows` as they are needed
    text: str | None = None
    delimiter: str = ","

    def iter_rows(self) -> Iterator[list[str]]:
        """The rows after the header, as `rows` holds them (blank lines at the end are no
        rows; blank lines between rows are empty rows)."""
        if self.text is None:
            yield from self.rows
            return
        records = csv.reader(text_lines(self.text), delimiter=self.delimiter)
        next(records, None)  # the header
        blank = 0  # blank lines held back until a row follows them
        for record in records:
            if not record:
                blank += 1
                continue
            for _ in range(blank):
                yield []
            blank = 0
            yield record


@dataclass
class RawFile:
    """A file of the package that is not a table: a map layer, a licence's text."""

    path: str
    data: bytes


@dataclass
class RawPackage:
    """The descriptor (a schema kept in a file of its own put inline), the tables, and
    the other files the descriptor names (map layers, licence texts), byte for byte."""

    descriptor: dict[str, Any]
    tables: list[RawTable]
    location: str = ""
    files: list[RawFile] = field(default_factory=list)


def read_raw_package(
    path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS, *, rows: bool = True
) -> RawPackage:
    """The descriptor and the cells of every table of the package at *path*; without
    *rows*, each table's text, its rows read by `RawTable.iter_rows` when wanted."""
    storage = open_storage(path, limits)
    try:
        name = getattr(storage, "descriptor_name", DESCRIPTOR)
        desc = _json(storage.read(name, limit=limits.descriptor), name)
        if not isinstance(desc, dict):
            raise PackageError(Problem(name, msg("is not a JSON object")))
        tables = []
        files: dict[str, RawFile] = {}
        resources = desc.get("resources")
        for i, r in enumerate(resources if isinstance(resources, list) else []):
            if not isinstance(r, dict):
                continue
            where = f"resources[{i}]"
            rname = str(r.get("name", ""))
            schema = r.get("schema")
            if isinstance(schema, str):  # a schema file: put inline
                spath = check_relative_path(schema, DESCRIPTOR, f"{where}.schema")
                r["schema"] = schema = _json(storage.read(spath, limit=limits.descriptor), spath)
            if not isinstance(schema, dict):
                schema = spec.schema_for(rname) if rname in spec.SCHEMAS else {"fields": []}
            types = {
                str(f.get("name")): str(f.get("type", "string"))
                for f in schema.get("fields", [])
                if isinstance(f, dict)
            }
            rpath = check_relative_path(r.get("path"), DESCRIPTOR, f"{where}.path")
            if is_layer(r, rpath):  # a map layer is a file, not a table
                files.setdefault(rpath, RawFile(rpath, storage.read(rpath)))
                continue
            dialect = r.get("dialect")
            delimiter = dialect.get("delimiter", ",") if isinstance(dialect, dict) else ","
            data = storage.read(rpath)
            if rows:
                header, records = _csv(data, rpath, str(delimiter))
                tables.append(RawTable(rname, rpath, types, header, records))
            else:
                header, text = _csv_text(data, rpath, str(delimiter))
                tables.append(RawTable(rname, rpath, types, header, text=text, delimiter=delimiter))
        for where, licence in _licences(desc):
            lpath = licence.get("path")
            if isinstance(lpath, str) and lpath and not _is_address(lpath):
                lpath = check_relative_path(lpath, DESCRIPTOR, f"{where}.path")
                files.setdefault(lpath, RawFile(lpath, storage.read(lpath)))
        return RawPackage(desc, tables, str(path), list(files.values()))
    finally:
        storage.close()


def _licences(desc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(where, licence) of every licence of the package and of its resources."""
    out = []
    for i, lic in enumerate(desc.get("licenses") or []):
        if isinstance(lic, dict):
            out.append((f"licenses[{i}]", lic))
    for k, r in enumerate(desc.get("resources") or []):
        for i, lic in enumerate(r.get("licenses") or [] if isinstance(r, dict) else []):
            if isinstance(lic, dict):
                out.append((f"resources[{k}].licenses[{i}]", lic))
    return out


def _is_address(path: str) -> bool:
    return "://" in path


def _json(data: bytes, file: str) -> Any:
    value, problems = read_json(data, file)
    if value is None:
        raise PackageError(problems[0] if problems else Problem(file, msg("is not JSON")))
    return value


def _csv(data: bytes, file: str, delimiter: str) -> tuple[list[str], list[list[str]]]:
    text, problems = decode_text(data, file)
    if text is None:
        raise PackageError(problems[0])
    try:
        records = list(csv.reader(text_lines(text), delimiter=delimiter))
    except csv.Error as exc:
        raise PackageError(
            Problem(file, msg("the file is not valid CSV ({reason})", reason=csv_reason(exc)))
        ) from None
    while records and not records[-1]:  # blank lines at the end are no rows
        records.pop()
    if not records:
        raise PackageError(Problem(file, msg("file is empty (no header row)")))
    return records[0], records[1:]


#: characters of a text read into a line reader at a time (`text_lines`)
LINES_AT_A_TIME = 1 << 20


def text_lines(text: str) -> Iterator[str]:
    """The lines of *text* as ``io.StringIO(text, newline="")`` gives them (each with its
    ending, \\n, \\r\\n or \\r, as written), read a part of the text at a time: a
    StringIO holds its text at four bytes a character, and a 64 MB table took 256 MB."""
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + LINES_AT_A_TIME)
        if end < n:  # a part ends at the end of a line: the first line end from `end`
            cut = _line_end(text, end, end + LINES_AT_A_TIME)
            if cut < 0:
                cut = _line_end(text, end, n)
            if cut < 0:
                end = n
            else:
                end = cut + 1
                if text[cut] == "\r" and text[end : end + 1] == "\n":
                    end += 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _line_end(text: str, start: int, stop: int) -> int:
    """The first \\n or \\r of *text* in [start, stop), or -1."""
    found = [i for i in (text.find("\n", start, stop), text.find("\r", start, stop)) if i >= 0]
    return min(found, default=-1)


def _csv_text(data: bytes, file: str, delimiter: str) -> tuple[list[str], str]:
    """The header of a CSV file and its text, every row checked to be valid CSV (one
    pass, nothing kept) so that a table that cannot be read is refused before use."""
    text, problems = decode_text(data, file)
    if text is None:
        raise PackageError(problems[0])
    header: list[str] | None = None
    written = False  # any line that is not blank
    try:
        for record in csv.reader(text_lines(text), delimiter=delimiter):
            if header is None:
                header = record
            written = written or bool(record)
    except csv.Error as exc:
        raise PackageError(
            Problem(file, msg("the file is not valid CSV ({reason})", reason=csv_reason(exc)))
        ) from None
    if header is None or not written:
        raise PackageError(Problem(file, msg("file is empty (no header row)")))
    return header, text


def csv_bytes(header: list[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    """A table as CSV, the way the bundled package is written: UTF-8, cells quoted only
    when they need it, lines ending in a line feed."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def descriptor_bytes(desc: dict[str, Any]) -> bytes:
    """A descriptor as JSON, the way the bundled package is written (two-space indent,
    characters as themselves, a final line break)."""
    import json

    return (json.dumps(desc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
