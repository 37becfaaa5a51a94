"""Build the briefing's checks: evaluate each formula on the observations' values.

A check that does not hold is a warning, not an error: the package is still shown,
with the check marked, because a reported figure that disagrees is worth seeing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing_app.model.context import LoadContext
from briefing_app.model.entities import cell_text
from briefing_app.model.formula import FormulaError, evaluate, references
from briefing_app.model.types import Briefing, CheckResult, fmt_number, fmt_signed


def build_checks(ctx: LoadContext, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
    """Fill ``b.checks`` from the checks table of *t*, if there are checks and observations."""
    ch = t.get("checks")
    obs = t.get("observations")
    if ch is None or obs is None:
        return
    file = ctx.file_of["checks"]
    values: dict[str, float] = {}
    for k, v in zip(obs["id"], obs["value"], strict=True):
        if isinstance(k, str) and k:
            values.setdefault(k, float(v))  # a duplicate id is an error; use the first
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
        try:
            computed, expr = evaluate(formula, values, fmt_number)
        except FormulaError as exc:
            ctx.err(str(exc), "formula", file, row)
            ctx.refused.add(("checks", r.id))
            continue
        reported = values.get(reported_id) if reported_id else None
        tol = 0.0 if pd.isna(r.tolerance) else float(r.tolerance)
        relation = cell_text(r.relation)
        if tol < 0 or relation not in ("equal", "at_least", "at_most"):  # schema errors
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
        )
        b.checks[r.id] = res
        if res.holds is False:
            ctx.warn(check_warning(res), "", file, row)


def check_warning(res: CheckResult) -> str:
    """A check that does not hold, with both numbers and the difference."""
    diff = f"difference {fmt_signed(res.difference or 0)}"
    if res.tolerance:
        diff += f"; tolerance {fmt_number(res.tolerance)}"
    reported = fmt_number(res.reported)
    if res.relation == "at_least":
        return (
            f"check {res.id!r} does not hold: computed {res.computed_text} should be at least "
            f"the reported {reported} ({diff})"
        )
    if res.relation == "at_most":
        return (
            f"check {res.id!r} does not hold: computed {res.computed_text} should be at most "
            f"the reported {reported} ({diff})"
        )
    return (
        f"check {res.id!r} does not hold: reported {reported}, "
        f"computed {res.computed_text} ({diff})"
    )
