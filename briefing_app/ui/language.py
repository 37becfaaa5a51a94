"""The language of the window: chosen at start (``--lang``, else the one remembered, else
the system's), switched from View > Language, remembered in the settings; Qt's own
dialogs (the file dialog, Yes/No) in it through Qt's translations (``qtbase_uk.qm``).

The text itself is translated by `briefing_app.model.i18n`, below every layer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from briefing_app.model import i18n
from briefing_app.ui.document import settings

#: the settings key of the language chosen
SETTING = "language"

_qt_translator: QTranslator | None = None


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
    global _qt_translator
    i18n.set_language(lang)
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    code = lang if lang in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE
    # Qt's own formatting (a spin box, a date edit) in the language; English as before
    QLocale.setDefault(QLocale.system() if code == i18n.SOURCE_LANGUAGE else QLocale(code))
    if code != i18n.SOURCE_LANGUAGE:
        t = QTranslator(app)
        if any(t.load(f"qtbase_{code}", folder) for folder in qt_translations_dirs()):
            app.installTranslator(t)
            _qt_translator = t
