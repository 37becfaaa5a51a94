"""The language of the interface: one translation mechanism for every layer (no Qt).

Python's `gettext`: the English text in the code is the message id, marked where it is
written (`tr`, `ntr` for plural forms, `N_` for text kept in a table and translated
where it is shown); its Ukrainian is in ``resources/translations/uk.po`` (committed),
compiled to ``uk.mo`` by ``make`` (`packaging/translations.py`).  Where the ``.mo`` is
not built (a source tree before ``make``), the ``.po`` is read instead.  Qt's own
dialogs (Yes/No/Cancel, the file dialog) are translated by Qt's ``qtbase_uk.qm``,
loaded by `briefing_app.ui.language`.

One language at a time, for the process: `set_language` switches it, and views made
after that speak it.  The pseudo-language ``xx`` (`PSEUDO`) makes every string 40 %
longer with accented letters, for the layout tests: no translation file, made from
the English at run time.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

_B = TypeVar("_B")

#: the languages the interface speaks: code and the language's own name
LANGUAGES: dict[str, str] = {"en": "English", "uk": "Українська"}
#: the language of the text in the code
SOURCE_LANGUAGE = "en"
#: the pseudo-language of the layout tests (not offered in the menu)
PSEUDO = "xx"
#: the gettext domain (the catalogue's name)
DOMAIN = "briefing"

_current = SOURCE_LANGUAGE
_catalogues: dict[str, gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []


def translations_dir() -> Path:
    """Where the ``.po`` and compiled ``.mo`` files are (in the source tree or the
    frozen app: `briefing_app.paths`)."""
    from briefing_app.paths import resource

    return resource("translations")


def language() -> str:
    """The code of the language now spoken: 'en', 'uk' (or the pseudo 'xx')."""
    return _current


def supported(lang: str | None) -> bool:
    return lang in LANGUAGES or lang == PSEUDO


def set_language(lang: str) -> None:
    """Speak *lang* from now on ('en', 'uk', or the pseudo 'xx')."""
    global _current
    if not supported(lang):
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    if lang == _current:
        return
    _current = lang
    for f in list(_listeners):
        f(lang)


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Call *listener* with the new language after each switch (caches of text that
    depends on the language forget it)."""
    _listeners.append(listener)


def language_of_locale(name: str | None) -> str:
    """'uk' for a Ukrainian locale name ('uk_UA.UTF-8', 'uk'), else 'en'."""
    code = (name or "").split(".")[0].split("@")[0].replace("-", "_").lower()
    lang = code.split("_")[0]
    return lang if lang in LANGUAGES else SOURCE_LANGUAGE


def system_language() -> str:
    """The language of the system's locale (the environment that gettext reads:
    LANGUAGE, LC_ALL, LC_MESSAGES, LANG): 'uk' for a Ukrainian one, else 'en'."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            # LANGUAGE may list several, most preferred first
            for name in value.split(":"):
                if language_of_locale(name) != SOURCE_LANGUAGE or name.lower().startswith("en"):
                    return language_of_locale(name)
            return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations of *lang*: its compiled ``.mo``, else its ``.po`` read as it is."""
    cat = _catalogues.get(lang)
    if cat is None:
        if lang == PSEUDO:
            cat = PseudoTranslations()
        elif lang == SOURCE_LANGUAGE:
            cat = gettext.NullTranslations()
        else:
            folder = translations_dir()
            mo, po = folder / f"{lang}.mo", folder / f"{lang}.po"
            if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
                with mo.open("rb") as fh:
                    cat = gettext.GNUTranslations(fh)
            elif po.is_file():
                import io

                from briefing_app.model.po import compile_mo, read_po

                cat = gettext.GNUTranslations(io.BytesIO(compile_mo(read_po(po))))
            else:
                cat = gettext.NullTranslations()
        _catalogues[lang] = cat
    return cat


def tr(message: str) -> str:
    """*message* in the current language (itself in English, or when untranslated)."""
    if _current == SOURCE_LANGUAGE:
        return message
    return catalogue(_current).gettext(message)


