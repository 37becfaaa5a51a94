"""The items of a briefing: sources, indicators, quotes, positions, polls, events,
claims, checks, charts and tabs. Typed, immutable, free of Qt.

The briefing that holds them is `briefing_app.model.briefing.Briefing`; how figures,
dates and periods are written is `briefing_app.model.fmt`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing_app.model.fmt import (
    fmt_date_range,
    fmt_number,
    fmt_signed,
    fmt_value,
    localise_numbers,
    with_unit,
)
from briefing_app.model.i18n import N_, tr
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
    #: the language the words were given in ("": the package's default)
    language: str = ""
    #: the words in the language the briefing is shown in, when that is not the quote's
    #: own ("" if none), the language of that translation and who made it
    translation: str = ""
    translation_language: str = ""
    translated_by: str = ""

    STATUS_LABELS = {  # noqa: RUF012 - a class constant, not a field
        "verified": N_("Verified against the original"),
        "as-quoted": N_("As quoted by the source article only"),
        "not-found": N_("Not found in the original"),
    }

    @property
    def status_label(self) -> str:
        label = self.STATUS_LABELS.get(self.status)
        return tr(label) if label else self.status


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
        return fmt_date_range(a, b) if (a or b) else tr("not stated")


@dataclass(frozen=True)
class Event:
    id: str
    date: dt.date
    title: str
    description: str = ""
    sources: tuple[str, ...] = ()
    #: where it happened: a place id (`places`), or ""
    place: str = ""


@dataclass(frozen=True)
class Place:
    """A named point for map labels and event markers (a row of `places`)."""

    id: str
    name: str
    latitude: float
    longitude: float
    source: str | None = None


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
    "at_least": N_("at least"),
    "more_than": N_("more than"),
    "at_most": N_("at most"),
    "less_than": N_("less than"),
    "about": N_("about"),
}
#: a check's judgement in words (`CheckResult.judgement_text`)
JUDGEMENT_WORDS = {
    "derived": N_("derived"),
    "holds": N_("holds"),
    "does not hold": N_("does not hold"),
    "understates": N_("understates"),
    "overstates": N_("overstates"),
}


#: the judgements of a check whose figures disagree: the briefing's findings
FINDING_JUDGEMENTS = ("does not hold", "understates", "overstates")


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
    def is_finding(self) -> bool:
        """Whether the figures disagree: the check does not hold, or holds but understates
        or overstates (a finding of the briefing, `Severity.FINDING`)."""
        return self.judgement in FINDING_JUDGEMENTS

    @property
    def computed_text(self) -> str:
        """'38,130 + 41,980 + 45,680 = 125,790', or just '41,974' for a single figure."""
        value = fmt_number(self.computed, self.decimals)
        expression = localise_numbers(self.expression)  # kept in English by the model
        return value if expression == value else f"{expression} = {value}"

    @property
    def judgement_text(self) -> str:
        """The judgement in the current language: 'does not hold', 'не справджується'."""
        return tr(JUDGEMENT_WORDS.get(self.judgement, self.judgement))

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
            return tr("Computed: {figures}").format(figures=computed) + self._later_text()
        reported = self.reported_text
        words = RELATION_WORDS.get(self.relation, "")
        reading = ""
        if words and not self.reported_qualifier:
            reading = tr(" (checked as {relation})").format(relation=tr(words))
        state = self.judgement_text
        if self.judgement in ("understates", "overstates"):
            value = with_unit(fmt_number(self.computed, self.decimals), self.unit)
            state = tr("{judgement}: computed {computed} against {reported}").format(
                judgement=state, computed=value, reported=reported
            )
        diff = fmt_signed(self.difference or 0.0, self.decimals)
        text = tr(
            "Reported {reported}{reading}; computed {computed}; difference {difference} "
            "({judgement})"
        )
        return (
            text.format(
                reported=reported,
                reading=reading,
                computed=computed,
                difference=diff,
                judgement=state,
            )
            + self._later_text()
        )

    def _later_text(self) -> str:
        if not self.later:
            return ""
        return tr(" — uses a figure later than the briefing's as-of date")


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
class MapSpec:
    """What a map chart draws: resource names of its layers, place ids, its view."""

    #: dated layers (GeoJSON resources), in date order: the slider steps through them
    layers: tuple[str, ...] = ()
    #: what the layers show, for the legend: "Russian-occupied territory (DeepStateMap)"
    label: str = ""
    #: the outlines under them (a GeoJSON resource), and the name of its country feature
    base: str | None = None
    country: str = ""
    #: the dates of the two layers set against each other: (start, end)
    compare: tuple[dt.date, dt.date] | None = None
    #: place ids to label, most important first
    places: tuple[str, ...] = ()
    #: "country", "layers", or (west, south, east, north) in degrees
    view: str | tuple[float, float, float, float] = "country"


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
    #: a map chart's layers, places and view
    map: MapSpec | None = None


@dataclass(frozen=True)
class MainSlide:
    """One slide of a tab's main deck: the items it shows, as ``"kind:id"`` references
    (``"chart:casualties-monthly"``, ``"check:cas-article-sum"``), and its title, the
    slide's message in words ("" when the package gives none)."""

    items: tuple[str, ...]
    title: str = ""


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
    #: the tab's main-deck slides as the package lists them; None: the package says nothing
    #: (the slides then choose, `briefing_app.content.deckplan`)
    main: tuple[MainSlide, ...] | None = None
