"""GeoJSON map layers: read strictly, measured on the ellipsoid, projected for drawing. No Qt.

A layer file is checked like every table: its problems are located as
``FILE:FEATURE:FIELD`` (the feature's number in the file counting from 1, then the path
inside it, ``geometry.coordinates[0][12]``), reading never raises, and limits on bytes,
features and vertices keep a hostile file from filling the memory or the screen.

Areas are computed, never read: each vertex is projected with the Lambert azimuthal
equal-area projection of the WGS 84 ellipsoid (Snyder, *Map Projections: A Working
Manual*, 1987, pp. 187-190), centred on the layer, and each ring's area is the shoelace
formula in that plane, holes subtracted. An equal-area projection keeps areas on the
ellipsoid exactly, so this agrees with geodesic areas to within a tenth of a km² for a
country-sized layer; drawing uses the same projection (shapes are not stretched).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from briefing_app.model.csvtext import decode_text
from briefing_app.model.i18n import N_, Message, Nn_, msg, nmsg
from briefing_app.model.jsonio import invalid_json
from briefing_app.model.limits import (
    MAX_FEATURES,
    MAX_LISTED,
    MAX_VERTICES_FILE,
    MAX_VERTICES_TOTAL,
)
from briefing_app.model.problems import Problem

#: geometry types a layer may hold
GEOMETRY_TYPES = ("Polygon", "MultiPolygon", "Point")

# -- the WGS 84 ellipsoid, in km -------------------------------------------------------------
A_KM = 6378.137
FLATTENING = 1 / 298.257223563
E2 = FLATTENING * (2 - FLATTENING)
E = math.sqrt(E2)


def _q(sin_phi: np.ndarray | float) -> np.ndarray | float:
    """Snyder's q (eq. 3-12): the authalic latitude's sine, times q at the pole."""
    s = sin_phi
    return (1 - E2) * (s / (1 - E2 * s * s) - np.log((1 - E * s) / (1 + E * s)) / (2 * E))


Q_POLE = float(_q(1.0))
#: radius of the sphere of the ellipsoid's area (the authalic radius), km
R_Q = A_KM * math.sqrt(Q_POLE / 2)


def _beta(lat_deg: np.ndarray | float) -> np.ndarray | float:
    """The authalic latitude, radians."""
    return np.arcsin(np.clip(_q(np.sin(np.radians(lat_deg))) / Q_POLE, -1.0, 1.0))


def project(
    lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float
) -> tuple[np.ndarray, np.ndarray]:
    """Lambert azimuthal equal-area on the WGS 84 ellipsoid, centred at (lon0, lat0):
    x east and y north in km (Snyder eqs. 24-13 to 24-19)."""
    phi0 = math.radians(lat0)
    b0 = float(_beta(lat0))
    d = A_KM * (math.cos(phi0) / math.sqrt(1 - E2 * math.sin(phi0) ** 2)) / (R_Q * math.cos(b0))
    b = _beta(np.asarray(lat, dtype=float))
    lam = np.radians(np.asarray(lon, dtype=float) - lon0)
    cos_b, sin_b, cos_l = np.cos(b), np.sin(b), np.cos(lam)
    # 0 only at the antipode of the centre, which no map of a region comes near
    k = R_Q * np.sqrt(
        2 / np.maximum(1 + math.sin(b0) * sin_b + math.cos(b0) * cos_b * cos_l, 1e-12)
    )
    x = k * d * cos_b * np.sin(lam)
    y = (k / d) * (math.cos(b0) * sin_b - math.sin(b0) * cos_b * cos_l)
    return x, y


@dataclass(eq=False)
class Feature:
    """One feature of a layer: its name and properties (text), and where its rings or
    point are in the layer's arrays."""

    number: int
    name: str
    properties: dict[str, str]
    #: the layer's rings of this feature: ``ring_start[r0:r1 + 1]`` bounds their vertices
    rings: tuple[int, int] = (0, 0)
    #: the layer's points of this feature
    points: tuple[int, int] = (0, 0)


