"""Check the descriptor's own content: the ``briefing`` object, its tabs, charts and series.

Everything here reads ``datapackage.json`` (already parsed), not the tables: problems
are located by their path in it, e.g. ``briefing.tabs[2].charts[0].kind``.  Ids that
the descriptor names (quotes, observations, events, ...) are looked up in the
entities built from the tables, so the tabs are read last.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pandas as pd

from briefing_app.model import kinds, limits, spec
from briefing_app.model.briefing import Briefing
from briefing_app.model.context import LoadContext, short
from briefing_app.model.i18n import msg, nmsg
from briefing_app.model.jsonio import json_kind, long_string_problems
from briefing_app.model.limits import (
    MAX_CELL_CHARS,
    MAX_CHART_EVENTS,
    MAX_CHARTS,
    MAX_CHARTS_TOTAL,
    MAX_INDICATORS,
    MAX_LIST,
    MAX_LISTED,
    MAX_SERIES,
    MAX_TAB_ITEMS,
    MAX_TABS,
    NUMBER_WORDS,
    date_in_range,
    date_range_message,
    value_in_range,
)
from briefing_app.model.maindeck import read_main, shown_ids
from briefing_app.model.mapspec import read_map
from briefing_app.model.storage import DESCRIPTOR
from briefing_app.model.types import Chart, Indicator, SeriesRef, Tab


class DescriptorReader:
    """Reads the parts of one package's descriptor, reporting problems to its context."""

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx
        # the context's reporting, under the names these checks had as loader methods
        self.err = ctx.err
        self.warn = ctx.warn
        # computed once, on first use, from the observations
        self._obs_ids: set | None = None
        self._obs_pairs: set[tuple[Any, Any]] | None = None
        self._obs_indicators: set = set()

    # -- the package and its briefing object --------------------------------------------
    def briefing_object(self, desc: Any, file: str) -> tuple[dict, str] | None:
        """The ``briefing`` object of descriptor *desc* and its format version, or None if
        this viewer cannot read the package any further (problems reported).

        Also reports texts longer than a cell may be, anywhere in *desc*.
        """
        if not isinstance(desc, dict):
            self.err(
                msg("must hold a JSON object ({{ ... }}), not {kind}", kind=json_kind(desc)),
                file=file,
            )
            return None
        self.ctx.problems.extend(long_string_problems(desc))
        meta = desc.get("briefing")
        if not isinstance(meta, dict):
            self.err(msg("missing the 'briefing' object (is this a briefing package?)"), "briefing")
            return None
        fv = meta.get("format_version")
        if fv is not None and not isinstance(fv, str):
            self.err(
                msg(
                    "the format version must be text in quotes, not {kind} {dumps}; write "
                    '"format_version": "{format_version}"',
                    kind=json_kind(fv),
                    dumps=json.dumps(fv)[:40],
                    format_version=spec.FORMAT_VERSION,
                ),
                "briefing.format_version",
            )
            return None
        if not isinstance(fv, str) or not fv.strip():
            self.err(
                msg(
                    'the format version is missing; write "format_version": "{format_version}"',
                    format_version=spec.FORMAT_VERSION,
                ),
                "briefing.format_version",
            )
            return None
        try:
            major = int(fv.split(".")[0])
        except ValueError:
            major = -1
        if major != spec.SUPPORTED_MAJOR:
            self.err(
                msg(
                    "unsupported format version {version}: this viewer reads version {major}.x",
                    version=repr(fv),
                    major=spec.SUPPORTED_MAJOR,
                ),
                "briefing.format_version",
            )
            return None
        return meta, fv

    def package_title(self, desc: dict) -> str:
        title = desc.get("title")
        if not isinstance(title, str) or not title.strip():
            self.err(msg("the package needs a title"), "title")
        return str(title or "")

    def text(self, obj: dict, key: str, where: str) -> str:
        """The text at *key* of *obj*, '' if it is missing or not text (reported)."""
        v = obj.get(key, "")
        if v is None:
            return ""
        if not isinstance(v, str):
            self.err(msg("must be text"), f"{where}.{key}")
            return ""
        # a longer text was reported by long_string_problems
        return v if len(v) <= MAX_CELL_CHARS else ""

    def date(self, value: Any, where: str, required: bool = False) -> dt.date | None:
        """A date written as "YYYY-MM-DD", None if it is missing or not one (reported)."""
        if value is None or value == "":
            if required:
                self.err(msg("a date is required (YYYY-MM-DD)"), where)
            return None
        if not isinstance(value, str):
            self.err(
                msg(
                    'must be a date written as text, "YYYY-MM-DD", not {kind}',
                    kind=json_kind(value),
                ),
                where,
            )
            return None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            # year 0 is a date to pandas but not to Python: check its day in a leap year
            probe = "2000" + value[4:] if value.startswith("0000") else value
            try:
                day = dt.date.fromisoformat(probe)
            except ValueError:
                pass
            else:
                if probe == value and date_in_range(day):
                    return day
                self.err(date_range_message(repr(value)), where)
                return None
        self.err(msg("{value} is not a date (YYYY-MM-DD)", value=repr(short(value))), where)
        return None

    @staticmethod
    def licence(lic: Any) -> str:
        """The title (or name) of the first licence listed, '' if none."""
        if isinstance(lic, list) and lic and isinstance(lic[0], dict):
            return str(lic[0].get("title") or lic[0].get("name") or "")
        return ""

    def indicators(self, obj: Any) -> dict[str, Indicator]:
        """The indicator definitions of ``briefing.indicators``, by id."""
        out: dict[str, Indicator] = {}
        if obj is None:
            return out
        if not isinstance(obj, dict):
            self.err(msg("must be an object of indicator definitions"), "briefing.indicators")
            return out
        if len(obj) > MAX_INDICATORS:
            self.err(
                nmsg(
                    "{count} indicator; at most {limit} are read",
                    "{count} indicators; at most {limit} are read",
                    len(obj),
                    count=len(obj),
                    limit=MAX_INDICATORS,
                ),
                "briefing.indicators",
            )
        for k, v in list(obj.items())[:MAX_INDICATORS]:
            where = f"briefing.indicators.{k}"
            if not isinstance(v, dict):
                self.err(msg("must be an object"), where)
                continue
            mn = v.get("minimum")
            if mn is not None and (
                not isinstance(mn, int | float)
                or isinstance(mn, bool)
                or not value_in_range(float(mn))
            ):
                self.err(
                    msg("minimum must be {rule}", rule=NUMBER_WORDS),
                    f"{where}.minimum",
                )
                mn = None
            title = self.text(v, "title", where) or str(k)
            unit = self.text(v, "unit", where)
            out[k] = Indicator(str(k), title, unit, mn)
        return out

    # -- lists and ids ---------------------------------------------------------------------
    def _list(self, obj: dict, key: str, where: str, limit: int = MAX_LIST) -> list:
        v = obj.get(key, [])
        if v is None:
            return []
        if not isinstance(v, list):
            self.err(msg("must be a list, not {kind}", kind=json_kind(v)), f"{where}.{key}")
            return []
        if len(v) > limit:
            self.err(
                nmsg(
                    "lists {count} item; at most {limit} are read",
                    "lists {count} items; at most {limit} are read",
                    len(v),
                    count=len(v),
                    limit=limit,
                ),
                f"{where}.{key}",
            )
            return v[:limit]
        return v

    def _id_list(self, obj: dict, key: str, where: str, limit: int = MAX_LIST) -> tuple[str, ...]:
        """The ids of a list, each once: an id listed again is a warning, not repeated."""
        first: dict[str, int] = {}
        again: dict[str, int] = {}
        for k, v in enumerate(self._list(obj, key, where, limit)):
            if not isinstance(v, str):
                self.err(
                    msg("must be an id (text), not {kind}", kind=json_kind(v)),
                    f"{where}.{key}[{k}]",
                )
            elif v in first:
                again[v] = again.get(v, 0) + 1
            else:
                first[v] = k
        for n, (v, times) in enumerate(again.items()):
            if n == MAX_LISTED:
                self.warn(
                    nmsg(
                        "{count} more id is listed more than once",
                        "{count} more ids are listed more than once",
                        len(again) - MAX_LISTED,
                        count=len(again) - MAX_LISTED,
                    ),
                    f"{where}.{key}",
                )
                break
            self.warn(
                nmsg(
                    "lists {v} {times} time; it is shown once",
                    "lists {v} {times} times; it is shown once",
                    times + 1,
                    v=repr(short(v)),
                    times=times + 1,
                ),
                f"{where}.{key}[{first[v]}]",
            )
        return tuple(first)

    def _unknown(self, what: str, ref: Any, where: str, table: str | None = None) -> None:
        """Report an id that names nothing, unless its table failed to load (its own
        problems are reported) or the row it names was refused (ditto)."""
        table = table or f"{what}s"
        if table in self.ctx.failed or (table, ref) in self.ctx.refused:
            return
        self.err(kinds.unknown_ref(what, repr(short(str(ref)))), where, DESCRIPTOR)

    # -- tabs --------------------------------------------------------------------------------
    def tabs(self, obj: Any, b: Briefing) -> tuple[Tab, ...]:
        """The tabs of ``briefing.tabs``; ids they name are looked up in *b*."""
        if not isinstance(obj, list) or not obj:
            self.err(msg("the briefing lists no tabs"), "briefing.tabs")
            return ()
        if len(obj) > MAX_TABS:
            self.err(
                nmsg(
                    "{count} tab; at most {limit} are read",
                    "{count} tabs; at most {limit} are read",
                    len(obj),
                    count=len(obj),
                    limit=MAX_TABS,
                ),
                "briefing.tabs",
            )
            obj = obj[:MAX_TABS]
        tabs: list[Tab] = []
        tab_ids: set[str] = set()
        chart_ids: set[str] = set()
        n_charts = 0
        drawn = ChartLoad()
        for i, t in enumerate(obj):
            where = f"briefing.tabs[{i}]"
            if not isinstance(t, dict):
                self.err(msg("must be an object"), where)
                continue
            tid = t.get("id")
            if not isinstance(tid, str) or not tid.strip():
                self.err(msg("tab needs an id (text)"), f"{where}.id")
                tid = f"tab-{i + 1}"
            elif tid in tab_ids:
                self.err(msg("duplicate tab id {tab}", tab=repr(tid)), f"{where}.id")
            tab_ids.add(tid)
            title = t.get("title")
            if not isinstance(title, str) or not title.strip():
                self.err(msg("tab needs a title"), f"{where}.title")
                title = tid
            kind = t.get("kind", "topic")
            if not isinstance(kind, str) or kind not in spec.TAB_KINDS:
                self.err(
                    msg(
                        "unknown tab kind {kind} (one of: {kinds})",
                        kind=repr(short(str(kind))),
                        kinds=", ".join(spec.TAB_KINDS),
                    ),
                    f"{where}.kind",
                )
                continue
            charts = []
            for j, c in enumerate(self._list(t, "charts", where, MAX_CHARTS)):
                n_charts += 1
                if n_charts == MAX_CHARTS_TOTAL + 1:
                    self.err(
                        msg(
                            "more than {limit} charts in the briefing; at most {limit} are read",
                            limit=MAX_CHARTS_TOTAL,
                        ),
                        f"{where}.charts[{j}]",
                    )
                if n_charts > MAX_CHARTS_TOTAL:
                    break
                chart = self._chart(c, f"{where}.charts[{j}]", b)
                if chart is None:
                    continue
                for message in drawn.add(chart_load(b, chart)):
                    self.err(message, f"{where}.charts[{j}]")
                if chart.id in chart_ids:
                    self.err(
                        msg("duplicate chart id {id}", id=repr(chart.id)), f"{where}.charts[{j}].id"
                    )
                chart_ids.add(chart.id)
                charts.append(chart)
            refs = {}
            for item in kinds.ITEM_KINDS:  # the lists of ids a tab may carry
                table = getattr(b, item.key)
                ids = self._id_list(t, item.key, where)
                for k, ref in enumerate(ids):
                    if ref not in table:
                        where_ref = f"{where}.{item.key}[{k}]"
                        self._unknown(item.singular, ref, where_ref, table=item.key)
                refs[item.key] = tuple(r for r in ids if r in table)
            tab_kind = kinds.TAB_KINDS[kind]
            if tab_kind.leading_chart is not None:
                # the chart it draws before its own: a timeline of the events it shows
                marked = refs.get("events") or (
                    b.events if "events" in tab_kind.all_by_default else ()
                )
                load = {"figures": 0, "rows": 0, "events": len(marked), "vertices": 0}
                for message in drawn.add(load, "the timeline this tab leads with"):
                    self.err(message, where)
            n_items = sum(map(len, refs.values()))
            if n_items > MAX_TAB_ITEMS:
                self.err(
                    nmsg(
                        "the tab lists {count} item in all; a tab may list at most {limit}",
                        "the tab lists {count} items in all; a tab may list at most {limit}",
                        n_items,
                        count=n_items,
                        limit=MAX_TAB_ITEMS,
                    ),
                    where,
                )
            shown = shown_ids(b, tid, kind, tuple(charts), refs)
            tabs.append(
                Tab(
                    tid,
                    title,
                    kind,
                    self.text(t, "takeaway", where),
                    self.text(t, "notes", where),
                    tuple(charts),
                    **refs,
                    main=read_main(self.ctx, t, where, shown),
                )
            )
        return tuple(tabs)

    # -- charts and series ---------------------------------------------------------------------
    def _chart(self, c: Any, where: str, b: Briefing) -> Chart | None:
        if not isinstance(c, dict):
            self.err(msg("must be an object"), where)
            return None
        cid = c.get("id")
        if not isinstance(cid, str) or not cid.strip():
            self.err(msg("chart needs an id (text)"), f"{where}.id")
            return None
        kind = c.get("kind")
        if not isinstance(kind, str) or kind not in spec.CHART_KINDS:
            self.err(
                msg(
                    "unknown chart kind {kind} (one of: {kinds})",
                    kind=repr(short(str(kind))),
                    kinds=", ".join(spec.CHART_KINDS),
                ),
                f"{where}.kind",
            )
            return None
        series = []
        for k, s in enumerate(self._list(c, "series", where, MAX_SERIES)):
            ref = self._series(s, f"{where}.series[{k}]", b, kind)
            if ref is not None:
                series.append(ref)
        observations = self._id_list(c, "observations", where)
        obs_ids = self._observation_ids(b)
        for k, o in enumerate(observations):
            if o not in obs_ids:
                self._unknown("observation", o, f"{where}.observations[{k}]")
        reported = self._id_list(c, "reported", where)
        for k, o in enumerate(reported):
            if o not in obs_ids:
                self._unknown("observation", o, f"{where}.reported[{k}]")
        ev = c.get("events", [])
        if ev == "all":
            events = tuple(sorted(b.events, key=lambda e: b.events[e].date))
        else:
            events = self._id_list(c, "events", where, MAX_CHART_EVENTS)
            for k, e in enumerate(events):
                if e not in b.events:
                    self._unknown("event", e, f"{where}.events[{k}]")
        map_spec = None
        if kind == "map":  # its layers, places and view (mapspec.py)
            map_spec = read_map(self, c, where, b, events)
            if map_spec is None:
                return None
        poll = c.get("poll")
        if kind == "poll":
            if not isinstance(poll, str) or not poll:
                self.err(msg("a poll chart needs the id of a poll"), f"{where}.poll")
                return None
            if poll not in b.polls:
                self._unknown("poll", poll, f"{where}.poll")
                return None
        elif kinds.CHART_KINDS[kind].data == "series" and not series:
            if not self._list(c, "series", where):
                self.err(
                    msg("a {kind} chart needs at least one series", kind=kind), f"{where}.series"
                )
            return None
        elif kinds.CHART_KINDS[kind].data == "observations" and not observations:
            self.err(
                msg("a {kind} chart needs a list of observations", kind=kind),
                f"{where}.observations",
            )
            return None
        elif kinds.CHART_KINDS[kind].data == "events" and not events and ev != "all":
            # "all" of no events is an empty timeline, not a mistake
            self.err(
                msg('a {kind} chart needs a list of events (or "all")', kind=kind),
                f"{where}.events",
            )
            return None
        highlight = None
        hl = c.get("highlight")
        if hl is not None:
            if isinstance(hl, list) and len(hl) == 2:
                a = self.date(hl[0], f"{where}.highlight[0]")
                z = self.date(hl[1], f"{where}.highlight[1]")
                if a and z:
                    if z < a:
                        self.err(
                            msg(
                                "highlight ends ({z}) before it starts ({a})",
                                z=z.isoformat(),
                                a=a.isoformat(),
                            ),
                            f"{where}.highlight",
                        )
                    highlight = (a, z)
            else:
                self.err(
                    msg('must be [start, end] dates, e.g. ["2024-10-01", "2024-10-31"]'),
                    f"{where}.highlight",
                )
        title = c.get("title")
        if not isinstance(title, str) or not title.strip():
            self.err(msg("chart needs a title"), f"{where}.title")
            title = cid
        return Chart(
            cid,
            title,
            kind,
            tuple(series),
            tuple(observations),
            poll if kind == "poll" else None,
            highlight,
            tuple(r for r in reported if r in obs_ids),
            tuple(e for e in events if e in b.events),
            self.text(c, "caption", where),
            self.text(c, "y_label", where),
            map_spec,
        )

    def _series(self, s: Any, where: str, b: Briefing, kind: str) -> SeriesRef | None:
        if not isinstance(s, dict):
            self.err(msg("must be an object"), where)
            return None
        label = s.get("label")
        if not isinstance(label, str) or not label.strip():
            self.err(msg("series needs a label (text)"), f"{where}.label")
            return None
        start = self.date(s.get("start"), f"{where}.start")
        end = self.date(s.get("end"), f"{where}.end")
        if start and end and end < start:
            self.err(
                msg(
                    "ends ({end}) before it starts ({start})",
                    end=end.isoformat(),
                    start=start.isoformat(),
                ),
                where,
            )
        unit = s.get("unit")
        if unit is not None and not isinstance(unit, str):
            self.err(msg("must be text, not {kind}", kind=json_kind(unit)), f"{where}.unit")
            unit = None
        srcid = s.get("source")
        if srcid is not None:
            if not isinstance(srcid, str):
                self.err(
                    msg("must be a source id (text), not {kind}", kind=json_kind(srcid)),
                    f"{where}.source",
                )
                srcid = None
            elif srcid not in b.sources:
                self._unknown("source", srcid, f"{where}.source")
                srcid = None
        if "resource" in s:
            return self._resource_series(s, where, b, label, srcid, unit)
        ind = s.get("indicator")
        if not isinstance(ind, str) or not ind:
            self.err(msg("series needs an indicator (or a resource)"), f"{where}.indicator")
            return None
        ser = s.get("series")
        if ser is not None and not isinstance(ser, str):
            self.err(
                msg("must be the name of a series (text), not {kind}", kind=json_kind(ser)),
                f"{where}.series",
            )
            return None
        ref = SeriesRef(label, indicator=ind, series=ser, start=start, end=end)
        if b.indicators and ind not in b.indicators:
            self.err(
                msg("unknown indicator {indicator}", indicator=repr(short(ind))),
                f"{where}.indicator",
            )
            return None
        if not self._matches_observations(b, ref):
            self.warn(msg("series {label} matches no observations", label=repr(label)), where)
        return ref

    def _observation_ids(self, b: Briefing) -> set:
        if self._obs_ids is None:
            self._obs_ids = set(b.observations["id"]) if not b.observations.empty else set()
        return self._obs_ids

    def _matches_observations(self, b: Briefing, ref: SeriesRef) -> bool:
        """Whether a series selects any observation, without a scan per series."""
        obs = b.observations
        if obs.empty:
            return False
        if ref.start is not None or ref.end is not None:
            return not b.series_observations(ref).empty
        if self._obs_pairs is None:
            self._obs_pairs = set(zip(obs["indicator"], obs["series"], strict=True))
            self._obs_indicators = {i for i, _ in self._obs_pairs}
        if ref.series is None:
            return ref.indicator in self._obs_indicators
        return (ref.indicator, ref.series) in self._obs_pairs

    def _resource_series(
        self, s: dict, where: str, b: Briefing, label: str, srcid: str | None, unit: str | None
    ) -> SeriesRef | None:
        res = s["resource"]
        if not isinstance(res, str) or not res:
            self.err(
                msg("must be a resource name (text), not {kind}", kind=json_kind(res)),
                f"{where}.resource",
            )
            return None
        tbl = b.series_tables.get(res)
        if tbl is None:
            if res in spec.SCHEMAS:
                self.err(
                    msg(
                        "resource {resource} is one of the briefing's own tables, not a series; "
                        "plot observations with an indicator instead",
                        resource=repr(res),
                    ),
                    f"{where}.resource",
                )
            elif res not in self.ctx.failed:
                self.err(
                    msg("unknown series resource {resource}", resource=repr(short(res))),
                    f"{where}.resource",
                )
            return None
        x, y = s.get("x"), s.get("y")
        for key, col in (("x", x), ("y", y)):
            if not isinstance(col, str) or not col:
                self.err(
                    msg("needs the name of a column of {resource}", resource=repr(res)),
                    f"{where}.{key}",
                )
                return None
            if col not in tbl.columns:
                self.err(
                    msg(
                        "resource {resource} has no column {column} (its columns: {columns})",
                        resource=repr(res),
                        column=repr(short(col)),
                        columns=", ".join(map(str, tbl.columns)),
                    ),
                    f"{where}.{key}",
                )
                return None
        if not (
            pd.api.types.is_datetime64_any_dtype(tbl[x]) or pd.api.types.is_numeric_dtype(tbl[x])
        ):
            self.err(
                msg(
                    "column {x} of {resource} must hold dates or numbers (declare its type in the "
                    "resource's schema)",
                    x=repr(x),
                    resource=repr(res),
                ),
                f"{where}.x",
            )
            return None
        if not pd.api.types.is_numeric_dtype(tbl[y]) or pd.api.types.is_bool_dtype(tbl[y]):
            self.err(
                msg(
                    "column {y} of {resource} is not numeric (declare it as a number or integer "
                    "in the resource's schema)",
                    y=repr(y),
                    resource=repr(res),
                ),
                f"{where}.y",
            )
            return None
        return SeriesRef(label, resource=res, x=x, y=y, source=srcid, unit=unit or "")


