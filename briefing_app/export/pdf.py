"""The handout: a PDF of the briefing, written with QPdfWriter.

Pages: a title page (title, as of, caveat, version, checksum, contents), then each
tab from a new page (its takeaway, charts as vector graphics, the figures behind
them, checks, quotes, attribution notes, positions, polls, events), then the
sources with full citations.  Every figure, quote and check carries a numbered
note [n]; the foot of its page lists [n] with the attribution and the citations.

Layout is measured first (text with QTextDocument, charts at fixed heights), then
painted, so page numbers ("page 3 of 12", contents) are known when painting.
Charts are built once each, in one hidden host widget, and painted with QPainter
straight into the PDF page: vectors, not pictures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from briefing_app import __version__
from briefing_app.export.atomic import ExportError
from briefing_app.export.csv_export import cite_briefing
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
    fmt_period,
)
from briefing_app.render.chart_image import (
    PlotHost,
    build_for_export,
    legend_runs,
    paint_plot,
    plot_host,
    screen_dpi,
    tune_for_export,
)
from briefing_app.render.text import Para, Run, Style
from briefing_app.render.themes import Theme

MM = 1 / 25.4  # inches per millimetre
#: charts in the handout use the theme at this scale (type in points, as on screen)
CHART_SCALE = 0.8
MAX_USES = 4
#: a line chart with more rows than this is summarised, not listed, under the chart
MAX_LISTED = 40

Progress = Callable[[int, int, str], bool]


class ExportCancelled(ExportError):
    pass


# -- styles ---------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    body: Style
    bold: Style
    small: Style
    note: Style
    muted: Style
    title: Style
    subtitle: Style
    h2: Style
    h3: Style
    takeaway: Style
    section: Style
    ok: Style
    bad: Style
    warn: Style

    @classmethod
    def of(cls, t: Theme) -> Styles:
        fam = t.font_family
        body = Style(9.0, t.text, family=fam)
        return cls(
            body=body,
            bold=body.but(bold=True),
            small=Style(7.8, t.muted, family=fam),
            note=Style(7.0, t.muted, family=fam),
            muted=Style(8.5, t.muted, family=fam),
            title=Style(24.0, t.text, bold=True, family=fam),
            subtitle=Style(13.0, t.muted, family=fam),
            h2=Style(16.0, t.text, bold=True, family=fam),
            h3=Style(10.5, t.text, bold=True, family=fam),
            takeaway=Style(11.5, t.text, family=fam),
            section=Style(9.5, t.accent, bold=True, family=fam),
            ok=Style(8.5, t.ok_text, bold=True, family=fam),
            bad=Style(8.5, t.bad_text, bold=True, family=fam),
            warn=Style(8.5, t.warning_text, bold=True, family=fam),
        )


# -- source notes -------------------------------------------------------------------


class Notes:
    """The numbered source notes of one page: [n] attribution — citations."""

    def __init__(self, b: Briefing) -> None:
        self.b = b
        self.keys: list[tuple[str, tuple[str, ...]]] = []

    def mark(self, attribution: str, ids: Sequence[str]) -> str:
        """The marker " [n]" for an attribution resting on the sources *ids*."""
        key = (attribution, tuple(dict.fromkeys(i for i in ids if i)))
        if not attribution and not key[1]:
            return ""
        if key not in self.keys:
            self.keys.append(key)
        return f" [{self.keys.index(key) + 1}]"

    def truncate(self, n: int) -> None:
        del self.keys[n:]

    def copy(self) -> Notes:
        other = Notes(self.b)
        other.keys = list(self.keys)
        return other

    def lines(self) -> list[str]:
        out = []
        for k, (attribution, ids) in enumerate(self.keys, start=1):
            cites = [self.citation(i) for i in ids]
            text = attribution or "; ".join(self.b.source_name(i) for i in ids)
            out.append(f"[{k}] {text} — {' · '.join(cites)}" if cites else f"[{k}] {text}")
        return out

    def citation(self, source_id: str) -> str:
        src = self.b.sources.get(source_id)
        return src.citation() if src else f"{source_id} (not in the sources list)."


def obs_note(b: Briefing, notes: Notes, row) -> tuple[str, str]:
    """(attribution, marker) of an observation row."""
    attribution = b.observation_attribution(row)
    source = str(row["source"]) if isinstance(row["source"], str) else ""
    via = str(row["via"]).split() if isinstance(row["via"], str) else []
    return attribution, notes.mark(attribution, [source, *via])


# -- page items -----------------------------------------------------------------------


class Item:
    """Something placed on a page: it knows its height and where it may be cut."""

    height: float = 0.0

    def breaks(self) -> list[float]:
        return []

    def draw(self, painter: QPainter, x: float, y: float, ctx: DrawContext) -> None:
        raise NotImplementedError


@dataclass
class DrawContext:
    host: PlotHost
    page_of_tab: dict[str, int] = field(default_factory=dict)
    pages: int = 0


class Text(Item):
    def __init__(self, para: Para) -> None:
        self.para = para
        self.height = para.height

    def breaks(self) -> list[float]:
        return self.para.breaks()

    def draw(self, painter, x, y, ctx) -> None:
        self.para.draw(painter, x, y)


class Space(Item):
    def __init__(self, h: float) -> None:
        self.height = h

    def draw(self, painter, x, y, ctx) -> None:
        pass


class Box(Item):
    """Paragraphs in a box with a coloured rule on the left (a card)."""

    def __init__(
        self,
        paras: list[Para],
        width: float,
        fill: str,
        border: str,
        rule: str,
        pad: float,
        gap: float,
    ) -> None:
        self.paras = paras
        self.width = width
        self.fill, self.border, self.rule = fill, border, rule
        self.pad, self.gap = pad, gap
        self.height = 2 * pad + sum(p.height for p in paras) + gap * max(0, len(paras) - 1)

    def breaks(self) -> list[float]:
        out, y = [], self.pad
        for p in self.paras:
            out += [y + b for b in p.breaks()]
            y += p.height + self.gap
        return out

    def draw(self, painter, x, y, ctx) -> None:
        painter.save()
        rect = QRectF(x, y, self.width, self.height)
        painter.setPen(QPen(QColor(self.border), 1.0))
        painter.setBrush(QColor(self.fill))
        painter.drawRect(rect)
        painter.fillRect(QRectF(x, y, 3.0, self.height), QColor(self.rule))
        painter.restore()
        yy = y + self.pad
        for p in self.paras:
            p.draw(painter, x + self.pad + 2, yy)
            yy += p.height + self.gap


class Row(Item):
    """Items side by side (cards in columns)."""

    def __init__(self, items: list[Item], col_width: float, gap: float) -> None:
        self.items = items
        self.col_width, self.gap = col_width, gap
        self.height = max((i.height for i in items), default=0.0)

    def breaks(self) -> list[float]:
        """Cuts safe for every column: a line end in each, or below a shorter one."""
        candidates = sorted({b for i in self.items for b in i.breaks()})
        out = []
        for c in candidates:
            if all(
                c >= i.height - 0.5 or any(abs(c - b) < 0.5 for b in i.breaks()) for i in self.items
            ):
                out.append(c)
        return out

    def draw(self, painter, x, y, ctx) -> None:
        for k, item in enumerate(self.items):
            item.draw(painter, x + k * (self.col_width + self.gap), y, ctx)


class ChartItem(Item):
    """A plot, built when painted, at a fixed height."""

    def __init__(self, make_plot: Callable[[], object], width: float, height: float) -> None:
        self.make_plot = make_plot
        self.width = width
        self.height = height

    def draw(self, painter, x, y, ctx) -> None:
        plot = self.make_plot()
        try:
            paint_plot(painter, QRectF(x, y, self.width, self.height), plot, ctx.host)
        finally:
            ctx.host.release(plot)


class Contents(Item):
    """The table of contents: tab titles with the page each starts on."""

    def __init__(self, tabs: Sequence[Tab], width: float, style: Style, device) -> None:
        self.tabs = tabs
        self.width = width
        self.style = style
        self.device = device
        self.lines = [self._line(t.title, "000") for t in tabs]
        self.height = sum(p.height for p in self.lines)

    def _line(self, title: str, page: str) -> Para:
        return Para([(f"{title}\t{page}", self.style)], self.style, self.width, self.device)

    def draw(self, painter, x, y, ctx) -> None:
        for t, measured in zip(self.tabs, self.lines, strict=True):
            title = Para(t.title, self.style, self.width - 40, self.device)
            num = Para(
                str(ctx.page_of_tab.get(t.id, "")),
                self.style,
                40,
                self.device,
                align=Qt.AlignmentFlag.AlignRight,
            )
            title.draw(painter, x, y)
            num.draw(painter, x + self.width - 40, y)
            y += max(measured.height, title.height)


# -- pages and flow -------------------------------------------------------------------


@dataclass
class Placement:
    item: Item
    y: float
    top: float = 0.0  # part of the item shown: [top, bottom)
    bottom: float | None = None


@dataclass
class Page:
    kind: str  # "title", "tab", "sources"
    label: str
    notes: Notes
    tab_id: str = ""
    placements: list[Placement] = field(default_factory=list)
    y: float = 0.0


@dataclass
class Entry:
    make: Callable[[Notes], Item]
    gap: float = 6.0
    #: a heading: keep it on the page of the entry that follows
    keep_next: bool = False
    _cache: tuple | None = field(default=None, repr=False)

    def build(self, notes: Notes) -> Item:
        """The item, numbered for *notes*; reused when the notes are as last time."""
        before = tuple(notes.keys)
        if self._cache is not None and self._cache[0] == before:
            notes.keys = list(self._cache[2])
            return self._cache[1]
        item = self.make(notes)
        self._cache = (before, item, tuple(notes.keys))
        return item


@dataclass
class Geometry:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right


class Layout:
    """Flows entries onto pages; keeps room at each page's foot for its source notes."""

    def __init__(self, b: Briefing, g: Geometry, styles: Styles, device) -> None:
        self.b, self.g, self.s, self.device = b, g, styles, device
        self.pages: list[Page] = []
        self._notes_cache: dict[tuple, float] = {}

    @property
    def top(self) -> float:
        return self.g.top

    @property
    def bottom(self) -> float:
        return self.g.height - self.g.bottom

    def notes_para(self, notes: Notes) -> Para | None:
        lines = notes.lines()
        if not lines:
            return None
        return Para("\n".join(lines), self.s.note, self.g.content_width, self.device)

    def notes_height(self, notes: Notes) -> float:
        key = tuple(notes.keys)
        if not key:
            return 0.0
        if key not in self._notes_cache:
            para = self.notes_para(notes)
            self._notes_cache[key] = (para.height if para else 0.0) + 10.0
        return self._notes_cache[key]

    def new_page(self, kind: str, label: str, tab_id: str = "") -> Page:
        page = Page(kind, label, Notes(self.b), tab_id, y=self.top)
        self.pages.append(page)
        return page

    def flow(self, entries: list[Entry], kind: str, label: str, tab_id: str = "") -> None:
        page = self.new_page(kind, label, tab_id)
        for i, entry in enumerate(entries):
            keep = 0.0
            if entry.keep_next and i + 1 < len(entries):
                nxt = entries[i + 1].build(page.notes.copy())
                full = self.bottom - self.top - 60
                first = next((b for b in nxt.breaks() if b > 0), nxt.height)
                keep = nxt.height if nxt.height <= full else first
            page = self._place(entry, page, kind, label, tab_id, keep)

    def _room(self, page: Page) -> float:
        return self.bottom - self.notes_height(page.notes) - page.y

    def _place(
        self, entry: Entry, page: Page, kind: str, label: str, tab_id: str, keep: float
    ) -> Page:
        mark = len(page.notes.keys)
        item = entry.build(page.notes)
        fresh = not page.placements
        room = self._room(page)
        if item.height + keep <= room or (fresh and item.height <= room):
            page.placements.append(Placement(item, page.y))
            page.y += item.height + entry.gap
            return page
        if not fresh:
            page.notes.truncate(mark)
            page = self.new_page(kind, f"{label} (continued)", tab_id)
            item = entry.build(page.notes)
            if item.height <= self._room(page):
                page.placements.append(Placement(item, page.y))
                page.y += item.height + entry.gap
                return page
        # taller than a page: cut it at line ends across as many pages as it needs
        top = 0.0
        while True:
            room = self._room(page)
            if item.height - top <= room:
                page.placements.append(Placement(item, page.y - top, top, None))
                page.y += item.height - top + entry.gap
                return page
            cuts = [b for b in item.breaks() if top < b <= top + room]
            cut = max(cuts) if cuts else top + room
            page.placements.append(Placement(item, page.y - top, top, cut))
            top = cut
            page = self.new_page(kind, f"{label} (continued)", tab_id)


