"""Type and spacing of slides for a given screen, the slide stylesheet and cards.

Type is set for the back of the room, as shares of the screen's height (`SHARES`):
slide titles at least 6 %, body text, card figures and chart data labels at least
4.4 % (24 pt on a 7.5-inch-high slide), everything else at least 3.3 % (18 pt), and
only the footer line (source, caveat, number) down to 2.5 %.  Every size is in logical
pixels derived from the screen's height, so a slide looks the same at 1024x768,
1280x720, 1920x1080 and at 3840x2160 with a device pixel ratio of 2. Fonts get pixel
sizes (not points), so the result does not depend on the screen's DPI, nor on the
theme, which gives the colours and the font family.

Positions are computed, not left to QLayouts: the same code measures a card when
the deck is cut into slides and places it on the slide, so what was measured is
what is shown, and nothing is squeezed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from briefing_app.content.blocks import Block
from briefing_app.content.text import breakable
from briefing_app.render.themes import Theme

REFERENCE_HEIGHT = 1080
#: the least size of each kind of text, as a share of the screen's height
SHARES = {"title": 0.06, "body": 0.044, "other": 0.033, "footer": 0.025}
#: sizes are rounded up from a little above the floor, so that a rounding anywhere on the
#: way (a PDF's font size in points) never lands under it
HEADROOM = 1.02
#: a theme point in pixels on a 1080-pixel-high screen (charts convert their point sizes)
PX_PER_PT = 1.6
#: slides break unspaced runs (addresses) longer than this, after punctuation
SLIDE_RUN = 24

#: label object names per line role (see `stylesheet`)
ROLE_NAMES = {
    "heading": "s_card_heading",
    "body": "s_body",
    "quote": "s_quote",
    "figures": "s_figures",
    "muted": "s_muted",
    "source": "s_source",
    "section": "s_section",
    "continues": "s_continues",
}


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes of a slide on a screen of ``width`` x ``height`` logical pixels."""

    theme: Theme
    width: int
    height: int

    @property
    def unit(self) -> float:
        """Spacing scale: 1.0 on a 1080-pixel-high screen."""
        return self.height / REFERENCE_HEIGHT

    def share(self, kind: str) -> int:
        """Pixels of the text kind *kind* ("title", "body", "other", "footer")."""
        return math.ceil(SHARES[kind] * HEADROOM * self.height)

    def sp(self, pixels_at_1080: float) -> int:
        return max(1, round(pixels_at_1080 * self.unit))

    @cached_property
    def title(self) -> int:
        return self.share("title")

    @cached_property
    def body(self) -> int:
        return self.share("body")

    @cached_property
    def small(self) -> int:
        """Everything that is neither title, body nor footer: kickers, legends, axes."""
        return self.share("other")

    @cached_property
    def footer(self) -> int:
        return self.share("footer")

    @property
    def axis(self) -> int:
        return self.small

    @property
    def takeaway(self) -> int:
        return self.body

    @property
    def subheading(self) -> int:
        return self.small

    @property
    def margin_x(self) -> int:
        return self.sp(56)

    @property
    def margin_y(self) -> int:
        return self.sp(30)

    @property
    def gap(self) -> int:
        return self.sp(16)

    @property
    def small_gap(self) -> int:
        return self.sp(8)

    @property
    def card_pad(self) -> int:
        return self.sp(16)

    @property
    def card_gap(self) -> int:
        return self.sp(16)

    @property
    def border(self) -> int:
        return max(1, self.sp(2))

    @property
    def content_width(self) -> int:
        return self.width - 2 * self.margin_x

    @property
    def column_gap(self) -> int:
        return self.sp(32)

    def chart_theme(self) -> Theme:
        """The theme scaled so that its point sizes, read at 96 dpi, give this slide's pixels.

        `SlideView` then converts every font in the chart to pixels at 96/72 and sets each
        kind of chart text to its share (`render.slides.charts`); pen widths scale too.
        """
        return self.theme.scaled(PX_PER_PT * self.unit * 72 / 96)