@dataclass(eq=False)
class Geometry:
    """A layer's geometry as flat arrays: every ring's vertices one after the other."""

    lon: np.ndarray
    lat: np.ndarray
    #: offsets of each ring's first vertex, and the end (len = rings + 1)
    ring_start: np.ndarray
    #: whether each ring is a hole (a polygon's second ring or later)
    ring_hole: np.ndarray
    #: the feature (index in `features`) of each ring
    ring_feature: np.ndarray
    point_lon: np.ndarray
    point_lat: np.ndarray
    features: list[Feature] = field(default_factory=list)

    @property
    def vertices(self) -> int:
        return len(self.lon) + len(self.point_lon)

    def part(self, features: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The vertices (indexes into `lon`), ring offsets and points (indexes into
        `point_lon`) of *features*."""
        keep = np.isin(self.ring_feature, features)
        starts, ends = self.ring_start[:-1][keep], self.ring_start[1:][keep]
        idx = [np.arange(a, z) for a, z in zip(starts, ends, strict=True)]
        pts = [np.arange(*self.features[f].points) for f in features]
        offsets = np.concatenate([[0], np.cumsum(ends - starts)]).astype(np.int64)
        return _cat(idx), offsets, _cat(pts)

    def bbox(self, features: list[int] | None = None) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) of all or some *features*, None when empty."""
        if features is None:
            lon = np.concatenate([self.lon, self.point_lon])
            lat = np.concatenate([self.lat, self.point_lat])
        else:
            idx, _, pts = self.part(features)
            lon = np.concatenate([self.lon[idx], self.point_lon[pts]])
            lat = np.concatenate([self.lat[idx], self.point_lat[pts]])
        if not len(lon):
            return None
        return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())

    def area_km2(self, features: list[int] | None = None) -> float:
        """Area of the polygons (of *features*, default all) on the ellipsoid, km²: the
        shoelace formula in the equal-area plane centred on them, holes subtracted."""
        keep = np.ones(len(self.ring_hole), bool)
        if features is not None:
            keep = np.isin(self.ring_feature, features)
        rings = ring_areas(self, keep)
        if not len(rings):
            return 0.0
        holes = self.ring_hole[keep]
        return float(rings[~holes].sum() - rings[holes].sum())


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def ring_areas(g: Geometry, keep: np.ndarray) -> np.ndarray:
    """The area of each kept ring, km², in a plane centred on the kept rings."""
    starts, ends = g.ring_start[:-1][keep], g.ring_start[1:][keep]
    if not len(starts):
        return np.zeros(0)
    idx = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
    lon, lat = g.lon[idx], g.lat[idx]
    lon0 = (float(lon.min()) + float(lon.max())) / 2
    lat0 = (float(lat.min()) + float(lat.max())) / 2
    x, y = project(lon, lat, lon0, lat0)
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    # each ring's edges are its own consecutive vertices: none runs into the next ring
    lengths = ends - starts
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    cross = np.append(cross, 0.0)
    cross[offsets[1:] - 1] = 0.0
    return np.abs(np.add.reduceat(cross, offsets[:-1])) / 2


class _TooMany(Exception):
    """Reading stops: the file is beyond a limit (reported)."""


