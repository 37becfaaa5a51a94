"""A map chart's own keys in ``datapackage.json``: its layers, base, country, the dates
it compares, its places and its view (``briefing.tabs[i].charts[j]`` of kind ``map``)."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from briefing_app.model.briefing import Briefing
from briefing_app.model.context import short
from briefing_app.model.i18n import msg
from briefing_app.model.jsonio import json_kind
from briefing_app.model.problems import Severity
from briefing_app.model.types import MapSpec

if TYPE_CHECKING:
    from briefing_app.model.descriptor import DescriptorReader

#: what ``view`` may name besides a box of [west, south, east, north]
VIEWS = ("country", "layers")


def read_map(
    d: DescriptorReader, c: dict, where: str, b: Briefing, events: tuple
) -> MapSpec | None:
    """The `MapSpec` of map chart *c*, or None when it cannot be drawn (reported)."""
    before = len(d.ctx.problems)
    layers = _layers(d, c, where, b)
    base = c.get("base")
    if base is not None and not (isinstance(base, str) and base in b.layers):
        _unknown(d, base, f"{where}.base")
        base = None
    country = c.get("country", "")
    if not isinstance(country, str):
        d.err(
            msg(
                "must be the name of a feature of the base layer, not {kind}",
                kind=json_kind(country),
            ),
            f"{where}.country",
        )
        country = ""
    elif country:
        if base is None:
            d.err(
                msg("a country is a feature of the base layer: name the base too"),
                f"{where}.country",
            )
        elif not any(f.name == country for f in b.layers[base].geometry.features):
            d.err(
                msg(
                    "the base layer {base} has no feature named {country} (its 'name' property)",
                    base=repr(base),
                    country=repr(short(country)),
                ),
                f"{where}.country",
            )
    if not layers and base is None and len(d.ctx.problems) == before:
        d.err(
            msg("a map chart needs layers (dated GeoJSON resources) or a base"), f"{where}.layers"
        )
    compare = _compare(d, c.get("compare"), f"{where}.compare", b, layers)
    places = _places(d, c, where, b)
    view = _view(d, c.get("view"), f"{where}.view", bool(country))
    for k, e in enumerate(events):
        if e in b.events and not b.events[e].place:
            d.err(
                msg(
                    "event {reason} has no place to be marked at: give it one in the events' "
                    "place column",
                    reason=repr(e),
                ),
                f"{where}.events[{k}]",
            )
    if any(p.severity == Severity.ERROR for p in d.ctx.problems[before:]):
        return None
    label = d.text(c, "label", where) or "Layer"
    return MapSpec(layers, label, base, country, compare, places, view)


def _unknown(d: DescriptorReader, name: Any, where: str) -> None:
    if isinstance(name, str) and name in d.ctx.failed:
        return  # its own problems are reported
    d.err(msg("unknown map layer {name} (a GeoJSON resource)", name=repr(short(str(name)))), where)


def _layers(d: DescriptorReader, c: dict, where: str, b: Briefing) -> tuple[str, ...]:
    names = d._id_list(c, "layers", where)
    dated: list[tuple[dt.date, str]] = []
    seen: dict[dt.date, str] = {}
    for k, name in enumerate(names):
        layer = b.layers.get(name)
        if layer is None:
            _unknown(d, name, f"{where}.layers[{k}]")
        elif layer.date is None:
            d.err(
                msg("layer {name} has no date: the layers of a map are dated", name=repr(name)),
                f"{where}.layers[{k}]",
            )
        elif layer.date in seen:
            d.err(
                msg(
                    "layers {seen} and {name} have the same date",
                    seen=repr(seen[layer.date]),
                    name=repr(name),
                ),
                f"{where}.layers[{k}]",
            )
        else:
            seen[layer.date] = name
            dated.append((layer.date, name))
    return tuple(name for _, name in sorted(dated))


def _compare(
    d: DescriptorReader, v: Any, where: str, b: Briefing, layers: tuple[str, ...]
) -> tuple[dt.date, dt.date] | None:
    dates = [b.layers[n].date for n in layers]
    if v is None:  # the first and the last layer
        return (dates[0], dates[-1]) if len(dates) > 1 else None  # type: ignore[return-value]
    if not isinstance(v, list) or len(v) != 2:
        d.err(
            msg(
                'must be [start, end]: the dates of two of its layers, e.g. ["2024-09-01", '
                '"2024-12-01"]'
            ),
            where,
        )
        return None
    a, z = d.date(v[0], f"{where}[0]"), d.date(v[1], f"{where}[1]")
    if a is None or z is None:
        return None
    for k, day in enumerate((a, z)):
        if day not in dates:
            d.err(msg("no layer of this map is dated {day}", day=day.isoformat()), f"{where}[{k}]")
            return None
    if not a < z:
        d.err(
            msg("the end ({z}) must be after the start ({a})", z=z.isoformat(), a=a.isoformat()),
            where,
        )
        return None
    return a, z


def _places(d: DescriptorReader, c: dict, where: str, b: Briefing) -> tuple[str, ...]:
    if c.get("places") == "all":
        return tuple(b.places)
    ids = d._id_list(c, "places", where)
    for k, p in enumerate(ids):
        if p not in b.places and "places" not in d.ctx.failed:
            d.err(msg("unknown place {p}", p=repr(short(p))), f"{where}.places[{k}]")
    return tuple(p for p in ids if p in b.places)


def _view(d: DescriptorReader, v: Any, where: str, has_country: bool) -> Any:
    if v is None:
        return "country" if has_country else "layers"
    if isinstance(v, str):
        if v not in VIEWS or (v == "country" and not has_country):
            d.err(
                msg(
                    'must be "layers", "country" (with a country) or [west, south, east, north] '
                    "in degrees, not {v}",
                    v=repr(short(v)),
                ),
                where,
            )
            return "layers"
        return v
    ok = (
        isinstance(v, list)
        and len(v) == 4
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in v)
        and all(math.isfinite(x) for x in v)
    )
    if ok:
        w, s, e, n = (float(x) for x in v)
        ok = -180 <= w < e <= 180 and -90 <= s < n <= 90
    if not ok:
        d.err(
            msg(
                "must be [west, south, east, north] in degrees (west < east within −180…180, "
                "south < north within −90…90)"
            ),
            where,
        )
        return "country" if has_country else "layers"
    return (w, s, e, n)
