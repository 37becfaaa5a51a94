"""What a briefing can hold, registered once: kinds of item, of tab and of chart.

The format's checks (`spec`, the loader), the content plan (`briefing_app.content`) and
every view consult these registries rather than lists of their own, so that adding a
kind is one entry here plus what draws it; `tests/test_registries.py` fails when a
registered kind has no renderer in one of the views.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_app.model.i18n import N_, Message, msg


@dataclass(frozen=True)
class ItemKind:
    """A kind of item a tab lists by id (``"checks": ["c1", ...]``)."""

    #: the tab's key, and the `Briefing` attribute that holds the items by id
    key: str
    #: one item, in messages ("unknown check 'c1'")
    singular: str


#: in the order a tab shows them, after its charts
ITEM_KINDS: tuple[ItemKind, ...] = (
    ItemKind("positions", "position"),
    ItemKind("polls", "poll"),
    ItemKind("checks", "check"),
    ItemKind("claims", "claim"),
    ItemKind("quotes", "quote"),
    ItemKind("events", "event"),
    ItemKind("sources", "source"),
)
ITEM_KEYS: tuple[str, ...] = tuple(k.key for k in ITEM_KINDS)


@dataclass(frozen=True)
class TabKind:
    """A kind of tab: what it is for, and what it shows when it lists nothing itself."""

    name: str
    purpose: str
    #: item lists that mean "every item of the briefing" when the tab leaves them empty
    all_by_default: tuple[str, ...] = ()
    #: a chart the tab draws before its own charts: the kind of `CHART_KINDS`
    leading_chart: str | None = None


TAB_KINDS: dict[str, TabKind] = {
    k.name: k
    for k in (
        TabKind("topic", "takeaway, charts, checks, claims and quotes of one subject"),
        TabKind(
            "negotiations",
            "the parties' positions by topic, and quotes",
            all_by_default=("positions",),
        ),
        TabKind("polling", "polls and their charts"),
        TabKind(
            "timeline",
            "all events, by date, on a time axis",
            all_by_default=("events",),
            leading_chart="timeline",
        ),
        TabKind(
            "sources",
            "every source, with what in the briefing relies on it",
            all_by_default=("sources",),
        ),
    )
}


@dataclass(frozen=True)
class ChartKind:
    """A kind of chart and the one key that selects what it plots."""

    name: str
    purpose: str
    #: the chart's key naming its data: "series", "observations", "poll", "events" or
    #: "layers"
    data: str
    #: whether the x axis is time (events can be marked on it, `highlight` shades a period)
    time_axis: bool = True


CHART_KINDS: dict[str, ChartKind] = {
    k.name: k
    for k in (
        ChartKind("bar", "a bar per month of each series", "series"),
        ChartKind("grouped_bar", "bars of each series side by side per period", "series"),
        ChartKind("comparison", "one bar per observation, in the order listed", "observations"),
        ChartKind("line", "series over time, from observations or a series table", "series"),
        ChartKind("poll", "the answers of one poll", "poll", time_axis=False),
        ChartKind("timeline", "events on a time axis, with the as-of date", "events"),
        ChartKind(
            "map",
            "map layers by date with the change between two, places and events at them",
            "layers",
            time_axis=False,
        ),
    )
}


#: "unknown check 'c1'": a whole sentence for each kind of id a package refers to, so
#: that a translation can word each its own way (`unknown_ref`)
_UNKNOWN: dict[str, tuple[str, str]] = {
    "position": (
        N_("unknown position {ref}"),
        N_("unknown position {ref} (no such id in {file})"),
    ),
    "poll": (N_("unknown poll {ref}"), N_("unknown poll {ref} (no such id in {file})")),
    "check": (N_("unknown check {ref}"), N_("unknown check {ref} (no such id in {file})")),
    "claim": (N_("unknown claim {ref}"), N_("unknown claim {ref} (no such id in {file})")),
    "quote": (N_("unknown quote {ref}"), N_("unknown quote {ref} (no such id in {file})")),
    "event": (N_("unknown event {ref}"), N_("unknown event {ref} (no such id in {file})")),
    "source": (N_("unknown source {ref}"), N_("unknown source {ref} (no such id in {file})")),
    "observation": (
        N_("unknown observation {ref}"),
        N_("unknown observation {ref} (no such id in {file})"),
    ),
}


def unknown_ref(what: str, ref: str, file: str | None = None) -> Message:
    """The problem of an id that names no *what* ('source', 'check', ...): "unknown
    source 'x'", with the file that has no such id when *file* is given."""
    forms = _UNKNOWN.get(what)
    if forms is None:  # a kind without a sentence of its own: its name as a value
        if file is None:
            return msg("unknown {what} {ref}", what=what, ref=ref)
        return msg("unknown {what} {ref} (no such id in {file})", what=what, ref=ref, file=file)
    if file is None:
        return Message(forms[0], {"ref": ref})
    return Message(forms[1], {"ref": ref, "file": file})
