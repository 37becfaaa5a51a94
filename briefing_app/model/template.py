"""The starting package of ``briefing-app new DIR``: small, valid and documented.

One tab of each kind (`kinds.TAB_KINDS`), a chart of each kind a package declares
(`kinds.CHART_KINDS`, the timeline being drawn by the timeline tab itself), and one
example of every item (`kinds.ITEM_KINDS`) in every table of the format, each with a
note saying what it is for.  The sources are placeholders (`placeholders.MARKER`), which
the validator reports as warnings until they are replaced: the package opens in the
window at once, and says what is left to do.  A README.md beside the tables says how
to go on.

Made in code, not copied from files, so that it follows the format (`spec.schema_for`)
and is dated from the day it is made: the figures cover the three months before the
as-of date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from briefing_app.model import spec
from briefing_app.model.placeholders import MARKER
from briefing_app.model.rawpackage import csv_bytes, descriptor_bytes

DEFAULT_TITLE = "New briefing"
_SERIES_TABLE = "daily"


def slug(title: str) -> str:
    """A package name from a title: lower case letters, digits and '-'."""
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return s[:60].strip("-") or "briefing"


def _months(as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The three whole months before *as_of*'s month: (first day, last day), oldest first."""
    out = []
    first = as_of.replace(day=1)
    for _ in range(3):
        last = first - dt.timedelta(days=1)
        first = last.replace(day=1)
        out.append((first, last))
    return out[::-1]


def template_files(title: str = DEFAULT_TITLE, as_of: dt.date | None = None) -> dict[str, bytes]:
    """The files of the starting package, by name."""
    as_of = as_of or dt.date.today()
    months = _months(as_of)
    d = dt.date.isoformat
    tables = _tables(months, as_of)
    files = {"datapackage.json": descriptor_bytes(_descriptor(title, as_of, months))}
    for name, rows in tables.items():
        files[f"{name}.csv"] = csv_bytes(rows[0], rows[1:])
    for name, path, _date, ring in _layers(months):
        files[path] = _geojson(name, ring)
    files["README.md"] = README.format(
        title=title, as_of=d(as_of), marker=MARKER, first=d(months[0][0]), last=d(months[-1][1])
    ).encode("utf-8")
    return files


def _descriptor(title: str, as_of: dt.date, months: list[tuple[dt.date, dt.date]]) -> dict:
    d = dt.date.isoformat
    (m2, _), (m3, e3) = months[1:]
    resources: list[dict[str, Any]] = [
        {
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": spec.schema_for(name),
        }
        for name in spec.SCHEMAS
    ]
    resources.append(
        {
            "name": _SERIES_TABLE,
            "path": f"{_SERIES_TABLE}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [
                    {"name": "date", "type": "date", "constraints": {"required": True}},
                    {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
                ],
                "primaryKey": ["date"],
                "missingValues": list(spec.MISSING_VALUES),
            },
        }
    )
    resources += [
        {
            "name": name,
            "path": path,
            "format": "geojson",
            "mediatype": "application/geo+json",
            "title": f"An example area on {date}: replace it with your map layer",
            "date": date,
            "sources": [{"id": "agency", "title": "Agency (example)"}],
            "licenses": [
                {
                    "name": "CC0-1.0",
                    "title": "Made by briefing-app new: no rights reserved",
                    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
                }
            ],
        }
        for name, path, date, _ring in _layers(months)
    ]
    return {
        "name": slug(title),
        "title": title,
        "version": "0.1.0",
        "description": "Made by briefing-app new: every figure, quote and source here is an "
        "example to replace. See README.md beside this file.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "briefing": {
            "format_version": spec.FORMAT_VERSION,
            "subtitle": "One line under the title: what the briefing covers",
            "as_of": d(as_of),
            "caveat": "DRAFT: example figures, not for distribution",
            "source_article": "article",
            "indicators": {
                "incidents": {
                    "title": "Incidents reported, per month",
                    "unit": "incidents",
                    "minimum": 0,
                },
                "incidents-3m": {
                    "title": "Incidents reported, three months",
                    "unit": "incidents",
                    "minimum": 0,
                },
            },
            "tabs": [
                {
                    "id": "topic",
                    "title": "A topic",
                    "kind": "topic",
                    "takeaway": "One sentence: the fact to remember, with its source.",
                    "notes": "What the briefer says here, in two to four sentences.",
                    "charts": [
                        {
                            "id": "monthly",
                            "title": "Incidents per month",
                            "kind": "bar",
                            "series": [_series("Agency monthly", "Agency monthly")],
                            "highlight": [d(m3), d(e3)],
                            "reported": ["article-last"],
                            "events": ["event-1"],
                            "caption": "A bar chart: one bar per month of each series.",
                            "y_label": "incidents",
                        },
                        {
                            "id": "side-by-side",
                            "title": "Agency and article, month by month",
                            "kind": "grouped_bar",
                            "series": [
                                _series("Agency", "Agency monthly", d(m2), d(e3)),
                                _series("Article", "Article"),
                            ],
                        },
                        {
                            "id": "compared",
                            "title": "The last month, by source",
                            "kind": "comparison",
                            "observations": ["article-last", "agency-3"],
                        },
                        {
                            "id": "daily",
                            "title": "Incidents a day",
                            "kind": "line",
                            "series": [
                                {
                                    "label": "Agency daily",
                                    "resource": _SERIES_TABLE,
                                    "x": "date",
                                    "y": "count",
                                    "source": "agency",
                                    "unit": "incidents",
                                }
                            ],
                            "events": "all",
                        },
                        {
                            "id": "where",
                            "title": "Where: the area at the start and at the end",
                            "kind": "map",
                            "label": "The example area",
                            "layers": [name for name, *_ in _layers(months)],
                            "places": ["place-1"],
                            "caption": "A map: dated GeoJSON layers, the change between the "
                            "first and the last, and places. See the format's Maps section.",
                        },
                    ],
                    "checks": ["three-months"],
                    "claims": ["claim-1"],
                    "quotes": ["quote-1"],
                },
                {
                    "id": "negotiations",
                    "title": "Negotiations",
                    "kind": "negotiations",
                    "takeaway": "Where the parties stand, in their own words.",
                    "positions": ["party-a-talks", "party-b-talks"],
                },
                {
                    "id": "polling",
                    "title": "Polling",
                    "kind": "polling",
                    "charts": [
                        {
                            "id": "poll-chart",
                            "title": "Should talks start?",
                            "kind": "poll",
                            "poll": "poll-1",
                        }
                    ],
                    "polls": ["poll-1"],
                },
                {"id": "timeline", "title": "Timeline", "kind": "timeline"},
                {"id": "sources", "title": "Sources", "kind": "sources"},
            ],
        },
        "resources": resources,
    }


