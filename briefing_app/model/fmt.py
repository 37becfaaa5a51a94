"""Figures, dates and periods as text: the one way every view and export writes them.

Plain text, free of Qt: thousands separators and the minus sign (U+2212), a figure's
qualifier and published decimals, "Sep–Nov 2024" ranges.

In the language of the interface (`model.i18n`): English writes 125,790 · 27.97 ·
10 Dec 2024; Ukrainian 125 790 (a no-break space, U+00A0, CLDR's separator for
Ukrainian, which every font has) · 27,97 · 10 груд. 2024 (the abbreviated months of
Ukrainian dates).  The minus sign is U+2212 in both.  Machine-readable exports (CSV,
the workbook) write raw values and never come through here; an expression kept in the
model (a check's ``38,130 + 41,980``) is written in English and shown through
`localise_numbers`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pandas as pd

from briefing_app.model.i18n import Message, language, set_number_format

#: significant digits shown of a number below 0.1 (more decimals than the usual 2)
SMALL_DIGITS = 3


#: the minus sign of negative numbers and differences (U+2212), not the hyphen
MINUS = "\u2212"
#: units written without a space after the number: 3×, 16.0%
TIGHT_UNITS = ("×", "%")

#: the abbreviated months of dates, January first, by language
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "uk": (
        "січ.",
        "лют.",
        "берез.",
        "квіт.",
        "трав.",
        "черв.",
        "лип.",
        "серп.",
        "вер.",
        "жовт.",
        "листоп.",
        "груд.",
    ),
}
#: the abbreviated weekdays, Monday first, by language
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "uk": ("пн", "вт", "ср", "чт", "пт", "сб", "нд"),
}
#: the thousands separator and the decimal sign, by language
SEPARATORS: dict[str, tuple[str, str]] = {"en": (",", "."), "uk": ("\u00a0", ",")}
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")


def _locale(lang: str | None) -> str:
    lang = lang or language()
    return lang if lang in SEPARATORS else "en"


def _localise(text: str, lang: str) -> str:
    """*text*, a number written in English (1,234.5), in *lang*'s separators."""
    group, point = SEPARATORS[lang]
    if (group, point) == (",", "."):
        return text
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


def localise_numbers(text: str, lang: str | None = None) -> str:
    """The numbers written in English inside *text* ('38,130 + 41,980') in the
    separators of *lang* (the current language)."""
    lang = _locale(lang)
    if lang == "en":
        return text
    return _NUMBER.sub(lambda m: _localise(m.group(), lang), text)


def month_abbr(month: int, lang: str | None = None) -> str:
    """The abbreviated name of *month* (1-12): 'Dec', 'груд.'."""
    return MONTHS[_locale(lang)][month - 1]


def weekday_abbr(weekday: int, lang: str | None = None) -> str:
    """The abbreviated name of *weekday* (0 Monday): 'Mon', 'пн'."""
    return WEEKDAYS[_locale(lang)][weekday]


def fmt_month(d: Any, lang: str | None = None) -> str:
    """'Nov 2024', 'листоп. 2024'."""
    return f"{month_abbr(d.month, lang)} {d.year}"


def fmt_number(x: float | int | None, decimals: int | None = None, lang: str | None = None) -> str:
    """Thousands separators; integers without decimals, others with up to 2; a negative
    number with a minus sign (U+2212), never '−0'.

    A number below 0.1 keeps `SMALL_DIGITS` significant digits instead (0.0034, not 0):
    two decimals would show a small share, rate or difference as 0. With *decimals*,
    exactly that many (the decimals a figure was published with: 16.0, 4.60). In the
    separators of *lang* (the current language): 125,790.5 or 125 790,5.
    """
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    if decimals is not None:
        text = f"{float(x):,.{max(0, decimals)}f}"
    else:
        xf = float(x)
        if xf.is_integer():
            text = f"{int(xf):,}"
        else:
            places = 2
            if abs(xf) < 0.1:
                places = min(15, SMALL_DIGITS - 1 - math.floor(math.log10(abs(xf))))
            text = f"{xf:,.{places}f}".rstrip("0").rstrip(".")
    text = _localise(text, _locale(lang))
    if text.startswith("-"):
        text = text[1:]
        if text.strip("0.,"):
            return MINUS + text
    return text or "0"


