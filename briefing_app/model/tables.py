"""Read a CSV resource into a typed pandas frame, as its Table Schema says.

This is the one place where cell text becomes typed values.  Cells are read as
text (``keep_default_na=False``: the text "NA" stays "NA"); only the schema's
``missingValues`` count as missing.  Every bad cell is reported with its row and
field, vectorised so that a million-row series still loads in a second or two.

Rows are CSV records counted with the header as row 1, as Frictionless counts
them: a record with more or fewer cells than the header, or a blank record
between data rows, is an error; blank lines at the very end are ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from briefing_app.model import spec
from briefing_app.model.problems import Problem, Severity

#: How many bad cells of one field and kind are listed before summarising.
MAX_LISTED = 10
#: Longest text a cell may hold (a quote of a million characters is refused).
MAX_CELL_CHARS = 20_000
#: Most cells one table may have (rows × columns), to bound the memory a table takes.
MAX_CELLS = 10_000_000
#: Integers beyond this lose precision as floating point numbers.
MAX_EXACT_INTEGER = 2**53 - 1

SUPPORTED_TYPES = ("string", "number", "integer", "date", "datetime", "boolean", "year", "any")
NUMERIC_TYPES = ("number", "integer", "year")
DATE_TYPES = ("date", "datetime")
_TRUE = {"true", "True", "TRUE", "1", "yes"}
_FALSE = {"false", "False", "FALSE", "0", "no"}
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_TYPE_WORDS = {"number": "a number", "integer": "a whole number", "year": "a year"}


@dataclass
class TableResult:
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    #: the cells of the fields named in read_table's *keep_text*, as written (stripped)
    text: dict[str, pd.Series] = field(default_factory=dict)


def _report_rows(
    problems: list[Problem],
    file: str,
    fname: str,
    mask: np.ndarray,
    message: Callable[[int], str],
) -> None:
    """Report the rows where *mask* is true, listing at most MAX_LISTED of them."""
    idx = np.flatnonzero(mask)
    for i in idx[:MAX_LISTED]:
        problems.append(Problem(file, message(int(i)), row=int(i) + 2, field=fname or None))
    if len(idx) > MAX_LISTED:
        problems.append(
            Problem(
                file,
                f"{len(idx) - MAX_LISTED:,} more rows with the same kind of problem",
                row=int(idx[MAX_LISTED]) + 2,
                field=fname or None,
            )
        )


def _short(text: str, n: int = 40) -> str:
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


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


# -- schemas ----------------------------------------------------------------------


def schema_problems(
    schema: Any, known_safe_patterns: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """Check a Table Schema before it is used; return (location, message) pairs.

    Locations are relative to the schema, e.g. ``fields[2].constraints.pattern``.
    Patterns in *known_safe_patterns* skip the check for slow regular expressions.
    """
    out: list[tuple[str, str]] = []
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return [("", "schema must be an object with a list of fields")]
    fields = schema["fields"]
    if not fields:
        out.append(("fields", "the schema lists no fields"))
    names: list[str] = []
    for j, f in enumerate(fields):
        where = f"fields[{j}]"
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
            out.append((where, "each field needs a name"))
            continue
        name = f["name"]
        if name in names:
            out.append((f"{where}.name", f"field name {name!r} appears twice"))
        names.append(name)
        ftype = f.get("type", "string")
        if not isinstance(ftype, str) or ftype not in SUPPORTED_TYPES:
            out.append(
                (
                    f"{where}.type",
                    f"type {_short(str(ftype))!r} is not supported "
                    f"(use one of: {', '.join(SUPPORTED_TYPES)})",
                )
            )
            continue
        cons = f.get("constraints", {})
        if cons is None:
            continue
        if not isinstance(cons, dict):
            out.append((f"{where}.constraints", "constraints must be an object"))
            continue
        out.extend(_constraint_problems(cons, ftype, f"{where}.constraints", known_safe_patterns))
    mv = schema.get("missingValues", [""])
    if not isinstance(mv, list) or not all(isinstance(v, str) for v in mv):
        out.append(("missingValues", 'missingValues must be a list of texts, e.g. [""]'))
    pk = schema.get("primaryKey")
    if pk is not None:
        keys = [pk] if isinstance(pk, str) else pk
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            out.append(("primaryKey", "primaryKey must be a field name or a list of field names"))
        else:
            for k in keys:
                if k not in names:
                    out.append(("primaryKey", f"primaryKey names {k!r}, which is not a field"))
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _is_date(v: Any, ftype: str) -> bool:
    if not isinstance(v, str):
        return False
    if ftype == "date":
        return re.fullmatch(_ISO_DATE, v) is not None and _iso_date_ok(v)
    return not pd.isna(pd.to_datetime(v, format="ISO8601", errors="coerce", utc=True))


def _iso_date_ok(v: str) -> bool:
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return True


def _constraint_problems(
    cons: dict, ftype: str, where: str, safe: tuple[str, ...]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key in ("required", "unique"):
        if key in cons and not isinstance(cons[key], bool):
            out.append((f"{where}.{key}", f"{key} must be true or false"))
    for key in ("minLength", "maxLength"):
        if key in cons:
            v = cons[key]
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                out.append((f"{where}.{key}", f"{key} must be a whole number, 0 or more"))
            elif ftype not in ("string", "any"):
                out.append((f"{where}.{key}", f"{key} applies only to text fields"))
    for key in ("minimum", "maximum"):
        if key not in cons:
            continue
        v = cons[key]
        if ftype in NUMERIC_TYPES:
            if not _is_number(v):
                out.append((f"{where}.{key}", f"{key} must be a number"))
        elif ftype in DATE_TYPES:
            if not _is_date(v, ftype):
                want = "YYYY-MM-DD" if ftype == "date" else "an ISO 8601 date-time"
                out.append((f"{where}.{key}", f"{key} must be a date ({want})"))
        else:
            out.append((f"{where}.{key}", f"{key} applies only to number and date fields"))
    if "enum" in cons:
        v = cons["enum"]
        if not isinstance(v, list) or not v:
            out.append((f"{where}.enum", "enum must be a non-empty list of allowed values"))
        elif ftype in ("string", "any"):
            if not all(isinstance(x, str) for x in v):
                out.append((f"{where}.enum", "enum of a text field must list texts"))
        elif ftype in NUMERIC_TYPES:
            if not all(_is_number(x) for x in v):
                out.append((f"{where}.enum", "enum of a number field must list numbers"))
        elif ftype in DATE_TYPES:
            if not all(_is_date(x, ftype) for x in v):
                out.append((f"{where}.enum", "enum of a date field must list dates"))
        else:
            out.append((f"{where}.enum", f"enum is not supported for {ftype} fields"))
    if "pattern" in cons:
        v = cons["pattern"]
        if not isinstance(v, str):
            out.append((f"{where}.pattern", "pattern must be a regular expression (text)"))
        elif ftype not in ("string", "any"):
            out.append((f"{where}.pattern", "pattern applies only to text fields"))
        else:
            try:
                re.compile(v)
            except (re.error, RecursionError, OverflowError) as exc:
                out.append(
                    (f"{where}.pattern", f"pattern is not a valid regular expression: {exc}")
                )
            else:
                if v not in safe and _slow_pattern(v):
                    out.append(
                        (
                            f"{where}.pattern",
                            "pattern is too complex to check quickly (a repetition inside a "
                            "repetition, or more than two unbounded repetitions); simplify it",
                        )
                    )
    return out


def _slow_pattern(pattern: str) -> bool:
    """True if *pattern* could take very long to check against a hostile cell.

    Refuses a quantified group that itself repeats or has alternatives, e.g.
    ``(a+)+`` or ``(a|aa)*`` (exponential time), and more than two unbounded
    repetitions, e.g. ``.*a.*a.*b`` (polynomial time on a 20,000-character cell).
    Conservative: it also refuses some safe patterns.
    """
    if len(pattern) > 1000:
        return True
    stack: list[bool] = []  # per open group: does its body repeat or branch?
    unbounded = 0
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # skip a character class
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        brace = _BRACE.match(pattern, i)
        if c == "(":
            stack.append(False)
        elif c == ")":
            risky = stack.pop() if stack else False
            nxt = _BRACE.match(pattern, i + 1)
            quantified = i + 1 < n and (pattern[i + 1] in "*+" or nxt is not None)
            if quantified and risky:
                return True
            if stack and (risky or quantified):
                stack[-1] = True
        elif c in "*+|" or brace:
            if c in "*+" or (brace and brace.group(1)):
                unbounded += 1
            if stack:
                stack[-1] = True
        i += 1
    return unbounded > 2


_BRACE = re.compile(r"\{\d*(,)?\d*\}")


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
        out[name] = _convert_field(raw[name], f, file, missing_values, problems)
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
                        f"the header has one column, {_short(header[0])!r}: the cells seem to "
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
                    field=_short(h),
                )
            )
    if len(odd) > MAX_LISTED:
        problems.append(
            Problem(file, f"{len(odd) - MAX_LISTED:,} more columns not in the schema", row=1)
        )
    counts = Counter(h for h in header if h)
    dup = sorted(h for h, c in counts.items() if c > 1)
    if dup:
        shown = ", ".join(_short(h) for h in dup[:MAX_LISTED])
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

    _report_rows(problems, file, ",".join(pk), dup, message)


#: below this many rows a Python set lookup beats pandas' per-call overhead (~50 us)
_SMALL = 5_000


def _isin(values: np.ndarray, allowed: Any) -> np.ndarray:
    """Which of *values* (an object array of str) are in *allowed*, as a bool array."""
    if len(values) < _SMALL:
        return np.fromiter(map(set(allowed).__contains__, values), dtype=bool, count=len(values))
    return pd.Series(values, dtype=object).isin(list(allowed)).to_numpy()


def _convert_field(
    col: pd.Series,
    f: dict[str, Any],
    file: str,
    missing_values: set[str],
    problems: list[Problem],
) -> pd.Series:
    name = f["name"]
    ftype = f.get("type", "string")
    cons = f.get("constraints") or {}
    text = col.astype(str)
    values = text.to_numpy(dtype=object)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    # most schemas treat only the empty cell as missing: the lengths already say which
    is_missing = lengths == 0 if missing_values == {""} else _isin(values, missing_values)
    too_long = lengths > MAX_CELL_CHARS
    if too_long.any():
        _report_rows(
            problems,
            file,
            name,
            too_long,
            lambda i: f"text is {lengths[i]:,} characters; the limit is {MAX_CELL_CHARS:,}",
        )
        text = text.where(~too_long, "")
        is_missing = is_missing | too_long

    if cons.get("required") and is_missing.any():
        _report_rows(problems, file, name, is_missing & ~too_long, lambda i: "a value is required")

    if ftype in ("string", "any"):
        return _convert_text(text, is_missing, lengths, cons, file, name, problems)
    if ftype in NUMERIC_TYPES:
        return _convert_number(text, is_missing, ftype, cons, file, name, problems)
    if ftype in DATE_TYPES:
        return _convert_date(text, is_missing, ftype, cons, file, name, problems)
    if ftype == "boolean":
        t = text.str.strip()
        is_true = t.isin(_TRUE).to_numpy()
        is_false = t.isin(_FALSE).to_numpy()
        bad = ~is_missing & ~is_true & ~is_false
        _report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: f"{_short(text.iat[i])!r} is not true or false",
        )
        return pd.Series(
            np.where(is_true, True, np.where(is_false, False, None)), index=col.index, dtype=object
        )
    # schema_problems refuses other types before a table is read
    problems.append(  # pragma: no cover
        Problem(
            file,
            f"type {ftype!r} is not supported (use one of: {', '.join(SUPPORTED_TYPES)})",
            field=name,
        )
    )
    return text  # pragma: no cover


def _convert_text(
    text: pd.Series,
    is_missing: np.ndarray,
    lengths: np.ndarray,
    cons: dict,
    file: str,
    name: str,
    problems: list[Problem],
) -> pd.Series:
    present = ~is_missing
    if "enum" in cons:
        allowed = [str(v) for v in cons["enum"]]
        bad = present & ~_isin(text.to_numpy(dtype=object), allowed)
        _report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: f"{_short(text.iat[i])!r} is not one of: {', '.join(allowed)}",
        )
    if "pattern" in cons:
        pattern = re.compile(cons["pattern"])
        ok = np.fromiter(
            (bool(pattern.fullmatch(t)) if p else True for t, p in zip(text, present, strict=True)),
            dtype=bool,
            count=len(text),
        )
        _report_rows(
            problems,
            file,
            name,
            present & ~ok,
            lambda i: _pattern_message(text.iat[i], cons["pattern"]),
        )
    if "maxLength" in cons:
        bad = present & (lengths > int(cons["maxLength"]))
        _report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: f"text is {lengths[i]:,} characters; at most {cons['maxLength']:,} allowed",
        )
    if "minLength" in cons:
        bad = present & (lengths < int(cons["minLength"]))
        _report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: f"text is {lengths[i]:,} characters; at least {cons['minLength']:,} needed",
        )
    result = pd.Series(
        np.where(is_missing, None, text.to_numpy(dtype=object)), index=text.index, dtype=object
    )
    _check_unique(result, present, cons, file, name, problems)
    return result


def _pattern_message(value: str, pattern: str) -> str:
    if pattern == spec.ID_PATTERN:
        return (
            f"{_short(value)!r} is not a valid identifier: use letters, digits, '_', '.' "
            "and '-', starting with a letter or digit, and no spaces"
        )
    if pattern == spec.IDS_PATTERN:
        return (
            f"{_short(value)!r} is not a list of identifiers separated by single spaces "
            "(letters, digits, '_', '.' and '-')"
        )
    return f"{_short(value)!r} does not match the pattern {pattern}"


def _convert_number(
    text: pd.Series,
    is_missing: np.ndarray,
    ftype: str,
    cons: dict,
    file: str,
    name: str,
    problems: list[Problem],
) -> pd.Series:
    stripped = text.str.strip()
    num = pd.to_numeric(stripped.where(~pd.Series(is_missing, index=text.index)), errors="coerce")
    arr = np.asarray(num, dtype=float)
    lowered = stripped.str.lower()
    nonfinite_text = lowered.isin(
        ["nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"]
    ).to_numpy()
    with np.errstate(invalid="ignore"):
        bad_parse = ~is_missing & (np.isnan(arr) | nonfinite_text)
        bad_inf = ~is_missing & ~bad_parse & ~np.isfinite(np.where(np.isnan(arr), 0, arr))
    what = _TYPE_WORDS[ftype]
    _report_rows(
        problems,
        file,
        name,
        bad_parse | bad_inf,
        lambda i: (
            f"{_short(text.iat[i])!r} is not a finite number; give {what}"
            if nonfinite_text[i] or math.isinf(arr[i])
            else f"{_short(text.iat[i])!r} is not {what}"
        ),
    )
    arr = np.where(bad_parse | bad_inf, np.nan, arr)
    if ftype in ("integer", "year"):
        valid = ~np.isnan(arr)
        frac = valid & (np.floor(np.where(valid, arr, 0)) != np.where(valid, arr, 0))
        _report_rows(problems, file, name, frac, lambda i: f"{_short(text.iat[i])!r} is not {what}")
        arr = np.where(frac, np.nan, arr)
        huge = ~np.isnan(arr) & (np.abs(np.where(np.isnan(arr), 0, arr)) > MAX_EXACT_INTEGER)
        _report_rows(
            problems,
            file,
            name,
            huge,
            lambda i: f"{_short(text.iat[i])!r} is too large; the limit is {MAX_EXACT_INTEGER:,}",
        )
        arr = np.where(huge, np.nan, arr)
    valid = ~np.isnan(arr)
    for key, op, word in (
        ("minimum", np.less, "below the minimum of"),
        ("maximum", np.greater, "above the maximum of"),
    ):
        if key in cons:
            limit = float(cons[key])
            bad = valid & op(np.where(valid, arr, limit), limit)
            _report_rows(
                problems,
                file,
                name,
                bad,
                lambda i, limit=limit, word=word: f"{_fmt(arr[i])} is {word} {_fmt(limit)}",
            )
    if "enum" in cons:
        allowed = [float(v) for v in cons["enum"]]
        bad = valid & ~np.isin(arr, allowed)
        _report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: f"{_fmt(arr[i])} is not one of: {', '.join(_fmt(a) for a in allowed)}",
        )
    result = pd.Series(arr, index=text.index)
    if ftype in ("integer", "year") and valid.all():
        result = result.astype("int64")
    _check_unique(result, valid, cons, file, name, problems)
    return result


def _convert_date(
    text: pd.Series,
    is_missing: np.ndarray,
    ftype: str,
    cons: dict,
    file: str,
    name: str,
    problems: list[Problem],
) -> pd.Series:
    masked = text.where(~pd.Series(is_missing, index=text.index))
    if ftype == "date":
        shaped = masked.str.fullmatch(_ISO_DATE).fillna(False).to_numpy(dtype=bool)
        parsed = pd.to_datetime(masked.where(shaped), format="%Y-%m-%d", errors="coerce")
    else:
        parsed = pd.to_datetime(masked, format="ISO8601", errors="coerce", utc=True)
        parsed = parsed.dt.tz_convert(None)
    bad = ~is_missing & parsed.isna().to_numpy()
    want = "YYYY-MM-DD" if ftype == "date" else "an ISO 8601 date-time"
    _report_rows(
        problems, file, name, bad, lambda i: f"{_short(text.iat[i])!r} is not a date ({want})"
    )
    result = parsed.astype("datetime64[s]")
    valid = ~result.isna().to_numpy()
    for key, word, op in (
        ("minimum", "before", np.less),
        ("maximum", "after", np.greater),
    ):
        if key in cons:
            limit = pd.Timestamp(cons[key])
            if limit.tzinfo is not None:
                limit = limit.tz_convert(None)
            bad = valid & op(result.to_numpy(), np.datetime64(limit, "s")) & valid
            _report_rows(
                problems,
                file,
                name,
                bad,
                lambda i, limit=limit, word=word: (
                    f"{text.iat[i]} is {word} {_fmt_ts(limit)}, "
                    f"the {'earliest' if word == 'before' else 'latest'} date allowed"
                ),
            )
    if "enum" in cons:
        allowed = [np.datetime64(pd.Timestamp(v).tz_localize(None), "s") for v in cons["enum"]]
        bad = valid & ~np.isin(result.to_numpy(), allowed)
        _report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: f"{text.iat[i]} is not one of: {', '.join(map(str, cons['enum']))}",
        )
    _check_unique(result, valid, cons, file, name, problems)
    return result


def _fmt_ts(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()


def _check_unique(
    values: pd.Series,
    present: np.ndarray,
    cons: dict,
    file: str,
    name: str,
    problems: list[Problem],
) -> None:
    if not cons.get("unique"):
        return
    sub = values[present]
    dup_mask = np.zeros(len(values), dtype=bool)
    dup = sub.duplicated(keep="first")
    dup_mask[np.flatnonzero(present)[dup.to_numpy()]] = True
    if dup_mask.any():
        arr = values.to_numpy()
        first: dict[Any, int] = {}
        for i, v in zip(np.flatnonzero(present), sub.to_numpy(), strict=True):
            first.setdefault(v, int(i))
        _report_rows(
            problems,
            file,
            name,
            dup_mask,
            lambda i: (
                f"duplicate {'identifier' if name == 'id' else 'value'} "
                f"{_short(str(values.iat[i]))!r} (first at row {first[arr[i]] + 2})"
                + ("" if name == "id" else "; values in this column must be unique")
            ),
        )


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"
