"""The briefing model: typed, immutable, free of Qt.

The model answers what the data say: which observations a series selects
(`Briefing.series_observations`), who said a figure and through whom
(`Briefing.attribution`), whether a date is later than the briefing.  What each view
shows of it is the content plan's business (`briefing_app.content`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from briefing_app.model.problems import Problem, Severity
from briefing_app.model.published import published_date, rounding_unit


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    short_name: str = ""
    published: str = ""
    url: str = ""
    note: str = ""

    @property
    def name(self) -> str:
        """The short name used in source lines."""
        return self.short_name or self.publisher

    @property
    def published_date(self) -> dt.date | None:
        """`published` as a date, if it is an ISO date (its earliest day for '2024-12')."""
        return published_date(self.published)

    def citation(self) -> str:
        """A full citation, plain text."""
        parts = [self.publisher, f"“{self.title}”" if self.title else ""]
        if self.published:
            parts.append(self.published)
        if self.url:
            parts.append(self.url)
        return ". ".join(p for p in parts if p) + "."


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    minimum: float | None = None


@dataclass(frozen=True)
class Quote:
    id: str
    speaker: str
    text: str
    status: str
    role: str = ""
    date: dt.date | None = None
    source: str | None = None
    via: tuple[str, ...] = ()
    note: str = ""

    STATUS_LABELS = {  # noqa: RUF012 - a class constant, not a field
        "verified": "Verified against the original",
        "as-quoted": "As quoted by the source article only",
        "not-found": "Not found in the original",
    }

    @property
    def status_label(self) -> str:
        return self.STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Position:
    id: str
    party: str
    topic: str
    position: str
    article_wording: str = ""
    source: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class PollAnswer:
    answer: str
    share: float
    #: decimals the share was published with (None: not known)
    decimals: int | None = None

    @property
    def share_text(self) -> str:
        """The share as published, with its decimals: '16.0%'."""
        return fmt_value(self.share, "%", "", self.decimals)


@dataclass(frozen=True)
class Poll:
    id: str
    pollster: str
    question: str
    answers: tuple[PollAnswer, ...]
    commissioner: str = ""
    fieldwork_start: dt.date | None = None
    fieldwork_end: dt.date | None = None
    sample: int | None = None
    method: str = ""
    source: str | None = None
    note: str = ""

    def fieldwork_text(self) -> str:
        a, b = self.fieldwork_start, self.fieldwork_end
        return fmt_date_range(a, b) if (a or b) else "not stated"


@dataclass(frozen=True)
class Event:
    id: str
    date: dt.date
    title: str
    description: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str
    claim: str
    article_says: str = ""
    actually_said: str = ""
    cross_check: str = ""
    sources: tuple[str, ...] = ()
    date: dt.date | None = None


#: how each relation reads in a verdict, when the reported figure has no qualifier
RELATION_WORDS = {
    "equal": "",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "about": "about",
}


@dataclass(frozen=True)
class CheckResult:
    """A reported figure set against the figure computed from its parts.

    ``holds`` says whether the relation holds (None for a derivation); ``judgement``
    says more: "holds", "does not hold", "understates" or "overstates" (a one-sided
    claim that holds, but whose figure is well short of the computed one), "derived".
    """

    id: str
    title: str
    unit: str
    formula: str
    #: the formula with values substituted, e.g. "38,130 + 41,980 + 45,680"
    expression: str
    computed: float
    reported: float | None = None
    reported_id: str | None = None
    relation: str = "equal"
    tolerance: float = 0.0
    note: str = ""
    #: observation ids the formula uses
    inputs: tuple[str, ...] = ()
    #: the reported figure's qualifier as its source wrote it ("over", "about")
    reported_qualifier: str = ""
    #: decimals the reported figure was published with (None: not known)
    reported_decimals: int | None = None
    #: decimals the computed figure and the difference are printed with (None: default)
    decimals: int | None = None
    #: ids of the observations it uses (inputs or reported) later than the as-of date
    later: tuple[str, ...] = ()

    @property
    def difference(self) -> float | None:
        return None if self.reported is None else self.computed - self.reported

    @property
    def holds(self) -> bool | None:
        """Whether the relation holds (an understating or overstating claim holds)."""
        if self.reported is None:
            return None
        c, r, t = self.computed, self.reported, self.tolerance
        if self.relation == "at_least":
            return c >= r - t
        if self.relation == "more_than":
            return c > r - t
        if self.relation == "at_most":
            return c <= r + t
        if self.relation == "less_than":
            return c < r + t
        return abs(c - r) <= t  # equal, about

    @property
    def judgement(self) -> str:
        """'derived', 'does not hold', 'holds', or, for a one-sided relation that holds,
        'understates' (at_least, more_than) or 'overstates' (at_most, less_than) when the
        computed figure is beyond the reported one by more than the tolerance and more
        than half the step the reported figure is rounded to: rounded as the reported
        figure was, it would be another figure (4.60 against "four times": 5, not 4)."""
        holds = self.holds
        if holds is None:
            return "derived"
        if not holds:
            return "does not hold"
        assert self.reported is not None
        margin = max(self.tolerance, rounding_unit(self.reported, self.reported_decimals) / 2)
        beyond = self.computed - self.reported
        if self.relation in ("at_least", "more_than") and beyond > margin:
            return "understates"
        if self.relation in ("at_most", "less_than") and -beyond > margin:
            return "overstates"
        return "holds"

    @property
    def computed_text(self) -> str:
        """'38,130 + 41,980 + 45,680 = 125,790', or just '41,974' for a single figure."""
        value = fmt_number(self.computed, self.decimals)
        return value if self.expression == value else f"{self.expression} = {value}"

    @property
    def reported_text(self) -> str:
        """The reported figure as published, with its qualifier and unit: 'over 6,000
        drones and missiles', '4×'; '' for a derivation."""
        if self.reported is None:
            return ""
        return fmt_value(self.reported, self.unit, self.reported_qualifier, self.reported_decimals)

    def verdict(self) -> str:
        """One plain-text line: both numbers, the difference, and the judgement.

        'Reported over 6,000 drones and missiles; computed 1,479 + 2,003 + 2,706 = 6,188
        drones and missiles; difference +188 (holds)'. A one-sided relation without the
        source's own qualifier says how it was read: 'Reported 4× (checked as at
        least); ...; difference +0.60 (understates: computed 4.60× against 4×)'.
        """
        computed = with_unit(self.computed_text, self.unit)
        if self.reported is None:
            return f"Computed: {computed}" + self._later_text()
        reported = self.reported_text
        words = RELATION_WORDS.get(self.relation, "")
        reading = f" (checked as {words})" if words and not self.reported_qualifier else ""
        state = self.judgement
        if state in ("understates", "overstates"):
            value = with_unit(fmt_number(self.computed, self.decimals), self.unit)
            state = f"{state}: computed {value} against {reported}"
        diff = fmt_signed(self.difference or 0.0, self.decimals)
        return (
            f"Reported {reported}{reading}; computed {computed}; difference {diff} ({state})"
            + self._later_text()
        )

    def _later_text(self) -> str:
        if not self.later:
            return ""
        return " — uses a figure later than the briefing's as-of date"


