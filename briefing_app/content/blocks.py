"""One block per item: what the plan says of a chart, check, claim, quote, position,
poll, event or source, as plain-text lines with their sources.

The lines are the same in every view; a view picks the type of a line by its role
(heading, body, quote, muted, source) and may number a line's `Cite` (the handout's
source notes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing_app.content.chartdata import ChartData
from briefing_app.content.text import NO_SOURCE
from briefing_app.model import kinds
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date, fmt_number, fmt_period, fmt_value, shorten
from briefing_app.model.i18n import N_, ntr, tr
from briefing_app.model.types import CheckResult, Claim, Event, Poll, Position, Quote, Source

LATER = N_("Later than the as-of date")

#: the kinds of block that are an item of the briefing, shown alike in every view
ITEM_BLOCK_KINDS = frozenset(["chart", *(k.singular for k in kinds.ITEM_KINDS)])


@dataclass(frozen=True)
class Cite:
    """Whom a line rests on: the attribution in words and the source ids behind it
    (the handout numbers these as notes; Markdown as footnotes)."""

    attribution: str
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    """One paragraph of a block. ``role`` picks its type: heading, body, quote, muted,
    source (a source line), detail (small print a slide leaves to the presenter view and
    the handout), section, continues."""

    text: str
    role: str = "body"
    cite: Cite | None = None


@dataclass(frozen=True)
class Block:
    """One item on a tab (a chart, check, claim, quote, position, poll, event or source),
    a section heading in a flow of blocks (``kind == "section"``), or a note about a
    section (``kind == "note"``)."""

    kind: str
    lines: tuple[Line, ...]
    #: (text, "ok" | "warn" | "bad")
    badges: tuple[tuple[str, str], ...] = ()
    #: names of the sources the block cites, for a slide's source line
    sources: tuple[str, ...] = ()
    #: the section the block belongs to (its heading's text)
    section: str = ""
    #: the item's id (a chart's, check's, ... id); "" for headings and notes
    id: str = ""
    #: the ids of the sources the block cites
    source_ids: tuple[str, ...] = ()
    #: a sub-group of its section (a position's topic)
    group: str = ""
    #: the model's item (CheckResult, Quote, Position, ...), for views that lay it out
    item: Any = field(default=None, compare=False)
    #: a chart's data (kind "chart")
    chart: ChartData | None = field(default=None, compare=False)
    #: blocks shown with this one, beside it where there is room (a poll chart's details)
    attached: tuple[Block, ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.kind == "section"

    @property
    def is_item(self) -> bool:
        """A chart or an item of the briefing (not a heading, a note or the title card)."""
        return self.kind in ITEM_BLOCK_KINDS

    @property
    def title(self) -> str:
        """The block's heading line, or its first line."""
        for ln in self.lines:
            if ln.role == "heading":
                return ln.text
        return self.lines[0].text if self.lines else ""

    @property
    def text(self) -> str:
        return "\n".join([b for b, _ in self.badges] + [ln.text for ln in self.lines])


def source_names(b: Briefing, ids: Iterable[str | None]) -> tuple[str, ...]:
    """The short names of the sources *ids*, each once, in order."""
    out: list[str] = []
    for s in ids:
        if s:
            n = b.source_name(s)
            if n not in out:
                out.append(n)
    return tuple(out)


def _ids(*groups: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for g in groups for i in g if i))


def chart_block(data: ChartData, attached: tuple[Block, ...] = ()) -> Block:
    """A chart: its title, then its caption and the sources of what it draws."""
    lines = [Line(data.title, "heading")]
    if data.kind == "timeline":  # the names of the events' sources, in one line
        if data.source_lines:
            names = "; ".join(data.source_lines)
            label = ntr("Source: {names}", "Sources: {names}", len(data.source_lines))
            lines.append(Line(label.format(names=names), "source", Cite(names, data.source_ids)))
    else:
        for attribution in data.source_lines:
            line = tr("Source: {source}").format(source=attribution)
            lines.append(Line(line, "source", Cite(attribution)))
    if data.caption:
        lines.append(Line(data.caption, "muted"))
    return Block(
        "chart",
        tuple(lines),
        sources=tuple(data.source_lines),
        id=data.id,
        source_ids=data.source_ids,
        chart=data,
        attached=attached,
    )


#: a check's badge for each judgement (`CheckResult.judgement`)
JUDGEMENT_BADGES = {
    "derived": (N_("Derived"), "warn"),
    "holds": (N_("Check holds"), "ok"),
    "does not hold": (N_("Check does not hold"), "bad"),
    "understates": (N_("Holds, but understates"), "warn"),
    "overstates": (N_("Holds, but overstates"), "warn"),
}


