"""A package's languages and the translations of its text, read while it loads.

Following the Frictionless "languages" and "translation support" recipes,
``languages`` in datapackage.json lists the package's languages, the default first;
a text in another language sits beside the default one, under its key or column name
with ``@LANG``: ``"title@uk"`` beside ``"title"`` in the descriptor, a column
``claim@uk`` beside ``claim`` in a table (declared in its schema, so that Frictionless
reads it).  Only the package author's prose is translated (`spec.TRANSLATABLE`, the
``*_KEYS`` below); a quote keeps its words, and its translations are ``translation``
and ``translation@LANG``, each with who made it.

This module checks all of it and keeps it in a `Translations`; a text without its
translation is a warning, and shows in the default language
(`briefing_app.model.languages.in_language` gives the briefing in a language).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from briefing_app.model import spec
from briefing_app.model.context import LoadContext, short
from briefing_app.model.i18n import Message, msg, nmsg
from briefing_app.model.limits import MAX_LANGUAGES, MAX_LISTED
from briefing_app.model.published import published_date
from briefing_app.model.storage import DESCRIPTOR

#: a package that lists no languages is in English, as the recipe says
DEFAULT_LANGUAGES = ("en",)
_CODE = re.compile(spec.LANGUAGE_PATTERN)

#: what the descriptor translates, at each place: the package, the briefing object, an
#: indicator, a tab, a main slide, a chart, a chart's series
PACKAGE_KEYS = ("title", "description")
BRIEFING_KEYS = ("subtitle", "caveat")
INDICATOR_KEYS = ("title", "unit")
TAB_KEYS = ("title", "takeaway", "notes")
MAIN_KEYS = ("title",)
CHART_KEYS = ("title", "caption", "y_label", "label")
SERIES_KEYS = ("label", "unit")
#: a map layer's ``area`` and ``change``: the series of the observations derived from it
LAYER_SERIES_KEYS = ("series",)

#: a descriptor text's key in `Translations.descriptor`: ("tab", tab id, "title"),
#: ("chart", chart id, "caption"), ("series", chart id, index, "label"), ...
TextKey = tuple[Any, ...]


@dataclass
class Translations:
    """The texts of a package in its languages other than the default (by language)."""

    #: language -> descriptor text key (`TextKey`) -> text
    descriptor: dict[str, dict[TextKey, str]] = field(default_factory=dict)
    #: language -> table -> row key (its id; (poll, answer) for poll_answers) -> field -> text
    rows: dict[str, dict[str, dict[Any, dict[str, str]]]] = field(default_factory=dict)
    #: language -> observations field -> each row's text, in the order of the
    #: observations table ("" where it has none), whose ids are `observation_ids`
    observations: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    observation_ids: list[str] = field(default_factory=list)
    #: language (the default too) -> quote id -> (its words in that language, translated by)
    quotes: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)


def is_language(code: Any) -> bool:
    """Whether *code* is a language tag as a package writes it ('en', 'uk', 'pt-BR')."""
    return isinstance(code, str) and bool(_CODE.match(code))


def read_languages(ctx: LoadContext, desc: dict) -> tuple[str, ...]:
    """The package's ``languages``, the default first (problems reported)."""
    if "languages" not in desc:
        return DEFAULT_LANGUAGES
    value = desc["languages"]
    if not isinstance(value, list) or not value:
        ctx.err(
            msg('must be a list of language codes, the default first: ["en", "uk"]'), "languages"
        )
        return DEFAULT_LANGUAGES
    if len(value) > MAX_LANGUAGES:
        ctx.err(
            nmsg(
                "{count} language; a package may have at most {limit}",
                "{count} languages; a package may have at most {limit}",
                len(value),
                count=len(value),
                limit=MAX_LANGUAGES,
            ),
            "languages",
        )
        value = value[:MAX_LANGUAGES]
    out: list[str] = []
    for i, code in enumerate(value):
        where = f"languages[{i}]"
        if not is_language(code):
            ctx.err(
                msg(
                    "{value} is not a language code: {help}",
                    value=_shown(code),
                    help=_CODE_WORDS,
                ),
                where,
            )
        elif code in out:
            ctx.err(msg("{code} is listed twice", code=repr(code)), where)
        else:
            out.append(code)
    return tuple(out) or DEFAULT_LANGUAGES


_CODE_WORDS = msg("write an IETF BCP 47 tag such as 'en', 'uk' or 'pt-BR'")


def _shown(value: Any) -> str:
    return (
        repr(short(value)) if isinstance(value, str) else f"{type(value).__name__} {value!r}"[:60]
    )


