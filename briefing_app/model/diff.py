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
from briefing_app.model.fmt import fmt_number, fmt_period
from briefing_app.model.i18n import N_, ntr, tr
from briefing_app.model.types import JUDGEMENT_WORDS, Source

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
#: an item's kind in words, in the language of the interface (`tr`)
KIND_WORDS = {
    "tab": N_("tab"),
    "chart": N_("chart"),
    "figure": N_("figure"),
    "check": N_("check"),
    "claim": N_("claim"),
    "quote": N_("quote"),
    "position": N_("position"),
    "poll": N_("poll"),
    "event": N_("event"),
    "source": N_("source"),
}
#: the headings of the kinds of difference (`ChangeLists.sections`)
FIGURES_CHANGED = N_("Figures changed")
ADDED = N_("Added")
REMOVED = N_("Removed")
VERDICTS_CHANGED = N_("Checks whose verdict changed")
SOURCES_CHANGED = N_("Sources added or revised")
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
        """'Title (as of 2024-12-01, version 1.0.0)', in the language of the interface."""
        if self.version:
            return tr("{title} (as of {date}, version {version})").format(
                title=self.title, date=self.as_of, version=self.version
            )
        return tr("{title} (as of {date})").format(title=self.title, date=self.as_of)


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
        """The change in one line, in the language of the interface."""
        when = (
            self.new_period
            if self.old_period == self.new_period
            else (f"{self.old_period} → {self.new_period}")
        )
        values = dict(id=self.id, indicator=self.indicator, when=when, old=self.old, new=self.new)
        if self.old_source == self.new_source:
            return tr("{id} ({indicator}, {when}): {old} → {new}; source: {source}").format(
                source=self.new_source, **values
            )
        return tr(
            "{id} ({indicator}, {when}): {old} → {new}; source was {old_source}, now {new_source}"
        ).format(old_source=self.old_source, new_source=self.new_source, **values)


@dataclass(frozen=True)
class Item:
    """An item present in one edition only."""

    kind: str
    id: str
    title: str

    @property
    def text(self) -> str:
        kind = tr(KIND_WORDS[self.kind]) if self.kind in KIND_WORDS else self.kind
        if self.title:
            return tr("{kind} {id}: {title}").format(kind=kind, id=repr(self.id), title=self.title)
        return tr("{kind} {id}").format(kind=kind, id=repr(self.id))


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
        """Its head line, then what the verdict was and is, a line each (indented)."""
        if self.flipped:
            head = tr("{id} ({title}): {old} → {new}").format(
                id=self.id,
                title=self.title,
                old=tr(JUDGEMENT_WORDS.get(self.old_judgement, self.old_judgement)),
                new=tr(JUDGEMENT_WORDS.get(self.new_judgement, self.new_judgement)),
            )
        else:
            head = tr("{id} ({title})").format(id=self.id, title=self.title)
        was = tr("was: {verdict}").format(verdict=self.old_verdict)
        now = tr("now: {verdict}").format(verdict=self.new_verdict)
        return f"{head}\n    {was}\n    {now}"


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
            return tr("{id} (added): {citation}").format(id=self.id, citation=self.new_citation)
        head = tr("{id} (revised: {fields}): {citation}").format(
            id=self.id, fields=", ".join(self.fields), citation=self.new_citation
        )
        was = tr("was: {verdict}").format(verdict=self.old_citation)
        return f"{head}\n    {was}"


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
        """(heading, entries) of each kind of difference there is, in a fixed order; the
        headings in the language of the interface."""
        out = [
            (tr(FIGURES_CHANGED), self.figures),
            (tr(ADDED), self.added),
            (tr(REMOVED), self.removed),
            (tr(VERDICTS_CHANGED), self.verdicts),
            (tr(SOURCES_CHANGED), self.sources),
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
        """'3 figures changed, 1 removed', or 'no changes' (in the language of the
        interface: 3 показники змінено, 1 вилучено)."""
        c = self.counts()
        forms = (
            ntr("{n} figure changed", "{n} figures changed", c["figures_changed"]),
            ntr("{n} added", "{n} added", c["added"]),
            ntr("{n} removed", "{n} removed", c["removed"]),
            ntr(
                "{n} check's verdict changed",
                "{n} checks' verdicts changed",
                c["verdicts_changed"],
            ),
            ntr(
                "{n} source added or revised",
                "{n} sources added or revised",
                c["sources_added_or_revised"],
            ),
        )
        parts = [
            form.format(n=fmt_number(n)) for n, form in zip(c.values(), forms, strict=True) if n
        ]
        return ", ".join(parts) or tr("no changes")

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
