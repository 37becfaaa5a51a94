"""Checks' formulas: arithmetic over {observation-id} and numbers, never eval."""

from __future__ import annotations

import pytest

from briefing_app.model.fmt import fmt_number
from briefing_app.model.formula import MAX_FORMULA_CHARS, FormulaError, evaluate, references
from briefing_app.model.types import CheckResult

VALUES = {
    "sep": 38130.0,
    "oct": 41980.0,
    "nov": 45680.0,
    "rate": 1523.0,
    "zero": 0.0,
    "deficit": -27891.37,
    "small": 0.0034,
    "e-1": 2.0,
}


def ev(formula: str) -> tuple[float, str]:
    return evaluate(formula, VALUES, fmt_number)


@pytest.mark.parametrize(
    ("formula", "value", "expression"),
    [
        ("{sep} + {oct} + {nov}", 125790, "38,130 + 41,980 + 45,680 = 125,790"),
        ("{rate} * 30", 45690, "1,523 × 30 = 45,690"),
        ("({nov} - {sep}) / 2", 3775, "(45,680 − 38,130) ÷ 2 = 3,775"),
        ("-{sep} + {oct}", 3850, "−38,130 + 41,980 = 3,850"),
        ("2 * -3 + 1", -5, "2 × −3 + 1 = −5"),
        ("1 - - 1", 2, "1 − − 1 = 2"),
        ("10 - 4 - 3", 3, "10 − 4 − 3 = 3"),  # left to right
        ("2 + 3 * 4", 14, "2 + 3 × 4 = 14"),  # * before +
        ("((1) + (2)) * (3)", 9, "((1) + (2)) × (3) = 9"),
        ("1.5e3 + .5", 1500.5, "1.5e3 + .5 = 1,500.5"),
        ("{ oct }", 41980, "41,980"),  # a single figure shows once
        # a negative figure in brackets: "-{x}" of -5 is "−(−5)", not "−−5"
        ("-{deficit}", 27891.37, "−(−27,891.37) = 27,891.37"),
        ("{sep} + {deficit}", 10238.63, "38,130 + (−27,891.37) = 10,238.63"),
        # an exponent keeps its hyphen; ids with hyphens are not minus signs
        ("1.5e-3 * 1000 - {sep}", -38128.5, "1.5e-3 × 1000 − 38,130 = −38,128.5"),
        ("{e-1}-1", 1, "2−1 = 1"),
        # small figures keep their digits (two decimals would show 0)
        ("{small} * 60", 0.204, "0.0034 × 60 = 0.2"),
        ("{small} / 60", 0.0034 / 60, "0.0034 ÷ 60 = 0.0000567"),
    ],
)
def test_formulas_evaluate_with_the_figures_shown(formula, value, expression):
    result, expr = ev(formula)
    assert result == pytest.approx(value)
    shown = CheckResult("c", "t", "", formula, expr, result).computed_text
    assert shown == expression


def test_references_are_listed_in_order():
    assert references("{nov} - {sep} + { oct }") == ["nov", "sep", "oct"]


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("{sep} + {dec}", "unknown observation 'dec'"),
        ("{a} + {b}", "unknown observation 'a', 'b'"),
        ("{sep} / {zero}", "formula '{sep} / {zero}' divides by zero"),
        ("1e308 * 10", "formula '1e308 * 10' gives no finite number"),
        ("9" * 400, "gives no finite number"),
        ("", "formula is empty"),
        ("{sep} {oct}", "an operator is missing before '{oct}'"),
        ("{sep} +", "it ends with an operator"),
        ("({sep} + 1", "unbalanced '('"),
        ("{sep} + 1)", "unbalanced ')'"),
        ("* 3", "'*' needs a value before it"),
        ("2 ** 3", "'*' needs a value before it"),
        (
            "__import__('os').system('true')",
            "cannot read formula \"__import__('os').system('true')\": use numbers, "
            "{observation-id}, + - * / and ( )",
        ),
        ("{sep} ^ 2", "'^ 2' is not allowed"),
        ("0x10", "'x10' is not allowed"),
        ("1_000", "'_000' is not allowed"),
        ("x" * (MAX_FORMULA_CHARS + 1), "formula is 2,001 characters; the limit is 2,000"),
    ],
)
def test_bad_formulas_are_refused_with_a_reason(formula, message):
    with pytest.raises(FormulaError) as info:
        ev(formula)
    assert message in str(info.value)


def test_long_and_deep_formulas_do_not_recurse():
    # these crashed the ast-based evaluator (RecursionError, OverflowError)
    assert ev("+".join(["1"] * 999))[0] == 999
    assert ev("(" * 500 + "1" + ")" * 500)[0] == 1
    assert ev("-" * 1500 + "1")[0] == 1


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (125790, "125,790"),
        (1522.666, "1,522.67"),
        (4.6, "4.6"),
        (0.123, "0.12"),
        (0.05, "0.05"),
        (0.0034, "0.0034"),
        (0.00225, "0.00225"),
        (0.00005, "0.00005"),
        (-0.0012, "−0.0012"),
        (152345678901.5, "152,345,678,901.5"),
        (1e-20, "0"),
    ],
)
def test_numbers_keep_their_digits(value, shown):
    assert fmt_number(value) == shown


def test_a_check_on_small_figures_shows_both_numbers_and_the_difference():
    check = CheckResult("c", "t", "", "{small}", "0.0034", 0.0034, reported=0.003, tolerance=0.0001)
    assert check.verdict() == (
        "Reported 0.003; computed 0.0034; difference +0.0004 (does not hold)"
    )