class _Missing:
    """Warnings for texts without a translation: each kind of place at most `MAX_LISTED`
    times, then one line saying how many more (a package of 2,000 untranslated claims
    reports 10 of them, and the count)."""

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx
        self.counts: Counter[tuple[str, str]] = Counter()

    def add(self, message: str, where: str, file: str, kind: str, row: int | None = None) -> None:
        n = self.counts[(file, kind)] = self.counts[(file, kind)] + 1
        if n <= MAX_LISTED:
            self.ctx.warn(message, where, file, row)

    def flush(self) -> None:
        for (file, kind), n in self.counts.items():
            if n > MAX_LISTED:
                self.ctx.warn(
                    nmsg(
                        "{n} more without a translation",
                        "{n} more without a translation",
                        n - MAX_LISTED,
                        n=n - MAX_LISTED,
                    ),
                    kind,
                    file,
                )


def _check_language(ctx: LoadContext, lang: str, where: str, file: str, row: int | None) -> bool:
    """Whether *lang* (after an '@') is one of the package's other languages (reported)."""
    langs = ctx.languages
    if not is_language(lang):
        ctx.err(
            msg(
                "{value} after '@' is not a language code: {help}",
                value=_shown(lang),
                help=_CODE_WORDS,
            ),
            where,
            file,
            row,
        )
    elif lang == langs[0]:
        ctx.err(
            msg(
                "{lang} is the package's default language: its text is the one without '@{code}'",
                lang=repr(lang),
                code=lang,
            ),
            where,
            file,
            row,
        )
    elif lang not in langs:
        ctx.err(
            msg(
                "{lang} is not one of the package's languages ({langs}); list it in 'languages'",
                lang=repr(lang),
                langs=", ".join(langs),
            ),
            where,
            file,
            row,
        )
    else:
        return True
    return False


# -- the descriptor ---------------------------------------------------------------------
def descriptor_translations(ctx: LoadContext, desc: dict) -> dict[str, dict[TextKey, str]]:
    """The translations of the descriptor's texts, by language (problems reported)."""
    out: dict[str, dict[TextKey, str]] = {lang: {} for lang in ctx.languages[1:]}
    missing = _Missing(ctx)

    def visit(obj: Any, where: str, keys: tuple[str, ...], key: TextKey, own: bool = True) -> None:
        """The translations of *obj*'s *keys*; with *own*, every ``KEY@LANG`` key of
        *obj* is a translation (the package's own keys are Frictionless's too)."""
        if not isinstance(obj, dict):
            return
        prefix = f"{where}." if where else ""
        for k, v in obj.items():
            if not isinstance(k, str) or "@" not in k or k.startswith("@"):
                continue  # "@context" and the like are JSON-LD's, not translations
            base, _, lang = k.rpartition("@")
            if not own and base not in keys:
                continue
            loc = prefix + k
            if not _check_language(ctx, lang, loc, DESCRIPTOR, None):
                continue
            if base not in keys:
                ctx.err(
                    msg("{base} is not translated; {these}", base=repr(base), these=_these(keys)),
                    loc,
                )
            elif not isinstance(v, str):
                ctx.err(msg("must be text"), loc)
            elif v.strip():
                out[lang][(*key, base)] = v
        for base in keys:
            text = obj.get(base)
            if not isinstance(text, str) or not text.strip():
                continue
            for lang in ctx.languages[1:]:
                if (*key, base) not in out[lang]:
                    kind = re.sub(r"\[\d+\]", "[*]", f"{prefix}{base}@{lang}")
                    if len(key) > 1 and key[0] == "indicator":
                        kind = f"briefing.indicators.*.{base}@{lang}"
                    missing.add(
                        msg(
                            "no translation into {lang} of {text}; the text in {default} is shown",
                            lang=repr(lang),
                            text=repr(short(text)),
                            default=repr(ctx.languages[0]),
                        ),
                        f"{prefix}{base}@{lang}",
                        DESCRIPTOR,
                        kind,
                    )

    visit(desc, "", PACKAGE_KEYS, ("package",), own=False)
    meta = desc.get("briefing")
    if isinstance(meta, dict):
        visit(meta, "briefing", BRIEFING_KEYS, ("briefing",))
        indicators = meta.get("indicators")
        if isinstance(indicators, dict):
            for iid, ind in indicators.items():
                visit(ind, f"briefing.indicators.{iid}", INDICATOR_KEYS, ("indicator", iid))
        tabs = meta.get("tabs")
        for i, tab in enumerate(tabs if isinstance(tabs, list) else []):
            if not isinstance(tab, dict):
                continue
            where = f"briefing.tabs[{i}]"
            tid = _key(tab.get("id"))
            visit(tab, where, TAB_KEYS, ("tab", tid))
            main = tab.get("main")
            for j, slide in enumerate(main if isinstance(main, list) else []):
                visit(slide, f"{where}.main[{j}]", MAIN_KEYS, ("main", tid, j))
            charts = tab.get("charts")
            for k, chart in enumerate(charts if isinstance(charts, list) else []):
                if not isinstance(chart, dict):
                    continue
                cwhere, cid = f"{where}.charts[{k}]", _key(chart.get("id"))
                visit(chart, cwhere, CHART_KEYS, ("chart", cid))
                series = chart.get("series")
                for m, s in enumerate(series if isinstance(series, list) else []):
                    visit(s, f"{cwhere}.series[{m}]", SERIES_KEYS, ("series", cid, m))
    resources = desc.get("resources")
    for i, r in enumerate(resources if isinstance(resources, list) else []):
        for part in ("area", "change"):  # a map layer's derived observations' series
            measure = r.get(part) if isinstance(r, dict) else None
            if isinstance(measure, dict) and isinstance(measure.get("series"), str):
                key = ("series-name", measure["series"])
                visit(measure, f"resources[{i}].{part}", LAYER_SERIES_KEYS, key)
    missing.flush()
    return out