# -- content -----------------------------------------------------------------------------


class Content:
    """Builds the entries of each page from the briefing."""

    def __init__(
        self, b: Briefing, theme: Theme, styles: Styles, g: Geometry, device, notes: bool
    ) -> None:
        self.b, self.theme, self.s, self.g, self.device = b, theme, styles, g, device
        self.with_notes = notes
        self.chart_theme = theme.scaled(CHART_SCALE)
        self.width = g.content_width
        self.gap = 10.0
        self.card_gap = 6.0
        self.col = (self.width - self.gap) / 2
        # observations by id, and chart frames: looked up many times while laying out
        obs = b.observations
        self.obs: dict[str, dict] = (
            {} if obs.empty else {r["id"]: r for r in obs.to_dict("records")}
        )
        self._frames: dict[str, object] = {}

    def frame(self, chart: Chart):
        if chart.id not in self._frames:
            self._frames[chart.id] = self.b.chart_frame(chart)
        return self._frames[chart.id]

    # helpers
    def para(self, runs: Sequence[Run] | str, style: Style, width: float | None = None) -> Para:
        return Para(runs, style, width if width is not None else self.width, self.device)

    def text(
        self, runs: Sequence[Run] | str, style: Style, gap: float = 6.0, keep_next: bool = False
    ) -> Entry:
        return Entry(lambda n: Text(self.para(runs, style)), gap, keep_next)

    def heading(self, text: str, style: Style) -> Entry:
        return self.text(text, style, gap=4.0, keep_next=True)

    def box(self, paras: list[Para], width: float, rule: str | None = None) -> Box:
        t = self.theme
        return Box(paras, width, t.surface, t.border, rule or t.border, 7.0, 3.0)

    def card_paras(self, lines: Sequence[Sequence[Run] | None], width: float) -> list[Para]:
        inner = width - 16
        return [self.para(runs, runs[0][1], inner) for runs in lines if runs]

    def cards(self, makers: Sequence[Callable[[Notes, float], Box]]) -> list[Entry]:
        """Cards one under the other, full width: text in reading order, so a PDF
        viewer or pdftotext gives each card's text whole (side-by-side cards interleave)."""
        return [Entry(lambda notes, m=m: m(notes, self.width), gap=self.card_gap) for m in makers]

    # title page
    def title_page(self) -> list[Entry]:
        b, s = self.b, self.s
        entries = [Entry(lambda n: Space(60), gap=0), self.text(b.title, s.title, gap=8)]
        if b.subtitle:
            entries.append(self.text(b.subtitle, s.subtitle, gap=12))
        entries.append(self.text(f"As of {fmt_date(b.as_of)}", s.h3.but(size=13), gap=16))
        if b.caveat:
            t = self.theme
            entries.append(
                Entry(
                    lambda n: Box(
                        [self.para(b.caveat, s.bold.but(colour=t.warning_text), self.width - 16)],
                        self.width,
                        t.warning_bg,
                        t.warning_text,
                        t.warning_text,
                        8.0,
                        3.0,
                    ),
                    gap=18,
                )
            )
        meta: list[Run] = []
        rows = [
            ("Package", b.name),
            ("Version", b.version or "not stated"),
            ("Checksum (SHA-256 of the package files)", b.checksum or "not computed"),
            ("Licence of the data", b.licence or "not stated"),
        ]
        if b.source_article and b.source_article in b.sources:
            rows.append(("Source article", b.sources[b.source_article].citation()))
        rows.append(
            ("Exported", f"{dt.date.today().isoformat()} with Briefing Viewer {__version__}")
        )
        for k, (label, value) in enumerate(rows):
            meta.append((("\n" if k else "") + f"{label}: ", s.bold))
            meta.append((value, s.body))
        entries.append(self.text(meta, s.body, gap=14))
        entries.append(self.text("How to cite this briefing", s.section, gap=3, keep_next=True))
        entries.append(self.text(cite_briefing(b), s.body, gap=16))
        entries.append(self.heading("Contents", s.section))
        entries.append(Entry(lambda n: Contents(b.tabs, self.width, s.body, self.device), gap=10))
        entries.append(
            self.text(
                "Numbers in brackets, [1], refer to the source notes at the foot of the same "
                "page; the last pages give every source's full citation.",
                s.muted,
            )
        )
        return entries

    # tabs
    def tab_entries(self, tab: Tab) -> list[Entry]:
        b, s = self.b, self.s
        out = [self.heading(tab.title, s.h2)]
        if tab.takeaway:
            out.append(
                Entry(
                    lambda n: self.box(
                        [self.para(tab.takeaway, s.takeaway, self.width - 16)],
                        self.width,
                        self.theme.accent,
                    ),
                    gap=12,
                )
            )
        if tab.kind == "negotiations":
            out += self.positions(tab)
        if tab.kind == "timeline":
            out += self.timeline()
        shown_polls: set[str] = set()
        for chart in tab.charts:
            out += self.chart(chart)
            if chart.kind == "poll" and chart.poll in b.polls:
                shown_polls.add(chart.poll)
                poll = b.polls[chart.poll]
                out.append(Entry(lambda n, p=poll: self.poll_card(p, n, self.width), gap=self.gap))
        polls = [b.polls[p] for p in tab.polls if p in b.polls and p not in shown_polls]
        if polls:
            out.append(self.heading("Polls", s.section))
            out += self.cards([lambda n, w, p=p: self.poll_card(p, n, w) for p in polls])
        checks = [b.checks[c] for c in tab.checks if c in b.checks]
        if checks:
            out.append(self.heading("Checks: reported against computed", s.section))
            out += self.cards([lambda n, w, c=c: self.check_card(c, n, w) for c in checks])
        quotes = [b.quotes[q] for q in tab.quotes if q in b.quotes]
        if quotes:
            out.append(self.heading("Quotes", s.section))
            out += self.cards([lambda n, w, q=q: self.quote_card(q, n, w) for q in quotes])
        claims = [b.claims[c] for c in tab.claims if c in b.claims]
        if claims:
            out.append(self.heading("Attribution notes", s.section))
            out += self.cards([lambda n, w, c=c: self.claim_card(c, n, w) for c in claims])
        if tab.kind == "sources":
            out.append(self.heading("Sources and what relies on them", s.section))
            out += self.cards(
                [lambda n, w, src=src: self.source_card(src, w) for src in b.sources.values()]
            )
        if self.with_notes and tab.notes:
            out.append(self.heading("Speaker notes", s.section))
            out.append(
                Entry(
                    lambda n: self.box(
                        [self.para(tab.notes, s.body, self.width - 16)],
                        self.width,
                        self.theme.muted,
                    ),
                    gap=self.gap,
                )
            )
        return out

    def chart(self, chart: Chart) -> list[Entry]:
        """A chart and what belongs with it, kept together: title, legend, plot, figures."""
        b, s = self.b, self.s
        ct = self.chart_theme
        # built once: the legend is needed now, the plot when the page is painted
        content = build_for_export(chart, b, ct, CHART_SCALE)
        legend = list(content.legend)
        if chart.kind == "poll":
            n = len(b.polls[chart.poll].answers) if chart.poll in b.polls else 2
            height = min(self.width * 0.5, 90 + 50 * n)
        else:
            height = self.width * 0.42

        def make_plot():
            return content.plot

        def make(notes: Notes) -> Item:
            items: list[Item] = [Text(self.para(chart.title, s.h3))]
            if legend:
                runs = legend_runs(legend, s.small.but(colour=self.theme.text))
                items.append(Text(self.para(runs, s.small)))
            items.append(ChartItem(make_plot, self.width, height))
            items.append(Text(self.para(self.figure_runs(chart, notes), s.small)))
            if chart.caption:
                items.append(Text(self.para(chart.caption, s.small.but(italic=True))))
            return _Stack(items, 4.0)

        return [Entry(make, gap=14)]

    def figure_runs(self, chart: Chart, notes: Notes) -> list[Run]:
        """The figures behind a chart, grouped by series, each group with its source."""
        b, s = self.b, self.s
        frame = self.frame(chart)
        runs: list[Run] = []
        if chart.kind == "poll":
            poll = b.polls.get(chart.poll or "")
            if poll is None:
                return [("No poll data.", s.small)]
            vals = "; ".join(f"{a.answer}: {fmt_number(a.share)}%" for a in poll.answers)
            attribution = b.attribution(poll.source)
            mark = notes.mark(attribution, [poll.source or ""])
            return [
                ("Figures: ", s.small.but(bold=True)),
                (vals, s.small),
                (f" — Source: {attribution}{mark}", s.small),
            ]
        if frame.empty:
            return [("No data behind this chart.", s.small)]
        key = "label" if "label" in frame.columns else "series"
        xcol = "period_start" if "period_start" in frame.columns else "x"
        groups = frame.groupby([key, "attribution"], sort=False, dropna=False)
        for k, ((label, attribution), rows) in enumerate(groups):
            unit = str(rows["unit"].iloc[0]) if "unit" in rows and len(rows) else ""
            if len(rows) > MAX_LISTED:
                v = rows["value"].astype(float)
                vals = (
                    f"{len(rows):,} values, {fmt_period(rows[xcol].min(), rows[xcol].max())}, "
                    f"from {fmt_number(v.min())} to {fmt_number(v.max())} {unit}"
                )
            else:
                parts = []
                for _, r in rows.iterrows():
                    if "period_start" in rows:
                        when = fmt_period(r["period_start"], r.get("period_end"))
                    else:
                        when = fmt_date(r[xcol])
                    parts.append(f"{when} {fmt_number(r['value'])}".strip())
                vals = "; ".join(parts) + (f" {unit}" if unit else "")
            mark = ""
            if "id" in rows.columns:
                row = next((self.obs[i] for i in rows["id"] if i in self.obs), None)
                if row is not None:
                    _, mark = obs_note(b, notes, row)
            if not mark:
                mark = notes.mark(str(attribution), [])
            runs.append((("\n" if k else "") + f"{label}: ", s.small.but(bold=True)))
            runs.append((vals, s.small))
            runs.append((f" — Source: {attribution}{mark}", s.small))
        return runs

    def check_card(self, c: CheckResult, notes: Notes, width: float) -> Box:
        b, s, t = self.b, self.s, self.theme
        if c.holds is None:
            badge, style, rule = "Derived", s.warn, t.warning_text
        elif c.holds:
            badge, style, rule = "Check holds", s.ok, t.ok_text
        else:
            badge, style, rule = "Check does not hold", s.bad, t.bad_text
        lines: list[list[Run] | None] = [
            [(badge + "  ", style), (c.title, s.bold)],
            [(c.verdict(), s.body)],
        ]
        if c.reported_id and c.reported_id in self.obs:
            attribution, mark = obs_note(b, notes, self.obs[c.reported_id])
            lines.append([(f"Reported by: {attribution}{mark}", s.small)])
        if c.inputs:
            parts = []
            for r in (self.obs[i] for i in c.inputs if i in self.obs):
                attribution, mark = obs_note(b, notes, r)
                part = f"{attribution}{mark}"
                if part not in parts:
                    parts.append(part)
            if parts:
                lines.append([("Computed from: " + "; ".join(parts), s.small)])
        if c.note:
            lines.append([(c.note, s.muted)])
        return self.box(self.card_paras(lines, width), width, rule)

    def quote_card(self, q: Quote, notes: Notes, width: float) -> Box:
        b, s, t = self.b, self.s, self.theme
        style, rule = {
            "verified": (s.ok, t.ok_text),
            "not-found": (s.bad, t.bad_text),
        }.get(q.status, (s.warn, t.warning_text))
        badge: list[Run] = [(q.status_label, style)]
        if b.is_later(q.date):
            badge.append(("  ·  Later than the as-of date", s.warn))
        who = (
            q.speaker
            + (f", {q.role}" if q.role else "")
            + (f", {fmt_date(q.date)}" if q.date else "")
        )
        lines: list[list[Run] | None] = [badge, [(f"“{q.text}”", s.body)], [(f"— {who}", s.muted)]]
        attribution = b.attribution(q.source, q.via)
        if attribution:
            mark = notes.mark(attribution, [q.source or "", *q.via])
            lines.append([(f"Source: {attribution}{mark}", s.small)])
        if q.note:
            lines.append([(q.note, s.muted)])
        return self.box(self.card_paras(lines, width), width, rule)

    def claim_card(self, c: Claim, notes: Notes, width: float) -> Box:
        b, s, t = self.b, self.s, self.theme
        lines: list[list[Run] | None] = []
        if b.is_later(c.date):
            lines.append([(f"Later than the as-of date ({fmt_date(c.date)})", s.warn)])
        lines.append([(c.claim, s.bold)])
        for label, text in (
            ("Source article says", c.article_says),
            ("Who actually said it", c.actually_said),
            ("Cross-check", c.cross_check),
        ):
            if text:
                lines.append([(f"{label}: ", s.bold), (text, s.body)])
        if c.sources:
            parts = [f"{b.source_name(i)}{notes.mark(b.source_name(i), [i])}" for i in c.sources]
            lines.append([("Sources: " + "; ".join(parts), s.small)])
        return self.box(self.card_paras(lines, width), width, t.accent)

    def position_card(self, p: Position, notes: Notes, width: float) -> Box:
        b, s = self.b, self.s
        lines: list[list[Run] | None] = [[(p.party, s.bold)], [(p.position, s.body)]]
        if p.article_wording:
            lines.append([(f"Source article's wording: {p.article_wording}", s.muted)])
        if p.source:
            attribution = b.attribution(p.source)
            when = f", {fmt_date(p.date)}" if p.date else ""
            lines.append(
                [(f"Source: {attribution}{when}{notes.mark(attribution, [p.source])}", s.small)]
            )
        return self.box(self.card_paras(lines, width), width, self.theme.accent)

    def poll_card(self, p: Poll, notes: Notes, width: float) -> Box:
        b, s, t = self.b, self.s, self.theme
        lines: list[list[Run] | None] = []
        if b.is_later(p.fieldwork_end):
            lines.append([("Later than the as-of date: shown for context", s.warn)])
        lines.append([(p.question, s.bold)])
        who = p.pollster + (f", for {p.commissioner}" if p.commissioner else "")
        details = [
            f"Pollster: {who}",
            f"Fieldwork: {p.fieldwork_text()}",
            f"Sample: {fmt_number(p.sample)} respondents" if p.sample else "Sample: not stated",
            f"Method: {p.method}" if p.method else "Method: not stated",
        ]
        lines.append([(" · ".join(details), s.body)])
        if p.source:
            attribution = b.attribution(p.source)
            lines.append([(f"Source: {attribution}{notes.mark(attribution, [p.source])}", s.small)])
        if p.note:
            lines.append([(p.note, s.muted)])
        rule = t.warning_text if b.is_later(p.fieldwork_end) else t.accent
        return self.box(self.card_paras(lines, width), width, rule)

    def source_card(self, src: Source, width: float) -> Box:
        b, s = self.b, self.s
        lines: list[list[Run] | None] = [
            [(f"[{src.id}] ", s.muted), (src.publisher, s.bold)],
            [(src.citation(), s.body)],
        ]
        if src.note:
            lines.append([(src.note, s.muted)])
        if src.id == b.source_article:
            lines.append([("This is the briefing's source article.", s.warn)])
        uses = b.uses_of_source(src.id)
        if uses:
            shown = "\n".join(f"• {u}" for u in uses[:MAX_USES])
            more = f"\n… and {len(uses) - MAX_USES} more" if len(uses) > MAX_USES else ""
            lines.append([(f"Relied on by {len(uses)} item(s):\n{shown}{more}", s.small)])
        else:
            lines.append([("Not cited by any figure, quote or event.", s.small)])
        return self.box(self.card_paras(lines, width), width, self.theme.border)

    def positions(self, tab: Tab) -> list[Entry]:
        """Positions by topic: a card per party that stated one, then who did not."""
        b, s = self.b, self.s
        ids = tab.positions or tuple(b.positions)
        positions = [b.positions[i] for i in ids if i in b.positions]
        parties = list(dict.fromkeys(p.party for p in positions))
        topics = list(dict.fromkeys(p.topic for p in positions))
        out: list[Entry] = []
        for topic in topics:
            out.append(self.heading(topic[:1].upper() + topic[1:], s.section))
            here = [p for p in positions if p.topic == topic]
            out += self.cards([lambda n, w, p=p: self.position_card(p, n, w) for p in here])
            silent = [party for party in parties if all(p.party != party for p in here)]
            if silent:
                out.append(
                    self.text("No stated position in the sources: " + "; ".join(silent), s.muted)
                )
        return out

    def timeline(self) -> list[Entry]:
        b, s = self.b, self.s
        events = sorted(b.events.values(), key=lambda e: e.date)
        if not events:
            return []
        ct = self.chart_theme

        def make_plot():
            from briefing_app.render.charts import timeline_plot

            plot = timeline_plot(b, ct)
            tune_for_export(plot, ct, CHART_SCALE)
            return plot

        height = min(self.width * 0.75, 60 + 30 * len(events))
        out = [
            Entry(lambda n: ChartItem(make_plot, self.width, height), gap=10),
            self.heading("Events, in date order", s.section),
        ]
        for e in events:
            out.append(Entry(lambda n, e=e: Text(self.para(self.event_runs(e, n), s.body)), gap=5))
        return out

    def event_runs(self, e: Event, notes: Notes) -> list[Run]:
        b, s = self.b, self.s
        runs: list[Run] = [(f"{fmt_date(e.date)} — ", s.bold), (e.title, s.bold)]
        if b.is_later(e.date):
            runs.append(("  (later than the as-of date)", s.warn))
        if e.description:
            runs.append((f"\n{e.description}", s.body))
        if e.sources:
            parts = [f"{b.source_name(i)}{notes.mark(b.source_name(i), [i])}" for i in e.sources]
            runs.append(("\nSources: " + "; ".join(parts), s.small))
        return runs

    # sources pages
    def sources_entries(self) -> list[Entry]:
        b, s = self.b, self.s
        out = [
            self.heading("Sources", s.h2),
            self.text(
                "Every source of this briefing with its full citation. The numbered notes at "
                "the foot of each page say which source a figure, quote or check rests on.",
                s.muted,
                gap=10,
            ),
        ]
        for k, src in enumerate(b.sources.values(), start=1):
            runs: list[Run] = [
                (f"{k}. ", s.bold),
                (src.citation(), s.body),
                (f"  [{src.id}]", s.small),
            ]
            if src.note:
                runs.append((f"\n{src.note}", s.muted))
            if src.id == b.source_article:
                runs.append(("\nThe briefing's source article.", s.warn))
            out.append(Entry(lambda n, runs=runs: Text(self.para(runs, s.body)), gap=6))
        out.append(Entry(lambda n: Space(8), gap=0))
        out.append(self.heading("Licence and how to cite", s.section))
        out.append(
            self.text(
                f"Licence of the data: {b.licence or 'not stated'}.\n{cite_briefing(b)}", s.body
            )
        )
        return out


