"""Read a running application's accessibility tree over AT-SPI, as a screen reader does.

Run with the system Python, which has Debian's ``python3-pyatspi`` (the viewer's venv is
another interpreter), in the D-Bus session and on the display of the application::

    /usr/bin/python3 tests/atspi_reader.py PID [--timeout SECONDS]

It waits for the application of process *PID* to show a window with a page tab list,
selects each page tab in turn through AT-SPI (as a screen reader user would), reads the
page each one shows, then reads the whole application, and prints JSON:
``{"tabs": [{"name", "description", "selected", "page"}], "app": node}``, a node being
``{"role", "name", "description", "states", "children"}``.  Exits 2 with a message on
standard error when the application never shows up or a tab never shows its page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import pyatspi

#: states a test reads (the others are left out to keep the output short)
STATES = {
    pyatspi.STATE_SHOWING: "showing",
    pyatspi.STATE_FOCUSABLE: "focusable",
    pyatspi.STATE_SELECTED: "selected",
    pyatspi.STATE_CHECKED: "checked",
}
#: a node with more children than this is cut (a table of thousands of rows)
MAX_CHILDREN = 400


class Timeout(Exception):
    """What was waited for did not happen in time."""


class Gone(Exception):
    """The application ended while it was read."""


def wait_for(what: str, probe, timeout: float, interval: float = 0.25):
    """Poll *probe* until it returns something true; raise `Timeout` naming *what*."""
    end = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < end:
        try:
            found = probe()
        except Gone:
            raise
        except Exception as exc:  # the tree changes under us while the app builds
            last_error, found = exc, None
        if found:
            return found
        time.sleep(interval)
    raise Timeout(f"{what} (last error: {last_error})" if last_error else what)


def node(acc, depth: int = 0) -> dict:
    """*acc* and everything under it, as plain data."""
    state = acc.getState()
    out = {
        "role": acc.getRoleName(),
        "name": acc.name or "",
        "description": acc.description or "",
        "states": [label for s, label in STATES.items() if state.contains(s)],
        "children": [],
    }
    if depth < 60:
        for i in range(min(acc.childCount, MAX_CHILDREN)):
            child = acc.getChildAtIndex(i)
            if child is not None:
                out["children"].append(node(child, depth + 1))
    return out


def find(acc, role: int, depth: int = 0):
    """The first node of *role* under *acc*, depth first."""
    if acc.getRole() == role:
        return acc
    if depth > 40:
        return None
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None and (hit := find(child, role, depth + 1)) is not None:
            return hit
    return None


def application(pid: int):
    """The application of process *pid* on the desktop, once it shows a page tab list."""
    if not os.path.exists(f"/proc/{pid}"):
        raise Gone(f"process {pid} ended before it showed its window")
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.get_process_id() == pid:
            tabs = find(app, pyatspi.ROLE_PAGE_TAB_LIST)
            return (app, tabs) if tabs is not None else None
    return None


def shown_page(tab_list):
    """The page the tab list's widget shows: the one page of its stack that is showing,
    once it holds something named (the tab's view, built when the tab is first shown)."""
    stack = find(tab_list.parent, pyatspi.ROLE_LAYERED_PANE)
    if stack is None:
        return None
    showing = [
        stack.getChildAtIndex(i)
        for i in range(stack.childCount)
        if stack.getChildAtIndex(i).getState().contains(pyatspi.STATE_SHOWING)
    ]
    if len(showing) != 1:
        return None
    page = node(showing[0])

    def named(n: dict) -> int:
        return bool(n["name"]) + sum(named(c) for c in n["children"])

    return page if named(page) > 1 else None


def stable_page(tab_list, timeout: float) -> dict:
    """The shown page, read until two readings agree (the view may still be building)."""
    previous: list = [None]

    def probe():
        page = shown_page(tab_list)
        same = page is not None and page == previous[0]
        previous[0] = page
        return page if same else None

    return wait_for("the tab's page to show and settle", probe, timeout, interval=0.5)


def read(pid: int, timeout: float) -> dict:
    app, tab_list = wait_for(
        f"an application of process {pid} with a page tab list on the AT-SPI bus",
        lambda: application(pid),
        timeout,
    )
    tabs = []
    for i in range(tab_list.childCount):
        tab = tab_list.getChildAtIndex(i)
        if tab.getRole() != pyatspi.ROLE_PAGE_TAB:
            continue  # the tab bar's scroll buttons
        tab_list.querySelection().selectChild(i)
        wait_for(
            f"page tab {i} to be selected",
            lambda tab=tab: tab.getState().contains(pyatspi.STATE_SELECTED),
            timeout,
        )
        page = stable_page(tab_list, timeout)
        tabs.append(
            {
                "name": tab.name or "",
                "description": tab.description or "",
                "selected": tab.getState().contains(pyatspi.STATE_SELECTED),
                "page": page,
            }
        )
    return {"tabs": tabs, "app": node(app)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pid", type=int)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    try:
        tree = read(args.pid, args.timeout)
    except Timeout as exc:
        print(f"atspi_reader: timed out waiting for {exc}", file=sys.stderr)
        return 2
    except Gone as exc:
        print(f"atspi_reader: {exc}", file=sys.stderr)
        return 2
    json.dump(tree, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
