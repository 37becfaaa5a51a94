"""What changed since the last edition, tab by tab, as the plan shows it.

`model.diff` says what differs between two briefings, item by item; this module puts
each difference on the tabs that show it, by the plans of both editions: a figure on the
tabs whose charts draw it or whose checks use it, an item on the tabs that list it, a
source on the tabs whose items cite it (and always on a sources tab).  A tab that only
one edition has is listed as added or removed; a difference no tab shows is listed
under "Not on any tab".  ``briefing-app diff``, the window's Compare panel and the
chart marks all read this one result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefing_app.content.plan import Plan, TabPlan, plan_of
from briefing_app.model.briefing import Briefing
from briefing_app.model.diff import BriefingDiff, ChangeLists, Item, diff_briefings
from briefing_app.model.i18n import N_, tr

ELSEWHERE = N_("Not on any tab")
#: a tab that only one edition has, by its status
STATUS_WORDS = {"added": N_("added"), "removed": N_("removed")}


@dataclass
class TabChanges(ChangeLists):
    """The differences one tab shows (``status``: "changed", "added" or "removed")."""

    id: str = field(kw_only=True)
    title: str = field(kw_only=True)
    status: str = field(default="changed", kw_only=True)

    @property
    def heading(self) -> str:
        """'Tab Casualties', 'Tab Polls (added)', 'Not on any tab', in the language of the
        interface."""
        if self.id == ELSEWHERE:
            return tr(ELSEWHERE)
        if self.status in STATUS_WORDS:
            return tr("Tab {title} ({status})").format(
                title=self.title, status=tr(STATUS_WORDS[self.status])
            )
        return tr("Tab {title}").format(title=self.title)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "figures_changed": [f.id for f in self.figures],
            "added": [{"kind": i.kind, "id": i.id} for i in self.added],
            "removed": [{"kind": i.kind, "id": i.id} for i in self.removed],
            "verdicts_changed": [v.id for v in self.verdicts],
            "sources": [s.id for s in self.sources],
        }


@dataclass
class Changes:
    """The differences between two editions, and where each is shown."""

    diff: BriefingDiff
    tabs: list[TabChanges]

    @property
    def empty(self) -> bool:
        return self.diff.empty

    def tab(self, tab_id: str) -> TabChanges | None:
        return next((t for t in self.tabs if t.id == tab_id and t.status != "removed"), None)

    def to_dict(self) -> dict[str, Any]:
        return {**self.diff.to_dict(), "tabs": [t.to_dict() for t in self.tabs]}

    def lines(self) -> list[str]:
        """The changes as plain lines, tab by tab (``briefing-app diff``)."""
        d = self.diff
        out = [
            tr("From {edition}").format(edition=d.old.label),
            "  " + tr("to {edition}").format(edition=d.new.label),
        ]
        if self.empty:
            return [*out, tr("No changes.")]
        out.append(d.summary())
        for t in self.tabs:
            if t.empty and t.status == "changed":
                continue
            out += ["", t.heading]
            for heading, items in t.sections():
                out.append(f"  {heading}:")
                for x in items:
                    first, *rest = x.text.split("\n")
                    out.append(f"    {first}")
                    out += [f"  {r}" for r in rest]
        return out


@dataclass
class _Shown:
    """What one tab of one edition shows: items by (kind, id), figures, sources."""

    items: set[tuple[str, str]] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    all_sources: bool = False


def tab_changes(old: Briefing, new: Briefing) -> Changes:
    """The differences from *old* to *new*, by tab (`Changes`)."""
    d = diff_briefings(old, new)
    old_plan, new_plan = plan_of(old), plan_of(new)
    old_tabs = {t.id: (t, _shown(old_plan, i)) for i, t in enumerate(old.tabs)}
    tabs: list[TabChanges] = []
    placed: set[int] = set()  # ids of entries placed on some tab

    def place(tc: TabChanges, *shown: _Shown) -> None:
        for f in d.figures:
            if any(f.id in s.figures for s in shown):
                tc.figures.append(f)
                placed.add(id(f))
        for item in d.added + d.removed:
            if any(_shows(s, item) for s in shown):
                (tc.added if item in d.added else tc.removed).append(item)
                placed.add(id(item))
        for v in d.verdicts:
            if any(("check", v.id) in s.items for s in shown):
                tc.verdicts.append(v)
                placed.add(id(v))
        for sc in d.sources:
            if any(s.all_sources or sc.id in s.sources for s in shown):
                tc.sources.append(sc)
                placed.add(id(sc))

    new_ids = set()
    for i, t in enumerate(new.tabs):
        new_ids.add(t.id)
        tc = TabChanges(id=t.id, title=t.title)
        shown = [_shown(new_plan, i)]
        if t.id in old_tabs:
            shown.append(old_tabs[t.id][1])
        else:
            tc.status = "added"
        place(tc, *shown)
        tabs.append(tc)
    for tid, (t, shown) in old_tabs.items():
        if tid not in new_ids:
            tc = TabChanges(id=tid, title=t.title, status="removed")
            place(tc, shown)
            tabs.append(tc)
    rest = TabChanges(id=ELSEWHERE, title=ELSEWHERE)
    rest.figures = [f for f in d.figures if id(f) not in placed]
    rest.added = [i for i in d.added if id(i) not in placed and i.kind != "tab"]
    rest.removed = [i for i in d.removed if id(i) not in placed and i.kind != "tab"]
    rest.verdicts = [v for v in d.verdicts if id(v) not in placed]
    rest.sources = [s for s in d.sources if id(s) not in placed]
    if not rest.empty:
        tabs.append(rest)
    return Changes(d, tabs)


def _shows(s: _Shown, item: Item) -> bool:
    if item.kind == "figure":
        return item.id in s.figures
    if item.kind == "source":
        return s.all_sources or item.id in s.sources
    return (item.kind, item.id) in s.items


def _shown(plan: Plan, index: int) -> _Shown:
    tab: TabPlan = plan.tab(index)
    b = plan.briefing
    out = _Shown(all_sources=tab.kind == "sources")
    for section in tab.sections:
        for block in section.items():
            out.items.add((block.kind, block.id))
            out.sources.update(block.source_ids)
            if block.chart is not None:
                pts = block.chart.points
                if len(pts) and "id" in pts:
                    out.figures.update(i for i in pts["id"].tolist() if i)
                out.sources.update(block.chart.source_ids)
            check = b.checks.get(block.id) if block.kind == "check" else None
            if check is not None:
                out.figures.update(check.inputs)
                if check.reported_id:
                    out.figures.add(check.reported_id)
    return out
