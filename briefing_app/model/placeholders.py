"""Placeholders a package still holds: what ``briefing-app new`` wrote for the analyst to
replace.  Each is a warning, not an error, so that the starting package opens and
validates while it says what is left to do; a briefing with none is finished.

A placeholder is a cell holding the marker `MARKER` (``REPLACE-ME``, in any case).  Only
sources are checked: every figure, quote and event rests on one, and a briefing must not
go out citing an invented address.
"""

from __future__ import annotations

import pandas as pd

from briefing_app.model.context import LoadContext
from briefing_app.model.i18n import msg, nmsg
from briefing_app.model.limits import MAX_LISTED

MARKER = "REPLACE-ME"
#: the fields of ``sources`` checked, and what each is called in the warning
SOURCE_FIELDS = {"url": "address", "publisher": "publisher", "title": "title"}


def is_placeholder(text: object) -> bool:
    """Whether *text* holds the placeholder marker."""
    return isinstance(text, str) and MARKER.casefold() in text.casefold()


def check_source_placeholders(ctx: LoadContext, sources: pd.DataFrame, file: str) -> None:
    """Warn of each source field that is still a placeholder: ``sources.csv:3:url: source
    address is a placeholder; replace it with the real one``."""
    for fname, words in SOURCE_FIELDS.items():
        if fname not in sources:
            continue
        rows = [i for i, v in enumerate(sources[fname].tolist()) if is_placeholder(v)]
        for i in rows[:MAX_LISTED]:
            ctx.warn(
                msg("source {words} is a placeholder; replace it with the real one", words=words),
                fname,
                file=file,
                row=i + 2,
            )
        if len(rows) > MAX_LISTED:
            ctx.warn(
                nmsg(
                    "{count} more row with the same kind of problem",
                    "{count} more rows with the same kind of problem",
                    len(rows) - MAX_LISTED,
                    count=len(rows) - MAX_LISTED,
                ),
                fname,
                file=file,
                row=rows[MAX_LISTED] + 2,
            )
