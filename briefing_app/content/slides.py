"""The slides of a briefing, without Qt: a main deck and backup slides, cut from the plan.

The deck is the briefing's plan (`content.plan`) told for a room: a title slide; for each
tab its main slides, each one message in large type (`content.deckplan` chooses them:
a chart alone, or up to three items in their slide form, `content.slide_forms`); a
closing slide; then, grouped by tab, backup slides of everything else the tab shows, in
the plan's order, for the questions (a sources tab's are the appendix).  Nothing is
dropped: every item is on a main or a backup slide.  A slide keeps the plan's whole
blocks of what it shows (`Slide.details`) for the presenter view.

`deck_sections` gives the parts before they are cut into slides; how tall a block is
depends on the screen, so the caller (`render.slides.deck`) passes a measuring function
to `paginate`; this module never guesses a size.  A block too tall for a slide is split
at a word with an explicit "Continued on the next slide" line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from briefing_app.content.blocks import Block, Line, source_names
from briefing_app.content.chartdata import ChartData
from briefing_app.content.deckplan import MainPick, TabDeck, tab_deck
from briefing_app.content.plan import Plan, plan_of
from briefing_app.content.slide_forms import body_words, slide_form
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import shorten

CONTINUES = "Continued on the next slide"
CONTINUED = "(continued)"
#: the parts of a deck, in order
PARTS = ("title", "main", "closing", "backup", "appendix")
#: at most this many cards on a slide ...
MAX_CARDS = 3
#: ... and about this many words of body text outside a chart
MAX_WORDS = 45
CLOSING_TITLE = "Questions"
BACKUP = "Backup"
APPENDIX = "Appendix"


def heading_block(text: str) -> Block:
    return Block("section", (Line(text, "section"),), section=text)


@dataclass(frozen=True)
class Section:
    """A part of the deck before it is cut into slides."""

    kind: str  # "title" | "chart" | "timeline" | "cards" | "takeaway" | "closing"
    tab_index: int
    heading: str
    subheading: str = ""
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

    @property
    def title(self) -> str:
        """Heading and subheading in one line (file names, the presenter's lists)."""
        return f"{self.heading}: {self.subheading}" if self.subheading else self.heading

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
        if self.block is not None:
            out.append((self.block.kind, self.block.id))
        if self.side is not None:
            out.append((self.side.kind, self.side.id))
        for b in self.blocks:
            if b.is_item and not _is_continued(b):
                out.append((b.kind, b.id))
        return out

    def source_line(self, limit: int | None = None) -> str:
        """ "Source: …" for the slide; with *limit*, at most that many names are listed."""
        if not self.sources:
            return ""
        names = list(self.sources)
        label = "Source" if len(names) == 1 else "Sources"
        if limit is not None and len(names) > limit:
            rest = len(names) - limit
            return f"{label}: {'; '.join(names[:limit])}; and {rest} more, named on each card"
        return f"{label}: {'; '.join(names)}"


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
        sources=block.sources,
        notes=tp.notes,
        tab_id=tp.id,
        block=block,
        part=part,
        kicker=kicker,
        details=(block, *block.attached),
    )


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


def backup_sections(tab: TabDeck) -> list[Section]:
    """Everything of a tab that is not on its main slides: its takeaway whole, its other
    charts, then the rest of its items, a section of the plan at a time, in the plan's
    order."""
    part = backup_part(tab)
    tp = tab.tab
    kicker = f"{APPENDIX if part == 'appendix' else BACKUP} · {tp.title}"
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
    for title, blocks in tab.sections:
        out.append(_cards_section(blocks, tab, title, part, kicker))
    return out


def title_section(b: Briefing) -> Section:
    lines = []
    if b.source_article and b.source_article in b.sources:
        lines.append(Line(f"Source article: {b.sources[b.source_article].citation()}", "source"))
    lines.append(Line("Contents: " + " · ".join(t.title for t in b.tabs), "muted"))
    names = source_names(b, [b.source_article])
    return Section(
        "title",
        -1,
        b.title,
        b.subtitle,
        blocks=(Block("title", tuple(lines), (), names),),
        sources=tuple(f"{n} (the source article)" for n in names),
        part="title",
    )


