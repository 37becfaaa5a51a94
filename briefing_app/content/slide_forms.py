"""A block as a slide shows it: its message in large type, the rest left to the presenter
view and the handout.

A slide carries the figures and who said them; the formula, the attribution chain, the
notes and the small print stay in the plan's block, which the presenter view shows whole
for the slide on screen (`Slide.details`).  The choice is made by each block's structure
(its lines' roles, its item), never by reading its text:

* a check: its title, its figures in one line ("Reported 125,800 people · Computed
  125,790 · −10 · does not hold") and who reported it (the block's first source line);
* a quote: the words, who said them and the source (not the note);
* a claim: what the source article says and who actually said it (not the cross-check);
* a position: the party's position and its source (not the article's wording);
* a poll: the question, pollster, fieldwork and sample (not the method and the note);
* an event: its date and title and its sources (not the description);
* a source: its name; its citation and what relies on it in small type (not the list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from briefing_app.content.blocks import Block, Line, judgement_badge
from briefing_app.model.fmt import TIGHT_UNITS, fmt_number, fmt_signed, with_unit
from briefing_app.model.i18n import tr
from briefing_app.model.types import CheckResult, Claim

#: the role of a check's figures line: body type, bold
FIGURES = "figures"
#: the roles that count as body text on a slide (the word budget, the type size)
BODY_ROLES = frozenset({"heading", "body", "quote", FIGURES})


def check_figures(c: CheckResult) -> str:
    """A check's figures in one line: "Reported 125,800 people · Computed 125,790 · −10 ·
    does not hold"; a derivation: "Computed 22 × 31 + 27 × 30 = 1,492 km²"."""
    if c.reported is None:
        return tr("Computed {figures}").format(figures=with_unit(c.computed_text, c.unit))
    computed = fmt_number(c.computed, c.decimals)
    if c.unit.strip() in TIGHT_UNITS:
        computed = with_unit(computed, c.unit)
    diff = fmt_signed(c.difference or 0.0, c.decimals)
    return tr("Reported {reported} · Computed {computed} · {difference} · {judgement}").format(
        reported=c.reported_text, computed=computed, difference=diff, judgement=c.judgement_text
    )


def _first_source(block: Block) -> list[Line]:
    return [next(ln for ln in block.lines if ln.role == "source")] if _has_source(block) else []


def _has_source(block: Block) -> bool:
    return any(ln.role == "source" for ln in block.lines)


def _check(block: Block) -> Block:
    c = block.item
    if not isinstance(c, CheckResult):
        return block
    # the judgement is in the figures line; a badge such as "uses a later figure" stays
    badges = tuple(b for b in block.badges if b != judgement_badge(c.judgement))
    lines = [block.lines[0], Line(check_figures(c), FIGURES), *_first_source(block)]
    return replace(block, lines=tuple(lines), badges=badges)


def _up_to_source(block: Block) -> Block:
    """The lines up to and including the first source line (a quote: not its note)."""
    if not _has_source(block):
        return block
    end = next(k for k, ln in enumerate(block.lines) if ln.role == "source")
    return replace(block, lines=block.lines[: end + 1])


def _claim(block: Block) -> Block:
    c = block.item
    if not isinstance(c, Claim) or not c.cross_check:
        return block
    # the claim's lines: the claim, then one line for each of its texts that is given,
    # the cross-check last of them
    cross = sum(bool(t) for t in (c.article_says, c.actually_said, c.cross_check))
    return replace(block, lines=block.lines[:cross] + block.lines[cross + 1 :])


def _without(*roles: str) -> Callable[[Block], Block]:
    def keep(block: Block) -> Block:
        return replace(block, lines=tuple(ln for ln in block.lines if ln.role not in roles))

    return keep


def _head_and_sources(first: int) -> Callable[[Block], Block]:
    """The first *first* lines and the source lines (the rest is small print)."""

    def keep(block: Block) -> Block:
        rest = tuple(ln for ln in block.lines[first:] if ln.role == "source")
        return replace(block, lines=block.lines[:first] + rest)

    return keep


def _source(block: Block) -> Block:
    """A source: its name large, its citation and what relies on it in one line small
    (reference for the questions, not the message)."""
    head, rest = block.lines[:1], block.lines[1:]
    cite = tuple(Line(ln.text, "source", ln.cite) for ln in rest[:1])
    uses = tuple(
        Line(ln.text.removesuffix(":"), ln.role, ln.cite) for ln in rest[1:] if ln.role == "source"
    )
    return replace(block, lines=head + cite + uses)


_FORMS: dict[str, Callable[[Block], Block]] = {
    "check": _check,
    "quote": _up_to_source,
    "claim": _claim,
    "position": _without("muted", "detail"),
    # question, pollster, fieldwork, sample
    "poll": _head_and_sources(4),
    # date and title
    "event": _head_and_sources(1),
    "source": _source,
}


def slide_form(block: Block) -> Block:
    """*block* as a slide shows it (see the module's docstring); the same block, whose
    `item`, id and sources are kept, so the slide still names what it shows."""
    form = _FORMS.get(block.kind, _without("detail"))
    return _without("detail")(form(block))


def body_words(block: Block) -> int:
    """Words of body text in a block (not its source lines, small print or badges)."""
    return sum(len(ln.text.split()) for ln in block.lines if ln.role in BODY_ROLES)
