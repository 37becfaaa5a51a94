"""Checks' formulas: arithmetic over ``{observation-id}`` references and numbers.

A formula such as ``{m-09} + {m-10}`` or ``({a} - {b}) / 30`` may use numbers,
``{id}`` references to observations, ``+ - * /``, unary minus and parentheses.
It is read by a small tokenizer and evaluated without recursion (shunting-yard),
never with ``eval``, so that no formula, however long or nested, can crash the
loader.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping

from briefing_app.model.i18n import msg, nmsg
from briefing_app.model.limits import VALUE_RULE, value_in_range

_REF = re.compile(r"\{([^{}]*)\}")
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<ref>\{[^{}]*\})"
    r"|(?P<op>[-+*/()])"
    r")"
)
_BINARY: dict[str, tuple[int, Callable[[float, float], float]]] = {
    "+": (1, operator.add),
    "-": (1, operator.sub),
    "*": (2, operator.mul),
    "/": (2, operator.truediv),
}
_NEG = "neg"  # unary minus on the operator stack
_POS = "pos"  # unary plus
MAX_FORMULA_CHARS = 2000
#: the minus sign shown in expressions (U+2212)
MINUS = "\u2212"
#: a minus outside references and not in a number's exponent
_MINUS = re.compile(r"(?<![eE])-(?![^{]*\})")
HELP = msg("use numbers, {{observation-id}}, + - * / and ( )")


class FormulaError(ValueError):
    pass


def references(formula: str) -> list[str]:
    """Observation ids a formula refers to, in order of appearance."""
    return [m.strip() for m in _REF.findall(formula)]


def _tokens(formula: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    end = len(formula.rstrip())
    while pos < end:
        m = _TOKEN.match(formula, pos)
        if m is None or m.end() == pos:
            bad = formula[pos:].strip()
            if bad == formula.strip():
                raise FormulaError(
                    msg(
                        "cannot read formula {formula}: {help}",
                        formula=repr(_short(formula)),
                        help=HELP,
                    )
                )
            raise FormulaError(
                msg(
                    "cannot read formula {formula}: {bad} is not allowed; {help}",
                    formula=repr(_short(formula)),
                    bad=repr(_short(bad, 20)),
                    help=HELP,
                )
            )
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def evaluate(
    formula: str,
    values: Mapping[str, float],
    fmt: Callable[[float], str],
    shown: Mapping[str, str] | None = None,
) -> tuple[float, str]:
    """Return (value, expression with the values substituted and formatted).

    A reference is shown as ``shown[id]`` when given (the figure as published, e.g.
    "16.0"), else as ``fmt(value)``. In the expression ``*`` and ``/`` read ``×`` and
    ``÷``, and a minus is the minus sign (U+2212).

    Raises FormulaError, with a message for the reader, on anything else.
    """
    if not isinstance(formula, str) or not formula.strip():
        raise FormulaError(msg("formula is empty"))
    if len(formula) > MAX_FORMULA_CHARS:
        raise FormulaError(
            nmsg(
                "formula is {count} character; the limit is {limit}",
                "formula is {count} characters; the limit is {limit}",
                len(formula),
                count=len(formula),
                limit=MAX_FORMULA_CHARS,
            )
        )
    unknown = [r for r in references(formula) if r not in values]
    if unknown:
        raise FormulaError(
            nmsg(
                "unknown observation {ids}",
                "unknown observation {ids}",
                len(unknown),
                ids=", ".join(repr(u) for u in unknown),
            )
        )

    output: list[float] = []
    ops: list[str] = []

    def apply(op: str) -> None:
        if op in (_NEG, _POS):
            if not output:
                raise FormulaError(
                    msg(
                        "cannot read formula {formula}: {help}",
                        formula=repr(_short(formula)),
                        help=HELP,
                    )
                )
            if op == _NEG:
                output[-1] = -output[-1]
            return
        if len(output) < 2:
            raise FormulaError(
                msg(
                    "cannot read formula {formula}: {help}",
                    formula=repr(_short(formula)),
                    help=HELP,
                )
            )
        right = output.pop()
        left = output.pop()
        if op == "/" and right == 0:
            raise FormulaError(
                msg("formula {formula} divides by zero", formula=repr(_short(formula)))
            )
        result = _BINARY[op][1](left, right)
        if not math.isfinite(result):
            # no step may overflow: 1 / ({a} * {a} * ...) is not 0
            raise FormulaError(
                msg("formula {formula} gives no finite number", formula=repr(_short(formula)))
            )
        output.append(result)

    expect_operand = True
    for kind, text in _tokens(formula):
        if kind in ("number", "ref"):
            if not expect_operand:
                raise FormulaError(
                    msg(
                        "cannot read formula {formula}: an operator is missing before {text}",
                        formula=repr(_short(formula)),
                        text=repr(text),
                    )
                )
            if kind == "number":
                output.append(float(text))
            else:
                output.append(float(values[text[1:-1].strip()]))
            expect_operand = False
        elif text == "(":
            if not expect_operand:
                raise FormulaError(
                    msg(
                        "cannot read formula {formula}: an operator is missing before '('",
                        formula=repr(_short(formula)),
                    )
                )
            ops.append("(")
        elif text == ")":
            while ops and ops[-1] != "(":
                apply(ops.pop())
            if not ops or expect_operand:
                raise FormulaError(
                    msg(
                        "cannot read formula {formula}: unbalanced ')'",
                        formula=repr(_short(formula)),
                    )
                )
            ops.pop()
            expect_operand = False
        elif expect_operand:
            if text not in "+-":
                raise FormulaError(
                    msg(
                        "cannot read formula {formula}: {text} needs a value before it",
                        formula=repr(_short(formula)),
                        text=repr(text),
                    )
                )
            ops.append(_NEG if text == "-" else _POS)
        else:
            prec = _BINARY[text][0]
            # left-associative; unary operators bind tighter than any binary one
            while (
                ops and ops[-1] != "(" and (ops[-1] in (_NEG, _POS) or _BINARY[ops[-1]][0] >= prec)
            ):
                apply(ops.pop())
            ops.append(text)
            expect_operand = True
    if expect_operand:
        raise FormulaError(
            msg(
                "cannot read formula {formula}: it ends with an operator",
                formula=repr(_short(formula)),
            )
        )
    while ops:
        op = ops.pop()
        if op == "(":
            raise FormulaError(
                msg("cannot read formula {formula}: unbalanced '('", formula=repr(_short(formula)))
            )
        apply(op)
    if len(output) != 1:  # pragma: no cover - the grammar above prevents it
        raise FormulaError(
            msg("cannot read formula {formula}: {help}", formula=repr(_short(formula)), help=HELP)
        )
    value = output[0]
    if not math.isfinite(value):
        raise FormulaError(
            msg("formula {formula} gives no finite number", formula=repr(_short(formula)))
        )
    if not value_in_range(value):
        raise FormulaError(
            msg(
                "formula {formula} gives {value}, which is too large: {rule}",
                formula=repr(_short(formula)),
                value=format(value, ".3g"),
                rule=VALUE_RULE,
            )
        )

    def show(m: re.Match[str]) -> str:
        key = m.group(1).strip()
        v = float(values[key])
        text = shown[key] if shown is not None and key in shown else fmt(v)
        # in brackets when negative: "-{a}" of -5 reads "−(−5)", not "−−5"
        return f"({text})" if v < 0 else text

    # operators first (a number's exponent, 1e-3, keeps its hyphen), then the figures
    operators = _MINUS.sub(MINUS, formula).replace("*", "×").replace("/", "÷")
    expression = " ".join(_REF.sub(show, operators).split())
    return value, expression
