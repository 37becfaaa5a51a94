"""The one plan of a briefing: per tab, an ordered list of sections of blocks.

Every view renders this plan and adds nothing of its own: the window's tabs
(`briefing_app.ui.tabs`), the slides (`content.slides` cuts it into slides), the PDF
handout, the tab images and the Markdown export. So a package that puts any kind of
item on any tab shows the same items, in the same order, everywhere.

A tab's sections come in one order: its charts (each with what belongs beside it, the
details of a poll it plots), then positions, polls, checks, claims (attribution notes),
quotes, events and sources, the order of `model.kinds.ITEM_KINDS`. A tab kind only
changes which items a tab shows when it lists none itself (`TabKind.all_by_default`)
and whether a chart of its own leads (`TabKind.leading_chart`, the timeline).

Building is lazy: a tab's plan (and the data of its charts) is made when first asked
for, so opening a briefing costs the first tab, not all of them.  `Plan.tab_in_steps`
makes the same plan a chart's data or a few items at a time, for a view that builds it
while the app is idle and must answer a key between the steps (issue #22).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass

from briefing_app.content import blocks
from briefing_app.content.blocks import Block
from briefing_app.content.chartdata import ChartData, chart_data, import_builder
from briefing_app.model import kinds
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import N_, language, tr
from briefing_app.model.types import Chart, Tab

#: the heading of each section of a tab ("" for the charts, which carry their own titles)
SECTION_TITLES: dict[str, str] = {
    "charts": "",
    "positions": N_("Positions"),
    "polls": N_("Polls"),
    "checks": N_("Checks: reported against computed"),
    "claims": N_("Attribution notes"),
    "quotes": N_("Quotes"),
    "events": N_("Events, in date order"),
    "sources": N_("Sources"),
}

#: the title of the chart a timeline tab leads with
TIMELINE_TITLE = N_("Events and the briefing's as-of date")


@dataclass(frozen=True)
class Section:
    """A part of a tab: its charts, or its items of one kind, under one heading."""

    key: str
    title: str
    blocks: tuple[Block, ...]

    def items(self) -> Iterator[Block]:
        """The blocks that are items, attached ones after theirs, in order."""
        for b in self.blocks:
            if b.is_item:
                yield b
            for a in b.attached:
                if a.is_item:
                    yield a


@dataclass(frozen=True)
class TabPlan:
    """What one tab says, in order."""

    tab: Tab
    index: int
    sections: tuple[Section, ...]

    @property
    def id(self) -> str:
        return self.tab.id

    @property
    def title(self) -> str:
        return self.tab.title

    @property
    def kind(self) -> str:
        return self.tab.kind

    @property
    def takeaway(self) -> str:
        return self.tab.takeaway

    @property
    def notes(self) -> str:
        return self.tab.notes

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def charts(self) -> tuple[Block, ...]:
        s = self.section("charts")
        return tuple(b for b in s.blocks if b.kind == "chart") if s else ()

    def items(self) -> list[tuple[str, str]]:
        """(kind, id) of every item, in the order every view shows them."""
        return [(b.kind, b.id) for s in self.sections for b in s.items()]


class Plan:
    """The plan of a whole briefing; each tab's plan is built when first asked for."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self._tabs: dict[int, TabPlan] = {}
        self._charts: dict[str, ChartData] = {}
        #: item blocks by (kind, id): tabs listing the same items share them
        self._blocks: dict[tuple[str, str], Block] = {}
        self._sectioned: dict[tuple[int, str], Block] = {}

    def __len__(self) -> int:
        return len(self.briefing.tabs)

    def tab(self, index: int) -> TabPlan:
        plan = self._tabs.get(index)
        if plan is None:
            plan = self._tabs[index] = build_tab(self, self.briefing.tabs[index], index)
        return plan

    def tab_in_steps(self, index: int) -> Generator[None, None, TabPlan]:
        """`tab` (*index*) made in steps, yielding after each: the data of each of its
        charts, then its items, `ITEMS_A_STEP` at a time, then the plan from them (the same
        plan, object for object, as `tab` makes: the steps fill the caches it reads)."""
        plan = self._tabs.get(index)
        if plan is not None:
            return plan
        b = self.briefing
        tab = b.tabs[index]
        beside = set()
        for chart in tab_charts(b, tab):
            if chart.id not in self._charts and import_builder(chart.kind):
                yield  # the kind's module, imported when first used, in a step of its own
            self.chart(chart)
            if chart.kind == "poll":
                beside.add(chart.poll)
            yield
        for kind in kinds.ITEM_KINDS:
            if kind.key == "positions":  # laid out as a whole (`blocks.item_blocks`)
                continue
            ids = tab_item_ids(b, tab, kind.key)
            if kind.key == "polls":  # those beside their charts are made with them
                ids = tuple(i for i in ids if i not in beside)
            for at in range(0, len(ids), ITEMS_A_STEP):
                blocks.item_blocks(kind.key, ids[at : at + ITEMS_A_STEP], b, self._blocks)
                yield
        return self.tab(index)

    @property
    def tabs(self) -> list[TabPlan]:
        return [self.tab(i) for i in range(len(self))]

    def tab_by_id(self, tab_id: str) -> TabPlan | None:
        for i, t in enumerate(self.briefing.tabs):
            if t.id == tab_id:
                return self.tab(i)
        return None

    def findings(self) -> list[tuple[str, Block]]:
        """The briefing's findings, the checks whose figures disagree
        (`CheckResult.is_finding`): (the title of the first tab showing it, or "", its
        block), in the tabs' order, then those no tab shows."""
        out: dict[str, tuple[str, Block]] = {}
        for tp in self.tabs:
            section = tp.section("checks")
            for block in section.blocks if section else ():
                if block.kind == "check" and block.item.is_finding and block.id not in out:
                    out[block.id] = (tp.title, block)
        for c in self.briefing.checks.values():
            if c.is_finding and c.id not in out:
                out[c.id] = ("", blocks.check_block(c, self.briefing))
        return list(out.values())

    def in_section(self, block: Block, title: str) -> Block:
        """*block* in the section *title*, made once: tabs listing the same items share
        the same blocks (and a view may render each once)."""
        key = (id(block), title)
        out = self._sectioned.get(key)
        if out is None:
            out = self._sectioned[key] = _in_section(block, title)
        return out

    def chart(self, chart: Chart) -> ChartData:
        """The data of *chart*, computed once per plan."""
        data = self._charts.get(chart.id)
        if data is None or data.chart != chart:
            data = self._charts[chart.id] = chart_data(self.briefing, chart)
        return data


