"""The handout's pages drawn from the plan: a summary on the title page (each tab's
takeaway, the checks whose figures disagree), the package's facts and the contents,
each tab from a new page (its takeaway, then its sections in the plan's order: charts
as vector graphics with the figures behind them, and a card per item), then every
source's full citation.

Every figure, quote and check carries a numbered note [n]; the foot of its page lists
[n] with the attribution and the citations (`page.Notes`).  The PDF handout
(`briefing_app.export.pdf`) and the tab images (`tab_image`) both lay out these pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from briefing_app import __version__
from briefing_app.content.blocks import Block
from briefing_app.content.bounds import (
    CHART_FIGURE_LINES,
    HANDOUT_CARDS,
    HANDOUT_FINDINGS,
    HANDOUT_SECTION_CARDS,
    HANDOUT_SOURCES,
    HANDOUT_TAB_CARDS_MIN,
    LISTED_ELSEWHERE,
    per_part,
    share_out,
)
from briefing_app.content.chartdata import ChartData, figures
from briefing_app.content.plan import Plan, TabPlan, plan_of
from briefing_app.content.text import briefing_facts, cite_briefing
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date, fmt_number
from briefing_app.model.i18n import N_, ntr, tr
from briefing_app.render.chart_image import (
    build_for_export,
    legend_runs,
    map_height_for_width,
    plot_host,
)
from briefing_app.render.charts import chart_legend
from briefing_app.render.charts.poll import height_for_width as poll_height_for_width
from briefing_app.render.page import (
    Box,
    ChartItem,
    Contents,
    DrawContext,
    Entry,
    Geometry,
    Item,
    Layout,
    Notes,
    Page,
    Space,
    Stack,
    Text,
)
from briefing_app.render.text import Para, Run, Style
from briefing_app.render.themes import Theme

MM = 1 / 25.4  # inches per millimetre
#: charts in the handout use the theme at this scale (type in points, as on screen)
CHART_SCALE = 0.8
#: a line chart with more rows than this is summarised, not listed, under the chart
MAX_LISTED = 40
#: cards one section of a tab prints (its checks, its quotes, ...); the rest are counted
#: in a line that says where they are.  A tab may list 2,000 items, and 50 tabs the same
#: ones: 100,000 cards made a handout of 20,000 pages that took minutes and gigabytes.
#: A real briefing's sections hold a few dozen at most (the bundled one: 23 sources).
#: The tabs together print at most `bounds.HANDOUT_CARDS` (`content.bounds`).
MAX_CARDS = HANDOUT_SECTION_CARDS
#: what a section's cards are, in the line that counts those left out
_NOUNS = {
    "claims": N_("attribution notes"),
    "checks": N_("checks"),
    "quotes": N_("quotes"),
    "positions": N_("positions"),
    "polls": N_("polls"),
    "events": N_("events"),
    "sources": N_("sources"),
}
#: where the cards a section leaves out are, in words
LEFT_OUT_WHERE = LISTED_ELSEWHERE


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


def a4(dpi: float) -> Geometry:
    """An A4 portrait page at *dpi* with the handout's margins."""
    return Geometry(
        width=210 * MM * dpi,
        height=297 * MM * dpi,
        left=16 * MM * dpi,
        right=16 * MM * dpi,
        top=20 * MM * dpi,
        bottom=18 * MM * dpi,
    )