def judgement_badge(judgement: str) -> tuple[str, str] | None:
    """A check's badge for *judgement*, in the current language."""
    badge = JUDGEMENT_BADGES.get(judgement)
    return None if badge is None else (tr(badge[0]), badge[1])


def check_block(c: CheckResult, b: Briefing) -> Block:
    badges = [judgement_badge(c.judgement) or ("", "warn")]
    if c.later:
        badges.append((tr("Uses a figure later than the as-of date"), "warn"))
    lines = [Line(c.title, "heading"), Line(c.verdict())]
    ids: tuple[str, ...] = ()
    if c.reported_id:
        rep = b.observation_rows([c.reported_id])
        if not rep.empty:
            r = rep.iloc[0]
            attribution = b.observation_attribution(r)
            ids = _ids([r["source"]], str(r["via"]).split() if isinstance(r["via"], str) else ())
            if attribution:
                line = tr("Reported by: {source}").format(source=attribution)
                lines.append(Line(line, "source", Cite(attribution, ids)))
    inputs = b.observation_rows(list(c.inputs)) if c.inputs else None
    input_ids: tuple[str, ...] = ()
    if inputs is not None and not inputs.empty:
        parts: list[str] = []
        for attribution, source, via in zip(
            b.observation_attributions(inputs), inputs["source"], inputs["via"], strict=True
        ):
            if attribution and attribution not in parts:
                parts.append(attribution)
            input_ids = _ids(input_ids, [source], str(via).split() if isinstance(via, str) else ())
        if parts:
            lines.append(
                Line(
                    tr("Computed from: {sources}").format(sources="; ".join(parts)),
                    "source",
                    Cite("; ".join(parts), input_ids),
                )
            )
    if c.note:
        lines.append(Line(c.note, "muted"))
    all_ids = _ids(ids, input_ids)
    return Block(
        "check",
        tuple(lines),
        tuple(badges),
        source_names(b, ids),
        id=c.id,
        source_ids=all_ids,
        item=c,
    )


def claim_block(c: Claim, b: Briefing) -> Block:
    badges = ((f"{tr(LATER)} ({fmt_date(c.date)})", "warn"),) if b.is_later(c.date) else ()
    lines = [Line(c.claim, "heading")]
    for label, text in (
        (tr("Source article says: {text}"), c.article_says),
        (tr("Who actually said it: {text}"), c.actually_said),
        (tr("Cross-check: {text}"), c.cross_check),
    ):
        if text:
            lines.append(Line(label.format(text=text)))
    names = source_names(b, c.sources)
    if names:
        lines.append(Line(_sources_line(names), "source", Cite("; ".join(names), c.sources)))
    return Block("claim", tuple(lines), badges, names, id=c.id, source_ids=c.sources, item=c)


QUOTE_TONES = {"verified": "ok", "as-quoted": "warn", "not-found": "bad"}


def quote_block(q: Quote, b: Briefing) -> Block:
    badges = [(q.status_label, QUOTE_TONES.get(q.status, "warn"))]
    if b.is_later(q.date):
        badges.append((tr(LATER), "warn"))
    who = q.speaker + (f", {q.role}" if q.role else "")
    lines = [Line(f"“{q.text}”", "quote")]
    if q.translation and q.translation_language != (q.language or b.languages[0]):
        # the words stay as given; a translation is labelled as one, with who made it
        if q.translated_by:
            label = tr("Translation ({language}, by {who})").format(
                language=q.translation_language, who=q.translated_by
            )
        else:
            label = tr("Translation ({language})").format(language=q.translation_language)
        lines.append(Line(f"{label}: “{q.translation}”", "body"))
    lines.append(Line(f"— {who}" + (f", {fmt_date(q.date)}" if q.date else ""), "muted"))
    src = b.attribution(q.source, q.via)
    ids = _ids([q.source], q.via)
    if src:
        lines.append(Line(tr("Source: {source}").format(source=src), "source", Cite(src, ids)))
    if q.note:
        lines.append(Line(q.note, "muted"))
    return Block(
        "quote",
        tuple(lines),
        tuple(badges),
        source_names(b, [q.source, *q.via]),
        id=q.id,
        source_ids=ids,
        item=q,
    )


