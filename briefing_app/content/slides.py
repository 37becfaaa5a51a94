"""The slides of a briefing, without Qt: what each slide shows and where it comes from.

A briefing becomes a list of *sections* (`plan_sections`): a title slide, one
chart slide per chart, and for each tab a flow of *blocks* (checks, attribution
notes, quotes, positions, polls, events, sources) that `paginate` cuts into
slides.  How tall a block is depends on the screen, so the caller (the Qt
layout, `layout.py`) passes a measuring function; the model itself never
guesses a size.  A block too tall for a whole column is split at a word with
an explicit "Continued on the next slide" line: nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from briefing_app.model.types import (
    Briefing,
    Chart,
    CheckResult,
    Claim,
    Event,
    Poll,
    Position,
    Quote,
    Source,
    Tab,
    fmt_date,
    fmt_number,
    shorten,
)

CONTINUES = "Continued on the next slide"
CONTINUED = "(continued)"
LATER = "Later than the as-of date"

SECTION_NAMES = {
    "checks": "Checks: reported against computed",
    "claims": "Attribution notes",
    "quotes": "Quotes",
    "positions": "Positions",
    "polls": "Polls",
    "events": "Events, in date order",
    "sources": "Sources",
}


@dataclass(frozen=True)
class Line:
    """One paragraph of a block. ``role`` picks its type: heading, body, quote, muted, source."""

    text: str
    role: str = "body"


@dataclass(frozen=True)
class Block:
    """One card on a slide (or a section heading, ``kind == "section"``)."""

    kind: str
    lines: tuple[Line, ...]
    #: (text, "ok" | "warn" | "bad")
    badges: tuple[tuple[str, str], ...] = ()
    #: names of the sources the block cites, for the slide's source line
    sources: tuple[str, ...] = ()
    #: the section the block belongs to (its heading's text)
    section: str = ""

    @property
    def is_heading(self) -> bool:
        return self.kind == "section"

    @property
    def text(self) -> str:
        return "\n".join([b for b, _ in self.badges] + [ln.text for ln in self.lines])


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
    chart: Chart | None = None
    side: Block | None = None
    caption: str = ""
    sources: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    notes: str = ""
    tab_id: str = ""


@dataclass(frozen=True)
class Slide:
    """One slide: its heading, what it shows, its sources and the tab's speaker notes."""

    kind: str  # "title" | "chart" | "timeline" | "cards" | "takeaway"
    heading: str
    subheading: str = ""
    takeaway: str = ""
    chart: Chart | None = None
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


# -- blocks ---------------------------------------------------------------------------


def _names(b: Briefing, source: str | None, via: Iterable[str] = ()) -> tuple[str, ...]:
    out = []
    for s in (source, *via):
        if s:
            n = b.source_name(s)
            if n not in out:
                out.append(n)
    return tuple(out)


def check_block(c: CheckResult, b: Briefing, section: str = "") -> Block:
    if c.holds is None:
        badge = ("Derived", "warn")
    elif c.holds:
        badge = ("Check holds", "ok")
    else:
        badge = ("Check does not hold", "bad")
    lines = [Line(c.title, "heading"), Line(c.verdict())]
    names: tuple[str, ...] = ()
    if c.reported_id:
        rep = b.observation_rows([c.reported_id])
        if not rep.empty:
            r = rep.iloc[0]
            attribution = b.observation_attribution(r)
            if attribution:
                lines.append(Line(f"Reported by: {attribution}", "source"))
            via = str(r["via"]).split() if isinstance(r["via"], str) else []
            names = _names(b, r["source"] if isinstance(r["source"], str) else None, via)
    if c.note:
        lines.append(Line(c.note, "muted"))
    return Block("check", tuple(lines), (badge,), names, section)


