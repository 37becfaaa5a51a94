"""Convert one column of cell text to typed values, as its Table Schema field says.

This is the one place where cell text becomes typed values.  Cells are read as
text (``keep_default_na=False``: the text "NA" stays "NA"); only the schema's
``missingValues`` count as missing.  Every bad cell is reported with its row and
field, vectorised so that a million-row series still loads in a second or two.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from briefing_app.model import spec
from briefing_app.model.fmt import fmt_exact, fmt_list
from briefing_app.model.i18n import N_, Later, Message, msg, nmsg
from briefing_app.model.limits import (
    DATE_MAX,
    DATE_MIN,
    MAX_ABS_VALUE,
    MAX_CELL_CHARS,
    MAX_LISTED,
    date_range_message,
    value_range_message,
)
from briefing_app.model.problems import Problem

__all__ = ["MAX_CELL_CHARS", "MAX_LISTED", "convert_field", "report_rows", "short_cell"]

SUPPORTED_TYPES = ("string", "number", "integer", "date", "datetime", "boolean", "year", "any")
NUMERIC_TYPES = ("number", "integer", "year")
DATE_TYPES = ("date", "datetime")
_TRUE = {"true", "True", "TRUE", "1", "yes"}
_FALSE = {"false", "False", "FALSE", "0", "no"}
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
#: what a cell of a numeric type must be, and what a non-finite one should give instead
_NOT_A = {
    "number": N_("{value} is not a number"),
    "integer": N_("{value} is not a whole number"),
    "year": N_("{value} is not a year"),
}
_NOT_FINITE = {
    "number": N_("{value} is not a finite number; give a number"),
    "integer": N_("{value} is not a finite number; give a whole number"),
    "year": N_("{value} is not a finite number; give a year"),
}


def report_rows(
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
                nmsg(
                    "{n} more row with the same kind of problem",
                    "{n} more rows with the same kind of problem",
                    len(idx) - MAX_LISTED,
                    n=len(idx) - MAX_LISTED,
                ),
                row=int(idx[MAX_LISTED]) + 2,
                field=fname or None,
            )
        )


def short_cell(text: str, n: int = 40) -> str:
    """A cell's text on one line, cut to *n* characters, for quoting it in a message."""
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


#: below this many rows a Python set lookup beats pandas' per-call overhead (~50 us)
_SMALL = 5_000


def _isin(values: np.ndarray, allowed: Any) -> np.ndarray:
    """Which of *values* (an object array of str) are in *allowed*, as a bool array."""
    if len(values) < _SMALL:
        return np.fromiter(map(set(allowed).__contains__, values), dtype=bool, count=len(values))
    return pd.Series(values, dtype=object).isin(list(allowed)).to_numpy()


def convert_field(
    col: pd.Series,
    f: dict[str, Any],
    file: str,
    missing_values: set[str],
    problems: list[Problem],
) -> pd.Series:
    """The typed values of column *col*, as field *f* declares; bad cells are reported
    to *problems* and become missing values."""
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
        report_rows(
            problems,
            file,
            name,
            too_long,
            lambda i: nmsg(
                "text is {n} character; the limit is {limit}",
                "text is {n} characters; the limit is {limit}",
                int(lengths[i]),
                n=int(lengths[i]),
                limit=MAX_CELL_CHARS,
            ),
        )
        text = text.where(~too_long, "")
        is_missing = is_missing | too_long

    if cons.get("required") and is_missing.any():
        report_rows(
            problems, file, name, is_missing & ~too_long, lambda i: msg("a value is required")
        )

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
        report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: msg("{value} is not true or false", value=repr(short_cell(text.iat[i]))),
        )
        return pd.Series(
            np.where(is_true, True, np.where(is_false, False, None)), index=col.index, dtype=object
        )
    # schema_problems refuses other types before a table is read
    problems.append(  # pragma: no cover
        Problem(
            file,
            msg(
                "type {ftype} is not supported (use one of: {types})",
                ftype=repr(ftype),
                types=", ".join(SUPPORTED_TYPES),
            ),
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
        report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: msg(
                "{value} is not one of: {allowed}",
                value=repr(short_cell(text.iat[i])),
                allowed=", ".join(allowed),
            ),
        )
    if "pattern" in cons:
        pattern = re.compile(cons["pattern"])
        ok = np.fromiter(
            (bool(pattern.fullmatch(t)) if p else True for t, p in zip(text, present, strict=True)),
            dtype=bool,
            count=len(text),
        )
        report_rows(
            problems,
            file,
            name,
            present & ~ok,
            lambda i: _pattern_message(text.iat[i], cons["pattern"]),
        )
    if "maxLength" in cons:
        bad = present & (lengths > int(cons["maxLength"]))
        report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: nmsg(
                "text is {n} character; at most {limit} allowed",
                "text is {n} characters; at most {limit} allowed",
                int(lengths[i]),
                n=int(lengths[i]),
                limit=int(cons["maxLength"]),
            ),
        )
    if "minLength" in cons:
        bad = present & (lengths < int(cons["minLength"]))
        report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: nmsg(
                "text is {n} character; at least {limit} needed",
                "text is {n} characters; at least {limit} needed",
                int(lengths[i]),
                n=int(lengths[i]),
                limit=int(cons["minLength"]),
            ),
        )
    result = pd.Series(
        np.where(is_missing, None, text.to_numpy(dtype=object)), index=text.index, dtype=object
    )
    _check_unique(result, present, cons, file, name, problems)
    return result