class _Stack(Item):
    """Items one above the other (a column of a Row)."""

    def __init__(self, items: list[Item], gap: float) -> None:
        self.items, self.gap = items, gap
        self.height = sum(i.height for i in items) + gap * max(0, len(items) - 1)

    def breaks(self) -> list[float]:
        out, y = [], 0.0
        for i in self.items:
            out += [y + b for b in i.breaks()] + [y + i.height]
            y += i.height + self.gap
        return out

    def draw(self, painter, x, y, ctx) -> None:
        for i in self.items:
            i.draw(painter, x, y, ctx)
            y += i.height + self.gap


# -- writing ------------------------------------------------------------------------------


@dataclass
class PdfReport:
    """What was written: one label per page, and where each tab starts (1-based)."""

    path: Path
    pages: list[str]
    tab_pages: dict[str, list[int]]
    source_pages: list[int]


def layout_handout(
    b: Briefing, theme: Theme, device, dpi: float, *, notes: bool = False
) -> tuple[Layout, Geometry, Styles]:
    g = Geometry(
        width=210 * MM * dpi,
        height=297 * MM * dpi,
        left=16 * MM * dpi,
        right=16 * MM * dpi,
        top=20 * MM * dpi,
        bottom=18 * MM * dpi,
    )
    styles = Styles.of(theme)
    content = Content(b, theme, styles, g, device, notes)
    lay = Layout(b, g, styles, device)
    lay.flow(content.title_page(), "title", b.title)
    for tab in b.tabs:
        lay.flow(content.tab_entries(tab), "tab", tab.title, tab.id)
    lay.flow(content.sources_entries(), "sources", "Sources")
    return lay, g, styles