def claim_block(c: Claim, b: Briefing, section: str = "") -> Block:
    badges = ((f"{LATER} ({fmt_date(c.date)})", "warn"),) if b.is_later(c.date) else ()
    lines = [Line(c.claim, "heading")]
    for label, text in (
        ("Source article says", c.article_says),
        ("Who actually said it", c.actually_said),
        ("Cross-check", c.cross_check),
    ):
        if text:
            lines.append(Line(f"{label}: {text}"))
    names = _names(b, None, c.sources)
    if names:
        lines.append(Line("Sources: " + "; ".join(names), "source"))
    return Block("claim", tuple(lines), badges, names, section)


def quote_block(q: Quote, b: Briefing, section: str = "") -> Block:
    kind = {"verified": "ok", "as-quoted": "warn", "not-found": "bad"}.get(q.status, "warn")
    badges = [(q.status_label, kind)]
    if b.is_later(q.date):
        badges.append((LATER, "warn"))
    who = q.speaker + (f", {q.role}" if q.role else "")
    lines = [
        Line(f"“{q.text}”", "quote"),
        Line(f"— {who}" + (f", {fmt_date(q.date)}" if q.date else ""), "muted"),
    ]
    src = b.attribution(q.source, q.via)
    if src:
        lines.append(Line(f"Source: {src}", "source"))
    if q.note:
        lines.append(Line(q.note, "muted"))
    return Block("quote", tuple(lines), tuple(badges), _names(b, q.source, q.via), section)


def position_block(p: Position, b: Briefing, section: str = "") -> Block:
    lines = [Line(f"{p.party}: {p.topic}", "heading"), Line(p.position)]
    if p.article_wording:
        lines.append(Line(f"Source article's wording: {p.article_wording}", "muted"))
    bits = [b.attribution(p.source)] if p.source else []
    if p.date:
        bits.append(fmt_date(p.date))
    if bits:
        lines.append(Line("Source: " + ", ".join(bits), "source"))
    return Block("position", tuple(lines), (), _names(b, p.source), section)


def poll_block(p: Poll, b: Briefing, section: str = "") -> Block:
    badges = ((f"{LATER}: shown for context", "warn"),) if b.is_later(p.fieldwork_end) else ()
    who = p.pollster + (f", for {p.commissioner}" if p.commissioner else "")
    lines = [
        Line(p.question, "heading"),
        Line(f"Pollster: {who}"),
        Line(f"Fieldwork: {p.fieldwork_text()}"),
        Line(f"Sample: {fmt_number(p.sample)} respondents" if p.sample else "Sample: not stated"),
        Line(f"Method: {p.method}" if p.method else "Method: not stated"),
    ]
    if p.source:
        lines.append(Line(f"Source: {b.attribution(p.source)}", "source"))
    if p.note:
        lines.append(Line(p.note, "muted"))
    return Block("poll", tuple(lines), badges, _names(b, p.source), section)


def event_block(e: Event, b: Briefing, section: str = "") -> Block:
    badges = ((LATER, "warn"),) if b.is_later(e.date) else ()
    lines = [Line(f"{fmt_date(e.date)}: {e.title}", "heading")]
    if e.description:
        lines.append(Line(e.description))
    names = _names(b, None, e.sources)
    if names:
        lines.append(Line("Sources: " + "; ".join(names), "source"))
    return Block("event", tuple(lines), badges, names, section)


def _uses_summary(uses: Sequence[str]) -> str:
    counts: dict[str, int] = {}
    for u in uses:
        kind = u.split(":", 1)[0].lower()
        counts[kind] = counts.get(kind, 0) + 1
    plural = {"figure": "figures", "quote": "quotes", "claim": "claims", "event": "events"}
    plural |= {"position": "positions", "poll": "polls"}
    parts = [f"{n} {plural.get(k, k) if n != 1 else k}" for k, n in counts.items()]
    return "Relied on by " + ", ".join(parts)


def source_block(s: Source, b: Briefing, section: str = "") -> Block:
    badges = (("The briefing's source article", "warn"),) if s.id == b.source_article else ()
    lines = [Line(f"{s.name}: {s.publisher}" if s.short_name else s.publisher, "heading")]
    lines.append(Line(s.citation()))
    if s.note:
        lines.append(Line(s.note, "muted"))
    uses = b.uses_of_source(s.id)
    lines.append(
        Line(_uses_summary(uses) if uses else "Not cited by any figure, quote or event.", "source")
    )
    return Block("source", tuple(lines), badges, (s.name,), section)


