"""The import dialog runs ``run_import`` through the worker and can be cancelled."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Image
from reviewer.errors import UserError
from reviewer.ui.common.worker import Jobs
from reviewer.ui.dialogs.import_dialog import ImportDialog, parse_mapping


@pytest.fixture
def dialog(qtbot, catalogue: Catalogue) -> Iterator[ImportDialog]:
    jobs = Jobs()
    widget = ImportDialog(catalogue, jobs, lambda: "alice")
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    assert jobs.shutdown(timeout_ms=10_000)


def _count(catalogue: Catalogue) -> int:
    with catalogue.read() as session:
        return int(session.scalar(select(func.count(Image.id))) or 0)


def test_imports_a_folder_in_the_background(qtbot, dialog: ImportDialog,
                                            category_folder: Path, catalogue: Catalogue) -> None:
    progress: list[tuple[int, int]] = []
    dialog.set_source(str(category_folder))
    dialog.split_combo.setCurrentIndex(dialog.split_combo.findData("train"))
    job = dialog.start()
    assert job is not None
    job.progress.connect(lambda d, t, _w: progress.append((d, t)))
    assert not dialog.options.isEnabled(), "options are locked while importing"
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as blocker:
        pass
    report = blocker.args[0]
    assert report.added == 16 and not report.cancelled
    assert _count(catalogue) == 16
    assert progress and progress[-1] == (16, 16)
    assert "16 image(s) added" in dialog.summary_label.text()
    assert dialog.close_button.isVisible()
    with catalogue.read() as session:
        splits = set(session.scalars(select(Image.split)))
    assert splits == {"train"}


def test_import_can_be_cancelled(qtbot, dialog: ImportDialog, catalogue: Catalogue,
                                 tmp_path: Path, make_image: Callable[..., Path]) -> None:
    folder = tmp_path / "many"
    for i in range(40):
        make_image(folder / "hat" / f"hat_{i}.png", color=(i * 5, 90, 200 - i * 4), pattern=i)
    dialog.set_source(str(folder))
    job = dialog.start()
    assert job is not None
    dialog.cancel()  # at once: the import stops after its first file
    assert not dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as blocker:
        pass
    report = blocker.args[0]
    assert report.cancelled
    assert _count(catalogue) == report.added < 40
    assert "Cancelled" in dialog.summary_label.text()


def test_unknown_category_is_reported_not_raised(qtbot, dialog: ImportDialog,
                                                 category_folder: Path, catalogue: Catalogue,
                                                 make_image: Callable[..., Path]) -> None:
    dialog.set_source(str(category_folder))
    dialog.start()
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        pass
    make_image(category_folder / "scarf" / "scarf_0.jpg", color=(1, 2, 3), pattern=3)
    second = ImportDialog(catalogue, dialog._jobs, lambda: "alice")
    qtbot.addWidget(second)
    second.set_source(str(category_folder))
    job = second.start()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=60_000):
        pass
    assert "scarf" in second.summary_label.text()
    assert "Nothing was imported" in second.summary_label.text()
    assert second.options.isEnabled(), "the curator can change the options and retry"


def test_parse_mapping() -> None:
    assert parse_mapping("# comment\nlongsleeve = long-sleeved shirt\n\npants=trouser") == {
        "longsleeve": "long-sleeved shirt", "pants": "trouser"}
    with pytest.raises(UserError, match="Line 1"):
        parse_mapping("pants")