def _pattern_message(value: str, pattern: str) -> Message:
    shown = repr(short_cell(value))
    if pattern == spec.ID_PATTERN:
        return msg(
            "{value} is not a valid identifier: use letters, digits, '_', '.' "
            "and '-', starting with a letter or digit, and no spaces",
            value=shown,
        )
    if pattern == spec.IDS_PATTERN:
        return msg(
            "{value} is not a list of identifiers separated by single spaces "
            "(letters, digits, '_', '.' and '-')",
            value=shown,
        )
    return msg("{value} does not match the pattern {pattern}", value=shown, pattern=pattern)


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
    report_rows(
        problems,
        file,
        name,
        bad_parse | bad_inf,
        lambda i: Message(
            _NOT_FINITE[ftype] if nonfinite_text[i] or math.isinf(arr[i]) else _NOT_A[ftype],
            {"value": repr(short_cell(text.iat[i]))},
        ),
    )
    arr = np.where(bad_parse | bad_inf, np.nan, arr)
    # the one rule on figures (limits.MAX_ABS_VALUE): every renderer can draw them
    with np.errstate(invalid="ignore"):
        big = np.abs(arr) > MAX_ABS_VALUE  # False where missing
    report_rows(
        problems, file, name, big, lambda i: value_range_message(repr(short_cell(text.iat[i])))
    )
    arr = np.where(big, np.nan, arr)
    if ftype in ("integer", "year"):
        valid = ~np.isnan(arr)
        frac = valid & (np.floor(np.where(valid, arr, 0)) != np.where(valid, arr, 0))
        report_rows(
            problems,
            file,
            name,
            frac,
            lambda i: Message(_NOT_A[ftype], {"value": repr(short_cell(text.iat[i]))}),
        )
        arr = np.where(frac, np.nan, arr)
    valid = ~np.isnan(arr)
    for key, op, words in (
        ("minimum", np.less, N_("{value} is below the minimum of {limit}")),
        ("maximum", np.greater, N_("{value} is above the maximum of {limit}")),
    ):
        if key in cons:
            limit = float(cons[key])
            bad = valid & op(np.where(valid, arr, limit), limit)
            report_rows(
                problems,
                file,
                name,
                bad,
                lambda i, limit=limit, words=words: Message(
                    words,
                    {"value": Later(fmt_exact, float(arr[i])), "limit": Later(fmt_exact, limit)},
                ),
            )
    if "enum" in cons:
        allowed = [float(v) for v in cons["enum"]]
        bad = valid & ~np.isin(arr, allowed)
        report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: msg(
                "{value} is not one of: {allowed}",
                value=Later(fmt_exact, float(arr[i])),
                allowed=Later(fmt_list, tuple(allowed)),
            ),
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
        shaped = masked.str.fullmatch(ISO_DATE).fillna(False).to_numpy(dtype=bool)
        parsed = pd.to_datetime(masked.where(shaped), format="%Y-%m-%d", errors="coerce")
    else:
        parsed = pd.to_datetime(masked, format="ISO8601", errors="coerce", utc=True)
        parsed = parsed.dt.tz_convert(None)
    bad = ~is_missing & parsed.isna().to_numpy()
    want = msg("YYYY-MM-DD") if ftype == "date" else msg("an ISO 8601 date-time")
    report_rows(
        problems,
        file,
        name,
        bad,
        lambda i: msg(
            "{value} is not a date ({format})", value=repr(short_cell(text.iat[i])), format=want
        ),
    )
    result = parsed.astype("datetime64[s]")
    # the one rule on dates (limits.DATE_MIN..DATE_MAX): every renderer can draw them
    values = result.to_numpy()
    with np.errstate(invalid="ignore"):
        outside = ~np.isnat(values) & (
            (values < np.datetime64(DATE_MIN, "s"))
            | (values >= np.datetime64(DATE_MAX, "s") + np.timedelta64(1, "D"))
        )
    report_rows(
        problems,
        file,
        name,
        outside,
        lambda i: date_range_message(repr(short_cell(text.iat[i].strip()))),
    )
    if outside.any():
        result = result.where(~outside)
    valid = ~result.isna().to_numpy()
    for key, words, op in (
        ("minimum", N_("{value} is before {limit}, the earliest date allowed"), np.less),
        ("maximum", N_("{value} is after {limit}, the latest date allowed"), np.greater),
    ):
        if key in cons:
            limit = pd.Timestamp(cons[key])
            if limit.tzinfo is not None:
                limit = limit.tz_convert(None)
            bad = valid & op(result.to_numpy(), np.datetime64(limit, "s")) & valid
            report_rows(
                problems,
                file,
                name,
                bad,
                lambda i, limit=limit, words=words: Message(
                    words, {"value": text.iat[i], "limit": _fmt_ts(limit)}
                ),
            )
    if "enum" in cons:
        allowed = [np.datetime64(pd.Timestamp(v).tz_localize(None), "s") for v in cons["enum"]]
        bad = valid & ~np.isin(result.to_numpy(), allowed)
        report_rows(
            problems,
            file,
            name,
            bad,
            lambda i: msg(
                "{value} is not one of: {allowed}",
                value=text.iat[i],
                allowed=", ".join(map(str, cons["enum"])),
            ),
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
        report_rows(
            problems,
            file,
            name,
            dup_mask,
            lambda i: Message(
                N_("duplicate identifier {value} (first at row {row})")
                if name == "id"
                else N_(
                    "duplicate value {value} (first at row {row}); values in this column "
                    "must be unique"
                ),
                {"value": repr(short_cell(str(values.iat[i]))), "row": str(first[arr[i]] + 2)},
            ),
        )
