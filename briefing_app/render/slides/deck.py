"""The deck for one screen: the deck's sections measured and cut into slides.

`build_deck` measures every card with the same widgets that draw it (`layout.CardWidget`)
and every slide's frame with its view (`view.SlideView`), so what was measured is what is
shown.  A flow of cards is cut so that a slide holds at most `MAX_CARDS` cards and about
`MAX_WORDS` words, in one column.
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
    MAX_WORDS,
    Section,
    Slide,
    block_sources,
    deck_sections,
    number_slides,
)
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr
from briefing_app.render.slides.layout import CardWidget, Metrics, make_label, stylesheet
from briefing_app.render.slides.view import SlideView
from briefing_app.render.themes import Theme

#: a source list long enough to take the most lines a card slide gives it
_LONG_SOURCES = ("x" * 400,)
#: the most lines a chart slide's title takes before it is cut at its colon (`_fit_title`)
MAX_TITLE_LINES = 2


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
            sec = _fit_title(ts, sec)
            common["heading"] = sec.heading
            slides.append(
                Slide(
                    sec.kind,
                    subheading=sec.subheading,
                    takeaway=sec.takeaway,
                    chart=sec.chart,
                    side=sec.side,
                    caption=sec.caption,
                    columns=(sec.blocks,) if sec.blocks else (),
                    sources=sec.sources,
                    block=sec.block,
                    details=sec.details,
                    **common,
                )
            )
    finally:
        ts.close()
    return number_slides(slides)


def _fit_title(ts: Typesetter, sec: Section) -> Section:
    """A chart slide's title in at most `MAX_TITLE_LINES` lines, leaving the chart its
    height: a chart's own title longer than that (a backup slide's, "Where the front
    moved: occupied territory on 1 Sep and 1 Dec 2024 (DeepStateMap)") is cut after its
    first colon, the rest written over the chart in bold, where a main slide writes its
    chart's title; every word is kept (`Slide.title` joins them again)."""
    if sec.kind not in ("chart", "timeline") or sec.subheading:
        return sec
    head, colon, rest = sec.heading.partition(": ")
    if not colon or not head.strip() or not rest.strip():
        return sec
    if ts.title_fits(sec.heading, MAX_TITLE_LINES):
        return sec
    return replace(sec, heading=head, subheading=rest)


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
        max_words=MAX_WORDS,
        repeat_headings=False,
    ) or [()]


def _cards(ts: Typesetter, sec: Section, common: dict) -> list[Slide]:
    first = Slide("cards", sources=_LONG_SOURCES, **common)
    body, cont = ts.frame(first)
    later, _ = ts.frame(replace(first, heading=f"{sec.heading} {tr(CONTINUED)}"))
    pages = _paginate(ts, sec, (body.height() - cont, later.height() - cont), 1)
    if sec.part == "main" and len(pages) > 1:
        # a main slide is one message: its cards side by side when one column is too short
        for columns in range(2, MAX_CARDS + 1):
            # all on one slide, or not at all: no room kept for a "continued" note
            side_by_side = _paginate(ts, sec, (body.height(), body.height()), columns)
            if len(side_by_side) == 1:
                pages = side_by_side
                break
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
