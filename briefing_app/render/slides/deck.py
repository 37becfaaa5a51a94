"""The deck for one screen: the deck's sections measured and cut into slides.

`build_deck` measures every card with the same widgets that draw it (`layout.CardWidget`)
and every slide's frame with its view (`view.SlideView`), so what was measured is what is
shown.  A flow of cards is cut so that a slide holds at most `MAX_CARDS` cards and about
`max_words()` words (about `MAX_WORDS` in English), in one column.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from briefing_app.content.blocks import Block
from briefing_app.content.changes import Changes
from briefing_app.content.paginate import CONTINUED, paginate
from briefing_app.content.slides import (
    MAX_CARDS,
    Section,
    Slide,
    block_sources,
    deck_sections,
    max_words,
    number_slides,
    title_cuts,
)
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr
from briefing_app.render.slides.charts import MAP_SHARE
from briefing_app.render.slides.layout import CardWidget, Metrics, make_label, stylesheet
from briefing_app.render.slides.view import SlideView
from briefing_app.render.themes import Theme

#: a source list long enough to take the most lines a card slide gives it
_LONG_SOURCES = ("x" * 400,)
#: the most lines a chart slide's title takes before it is cut in two (`_fit_title`)
MAX_TITLE_LINES = 2
#: the most slides a timeline's numbered markers are explained over (`_split_markers`)
MAX_MARK_SLIDES = 3


class Typesetter:
    """Measures blocks and slide frames for one theme and screen size (cached)."""

    def __init__(self, briefing: Briefing, theme: Theme, width: int, height: int) -> None:
        self.briefing = briefing
        self.theme = theme
        self.m = Metrics(theme, width, height)
        self.css = stylesheet(theme, self.m)
        self.probe = QWidget()
        self.probe.setObjectName("slide")
        self.probe.setStyleSheet(self.css)
        self._heights: dict[tuple[Block, int], int] = {}

    def height(self, block: Block, width: int) -> int:
        key = (block, width)
        if key not in self._heights:
            card = CardWidget(block, self.m, width, self.probe)
            self._heights[key] = card.height()
            card.setParent(None)
            card.deleteLater()
        return self._heights[key]

    def title_fits(self, text: str, lines: int) -> bool:
        """Whether *text* as a slide's title takes at most *lines* lines."""
        lab = make_label(self.probe, text, "s_heading")
        ref = make_label(self.probe, "\n".join(["Xg"] * lines), "s_heading")
        try:
            lab.ensurePolished()
            ref.ensurePolished()
            width = self.m.content_width
            return lab.heightForWidth(width) <= ref.heightForWidth(width)
        finally:
            for w in (lab, ref):
                w.setParent(None)
                w.deleteLater()

    def frame(self, slide: Slide) -> tuple[QRect, int]:
        """The slide's body (without it) and the height a "continued" note takes."""
        view = SlideView(slide, self.briefing, self.theme, self.m, build_body=False)
        info = (QRect(view.body_rect), view.continues_height)
        view.deleteLater()
        return info

    def map_height(self, sec: Section) -> float:
        """How high the map of *sec*'s slide is drawn (its shortest, px), or 0."""
        view = SlideView(_one_slide(sec), self.briefing, self.theme, self.m)
        try:
            canvas = getattr(view.plot, "map_canvas", None)
            rects = canvas.map_rects() if canvas is not None else []
            return min((r.height() for r in rects), default=0.0)
        finally:
            view.deleteLater()

    def key_marks(self, slide: Slide) -> tuple[int, bool]:
        """How many numbered markers *slide*'s chart has, and whether its key explains
        every one of them (not shortened to its first lines, `SlideView._shortened_key`)."""
        view = SlideView(slide, self.briefing, self.theme, self.m)
        try:
            plot = view.plot
            labelled = len(getattr(plot, "timeline_labels", ())) if plot is not None else 0
            return labelled, not view.key_shortened
        finally:
            view.deleteLater()

    def close(self) -> None:
        self.probe.deleteLater()


