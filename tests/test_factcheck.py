"""The fact-check's rules in the model: figures as published (qualifier, decimals,
unit), one minus sign and one style of ranges. No Qt here."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.model.types import (
    Poll,
    fmt_number,
    fmt_period,
    fmt_signed,
    fmt_value,
    with_unit,
)

MINUS = "\u2212"

# -- numbers, units and ranges as printed ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (-10, None, "−10"),
        (-725.7, None, "−725.7"),
        (-1234567, None, "−1,234,567"),
        (16.0, 1, "16.0"),  # as published
        (4.6044, 2, "4.60"),
        (-16.700000000000045, 1, "−16.7"),
        (-0.001, 2, "0.00"),  # never "−0.00"
        (-0.0, None, "0"),
        (-1e-20, None, "0"),
        (6000, 0, "6,000"),
    ],
)
def test_numbers_have_one_minus_sign_and_their_decimals(value, decimals, shown):
    assert fmt_number(value, decimals) == shown


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_a_printed_number_never_has_a_hyphen_and_reads_back(x):
    text = fmt_number(x)
    assert "-" not in text
    back = float(text.replace(",", "").replace(MINUS, "-"))
    # integers exactly, others to the digits shown (2 decimals, or 3 significant below 0.1)
    assert math.isclose(back, x, rel_tol=0.01, abs_tol=0.005 + 1e-9 * abs(x))
    assert text.startswith(MINUS) == (back < 0)


@pytest.mark.parametrize(
    ("x", "decimals", "shown"),
    [(188, None, "+188"), (-10, None, "−10"), (0, None, "0"), (0.6044, 2, "+0.60"), (0, 2, "0.00")],
)
def test_differences_are_signed(x, decimals, shown):
    assert fmt_signed(x, decimals) == shown


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ((6000, "drones and missiles", "over", 0), "over 6,000 drones and missiles"),
        ((28, "km²/day", "about", 0), "about 28 km²/day"),
        ((3, "×", "", 0), "3×"),  # no space in "3×"
        ((16.0, "%", None, 1), "16.0%"),
        ((4.6, "×", "", None), "4.6×"),
        ((125800, "people", float("nan"), float("nan")), "125,800 people"),
    ],
)
def test_a_value_prints_with_its_qualifier_decimals_and_unit(args, shown):
    assert fmt_value(*args) == shown


def test_units_are_spaced_except_times_and_percent():
    assert with_unit("3.03", "×") == "3.03×"
    assert with_unit("16.0", "%") == "16.0%"
    assert with_unit("1,630.3", "km²") == "1,630.3 km²"
    assert with_unit("5", "") == "5"


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2024-09-01", "2024-11-30", "Sep–Nov 2024"),
        ("2023-12-01", "2024-02-29", "Dec 2023–Feb 2024"),
        ("2024-11-01", "2024-11-30", "Nov 2024"),
        ("2024-11-15", "2024-11-27", "15–27 Nov 2024"),
        ("2024-10-28", "2024-11-03", "28 Oct–3 Nov 2024"),
        ("2024-12-30", "2025-01-02", "30 Dec 2024–2 Jan 2025"),
        ("2024-11-21", "2024-11-21", "21 Nov 2024"),
    ],
)
def test_one_style_of_ranges(start, end, shown):
    assert fmt_period(pd.Timestamp(start), pd.Timestamp(end)) == shown


def test_fieldwork_is_a_range_of_that_style():
    poll = Poll("p", "X", "q", (), fieldwork_start=dt.date(2024, 11, 15))
    assert poll.fieldwork_text() == "15 Nov 2024"
    poll = Poll("p", "X", "q", (), None, dt.date(2024, 11, 15), dt.date(2024, 11, 27))
    assert poll.fieldwork_text() == "15–27 Nov 2024"
