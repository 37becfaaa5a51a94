"""Map layers in a package: GeoJSON resources, the areas computed from them, places.

A resource with ``"format": "geojson"`` is a map layer, not a table: its entry in
``datapackage.json`` names its ``title``, its ``sources`` (ids of rows of ``sources``, the
origin first, then each hand it passed through), its ``licenses`` and, for a dated layer,
its ``date``.  Its file is read by `geo.GeoReader` through the package's safe storage.

A layer may declare ``area`` (its area becomes an observation, ``<name>.area``) and
``change`` (its area less an earlier layer's, ``<name>.change``): derived observations,
computed here at load time from the polygons, so that checks and charts use what the map
shows and replacing a layer file changes every figure made from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing_app.model.briefing import Briefing
from briefing_app.model.context import LoadContext, short
from briefing_app.model.descriptor import DescriptorReader
from briefing_app.model.entities import cell_text
from briefing_app.model.geo import Geometry, GeoReader
from briefing_app.model.i18n import N_, Message, msg
from briefing_app.model.jsonio import json_kind
from briefing_app.model.limits import MAX_GEOJSON_BYTES, MAX_VERTICES_TOTAL
from briefing_app.model.problems import PackageError, Problem
from briefing_app.model.storage import DESCRIPTOR, PackageStorage, check_relative_path
from briefing_app.model.types import Place

#: how areas are computed, in the note of every derived observation
AREA_METHOD = N_(
    "computed by the viewer from the layer's polygons: Lambert azimuthal equal-area "
    "projection of the WGS 84 ellipsoid centred on the layer, shoelace formula, holes "
    "subtracted; rounded to 0.1 km²"
)
#: the unit of the areas the viewer computes (its own text: shown through tr)
AREA_UNIT = N_("km²")
#: decimals the derived areas are given with
AREA_DECIMALS = 1


@dataclass(frozen=True)
class Licence:
    """A licence of a layer, as its resource names it."""

    name: str
    title: str = ""
    path: str = ""

    @property
    def label(self) -> str:
        return self.name or self.title


@dataclass(frozen=True)
class Measure:
    """An observation to derive from a layer: its indicator and series, and for a
    change, the earlier layer it is measured from."""

    indicator: str
    series: str = ""
    since: str = ""


@dataclass(eq=False)
class Layer:
    """A map layer: a GeoJSON resource, its geometry and its computed area."""

    name: str
    title: str
    path: str
    #: where its entry is in datapackage.json, for messages: "resources[9]"
    where: str
    geometry: Geometry
    #: the area of its polygons, km², rounded as its derived observation is
    area_km2: float
    date: dt.date | None = None
    #: source ids, the origin first, then each hand it passed through
    sources: tuple[str, ...] = ()
    licences: tuple[Licence, ...] = ()
    area: Measure | None = None
    change: Measure | None = None

    @property
    def source(self) -> str | None:
        return self.sources[0] if self.sources else None

    @property
    def via(self) -> tuple[str, ...]:
        """The hands it passed through, nearest the reader first (as ``via`` is)."""
        return tuple(reversed(self.sources[1:]))


def is_layer(r: dict, path: str) -> bool:
    """Whether resource entry *r* is a map layer (GeoJSON), not a table."""
    fmt = r.get("format")
    return (isinstance(fmt, str) and fmt.lower() == "geojson") or path.lower().endswith(".geojson")


def read_layer(
    ctx: LoadContext, storage: PackageStorage, r: dict, name: str, where: str, path: str
) -> None:
    """Read the layer of resource entry *r* (file *path*) into ``ctx.layers``, reporting
    its problems."""
    d = DescriptorReader(ctx)
    before = len(ctx.problems)
    title = r.get("title")
    if not isinstance(title, str) or not title.strip():
        ctx.err(
            msg("a map layer needs a title (text): what it shows, and whose it is"),
            f"{where}.title",
        )
        return
    date = d.date(r.get("date"), f"{where}.date")
    sources = _source_ids(ctx, r.get("sources"), f"{where}.sources")
    licences = read_licences(ctx, storage, r.get("licenses"), f"{where}.licenses")
    area = _measure(ctx, r, "area", where)
    change = _measure(ctx, r, "change", where)
    if sources is None or licences is None or len(ctx.problems) > before:
        return
    try:
        data = storage.read(path, limit=min(MAX_GEOJSON_BYTES, ctx.limits.resource))
    except PackageError as exc:
        ctx.problems.append(exc.problem)
        return
    ctx.hash.update(path.encode() + b"\0")
    ctx.hash.update(data)
    used = sum(layer.geometry.vertices for layer in ctx.layers.values())
    reader = GeoReader(path, MAX_VERTICES_TOTAL - used)
    geometry = reader.read(data)
    del data
    ctx.problems.extend(reader.problems)
    if geometry is None:
        return
    area_km2 = round(geometry.area_km2(), AREA_DECIMALS)
    ctx.layers[name] = Layer(
        name, title, path, where, geometry, area_km2, date, sources, licences, area, change
    )
    ctx.failed.discard(name)


def _source_ids(ctx: LoadContext, v: Any, where: str) -> tuple[str, ...] | None:
    if not isinstance(v, list) or not v:
        ctx.err(
            msg(
                'a map layer needs its sources: [{{"id": "<a source id>", "title": ...}}, ...], '
                "the origin first"
            ),
            where,
        )
        return None
    ids = []
    for k, s in enumerate(v):
        sid = s.get("id") if isinstance(s, dict) else None
        if not isinstance(sid, str) or not sid:
            ctx.err(msg("must be an object with the id of a row of sources"), f"{where}[{k}].id")
            return None
        ids.append(sid)
    return tuple(ids)


def read_licences(
    ctx: LoadContext, storage: PackageStorage, v: Any, where: str
) -> tuple[Licence, ...] | None:
    """The licences a resource names (Frictionless ``licenses``); a licence file named by
    its path must be in the package. None when there are none or they are bad (reported)."""
    if not isinstance(v, list) or not v:
        ctx.err(
            msg('a map layer needs its licences: [{{"name": "...", "path": "LICENSE"}}, ...]'),
            where,
        )
        return None
    out = []
    for k, lic in enumerate(v):
        at = f"{where}[{k}]"
        if not isinstance(lic, dict):
            ctx.err(msg("must be an object, not {kind}", kind=json_kind(lic)), at)
            return None
        name, title, path = (lic.get(key, "") for key in ("name", "title", "path"))
        if not all(isinstance(x, str) for x in (name, title, path)) or not (name or title):
            ctx.err(msg("a licence needs a name or a title (text)"), at)
            return None
        if path and not _is_url(path):
            # the licence's text travels with the data: it must be in the package
            try:
                storage.read(check_relative_path(path, DESCRIPTOR, f"{at}.path"), limit=1024**2)
            except PackageError as exc:
                problem = exc.problem
                if problem.file != DESCRIPTOR:  # said of the file: say where it is named
                    problem = Problem(
                        DESCRIPTOR,
                        msg(
                            "licence file {path}: {message}",
                            path=repr(path),
                            message=problem.message,
                        ),
                        field=f"{at}.path",
                    )
                ctx.problems.append(problem)
                return None
        out.append(Licence(name, title, path))
    return tuple(out)


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _measure(ctx: LoadContext, r: dict, key: str, where: str) -> Measure | None:
    v = r.get(key)
    if v is None:
        return None
    at = f"{where}.{key}"
    if not isinstance(v, dict):
        ctx.err(msg('must be an object ({{"indicator": ...}}), not {kind}', kind=json_kind(v)), at)
        return None
    ind, series, since = (v.get(k, "") for k in ("indicator", "series", "since"))
    if not isinstance(ind, str) or not ind:
        ctx.err(msg("needs the indicator its observation measures"), f"{at}.indicator")
        return None
    if not isinstance(series, str):
        ctx.err(msg("must be text"), f"{at}.series")
        return None
    if key == "change" and (not isinstance(since, str) or not since):
        ctx.err(
            msg("needs the name of the earlier layer the change is measured from"), f"{at}.since"
        )
        return None
    return Measure(ind, series, since if key == "change" else "")


# -- after the tables: places, the layers' observations, the events' places ----------------
def build_maps(ctx: LoadContext, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
    """Give *b* its places and layers, derive the layers' observations (before the checks
    use them) and check the places events name."""
    places = t.get("places")
    if places is not None:
        for r in places.itertuples(index=False):
            if cell_text(r.id) and not pd.isna(r.latitude) and not pd.isna(r.longitude):
                b.places[r.id] = Place(
                    r.id,
                    cell_text(r.name),
                    float(r.latitude),
                    float(r.longitude),
                    cell_text(r.source) or None,
                )
    b.layers = dict(ctx.layers)
    b.place_licences = ctx.place_licences or ()
    for layer in b.layers.values():
        for k, sid in enumerate(layer.sources):
            if sid not in b.sources and "sources" not in ctx.failed:
                ctx.err(
                    msg(
                        "unknown source {ref} (no such id in {file})",
                        ref=repr(short(sid)),
                        file=ctx.file_of.get("sources", "sources.csv"),
                    ),
                    f"{layer.where}.sources[{k}].id",
                )
    rows = _derived_rows(ctx, b)
    obs = t.get("observations")
    if rows and obs is not None:
        derived = pd.DataFrame(rows, columns=list(obs.columns))
        for col in ("period_start", "period_end"):
            derived[col] = derived[col].astype(obs[col].dtype)
        t["observations"] = b.observations = pd.concat([obs, derived], ignore_index=True)
    _event_places(ctx, b, t)


def _derived_rows(ctx: LoadContext, b: Briefing) -> list[dict]:
    """The observations of the layers' ``area`` and ``change``, as rows of observations."""
    taken = set(b.observations["id"]) if not b.observations.empty else set()
    rows: list[dict] = []
    for layer in b.layers.values():
        if any(s not in b.sources for s in layer.sources):
            continue
        for key, m in (("area", layer.area), ("change", layer.change)):
            if m is None:
                continue
            at = f"{layer.where}.{key}"
            oid = f"{layer.name}.{key}"
            if layer.date is None:
                ctx.err(
                    msg("a layer's {key} needs the layer's date", key=key), f"{layer.where}.date"
                )
                continue
            if b.indicators and m.indicator not in b.indicators:
                ctx.err(
                    msg("unknown indicator {indicator}", indicator=repr(short(m.indicator))),
                    f"{at}.indicator",
                )
                continue
            if oid in taken:
                ctx.err(
                    msg(
                        "observation id {oid} is taken: the layer's {key} needs it",
                        oid=repr(oid),
                        key=key,
                    ),
                    at,
                )
                continue
            # the note is the viewer's text: a message, shown in the language of the
            # moment (`fmt.cell_text`)
            method = Message(AREA_METHOD)
            value, start = layer.area_km2, layer.date
            note = msg("Area of {path}, {method}.", path=layer.path, method=method)
            if key == "change":
                before = b.layers.get(m.since)
                if before is None or before.date is None or not before.date < layer.date:
                    ctx.err(
                        msg(
                            "{since} is not a map layer dated before this one",
                            since=repr(short(m.since)),
                        ),
                        f"{at}.since",
                    )
                    continue
                value = round(layer.area_km2 - before.area_km2, AREA_DECIMALS)
                start = before.date
                note = msg(
                    "Net change of the area: {before} to {after}, the area on {last} less the "
                    "area on {first}, each {method}. Not the area newly occupied: land shown on "
                    "the earlier layer and not on the later one counts against the change.",
                    before=before.path,
                    after=layer.path,
                    last=layer.date.isoformat(),
                    first=start.isoformat(),
                    method=method,
                )
            # a change covers the days from the earlier date to the day before the later
            end = layer.date - dt.timedelta(days=1) if key == "change" else layer.date
            taken.add(oid)
            rows.append(
                {
                    "id": oid,
                    "indicator": m.indicator,
                    "period_start": pd.Timestamp(start),
                    "period_end": pd.Timestamp(end),
                    "value": value,
                    "unit": AREA_UNIT,
                    "series": m.series or b.source_name(layer.source),
                    "source": layer.source,
                    "via": " ".join(layer.via) or None,
                    "article_attribution": None,
                    "status": "derived",
                    "qualifier": None,
                    "note": note,
                    "decimals": AREA_DECIMALS,
                }
            )
    return rows


def _event_places(ctx: LoadContext, b: Briefing, t: dict[str, pd.DataFrame]) -> None:
    ev = t.get("events")
    if ev is None or "place" not in ev.columns:
        return
    file = ctx.file_of.get("events", "events.csv")
    listed = 0
    for i, place in enumerate(ev["place"]):
        pid = cell_text(place)
        if pid and pid not in b.places and "places" not in ctx.failed:
            if listed < 10:
                where = ctx.file_of.get("places", "places.csv")
                message = (
                    msg(
                        "unknown place {place} (no such id in {file})",
                        place=repr(short(pid)),
                        file=where,
                    )
                    if "places" in t
                    else msg(
                        "names place {place}, but the package has no places table",
                        place=repr(short(pid)),
                    )
                )
                ctx.err(message, "place", file, i + 2)
            listed += 1
