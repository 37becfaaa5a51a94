"""What a package says about its talk: each tab's main-deck slides (``"main"``) and the
planned length of the talk (``"duration"``), read and checked.

A tab's ``main`` lists the slides the tab contributes to the main deck, each one
message: an item reference (``"chart:casualties-monthly"``), or an object with the
items one slide shows together and its title, the takeaway in words::

    "main": [
      "chart:casualties-monthly",
      {"title": "125,800 is ISW's estimate, not a sum of the months",
       "items": ["check:cas-article-sum", "check:cas-gs-sum"]}
    ]

Everything else the tab shows goes to backup slides; a tab without ``main`` gets a
default (`briefing_app.content.deckplan`). Problems are located like every other
descriptor problem: ``datapackage.json:briefing.tabs[0].main[1].items[0]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from briefing_app.model import kinds
from briefing_app.model.briefing import Briefing
from briefing_app.model.context import LoadContext, short
from briefing_app.model.i18n import msg, nmsg
from briefing_app.model.jsonio import json_kind
from briefing_app.model.types import Chart, MainSlide

#: slides a tab may put in the main deck: the story of a tab in two or three slides
MAX_MAIN_SLIDES = 3
#: items on one main slide (a chart has a slide of its own)
MAX_SLIDE_ITEMS = 3
#: a slide title is read from the back of the room: a line or two of large type
MAX_SLIDE_TITLE = 90
#: the kinds an item reference may name, "chart" and each item kind's singular
REF_KINDS: dict[str, str] = {"chart": "charts", **{k.singular: k.key for k in kinds.ITEM_KINDS}}

#: the talk's length: at least a minute, at most a working day
MIN_DURATION_S = 60
MAX_DURATION_S = 12 * 3600
_DURATION = re.compile(
    r"\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s)?\s*", re.I
)
_CLOCK = re.compile(r"\s*(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>\d{2})\s*")
DURATION_HELP = msg('minutes ("20"), "20m", "1h30m", "90s" or "25:00"')


def leading_chart_id(tab_id: str) -> str:
    """The id a reference names a tab's leading chart by (a timeline tab's events)."""
    return f"{tab_id}.timeline"


def split_ref(ref: str) -> tuple[str, str] | None:
    """("check", "cas-article-sum") of "check:cas-article-sum"; None if it is no reference."""
    kind, sep, item = ref.partition(":")
    if not sep or kind not in REF_KINDS or not item:
        return None
    return kind, item


def shown_ids(
    b: Briefing, tab_id: str, tab_kind: str, charts: tuple[Chart, ...], refs: Mapping[str, tuple]
) -> dict[str, set[str]]:
    """The ids a tab shows, by reference kind: the charts it draws (its leading chart too)
    and the items it lists, or every one of a kind its tab kind shows whole."""
    kind = kinds.TAB_KINDS[tab_kind]
    out: dict[str, set[str]] = {"chart": {c.id for c in charts}}
    if kind.leading_chart is not None:
        out["chart"].add(leading_chart_id(tab_id))
    for item in kinds.ITEM_KINDS:
        ids = set(refs.get(item.key, ()))
        if not ids and item.key in kind.all_by_default:
            ids = set(getattr(b, item.key))
        out[item.singular] = ids
    return out


def read_main(
    ctx: LoadContext, tab: dict, where: str, shown: dict[str, set[str]]
) -> tuple[MainSlide, ...] | None:
    """The tab's ``main`` slides, checked against what the tab shows; None when absent."""
    raw = tab.get("main")
    if raw is None:
        return None
    where = f"{where}.main"
    if not isinstance(raw, list):
        ctx.err(msg("must be a list of slides, not {kind}", kind=json_kind(raw)), where)
        return None
    if len(raw) > MAX_MAIN_SLIDES:
        ctx.err(
            nmsg(
                "lists {count} slide; a tab tells its story in at most {limit} main slides (the "
                "rest are backup slides); the first are read",
                "lists {count} slides; a tab tells its story in at most {limit} main slides (the "
                "rest are backup slides); the first are read",
                len(raw),
                count=len(raw),
                limit=MAX_MAIN_SLIDES,
            ),
            where,
        )
        raw = raw[:MAX_MAIN_SLIDES]
    slides: list[MainSlide] = []
    taken: set[str] = set()
    for k, entry in enumerate(raw):
        at = f"{where}[{k}]"
        if isinstance(entry, str):
            items, title, item_at = [entry], "", [at]
        elif isinstance(entry, dict):
            items = entry.get("items")
            if not isinstance(items, list) or not items:
                ctx.err(msg('needs "items": a list of one to three items, like "check:c1"'), at)
                continue
            if len(items) > MAX_SLIDE_ITEMS:
                ctx.err(
                    nmsg(
                        "lists {count} item; a slide shows at most {limit} (one message per "
                        "slide); the first are read",
                        "lists {count} items; a slide shows at most {limit} (one message per "
                        "slide); the first are read",
                        len(items),
                        count=len(items),
                        limit=MAX_SLIDE_ITEMS,
                    ),
                    f"{at}.items",
                )
                items = items[:MAX_SLIDE_ITEMS]
            item_at = [f"{at}.items[{j}]" for j in range(len(items))]
            title = _title(ctx, entry.get("title"), f"{at}.title")
        else:
            ctx.err(
                msg(
                    'must be an item like "chart:c1" or an object, not {kind}',
                    kind=json_kind(entry),
                ),
                at,
            )
            continue
        good = [r for r, w in zip(items, item_at, strict=True) if _ref_ok(ctx, r, w, shown)]
        again = [r for r in good if r in taken]
        for r in again:
            ctx.warn(
                msg("{r} is on an earlier main slide already; it is shown once", r=repr(short(r))),
                at,
            )
        good = [r for r in dict.fromkeys(good) if r not in taken]
        if any(r.startswith("chart:") for r in good) and len(good) > 1:
            ctx.err(msg("a chart has a slide of its own: list it alone, the other items apart"), at)
            continue
        if good:
            taken.update(good)
            slides.append(MainSlide(tuple(good), title))
    return tuple(slides)