class Content:
    """Builds the entries of each page from the briefing's plan."""

    def __init__(
        self,
        plan: Plan,
        theme: Theme,
        styles: Styles,
        g: Geometry,
        device,
        notes: bool,
        *,
        chart_scale: float = CHART_SCALE,
    ) -> None:
        self.plan = plan
        self.b: Briefing = plan.briefing
        self.theme, self.s, self.g, self.device = theme, styles, g, device
        self.with_notes = notes
        #: the theme's scale in the charts: `CHART_SCALE` times the pixels per page unit
        #: they are painted at (a tab image paints them larger than the PDF)
        self.chart_scale = chart_scale
        self.chart_theme = theme.scaled(chart_scale)
        self.width = g.content_width
        self.gap = 10.0
        self.card_gap = 6.0
        #: cards each tab prints at most: an equal share of what the handout prints
        self.tab_cards = per_part(len(plan.briefing.tabs), HANDOUT_CARDS, HANDOUT_TAB_CARDS_MIN)

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

    # title page: the summary
    def title_page(self) -> list[Entry]:
        """Page one, what a reader takes away: title, as-of date, caveat, each tab's
        takeaway with the sources it rests on, and the briefing's findings in one list
        (all from the plan); the package's facts follow on the next page (`about_page`)."""
        b, s = self.b, self.s
        entries = [Entry(lambda n: Space(24), gap=0), self.text(b.title, s.title, gap=8)]
        if b.subtitle:
            entries.append(self.text(b.subtitle, s.subtitle, gap=10))
        entries.append(
            self.text(tr("As of {date}").format(date=fmt_date(b.as_of)), s.h3.but(size=13), gap=12)
        )
        if b.caveat:
            entries.append(self.caveat_box(gap=14))
        entries.append(self.heading(tr("Summary"), s.section))
        for tp in self.plan.tabs:
            if not tp.takeaway:
                continue
            runs: list[Run] = [(f"{tp.title}: ", s.bold), (tp.takeaway, s.body)]
            names = tab_sources(tp)
            if names:
                # "Sources:" in English whatever the count, as it always was
                line = ntr("Sources: {names}", "Sources: {names}", len(names))
                runs.append(("\n" + line.format(names="; ".join(names)), s.small))
            entries.append(self.text(runs, s.body, gap=7))
        found = self.plan.findings()
        if found:
            entries.append(Entry(lambda n: Space(4), gap=0))
            entries.append(
                self.heading(tr("Where the reported figures disagree (the checks)"), s.section)
            )
            for tab, block in found[:HANDOUT_FINDINGS]:
                verdict = next((ln.text for ln in block.lines if ln.role == "body"), "")
                runs = [("• ", s.body), (block.title, s.bold)]
                runs.append((f" ({tab})" if tab else "", s.muted))
                runs.append((f"\n{verdict}", s.body))
                entries.append(self.text(runs, s.body, gap=4))
            if len(found) > HANDOUT_FINDINGS:  # never silently: how many, and where
                more = len(found) - HANDOUT_FINDINGS
                line = ntr(
                    "… and {n} more check whose figures disagree, not listed here: {where}.",
                    "… and {n} more checks whose figures disagree, not listed here: {where}.",
                    more,
                )
                entries.append(
                    self.text(line.format(n=fmt_number(more), where=tr(LISTED_ELSEWHERE)), s.muted)
                )
        return entries

    def about_page(self) -> list[Entry]:
        """The package's facts (name, version, checksum, licence), how to cite the
        briefing and the contents: page two, after the summary."""
        b, s = self.b, self.s
        meta: list[Run] = []
        rows = briefing_facts(b)
        rows.append(
            (
                tr("Exported"),
                tr("{date} with Briefing Viewer {version}").format(
                    date=fmt_date(dt.date.today()), version=__version__
                ),
            )
        )
        for k, (label, value) in enumerate(rows):
            meta.append((("\n" if k else "") + f"{label}: ", s.bold))
            meta.append((value, s.body))
        return [
            self.heading(tr("About this briefing"), s.h2),
            self.text(meta, s.body, gap=14),
            self.text(tr("How to cite this briefing"), s.section, gap=3, keep_next=True),
            self.text(cite_briefing(b), s.body, gap=16),
            self.heading(tr("Contents"), s.section),
            Entry(lambda n: Contents(b.tabs, self.width, s.body, self.device), gap=10),
            self.text(
                tr(
                    "Numbers in brackets, [1], refer to the source notes at the foot of the same "
                    "page; the last pages give every source's full citation."
                ),
                s.muted,
            ),
        ]

    def caveat_box(self, gap: float) -> Entry:
        """The briefing's caveat in the warning colours (title page, tab images)."""
        s, t = self.s, self.theme
        return Entry(
            lambda n: Box(
                [self.para(self.b.caveat, s.bold.but(colour=t.warning_text), self.width - 16)],
                self.width,
                t.warning_bg,
                t.warning_text,
                t.warning_text,
                8.0,
                3.0,
            ),
            gap=gap,
        )

    # tabs
    def tab_entries(self, tp: TabPlan) -> list[Entry]:
        """A tab: its title and takeaway, then its sections in the plan's order."""
        s = self.s
        out = [self.heading(tp.title, s.h2)]
        if tp.takeaway:
            out.append(
                Entry(
                    lambda n: self.box(
                        [self.para(tp.takeaway, s.takeaway, self.width - 16)],
                        self.width,
                        self.theme.accent,
                    ),
                    gap=12,
                )
            )
        # the tab's share of the cards, shared out among its sections
        counts = [
            sum(1 for b in section.blocks if b.kind != "chart" and b.is_item)
            for section in tp.sections
        ]
        allowed = share_out(counts, self.tab_cards, MAX_CARDS)
        for section, limit in zip(tp.sections, allowed, strict=True):
            if section.title:
                out.append(self.heading(section.title, s.section))
            cards = 0
            for block in section.blocks:
                if block.kind != "chart" and block.is_item:
                    cards += 1
                    if cards > limit:
                        continue
                elif cards > limit:
                    continue  # a note about the cards left out
                out += self.block_entries(block)
            if cards > limit:  # never silently: how many, and where they are
                more = cards - limit
                out.append(
                    self.text(
                        tr("… and {n} more {items} on this tab, not printed here: {where}.").format(
                            n=fmt_number(more),
                            items=tr(_NOUNS[section.key]) if section.key in _NOUNS else section.key,
                            where=tr(LEFT_OUT_WHERE),
                        ),
                        s.muted,
                    )
                )
        if self.with_notes and tp.notes:
            out.append(self.heading(tr("Speaker notes"), s.section))
            out.append(
                Entry(
                    lambda n: self.box(
                        [self.para(tp.notes, s.body, self.width - 16)],
                        self.width,
                        self.theme.muted,
                    ),
                    gap=self.gap,
                )
            )
        return out

    def block_entries(self, block: Block) -> list[Entry]:
        """A chart (with what is attached to it after it), a card, or a note."""
        if block.kind == "chart" and block.chart is not None:
            out = self.chart(block.chart)
            out[0].ref = ("chart", block.id)
            for other in block.attached:
                out += self.block_entries(other)
            return out
        if block.kind == "note":
            return [self.text("\n".join(ln.text for ln in block.lines), self.s.muted)]
        make = lambda n, b=block: self.card(b, n, self.width)  # noqa: E731
        return [Entry(make, gap=self.card_gap, ref=(block.kind, block.id))]

    #: the type of each role of a line on a card
    def _line_style(self, role: str) -> Style:
        s = self.s
        return {
            "heading": s.bold,
            "quote": s.body.but(italic=True),
            "muted": s.muted,
            "source": s.small,
            "detail": s.small,
        }.get(role, s.body)

    def card(self, block: Block, notes: Notes, width: float) -> Box:
        """A block as a card: badges, then its lines; a line's sources get a note [n]."""
        s, t = self.s, self.theme
        tones = {"ok": (s.ok, t.ok_text), "bad": (s.bad, t.bad_text)}
        lines: list[list[Run] | None] = []
        if block.badges:
            runs: list[Run] = []
            for k, (text, tone) in enumerate(block.badges):
                style = tones.get(tone, (s.warn, t.warning_text))[0]
                runs.append((("  ·  " if k else "") + text, style))
            lines.append(runs)
        for ln in block.lines:
            text = ln.text
            if ln.cite is not None:
                text += notes.mark(ln.cite.attribution, ln.cite.ids)
            lines.append([(text, self._line_style(ln.role))])
        if block.badges:
            rule = tones.get(block.badges[0][1], (s.warn, t.warning_text))[1]
        else:
            rule = t.border if block.kind == "source" else t.accent
        return self.box(self.card_paras(lines, width), width, rule)

    def chart(self, data: ChartData) -> list[Entry]:
        """A chart and what belongs with it, kept together: title, legend, plot, figures."""
        s = self.s
        ct = self.chart_theme
        # the plot is built when its page is painted, and let go after: a handout of 100
        # charts held them all from the layout on
        legend = chart_legend(data, ct)
        built: list = []  # a plot built to measure the chart, for its first paint
        if data.kind == "poll":
            n = len(data.poll.answers) if data.poll is not None else 2
            height = min(self.width * 0.5, 90 + 50 * n)
            # tall enough for every answer wrapped above its bar, never cut with "…" (the
            # plot is laid out in pixels of its type's scale)
            k = self.chart_scale / CHART_SCALE
            measured = build_for_export(data, ct, self.chart_scale).plot
            height = max(height, poll_height_for_width(measured, self.width * k) / k)
            built.append(measured)  # painted first, not built again (a poll's plot is small)
        elif data.kind == "timeline":
            height = min(self.width * 0.75, 60 + 30 * len(data.events))
        elif data.kind == "map":
            # a box of the maps' own shape (the wide pair of the country is short, the
            # front's tall), measured at the size it is painted
            k = self.chart_scale / CHART_SCALE
            measured = build_for_export(data, ct, self.chart_scale).plot
            with plot_host() as host:
                height = map_height_for_width(measured, self.width * k, host) / k
            built.append(measured)  # painted first, not built again
        else:
            height = self.width * 0.42

        def make_plot():
            return built.pop() if built else build_for_export(data, ct, self.chart_scale).plot

        def make(notes: Notes) -> Item:
            items: list[Item] = [Text(self.para(data.title, s.h3))]
            if legend:
                runs = legend_runs(legend, s.small.but(colour=self.theme.text))
                items.append(Text(self.para(runs, s.small)))
            items.append(ChartItem(make_plot, self.width, height))
            runs = self.figure_runs(data, notes)
            if runs:
                items.append(Text(self.para(runs, s.small)))
            if data.caption:
                items.append(Text(self.para(data.caption, s.small.but(italic=True))))
            return Stack(items, 4.0)

        return [Entry(make, gap=14)]

    def figure_runs(self, data: ChartData, notes: Notes) -> list[Run]:
        """The figures behind a chart, a line per series with its source and note [n]."""
        s = self.s
        runs: list[Run] = []
        for k, f in enumerate(figures(data, MAX_LISTED, CHART_FIGURE_LINES)):
            mark = notes.mark(f.attribution, f.cites) if (f.attribution or f.cites) else ""
            new_line = "\n" if k else ""  # each on a line of its own, labelled or not
            if f.label:
                runs.append((f"{new_line}{f.label}: ", s.small.but(bold=True)))
                new_line = ""
            runs.append((f"{new_line}{f.values}", s.small))
            if f.attribution or mark:
                source = tr(" — Source: {source}").format(source=f.attribution)
                runs.append((f"{source}{mark}", s.small))
        return runs

    # sources pages
    def sources_entries(self) -> list[Entry]:
        b, s = self.b, self.s
        out = [
            self.heading(tr("Sources"), s.h2),
            self.text(
                tr(
                    "Every source of this briefing with its full citation. The numbered notes at "
                    "the foot of each page say which source a figure, quote or check rests on."
                ),
                s.muted,
                gap=10,
            ),
        ]
        for k, src in enumerate(b.sources.values(), start=1):
            if k > HANDOUT_SOURCES:
                break
            # the source's name, as the notes and cards call it; never its internal id
            runs: list[Run] = [(f"{k}. {src.name}: ", s.bold), (src.citation(), s.body)]
            if src.note:
                runs.append((f"\n{src.note}", s.muted))
            if src.id == b.source_article:
                runs.append(("\n" + tr("The briefing's source article."), s.warn))
            out.append(Entry(lambda n, runs=runs: Text(self.para(runs, s.body)), gap=6))
        if len(b.sources) > HANDOUT_SOURCES:  # never silently: how many, and where
            more = len(b.sources) - HANDOUT_SOURCES
            line = ntr(
                "… and {n} more source, not printed here (the notes at the foot of each page "
                "cite the sources of what the page prints in full): {where}.",
                "… and {n} more sources, not printed here (the notes at the foot of each page "
                "cite the sources of what the page prints in full): {where}.",
                more,
            )
            out.append(
                self.text(line.format(n=fmt_number(more), where=tr(LISTED_ELSEWHERE)), s.muted)
            )
        out.append(Entry(lambda n: Space(8), gap=0))
        out.append(self.heading(tr("Licence and how to cite"), s.section))
        licence = tr("Licence of the data: {licence}.").format(
            licence=b.licence or tr("not stated")
        )
        out.append(self.text(f"{licence}\n{cite_briefing(b)}", s.body))
        return out


