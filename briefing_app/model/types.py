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

import pandas as pd

from briefing_app.model.problems import Problem, Severity


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
        if a and b:
            return f"{fmt_date(a)} – {fmt_date(b)}"
        return fmt_date(a or b) if (a or b) else "not stated"


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


@dataclass(frozen=True)
class CheckResult:
    """A reported figure set against the figure computed from its parts."""

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

    @property
    def difference(self) -> float | None:
        return None if self.reported is None else self.computed - self.reported

    @property
    def holds(self) -> bool | None:
        if self.reported is None:
            return None
        if self.relation == "at_least":
            return self.computed >= self.reported - self.tolerance
        if self.relation == "at_most":
            return self.computed <= self.reported + self.tolerance
        return abs(self.computed - self.reported) <= self.tolerance

    @property
    def computed_text(self) -> str:
        """'38,130 + 41,980 + 45,680 = 125,790', or just '41,974' for a single figure."""
        value = fmt_number(self.computed)
        return value if self.expression == value else f"{self.expression} = {value}"

    def verdict(self) -> str:
        """One plain-text line: both numbers, the difference, and whether it holds."""
        computed = f"{self.computed_text} {self.unit}".strip()
        if self.reported is None:
            return f"Computed: {computed}"
        diff = self.difference or 0.0
        rel = {"equal": "", "at_least": "at least ", "at_most": "at most "}[self.relation]
        state = "holds" if self.holds else "does not hold"
        reported = f"{fmt_number(self.reported)} {self.unit}".strip()
        return (
            f"Reported {rel}{reported}; computed {computed}; "
            f"difference {fmt_signed(diff)} ({state})"
        )


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


def fmt_number(x: float | int | None, decimals: int | None = None) -> str:
    """Thousands separators; integers without decimals, others with up to 2.

    A number below 0.1 keeps `SMALL_DIGITS` significant digits instead (0.0034, not 0):
    two decimals would show a small share, rate or difference as 0.
    """
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    if decimals is not None:
        return f"{x:,.{decimals}f}"
    xf = float(x)
    if xf.is_integer():
        return f"{int(xf):,}"
    places = 2
    if abs(xf) < 0.1:
        places = min(15, SMALL_DIGITS - 1 - math.floor(math.log10(abs(xf))))
    text = f"{xf:,.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_signed(x: float) -> str:
    s = fmt_number(abs(x))
    return f"+{s}" if x > 0 else (f"−{s}" if x < 0 else "0")


def fmt_date(d: dt.date | pd.Timestamp | None) -> str:
    if d is None or (isinstance(d, float)) or pd.isna(d):
        return ""
    return f"{d.day} {d.strftime('%b %Y')}"


def fmt_period(start: Any, end: Any) -> str:
    """'Nov 2024' for a whole month, 'Sep – Nov 2024' for months, else day range."""
    if start is None or pd.isna(start):
        return ""
    s = pd.Timestamp(start)
    e = pd.Timestamp(end) if end is not None and not pd.isna(end) else s
    whole_months = s.day == 1 and (e + pd.Timedelta(days=1)).day == 1
    if whole_months:
        if (s.year, s.month) == (e.year, e.month):
            return s.strftime("%b %Y")
        if s.year == e.year:
            return f"{s.strftime('%b')} – {e.strftime('%b %Y')}"
        return f"{s.strftime('%b %Y')} – {e.strftime('%b %Y')}"
    if s == e:
        return fmt_date(s)
    return f"{fmt_date(s)} – {fmt_date(e)}"


def _text(value: Any) -> str:
    """A cell as text: '' for missing (None or NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def shorten(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
