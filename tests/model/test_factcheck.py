"""The fact-check's rules in the model: relations and judgements, figures as published
(qualifier, decimals, unit), one minus sign and one style of ranges, and figures later
than the briefing's "as of" date. No Qt here."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from conftest import FULL
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.content.blocks import source_uses
from briefing_app.content.chartdata import chart_data
from briefing_app.model import load_package
from briefing_app.model.fmt import fmt_number, fmt_period, fmt_signed, fmt_value, with_unit
from briefing_app.model.published import (
    check_decimals,
    decimals_of,
    published_date,
    rounding_unit,
)
from briefing_app.model.spec import RELATIONS, schema_for
from briefing_app.model.tables import read_table
from briefing_app.model.types import CheckResult, Poll, Source

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


# -- how a figure was published -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimals"),
    [("16.0", 1), ("4.60", 2), ("6000", 0), (" 1630.3 ", 1), ("1.5e3", 0), ("2.5e-3", 4)],
)
def test_decimals_as_written(text, decimals):
    assert decimals_of(text) == decimals


@pytest.mark.parametrize(
    ("value", "decimals", "unit"),
    [(6000, 0, 1000), (4, 0, 1), (45680, 0, 10), (4.6, 2, 0.01), (0, 0, 1), (0.003, None, 0.001)],
)
def test_rounding_unit_of_a_published_figure(value, decimals, unit):
    assert rounding_unit(value, decimals) == pytest.approx(unit)


@pytest.mark.parametrize(
    ("computed", "used", "decimals"),
    [
        (6188 / 1344, [0, 0, 0], 2),  # 4.60, beside 3.03
        (125790, [0, 0, 0, 0], 0),
        (1630.3, [1, 1, 1, 0], 1),
        (28.8, [0, 0, 0], 1),  # shown exactly with one decimal
        (16.0, [1], 1),
        (0.0034 / 60, [4], None),  # tiny: the default keeps three significant digits
    ],
)
def test_a_checks_decimals(computed, used, decimals):
    assert check_decimals(computed, used) == decimals


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025-01-07", dt.date(2025, 1, 7)),
        ("2024-12", dt.date(2024, 12, 1)),  # its earliest day: later only if surely later
        ("2025", dt.date(2025, 1, 1)),
        ("Dec 2024", None),
        ("daily", None),
        ("", None),
        ("2024-13-01", None),
    ],
)
def test_published_dates(text, date):
    assert published_date(text) == date
    assert Source("s", "P", "T", published=text).published_date == date


def test_read_table_keeps_the_text_it_is_asked_for():
    data = b"poll,answer,share\np,Yes, 16.0 \np,No,4.60\n"
    result = read_table(data, "a.csv", schema_for("poll_answers"), keep_text=("share",))
    assert result.text["share"].tolist() == ["16.0", "4.60"]
    assert result.frame["share"].tolist() == [16.0, 4.6]
    assert read_table(data, "a.csv", schema_for("poll_answers")).text == {}


# -- relations and judgements -----------------------------------------------------------


def check(relation, computed, reported, tolerance=0.0, decimals=0, qualifier="", unit=""):
    return CheckResult(
        "c",
        "t",
        unit,
        "{x}",
        "x",
        computed,
        reported,
        "r",
        relation,
        tolerance,
        reported_qualifier=qualifier,
        reported_decimals=decimals,
    )


@pytest.mark.parametrize(
    ("relation", "computed", "reported", "tolerance", "judgement"),
    [
        # "four times" against 4.60: a floor that holds, but understates (4.60 rounds to 5)
        ("at_least", 6188 / 1344, 4, 0.5, "understates"),
        ("at_least", 6188 / 2045, 3, 0.5, "holds"),
        ("at_least", 2.6, 3, 0.5, "holds"),  # rounds to three
        ("at_least", 2.4, 3, 0.5, "does not hold"),
        # "over 6,000": strictly more; 6,188 rounds to 6,000 at the thousand
        ("more_than", 6188, 6000, 0, "holds"),
        ("more_than", 6000, 6000, 0, "does not hold"),
        ("at_least", 6000, 6000, 0, "holds"),
        ("more_than", 6600, 6000, 0, "understates"),
        # the symmetric pair
        ("at_most", 5000, 6000, 0, "overstates"),
        ("at_most", 5900, 6000, 0, "holds"),
        ("at_most", 6001, 6000, 0, "does not hold"),
        ("less_than", 6000, 6000, 0, "does not hold"),
        ("less_than", 5999, 6000, 0, "holds"),
        # "about 28" against 839 ÷ 30; the UK MoD's rounding of a daily average
        ("about", 839 / 30, 28, 0.5, "holds"),
        ("about", 21.6, 28, 0.5, "does not hold"),
        ("equal", 41974, 41980, 15.5, "holds"),
        ("equal", 45690, 45680, 0, "does not hold"),
        ("equal", 45690, 45680, 15, "holds"),
    ],
)
def test_judgements(relation, computed, reported, tolerance, judgement):
    c = check(relation, computed, reported, tolerance)
    assert c.judgement == judgement
    assert c.holds is (judgement != "does not hold")


def test_every_relation_of_the_format_is_judged():
    for relation in RELATIONS:
        assert check(relation, 10, 10).holds is (relation not in ("more_than", "less_than"))
    assert check("equal", 1, None).judgement == "derived"


def test_a_verdict_prints_the_sources_qualifier_not_the_relation():
    c = check("more_than", 6188, 6000, qualifier="over", unit="drones and missiles")
    assert c.verdict() == (
        "Reported over 6,000 drones and missiles; computed x = 6,188 drones and missiles; "
        "difference +188 (holds)"
    )
    # without a qualifier, the verdict says how the figure was read
    c = check("at_least", 6188 / 1344, 4, 0.5, unit="×")
    c = CheckResult(**{**c.__dict__, "decimals": 2})
    assert c.verdict() == (
        "Reported 4× (checked as at least); computed x = 4.60×; "
        "difference +0.60 (understates: computed 4.60× against 4×)"
    )
    c = check("at_most", 5000, 6000, qualifier="under", unit="people")
    assert c.verdict().endswith("(overstates: computed 5,000 people against under 6,000 people)")


def test_a_check_of_a_later_figure_says_so():
    c = CheckResult("c", "t", "people", "{x}", "41,974", 41974, 41980, "r", "equal", 15.5)
    assert c.verdict() == "Reported 41,980 people; computed 41,974 people; difference −6 (holds)"
    later = CheckResult(**{**c.__dict__, "later": ("x",)})
    assert later.verdict() == (
        c.verdict() + " — uses a figure later than the briefing's as-of date"
    )


# -- the loader: decimals, qualifiers, later figures ----------------------------------------


def test_figures_print_as_published(make_package):
    pkg = make_package(
        {
            "observations.csv": lambda t: t.replace(",100,people", ",100.0,people").replace(
                "the ministry,reported,,", "the ministry,reported,over,"
            )
        }
    )
    b = load_package(pkg).briefing
    assert b.observations["decimals"].tolist() == [1, 0, 0, 0]
    assert b.obs_text("m-09") == "100.0 people"
    assert b.obs_text("a-10") == "over 125 people"
    assert b.obs_text(b.observation_rows(["a-10"]).iloc[0], unit=False) == "over 125"
    c = b.checks["c1"]
    # the input as published, and the same decimals for the computed figure and difference
    assert c.verdict() == (
        "Reported 230 people; computed 100.0 + 120 = 220.0 people; difference −10.0 (does not hold)"
    )
    chart = b.tabs[0].charts[0]
    frame = chart_data(b, chart).table
    assert frame.loc[frame["id"] == "a-10", "qualifier"].tolist() == ["over"]
    # a chart frame's row has no qualifier of its own to lose: obs_text looks it up
    assert b.obs_text(frame[frame["id"] == "a-10"].iloc[0]) == "over 125 people"


def test_poll_shares_print_as_published(make_package):
    pkg = make_package({"poll_answers.csv": lambda t: t.replace(",10\n", ",10.0\n")}, base=FULL)
    b = load_package(pkg).briefing
    answers = b.polls["poll1"].answers
    assert [a.share_text for a in answers] == ["52%", "38%", "10.0%"]
    assert answers[2].decimals == 1


def _sources(art: str = "2024-12-01", gs: str = "daily") -> str:
    return (
        "id,publisher,short_name,title,published,url,note\n"
        f'art,Example News,,"Example article",{art},https://example.org/a,\n'
        f"gs,General Staff,GS,daily loss reports,{gs},,\n"
    )


@pytest.mark.parametrize(
    ("art", "gs", "later"),
    [
        ("2024-12-01", "daily", set()),  # as_of is 2024-12-01: the same day is not later
        ("2025-01-07", "daily", {"a-10", "a-tot"}),  # published only through a later article
        ("2025-01-07", "2024-11-01", set()),  # the origin's own date comes first
        ("2024-12", "daily", set()),  # a month is later only if surely later
        ("2025", "daily", {"a-10", "a-tot"}),
        ("Dec 2024", "2025-02-01", {"m-09", "m-10", "a-10", "a-tot"}),
    ],
)
def test_which_figures_are_later_than_as_of(make_package, art, gs, later):
    b = load_package(make_package({"sources.csv": _sources(art, gs)})).briefing
    assert b.as_of == dt.date(2024, 12, 1)
    assert {i for i in b.observations["id"] if b.observation_is_later(i)} == later
    assert b.source_is_later("art") is b.is_later(published_date(art))
    c = b.checks["c1"]
    assert set(c.later) == later & {"m-09", "m-10", "a-tot"}
    assert c.verdict().endswith("later than the briefing's as-of date") is bool(c.later)
    frame = chart_data(b, b.tabs[0].charts[0]).table
    assert {i for i, x in zip(frame["id"], frame["later"], strict=True) if x} == later & set(
        frame["id"]
    )
    mark = "(later than the briefing's as-of date)"
    assert len([u for u in source_uses(b, "gs") if u.endswith(mark)]) == len(later)


def test_a_period_after_as_of_is_later(make_package):
    pkg = make_package(
        {
            "observations.csv": lambda t: t.replace(
                "2024-10-01,2024-10-31,120", "2024-12-01,2024-12-31,120"
            )
        }
    )
    b = load_package(pkg).briefing
    assert b.observation_is_later("m-10")
    assert not b.observation_is_later("m-09")
    assert not b.observation_is_later("no-such-id")
