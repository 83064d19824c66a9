"""Issue 8, the desktop side: import, export and open run the same code as the command
line and show the same messages, in the real dialogs (pytest-qt, offscreen)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.settings import Settings
from reviewer.ui.common.worker import Jobs
from reviewer.ui.dialogs.export_dialog import ExportDialog
from reviewer.ui.dialogs.import_dialog import ImportDialog
from reviewer.ui.main_window import MainWindow
from tests.qt_sandbox import _fresh_qsettings, gui_thread_gc  # noqa: F401  (autouse)


@pytest.fixture
def jobs() -> Iterator[Jobs]:
    made = Jobs()
    yield made
    assert made.shutdown(timeout_ms=20_000)


def _problem_rows(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    tree = dialog.problems
    return [tuple(tree.topLevelItem(i).text(c) for c in range(3))  # type: ignore[misc]
            for i in range(tree.topLevelItemCount())]


def test_the_import_dialog_shows_the_manifest_refusal_the_cli_prints(
    qtbot, cli: Callable[..., tuple[int, str, str]], catalogue: Catalogue, jobs: Jobs,
    tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    make_image(tmp_path / "img" / "h0.jpg")
    manifest = tmp_path / "m.csv"
    manifest.write_text('path,label,title\nimg/h0.jpg,hat,"oops\nimg/h1.jpg,hat,x\n',
                        encoding="utf-8")
    _, _, err = cli("--catalogue", tmp_path / "cli.sqlite", "--create", "import", manifest)
    cli_message = err.removeprefix("error: ").splitlines()[0]
    dialog = ImportDialog(catalogue, jobs, lambda: "alice")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_source(str(manifest))
    job = dialog.start()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=60_000):
        pass
    shown = dialog.summary_label.text()
    assert "Nothing was imported." in shown
    assert cli_message.replace('"', "&quot;") in shown or cli_message in shown
    assert dialog.import_button.isEnabled(), "the curator can fix the file and try again"


def test_the_import_dialog_lists_refused_files_and_notes(
    qtbot, catalogue: Catalogue, jobs: Jobs, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    make_image(tmp_path / "in" / "img" / "a.jpg")
    os.mkfifo(tmp_path / "in" / "img" / "pipe.jpg")
    manifest = tmp_path / "in" / "m.csv"
    manifest.write_text("path,label,colour\nimg/a.jpg,hat,red\nimg/pipe.jpg,hat,blue\n"
                        "../outside.jpg,hat,green\n", encoding="utf-8")
    dialog = ImportDialog(catalogue, jobs, lambda: "alice")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_source(str(manifest))
    assert dialog.start() is not None
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as blocker:
        pass
    assert blocker.args[0].added == 1
    rows = _problem_rows(dialog)
    kinds = {(kind, Path(path.split(":")[0]).name): why for kind, path, why in rows}
    assert "named pipe" in kinds[("refused", "pipe.jpg")]
    assert "lies outside the manifest's folder" in kinds[("refused", "m.csv")]
    assert "columns ignored (not known): colour" in kinds[("note", "m.csv")]
    assert dialog.problems.isVisible()


def test_the_export_dialog_reports_missing_originals_and_bad_targets(
    qtbot, cli: Callable[..., tuple[int, str, str]], catalogue: Catalogue, jobs: Jobs,
    tmp_path: Path, category_folder: Path
) -> None:
    run_import(catalogue, category_folder, ImportOptions(actor="t", workers=1))
    victim = sorted(p for p in catalogue.store.root.rglob("*") if p.is_file())[0]
    victim.unlink()
    _, cli_out, _ = cli("--catalogue", tmp_path / "catalogue.sqlite", "export", "folders",
                        tmp_path / "cli-out")
    dialog = ExportDialog(catalogue, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.target_edit.setText(str(tmp_path / "cli-out"))
    job = dialog.start()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    shown = dialog.message.text()
    assert shown.splitlines()[0] == cli_out.splitlines()[0]
    assert "1 image(s) were not exported" in shown and "missing: image" in shown
    (tmp_path / "a-folder").mkdir()
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData("csv"))
    dialog.target_edit.setText(str(tmp_path / "a-folder"))
    job = dialog.start()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=60_000):
        pass
    assert "is a folder; give the name of the CSV file to write" in dialog.message.text()
    assert dialog.export_button.isEnabled()


def test_opening_another_programs_database_shows_the_refusal_and_leaves_it_alone(
    qtbot, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    window = MainWindow(catalogue, Settings(curator="alice"), detect_device=False)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.open_catalogue_url(str(other)) is False
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()]
        assert boxes, "the refusal is shown in a dialog"
        text = boxes[-1].text() + "\n" + boxes[-1].informativeText()
        assert "another program" in text and "contacts" in text and "Nothing was changed" in text
        for box in boxes:
            box.close()
        assert window.catalogue is catalogue
        assert hashlib.sha256(other.read_bytes()).hexdigest() == before
        assert not (tmp_path / "other.sqlite-wal").exists()
    finally:
        window.close()
