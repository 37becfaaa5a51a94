"""Map layers: areas computed on the ellipsoid, and hostile GeoJSON refused in time.

The small bad layers (NaN, open rings, unknown geometry types, ...) are cases of the
bad-package corpus (tests/fixtures/bad/geojson-*, layer-*, map-*); the big ones are made
here.  No Qt.
"""

from __future__ import annotations

import json
import math
import time

import numpy as np
import pytest
from conftest import run_python

from briefing_app.model import load_package
from briefing_app.model.geo import R_Q, GeoReader, _beta, project
from briefing_app.model.limits import MAX_FEATURES, MAX_VERTICES_FILE, MAX_VERTICES_TOTAL

#: the areas of the bundled layers computed geodesically on the WGS 84 ellipsoid (pyproj),
#: as shared/data/maps/README.md gives them, km²
REFERENCE_KM2 = {
    "2024-07-08": 109_360.9,
    "2024-08-01": 109_495.2,
    "2024-09-01": 109_858.6,
    "2024-10-01": 110_255.9,
    "2024-11-01": 110_758.7,
    "2024-12-01": 111_484.6,
}


@pytest.fixture(scope="module")
def bundled():
    result = load_package()
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


def test_the_bundled_layers_areas_are_the_geodesic_ones(bundled):
    for day, km2 in REFERENCE_KM2.items():
        layer = bundled.layers[f"occupied-{day}"]
        # rounded to 0.1 km² both: at most one step apart
        assert layer.area_km2 == pytest.approx(km2, abs=0.11), day
        row = bundled.observation_rows([f"occupied-{day}.area"]).iloc[0]
        assert row["value"] == layer.area_km2
        assert (row["status"], row["source"], row["via"]) == (
            "derived",
            "deepstatemap",
            "deepstate-map-data",
        )
        assert "equal-area" in row["note"] and "WGS 84" in row["note"]
    change = bundled.observation_rows(["occupied-2024-12-01.change"]).iloc[0]
    # README: net +1,625.9 km² from the unrounded areas; from the rounded ones, 1,626.0
    assert change["value"] == pytest.approx(1_626.0, abs=1e-9)
    assert change["indicator"] == "territory-gain-3m"
    assert str(change["period_start"].date()) == "2024-09-01"
    assert str(change["period_end"].date()) == "2024-11-30"


def test_the_check_against_isw_uses_the_computed_areas(bundled):
    c = bundled.checks["terr-vs-deepstate"]
    assert c.inputs == ("occupied-2024-12-01.area", "occupied-2024-09-01.area")
    assert c.expression == "111,484.6 − 109,858.6"
    assert c.computed == pytest.approx(1_626.0)
    assert c.reported == 2_356 and c.holds is False
    assert "measure different things" in c.note


