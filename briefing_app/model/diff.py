"""What changed between two editions of a briefing: figures, items, verdicts, sources.

`diff_briefings(old, new)` compares two loaded briefings item by item, by id:

- **figures changed**: an observation in both whose figure as published (value,
  qualifier, decimals, unit), period or attribution differs, with both sides;
- **items added and removed**: figures, checks, claims, quotes, positions, polls,
  events, sources, charts and tabs present on one side only;
- **verdicts changed**: a check in both whose verdict line differs (``flipped`` when its
  judgement does: "does not hold" to "holds");
- **sources added or revised**: a new source, or one whose citation fields differ.

Qt-free and free of the plan: which tab shows what is `briefing_app.content.changes`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_period
from briefing_app.model.types import Source

#: the kinds of item compared by id, and how each is named in a line ("quote 'q1'")
ITEM_KINDS = (
    ("tab", "tabs"),
    ("chart", "charts"),
    ("figure", "observations"),
    ("check", "checks"),
    ("claim", "claims"),
    ("quote", "quotes"),
    ("position", "positions"),
    ("poll", "polls"),
    ("event", "events"),
    ("source", "sources"),
)
SOURCE_FIELDS = ("publisher", "short_name", "title", "published", "url", "note")


@dataclass(frozen=True)
class Edition:
    """Which edition: for headings and ``--json``."""

    title: str
    version: str
    as_of: str
    checksum: str
    location: str

    @classmethod
    def of(cls, b: Briefing) -> Edition:
        return cls(b.title, b.version, b.as_of.isoformat(), b.short_checksum, b.location)

    @property
    def label(self) -> str:
        version = f", version {self.version}" if self.version else ""
        return f"{self.title} (as of {self.as_of}{version})"


@dataclass(frozen=True)
class FigureChange:
    """An observation whose figure, period or attribution changed."""

    id: str
    indicator: str
    old: str
    new: str
    old_period: str
    new_period: str
    old_source: str
    new_source: str

    @property
    def text(self) -> str:
        when = (
            self.new_period
            if self.old_period == self.new_period
            else (f"{self.old_period} → {self.new_period}")
        )
        line = f"{self.id} ({self.indicator}, {when}): {self.old} → {self.new}"
        if self.old_source == self.new_source:
            return f"{line}; source: {self.new_source}"
        return f"{line}; source was {self.old_source}, now {self.new_source}"


@dataclass(frozen=True)
class Item:
    """An item present in one edition only."""

    kind: str
    id: str
    title: str

    @property
    def text(self) -> str:
        return (
            f"{self.kind} {self.id!r}: {self.title}" if self.title else f"{self.kind} {self.id!r}"
        )


@dataclass(frozen=True)
class VerdictChange:
    """A check in both editions whose verdict line differs."""

    id: str
    title: str
    old_judgement: str
    new_judgement: str
    old_verdict: str
    new_verdict: str

    @property
    def flipped(self) -> bool:
        return self.old_judgement != self.new_judgement

    @property
    def text(self) -> str:
        head = f"{self.id} ({self.title})"
        if self.flipped:
            head += f": {self.old_judgement} → {self.new_judgement}"
        return f"{head}\n    was: {self.old_verdict}\n    now: {self.new_verdict}"


@dataclass(frozen=True)
class SourceChange:
    """A source new in this edition, or one whose citation changed."""

    id: str
    name: str
    added: bool
    fields: tuple[str, ...]
    old_citation: str
    new_citation: str

    @property
    def text(self) -> str:
        if self.added:
            return f"{self.id} (added): {self.new_citation}"
        return (
            f"{self.id} (revised: {', '.join(self.fields)}): {self.new_citation}"
            f"\n    was: {self.old_citation}"
        )


@dataclass
class ChangeLists:
    """The kinds of difference, each a list (of a whole briefing, or of one tab)."""

    figures: list[FigureChange] = field(default_factory=list)
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)
    sources: list[SourceChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.figures or self.added or self.removed or self.verdicts or self.sources)

    def sections(self) -> list[tuple[str, list[Any]]]:
        """(heading, entries) of each kind of difference there is, in a fixed order."""
        out = [
            ("Figures changed", self.figures),
            ("Added", self.added),
            ("Removed", self.removed),
            ("Checks whose verdict changed", self.verdicts),
            ("Sources added or revised", self.sources),
        ]
        return [(h, items) for h, items in out if items]


@dataclass
class BriefingDiff(ChangeLists):
    """Everything that differs between two editions (see the module)."""

    old: Edition = field(kw_only=True)
    new: Edition = field(kw_only=True)

    def changed_figure_ids(self) -> set[str]:
        """Observations changed or added: what a chart marks as new."""
        return {f.id for f in self.figures} | {i.id for i in self.added if i.kind == "figure"}

    def counts(self) -> dict[str, int]:
        return {
            "figures_changed": len(self.figures),
            "added": len(self.added),
            "removed": len(self.removed),
            "verdicts_changed": len(self.verdicts),
            "sources_added_or_revised": len(self.sources),
        }

    def summary(self) -> str:
        """'3 figures changed, 1 removed', or 'no changes'."""
        words = (
            ("figure changed", "figures changed"),
            ("added", "added"),
            ("removed", "removed"),
            ("check's verdict changed", "checks' verdicts changed"),
            ("source added or revised", "sources added or revised"),
        )
        parts = [
            f"{n} {one if n == 1 else many}"
            for n, (one, many) in zip(self.counts().values(), words, strict=True)
            if n
        ]
        return ", ".join(parts) or "no changes"

    def to_dict(self) -> dict[str, Any]:
        def rows(items: list) -> list[dict]:
            out = []
            for x in items:
                d = dataclasses.asdict(x)
                if isinstance(x, VerdictChange):
                    d["flipped"] = x.flipped
                out.append(d)
            return out

        return {
            "old": dataclasses.asdict(self.old),
            "new": dataclasses.asdict(self.new),
            "counts": self.counts(),
            "figures_changed": rows(self.figures),
            "added": rows(self.added),
            "removed": rows(self.removed),
            "verdicts_changed": rows(self.verdicts),
            "sources": rows(self.sources),
        }


def diff_briefings(old: Briefing, new: Briefing) -> BriefingDiff:
    """What changed from *old* to *new*."""
    d = BriefingDiff(old=Edition.of(old), new=Edition.of(new))
    old_items, new_items = items_of(old), items_of(new)
    for kind, _ in ITEM_KINDS:
        o, n = old_items[kind], new_items[kind]
        d.added += [Item(kind, i, n[i]) for i in n if i not in o]
        d.removed += [Item(kind, i, o[i]) for i in o if i not in n]
    d.figures = _figures(old, new)
    for cid, nc in new.checks.items():
        oc = old.checks.get(cid)
        if oc is not None and oc.verdict() != nc.verdict():
            d.verdicts.append(
                VerdictChange(cid, nc.title, oc.judgement, nc.judgement, oc.verdict(), nc.verdict())
            )
    for sid, ns in new.sources.items():
        os_ = old.sources.get(sid)
        if os_ is None:
            d.sources.append(SourceChange(sid, ns.name, True, (), "", ns.citation()))
            continue
        fields = _source_fields(os_, ns)
        if fields:
            d.sources.append(
                SourceChange(sid, ns.name, False, fields, os_.citation(), ns.citation())
            )
    return d


def items_of(b: Briefing) -> dict[str, dict[str, str]]:
    """Every item of *b* by kind, then id, with a short title."""
    obs = b.observations
    figures: dict[str, str] = {}
    if not obs.empty:
        for oid, ind in zip(obs["id"].tolist(), obs["indicator"].tolist(), strict=True):
            figures[oid] = f"{b.obs_text(oid)} ({ind})"
    return {
        "tab": {t.id: t.title for t in b.tabs},
        "chart": {c.id: c.title for t in b.tabs for c in t.charts},
        "figure": figures,
        "check": {k: c.title for k, c in b.checks.items()},
        "claim": {k: c.claim for k, c in b.claims.items()},
        "quote": {k: f"{q.speaker}: “{q.text}”" for k, q in b.quotes.items()},
        "position": {k: f"{p.party} on {p.topic}" for k, p in b.positions.items()},
        "poll": {k: p.question for k, p in b.polls.items()},
        "event": {k: f"{e.date.isoformat()} {e.title}" for k, e in b.events.items()},
        "source": {k: s.citation() for k, s in b.sources.items()},
    }


def _figures(old: Briefing, new: Briefing) -> list[FigureChange]:
    out = []
    o_rows, n_rows = _observation_rows(old), _observation_rows(new)
    for oid, nr in n_rows.items():
        orow = o_rows.get(oid)
        if orow is None:
            continue
        before = (old.obs_text(orow), _period(orow), old.observation_attribution(orow))
        after = (new.obs_text(nr), _period(nr), new.observation_attribution(nr))
        if before != after:
            out.append(
                FigureChange(
                    oid,
                    str(nr["indicator"]),
                    before[0],
                    after[0],
                    before[1],
                    after[1],
                    before[2],
                    after[2],
                )
            )
    return out


def _observation_rows(b: Briefing) -> dict[str, Any]:
    obs = b.observations
    if obs.empty:
        return {}
    return {row["id"]: row for _, row in obs.iterrows()}


def _period(row: Any) -> str:
    return fmt_period(row["period_start"], row["period_end"])


def _source_fields(a: Source, b: Source) -> tuple[str, ...]:
    return tuple(f for f in SOURCE_FIELDS if getattr(a, f) != getattr(b, f))
