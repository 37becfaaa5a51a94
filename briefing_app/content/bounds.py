"""How much of a briefing the bounded views print, and the line that says where the rest is.

The window shows every item of every tab (it builds a tab when it is opened).  The
handout, the tab images and the slides are made whole, every tab at once, so a package
at the format's limits (50 tabs each listing 2,000 items, 2,000 sources, 2,000 failing
checks: `model.limits`) made a handout of 3,000 pages in minutes and gigabytes, and a
deck of 33,000 slides that never finished.  These views print a bounded share of each
tab's items and say, in a line where the rest would be, how many are left out and where
they are: nothing is left out silently.  A real briefing stays far inside these bounds
(the bundled one has 7 tabs, at most 23 items in a section and 58 figures), so they change
nothing for it.

`share_out` divides a budget among parts (the sections of a tab, the tabs of a briefing)
so that each part gets an equal share and what a small part leaves goes to the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing_app.model.i18n import N_

#: where items a bounded view leaves out are, in words (a handout's section, a tab image,
#: a tab's backup slides)
LISTED_ELSEWHERE = N_(
    "the window, the Markdown export (export md) and the data export (export csv) list them all"
)

# -- the handout -------------------------------------------------------------------------
#: cards one section of a tab prints at most (its checks, its quotes, ...)
HANDOUT_SECTION_CARDS = 60
#: cards the handout's tabs print together: each tab gets an equal share (at least
#: `HANDOUT_TAB_CARDS_MIN`), and a section of it at most `HANDOUT_SECTION_CARDS`
HANDOUT_CARDS = 1_000
HANDOUT_TAB_CARDS_MIN = 20
#: checks whose figures disagree the title page lists
HANDOUT_FINDINGS = 40
#: sources the last pages cite in full
HANDOUT_SOURCES = 500
#: lines of figures under a chart (a series and source each)
CHART_FIGURE_LINES = 12

# -- the slides ---------------------------------------------------------------------------
#: items the backup slides and the appendix show together (three to a slide at most);
#: each tab gets an equal share, at least `BACKUP_TAB_ITEMS_MIN`
BACKUP_ITEMS = 100
BACKUP_TAB_ITEMS_MIN = 2

# -- the tab images ------------------------------------------------------------------------
#: handout pages all tab images of a briefing are long together (each image is a tab as one
#: long page, A4 wide), in the tabs' order: each tab may take an equal share of what the
#: tabs before it left (at least `TAB_IMAGE_PAGES_MIN`), so that a long tab after short
#: ones (the sources, last) has their room.  At the default width, 1,920 pixels, a page is
#: 2,715 pixels: 40 pages are ~210 megapixels to paint and compress.  The bundled
#: briefing's seven tab images are 18.5 pages together, the longest (its sources) 4.8.
TAB_IMAGES_PAGES = 40
TAB_IMAGE_PAGES_MIN = 0.8


def share_out(counts: Sequence[int], budget: int, cap: int | None = None) -> list[int]:
    """How many of each part's *counts* to keep, at most *budget* in all and *cap* a part:
    an equal share each, and what a part needs less than its share goes to the others
    (so parts that fit are kept whole).  ``share_out([5, 100, 100], 60) == [5, 27, 28]``:
    the parts after the first split what it leaves, the later ones taking any remainder.
    """
    if budget < 0:
        raise ValueError(f"a budget of {budget}")
    want = [max(0, min(n, cap)) if cap is not None else max(0, n) for n in counts]
    out = [0] * len(want)
    left = budget
    # the smallest first: each takes at most an equal share of what is left
    order = sorted(range(len(want)), key=lambda i: (want[i], i))
    for k, i in enumerate(order):
        share = left // (len(order) - k)
        out[i] = min(want[i], share)
        left -= out[i]
    # what integer division left over goes to the parts still short, the last first
    for i in reversed(range(len(want))):
        if left <= 0:
            break
        extra = min(want[i] - out[i], left)
        out[i] += extra
        left -= extra
    return out


def per_part(parts: int, budget: int, least: int) -> int:
    """An equal share of *budget* among *parts*, but at least *least*."""
    return max(least, budget // max(1, parts))
