"""Build the briefing's entities from its typed tables, and check how they refer to each other.

Sources, observations, claims, quotes, positions, polls and events come from their
tables here; ``checks.py`` builds the checks.  Each table's own problems (types,
constraints, duplicate ids) were reported when it was read; this reports what only
the tables together show: ids that name nothing, periods that end before they start.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from briefing_app.model import spec
from briefing_app.model.briefing import Briefing
from briefing_app.model.context import LoadContext, short
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import Later, msg
from briefing_app.model.kinds import unknown_ref
from briefing_app.model.placeholders import check_source_placeholders
from briefing_app.model.types import Claim, Event, Poll, PollAnswer, Position, Quote, Source


def cell_text(value: Any) -> str:
    """Plain string of a cell, '' for missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def cell_date(value: Any) -> dt.date | None:
    """The date of a date cell, None for missing."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def cell_ids(value: Any) -> tuple[str, ...]:
    """The ids of a cell that lists them separated by spaces."""
    return tuple(cell_text(value).split())


def _iso(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def build_entities(ctx: LoadContext, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
    """Fill *b* with the entities of tables *t* (by resource name), reporting bad references."""
    f = ctx.file_of
    src = t.get("sources")
    if src is not None:
        for r in src.itertuples(index=False):
            if not cell_text(r.id):
                continue
            b.sources[r.id] = Source(
                r.id,
                cell_text(r.publisher),
                cell_text(r.title),
                cell_text(r.short_name),
                cell_text(r.published),
                cell_text(r.url),
                cell_text(r.note),
            )
        check_source_placeholders(ctx, src, f["sources"])  # what `new` left to replace
    _foreign_keys(ctx, t)
    obs = t.get("observations")
    if obs is not None:
        b.observations = obs
        _check_observations(ctx, b, obs, f["observations"])
    for name, frame in t.items():
        if name not in spec.SCHEMAS:
            b.series_tables[name] = frame
    cl = t.get("claims")
    if cl is not None:
        _check_source_ids(ctx, cl["sources"], "sources", f["claims"], b)
        for r in cl.itertuples(index=False):
            if not cell_text(r.id):
                continue
            b.claims[r.id] = Claim(
                r.id,
                cell_text(r.topic),
                cell_text(r.claim),
                cell_text(r.article_says),
                cell_text(r.actually_said),
                cell_text(r.cross_check),
                cell_ids(r.sources),
                cell_date(r.date),
            )
    q = t.get("quotes")
    if q is not None:
        _check_source_ids(ctx, q["via"], "via", f["quotes"], b)
        for r in q.itertuples(index=False):
            if not cell_text(r.id):
                continue
            b.quotes[r.id] = Quote(
                r.id,
                cell_text(r.speaker),
                cell_text(r.text),
                cell_text(r.status),
                cell_text(r.role),
                cell_date(r.date),
                cell_text(r.source) or None,
                cell_ids(r.via),
                cell_text(r.note),
                # optional: a package declares them in its quotes schema
                cell_text(getattr(r, "language", None)) or ctx.languages[0],
                *_default_translation(r, ctx.languages[0]),
            )
    p = t.get("positions")
    if p is not None:
        for r in p.itertuples(index=False):
            if not cell_text(r.id):
                continue
            b.positions[r.id] = Position(
                r.id,
                cell_text(r.party),
                cell_text(r.topic),
                cell_text(r.position),
                cell_text(r.article_wording),
                cell_text(r.source) or None,
                cell_date(r.date),
            )
    _build_polls(ctx, b, t)
    ev = t.get("events")
    if ev is not None:
        _check_source_ids(ctx, ev["sources"], "sources", f["events"], b)
        for r in ev.itertuples(index=False):
            if not cell_text(r.id):
                continue
            if r.date is None or pd.isna(r.date):
                # its missing date is reported with the table; ids naming it are not
                ctx.refused.add(("events", r.id))
                continue
            b.events[r.id] = Event(
                r.id,
                cell_date(r.date),
                cell_text(r.title),
                cell_text(r.description),
                cell_ids(r.sources),
                # optional: a package declares the column in its events schema
                cell_text(getattr(r, "place", None)),
            )


def _default_translation(r: Any, default: str) -> tuple[str, str, str]:
    """A quote's words in the package's default language, that language and who
    translated them, when the quote is in another language; else empty."""
    words = cell_text(getattr(r, "translation", None))
    own = cell_text(getattr(r, "language", None)) or default
    if not words.strip() or own == default:
        return "", "", ""
    return words, default, cell_text(getattr(r, "translated_by", None))


def _check_observations(ctx: LoadContext, b: Briefing, obs: pd.DataFrame, file: str) -> None:
    rows = np.arange(len(obs)) + 2
    bad = (obs["period_end"] < obs["period_start"]).to_numpy()
    for i in np.flatnonzero(bad)[:10]:
        ctx.err(
            msg(
                "the period ends ({end}) before it starts ({start})",
                end=_iso(obs["period_end"].iat[i]),
                start=_iso(obs["period_start"].iat[i]),
            ),
            "period_end",
            file,
            int(rows[i]),
        )
    _check_source_ids(ctx, obs["via"], "via", file, b)
    if not b.indicators:
        return
    known = obs["indicator"].isin(list(b.indicators)).to_numpy()
    for i in np.flatnonzero(~known & obs["indicator"].notna().to_numpy())[:10]:
        ctx.err(
            msg(
                "unknown indicator {iat} (declare it in briefing.indicators in datapackage.json)",
                iat=repr(obs["indicator"].iat[i]),
            ),
            "indicator",
            file,
            int(rows[i]),
        )
    # vectorised: a package may declare many indicators and many rows
    values = obs["value"].to_numpy(dtype=float)
    minimum = {k: i.minimum for k, i in b.indicators.items() if i.minimum is not None}
    mins = obs["indicator"].map(minimum).to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        low = values < mins  # False where either is missing
    for i in np.flatnonzero(low)[:10]:
        ctx.err(
            msg(
                "{value} is below {minimum}, the minimum for indicator {iat}",
                value=Later(fmt_number, float(values[i])),
                minimum=Later(fmt_number, float(mins[i])),
                iat=repr(obs["indicator"].iat[i]),
            ),
            "value",
            file,
            int(rows[i]),
        )
    unit_of = {k: i.unit for k, i in b.indicators.items() if i.unit}
    units = obs["indicator"].map(unit_of)
    odd = (units.notna() & obs["unit"].notna() & (obs["unit"] != units)).to_numpy()
    listed: dict[str, int] = {}
    for i in np.flatnonzero(odd):
        ind = obs["indicator"].iat[i]
        if listed.get(ind, 0) >= 3:  # the first three rows of each indicator
            continue
        listed[ind] = listed.get(ind, 0) + 1
        ctx.warn(
            msg(
                "unit {iat} differs from the unit of indicator {indicator}, {indicator_unit}",
                iat=repr(obs["unit"].iat[i]),
                indicator=repr(ind),
                indicator_unit=repr(unit_of[ind]),
            ),
            "unit",
            file,
            int(rows[i]),
        )
        if sum(listed.values()) >= 30:
            break


def _build_polls(ctx: LoadContext, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
    polls = t.get("polls")
    answers = t.get("poll_answers")
    if polls is None:
        return
    file = ctx.file_of["polls"]
    by_poll: dict[Any, list[PollAnswer]] = {}
    if answers is not None:
        decimals = answers.get("decimals", pd.Series([None] * len(answers)))
        for poll_id, a, share, d in zip(
            answers["poll"], answers["answer"], answers["share"], decimals, strict=True
        ):
            if not pd.isna(share):
                answer = PollAnswer(cell_text(a), float(share), None if d is None else int(d))
                by_poll.setdefault(poll_id, []).append(answer)
    for i, r in enumerate(polls.itertuples(index=False)):
        if not cell_text(r.id):
            continue
        ans = tuple(by_poll.get(r.id, ()))
        if answers is not None:
            total = sum(a.share for a in ans)
            if total > 100.5:
                ctx.warn(
                    msg(
                        "answer shares of poll {id} add up to {total}%, over 100%",
                        id=repr(r.id),
                        total=format(total, ".1f"),
                    ),
                    "share",
                    ctx.file_of.get("poll_answers", ""),
                )
        start, end = cell_date(r.fieldwork_start), cell_date(r.fieldwork_end)
        if start and end and end < start:
            ctx.err(
                msg(
                    "fieldwork ends ({end}) before it starts ({start})",
                    end=end.isoformat(),
                    start=start.isoformat(),
                ),
                "fieldwork_end",
                file,
                i + 2,
            )
        sample = None if pd.isna(r.sample) else int(r.sample)
        b.polls[r.id] = Poll(
            r.id,
            cell_text(r.pollster),
            cell_text(r.question),
            ans,
            cell_text(r.commissioner),
            start,
            end,
            sample,
            cell_text(r.method),
            cell_text(r.source) or None,
            cell_text(r.note),
        )


def _check_source_ids(ctx: LoadContext, col: pd.Series, fname: str, file: str, b: Briefing) -> None:
    """Space-separated source ids must name existing sources."""
    listed = 0
    sources_file = ctx.file_of.get("sources", "sources.csv")
    for i, v in enumerate(col):
        for sid in cell_ids(v):
            if sid not in b.sources:
                if listed < 10:
                    ctx.err(
                        msg(
                            "unknown source {ref} (no such id in {file})",
                            ref=repr(short(sid)),
                            file=sources_file,
                        ),
                        fname,
                        file,
                        i + 2,
                    )
                listed += 1


def _foreign_keys(ctx: LoadContext, t: dict[str, pd.DataFrame]) -> None:
    """The format's foreign keys (``spec.SCHEMAS``) must name rows that exist."""
    for name, frame in t.items():
        sch = spec.SCHEMAS.get(name)
        if not sch:
            continue
        for fk in sch.get("foreignKeys", []):
            col = fk["fields"][0]
            target = fk["reference"]["resource"]
            tcol = fk["reference"]["fields"][0]
            tframe = t.get(target)
            if tframe is None:
                if target not in ctx.failed and frame[col].notna().any():
                    ctx.err(
                        msg(
                            "refers to resource {target}, which the package does not have",
                            target=repr(target),
                        ),
                        col,
                        ctx.file_of[name],
                    )
                continue
            vals = frame[col]
            present = vals.notna() & (vals.astype(str) != "")
            dangling = (present & ~vals.isin(set(tframe[tcol]))).to_numpy()
            for i in np.flatnonzero(dangling)[:10]:
                ctx.err(
                    unknown_ref(
                        target.removesuffix("s"),
                        repr(short(str(vals.iat[i]))),
                        ctx.file_of.get(target, target),
                    ),
                    col,
                    ctx.file_of[name],
                    int(i) + 2,
                )
