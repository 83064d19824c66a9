"""Translation: the marked strings come out in German from the shipped .qm (plural
forms included), numbers and dates follow the locale, and the .ts covers every
marked string (scripts/update_translations.py keeps it so)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from reviewer.catalogue.db import Catalogue
from reviewer.settings import Settings
from reviewer.ui.common.translation import (
    TRANSLATIONS,
    counted,
    date_time,
    install_translators,
    number,
    remove_translators,
)
from reviewer.ui.dialogs.shortcuts_dialog import shortcut_rows
from reviewer.ui.main_window import MainWindow, format_totals

COUNTS = {"images": 3068, "labelled": 3000, "unsure": 1, "train": 1963, "validation": 491,
          "test": 614, "unsplit": 0}


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "de")
    assert len(translators) >= 1  # ours (Qt's own qtbase_de may be there too)
    yield
    remove_translators(qapp, translators)


def test_english_plurals_and_numbers_without_a_translation() -> None:
    assert counted("{0} image(s)", 1) == "1 image"
    assert counted("{0} image(s)", 3068) == "3,068 images"
    assert format_totals(COUNTS) == ("3,068 images · 3,000 labelled · 1 unsure · "
                                     "train 1,963 · validation 491 · test 614")


def test_german_strings_plurals_numbers_and_dates(german: None) -> None:
    assert QLocale().language() == QLocale.Language.German
    assert format_totals(COUNTS) == ("3.068 Bilder · 3.000 eingeordnet · 1 unsicher · "
                                     "Training 1.963 · Validierung 491 · Test 614")
    one = dict(COUNTS, images=1)
    assert format_totals(one).startswith("1 Bild · ")
    assert number(1234567) == "1.234.567"
    when = datetime(2026, 3, 4, 12, 30, tzinfo=UTC)
    assert date_time(when).startswith("04.03.26")


def test_the_window_speaks_german(qtbot, german: None, catalogue: Catalogue) -> None:
    window = MainWindow(catalogue, Settings(curator="ana"), detect_device=False)
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Datei", "&Bearbeiten", "&Ansicht", "&Hilfe"]
    assert window.tabs.tabText(0) == "Katalog"
    bar = window.catalogue_view.filter_bar
    assert bar.split_combo.itemText(0) == "Alle Teilmengen"
    assert bar.split_combo.accessibleName() == "Teilmengenfilter"
    assert window.unsure_action.text() == "&Unsicher umschalten"
    rows = shortcut_rows(window.catalogue_view.labeller.key_categories, window.actions())
    assert {"Tastenkürzel", "Unsicher umschalten", "Rückgängig"} <= {r.what for r in rows}
    assert "Zum ersten oder letzten Bild" in {r.what for r in rows}
    window.shutdown()


def test_the_shipped_translation_is_complete() -> None:
    ts = TRANSLATIONS / "reviewer_de.ts"
    assert ts.with_suffix(".qm").stat().st_size > 1000
    messages = list(ET.parse(ts).getroot().iter("message"))
    assert len(messages) > 100
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, \
            message.findtext("source")
        if message.get("numerus") == "yes":
            forms = [f.text for f in translation.findall("numerusform")]
            assert len(forms) == 2 and all(forms), message.findtext("source")
        else:
            assert translation.text, message.findtext("source")
