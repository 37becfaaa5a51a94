"""Which of a tab's items tell its story in the main deck, and which wait on backup slides.

The package chooses (a tab's ``main``, `briefing_app.model.maindeck`); a tab that says
nothing gets a default: its first chart, then up to `DEFAULT_CHECKS` of its checks that
do not hold on one slide; a tab with neither, the first `DEFAULT_ITEMS` items of its first
section (sources are reference, never main material).  Main slides follow the plan's
order, like every view.  Everything the main deck does not show goes to backup slides,
in the plan's order: nothing is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_app.content.blocks import Block
from briefing_app.content.plan import TabPlan
from briefing_app.model import kinds
from briefing_app.model.i18n import ntr
from briefing_app.model.maindeck import MAX_SLIDE_TITLE, leading_chart_id, split_ref
from briefing_app.model.types import CheckResult

#: checks that do not hold a tab shows on its default main slide
DEFAULT_CHECKS = 3
#: items of a tab without charts or checks on its default main slide
DEFAULT_ITEMS = 2
#: sections whose items are never default main material
REFERENCE = frozenset({"sources"})


@dataclass(frozen=True)
class MainPick:
    """One main slide of a tab: its plan blocks (a chart alone, or up to three items)
    and its title (the message in words)."""

    blocks: tuple[Block, ...]
    title: str


@dataclass(frozen=True)
class TabDeck:
    """A tab cut into its main slides and what is left for its backup slides."""

    tab: TabPlan
    main: tuple[MainPick, ...]
    #: charts for backup slides of their own
    charts: tuple[Block, ...]
    #: (section title, blocks) of the rest, in the plan's order
    sections: tuple[tuple[str, tuple[Block, ...]], ...]


def _index(tp: TabPlan) -> dict[tuple[str, str], tuple[int, Block]]:
    """Each item of the tab, by (kind, id): its place in the plan and the block that shows
    it (an item shown beside a chart, a poll, is shown with its chart)."""
    out: dict[tuple[str, str], tuple[int, Block]] = {}
    for sec in tp.sections:
        for b in sec.blocks:
            if b.is_item:
                out.setdefault((b.kind, b.id), (len(out), b))
            for a in b.attached:
                if a.is_item:
                    out.setdefault((a.kind, a.id), (len(out), b))
    if kinds.TAB_KINDS[tp.kind].leading_chart is not None and tp.charts:
        lead = tp.charts[0]
        out.setdefault(("chart", leading_chart_id(tp.id)), out[("chart", lead.id)])
    return out


def _checks_not_holding(tp: TabPlan) -> MainPick | None:
    sec = tp.section("checks")
    if sec is None:
        return None
    failing = [b for b in sec.blocks if isinstance(b.item, CheckResult) and b.item.holds is False]
    if not failing:
        return None
    n, total = len(failing), len(sec.blocks)
    title = ntr("{n} of {total} checks does not hold", "{n} of {total} checks do not hold", n)
    return MainPick(tuple(failing[:DEFAULT_CHECKS]), title.format(n=n, total=total))


def default_main(tp: TabPlan) -> list[MainPick]:
    """The main slides of a tab whose package says nothing (see the module's docstring)."""
    picks: list[MainPick] = []
    if tp.charts:
        picks.append(MainPick(tp.charts[:1], ""))
    checks = _checks_not_holding(tp)
    if checks is not None:
        picks.append(checks)
    if picks:
        return picks
    for sec in tp.sections:
        if sec.key in REFERENCE or sec.key == "charts":
            continue
        items = tuple(b for b in sec.blocks if b.is_item)[:DEFAULT_ITEMS]
        if items:
            return [MainPick(items, sec.title)]
    return []


def package_main(tp: TabPlan) -> list[MainPick]:
    """The tab's main slides as its package lists them (references it does not show are
    reported by the loader and skipped here)."""
    index = _index(tp)
    picks: list[MainPick] = []
    for slide in tp.tab.main or ():
        found = []
        for ref in slide.items:
            parts = split_ref(ref)
            hit = index.get(parts) if parts else None
            if hit is not None and hit not in found:
                found.append(hit)
        if found:
            found.sort(key=lambda h: h[0])
            picks.append(MainPick(tuple(b for _, b in found), slide.title))
    return picks


def _title(pick: MainPick, tp: TabPlan, first: bool) -> str:
    """The slide's title: the package's; the tab's takeaway on its first slide when short
    enough to be a title; the chart's title; the title of the section of its items."""
    if pick.title:
        return pick.title
    if first and tp.takeaway and len(tp.takeaway) <= MAX_SLIDE_TITLE:
        return tp.takeaway
    lead = pick.blocks[0]
    if lead.chart is not None:
        return lead.chart.title
    return lead.section or lead.title


def tab_deck(tp: TabPlan) -> TabDeck:
    """The tab's main slides, in the plan's order, and the rest for its backup slides."""
    index = _index(tp)
    picks = package_main(tp) if tp.tab.main is not None else default_main(tp)

    def place(pick: MainPick) -> int:
        return min(index[(b.kind, b.id)][0] for b in pick.blocks)

    picks.sort(key=place)
    main = tuple(MainPick(p.blocks, _title(p, tp, k == 0)) for k, p in enumerate(picks) if p.blocks)
    shown = {(b.kind, b.id) for p in main for b in p.blocks}
    charts = tuple(b for b in tp.charts if (b.kind, b.id) not in shown)
    sections = []
    for sec in tp.sections:
        if sec.key == "charts":
            continue
        rest = tuple(b for b in sec.blocks if (b.kind, b.id) not in shown or not b.is_item)
        if rest:  # a note about the section (no position recorded) stays too
            sections.append((sec.title, rest))
    return TabDeck(tp, main, charts, tuple(sections))
