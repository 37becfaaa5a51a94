"""A chart's data thinned for drawing in an export: the same picture from fewer points.

A line of a million points (a year of hourly data, the longest a series table may hold)
is drawn by pyqtgraph at the resolution of the output, the highest and lowest value of
each pixel column ("peak" downsampling), but it keeps every point all the same: a plot
drawn once took 70-210 MB and 0.15-1.1 s, as the data went (measured on the package at
the limits' hourly series, and on a million points within one day).  `for_drawing` keeps, of
each long series of a line chart, its first and last point and the lowest and highest
point of each of `BINS` equal runs of points in the order they are drawn: the same outline at any
width an export is drawn at (a run is narrower than a pixel up to `BINS` pixels), and
the rows kept are the points' own rows (their dates, values, sources).

Only the drawing is thinned: the chart's table, its figures in words, the CSV export and
the window draw every point.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd

from briefing_app.content.chartdata.data import ChartData

#: runs of points a long series is cut into: wider than any export draws a chart (an
#: 8,192-pixel image, the widest size an export takes, is under 8,000 pixels of plot)
BINS = 8_000


def for_drawing(data: ChartData, bins: int = BINS) -> ChartData:
    """*data* with each series of a line chart longer than ``2 * bins + 2`` points thinned
    to the first, the last, and the lowest and highest of each of *bins* runs; any other
    chart as it is."""
    pts = data.points
    if data.kind != "line" or len(pts) <= 2 * bins + 2:
        return data
    keep: list[np.ndarray] = []
    series = pts["series_index"].to_numpy()
    y = pts["value"].to_numpy(dtype=float)
    for si in pd.unique(series):
        # in the order the line is drawn in, the points' own
        rows = np.flatnonzero(series == si)
        keep.append(rows if len(rows) <= 2 * bins + 2 else peaks(rows, y[rows], bins))
    kept = np.sort(np.concatenate(keep))
    return dataclasses.replace(data, points=pts.iloc[kept].reset_index(drop=True), _cache={})


def peaks(rows: np.ndarray, y: np.ndarray, bins: int) -> np.ndarray:
    """Of *rows* (in drawing order, their values *y*), the first, the last and the rows of
    the lowest and the highest value of each of *bins* runs of equal length (a missing
    value is neither)."""
    n = len(rows)
    edges = np.linspace(0, n, bins + 1).astype(np.int64)
    low = np.where(np.isnan(y), np.inf, y)
    high = np.where(np.isnan(y), -np.inf, y)
    picks = [0, n - 1]
    for a, z in itertools.pairwise(edges.tolist()):
        if z > a:
            picks.append(a + int(np.argmin(low[a:z])))
            picks.append(a + int(np.argmax(high[a:z])))
    return rows[np.unique(np.asarray(picks, dtype=np.int64))]
