"""A briefing package with hostile text in every kind of field, for the tests of every
view (the window, the slides, the handout, the Markdown): markup, a 3,000-character word,
bidi overrides, control characters."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from conftest import MINIMAL

HTML = "<b>x</b><script>alert(1)</script>"
LONG = "W" * 3000
RTL = "\u202eRTL override"
RLM = "\u200f"
BELL = "\x07"
TITLE = f"<h1>Title</h1> {HTML}"
TAKEAWAY = f"<a href='https://evil.example'>click</a> & <img src=x onerror=alert(1)> {LONG}"
NOTES = f"<script>notes()</script> {LONG}"
CHART_TITLE = "{value} <b>chart</b> {0} %s {{x}} " + LONG
QUOTE = f"{HTML} {LONG} {RTL} {RLM} bell{BELL}end"
SPEAKER = f"<i>Speaker</i>{BELL}"
EVENT = f"<marquee>event</marquee> {LONG}"
CHECK = f"<b>check</b> {LONG}"
SOURCE_TITLE = f"{HTML} {LONG}"


def edit_rows(path: Path, **values: str) -> None:
    """Set the fields *values* in every row of the CSV file *path*."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r.update(values)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def make_hostile(dst: Path) -> Path:
    """A copy of the minimal package with hostile text in every kind of field."""
    shutil.copytree(MINIMAL, dst)
    d = json.loads((dst / "datapackage.json").read_text(encoding="utf-8"))
    d["title"] = f"{TITLE} {LONG[:400]}"
    b = d["briefing"]
    b["subtitle"] = f"{RTL} subtitle {RLM}"
    b["caveat"] = f"<i>caveat</i> {LONG[:500]}"
    tab = b["tabs"][0]
    tab["title"] = f"<u>Losses</u> {RTL}"
    tab["takeaway"] = TAKEAWAY
    tab["notes"] = NOTES
    chart = tab["charts"][0]
    chart["title"] = CHART_TITLE
    chart["series"][0]["label"] = f"<i>series</i> {LONG[:300]}"
    (dst / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")

    note = f"<a href='x'>note</a> {LONG}"
    edit_rows(dst / "quotes.csv", text=QUOTE, speaker=SPEAKER, role=RTL, note=note)
    edit_rows(dst / "sources.csv", title=SOURCE_TITLE, note=f"{RTL} {LONG[:100]}")
    edit_rows(dst / "events.csv", title=EVENT, description=f"{HTML}{BELL}")
    edit_rows(dst / "checks.csv", title=CHECK, note=f"{HTML} {RLM}")
    return dst