def build_deck(
    briefing: Briefing, theme: Theme, width: int, height: int, changes: Changes | None = None
) -> list[Slide]:
    """All slides of *briefing*, main deck and backup, cut to fit a screen of width x
    height logical pixels; with *changes*, a slide of what changed since the last edition
    after the title."""
    ts = Typesetter(briefing, theme, width, height)
    slides: list[Slide] = []
    try:
        for sec in deck_sections(briefing, changes):
            common = {
                "heading": sec.heading,
                "notes": sec.notes,
                "tab_index": sec.tab_index,
                "tab_id": sec.tab_id,
                "part": sec.part,
                "kicker": sec.kicker,
            }
            if sec.kind == "cards":
                slides += _cards(ts, sec, common)
                continue
            slide = _one_slide(_fit_title(ts, sec))
            slides += _split_markers(ts, slide) if slide.kind == "timeline" else [slide]
    finally:
        ts.close()
    return number_slides(slides)


def _one_slide(sec: Section) -> Slide:
    """The slide of a section that is not cut into several (a chart, a takeaway, …)."""
    return Slide(
        sec.kind,
        heading=sec.heading,
        subheading=sec.subheading,
        joint=sec.joint,
        takeaway=sec.takeaway,
        chart=sec.chart,
        side=sec.side,
        caption=sec.caption,
        columns=(sec.blocks,) if sec.blocks else (),
        sources=sec.sources,
        block=sec.block,
        details=sec.details,
        notes=sec.notes,
        tab_index=sec.tab_index,
        tab_id=sec.tab_id,
        part=sec.part,
        kicker=sec.kicker,
    )


def _fit_title(ts: Typesetter, sec: Section) -> Section:
    """A chart slide's title in at most `MAX_TITLE_LINES` lines, leaving the chart its
    height. A chart's own title longer than that (a backup slide's) is cut in two
    (`content.slides.title_cuts`): after its first colon ("Where the front moved:
    occupied territory on 1 Sep and 1 Dec 2024 (DeepStateMap)"), else after the last
    clause's punctuation, else at the last space whose heading fits; the rest is written
    over the chart in bold, where a main slide writes its chart's title. A map keeps at
    least `MAP_SHARE` of the screen's height: where the title in two lines (whole or cut)
    leaves it less, the heading takes one line. Every word is kept (`Slide.title` joins
    them again)."""
    if sec.kind not in ("chart", "timeline") or sec.subheading:
        return sec
    need = MAP_SHARE * ts.m.height - 1 if sec.chart is not None and sec.chart.kind == "map" else 0
    fits = ts.title_fits(sec.heading, MAX_TITLE_LINES)
    if fits and not need:
        return sec
    tried: list[tuple[float, Section]] = []
    if fits:
        tried.append((ts.map_height(sec), sec))
        if tried[-1][0] >= need:
            return sec
    for lines in range(MAX_TITLE_LINES, 0, -1):
        cut = _cut_title(ts, sec.heading, lines)
        if cut is None:
            continue
        head, joint, rest = cut
        trial = replace(sec, heading=head, subheading=rest, joint=joint)
        if not need:
            return trial
        tried.append((ts.map_height(trial), trial))
        if tried[-1][0] >= need:
            return trial
    # none leaves the map its share: the one that leaves it the most
    return max(tried, key=lambda t: t[0])[1] if tried else sec


