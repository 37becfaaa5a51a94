"""Map data: a map chart's layers projected for drawing, their computed areas and the
change between the two dates it compares, its places, and its events as numbered markers.

The areas are the layers' own (`model.layers.Layer.area_km2`, computed from the polygons
when the package is read), so the map, its figures, its table and any check that uses the
layers' derived observations say the same figure.  Coordinates are projected with the
equal-area projection the areas are computed in (`model.geo.project`), centred on the
map's view, in km.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from briefing_app.content.chartdata.data import ChartData, Figures, Legend
from briefing_app.content.chartdata.points import POINT_COLUMNS, events_of, hover_text, obs_table
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date, fmt_number, fmt_signed, with_unit
from briefing_app.model.geo import Geometry, project
from briefing_app.model.i18n import tr
from briefing_app.model.layers import AREA_DECIMALS, AREA_METHOD, AREA_UNIT, Layer
from briefing_app.model.types import Chart, MapSpec

#: legend colour slots of the map (resolved by the theme when drawn)
OCCUPIED = ("map_layer",)
NEW = ("highlight",)


@dataclass(frozen=True, eq=False)
class Rings:
    """Polygons and points in the map's plane (km): every ring's vertices one after the
    other, ``start`` the offset of each ring and the end."""

    x: np.ndarray
    y: np.ndarray
    start: np.ndarray
    point_x: np.ndarray
    point_y: np.ndarray


@dataclass(frozen=True, eq=False)
class Step:
    """One dated layer, a step of the map's date slider."""

    name: str
    date: dt.date
    area_km2: float
    attribution: str
    later: bool
    rings: Rings

    @property
    def area_text(self) -> str:
        return with_unit(fmt_number(self.area_km2, AREA_DECIMALS), tr(AREA_UNIT))


@dataclass(frozen=True, eq=False)
class Shape:
    """A feature of the base layer: the country, or a neighbour drawn in grey."""

    name: str
    country: bool
    rings: Rings


@dataclass(frozen=True)
class PlaceMark:
    id: str
    name: str
    x: float
    y: float
    hover: str


@dataclass(frozen=True)
class Marker:
    """An event at a place, drawn as its number and explained beside the map."""

    number: int
    id: str
    x: float
    y: float
    text: str
    hover: str
    #: the key's line in short, its place and date ("1  Kursk, 5 Nov 2024"): a slide
    #: too small for the whole key beside its map writes this (the presenter view has
    #: the whole)
    short: str = ""


