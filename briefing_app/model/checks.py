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
from briefing_app.model.i18n import N_, Later, Message, msg, tr
from briefing_app.model.published import check_decimals
from briefing_app.model.types import JUDGEMENT_WORDS, CheckResult


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


#: a check that does not hold, by what its one-sided relation asks of the computed
#: figure (a whole sentence each: a translation words each its own way)
_SHOULD_BE = {
    "at_least": N_(
        "check {id} does not hold: computed {computed} should be at least the reported "
        "{reported} ({difference})"
    ),
    "more_than": N_(
        "check {id} does not hold: computed {computed} should be more than the reported "
        "{reported} ({difference})"
    ),
    "at_most": N_(
        "check {id} does not hold: computed {computed} should be at most the reported "
        "{reported} ({difference})"
    ),
    "less_than": N_(
        "check {id} does not hold: computed {computed} should be less than the reported "
        "{reported} ({difference})"
    ),
}


def _difference(difference: float, decimals: int | None, tolerance: float) -> str:
    """'difference −10; tolerance 5', in the language spoken when it is shown."""
    if tolerance:
        return tr("difference {difference}; tolerance {tolerance}").format(
            difference=fmt_signed(difference, decimals), tolerance=fmt_number(tolerance)
        )
    return tr("difference {difference}").format(difference=fmt_signed(difference, decimals))


def _computed(res: CheckResult) -> str:
    return res.computed_text


def check_finding(res: CheckResult) -> Message:
    """A check whose figures disagree, with both numbers and the difference (written
    in the language of the moment it is shown: `i18n.Message`)."""
    values = dict(
        id=repr(res.id),
        difference=Later(_difference, res.difference or 0, res.decimals, res.tolerance),
        reported=Later(fmt_value, res.reported, "", res.reported_qualifier, res.reported_decimals),
        computed=Later(_computed, res),
    )
    should = _SHOULD_BE.get(res.relation)
    if res.holds:  # it holds, but the figure is another one rounded as it was
        judgement = Message(JUDGEMENT_WORDS.get(res.judgement, res.judgement))
        return msg(
            "check {id} {judgement}: reported {reported}, computed {computed} ({difference})",
            judgement=judgement,
            **values,
        )
    if should:
        return Message(should, values)
    return msg(
        "check {id} does not hold: reported {reported}, computed {computed} ({difference})",
        **values,
    )