@dataclass(frozen=True)
class SeriesRef:
    """One series on a chart: observations filtered by indicator and series, or a
    column of a series resource."""

    label: str
    indicator: str | None = None
    series: str | None = None
    resource: str | None = None
    x: str | None = None
    y: str | None = None
    source: str | None = None
    unit: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    kind: str
    series: tuple[SeriesRef, ...] = ()
    observations: tuple[str, ...] = ()
    poll: str | None = None
    highlight: tuple[dt.date, dt.date] | None = None
    reported: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    caption: str = ""
    y_label: str = ""


@dataclass(frozen=True)
class Tab:
    id: str
    title: str
    kind: str
    takeaway: str = ""
    notes: str = ""
    charts: tuple[Chart, ...] = ()
    checks: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    polls: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass
class Briefing:
    """A loaded, validated briefing package."""

    name: str
    title: str
    as_of: dt.date
    format_version: str
    version: str = ""
    subtitle: str = ""
    caveat: str = ""
    licence: str = ""
    source_article: str | None = None
    location: str = ""
    checksum: str = ""
    tabs: tuple[Tab, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    observations: pd.DataFrame = field(default_factory=pd.DataFrame)
    checks: dict[str, CheckResult] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    polls: dict[str, Poll] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    series_tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    #: row positions of each observation id, for the frame they were taken from
    _obs_positions: tuple[pd.DataFrame, dict[str, list[int]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    # -- dates -------------------------------------------------------------
    def is_later(self, date: dt.date | None) -> bool:
        """True when *date* is after the briefing's "as of" date."""
        return date is not None and date > self.as_of

    def source_is_later(self, source_id: str | None) -> bool:
        """True when a source's `published` is an ISO date after the "as of" date."""
        src = self.sources.get(source_id or "")
        return src is not None and self.is_later(src.published_date)

    def observation_published(self, row: Any) -> dt.date | None:
        """When an observation was published, as far as its sources' ISO `published`
        dates say: its source's date; for a source without one, the earliest date among
        the sources it passed through (`via`); None when none has a date.

        *row* is an observation id, a row of `observations`, or a row of a chart frame
        (looked up by its ``id``).
        """
        r = self._observation_cells(row)
        return None if r is None else self._published_cells(r.get("source"), r.get("via"))

    def _published_cells(self, source: Any, via: Any) -> dt.date | None:
        src = self.sources.get(_text(source))
        if src is not None and src.published_date is not None:
            return src.published_date
        dates = [
            s.published_date
            for s in (self.sources.get(v) for v in _text(via).split())
            if s is not None and s.published_date is not None
        ]
        return min(dates, default=None)

    def observation_is_later(self, row: Any) -> bool:
        """True when an observation is later than the "as of" date: its period ends after
        it, or it was published after it (`observation_published`): the UK MoD month
        figures from its update of 7 Jan 2025, say. *row* as for `observation_published`.
        """
        r = self._observation_cells(row)
        if r is None:
            return False
        return self._later_cells(r.get("source"), r.get("via"), r.get("period_end"))

    def _later_cells(self, source: Any, via: Any, period_end: Any) -> bool:
        ended = None if _missing(period_end) else pd.Timestamp(period_end)
        if ended is not None and ended is not pd.NaT and self.is_later(ended.date()):
            return True
        return self.is_later(self._published_cells(source, via))

    def obs_text(self, row: Any, unit: bool = True) -> str:
        """An observation's value as its source published it: its qualifier, its
        decimals and (with *unit*) its unit: 'over 6,000 drones and missiles', 'about 28
        km²/day', '4×'. *row* as for `observation_published`."""
        r = self._observation_cells(row)
        if r is None:
            return ""
        return fmt_value(
            r.get("value"),
            r.get("unit") if unit else "",
            r.get("qualifier"),
            r.get("decimals"),
        )

    def _observation_cells(self, row: Any) -> Any:
        """The cells of an observation: *row* itself if it has them, else the row of
        `observations` with its id (a chart frame's row has no source or qualifier)."""
        if isinstance(row, str):
            rows = self.observation_rows([row])
            return None if rows.empty else rows.iloc[0]
        if "source" in row and "qualifier" in row:
            return row
        oid = row.get("id")
        if isinstance(oid, str):
            rows = self.observation_rows([oid])
            if not rows.empty:
                return rows.iloc[0]
        return row

    @property
    def short_checksum(self) -> str:
        return self.checksum[:8]

    # -- sources -----------------------------------------------------------
    def source_name(self, source_id: str | None) -> str:
        if not source_id:
            return ""
        src = self.sources.get(source_id)
        return src.name if src else source_id

    def attribution(self, source: str | None, via: tuple[str, ...] = (), article: str = "") -> str:
        """Who said it and through whom, plain text.

        ``via`` lists intermediaries nearest the reader first, so they are named
        from the origin outwards: "Ukrainian General Staff, relayed by UK MoD,
        reported by the source article".
        """
        parts = [self.source_name(source)] if source else []
        chain = [v for v in via if v and v != source]
        for v in reversed(chain):
            verb = "reported by" if v == self.source_article else "relayed by"
            parts.append(f"{verb} {self.source_name(v)}")
        text = ", ".join(parts)
        if article:
            text += f"; source article attributes it to {article}"
        return text

    def observation_attribution(self, row: Any) -> str:
        """Attribution of one observation row (a mapping with source, via, article_attribution)."""
        return self._cells_attribution(row["source"], row["via"], row["article_attribution"])

    def _cells_attribution(self, source: Any, via: Any, article: Any) -> str:
        """`attribution` from the cells of an observation row (missing cells are None/NaN)."""
        return self.attribution(_text(source) or None, tuple(_text(via).split()), _text(article))

    def observation_rows(self, ids: tuple[str, ...] | list[str]) -> pd.DataFrame:
        """The observations with these ids, in the order of *ids* (each once)."""
        obs = self.observations
        if obs.empty:
            return obs
        # a dict lookup, not a pandas mask and sort: a tab asks for a few rows at a time,
        # dozens of times, and each mask-and-sort cost ~0.5 ms whatever the size
        cached = self._obs_positions
        if cached is None or cached[0] is not obs:
            positions: dict[str, list[int]] = {}
            for i, key in enumerate(obs["id"].tolist()):
                positions.setdefault(key, []).append(i)
            self._obs_positions = cached = (obs, positions)
        return obs.iloc[[i for key in dict.fromkeys(ids) for i in cached[1].get(key, ())]]

    def series_observations(self, ref: SeriesRef) -> pd.DataFrame:
        obs = self.observations
        if obs.empty or ref.indicator is None:
            return obs.iloc[0:0]
        mask = obs["indicator"] == ref.indicator
        if ref.series is not None:
            mask &= obs["series"] == ref.series
        if ref.start is not None:
            mask &= obs["period_start"] >= pd.Timestamp(ref.start)
        if ref.end is not None:
            mask &= obs["period_end"] <= pd.Timestamp(ref.end)
        return obs[mask].sort_values("period_start")

    def observation_later_flags(self, obs: pd.DataFrame) -> np.ndarray:
        """`observation_is_later` of each row of *obs*, in order."""
        with np.errstate(invalid="ignore"):
            ends = obs["period_end"].to_numpy(dtype="datetime64[ns]")
            flags = ends > np.datetime64(self.as_of.isoformat(), "ns")  # NaT is not later
        memo: dict[tuple[Any, Any], bool] = {}
        for i, key in enumerate(zip(obs["source"], obs["via"], strict=True)):
            if not flags[i]:
                if key not in memo:
                    memo[key] = self.is_later(self._published_cells(*key))
                flags[i] = memo[key]
        return flags

    def observation_attributions(self, obs: pd.DataFrame) -> list[str]:
        """`observation_attribution` of each row of *obs*, in order."""
        # zipped columns, not iterrows: a Series a row costs ~40 us, and a tab's charts
        # ask for a few hundred rows
        cols = zip(obs["source"], obs["via"], obs["article_attribution"], strict=True)
        return [self._cells_attribution(*cells) for cells in cols]

    def problems(self, severity: Severity | None = None) -> list[Problem]:
        return [p for p in self.warnings if severity is None or p.severity == severity]


# -- formatting helpers (plain text, shared by views and exporters) -----------


#: significant digits shown of a number below 0.1 (more decimals than the usual 2)
SMALL_DIGITS = 3


#: the minus sign of negative numbers and differences (U+2212), not the hyphen
MINUS = "\u2212"
#: units written without a space after the number: 3×, 16.0%
TIGHT_UNITS = ("×", "%")


def fmt_number(x: float | int | None, decimals: int | None = None) -> str:
    """Thousands separators; integers without decimals, others with up to 2; a negative
    number with a minus sign (U+2212), never '−0'.

    A number below 0.1 keeps `SMALL_DIGITS` significant digits instead (0.0034, not 0):
    two decimals would show a small share, rate or difference as 0. With *decimals*,
    exactly that many (the decimals a figure was published with: 16.0, 4.60).
    """
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    if decimals is not None:
        text = f"{float(x):,.{max(0, decimals)}f}"
    else:
        xf = float(x)
        if xf.is_integer():
            text = f"{int(xf):,}"
        else:
            places = 2
            if abs(xf) < 0.1:
                places = min(15, SMALL_DIGITS - 1 - math.floor(math.log10(abs(xf))))
            text = f"{xf:,.{places}f}".rstrip("0").rstrip(".")
    if text.startswith("-"):
        text = text[1:]
        if text.strip("0.,"):
            return MINUS + text
    return text or "0"


def fmt_signed(x: float, decimals: int | None = None) -> str:
    """A difference: '+188', '−10', '0' (or '0.00' with decimals)."""
    s = fmt_number(abs(x), decimals)
    if not s.strip("0.,"):
        return s
    return f"+{s}" if x > 0 else (f"{MINUS}{s}" if x < 0 else s)


def with_unit(number: str, unit: str | None) -> str:
    """'6,000 drones and missiles', '4×', '16.0%': a space before a unit, except × and %."""
    unit = (unit or "").strip()
    if not unit:
        return number
    return f"{number}{unit}" if unit in TIGHT_UNITS else f"{number} {unit}"


def fmt_value(
    value: float | None, unit: str | None = "", qualifier: str | None = "", decimals: Any = None
) -> str:
    """A figure as its source published it: its own qualifier, its decimals, its unit:
    'over 6,000 drones and missiles', 'about 28 km²/day', '4.60×', '16.0%'."""
    d = None if decimals is None or _missing(decimals) or int(decimals) < 0 else int(decimals)
    text = with_unit(fmt_number(value, d), unit)
    q = _text(qualifier).strip()
    return f"{q} {text}" if q else text


def fmt_date(d: dt.date | pd.Timestamp | None) -> str:
    if d is None or (isinstance(d, float)) or pd.isna(d):
        return ""
    return f"{d.day} {d.strftime('%b %Y')}"


def fmt_date_range(start: Any, end: Any) -> str:
    """'15–27 Nov 2024', '28 Oct–3 Nov 2024', '30 Dec 2024–2 Jan 2025' (an en dash, no
    spaces: the one style of ranges); one date when they are the same."""
    if start is None or pd.isna(start):
        return fmt_date(end) if end is not None and not pd.isna(end) else ""
    s = pd.Timestamp(start)
    e = pd.Timestamp(end) if end is not None and not pd.isna(end) else s
    if s == e:
        return fmt_date(s)
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{fmt_date(e)}"
    if s.year == e.year:
        return f"{s.day} {s.strftime('%b')}–{fmt_date(e)}"
    return f"{fmt_date(s)}–{fmt_date(e)}"


def fmt_period(start: Any, end: Any) -> str:
    """'Nov 2024' for a whole month, 'Sep–Nov 2024' for months, else a day range."""
    if start is None or pd.isna(start):
        return ""
    s = pd.Timestamp(start)
    e = pd.Timestamp(end) if end is not None and not pd.isna(end) else s
    whole_months = s.day == 1 and (e + pd.Timedelta(days=1)).day == 1
    if whole_months:
        if (s.year, s.month) == (e.year, e.month):
            return s.strftime("%b %Y")
        if s.year == e.year:
            return f"{s.strftime('%b')}–{e.strftime('%b %Y')}"
        return f"{s.strftime('%b %Y')}–{e.strftime('%b %Y')}"
    return fmt_date_range(s, e)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _text(value: Any) -> str:
    """A cell as text: '' for missing (None or NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def shorten(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
