"""Slides that read from the back of the room: every slide of the bundled briefing and of
tests/fixtures/full, in every theme, at 1024x768, 1280x720, 1920x1080 and 3840x2160
(device pixel ratio 2), has type at least the shares of the screen's height a projected
slide needs (`slides_legible.FLOORS`), and nothing clipped, overlapping, outside the
slide or cut with "…"."""

from __future__ import annotations

import pytest
from conftest import FULL, load_briefing
from slides_legible import SIZES, check_deck

from briefing_app.render.themes import THEME_NAMES

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _fonts(qapp):
    from briefing_app.render.labels import load_fonts

    load_fonts()


@pytest.fixture(scope="module")
def packages():
    return {"bundled": load_briefing(None), "full": load_briefing(FULL)}


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize("package", ["bundled", "full"])
def test_every_slide_reads_from_the_back_of_the_room(packages, package, theme, width, height):
    deck = check_deck(packages[package], theme, width, height)
    assert deck[0].kind == "title"
    if package == "bundled":  # a short main deck, the same at every size
        main = [s for s in deck if not s.is_backup]
        assert len(main) <= 15 and main[-1].kind == "closing"


def test_the_legibility_check_finds_small_type(packages, monkeypatch):
    """The check above fails for body text under 4.4 % (say, the old 2.2 %)."""
    from briefing_app.render.slides import layout

    monkeypatch.setitem(layout.SHARES, "body", 0.022)
    with pytest.raises(AssertionError, match="body text"):
        check_deck(packages["full"], "projector", 1280, 720)


def test_the_legibility_check_finds_a_cut_event_label(packages, monkeypatch):
    """... and an event label cut with "…" on a chart, as the window's charts cut them."""
    from briefing_app.render.slides import charts

    monkeypatch.setattr(charts, "_number_events", lambda room, data, font: [])
    monkeypatch.setattr(charts, "timeline_fits", lambda *a: True)
    with pytest.raises(AssertionError, match=r"cut with|leaves the plot|overlap"):
        check_deck(packages["bundled"], "projector", 1280, 720)