def position_block(p: Position, b: Briefing) -> Block:
    lines = [Line(f"{p.party}: {p.topic}", "heading"), Line(p.position)]
    if p.article_wording:
        wording = tr("Source article's wording: {text}").format(text=p.article_wording)
        lines.append(Line(wording, "muted"))
    bits = [b.attribution(p.source)] if p.source else []
    if p.date:
        bits.append(fmt_date(p.date))
    if bits:
        ids = _ids([p.source])
        line = tr("Source: {source}").format(source=", ".join(bits))
        lines.append(Line(line, "source", Cite(bits[0], ids)))
    return Block(
        "position",
        tuple(lines),
        (),
        source_names(b, [p.source]),
        id=p.id,
        source_ids=_ids([p.source]),
        group=p.topic,
        item=p,
    )


def poll_block(p: Poll, b: Briefing) -> Block:
    later = tr("{later}: shown for context").format(later=tr(LATER))
    badges = ((later, "warn"),) if b.is_later(p.fieldwork_end) else ()
    who = p.pollster
    if p.commissioner:
        who = tr("{pollster}, for {client}").format(pollster=p.pollster, client=p.commissioner)
    if p.sample:
        sample = ntr("Sample: {n} respondent", "Sample: {n} respondents", int(p.sample)).format(
            n=fmt_number(p.sample)
        )
    else:
        sample = tr("Sample: not stated")
    lines = [
        Line(p.question, "heading"),
        Line(tr("Pollster: {who}").format(who=who)),
        Line(tr("Fieldwork: {dates}").format(dates=p.fieldwork_text())),
        Line(sample),
        Line(
            tr("Method: {method}").format(method=p.method) if p.method else tr("Method: not stated")
        ),
    ]
    if p.source:
        attribution = b.attribution(p.source)
        line = tr("Source: {source}").format(source=attribution)
        lines.append(Line(line, "source", Cite(attribution, (p.source,))))
    if p.note:
        lines.append(Line(p.note, "muted"))
    return Block(
        "poll",
        tuple(lines),
        badges,
        source_names(b, [p.source]),
        id=p.id,
        source_ids=_ids([p.source]),
        item=p,
    )


def event_block(e: Event, b: Briefing) -> Block:
    badges = ((tr(LATER), "warn"),) if b.is_later(e.date) else ()
    lines = [Line(f"{fmt_date(e.date)}: {e.title}", "heading")]
    if e.description:
        lines.append(Line(e.description))
    names = source_names(b, e.sources)
    if names:
        lines.append(Line(_sources_line(names), "source", Cite("; ".join(names), e.sources)))
    else:  # said, not left out: the description says where it was reported
        lines.append(Line(tr(NO_SOURCE), "source"))
    return Block("event", tuple(lines), badges, names, id=e.id, source_ids=e.sources, item=e)


#: figures a source's card lists; the rest are counted ("and 1,234 more figures") and
#: listed in the data export's ``source_uses.csv``: a source cited by 100,000 figures made
#: a card of 100,000 lines, in every view
MAX_FIGURES_LISTED = 20
#: the other items citing a source (quotes, claims, events, ...) its card lists, then counts
MAX_ITEMS_LISTED = 20
#: where the figures and items a card leaves out are listed
FIGURES_LISTED_IN = N_("listed in the data export (source_uses.csv)")


@dataclass(frozen=True)
class SourceUses:
    """What cites one source: how many figures (observations whose source or via it is)
    and the other items (quotes, claims, events, positions, polls), in plain text."""

    figures: int
    #: the other uses, "Quote: …", in the order of their tables
    items: tuple[str, ...]
    #: the kind of each of *items* ("quote", "claim", …)
    kinds: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.figures + len(self.items)


#: a quote, claim or poll question in a source's list of uses is whole up to this many
#: characters (a real one has a few hundred at most)
USE_TEXT_MAX = 1_000


class _UsesIndex:
    """Every source's uses, found in one pass over each table (not one per source: a
    sources tab of 2,000 sources scanned 2,000 x 10,000 items)."""

    def __init__(self, b: Briefing) -> None:
        self.briefing = b
        #: source id -> (kind, item id, the use in words)
        items: dict[str, list[tuple[str, str, str]]] = {}

        def add(ids: Iterable[str | None], kind: str, item: str, text: str) -> None:
            for sid in dict.fromkeys(i for i in ids if i):
                items.setdefault(sid, []).append((kind, item, text))

        # quotes, claims and questions whole: a quote cut mid-sentence says less than its
        # speaker did (USE_TEXT_MAX only bounds a hostile package's text)
        for q in b.quotes.values():
            text = tr("Quote: {speaker}, “{text}”").format(
                speaker=q.speaker, text=shorten(q.text, USE_TEXT_MAX)
            )
            add([q.source, *q.via], "quote", q.id, text)
        for c in b.claims.values():
            text = tr("Claim: {text}").format(text=shorten(c.claim, USE_TEXT_MAX))
            add(c.sources, "claim", c.id, text)
        for e in b.events.values():
            text = tr("Event: {date} {title}").format(date=fmt_date(e.date), title=e.title)
            add(e.sources, "event", e.id, text)
        for p in b.positions.values():
            text = tr("Position: {party} on {topic}").format(party=p.party, topic=p.topic)
            add([p.source], "position", p.id, text)
        for p in b.polls.values():
            text = tr("Poll: {pollster}, {question}").format(
                pollster=p.pollster, question=shorten(p.question, USE_TEXT_MAX)
            )
            add([p.source], "poll", p.id, text)
        self.items = items


