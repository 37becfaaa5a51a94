"""Checks' formulas: arithmetic over ``{observation-id}`` references and numbers.

Evaluated with Python's ``ast`` and a whitelist of nodes (+, -, *, /, unary
minus, parentheses, numbers), never with ``eval``.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Mapping

_REF = re.compile(r"\{([^{}]*)\}")
_OPS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
MAX_FORMULA_CHARS = 2000


class FormulaError(ValueError):
    pass


def references(formula: str) -> list[str]:
    """Observation ids a formula refers to, in order of appearance."""
    return [m.strip() for m in _REF.findall(formula)]


def evaluate(
    formula: str, values: Mapping[str, float], fmt: Callable[[float], str]
) -> tuple[float, str]:
    """Return (value, expression with the values substituted and formatted)."""
    if len(formula) > MAX_FORMULA_CHARS:
        raise FormulaError(f"formula is longer than {MAX_FORMULA_CHARS} characters")
    names: dict[str, float] = {}
    unknown: list[str] = []

    def sub(m: re.Match[str]) -> str:
        key = m.group(1).strip()
        if key not in values:
            unknown.append(key)
            return "0"
        var = f"_v{len(names)}"
        names[var] = float(values[key])
        return var

    code = _REF.sub(sub, formula)
    if unknown:
        raise FormulaError("unknown observation " + ", ".join(repr(u) for u in unknown))
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError:
        raise FormulaError(f"cannot read formula {formula!r}") from None

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise FormulaError("division by zero")
            return _OPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        raise FormulaError(f"formula {formula!r} may use only numbers, {{ids}}, + - * / and ( )")

    value = ev(tree)

    def show(m: re.Match[str]) -> str:
        return fmt(float(values[m.group(1).strip()]))

    expression = " ".join(_REF.sub(show, formula).split())
    expression = expression.replace("*", "×").replace("/", "÷")
    return value, expression