# -- pages --------------------------------------------------------------------------------


def layout_handout(
    b: Briefing, theme: Theme, device, dpi: float, *, notes: bool = False
) -> tuple[Layout, Geometry, Styles]:
    """The handout's pages: title page, a page (or more) per tab, the sources."""
    g = a4(dpi)
    styles = Styles.of(theme)
    plan = plan_of(b)
    content = Content(plan, theme, styles, g, device, notes)
    lay = Layout(b, g, styles.note, device)
    lay.flow(content.title_page(), "title", b.title)
    lay.flow(content.about_page(), "about", tr("About this briefing"))
    for tp in plan.tabs:
        lay.flow(content.tab_entries(tp), "tab", tp.title, tp.id)
    lay.flow(content.sources_entries(), "sources", tr("Sources"))
    return lay, g, styles


def tab_sources(tp: TabPlan) -> tuple[str, ...]:
    """The sources a tab's takeaway rests on, as far as the plan says: those of its first
    chart, else of the items of its first section (none for a tab of only sources)."""
    for section in tp.sections:
        items = [b for b in section.items() if b.kind != "source"]
        if items:
            return items[0].sources if items[0].kind == "chart" else source_union(items)
    return ()


def source_union(blocks: Sequence[Block]) -> tuple[str, ...]:
    """The names the blocks cite, each once, in order."""
    return tuple(dict.fromkeys(name for b in blocks for name in b.sources))


