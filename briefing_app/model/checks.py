"""Build the briefing's checks: evaluate each formula on the observations' values.

A check whose figures disagree (it does not hold, or it understates or overstates) is a
finding of the briefing (`Severity.FINDING`), neither an error nor a warning about the
package: a reported figure that disagrees is what the briefing is there to show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing_app.model import spec
from briefing_app.model.briefing import Briefing
from briefing_app.model.context import LoadContext
from briefing_app.model.entities import cell_text
from briefing_app.model.fmt import fmt_number, fmt_signed, fmt_value
from briefing_app.model.formula import FormulaError, evaluate, references
from briefing_app.model.published import check_decimals
from briefing_app.model.types import CheckResult


def _english_number(x: float) -> str:
    return fmt_number(x, lang="en")


def build_checks(ctx: LoadContext, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
    """Fill ``b.checks`` from the checks table of *t*, if there are checks and observations."""
    ch = t.get("checks")
    obs = t.get("observations")
    if ch is None or obs is None:
        return
    file = ctx.file_of["checks"]
    values: dict[str, float] = {}
    published: dict[str, tuple[int | None, str]] = {}  # decimals, qualifier
    decimals = obs.get("decimals", pd.Series([None] * len(obs)))
    # whether each observation is later than the as-of date, in one pass over the table:
    # asked an id at a time (`Briefing.observation_is_later`), 2,000 checks of three
    # figures each took seconds
    later_flags = b.observation_later_flags(obs) if len(obs) else []
    later: dict[str, bool] = {}
    cols = (obs["id"], obs["value"], decimals, obs["qualifier"], later_flags)
    for k, v, d, q, is_later in zip(*cols, strict=True):
        if isinstance(k, str) and k:
            values.setdefault(k, float(v))  # a duplicate id is an error; use the first
            published.setdefault(k, (None if d is None else int(d), cell_text(q)))
            later.setdefault(k, bool(is_later))
    for i, r in enumerate(ch.itertuples(index=False)):
        row = i + 2
        if not cell_text(r.id):
            continue
        formula = cell_text(r.formula)
        reported_id = cell_text(r.reported) or None
        # an observation without a valid value has its own error; do not compute with it
        inputs = [*references(formula), *([reported_id] if reported_id else [])]
        if not formula or any(k in values and np.isnan(values[k]) for k in inputs):
            ctx.refused.add(("checks", r.id))
            continue
        published_in = [k for k in inputs if k in published]
        # the expression is kept in English (the data export writes it as it is); the
        # views show it in their language (CheckResult.computed_text)
        shown = {k: fmt_number(values[k], published[k][0], "en") for k in published_in}
        try:
            computed, expr = evaluate(formula, values, _english_number, shown)
        except FormulaError as exc:
            ctx.err(str(exc), "formula", file, row)
            ctx.refused.add(("checks", r.id))
            continue
        reported = values.get(reported_id) if reported_id else None
        tol = 0.0 if pd.isna(r.tolerance) else float(r.tolerance)
        relation = cell_text(r.relation)
        if tol < 0 or relation not in spec.RELATIONS:  # schema errors
            ctx.refused.add(("checks", r.id))
            continue
        res = CheckResult(
            r.id,
            cell_text(r.title),
            cell_text(r.unit),
            formula,
            expr,
            computed,
            reported,
            reported_id,
            relation,
            tol,
            cell_text(r.note),
            tuple(references(formula)),
            reported_qualifier=published.get(reported_id or "", (None, ""))[1],
            reported_decimals=published.get(reported_id or "", (None, ""))[0],
            decimals=check_decimals(computed, [published[k][0] for k in published_in]),
            later=tuple(k for k in dict.fromkeys(inputs) if later.get(k, False)),
        )
        b.checks[r.id] = res
        if res.is_finding:
            ctx.finding(check_finding(res), file, row)


#: what a one-sided relation asks of the computed figure
_SHOULD_BE = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
}


def check_finding(res: CheckResult) -> str:
    """A check whose figures disagree, with both numbers and the difference."""
    diff = f"difference {fmt_signed(res.difference or 0, res.decimals)}"
    if res.tolerance:
        diff += f"; tolerance {fmt_number(res.tolerance)}"
    reported = fmt_value(res.reported, "", res.reported_qualifier, res.reported_decimals)
    should = _SHOULD_BE.get(res.relation)
    if res.holds:  # it holds, but the figure is another one rounded as it was
        return (
            f"check {res.id!r} {res.judgement}: reported {reported}, "
            f"computed {res.computed_text} ({diff})"
        )
    if should:
        return (
            f"check {res.id!r} does not hold: computed {res.computed_text} should be {should} "
            f"the reported {reported} ({diff})"
        )
    return (
        f"check {res.id!r} does not hold: reported {reported}, "
        f"computed {res.computed_text} ({diff})"
    )