def _key(value: Any) -> str | None:
    """An id as part of a text's key: a tab or chart whose id is not text (reported where
    its tab is read) has texts no view will ask for."""
    return value if isinstance(value, str) else None


def _these(keys: tuple[str, ...]) -> Message:
    return msg("translated here: {keys}", keys=", ".join(keys))


# -- the tables ---------------------------------------------------------------------------
def table_translations(ctx: LoadContext, tables: dict[str, pd.DataFrame]) -> Translations:
    """The translations in the known tables (problems reported).

    Takes the ``@`` columns out of the observations' frame, which the views read whole.
    """
    tr = Translations()
    langs = ctx.languages
    for lang in langs[1:]:
        tr.rows[lang] = {}
        tr.observations[lang] = {}
    missing = _Missing(ctx)
    for name, frame in tables.items():
        allowed = spec.TRANSLATABLE.get(name)
        if allowed is None:
            continue  # a series table's columns are data, whatever their names
        file = ctx.file_of.get(name, name)
        if name == "quotes":
            allowed = (*allowed, *spec.QUOTE_TRANSLATION)
        columns = _translation_columns(ctx, frame, allowed, file)
        if name == "quotes":
            _quote_translations(ctx, frame, file, tr, missing)
        for lang in langs[1:]:
            for base in spec.TRANSLATABLE[name]:
                if base not in frame.columns:
                    continue
                texts = _cells(frame[base])
                col = f"{base}@{lang}"
                given = _cells(frame[col]) if (col, lang) in columns else [""] * len(frame)
                _missing_cells(ctx, missing, texts, given, base, lang, file)
                if name == "observations":
                    tr.observations[lang][base] = given
                else:
                    rows = tr.rows[lang].setdefault(name, {})
                    for key, text in zip(_row_keys(name, frame), given, strict=True):
                        if text:
                            rows.setdefault(key, {})[base] = text
            if name == "observations":
                _check_series_names(ctx, frame, tr.observations[lang], lang, file)
            if name == "sources":
                _check_published(ctx, frame, tr.rows[lang].get("sources", {}), lang, file)
        if name == "observations":
            tr.observation_ids = _cells(frame["id"])
            dropped = [c for c in frame.columns if isinstance(c, str) and "@" in c]
            if dropped:
                tables[name] = frame.drop(columns=dropped)
    missing.flush()
    return tr


def _cells(col: pd.Series) -> list[str]:
    """A text column's cells, '' for missing (None, NaN)."""
    return ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in col]


def _row_keys(name: str, frame: pd.DataFrame) -> list[Any]:
    if name == "poll_answers":
        return list(zip(_cells(frame["poll"]), _cells(frame["answer"]), strict=True))
    return _cells(frame["id"])


def _translation_columns(
    ctx: LoadContext, frame: pd.DataFrame, allowed: tuple[str, ...], file: str
) -> set[tuple[str, str]]:
    """The table's ``FIELD@LANG`` columns that are translations, as (column, language);
    a column for another language or field is an error at its header cell."""
    out: set[tuple[str, str]] = set()
    for col in frame.columns:
        if not isinstance(col, str) or "@" not in col:
            continue
        base, _, lang = col.rpartition("@")
        if not _check_language(ctx, lang, col, file, 1):
            continue
        if base not in allowed:
            ctx.err(
                msg("{base} is not translated; {these}", base=repr(base), these=_these(allowed)),
                col,
                file,
                1,
            )
            continue
        out.add((col, lang))
    return out


