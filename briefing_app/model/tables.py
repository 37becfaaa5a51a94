"""Read a CSV resource into a typed pandas frame, as its Table Schema says.

This is the one place where cell text becomes typed values.  Cells are read as
text (``keep_default_na=False``: the text "NA" stays "NA"); only the schema's
``missingValues`` count as missing.  Every bad cell is reported with its row and
field, vectorised so that a million-row series still loads in about a second.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from briefing_app.model.problems import Problem, Severity

#: How many bad cells of one field and kind are listed before summarising.
MAX_LISTED = 10
#: Longest text a cell may hold (a quote of a million characters is refused).
MAX_CELL_CHARS = 20_000

SUPPORTED_TYPES = ("string", "number", "integer", "date", "datetime", "boolean", "year", "any")
_TRUE = {"true", "True", "TRUE", "1", "yes"}
_FALSE = {"false", "False", "FALSE", "0", "no"}


@dataclass
class TableResult:
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)


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
        problems.append(Problem(file, message(int(i)), row=int(i) + 2, field=fname))
    if len(idx) > MAX_LISTED:
        problems.append(
            Problem(
                file,
                f"{len(idx) - MAX_LISTED:,} more rows with the same kind of problem",
                row=int(idx[MAX_LISTED]) + 2,
                field=fname,
            )
        )


def _short(text: str, n: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a byte-order mark is accepted with a warning)."""
    problems: list[Problem] = []
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
        return data.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                file,
                f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
                "save it as UTF-8",
                row=line,
            )
        )
        return None, problems


def read_table(
    data: bytes,
    file: str,
    schema: dict[str, Any],
    delimiter: str = ",",
) -> TableResult:
    """Parse *data* (CSV bytes) with *schema*; return the typed frame and problems."""
    text, problems = decode_text(data, file)
    if text is None:
        return TableResult(None, problems)
    fields = schema.get("fields", [])
    names = [f.get("name") for f in fields]
    if not text.strip():
        problems.append(Problem(file, "file is empty (no header row)"))
        return TableResult(None, problems)
    try:
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=delimiter))
    except csv.Error as exc:  # pragma: no cover - a single line rarely fails
        problems.append(Problem(file, f"cannot read the header: {exc}", row=1))
        return TableResult(None, problems)
    header = [h.strip() for h in header]
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    for n in missing:
        problems.append(Problem(file, "column is missing from the header", row=1, field=n))
    for h in extra:
        problems.append(
            Problem(file, "column is not in the resource's schema", row=1, field=h or "(blank)")
        )
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        problems.append(Problem(file, f"duplicate column names: {', '.join(dup)}", row=1))
    if missing or extra or len(set(header)) != len(header):
        return TableResult(None, problems)

    try:
        raw = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            sep=delimiter,
            skip_blank_lines=True,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        msg = str(exc).strip().replace("\n", " ")
        row = None
        import re

        m = re.search(r"line (\d+)", msg)
        if m:
            row = int(m.group(1))
        problems.append(Problem(file, f"malformed CSV: {msg}", row=row))
        return TableResult(None, problems)
    raw.columns = [c.strip() for c in raw.columns]
    # Rows with too few cells come back as NaN even with na_filter off.
    short = raw.isna().any(axis=1).to_numpy()
    if short.any():
        _report_rows(problems, file, "", short, lambda i: "row has fewer cells than the header")
        return TableResult(None, problems)

    missing_values = set(schema.get("missingValues", [""]))
    out: dict[str, Any] = {}
    n_errors_before = sum(p.severity == Severity.ERROR for p in problems)
    for f in fields:
        name = f["name"]
        col = raw[name]
        out[name] = _convert_field(col, f, file, missing_values, problems)
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(raw)))

    pk = schema.get("primaryKey")
    if isinstance(pk, str):
        pk = [pk]
    if pk and all(k in frame.columns for k in pk):
        dup = frame.duplicated(subset=pk, keep="first").to_numpy()
        if dup.any():
            first_rows = {}
            keys = frame[pk].astype(str).agg("|".join, axis=1).to_numpy()
            for i, k in enumerate(keys):
                first_rows.setdefault(k, i)
            _report_rows(
                problems,
                file,
                ",".join(pk),
                dup,
                lambda i: (
                    f"duplicate identifier {keys[i]!r} (first at row {first_rows[keys[i]] + 2})"
                ),
            )
    if sum(p.severity == Severity.ERROR for p in problems) > n_errors_before:
        return TableResult(frame, problems)
    return TableResult(frame, problems)


