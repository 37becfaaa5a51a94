"""The slides of a briefing, without Qt: a main deck and backup slides, cut from the plan.

The deck is the briefing's plan (`content.plan`) told for a room: a title slide; for each
tab its main slides, each one message in large type (`content.deckplan` chooses them:
a chart alone, or up to three items in their slide form, `content.slide_forms`); a
closing slide; then, grouped by tab, backup slides of everything else the tab shows, in
the plan's order, for the questions (a sources tab's are the appendix).  Nothing is
dropped: every item is on a main or a backup slide.  A slide keeps the plan's whole
blocks of what it shows (`Slide.details`) for the presenter view.

`deck_sections` gives the parts before they are cut into slides by `content.paginate`
(the caller, `render.slides.deck`, measures the blocks for its screen).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from briefing_app.content.blocks import Block, Line, source_names
from briefing_app.content.bounds import (
    BACKUP_ITEMS,
    BACKUP_TAB_ITEMS_MIN,
    LISTED_ELSEWHERE,
    per_part,
    share_out,
)
from briefing_app.content.changes import Changes
from briefing_app.content.chartdata import ChartData, describe_chart
from briefing_app.content.deckplan import MainPick, TabDeck, tab_deck
from briefing_app.content.paginate import is_continued
from briefing_app.content.plan import Plan, plan_of
from briefing_app.content.slide_forms import slide_form
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date, fmt_number
from briefing_app.model.i18n import N_, language, ntr, tr

#: the parts of a deck, in order
PARTS = ("title", "main", "closing", "backup", "appendix")
#: at most this many cards on a slide ...
MAX_CARDS = 3
#: ... and about this many words of body text outside a chart (in English: `max_words`)
MAX_WORDS = 45
#: words a language takes for what English says in one, on slides: the bundled briefing's
#: main-deck cards hold 236 words of body text in Ukrainian where English has 216 (+9 %:
#: longer phrases, and a quote given in English keeps its words beside its translation)
WORDS_PER_ENGLISH_WORD = {"uk": 1.1}


def max_words(lang: str | None = None) -> int:
    """`MAX_WORDS` for the language of the slides (the interface's by default): the same
    message, not the same count of words, in every language."""
    lang = lang or language()
    return round(MAX_WORDS * WORDS_PER_ENGLISH_WORD.get(lang, 1.0))


CLOSING_TITLE = N_("Questions")
#: the heading of the slide of what changed since the edition compared with
SINCE_TITLE = N_("What changed since the edition of {date}")
BACKUP = N_("Backup")
APPENDIX = N_("Appendix")


#: where a title cut in two reads best: after its first colon, else after a clause's
#: punctuation (`title_cuts`)
PHRASE_JOINTS = (", ", "; ", " — ", " – ")


def title_cuts(title: str) -> list[tuple[str, str, str]]:
    """The places *title* may be cut into a heading and a line under it, as (heading,
    joint, rest) with ``heading + joint + rest == title``, best first: after its first
    colon; after a clause's punctuation (`PHRASE_JOINTS`), the later first; at a space,
    the later first. Every word is kept, in order: the caller takes the first whose
    heading fits its room."""
    out: list[tuple[str, str, str]] = []

    def add(at: int, joint: str) -> None:
        head, rest = title[:at], title[at + len(joint) :]
        if head.strip() and rest.strip() and (head, joint, rest) not in out:
            out.append((head, joint, rest))

    colon = title.find(": ")
    if colon >= 0:
        add(colon, ": ")
    phrases = sorted(((i, j) for j in PHRASE_JOINTS for i in _finds(title, j)), key=lambda p: -p[0])
    for at, joint in phrases:
        add(at, joint)
    for at in sorted(_finds(title, " "), reverse=True):
        add(at, " ")
    return out


def _finds(text: str, part: str) -> list[int]:
    out, at = [], text.find(part)
    while at >= 0:
        out.append(at)
        at = text.find(part, at + 1)
    return out


@dataclass(frozen=True)
class Section:
    """A part of the deck before it is cut into slides."""

    kind: str  # "title" | "chart" | "timeline" | "cards" | "takeaway" | "closing"
    tab_index: int
    heading: str
    subheading: str = ""
    #: what joins heading and subheading into the title (`Slide.title`)
    joint: str = ": "
    takeaway: str = ""
    chart: ChartData | None = field(default=None, compare=False)
    side: Block | None = None
    caption: str = ""
    sources: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    notes: str = ""
    tab_id: str = ""
    #: the plan's chart block (kind "chart" and "timeline")
    block: Block | None = None
    #: which part of the deck: one of `PARTS`
    part: str = "main"
    #: the line above the heading: the tab, "Backup · <tab>"
    kicker: str = ""
    #: the plan's whole blocks of what the section shows (the presenter view's detail)
    details: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Slide:
    """One slide: its heading, what it shows, its sources and the tab's speaker notes."""

    kind: str  # "title" | "chart" | "timeline" | "cards" | "takeaway" | "closing"
    heading: str
    subheading: str = ""
    #: what joins heading and subheading into the title: ": ", or where a long title
    #: was cut in two (`title_cuts`), the punctuation or space it was cut at
    joint: str = ": "
    takeaway: str = ""
    chart: ChartData | None = field(default=None, compare=False)
    side: Block | None = None
    caption: str = ""
    #: the columns of cards (kind "cards"); blocks read down the first column, then the next
    columns: tuple[tuple[Block, ...], ...] = ()
    #: source lines of what is on the slide (plain text)
    sources: tuple[str, ...] = ()
    notes: str = ""
    tab_index: int = -1
    tab_id: str = ""
    #: a block or section goes on on the next slide
    continues: bool = False
    number: int = 0
    total: int = 0
    #: the plan's chart block (kind "chart" and "timeline")
    block: Block | None = None
    part: str = "main"
    kicker: str = ""
    #: the plan's whole blocks of what the slide shows: the presenter view shows them
    details: tuple[Block, ...] = ()
    #: a timeline whose numbered markers are explained over several slides: the first
    #: and last number this slide shows and explains (None: all of them)
    marks: tuple[int, int] | None = None

    @property
    def continues_chart(self) -> bool:
        """A slide that goes on with the chart of the slide before it (its later markers)."""
        return self.marks is not None and self.marks[0] > 1

    @property
    def title(self) -> str:
        """Heading and subheading in one line (file names, the presenter's lists)."""
        return f"{self.heading}{self.joint}{self.subheading}" if self.subheading else self.heading

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(b for col in self.columns for b in col)

    @property
    def counter(self) -> str:
        return f"{self.number} / {self.total}"

    @property
    def is_backup(self) -> bool:
        """A backup or appendix slide: after the closing slide, for the questions."""
        return self.part in ("backup", "appendix")

    def items(self) -> list[tuple[str, str]]:
        """(kind, id) of the plan's items on the slide, in reading order (continued parts
        of a split block count once, where they start)."""
        out: list[tuple[str, str]] = []
        if self.block is not None and not self.continues_chart:
            out.append((self.block.kind, self.block.id))
        if self.side is not None:
            out.append((self.side.kind, self.side.id))
        for b in self.blocks:
            if b.is_item and not is_continued(b):
                out.append((b.kind, b.id))
        return out

    def source_line(self, limit: int | None = None) -> str:
        """ "Source: …" for the slide; with *limit*, at most that many names are listed."""
        if not self.sources:
            return ""
        names = list(self.sources)
        if limit is not None and len(names) > limit:
            rest = len(names) - limit
            return ntr(
                "Sources: {names}; and {n} more, named on each card",
                "Sources: {names}; and {n} more, named on each card",
                rest,
            ).format(names="; ".join(names[:limit]), n=rest)
        return ntr("Source: {names}", "Sources: {names}", len(names)).format(names="; ".join(names))


# -- sections -------------------------------------------------------------------------


def _chart_section(block: Block, tab: TabDeck, heading: str, part: str, kicker: str) -> Section:
    data = block.chart
    assert data is not None
    side = block.attached[0] if block.attached else None
    tp = tab.tab
    return Section(
        "timeline" if data.kind == "timeline" else "chart",
        tp.index,
        heading,
        # a timeline's title says nothing its chart does not show (its events, the date)
        data.title if data.title != heading and data.kind != "timeline" else "",
        chart=data,
        side=slide_form(side) if side is not None else None,
        caption=data.caption,
        sources=_chart_sources(block),
        notes=tp.notes,
        tab_id=tp.id,
        block=block,
        part=part,
        kicker=kicker,
        details=(block, *block.attached),
    )


def _chart_sources(block: Block) -> tuple[str, ...]:
    """The source line's names of a chart: a map's with the licences of its data, which a
    slide prints there rather than on the map (the map's own credit line would be too small
    to read from the back of the room)."""
    data = block.chart
    if data is not None and data.geo is not None and data.geo.licensed:
        return data.geo.licensed
    return block.sources


def _cards_section(
    blocks: Sequence[Block], tab: TabDeck, heading: str, part: str, kicker: str
) -> Section:
    tp = tab.tab
    return Section(
        "cards",
        tp.index,
        heading,
        blocks=tuple(slide_form(b) for b in blocks),
        notes=tp.notes,
        tab_id=tp.id,
        part=part,
        kicker=kicker,
        details=tuple(b for b in blocks if b.is_item),
    )


def main_sections(tab: TabDeck) -> list[Section]:
    """A tab's main slides: each pick's chart or cards under its title; a tab with none,
    its takeaway on a slide of its own."""
    tp = tab.tab
    out: list[Section] = []
    for pick in tab.main:
        out.append(_pick_section(pick, tab))
    if not out and tp.takeaway:
        out.append(
            Section(
                "takeaway", tp.index, tp.title, takeaway=tp.takeaway, notes=tp.notes, tab_id=tp.id
            )
        )
    return out


def _pick_section(pick: MainPick, tab: TabDeck) -> Section:
    lead = pick.blocks[0]
    kicker = tab.tab.title
    if lead.chart is not None:
        return _chart_section(lead, tab, pick.title, "main", kicker)
    return _cards_section(pick.blocks, tab, pick.title, "main", kicker)


def backup_part(tab: TabDeck) -> str:
    """ "appendix" for a tab of sources (reference for after the talk), else "backup"."""
    return "appendix" if tab.tab.kind == "sources" else "backup"


def backup_items(tab: TabDeck) -> int:
    """How many items a tab leaves for its backup slides (notes not counted)."""
    return sum(1 for _, blocks in tab.sections for b in blocks if b.is_item)


def backup_sections(tab: TabDeck, limit: int | None = None) -> list[Section]:
    """Everything of a tab that is not on its main slides: its takeaway whole, its other
    charts, then the rest of its items, a section of the plan at a time, in the plan's
    order; with *limit*, the first *limit* of those items and a note of how many more
    there are and where (`bounds.BACKUP_ITEMS`)."""
    part = backup_part(tab)
    tp = tab.tab
    kicker = f"{tr(APPENDIX if part == 'appendix' else BACKUP)} · {tp.title}"
    out: list[Section] = []
    if tab.main and tp.takeaway and all(p.title != tp.takeaway for p in tab.main):
        # the tab's takeaway, whole, opens its backup slides (its main slides say it short)
        out.append(
            Section(
                "takeaway",
                tp.index,
                tp.title,
                takeaway=tp.takeaway,
                notes=tp.notes,
                tab_id=tp.id,
                part=part,
                kicker=kicker,
            )
        )
    out += [_chart_section(b, tab, b.chart.title, part, kicker) for b in tab.charts if b.chart]
    left = backup_items(tab) if limit is None else limit
    more = backup_items(tab) - left
    for title, blocks in tab.sections:
        kept: list[Block] = []
        for b in blocks:
            if b.is_item:
                if left <= 0:
                    continue
                left -= 1
            elif left <= 0:
                continue  # a note about items left out
            kept.append(b)
        if kept:
            out.append(_cards_section(kept, tab, title, part, kicker))
    if more > 0:  # never silently: how many, and where they are
        text = ntr(
            "… and {n} more item of this tab, not on the slides: {where}.",
            "… and {n} more items of this tab, not on the slides: {where}.",
            more,
        ).format(n=fmt_number(more), where=tr(LISTED_ELSEWHERE))
        note = Block("note", (Line(text, "muted"),))
        if out and out[-1].kind == "cards":
            last = out[-1]
            out[-1] = replace(last, blocks=(*last.blocks, slide_form(note)))
        else:
            out.append(_cards_section([note], tab, tr(BACKUP), part, kicker))
    return out


def title_section(b: Briefing) -> Section:
    lines = []
    if b.source_article and b.source_article in b.sources:
        citation = b.sources[b.source_article].citation()
        lines.append(Line(tr("Source article: {citation}").format(citation=citation), "source"))
    contents = " · ".join(t.title for t in b.tabs)
    lines.append(Line(tr("Contents: {tabs}").format(tabs=contents), "muted"))
    names = source_names(b, [b.source_article])
    return Section(
        "title",
        -1,
        b.title,
        b.subtitle,
        blocks=(Block("title", tuple(lines), (), names),),
        sources=tuple(tr("{name} (the source article)").format(name=n) for n in names),
        part="title",
    )


def closing_section(b: Briefing, tabs: Sequence[TabDeck]) -> Section:
    """The end of the main deck: questions; the backup slides follow, by tab."""
    backed = [t.tab.title for t in tabs if t.charts or t.sections]
    lines = (
        [Line(tr("Backup slides follow, by tab: {tabs}").format(tabs=" · ".join(backed)), "muted")]
        if backed
        else []
    )
    return Section(
        "closing",
        -1,
        tr(CLOSING_TITLE),
        blocks=(Block("title", tuple(lines)),) if lines else (),
        part="closing",
        kicker=b.title,
    )


def tab_decks(b: Briefing | Plan) -> list[TabDeck]:
    plan = b if isinstance(b, Plan) else plan_of(b)
    return [tab_deck(tp) for tp in plan.tabs]


def changes_section(changes: Changes) -> Section:
    """What changed since the edition compared with (File > Compare with…), in one line
    for the room; tab by tab, every change, in the presenter view's notes."""
    d = changes.diff
    summary = d.summary()
    return Section(
        "takeaway",
        -1,
        tr(SINCE_TITLE).format(date=_day(d.old.as_of)),
        takeaway=summary[:1].upper() + summary[1:] + ".",
        notes="\n".join(changes.lines()),
        kicker=tr("Since the last edition"),
    )


def _day(iso: str) -> str:
    try:
        return fmt_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


def deck_sections(b: Briefing | Plan, changes: Changes | None = None) -> list[Section]:
    """Every section of the deck: the title, what changed since the last edition (when
    *changes* are given), each tab's main slides, the closing slide, then each tab's
    backup slides (a sources tab's last, as the appendix)."""
    plan = b if isinstance(b, Plan) else plan_of(b)
    tabs = tab_decks(plan)
    sections = [title_section(plan.briefing)]
    if changes is not None:
        sections.append(changes_section(changes))
    for t in tabs:
        sections += main_sections(t)
    sections.append(closing_section(plan.briefing, tabs))
    backups = [t for t in tabs if backup_part(t) == "backup"]
    appendix = [t for t in tabs if backup_part(t) == "appendix"]
    ordered = backups + appendix
    # the backup slides and the appendix show at most BACKUP_ITEMS items together: an
    # equal share a tab, what a tab needs less of going to the others
    share = per_part(len(ordered), BACKUP_ITEMS, BACKUP_TAB_ITEMS_MIN)
    counts = [backup_items(t) for t in ordered]
    allowed = share_out(counts, max(BACKUP_ITEMS, share * sum(1 for n in counts if n)))
    for t, n in zip(ordered, allowed, strict=True):
        sections += backup_sections(t, n)
    return sections


def number_slides(slides: list[Slide]) -> list[Slide]:
    n = len(slides)
    return [replace(s, number=k + 1, total=n) for k, s in enumerate(slides)]


def block_sources(blocks: Iterable[Block], b: Briefing | None = None) -> tuple[str, ...]:
    """The names of the sources the blocks cite, each once, in order; with the briefing,
    those of every source id too (a derived check names only the sources it is computed
    from)."""
    names: list[str] = []
    for blk in blocks:
        more = source_names(b, blk.source_ids) if b is not None else ()
        for n in (*blk.sources, *more):
            if n not in names:
                names.append(n)
    return tuple(names)


def describe(slide: Slide) -> str:
    """A slide's text, for a screen reader (the slide view's accessible description): its
    number, takeaway, chart in words, what is beside it, its cards, caption and sources."""
    parts = [f"Slide {slide.number} of {slide.total}", slide.takeaway]
    if slide.chart is not None:
        parts.append(describe_chart(slide.chart))
    if slide.side is not None:
        parts.append(slide.side.text)
    parts += [b.text for b in slide.blocks]
    parts += [slide.caption, slide.source_line()]
    return "\n".join(p for p in parts if p)
