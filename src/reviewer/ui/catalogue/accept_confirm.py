"""Asking before "Accept all shown above 95 %": how many images, and how precise the
suggestions' source measured at that confidence (held-out), so the curator knows how
many wrong labels to expect before one step writes them all."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from reviewer.catalogue.suggestions import SourceInfo

BULK_ACCEPT_AT = 0.95


def accept_question(count: int, threshold: float, source: SourceInfo | None) -> tuple[str, str]:
    """The question and its details, in words."""
    question = f"Accept {count:,} suggestion(s) with confidence ≥ {100 * threshold:.0f} %?"
    if source is None:
        return question, "No suggestions have been computed yet."
    precision, n = source.precision_at(threshold)
    if precision is None:
        measured = (f"Their precision could not be measured at this confidence "
                    f"({source.how}).")
    else:
        wrong = round(count * (1 - precision))
        measured = (f"Measured precision at ≥ {100 * threshold:.0f} %: "
                    f"{100 * precision:.1f} % on {n:,} "
                    f"held-out images ({source.how}), so about {wrong:,} of them may be "
                    "wrong.")
    return question, (f"Suggestions from {source.describe()}. {measured} The images get "
                      "labels with source 'suggestion' in one step: Ctrl+Z undoes it.")


def confirm_accept(parent: QWidget, count: int, threshold: float,
                   source: SourceInfo | None) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Accept suggestions?")
    question, details = accept_question(count, threshold, source)
    box.setText(question)
    box.setInformativeText(details)
    go = box.addButton(f"&Accept {count:,}", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    go.setObjectName("acceptConfirmButton")
    box.exec()
    return box.clickedButton() is go
