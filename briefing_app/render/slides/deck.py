"""The deck for one screen: the plan's sections measured and cut into slides.

`build_deck` measures every card with the same widgets that draw it (`layout.CardWidget`)
and every slide's frame with its view (`view.SlideView`), so what was measured is what is
shown.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from briefing_app.content.slides import (
    CONTINUED,
    Block,
    Slide,
    block_sources,
    number_slides,
    paginate,
    plan_sections,
)
from briefing_app.model.briefing import Briefing
from briefing_app.render.slides.layout import CardWidget, Metrics, stylesheet
from briefing_app.render.slides.view import SlideView
from briefing_app.render.themes import Theme


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

    def frame(self, slide: Slide):
        """The slide's frame (header, title, takeaway, sources, footer) without its body."""
        view = SlideView(slide, self.briefing, self.theme, self.m, build_body=False)
        info = (QRect(view.body_rect), view.continues_height)
        view.deleteLater()
        return info

    def close(self) -> None:
        self.probe.deleteLater()


#: a chart gets at least this share of the slide's height, or the takeaway moves to its own slide
MIN_CHART_SHARE = 0.32


def build_deck(briefing: Briefing, theme: Theme, width: int, height: int) -> list[Slide]:
    """All slides of *briefing*, cut to fit a screen of width x height logical pixels."""
    ts = Typesetter(briefing, theme, width, height)
    m = ts.m
    slides: list[Slide] = []
    try:
        for sec in plan_sections(briefing):
            common = {
                "heading": sec.heading,
                "notes": sec.notes,
                "tab_index": sec.tab_index,
                "tab_id": sec.tab_id,
            }
            if sec.kind in ("title", "timeline", "chart"):
                slide = Slide(
                    sec.kind,
                    subheading=sec.subheading,
                    takeaway=sec.takeaway,
                    chart=sec.chart,
                    side=sec.side,
                    caption=sec.caption,
                    columns=(sec.blocks,) if sec.blocks else (),
                    sources=sec.sources,
                    block=sec.block,
                    **common,
                )
                moved: tuple[Block, ...] = ()
                if slide.side is not None:
                    body, _ = ts.frame(slide)
                    if ts.height(slide.side, m.side_width) > body.height():
                        moved, slide = (slide.side,), replace(slide, side=None)
                if slide.takeaway and sec.kind != "title":
                    body, _ = ts.frame(slide)
                    if body.height() < MIN_CHART_SHARE * m.height:
                        slides.append(Slide("takeaway", takeaway=slide.takeaway, **common))
                        slide = replace(slide, takeaway="")
                slides.append(slide)
                if moved:
                    slides += _cards(ts, sec.heading, "", moved, common)
            else:
                slides += _cards(ts, sec.heading, sec.takeaway, sec.blocks, common)
    finally:
        ts.close()
    return number_slides(slides)


def _cards(ts: Typesetter, heading: str, takeaway: str, blocks, common: dict) -> list[Slide]:
    m = ts.m
    out: list[Slide] = []
    first = Slide("cards", takeaway=takeaway, sources=("x",), **common)
    body0, cont = ts.frame(first)
    if takeaway and blocks and body0.height() - cont < 0.3 * m.height:
        out.append(Slide("takeaway", takeaway=takeaway, **common))
        first = replace(first, takeaway="")
        body0, cont = ts.frame(first)
    rest = replace(first, takeaway="")
    body1, _ = ts.frame(rest)
    width = m.column_width

    def capacity(page: int) -> float:
        return (body0 if page == 0 else body1).height() - cont

    pages = paginate(
        blocks, lambda b: ts.height(b, width), capacity, m.columns, gap=m.card_gap
    ) or [()]
    for k, cols in enumerate(pages):
        nxt = pages[k + 1] if k + 1 < len(pages) else None
        first_next = nxt[0][0] if nxt and nxt[0] else None
        continues = bool(
            first_next is not None
            and first_next.is_heading
            and first_next.lines[0].text.endswith(CONTINUED)
        )
        flat = [b for c in cols for b in c]
        out.append(
            replace(
                first if k == 0 else rest,
                columns=tuple(cols),
                sources=block_sources(flat),
                continues=continues,
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
    area.setWindowTitle(f"Slides at {w}x{h}")
    area.show()
    raise SystemExit(app.exec())


if __name__ == "__main__":
    _preview()
