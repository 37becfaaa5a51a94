"""The briefing as Markdown, from the plan: for e-mail and screen readers.

The title, subtitle, as-of date, caveat, version and checksum; then each tab (its
takeaway, then its sections in the plan's order, every line of every block: charts as
their title, the figures behind them with their sources, and their caption); then every
source's full citation and how to cite the briefing. Speaker notes only when asked for,
as in the handout. No Qt here: ``briefing-app export md`` runs without a display.

Package text is data: every piece of it is escaped (`escape`) so that a renderer shows
it literally. Emphasis, links, images, code, HTML and entities are taken apart by a
backslash before the character that would start them; at the start of a line, the
characters that would begin a heading, list, quote, rule or table are escaped too.
Control characters are dropped and right-to-left text is isolated as on every other view
(`content.text.clean`); a cell's newlines stay line breaks within its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from briefing_app import __version__
from briefing_app.content.blocks import Block, Line
from briefing_app.content.chartdata import figures
from briefing_app.content.plan import TabPlan, plan_of
from briefing_app.content.text import FSI, PDI, briefing_facts, cite_briefing, clean
from briefing_app.export.atomic import refuse_inside_package, write_bytes
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import N_, tr

#: a series with more values than this is summarised under its chart, as in the handout
MAX_LISTED = 40
#: the last two chapters (a tab may be called "Sources" too)
SOURCES, HOW_TO_CITE = N_("All sources, with full citations"), N_("Licence and how to cite")

# -- escaping package text ------------------------------------------------------------------

#: characters that start inline markup anywhere: escapes, code, emphasis, links and images,
#: table cells, strikethrough, headings and their closers; "<" where it would open HTML
#: or an autolink ("x < y" is left alone)
_INLINE = re.compile(r"[\\`*\[\]|~#]|<(?=[\w/!?])")
#: "_" emphasises unless between two letters or digits (snake_case is left alone)
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
#: "&amp;", "&#38;": an entity a renderer would decode
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: what begins a block at the start of a line: an ordered list item ("1. " "1)"), a bullet
#: ("- " "+ "), a quote (">"), a setext underline or a rule ("===", "---", "-- -": dashes
#: with spaces between them are a rule too)
_BLOCK_START = re.compile(
    r"^(?:(\d{1,9})(?=[.)](?:\s|$))|(?=[-+](?:\s|$)|>|[-=]+\s*$|-(?:\s*-)+\s*$))"
)


def escape(line: str) -> str:
    """One line of package text as Markdown that renders as the text itself."""
    s = _INLINE.sub(r"\\\g<0>", line)
    s = _UNDERSCORE.sub(r"\\_", s)
    s = _ENTITY.sub(r"\\&", s)
    return _BLOCK_START.sub(lambda m: (m.group(1) or "") + "\\", s, count=1)


def text_lines(text: object) -> list[str]:
    """*text* as escaped Markdown lines, one per line of the text (blank lines dropped):
    controls removed and right-to-left lines isolated as `clean` does."""
    out: list[str] = []
    for line in clean(text).split("\n"):
        isolated = len(line) >= 2 and line[0] == FSI and line[-1] == PDI
        core = (line[1:-1] if isolated else line).strip()
        if core:
            core = escape(core)
            out.append(f"{FSI}{core}{PDI}" if isolated else core)
    return out


def inline(text: object) -> str:
    """*text* on one line (a heading, a label): its lines joined by spaces."""
    return " ".join(text_lines(text))


def paragraph(text: object, *, lead: str = "", wrap: str = "", prefix: str = "") -> str:
    """*text* as one paragraph, its lines kept as line breaks; *lead* (Markdown) before it,
    *wrap* around it ("*" for emphasis), *prefix* before every line ("> " for a quote,
    spaces for a list item's continuation)."""
    lines = text_lines(text)
    if not lines:
        return ""
    body = ("\\\n" + prefix).join(lines)
    return f"{prefix}{lead}{wrap}{body}{wrap}"


def heading(text: object, level: int) -> str:
    return "#" * min(max(level, 1), 6) + " " + (inline(text) or "\\-")


def list_item(marker: str, text: object, *, lead: str = "") -> str:
    """One item of a list: "- text" or "3. text", continuation lines indented under it."""
    indent = " " * (len(marker) + 1)
    body = paragraph(text, lead=lead, prefix=indent)
    if not body:
        return ""
    return marker + " " + body[len(indent) :]


def strong(text: object) -> str:
    body = inline(text)
    return f"**{body}**" if body else ""


# -- the briefing ---------------------------------------------------------------------------


def markdown(b: Briefing, *, notes: bool = False) -> str:
    """The whole briefing as one Markdown document."""
    plan = plan_of(b)
    out: list[str] = [heading(b.title, 1)]
    out.append(paragraph(b.subtitle))
    out.append(paragraph(tr("As of {date}").format(date=fmt_date(b.as_of)), wrap="**"))
    out.append(paragraph(b.caveat, wrap="**"))
    facts = [*briefing_facts(b), (tr("Exported with"), f"Briefing Viewer {__version__}")]
    out.append("\n".join(list_item("-", value, lead=f"**{label}:** ") for label, value in facts))
    out.append(heading(tr("Contents"), 2))
    titles = [tp.title for tp in plan.tabs] + [tr(SOURCES), tr(HOW_TO_CITE)]
    out.append("\n".join(list_item(f"{k}.", title) for k, title in enumerate(titles, start=1)))
    memo: dict[tuple[int, int], list[str]] = {}
    for tp in plan.tabs:
        out += tab(tp, notes=notes, memo=memo)
    out += sources(b)
    return "\n\n".join(p for p in out if p) + "\n"


def tab(
    tp: TabPlan, *, notes: bool = False, memo: dict[tuple[int, int], list[str]] | None = None
) -> list[str]:
    """A tab: its title and takeaway, then its sections in the plan's order.  *memo*
    keeps each block's Markdown: tabs that list the same items share their blocks
    (`Plan.in_section`), and 50 tabs of the same 2,000 items escaped each 50 times."""
    memo = {} if memo is None else memo
    out = [heading(tp.title, 2), paragraph(tp.takeaway, lead="**" + tr("Takeaway:") + "** ")]
    for section in tp.sections:
        level = 3
        if section.title:
            out.append(heading(section.title, 3))
            level = 4
        for b in section.blocks:
            key = (id(b), level)
            if key not in memo:
                memo[key] = block(b, level)
            out += memo[key]
    if notes and tp.notes:
        out += [heading(tr("Speaker notes"), 3), paragraph(tp.notes)]
    return out


def block(b: Block, level: int) -> list[str]:
    """A block: its heading line as a heading, its badges in words, a chart's figures,
    then each of its lines by its role; blocks attached to it after it, a level down."""
    lines = list(b.lines)
    out: list[str] = []
    if b.is_item and lines and lines[0].role == "heading":
        out.append(heading(lines.pop(0).text, level))
    if b.badges:
        out.append(" · ".join(strong(text) for text, _tone in b.badges))
    if b.chart is not None:
        items = []
        for f in figures(b.chart, MAX_LISTED):
            lead = f"**{inline(f.label)}:** " if f.label else ""
            source = tr(" — Source: {source}").format(source=f.attribution) if f.attribution else ""
            items.append(list_item("-", f.values + source, lead=lead))
        out.append("\n".join(i for i in items if i))
    out += line_paragraphs(lines)
    for other in b.attached:
        out += block(other, level + 1)
    return out


#: how a line of each role is set (a detail line is an item of a list)
_WRAP = {"muted": "*", "heading": "**"}


def line_paragraphs(lines: Sequence[Line]) -> list[str]:
    out: list[str] = []
    details: list[str] = []
    for ln in lines:
        if ln.role == "detail":
            details.append(list_item("-", ln.text.removeprefix("• ")))
            continue
        if details:
            out.append("\n".join(d for d in details if d))
            details = []
        if ln.role == "quote":
            out.append(paragraph(ln.text, prefix="> "))
        else:
            out.append(paragraph(ln.text, wrap=_WRAP.get(ln.role, "")))
    if details:
        out.append("\n".join(d for d in details if d))
    return out


def sources(b: Briefing) -> list[str]:
    """Every source with its full citation, then the licence and how to cite."""
    out = [
        heading(tr(SOURCES), 2),
        tr("Every source of this briefing with its full citation."),
    ]
    items = []
    for k, src in enumerate(b.sources.values(), start=1):
        text = tr("{citation} (id: {id})").format(citation=src.citation(), id=src.id)
        if src.note:
            text += "\n" + src.note
        if src.id == b.source_article:
            text += "\n" + tr("The briefing's source article.")
        items.append(list_item(f"{k}.", text))
    out.append("\n".join(i for i in items if i))
    out += [
        heading(tr(HOW_TO_CITE), 2),
        paragraph(
            tr("Licence of the data: {licence}.").format(licence=b.licence or tr("not stated"))
        ),
        paragraph(cite_briefing(b)),
    ]
    return out


# -- writing --------------------------------------------------------------------------------


def write_markdown(
    b: Briefing, target: str | Path, *, force: bool = False, notes: bool = False
) -> Path:
    """Write the briefing as Markdown (UTF-8) to *target*, atomically and read back
    (`atomic.write_bytes`)."""
    return write_bytes(markdown(b, notes=notes).encode("utf-8"), Path(target), force=force)


def export(args, b: Briefing, theme=None) -> list[Path]:
    """``briefing-app export md OUT.md [--notes]`` (registered in `export.formats`)."""
    refuse_inside_package(b.location, Path(args.out))
    out = write_markdown(b, args.out, force=args.force, notes=getattr(args, "notes", False))
    return [out]