def item_uses(b: Briefing, source_id: str) -> list[tuple[str, str, str]]:
    """The items other than figures that cite *source_id*: (kind, id, in words)."""
    return _uses_index(b).items.get(source_id, [])


_USES: dict[int, _UsesIndex] = {}


def _uses_index(b: Briefing) -> _UsesIndex:
    """The index of *b*'s source uses, made once per briefing object."""
    index = _USES.get(id(b))
    if index is None or index.briefing is not b:
        if len(_USES) > 8:  # as plan_of: a long session opens many packages
            _USES.clear()
        index = _USES[id(b)] = _UsesIndex(b)
    return index


def uses_of(b: Briefing, source_id: str) -> SourceUses:
    """What cites *source_id*: the number of figures, and the other items in words."""
    figures = len(b.citing_positions(source_id))
    uses = item_uses(b, source_id)
    return SourceUses(figures, tuple(t for _, _, t in uses), tuple(k for k, _, _ in uses))


def figure_uses(b: Briefing, source_id: str, limit: int | None = None) -> list[str]:
    """The figures that cite a source (as origin or on the way), in words, the first
    *limit* of them (all without one)."""
    # an index, not a scan per source; only the rows listed are taken
    positions = b.citing_positions(source_id)
    if limit is not None:
        positions = positions[:limit]
    if not positions:
        return []
    rows = b.observations.iloc[positions]
    uses = []
    decimals = rows["decimals"] if "decimals" in rows else [None] * len(rows)
    for value, unit, qualifier, d, series, start, end, later in zip(
        rows["value"],
        rows["unit"],
        rows["qualifier"],
        decimals,
        rows["series"],
        rows["period_start"],
        rows["period_end"],
        b.observation_later_flags(rows),
        strict=True,
    ):
        mark = tr(" (later than the briefing's as-of date)") if later else ""
        figure = tr("Figure: {value} — {series}, {period}").format(
            value=fmt_value(value, unit, qualifier, d), series=series, period=fmt_period(start, end)
        )
        uses.append(figure + mark)
    return uses


def source_uses(b: Briefing, source_id: str) -> list[str]:
    """Plain-text list of every figure, quote, claim, event, position and poll that cites
    a source (as origin or on the way); a card lists fewer (`source_block`)."""
    return figure_uses(b, source_id) + [text for _, _, text in item_uses(b, source_id)]


def _count(n: int, kind: str) -> str:
    """'1 figure', '3 quotes' (in Ukrainian, 1 показник, 3 показники, 5 показників)."""
    forms = {
        "figure": ntr("{n} figure", "{n} figures", n),
        "quote": ntr("{n} quote", "{n} quotes", n),
        "claim": ntr("{n} claim", "{n} claims", n),
        "event": ntr("{n} event", "{n} events", n),
        "position": ntr("{n} position", "{n} positions", n),
        "poll": ntr("{n} poll", "{n} polls", n),
    }
    return forms.get(kind, f"{{n}} {kind}").format(n=fmt_number(n))


#: the kind of a use by the words its text starts with (`_UsesIndex`), in English
_USE_PREFIXES = {
    "figure": N_("Figure: {value} — {series}, {period}"),
    "quote": N_("Quote: {speaker}, “{text}”"),
    "claim": N_("Claim: {text}"),
    "event": N_("Event: {date} {title}"),
    "position": N_("Position: {party} on {topic}"),
    "poll": N_("Poll: {pollster}, {question}"),
}


def _kind_of_use(text: str) -> str:
    for kind, pattern in _USE_PREFIXES.items():
        if text.startswith(tr(pattern).split("{", 1)[0]):
            return kind
    return text.split(":", 1)[0].lower()