@dataclass(frozen=True, eq=False)
class MapData:
    """What a map chart draws, Qt-free: the views draw it with `render.charts.map`."""

    label: str
    steps: tuple[Step, ...]
    #: indexes in `steps` of the compared dates (None: no comparison)
    start: int | None
    end: int | None
    shapes: tuple[Shape, ...]
    places: tuple[PlaceMark, ...]
    markers: tuple[Marker, ...]
    #: the view: (x0, y0, x1, y1) in km
    view: tuple[float, float, float, float]
    #: the map data's sources and licences, printed on the map
    credit: str
    #: each source of the map data (as `ChartData.source_lines` names it) with its
    #: licences: "DeepStateMap, relayed by deepstate-map-data (GPL-3.0)" (a slide's source
    #: line, where the map does not print the credit)
    licensed: tuple[str, ...] = ()

    def figures(self) -> list[Figures]:
        """In words, beside the areas: the events marked on the map, and the map data's
        sources and licences (as the map prints them)."""
        out = []
        if self.markers:
            out.append(
                Figures(tr("Events on the map"), "; ".join(m.text for m in self.markers), "")
            )
        if self.credit:
            out.append(Figures("", self.credit, ""))
        return out

    def shown(self) -> tuple[int, ...]:
        """The steps a still picture shows: the compared pair, else the last step."""
        if self.start is not None and self.end is not None:
            return (self.start, self.end)
        return (len(self.steps) - 1,) if self.steps else ()

    def base_step(self, i: int) -> int:
        """The step drawn in the layer colour at step *i*: the start of the comparison,
        or step *i* itself when it is not later."""
        return i if self.start is None or i <= self.start else self.start

    def new_step(self, i: int) -> int | None:
        """The step whose land beyond `base_step` is drawn as new at step *i*."""
        return i if self.start is not None and i > self.start else None

    def change(self, i: int) -> float | None:
        """Net change of area from the start to step *i*, km² (None before or at it)."""
        if self.new_step(i) is None:
            return None
        assert self.start is not None
        return round(self.steps[i].area_km2 - self.steps[self.start].area_km2, AREA_DECIMALS)

    def change_text(self, i: int) -> str:
        change = self.change(i)
        if change is None or self.start is None:
            return ""
        since = fmt_date(self.steps[self.start].date)
        return tr("{change} since {date} (net change)").format(
            change=with_unit(fmt_signed(change, AREA_DECIMALS), tr(AREA_UNIT)), date=since
        )

    def heading(self, i: int) -> str:
        """What step *i* shows, in one line: '1 Dec 2024 · 111,484.6 km² · +1,626.0 km²
        since 1 Sep 2024 (net change)'."""
        s = self.steps[i]
        text = f"{fmt_date(s.date)} · {s.area_text}"
        if s.later:
            text += tr(" (later than the briefing's as-of date)")
        change = self.change_text(i)
        return f"{text} · {change}" if change else text

    def layer_hover(self, i: int, new: bool) -> str:
        """What pointing at the land of the map at step *i* shows: the layer's date and
        area (and the step's, when it shows a later date), or what is new and the change."""
        s = self.steps[i]
        computed = tr("areas computed from the polygons")
        if new and self.start is not None:
            first = fmt_date(self.steps[self.start].date)
            change = self.change_text(i).replace(tr(" (net change)"), "")
            return hover_text(
                tr("{label}, new after {date}").format(label=self.label, date=first),
                tr("Shown on {date}, not on {first}").format(date=fmt_date(s.date), first=first),
                tr("Net change of area: {change} ({method})").format(
                    change=change, method=computed
                ),
                s.attribution,
            )
        base = self.steps[self.base_step(i)]
        lines = [f"{fmt_date(base.date)}: {base.area_text}"]
        if base is not s:
            lines.append(
                tr("{date}: {area}, with what is new in the highlight").format(
                    date=fmt_date(s.date), area=s.area_text
                )
            )
        return hover_text(self.label, "\n".join(lines), f"({computed})", s.attribution)


def _rings(g: Geometry, lon0: float, lat0: float, features: list[int] | None = None) -> Rings:
    """The polygons and points of *g* (or of some of its features) in the map's plane."""
    if features is None:
        x, y = project(g.lon, g.lat, lon0, lat0)
        px, py = project(g.point_lon, g.point_lat, lon0, lat0)
        return Rings(x, y, g.ring_start, px, py)
    idx, start, pts = g.part(features)
    x, y = project(g.lon[idx], g.lat[idx], lon0, lat0)
    px, py = project(g.point_lon[pts], g.point_lat[pts], lon0, lat0)
    return Rings(x, y, start, px, py)


def _bbox(boxes: list[tuple[float, float, float, float] | None]) -> tuple[float, ...]:
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return (-10.0, -10.0, 10.0, 10.0)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _view_box(b: Briefing, m: MapSpec) -> tuple[float, ...]:
    """The view in degrees: (west, south, east, north)."""
    if isinstance(m.view, tuple):
        return m.view
    if m.view == "country" and m.base is not None:
        g = b.layers[m.base].geometry
        box = g.bbox([i for i, f in enumerate(g.features) if f.name == m.country])
        if box is not None:
            return box
    names = list(m.layers) or ([m.base] if m.base else [])
    return _bbox([b.layers[n].geometry.bbox() for n in names])