def write_pdf(
    b: Briefing,
    theme: Theme,
    path: str | Path,
    *,
    notes: bool = False,
    progress: Progress | None = None,
) -> PdfReport:
    """Write the handout to *path* (the caller makes it atomic)."""
    path = Path(path)
    dpi = screen_dpi()
    writer = QPdfWriter(str(path))
    writer.setResolution(dpi)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(b.title)
    writer.setCreator(f"Briefing Viewer {__version__}")
    writer.setPdfVersion(QPdfWriter.PdfVersion.PdfVersion_1_6)
    lay, g, styles = layout_handout(b, theme, writer, dpi, notes=notes)
    pages = lay.pages
    tab_pages: dict[str, list[int]] = {}
    for k, page in enumerate(pages, start=1):
        if page.kind == "tab":
            tab_pages.setdefault(page.tab_id, []).append(k)
    ctx = DrawContext(
        host=None,  # type: ignore[arg-type]
        page_of_tab={t: v[0] for t, v in tab_pages.items()},
        pages=len(pages),
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"cannot write {path}")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        with plot_host() as host:
            ctx.host = host
            for k, page in enumerate(pages, start=1):
                if progress is not None and not progress(k - 1, len(pages), page.label):
                    raise ExportCancelled("export cancelled")
                if k > 1 and not writer.newPage():
                    raise ExportError(f"cannot write {path}: the PDF writer refused a new page")
                paint_page(painter, page, k, lay, g, styles, theme, ctx)
    finally:
        painter.end()
    if progress is not None:
        progress(len(pages), len(pages), "done")
    if not path.exists() or path.stat().st_size == 0:
        raise ExportError(f"cannot write {path}")
    return PdfReport(
        path,
        [p.label for p in pages],
        tab_pages,
        [k for k, p in enumerate(pages, start=1) if p.kind == "sources"],
    )