def stylesheet(theme: Theme, m: Metrics) -> str:
    """The stylesheet of a slide: set on the slide, it wins over the application's."""
    pv, ph, r = m.sp(3), m.sp(9), m.sp(6)
    fam = theme.font_family
    return f"""
QWidget#slide {{ background: {theme.background}; }}
QLabel {{ background: transparent; color: {theme.text}; font-family: "{fam}";
    font-size: {m.body}px; font-weight: 400; font-style: normal; padding: 0; border: 0;
    margin: 0; }}
QLabel#s_meta {{ color: {theme.muted}; font-size: {m.small}px; font-weight: 600; }}
QLabel#s_kicker {{ color: {theme.accent}; font-size: {m.small}px; font-weight: 700; }}
QLabel#s_heading {{ font-size: {m.title}px; font-weight: 700; }}
QLabel#s_title_heading {{ font-size: {round(m.title * 1.3)}px; font-weight: 700; }}
QLabel#s_subheading {{ color: {theme.muted}; font-size: {m.small}px; font-weight: 600; }}
QLabel#s_takeaway {{ font-size: {m.body}px; font-weight: 600; }}
QLabel#s_big_takeaway {{ font-size: {m.body}px; font-weight: 600; }}
QLabel#s_body {{ font-size: {m.body}px; }}
QLabel#s_figures {{ font-size: {m.body}px; font-weight: 700; }}
QLabel#s_card_heading {{ font-size: {m.body}px; font-weight: 700; }}
QLabel#s_quote {{ font-size: {m.body}px; font-style: italic; }}
QLabel#s_muted {{ color: {theme.muted}; font-size: {m.small}px; }}
QLabel#s_source {{ color: {theme.muted}; font-size: {m.small}px; }}
QLabel#s_direct {{ font-size: {m.small}px; font-weight: 700; }}
QLabel#s_key {{ color: {theme.text}; font-size: {m.small}px; }}
QLabel#s_footer_source {{ color: {theme.muted}; font-size: {m.footer}px; }}
QLabel#s_section {{ color: {theme.accent}; font-size: {m.small}px; font-weight: 700; }}
QLabel#s_continues, QLabel#s_continues_note {{ color: {theme.muted}; font-size: {m.small}px;
    font-weight: 600; font-style: italic; }}
QLabel#s_legend {{ color: {theme.text}; font-size: {m.small}px; }}
QLabel#s_swatch {{ font-size: {m.small}px; }}
QLabel#s_number {{ font-size: {m.footer}px; font-weight: 700; }}
QLabel#s_as_of {{ font-size: {m.body}px; font-weight: 700; }}
QLabel#s_caveat {{ color: {theme.bad_text}; background: {theme.bad_bg}; font-size: {m.footer}px;
    font-weight: 700; padding: {pv}px {ph}px; border-radius: {r}px; }}
QLabel#s_badge_ok {{ color: {theme.ok_text}; background: {theme.ok_bg}; font-size: {m.small}px;
    font-weight: 700; padding: {pv}px {ph}px; border-radius: {r}px; }}
QLabel#s_badge_warn {{ color: {theme.warning_text}; background: {theme.warning_bg};
    font-size: {m.small}px; font-weight: 700; padding: {pv}px {ph}px; border-radius: {r}px; }}
QLabel#s_badge_bad {{ color: {theme.bad_text}; background: {theme.bad_bg}; font-size: {m.small}px;
    font-weight: 700; padding: {pv}px {ph}px; border-radius: {r}px; }}
QFrame#s_card {{ background: {theme.surface}; border: {m.border}px solid {theme.border};
    border-radius: {m.sp(8)}px; }}
QFrame#s_heading_box {{ background: transparent; border: 0; }}
"""


def make_label(parent: QWidget, text: str, name: str, *, wrap: bool = True) -> QLabel:
    """A plain-text label (package text is never read as HTML)."""
    lab = QLabel(parent)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setObjectName(name)
    lab.setWordWrap(wrap)
    lab.setText(breakable(text, SLIDE_RUN, SLIDE_RUN) if wrap else text)
    lab.setAccessibleName(text[:200])
    return lab


def place(lab: QLabel, x: int, y: int, width: int) -> int:
    """Give a wrapping label *width* and the height its text needs; return that height."""
    lab.ensurePolished()
    h = lab.heightForWidth(width) if lab.wordWrap() else lab.sizeHint().height()
    lab.setGeometry(x, y, width, h)
    return h


def place_fit(lab: QLabel, x: int, y: int, max_width: int, right: bool = False) -> QRect:
    """Place a label at its natural width, wrapping only if it is wider than *max_width*."""
    lab.ensurePolished()
    lab.setWordWrap(False)
    hint = lab.sizeHint()
    if hint.width() <= max_width:
        w, h = hint.width(), hint.height()
    else:
        lab.setWordWrap(True)
        w, h = max_width, lab.heightForWidth(max_width)
    rect = QRect(x + (max_width - w if right else 0), y, w, h)
    lab.setGeometry(rect)
    return rect


class CardWidget(QFrame):
    """One block (check, quote, claim…) laid out for *width*; its height follows its text."""

    def __init__(self, block: Block, m: Metrics, width: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.block = block
        self.labels: list[QLabel] = []
        if block.is_heading:
            self.setObjectName("s_heading_box")
            lab = make_label(self, block.lines[0].text, "s_section")
            h = place(lab, 0, 0, width)
            self.labels.append(lab)
            self.resize(width, h + m.small_gap)
            return
        self.setObjectName("s_card")
        # as a card of the window: its title, then every line
        self.setAccessibleName(block.title[:200])
        self.setAccessibleDescription(block.text[:1000])
        pad = m.card_pad
        inner = width - 2 * pad
        y = pad
        if block.badges:
            x, row_h = pad, 0
            for text, kind in block.badges:
                lab = make_label(self, text, f"s_badge_{kind}", wrap=False)
                self.labels.append(lab)
                lab.ensurePolished()
                hint = lab.sizeHint()
                if x > pad and x + hint.width() > pad + inner:
                    x, y, row_h = pad, y + row_h + m.small_gap, 0
                r = place_fit(lab, x, y, pad + inner - x)
                x += r.width() + m.small_gap
                row_h = max(row_h, r.height())
            y += row_h + m.small_gap
        for line in block.lines:
            lab = make_label(self, line.text, ROLE_NAMES.get(line.role, "s_body"))
            self.labels.append(lab)
            y += place(lab, pad, y, inner) + m.sp(5)
        y += pad - m.sp(5)
        self.resize(width, y)
