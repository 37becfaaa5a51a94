"""The briefing in one of its package's languages: `in_language`.

A package lists its languages, the default first (``Briefing.languages``); its texts
in the others were read with it (`model.translations`).  `in_language` gives the same
briefing with each text in the language asked for, falling back to the default
language text by text where a translation is missing (`validate` lists those as
warnings).  Only text differs: the same items, figures, checks and their results, in
the same order, so that every view shows the same briefing in either language.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from briefing_app.model.briefing import Briefing
from briefing_app.model.translations import TextKey, Translations
from briefing_app.model.types import (
    Chart,
    CheckResult,
    MainSlide,
    Poll,
    PollAnswer,
    Quote,
    Tab,
)

__all__ = ["in_language", "package_language"]


def package_language(b: Briefing, wanted: str | None) -> str:
    """The package's language nearest to *wanted*: itself, else one of the same primary
    language ('uk' for 'uk-UA', 'pt-BR' for 'pt'), else the package's default."""
    default = b.languages[0] if b.languages else b.language
    if not wanted:
        return default
    if wanted in b.languages:
        return wanted
    primary = wanted.split("-")[0].split("_")[0].lower()
    for lang in b.languages:
        if lang.split("-")[0] == primary:
            return lang
    return default


def in_language(b: Briefing, lang: str | None) -> Briefing:
    """*b* with its package's texts in *lang* (or the nearest of its languages,
    `package_language`), each falling back to the default language's text.

    Made once per language and kept with the briefing, so that switching languages
    back and forth costs nothing after the first time.
    """
    base = b._in_language.get("", b)  # a translated briefing keeps its original
    lang = package_language(base, lang)
    if lang == base.language or base.translations is None:
        return base
    made = base._in_language.get(lang)
    if made is None:
        made = _translate(base, lang, base.translations)
        made._in_language[""] = base
        base._in_language[lang] = made
    return made


class _Texts:
    """The translations into one language, and how each text falls back."""

    def __init__(self, tr: Translations, lang: str) -> None:
        self.desc = tr.descriptor.get(lang, {})
        self.rows = tr.rows.get(lang, {})

    def text(self, key: TextKey, default: str) -> str:
        return self.desc.get(key) or default

    def row(self, table: str, key: Any) -> dict[str, str]:
        return self.rows.get(table, {}).get(key, {})

    def replace(self, obj: Any, table: str, key: Any) -> Any:
        """*obj* (a frozen item) with its row's translated fields."""
        fields = self.row(table, key)
        return dataclasses.replace(obj, **fields) if fields else obj


def _translate(b: Briefing, lang: str, tr: Translations) -> Briefing:
    t = _Texts(tr, lang)
    obs, series_names = _observations(b, tr, lang)
    qualifiers = _qualifiers(b, obs)
    out = dataclasses.replace(
        b,
        title=t.text(("package", "title"), b.title),
        subtitle=t.text(("briefing", "subtitle"), b.subtitle),
        caveat=t.text(("briefing", "caveat"), b.caveat),
        language=lang,
        tabs=tuple(_tab(tab, t, series_names) for tab in b.tabs),
        sources={k: t.replace(v, "sources", k) for k, v in b.sources.items()},
        indicators={
            k: dataclasses.replace(
                v,
                title=t.text(("indicator", k, "title"), v.title),
                unit=t.text(("indicator", k, "unit"), v.unit),
            )
            for k, v in b.indicators.items()
        },
        observations=obs,
        checks={k: _check(v, t, k, qualifiers) for k, v in b.checks.items()},
        claims={k: t.replace(v, "claims", k) for k, v in b.claims.items()},
        quotes={k: _quote(v, t, tr, lang, b.languages[0]) for k, v in b.quotes.items()},
        positions={k: t.replace(v, "positions", k) for k, v in b.positions.items()},
        polls={k: _poll(v, t) for k, v in b.polls.items()},
        events={k: t.replace(v, "events", k) for k, v in b.events.items()},
        places={k: t.replace(v, "places", k) for k, v in b.places.items()},
    )
    # the same problems: a package's warnings and findings do not depend on the language
    out.warnings = b.warnings
    return out


def _check(c: CheckResult, t: _Texts, key: str, qualifiers: dict[str, str]) -> CheckResult:
    """Check *c* with its row's texts in the language, and the reported figure's
    qualifier as its observation has it there ('близько 28', not 'about 28')."""
    c = t.replace(c, "checks", key)
    q = qualifiers.get(c.reported_id or "")
    return dataclasses.replace(c, reported_qualifier=q) if q else c


def _qualifiers(b: Briefing, obs: pd.DataFrame) -> dict[str, str]:
    """The qualifier, in *obs*'s language, of each figure a check reports with one."""
    ids = {c.reported_id for c in b.checks.values() if c.reported_id and c.reported_qualifier}
    if not ids or obs.empty or "qualifier" not in obs.columns:
        return {}
    rows = obs.loc[obs["id"].isin(ids), ["id", "qualifier"]]
    out: dict[str, str] = {}
    for k, q in zip(rows["id"], rows["qualifier"], strict=True):
        if isinstance(q, str) and q.strip():
            out.setdefault(k, q.strip())  # a duplicate id is an error; the first counts
    return out