#: items made together in a step of `Plan.tab_in_steps` (a few milliseconds)
ITEMS_A_STEP = 16

_PLANS: dict[tuple[int, str], Plan] = {}


def plan_of(briefing: Briefing) -> Plan:
    """The plan of *briefing*, made once per briefing object (views share it)."""
    key = (id(briefing), language())  # its text is in the language it was made in
    plan = _PLANS.get(key)
    if plan is None or plan.briefing is not briefing:
        if len(_PLANS) > 8:  # a long session opens many packages: keep the recent ones
            _PLANS.clear()
        plan = _PLANS[key] = Plan(briefing)
    return plan


# -- building ------------------------------------------------------------------------


def tab_item_ids(b: Briefing, tab: Tab, key: str) -> tuple[str, ...]:
    """The ids of the items of kind *key* that *tab* shows, in its order: those it lists,
    or, for a kind its tab kind shows whole, every one of the briefing (events by date)."""
    ids = tuple(getattr(tab, key, ()))
    table: dict = getattr(b, key)
    if not ids and key in kinds.TAB_KINDS[tab.kind].all_by_default:
        ids = tuple(table)
    ids = tuple(i for i in dict.fromkeys(ids) if i in table)
    if key == "events":
        ids = tuple(sorted(ids, key=lambda e: b.events[e].date))
    return ids


def leading_chart(b: Briefing, tab: Tab) -> Chart | None:
    """The chart a tab of this kind draws before its own (the timeline of its events)."""
    kind = kinds.TAB_KINDS[tab.kind].leading_chart
    if kind is None:
        return None
    taken = {c.id for t in b.tabs for c in t.charts}
    cid = f"{tab.id}.timeline"
    while cid in taken:
        cid += "-"
    return Chart(cid, tr(TIMELINE_TITLE), kind, events=tab_item_ids(b, tab, "events"))


def tab_charts(b: Briefing, tab: Tab) -> list[Chart]:
    """The charts *tab* shows, in order: the one its kind leads with, then its own."""
    return [c for c in (leading_chart(b, tab), *tab.charts) if c is not None]


def build_tab(plan: Plan, tab: Tab, index: int) -> TabPlan:
    b = plan.briefing
    charts = tab_charts(b, tab)
    sections: list[Section] = []
    beside: set[str] = set()
    if charts:
        chart_blocks = []
        for chart in charts:
            attached: tuple[Block, ...] = ()
            if chart.kind == "poll" and chart.poll in b.polls:
                attached = (blocks.poll_block(b.polls[chart.poll], b),)
                beside.add(chart.poll)
            chart_blocks.append(blocks.chart_block(plan.chart(chart), attached))
        sections.append(Section("charts", "", tuple(chart_blocks)))
    for kind in kinds.ITEM_KINDS:
        ids = tab_item_ids(b, tab, kind.key)
        if kind.key == "polls":
            ids = tuple(i for i in ids if i not in beside)
        if not ids:
            continue
        title = tr(SECTION_TITLES[kind.key])
        items = blocks.item_blocks(kind.key, ids, b, plan._blocks)
        sections.append(Section(kind.key, title, tuple(plan.in_section(x, title) for x in items)))
    return TabPlan(tab, index, tuple(sections))


def _in_section(block: Block, title: str) -> Block:
    from dataclasses import replace

    return replace(block, section=title) if block.section != title else block
