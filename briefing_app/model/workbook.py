"""A briefing package as a spreadsheet: the layout that ``export xlsx`` writes and
``import`` reads, in one place, so that the two cannot disagree.

A workbook holds

- a sheet ``briefing``: the fields of ``datapackage.json``, one value a row, under the
  header ``field | value | type``.  ``field`` is the value's path as problems name it
  (``title``, ``briefing.as_of``, ``briefing.tabs[0].charts[1].series[0].label``; a key
  that is not plain letters, digits, ``_`` and ``-`` is quoted: ``indicators["a.b"]``).
  The cell's own type is the value's JSON type (text, number, TRUE/FALSE).  ``type`` is
  usually empty; ``json`` says the value is written as JSON (``[]``, ``{}``, ``null``,
  ``""``, ``0.0``), and ``canonical`` on a resource's ``schema`` stands for the format's
  own schema of that resource (`spec.schema_for`).  An empty value leaves the field out.
- a sheet per resource, named as the resource: row 1 the CSV header, then a row per
  record, each cell the CSV cell's text.  Figures and dates are written as numbers and
  dates where that keeps their text exactly (``16.0`` as 16 shown with one decimal);
  everything else, and any text that starts with ``=``, ``+``, ``-`` or ``@``, as text.

Nothing here touches a file: the reader (`xlsx_import`) and the writer
(`briefing_app.export.xlsx`) turn cells into text and text into cells with these
functions.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

from briefing_app.model import spec
from briefing_app.model.i18n import Message, msg
from briefing_app.model.reasons import json_reason

BRIEFING_SHEET = "briefing"
BRIEFING_HEADER = ("field", "value", "type")
#: the sheet of the package's files that are not tables (map layers, licence texts): a
#: file's text in parts of at most FILE_PART characters (within `limits.MAX_CELL_CHARS`)
FILES_SHEET = "files"
FILES_HEADER = ("path", "part", "text")
FILE_PART = 16_000
TYPE_JSON = "json"
TYPE_CANONICAL = "canonical"
TYPES = ("", TYPE_JSON, TYPE_CANONICAL)
#: what a spreadsheet allows in a sheet's name
MAX_SHEET_NAME = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: characters a workbook cannot hold (XML 1.0 forbids them); a tab and line breaks it can
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: the most digits a spreadsheet keeps of a number (IEEE doubles, as Excel shows them)
MAX_DIGITS = 15
DATE_FORMAT = "yyyy-mm-dd"
#: before this day a spreadsheet's day numbers are off by one (Excel's 1900 leap year)
FIRST_SAFE_DATE = dt.date(1900, 3, 1)

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")
_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9][0-9]*)\.([0-9]+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CellError(ValueError):
    """A cell that cannot be read as the package needs it; the message says why."""


# -- sheets ------------------------------------------------------------------------------


def sheet_name_problem(name: str) -> Message | None:
    """Why resource *name* cannot name a sheet, or None."""
    if len(name) > MAX_SHEET_NAME:
        return msg(
            "is longer than the {limit} characters a sheet's name may have", limit=MAX_SHEET_NAME
        )
    if _SHEET_FORBIDDEN.search(name) or ILLEGAL_CHARACTERS.search(name):
        return msg("holds a character a sheet's name may not have ([ ] : * ? / \\)")
    if name.startswith("'") or name.endswith("'"):
        return msg("starts or ends with an apostrophe, which a sheet's name may not")
    if name.casefold() == BRIEFING_SHEET:
        return msg(
            "is the name of the sheet of the descriptor's fields ({sheet})",
            sheet=repr(BRIEFING_SHEET),
        )
    if name.casefold() == FILES_SHEET:
        return msg(
            "is the name of the sheet of the package's other files ({sheet})",
            sheet=repr(FILES_SHEET),
        )
    return None


# -- paths of the briefing sheet ---------------------------------------------------------


def format_path(parts: list[str | int]) -> str:
    """``["briefing", "tabs", 0, "id"]`` -> ``briefing.tabs[0].id``."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif _PLAIN_KEY.match(p):
            out += f".{p}" if out else p
        else:
            out += f"[{json.dumps(p, ensure_ascii=False)}]"
    return out