def _projected(
    box: tuple[float, ...], lon0: float, lat0: float
) -> tuple[float, float, float, float]:
    """The rectangle in the plane that holds the box's outline (sampled along its edges)."""
    w, s, e, n = box
    t = np.linspace(0.0, 1.0, 33)
    lon = np.concatenate([w + (e - w) * t, np.full_like(t, e), w + (e - w) * t, np.full_like(t, w)])
    lat = np.concatenate([np.full_like(t, s), s + (n - s) * t, np.full_like(t, n), s + (n - s) * t])
    x, y = project(lon, lat, lon0, lat0)
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def _credit(b: Briefing, layers: list[Layer], place_sources: list[str]) -> str:
    """'Map data: DeepStateMap, relayed by … (GPL-3.0) · … · places: GeoNames (CC-BY-4.0)'."""
    parts = _licensed(b, layers, place_sources, places=tr("places: {sources}"))
    return tr("Map data: {sources}").format(sources=" · ".join(parts)) if parts else ""


def _licensed(
    b: Briefing, layers: list[Layer], place_sources: list[str], places: str = "{sources}"
) -> list[str]:
    """Whom the layers and the places come from, each once with its licences, in order:
    'DeepStateMap, relayed by deepstate-map-data (GPL-3.0)', ..., *places* + 'GeoNames
    (CC-BY-4.0)'."""
    parts: list[str] = []
    for layer in layers:
        who = b.attribution(layer.source, layer.via)
        lic = ", ".join(dict.fromkeys(x.label for x in layer.licences))
        text = f"{who} ({lic})" if lic else who
        if text not in parts:
            parts.append(text)
    if place_sources:
        who = ", ".join(dict.fromkeys(b.source_name(s) for s in place_sources))
        lic = ", ".join(dict.fromkeys(x.label for x in b.place_licences))
        text = places.format(sources=who)
        parts.append(f"{text} ({lic})" if lic else text)
    return parts


def _place_hover(name: str, lat: float, lon: float, source: str) -> str:
    ns = f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}"
    ew = f"{abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"
    return hover_text(name, f"{ns}, {ew}", "", source)


def build(b: Briefing, chart: Chart) -> ChartData:
    m = chart.map or MapSpec()
    box = _view_box(b, m)
    lon0, lat0 = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    layers = [b.layers[n] for n in m.layers]
    steps = tuple(
        Step(
            layer.name,
            layer.date or b.as_of,
            layer.area_km2,
            b.attribution(layer.source, layer.via),
            b.is_later(layer.date),
            _rings(layer.geometry, lon0, lat0),
        )
        for layer in layers
    )
    dates = [s.date for s in steps]
    start = dates.index(m.compare[0]) if m.compare else None
    end = dates.index(m.compare[1]) if m.compare else None
    shapes: tuple[Shape, ...] = ()
    if m.base is not None:
        g = b.layers[m.base].geometry
        shapes = tuple(
            Shape(f.name, bool(m.country) and f.name == m.country, _rings(g, lon0, lat0, [i]))
            for i, f in enumerate(g.features)
        )
    places = []
    for pid in m.places:
        p = b.places[pid]
        x, y = project(np.array([p.longitude]), np.array([p.latitude]), lon0, lat0)
        places.append(
            PlaceMark(
                pid,
                p.name,
                float(x[0]),
                float(y[0]),
                _place_hover(p.name, p.latitude, p.longitude, b.source_name(p.source)),
            )
        )
    marks = sorted(events_of(b, chart), key=lambda e: e.date)
    markers = []
    for n, e in enumerate(marks, start=1):
        p = b.places[b.events[e.id].place]
        x, y = project(np.array([p.longitude]), np.array([p.latitude]), lon0, lat0)
        later = tr(" (later than the briefing's as-of date)") if e.later else ""
        text = f"{n}  {p.name}, {fmt_date(e.date)}: {e.title}{later}"
        short = f"{n}  {p.name}, {fmt_date(e.date)}{later}"
        hover = f"{n}. {p.name}\n{e.hover}"
        markers.append(Marker(n, e.id, float(x[0]), float(y[0]), text, hover, short))
    drawn = layers + ([b.layers[m.base]] if m.base else [])
    place_sources = [b.places[p].source or "" for p in m.places if b.places[p].source]
    data = MapData(
        m.label,
        steps,
        start,
        end,
        shapes,
        tuple(places),
        tuple(markers),
        _projected(box, lon0, lat0),
        _credit(b, drawn, place_sources),
        tuple(_licensed(b, drawn, place_sources)),
    )
    points = _points(b, chart, data, layers)
    lines: list[str] = []
    ids: list[str] = []
    for layer in drawn:
        who = b.attribution(layer.source, layer.via)
        if who not in lines:
            lines.append(who)
        ids.extend(s for s in layer.sources if s not in ids)
    for s in place_sources:
        if b.source_name(s) not in lines:
            lines.append(b.source_name(s))
        if s not in ids:
            ids.append(s)
    for e in marks:
        for s in b.events[e.id].sources:
            if s not in ids:
                ids.append(s)
    legend = [Legend(m.label, OCCUPIED)] if steps else []
    if start is not None:
        new = tr("{label}, new after {date}").format(
            label=m.label, date=fmt_date(steps[start].date)
        )
        legend.append(Legend(new, NEW))
    return ChartData(
        chart,
        b.as_of,
        tuple(fmt_date(s.date) for s in steps),
        points,
        obs_table(points),
        tuple(legend),
        tuple(marks),
        tuple(lines),
        tuple(ids),
        geo=data,
    )