def closing_section(b: Briefing, tabs: Sequence[TabDeck]) -> Section:
    """The end of the main deck: questions; the backup slides follow, by tab."""
    backed = [t.tab.title for t in tabs if t.charts or t.sections]
    lines = (
        [Line(f"{BACKUP} slides follow, by tab: " + " · ".join(backed), "muted")] if backed else []
    )
    return Section(
        "closing",
        -1,
        CLOSING_TITLE,
        blocks=(Block("title", tuple(lines)),) if lines else (),
        part="closing",
        kicker=b.title,
    )


def tab_decks(b: Briefing | Plan) -> list[TabDeck]:
    plan = b if isinstance(b, Plan) else plan_of(b)
    return [tab_deck(tp) for tp in plan.tabs]


def deck_sections(b: Briefing | Plan) -> list[Section]:
    """Every section of the deck: the title, each tab's main slides, the closing slide,
    then each tab's backup slides (a sources tab's last, as the appendix)."""
    plan = b if isinstance(b, Plan) else plan_of(b)
    tabs = tab_decks(plan)
    sections = [title_section(plan.briefing)]
    for t in tabs:
        sections += main_sections(t)
    sections.append(closing_section(plan.briefing, tabs))
    backups = [t for t in tabs if backup_part(t) == "backup"]
    appendix = [t for t in tabs if backup_part(t) == "appendix"]
    for t in backups + appendix:
        sections += backup_sections(t)
    return sections


# -- pagination -----------------------------------------------------------------------


Measure = Callable[[Block], float]


#: when a block is split, a word longer than this is cut into pieces this long, so a
#: 3,000-character "word" can run over several slides (the display breaks such runs too)
PIECE = 24
#: a block is cut into at most this many parts; the last one then takes the rest whole
MAX_PARTS = 200

#: (index of the line, text, what joins it to the text before it on that line)
_Token = tuple[int, str, str]


def _tokens(lines: Sequence[Line], first: int = 0) -> list[_Token]:
    """The words of *lines* (from line *first*), long words cut into `PIECE`-long pieces."""
    out: list[_Token] = []
    for i in range(first, len(lines)):
        for w in lines[i].text.split(" "):
            if len(w) <= PIECE:
                out.append((i, w, " "))
                continue
            for k in range(0, len(w), PIECE):
                out.append((i, w[k : k + PIECE], " " if k == 0 else ""))
    return out


def _is_continued(block: Block) -> bool:
    return len(block.lines) > 1 and block.lines[0] == Line(CONTINUED, "muted")


def content_length(block: Block) -> int:
    """Characters of the block's text, without the "(continued)" line a split part starts with."""
    lines = block.lines[1:] if _is_continued(block) else block.lines
    return sum(len(ln.text) for ln in lines if ln.role != "continues")


def split_block(block: Block, height: Measure, room: float) -> tuple[Block, Block]:
    """Cut *block* at a word so that the first part, ending in CONTINUES, fits in *room*.

    A word longer than `PIECE` may be cut inside it. The first part always takes at least one
    character of the text (even if it then does not fit), so splitting again and again ends.
    A block of a single piece cannot be split: the tail is then empty (only "(continued)").
    """
    lead = block.lines[:1] if _is_continued(block) else ()
    words = _tokens(block.lines, len(lead))

    def part(tokens: list[_Token], start: tuple[Line, ...], end: tuple[Line, ...]):
        lines: list[Line] = list(start)
        current = -1
        for i, w, glue in tokens:
            if i != current:
                lines.append(Line(w, block.lines[i].role))
                current = i
            else:
                lines[-1] = Line(f"{lines[-1].text}{glue}{w}", lines[-1].role)
        return tuple(lines) + end

    def head(k: int) -> Block:
        lines = part(words[:k], lead, (Line(CONTINUES, "continues"),))
        return replace(block, lines=lines)

    # at least one character goes into the first part, whatever room there is
    least = next((k + 1 for k, (_, w, _) in enumerate(words) if w), 1)
    lo, hi = least, len(words) - 1
    best = least
    while lo <= hi:
        mid = (lo + hi) // 2
        if height(head(mid)) <= room:
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    tail = replace(block, lines=part(words[best:], (Line(CONTINUED, "muted"),), ()), badges=())
    return head(best), tail


