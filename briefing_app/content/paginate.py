"""Cutting a flow of cards into slides, without Qt: blocks in order down columns, at most
so many cards and words a slide, a heading kept with its block, a block too tall for a
slide split at a word with an explicit "Continued on the next slide" line: nothing is
dropped silently. How tall a block is depends on the screen, so the caller passes a
measuring function; this module never guesses a size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from briefing_app.content.blocks import Block, Line
from briefing_app.content.slide_forms import body_words
from briefing_app.model.i18n import N_, tr

CONTINUES = N_("Continued on the next slide")
CONTINUED = N_("(continued)")


def heading_block(text: str) -> Block:
    return Block("section", (Line(text, "section"),), section=text)


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


def is_continued(block: Block) -> bool:
    """Whether *block* is the second or a later part of a block cut across slides."""
    return len(block.lines) > 1 and block.lines[0] == Line(tr(CONTINUED), "muted")


def content_length(block: Block) -> int:
    """Characters of the block's text, without the "(continued)" line a split part starts with."""
    lines = block.lines[1:] if is_continued(block) else block.lines
    return sum(len(ln.text) for ln in lines if ln.role != "continues")


def split_block(block: Block, height: Measure, room: float) -> tuple[Block, Block]:
    """Cut *block* at a word so that the first part, ending in CONTINUES, fits in *room*.

    A word longer than `PIECE` may be cut inside it. The first part always takes at least one
    character of the text (even if it then does not fit), so splitting again and again ends.
    A block of a single piece cannot be split: the tail is then empty (only "(continued)").
    """
    lead = block.lines[:1] if is_continued(block) else ()
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
        lines = part(words[:k], lead, (Line(tr(CONTINUES), "continues"),))
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
    tail = replace(block, lines=part(words[best:], (Line(tr(CONTINUED), "muted"),), ()), badges=())
    return head(best), tail


def _page_full(
    b: Block, cards: int, words: int, max_cards: int | None, max_words: int | None
) -> bool:
    """Whether a page holding *cards* items and *words* words takes no more *b*."""
    if b.is_heading or not (cards or words):
        return False
    if max_cards is not None and b.is_item and cards >= max_cards:
        return True
    return max_words is not None and words + body_words(b) > max_words


def paginate(
    blocks: Sequence[Block],
    height: Measure,
    capacity: Callable[[int], float],
    columns: int = 2,
    gap: float = 0.0,
    *,
    max_cards: int | None = None,
    max_words: int | None = None,
    repeat_headings: bool = True,
) -> list[tuple[tuple[Block, ...], ...]]:
    """Cut a flow of blocks into pages of *columns* columns, each at most ``capacity(page)`` high.

    Blocks keep their order, reading down each column. A section heading is never the last
    block of a column; a page that starts in the middle of a section repeats its heading,
    marked "(continued)" (unless not *repeat_headings*: the slide's title names it); a
    block taller than a whole column is split (`split_block`).
    A page holds at most *max_cards* items and, past its first block, at most *max_words*
    words of body text (`slide_forms.body_words`).
    """
    queue = list(blocks)
    pages: list[tuple[tuple[Block, ...], ...]] = []
    parts = 1  # parts the block at the head of the queue has been cut into so far
    while queue:
        cap = capacity(len(pages))
        first = queue[0]
        if repeat_headings and pages and not first.is_heading and first.section:
            queue.insert(0, heading_block(f"{first.section} {tr(CONTINUED)}"))
        cols: list[tuple[Block, ...]] = []
        cards = words = 0
        for _ in range(columns):
            col: list[Block] = []
            used = 0.0
            full = False
            while queue:
                b = queue[0]
                if _page_full(b, cards, words, max_cards, max_words):
                    full = True
                    break
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
                        cards += b.is_item
                        words += body_words(b)
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
            if not queue or full:
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
