"""The briefing package format: canonical Table Schemas of the known resources.

This is the one place where the format's tables, their fields, types and
constraints are written down.  The bundled package's ``datapackage.json``
carries the same schemas (so that standard Frictionless tools validate it);
``python -m briefing_app.model.spec`` prints them as JSON.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from briefing_app.model import kinds

#: Format 1.3 added a package's languages and the translations of its text
#: (``languages``, ``KEY@LANG``, ``FIELD@LANG``, a quote's language and translations);
#: 1.2 added map layers (GeoJSON resources), the places table, an event's optional
#: place and the map chart. A 1.0, 1.1 or 1.2 package is a valid 1.3 package.
FORMAT_VERSION = "1.3"
#: Format versions this reader understands (major version must match).
SUPPORTED_MAJOR = 1

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
IDS_PATTERN = r"^([A-Za-z0-9][A-Za-z0-9_.\-]*( [A-Za-z0-9][A-Za-z0-9_.\-]*)*)?$"

MISSING_VALUES = [""]

#: How a check's reported and computed figures must relate to hold (see CheckResult):
#: equal, or the reading of a qualifier: "at least", "more than" ("over"), "at most",
#: "less than" ("under"), "about". Format 1.1 added more_than, less_than and about.
RELATIONS = ("equal", "at_least", "more_than", "at_most", "less_than", "about")

#: Number fields whose decimals as written are kept: "16.0" is shown as 16.0, "4.60" as
#: 4.60 (the loader adds a ``decimals`` column to observations; PollAnswer.decimals).
PUBLISHED_DECIMALS = {"observations": ("value",), "poll_answers": ("share",)}


def _f(name: str, type_: str = "string", description: str = "", **constraints: Any) -> dict:
    field: dict[str, Any] = {"name": name, "type": type_}
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    return field


def _id(description: str = "Identifier, unique in the table") -> dict:
    return _f("id", description=description, required=True, unique=True, pattern=ID_PATTERN)


def _ref(name: str, description: str, required: bool = True) -> dict:
    return _f(name, description=description, required=required, pattern=ID_PATTERN)


def _refs(name: str, description: str) -> dict:
    return _f(name, description=description, pattern=IDS_PATTERN)


SCHEMAS: dict[str, dict[str, Any]] = {
    "sources": {
        "fields": [
            _id(),
            _f("publisher", description="Who published it", required=True),
            _f("short_name", description="Short name used in source lines, e.g. 'UK MoD'"),
            _f("title", description="Title, or what the item is", required=True),
            _f("published", description="Publication date as given (ISO date or text)"),
            _f("url", description="Address, if any"),
            _f("note", description="Anything a reader should know about this source"),
        ],
        "primaryKey": ["id"],
    },
    "observations": {
        "fields": [
            _id(),
            _f("indicator", description="What is measured", required=True, pattern=ID_PATTERN),
            _f("period_start", "date", "First day covered", required=True),
            _f("period_end", "date", "Last day covered", required=True),
            _f("value", "number", "The figure", required=True),
            _f("unit", description="Unit, e.g. 'people', 'km²', 'km²/day'", required=True),
            _f("series", description="Whose estimate or which method", required=True),
            _ref("source", "Who actually said it (a source id)"),
            _refs("via", "Sources it passed through, nearest the reader first (space-separated)"),
            _f("article_attribution", description="Whom the source article credits, verbatim"),
            _f(
                "status",
                description="reported, derived (computed) or checked",
                required=True,
                enum=["reported", "derived", "checked"],
            ),
            _f(
                "qualifier",
                description="The source's own word before the figure, printed with it: "
                "'over', 'about'",
            ),
            _f("note"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}
        ],
    },
    "checks": {
        "fields": [
            _id(),
            _f("title", required=True),
            _ref("reported", "Observation id of the reported figure (empty: a derivation)", False),
            _f(
                "formula",
                description="Arithmetic over {observation-id} and numbers",
                required=True,
            ),
            _f(
                "relation",
                description="How reported and computed must relate to hold",
                required=True,
                enum=list(RELATIONS),
            ),
            _f(
                "tolerance",
                "number",
                "Allowed absolute difference: the precision of what is compared",
                minimum=0,
            ),
            _f("unit", required=True),
            _f("note"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            {"fields": ["reported"], "reference": {"resource": "observations", "fields": ["id"]}}
        ],
    },
    "claims": {
        "fields": [
            _id(),
            _f("topic", required=True, pattern=ID_PATTERN),
            _f("claim", description="The claim as the briefing states it", required=True),
            _f("article_says", description="What the source article says or attributes"),
            _f("actually_said", description="Who actually said it"),
            _f("cross_check", description="What independent data show"),
            _refs("sources", "Source ids (space-separated)"),
            _f("date", "date", "Date the claim refers to; later than as-of is flagged"),
        ],
        "primaryKey": ["id"],
    },
    "quotes": {
        "fields": [
            _id(),
            _f("speaker", required=True),
            _f("role"),
            _f("text", required=True),
            _f("date", "date"),
            _ref("source", "Source id"),
            _refs("via", "Sources it passed through (space-separated)"),
            _f(
                "status",
                required=True,
                enum=["verified", "as-quoted", "not-found"],
                description="verified against the original, as quoted by the source "
                "article only, or not found in the original",
            ),
            _f("note"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}
        ],
    },
    "positions": {
        "fields": [
            _id(),
            _f("party", required=True),
            _f("topic", required=True),
            _f("position", required=True),
            _f("article_wording", description="How the source article words it"),
            _ref("source", "Source id"),
            _f("date", "date"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}
        ],
    },
    "polls": {
        "fields": [
            _id(),
            _f("pollster", required=True),
            _f("commissioner"),
            _f("fieldwork_start", "date"),
            _f("fieldwork_end", "date"),
            _f("sample", "integer", minimum=1),
            _f("method"),
            _f("question", required=True),
            _ref("source", "Source id"),
            _f("note"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}
        ],
    },
    "poll_answers": {
        "fields": [
            _ref("poll", "Poll id"),
            _f("answer", required=True),
            _f("share", "number", "Percent of respondents", required=True, minimum=0, maximum=100),
        ],
        "primaryKey": ["poll", "answer"],
        "foreignKeys": [{"fields": ["poll"], "reference": {"resource": "polls", "fields": ["id"]}}],
    },
    "events": {
        "fields": [
            _id(),
            _f("date", "date", required=True),
            _f("title", required=True),
            _f("description"),
            _refs("sources", "Source ids (space-separated)"),
        ],
        "primaryKey": ["id"],
    },
    "places": {
        "fields": [
            _id(),
            _f("name", description="The name shown on maps", required=True),
            _f(
                "latitude",
                "number",
                "Degrees north (WGS 84)",
                required=True,
                minimum=-90,
                maximum=90,
            ),
            _f(
                "longitude",
                "number",
                "Degrees east (WGS 84)",
                required=True,
                minimum=-180,
                maximum=180,
            ),
            _ref("source", "Who gives the place's position (a source id)"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}
        ],
    },
}

#: The package author's prose in each known table: the fields a package may give in its
#: other languages, as columns ``FIELD@LANG`` beside ``FIELD`` (`model.translations`).
#: Never translated: ids, dates, figures, addresses, a source's own title (the
#: publication's), the names of people and pollsters, and words given verbatim (a
#: quote's text, whom the article credits, how the article words a position).
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "sources": ("publisher", "short_name", "published", "note"),
    "observations": ("unit", "series", "qualifier", "note"),
    "checks": ("title", "unit", "note"),
    "claims": ("claim", "article_says", "actually_said", "cross_check"),
    "quotes": ("role", "note"),
    "positions": ("party", "topic", "position"),
    "polls": ("method", "question", "note"),
    "poll_answers": ("answer",),
    "events": ("title", "description"),
    "places": ("name",),
}

#: An IETF BCP 47 language tag as a package writes it: "en", "uk", "pt-BR", "zh-Hant".
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"

#: Optional fields of `quotes` (declare them in its schema to use them): the language
#: the words were given in (empty: the package's default language), and the words in
#: the package's default language with who translated them.  ``translation@LANG`` and
#: ``translated_by@LANG`` give them in the package's other languages.
QUOTE_LANGUAGE_FIELDS = (
    _f(
        "language",
        description="The language the words were given in (empty: the package's default)",
        pattern=LANGUAGE_PATTERN,
    ),
    _f("translation", description="The words in the package's default language"),
    _f("translated_by", description="Who translated them"),
)
#: the quote fields that carry a translation of its words (with ``@LANG``, or none)
QUOTE_TRANSLATION = ("translation", "translated_by")

#: An optional field of `events` (declare it in the events schema to use it): where the
#: event happened, a place id, so that a map can mark it.
EVENT_PLACE_FIELD = _f("place", description="Where it happened (a place id)", pattern=ID_PATTERN)

#: Resources every briefing package must have.
REQUIRED_RESOURCES = ("sources", "observations")

#: Chart kinds the viewer draws, and tab kinds it builds: registered in `kinds`.
CHART_KINDS = tuple(kinds.CHART_KINDS)
TAB_KINDS = tuple(kinds.TAB_KINDS)


def schema_for(resource: str) -> dict[str, Any]:
    """Return a copy of the canonical schema of *resource*, with missingValues."""
    schema = json.loads(json.dumps(SCHEMAS[resource]))
    schema["missingValues"] = list(MISSING_VALUES)
    return schema


def main() -> int:
    json.dump({name: schema_for(name) for name in SCHEMAS}, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