# -- sections -------------------------------------------------------------------------


def _chart_sections(b: Briefing, tab: Tab, i: int, takeaway: str) -> list[Section]:
    out = []
    for chart in tab.charts:
        side = None
        sources = tuple(b.chart_sources(chart))
        if chart.kind == "poll" and chart.poll in b.polls:
            side = poll_block(b.polls[chart.poll], b)
        out.append(
            Section(
                "chart",
                i,
                tab.title,
                chart.title,
                takeaway,
                chart=chart,
                side=side,
                caption=chart.caption,
                sources=sources,
                notes=tab.notes,
                tab_id=tab.id,
            )
        )
        takeaway = ""
    return out


def _flow(groups: Iterable[tuple[str, list]]) -> tuple[Block, ...]:
    """Blocks of several sections, each headed by its name."""
    blocks: list[Block] = []
    for key, items in groups:
        if not items:
            continue
        name = SECTION_NAMES[key]
        blocks.append(heading_block(name))
        blocks.extend(replace(block, section=name) for block in items)
    return tuple(blocks)


def tab_sections(b: Briefing, tab: Tab, i: int) -> list[Section]:
    """The sections of one tab, in the order they are presented."""
    takeaway = tab.takeaway
    sections: list[Section] = []
    if tab.kind == "timeline":
        events = sorted(b.events.values(), key=lambda e: e.date)
        names: list[str] = []
        for e in events:
            for n in _names(b, None, e.sources):
                if n not in names:
                    names.append(n)
        sections.append(
            Section(
                "timeline",
                i,
                tab.title,
                "Events and the briefing's as-of date",
                takeaway,
                sources=tuple(names),
                notes=tab.notes,
                tab_id=tab.id,
            )
        )
        takeaway = ""
        sections += _chart_sections(b, tab, i, takeaway)
        flow = _flow([("events", [event_block(e, b) for e in events])])
    elif tab.kind == "sources":
        sections += _chart_sections(b, tab, i, takeaway)
        takeaway = takeaway if not tab.charts else ""
        flow = tuple(source_block(s, b, SECTION_NAMES["sources"]) for s in b.sources.values())
    else:
        sections += _chart_sections(b, tab, i, takeaway)
        if tab.charts:
            takeaway = ""
        shown_polls = {c.poll for c in tab.charts if c.kind == "poll"}
        positions = []
        if tab.kind == "negotiations":
            ids = tab.positions or tuple(b.positions)
            positions = [position_block(b.positions[p], b) for p in ids]
        flow = _flow(
            [
                ("positions", positions),
                ("checks", [check_block(b.checks[c], b) for c in tab.checks]),
                ("polls", [poll_block(b.polls[p], b) for p in tab.polls if p not in shown_polls]),
                ("claims", [claim_block(b.claims[c], b) for c in tab.claims]),
                ("quotes", [quote_block(b.quotes[q], b) for q in tab.quotes]),
            ]
        )
    if flow or takeaway:
        sections.append(
            Section(
                "cards", i, tab.title, "", takeaway, blocks=flow, notes=tab.notes, tab_id=tab.id
            )
        )
    return sections


def title_section(b: Briefing) -> Section:
    lines = []
    if b.source_article and b.source_article in b.sources:
        lines.append(Line(f"Source article: {b.sources[b.source_article].citation()}", "source"))
    lines.append(Line("Contents: " + " · ".join(t.title for t in b.tabs), "muted"))
    names = _names(b, b.source_article)
    return Section(
        "title",
        -1,
        b.title,
        b.subtitle,
        blocks=(Block("title", tuple(lines), (), names),),
        sources=tuple(f"{n} (the source article)" for n in names),
    )


def plan_sections(b: Briefing) -> list[Section]:
    """Every section of the briefing, title first, then each tab in order."""
    sections = [title_section(b)]
    for i, tab in enumerate(b.tabs):
        sections += tab_sections(b, tab, i)
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
