"""The bundled briefing (data/ukraine-2024-12): valid, and its figures are the real ones.

No Qt here.  The cross-checks against the public data sets read ``../shared``
beside the repository and are skipped cleanly when it is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT

from briefing_app.content.chartdata import chart_data
from briefing_app.model import Briefing, Severity, load_package

SHARED = ROOT.parent / "shared"
DERIVED = SHARED / "data" / "derived"
NOTES = SHARED / "research" / "source-notes.md"

TAB_ORDER = [
    ("casualties", "topic"),
    ("territory", "topic"),
    ("air-strikes", "topic"),
    ("negotiations", "negotiations"),
    ("polling", "polling"),
    ("timeline", "timeline"),
    ("sources", "sources"),
]

#: The checks that do not hold, and by how much (computed − reported).
FAILING_CHECKS = {
    "cas-article-sum": -10,
    "cas-gs-sum": 30,
    "cas-nov-vs-gs": 40,
    "terr-vs-isw-control": -725.7,
    "terr-vs-deepstate": -730,
    "terr-vs-liveuamap": -386,
    "terr-nov-rate-vs-isw": 839 / 30 - 27,
}


@pytest.fixture(scope="module")
def result():
    saved = os.environ.pop("BRIEFING_APP_DATA", None)
    try:
        return load_package()
    finally:
        if saved is not None:
            os.environ["BRIEFING_APP_DATA"] = saved


@pytest.fixture(scope="module")
def b(result) -> Briefing:
    assert result.briefing is not None, [str(p) for p in result.errors]
    return result.briefing


def _text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def obs(b: Briefing, oid: str) -> dict:
    rows = b.observations[b.observations["id"] == oid]
    assert len(rows) == 1, oid
    return rows.iloc[0].to_dict()


def value(b: Briefing, oid: str) -> float:
    return float(obs(b, oid)["value"])


def attribution(b: Briefing, oid: str) -> str:
    r = obs(b, oid)
    return b.attribution(
        _text(r["source"]), tuple(_text(r["via"]).split()), _text(r["article_attribution"])
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        pytest.skip(f"{path} is not available (shared data beside the repository)")
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- validity -----------------------------------------------------------------


def test_bundled_package_is_valid(result):
    assert result.ok, [str(p) for p in result.errors]
    assert result.errors == []
    b = result.briefing
    assert b.name == "ukraine-2024-12"
    assert b.as_of == dt.date(2024, 12, 10)
    assert b.version == "1.0.0"
    assert b.source_article == "src-article"
    assert b.caveat and b.licence


def test_no_package_warnings_and_the_findings_are_the_checks_that_disagree(result):
    assert result.warnings == [], "the bundled package has nothing wrong with it"
    found = {}
    for p in result.findings:
        assert p.severity == Severity.FINDING
        assert p.file == "checks.csv", str(p)
        m = re.match(r"check '([^']+)' (does not hold|understates)", p.message)
        assert m, str(p)
        found[m.group(1)] = m.group(2)
    # the checks that do not hold, and "four times" against 4.60, which understates
    assert found == {
        **dict.fromkeys(FAILING_CHECKS, "does not hold"),
        "air-ratio-2023": "understates",
    }


def test_tabs_in_order(b):
    assert [(t.id, t.kind) for t in b.tabs] == TAB_ORDER
    for t in b.tabs[:5]:
        assert t.takeaway.strip(), t.id
        assert t.notes.strip(), t.id
        # the takeaway is one sentence
        assert len(re.findall(r"[.!?](\s|$)", t.takeaway.strip())) == 1, t.takeaway


# -- checks -------------------------------------------------------------------


def test_headline_total_check_does_not_hold_by_ten(b):
    c = b.checks["cas-article-sum"]
    assert c.reported == 125_800
    assert c.computed == 125_790
    assert c.holds is False
    assert c.difference == -10
    assert c.expression == "38,130 + 41,980 + 45,680"
    assert "difference −10 (does not hold)" in c.verdict()


@pytest.mark.parametrize(("check_id", "difference"), sorted(FAILING_CHECKS.items()))
def test_failing_checks(b, check_id, difference):
    c = b.checks[check_id]
    assert c.holds is False
    assert c.difference == pytest.approx(difference)


@pytest.mark.parametrize(
    ("check_id", "computed", "judgement"),
    [
        ("cas-sep-vs-gs", 38_130, "holds"),
        ("cas-oct-vs-gs", 41_980, "holds"),
        ("cas-sep-vs-ukmod", 38_130, "holds"),
        # rounding of the UK MoD's daily average: within half a person a day × days
        ("cas-oct-vs-ukmod", 41_974, "holds"),
        ("cas-nov-vs-ukmod", 45_690, "holds"),
        ("terr-nov-rate-isw-own", 839 / 30, "holds"),
        ("air-over-6000", 6_188, "holds"),
        ("air-ratio-jun-aug", 6188 / 2045, "holds"),
        ("air-ratio-2023", 6188 / 1344, "understates"),
    ],
)
def test_checks_that_hold(b, check_id, computed, judgement):
    c = b.checks[check_id]
    assert c.holds is True
    assert c.judgement == judgement
    assert c.computed == pytest.approx(computed)


def test_ratio_checks(b):
    three = b.checks["air-ratio-jun-aug"]
    assert round(three.computed, 2) == 3.03
    assert three.expression == "6,188 ÷ 2,045"
    assert (three.relation, three.tolerance) == ("at_least", 0.5)
    assert three.verdict() == (
        "Reported 3× (checked as at least); computed 6,188 ÷ 2,045 = 3.03×; "
        "difference +0.03 (holds)"
    )
    four = b.checks["air-ratio-2023"]
    assert round(four.computed, 2) == 4.60
    assert (four.relation, four.tolerance) == ("at_least", 0.5)
    # "four times" against 4.60 is not false: it understates the rise
    assert four.verdict() == (
        "Reported 4× (checked as at least); computed 6,188 ÷ 1,344 = 4.60×; "
        "difference +0.60 (understates: computed 4.60× against 4×)"
    )
    over = b.checks["air-over-6000"]
    assert over.relation == "more_than"
    assert obs(b, "vdov-2024-09-11")["qualifier"] == "over"
    # the source's own qualifier, not the relation's words
    assert over.verdict().startswith("Reported over 6,000 drones and missiles; computed ")
    assert over.verdict().endswith("= 6,188 drones and missiles; difference +188 (holds)")
    assert b.checks["air-ratio-all-drones"].computed == pytest.approx(6380 / 2430)
    assert b.checks["air-ratio-all-drones"].verdict() == "Computed: 6,380 ÷ 2,430 = 2.63×"


def test_vdovychenko_checks_name_her(b):
    for cid in ("air-over-6000", "air-ratio-jun-aug", "air-ratio-2023"):
        c = b.checks[cid]
        assert "Vdovychenko" in c.title, cid
        assert attribution(b, c.reported_id or "").startswith(
            "Victoria Vdovychenko (Centre for Defence Strategies), relayed by Al Jazeera"
        ), cid


def test_about_prints_the_sources_qualifier(b):
    c = b.checks["terr-nov-rate-isw-own"]
    assert (c.relation, c.tolerance, c.reported_qualifier) == ("about", 0.5, "about")
    assert c.verdict() == (
        "Reported about 28 km²/day; computed 839 ÷ 30 = 27.97 km²/day; difference −0.03 (holds)"
    )
    assert b.obs_text("isw-own-rate-2024-11") == "about 28 km²/day"
    assert "terr-nov-rate-isw-own" in b.tabs[1].checks


def test_uk_mod_tolerances_are_the_rounding_of_a_daily_average(b):
    # half a person a day, times the days of the month
    for cid, days in (("cas-sep-vs-ukmod", 30), ("cas-oct-vs-ukmod", 31), ("cas-nov-vs-ukmod", 30)):
        c = b.checks[cid]
        assert c.tolerance == 0.5 * days, cid
        assert f"half a person a day × {days} = {0.5 * days:g}" in c.note, cid
        assert c.holds is True, cid


def test_november_cross_checks(b):
    assert b.checks["cas-nov-vs-ukmod"].expression == "1,523 × 30"
    assert b.checks["cas-nov-vs-ukmod"].computed == 45_690
    assert b.checks["cas-gs-sum"].computed == 125_830


def test_implied_september_is_a_derivation(b):
    oct_nov = b.checks["terr-oct-nov-from-rates"]
    assert oct_nov.computed == 1_492
    assert oct_nov.expression == "22 × 31 + 27 × 30"
    sep = b.checks["terr-implied-september"]
    assert sep.reported is None and sep.holds is None
    assert sep.computed == 864
    assert b.checks["terr-implied-september-rate"].computed == pytest.approx(28.8)
    assert sep.verdict().startswith("Computed: ")


# -- figures and attribution --------------------------------------------------


def test_article_figures_and_who_said_them(b):
    assert value(b, "art-2024-09") == 38_130
    assert value(b, "art-2024-10") == 41_980
    assert value(b, "art-2024-11") == 45_680
    assert attribution(b, "art-2024-09") == (
        "Ukrainian General Staff, reported by The Voice; source article attributes it to "
        "The General Staff of the Ukrainian Armed Forces"
    )
    assert attribution(b, "art-2024-11") == (
        "Ukrainian General Staff, relayed by UK MoD (5 Dec 2024), reported by The Voice; "
        "source article attributes it to Britain's Ministry of Defence"
    )
    assert value(b, "isw-cas-2024-09-11") == 125_800
    # the article implies, but does not say, that it is the General Staff's
    assert attribution(b, "isw-cas-2024-09-11") == "ISW, reported by The Voice"
    assert "implies" in obs(b, "isw-cas-2024-09-11")["note"]
    assert value(b, "isw-2024-09-11") == 2_356
    assert attribution(b, "isw-2024-09-11") == (
        "ISW, reported by The Voice; source article attributes it to "
        "the Institute for the Study of War (ISW)"
    )
    assert (value(b, "isw-rate-2024-10"), value(b, "isw-rate-2024-11")) == (22, 27)
    assert value(b, "vdov-2024-09-11") == 6_000
    assert attribution(b, "vdov-2024-09-11") == (
        "Victoria Vdovychenko (Centre for Defence Strategies), relayed by Al Jazeera, "
        "reported by The Voice"
    )
    assert value(b, "ukmod-avg-2024-11") == 1_523
    assert [value(b, f"ukmod-2024-{m}") for m in ("09", "10", "11")] == [38_130, 41_974, 45_690]


def test_casualty_chart_marks_the_article_figure(b):
    chart = b.tabs[0].charts[0]
    assert chart.kind == "bar"
    assert chart.highlight == (dt.date(2024, 9, 1), dt.date(2024, 11, 30))
    assert chart.reported == ("art-2024-11",)
    assert chart.events
    frame = chart_data(b, chart).table
    reported = frame[frame["id"] == "art-2024-11"]
    assert reported["value"].tolist() == [45_680]
    assert "Britain's Ministry of Defence" in reported["attribution"].iat[0]
    monthly = frame[frame["label"] == "General Staff monthly"]
    assert len(monthly) == 7  # May to November 2024


def test_every_chart_has_data(b):
    for tab in b.tabs:
        for chart in tab.charts:
            assert not chart_data(b, chart).table.empty, chart.id
            assert chart_data(b, chart).source_lines, chart.id


def test_every_row_behind_a_chart_carries_its_own_observations_attribution(b):
    rows = 0
    for tab in b.tabs:
        for chart in tab.charts:
            frame = chart_data(b, chart).table
            if "id" not in frame.columns:
                continue
            for oid, shown in zip(frame["id"], frame["attribution"], strict=True):
                assert shown == attribution(b, oid), (chart.id, oid)
                rows += 1
    # the relayed figures name every hand they passed through
    assert rows > 20
    relayed = attribution(b, "art-2024-11")
    assert "relayed by" in relayed and "Britain's Ministry of Defence" in relayed


def test_quotes_and_their_status(b):
    q = b.quotes
    assert q["vdovychenko-strategy"].status == "not-found"
    assert q["vdovychenko-6000"].status == "verified"
    assert q["putin-conditions"].status == "verified"
    assert q["zelenskyy-nato-umbrella"].status == "verified"
    assert q["grimes-peace"].status == "as-quoted"
    tabs = {t.id: t for t in b.tabs}
    assert set(tabs["air-strikes"].quotes) == {"vdovychenko-6000", "vdovychenko-strategy"}
    assert tabs["negotiations"].positions
    assert b.positions["ukraine-nato"].article_wording == "unconditional NATO membership"


def test_later_items_are_flagged(b):
    later = {c.id for c in b.claims.values() if b.is_later(c.date)}
    assert later == {"cas-december-2024", "terr-december-2024"}
    # the UK MoD month figures come from its update of 7 Jan 2025
    later_figures = {oid for oid in b.observations["id"] if b.observation_is_later(oid)}
    assert later_figures == {"ukmod-2024-09", "ukmod-2024-10", "ukmod-2024-11"}
    for oid in later_figures:
        assert b.observation_published(oid) == dt.date(2025, 1, 7)
        assert "later than this briefing's as-of date" in obs(b, oid)["note"]
    assert b.observation_published("art-2024-11") == dt.date(2024, 12, 5)
    assert {c.id for c in b.checks.values() if c.later} == {"cas-sep-vs-ukmod", "cas-oct-vs-ukmod"}
    for cid in ("cas-sep-vs-ukmod", "cas-oct-vs-ukmod"):
        assert "(update of 7 Jan 2025, later)" in b.checks[cid].title
        assert b.checks[cid].verdict().endswith("later than the briefing's as-of date")
    for cid in ("cas-september", "cas-october"):
        assert "later than this briefing" in b.claims[cid].cross_check
        assert "ukmod-2025-01" in b.claims[cid].sources
    assert b.claims["cas-december-2024"].date == dt.date(2025, 1, 7)
    poll = b.polls["necenter-2025-negotiate"]
    assert b.is_later(poll.fieldwork_start)
    for pid in ("necenter-2024-negotiate", "necenter-2024-circumstances"):
        p = b.polls[pid]
        assert (p.fieldwork_start, p.fieldwork_end) == (
            dt.date(2024, 11, 15),
            dt.date(2024, 11, 27),
        )
        assert not b.is_later(p.fieldwork_end)


def test_poll_answers(b):
    def shares(pid):
        return [a.share for a in b.polls[pid].answers]

    assert shares("necenter-2024-negotiate") == [64.1, 29.5]
    assert shares("necenter-2024-circumstances") == [39.1, 26.2, 16.0, 12.1, 2.6]
    # as published: "16.0", not "16"
    texts = [a.share_text for a in b.polls["necenter-2024-circumstances"].answers]
    assert texts == ["39.1%", "26.2%", "16.0%", "12.1%", "2.6%"]
    assert shares("necenter-2025-negotiate") == [64.9, 30.7]
    assert b.polls["necenter-2025-negotiate"].sample == 1000


def test_events(b):
    dates = sorted(e.date.isoformat() for e in b.events.values())
    assert dates == [
        "2024-06-14",
        "2024-11-05",
        "2024-11-05",
        "2024-11-17",
        "2024-11-19",
        "2024-11-21",
        "2024-11-29",
        "2025-01-20",
    ]
    for e in b.events.values():
        assert all(s in b.sources for s in e.sources)


# -- against the research notes and the public data sets ----------------------


def test_sources_as_the_research_notes_cite_them(b):
    if not NOTES.exists():
        pytest.skip("research notes are not available")
    lines = NOTES.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| id | publisher"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    assert len(rows) >= 13
    for sid, publisher, title, published, url in rows:
        src = b.sources[sid]
        assert src.publisher == publisher, sid
        assert src.title in title, sid
        assert src.published == published, sid
        assert src.url == ("" if url == "-" else url), sid


def test_general_staff_monthly_matches_the_data(b):
    rows = {r["month"]: r for r in read_csv(DERIVED / "gs_personnel_monthly.csv")}
    for m in ("2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11"):
        assert value(b, f"gs-{m}") == float(rows[m]["losses"]), m
    for m in ("2024-06", "2024-07"):
        assert value(b, f"gs-avg-{m}") == pytest.approx(float(rows[m]["per_day"]), abs=0.05)


def test_strike_weapons_match_the_data(b):
    data = {r["date"]: r for r in read_csv(DERIVED / "attacks_launched_monthly.csv")}
    months = ["2023-09", "2023-10", "2023-11", "2024-06", "2024-07", "2024-08"]
    months += ["2024-09", "2024-10", "2024-11"]
    for m in months:
        assert value(b, f"sw-{m}") == float(data[m]["strike_total"]), m

    def total(col, ms):
        return sum(float(data[m][col]) for m in ms)

    assert value(b, "sw-2023-09-11") == total("strike_total", months[0:3])
    assert value(b, "sw-2024-06-08") == total("strike_total", months[3:6])
    assert value(b, "sw-2024-09-11") == total("strike_total", months[6:9])
    assert value(b, "all-2024-06-08") == total("all_total", months[3:6])
    assert value(b, "all-2024-09-11") == total("all_total", months[6:9])


def test_isw_assessed_gains_match_the_data(b):
    data = {r["month"]: r for r in read_csv(DERIVED / "isw_assessed_control_monthly_gain.csv")}
    for m in ("2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11"):
        assert value(b, f"ctrl-{m}") == float(data[m]["gain_km2"]), m
    for m in ("2024-10", "2024-11"):
        assert value(b, f"ctrl-rate-{m}") == float(data[m]["per_day_km2"]), m
    sep_nov = sum(float(data[m]["gain_km2"]) for m in ("2024-09", "2024-10", "2024-11"))
    assert value(b, "ctrl-2024-09-11") == pytest.approx(sep_nov)


def test_deepstatemap_figures_match_the_data(b):
    area = {
        r["file_date"]: float(r["occupied_km2"])
        for r in read_csv(DERIVED / "deepstate_occupied_area_daily.csv")
    }
    # the areas the viewer computes from the map's polygons, and their change Sep–Nov
    for day in ("2024-07-08", "2024-08-01", "2024-09-01", "2024-10-01", "2024-11-01"):
        assert value(b, f"occupied-{day}.area") == pytest.approx(area[day], abs=0.15), day
    assert value(b, "occupied-2024-12-01.area") == pytest.approx(area["2024-12-01"], abs=0.15)
    assert value(b, "occupied-2024-12-01.change") == pytest.approx(
        area["2024-12-01"] - area["2024-09-01"], abs=0.15
    )
    oct_rate = (area["2024-11-01"] - area["2024-10-01"]) / 31
    nov_rate = (area["2024-12-01"] - area["2024-11-01"]) / 30
    assert value(b, "deepstate-rate-2024-10") == round(oct_rate, 1)
    assert value(b, "deepstate-rate-2024-11") == round(nov_rate, 1)


def test_uk_mod_month_figures_match_the_data(b):
    path = SHARED / "data" / "economist-ukraine" / "uk_mod_month_by_month_estimates.csv"
    rows = {(r["month"], r["year"]): r for r in read_csv(path)}
    for m, name in (("09", "september"), ("10", "october"), ("11", "november")):
        assert value(b, f"ukmod-2024-{m}") == float(rows[(name, "2024")]["casualties in month"])
    nov_avg = rows[("november", "2024")]["casualties (average daily losses)"]
    assert value(b, "ukmod-avg-2024-11") == float(nov_avg)


def test_frictionless_agrees(result):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(Path(result.location) / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# -- what a reader sees ---------------------------------------------------------


def _reader_texts(b: Briefing) -> list[str]:
    """Every text the views print from the package (not ids, not addresses)."""
    texts = [b.title, b.subtitle, b.caveat]
    for t in b.tabs:
        texts += [t.title, t.takeaway, t.notes]
        for c in t.charts:
            texts += [c.title, c.caption, c.y_label, *(s.label for s in c.series)]
    for s in b.sources.values():
        texts += [s.publisher, s.short_name, s.title, s.published, s.note]
    obs_cols = ["unit", "series", "article_attribution", "qualifier", "note"]
    for col in obs_cols:
        texts += [_text(v) for v in b.observations[col]]
    for c in b.checks.values():
        texts += [c.title, c.note, c.verdict()]
    for c in b.claims.values():
        texts += [c.claim, c.article_says, c.actually_said, c.cross_check]
    for q in b.quotes.values():
        texts += [q.speaker, q.role, q.text, q.note]
    for p in b.positions.values():
        texts += [p.party, p.topic, p.position, p.article_wording]
    for p in b.polls.values():
        texts += [p.pollster, p.commissioner, p.method, p.question, p.note]
        texts += [a.answer for a in p.answers]
    for e in b.events.values():
        texts += [e.title, e.description]
    return [t for t in texts if t]


def test_reader_facing_text_cites_no_research_notes(b):
    # no reader has the research notes: cite the source, or say what was not published
    for text in _reader_texts(b):
        assert "research notes" not in text.lower(), text
    assert b.polls["necenter-2024-negotiate"].question.endswith(
        "(the question's wording was not published; answers as reported)"
    )


@pytest.mark.parametrize(
    "wording",
    [
        "Air Force reported",  # a total of its daily reports as compiled, not a report
        "rose every month from June",  # June fell from May
        "attributes it to The General Staff of the Ukrainian Armed Forces; ISW",
    ],
)
def test_wording_the_fact_check_corrected_is_gone(b, wording):
    for text in _reader_texts(b):
        assert wording not in text, text


def test_one_style_of_ranges_and_minus_signs(b):
    for text in _reader_texts(b):
        assert " – " not in text, text  # "Sep–Nov 2024", not "Sep – Nov 2024"
        assert not re.search(r"\d ×(?!\s*\d)", text), text  # "3×", not "3 ×"
        assert not re.search(r"(^|[\s(])-\d", text), text  # a negative number has "−"


def test_casualty_takeaway_counts_the_rises_in_the_series(b):
    months = ["05", "06", "07", "08", "09", "10", "11"]
    values = [value(b, f"gs-2024-{m}") for m in months]
    assert values[1] < values[0]  # June fell from May
    rises = 0
    for prev, cur in zip(values[::-1][1:], values[::-1], strict=True):
        if cur <= prev:
            break
        rises += 1
    assert rises == 5
    assert "rose in each of the five months from July to November 2024" in b.tabs[0].takeaway


def test_december_territory_context_is_the_corrected_rate(b):
    claim = b.claims["terr-december-2024"].claim
    assert f"593 km² ({593 / 31:.1f}/day)" in claim
    assert "19.1/day" in claim
