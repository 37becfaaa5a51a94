"""Bilingual packages for the tests: a package given a second language, every text the
format translates translated (marked, so that a test can tell which language a text
is in), with the columns declared in the schemas as Frictionless wants them."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from briefing_app.model import spec, translations

#: how the tests' "Ukrainian" text starts: a translation a test can recognise
MARK = "УКР "
#: who translated the test packages' quotes
TRANSLATOR = "Test translator"


def uk(text: str) -> str:
    """The test translation of *text* ('' for '')."""
    return MARK + text if text else ""


def _translate(obj: Any, keys: tuple[str, ...], lang: str) -> None:
    if isinstance(obj, dict):
        for k in keys:
            if isinstance(obj.get(k), str) and obj[k]:
                obj[f"{k}@{lang}"] = uk(obj[k])


def translate_descriptor(desc: dict, lang: str = "uk") -> dict:
    """*desc* with ``languages`` and every translatable text translated into *lang*."""
    t = translations
    desc["languages"] = ["en", lang]
    _translate(desc, t.PACKAGE_KEYS, lang)
    meta = desc["briefing"]
    _translate(meta, t.BRIEFING_KEYS, lang)
    for ind in meta.get("indicators", {}).values():
        _translate(ind, t.INDICATOR_KEYS, lang)
    for tab in meta["tabs"]:
        _translate(tab, t.TAB_KEYS, lang)
        for slide in tab.get("main") or []:
            _translate(slide, t.MAIN_KEYS, lang)
        for chart in tab.get("charts", []):
            _translate(chart, t.CHART_KEYS, lang)
            for s in chart.get("series", []):
                _translate(s, t.SERIES_KEYS, lang)
    return desc


def translate_table(package: Path, resource: dict, lang: str = "uk") -> None:
    """Add a ``FIELD@LANG`` column beside each translatable field of *resource*'s CSV
    file (a quote: its translation and who made it), and declare them in its schema."""
    name = resource["name"]
    path = package / resource["path"]
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
        header = list(rows[0]) if rows else []
    added: list[str] = []
    for f in spec.TRANSLATABLE[name]:
        if f in header:
            added.append(f"{f}@{lang}")
            for r in rows:
                # a date is the same date in every language
                same = f == "published" and r[f][:1].isdigit()
                r[f"{f}@{lang}"] = r[f] if same else uk(r[f])
    if name == "quotes":
        added += [f"translation@{lang}", f"translated_by@{lang}"]
        for r in rows:
            r[f"translation@{lang}"] = uk(r["text"])
            r[f"translated_by@{lang}"] = TRANSLATOR
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header + added)
        w.writeheader()
        w.writerows(rows)
    schema = resource.setdefault("schema", spec.schema_for(name))
    schema["fields"] += [{"name": c, "type": "string"} for c in added]


def make_bilingual(package: Path, lang: str = "uk") -> Path:
    """Translate every text of the package at *package* (a copy: it is changed) into *lang*."""
    dp = package / "datapackage.json"
    desc = translate_descriptor(json.loads(dp.read_text(encoding="utf-8")), lang)
    for r in desc["resources"]:
        if r["name"] in spec.TRANSLATABLE:
            translate_table(package, r, lang)
    dp.write_text(json.dumps(desc, indent=2, ensure_ascii=False), encoding="utf-8")
    return package


def translated_pairs(b: Any, u: Any) -> list[tuple[str, str, str]]:
    """(what, default text, translated text) of every text the format translates, from
    briefing *b* and the same briefing in another language *u* (`in_language`)."""
    out: list[tuple[str, str, str]] = []

    def pair(what: str, x: Any, y: Any, fields: tuple[str, ...]) -> None:
        for f in fields:
            out.append((f"{what}.{f}", getattr(x, f) or "", getattr(y, f) or ""))

    pair("briefing", b, u, ("title", "subtitle", "caveat"))
    for k, ind in b.indicators.items():
        pair(f"indicator {k}", ind, u.indicators[k], ("title", "unit"))
    for t, v in zip(b.tabs, u.tabs, strict=True):
        pair(f"tab {t.id}", t, v, ("title", "takeaway", "notes"))
        for j, (s, w) in enumerate(zip(t.main or (), v.main or (), strict=True)):
            pair(f"tab {t.id} main[{j}]", s, w, ("title",))
        for c, d in zip(t.charts, v.charts, strict=True):
            pair(f"chart {c.id}", c, d, ("title", "caption", "y_label"))
            if c.map is not None:
                pair(f"chart {c.id} map", c.map, d.map, ("label",))
            for m, (s, w) in enumerate(zip(c.series, d.series, strict=True)):
                pair(f"chart {c.id} series[{m}]", s, w, ("label", "unit", "series"))
    tables = {
        "sources": ("publisher", "short_name", "published", "note"),
        "checks": ("title", "unit", "note"),
        "claims": ("claim", "article_says", "actually_said", "cross_check"),
        "quotes": ("role", "note"),
        "positions": ("party", "topic", "position"),
        "polls": ("method", "question", "note"),
        "events": ("title", "description"),
        "places": ("name",),
    }
    for table, fields in tables.items():
        for k, item in getattr(b, table).items():
            pair(f"{table} {k}", item, getattr(u, table)[k], fields)
    for k, p in b.polls.items():
        for a, c in zip(p.answers, u.polls[k].answers, strict=True):
            out.append((f"poll {k} answer", a.answer, c.answer))
    for col in spec.TRANSLATABLE["observations"]:
        for i, x, y in zip(
            b.observations["id"], b.observations[col], u.observations[col], strict=True
        ):
            clean = ["" if not isinstance(v, str) else v for v in (x, y)]
            out.append((f"observations {i}.{col}", *clean))
    return [(w, x, y) for w, x, y in out if x]
