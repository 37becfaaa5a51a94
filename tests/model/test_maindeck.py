"""A tab's main-deck slides (``"main"``) and the talk's length (``"duration"``): read,
checked against what the tab shows, problems located in datapackage.json."""

from __future__ import annotations

import pytest
from conftest import edit_json, load_briefing

from briefing_app.model.loader import load_package
from briefing_app.model.maindeck import MAX_SLIDE_TITLE, parse_duration
from briefing_app.model.types import MainSlide


def _with(make_package, main=None, duration=None):
    def edit(doc: dict) -> None:
        if main is not None:
            doc["briefing"]["tabs"][0]["main"] = main
        if duration is not None:
            doc["briefing"]["duration"] = duration

    return load_package(make_package({"datapackage.json": edit_json(edit)}))


def _messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_the_bundled_briefing_lists_its_main_slides_and_its_length():
    b = load_briefing(None)
    assert all(t.main is not None for t in b.tabs)
    cas = next(t for t in b.tabs if t.id == "casualties")
    assert cas.main[0] == MainSlide(("chart:casualties-monthly",), cas.main[0].title)
    assert all(0 < len(s.title) <= MAX_SLIDE_TITLE for t in b.tabs for s in t.main)
    assert b.duration == 20 * 60


def test_main_slides_are_read_in_order(make_package):
    result = _with(
        make_package,
        ["check:c1", {"title": "  The losses,\n rose ", "items": ["chart:losses-monthly"]}],
    )
    assert result.ok, _messages(result)
    tab = result.briefing.tabs[0]
    assert tab.main == (
        MainSlide(("check:c1",)),
        MainSlide(("chart:losses-monthly",), "The losses, rose"),
    )
    assert result.briefing.tabs[1].main is None  # says nothing: the default applies


@pytest.mark.parametrize(
    ("main", "where", "words"),
    [
        (["check:c1", "check:nope"], "briefing.tabs[0].main[1]", "shows no check 'nope'"),
        ([{"items": ["quote:q1", "pie:x"]}], "briefing.tabs[0].main[0].items[1]", "KIND:ID"),
        (["c1"], "briefing.tabs[0].main[0]", "not an item"),
        (["event:e1"], "briefing.tabs[0].main[0]", "shows no event 'e1'"),
        ("check:c1", "briefing.tabs[0].main", "must be a list"),
        ([3], "briefing.tabs[0].main[0]", "not a number"),
        ([{"title": "x"}], "briefing.tabs[0].main[0]", 'needs "items"'),
        (["check:c1"] * 2 + ["quote:q1", "chart:losses-monthly"], "main", "at most 3"),
        ([{"items": ["check:c1", "quote:q1", "chart:losses-monthly", "x:y"]}], "items", "at most"),
        ([{"items": ["check:c1", "chart:losses-monthly"]}], "main[0]", "a slide of its own"),
        ([{"items": ["check:c1"], "title": "x" * 91}], "main[0].title", "at most 90"),
        ([{"items": ["check:c1"], "title": 5}], "main[0].title", "must be text"),
    ],
)
def test_a_bad_main_list_is_an_error_located_in_the_descriptor(make_package, main, where, words):
    result = _with(make_package, main)
    assert not result.ok
    hits = [m for m in _messages(result) if where in m and words in m]
    assert hits, _messages(result)
    assert hits[0].startswith("datapackage.json:")


def test_an_item_on_two_main_slides_is_shown_once(make_package):
    result = _with(make_package, ["check:c1", {"items": ["check:c1", "quote:q1"]}])
    assert result.ok
    assert result.briefing.tabs[0].main == (
        MainSlide(("check:c1",)),
        MainSlide(("quote:q1",)),
    )
    assert any("shown once" in m for m in _messages(result))


def test_a_timeline_tab_names_its_leading_chart_and_its_events(make_package):
    def edit(doc: dict) -> None:
        doc["briefing"]["tabs"][1]["main"] = ["chart:timeline.timeline", "event:e1"]

    result = load_package(make_package({"datapackage.json": edit_json(edit)}))
    assert result.ok, _messages(result)
    assert result.briefing.tabs[1].main == (
        MainSlide(("chart:timeline.timeline",)),
        MainSlide(("event:e1",)),
    )


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("20m", 1200), ("1h30m", 5400), ("90s", 90), ("25:00", 1500), ("20", 1200), (20, 1200)],
)
def test_a_talk_length_is_read_from_minutes_or_text(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["soon", "", "0", "13h", "-5", True, [20]])
def test_a_bad_talk_length_says_how_to_write_one(text):
    with pytest.raises(ValueError, match=r"length of time|a talk lasts"):
        parse_duration(text)


def test_a_bad_duration_in_the_package_is_located(make_package):
    result = _with(make_package, duration="a while")
    assert not result.ok
    assert any(m.startswith("datapackage.json:briefing.duration") for m in _messages(result))
