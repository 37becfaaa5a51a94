"""Read a CSV resource into a typed pandas frame, as its Table Schema says.

This module reads the file: its text, its records and header, the primary key.
Each column's cells are converted and checked by ``fields.py``; the schema itself
is checked by ``tableschema.py``.

Rows are CSV records counted with the header as row 1, as Frictionless counts
them: a record with more or fewer cells than the header, or a blank record
between data rows, is an error; blank lines at the very end are ignored.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from briefing_app.model import spec
from briefing_app.model.fields import convert_field, report_rows, short_cell
from briefing_app.model.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_LISTED
from briefing_app.model.problems import Problem, Severity
from briefing_app.model.tableschema import schema_problems

# imported from here by the loader's parts and the tests
__all__ = [
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "TableResult",
    "decode_text",
    "read_table",
    "schema_problems",
]


@dataclass
class TableResult:
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    #: the cells of the fields named in read_table's *keep_text*, as written (stripped)
    text: dict[str, pd.Series] = field(default_factory=dict)


# -- text -----------------------------------------------------------------------


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a byte-order mark is accepted with a warning).

    Returns (None, problems) for text that is not UTF-8 or holds NUL characters.
    """
    problems: list[Problem] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(file, "the file is saved as UTF-16; save it as UTF-8"))
        return None, problems
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        problems.append(
            Problem(
                file,
                "starts with a UTF-8 byte-order mark; it was ignored",
                severity=Severity.WARNING,
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                file,
                f"the file is not valid UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}); "
                "it may have been saved as Latin-1 or Windows-1252: save it as UTF-8",
                row=line,
            )
        )
        return None, problems
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        problems.append(
            Problem(
                file,
                f"the file contains a NUL character on line {line}: it is not a text file",
                row=line,
            )
        )
        return None, problems
    return text, problems


# -- reading ------------------------------------------------------------------------


@dataclass
class _Shape:
    header: list[str]
    #: number of data records, blank lines at the end not counted
    records: int
    problems: list[Problem]
    #: False when the structure could not be checked to the end
    complete: bool = True


