"""The app's language: Qt translators for the strings marked with ``tr`` in ``ui/``
(``resources/translations/reviewer_<lang>.qm``, made by
``scripts/update_translations.py``) and Qt's own (standard buttons, file dialogs),
chosen from the ``language`` setting or else the system's locale; ``QLocale`` is set
to match, so numbers and dates follow it too."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QTranslator

from reviewer.ui.common.resources import resource_path

TRANSLATIONS = resource_path("translations")
CATALOGUE = "reviewer"


def app_locale(language: str = "") -> QLocale:
    """The locale for ``language`` ("de", "de_DE"; "": the system's)."""
    return QLocale(language) if language.strip() else QLocale.system()


def install_translators(app: QCoreApplication, language: str = "") -> list[QTranslator]:
    """Load the app's and Qt's translations for ``language`` into ``app`` and make its
    locale the default (numbers, dates). Returns the translators installed (none for
    English, or a language without a translation: the source strings are English)."""
    locale = app_locale(language)
    QLocale.setDefault(locale)
    installed: list[QTranslator] = []
    for name, folder in ((CATALOGUE, str(TRANSLATIONS)),
                         ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder) and app.installTranslator(translator):
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(QLocale(QLocale.Language.C))


def display_locale() -> QLocale:
    """The locale numbers and dates are written in: the default one, except that the
    bare "C" locale (nothing configured) writes as English does, like the strings."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def number(value: int | float, decimals: int = -1) -> str:
    """``value`` with the locale's digit grouping and decimal mark."""
    locale = display_locale()
    if isinstance(value, int):
        return locale.toString(value)
    return locale.toString(float(value), "f", max(decimals, 0) if decimals >= 0 else 1)


def counted(text: str, n: int, *more: object) -> str:
    """A translated plural form (``tr("{0} image(s)", "", n)``) with ``n`` written in:
    an English source string's "(s)" becomes "" or "s" (Qt returns the source
    untouched where no translation is loaded). ``more`` fills {1}, {2}, …"""
    if "(s)" in text:
        text = text.replace("(s)", "" if n == 1 else "s")
    return text.format(number(n), *more)


def date_time(value: datetime, separator: str = " ") -> str:
    """A date and time in the locale's short formats, in local time (a naive value is
    UTC, as the catalogue stores it)."""
    moment = QDateTime.fromSecsSinceEpoch(int(_aware(value).timestamp()))
    locale, short = display_locale(), QLocale.FormatType.ShortFormat
    return (locale.toString(moment.date(), short) + separator
            + locale.toString(moment.time(), short))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def time_of_day(value: datetime) -> str:
    """A time in the locale's short format, in local time (naive: UTC)."""
    moment = QDateTime.fromSecsSinceEpoch(int(_aware(value).timestamp()))
    return display_locale().toString(moment.time(), QLocale.FormatType.ShortFormat)
