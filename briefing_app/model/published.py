"""A figure as it was published: its decimals, its rounding, its publication date.

A briefing prints a figure as its source wrote it: "16.0" stays 16.0 and "4.60" stays
4.60, although both are just numbers once read. The loader keeps the decimals a
number cell was written with (`decimals_of`); a check prints its computed figure and
the difference with the decimals its figures were published with (`check_decimals`);
and a one-sided check ("over 6,000", "four times") says the reported figure
understates the computed one when the computed figure, rounded as the reported one
was (`rounding_unit`), is still above it.

`published_date` reads a source's ``published`` cell, which may be an ISO date or
free text ("Dec 2024", "daily"), so that the model can tell a figure published after
the briefing's "as of" date. No Qt and no pandas here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

#: the most decimals a figure is printed with, whatever its cell says
MAX_DECIMALS = 15
#: decimals a computed figure that its inputs' decimals do not show exactly gets
COMPUTED_DECIMALS = 2

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def decimals_of(text: str) -> int:
    """Decimals a number cell was written with: '16.0' → 1, '4.60' → 2, '6000' → 0,
    '2.5e-3' → 4 (the decimals of the number it writes); 0 for anything else."""
    s = text.strip()
    if "e" not in s and "E" not in s:
        dot = s.find(".")
        return 0 if dot < 0 else min(MAX_DECIMALS, len(s) - dot - 1)
    try:
        exponent = Decimal(s).as_tuple().exponent
    except (InvalidOperation, ValueError):
        return 0
    return 0 if not isinstance(exponent, int) else min(MAX_DECIMALS, max(0, -exponent))


def decimals_list(texts: Iterable[str]) -> list[int]:
    return [decimals_of(t) for t in texts]


def rounding_unit(value: float, decimals: int | None = None) -> float:
    """The step a published figure is rounded to: 10^-d for a figure written with d
    decimals (4.60 → 0.01); for a whole number, the place of its last non-zero digit
    (6000 → 1,000; 45680 → 10; 4 → 1; 0 → 1).

    Without *decimals* (a figure not read from a cell), the shortest text of *value*
    says: 0.003 → 0.001.
    """
    if not math.isfinite(value):
        return 1.0
    if decimals is None:
        decimals = decimals_of(repr(float(value))) if not float(value).is_integer() else 0
    if decimals > 0:
        return 10.0**-decimals
    whole = abs(round(value))
    if whole == 0:
        return 1.0
    zeros = 0
    while whole % 10 == 0:
        whole //= 10
        zeros += 1
    return 10.0**zeros


def check_decimals(computed: float, used: Iterable[int | None]) -> int | None:
    """Decimals a check prints its computed figure and difference with.

    The most decimals of the figures it uses (*used*: the decimals of its inputs and of
    its reported figure as published), or, when that does not show the computed figure
    exactly (a ratio, a rate), the fewest up to `COMPUTED_DECIMALS` that do, else
    `COMPUTED_DECIMALS`: 6,188 ÷ 1,344 is 4.60 and 6,188 ÷ 2,045 is 3.03, beside each
    other. None (the default formatting, which keeps three significant digits) for a
    small computed figure that would show as 0.00.
    """
    d = max((u for u in used if u is not None), default=0)
    for k in range(d, max(d, COMPUTED_DECIMALS) + 1):
        if math.isclose(computed, round(computed, k), rel_tol=1e-12, abs_tol=1e-12):
            return k
    if computed != 0 and abs(computed) < 0.1:
        return None
    return max(d, COMPUTED_DECIMALS)


def published_date(text: str | None) -> dt.date | None:
    """The earliest day a ``published`` cell can mean, if it is an ISO date:
    '2025-01-07' → 7 Jan 2025, '2024-12' → 1 Dec 2024, '2025' → 1 Jan 2025.
    None for anything else ('Dec 2024', 'daily', '')."""
    m = _ISO.match((text or "").strip())
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None
