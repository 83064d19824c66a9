"""Switching to German changes what the Training and Moderation tabs show (the strings
marked there come out of the shipped .qm, plural forms and numbers included), and
English, the source language, stays as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewer.catalogue.db import Catalogue
from reviewer.ui.common.translation import install_translators, remove_translators
from reviewer.ui.common.worker import Jobs
from reviewer.ui.moderation.moderation_view import ModerationView
from reviewer.ui.training.training_view import TrainingView
from tests.ui.moderation.test_moderation_view import flagged_catalogue


@pytest.fixture(params=["en", "de"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translators = install_translators(qapp, request.param)
    assert translators or request.param == "en"
    yield request.param
    remove_translators(qapp, translators)


EXPECTED_TRAINING = {
    "en": ("Start training", "Ready. Pick backbones and press Start.", "Epochs",
           "Done: run 7. See the Runs tab.", "Done: runs 7, 8. See the Runs tab."),
    "de": ("Training starten", "Bereit. Grundmodelle wählen und Start drücken.", "Epochen",
           "Fertig: Lauf 7. Siehe den Reiter Läufe.", "Fertig: Läufe 7, 8. Siehe den Reiter Läufe."),
}


def test_the_training_tab_follows_the_language(qtbot, catalogue: Catalogue,
                                              language: str) -> None:
    view = TrainingView(catalogue, Jobs())
    qtbot.addWidget(view)
    start, ready, epochs, one_run, two_runs = EXPECTED_TRAINING[language]
    assert view.start_button.text() == start
    assert view.status.text() == ready
    form_labels = [w.text() for w in view.findChildren(type(view.status))]
    assert epochs in form_labels
    view._finished([7])  # what a finished training shows
    assert view.status.text() == one_run
    view._finished([7, 8])
    assert view.status.text() == two_runs
    assert view.log.toPlainText().splitlines()[-1] == two_runs


EXPECTED_MODERATION = {
    "en": ("All flags", "Priority", "approve", " left · ", "seller", "%"),
    "de": ("Alle Markierungen", "Priorität", "freigeben", " übrig · ", "Verkäufer", " %"),
}


def test_the_moderation_tab_follows_the_language(qtbot, catalogue: Catalogue, tmp_path: Path,
                                                language: str) -> None:
    flagged_catalogue(catalogue, tmp_path)
    view = ModerationView(catalogue, lambda: "mia")
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.current is not None, timeout=5000)
    qtbot.waitUntil(lambda: bool(view.counts.text()), timeout=5000)
    all_flags, priority, approve, left, seller, percent = EXPECTED_MODERATION[language]
    assert view.kind_box.itemText(0) == all_flags
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == priority
    assert approve in view.legend.text()
    assert left in view.counts.text()
    assert seller in view.panel.header.text()
    shown = [value.text() for _name, _bar, value in view.panel.bars.rows if value.isVisible()]
    assert shown and all(v.endswith(percent) and v[0].isdigit() for v in shown)
    assert shown[0] == f"90{percent}"
