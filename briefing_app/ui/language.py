"""The language of the window: chosen at start (``--lang``, else the one remembered, else
the system's), switched from View > Language, remembered in the settings; Qt's own
dialogs (the file dialog, Yes/No) in it through Qt's translations (``qtbase_uk.qm``).

The text itself is translated by `briefing_app.model.i18n`, below every layer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from briefing_app.model import i18n
from briefing_app.model.i18n import N_
from briefing_app.ui.document import settings

#: the settings key of the language chosen
SETTING = "language"

#: Qt's own words that its catalogues leave in English (Qt 6's ``qtbase_uk.qm`` has the
#: file dialog's "Look in:" and "Files of type:" without the '&' its widgets ask for):
#: (context, source) -> our message, translated by `i18n`
QT_GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
}

_qt_translators: list[QTranslator] = []


class QtGaps(QTranslator):
    """Translates `QT_GAPS` in the language spoken; leaves every other text to the
    translators after it (None: not translated here)."""

    def isEmpty(self) -> bool:
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        words = QT_GAPS.get((context, source))
        return i18n.tr(words) if words is not None else None


def remembered_language() -> str | None:
    """The language the user last chose, if any (and if still offered)."""
    value = settings().value(SETTING, None)
    return str(value) if value and str(value) in i18n.LANGUAGES else None


def initial_language(explicit: str | None = None) -> str:
    """The language to start in: *explicit* (``--lang``), else the one remembered, else
    the system's (`i18n.system_language`)."""
    return explicit or remembered_language() or i18n.system_language()


def remember(lang: str) -> None:
    if lang in i18n.LANGUAGES:
        settings().setValue(SETTING, lang)


def qt_translations_dirs() -> list[str]:
    """Where Qt's own translations may be: Qt's own idea, then PySide6's folder (where
    the executable bundles ``qtbase_uk.qm``, `packaging/bundle_policy.py`)."""
    import PySide6

    here = Path(PySide6.__file__).resolve().parent
    return [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(here / "Qt" / "translations"),
        str(here / "translations"),
    ]


def apply_language(lang: str) -> None:
    """Speak *lang*: the app's text (`i18n.set_language`), Qt's standard dialogs and
    buttons (``qtbase_<lang>.qm``) and the default locale of Qt's own widgets."""
    i18n.set_language(lang)
    app = QCoreApplication.instance()
    if app is None:
        return
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    code = lang if lang in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE
    # Qt's own formatting (a spin box, a date edit) in the language; English as before
    QLocale.setDefault(QLocale.system() if code == i18n.SOURCE_LANGUAGE else QLocale(code))
    if code != i18n.SOURCE_LANGUAGE:
        t = QTranslator(app)
        if any(t.load(f"qtbase_{code}", folder) for folder in qt_translations_dirs()):
            app.installTranslator(t)
            _qt_translators.append(t)
        gaps = QtGaps(app)  # installed last: asked first
        app.installTranslator(gaps)
        _qt_translators.append(gaps)