def _ref_ok(ctx: LoadContext, ref: Any, where: str, shown: dict[str, set[str]]) -> bool:
    if not isinstance(ref, str):
        ctx.err(msg('must be an item like "check:c1", not {kind}', kind=json_kind(ref)), where)
        return False
    parts = split_ref(ref)
    if parts is None:
        ctx.err(
            msg(
                "{ref} is not an item: write KIND:ID, KIND one of {kinds}",
                ref=repr(short(ref)),
                kinds=", ".join(REF_KINDS),
            ),
            where,
        )
        return False
    kind, item = parts
    if item not in shown.get(kind, set()):
        ctx.err(msg("the tab shows no {kind} {item}", kind=kind, item=repr(short(item))), where)
        return False
    return True


def _title(ctx: LoadContext, value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        ctx.err(msg("must be text"), where)
        return ""
    text = " ".join(value.split())
    if len(text) > MAX_SLIDE_TITLE:
        ctx.err(
            nmsg(
                "{count} character; a slide title has at most {limit}, to be read from the back "
                "of the room (say the rest in the speaker notes)",
                "{count} characters; a slide title has at most {limit}, to be read from the back "
                "of the room (say the rest in the speaker notes)",
                len(text),
                count=len(text),
                limit=MAX_SLIDE_TITLE,
            ),
            where,
        )
        return ""
    return text


def parse_duration(value: Any) -> int:
    """Seconds of a talk's length: minutes as a number, or text like "20m", "1h30m",
    "90s", "25:00". Raises ValueError with a message for the user."""
    seconds: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value) * 60
    elif isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d+(\.\d+)?", text):
            seconds = float(text) * 60
        else:
            m = _CLOCK.fullmatch(text) or _DURATION.fullmatch(text)
            if m and any(m.group(g) for g in ("h", "m", "s")) and text:
                h, mi, s = (int(m.group(g) or 0) for g in ("h", "m", "s"))
                seconds = h * 3600 + mi * 60 + s
    if seconds is None:
        raise ValueError(
            msg(
                "{value} is not a length of time: write {help}",
                value=repr(short(str(value))),
                help=DURATION_HELP,
            )
        )
    if not MIN_DURATION_S <= seconds <= MAX_DURATION_S:
        raise ValueError(
            msg(
                "{value}: a talk lasts from {least} minute to {most} hours",
                value=repr(short(str(value))),
                least=MIN_DURATION_S // 60,
                most=MAX_DURATION_S // 3600,
            )
        )
    return round(seconds)


def read_duration(ctx: LoadContext, meta: dict) -> int | None:
    """``briefing.duration``: the planned length of the talk in seconds, None if not given."""
    value = meta.get("duration")
    if value is None or value == "":
        return None
    try:
        return parse_duration(value)
    except ValueError as exc:
        ctx.err(str(exc), "briefing.duration")
        return None