def uses_summary(uses: Sequence[str] | SourceUses) -> str:
    """ "Relied on by 3 figures, 1 quote" for the list `source_uses` gives (or the
    counts of `uses_of`)."""
    counts: dict[str, int] = {}
    kinds_: Iterable[str]
    if isinstance(uses, SourceUses):
        if uses.figures:
            counts["figure"] = uses.figures
        kinds_ = uses.kinds or (_kind_of_use(u) for u in uses.items)
    else:
        kinds_ = (_kind_of_use(u) for u in uses)
    for kind in kinds_:
        counts[kind] = counts.get(kind, 0) + 1
    return tr("Relied on by {uses}").format(uses=", ".join(_count(n, k) for k, n in counts.items()))


def _sources_line(names: Sequence[str]) -> str:
    """'Sources: …; …' (in English whatever the count, as it always was)."""
    joined = "; ".join(names)
    return ntr("Sources: {names}", "Sources: {names}", len(names)).format(names=joined)


def source_block(s: Source, b: Briefing) -> Block:
    badges: list[tuple[str, str]] = []
    if s.id == b.source_article:
        badges.append((tr("The briefing's source article"), "warn"))
    if b.source_is_later(s.id):
        later = tr("{later} (published {date})").format(later=tr(LATER), date=s.published)
        badges.append((later, "warn"))
    lines = [Line(f"{s.name}: {s.publisher}" if s.short_name else s.publisher, "heading")]
    lines.append(Line(s.citation()))
    if s.note:
        lines.append(Line(s.note, "muted"))
    uses = uses_of(b, s.id)
    if uses.total:
        lines.append(Line(uses_summary(uses) + ":", "source"))
        listed = figure_uses(b, s.id, MAX_FIGURES_LISTED)
        lines += [Line(f"• {u}", "detail") for u in listed]
        if uses.figures > len(listed):  # never silently: say how many, and where they are
            more = uses.figures - len(listed)
            text = ntr(
                "• … and {n} more figure, {where}", "• … and {n} more figures, {where}", more
            ).format(n=fmt_number(more), where=tr(FIGURES_LISTED_IN))
            lines.append(Line(text, "detail"))
        lines += [Line(f"• {u}", "detail") for u in uses.items[:MAX_ITEMS_LISTED]]
        if len(uses.items) > MAX_ITEMS_LISTED:  # never silently, as the figures
            more = len(uses.items) - MAX_ITEMS_LISTED
            text = ntr(
                "• … and {n} more item, {where}", "• … and {n} more items, {where}", more
            ).format(n=fmt_number(more), where=tr(FIGURES_LISTED_IN))
            lines.append(Line(text, "detail"))
    else:
        lines.append(Line(tr("Not cited by any figure, quote or event."), "source"))
    return Block(
        "source", tuple(lines), tuple(badges), (s.name,), id=s.id, source_ids=(s.id,), item=s
    )


def _positions(ids: Sequence[str], b: Briefing) -> list[Block]:
    """Positions by topic (in the order topics first appear), parties in their order;
    after each topic, a note naming the parties of the tab with no position recorded on it."""
    positions = [b.positions[i] for i in ids]
    parties = list(dict.fromkeys(p.party for p in positions))
    topics = list(dict.fromkeys(p.topic for p in positions))
    out: list[Block] = []
    for topic in topics:
        here = [p for p in positions if p.topic == topic]
        here.sort(key=lambda p: parties.index(p.party))
        out += [position_block(p, b) for p in here]
        silent = [party for party in parties if all(p.party != party for p in here)]
        if silent:
            text = tr("No position on {topic} recorded in the sources for: {parties}").format(
                topic=topic, parties="; ".join(silent)
            )
            out.append(Block("note", (Line(text, "muted"),), group=topic))
    return out


_BUILDERS: dict[str, Callable[[object, Briefing], Block]] = {
    "polls": poll_block,  # type: ignore[dict-item]
    "checks": check_block,  # type: ignore[dict-item]
    "claims": claim_block,  # type: ignore[dict-item]
    "quotes": quote_block,  # type: ignore[dict-item]
    "events": event_block,  # type: ignore[dict-item]
    "sources": source_block,  # type: ignore[dict-item]
}


def item_blocks(
    key: str, ids: Sequence[str], b: Briefing, cache: dict[tuple[str, str], Block] | None = None
) -> list[Block]:
    """The blocks of the items *ids* of kind *key* (a tab's list key), in order.  With
    *cache* (the plan's), an item listed by many tabs is built once: 50 tabs listing the
    same 500 checks built 25,000 blocks."""
    if key == "positions":
        return _positions(ids, b)
    table = getattr(b, key)
    build = _BUILDERS[key]
    if cache is None:
        return [build(table[i], b) for i in ids]
    out = []
    for i in ids:
        block = cache.get((key, i))
        if block is None:
            block = cache[(key, i)] = build(table[i], b)
        out.append(block)
    return out