def _check_shape(text: str, file: str, delimiter: str) -> _Shape | None:
    """Read the header and count the cells of every record, without keeping them."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem(file, f"cannot read the header row: {exc}", row=1))
        return _Shape([], 0, problems, complete=False)
    if header is None:
        return None
    n = len(header)
    # only the first few of each kind are kept: a hostile file may have millions
    keep = MAX_LISTED + 1
    wrong: list[tuple[int, int, bool]] = []
    n_wrong = 0
    inner_blanks: list[int] = []  # blank records between data records
    n_inner_blanks = 0
    pending: list[int] = []  # blank records since the last data record
    n_pending = 0
    last_data = 1  # record number of the last non-blank record
    row = 1
    complete = True
    try:
        for row, rec in enumerate(reader, start=2):
            if not rec:
                n_pending += 1
                if len(pending) < keep:
                    pending.append(row)
                continue
            if n_pending:
                inner_blanks.extend(pending[: keep - len(inner_blanks)])
                n_inner_blanks += n_pending
                pending, n_pending = [], 0
            last_data = row
            if len(rec) != n:
                n_wrong += 1
                if len(wrong) < keep:
                    wrong.append((row, len(rec), any("\n" in c or "\r" in c for c in rec)))
    except csv.Error as exc:
        msg = str(exc)
        row += 1
        if "field larger than field limit" in msg:
            # a cell far over MAX_CELL_CHARS: reading the typed cells reports it
            complete = False
        elif "end of data" in msg or "EOF" in msg:
            problems.append(
                Problem(
                    file,
                    "a quoted cell is never closed (a '\"' is missing); "
                    "the rest of the file was read as one cell",
                    row=row,
                )
            )
        else:
            problems.append(Problem(file, f"the file is not valid CSV: {msg}", row=row))
    for r, k, multiline in wrong[:MAX_LISTED]:
        hint = " (a quoted cell may be missing its closing '\"')" if multiline else ""
        problems.append(
            Problem(
                file,
                f"row has {k} cell{'s' if k != 1 else ''}; the header has {n}{hint}",
                row=r,
            )
        )
    if n_wrong > MAX_LISTED:
        problems.append(
            Problem(
                file,
                f"{n_wrong - MAX_LISTED:,} more rows with the wrong number of cells",
                row=wrong[MAX_LISTED][0],
            )
        )
    for r in inner_blanks[:MAX_LISTED]:
        problems.append(Problem(file, "row is blank; remove it", row=r))
    if n_inner_blanks > MAX_LISTED:
        problems.append(
            Problem(
                file,
                f"{n_inner_blanks - MAX_LISTED:,} more blank rows",
                row=inner_blanks[MAX_LISTED],
            )
        )
    return _Shape(header, last_data - 1, problems, complete)


def read_table(
    data: bytes,
    file: str,
    schema: dict[str, Any],
    delimiter: str = ",",
    keep_text: tuple[str, ...] = (),
) -> TableResult:
    """Parse *data* (CSV bytes) with *schema*; return the typed frame and problems.

    The frame is None when the file cannot be read as a table of the schema's
    columns; otherwise it holds every row, with bad cells as missing values.
    """
    text, problems = decode_text(data, file)
    if text is None:
        return TableResult(None, problems)
    bad_schema = schema_problems(schema, (spec.ID_PATTERN, spec.IDS_PATTERN))
    if bad_schema:  # the loader reports these with their place in datapackage.json
        for where, msg in bad_schema:
            problems.append(Problem(file, f"its schema is not usable: {where}: {msg}"))
        return TableResult(None, problems)
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if not text.strip():
        problems.append(Problem(file, "file is empty (no header row)"))
        return TableResult(None, problems)
    shape = _check_shape(text, file, delimiter)
    if shape is None:  # pragma: no cover - text is not blank, so there is a record
        problems.append(Problem(file, "file is empty (no header row)"))
        return TableResult(None, problems)
    header = [h.strip() for h in shape.header]
    if not _header_ok(header, names, file, delimiter, problems):
        return TableResult(None, problems)
    problems.extend(shape.problems)
    if shape.problems:
        return TableResult(None, problems)
    if shape.records * len(header) > MAX_CELLS:
        problems.append(
            Problem(
                file,
                f"the table has {shape.records:,} rows of {len(header)} columns; "
                f"at most {MAX_CELLS:,} cells are read",
            )
        )
        return TableResult(None, problems)

    try:
        raw = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            sep=delimiter,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError, csv.Error, MemoryError) as exc:
        msg = str(exc).strip().replace("\n", " ")
        m = re.search(r"line (\d+)", msg)
        problems.append(
            Problem(file, f"the file is not valid CSV ({msg})", row=int(m.group(1)) if m else None)
        )
        return TableResult(None, problems)
    raw.columns = header
    if shape.complete:
        if len(raw) < shape.records:  # pragma: no cover - the csv module and pandas agree
            problems.append(Problem(file, "the file is not valid CSV (rows could not be counted)"))
            return TableResult(None, problems)
        raw = raw.iloc[: shape.records]  # blank lines at the end
    raw = raw.reset_index(drop=True)

    missing_values = set(schema.get("missingValues", [""]))
    out: dict[str, Any] = {}
    for f in fields:
        name = f["name"]
        out[name] = convert_field(raw[name], f, file, missing_values, problems)
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(raw)))

    pk = schema.get("primaryKey")
    if isinstance(pk, str):
        pk = [pk]
    single_unique = (
        pk
        and len(pk) == 1
        and ((next(f for f in fields if f["name"] == pk[0]).get("constraints") or {}).get("unique"))
    )
    if pk and not single_unique:
        _check_primary_key(frame, pk, file, problems)
    text = {name: raw[name].str.strip() for name in keep_text if name in names}
    return TableResult(frame, problems, text)


def _header_ok(
    header: list[str], names: list[str], file: str, delimiter: str, problems: list[Problem]
) -> bool:
    if len(header) == 1 and len(names) > 1:
        for other, word in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if other != delimiter and other in header[0]:
                problems.append(
                    Problem(
                        file,
                        f"the header has one column, {short_cell(header[0])!r}: the cells seem to "
                        f"be separated by {word}, but this table uses "
                        f"{'commas' if delimiter == ',' else repr(delimiter)} "
                        "(save it with commas, or declare the dialect's delimiter)",
                        row=1,
                    )
                )
                return False
    present = set(header)
    missing = [n for n in names if n not in present]
    for n in missing[:MAX_LISTED]:
        problems.append(Problem(file, "column is missing from the header", row=1, field=n))
    if len(missing) > MAX_LISTED:
        problems.append(
            Problem(file, f"{len(missing) - MAX_LISTED:,} more columns are missing", row=1)
        )
    ok = not missing
    known = set(names)
    odd = [(k, h) for k, h in enumerate(header, start=1) if not h or h not in known]
    for k, h in odd[:MAX_LISTED]:
        if not h:
            problems.append(
                Problem(file, f"column {k} has no name in the header", row=1, field=f"column {k}")
            )
        else:
            problems.append(
                Problem(
                    file,
                    "column is not in the table's schema; remove it or add it to the schema "
                    "in datapackage.json",
                    row=1,
                    field=short_cell(h),
                )
            )
    if len(odd) > MAX_LISTED:
        problems.append(
            Problem(file, f"{len(odd) - MAX_LISTED:,} more columns not in the schema", row=1)
        )
    counts = Counter(h for h in header if h)
    dup = sorted(h for h, c in counts.items() if c > 1)
    if dup:
        shown = ", ".join(short_cell(h) for h in dup[:MAX_LISTED])
        more = f" and {len(dup) - MAX_LISTED:,} more" if len(dup) > MAX_LISTED else ""
        problems.append(Problem(file, f"column names appear more than once: {shown}{more}", row=1))
    return ok and not odd and not dup


def _check_primary_key(
    frame: pd.DataFrame, pk: list[str], file: str, problems: list[Problem]
) -> None:
    sub = frame[pk]
    present = sub.notna().all(axis=1).to_numpy()
    dup = (sub.duplicated(keep="first").to_numpy()) & present
    if not dup.any():
        return
    keys = [tuple(r) for r in sub.astype(str).itertuples(index=False, name=None)]
    first_rows: dict[tuple, int] = {}
    for i, k in enumerate(keys):
        first_rows.setdefault(k, i)

    def message(i: int) -> str:
        if len(pk) == 1:
            return f"duplicate identifier {keys[i][0]!r} (first at row {first_rows[keys[i]] + 2})"
        together = " and ".join(f"{n} {v!r}" for n, v in zip(pk, keys[i], strict=True))
        return f"duplicate row: {together} already appear together at row {first_rows[keys[i]] + 2}"

    report_rows(problems, file, ",".join(pk), dup, message)
