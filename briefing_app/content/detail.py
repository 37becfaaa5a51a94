"""What the presenter view says about the slide on screen, as plain text: the whole of
each item the slide shows (a check's formula, both numbers and the attribution chain;
a chart's figures and whom each comes from; the notes), the tab's takeaway and speaker
notes, and the full citation of every source behind the slide.  The slide shows the
message; this is the detail for the questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_app.content.blocks import Block
from briefing_app.content.chartdata import figure_lines
from briefing_app.content.slides import Slide
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import tr


@dataclass(frozen=True)
class DetailPart:
    """One part of the detail: its heading and its lines."""

    heading: str
    lines: tuple[str, ...]


def _block_lines(block: Block) -> list[str]:
    """The block's badges and lines, but its title (the part's heading)."""
    lines = [f"[{text}]" for text, _tone in block.badges]
    title = block.title
    lines += [ln.text for k, ln in enumerate(block.lines) if not (k == 0 and ln.text == title)]
    if block.chart is not None:
        lines += [f"• {f}" for f in figure_lines(block.chart)]
    return lines


def slide_detail(slide: Slide, b: Briefing) -> list[DetailPart]:
    """The detail of *slide* (see the module's docstring), part by part."""
    parts: list[DetailPart] = []
    for block in slide.details:
        parts.append(DetailPart(block.title, tuple(_block_lines(block))))
    tab = b.tabs[slide.tab_index] if 0 <= slide.tab_index < len(b.tabs) else None
    if tab is not None and tab.takeaway:
        parts.append(DetailPart(tr("Takeaway of {tab}").format(tab=tab.title), (tab.takeaway,)))
    if slide.notes:
        parts.append(DetailPart(tr("Speaker notes"), (slide.notes,)))
    ids = list(dict.fromkeys(i for block in slide.details for i in block.source_ids))
    cited = [b.sources[i].citation() for i in ids if i in b.sources]
    if cited:
        parts.append(DetailPart(tr("Sources"), tuple(cited)))
    elif slide.sources:
        parts.append(DetailPart(tr("Sources"), slide.sources))
    return parts


def detail_text(slide: Slide, b: Briefing) -> str:
    """`slide_detail` as one plain text, parts apart."""
    return "\n\n".join(
        "\n".join([p.heading, *p.lines]) if p.heading else "\n".join(p.lines)
        for p in slide_detail(slide, b)
    )


def backup_entry(slide: Slide, b: Briefing) -> str:
    """A backup slide in the presenter's list: its number, tab, title and what it shows."""
    tab = b.tabs[slide.tab_index].title if 0 <= slide.tab_index < len(b.tabs) else ""
    if slide.kind == "takeaway":
        return tr("{number}  {tab} · takeaway: {takeaway}").format(
            number=slide.number, tab=tab, takeaway=slide.takeaway
        )
    shown = [d.title for d in slide.details if d.chart is None]
    what = f": {'; '.join(shown)}" if shown else ""
    return f"{slide.number}  {tab} · {slide.heading}{what}"
