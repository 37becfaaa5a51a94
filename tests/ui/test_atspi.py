"""What a screen reader reads: the window's accessibility tree over AT-SPI.

The viewer runs as a user starts it, on Xvfb with a D-Bus session and the AT-SPI bus
(`atspi_desktop`; the offscreen platform never reaches the bus), and a reader in the
system Python (Debian's pyatspi, `atspi_reader`) selects every tab through AT-SPI and
reads the tree.  Every control, tab, chart and card must have a name, charts, cards and
tabs a description, and a chart's description must say its figures.

Needs xvfb, dbus-x11, at-spi2-core and python3-pyatspi (the Makefile's DEB_PACKAGES:
``make test`` installs them when run as root).  Run as root without them, the test fails
saying what is missing, since make should have installed them; run as another user,
who could not have, it is skipped with the same list.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from atspi_desktop import Desktop, missing_packages
from conftest import ROOT, load_briefing

from briefing_app.content.plan import plan_of

#: the command-line options of the viewer's run in each language (a language is added
#: with its options, e.g. ("--lang", "uk")); what the tests expect is language-neutral:
#: counts, and figures compared as digits (`_numbers`: "45,720", "45 720" with a no-break
#: space and "45.720" are all 45720)
LANGUAGES: dict[str, tuple[str, ...]] = {"en": (), "uk": ("--lang", "uk")}

#: roles a screen reader announces as something to read or use: each needs a name
NAMED_ROLES = {
    "application",
    "frame",
    "dialog",
    "menu bar",
    "menu",
    "popup menu",
    "menu item",
    "check menu item",
    "radio menu item",
    "page tab list",
    "page tab",
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "spin button",
    "slider",
    "entry",
    "text",
    "list",
    "tree",
    "table",
    "tree table",
    "chart",
    "panel",
    "status bar",
    "tool bar",
    "link",
    "image",
    "unknown",
}
#: roles that also need a description (a scroll bar and the containers say enough by
#: their name; menu items: `test_every_menu_item_says_what_it_does`)
DESCRIBED_ROLES = {
    "page tab",
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "slider",
    "chart",
}
#: a number as the viewer writes it, its thousands and decimal marks in any language
NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f]\d+)*")


def _needs() -> None:
    missing = missing_packages()
    if not missing:
        return
    message = "the AT-SPI test needs the Debian packages: " + " ".join(missing)
    if os.geteuid() == 0:
        pytest.fail(f"{message} (make test installs them when run as root)")
    pytest.skip(f"{message}: install them as root (make system-deps)")


@pytest.fixture(scope="module")
def desktop(tmp_path_factory) -> Iterator[Desktop]:
    _needs()
    with Desktop(tmp_path_factory.mktemp("atspi-home")) as d:
        yield d


@pytest.fixture(scope="module", params=list(LANGUAGES))
def tree(request, desktop: Desktop, tmp_path_factory) -> dict:
    """The viewer's tree in one language, every tab visited, read by a screen reader."""
    log = tmp_path_factory.mktemp("atspi-app") / "stderr.txt"
    with log.open("wb") as err:
        app = desktop.start(
            [sys.executable, "-m", "briefing_app", "--no-watch", *LANGUAGES[request.param]],
            cwd=ROOT,  # this checkout's briefing_app
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            return desktop.read_tree(app.pid)
        except Exception as exc:
            raise AssertionError(
                f"{exc}\nthe viewer's stderr:\n{log.read_text(errors='replace')[-3000:]}"
            ) from exc
        finally:
            desktop.stop(app)


def _nodes(node: dict, path: tuple[str, ...] = ()) -> Iterator[tuple[dict, str]]:
    """Every node under *node*, with where it is ("frame 'X' > page tab 'Y'")."""
    here = (*path, f"{node['role']} {node['name'][:40]!r}")
    yield node, " > ".join(here[-4:])
    for child in node["children"]:
        yield from _nodes(child, here)


def _all(tree: dict) -> Iterator[tuple[dict, str]]:
    yield from _nodes(tree["app"])
    for tab in tree["tabs"]:  # each page as it was read while shown
        yield from _nodes(tab["page"], (f"page of tab {tab['name']!r}",))


def _numbers(text: str) -> set[str]:
    """The numbers in *text*, their marks left out: "45,720" and "45 720" are "45720"."""
    return {re.sub(r"\D", "", n) for n in NUMBER.findall(text)}


def test_every_control_tab_chart_and_card_has_a_name(tree):
    unnamed = []
    for node, where in _all(tree):
        role, showing = node["role"], "showing" in node["states"]
        # a scroll bar is named where it shows (a chart's hidden ones never do)
        needs_name = role in NAMED_ROLES or (role == "scroll bar" and showing)
        if needs_name and not node["name"].strip():
            unnamed.append(where)
    assert unnamed == [], "no name:\n" + "\n".join(sorted(set(unnamed)))


def test_every_control_tab_chart_and_card_has_a_description(tree):
    undescribed = []
    for node, where in _all(tree):
        # a card: a panel the keyboard reaches (the dock panels are not cards)
        card = node["role"] == "panel" and "focusable" in node["states"]
        if (node["role"] in DESCRIBED_ROLES or card) and not node["description"].strip():
            undescribed.append(where)
    assert undescribed == [], "no description:\n" + "\n".join(sorted(set(undescribed)))


def test_every_menu_item_says_what_it_does(tree, request):
    """A menu item's description is what it does (its status tip): Qt's own menu item
    gives AT-SPI none (`ui.accessibility.MenuItem` does).  An item that opens a submenu
    is said by its submenu's items."""
    items = [
        (node, where)
        for node, where in _nodes(tree["app"])
        if node["role"] in ("menu item", "check menu item", "radio menu item")
        and not node["children"]
    ]
    assert len(items) > 20, [n["name"] for n, _ in items]
    undescribed = [where for node, where in items if not node["description"].strip()]
    assert undescribed == [], "no description:\n" + "\n".join(sorted(set(undescribed)))
    said = [n["description"] for n, _ in items]
    if request.node.callspec.params["tree"] == "uk":  # said in the language chosen
        english = [d for d in said if not re.search("[а-яіїєґ]", d)]
        assert english == [], english


def test_a_screen_reader_reaches_every_tab_and_its_page(tree):
    b = load_briefing(None)
    tabs = tree["tabs"]
    assert len(tabs) == len(b.tabs), [t["name"] for t in tabs]
    for tab, want in zip(tabs, b.tabs, strict=True):
        assert tab["selected"], f"{tab['name']}: selecting it through AT-SPI did nothing"
        assert tab["name"] and tab["description"], tab
        roles = [n["role"] for n, _ in _nodes(tab["page"])]
        # every tab of the bundled briefing shows a chart or a card
        assert "chart" in roles or "panel" in roles, (want.id, sorted(set(roles)))
    menus = [n["name"] for n, _ in _nodes(tree["app"]) if n["role"] == "menu item"]
    assert len(menus) > 20, f"the menus are read too: {menus}"


def test_each_chart_says_its_figures(tree):
    """Every chart of every tab is one the screen reader reads with all its figures."""
    b = load_briefing(None)
    plan = plan_of(b)
    for i, tab in enumerate(tree["tabs"]):
        charts = [n["description"] for n, _ in _nodes(tab["page"]) if n["role"] == "chart"]
        for section in plan.tab(i).sections:
            for block in section.blocks:
                if block.chart is None:
                    continue
                data = block.chart
                if data.kind == "poll":
                    want = {a.share_text for a in data.poll.answers}
                elif data.kind == "timeline":
                    want = {str(e.date.year) for e in data.events}
                else:
                    want = {str(t) for t in data.values["text"]}
                want = set().union(*(_numbers(w) for w in want))
                saying = [d for d in charts if want <= _numbers(d)]
                assert saying, f"tab {tab['name']!r}: no chart says {sorted(want)} ({data.id})"
    # the example of the issue: May's 38,940 … November's 45,720 of the series, and the
    # source article's 45,680 beside it
    (casualties,) = [
        n["description"]
        for t in tree["tabs"]
        for n, _ in _nodes(t["page"])
        if n["role"] == "chart" and "38940" in _numbers(n["description"])
    ]
    assert {"45720", "45680"} <= _numbers(casualties), casualties
