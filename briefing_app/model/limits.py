"""The format's limits, in one place: what a package may hold, and the dates and figures
every view can draw.

A real briefing stays far inside these (the bundled one has 58 observations, 23 sources
and 7 tabs); they exist so that no package, however made, can crash a renderer, fill the
memory or keep the viewer busy for minutes.  Within them, any package validates in
under 10 s and exports in any format in under 30 s, in under 1 GB (`make bench`; what the
handout, slides and tab images print of a long briefing is bounded by `content.bounds`);
beyond them, the package is refused with a message that names the limit.
``docs/briefing-package.md`` (Limits) lists them; the loader's modules import them from
here, and the sizes in bytes are `storage.Limits` (64 MiB a file, 128 MiB in all).
"""

from __future__ import annotations

import datetime as dt
import math

from briefing_app.model.i18n import Message, msg

# -- dates ---------------------------------------------------------------------------------
#: the earliest and latest day a package may name, in any date or date-time field of any
#: table, ``as_of``, a chart's ``highlight`` and a series' ``start`` and ``end``: every
#: renderer draws them (pandas' nanosecond timestamps end in 2262, Python's dates start
#: in year 1, pyqtgraph's date axis counts seconds from 1970)
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
DATE_RANGE_TEXT = msg("{start} to {end}", start=DATE_MIN.isoformat(), end=DATE_MAX.isoformat())

# -- figures -----------------------------------------------------------------------------
#: the largest magnitude of a number in a table (value, share, tolerance, a series
#: table's numbers) and of a check's computed figure: far beyond any count or amount a
#: briefing reports, and far enough from the float limit (1.8e308) that no axis range,
#: sum or difference of such figures overflows
MAX_ABS_VALUE = 1e15
MAX_ABS_VALUE_TEXT = "1e15"
#: the rule on figures, in words
VALUE_RULE = msg("figures may be at most {limit} either side of 0", limit=MAX_ABS_VALUE_TEXT)
#: what a number in the descriptor (a minimum, a constraint) must be, in words
NUMBER_WORDS = msg("a number, at most {limit} either side of 0", limit=MAX_ABS_VALUE_TEXT)

# -- sizes of tables -----------------------------------------------------------------------
#: most data rows of each known table; the tables charts plot may be large
MAX_ROWS: dict[str, int] = {
    "sources": 2_000,
    "checks": 2_000,
    "claims": 2_000,
    "quotes": 2_000,
    "positions": 2_000,
    "polls": 2_000,
    "poll_answers": 20_000,
    "events": 2_000,
    "places": 2_000,
    "observations": 100_000,
}
#: most data rows of a series table (any other resource)
MAX_SERIES_ROWS = 1_000_000
#: most columns (fields) of one table
MAX_COLUMNS = 100
#: most cells of one table, rows × columns
MAX_CELLS = 5_000_000
#: most cells of all tables together
MAX_TOTAL_CELLS = 8_000_000
#: longest text a cell (or a text in datapackage.json) may hold
MAX_CELL_CHARS = 20_000

# -- the descriptor -------------------------------------------------------------------------
MAX_RESOURCES = 100
MAX_TABS = 50
#: charts in one tab, and in the whole briefing
MAX_CHARTS = 20
MAX_CHARTS_TOTAL = 100
#: series in one chart
MAX_SERIES = 20
#: events one chart marks, listed or "all"
MAX_CHART_EVENTS = 2_000
#: what all charts draw together, each chart counting what it draws (a table charted
#: twice counts twice).  The table limits bound what one chart may draw; these bound the
#: briefing's charts together, since every export draws them all: 100 charts each of the
#: whole series table were 100 million points, and a figure drawn by a chart costs far
#: more than a row read (its text, hover, source, bar).  The bundled briefing's 11
#: charts draw 37 figures and no series-table row, mark 10 events and draw 37,374 map
#: vertices.
#: figures (observations: a series', a chart's list and its reported figures)
MAX_CHART_FIGURES_TOTAL = 100_000
#: rows of series tables (a line of the 1,000,000-row series once)
MAX_CHART_ROWS_TOTAL = 1_000_000
#: events marked (a timeline of 2,000 events five times)
MAX_CHART_EVENTS_TOTAL = 10_000
#: vertices of the map layers drawn (each map chart drawing its layers and base)
MAX_CHART_VERTICES_TOTAL = 1_000_000
#: ids in one list (a tab's quotes, a chart's observations, ...)
MAX_LIST = 2_000
#: items one tab lists, all its lists together
MAX_TAB_ITEMS = 2_000
#: indicators declared in ``briefing.indicators``
MAX_INDICATORS = 10_000
#: languages a package may list (``languages``), its default included
MAX_LANGUAGES = 20

# -- map layers (GeoJSON) --------------------------------------------------------------------
#: bytes of one GeoJSON file: parsed whole, each position a Python list (~10x its text)
MAX_GEOJSON_BYTES = 16 * 1024**2
#: features of one GeoJSON file
MAX_FEATURES = 10_000
#: vertices (positions) of one GeoJSON file, and of all of a package's files together:
#: the bundled briefing's layers have about 3,000 each and draw in a few milliseconds
MAX_VERTICES_FILE = 200_000
MAX_VERTICES_TOTAL = 500_000

# -- reporting -------------------------------------------------------------------------------
#: bad cells of one field and kind listed before "N more rows with the same kind of problem"
MAX_LISTED = 10
#: problems of each severity ``briefing-app validate`` prints before "… and N more"
MAX_PRINTED = 100


def max_rows(resource: str) -> int:
    """Most data rows the table of resource *resource* may have."""
    return MAX_ROWS.get(resource, MAX_SERIES_ROWS)


def date_in_range(d: dt.date) -> bool:
    """Whether the day *d* is one a package may name (`DATE_MIN`..`DATE_MAX`)."""
    return DATE_MIN <= d <= DATE_MAX


def date_range_message(text: str) -> Message:
    """The problem with a date outside `DATE_MIN`..`DATE_MAX`, *text* as written."""
    return msg(
        "{value} is outside the dates a briefing may hold ({range})",
        value=text,
        range=DATE_RANGE_TEXT,
    )


def value_in_range(x: float) -> bool:
    """Whether *x* is a finite figure no larger in magnitude than `MAX_ABS_VALUE`."""
    return math.isfinite(x) and abs(x) <= MAX_ABS_VALUE


def value_range_message(text: str) -> Message:
    """The problem with a figure beyond `MAX_ABS_VALUE`, *text* as written."""
    return msg("{value} is too large: {rule}", value=text, rule=VALUE_RULE)