def _page_full(
    b: Block, cards: int, words: int, max_cards: int | None, max_words: int | None
) -> bool:
    """Whether a page holding *cards* items and *words* words takes no more *b*."""
    if b.is_heading or not (cards or words):
        return False
    if max_cards is not None and b.is_item and cards >= max_cards:
        return True
    return max_words is not None and words + body_words(b) > max_words


def paginate(
    blocks: Sequence[Block],
    height: Measure,
    capacity: Callable[[int], float],
    columns: int = 2,
    gap: float = 0.0,
    *,
    max_cards: int | None = None,
    max_words: int | None = None,
    repeat_headings: bool = True,
) -> list[tuple[tuple[Block, ...], ...]]:
    """Cut a flow of blocks into pages of *columns* columns, each at most ``capacity(page)`` high.

    Blocks keep their order, reading down each column. A section heading is never the last
    block of a column; a page that starts in the middle of a section repeats its heading,
    marked "(continued)" (unless not *repeat_headings*: the slide's title names it); a
    block taller than a whole column is split (`split_block`).
    A page holds at most *max_cards* items and, past its first block, at most *max_words*
    words of body text (`slide_forms.body_words`).
    """
    queue = list(blocks)
    pages: list[tuple[tuple[Block, ...], ...]] = []
    parts = 1  # parts the block at the head of the queue has been cut into so far
    while queue:
        cap = capacity(len(pages))
        first = queue[0]
        if repeat_headings and pages and not first.is_heading and first.section:
            queue.insert(0, heading_block(f"{first.section} {CONTINUED}"))
        cols: list[tuple[Block, ...]] = []
        cards = words = 0
        for _ in range(columns):
            col: list[Block] = []
            used = 0.0
            full = False
            while queue:
                b = queue[0]
                if _page_full(b, cards, words, max_cards, max_words):
                    full = True
                    break
                h = height(b) + (gap if col else 0.0)
                only_headings = all(x.is_heading for x in col)
                if b.is_heading and len(queue) > 1 and not queue[1].is_heading:
                    # keep the heading with the block after it
                    nxt = gap + height(queue[1])
                    if used + h + nxt > cap and not only_headings:
                        break
                if used + h <= cap:
                    col.append(queue.pop(0))
                    used += h
                    if not b.is_heading:
                        parts = 1
                        cards += b.is_item
                        words += body_words(b)
                    continue
                if only_headings and not b.is_heading:
                    room = cap - used - (gap if col else 0.0)
                    if room > 0:
                        head, tail = split_block(b, height, room)
                        left = content_length(tail)
                        if parts < MAX_PARTS and 0 < left < content_length(b):
                            queue[0] = tail
                            col.append(head)
                            parts += 1
                        else:  # cannot be cut further (or cut enough): the rest goes whole
                            col.append(queue.pop(0))
                            parts = 1
                break
            cols.append(tuple(col))
            if not queue or full:
                break
        if queue and all(x.is_heading for col in cols for x in col):
            # only headings (or nothing) fit: take the next block whole, never loop forever
            first_col = list(cols[0]) if cols else []
            while queue:
                b = queue.pop(0)
                first_col.append(b)
                if not b.is_heading:
                    parts = 1
                    break
            cols = [tuple(first_col), *cols[1:]]
        pages.append(tuple(cols))
    return pages


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
    """A plain-text outline of a slide (tests and the presenter's accessible text)."""
    parts = [slide.title]
    if slide.takeaway:
        parts.append(slide.takeaway)
    parts += [shorten(b.text, 120) for b in slide.blocks]
    return "\n".join(parts)
