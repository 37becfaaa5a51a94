"""What the bounded views print of a long briefing (`content.bounds`), without Qt: the
sharing out of a budget, a long line thinned for drawing, the figures under a chart, a
source's card and the backup slides, each saying how many it leaves out and where."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from conftest import FULL, MINIMAL, derive_package, edit_json, load_briefing

from briefing_app.content import bounds
from briefing_app.content.bounds import LISTED_ELSEWHERE, per_part, share_out
from briefing_app.content.chartdata import chart_data, figures
from briefing_app.content.chartdata.data import FIGURES_ELSEWHERE
from briefing_app.content.chartdata.decimate import for_drawing, peaks
from briefing_app.content.slides import backup_items, deck_sections, tab_decks


# -- sharing out ---------------------------------------------------------------------------
def test_a_budget_is_shared_equally_and_what_a_small_part_leaves_goes_to_the_others():
    assert share_out([5, 100, 100], 60) == [5, 27, 28]
    assert share_out([100, 100, 100], 60) == [20, 20, 20]
    assert share_out([100, 100, 100], 61) == [20, 20, 21]  # the remainder to the last
    assert share_out([3, 4], 60) == [3, 4]  # parts that fit are kept whole
    assert share_out([100, 100], 60, cap=10) == [10, 10]  # never more than the cap
    assert share_out([0, 50], 60) == [0, 50]
    assert share_out([], 10) == []
    with pytest.raises(ValueError):
        share_out([1], -1)


@pytest.mark.parametrize("seed", range(20))
def test_a_share_out_keeps_to_its_budget_its_cap_and_each_part(seed):
    rng = np.random.default_rng(seed)
    counts = [int(x) for x in rng.integers(0, 200, size=int(rng.integers(1, 30)))]
    budget, cap = int(rng.integers(0, 2000)), int(rng.integers(1, 100))
    out = share_out(counts, budget, cap)
    assert sum(out) <= budget
    assert all(0 <= k <= min(n, cap) for k, n in zip(out, counts, strict=True))
    # as much as it may: the budget spent, or every part as full as its cap lets it be
    assert sum(out) == min(budget, sum(min(n, cap) for n in counts))
    # no part short while another got more than it, unless it had all it could take
    for k, n in zip(out, counts, strict=True):
        if k < min(n, cap):
            assert all(other <= k + 1 for other in out)


def test_a_part_gets_an_equal_share_but_at_least_its_least():
    assert per_part(50, 1_000, 20) == 20
    assert per_part(7, 1_000, 20) == 142
    assert per_part(100, 1_000, 20) == 20
    assert per_part(0, 1_000, 20) == 1_000


# -- a long line, thinned for drawing ------------------------------------------------------
def test_peaks_keep_the_first_the_last_and_each_run_s_lowest_and_highest():
    y = np.array([5.0, 1.0, 9.0, 3.0, np.nan, 7.0, 2.0, 8.0, 4.0, 6.0])
    rows = np.arange(100, 110)
    kept = peaks(rows, y, 2)  # runs [0, 5) and [5, 10)
    # the first; 1.0 and 9.0 of the first run; 2.0 and 8.0 of the second; the last
    assert list(kept) == [100, 101, 102, 106, 107, 109]
    assert 104 not in kept  # a missing value is neither the lowest nor the highest


def _line(b, n: int) -> object:
    """The full fixture's line chart of its daily series, with the series *n* rows long."""
    data = chart_data(b, next(c for t in b.tabs for c in t.charts if c.kind == "line"))
    pts = data.points
    big = pts.iloc[np.arange(n) % len(pts)].reset_index(drop=True)
    big["x"] = pd.date_range("1990-01-01", periods=n, freq="h")
    big["value"] = np.sin(np.arange(n) / 50.0) * 100 + np.arange(n) % 7
    return dataclasses.replace(data, points=big, _cache={})


def test_a_long_line_is_drawn_from_its_outline_and_a_short_one_whole():
    b = load_briefing(FULL)
    short = _line(b, 202)  # no longer than two points a run and the two ends
    assert for_drawing(short, bins=100) is short
    long = _line(b, 20_000)
    thin = for_drawing(long, bins=100)
    assert 100 < len(thin.points) <= 2 * 100 + 2
    values = long.points["value"].to_numpy()
    kept = thin.points["value"].to_numpy()
    # the outline: its highest and lowest, its first and last, every row one of the line's
    assert kept.max() == values.max() and kept.min() == values.min()
    assert kept[0] == values[0] and kept[-1] == values[-1]
    assert set(thin.points["x"]) <= set(long.points["x"])
    assert list(thin.points["x"]) == sorted(thin.points["x"])  # in the order drawn
    # each run of 200 points keeps its own highest and lowest
    for run in range(100):
        part = values[run * 200 : (run + 1) * 200]
        assert part.max() in kept and part.min() in kept
    # the chart's other data is the chart's: only the drawing is thinned
    assert thin.table is long.table and thin.chart is long.chart