def _points(b: Briefing, chart: Chart, data: MapData, layers: list[Layer]) -> pd.DataFrame:
    """A row per layer (its area) and one for the change between the compared dates."""
    known = set(b.observations["id"]) if not b.observations.empty else set()
    rows = []
    for i, (step, layer) in enumerate(zip(data.steps, layers, strict=True)):
        oid = f"{layer.name}.area"
        day = pd.Timestamp(step.date)
        rows.append(
            _row(
                tr("{label}: area (computed)").format(label=data.label),
                i,
                day,
                day,
                step.area_km2,
                fmt_number(step.area_km2, AREA_DECIMALS),
                oid if oid in known else "",
                tr("Area of {path}, {method}.").format(path=layer.path, method=tr(AREA_METHOD)),
                step,
                layer,
                i in (data.start, data.end),
                hover_text(data.label, step.area_text, fmt_date(step.date), step.attribution),
            )
        )
    if data.start is not None and data.end is not None:
        first, last = data.steps[data.start], data.steps[data.end]
        change = data.change(data.end) or 0.0
        layer = layers[data.end]
        oid = f"{layer.name}.change"
        text = fmt_signed(change, AREA_DECIMALS)
        rows.append(
            _row(
                tr("{label}: net change of area (computed)").format(label=data.label),
                len(data.steps),
                pd.Timestamp(first.date),
                pd.Timestamp(last.date - dt.timedelta(days=1)),
                change,
                text,
                oid if oid in known else "",
                tr(
                    "Area on {last} less the area on {first}, each {method}. The net change, "
                    "not the area newly occupied."
                ).format(
                    last=fmt_date(last.date), first=fmt_date(first.date), method=tr(AREA_METHOD)
                ),
                last,
                layer,
                True,
                hover_text(
                    tr("{label}: net change of area").format(label=data.label),
                    with_unit(text, tr(AREA_UNIT)),
                    tr("{first} to {last}").format(
                        first=fmt_date(first.date), last=fmt_date(last.date)
                    ),
                    last.attribution,
                ),
            )
        )
    return pd.DataFrame(rows, columns=list(POINT_COLUMNS))


def _row(
    series: str,
    category: int,
    start: pd.Timestamp,
    end: pd.Timestamp,
    value: float,
    text: str,
    oid: str,
    note: str,
    step: Step,
    layer: Layer,
    highlight: bool,
    hover: str,
) -> dict:
    return {
        "series": series,
        "series_index": 0,
        "role": "value",
        "category": category,
        "x": start,
        "period_start": start,
        "period_end": end,
        "value": value,
        "unit": tr(AREA_UNIT),
        "qualifier": "",
        "decimals": AREA_DECIMALS,
        "text": text,
        "status": "derived",
        "id": oid,
        "note": note,
        "attribution": step.attribution,
        "cites": tuple(layer.sources),
        "highlight": highlight,
        "later": step.later,
        "shown": True,
        "difference": 0.0,
        "hover": hover,
    }
