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
from briefing_app.model.csvtext import Shape, check_encoding, check_shape, decode_text
from briefing_app.model.fields import convert_field, report_rows, short_cell
from briefing_app.model.i18n import Message, msg, nmsg
from briefing_app.model.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_LISTED,
    MAX_SERIES_ROWS,
)
from briefing_app.model.problems import Problem
from briefing_app.model.reasons import csv_reason
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


_NOT_BLANK = re.compile(rb"\S")


@dataclass
class TableResult:
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    #: the cells of the fields named in read_table's *keep_text*, as written (stripped)
    text: dict[str, pd.Series] = field(default_factory=dict)


#: the table a size limit is about, when no name is given
THIS_TABLE = msg("this table")


def read_table(
    data: bytes,
    file: str,
    schema: dict[str, Any],
    delimiter: str = ",",
    keep_text: tuple[str, ...] = (),
    max_rows: int = MAX_SERIES_ROWS,
    max_cells: int = MAX_CELLS,
    what: str = THIS_TABLE,
    cells_words: str | None = None,
) -> TableResult:
    """Parse *data* (CSV bytes) with *schema*; return the typed frame and problems.

    The frame is None when the file cannot be read as a table of the schema's
    columns; otherwise it holds every row, with bad cells as missing values.  A table
    of more than *max_rows* data rows or *max_cells* cells is refused; *what* names it
    in the message ("a sources table"), and *cells_words* the cell limit, when it is
    not one table's.
    """
    start, problems = check_encoding(data, file)
    if start is None:
        return TableResult(None, problems)
    bad_schema = schema_problems(schema, (spec.ID_PATTERN, spec.IDS_PATTERN, spec.LANGUAGE_PATTERN))
    if bad_schema:  # the loader reports these with their place in datapackage.json
        for where, text in bad_schema:
            problems.append(
                Problem(
                    file,
                    msg("its schema is not usable: {where}: {reason}", where=where, reason=text),
                )
            )
        return TableResult(None, problems)
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if _NOT_BLANK.search(data, start) is None:
        problems.append(Problem(file, msg("file is empty (no header row)")))
        return TableResult(None, problems)
    max_records = min(max_rows, max_cells // max(1, len(names)))
    shape = check_shape(data, start, file, delimiter, max_records)
    header = [h.strip() for h in shape.header]
    if len(header) > MAX_COLUMNS:
        problems.append(
            Problem(
                file,
                nmsg(
                    "the header has {count} column; a table may have at most {limit}",
                    "the header has {count} columns; a table may have at most {limit}",
                    len(header),
                    count=len(header),
                    limit=MAX_COLUMNS,
                ),
                row=1,
            )
        )
        return TableResult(None, problems)
    if header and not _header_ok(header, names, file, delimiter, problems):
        return TableResult(None, problems)
    problems.extend(shape.problems)
    _report_long_cells(shape, header, file, problems)
    if shape.too_many:
        problems.append(
            Problem(file, _too_many(max_records, max_rows, max_cells, what, cells_words))
        )
    if shape.problems or shape.long_cells or shape.too_many or not header:
        return TableResult(None, problems)

    try:
        raw = pd.read_csv(
            io.BytesIO(data),  # shares the bytes
            encoding="utf-8-sig",
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            sep=delimiter,
            skip_blank_lines=False,
            # the C engine takes one-byte delimiters; the csv module any character
            engine="c" if len(delimiter.encode("utf-8")) == 1 else "python",
            nrows=shape.records if shape.complete else None,
        )
    except (pd.errors.ParserError, ValueError, csv.Error, MemoryError) as exc:
        reason = str(exc).strip().replace("\n", " ")
        m = re.search(r"line (\d+)", reason)
        problems.append(
            Problem(
                file,
                msg("the file is not valid CSV ({reason})", reason=csv_reason(exc)),
                row=int(m.group(1)) if m else None,
            )
        )
        return TableResult(None, problems)
    raw.columns = header
    if shape.complete and len(raw) < shape.records:  # pragma: no cover - they agree
        problems.append(Problem(file, msg("the file is not valid CSV (rows could not be counted)")))
        return TableResult(None, problems)
    raw = raw.reset_index(drop=True)

    missing_values = set(schema.get("missingValues", [""]))
    out: dict[str, Any] = {}
    for f in fields:
        name = f["name"]
        out[name] = convert_field(raw[name], f, file, missing_values, problems)
    text = {name: raw[name].str.strip() for name in keep_text if name in names}
    del raw  # the cells as text; the typed columns below are all that is kept
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(next(iter(out.values())))))

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
    return TableResult(frame, problems, text)


