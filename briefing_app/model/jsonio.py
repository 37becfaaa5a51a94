"""Read JSON as a package states it: strictly, with problems in plain words.

Used for ``datapackage.json`` and for a Table Schema kept in a file of its own.
Nothing here raises on bad input: each function returns the problems it found.
"""

from __future__ import annotations

import json
from typing import Any

from briefing_app.model.csvtext import decode_text
from briefing_app.model.i18n import Message, msg, nmsg
from briefing_app.model.limits import MAX_CELL_CHARS
from briefing_app.model.problems import Problem, Severity
from briefing_app.model.reasons import json_syntax_words
from briefing_app.model.storage import DESCRIPTOR


class _JSONConstantError(ValueError):
    """NaN, Infinity or -Infinity in JSON, which the standard does not allow."""


def json_error_words(exc: json.JSONDecodeError, text: str) -> str:
    """What is wrong at a JSON syntax error of *text*, in plain words."""
    if not text[exc.pos :].strip():
        return msg("the file ends too early (is it cut short?)")
    return json_syntax_words(exc.msg)


def invalid_json(exc: json.JSONDecodeError, text: str) -> Message:
    """The problem of a JSON syntax error: where it is, and what is wrong, in words."""
    # line and column are places, not amounts: written as they are (no separators)
    return msg(
        "invalid JSON on line {line}, column {column}: {what}",
        line=str(exc.lineno),
        column=str(exc.colno),
        what=json_error_words(exc, text),
    )


def json_kind(value: Any) -> str:
    """What a JSON value is, in words: 'a number', 'a list', ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return msg("a number")
    if isinstance(value, str):
        return msg("text")
    if isinstance(value, list):
        return msg("a list")
    if isinstance(value, dict):
        return msg("an object")
    return type(value).__name__  # pragma: no cover


def parse_json(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse JSON strictly: NaN and Infinity are refused, repeated keys warned of.

    Returns (None, problems) when *text* is not JSON.
    """
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
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        return None, [Problem(file, invalid_json(exc, text), row=exc.lineno)]
    except _JSONConstantError as exc:
        message = msg(
            "invalid JSON: {value} is not a JSON number; write a number or null",
            value=exc.args[0],
        )
        return None, [Problem(file, message)]
    except RecursionError:
        return None, [Problem(file, msg("invalid JSON: nested too deeply"))]
    return value, [
        Problem(
            file,
            msg("key {index} appears twice in one object; the last one is used", index=repr(k)),
            severity=Severity.WARNING,
        )
        for k in repeated
    ]


def read_json(data: bytes, file: str) -> tuple[Any, list[Problem]]:
    """Decode *data* as UTF-8 and parse it; (None, problems) if either fails."""
    text, problems = decode_text(data, file)
    if text is None:
        return None, problems
    value, more = parse_json(text, file)
    return value, problems + more


def long_string_problems(obj: Any, where: str = "", depth: int = 0) -> list[Problem]:
    """Texts in the descriptor longer than a table cell may be, each at its place.

    Also refuses nesting deeper than 50, so that nothing later recurses too far.
    """
    out: list[Problem] = []
    _long_strings(obj, where, depth, out)
    return out


def _long_strings(obj: Any, where: str, depth: int, out: list[Problem]) -> None:
    # the descriptor's own problems are located in datapackage.json, whatever its name
    if depth > 50:
        out.append(Problem(DESCRIPTOR, msg("nested too deeply"), field=where or None))
        return
    if isinstance(obj, str) and len(obj) > MAX_CELL_CHARS:
        message = nmsg(
            "text is {n} character; the limit is {limit}",
            "text is {n} characters; the limit is {limit}",
            len(obj),
            n=len(obj),
            limit=MAX_CELL_CHARS,
        )
        out.append(Problem(DESCRIPTOR, message, field=where or None))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _long_strings(v, f"{where}.{k}" if where else str(k), depth + 1, out)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _long_strings(v, f"{where}[{i}]", depth + 1, out)