set_number_format(lambda x, lang: fmt_number(x, lang=lang))


def fmt_exact(x: float, lang: str | None = None) -> str:
    """A number exactly as given, every decimal kept (a value in a validation message:
    0.12345 is not rounded to 0.12), in the separators of *lang*: 1,234.5 or 1 234,5;
    a negative one with the minus sign."""
    xf = float(x)
    text = f"{xf:,.0f}" if xf.is_integer() else f"{xf:,}"
    text = _localise(text, _locale(lang))
    return MINUS + text[1:] if text.startswith("-") else text


def fmt_list(values: tuple[float, ...], lang: str | None = None) -> str:
    """Numbers listed, each `fmt_exact`: '1.5, 2' in English; '1,5; 2' where the decimal
    sign is a comma (Ukrainian), so that the list reads unambiguously."""
    lang = _locale(lang)
    sep = "; " if SEPARATORS[lang][1] == "," else ", "
    return sep.join(fmt_exact(v, lang) for v in values)


def fmt_signed(x: float, decimals: int | None = None) -> str:
    """A difference: '+188', '−10', '0' (or '0.00' with decimals)."""
    s = fmt_number(abs(x), decimals)
    if not s.strip("0.,"):
        return s
    return f"+{s}" if x > 0 else (f"{MINUS}{s}" if x < 0 else s)


def with_unit(number: str, unit: str | None) -> str:
    """'6,000 drones and missiles', '4×', '16.0%': a space before a unit, except × and %."""
    unit = (unit or "").strip()
    if not unit:
        return number
    return f"{number}{unit}" if unit in TIGHT_UNITS else f"{number} {unit}"


def fmt_value(
    value: float | None, unit: str | None = "", qualifier: str | None = "", decimals: Any = None
) -> str:
    """A figure as its source published it: its own qualifier, its decimals, its unit:
    'over 6,000 drones and missiles', 'about 28 km²/day', '4.60×', '16.0%'."""
    d = None if decimals is None or missing(decimals) or int(decimals) < 0 else int(decimals)
    text = with_unit(fmt_number(value, d), unit)
    q = cell_text(qualifier).strip()
    return f"{q} {text}" if q else text


def fmt_date(d: dt.date | pd.Timestamp | None) -> str:
    if d is None or (isinstance(d, float)) or pd.isna(d):
        return ""
    return f"{d.day} {fmt_month(d)}"


def fmt_date_range(start: Any, end: Any) -> str:
    """'15–27 Nov 2024', '28 Oct–3 Nov 2024', '30 Dec 2024–2 Jan 2025' (an en dash, no
    spaces: the one style of ranges); one date when they are the same."""
    if start is None or pd.isna(start):
        return fmt_date(end) if end is not None and not pd.isna(end) else ""
    s = pd.Timestamp(start)
    e = pd.Timestamp(end) if end is not None and not pd.isna(end) else s
    if s == e:
        return fmt_date(s)
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{fmt_date(e)}"
    if s.year == e.year:
        return f"{s.day} {month_abbr(s.month)}–{fmt_date(e)}"
    return f"{fmt_date(s)}–{fmt_date(e)}"


def fmt_period(start: Any, end: Any) -> str:
    """'Nov 2024' for a whole month, 'Sep–Nov 2024' for months, else a day range."""
    if start is None or pd.isna(start):
        return ""
    s = pd.Timestamp(start)
    e = pd.Timestamp(end) if end is not None and not pd.isna(end) else s
    whole_months = s.day == 1 and (e + pd.Timedelta(days=1)).day == 1
    if whole_months:
        if (s.year, s.month) == (e.year, e.month):
            return fmt_month(s)
        if s.year == e.year:
            return f"{month_abbr(s.month)}–{fmt_month(e)}"
        return f"{fmt_month(s)}–{fmt_month(e)}"
    return fmt_date_range(s, e)


def missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def cell_text(value: Any) -> str:
    """A cell as text: '' for missing (None or NaN); a cell the viewer wrote (a map
    layer's area note, an `i18n.Message`) in the language spoken now."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, Message):
        return value.translated()
    return str(value)


def shorten(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