def _observations(b: Briefing, tr: Translations, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The observations with their texts in *lang*, and each series' name in it (a chart
    selects a series' rows by its name: the loader made sure each has one)."""
    given = tr.observations.get(lang, {})
    # the series of a map layer's derived observations, named in the descriptor
    names = {
        key[1]: text
        for key, text in tr.descriptor.get(lang, {}).items()
        if key[0] == "series-name" and isinstance(key[1], str)
    }
    obs = b.observations
    if obs.empty:
        return obs, names
    obs = obs.copy()
    ids = obs["id"].to_numpy(dtype=object)
    for col, texts in given.items():
        if col not in obs.columns or len(texts) != len(tr.observation_ids):
            continue
        # by id: the layers' derived observations were added after the table was read
        by_id = {i: t for i, t in zip(tr.observation_ids, texts, strict=True) if t}
        if not by_id:
            continue
        if col == "series":
            series_of = dict(zip(ids, obs["series"], strict=True))
            for i, name in by_id.items():
                if isinstance(series_of.get(i), str):
                    names[series_of[i]] = name
            continue  # below, for every row
        new = np.array([by_id.get(i, "") for i in ids], dtype=object)
        has = new != ""
        obs[col] = np.where(has, new, obs[col].to_numpy(dtype=object))
    _derived_units(b, obs, tr, lang, ids, given.get("unit"))
    if names:
        # one name a series: the rows a chart selects are the same in every language
        obs["series"] = [names.get(s, s) if isinstance(s, str) else s for s in obs["series"]]
    return obs, names


def _derived_units(
    b: Briefing,
    obs: pd.DataFrame,
    tr: Translations,
    lang: str,
    ids: np.ndarray,
    units: list[str] | None,
) -> None:
    """A row without a translated unit whose unit is its indicator's (a map layer's
    derived area, say) takes the indicator's translated unit."""
    unit_of = {
        k: (i.unit, tr.descriptor.get(lang, {}).get(("indicator", k, "unit")))
        for k, i in b.indicators.items()
    }
    translated = set()
    if units is not None and len(units) == len(tr.observation_ids):
        translated = {i for i, t in zip(tr.observation_ids, units, strict=True) if t}
    new = []
    for i, ind, unit in zip(ids, obs["indicator"], obs["unit"], strict=True):
        default, there = unit_of.get(ind, (None, None))
        new.append(there if i not in translated and there and unit == default else unit)
    obs["unit"] = new


def _tab(tab: Tab, t: _Texts, series_names: dict[str, str]) -> Tab:
    main = tab.main
    if main is not None:
        main = tuple(
            MainSlide(s.items, t.text(("main", tab.id, j, "title"), s.title))
            for j, s in enumerate(main)
        )
    return dataclasses.replace(
        tab,
        title=t.text(("tab", tab.id, "title"), tab.title),
        takeaway=t.text(("tab", tab.id, "takeaway"), tab.takeaway),
        notes=t.text(("tab", tab.id, "notes"), tab.notes),
        charts=tuple(_chart(c, t, series_names) for c in tab.charts),
        main=main,
    )


def _chart(c: Chart, t: _Texts, series_names: dict[str, str]) -> Chart:
    series = tuple(
        dataclasses.replace(
            s,
            label=t.text(("series", c.id, m, "label"), s.label),
            unit=t.text(("series", c.id, m, "unit"), s.unit or "") or s.unit,
            series=series_names.get(s.series, s.series) if s.series else s.series,
        )
        for m, s in enumerate(c.series)
    )
    mapspec = c.map
    if mapspec is not None:
        mapspec = dataclasses.replace(
            mapspec, label=t.text(("chart", c.id, "label"), mapspec.label)
        )
    return dataclasses.replace(
        c,
        title=t.text(("chart", c.id, "title"), c.title),
        caption=t.text(("chart", c.id, "caption"), c.caption),
        y_label=t.text(("chart", c.id, "y_label"), c.y_label),
        series=series,
        map=mapspec,
    )


def _poll(p: Poll, t: _Texts) -> Poll:
    answers = tuple(
        PollAnswer(
            t.row("poll_answers", (p.id, a.answer)).get("answer", a.answer), a.share, a.decimals
        )
        for a in p.answers
    )
    return dataclasses.replace(t.replace(p, "polls", p.id), answers=answers)


def _quote(q: Quote, t: _Texts, tr: Translations, lang: str, default: str) -> Quote:
    """The quote's words as given, and beside them their translation into *lang* (or,
    failing that, into the default language) with who made it."""
    q = t.replace(q, "quotes", q.id)
    own = q.language or default
    if own == lang:
        return dataclasses.replace(q, translation="", translation_language="", translated_by="")
    for language in (lang, default):
        found = tr.quotes.get(language, {}).get(q.id)
        if found is not None and language != own:
            words, by = found
            return dataclasses.replace(
                q, translation=words, translation_language=language, translated_by=by
            )
    return q


def briefing_for(lang: str, briefing: Briefing) -> Briefing:
    """The briefing as it is shown and exported in the interface's language *lang*: the
    one place every view takes it through (the window's `BriefingDocument`, the command
    line's exports, the self-test). A package carrying its text in several languages
    gives *lang*'s (or its nearest, `package_language`), each text falling back to the
    default language's. The same object for the same briefing and language: the views'
    caches (`content.plan.plan_of`) are kept by object."""
    return in_language(briefing, lang)