def _band(lon0: float, lat0: float, dlon: float, dlat: float, n: int = 400) -> dict:
    """A 'rectangle' between two meridians and two parallels, each side sampled densely:
    in the plane, meridians and parallels away from the centre are curves, and the area
    is that of the polygon through the samples."""
    t = np.linspace(0.0, 1.0, n)[:-1]
    lon1, lat1 = lon0 + dlon, lat0 + dlat
    ring = [[lon0 + dlon * float(k), lat0] for k in t]
    ring += [[lon1, lat0 + dlat * float(k)] for k in t]
    ring += [[lon1 - dlon * float(k), lat1] for k in t]
    ring += [[lon0, lat1 - dlat * float(k)] for k in t]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def _fc(*geometries: dict) -> bytes:
    features = [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


@pytest.mark.parametrize(("lat0", "dlat"), [(0.0, 1.0), (48.0, 1.0), (60.0, 5.0)])
def test_an_area_between_parallels_is_exact_on_the_ellipsoid(lat0, dlat):
    # between two meridians and two parallels the ellipsoid's area is known exactly:
    # R_q² · Δλ · (sin β2 − sin β1), β the authalic latitude
    exact = R_Q**2 * math.radians(1.0) * (math.sin(_beta(lat0 + dlat)) - math.sin(_beta(lat0)))
    assert 1_000 < exact < 60_000
    g = GeoReader("band.geojson").read(_fc(_band(30.0, lat0, 1.0, dlat)))
    assert g is not None
    assert g.area_km2() == pytest.approx(exact, rel=2e-6)


def test_holes_are_subtracted_and_the_centre_is_the_origin():
    outer = _band(30.0, 48.0, 2.0, 2.0)["coordinates"][0]
    hole = _band(30.5, 48.5, 1.0, 1.0)["coordinates"][0][::-1]  # either way round
    g = GeoReader("holed.geojson").read(_fc({"type": "Polygon", "coordinates": [outer, hole]}))
    whole = GeoReader("a.geojson").read(_fc(_band(30.0, 48.0, 2.0, 2.0)))
    inner = GeoReader("b.geojson").read(_fc(_band(30.5, 48.5, 1.0, 1.0)))
    assert g.area_km2() == pytest.approx(whole.area_km2() - inner.area_km2(), rel=1e-9)
    x, y = project(np.array([31.0]), np.array([48.5]), 31.0, 48.5)
    assert abs(x[0]) < 1e-9 and abs(y[0]) < 1e-9
    # a degree of latitude at 48.5°N is about 111.2 km
    _, y1 = project(np.array([31.0]), np.array([49.0]), 31.0, 48.5)
    _, y0 = project(np.array([31.0]), np.array([48.0]), 31.0, 48.5)
    assert y1[0] - y0[0] == pytest.approx(111.2, abs=0.2)


# -- hostile layers, too big to keep in the corpus ------------------------------------


def _package_with_layer(make_package, data: bytes, name: str = "layer.geojson"):
    def add(doc: dict) -> None:
        doc["resources"].append(
            {
                "name": "layer",
                "path": name,
                "format": "geojson",
                "title": "A layer",
                "sources": [{"id": "gs"}],
                "licenses": [{"name": "X"}],
            }
        )

    from conftest import edit_json

    return make_package({"datapackage.json": edit_json(add), name: data})


def _errors_in_time(path, seconds: float = 10.0) -> list[str]:
    t0 = time.perf_counter()
    result = load_package(path)
    assert time.perf_counter() - t0 < seconds  # a bound against a hang, not a speed target
    assert not result.ok and result.briefing is None
    return [str(p) for p in result.errors]


def test_a_million_vertices_are_refused_before_they_are_parsed(make_package):
    ring = "[" + ",".join(["[30,48]"] * 1_000_000) + "]"
    text = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
    text += '"geometry":{"type":"Polygon","coordinates":[' + ring + "]}}]}"
    errors = _errors_in_time(_package_with_layer(make_package, text.encode()))
    assert errors == [
        "layer.geojson: holds 1,000,003 lists of coordinates: more vertices than a map layer "
        f"may have ({MAX_VERTICES_FILE:,}, and the package's layers {MAX_VERTICES_TOTAL:,} "
        "together)"
    ]


def test_one_vertex_too_many_is_refused_at_its_feature(make_package):
    ring = [[30.0 + i * 1e-6, 48.0] for i in range(MAX_VERTICES_FILE)] + [[30.0, 48.0]]
    data = _fc({"type": "Polygon", "coordinates": [ring]})
    errors = _errors_in_time(_package_with_layer(make_package, data))
    assert errors == [
        f"layer.geojson:1:geometry.coordinates[0]: more than {MAX_VERTICES_FILE:,} vertices: "
        f"a map layer may have at most {MAX_VERTICES_FILE:,}, and the package's layers "
        f"{MAX_VERTICES_TOTAL:,} together"
    ]


def test_the_package_limit_on_vertices_counts_every_layer(make_package):
    from conftest import edit_json

    n = MAX_VERTICES_FILE - 10
    ring = [[30.0 + i * 1e-6, 48.0] for i in range(n - 1)] + [[30.0, 48.0]]
    data = _fc({"type": "Polygon", "coordinates": [ring]})
    names = [f"l{k}.geojson" for k in range(3)]

    def add(doc: dict) -> None:
        for k, name in enumerate(names):
            doc["resources"].append(
                {
                    "name": f"l{k}",
                    "path": name,
                    "format": "geojson",
                    "title": "A layer",
                    "sources": [{"id": "gs"}],
                    "licenses": [{"name": "X"}],
                }
            )

    pkg = make_package({"datapackage.json": edit_json(add), **dict.fromkeys(names, data)})
    errors = _errors_in_time(pkg, 30.0)
    left = MAX_VERTICES_TOTAL - 2 * n
    assert len(errors) == 1 and errors[0].startswith(
        f"l2.geojson:1:geometry.coordinates[0]: more than {left:,} vertices"
    )


def test_too_many_features_and_too_many_bytes_are_refused(make_package):
    empty = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [30, 48]},
    }
    data = json.dumps({"type": "FeatureCollection", "features": [empty] * (MAX_FEATURES + 1)})
    errors = _errors_in_time(_package_with_layer(make_package, data.encode()))
    assert errors == [
        f"layer.geojson:features: {MAX_FEATURES + 1:,} features; a map layer may have at most "
        f"{MAX_FEATURES:,}"
    ]
    big = b'{"type": "FeatureCollection", "features": []}' + b" " * (16 * 1024**2)
    errors = _errors_in_time(_package_with_layer(make_package, big))
    assert errors == ["layer.geojson: file is 16.0 MiB; the limit is 16.0 MiB"]


def test_validate_prints_hostile_layers_problems_without_a_traceback(make_package):
    deep = b'{"type": "FeatureCollection", "features": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    pkg = _package_with_layer(make_package, deep)
    r = run_python("-m", "briefing_app", "validate", str(pkg), timeout=60)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "layer.geojson: invalid JSON: nested too deeply" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
