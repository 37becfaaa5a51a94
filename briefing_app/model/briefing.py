"""The briefing: a loaded, validated package, typed and free of Qt.

It answers what the data say: which observations a series selects
(`Briefing.series_observations`), who said a figure and through whom
(`Briefing.attribution`), whether a date or a figure is later than the briefing.  What
each view shows of it is the content plan's business (`briefing_app.content`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from briefing_app.model.fmt import cell_text, fmt_value, missing
from briefing_app.model.i18n import tr
from briefing_app.model.problems import Problem, Severity
from briefing_app.model.types import (
    CheckResult,
    Claim,
    Event,
    Indicator,
    Place,
    Poll,
    Position,
    Quote,
    SeriesRef,
    Source,
    Tab,
)

if TYPE_CHECKING:
    from briefing_app.model.layers import Layer
    from briefing_app.model.translations import Translations


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
    #: the planned length of the talk in seconds (``briefing.duration``), None if not given
    duration: int | None = None
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
    #: map layers (GeoJSON resources) by resource name, and places by id
    layers: dict[str, Layer] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    #: the licences of the places table, as its resource names them (`layers.Licence`)
    place_licences: tuple[Any, ...] = ()
    #: every problem of the package that left it valid: its warnings and the briefing's
    #: findings (`problems(Severity.WARNING)`, `problems(Severity.FINDING)`)
    warnings: list[Problem] = field(default_factory=list)
    #: the package's languages, the default first (``languages``), and the language this
    #: briefing's texts are in (`briefing_app.model.languages.in_language` gives another)
    languages: tuple[str, ...] = ("en",)
    language: str = "en"
    #: the package's texts in its other languages (`model.translations`); None: none
    translations: Translations | None = None
    #: the briefing in each language asked for, made once (`in_language`); not pickled
    _in_language: dict[str, Briefing] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: row positions of each observation id, for the frame they were taken from
    _obs_positions: tuple[pd.DataFrame, dict[str, list[int]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    #: row positions of each (indicator, series) and each indicator, and of the rows
    #: citing each source, for the frame they were taken from: built once, in one pass
    _obs_index: tuple[pd.DataFrame, dict[str, dict]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (the cache of validated packages) without its briefings in other
        languages: they are remade on first use."""
        state = self.__dict__.copy()
        state["_in_language"] = {}
        return state

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
        src = self.sources.get(cell_text(source))
        if src is not None and src.published_date is not None:
            return src.published_date
        dates = [
            s.published_date
            for s in (self.sources.get(v) for v in cell_text(via).split())
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
        ended = None if missing(period_end) else pd.Timestamp(period_end)
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
        # each step wraps the text so far in a whole phrase of the language spoken
        # (`model.i18n`): a translation orders the names its own way
        text = self.source_name(source) if source else ""
        chain = [v for v in via if v and v != source]
        for v in reversed(chain):
            name = self.source_name(v)
            if v == self.source_article:
                step = tr("{who}, reported by {by}") if text else tr("reported by {by}")
            else:
                step = tr("{who}, relayed by {by}") if text else tr("relayed by {by}")
            text = step.format(who=text, by=name)
        if article:
            if text:
                text = tr("{attribution}; source article attributes it to {article}").format(
                    attribution=text, article=article
                )
            else:
                text = tr("source article attributes it to {article}").format(article=article)
        return text

    def observation_attribution(self, row: Any) -> str:
        """Attribution of one observation row (a mapping with source, via, article_attribution)."""
        return self._cells_attribution(row["source"], row["via"], row["article_attribution"])

    def _cells_attribution(self, source: Any, via: Any, article: Any) -> str:
        """`attribution` from the cells of an observation row (missing cells are None/NaN)."""
        return self.attribution(
            cell_text(source) or None, tuple(cell_text(via).split()), cell_text(article)
        )

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

    def _index(self, name: str) -> dict:
        """One of the observations' indexes: "series" ((indicator, series) -> row
        positions), "indicator" (indicator -> positions), "source" (source id -> positions
        of the rows it is the source or a via of)."""
        obs = self.observations
        cached = self._obs_index
        if cached is None or cached[0] is not obs:
            series: dict[tuple[Any, Any], list[int]] = {}
            indicator: dict[Any, list[int]] = {}
            source: dict[str, list[int]] = {}
            cols = (obs[c].tolist() for c in ("indicator", "series", "source", "via"))
            for i, (ind, ser, src, via) in enumerate(zip(*cols, strict=True)):
                series.setdefault((ind, ser), []).append(i)
                indicator.setdefault(ind, []).append(i)
                for sid in dict.fromkeys([cell_text(src), *cell_text(via).split()]):
                    if sid:
                        source.setdefault(sid, []).append(i)
            index = {"series": series, "indicator": indicator, "source": source}
            self._obs_index = cached = (obs, index)
        return cached[1][name]

    def series_observations(self, ref: SeriesRef) -> pd.DataFrame:
        """The observations a series selects, by period start (an index lookup: a
        briefing's hundreds of series cost one pass over the observations)."""
        obs = self.observations
        if obs.empty or ref.indicator is None:
            return obs.iloc[0:0]
        if ref.series is None:
            positions = self._index("indicator").get(ref.indicator, [])
        else:
            positions = self._index("series").get((ref.indicator, ref.series), [])
        rows = obs.iloc[positions]
        if ref.start is not None:
            rows = rows[rows["period_start"] >= pd.Timestamp(ref.start)]
        if ref.end is not None:
            rows = rows[rows["period_end"] <= pd.Timestamp(ref.end)]
        return rows.sort_values("period_start")

    def series_size(self, ref: SeriesRef) -> int:
        """How many observations the series *ref* selects (`series_observations`), from
        the index where it has no dates to keep to."""
        if self.observations.empty or ref.indicator is None:
            return 0
        if ref.start is not None or ref.end is not None:
            return len(self.series_observations(ref))
        if ref.series is None:
            return len(self._index("indicator").get(ref.indicator, ()))
        return len(self._index("series").get((ref.indicator, ref.series), ()))

    def observations_citing(self, source_id: str) -> pd.DataFrame:
        """The observations whose source, or one of whose via sources, is *source_id*,
        in their order (an index lookup, for a sources tab of thousands of sources)."""
        obs = self.observations
        if obs.empty:
            return obs
        return obs.iloc[self._index("source").get(source_id, [])]

    def citing_positions(self, source_id: str) -> list[int]:
        """The positions in `observations` of the rows `observations_citing` gives."""
        if self.observations.empty:
            return []
        return self._index("source").get(source_id, [])

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
        memo: dict[tuple[str, str, str], str] = {}  # many rows share their chain
        out = []
        for cells in cols:
            key = (cell_text(cells[0]), cell_text(cells[1]), cell_text(cells[2]))
            text = memo.get(key)
            if text is None:
                text = memo[key] = self._cells_attribution(*key)
            out.append(text)
        return out

    def problems(self, severity: Severity | None = None) -> list[Problem]:
        return [p for p in self.warnings if severity is None or p.severity == severity]
