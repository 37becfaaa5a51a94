"""The slides of a briefing, without Qt: the plan cut into slides.

The briefing's plan (`content.plan`) becomes a list of *sections* (`plan_sections`): a
title slide, one chart slide per chart of a tab (a poll's details beside its chart),
and for each tab a flow of the plan's other blocks, each section under its heading, in
the plan's order, that `paginate` cuts into slides.  How tall a block is depends on the
screen, so the caller (`render.slides.deck`) passes a measuring function; this module
never guesses a size.  A block too tall for a whole column is split at a word with an
explicit "Continued on the next slide" line: nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from briefing_app.content.blocks import Block, Line, source_names
from briefing_app.content.chartdata import ChartData
from briefing_app.content.plan import Plan, TabPlan, plan_of
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import shorten

CONTINUES = "Continued on the next slide"
CONTINUED = "(continued)"


def heading_block(text: str) -> Block:
    return Block("section", (Line(text, "section"),), section=text)


@dataclass(frozen=True)
class Section:
    """A part of the briefing before it is cut into slides."""

    kind: str  # "title" | "chart" | "timeline" | "cards"
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


@dataclass(frozen=True)
class Slide:
    """One slide: its heading, what it shows, its sources and the tab's speaker notes."""

    kind: str  # "title" | "chart" | "timeline" | "cards" | "takeaway"
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

    @property
    def title(self) -> str:
        """Heading and subheading in one line (file names, the presenter's "next" line)."""
        return f"{self.heading}: {self.subheading}" if self.subheading else self.heading

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(b for col in self.columns for b in col)

    @property
    def counter(self) -> str:
        return f"{self.number} / {self.total}"

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


def _chart_sections(tp: TabPlan, takeaway: str) -> list[Section]:
    out = []
    for block in tp.charts:
        data = block.chart
        assert data is not None
        kind = "timeline" if data.kind == "timeline" else "chart"
        out.append(
            Section(
                kind,
                tp.index,
                tp.title,
                data.title,
                takeaway,
                chart=data,
                side=block.attached[0] if block.attached else None,
                caption=data.caption,
                sources=block.sources,
                notes=tp.notes,
                tab_id=tp.id,
                block=block,
            )
        )
        takeaway = ""
    return out


def on_slide(block: Block) -> Block:
    """The block as a slide shows it: without its detail lines (the handout has them)."""
    if not any(ln.role == "detail" for ln in block.lines):
        return block
    return replace(block, lines=tuple(ln for ln in block.lines if ln.role != "detail"))


def tab_sections(tp: TabPlan) -> list[Section]:
    """The sections of one tab, in the order of its plan."""
    sections = _chart_sections(tp, tp.takeaway)
    takeaway = "" if sections else tp.takeaway
    flow: list[Block] = []
    for sec in tp.sections:
        if sec.key == "charts":
            continue
        flow.append(heading_block(sec.title))
        flow.extend(on_slide(b) for b in sec.blocks)
    if flow or takeaway:
        sections.append(
            Section(
                "cards",
                tp.index,
                tp.title,
                "",
                takeaway,
                blocks=tuple(flow),
                notes=tp.notes,
                tab_id=tp.id,
            )
        )
    return sections


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
    )


def plan_sections(b: Briefing | Plan) -> list[Section]:
    """Every section of the briefing, title first, then each tab in order."""
    plan = b if isinstance(b, Plan) else plan_of(b)
    sections = [title_section(plan.briefing)]
    for tp in plan.tabs:
        sections += tab_sections(tp)
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


def paginate(
    blocks: Sequence[Block],
    height: Measure,
    capacity: Callable[[int], float],
    columns: int = 2,
    gap: float = 0.0,
) -> list[tuple[tuple[Block, ...], ...]]:
    """Cut a flow of blocks into pages of *columns* columns, each at most ``capacity(page)`` high.

    Blocks keep their order, reading down each column. A section heading is never the last
    block of a column; a page that starts in the middle of a section repeats its heading,
    marked "(continued)"; a block taller than a whole column is split (`split_block`).
    """
    queue = list(blocks)
    pages: list[tuple[tuple[Block, ...], ...]] = []
    parts = 1  # parts the block at the head of the queue has been cut into so far
    while queue:
        cap = capacity(len(pages))
        first = queue[0]
        if pages and not first.is_heading and first.section:
            queue.insert(0, heading_block(f"{first.section} {CONTINUED}"))
        cols: list[tuple[Block, ...]] = []
        for _ in range(columns):
            col: list[Block] = []
            used = 0.0
            while queue:
                b = queue[0]
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
            if not queue:
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


def block_sources(blocks: Iterable[Block]) -> tuple[str, ...]:
    names: list[str] = []
    for b in blocks:
        for n in b.sources:
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