class GeoReader:
    """Reads one GeoJSON file into a `Geometry`, collecting problems at FILE:FEATURE:FIELD."""

    def __init__(self, file: str, budget: int = MAX_VERTICES_FILE) -> None:
        self.file = file
        self.problems: list[Problem] = []
        #: vertices this file may still hold (the file's limit, or what the package has left)
        self.budget = min(budget, MAX_VERTICES_FILE)
        self._lon: list[np.ndarray] = []
        self._lat: list[np.ndarray] = []
        self._starts: list[int] = [0]
        self._holes: list[bool] = []
        self._ring_feature: list[int] = []
        self._plon: list[float] = []
        self._plat: list[float] = []
        self._n = 0
        self._errors = 0

    def err(self, message: str, feature: int | None = None, where: str = "") -> None:
        """Report a problem; the first `MAX_LISTED` are listed, then how many more."""
        self._errors += 1
        if self._errors <= MAX_LISTED:
            self.problems.append(Problem(self.file, message, row=feature, field=where or None))

    def read(self, data: bytes) -> Geometry | None:
        """The geometry of the GeoJSON *data*, or None if it has errors (in `problems`)."""
        text, problems = decode_text(data, self.file)
        self.problems.extend(problems)
        if text is None:
            return None
        doc = self._parse(text)
        if doc is None:
            return None
        features = self._features(doc)
        out: list[Feature] = []
        try:
            for i, f in enumerate(features or ()):
                feature = self._feature(f, i + 1, len(out))
                if feature is not None:
                    out.append(feature)
        except _TooMany:
            pass
        if self._errors > MAX_LISTED:
            more = self._errors - MAX_LISTED
            self.problems.append(
                Problem(
                    self.file,
                    nmsg(
                        "… and {more} more problem in this file",
                        "… and {more} more problems in this file",
                        more,
                        more=more,
                    ),
                )
            )
        if self.problems:
            return None
        return Geometry(
            np.concatenate(self._lon) if self._lon else np.zeros(0),
            np.concatenate(self._lat) if self._lat else np.zeros(0),
            np.asarray(self._starts, dtype=np.int64),
            np.asarray(self._holes, dtype=bool),
            np.asarray(self._ring_feature, dtype=np.int64),
            np.asarray(self._plon, dtype=float),
            np.asarray(self._plat, dtype=float),
            out,
        )

    def _parse(self, text: str) -> Any:
        # every position is a list: a file of more lists than a layer may have vertices
        # (with room for its rings and polygons) is refused before it is parsed, so that
        # no Python object is made for each of millions of positions
        lists = text.count("[")
        if lists > 2 * self.budget + 10_000:
            self.err(
                nmsg(
                    "holds {lists} list of coordinates: more vertices than a map layer may have "
                    "({file_limit}, and the package's layers {total_limit} together)",
                    "holds {lists} lists of coordinates: more vertices than a map layer may have "
                    "({file_limit}, and the package's layers {total_limit} together)",
                    lists,
                    lists=lists,
                    file_limit=MAX_VERTICES_FILE,
                    total_limit=MAX_VERTICES_TOTAL,
                )
            )
            return None
        # NaN and Infinity are read as numbers so that they are reported where they are,
        # as coordinates that are not finite (a number too large for a float is infinite)
        try:
            return json.loads(text, parse_constant=float)
        except json.JSONDecodeError as exc:
            self.problems.append(Problem(self.file, invalid_json(exc, text)))
        except RecursionError:
            self.problems.append(Problem(self.file, msg("invalid JSON: nested too deeply")))
        return None

    def _features(self, doc: Any) -> list | None:
        if not isinstance(doc, dict):
            self.err(msg("must hold a GeoJSON object (a FeatureCollection)"))
            return None
        kind = doc.get("type")
        if kind == "Feature":
            return [doc]
        if kind != "FeatureCollection":
            self.err(
                msg(
                    "type {short} is not read: a layer is a FeatureCollection (or one Feature)",
                    short=_short(kind),
                ),
                where="type",
            )
            return None
        features = doc.get("features")
        if not isinstance(features, list):
            self.err(msg("a FeatureCollection needs a list of features"), where="features")
            return None
        if len(features) > MAX_FEATURES:
            self.err(
                nmsg(
                    "{count} feature; a map layer may have at most {limit}",
                    "{count} features; a map layer may have at most {limit}",
                    len(features),
                    count=len(features),
                    limit=MAX_FEATURES,
                ),
                where="features",
            )
            return None
        return features

    def _feature(self, f: Any, number: int, index: int) -> Feature | None:
        if not isinstance(f, dict) or f.get("type") != "Feature":
            self.err(msg('must be a GeoJSON Feature ({{"type": "Feature", ...}})'), number)
            return None
        props = f.get("properties")
        if props is not None and not isinstance(props, dict):
            self.err(msg("properties must be an object or null"), number, "properties")
            return None
        # package text is data: only plain texts and numbers are kept, as text
        text = {
            str(k): str(v)
            for k, v in (props or {}).items()
            if isinstance(v, str | int | float) and not isinstance(v, bool)
        }
        geom = f.get("geometry")
        if not isinstance(geom, dict):
            self.err(
                msg("the feature has no geometry (an object with type and coordinates)"),
                number,
                "geometry",
            )
            return None
        gtype = geom.get("type")
        if gtype not in GEOMETRY_TYPES:
            self.err(
                msg(
                    "geometry type {short} is not read (one of: {types})",
                    short=_short(gtype),
                    types=", ".join(GEOMETRY_TYPES),
                ),
                number,
                "geometry.type",
            )
            return None
        coords = geom.get("coordinates")
        where = "geometry.coordinates"
        r0, p0 = len(self._holes), len(self._plon)
        if gtype == "Point":
            pos = self._positions([coords], number, where, single=True)
            if pos is None:
                return None
            self._plon.append(float(pos[0, 0]))
            self._plat.append(float(pos[0, 1]))
        elif gtype == "Polygon":
            if not self._polygon(coords, number, where, index):
                return None
        else:
            if not isinstance(coords, list):
                self.err(msg("must be a list of polygons"), number, where)
                return None
            for k, poly in enumerate(coords):
                if not self._polygon(poly, number, f"{where}[{k}]", index):
                    return None
        return Feature(
            number, text.get("name", ""), text, (r0, len(self._holes)), (p0, len(self._plon))
        )

    def _polygon(self, rings: Any, number: int, where: str, index: int) -> bool:
        if not isinstance(rings, list) or not rings:
            self.err(
                msg("a polygon must be a list of rings (the outline, then any holes)"),
                number,
                where,
            )
            return False
        for k, ring in enumerate(rings):
            pos = self._positions(ring, number, f"{where}[{k}]")
            if pos is None:
                return False
            if len(pos) < 4:
                self.err(
                    nmsg(
                        "a ring needs at least 4 positions (the first repeated last); it has "
                        "{count}",
                        "a ring needs at least 4 positions (the first repeated last); it has "
                        "{count}",
                        len(pos),
                        count=len(pos),
                    ),
                    number,
                    f"{where}[{k}]",
                )
                return False
            if not np.array_equal(pos[0], pos[-1]):
                self.err(
                    msg(
                        "the ring is not closed: its last position {pos} differs from its first "
                        "{first}",
                        pos=_pos(pos[-1]),
                        first=_pos(pos[0]),
                    ),
                    number,
                    f"{where}[{k}][{len(pos) - 1}]",
                )
                return False
            self._lon.append(pos[:, 0])
            self._lat.append(pos[:, 1])
            self._starts.append(self._starts[-1] + len(pos))
            self._holes.append(k > 0)
            self._ring_feature.append(index)
        return True

    def _positions(
        self, ring: Any, number: int, where: str, single: bool = False
    ) -> np.ndarray | None:
        """The [longitude, latitude] positions of *ring* as an (n, 2) array, checked."""
        if not isinstance(ring, list):
            self.err(msg("must be a list of positions [longitude, latitude]"), number, where)
            return None
        self._n += len(ring)
        if self._n > self.budget:
            self.err(
                msg(
                    "more than {budget} vertices: a map layer may have at most "
                    "{file_limit}, and the package's layers {total_limit} together",
                    budget=self.budget,
                    file_limit=MAX_VERTICES_FILE,
                    total_limit=MAX_VERTICES_TOTAL,
                ),
                number,
                where,
            )
            raise _TooMany
        rows = []
        for k, p in enumerate(ring):
            if (
                not isinstance(p, list)
                or not 2 <= len(p) <= 3
                or not all(type(v) in (int, float) for v in p)
            ):
                at = where if single else f"{where}[{k}]"
                self.err(msg("must be a position [longitude, latitude] of two numbers"), number, at)
                return None
            rows.append(p[:2])
        pos = np.array(rows, dtype=float).reshape(-1, 2)
        bad = ~np.isfinite(pos).all(axis=1)
        bad_lon = ~bad & (np.abs(pos[:, 0]) > 180)
        bad_lat = ~bad & (np.abs(pos[:, 1]) > 90)
        # each kind of fault a whole sentence, with and without the count of the others
        # (its plural forms: "1 more position", "2 more positions")
        kinds = (
            (
                bad,
                N_("coordinate {value} is not a finite number"),
                Nn_(
                    "coordinate {value} is not a finite number (and {n} more position)",
                    "coordinate {value} is not a finite number (and {n} more positions)",
                ),
            ),
            (
                bad_lon,
                N_("coordinate {value} is outside −180…180 (longitude)"),
                Nn_(
                    "coordinate {value} is outside −180…180 (longitude) (and {n} more position)",
                    "coordinate {value} is outside −180…180 (longitude) (and {n} more positions)",
                ),
            ),
            (
                bad_lat,
                N_("coordinate {value} is outside −90…90 (latitude)"),
                Nn_(
                    "coordinate {value} is outside −90…90 (latitude) (and {n} more position)",
                    "coordinate {value} is outside −90…90 (latitude) (and {n} more positions)",
                ),
            ),
        )
        for mask, one, (many, many_plural) in kinds:
            hits = np.flatnonzero(mask)
            if len(hits):
                k = int(hits[0])
                at = where if single else f"{where}[{k}]"
                value = pos[k, 0] if mask is bad_lon else pos[k, 1]
                if mask is bad:
                    value = pos[k, 0] if not math.isfinite(pos[k, 0]) else pos[k, 1]
                more = len(hits) - 1
                text = (
                    Message(many, {"value": _num(value), "n": more}, many_plural, more)
                    if more
                    else Message(one, {"value": _num(value)})
                )
                self.err(
                    text,
                    number,
                    at,
                )
                return None
        return pos


def _num(v: float) -> str:
    """A coordinate as JSON would write it: NaN, Infinity, -Infinity, 30.5."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return f"{v:g}"


def _pos(p: np.ndarray) -> str:
    return f"[{_num(float(p[0]))}, {_num(float(p[1]))}]"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