def test_a_chart_of_another_kind_is_drawn_whole():
    b = load_briefing(MINIMAL)
    data = chart_data(b, b.tabs[0].charts[0])
    assert data.kind == "bar" and for_drawing(data, bins=1) is data


# -- the figures under a chart --------------------------------------------------------------
def test_the_figures_under_a_chart_stop_at_their_lines_and_count_the_rest(make_package):
    sources = "".join(f"x{k},P{k},,T,,,\n" for k in range(30))
    rows = "".join(
        f"n{k},losses,2023-{k % 12 + 1:02d}-01,2023-{k % 12 + 1:02d}-28,{k},people,"
        f"GS monthly,x{k},,,derived,,\n"
        for k in range(30)
    )
    pkg = make_package(
        {"sources.csv": lambda t: t + sources, "observations.csv": lambda t: t + rows}
    )
    b = load_briefing(pkg)
    data = chart_data(b, b.tabs[0].charts[0])
    whole = figures(data)
    assert len(whole) > 5  # a line per source of the series
    listed = figures(data, max_lines=5)
    assert listed[:5] == whole[:5]
    # the figures of the series and sources after the fifth, in the order they first come
    group = data.points.groupby(["series", "attribution"], sort=False).ngroup()
    left = int((group >= 5).sum())
    assert left >= 25
    assert [f.values for f in listed[5:]] == [
        f"… and {left} more figures, not listed here: {FIGURES_ELSEWHERE}"
    ]


# -- a source's card --------------------------------------------------------------------------
def test_a_source_card_lists_its_first_uses_and_counts_the_rest(make_package):
    from briefing_app.content.blocks import FIGURES_LISTED_IN, MAX_ITEMS_LISTED, uses_of
    from briefing_app.content.plan import plan_of

    n = MAX_ITEMS_LISTED + 7
    quotes = "".join(f"qq{k},Speaker {k},,Words {k},2024-11-30,gs,,verified,\n" for k in range(n))
    b = load_briefing(make_package({"quotes.csv": lambda t: t + quotes}))
    card = next(
        x for x in plan_of(b).tab_by_id("sources").section("sources").blocks if x.id == "gs"
    )
    uses = uses_of(b, "gs").items
    assert len(uses) >= n
    listed = [ln.text for ln in card.lines if ln.text.startswith("• ") and "Figure" not in ln.text]
    assert listed[:MAX_ITEMS_LISTED] == [f"• {u}" for u in uses[:MAX_ITEMS_LISTED]]
    more = len(uses) - MAX_ITEMS_LISTED
    assert f"• … and {more} more items, {FIGURES_LISTED_IN}" in [ln.text for ln in card.lines]


# -- the backup slides -----------------------------------------------------------------------
def _many_quotes(tmp_path, n: int):
    quotes = "".join(f"qq{k},Speaker {k},,Words {k},2024-11-30,gs,,verified,\n" for k in range(n))

    def edit(doc):
        doc["briefing"]["tabs"][0]["quotes"] = ["q1", *(f"qq{k}" for k in range(n))]

    pkg = derive_package(
        tmp_path / "quotes",
        {"quotes.csv": lambda t: t + quotes, "datapackage.json": edit_json(edit)},
    )
    return load_briefing(pkg)


def test_backup_slides_show_their_share_and_say_how_many_more_and_where(tmp_path, monkeypatch):
    b = _many_quotes(tmp_path, 40)
    decks = tab_decks(b)
    counts = [backup_items(t) for t in decks]
    import briefing_app.content.slides as slides

    monkeypatch.setattr(slides, "BACKUP_ITEMS", 12)
    monkeypatch.setattr(slides, "BACKUP_TAB_ITEMS_MIN", 2)
    sections = deck_sections(b)
    losses = decks[0].tab
    backup = [s for s in sections if s.part == "backup" and s.tab_id == losses.id]
    shown = [x for s in backup for x in s.blocks if x.is_item and x.kind != "chart"]
    notes = [x.lines[0].text for s in backup for x in s.blocks if x.kind == "note"]
    share = share_out(counts, 12)[0]
    assert counts[0] > share and len(shown) == share
    assert notes == [
        f"… and {counts[0] - share} more items of this tab, not on the slides: {LISTED_ELSEWHERE}."
    ]
    # a tab whose items fit keeps them all, with no note
    for deck, n in zip(decks[1:], counts[1:], strict=True):
        mine = [s for s in sections if s.part != "main" and s.tab_id == deck.tab.id]
        assert sum(1 for s in mine for x in s.blocks if x.is_item) == n
        assert not [x for s in mine for x in s.blocks if x.kind == "note" and "more" in x.text]


def test_a_briefing_of_the_bundled_size_keeps_every_item_on_the_slides():
    b = load_briefing(None)
    assert sum(backup_items(t) for t in tab_decks(b)) <= bounds.BACKUP_ITEMS
    sections = deck_sections(b)
    assert not [
        x for s in sections for x in s.blocks if x.kind == "note" and "not on the slides" in x.text
    ]