def footer_text(b: Briefing) -> str:
    """The foot of every page: the caveat, the version and the checksum."""
    version = tr("version {version}").format(version=b.version) + " · " if b.version else ""
    checksum = tr("checksum {checksum}").format(checksum=b.short_checksum)
    return f"{b.caveat + ' · ' if b.caveat else ''}{version}{checksum}"


def paint_placements(painter: QPainter, page: Page, g: Geometry, ctx: DrawContext) -> None:
    """What the page holds; an item cut across pages shows only its part of this page."""
    x, w = g.left, g.content_width
    for pl in page.placements:
        painter.save()
        if pl.top or pl.bottom is not None:
            bottom = pl.bottom if pl.bottom is not None else pl.item.height
            painter.setClipRect(QRectF(x - 2, pl.y + pl.top, w + 4, bottom - pl.top))
        pl.item.draw(painter, x, pl.y, ctx)
        painter.restore()


def paint_notes(painter: QPainter, page: Page, lay: Layout, theme: Theme) -> None:
    """The page's numbered source notes, at its foot (`Layout.bottom`), under a short rule."""
    para = lay.notes_para(page.notes)
    if para is not None:
        x = lay.g.left
        ny = lay.bottom - para.height
        painter.setPen(QPen(QColor(theme.border), 0.8))
        painter.drawLine(x, ny - 5, x + lay.g.content_width * 0.3, ny - 5)
        para.draw(painter, x, ny)


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
        title = tr("{title} — as of {date}").format(title=b.title, date=fmt_date(b.as_of))
        left = Para(title, s.note, w * 0.62, dev)
        right = Para(
            page.label, s.note.but(bold=True), w * 0.36, dev, align=Qt.AlignmentFlag.AlignRight
        )
        hy = g.top - max(left.height, right.height) - 10
        left.draw(painter, x, hy)
        right.draw(painter, x + w * 0.64, hy)
        painter.setPen(QPen(QColor(theme.border), 0.8))
        painter.drawLine(x, g.top - 5, x + w, g.top - 5)
    page_text = tr("Page {number} of {pages}").format(number=number, pages=ctx.pages)
    # as wide as its words need in the language shown ("Сторінка 12 з 24"), at least 90 pt
    num_w = max(90.0, Para(page_text, s.note, w, dev).natural_width() + 4)
    foot_left = Para(footer_text(b), s.note, w - num_w - 10, dev)
    foot_right = Para(page_text, s.note, num_w, dev, align=Qt.AlignmentFlag.AlignRight)
    fy = g.height - g.bottom + 10
    foot_left.draw(painter, x, fy)
    foot_right.draw(painter, x + w - num_w, fy)
    paint_placements(painter, page, g, ctx)
    paint_notes(painter, page, lay, theme)
