"""The command line a curator uses: messages, exit codes, JSON for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_stats_label_undo_history(
    tmp_path: Path, category_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cat = str(tmp_path / "c.sqlite")
    code, out, _ = run(capsys, "--catalogue", cat, "--create", "import", str(category_folder), "--workers", "1")
    assert code == 0 and "16 image(s) added" in out
    code, out, _ = run(capsys, "--catalogue", cat, "--create", "import", str(category_folder), "--workers", "1")
    assert code == 0 and "16 already in the catalogue" in out
    code, out, _ = run(capsys, "--catalogue", cat, "stats", "--json")
    stats = json.loads(out)
    assert stats["totals"]["images"] == 16 and stats["per_category"]["hat"] == {"none": 4}
    code, out, _ = run(capsys, "--catalogue", cat, "split", "--seed", "3")
    assert code == 0 and "frozen" in out
    code, out, _ = run(capsys, "--catalogue", cat, "label", "1", "2", "--to", "jacket", "--as", "al")
    assert code == 0 and "2 image(s) changed" in out
    code, out, _ = run(capsys, "--catalogue", cat, "undo", "--as", "al")
    assert code == 0 and "Undone" in out
    code, out, _ = run(capsys, "--catalogue", cat, "history", "1", "--json")
    events = json.loads(out)
    assert [e["source"] for e in events] == ["import", "curator", "undo"]


def test_errors_have_messages_and_exit_codes(
    tmp_path: Path, category_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cat = str(tmp_path / "c.sqlite")
    run(capsys, "--catalogue", cat, "--create", "import", str(category_folder), "--workers", "1")
    code, _, err = run(capsys, "--catalogue", cat, "label", "1", "--to", "jaket")
    assert code == 3 and "There is no category 'jaket'" in err and "jacket" in err
    code, _, err = run(capsys, "--catalogue", cat, "undo", "--as", "nobody")
    assert code == 2 and "Nothing to undo" in err
    code, _, err = run(capsys, "--catalogue", str(tmp_path / "none.sqlite"), "history")
    assert code == 5 and "no catalogue" in err
    code, _, err = run(capsys, "--catalogue", cat, "--create", "import", str(tmp_path / "missing"))
    assert code == 2 and "nothing at" in err


def test_import_with_bad_file_exits_1_and_writes_report(
    tmp_path: Path, category_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (category_folder / "hat" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")
    report = tmp_path / "report.csv"
    code, out, err = run(capsys, "--catalogue", str(tmp_path / "c.sqlite"), "--create", "import",
                         str(category_folder), "--workers", "1", "--report", str(report))
    assert code == 1
    assert "1 file(s) could not be imported" in out and "broken.jpg" in err
    assert "broken.jpg" in report.read_text(encoding="utf-8")


def test_export_commands(
    tmp_path: Path, category_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cat = str(tmp_path / "c.sqlite")
    run(capsys, "--catalogue", cat, "--create", "import", str(category_folder), "--workers", "1")
    code, out, _ = run(capsys, "--catalogue", cat, "export", "folders", str(tmp_path / "f"))
    assert code == 0 and len(list((tmp_path / "f").rglob("*.jpg"))) == 16
    code, out, _ = run(capsys, "--catalogue", cat, "export", "history", str(tmp_path / "h.csv"))
    assert code == 0 and "16 label event(s)" in out