def ntr(singular: str, plural: str, n: int) -> str:
    """The form of a message for the number *n*: English has two, Ukrainian three
    (1 перевірка, 2 перевірки, 5 перевірок)."""
    if _current == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    return catalogue(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark *message* for translation where it is written into a table; `tr` it where
    it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message's plural forms kept in a table (`N_` of a message that counts);
    shown through `ntr(*forms, n)` or `Message(singular, values, plural, n)`."""
    return singular, plural


# -- the pseudo-language -------------------------------------------------------------

_ACCENTED = str.maketrans(
    "AaBCcDdEeGgHhIiKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåḂÇçĎďÉéĜĝĤĥÎîĶķĹĺÑñÖöŘřŠšŤťÜüŴŵÝýŽž",
)
#: what a pseudo-translation keeps as it is: placeholders, markup of menus, escapes
_KEEP = re.compile(r"\{[^{}]*\}|%\(?\w*\)?[sd]|&(?=\w)|\\n|\n")


def pseudo(message: str) -> str:
    """*message* 40 % longer, its letters accented, its placeholders ({n}, %s) kept:
    what a layout must survive (Ukrainian runs 20-30 % longer than English)."""
    if not message.strip():
        return message
    parts, last = [], 0
    for m in _KEEP.finditer(message):
        parts.append(message[last : m.start()].translate(_ACCENTED))
        parts.append(m.group())
        last = m.end()
    parts.append(message[last:].translate(_ACCENTED))
    text = "".join(parts)
    shown = len(_KEEP.sub("", message))  # the text itself, not its placeholders
    pad = max(1, round(shown * 0.4) - 1)
    filler = ("ŵîđé" * (pad // 4 + 1))[:pad]
    return f"{text} {filler}"


class PseudoTranslations(gettext.NullTranslations):
    """Every message in the pseudo-language: `pseudo` of its English."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


def plural_index_uk(n: int) -> int:
    """Ukrainian's plural form of *n* (0 one, 1 few, 2 many): the catalogue's
    Plural-Forms, written out for the tests."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and (n % 100 < 10 or n % 100 >= 20):
        return 1
    return 2


def language_as(lang: str):
    """A context in which *lang* is spoken, and after which the language before it is
    (an export in a language other than the window's)."""
    import contextlib

    @contextlib.contextmanager
    def speaking():
        before = language()
        set_language(lang)
        try:
            yield
        finally:
            set_language(before)

    return speaking()


# -- messages made now and shown later -------------------------------------------------


class Message(str):
    """A message made in one language and shown in another: its English text (the
    string itself, so that logs, tests and ``==`` read it as they always did) with its
    message id and values, translated when it is shown (`Message.translated`).

    The model makes its validation problems and warnings while it loads a package, and
    keeps them (the cache of validated packages pickles them); the window shows them
    after a switch of language, ``validate --lang uk`` in Ukrainian.  So the model marks
    the message (`msg`, `nmsg`) and the view asks for it in the language spoken then.
    A value that is a number is written the language's way (`fmt.fmt_number`); one that
    is itself a `Message` is translated with it.
    """

    _msgid: str
    _plural: str | None
    _n: int | None
    _values: dict[str, object]

    def __new__(
        cls,
        msgid: str,
        values: dict[str, object] | None = None,
        plural: str | None = None,
        n: int | None = None,
    ) -> Message:
        values = dict(values or {})
        form = msgid if plural is None or n == 1 else plural
        self = super().__new__(cls, _quietly(SOURCE_LANGUAGE, _fill, form, values, SOURCE_LANGUAGE))
        self._msgid, self._plural, self._n, self._values = msgid, plural, n, values
        return self

    def __str__(self) -> str:
        # str(exc) of an exception raised with a Message keeps it a Message
        return self

    def __reduce__(self):
        return (Message, (self._msgid, self._values, self._plural, self._n))

    def translated(self, lang: str | None = None) -> str:
        """The message in *lang* (the language spoken now)."""
        if lang is not None and lang != _current:
            return _quietly(lang, self.translated)
        if _current == SOURCE_LANGUAGE:
            return str.__str__(self)
        if self._plural is None:
            form = tr(self._msgid)
        else:
            form = ntr(self._msgid, self._plural, self._n if self._n is not None else 0)
        return _fill(form, self._values, _current)


def _quietly(lang: str, fn: Callable[..., _B], *args: object) -> _B:
    """``fn(*args)`` with *lang* spoken, telling no listener: a message written in
    English while the interface speaks Ukrainian (no cache of text is dropped)."""
    global _current
    before, _current = _current, lang
    try:
        return fn(*args)
    finally:
        _current = before


class Later:
    """A value of a `Message` written when the message is shown: ``fn(*args)`` in the
    language spoken then (a figure with its qualifier, `fmt.fmt_value`).  *fn* is a
    function of a module, so that the message pickles."""

    def __init__(self, fn: Callable[..., str], *args: object) -> None:
        self.fn, self.args = fn, args

    def __call__(self) -> str:
        return self.fn(*self.args)

    def __reduce__(self):
        return (Later, (self.fn, *self.args))


def _english_number(x: float, lang: str) -> str:
    return f"{x:,}"


#: how a number in a message is written: `fmt.fmt_number`, which registers itself when
#: `model.fmt` is imported (fmt speaks the language of this module: it cannot be imported
#: here without a cycle)
_number_format: Callable[[float, str], str] = _english_number


def set_number_format(fn: Callable[[float, str], str]) -> None:
    """Write the numbers of messages with *fn(number, lang)* (`model.fmt` calls this)."""
    global _number_format
    _number_format = fn


def _fill(form: str, values: dict[str, object], lang: str) -> str:
    """*form* with its ``{placeholders}`` filled: numbers the way of *lang*, messages
    in it."""
    if not values:
        return form.format() if "{{" in form or "}}" in form else form
    shown: dict[str, object] = {}
    for key, v in values.items():
        if isinstance(v, Message):
            shown[key] = str.__str__(v) if lang == SOURCE_LANGUAGE else v.translated()
        elif isinstance(v, Later):
            shown[key] = v()
        elif isinstance(v, int | float) and not isinstance(v, bool):
            shown[key] = _number_format(v, lang)
        else:
            shown[key] = v
    return form.format(**shown)


def msg(msgid: str, /, **values: object) -> Message:
    """A message to show later in the language spoken then: ``msg("unknown source
    {ref}", ref=...)``.  *msgid* is English with named ``{placeholders}`` (a literal:
    `packaging/translations.py` extracts it like `tr`'s)."""
    return Message(msgid, values)


def nmsg(singular: str, plural: str, n: int, /, **values: object) -> Message:
    """`msg` of a message that counts *n*: its plural forms (Ukrainian has three)."""
    return Message(singular, values, plural, n)


def shown(text: str) -> str:
    """*text* in the language spoken now: a `Message` translated, other text as it is."""
    return text.translated() if isinstance(text, Message) else text