def paint_page(
    painter: QPainter,
    page: Page,
    number: int,
    lay: Layout,
    g: Geometry,
    s: Styles,
    theme: Theme,
    ctx: DrawContext,
) -> None:
    b = lay.b
    dev = lay.device
    painter.fillRect(QRectF(0, 0, g.width, g.height), QColor(theme.background))
    x, w = g.left, g.content_width
    # running header and footer
    if page.kind != "title":
        left = Para(f"{b.title} — as of {fmt_date(b.as_of)}", s.note, w * 0.62, dev)
        right = Para(
            page.label, s.note.but(bold=True), w * 0.36, dev, align=Qt.AlignmentFlag.AlignRight
        )
        hy = g.top - max(left.height, right.height) - 10
        left.draw(painter, x, hy)
        right.draw(painter, x + w * 0.64, hy)
        painter.setPen(QPen(QColor(theme.border), 0.8))
        painter.drawLine(x, g.top - 5, x + w, g.top - 5)
    version = f"version {b.version} · " if b.version else ""
    num_w = 90.0
    foot_left = Para(
        f"{b.caveat + ' · ' if b.caveat else ''}{version}checksum {b.short_checksum}",
        s.note,
        w - num_w - 10,
        dev,
    )
    foot_right = Para(
        f"Page {number} of {ctx.pages}", s.note, num_w, dev, align=Qt.AlignmentFlag.AlignRight
    )
    fy = g.height - g.bottom + 10
    foot_left.draw(painter, x, fy)
    foot_right.draw(painter, x + w - num_w, fy)
    # content
    for pl in page.placements:
        painter.save()
        if pl.top or pl.bottom is not None:
            bottom = pl.bottom if pl.bottom is not None else pl.item.height
            painter.setClipRect(QRectF(x - 2, pl.y + pl.top, w + 4, bottom - pl.top))
        pl.item.draw(painter, x, pl.y, ctx)
        painter.restore()
    # source notes of the page
    para = lay.notes_para(page.notes)
    if para is not None:
        ny = lay.bottom - para.height
        painter.setPen(QPen(QColor(theme.border), 0.8))
        painter.drawLine(x, ny - 5, x + w * 0.3, ny - 5)
        para.draw(painter, x, ny)