def _convert_field(
    col: pd.Series,
    f: dict[str, Any],
    file: str,
    missing_values: set[str],
    problems: list[Problem],
) -> pd.Series:
    name = f["name"]
    ftype = f.get("type", "string")
    cons = f.get("constraints", {}) or {}
    text = col.astype(str)
    is_missing = text.isin(missing_values).to_numpy()

    lengths = text.str.len().to_numpy()
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
        values = text.where(~pd.Series(is_missing, index=text.index), None)
        present = ~is_missing
        if "enum" in cons:
            allowed = [str(v) for v in cons["enum"]]
            bad = present & ~text.isin(allowed).to_numpy()
            _report_rows(
                problems,
                file,
                name,
                bad,
                lambda i: f"{_short(text.iat[i])!r} is not one of: {', '.join(allowed)}",
            )
        if "pattern" in cons:
            ok = text.str.fullmatch(cons["pattern"]).fillna(False).to_numpy(dtype=bool)
            bad = present & ~ok
            _report_rows(
                problems,
                file,
                name,
                bad,
                lambda i: f"{_short(text.iat[i])!r} does not match the pattern {cons['pattern']}",
            )
        if "maxLength" in cons:
            bad = present & (lengths > int(cons["maxLength"]))
            _report_rows(
                problems, file, name, bad, lambda i: f"longer than {cons['maxLength']} characters"
            )
        if "minLength" in cons:
            bad = present & (lengths < int(cons["minLength"]))
            _report_rows(
                problems, file, name, bad, lambda i: f"shorter than {cons['minLength']} characters"
            )
        result = values.astype(object)
        _check_unique(result, present, cons, file, name, problems)
        return result

    if ftype in ("number", "integer", "year"):
        stripped = text.str.strip()
        num = pd.to_numeric(
            stripped.where(~pd.Series(is_missing, index=text.index)), errors="coerce"
        )
        arr = num.to_numpy(dtype=float)
        lowered = stripped.str.lower()
        nonfinite_text = lowered.isin(["nan", "inf", "-inf", "+inf", "infinity", "-infinity"])
        bad_parse = ~is_missing & (np.isnan(arr) | nonfinite_text.to_numpy())
        bad_inf = ~is_missing & ~bad_parse & ~np.isfinite(np.where(np.isnan(arr), 0, arr))
        what = {"number": "a number", "integer": "an integer", "year": "a year"}[ftype]
        _report_rows(
            problems,
            file,
            name,
            bad_parse | bad_inf,
            lambda i: (
                f"{_short(text.iat[i])!r} is not a finite number"
                if nonfinite_text.iat[i] or math.isinf(arr[i])
                else f"{_short(text.iat[i])!r} is not {what}"
            ),
        )
        arr = np.where(bad_parse | bad_inf, np.nan, arr)
        if ftype in ("integer", "year"):
            frac = ~np.isnan(arr) & (np.floor(arr) != arr)
            _report_rows(problems, file, name, frac, lambda i: f"{text.iat[i]!r} is not {what}")
            arr = np.where(frac, np.nan, arr)
        valid = ~np.isnan(arr)
        for key, op, word in (
            ("minimum", np.less, "below the minimum"),
            ("maximum", np.greater, "above the maximum"),
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
        result = pd.Series(arr, index=col.index)
        if ftype in ("integer", "year") and valid.all():
            result = result.astype("int64")
        _check_unique(result, valid, cons, file, name, problems)
        return result

    if ftype in ("date", "datetime"):
        fmt = "%Y-%m-%d" if ftype == "date" else "ISO8601"
        masked = text.where(~pd.Series(is_missing, index=text.index))
        parsed = pd.to_datetime(masked, format=fmt, errors="coerce")
        if ftype == "datetime" and getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert(None)
        bad = ~is_missing & parsed.isna().to_numpy()
        want = "YYYY-MM-DD" if ftype == "date" else "an ISO 8601 date-time"
        _report_rows(
            problems, file, name, bad, lambda i: f"{_short(text.iat[i])!r} is not a date ({want})"
        )
        result = parsed.astype("datetime64[s]")
        _check_unique(result, ~parsed.isna().to_numpy(), cons, file, name, problems)
        return result

    if ftype == "boolean":
        t = text.str.strip()
        is_true = t.isin(_TRUE).to_numpy()
        is_false = t.isin(_FALSE).to_numpy()
        bad = ~is_missing & ~is_true & ~is_false
        _report_rows(
            problems, file, name, bad, lambda i: f"{_short(text.iat[i])!r} is not true or false"
        )
        return pd.Series(np.where(is_true, True, np.where(is_false, False, None)), index=col.index)

    problems.append(
        Problem(
            file,
            f"type {ftype!r} is not supported (use one of: {', '.join(SUPPORTED_TYPES)})",
            field=name,
        )
    )
    return text


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
        first: dict[Any, int] = {}
        for i, v in zip(np.flatnonzero(present), sub.to_numpy(), strict=True):
            first.setdefault(v, int(i))
        _report_rows(
            problems,
            file,
            name,
            dup_mask,
            lambda i: (
                f"duplicate identifier {values.iat[i]!r} (first at row {first[values.iat[i]] + 2})"
            ),
        )


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"