def _missing_cells(
    ctx: LoadContext,
    missing: _Missing,
    texts: list[str],
    given: list[str],
    base: str,
    lang: str,
    file: str,
) -> None:
    col = f"{base}@{lang}"
    for i, (text, t) in enumerate(zip(texts, given, strict=True)):
        if text.strip() and not t.strip():
            missing.add(
                msg(
                    "no translation into {lang} of {text}; the text in {default} is shown",
                    lang=repr(lang),
                    text=repr(short(text)),
                    default=repr(ctx.languages[0]),
                ),
                col,
                file,
                col,
                i + 2,
            )


def _check_series_names(
    ctx: LoadContext, frame: pd.DataFrame, given: dict[str, list[str]], lang: str, file: str
) -> None:
    """A series has one name in each language: charts select its rows by it."""
    names = given.get("series")
    if names is None:
        return
    first: dict[str, tuple[str, int]] = {}
    listed = 0
    for i, (series, name) in enumerate(zip(_cells(frame["series"]), names, strict=True)):
        name = name or series
        seen = first.setdefault(series, (name, i + 2))
        if seen[0] != name and listed < MAX_LISTED:
            listed += 1
            ctx.err(
                msg(
                    "series {series} is {seen} in {lang} on row {row} and {name} here: a "
                    "series has one name in each language",
                    series=repr(short(series)),
                    seen=repr(short(seen[0])),
                    lang=repr(lang),
                    row=seen[1],
                    name=repr(short(name)),
                ),
                f"series@{lang}",
                file,
                i + 2,
            )


def _check_published(
    ctx: LoadContext, frame: pd.DataFrame, rows: dict[Any, dict[str, str]], lang: str, file: str
) -> None:
    """A translated publication date is the same date: it says which figures are later."""
    for i, (sid, text) in enumerate(
        zip(_cells(frame["id"]), _cells(frame["published"]), strict=True)
    ):
        t = rows.get(sid, {}).get("published")
        if t is not None and published_date(t) != published_date(text):
            ctx.err(
                msg(
                    "{t} is not the date {text} says: a translation of 'published' gives the same "
                    "ISO date, or none where the original has none",
                    t=repr(short(t)),
                    text=repr(short(text)),
                ),
                f"published@{lang}",
                file,
                i + 2,
            )


def _quote_translations(
    ctx: LoadContext, frame: pd.DataFrame, file: str, tr: Translations, missing: _Missing
) -> None:
    """Each quote's words in the package's languages, and who translated them.

    A quote keeps the language it was given in (``language``, empty: the default);
    a translation into another language is ``translation`` (the default language) or
    ``translation@LANG``, with ``translated_by`` or ``translated_by@LANG``: a
    translation must say who made it.  A quote without a translation into one of the
    package's languages is a warning.
    """
    langs = ctx.languages
    n = len(frame)
    ids = _cells(frame["id"])
    own = _cells(frame["language"]) if "language" in frame.columns else [""] * n
    for i, code in enumerate(own):
        if code and not is_language(code):
            ctx.err(
                msg(
                    "{value} is not a language code: {help}",
                    value=_shown(code),
                    help=_CODE_WORDS,
                ),
                "language",
                file,
                i + 2,
            )
    for lang in langs:
        suffix = "" if lang == langs[0] else f"@{lang}"
        words_col, by_col = f"translation{suffix}", f"translated_by{suffix}"
        words = _cells(frame[words_col]) if words_col in frame.columns else [""] * n
        by = _cells(frame[by_col]) if by_col in frame.columns else [""] * n
        out = tr.quotes.setdefault(lang, {})
        for i in range(n):
            row, language = i + 2, own[i] or langs[0]
            if words[i].strip() and not by[i].strip():
                ctx.err(
                    msg("a translation says who translated it: fill in {column}", column=by_col),
                    by_col,
                    file,
                    row,
                )
            elif by[i].strip() and not words[i].strip():
                ctx.err(
                    msg("names a translator but gives no {column}", column=words_col),
                    by_col,
                    file,
                    row,
                )
            elif words[i].strip() and language == lang:
                ctx.warn(
                    msg(
                        "the quote is in {lang} already: its translation into {lang} is not shown",
                        lang=repr(lang),
                    ),
                    words_col,
                    file,
                    row,
                )
            elif words[i].strip():
                out[ids[i]] = (words[i], by[i])
            elif language != lang:
                missing.add(
                    msg(
                        "no translation into {lang} of the quote (its words are in {language})",
                        lang=repr(lang),
                        language=repr(language),
                    ),
                    words_col,
                    file,
                    words_col,
                    row,
                )