def _split_markers(ts: Typesetter, slide: Slide) -> list[Slide]:
    """A timeline whose key does not fit beside or under it with every numbered marker
    explained (Ukrainian at 4:3: eight events and a title of two lines): its markers
    split over as few slides as let each explain its own whole, each slide showing every
    event's dot and numbering only its share (`Slide.marks`), the later ones titled
    "… (continued)". Over at most `MAX_MARK_SLIDES`: a timeline of more markers than
    those explain keeps its first ones and says where the others are (the events' backup
    slides list every one)."""
    n, whole = ts.key_marks(slide)
    if whole or n < 2:
        return [slide]
    heading = f"{slide.heading} {tr(CONTINUED)}"
    for parts in range(2, min(n, MAX_MARK_SLIDES) + 1):
        size = -(-n // parts)
        out = [
            replace(
                slide,
                marks=(first, min(first + size - 1, n)),
                heading=slide.heading if first == 1 else heading,
            )
            for first in range(1, n + 1, size)
        ]
        if all(ts.key_marks(s)[1] for s in out):
            return out
    return [slide]


def _cut_title(ts: Typesetter, title: str, lines: int) -> tuple[str, str, str] | None:
    """Where *title* is cut for its heading to take at most *lines* lines: the first of
    `title_cuts` that fits (its colon first), a clause's punctuation only where it keeps
    at least half the heading a cut at a space would (not a heading of one word where
    two lines' worth were there); None when no heading fits."""
    fitting = [c for c in title_cuts(title) if ts.title_fits(c[0], lines)]
    if not fitting:
        return None
    longest = max(len(c[0]) for c in fitting)
    for cut in fitting:
        if cut[1] in (": ", " ") or 2 * len(cut[0]) >= longest:
            return cut
    return fitting[0]


def column_width(m: Metrics, columns: int) -> int:
    """The width of each of *columns* columns of cards side by side."""
    return (m.content_width - (columns - 1) * m.column_gap) // columns


def _paginate(ts: Typesetter, sec: Section, capacity: tuple[int, int], columns: int):
    """The section's cards cut into slides; *capacity*: the body's height on its first
    slide and on the next ones (whose title, "… (continued)", may take another line)."""
    width = column_width(ts.m, columns)
    return paginate(
        sec.blocks,
        lambda b: ts.height(b, width),
        lambda page: capacity[min(page, 1)],
        columns,
        gap=ts.m.card_gap,
        max_cards=MAX_CARDS,
        max_words=max_words(),
        repeat_headings=False,
    ) or [()]


def _one_page(ts: Typesetter, sec: Section, common: dict):
    """The section's cards on one slide, in as few columns as that takes, or None.

    Measured in the frame the slide will have: its own sources under it, and no room kept
    for a "continued" note (the flow of several slides keeps room for the longest source
    list a slide can have and for that note: in Ukrainian at 4:3 that cut a main slide's
    two cards, or one card mid-sentence, over two slides where one held them)."""
    only = Slide("cards", sources=block_sources(sec.blocks, ts.briefing), **common)
    body, _ = ts.frame(only)
    for columns in range(1, MAX_CARDS + 1):
        pages = _paginate(ts, sec, (body.height(), body.height()), columns)
        if len(pages) == 1:
            return pages
    return None


def _cards(ts: Typesetter, sec: Section, common: dict) -> list[Slide]:
    first = Slide("cards", sources=_LONG_SOURCES, **common)
    # a main slide is one message: all its cards on it, side by side if one column is
    # too short; cut over several slides only when no way of placing them fits
    pages = _one_page(ts, sec, common) if sec.part == "main" else None
    if pages is None:
        body, cont = ts.frame(first)
        later, _ = ts.frame(replace(first, heading=f"{sec.heading} {tr(CONTINUED)}"))
        pages = _paginate(ts, sec, (body.height() - cont, later.height() - cont), 1)
    out: list[Slide] = []
    for k, cols in enumerate(pages):
        flat = [b for c in cols for b in c]
        shown = {(b.kind, b.id) for b in flat if b.is_item}
        nxt = pages[k + 1] if k + 1 < len(pages) else None
        first_next = nxt[0][0] if nxt and nxt[0] else None
        continues = bool(
            first_next is not None
            and first_next.lines
            and first_next.lines[0].text == tr(CONTINUED)
        )
        out.append(
            replace(
                first,
                heading=sec.heading if k == 0 else f"{sec.heading} {tr(CONTINUED)}",
                columns=tuple(cols),
                sources=block_sources(flat, ts.briefing),
                continues=continues,
                details=tuple(d for d in sec.details if (d.kind, d.id) in shown),
            )
        )
    return out


def _preview() -> None:  # pragma: no cover - manual preview
    import sys

    from PySide6.QtWidgets import QScrollArea

    from briefing_app.model.loader import load_package
    from briefing_app.render.app import ensure_application
    from briefing_app.render.themes import load_theme

    args = sys.argv[1:]
    pkg = args[0] if args else None
    w, h = (int(v) for v in (args[1] if len(args) > 1 else "1280x720").split("x"))
    theme = load_theme(args[2] if len(args) > 2 else "projector")
    app = ensure_application(theme, sys.argv[:1])
    b = load_package(pkg).briefing
    if b is None:
        raise SystemExit("the package does not load")
    deck = build_deck(b, theme, w, h)
    m = Metrics(theme, w, h)
    host = QWidget()
    from PySide6.QtWidgets import QVBoxLayout

    lay = QVBoxLayout(host)
    for s in deck[:6]:
        lay.addWidget(SlideView(s, b, theme, m))
    area = QScrollArea()
    area.setWidget(host)
    area.resize(w + 40, min(h * 2, 1000))
    area.setWindowTitle(tr("Slides at {width}x{height}").format(width=w, height=h))
    area.show()
    raise SystemExit(app.exec())


if __name__ == "__main__":
    _preview()