def _too_many(
    max_records: int, max_rows: int, max_cells: int, what: str, cells_words: str | None
) -> Message:
    if max_records < max_rows:
        words = cells_words or msg("at most {limit} cells are read from one table", limit=max_cells)
        return nmsg(
            "the table has more than {n} row of its columns; {words}",
            "the table has more than {n} rows of its columns; {words}",
            max_records,
            n=max_records,
            words=words,
        )
    return nmsg(
        "the table has more than {n} row; {what} may have at most {n}",
        "the table has more than {n} rows; {what} may have at most {n}",
        max_rows,
        n=max_rows,
        what=what,
    )


def _report_long_cells(shape: Shape, header: list[str], file: str, problems: list[Problem]) -> None:
    for row, k, chars in shape.long_cells[:MAX_LISTED]:
        name = short_cell(header[k]) if k < len(header) else f"column {k + 1}"
        problems.append(
            Problem(
                file,
                nmsg(
                    "text is {n} character; the limit is {limit}",
                    "text is {n} characters; the limit is {limit}",
                    chars,
                    n=chars,
                    limit=MAX_CELL_CHARS,
                ),
                row=row,
                field=name,
            )
        )
    if shape.n_long_cells > MAX_LISTED:
        row = shape.long_cells[MAX_LISTED][0]
        more = shape.n_long_cells - MAX_LISTED
        problems.append(
            Problem(
                file,
                nmsg(
                    "{more} more cell longer than {limit} characters",
                    "{more} more cells longer than {limit} characters",
                    more,
                    more=more,
                    limit=MAX_CELL_CHARS,
                ),
                row=row,
            )
        )


def _header_ok(
    header: list[str], names: list[str], file: str, delimiter: str, problems: list[Problem]
) -> bool:
    if len(header) == 1 and len(names) > 1:
        for other, word in (
            (";", msg("semicolons")),
            ("\t", msg("tabs")),
            ("|", msg("bars")),
        ):
            if other != delimiter and other in header[0]:
                problems.append(
                    Problem(
                        file,
                        msg(
                            "the header has one column, {header}: the cells seem to be "
                            "separated by {word}, but this table uses {delimiter} (save it with "
                            "commas, or declare the dialect's delimiter)",
                            header=repr(short_cell(header[0])),
                            word=word,
                            delimiter=msg("commas") if delimiter == "," else repr(delimiter),
                        ),
                        row=1,
                    )
                )
                return False
    present = set(header)
    missing = [n for n in names if n not in present]
    for n in missing[:MAX_LISTED]:
        problems.append(Problem(file, msg("column is missing from the header"), row=1, field=n))
    if len(missing) > MAX_LISTED:
        problems.append(
            Problem(
                file,
                nmsg(
                    "{count} more column is missing",
                    "{count} more columns are missing",
                    len(missing) - MAX_LISTED,
                    count=len(missing) - MAX_LISTED,
                ),
                row=1,
            )
        )
    ok = not missing
    known = set(names)
    odd = [(k, h) for k, h in enumerate(header, start=1) if not h or h not in known]
    for k, h in odd[:MAX_LISTED]:
        if not h:
            problems.append(
                Problem(
                    file,
                    msg("column {index} has no name in the header", index=k),
                    row=1,
                    field=f"column {k}",
                )
            )
        else:
            problems.append(
                Problem(
                    file,
                    msg(
                        "column is not in the table's schema; remove it or add it to the schema "
                        "in datapackage.json"
                    ),
                    row=1,
                    field=short_cell(h),
                )
            )
    if len(odd) > MAX_LISTED:
        problems.append(
            Problem(
                file,
                nmsg(
                    "{count} more column not in the schema",
                    "{count} more columns not in the schema",
                    len(odd) - MAX_LISTED,
                    count=len(odd) - MAX_LISTED,
                ),
                row=1,
            )
        )
    counts = Counter(h for h in header if h)
    dup = sorted(h for h, c in counts.items() if c > 1)
    if dup:
        shown = ", ".join(short_cell(h) for h in dup[:MAX_LISTED])
        text = (
            msg("column names appear more than once: {names}", names=shown)
            if len(dup) <= MAX_LISTED
            else nmsg(
                "column names appear more than once: {names} and {n} more",
                "column names appear more than once: {names} and {n} more",
                len(dup) - MAX_LISTED,
                names=shown,
                n=len(dup) - MAX_LISTED,
            )
        )
        problems.append(Problem(file, text, row=1))
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

    def message(i: int) -> Message:
        row = str(first_rows[keys[i]] + 2)  # a row's number, not an amount
        if len(pk) == 1:
            return msg(
                "duplicate identifier {value} (first at row {row})", value=repr(keys[i][0]), row=row
            )
        pairs = [f"{n} {v!r}" for n, v in zip(pk, keys[i], strict=True)]
        return msg(
            "duplicate row: {first} and {last} already appear together at row {row}",
            first=", ".join(pairs[:-1]),
            last=pairs[-1],
            row=row,
        )

    report_rows(problems, file, ",".join(pk), dup, message)