def parse_path(path: str) -> list[str | int]:
    """The parts of a path written by `format_path`; ValueError says what is wrong."""
    parts: list[str | int] = []
    i, n = 0, len(path)
    if not path.strip():
        raise ValueError(msg("the field's name is empty"))
    while i < n:
        c = path[i]
        if c == "[":
            if path.startswith('["', i):
                try:
                    key, end = json.JSONDecoder().raw_decode(path, i + 1)
                except ValueError:
                    raise ValueError(
                        msg("a quoted key at character {index} is not closed", index=i + 1)
                    ) from None
                if not path.startswith("]", end):
                    raise ValueError(msg("expected ']' at character {end}", end=end + 1))
                parts.append(key)
                i = end + 1
                continue
            close = path.find("]", i)
            digits = path[i + 1 : close] if close > 0 else ""
            if not digits.isdigit() or not digits.isascii():
                raise ValueError(msg("expected a number in [] at character {index}", index=i + 1))
            parts.append(int(digits))
            i = close + 1
            continue
        if c == ".":
            if not parts or i + 1 >= n or path[i + 1] in ".[":
                raise ValueError(
                    msg("a '.' at character {index} has no name after it", index=i + 1)
                )
            i += 1
        elif parts:
            raise ValueError(msg("expected '.' or '[' at character {index}", index=i + 1))
        m = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*").match(path, i)
        if m is None:
            raise ValueError(
                msg("a name at character {index} must be letters, digits, _ or -", index=i + 1)
            )
        parts.append(m.group())
        i = m.end()
    return parts


# -- the descriptor as rows ---------------------------------------------------------------