def _layers(months: list[tuple[dt.date, dt.date]]) -> list[tuple[str, str, str, list]]:
    """The example map layers: (name, path, date, ring), an area that grows from the first
    month's start to the last month's end.  Made-up shapes, named as examples."""
    start, end = months[0][0].isoformat(), months[-1][1].isoformat()
    small = [[30.0, 49.0], [31.0, 49.0], [31.0, 50.0], [30.0, 50.0], [30.0, 49.0]]
    large = [[30.0, 49.0], [31.6, 49.0], [31.6, 50.3], [30.0, 50.3], [30.0, 49.0]]
    return [
        ("area-start", "area-start.geojson", start, small),
        ("area-end", "area-end.geojson", end, large),
    ]


def _geojson(name: str, ring: list) -> bytes:
    feature = {
        "type": "Feature",
        "properties": {"name": f"Example area ({name})"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode("utf-8")


def _series(label: str, series: str, start: str = "", end: str = "") -> dict[str, str]:
    s = {"label": label, "indicator": "incidents", "series": series}
    if start:
        s["start"] = start
    if end:
        s["end"] = end
    return s


def _tables(months: list[tuple[dt.date, dt.date]], as_of: dt.date) -> dict[str, list[list[str]]]:
    """Each table's header (the format's fields, in order) and example rows."""
    d = dt.date.isoformat
    (m1, _), (m2, e2), (m3, e3) = months
    ph = MARKER
    values = (120, 135, 150)
    rows: dict[str, list[list[str]]] = {
        "sources": [
            [
                "article",
                f"{ph}: who published the article",
                "Article",
                f"{ph}: the article's title",
                d(as_of),
                f"https://example.org/{ph}",
                "The source article: the briefing checks what it says.",
            ],
            [
                "agency",
                f"{ph}: the agency that counts",
                "Agency",
                f"{ph}: what it publishes, e.g. monthly reports",
                "monthly",
                f"https://example.org/{ph}",
                "The primary source of the figures.",
            ],
            [
                "pollster",
                f"{ph}: who polled",
                "Pollster",
                f"{ph}: the poll's publication",
                d(as_of),
                f"https://example.org/{ph}",
                "",
            ],
        ],
        "observations": [
            *[
                [
                    f"agency-{k + 1}",
                    "incidents",
                    d(a),
                    d(b),
                    str(v),
                    "incidents",
                    "Agency monthly",
                    "agency",
                    "",
                    "",
                    "reported",
                    "",
                    "One figure a row: who said what value, for which period.",
                ]
                for k, ((a, b), v) in enumerate(zip(months, values, strict=True))
            ],
            [
                "article-last",
                "incidents",
                d(m3),
                d(e3),
                "150",
                "incidents",
                "Article",
                "agency",
                "article",
                "the ministry",
                "reported",
                "about",
                "As the article gives it: 'about 150', credited to 'the ministry'.",
            ],
            [
                "article-total",
                "incidents-3m",
                d(m1),
                d(e3),
                "405",
                "incidents",
                "Article",
                "agency",
                "article",
                "",
                "reported",
                "",
                "The article's three-month total; the check sets it against the months.",
            ],
        ],
        "checks": [
            [
                "three-months",
                "The article's total against the agency's months",
                "article-total",
                "{agency-1} + {agency-2} + {agency-3}",
                "equal",
                "0",
                "incidents",
                "A check that holds; one that does not is a finding.",
            ],
        ],
        "claims": [
            [
                "claim-1",
                "incidents",
                f"Incidents rose each month to 150 in {m3:%B %Y}",
                "the ministry",
                "the agency",
                "Agency monthly series: 120, 135, 150",
                "article agency",
                d(e3),
            ],
        ],
        "quotes": [
            [
                "quote-1",
                "A. Speaker",
                "Their role",
                "The words exactly as said, without quotation marks.",
                d(e3),
                "article",
                "",
                "as-quoted",
                "verified, as-quoted (by the article only) or not-found in the original.",
            ],
        ],
        "positions": [
            [
                "party-a-talks",
                "Party A",
                "talks",
                "Party A's position, as its own source states it",
                "how the article words it",
                "article",
                d(e2),
            ],
            ["party-b-talks", "Party B", "talks", "Party B's position", "", "article", d(e3)],
        ],
        "polls": [
            [
                "poll-1",
                "A pollster",
                "Who paid for it",
                d(m3),
                d(m3 + dt.timedelta(days=9)),
                "1000",
                "telephone",
                "Should talks start?",
                "pollster",
                "The answers need not add up to 100.",
            ],
        ],
        "poll_answers": [
            ["poll-1", "Yes", "52.0"],
            ["poll-1", "No", "38.0"],
            ["poll-1", "Don't know", "10.0"],
        ],
        "places": [
            ["place-1", "A place (example)", "49.5", "30.5", "agency"],
        ],
        "events": [
            [
                "event-1",
                d(m2 + dt.timedelta(days=14)),
                "Something happened",
                "One or two sentences on what happened.",
                "article",
            ],
        ],
    }
    out = {}
    for name, schema in spec.SCHEMAS.items():
        header = [f["name"] for f in schema["fields"]]
        out[name] = [header, *rows[name]]
    day = m3
    daily = [["date", "count"]]
    while day <= e3:
        daily.append([d(day), str(4 + (day.day * 7) % 5)])
        day += dt.timedelta(days=1)
    out[_SERIES_TABLE] = daily
    return out


README = """\
# {title}

A briefing package made by `briefing-app new`, as of {as_of}. It opens in Briefing
Viewer and validates, with a warning for each source still marked `{marker}`: every
figure, quote and source in it is an example to replace.

## Working on it

    briefing-app .                 # the window, which shows every change you save
    briefing-app validate .        # every problem as FILE:ROW:FIELD: message
    briefing-app export xlsx book.xlsx --package .   # edit as a workbook...
    briefing-app import book.xlsx . --force          # ...and bring it back

Keep the window open while you edit: a change you save shows within a second, and
a mistake is listed in its problems panel while the last good version stays on screen.

## The files

| file | what it holds |
|---|---|
| `datapackage.json` | title, as-of date, caveat, indicators, tabs, charts, the tables |
| `sources.csv` | who said it: every figure, quote and event cites a source from here |
| `observations.csv` | a figure a row ({first} to {last}): who said what, for when |
| `checks.csv` | a reported figure set against the figure computed from its parts |
| `claims.csv` | what the source article says, against who actually said it |
| `quotes.csv`, `positions.csv` | words and stated positions, with their sources |
| `polls.csv`, `poll_answers.csv` | a poll a question, its answers as published |
| `events.csv` | dated happenings for the timeline and the charts |
| `daily.csv` | a series table: any other table a line chart plots |

There is one tab of each kind (topic, negotiations, polling, timeline, sources) and a
chart of each kind. Delete what you do not need: a table other than `sources` and
`observations` can go, with its entry in `datapackage.json`.

The format is described in full in docs/briefing-package.md of Briefing Viewer.
"""
