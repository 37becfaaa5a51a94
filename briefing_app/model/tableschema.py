"""Check a Table Schema before a table is read with it: field types and constraints.

A schema comes from the package, so it is checked as untrusted input too: a
regular expression that could take very long on a hostile cell is refused.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pandas as pd

from briefing_app.model.fields import (
    DATE_TYPES,
    ISO_DATE,
    NUMERIC_TYPES,
    SUPPORTED_TYPES,
    short_cell,
)
from briefing_app.model.i18n import msg
from briefing_app.model.limits import (
    DATE_RANGE_TEXT,
    MAX_COLUMNS,
    NUMBER_WORDS,
    date_in_range,
    value_in_range,
)
from briefing_app.model.reasons import regex_reason


def schema_problems(
    schema: Any, known_safe_patterns: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """Check a Table Schema before it is used; return (location, message) pairs.

    Locations are relative to the schema, e.g. ``fields[2].constraints.pattern``.
    Patterns in *known_safe_patterns* skip the check for slow regular expressions.
    """
    out: list[tuple[str, str]] = []
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return [("", msg("schema must be an object with a list of fields"))]
    fields = schema["fields"]
    if not fields:
        out.append(("fields", msg("the schema lists no fields")))
    if len(fields) > MAX_COLUMNS:
        # refused before any per-field work: a hostile schema may declare 100,000
        return [
            ("fields", f"the schema lists {len(fields):,} fields; at most {MAX_COLUMNS} are read")
        ]
    names: set[str] = set()
    for j, f in enumerate(fields):
        where = f"fields[{j}]"
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
            out.append((where, msg("each field needs a name")))
            continue
        name = f["name"]
        if name in names:
            out.append((f"{where}.name", msg("field name {name} appears twice", name=repr(name))))
        names.add(name)
        ftype = f.get("type", "string")
        if not isinstance(ftype, str) or ftype not in SUPPORTED_TYPES:
            out.append(
                (
                    f"{where}.type",
                    msg(
                        "type {type} is not supported (use one of: {types})",
                        type=repr(short_cell(str(ftype))),
                        types=", ".join(SUPPORTED_TYPES),
                    ),
                )
            )
            continue
        cons = f.get("constraints", {})
        if cons is None:
            continue
        if not isinstance(cons, dict):
            out.append((f"{where}.constraints", msg("constraints must be an object")))
            continue
        out.extend(_constraint_problems(cons, ftype, f"{where}.constraints", known_safe_patterns))
    mv = schema.get("missingValues", [""])
    if not isinstance(mv, list) or not all(isinstance(v, str) for v in mv):
        out.append(("missingValues", msg('missingValues must be a list of texts, e.g. [""]')))
    pk = schema.get("primaryKey")
    if pk is not None:
        keys = [pk] if isinstance(pk, str) else pk
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            out.append(
                ("primaryKey", msg("primaryKey must be a field name or a list of field names"))
            )
        else:
            for k in keys:
                if k not in names:
                    out.append(
                        (
                            "primaryKey",
                            msg("primaryKey names {index}, which is not a field", index=repr(k)),
                        )
                    )
    return out


def _is_number(v: Any) -> bool:
    """A number a constraint may name: finite and within the figures a table may hold."""
    return (
        isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(v)
        and value_in_range(float(v))
    )


def _is_date(v: Any, ftype: str) -> bool:
    """A date a constraint may name: as the field's type writes it, within the dates a
    package may hold."""
    if not isinstance(v, str):
        return False
    if ftype == "date":
        if re.fullmatch(ISO_DATE, v) is None:
            return False
        try:
            return date_in_range(dt.date.fromisoformat(v))
        except ValueError:
            return False
    ts = pd.to_datetime(v, format="ISO8601", errors="coerce", utc=True)
    return not pd.isna(ts) and date_in_range(ts.date())


def _constraint_problems(
    cons: dict, ftype: str, where: str, safe: tuple[str, ...]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key in ("required", "unique"):
        if key in cons and not isinstance(cons[key], bool):
            out.append((f"{where}.{key}", msg("{key} must be true or false", key=key)))
    for key in ("minLength", "maxLength"):
        if key in cons:
            v = cons[key]
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                out.append(
                    (f"{where}.{key}", msg("{key} must be a whole number, 0 or more", key=key))
                )
            elif ftype not in ("string", "any"):
                out.append((f"{where}.{key}", msg("{key} applies only to text fields", key=key)))
    for key in ("minimum", "maximum"):
        if key not in cons:
            continue
        v = cons[key]
        if ftype in NUMERIC_TYPES:
            if not _is_number(v):
                out.append(
                    (
                        f"{where}.{key}",
                        msg("{key} must be {rule}", key=key, rule=NUMBER_WORDS),
                    )
                )
        elif ftype in DATE_TYPES:
            if not _is_date(v, ftype):
                want = msg("YYYY-MM-DD") if ftype == "date" else msg("an ISO 8601 date-time")
                out.append(
                    (
                        f"{where}.{key}",
                        msg(
                            "{key} must be a date ({want}) from {range}",
                            key=key,
                            want=want,
                            range=DATE_RANGE_TEXT,
                        ),
                    )
                )
        else:
            out.append(
                (f"{where}.{key}", msg("{key} applies only to number and date fields", key=key))
            )
    if "enum" in cons:
        v = cons["enum"]
        if not isinstance(v, list) or not v:
            out.append((f"{where}.enum", msg("enum must be a non-empty list of allowed values")))
        elif ftype in ("string", "any"):
            if not all(isinstance(x, str) for x in v):
                out.append((f"{where}.enum", msg("enum of a text field must list texts")))
        elif ftype in NUMERIC_TYPES:
            if not all(_is_number(x) for x in v):
                out.append((f"{where}.enum", msg("enum of a number field must list numbers")))
        elif ftype in DATE_TYPES:
            if not all(_is_date(x, ftype) for x in v):
                out.append((f"{where}.enum", msg("enum of a date field must list dates")))
        else:
            out.append(
                (f"{where}.enum", msg("enum is not supported for {ftype} fields", ftype=ftype))
            )
    if "pattern" in cons:
        v = cons["pattern"]
        if not isinstance(v, str):
            out.append((f"{where}.pattern", msg("pattern must be a regular expression (text)")))
        elif ftype not in ("string", "any"):
            out.append((f"{where}.pattern", msg("pattern applies only to text fields")))
        else:
            try:
                re.compile(v)
            except (re.error, RecursionError, OverflowError) as exc:
                out.append(
                    (
                        f"{where}.pattern",
                        msg(
                            "pattern is not a valid regular expression: {reason}",
                            reason=regex_reason(exc),
                        ),
                    )
                )
            else:
                if v not in safe and _slow_pattern(v):
                    out.append(
                        (
                            f"{where}.pattern",
                            msg(
                                "pattern is too complex to check quickly (a repetition inside a "
                                "repetition, or more than two unbounded repetitions); simplify it"
                            ),
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