def descriptor_rows(desc: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """The rows of the ``briefing`` sheet: (field, value, type), one per value.

    A resource's schema equal to the format's own (`spec.schema_for`) is one row of type
    ``canonical``; every other value a row of its own, in the descriptor's order.
    """
    rows: list[tuple[str, Any, str]] = []

    def walk(value: Any, parts: list[str | int]) -> None:
        if (
            len(parts) == 3
            and parts[0] == "resources"
            and parts[2] == "schema"
            and isinstance(value, dict)
            and _is_canonical(desc, parts[1], value)
        ):
            rows.append((format_path(parts), TYPE_CANONICAL, TYPE_CANONICAL))
        elif isinstance(value, dict) and value:
            for k, v in value.items():
                walk(v, [*parts, str(k)])
        elif isinstance(value, list) and value:
            for k, v in enumerate(value):
                walk(v, [*parts, k])
        else:
            rows.append((format_path(parts), *_leaf(value)))

    walk(desc, [])
    return rows


def _is_canonical(desc: dict, index: Any, schema: dict) -> bool:
    res = desc.get("resources")
    name = res[index].get("name") if isinstance(res, list) and isinstance(index, int) else None
    return isinstance(name, str) and name in spec.SCHEMAS and schema == spec.schema_for(name)


def _leaf(value: Any) -> tuple[Any, str]:
    """A JSON value as a cell's value and its type column."""
    if isinstance(value, bool):
        return value, ""
    if isinstance(value, int) and abs(value) < 10**MAX_DIGITS:
        return value, ""
    if (
        isinstance(value, float)
        and math.isfinite(value)
        and not value.is_integer()
        and len(repr(value).lstrip("-")) <= MAX_DIGITS + 2
    ):
        return value, ""
    if isinstance(value, str) and value:
        return value, ""
    return json.dumps(value, ensure_ascii=False), TYPE_JSON


def descriptor_value(value: Any, type_: str, path: list[str | int]) -> Any:
    """The JSON value of a ``briefing`` row's value cell (already read as text, number,
    bool or date) and type; CellError says what is wrong."""
    if type_ == TYPE_JSON:
        if not isinstance(value, str):
            raise CellError(msg("the type says json: write the value as JSON text"))
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise CellError(
                msg(
                    "the type says json, but the value is not JSON ({reason})",
                    reason=json_reason(exc),
                )
            ) from None
    if type_ == TYPE_CANONICAL:
        name = path[1] if len(path) == 3 and path[0] == "resources" else None
        if name is None or path[2] != "schema":
            raise CellError(msg("only a resource's schema can be canonical"))
        return CANONICAL  # resolved with the resource's name (see resolve_canonical)
    if type_:
        raise CellError(
            msg("unknown type {type}: leave it empty, or write json or canonical", type=repr(type_))
        )
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(msg("the number is not finite"))
    return value


class _Canonical:
    """Stands for "the format's schema of this resource" until its name is known."""

    def __repr__(self) -> str:
        return "CANONICAL"


CANONICAL = _Canonical()


def resolve_canonical(desc: dict[str, Any]) -> list[tuple[int, str]]:
    """Replace each canonical schema by `spec.schema_for` its resource's name; return the
    resources whose name has none: (index, why)."""
    bad: list[tuple[int, str]] = []
    res = desc.get("resources")
    for i, r in enumerate(res if isinstance(res, list) else []):
        if isinstance(r, dict) and r.get("schema") is CANONICAL:
            name = r.get("name")
            if isinstance(name, str) and name in spec.SCHEMAS:
                r["schema"] = spec.schema_for(name)
            else:
                del r["schema"]
                bad.append(
                    (
                        i,
                        msg(
                            "{name} has no canonical schema: give its schema as JSON",
                            name=repr(name),
                        ),
                    )
                )
    return bad


def build_descriptor(
    rows: list[tuple[list[str | int], Any]],
) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """The descriptor from (path parts, value) rows, in order; and the rows that
    conflict with an earlier one: (row index, why).  Lists take their items in the order
    of their indexes, gaps closed."""
    root: dict[str, Any] = {}
    bad: list[tuple[int, str]] = []
    for k, (parts, value) in enumerate(rows):
        why = _put(root, parts, value)
        if why:
            bad.append((k, why))
    return _lists(root), bad


class _Indexed(dict):
    """A list while it is built: items by index."""


def _put(root: dict, parts: list[str | int], value: Any) -> str | None:
    node: Any = root
    for depth, p in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(p, int) != isinstance(node, _Indexed) or not isinstance(node, dict):
            where = format_path(parts[:depth]) or msg("the descriptor")
            if isinstance(p, int):
                return msg("conflicts with an earlier row: {path} is not a list", path=where)
            return msg("conflicts with an earlier row: {path} is not an object", path=where)
        if last:
            if p in node:
                return msg("the same field is given twice")
            node[p] = value
            return None
        nxt = node.get(p)
        if nxt is None:
            nxt = node[p] = _Indexed() if isinstance(parts[depth + 1], int) else {}
        elif not isinstance(nxt, dict):
            return msg(
                "conflicts with an earlier row: {path} has a value",
                path=format_path(parts[: depth + 1]),
            )
        node = nxt
    return None  # pragma: no cover - parts is never empty


def _lists(node: Any) -> Any:
    if isinstance(node, _Indexed):
        return [_lists(node[k]) for k in sorted(node)]
    if isinstance(node, dict):
        return {k: _lists(v) for k, v in node.items()}
    return node


# -- table cells -----------------------------------------------------------------------------


def table_cell(text: str, field_type: str) -> tuple[Any, str | None]:
    """The value a table's cell is written as, and its number format (None: none).

    A number or a date only where reading it back (`cell_text`) gives *text* exactly;
    otherwise the text itself (which the writer stores as text, never as a formula).
    """
    if text == "":
        return None, None
    if field_type in ("number", "integer"):
        if _INT.match(text) and text != "-0" and len(text.lstrip("-")) <= MAX_DIGITS:
            return int(text), None
        m = _DECIMAL.match(text)
        if m and len(text.lstrip("-").replace(".", "").lstrip("0")) <= MAX_DIGITS:
            fmt = "0." + "0" * len(m.group(1))
            value = float(text)
            if cell_text(value, fmt) == text:
                return value, fmt
    if field_type == "date" and _ISO_DATE.match(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return text, None
        if day >= FIRST_SAFE_DATE:
            return dt.datetime(day.year, day.month, day.day), DATE_FORMAT
    return text, None


def cell_text(value: Any, number_format: str | None = None) -> str:
    """A table cell's value as the CSV's text; CellError for what a table cannot hold
    (a time of day, an error value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and not _shows_decimals(number_format):
        return str(value)
    if isinstance(value, int | float):
        return _number_text(float(value), number_format or "General")
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            return value.isoformat()
        return _date_text(value.date(), number_format or "")
    if isinstance(value, dt.date):
        return _date_text(value, number_format or "")
    if isinstance(value, dt.time | dt.timedelta):
        raise CellError(msg("a time of day or a duration; write a date, a number or text"))
    if isinstance(value, str):
        return value
    raise CellError(
        msg("a {name} cannot be read; write a number or text", name=type(value).__name__)
    )


def _shows_decimals(number_format: str | None) -> bool:
    """Whether a number format shows decimals or a percentage (not "General", "0")."""
    section = (number_format or "").split(";")[0]
    return "%" in section or re.search(r"\.[0#?]", section) is not None


def _number_text(value: float, number_format: str) -> str:
    """*value* written as its number format shows it: its decimals, a percentage as the
    number of percent ("16.0%" is 16.0), never a thousands separator."""
    if not math.isfinite(value):
        raise CellError(msg("the number is not finite"))
    section = number_format.split(";")[0]
    if "%" in section:
        value *= 100
    frac = re.search(r"\.([0#?]+)", section)
    if frac:
        decimals = frac.group(1).count("0")
        return f"{value:.{decimals}f}"
    if value.is_integer() and abs(value) < 10**MAX_DIGITS:
        return str(int(value))
    if "%" in section:
        return f"{round(value, MAX_DIGITS - 2):.{MAX_DIGITS}g}"
    return repr(value)


def _date_text(day: dt.date, number_format: str) -> str:
    """A date as ISO text; a month or a year when the cell shows no day (Excel turns
    "2024-12" typed in a cell into 1 Dec 2024, shown without its day)."""
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]', "", number_format.lower())
    if "y" in fmt and "d" not in fmt:
        return f"{day.year:04d}-{day.month:02d}" if "m" in fmt else f"{day.year:04d}"
    return day.isoformat()