# -- what the charts draw together ---------------------------------------------------------
#: (what is counted, the name of its limit in `model.limits`, its name in a message)
_DRAWN = (
    ("figures", "MAX_CHART_FIGURES_TOTAL", "figures (observations)"),
    ("rows", "MAX_CHART_ROWS_TOTAL", "rows of series tables"),
    ("events", "MAX_CHART_EVENTS_TOTAL", "event marks"),
    ("vertices", "MAX_CHART_VERTICES_TOTAL", "map vertices"),
)


def chart_load(b: Briefing, chart: Chart) -> dict[str, int]:
    """What *chart* draws: its figures (the observations its series select, those it
    lists and its reported figures), the rows of the series tables it draws, the events
    it marks and the vertices of the map layers it draws (from the index of the
    observations: no scan a chart)."""
    figures = len(chart.observations) + len(chart.reported)
    rows = 0
    for ref in chart.series:
        if ref.resource:
            table = b.series_tables.get(ref.resource)
            rows += 0 if table is None else len(table)
        else:
            figures += b.series_size(ref)
    vertices = 0
    spec_ = chart.map
    if spec_ is not None:
        names = dict.fromkeys([*spec_.layers, *([spec_.base] if spec_.base else [])])
        vertices = sum(b.layers[n].geometry.vertices for n in names if n in b.layers)
    return {"figures": figures, "rows": rows, "events": len(chart.events), "vertices": vertices}


class ChartLoad:
    """What the briefing's charts draw so far, against the limits on all of them together
    (`limits.MAX_CHART_FIGURES_TOTAL` ...)."""

    def __init__(self) -> None:
        self.totals = dict.fromkeys((key for key, *_ in _DRAWN), 0)

    def add(self, load: dict[str, int], what: str = "this chart") -> list[str]:
        """Count the *load* of a chart (*what*, in a message); a message for each limit
        it takes the charts over (only the chart that first goes over is named)."""
        out = []
        for key, name, words in _DRAWN:
            limit = getattr(limits, name)  # read when used: a test may lower it
            before = self.totals[key]
            self.totals[key] = before + load[key]
            if before <= limit < self.totals[key]:
                out.append(
                    f"the briefing's charts draw {self.totals[key]:,} {words} with {what} "
                    f"({load[key]:,}): all charts together may draw at most {limit:,} "
                    "(every export draws them all)"
                )
        return out
